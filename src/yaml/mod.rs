//! Every YAML call in gloss goes through here. Files are parsed by serde-saphyr into a small
//! tree of nodes that remember where each key and value was written, so the loaders can report
//! *all* problems of a file with exact positions and "did you mean" hints, rather than
//! stopping at the first one as a derived `Deserialize` would. Most files take a quicker road
//! to the same tree: the [`block`] reader for the plain block YAML gloss's files nearly always
//! are, else the [`events`] reader for the rest of everyday YAML.

mod block;
mod events;

use crate::source::{Pos, SourceFile};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, UserMessageFormatter};
use std::fmt;

/// A YAML value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The shape of a YAML value. Scalars keep the type YAML's core schema gives them; the raw
/// spelling stays available through [`Node::pos`] for fields that want text (`title: 1.50`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

/// A file that is not valid YAML: the parser's message and where it stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// What to do about it, when the problem is one gloss recognises (a limit reached)
    /// rather than a plain syntax slip.
    pub help: Option<String>,
}

/// How deep YAML may nest. gloss's own files need four levels at most (`page.extra` takes
/// more, still far from this). serde-saphyr's default, 64, is not enough of a bound: its
/// deserializer recurses once per level with large frames (about 40 KiB a level in a debug
/// build), so 64 levels overflow a 2 MiB thread stack, where rayon's workers parse files.
const MAX_DEPTH: usize = 16;
/// How many values aliases may expand to in one file before it is taken for an alias bomb.
const MAX_REPLAYED: usize = 100_000;
/// How many values (scalars, lists, mappings) one file may hold: a bound on memory for
/// files nobody would write by hand, far above what a large registry needs.
const MAX_NODES: usize = 1_000_000;

impl Node {
    /// What a value is called in "expected a list, found a number" messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as text, if it is a scalar. Numbers and booleans come back as written in the
    /// file, so `title: 1.50` stays "1.50".
    pub fn as_text(&self, file: &SourceFile) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(
                file.text
                    .get(self.pos.offset..self.pos.offset + self.pos.len)
                    .unwrap_or_default()
                    .to_string(),
            ),
            _ => None,
        }
    }
}

/// The node as JSON, for values passed through to templates untouched (`page.extra`).
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::Str(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// Parses a YAML document (front matter, annotations, registry, site settings).
/// `base` is the byte offset of `text` in `file`, for YAML embedded after other text (front
/// matter), so positions point into the whole file. An empty
/// document is a null node.
pub fn parse(file: &SourceFile, text: &str, base: usize) -> Result<Node, SyntaxError> {
    match block::read(file, text, base).or_else(|| events::read(file, text, base)) {
        Some(node) => Ok(node),
        None => parse_general(file, text, base),
    }
}

/// [`parse`] through serde-saphyr, which reads any YAML and words every error.
fn parse_general(file: &SourceFile, text: &str, base: usize) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! {
        // Aliases are legal YAML, but an alias bomb must fail fast rather than eat memory.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED,
        },
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_events: 4 * MAX_NODES,
        },
    };
    let shift = |line: u64, column: u64, byte: Option<usize>| -> Pos {
        match byte {
            Some(offset) => {
                let mut pos = file.pos(base + offset, 0);
                pos.column = pos.column.max(1);
                pos
            }
            None => {
                let base_line = file.pos(base, 0).line;
                Pos {
                    line: base_line + line as usize - 1,
                    column: column as usize,
                    offset: base,
                    len: 0,
                }
            }
        }
    };
    match serde_saphyr::from_str_with_options::<serde_saphyr::Spanned<RawNode>>(text, options) {
        Ok(root) => Ok(convert(root, &shift)),
        Err(err) => {
            let inner = err.without_snippet();
            let message = UserMessageFormatter.format_message(inner).into_owned();
            let (line, column) = inner
                .location()
                .or_else(|| err.location())
                .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
            let pos = shift(line, column, None);
            let (message, help) = match limit_reached(inner, &message) {
                Some((message, help)) => (message, Some(help)),
                None => (tidy_message(&message), None),
            };
            Err(SyntaxError {
                message,
                line: pos.line,
                column: pos.column,
                help,
            })
        }
    }
}

/// Says in an author's words which of gloss's limits a file reached: the library's own
/// wording ("limits breached: Depth { depth: 65 }") is addressed to programmers.
fn limit_reached(error: &serde_saphyr::Error, message: &str) -> Option<(String, String)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let too_deep = || {
        Some((
            format!("the YAML nests more than {MAX_DEPTH} levels deep"),
            "gloss's files need a few levels at most: check the indentation and the `[`/`{` \
             brackets on this line"
                .to_string(),
        ))
    };
    let bomb = || {
        Some((
            format!(
                "aliases (`*name`) in this file expand to more than {} values",
                thousands(MAX_REPLAYED)
            ),
            "this looks like an alias bomb (\"billion laughs\"); write the values out, or \
             use fewer aliases"
                .to_string(),
        ))
    };
    let mut error = error;
    // The cause sits inside wrappers that add a snippet or the alias's two places.
    while let E::WithSnippet { error: inner, .. } | E::AliasError { error: inner, .. } = error {
        error = inner;
    }
    match error {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => too_deep(),
            B::Aliases { .. } | B::Anchors { .. } => bomb(),
            _ => Some((
                "the file is too large or too complex for gloss to read".to_string(),
                format!(
                    "split it up: gloss reads at most {} values from one YAML file",
                    thousands(MAX_NODES)
                ),
            )),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => bomb(),
        _ if message.contains("recursion limit") || message.contains("nesting limit") => too_deep(),
        _ => None,
    }
}

/// `1000000` as `1,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Drops advice addressed to programmers using the YAML library, which a person editing a
/// file cannot act on.
fn tidy_message(message: &str) -> String {
    let message = message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message);
    message.trim().to_string()
}

/// The tree as serde-saphyr hands it over, before positions are turned into ours.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<serde_saphyr::Spanned<RawNode>>),
    Map(
        Vec<(
            serde_saphyr::Spanned<String>,
            serde_saphyr::Spanned<RawNode>,
        )>,
    ),
}

fn location_pos(
    loc: &serde_saphyr::Location,
    shift: &dyn Fn(u64, u64, Option<usize>) -> Pos,
) -> Pos {
    let span = loc.span();
    let byte = span.byte_offset().map(|b| b as usize);
    let mut pos = shift(loc.line(), loc.column(), byte);
    pos.len = span.byte_len().unwrap_or(0) as usize;
    pos
}

fn convert(
    raw: serde_saphyr::Spanned<RawNode>,
    shift: &dyn Fn(u64, u64, Option<usize>) -> Pos,
) -> Node {
    let pos = location_pos(&raw.referenced, shift);
    let value = match raw.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(b) => Value::Bool(b),
        RawNode::Int(i) => Value::Int(i),
        RawNode::Float(f) => Value::Float(f),
        RawNode::Str(s) => Value::Str(s),
        RawNode::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, shift)).collect()),
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        pos: location_pos(&k.referenced, shift),
                        name: k.value,
                    };
                    (key, convert(v, shift))
                })
                .collect(),
        ),
    };
    Node { value, pos }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(text: &str) -> SourceFile {
        SourceFile::new(Path::new("/p"), Path::new("/p/a.yaml"), text.into())
    }

    fn parse_all(text: &str) -> Result<Node, SyntaxError> {
        let file = source(text);
        parse(&file, &file.text, 0)
    }

    #[test]
    fn keys_and_values_know_their_positions() {
        let node = parse_all("a: 1\nlist:\n  - quote: Hamid Karzai’s\n").unwrap();
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.name, "list");
        assert_eq!((entries[1].0.pos.line, entries[1].0.pos.column), (2, 1));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a list")
        };
        let Value::Map(item) = &items[0].value else {
            panic!("not a map")
        };
        let quote = &item[0].1;
        assert_eq!(quote.value, Value::Str("Hamid Karzai’s".into()));
        assert_eq!((quote.pos.line, quote.pos.column), (3, 12));
    }

    #[test]
    fn numbers_keep_their_spelling_as_text() {
        let file = source("title: 1.50\n");
        let node = parse(&file, &file.text, 0).unwrap();
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.as_text(&file).as_deref(), Some("1.50"));
    }

    #[test]
    fn embedded_yaml_reports_lines_of_the_whole_file() {
        let file = source("---\ntitle: x\nbad: [1\n---\nbody\n");
        let err = parse(&file, &file.text[4..20], 4).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }

    #[test]
    fn duplicate_keys_and_tabs_are_errors_with_positions() {
        let err = parse_all("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("duplicate"), "{}", err.message);
        assert!(!err.message.contains("DuplicateKeyPolicy"));
        let err = parse_all("a:\n\t- 1\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("tab"), "{}", err.message);
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            text.push_str(&format!("{0}: &{0} [{refs}]\n", pair[1]));
        }
        let err = parse_all(&text).unwrap_err();
        assert!(err.line >= 1);
        assert!(
            err.message.contains("expand to more than 100,000 values"),
            "{err:?}"
        );
        assert!(err.help.unwrap().contains("alias bomb"));
    }

    #[test]
    fn deep_nesting_is_an_error_even_on_a_small_stack() {
        let flow = |depth: usize| format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let block = |depth: usize| {
            (0..depth)
                .map(|i| format!("{}k:\n", "  ".repeat(i)))
                .collect::<String>()
        };
        let texts = [flow(10_000), flow(100), block(200), flow(MAX_DEPTH - 2)];
        // 1 MiB: half what rayon's workers get, in a debug build.
        let results = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || texts.map(|text| parse_all(&text)))
            .unwrap()
            .join()
            .expect("no stack overflow");
        for err in results[..3].iter().map(|r| r.as_ref().unwrap_err()) {
            assert_eq!(err.message, "the YAML nests more than 16 levels deep");
            assert!(err.help.as_ref().unwrap().contains("indentation"));
        }
        assert!(results[3].is_ok());
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let node = parse_all("\u{feff}a: 1\r\nb: x\r\n").unwrap();
        assert!(matches!(node.value, Value::Map(ref e) if e.len() == 2));
    }

    #[test]
    fn empty_documents_are_null() {
        assert_eq!(parse_all("").unwrap().value, Value::Null);
        assert_eq!(parse_all("# only a comment\n").unwrap().value, Value::Null);
    }
}
