//! The loaded dataset as components hold it: behind an `Rc`, compared by identity.

use std::rc::Rc;
use trailview_core::dataset::Dataset;

/// The dataset behind an `Rc`, compared by identity: every change makes a new one, and comparing
/// by value would walk every document on every render.
#[derive(Clone, Default)]
pub struct Data(pub Rc<Dataset>);

impl PartialEq for Data {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Data {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.0
    }
}
