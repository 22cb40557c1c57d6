//! The data templates see: small, serialize-only structs, so templates never depend on the
//! pipeline's internals. Every `url` is relative to the site root; templates prefix it with
//! `root` (`{{ root }}{{ article.url }}`), which leads from the current page back to the root.
//! Every `*_html` field is finished HTML (escaped, links relative to this page), marked safe:
//! a template prints it as it is, without `| safe` (but for the feed's, see [`FeedEntry`]).

use serde::{Serialize, Serializer};

/// Serializes finished HTML as a string Tera prints without escaping. Marking it here rather
/// than with `| safe` in the templates spares a filter call, and a copy of the text, for each
/// of the thousands printed on a large entity page. (Outside Tera it is a plain string.)
fn safe<S: Serializer>(html: &str, serializer: S) -> Result<S::Ok, S::Error> {
    tera::Value::safe_string(html).serialize(serializer)
}

/// Serializes text as a string Tera prints without escaping when escaping would not change
/// it (no `&`, `<`, `>`, `"` or `'`): the cards and dates a site lists over and over are
/// looked at once, where each print of them would be escaped anew.
fn text<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    // A test that stops at the first special byte: on these short values it counted 4 M
    // instructions fewer a 1,000-article build than `text::has_any`, which reads them whole.
    if text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        serializer.serialize_str(text)
    } else {
        safe(text, serializer)
    }
}

/// [`text`] for an optional field.
fn text_opt<S: Serializer>(t: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => text(t, serializer),
        None => serializer.serialize_none(),
    }
}

/// [`safe`] for an optional field.
fn safe_opt<S: Serializer>(html: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match html {
        Some(html) => safe(html, serializer),
        None => serializer.serialize_none(),
    }
}

/// The site settings every page sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub base_url: Option<String>,
    /// Whether `atom.xml` exists (it needs `base_url`).
    pub has_feed: bool,
    /// Set only in `gloss serve` builds: pages load the live-reload script.
    pub live_reload: bool,
}

/// A date: `iso` for `<time datetime>` and sorting, `display` for people ("9–13 March 2007").
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    #[serde(serialize_with = "text")]
    pub iso: String,
    #[serde(serialize_with = "text")]
    pub display: String,
}

/// Where an article came from: linked when the source is a registry entity.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    #[serde(serialize_with = "text")]
    pub name: String,
    #[serde(serialize_with = "text_opt")]
    pub url: Option<String>,
}

/// An article as listed on other pages.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard {
    #[serde(serialize_with = "text")]
    pub slug: String,
    #[serde(serialize_with = "text")]
    pub url: String,
    #[serde(serialize_with = "text")]
    pub title: String,
    pub date: DateView,
    #[serde(serialize_with = "text_opt")]
    pub author: Option<String>,
    /// A [`SourceView`].
    pub source: Option<CardValue>,
    #[serde(serialize_with = "safe_opt")]
    pub summary_html: Option<String>,
    /// [`TagRef`]s.
    pub tags: Vec<CardValue>,
    // How many annotations are placed in it (`annotation_count`) is added on home and the
    // article's own page only (see `cards::counted_card`).
}

/// A card made into a template value: Tera clones it into a page's context rather than
/// serializing the card again, so one card can be shared by every list that shows it (and
/// `watch` can keep one per article, in [`super::Memo`], for every page that lists it).
#[derive(Debug, Clone)]
pub struct CardValue(pub tera::Value);

impl Serialize for CardValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// An entity as listed on other pages: its reference and its counts.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCard {
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Marks naming it (on an article page: in that article; elsewhere: in all articles).
    pub mentions: usize,
    /// Articles mentioning it; not on an article page, which shows nothing site-wide of its
    /// entities, so that an annotation added elsewhere leaves the page as it was (`watch`
    /// rewrites a handful of pages, not every article naming the entity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
}

/// A tag as listed on other pages: its reference and its count.
#[derive(Debug, Clone, Serialize)]
pub struct TagCard {
    #[serde(flatten)]
    pub tag: TagRef,
    /// Articles and annotations carrying it.
    pub count: usize,
}

/// A tag as article cards list it: without its count, so that a tag given to an annotation
/// in one article leaves the cards of the others as they were.
#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    #[serde(serialize_with = "text")]
    pub name: String,
    #[serde(serialize_with = "text")]
    pub slug: String,
    #[serde(serialize_with = "text")]
    pub url: String,
}

/// An entity as events and "mentioned alongside" lists link to it: without counts, so that a
/// mention added in one article leaves the pages listing the entity as they were.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef {
    #[serde(serialize_with = "text")]
    pub id: String,
    #[serde(serialize_with = "text")]
    pub name: String,
    #[serde(serialize_with = "text")]
    pub kind: String,
    #[serde(serialize_with = "text")]
    pub url: String,
}

/// A link to an article and its title, for annotations listed away from their article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    #[serde(serialize_with = "text")]
    pub title: String,
    #[serde(serialize_with = "text")]
    pub url: String,
    pub date: DateView,
}

/// A dated annotation (timeline, entity pages, home).
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// `display` is the whole span ("9–13 March 2007"); `iso` its start.
    pub date: DateView,
    pub until: Option<DateView>,
    /// The annotation's `title`, or else its quote.
    pub title: String,
    pub quote: String,
    pub kind: String,
    /// The mark in its article: `articles/<slug>/#a-<id>`.
    pub url: String,
    /// An [`ArticleRef`].
    pub article: CardValue,
    /// [`EntityRef`]s.
    pub entities: Vec<CardValue>,
    #[serde(serialize_with = "safe_opt")]
    pub note_html: Option<String>,
}

/// Any annotation listed away from its article (tag pages, claims on entity pages).
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationCard {
    pub kind: String,
    pub quote: String,
    pub url: String,
    /// An [`ArticleRef`].
    pub article: CardValue,
    #[serde(serialize_with = "safe_opt")]
    pub note_html: Option<String>,
    /// For claims: who it is attributed to.
    pub source: Option<SourceView>,
}

/// One mention of an entity, in its sentence.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    pub kind: String,
    /// The mark: `articles/<slug>/#a-<id>` (or `#a-<id>.<n>` for the n-th match of an
    /// `occurrence: all` annotation).
    pub url: String,
    /// The sentence, escaped, with the mention wrapped in `<mark>`.
    #[serde(serialize_with = "safe")]
    pub sentence_html: String,
    #[serde(serialize_with = "safe_opt")]
    pub note_html: Option<String>,
}

/// The mentions of an entity in one article.
#[derive(Debug, Clone, Serialize)]
pub struct MentionGroup {
    /// An [`ArticleRef`].
    pub article: CardValue,
    pub mentions: Vec<MentionView>,
    /// How many `mentions` there are: a filter call (`| length`) costs Tera as much as a
    /// dozen plain values, once per article on every entity page.
    pub count: usize,
}

/// A note of an article, numbered as in the margin; listed at the end for print.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub number: usize,
    /// The mark it belongs to: `a-<id>`.
    pub anchor: String,
    /// The sidenote's own id: `sn-<id>`.
    pub id: String,
    #[serde(serialize_with = "safe")]
    pub html: String,
}

/// A related article and how many entities it shares.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub article: CardValue,
    pub shared: usize,
}

/// A labelled external link (`wikipedia: https://…`).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub label: String,
    pub url: String,
}

/// `home.html`.
#[derive(Debug, Clone, Serialize)]
pub struct HomePage {
    pub articles: Vec<CardValue>,
    pub entities: Vec<EntityCard>,
    pub events: Vec<EventView>,
    pub tags: Vec<TagCard>,
    pub article_count: usize,
    pub entity_count: usize,
}

/// `article.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticlePage {
    pub article: CardValue,
    /// The original's address, if given.
    pub original_url: Option<String>,
    /// The body with marks and sidenotes.
    #[serde(serialize_with = "safe")]
    pub body_html: String,
    pub notes: Vec<NoteView>,
    /// [`EntityCard`]s.
    pub entities: Vec<CardValue>,
    /// The same entities grouped by kind, as the page lists them.
    pub entity_groups: Vec<EntityGroup>,
    pub related: Vec<RelatedView>,
    /// Front-matter keys gloss does not know, as written; a template walking them
    /// (`{% for key, value in page.extra %}`) sees them in alphabetical order.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The data of the mention previews (a [`Previews`] as JSON), for an inline
    /// `<script type="application/json" id="gloss-previews">`: safe to insert as is (`<`, `>`
    /// and `&` are escaped), so `{{ page.previews_json }}` prints it as is. gloss.js reads it; pages
    /// work without it. Empty when the article mentions no entity.
    #[serde(serialize_with = "safe")]
    pub previews_json: String,
}

/// The entities of one kind an article mentions, most mentioned first.
#[derive(Debug, Clone, Serialize)]
pub struct EntityGroup {
    pub kind: String,
    /// The group's heading: "People", "Places"…, or the kind capitalized.
    pub label: String,
    /// [`EntityCard`]s, shared with [`ArticlePage::entities`].
    pub entities: Vec<CardValue>,
}

/// What gloss.js needs to preview the mentions of an article without fetching anything.
#[derive(Debug, Clone, Serialize)]
pub struct Previews<'a> {
    /// The entities the article mentions, by id: each an [`EntityPreview`] as JSON, made once
    /// per build (in [`super::Memo`]) for all the articles mentioning it.
    pub entities: std::collections::BTreeMap<&'a str, &'a serde_json::value::RawValue>,
    /// The entity each mention annotation links to: annotation id → entity id.
    pub mentions: std::collections::BTreeMap<&'a str, &'a str>,
}

/// An entity as its preview shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPreview {
    pub name: String,
    pub kind: String,
    /// The first sentence of its description, as plain text.
    pub about: Option<String>,
}

/// `entity.html`.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    pub entity: EntityCard,
    pub aliases: Vec<String>,
    #[serde(serialize_with = "safe_opt")]
    pub description_html: Option<String>,
    pub links: Vec<LinkView>,
    pub mentions: Vec<MentionGroup>,
    pub events: Vec<EventView>,
    pub claims: Vec<AnnotationCard>,
    /// [`EntityRef`]s.
    pub co_mentioned: Vec<CardValue>,
    /// Articles whose `source` is this entity.
    pub articles_from: Vec<CardValue>,
}

/// A kind of entity and its members, for the entity index.
#[derive(Debug, Clone, Serialize)]
pub struct KindGroup {
    pub kind: String,
    /// "People", "Organizations", …
    pub label: String,
    pub entities: Vec<EntityCard>,
}

/// `entities.html`.
#[derive(Debug, Clone, Serialize)]
pub struct EntitiesPage {
    pub groups: Vec<KindGroup>,
}

/// The events of one year.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    pub year: String,
    pub events: Vec<EventView>,
}

/// `timeline.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TimelinePage {
    pub years: Vec<YearGroup>,
}

/// `tag.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TagPage {
    pub tag: TagCard,
    pub articles: Vec<CardValue>,
    pub annotations: Vec<AnnotationCard>,
}

/// `tags.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TagsPage {
    pub tags: Vec<TagCard>,
}

/// One entry of `atom.xml`. Addresses are absolute.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    /// RFC 3339, from the article's date: `2007-03-15T00:00:00Z`.
    pub updated: String,
    pub author: Option<String>,
    /// Not marked safe, unlike other `*_html` fields: an Atom `<summary type="html">` holds
    /// HTML as text, so the template prints it escaped.
    pub summary_html: Option<String>,
}

/// `atom.xml`.
#[derive(Debug, Clone, Serialize)]
pub struct FeedPage {
    pub url: String,
    /// The newest entry's date, so the feed changes only when content does.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// `sitemap.xml`.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapPage {
    /// Absolute addresses with the last modification date where known.
    pub urls: Vec<SitemapUrl>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}
