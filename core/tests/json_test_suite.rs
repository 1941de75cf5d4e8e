//! Another project's corpus: nst/JSONTestSuite's `test_parsing` files, when `JSON_TEST_SUITE` names that
//! folder (`git clone https://github.com/nst/JSONTestSuite` and point at its `test_parsing`; the files
//! are not copied here). Every file a parser must refuse (`n_`) is refused with a message naming the file,
//! and a line and column wherever there is text to point into; every file it must accept (`y_`) loads without an
//! error (and is said not to be an SPS document); the files either way (`i_`) load or are refused; none
//! panics, and the file loaded before each one stays.

use std::path::PathBuf;
use trailview_core::dataset::{Dataset, Origin};

#[test]
fn json_test_suite_parsing_corpus() {
    let Some(dir) = std::env::var_os("JSON_TEST_SUITE").map(PathBuf::from) else {
        eprintln!("JSON_TEST_SUITE is not set: skipped");
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("JSON_TEST_SUITE is a folder")
        .map(|e| e.expect("listed").path())
        .collect();
    paths.sort();
    let good = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/session-6x.json"),
    )
    .expect("fixture");
    let (mut refused, mut accepted) = (0, 0);
    for p in &paths {
        let name = p.file_name().and_then(|n| n.to_str()).expect("a name").to_string();
        let bytes = std::fs::read(p).expect("readable");
        let mut ds = Dataset::new();
        ds.add_file("good.json", &good, Origin::Local);
        let report = ds.add_file(&name, &bytes, Origin::Local);
        assert_eq!(ds.sessions().len(), 1, "{name}: the file before it is still loaded");
        for e in &report.errors {
            assert_eq!(e.file, name);
            assert!(!e.message().is_empty());
        }
        if name.starts_with("n_") {
            assert!(!report.errors.is_empty(), "{name} must be refused");
            // Bytes that are not text (a NUL) and a file with nothing in it have no place to point at.
            let unplaced = bytes.contains(&0)
                || bytes.iter().all(|b| b.is_ascii_whitespace() || [0xEF, 0xBB, 0xBF].contains(b));
            assert!(
                unplaced || report.errors.iter().all(|e| e.position.is_some()),
                "{name}: {:?}",
                report.errors
            );
            refused += 1;
        } else if name.starts_with("y_") {
            assert!(report.errors.is_empty(), "{name} must load: {:?}", report.errors);
            accepted += 1;
        }
    }
    assert!(
        refused > 150 && accepted > 80,
        "the corpus is there ({refused} refused, {accepted} accepted)"
    );
}
