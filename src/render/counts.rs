//! `entity-counts.js`: every entity's site-wide counts, for the mention previews of article
//! pages. One file rather than a copy in each page: a mention added to one article then
//! changes this file and a few pages, not every article naming the entity. A script, not
//! JSON, so that pages opened from disk (where nothing can be fetched) read it too.

use crate::link::Site;
use std::collections::BTreeMap;

/// Where the file goes, relative to the site root.
pub const PATH: &str = "entity-counts.js";

/// The script: `self.glossEntityCounts = {id: [articles, mentions], …};`.
pub fn script(site: &Site) -> Vec<u8> {
    let counts: BTreeMap<&str, [usize; 2]> = site
        .entities
        .iter()
        .map(|(id, links)| (id.as_str(), [links.article_count, links.mentions.len()]))
        .collect();
    let json = serde_json::to_string(&counts).unwrap_or_else(|_| "{}".into());
    format!(
        "/* gloss: each entity's [articles, mentions] in the whole site, for mention previews. */\n\
         self.glossEntityCounts = {json};\n"
    )
    .into_bytes()
}
