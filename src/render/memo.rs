//! Pieces of pages computed once and shared: by all the pages of a build, and by `watch`
//! between rebuilds.

use crate::load::Project;
use crate::sync::lock;
use foldhash::fast::FixedState;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Pieces many pages show, made the first time one needs them and reused: an article's card
/// appears on its page, in related lists and on every tag and entity page it is listed on; an
/// entity's preview in every article mentioning it; an article's entries in the search index,
/// which `watch` would otherwise make again for all articles after every edit. A build makes
/// one; `watch` keeps it between rebuilds and forgets what an edit changes.
#[derive(Default)]
pub struct Memo {
    /// Per article, its card as a template value for each of [`MEMO_ROOTS`]: cloning one is
    /// cheap, and a build lists each article ten times on average (making cards again took
    /// 2.5% of a build's instructions; keeping them costs ~25 MB at 10,000 articles).
    cards: Vec<[OnceLock<tera::Value>; 3]>,
    /// Per article, its [`super::views::ArticleRef`] as a template value: no way back to the
    /// root in it, and listed on the page of every entity it mentions.
    refs: Vec<OnceLock<tera::Value>>,
    /// Per entity id, its preview as JSON (`None` for an id not in the registry): made from
    /// the registry alone, like the entity cards and references below, so kept through
    /// article edits.
    previews: HashMap<String, OnceLock<Option<Box<RawValue>>>, FixedState>,
    /// Per entity id, its cards on article pages as template values, by the mentions in the
    /// article they show. A build lists entities ~15 times an article, with a few counts
    /// each.
    entity_cards: HashMap<String, Mutex<Vec<(usize, tera::Value)>>, FixedState>,
    /// Per entity id, its [`super::views::EntityRef`] as a template value (`None` for an id
    /// not in the registry): the same whatever the articles say.
    entity_refs: HashMap<String, OnceLock<Option<tera::Value>>, FixedState>,
    /// Per article, its entries in the search index as JSON: the article's, then its notes'.
    search: Vec<OnceLock<(String, String)>>,
    /// Tags (as [`super::views::TagRef`]s) and sources as template values, by tag or source
    /// as written: every article card lists them, tens of thousands of cards in a large
    /// build, and cloning a value is cheap where making one is not. An article edit that
    /// renames a tag (its first spelling) is a full build, with a new memo.
    tags: Mutex<HashMap<String, Option<tera::Value>, FixedState>>,
    sources: Mutex<HashMap<String, tera::Value, FixedState>>,
}

/// The ways back to the site root that pages use (home, a section index, a page of a section).
const MEMO_ROOTS: [&str; 3] = ["", "../", "../../"];

impl Memo {
    /// Empty room for every article and entity of `project`.
    pub fn new(project: &Project) -> Memo {
        let articles = project.articles.len();
        Memo {
            cards: (0..articles).map(|_| Default::default()).collect(),
            refs: (0..articles).map(|_| OnceLock::new()).collect(),
            previews: project
                .registry
                .entities
                .keys()
                .map(|id| (id.clone(), OnceLock::new()))
                .collect(),
            entity_cards: project
                .registry
                .entities
                .keys()
                .map(|id| (id.clone(), Mutex::default()))
                .collect(),
            entity_refs: project
                .registry
                .entities
                .keys()
                .map(|id| (id.clone(), OnceLock::new()))
                .collect(),
            search: (0..articles).map(|_| OnceLock::new()).collect(),
            tags: Mutex::default(),
            sources: Mutex::default(),
        }
    }

    /// Forgets what was made from article `index` (after an edit of it).
    pub fn forget_article(&mut self, index: usize) {
        if let Some(slots) = self.cards.get_mut(index) {
            slots.iter_mut().for_each(|slot| drop(slot.take()));
        }
        if let Some(slot) = self.refs.get_mut(index) {
            slot.take();
        }
        if let Some(slot) = self.search.get_mut(index) {
            slot.take();
        }
    }

    /// Tag `name`'s card as a template value (`None` for a tag the site does not have), made
    /// by `make` unless made already.
    pub fn tag(
        &self,
        name: &str,
        make: impl FnOnce() -> Option<tera::Value>,
    ) -> Option<tera::Value> {
        made_once(&self.tags, name, make)
    }

    /// Entity `id`'s card for an article mentioning it `in_article` times as a template
    /// value, made by `make` unless made already (made each time for an id not in the
    /// registry, whose `make` gives `None`).
    pub fn entity_card(
        &self,
        id: &str,
        in_article: usize,
        make: impl FnOnce() -> Option<tera::Value>,
    ) -> Option<tera::Value> {
        let Some(cards) = self.entity_cards.get(id) else {
            return make();
        };
        if let Some((_, card)) = lock(cards).iter().find(|(m, _)| *m == in_article) {
            return Some(card.clone());
        }
        // Made outside the lock, like `made_once`.
        let card = make()?;
        lock(cards).push((in_article, card.clone()));
        Some(card)
    }

    /// Entity `id`'s reference as a template value, made by `make` unless made already.
    pub fn entity_ref(
        &self,
        id: &str,
        make: impl FnOnce() -> Option<tera::Value>,
    ) -> Option<tera::Value> {
        match self.entity_refs.get(id) {
            Some(slot) => slot.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// Source `name` as a template value, made by `make` unless made already.
    pub fn source(&self, name: &str, make: impl FnOnce() -> tera::Value) -> tera::Value {
        made_once(&self.sources, name, make)
    }

    /// Article `index`'s search-index entries, made by `make` unless made already.
    pub fn search(
        &self,
        index: usize,
        make: impl FnOnce() -> (String, String),
    ) -> std::borrow::Cow<'_, (String, String)> {
        match self.search.get(index) {
            Some(slot) => std::borrow::Cow::Borrowed(slot.get_or_init(make)),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// Article `index`'s card under `root`, made by `make` unless made already.
    pub fn card(
        &self,
        index: usize,
        root: &str,
        make: impl FnOnce() -> tera::Value,
    ) -> tera::Value {
        per_root(&self.cards, index, root, make)
    }

    /// Article `index`'s reference, made by `make` unless made already.
    pub fn article_ref(&self, index: usize, make: impl FnOnce() -> tera::Value) -> tera::Value {
        made_in(self.refs.get(index), make)
    }

    /// Entity `id`'s preview as JSON, made by `make` unless made already (`None` for an id
    /// not in the registry).
    pub fn preview(
        &self,
        id: &str,
        make: impl FnOnce() -> Option<Box<RawValue>>,
    ) -> Option<&RawValue> {
        self.previews.get(id)?.get_or_init(make).as_deref()
    }
}

/// Article `index`'s value under `root` from `slots`, made by `make` unless made already (or
/// made each time when there is no slot for it).
fn per_root<T: Clone>(
    slots: &[[OnceLock<T>; 3]],
    index: usize,
    root: &str,
    make: impl FnOnce() -> T,
) -> T {
    let slot = MEMO_ROOTS
        .iter()
        .position(|r| *r == root)
        .and_then(|r| Some(&slots.get(index)?[r]));
    made_in(slot, make)
}

/// The value in `slot`, made by `make` unless made already (or made each time when there is
/// no slot).
fn made_in<T: Clone>(slot: Option<&OnceLock<T>>, make: impl FnOnce() -> T) -> T {
    match slot {
        Some(slot) => slot.get_or_init(make).clone(),
        None => make(),
    }
}

/// The value kept in `made` under `name`, made by `make` and kept unless made already. (Made
/// outside the lock: two threads may both make one the first time, which is harmless.)
fn made_once<T: Clone>(
    made: &Mutex<HashMap<String, T, FixedState>>,
    name: &str,
    make: impl FnOnce() -> T,
) -> T {
    if let Some(value) = lock(made).get(name) {
        return value.clone();
    }
    let value = make();
    lock(made).insert(name.to_string(), value.clone());
    value
}
