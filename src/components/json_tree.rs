//! The original JSON as a tree: open as far as its size allows (every node of a document up to
//! 256 KB, so the browser's own find reaches every value), Expand all / Collapse all, a find box that
//! highlights matching keys and values and opens their paths, and copy-value and copy-path on every
//! node. Long arrays page in steps, so huge documents stay quick.

use crate::data::Data;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use trailview_core::dataset::DocRef;
use trailview_core::find::{self, Hit};
use trailview_core::path::{push_accessor, Seg};
use trailview_core::Value;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Where the tree's root value lives: a loaded document, one item of it (a session of a list), or a
/// value of its own. It is parsed once, by the viewer, and shared by every node.
#[derive(Clone)]
pub enum TreeSource {
    Doc(Data, usize),
    At(Data, DocRef),
    Value(Rc<Value>),
}

impl PartialEq for TreeSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (TreeSource::Doc(a, i), TreeSource::Doc(b, j)) => a == b && i == j,
            (TreeSource::At(a, i), TreeSource::At(b, j)) => a == b && i == j,
            (TreeSource::Value(a), TreeSource::Value(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl TreeSource {
    fn resolve(&self) -> Option<Rc<Value>> {
        match self {
            TreeSource::Doc(d, i) => (*i < d.docs().len()).then(|| Rc::new(d.doc_value(*i))),
            TreeSource::At(d, r) => d.doc_at(r).map(Rc::new),
            TreeSource::Value(v) => Some(v.clone()),
        }
    }

    /// The size of the text behind the tree, which decides how much of it opens at first.
    fn bytes(&self, root: &Value) -> usize {
        match self {
            TreeSource::Doc(d, i) => d.docs().get(*i).map_or(0, |doc| doc.range.len()),
            _ => trailview_core::json::Json::compact(root).len(),
        }
    }
}

/// Documents up to this size open fully; larger ones open their first levels.
const OPEN_ALL_UP_TO: usize = 256 * 1024;
/// Levels open at first in a larger document.
const FIRST_LEVELS: usize = 3;
/// Children shown at first, and per "show more".
const PAGE: usize = 200;

/// Which nodes are open: those shallower than `depth`, with the exceptions the user made.
#[derive(Clone, PartialEq)]
struct Expansion {
    depth: usize,
    flipped: HashSet<String>,
}

impl Expansion {
    fn is_open(&self, pointer: &str) -> bool {
        (find::depth(pointer) < self.depth) != self.flipped.contains(pointer)
    }

    fn set(&mut self, pointer: &str, open: bool) {
        if self.is_open(pointer) != open && !self.flipped.remove(pointer) {
            self.flipped.insert(pointer.to_string());
        }
    }
}

/// What every node reads from its viewer.
#[derive(Clone, PartialEq)]
struct TreeView {
    root: Rc<Value>,
    expansion: Rc<Expansion>,
    /// Matches of the find box, by pointer, and the one Enter moved to.
    hits: Rc<HashMap<String, Hit>>,
    current: Option<String>,
    ontoggle: Callback<String>,
}

#[derive(Properties, PartialEq)]
pub struct JsonViewerProps {
    pub source: TreeSource,
    /// A value shown inside another view: open one level, without the toolbar.
    #[prop_or_default]
    pub compact: bool,
}

#[function_component(JsonViewer)]
pub fn json_viewer(props: &JsonViewerProps) -> Html {
    let root = use_memo(props.source.clone(), TreeSource::resolve);
    let bytes = use_memo(((*root).clone(), props.source.clone()), |(root, source)| {
        root.as_ref().map_or(0, |r| source.bytes(r))
    });
    let initial = if props.compact {
        1
    } else if *bytes <= OPEN_ALL_UP_TO {
        usize::MAX
    } else {
        FIRST_LEVELS
    };
    let expansion = use_state(|| Rc::new(Expansion { depth: initial, flipped: HashSet::new() }));
    let needle = use_state(String::new);
    let hits = use_memo(((*root).clone(), (*needle).clone()), |(root, needle)| {
        root.as_ref().map_or_else(Vec::new, |r| find::find(r, needle))
    });
    let current = use_state(|| 0usize);
    let Some(root) = (*root).clone() else {
        return html! { <div class="jt-missing">{ "(value not found)" }</div> };
    };
    let ontoggle = {
        let expansion = expansion.clone();
        Callback::from(move |pointer: String| {
            let mut next = (**expansion).clone();
            let open = next.is_open(&pointer);
            next.set(&pointer, !open);
            expansion.set(Rc::new(next));
        })
    };
    // Opens the paths to the matches, as the user would by hand; the other nodes stay as they were.
    let reveal = {
        let expansion = expansion.clone();
        move |hits: &[Hit]| {
            let mut next = (**expansion).clone();
            for h in hits {
                for a in find::ancestors(&h.pointer) {
                    next.set(a, true);
                }
            }
            expansion.set(Rc::new(next));
        }
    };
    let onfind = {
        let (needle, current, root, reveal) =
            (needle.clone(), current.clone(), root.clone(), reveal.clone());
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let text = el.value();
            reveal(&find::find(&root, &text));
            needle.set(text);
            current.set(0);
        })
    };
    let step = {
        let (current, n) = (current.clone(), hits.len());
        move |by: isize| {
            if n > 0 {
                current.set((*current as isize + by).rem_euclid(n as isize) as usize);
            }
        }
    };
    let onkeydown = {
        let step = step.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                step(if e.shift_key() { -1 } else { 1 });
            }
        })
    };
    let all = |depth: usize| {
        let expansion = expansion.clone();
        Callback::from(move |_| {
            expansion.set(Rc::new(Expansion { depth, flipped: HashSet::new() }))
        })
    };
    let index: HashMap<String, Hit> = hits.iter().map(|h| (h.pointer.clone(), h.clone())).collect();
    let view = TreeView {
        root: root.clone(),
        expansion: (*expansion).clone(),
        hits: Rc::new(index),
        current: hits.get(*current).map(|h| h.pointer.clone()),
        ontoggle,
    };
    let toolbar = (!props.compact).then(|| {
        let count = match (needle.is_empty(), hits.len()) {
            (true, _) => String::new(),
            (false, 0) => "no match".to_string(),
            (false, n) => format!("{} of {n}", *current + 1),
        };
        html! {
            <div class="jt-bar" role="toolbar" aria-label="Raw JSON">
                <button type="button" class="mini" onclick={all(usize::MAX)}>{ "Expand all" }</button>
                <button type="button" class="mini" onclick={all(1)}>{ "Collapse all" }</button>
                <input type="search" class="jt-find" aria-label="Find in this document" placeholder="Find in this document (Enter: next, Shift+Enter: previous)"
                    value={(*needle).clone()} oninput={onfind} {onkeydown} autocomplete="off" spellcheck="false" />
                <button type="button" class="mini" aria-label="Previous match" disabled={hits.is_empty()} onclick={{ let step = step.clone(); Callback::from(move |_| step(-1)) }}>{ "↑" }</button>
                <button type="button" class="mini" aria-label="Next match" disabled={hits.is_empty()} onclick={Callback::from(move |_| step(1))}>{ "↓" }</button>
                <span class="jt-count" role="status">{ count }</span>
                if expansion.depth == FIRST_LEVELS && expansion.flipped.is_empty() {
                    <span class="muted">{ format!("This document is {} KB, so only its first {FIRST_LEVELS} levels are open; Expand all opens everything.", *bytes / 1024) }</span>
                }
            </div>
        }
    });
    html! {
        <ContextProvider<TreeView> context={view}>
            { for toolbar }
            <JsonTree pointer="" />
        </ContextProvider<TreeView>>
    }
}

#[derive(Properties, PartialEq)]
pub struct JsonTreeProps {
    /// JSON pointer of this node inside the viewer's root.
    pub pointer: AttrValue,
    /// The member name or index shown before the value.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// JavaScript-style path of this node, for copy-path.
    #[prop_or_default]
    pub access: AttrValue,
}

#[function_component(JsonTree)]
fn json_tree(props: &JsonTreeProps) -> Html {
    let view = use_context::<TreeView>().expect("a JsonTree is rendered by a JsonViewer");
    let shown = use_state(|| PAGE);
    let copied = use_state(|| None::<&'static str>);
    let node = use_node_ref();
    let is_current = view.current.as_deref() == Some(props.pointer.as_str());
    {
        let node = node.clone();
        use_effect_with(is_current, move |current| {
            if let (true, Some(el)) = (*current, node.cast::<web_sys::Element>()) {
                el.scroll_into_view();
            }
        });
    }
    let Some(value) = view.root.pointer(&props.pointer) else {
        return html! { <div class="jt-missing">{ "(value not found)" }</div> };
    };
    let hit = view.hits.get(props.pointer.as_str());
    let mark = classes!(hit.is_some().then_some("jt-match"), is_current.then_some("jt-current"));
    let copy = |what: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_| {
            copy_text(&text);
            copied.set(Some(what));
        })
    };
    let value_text = match value {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    let access =
        if props.access.is_empty() { "(root)".to_string() } else { props.access.to_string() };
    let tools = html! {
        <span class="jt-tools">
            <button type="button" class="mini" title="Copy this value" onclick={copy("value", value_text)}>{ "copy value" }</button>
            <button type="button" class="mini" title={format!("Copy the path {access}")} onclick={copy("path", access.clone())}>{ "copy path" }</button>
            if let Some(what) = *copied { <span class="copied" role="status">{ format!("{what} copied") }</span> }
        </span>
    };
    let key_class = classes!("jt-key", hit.is_some_and(|h| h.in_key).then_some("jt-hit"));
    let name = props
        .name
        .as_ref()
        .map(|n| html! { <span class={key_class.clone()}>{ n.to_string() }</span> });
    let children: Option<Vec<(String, Seg)>> = match value {
        Value::Object(m) => Some(m.keys().map(|k| (k.clone(), Seg::Key(k.clone()))).collect()),
        Value::Array(a) => Some((0..a.len()).map(|i| (i.to_string(), Seg::Index(i))).collect()),
        _ => None,
    };
    let Some(children) = children else {
        let class = match value {
            Value::String(_) => "jt-string",
            Value::Number(_) => "jt-number",
            Value::Bool(_) => "jt-bool",
            _ => "jt-null",
        };
        let class = classes!(class, hit.is_some_and(|h| h.in_value).then_some("jt-hit"));
        // Strings are shown as JSON (quoted, escaped) so what is displayed is exactly what is stored.
        return html! {
            <div class={classes!("jt-node", "jt-leaf", mark)} ref={node}>
                { for name }<span class={class}>{ value.to_string() }</span>{ tools }
            </div>
        };
    };
    let open = view.expansion.is_open(&props.pointer);
    let (open_b, close_b, summary) = match value {
        Value::Object(m) => {
            ("{", "}", format!("{} member{}", m.len(), if m.len() == 1 { "" } else { "s" }))
        }
        _ => (
            "[",
            "]",
            format!("{} item{}", children.len(), if children.len() == 1 { "" } else { "s" }),
        ),
    };
    let ontoggle = {
        let (toggle, pointer) = (view.ontoggle.clone(), props.pointer.to_string());
        Callback::from(move |_| toggle.emit(pointer.clone()))
    };
    let total = children.len();
    // A match further down a long array shows, however far it is.
    let needed = if total > *shown {
        last_child_with_hit(&view.hits, &props.pointer).map_or(0, |i| i + 1)
    } else {
        0
    };
    let shown_now = (*shown).max(needed);
    html! {
        <div class={classes!("jt-node", mark)} ref={node}>
            <button type="button" class="jt-toggle" aria-expanded={open.to_string()} onclick={ontoggle}>
                <span class="jt-caret" aria-hidden="true">{ if open { "▾" } else { "▸" } }</span>
                { for name }
                <span class="jt-summary">{ format!("{open_b} {summary} {close_b}") }</span>
            </button>
            { tools }
            if open {
                <div class="jt-children">
                    { for children.into_iter().take(shown_now).map(|(label, seg)| {
                        let mut acc = props.access.to_string();
                        push_accessor(&mut acc, &seg);
                        let mut pointer = props.pointer.to_string();
                        find::push_token(&mut pointer, &label);
                        let name = AttrValue::from(label.clone());
                        html! { <JsonTree key={label} {pointer} name={Some(name)} access={acc} /> }
                    }) }
                    if total > shown_now {
                        <button type="button" class="mini" onclick={{ let shown = shown.clone(); Callback::from(move |_| shown.set(shown_now + PAGE)) }}>
                            { format!("Show {} more of {} remaining", PAGE.min(total - shown_now), total - shown_now) }
                        </button>
                    }
                </div>
            }
        </div>
    }
}

/// The index of the last child of the array at `pointer` that holds a match.
fn last_child_with_hit(hits: &HashMap<String, Hit>, pointer: &str) -> Option<usize> {
    let prefix = format!("{pointer}/");
    hits.keys()
        .filter_map(|p| p.strip_prefix(&prefix)?.split('/').next()?.parse::<usize>().ok())
        .max()
}

fn copy_text(text: &str) {
    let nav = gloo::utils::window().navigator();
    // The promise's outcome is not awaited: a refused copy (no permission) changes nothing else.
    let _ = nav.clipboard().write_text(text);
}
