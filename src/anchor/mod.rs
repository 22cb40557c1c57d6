//! The anchor stage: finds the text each annotation quotes. Every article is parsed once,
//! its reader text built and folded, and each quote resolved to reader-text ranges with a
//! status — or to a diagnostic that says why not and what would fix it.

mod explain;
pub mod fuzzy;
pub mod select;

use crate::diagnostic::Diagnostic;
use crate::load::annotations::Annotation;
use crate::load::{Article, Project};
use crate::markdown::fold::{Folded, fold_str};
use crate::markdown::reader::ReaderText;
use crate::markdown::sentence::{self, Sentence};
use crate::markdown::stored::StoredEvents;
use crate::reuse::Reuse;
use pulldown_cmark::{Event, Tag};
use rayon::prelude::*;
use select::{Query, Selection};
use serde::Serialize;
use std::cell::OnceCell;
use std::ops::Range;

/// How an annotation found its text (the `status` of `gloss check --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Exact,
    Context,
    Fuzzy,
    Orphan,
    Ambiguous,
}

/// One place an annotation covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Reader-text character offsets.
    pub range: Range<usize>,
    /// The reader text the match covers.
    pub text: String,
    /// Where the match starts in the Markdown file.
    pub line: usize,
    pub column: usize,
    pub sentence: Sentence,
    /// For a place the fuzzy tier found, the edits between the quote and `text`.
    pub errors: Option<usize>,
}

/// Where one annotation landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub status: Status,
    /// The chosen matches; for an ambiguous quote, every candidate; for an orphan, the
    /// places the fuzzy tier found too close to call (often none).
    pub matches: Vec<Match>,
}

impl Anchor {
    /// The matches that are marked in the article: none for an orphan or an ambiguous quote.
    pub fn placed(&self) -> &[Match] {
        match self.status {
            Status::Exact | Status::Context | Status::Fuzzy => &self.matches,
            Status::Orphan | Status::Ambiguous => &[],
        }
    }
}

/// The anchors of one article, parallel to its annotation list, and the cross-links its body
/// contains (collected here because this is where the body is parsed; the link stage checks
/// them).
#[derive(Debug, Default)]
pub struct ArticleAnchors {
    pub anchors: Vec<Anchor>,
    /// `entity:`/`article:` link destinations and their byte offsets in the article file.
    pub xrefs: Vec<(String, usize)>,
    /// The body's events, for the render.
    pub events: StoredEvents,
}

/// Anchors every article's annotations, in parallel.
pub fn anchor(project: &Project) -> (Vec<ArticleAnchors>, Vec<Diagnostic>) {
    anchor_reusing(project, &Reuse::default())
}

/// [`anchor`], taking from `reuse` the anchors of the articles the load took from it (those
/// had no diagnostics).
pub fn anchor_reusing(project: &Project, reuse: &Reuse) -> (Vec<ArticleAnchors>, Vec<Diagnostic>) {
    let results: Vec<(ArticleAnchors, Vec<Diagnostic>)> = project
        .articles
        .par_iter()
        .with_max_len(crate::parallel::PIECE)
        .map(|article| match reuse.anchors(article) {
            Some(anchors) => (anchors, Vec::new()),
            None => anchor_article(article),
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut anchored = Vec::with_capacity(results.len());
    for (anchors, mut found) in results {
        diagnostics.append(&mut found);
        anchored.push(anchors);
    }
    (anchored, diagnostics)
}

/// The text an article's quotes are matched against, built once per article.
pub struct Haystack<'a> {
    pub article: &'a Article,
    pub reader: ReaderText,
    pub folded: Folded,
    /// The folded text as characters, which the fuzzy tier searches: made only for an
    /// article with a quote the exact tier did not find.
    chars: OnceCell<Vec<char>>,
}

impl<'a> Haystack<'a> {
    pub fn new(article: &'a Article, events: &[(Event<'_>, Range<usize>)]) -> Self {
        let reader = ReaderText::new(article.body_text(), events, article.body.start);
        let folded = Folded::new(&reader.chars);
        Haystack {
            article,
            reader,
            folded,
            chars: OnceCell::new(),
        }
    }

    /// The folded text as characters.
    pub fn chars(&self) -> &[char] {
        self.chars
            .get_or_init(|| self.folded.text.chars().collect())
    }

    /// A match as reported: reader range, text, source position and sentence.
    fn to_match(&self, folded: &Range<usize>) -> Match {
        let range = self.folded.to_reader(folded);
        let pos = self
            .article
            .file
            .pos(self.reader.source_offset(range.start), 0);
        Match {
            text: self.reader.slice(range.clone()),
            line: pos.line,
            column: pos.column,
            sentence: sentence::around(&self.reader.chars, range.clone()),
            range,
            errors: None,
        }
    }
}

/// Anchors one article's annotations (what `watch` redoes for an edited article).
pub fn anchor_article(article: &Article) -> (ArticleAnchors, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let events = crate::markdown::parse(article.body_text());
    crate::load::urls::check_body_links(
        &article.file,
        &events,
        article.body.start,
        &mut diagnostics,
    );
    let xrefs = events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. })
                if crate::link::xref::parse(dest_url).is_some() =>
            {
                Some((dest_url.to_string(), article.body.start + range.start))
            }
            _ => None,
        })
        .collect();
    let annotations = article.annotation_list();
    let anchors = if annotations.is_empty() {
        Vec::new()
    } else {
        let haystack = Haystack::new(article, &events);
        annotations
            .iter()
            .map(|annotation| resolve(&haystack, annotation, &mut diagnostics))
            .collect()
    };
    let events = StoredEvents::new(article.body_text(), &events);
    (
        ArticleAnchors {
            anchors,
            xrefs,
            events,
        },
        diagnostics,
    )
}

/// The query an annotation's fields describe, folded like the text.
pub fn query(annotation: &Annotation) -> Query {
    Query {
        quote: select::query_text(annotation),
        prefix: annotation.prefix.as_ref().map(|p| fold_str(&p.value)),
        suffix: annotation.suffix.as_ref().map(|s| fold_str(&s.value)),
        occurrence: annotation.occurrence.as_ref().map(|o| o.value),
        hint: annotation.hint.as_ref().map(|h| h.value),
    }
}

/// Resolves one annotation: the exact tier, then, for a quote found nowhere, the fuzzy tier;
/// what neither places is an orphan.
fn resolve(
    haystack: &Haystack,
    annotation: &Annotation,
    diagnostics: &mut Vec<Diagnostic>,
) -> Anchor {
    let query = query(annotation);
    let selection = select::select(&haystack.folded, &query);
    if selection == Selection::NotFound {
        let decision = fuzzy::search(&haystack.folded, haystack.chars(), &query);
        if let Some(anchor) = fuzzy_anchor(haystack, &decision) {
            diagnostics.extend(fuzzy::explain::diagnose(haystack, annotation, &decision));
            return anchor;
        }
    }
    let matches = |ranges: &[Range<usize>]| ranges.iter().map(|r| haystack.to_match(r)).collect();
    let (status, matches) = match &selection {
        Selection::Exact(ranges) => (Status::Exact, matches(ranges)),
        Selection::Context(range) => (Status::Context, matches(std::slice::from_ref(range))),
        Selection::StaleContext(range) => (Status::Exact, matches(std::slice::from_ref(range))),
        Selection::NotFound | Selection::NoSuchOccurrence { .. } => (Status::Orphan, Vec::new()),
        Selection::Ambiguous {
            matches: ranges, ..
        } => (Status::Ambiguous, matches(ranges)),
    };
    if let Some(d) = explain::diagnose(haystack, annotation, &selection) {
        diagnostics.push(d);
    }
    Anchor { status, matches }
}

/// The anchor a fuzzy decision makes: placed when it found a clear winner; an orphan that
/// lists the candidates too close to call; `None` when nothing was close.
fn fuzzy_anchor(haystack: &Haystack, decision: &fuzzy::Fuzzy) -> Option<Anchor> {
    let matches = |candidates: &[fuzzy::Candidate]| {
        candidates
            .iter()
            .map(|c| Match {
                errors: Some(c.errors),
                ..haystack.to_match(&c.range)
            })
            .collect()
    };
    match decision {
        fuzzy::Fuzzy::TooShort | fuzzy::Fuzzy::NoneClose { .. } => None,
        fuzzy::Fuzzy::Found(placed) => Some(Anchor {
            status: Status::Fuzzy,
            matches: matches(placed),
        }),
        fuzzy::Fuzzy::Tie(candidates) | fuzzy::Fuzzy::NoSuchOccurrence { candidates, .. } => {
            Some(Anchor {
                status: Status::Orphan,
                matches: matches(candidates),
            })
        }
    }
}
