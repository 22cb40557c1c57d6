//! A source file held in memory, with the line index that turns byte offsets into the
//! `line:column` positions every diagnostic shows.

use std::cell::Cell;
use std::path::{Path, PathBuf};

/// A position in a source file: 1-based line and column (columns count Unicode scalar values,
/// as editors do) plus the byte range it covers, for carets and for slicing the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub len: usize,
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

/// The text of one file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the project root, with `/` separators: what diagnostics print.
    pub name: String,
    /// Where the file is on disk.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(root: &Path, path: &Path, text: String) -> Self {
        let name = display_name(root, path);
        // Room for lines of prose and YAML (rarely under 32 bytes), so the list is made once.
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            name,
            path: path.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// Where each line starts (a byte offset), the first at 0; one past a final `\n` too.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The position of a byte offset; `len` is the number of bytes a caret should cover.
    pub fn pos(&self, offset: usize, len: usize) -> Pos {
        let offset = offset.min(self.text.len());
        self.pos_on_line(offset, len, self.line_of(offset))
    }

    /// The line (from 0) that byte `offset` is on, searched for.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// [`SourceFile::pos`] for a reader that goes through the file from top to bottom:
    /// `line` holds the line of the position asked before, and the line of this one is
    /// looked for from there on, rather than searched for in the whole file (a YAML reader
    /// asks for two positions a line, a few hundred thousand in a large build). Over a
    /// reader's way through the file, that is one step a line; a position before the last
    /// one is searched for.
    pub fn pos_after(&self, offset: usize, len: usize, line: &Cell<usize>) -> Pos {
        let offset = offset.min(self.text.len());
        let starts = &self.line_starts;
        let mut i = line.get();
        if starts.get(i).is_some_and(|&start| start <= offset) {
            while starts.get(i + 1).is_some_and(|&next| next <= offset) {
                i += 1;
            }
        } else {
            i = self.line_of(offset);
        }
        line.set(i);
        self.pos_on_line(offset, len, i)
    }

    /// The position of byte `offset`, which is on line `line_index` (from 0).
    fn pos_on_line(&self, offset: usize, len: usize, line_index: usize) -> Pos {
        let start = self.line_starts[line_index];
        let column =
            crate::text::char_count(&self.text[start..floor_char_boundary(&self.text, offset)]) + 1;
        Pos {
            line: line_index + 1,
            column,
            offset,
            len,
        }
    }

    /// The text of a 1-based line without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `path` relative to `root`, with forward slashes, for messages that must read the same on
/// every platform.
pub fn display_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(Path::new("/p"), Path::new("/p/content/a.md"), text.into())
    }

    proptest::proptest! {
        /// Positions found from the line of the one before are those a search finds, in
        /// whatever order they are asked for.
        #[test]
        fn positions_after_others_are_found_alike(
            text in "[a\né\n]{0,80}",
            offsets in proptest::collection::vec(0usize..90, 1..20),
        ) {
            let file = file(&text);
            let line = Cell::new(0);
            for offset in offsets {
                let offset = floor_char_boundary(&text, offset.min(text.len()));
                proptest::prop_assert_eq!(file.pos_after(offset, 1, &line), file.pos(offset, 1));
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = file("héllo\nмир ok\n");
        assert_eq!(f.name, "content/a.md");
        let p = f.pos(f.text.find("ok").unwrap(), 2);
        assert_eq!((p.line, p.column), (2, 5));
        assert_eq!(f.line_text(2), "мир ok");
        assert_eq!(f.line_text(3), "");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn crlf_lines_lose_their_ending() {
        let f = file("a\r\nb\r\n");
        assert_eq!(f.line_text(1), "a");
        assert_eq!(f.pos(3, 1).line, 2);
    }
}
