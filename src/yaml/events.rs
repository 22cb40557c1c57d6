//! A quick reader for the YAML that gloss's files hold in practice — mappings, lists and
//! scalars — built straight from the events of the parser that serde-saphyr itself reads.
//! serde-saphyr's general machinery (a `Deserialize` visitor per node, span bookkeeping for
//! every value) cost a fifth of a whole build's instructions on a large archive.
//!
//! It reads only what it is sure of, and otherwise steps aside so that serde-saphyr reads the
//! file (and words the error): a syntax error, anchors and aliases, tags, merge keys (`<<`),
//! duplicate or non-text keys, more than one document, nesting near the limit, and any plain
//! scalar that could be something other than text (`12`, `yes`, `~`, `2010-01-01`) — those
//! are typed by serde-saphyr itself, one scalar at a time. A test compares both readers on
//! every YAML file of the repository and on tricky inputs.

use super::{Key, MAX_DEPTH, MAX_NODES, Node, RawNode, Value};
use crate::source::{Pos, SourceFile};
use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

/// The tree of `text` (found at byte `base` of `file`), or `None` when serde-saphyr must
/// read it.
pub fn read(file: &SourceFile, text: &str, base: usize) -> Option<Node> {
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        file,
        base,
        nodes: 0,
    };
    let Event::StreamStart = reader.next()?.0 else {
        return None;
    };
    // An empty stream (no document at all) is left to serde-saphyr, like everything rare.
    let Event::DocumentStart(..) = reader.next()?.0 else {
        return None;
    };
    let root = reader.node(0)?;
    let Event::DocumentEnd = reader.next()?.0 else {
        return None;
    };
    let Event::StreamEnd = reader.next()?.0 else {
        return None;
    };
    Some(root)
}

struct Reader<'a> {
    events: Parser<'a, StrInput<'a>>,
    file: &'a SourceFile,
    base: usize,
    /// Values read so far, against [`MAX_NODES`].
    nodes: usize,
}

impl<'a> Reader<'a> {
    /// The next event that is not a comment, or `None` at a syntax error.
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        loop {
            let (event, span) = self.events.next_event()?.ok()?;
            if !matches!(event, Event::Comment(..)) {
                return Some((event, span));
            }
        }
    }

    /// Where `span` starts in the whole file, and its length in bytes.
    fn pos(&self, span: &Span) -> Option<Pos> {
        let start = span.start.byte_offset()?;
        let end = span.end.byte_offset()?;
        let mut pos = self.file.pos(self.base + start, 0);
        pos.column = pos.column.max(1);
        pos.len = end.saturating_sub(start);
        Some(pos)
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        let (event, span) = self.next()?;
        self.node_from(event, span, depth)
    }

    fn node_from(&mut self, event: Event<'a>, span: Span, depth: usize) -> Option<Node> {
        self.nodes += 1;
        // Near a limit, serde-saphyr decides, and says which limit it was.
        if self.nodes > MAX_NODES / 2 || depth + 2 >= MAX_DEPTH {
            return None;
        }
        let pos = self.pos(&span)?;
        let value = match event {
            Event::Scalar(text, style, 0, None) => scalar(&text, style)?,
            Event::SequenceStart(_, 0, None) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        break;
                    }
                    items.push(self.node_from(event, span, depth + 1)?);
                }
                Value::Seq(items)
            }
            Event::MappingStart(_, 0, None) => Value::Map(self.entries(depth)?),
            _ => return None,
        };
        Some(Node { value, pos })
    }

    /// A mapping's entries, after its start.
    fn entries(&mut self, depth: usize) -> Option<Vec<(Key, Node)>> {
        let mut entries = Vec::new();
        loop {
            let (event, span) = self.next()?;
            let name = match event {
                Event::MappingEnd => break,
                Event::Scalar(name, style, 0, None) if is_text_key(&name, style) => name,
                _ => return None,
            };
            let key = Key {
                name: name.into_owned(),
                pos: self.pos(&span)?,
            };
            let value = self.node(depth + 1)?;
            entries.push((key, value));
        }
        if has_duplicate_keys(&entries) {
            return None;
        }
        Some(entries)
    }
}

/// Whether a mapping's entries repeat a key: compared pairwise in a short mapping, sorted in
/// a long one (a registry may hold thousands of entities).
pub(super) fn has_duplicate_keys(entries: &[(Key, Node)]) -> bool {
    // An annotation has a handful of keys: each compared with those before it, without the
    // sorted copy a long mapping needs.
    if entries.len() <= 8 {
        return entries
            .iter()
            .enumerate()
            .any(|(i, (key, _))| entries[..i].iter().any(|(k, _)| k.name == key.name));
    }
    let mut names: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
    names.sort_unstable();
    names.windows(2).any(|pair| pair[0] == pair[1])
}

/// A scalar's value: quoted and block scalars are text; a plain one is text unless it could
/// be read as something else, which serde-saphyr then types.
pub(super) fn scalar(text: &str, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(text.to_string()));
    }
    if text.is_empty() {
        return Some(Value::Null);
    }
    if !maybe_not_text(text) {
        return Some(Value::Str(text.to_string()));
    }
    if let Some(value) = plainly_typed(text) {
        return Some(value);
    }
    // Read alone, a plain scalar is the same scalar, except where it would start a document
    // or span lines; those stay with serde-saphyr.
    if text.starts_with("---") || text.starts_with("...") || text.contains(['\n', '\r']) {
        return None;
    }
    match serde_saphyr::from_str::<RawNode>(text).ok()? {
        RawNode::Null => Some(Value::Null),
        RawNode::Bool(b) => Some(Value::Bool(b)),
        RawNode::Int(i) => Some(Value::Int(i)),
        RawNode::Float(f) => Some(Value::Float(f)),
        RawNode::Str(s) if s == text => Some(Value::Str(s)),
        _ => None,
    }
}

/// The value of a plain scalar whose type shows at a glance, without starting a YAML parser
/// for it (some 10,000 instructions each): a calendar date (`2024-03-01`, `2024-03`; text in
/// YAML 1.2, and the one typed-looking value gloss's files are full of) or a decimal integer
/// of up to 18 digits with neither a leading zero nor a plus sign. `None` for anything else.
fn plainly_typed(text: &str) -> Option<Value> {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let b = text.as_bytes();
    let date = matches!(b.len(), 7 | 10)
        && digits(&b[..4])
        && b[4] == b'-'
        && digits(&b[5..7])
        && (b.len() == 7 || b[7] == b'-' && digits(&b[8..]));
    if date {
        return Some(Value::Str(text.to_string()));
    }
    let magnitude = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let integer =
        digits(magnitude) && magnitude.len() <= 18 && (magnitude[0] != b'0' || text == "0");
    integer.then(|| text.parse().ok().map(Value::Int)).flatten()
}

/// Whether a plain scalar could be typed as null, a boolean or a number: it starts like a
/// number or `~`, or is one of YAML's words for null, booleans and special floats (serde-saphyr
/// takes YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n` too).
fn maybe_not_text(text: &str) -> bool {
    const WORDS: [&str; 12] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ];
    text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '~'))
        || WORDS.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// Whether a key scalar is plain text for sure (never a merge key).
pub(super) fn is_text_key(name: &str, style: ScalarStyle) -> bool {
    match style {
        ScalarStyle::Plain => !name.is_empty() && name != "<<" && !maybe_not_text(name),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => name != "<<",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_general;
    use super::*;
    use std::path::Path;

    /// The quick readers on `text`: each either steps aside or gives serde-saphyr's tree.
    /// Returns whether this one and [`super::super::block`]'s read it.
    fn agree(name: &str, text: &str, base: usize) -> (bool, bool) {
        let whole = format!("{}{text}", "#".repeat(base));
        let file = SourceFile::new(Path::new("/p"), Path::new("/p/a.yaml"), whole);
        let text = &file.text[base..];
        let general = parse_general(&file, text, base);
        let quick = read(&file, text, base);
        let block = super::super::block::read(&file, text, base);
        for (reader, tree) in [("event", &quick), ("block", &block)] {
            if let Some(tree) = tree {
                match &general {
                    Ok(general) => assert_eq!(tree, general, "{name}: the {reader} tree differs"),
                    Err(e) => {
                        panic!("{name}: the {reader} reader read it, serde-saphyr refuses: {e:?}")
                    }
                }
            }
        }
        (quick.is_some(), block.is_some())
    }

    /// The YAML in a file: all of a `.yaml` file, an article's front matter, what follows
    /// the NUL in a fuzz input of the `check` target (body, NUL, annotations), or all of
    /// another fuzz input.
    fn yaml_of(path: &Path, bytes: &[u8], fuzz: bool) -> Option<String> {
        let text = String::from_utf8_lossy(bytes);
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => Some(text.into_owned()),
            Some("md") => {
                let (front, _) = text.strip_prefix("---\n")?.split_once("\n---")?;
                Some(front.to_string())
            }
            _ if fuzz => Some(match text.split_once('\0') {
                Some((_, yaml)) => yaml.to_string(),
                None => text.into_owned(),
            }),
            _ => None,
        }
    }

    /// The YAML of every file under `dir`, by path.
    fn yaml_under(dir: &Path, fuzz: bool) -> Vec<(String, String)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let bytes = std::fs::read(e.path()).ok()?;
                let yaml = yaml_of(e.path(), &bytes, fuzz)?;
                Some((e.path().display().to_string(), yaml))
            })
            .collect()
    }

    /// Every YAML text in `found`, read all ways; how many went the event reader's way and
    /// how many the block reader's.
    fn all_agree(found: &[(String, String)]) -> (usize, usize) {
        let (mut quick, mut block) = (0, 0);
        for (name, text) in found {
            let (q, b) = agree(name, text, 0);
            quick += usize::from(q);
            block += usize::from(b);
            // As front matter, after other text: positions count from the file's start.
            agree(name, text, 4);
        }
        (quick, block)
    }

    #[test]
    fn repeated_keys_are_found_in_short_and_long_mappings() {
        let key = |name: &str| Key {
            name: name.to_string(),
            pos: Pos::default(),
        };
        let node = Node {
            value: Value::Null,
            pos: Pos::default(),
        };
        for len in [1, 2, 8, 9, 30] {
            let names: Vec<String> = (0..len).map(|i| format!("k{i}")).collect();
            let entries: Vec<(Key, Node)> = names.iter().map(|n| (key(n), node.clone())).collect();
            assert!(!has_duplicate_keys(&entries), "{len}");
            for repeated in &names {
                let mut with = entries.clone();
                with.insert(len / 2, (key(repeated), node.clone()));
                assert!(has_duplicate_keys(&with), "{len} {repeated}");
            }
        }
    }

    #[test]
    fn the_quick_reader_gives_serde_saphyrs_tree_for_the_repositorys_yaml() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = yaml_under(&root.join("content"), false);
        found.extend(yaml_under(&root.join("tests/fixtures"), false));
        found.extend(yaml_under(&root.join("fuzz/seeds"), true));
        assert!(found.len() > 100, "{} files", found.len());
        let (quick, block) = all_agree(&found);
        // Most files are plain YAML (the others are broken on purpose, or use aliases): the
        // quick readers must read them, not step aside.
        assert!(quick * 10 > found.len() * 7, "{quick} of {}", found.len());
        assert!(block * 10 > found.len() * 5, "{block} of {}", found.len());
    }

    #[test]
    fn the_quick_reader_steps_aside_or_agrees_on_tricky_yaml() {
        let cases = [
            "a: 1\nb: -2\nc: 1.5\nd: 0x1F\ne: 1e3\nf: .inf\ng: -.inf\nh: .nan\ni: 007\n",
            "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: true\nh: False\n",
            "a: ~\nb: null\nc:\nd: ''\ne: \"\"\nf: NULL\n",
            "date: 2010-01-01\ntime: 12:30\nv: 1.2.3\nw: -\nx: --x\ny: ...\nz: ---\n",
            "a: nan\nb: inf\nc: Infinity\nd: +5\ne: 1_000\nf: 0o17\ng: 0b101\nh: 0X1F\n",
            "title: \"Quoted: yes\"\nnote: 'single ''quote'''\nbody: |\n  line one\n  line two\nfold: >\n  a\n  b\n",
            "list: [a, 1, 'b', {c: d}]\nmap: {x: 1, y: [2, 3]}\n",
            "- a\n- - b\n  - c\n- d: e\n",
            "a: &x 1\nb: *x\n",
            "base: &b {k: v}\nmerged:\n  <<: *b\n",
            "a: !!str 12\nb: !custom x\n",
            "a: 1\na: 2\n",
            "'a': 1\na: 2\n",
            "1: one\ntrue: t\n~: n\n",
            "? [complex]\n: key\n",
            "---\na: 1\n---\nb: 2\n",
            "",
            "# only a comment\n",
            "\u{feff}a: 1\r\nb: x\r\n",
            "a:\n\t- 1\n",
            "a: [1\n",
            "text: plain\n  continued on\n  three lines\n",
            "note: \"Ünïcode “quotes” — dash\"\nplain: Ünïcode “quotes”\n",
            "key with spaces: value\n\"quoted key\": 1\n",
            "a: b # comment\n# comment\nc: d\n",
            "a: 0\nb: -0\nc: 00\nd: +0.5\ne: 12345678901234567890\nf: -12345678901234567890\n",
            // Shapes the block reader takes, or must step aside from.
            "top:\n- a\n- b\nnext: c\n",
            "top:\n- k: v\n  l: w\n- x\n",
            "- a\n- b: c\n  d: [e, f]\n-   g: h\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "a: b\n  c\n",
            "a: b\n\n  c\nd: e\n",
            "a: 'b'\n  c: d\n",
            "a: b\n   # indented comment\nc: d\n",
            "a:\n# comment\n  b: c\n",
            "a: # comment\n  b: c\n",
            "a:\nb: c\n",
            "a: b #c\nd: e# f\ng: h:i\nj: k :\n",
            "a: [ ]\nb: [x,y]\nc: [ x , 'y' , \"z\" ]\nd: [x,]\ne: [x: y]\nf: [[x]]\ng: [x] # c\nh: [x]y\n",
            "a: \"x\\\"y\\\\z\\/w\\n\\tv\"\nb: \"\\u00e9\"\nc: 'it''s' # c\nd: \"x\"y\n",
            "a: \"multi\n  line\"\nb: 'multi\n  line'\n",
            "a: 'x''''y'\nb: ''''\nc: '''x'''\nd: \"\\\\\"\ne: \"é\\\"ü\"\nf: \"\\é\"\ng: 'é''ü'\n",
            "a: \"open\nb: 'open\nc: \"x\\\"\n",
            "a: -x\nb: ?y\nc: :z\nd: - e\nf: @g\ng: `h\n",
            "a:  spaced   \nb:    \"q\"   \n",
            "  a: 1\n  b: 2\n",
            "a: 1\n b: 2\n",
            "- - a\n- b\n",
            "-\n  a: b\n",
            "a: {b: c}\n",
            "a: |\n  x\nb: >-\n  y\n",
            "a: >\n  x y\n  z\n\n  w\n\nb: |\n  l1\n\n  l2\nc: >-\n  s\n  t\nd: |-\n  u\n\n\ne: x\n",
            "f:\n  - >\n    g h\n    i\n  - |\n    j\n      k\n",
            "a: >\n  x\n    deeper\n  y\n",
            "a: >\n  x\n# comment\nb: >\n  y\n  # not a comment\n",
            "a: >\n\n  x\nb: |+\n  y\n\nc: >2\n   z\nd: > # c\n  w\ne: >\nf: x\n",
            "a: >\n  trailing  \n  x\nb: |\n  x\n     \n  y\n",
            "- >\n  x\n- |-\n  y\n",
            "a:\n  - b: >\n      x\n  # comment\n  - c: d\n    # comment\n    e: >\n      f\n\n    # c\n\n    g: h\n",
            "a: [it's, \"q\"x, x'y', x\"y\", x #c]\n",
            "a: b\u{85}c\nd: e\u{2028}f\n",
            "key with spaces: v\nk.dot: v\nk/slash: v\nk-dash: v\nk_under: v\n",
            "a: b\n...\n",
            "a: http://x.org/y?z=1#frag\nb: x #not: key\n",
            // Dates and integers read without serde-saphyr, and their near misses.
            "a: 2019-10-03\nb: 2019-10\nc: 2019-1-3\nd: 2019-10-03T12:00:00Z\ne: 2019-10-03 x\n",
            "f: 12019-10-03\ng: 2019-10-032\nh: 2019-10-0x\ni: 2019_10_03\nj: 2019-10-\n",
            "a: 42\nb: -17\nc: 123456789012345678\nd: 1234567890123456789\ne: -0\nf: 0\n",
            "g: 9223372036854775807\nh: -9223372036854775808\ni: 42x\nj: --4\nk: 4-2\nl: -\n",
        ];
        for (i, text) in cases.iter().enumerate() {
            agree(&format!("case {i}"), text, 0);
            agree(&format!("case {i} after text"), text, 7);
        }
        // What gloss's files hold goes the quick ways.
        let plain = "annotations:\n  - quote: a\n    note: b\n    entity: [x, 'y']\n";
        assert_eq!(agree("plain", plain, 0), (true, true));
        let typed = "occurrence: 2\ndate: 2010-01-01\n";
        assert_eq!(agree("typed", typed, 0), (true, true));
    }

    /// More inputs, when a folder of them is given: the fuzzers' corpus (not kept in the
    /// repository) or a generated benchmark corpus, e.g.
    /// `GLOSS_YAML_CORPUS=fuzz/corpus cargo test --lib yaml::events -- --nocapture`.
    #[test]
    fn the_quick_reader_agrees_on_a_corpus_when_given_one() {
        let Some(dir) = std::env::var_os("GLOSS_YAML_CORPUS") else {
            return;
        };
        let found = yaml_under(Path::new(&dir), true);
        let (quick, block) = all_agree(&found);
        eprintln!(
            "of {} inputs, {quick} read by the event reader and {block} by the block reader, all agreeing",
            found.len()
        );
    }
}
