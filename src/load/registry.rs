//! `content/entities.yaml`: the registry of people, organizations, places, terms and sources
//! that annotations point at.

use super::fields::{self, Fields};
use crate::diagnostic::Diagnostic;
use crate::source::{Pos, SourceFile, Spanned};
use crate::yaml::{self, Value};
use foldhash::fast::FixedState;
use std::collections::{BTreeMap, HashMap};

/// One registry entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    /// `person`, `organization`, `place`, `term`, `source`, or any word.
    pub kind: String,
    pub aliases: Vec<String>,
    /// Markdown.
    pub description: Option<Spanned<String>>,
    /// Label → address, in file order (`wikipedia: https://…`).
    pub links: Vec<(String, String)>,
    /// Where the id is written, for "unused entity" warnings.
    pub pos: Pos,
}

impl Entity {
    /// Whether `other` reads the same on every page: all but where it is written, which an
    /// edit to an entry above it moves (a longer description shifts every later offset).
    pub fn same_content(&self, other: &Entity) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.kind == other.kind
            && self.aliases == other.aliases
            && self.description.as_ref().map(|d| &d.value)
                == other.description.as_ref().map(|d| &d.value)
            && self.links == other.links
    }
}

/// The registry's entities: listed in id order, looked up by hash. A build looks ids up
/// hundreds of thousands of times (every mention, note and card), where a `BTreeMap` compared
/// strings at every level of its tree: 1.3 % of a 10,000-article build's time.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// The ids, sorted.
    ids: Vec<String>,
    by_id: HashMap<String, Entity, FixedState>,
}

impl Entities {
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids, in order.
    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.ids.iter()
    }

    /// The entities, in id order.
    pub fn values(&self) -> impl Iterator<Item = &Entity> {
        self.iter().map(|(_, entity)| entity)
    }

    /// `(id, entity)`, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Entity)> {
        self.ids.iter().map(|id| (id, &self.by_id[id]))
    }
}

impl From<BTreeMap<String, Entity>> for Entities {
    fn from(sorted: BTreeMap<String, Entity>) -> Self {
        Entities {
            ids: sorted.keys().cloned().collect(),
            by_id: sorted.into_iter().collect(),
        }
    }
}

/// All entities by id, plus the file they came from (for diagnostics pointing into it).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub entities: Entities,
    pub file: Option<SourceFile>,
    /// False when the file could not be parsed: then no id can be called unknown, and
    /// nobody is told about hundreds of "unknown entities" caused by one YAML typo.
    pub complete: bool,
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.entities.get(id)
    }
}

const FIELDS: &[&str] = &["name", "kind", "aliases", "description", "links"];

/// Reads the registry. Entries with problems are reported and left out.
pub fn parse(file: SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Registry {
    let mut entities = BTreeMap::new();
    let node = match yaml::parse(&file, &file.text, 0) {
        Ok(node) => node,
        Err(e) => {
            diagnostics.push(super::syntax_error(&file, e));
            return Registry {
                entities: entities.into(),
                file: Some(file),
                complete: false,
            };
        }
    };
    let entries = match &node.value {
        Value::Map(entries) => entries.as_slice(),
        Value::Null => &[],
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "the registry must map entity ids to entries, found {}",
                        node.type_name()
                    ),
                )
                .at(&file, node.pos)
                .help("write one entry per id: `csto:` then indented `name:` and `kind:` lines"),
            );
            &[]
        }
    };
    for (key, value) in entries {
        if !fields::is_valid_id(&key.name) {
            diagnostics.push(
                Diagnostic::error("bad-id", format!("`{}` is not a valid entity id", key.name))
                    .at(&file, key.pos)
                    .help(fields::id_help(&key.name)),
            );
            continue;
        }
        if let Some(entity) = parse_entity(&file, &key.name, key.pos, value, diagnostics) {
            entities.insert(key.name.clone(), entity);
        }
    }
    Registry {
        entities: entities.into(),
        file: Some(file),
        complete: true,
    }
}

fn parse_entity(
    file: &SourceFile,
    id: &str,
    pos: Pos,
    node: &yaml::Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Entity> {
    let what = format!("entity `{id}`");
    let mut fields = Fields::new(file, node, &what, diagnostics)?;
    let name = fields.required_text("name", &what, "Full Name", diagnostics);
    let kind =
        fields::kind(&mut fields, diagnostics).map_or_else(|| "other".to_string(), |k| k.value);
    let aliases = fields
        .texts("aliases", diagnostics)
        .into_iter()
        .map(|a| a.value)
        .collect();
    let description = fields.text("description", diagnostics);
    if let Some(description) = &description {
        super::urls::check_markdown_value(file, description, diagnostics);
    }
    let links = parse_links(&mut fields, diagnostics);
    fields.deny_unknown(FIELDS, &what, diagnostics);
    Some(Entity {
        id: id.to_string(),
        name: name?.value,
        kind,
        aliases,
        description,
        links,
        pos,
    })
}

fn parse_links(fields: &mut Fields, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let Some(node) = fields.take("links") else {
        return Vec::new();
    };
    let Value::Map(entries) = &node.value else {
        diagnostics.push(
            fields
                .wrong_type("links", node, "a mapping of labels to addresses")
                .help("e.g. `links: {wikipedia: https://en.wikipedia.org/wiki/…}`"),
        );
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(label, url)| match url.as_text(fields.file) {
            Some(text) => {
                let address = Spanned::new(text, url.pos);
                super::urls::check_address(fields.file, &address, diagnostics);
                Some((label.name.clone(), address.value))
            }
            None => {
                diagnostics.push(fields.wrong_type(&label.name, url, "an address"));
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> (Registry, Vec<Diagnostic>) {
        let file = SourceFile::new(
            Path::new("/p"),
            Path::new("/p/content/entities.yaml"),
            text.into(),
        );
        let mut diagnostics = Vec::new();
        (parse(file, &mut diagnostics), diagnostics)
    }

    #[test]
    fn reads_entities_with_links_in_order() {
        let (registry, diagnostics) = parse_text(
            "csto:\n  name: Collective Security Treaty Organization\n  kind: Organization\n  \
             aliases: [CSTO]\n  links:\n    wikipedia: https://w/CSTO\n    site: https://odkb\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let csto = registry.get("csto").unwrap();
        assert_eq!(csto.kind, "organization");
        assert_eq!(csto.aliases, ["CSTO"]);
        assert_eq!(csto.links[1], ("site".into(), "https://odkb".into()));
        assert_eq!(csto.pos.line, 1);
    }

    #[test]
    fn reports_every_bad_entry() {
        let (registry, diagnostics) =
            parse_text("Bad Id:\n  name: x\nok:\n  nmae: y\nfine:\n  name: z\n  kinds: p\n");
        assert_eq!(registry.entities.len(), 1);
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            ["bad-id", "missing-field", "unknown-field", "unknown-field"]
        );
        assert!(
            diagnostics[1]
                .help
                .as_deref()
                .unwrap()
                .contains("`nmae` looks like a misspelling")
        );
    }

    #[test]
    fn an_entry_moved_by_an_edit_above_it_reads_the_same() {
        let text = "a:\n  name: A\n  description: First.\nb:\n  name: B\n  aliases: [Bee]\n  \
                    description: Second.\n  links:\n    site: https://b\n";
        let (before, _) = parse_text(text);
        let (after, _) = parse_text(&text.replace("First.", "First, and longer."));
        let changed: Vec<&str> = after
            .entities
            .iter()
            .filter(|(id, e)| !before.get(id).unwrap().same_content(e))
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(changed, ["a"]);
        // `b` did move: its offset is not what tells.
        let (b_before, b_after) = (before.get("b").unwrap(), after.get("b").unwrap());
        assert_ne!(b_before.pos.offset, b_after.pos.offset);
        // What `b` shows, each edited in turn, is told apart.
        for (from, to) in [
            ("name: B\n", "name: Bea\n"),
            ("[Bee]", "[Bea]"),
            ("Second.", "Third."),
            ("https://b", "https://c"),
        ] {
            let (edited, _) = parse_text(&text.replace(from, to));
            let b = edited.get("b").unwrap();
            assert!(!b_before.same_content(b), "{to}: {b:?}");
        }
    }
}
