//! Related articles: the ones sharing the most entities with an article, nearest in time
//! first — found in time linear in the size of the archive.

use super::tally::Tally;
use foldhash::fast::FixedState;
use rayon::prelude::*;
use std::collections::HashMap;

/// How many articles on each side of an article, in an entity's date-ordered list of
/// articles, are candidates for being related to it. Everything sharing an entity is a
/// candidate while the entity appears in fewer than `2 × WINDOW` articles; past that, an
/// entity every article mentions would make the search quadratic, and an article from
/// years away that shares only that entity is not what a reader wants suggested anyway.
const WINDOW: usize = 50;

/// For each article, up to `limit` related articles with the number of entities shared:
/// most shared first, then nearest in date order (`rank` — lower is newer), then newer.
pub fn related(
    article_entities: &[Vec<(String, usize)>],
    by_date: &[usize],
    limit: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut rank = vec![0; by_date.len()];
    for (r, &a) in by_date.iter().enumerate() {
        rank[a] = r;
    }
    // Per entity, the articles naming it by rank; built in rank order so already sorted.
    let mut by_entity: HashMap<&str, Vec<usize>, FixedState> = HashMap::default();
    for &a in by_date {
        for (id, _) in &article_entities[a] {
            by_entity.entry(id).or_default().push(rank[a]);
        }
    }
    // Counted in a tally (one per worker thread): a thousand or so hits per article.
    (0..article_entities.len())
        .into_par_iter()
        .map_init(
            || Tally::new(by_date.len()),
            |tally, a| {
                let me = rank[a];
                for (id, _) in &article_entities[a] {
                    let ranks = &by_entity[id.as_str()];
                    // `me` is in the list: the entity came from this article.
                    let at = ranks.partition_point(|&r| r < me);
                    let window =
                        &ranks[at.saturating_sub(WINDOW)..(at + 1 + WINDOW).min(ranks.len())];
                    for &r in window.iter().filter(|&&r| r != me) {
                        tally.add(r);
                    }
                }
                let key =
                    |&(r, count): &(usize, usize)| (std::cmp::Reverse(count), r.abs_diff(me), r);
                // The first `limit` by key, kept sorted while the candidates (a thousand or
                // so) go by: each is compared with the last kept, and most stop there. Every
                // key is distinct, so the result is exact.
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
                    .map(|(r, count)| (by_date[r], count))
                    .collect()
            },
        )
        .collect()
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
        let related = related(&list, &[0, 1, 2, 3], 5);
        assert_eq!(related[0], vec![(2, 2), (1, 1), (3, 1)]);
        assert_eq!(related[3], vec![(2, 1), (1, 1), (0, 1)]);
    }

    #[test]
    fn articles_sharing_nothing_are_not_related() {
        let list = vec![entities(&["a"]), entities(&["b"]), vec![]];
        assert!(related(&list, &[2, 1, 0], 5).iter().all(Vec::is_empty));
    }

    #[test]
    fn a_common_entity_only_relates_articles_near_in_time() {
        let list: Vec<_> = (0..3 * WINDOW).map(|_| entities(&["common"])).collect();
        let by_date: Vec<usize> = (0..list.len()).collect();
        let related = related(&list, &by_date, usize::MAX);
        assert_eq!(related[0].len(), WINDOW);
        assert_eq!(related[WINDOW * 3 / 2].len(), 2 * WINDOW);
        assert_eq!(related[0][0], (1, 1));
    }
}
