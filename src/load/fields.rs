//! Reads typed fields out of a YAML mapping, reporting every problem — wrong type, missing
//! field, unknown field with a "did you mean" — as a diagnostic at the exact key or value.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{Pos, SourceFile, Spanned};
use crate::yaml::{Key, Node, Value};
use std::fmt::Display;

/// The fields of one YAML mapping, consumed one by one; whatever is left at the end is
/// unknown.
pub struct Fields<'a> {
    pub file: &'a SourceFile,
    /// Where the mapping starts, for "missing field" errors.
    pub pos: Pos,
    entries: &'a [(Key, Node)],
    taken: Vec<bool>,
}

impl<'a> Fields<'a> {
    /// Opens a mapping; `what` names it in the error when the node is something else
    /// ("an annotation", "the site settings"). It is written out only for a message.
    pub fn new(
        file: &'a SourceFile,
        node: &'a Node,
        what: impl Display,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                file,
                pos: node.pos,
                entries,
                taken: vec![false; entries.len()],
            }),
            _ => {
                diagnostics.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!(
                            "{what} must be a mapping of `key: value` lines, found {}",
                            node.type_name()
                        ),
                    )
                    .at(file, node.pos)
                    .help("write it as `key: value` lines, one per field, indented alike"),
                );
                None
            }
        }
    }

    /// The value of `name`, marking it as known.
    pub fn take(&mut self, name: &str) -> Option<&'a Node> {
        let index = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.taken[index] = true;
        Some(&self.entries[index].1)
    }

    /// A text field. Numbers and booleans are accepted as the text they were written as.
    pub fn text(
        &mut self,
        name: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<String>> {
        let node = self.take(name)?;
        if matches!(node.value, Value::Null) {
            return None;
        }
        match node.as_text(self.file) {
            Some(text) => Some(Spanned::new(text, node.pos)),
            None => {
                diagnostics.push(self.wrong_type(name, node, "text"));
                None
            }
        }
    }

    /// A required text field; its absence is an error at the start of the mapping.
    pub fn required_text(
        &mut self,
        name: &str,
        what: impl Display,
        example: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Spanned<String>> {
        let present = self.entries.iter().any(|(k, _)| k.name == name);
        let value = self.text(name, diagnostics);
        if value.is_none() && !self.is_wrong_type(name) {
            let message = if present {
                format!("{what} has an empty `{name}`")
            } else {
                format!("{what} has no `{name}`")
            };
            let mut help = format!("add `{name}: {example}`");
            if let Some(similar) = self.misspelling_of(name) {
                help = format!("`{similar}` looks like a misspelling of `{name}`; or {help}");
            }
            diagnostics.push(
                Diagnostic::error("missing-field", message)
                    .at(self.file, self.pos)
                    .help(help),
            );
        }
        value
    }

    /// A list of texts; a single text counts as a list of one (`entity: csto` or
    /// `entity: [csto, nato]`).
    pub fn texts(&mut self, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
        let Some(node) = self.take(name) else {
            return Vec::new();
        };
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|item| match item.as_text(self.file) {
                Some(text) => Some(Spanned::new(text, item.pos)),
                None => {
                    diagnostics.push(self.wrong_type(name, item, "text or a list of texts"));
                    None
                }
            })
            .collect()
    }

    /// Reports every field not taken, suggesting the known name it most resembles.
    pub fn deny_unknown(
        self,
        known: &[&str],
        what: impl Display,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (key, _) in self.unknown() {
            let mut d = Diagnostic::error(
                "unknown-field",
                format!("unknown field `{}` in {what}", key.name),
            )
            .at(self.file, key.pos);
            d = match did_you_mean(&key.name, known.iter().copied()) {
                Some(name) => d.help(format!("did you mean `{name}`?")),
                None => d.help(format!("known fields: {}", known.join(", "))),
            };
            diagnostics.push(d);
        }
    }

    /// The fields nobody took, in file order.
    pub fn unknown(&self) -> impl Iterator<Item = (&'a Key, &'a Node)> + '_ {
        self.entries
            .iter()
            .zip(&self.taken)
            .filter(|(_, taken)| !**taken)
            .map(|((key, node), _)| (key, node))
    }

    pub fn wrong_type(&self, name: &str, node: &Node, expected: &str) -> Diagnostic {
        Diagnostic::error(
            "wrong-type",
            format!("`{name}` must be {expected}, found {}", node.type_name()),
        )
        .at(self.file, node.pos)
        .help(wrong_type_help(name, node, expected))
    }

    fn is_wrong_type(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, v)| {
            k.name == name && v.as_text(self.file).is_none() && v.value != Value::Null
        })
    }

    fn misspelling_of(&self, name: &str) -> Option<&'a str> {
        self.unknown()
            .map(|(k, _)| k.name.as_str())
            .find(|k| did_you_mean(k, [name]).is_some())
    }
}

/// What to do about a value of the wrong shape. YAML gives `[…]`, `{…}` and indented lines a
/// structure, which is the usual surprise; callers with a more precise hint replace this one.
fn wrong_type_help(name: &str, node: &Node, expected: &str) -> String {
    match node.value {
        Value::Map(_) if expected.contains("list") => {
            format!("write `{name}: [first, second]`, or one text")
        }
        Value::Seq(_) => format!(
            "`[ ]` and `- ` lines make a list in YAML; if `{name}` is meant as text, put it in quotes"
        ),
        Value::Map(_) => format!(
            "`{{ }}` and `key: value` lines make a mapping in YAML; if `{name}` is meant as text, \
             put it in quotes"
        ),
        Value::Null => format!("give `{name}` a value, or remove the line"),
        _ => format!("write `{name}:` followed by {expected}"),
    }
}

/// Reads a `kind:` field: one word (letters, digits, `-`, `_`), lowercased, since it becomes
/// a class name and part of an element id. Something else is an error at the value.
pub fn kind(fields: &mut Fields, diagnostics: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
    let kind = fields.text("kind", diagnostics)?;
    let word = kind.value.trim().to_lowercase();
    let is_word = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if is_word {
        return Some(Spanned::new(word, kind.pos));
    }
    let suggestion = crate::slug::slugify(&word);
    let help = if suggestion.is_empty() {
        "a kind is one word of letters, digits and `-`, such as `organization`".to_string()
    } else {
        format!("a kind is one word of letters, digits and `-`: try `kind: {suggestion}`")
    };
    diagnostics.push(
        Diagnostic::error("bad-kind", format!("`{}` is not one word", kind.value))
            .at(fields.file, kind.pos)
            .help(help),
    );
    None
}

/// Checks an id against `[a-z0-9-]+`, the form used in URLs and anchors.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The help line for an id that is not of the form `[a-z0-9-]+`.
pub fn id_help(id: &str) -> String {
    let suggestion = crate::slug::slugify(id);
    if suggestion.is_empty() {
        "ids use lowercase letters, digits and `-` only".into()
    } else {
        format!("ids use lowercase letters, digits and `-` only: try `{suggestion}`")
    }
}
