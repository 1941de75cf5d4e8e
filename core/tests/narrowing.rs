//! The list's kept result: whatever was typed before, each query's answer is exactly what the query
//! selects on its own (`select`), whether it lengthens the last word, adds a word, deletes letters or
//! starts over.

use trailview_core::dataset::{Dataset, Origin};
use trailview_core::gen::{generate_variant, Layout, Variant};
use trailview_core::query::narrowing::Selection;
use trailview_core::query::{select, Context};
use trailview_core::review::Marks;

fn dataset(inline: bool) -> Dataset {
    let mut ds = Dataset::new();
    let v = Variant { inline, ..Variant::default() };
    ds.add_file(
        "gen.ndjson",
        generate_variant(1200, 7, v).render(Layout::Ndjson).as_bytes(),
        Origin::Local,
    );
    ds
}

/// Types `queries` in turn, each answered from the last, and checks every answer.
fn typed(ds: &Dataset, queries: &[&str]) {
    let marks = Marks::default();
    let ctx = Context::new(&marks);
    let mut last: Option<Selection> = None;
    for q in queries {
        let sel = Selection::new(ds, q, &ctx, last.as_ref());
        assert_eq!(
            *sel.rows,
            select(ds, q, &ctx),
            "{q:?} after {:?}",
            last.as_ref().map(|l| &l.query)
        );
        last = Some(sel);
    }
}

/// Every prefix of `word`, in order: typing it letter by letter.
fn letters(word: &str) -> Vec<&str> {
    word.char_indices().map(|(i, c)| &word[..i + c.len_utf8()]).collect()
}

#[test]
fn typing_a_word_letter_by_letter_gives_what_each_prefix_selects() {
    for inline in [false, true] {
        let ds = dataset(inline);
        for word in [
            "root",
            "sudo",
            "passwd",
            "jump-08",
            "10.20.1.5",
            "accept",
            "zzqx",
            "web-admin",
            "rm -rf",
        ] {
            typed(&ds, &letters(word));
        }
        // Words whose later letters occur only after an earlier occurrence of the start: the hit
        // moves on within a text and from one text (the session's own) to the next (its channels).
        let key = ds.sessions()[300].key.to_lowercase();
        typed(&ds, &letters(&key));
    }
}

#[test]
fn adding_words_deleting_letters_and_starting_over_give_the_same_answers() {
    let ds = dataset(true);
    typed(
        &ds,
        &[
            "r", "ro", "roo", "root", "root ", "root s", "root ss", "root ssh", "root ss", "root",
            "roo", "r", "",
        ],
    );
    typed(
        &ds,
        &[
            "s",
            "su",
            "sudo",
            "\"sudo",
            "\"sudo rm\"",
            "sudo",
            "protocol:ssh",
            "protocol:ssh root",
            "root",
            "oot",
            "root",
        ],
    );
    typed(&ds, &["a", "ac", "acc", "accept", "accepted", "accept", "-accept", "-accept x", "x"]);
}

#[test]
fn the_bytes_kept_after_a_word_tell_a_longer_word_as_the_text_would() {
    // Texts where the longer word is right after the shorter one's first place, further on, only
    // past the seven bytes kept, nowhere because the text ends, and in a later value.
    let users = [
        "roo",
        "root",
        "rooroot",
        "roox-root",
        "roo1234567root",
        "rooster",
        "xroo",
        "roo7654321",
        "r",
        "rootroot",
        "roo\u{e9}t",
        "roorooroot",
    ];
    let mut text = String::new();
    for (k, u) in users.iter().enumerate() {
        text.push_str(&format!(
            r#"{{"key": "k{k}", "body": {{"user": {{"name": "{u}"}}, "protocol": "ssh"}}}}"#
        ));
        text.push('\n');
    }
    let mut ds = Dataset::new();
    ds.add_file("tails.ndjson", text.as_bytes(), Origin::Local);
    for word in
        ["roorooroot", "rooster", "roo1234567root", "root", "rootroot", "roo\u{e9}t", "r00t"]
    {
        typed(&ds, &letters(word));
    }
    // Two letters at once, and more than seven.
    typed(&ds, &["ro", "roo", "root", "ro", "rooroot", "r", "roo1234567root"]);
}
