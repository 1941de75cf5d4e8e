//! The original JSON as a collapsible tree, with copy-value and copy-path on every node. Children
//! render only when their node is open, and long arrays page in steps, so huge documents stay quick.

use crate::state::Data;
use std::rc::Rc;
use trailview_core::path::{push_accessor, Seg};
use trailview_core::Value;
use yew::prelude::*;

/// Where the tree's root value lives: a loaded document (parsed from its text once, by the root
/// node, and shared by every node below), or a value of its own.
#[derive(Clone)]
pub enum TreeSource {
    Doc(Data, usize),
    Value(Rc<Value>),
}

impl PartialEq for TreeSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (TreeSource::Doc(a, i), TreeSource::Doc(b, j)) => a == b && i == j,
            (TreeSource::Value(a), TreeSource::Value(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl TreeSource {
    fn resolve(&self) -> Option<Rc<Value>> {
        match self {
            TreeSource::Doc(d, i) => d.docs.get(*i).map(|doc| Rc::new(doc.value())),
            TreeSource::Value(v) => Some(v.clone()),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct JsonTreeProps {
    pub source: TreeSource,
    /// JSON pointer of this node inside the source.
    pub pointer: AttrValue,
    /// The member name or index shown before the value.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// JavaScript-style path of this node, for copy-path.
    #[prop_or_default]
    pub access: AttrValue,
    /// Nodes shallower than this start open.
    #[prop_or(2)]
    pub open_depth: usize,
    #[prop_or(0)]
    pub depth: usize,
}

/// Children shown at first, and per "show more".
const PAGE: usize = 200;

#[function_component(JsonTree)]
pub fn json_tree(props: &JsonTreeProps) -> Html {
    let open = use_state(|| props.depth < props.open_depth);
    let shown = use_state(|| PAGE);
    let copied = use_state(|| None::<&'static str>);
    let root = use_memo(props.source.clone(), TreeSource::resolve);
    let Some(root) = (*root).clone() else {
        return html! { <div class="jt-missing">{ "(value not found)" }</div> };
    };
    let Some(value) = root.pointer(&props.pointer) else {
        return html! { <div class="jt-missing">{ "(value not found)" }</div> };
    };
    let source = TreeSource::Value(root.clone());
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
    let access = if props.access.is_empty() { "(root)".to_string() } else { props.access.to_string() };
    let tools = html! {
        <span class="jt-tools">
            <button type="button" class="mini" title="Copy this value" onclick={copy("value", value_text)}>{ "copy value" }</button>
            <button type="button" class="mini" title={format!("Copy the path {access}")} onclick={copy("path", access.clone())}>{ "copy path" }</button>
            if let Some(what) = *copied { <span class="copied" role="status">{ format!("{what} copied") }</span> }
        </span>
    };
    let name = props.name.as_ref().map(|n| html! { <span class="jt-key">{ n.to_string() }</span> });
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
        // Strings are shown as JSON (quoted, escaped) so what is displayed is exactly what is stored.
        return html! {
            <div class="jt-node jt-leaf">
                { for name }<span class={class}>{ value.to_string() }</span>{ tools }
            </div>
        };
    };
    let (open_b, close_b, summary) = match value {
        Value::Object(m) => ("{", "}", format!("{} member{}", m.len(), if m.len() == 1 { "" } else { "s" })),
        _ => ("[", "]", format!("{} item{}", children.len(), if children.len() == 1 { "" } else { "s" })),
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let total = children.len();
    html! {
        <div class="jt-node">
            <button type="button" class="jt-toggle" aria-expanded={(*open).to_string()} onclick={ontoggle}>
                <span class="jt-caret" aria-hidden="true">{ if *open { "▾" } else { "▸" } }</span>
                { for name }
                <span class="jt-summary">{ format!("{open_b} {summary} {close_b}") }</span>
            </button>
            { tools }
            if *open {
                <div class="jt-children">
                    { for children.into_iter().take(*shown).map(|(label, seg)| {
                        let mut acc = props.access.to_string();
                        push_accessor(&mut acc, &seg);
                        let esc = match &seg { Seg::Key(k) => k.replace('~', "~0").replace('/', "~1"), Seg::Index(i) => i.to_string() };
                        let pointer = format!("{}/{esc}", props.pointer);
                        html! {
                            <JsonTree key={label.clone()} source={source.clone()} pointer={pointer} name={Some(AttrValue::from(label.clone()))}
                                access={acc} open_depth={props.open_depth} depth={props.depth + 1} />
                        }
                    }) }
                    if total > *shown {
                        <button type="button" class="mini" onclick={{ let shown = shown.clone(); Callback::from(move |_| shown.set(*shown + PAGE)) }}>
                            { format!("Show {} more of {} remaining", PAGE.min(total - *shown), total - *shown) }
                        </button>
                    }
                </div>
            }
        </div>
    }
}

fn copy_text(text: &str) {
    let nav = gloo::utils::window().navigator();
    // The promise's outcome is not awaited: a refused copy (no permission) changes nothing else.
    let _ = nav.clipboard().write_text(text);
}
