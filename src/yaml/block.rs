//! The quickest reader, for the narrow YAML that gloss's files nearly always are: block
//! mappings with plain keys, block lists, and one-line scalars and `[flow, lists]`, indented
//! with spaces. It reads the text directly, without a tokenizer: a YAML parser spends some
//! 350 instructions a byte on a typical annotation file, which made reading annotations a
//! tenth of a large build.
//!
//! Like [`super::events`], it reads only what it is sure of and otherwise steps aside (returns
//! `None`) for the fuller readers: tabs, carriage returns, a byte-order mark, document
//! markers and directives, block scalars other than the plain `>`, `|`, `>-`, `|-`, flow mappings, anchors, aliases and tags,
//! quoted keys, escapes other than the common ones, scalars that span lines, keys without a
//! value, duplicate keys, and nesting near the limit. Plain scalars that could be typed go
//! through the same typing as the event reader's. Tests compare its trees and positions with
//! serde-saphyr's.

use super::events::{has_duplicate_keys, is_text_key, scalar};
use super::{Key, MAX_DEPTH, MAX_NODES, Node, Value};
use crate::source::{Pos, SourceFile};
use granit_parser::ScalarStyle;
use std::cell::Cell;

/// The tree of `text` (found at byte `base` of `file`), or `None` when another reader must
/// read it.
pub fn read(file: &SourceFile, text: &str, base: usize) -> Option<Node> {
    // Tabs, carriage returns, control characters and byte-order marks each have rules of
    // their own (or make the file invalid): the fuller readers know them.
    let unusual = |c: char| {
        (c.is_control() && c != '\n') || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
    };
    // Each of those is an ASCII control, or starts with one of two lead bytes (C1 controls
    // with 0xC2, the others with 0xEF): bytes are looked at one by one only if one shows up.
    // Tested in blocks without stopping at the first, so the compiler checks many bytes at once.
    let suspect = |b: u8| ((b < 0x20) & (b != b'\n')) | (b == 0x7f) | (b == 0xc2) | (b == 0xef);
    let suspect_in = |block: &[u8]| block.iter().fold(false, |any, &b| any | suspect(b));
    if text.as_bytes().chunks(64).any(suspect_in) && text.contains(unusual) {
        return None;
    }
    // The file's index of lines has those of `text`, which starts a line (a file, or the
    // front matter after its `---` line): the line starts after `base`, up to its end.
    let starts = file.line_starts();
    let first = starts.partition_point(|&start| start <= base);
    let line_starts = starts[first..]
        .iter()
        .map_while(|&start| start.checked_sub(base).filter(|&at| at <= text.len()));
    if std::iter::once(0)
        .chain(line_starts)
        .filter_map(|start| text.get(start..))
        .any(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%'))
    {
        return None;
    }
    let mut reader = Reader {
        text,
        file,
        base,
        at: 0,
        nodes: 0,
        line: Cell::new(0),
        peeked: None,
    };
    let first = reader.peek()?;
    let root = reader.block(first, 0)?;
    // Whatever follows the root's last line would be out of place: the fuller readers say so.
    if reader.peek().is_some() {
        return None;
    }
    Some(root)
}

/// A line that holds more than blanks and a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Byte offset of its first character.
    start: usize,
    /// Spaces before its content.
    indent: usize,
}

impl Line {
    fn content(self) -> usize {
        self.start + self.indent
    }
}

struct Reader<'a> {
    text: &'a str,
    file: &'a SourceFile,
    base: usize,
    /// Byte offset of the next line to read.
    at: usize,
    /// Values read so far, against [`MAX_NODES`].
    nodes: usize,
    /// The line of `file` of the last position asked for (see [`SourceFile::pos_after`]).
    line: Cell<usize>,
    /// The line [`Reader::peek`] found last: a value's line is peeked at once to see that
    /// nothing continues it, then again by the mapping or list that reads on.
    peeked: Option<Line>,
}

impl<'a> Reader<'a> {
    /// The next line with content, from [`Reader::at`] on, without moving past it.
    fn peek(&mut self) -> Option<Line> {
        if let Some(line) = self.peeked
            && line.start == self.at
        {
            return Some(line);
        }
        while self.at < self.text.len() {
            let end = self.line_end(self.at);
            let line = &self.text[self.at..end];
            let indent = line.len() - line.trim_start_matches(' ').len();
            if indent < line.len() && !line[indent..].starts_with('#') {
                let line = Line {
                    start: self.at,
                    indent,
                };
                self.peeked = Some(line);
                return Some(line);
            }
            self.at = end + 1;
        }
        None
    }

    /// Where the line holding byte `from` ends (its `\n`, or the end of the text).
    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.text.as_bytes()[from..]).map_or(self.text.len(), |i| from + i)
    }

    /// Moves to the line after the one holding byte `from`.
    fn next_line(&mut self, from: usize) {
        self.at = self.line_end(from) + 1;
    }

    fn pos(&self, offset: usize, len: usize) -> Pos {
        let mut pos = self.file.pos_after(self.base + offset, 0, &self.line);
        pos.column = pos.column.max(1);
        pos.len = len;
        pos
    }

    /// Counts a value against the limits; `None` near one, where serde-saphyr decides.
    fn count(&mut self, depth: usize) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES / 2 && depth + 2 < MAX_DEPTH).then_some(())
    }

    /// The block mapping or list whose first line is `line`.
    fn block(&mut self, line: Line, depth: usize) -> Option<Node> {
        if is_item(&self.text[line.content()..]) {
            self.sequence(line.indent, line.content(), false, depth)
        } else {
            self.mapping(line.indent, line.content(), depth)
        }
    }

    /// A block mapping whose keys stand at column `indent`, the first at byte `first`.
    fn mapping(&mut self, indent: usize, first: usize, depth: usize) -> Option<Node> {
        self.count(depth)?;
        let pos = self.pos(first, 0);
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut key_at = first;
        loop {
            entries.push(self.entry(key_at, indent, depth)?);
            match self.peek() {
                Some(line) if line.indent == indent && !is_item(&self.text[line.content()..]) => {
                    key_at = line.content();
                }
                Some(line) if line.indent > indent => return None,
                // A list item at this column, or a line further left: the parent's.
                _ => break,
            }
        }
        // Duplicate keys are errors, which serde-saphyr words.
        if has_duplicate_keys(&entries) {
            return None;
        }
        Some(Node {
            value: Value::Map(entries),
            pos,
        })
    }

    /// One `key: value` of a mapping whose keys stand at column `indent`; moves past it.
    fn entry(&mut self, at: usize, indent: usize, depth: usize) -> Option<(Key, Node)> {
        let end = self.line_end(at);
        let line = &self.text[at..end];
        let colon = key_end(line)?;
        let name = line[..colon].trim_end_matches(' ');
        if !is_plain_key(name) {
            return None;
        }
        let key = Key {
            name: name.to_string(),
            pos: self.pos(at, name.len()),
        };
        let after = &line[colon + 1..];
        let value_at = at + colon + 1 + (after.len() - after.trim_start_matches(' ').len());
        let value = if value_at == end || self.text[value_at..].starts_with('#') {
            // The value is on the lines below: more indented, or a list at the key's column.
            self.next_line(at);
            let line = self.peek()?;
            if line.indent > indent {
                self.block(line, depth + 1)?
            } else if line.indent == indent && is_item(&self.text[line.content()..]) {
                self.sequence(indent, line.content(), true, depth + 1)?
            } else {
                // A key without a value (null) is left to the fuller readers.
                return None;
            }
        } else {
            self.inline(value_at, end, indent, depth + 1)?
        };
        Some((key, value))
    }

    /// A block list whose `-` stand at column `indent`, the first at byte `first`;
    /// `indentless` when they stand at the column of the key whose value the list is.
    fn sequence(
        &mut self,
        indent: usize,
        first: usize,
        indentless: bool,
        depth: usize,
    ) -> Option<Node> {
        self.count(depth)?;
        let mut items = Vec::new();
        // serde-saphyr places a list at its first `-`, or an indentless one at its first item.
        let mut pos = self.pos(first, 0);
        let mut dash = first;
        loop {
            let end = self.line_end(dash);
            let rest = &self.text[dash + 1..end];
            let item_at = dash + 1 + (rest.len() - rest.trim_start_matches(' ').len());
            let item = &self.text[item_at..end];
            let column = item_at - (dash - indent);
            if indentless && items.is_empty() {
                pos = self.pos(item_at, 0);
            }
            let node = if item.is_empty() || item.starts_with('#') || is_item(item) {
                // Items on the lines below, and lists in lists, are rare: left to the others.
                return None;
            } else if starts_mapping(item) {
                self.mapping(column, item_at, depth + 1)?
            } else {
                self.inline(item_at, end, indent, depth + 1)?
            };
            items.push(node);
            match self.peek() {
                Some(line) if line.indent == indent && is_item(&self.text[line.content()..]) => {
                    dash = line.content();
                }
                Some(line) if line.indent > indent => return None,
                _ => break,
            }
        }
        Some(Node {
            value: Value::Seq(items),
            pos,
        })
    }

    /// A value written on one line, from byte `at` to `end`, under a parent at column
    /// `parent`; moves to the next line. A value continued on the lines below (more
    /// indented than its parent) is left to the fuller readers.
    fn inline(&mut self, at: usize, end: usize, parent: usize, depth: usize) -> Option<Node> {
        self.count(depth)?;
        let text = &self.text[at..end];
        if text.starts_with(['>', '|']) {
            return self.block_scalar(at, text, parent);
        }
        let (node, used) = match text.as_bytes()[0] {
            b'"' | b'\'' => self.quoted(at, text)?,
            b'[' => self.flow_list(at, text, depth)?,
            _ => {
                let value = plain_end(text, false)?;
                let node = self.plain(at, &text[..value])?;
                (node, value)
            }
        };
        if !is_comment_or_blank(&text[used..]) {
            return None;
        }
        self.next_line(at);
        if self.peek().is_some_and(|line| line.indent > parent) {
            return None;
        }
        Some(node)
    }

    /// A `>` or `|` block scalar whose header is `text` (at byte `at`), under a parent at
    /// column `parent`; moves past it. Only the plain kinds (`>`, `|`, `>-`, `|-`) whose lines
    /// all start at one column (deeper ones are kept in a `|` only), with no trailing spaces.
    fn block_scalar(&mut self, at: usize, text: &str, parent: usize) -> Option<Node> {
        let literal = text.starts_with('|');
        let (strip, header_rest) = match text[1..].strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, &text[1..]),
        };
        if !is_comment_or_blank(header_rest) {
            return None;
        }
        let mut line_at = self.line_end(at) + 1;
        let first = self
            .text
            .get(line_at..self.line_end(line_at.min(self.text.len())))?;
        let indent = spaces(first);
        if indent == first.len() || indent <= parent {
            return None;
        }
        let content_at = line_at + indent;
        // Each line's text after the indentation, or "" for an empty line.
        let mut lines: Vec<&str> = Vec::new();
        // serde-saphyr's span runs to the next content, past the next line's indentation.
        let (next, end) = loop {
            if line_at >= self.text.len() {
                break (self.text.len(), self.text.len());
            }
            let line_end = self.line_end(line_at);
            let line = &self.text[line_at..line_end];
            let blanks = spaces(line);
            if blanks == line.len() {
                if blanks > indent {
                    return None;
                }
                lines.push("");
            } else if blanks < indent {
                break (line_at, line_at + blanks);
            } else if (blanks > indent && !literal) || line.ends_with(' ') {
                return None;
            } else {
                lines.push(&line[indent..]);
            }
            line_at = line_end + 1;
        };
        while lines.last() == Some(&"") {
            lines.pop();
        }
        let mut value = String::new();
        let mut empty_lines = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                empty_lines += 1;
                continue;
            }
            if i > 0 {
                // `|` keeps every line break; `>` folds a single one into a space.
                match (literal, empty_lines) {
                    (true, n) => value.push_str(&"\n".repeat(n + 1)),
                    (false, 0) => value.push(' '),
                    (false, n) => value.push_str(&"\n".repeat(n)),
                }
            }
            value.push_str(line);
            empty_lines = 0;
        }
        if !strip && !value.is_empty() {
            value.push('\n');
        }
        self.at = next;
        Some(Node {
            value: Value::Str(value),
            pos: self.pos(content_at, end - content_at),
        })
    }

    /// A plain scalar `text` at byte `at`.
    fn plain(&self, at: usize, text: &str) -> Option<Node> {
        if text.is_empty() || !starts_plain(text) {
            return None;
        }
        Some(Node {
            value: scalar(text, ScalarStyle::Plain)?,
            pos: self.pos(at, text.len()),
        })
    }

    /// A quoted scalar at the start of `text` (at byte `at`), and the bytes it takes.
    fn quoted(&self, at: usize, text: &str) -> Option<(Node, usize)> {
        let (value, used) = if text.starts_with('"') {
            double_quoted(text)?
        } else {
            single_quoted(text)?
        };
        let node = Node {
            value: Value::Str(value),
            pos: self.pos(at, used),
        };
        Some((node, used))
    }

    /// A `[flow, list]` of scalars at the start of `text` (at byte `at`), and the bytes it
    /// takes.
    fn flow_list(&mut self, at: usize, text: &str, depth: usize) -> Option<(Node, usize)> {
        let mut items = Vec::new();
        let mut i = 1 + spaces(&text[1..]);
        if !text[i..].starts_with(']') {
            loop {
                self.count(depth + 1)?;
                let rest = &text[i..];
                let (node, used) = match rest.as_bytes().first()? {
                    b'"' | b'\'' => self.quoted(at + i, rest)?,
                    _ => {
                        let end = plain_end(rest, true)?;
                        (self.plain(at + i, &rest[..end])?, end)
                    }
                };
                items.push(node);
                i += used;
                i += spaces(&text[i..]);
                match text.as_bytes().get(i)? {
                    b',' => {
                        i += 1;
                        i += spaces(&text[i..]);
                    }
                    b']' => break,
                    _ => return None,
                }
            }
        }
        let node = Node {
            value: Value::Seq(items),
            pos: self.pos(at, 1),
        };
        Some((node, i + 1))
    }
}

/// Whether a line's content starts a list item (`- x`, or `-` alone).
fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Whether an item's text is a `key: value` (or `key:`) entry: it is, if a plain key ends in
/// a colon before any comment. Quoted and flow values never are.
fn starts_mapping(text: &str) -> bool {
    !text.starts_with(['"', '\'', '[', '{']) && key_end(text).is_some()
}

/// Where the colon that ends a line's key stands: the first `:` followed by a space or
/// the line's end, before any comment.
fn key_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' if bytes.get(i + 1).is_none_or(|&c| c == b' ') => return Some(i),
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => {}
        }
    }
    None
}

/// Whether a key is plain text this reader can take: no character that would make YAML read
/// it as anything else, and not a word YAML would type.
fn is_plain_key(name: &str) -> bool {
    !name.is_empty()
        && starts_plain(name)
        && !crate::text::has_any(name, *b"#,[]{}\"'")
        && is_text_key(name, ScalarStyle::Plain)
}

/// Whether a plain scalar may start so: not with one of YAML's indicators.
fn starts_plain(text: &str) -> bool {
    let first = text.as_bytes()[0];
    let second = text.as_bytes().get(1).copied();
    match first {
        b'-' | b'?' | b':' => second.is_some_and(|c| c != b' '),
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => true,
    }
}

/// How long the plain scalar at the start of `text` is, trailing spaces left out: up to a
/// comment, or in a flow list up to a `,` or `]`. `None` for what a plain scalar cannot hold
/// here (a `: `, and in a flow list any bracket, brace or colon).
fn plain_end(text: &str, in_flow: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    if !in_flow {
        // Only these two matter here, and most values hold neither: memchr skips the rest
        // many bytes at a time (this runs for every value of every annotation).
        for i in memchr::memchr2_iter(b'#', b':', bytes) {
            if bytes[i] == b':' {
                if bytes.get(i + 1).is_none_or(|&c| c == b' ') {
                    return None;
                }
            } else if i > 0 && bytes[i - 1] == b' ' {
                end = i;
                break;
            }
        }
        return Some(text[..end].trim_end_matches(' ').len());
    }
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b',' | b']' => {
                end = i;
                break;
            }
            b'[' | b'{' | b'}' | b':' => return None,
            _ => {}
        }
    }
    Some(text[..end].trim_end_matches(' ').len())
}

/// `"…"` at the start of `text`: its value and the bytes it takes. Only the common escapes.
/// Copies a run at a time between escapes: a note in quotes is a few hundred bytes.
fn double_quoted(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut from = 1;
    loop {
        let at = from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        value.push_str(&text[from..at]);
        if bytes[at] == b'"' {
            return Some((value, at + 1));
        }
        value.push(match bytes.get(at + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            _ => return None,
        });
        from = at + 2;
    }
}

/// `'…'` at the start of `text`: its value and the bytes it takes (`''` stands for `'`).
fn single_quoted(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut from = 1;
    loop {
        let at = from + memchr::memchr(b'\'', bytes.get(from..)?)?;
        if bytes.get(at + 1) != Some(&b'\'') {
            value.push_str(&text[from..at]);
            return Some((value, at + 1));
        }
        // The first quote of the pair is the one kept.
        value.push_str(&text[from..=at]);
        from = at + 2;
    }
}

/// Whether `text` holds nothing but spaces and perhaps a comment (after at least one space).
fn is_comment_or_blank(text: &str) -> bool {
    let trimmed = text.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < text.len())
}

fn spaces(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}
