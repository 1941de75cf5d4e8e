//! The session list's view model: the result of the applied query, every session in the chosen
//! order, and the result in that order, each worked out again only when what it depends on
//! changed. The page holds one and asks it at each render; the facets and the timeline take the
//! unordered result, so a new order neither filters again nor recounts them.

use super::narrowing::Selection;
use super::{in_order, sort, Context, Sort};
use crate::dataset::Dataset;
use std::rc::Rc;

/// What the list shows, kept between renders. `K` names what a query is matched with besides
/// the sessions (the marks, the audit questions' settings, the document answers read ahead): a
/// result made with another `K` is not refined, but made anew.
#[derive(Default)]
pub struct ListView<K> {
    /// The last result, the dataset and `K` it was made with, and what lets a longer query
    /// refine it.
    kept: Option<(Rc<Dataset>, K, Selection)>,
    /// Every session in the last order asked for.
    sorted: Option<(Rc<Dataset>, Sort, Rows)>,
    /// The last result in that order, and which result and order it was made of.
    rows: Option<(Rows, Rows, Rows)>,
}

/// Sessions (indices into [`Dataset::sessions`]), shared with the views that show them.
pub type Rows = Rc<Vec<usize>>;

impl<K: PartialEq> ListView<K> {
    /// An empty view model.
    pub fn new() -> Self {
        ListView { kept: None, sorted: None, rows: None }
    }

    /// The sessions `query` selects, in dataset order. A query that lengthens the last one over
    /// the same sessions and `key` (typing `roo` → `root`) searches the last result.
    pub fn result(
        &mut self,
        ds: &Rc<Dataset>,
        query: &str,
        ctx: &Context,
        key: K,
    ) -> Rc<Vec<usize>> {
        let last = self.kept.take();
        let kept = last.as_ref().filter(|(d, k, _)| Rc::ptr_eq(d, ds) && *k == key).map(|l| &l.2);
        let sel = Selection::new(ds, query, ctx, kept);
        let rows = sel.rows.clone();
        self.kept = Some((ds.clone(), key, sel));
        rows
    }

    /// Every session of `ds` in `order`: sorted once per dataset and order.
    pub fn sorted(&mut self, ds: &Rc<Dataset>, order: Sort) -> Rc<Vec<usize>> {
        if let Some((d, o, all)) = &self.sorted {
            if Rc::ptr_eq(d, ds) && *o == order {
                return all.clone();
            }
        }
        let mut all: Vec<usize> = (0..ds.sessions().len()).collect();
        sort(ds, &mut all, order);
        let all = Rc::new(all);
        self.sorted = Some((ds.clone(), order, all.clone()));
        all
    }

    /// `result` in the order of `sorted` (both as this view model gave them): read off the whole
    /// order rather than sorted again.
    pub fn rows(&mut self, result: &Rc<Vec<usize>>, sorted: &Rc<Vec<usize>>) -> Rc<Vec<usize>> {
        if let Some((r, s, rows)) = &self.rows {
            if Rc::ptr_eq(r, result) && Rc::ptr_eq(s, sorted) {
                return rows.clone();
            }
        }
        let rows = Rc::new(in_order(sorted, result));
        self.rows = Some((result.clone(), sorted.clone(), rows.clone()));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::Col;
    use crate::dataset::Origin;
    use crate::query::filter;
    use crate::review::Marks;

    fn dataset(n: usize, seed: u64) -> Rc<Dataset> {
        let mut ds = Dataset::new();
        let text = crate::gen::generate(n, seed).render(crate::gen::Layout::Ndjson);
        ds.add_file("g.ndjson", text.as_bytes(), Origin::Local);
        Rc::new(ds)
    }

    #[test]
    fn typing_a_query_a_letter_at_a_time_finds_what_a_fresh_search_finds() {
        let ds = dataset(300, 4);
        let marks = Marks::new();
        let ctx = Context::new(&marks);
        let mut view = ListView::new();
        for q in ["r", "ro", "roo", "root", "root s", "root ss", "root ssh", "root", "", "a OR b"] {
            let got = view.result(&ds, q, &ctx, 0u8);
            assert_eq!(*got, filter(&ds, q), "{q:?}");
        }
        // Another context (new marks, say) or another dataset is searched anew, and still right.
        assert_eq!(*view.result(&ds, "root", &ctx, 1u8), filter(&ds, "root"));
        let other = dataset(120, 9);
        assert_eq!(*view.result(&other, "root", &ctx, 1u8), filter(&other, "root"));
    }

    #[test]
    fn an_order_is_made_once_and_the_result_is_read_off_it() {
        let ds = dataset(300, 5);
        let marks = Marks::new();
        let ctx = Context::new(&marks);
        let mut view = ListView::new();
        let result = view.result(&ds, "protocol:SSH", &ctx, ());
        for key in crate::columns::LIST {
            for descending in [false, true] {
                let order = Sort { key, descending };
                let all = view.sorted(&ds, order);
                assert!(Rc::ptr_eq(&all, &view.sorted(&ds, order)), "sorted once per order");
                let rows = view.rows(&result, &all);
                assert!(Rc::ptr_eq(&rows, &view.rows(&result, &all)), "read off once");
                let mut want = (*result).clone();
                sort(&ds, &mut want, order);
                assert_eq!(*rows, want, "{order:?}");
            }
        }
        // A new dataset sorts anew.
        let other = dataset(50, 6);
        let order = Sort { key: Col::Start, descending: true };
        assert_eq!(view.sorted(&other, order).len(), other.sessions().len());
    }
}
