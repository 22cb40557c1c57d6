//! Related articles: the ones sharing the most entities with an article, nearest in time
//! first — found in time linear in the size of the archive.

use super::tally::Tally;
use foldhash::fast::FixedState;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// How many articles on each side of an article, in an entity's date-ordered list of
/// articles, are candidates for being related to it. Everything sharing an entity is a
/// candidate while the entity appears in fewer than `2 × WINDOW` articles; past that, an
/// entity every article mentions would make the search quadratic, and an article from
/// years away that shares only that entity is not what a reader wants suggested anyway.
const WINDOW: usize = 50;

/// For each article, up to `limit` related articles with the number of entities shared:
/// most shared first, then nearest in date order (`rank` — lower is newer), then newer. With
/// the index they were found by, which `watch` keeps to find them again for a few articles.
pub fn related(
    article_entities: &[Vec<(String, usize)>],
    by_date: &[usize],
    limit: usize,
) -> (Vec<Vec<(usize, usize)>>, Index) {
    let index = Index::new(article_entities, by_date);
    // Counted in a tally (one per worker thread): a thousand or so hits per article.
    let lists = (0..article_entities.len())
        .into_par_iter()
        .map_init(
            || Tally::new(by_date.len()),
            |tally, a| index.related(a, article_entities, tally, limit),
        )
        .collect();
    (lists, index)
}

/// Each article's rank in date order and each entity's articles by rank: what finding one
/// article's related articles needs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// Per article, its place in date order.
    rank: Vec<usize>,
    /// Articles by rank: `by_date`.
    by_rank: Vec<usize>,
    /// Per entity, the ranks of the articles naming it, in order.
    by_entity: HashMap<String, Vec<usize>, FixedState>,
}

impl Index {
    pub fn new(article_entities: &[Vec<(String, usize)>], by_date: &[usize]) -> Self {
        let mut rank = vec![0; by_date.len()];
        for (r, &a) in by_date.iter().enumerate() {
            rank[a] = r;
        }
        // Built in rank order, so already sorted; keyed by borrowed ids while built, so that
        // only one id per entity is copied.
        let mut by_entity: HashMap<&str, Vec<usize>, FixedState> = HashMap::default();
        for &a in by_date {
            for (id, _) in &article_entities[a] {
                by_entity.entry(id).or_default().push(rank[a]);
            }
        }
        Index {
            rank,
            by_rank: by_date.to_vec(),
            by_entity: by_entity
                .into_iter()
                .map(|(id, ranks)| (id.to_string(), ranks))
                .collect(),
        }
    }

    /// Article `a` now names the entities `after` where it named `before`.
    pub fn renamed(&mut self, a: usize, before: &BTreeSet<String>, after: &BTreeSet<String>) {
        let me = self.rank[a];
        for id in after.difference(before) {
            let ranks = self.by_entity.entry(id.clone()).or_default();
            let at = ranks.partition_point(|&r| r < me);
            ranks.insert(at, me);
        }
        for id in before.difference(after) {
            if let Some(ranks) = self.by_entity.get_mut(id) {
                ranks.retain(|&r| r != me);
                if ranks.is_empty() {
                    self.by_entity.remove(id);
                }
            }
        }
    }

    /// Article `a`'s place in date order (0: the newest).
    pub fn rank(&self, a: usize) -> usize {
        self.rank[a]
    }

    fn ranks(&self, entity: &str) -> &[usize] {
        self.by_entity.get(entity).map_or(&[][..], Vec::as_slice)
    }

    /// The articles naming `entity` near article `a` in date order, `a`'s place in the list
    /// (or where it would be) included: those whose related articles can change when `a`
    /// starts or stops naming the entity. Beyond [`WINDOW`] places on either side, `a` is
    /// in no article's window, before or after.
    pub fn near(&self, entity: &str, a: usize) -> impl Iterator<Item = usize> + '_ {
        let ranks = self.ranks(entity);
        let at = ranks.partition_point(|&r| r < self.rank[a]);
        let window = &ranks[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(ranks.len())];
        window.iter().map(|&r| self.by_rank[r])
    }

    /// Up to `limit` articles related to article `a`, counted in `tally`.
    pub fn related(
        &self,
        a: usize,
        article_entities: &[Vec<(String, usize)>],
        tally: &mut Tally,
        limit: usize,
    ) -> Vec<(usize, usize)> {
        let me = self.rank[a];
        for (id, _) in &article_entities[a] {
            let ranks = self.ranks(id);
            // `me` is in the list: the entity came from this article.
            let at = ranks.partition_point(|&r| r < me);
            let window = &ranks[at.saturating_sub(WINDOW)..(at + 1 + WINDOW).min(ranks.len())];
            for &r in window.iter().filter(|&&r| r != me) {
                tally.add(r);
            }
        }
        let key = |&(r, count): &(usize, usize)| (std::cmp::Reverse(count), r.abs_diff(me), r);
        // The first `limit` by key, kept sorted while the candidates (a thousand or so) go
        // by: each is compared with the last kept, and most stop there. Every key is
        // distinct, so the result is exact.
        let mut best: Vec<(usize, usize)> = Vec::new();
        for candidate in tally.drain() {
            if best.len() == limit {
                match best.last() {
                    Some(last) if key(&candidate) < key(last) => {
                        best.pop();
                    }
                    _ => continue,
                }
            }
            let at = best.partition_point(|kept| key(kept) < key(&candidate));
            best.insert(at, candidate);
        }
        best.into_iter()
            .map(|(r, count)| (self.by_rank[r], count))
            .collect()
    }

    /// The articles naming `entity`, newest first.
    pub fn articles_naming(&self, entity: &str) -> impl Iterator<Item = usize> + '_ {
        self.ranks(entity).iter().map(|&r| self.by_rank[r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(ids: &[&str]) -> Vec<(String, usize)> {
        ids.iter().map(|id| (id.to_string(), 1)).collect()
    }

    #[test]
    fn most_shared_first_then_nearest_in_time() {
        // Newest first: 0, 1, 2, 3.
        let list = vec![
            entities(&["a", "b"]),
            entities(&["a"]),
            entities(&["a", "b"]),
            entities(&["a"]),
        ];
        let (related, _) = related(&list, &[0, 1, 2, 3], 5);
        assert_eq!(related[0], vec![(2, 2), (1, 1), (3, 1)]);
        assert_eq!(related[3], vec![(2, 1), (1, 1), (0, 1)]);
    }

    #[test]
    fn articles_sharing_nothing_are_not_related() {
        let list = vec![entities(&["a"]), entities(&["b"]), vec![]];
        assert!(related(&list, &[2, 1, 0], 5).0.iter().all(Vec::is_empty));
    }

    /// Every other article whose related articles change when article `a` starts naming an
    /// entity (or stops) is among those `near` gives, in the index before and after.
    #[test]
    fn near_holds_every_article_whose_related_articles_change() {
        let n = 3 * WINDOW;
        let by_date: Vec<usize> = (0..n).collect();
        for a in [0, 1, WINDOW, n / 2, n - 2, n - 1] {
            let with: Vec<_> = (0..n).map(|_| entities(&["common"])).collect();
            let mut without = with.clone();
            without[a].clear();
            // No limit: every change of a window shows in the lists.
            let (before, _) = related(&without, &by_date, usize::MAX);
            let (after, _) = related(&with, &by_date, usize::MAX);
            for index in [Index::new(&with, &by_date), Index::new(&without, &by_date)] {
                let near: Vec<usize> = index.near("common", a).collect();
                let changed: Vec<usize> = (0..n)
                    .filter(|&b| b != a && before[b] != after[b])
                    .collect();
                assert!(
                    changed.iter().all(|b| near.contains(b)),
                    "a = {a}: {changed:?} changed, near: {near:?}"
                );
                assert!(near.len() <= 2 * WINDOW + 3, "a = {a}: {} near", near.len());
            }
        }
    }

    /// An index told what one article now names equals one made anew, entities coming and
    /// going included.
    #[test]
    fn an_index_renamed_equals_one_made_anew() {
        let set =
            |ids: &[&str]| -> BTreeSet<String> { ids.iter().map(|i| i.to_string()).collect() };
        let by_date = vec![2, 0, 1];
        let before = vec![entities(&["a", "b"]), entities(&["a"]), entities(&["b"])];
        let after = vec![entities(&["a", "c"]), entities(&["a"]), entities(&["b"])];
        let mut index = Index::new(&before, &by_date);
        index.renamed(0, &set(&["a", "b"]), &set(&["a", "c"]));
        assert_eq!(index, Index::new(&after, &by_date));
        // The last article naming `b` stops.
        index.renamed(2, &set(&["b"]), &set(&[]));
        let mut gone = after.clone();
        gone[2].clear();
        assert_eq!(index, Index::new(&gone, &by_date));
    }

    #[test]
    fn a_common_entity_only_relates_articles_near_in_time() {
        let list: Vec<_> = (0..3 * WINDOW).map(|_| entities(&["common"])).collect();
        let by_date: Vec<usize> = (0..list.len()).collect();
        let (related, _) = related(&list, &by_date, usize::MAX);
        assert_eq!(related[0].len(), WINDOW);
        assert_eq!(related[WINDOW * 3 / 2].len(), 2 * WINDOW);
        assert_eq!(related[0][0], (1, 1));
    }
}
