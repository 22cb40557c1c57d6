//! The last check of a build: every `href` and `src` in the rendered pages that points inside
//! the site must reach a file gloss writes, and its `#fragment` an `id` on that page — links
//! from templates and from Markdown alike. External links are left alone.

use crate::diagnostic::Diagnostic;
use crate::load::Project;
use crate::render::Output;
use foldhash::fast::FixedState;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What one page offers and asks for.
struct Scan<'a> {
    /// The value of every `id`, as bytes (see [`id_hash`]).
    ids: Vec<&'a [u8]>,
    /// `(attribute value, attribute name)` of every `href`/`src`, as bytes: their UTF-8 is
    /// checked once they are told apart.
    links: Vec<(&'a [u8], &'static str)>,
}

impl Scan<'_> {
    /// Keeps the first of each link: a page repeats many (tags, entities), and each is
    /// checked once. (Hashing them took a third of the instructions sorting them did.)
    fn dedup_links(&mut self) {
        let mut seen = HashSet::with_capacity_and_hasher(self.links.len(), FixedState::default());
        // The attribute is `href` or `src`, told apart by its length: hashed as a number
        // rather than as text.
        self.links
            .retain(|&(link, attribute)| seen.insert((link, attribute.len())));
    }
}

/// The hash an id is known by in a [`SiteIndex`]: ids are kept as sorted hashes, not text,
/// since a large site has hundreds of thousands of them. (A broken `#fragment` whose hash
/// equals that of an id on its page would go unreported: a chance of about 1 in 2^64. The
/// same goes for the addresses [`check_links`] follows once.)
fn id_hash(id: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id)
}

/// The sorted hashes of `ids`.
fn id_hashes<'a>(ids: impl Iterator<Item = &'a [u8]>) -> Vec<u64> {
    let mut hashes: Vec<u64> = ids.map(id_hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// What one page offers and asks for, kept once the page itself is gone: a full build scans
/// each page as it is rendered and checks the links when the whole site is known. Compact,
/// as a build keeps one for every page.
#[derive(Debug)]
pub struct PageLinks {
    path: String,
    /// The page's ids (see [`id_hash`]).
    ids: Vec<u64>,
    /// Each distinct link into the site, one after the other: the `href` values, then the
    /// `src` values.
    text: String,
    /// Where each link in `text` ends.
    ends: Vec<usize>,
    /// How many of the links are `href` values.
    hrefs: usize,
}

impl PageLinks {
    /// The ids and links of `output`, or `None` when it is not an HTML page.
    pub fn of(output: &Output) -> Option<PageLinks> {
        if !output.path.ends_with(".html") {
            return None;
        }
        let mut scan = scan(&output.bytes);
        scan.dedup_links();
        let links: Vec<(&[u8], &'static str)> = scan
            .links
            .iter()
            .copied()
            .filter(|&(link, _)| stays_in_site(link))
            .collect();
        // The `href` values first, each kind in page order: two passes rather than a stable
        // sort, which merged runs of a page's ~70 links.
        let is_href = |(_, attribute): &&(&[u8], &'static str)| *attribute == "href";
        let hrefs = links.iter().filter(is_href);
        let srcs = links.iter().filter(|link| !is_href(link));
        let mut text = Vec::with_capacity(links.iter().map(|(link, _)| link.len()).sum());
        let mut ends = Vec::with_capacity(links.len());
        for (link, _) in hrefs.chain(srcs) {
            text.extend_from_slice(link);
            ends.push(text.len());
        }
        // Checked once for the page rather than link by link (a call for 40 bytes cost ~125
        // instructions); it cannot fail, as `stays_in_site` keeps only UTF-8.
        let text = String::from_utf8(text).expect("links that stay in the site are UTF-8");
        Some(PageLinks {
            path: output.path.clone(),
            ids: id_hashes(scan.ids.into_iter()),
            text,
            ends,
            hrefs: links.iter().filter(is_href).count(),
        })
    }

    /// Each link, read for checking from a page `depth` folders deep.
    fn links(&self, depth: usize) -> Vec<Link<'_>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .enumerate()
            .map(|(i, (start, &end))| Link::new(&self.text[start..end], i >= self.hrefs, depth))
            .collect()
    }
}

/// A link as the check reads it, taken apart once for the two passes that need it. As
/// small as a link's text and name were (32 bytes), for the 600,000 links of a large site.
struct Link<'a> {
    text: &'a str,
    /// For a link that climbs to the site root first ([`from_root`]), the hash of its
    /// address seen from the root ([`id_hash`]).
    hash: u64,
    /// Where that address ends in `text` (at its `#`, or its end); [`NOT_FROM_ROOT`] for
    /// other links.
    end: u32,
    /// A `src` value rather than an `href`.
    src: bool,
}

const NOT_FROM_ROOT: u32 = u32::MAX;

impl<'a> Link<'a> {
    fn new(text: &'a str, src: bool, depth: usize) -> Link<'a> {
        let root = from_root(depth, text).and_then(|key| {
            let address = split_fragment(key).0;
            let end = u32::try_from(text.len() - key.len() + address.len()).ok()?;
            Some((id_hash(address.as_bytes()), end))
        });
        let (hash, end) = root.unwrap_or((0, NOT_FROM_ROOT));
        Link {
            text,
            hash,
            end,
            src,
        }
    }

    /// The hash of the address and where it ends, for a link that climbs to the site root.
    fn root(&self) -> Option<(u64, usize)> {
        (self.end != NOT_FROM_ROOT).then_some((self.hash, self.end as usize))
    }

    fn attribute(&self) -> &'static str {
        if self.src { "src" } else { "href" }
    }
}

/// The files of a built site and the ids on each page: what links can reach. `watch` keeps it
/// between rebuilds and updates the pages it renders again.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    /// Hashed with foldhash rather than the default SipHash: a large build looks up tens of
    /// thousands of paths, and no one chooses these keys to attack the table.
    files: HashSet<String, FixedState>,
    /// Each page's ids (see [`id_hash`]).
    ids: HashMap<String, Vec<u64>, FixedState>,
}

/// Adds or replaces `outputs` in `index` and checks the links of the pages among them
/// against it; reports each broken one. Each page is scanned once for both.
pub fn update_and_check(
    project: &Project,
    index: &mut SiteIndex,
    outputs: &[Output],
) -> Vec<Diagnostic> {
    let pages: Vec<PageLinks> = outputs.par_iter().filter_map(PageLinks::of).collect();
    index.files.extend(outputs.iter().map(|o| o.path.clone()));
    add_and_check(project, index, pages)
}

/// Indexes a whole site, from the paths of all its `files` and the links of its pages, and
/// checks every link.
pub fn index_and_check(
    project: &Project,
    files: Vec<String>,
    pages: Vec<PageLinks>,
) -> (SiteIndex, Vec<Diagnostic>) {
    let mut index = SiteIndex {
        files: files.into_iter().collect(),
        ids: HashMap::with_capacity_and_hasher(pages.len(), FixedState::default()),
    };
    let diagnostics = add_and_check(project, &mut index, pages);
    (index, diagnostics)
}

/// Adds the ids of `pages` to `index`, whose files are already there, and checks their links.
fn add_and_check(
    project: &Project,
    index: &mut SiteIndex,
    mut pages: Vec<PageLinks>,
) -> Vec<Diagnostic> {
    for page in &mut pages {
        index
            .ids
            .insert(page.path.clone(), std::mem::take(&mut page.ids));
    }
    // The 404 page links from the server root (it is served at any address).
    let links: Vec<(&str, usize, Vec<Link>)> = pages
        .par_iter()
        .filter(|page| page.path != "404.html")
        .map(|page| {
            let depth = depth(&page.path);
            (page.path.as_str(), depth, page.links(depth))
        })
        .collect();
    check_links(project, index, &links)
}

/// Checks `(page, its depth, its links)` against `index`; reports each broken link once.
fn check_links(
    project: &Project,
    index: &SiteIndex,
    pages: &[(&str, usize, Vec<Link>)],
) -> Vec<Diagnostic> {
    // A link that climbs to the site root first means the same on every page: its address
    // is followed once, not on each of the thousands of pages that repeat it (every article
    // links to entity and tag pages), and only its fragment is looked up each time (entity
    // and tag pages link to a hundred thousand marks in a few thousand pages). Addresses are
    // known by their hash, as ids are: comparing each of a large site's 600,000 links with
    // a key held in another page's memory would miss the cache nearly every time.
    let addresses: HashMap<u64, &str, FixedState> = pages
        .par_iter()
        .fold(HashMap::default, |mut addresses, (_, depth, links)| {
            for link in links {
                if let Some((hash, end)) = link.root() {
                    addresses.entry(hash).or_insert(&link.text[3 * depth..end]);
                }
            }
            addresses
        })
        .reduce(HashMap::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            a.extend(b);
            a
        });
    let reached: HashMap<u64, Reached, FixedState> = addresses
        .par_iter()
        .map(|(&hash, address)| (hash, reach("index.html", address, index)))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = pages
        .par_iter()
        .with_max_len(crate::parallel::PIECE)
        .flat_map_iter(|(path, _, links)| {
            let reached = &reached;
            links.iter().filter_map(move |link| {
                let from_root = link.root().and_then(|(hash, end)| {
                    let fragment = link.text.get(end + 1..);
                    Some((reached.get(&hash)?, fragment))
                });
                let why = match from_root {
                    Some((reached, fragment)) => reached.missing(fragment),
                    None => broken(path, link.text, index),
                }?;
                Some(diagnostic(project, path, link.text, link.attribute(), why))
            })
        })
        .collect();
    diagnostics.sort_by(|a, b| a.message.cmp(&b.message));
    diagnostics.dedup_by(|a, b| a.message == b.message);
    diagnostics
}

/// How many folders deep `page` is.
fn depth(page: &str) -> usize {
    page.bytes().filter(|&b| b == b'/').count()
}

/// `link` as seen from the site root, when it climbs out of every one of the `depth` folders
/// of its page first (`../../entities/x/` on `articles/a/index.html`): whether it is broken
/// then does not depend on the page. `None` for other links, and for links [`broken`] would
/// first decode or trim.
fn from_root(depth: usize, link: &str) -> Option<&str> {
    let rest = link.get(3 * depth..)?;
    let plain = depth > 0
        && link.as_bytes()[..3 * depth]
            .chunks(3)
            .all(|up| up == b"../")
        && memchr::memchr(b'&', link.as_bytes()).is_none()
        && link.trim().len() == link.len();
    plain.then_some(rest)
}

/// Why `link` on `page` leads nowhere, or `None` when it is fine (or not ours to check).
fn broken(page: &str, link: &str, index: &SiteIndex) -> Option<&'static str> {
    let link = decode_entities(link);
    let (address, fragment) = split_fragment(link.trim());
    reach(page, address, index).missing(fragment)
}

/// A link's address and its fragment (`None` without a `#`).
fn split_fragment(link: &str) -> (&str, Option<&str>) {
    // memchr rather than `split_once`, whose search costs twice as much on a short link, and
    // the check runs for every link of the site.
    match memchr::memchr(b'#', link.as_bytes()) {
        Some(at) => (&link[..at], Some(&link[at + 1..])),
        None => (link, None),
    }
}

/// Where an address leads.
enum Reached<'a> {
    /// A file of the site, with the ids of the page it is (`None` for other files), or an
    /// address that is not ours to check.
    File(Option<&'a [u64]>),
    /// Nowhere, and why.
    Nowhere(&'static str),
}

impl Reached<'_> {
    /// Why a link to this place with `fragment` leads nowhere, or `None` when it is fine.
    fn missing(&self, fragment: Option<&str>) -> Option<&'static str> {
        match (self, fragment) {
            (Reached::Nowhere(why), _) => Some(why),
            (Reached::File(Some(ids)), Some(f))
                if !f.is_empty() && ids.binary_search(&id_hash(f.as_bytes())).is_err() =>
            {
                Some("no element with that id on the page")
            }
            _ => None,
        }
    }
}

/// Where `address` (a link without its fragment) leads from `page`.
fn reach<'a>(page: &str, address: &str, index: &'a SiteIndex) -> Reached<'a> {
    let files = &index.files;
    // `gloss serve` answers `/__gloss/…` itself; nothing else writes there.
    if is_external(address.as_bytes()) || address.starts_with("/__gloss/") {
        return Reached::File(None);
    }
    let path = address.split('?').next().unwrap_or_default();
    let target = if path.is_empty() {
        page.to_string()
    } else {
        let Some(resolved) = resolve(page, path) else {
            return Reached::File(None);
        };
        if resolved.is_empty() || resolved.ends_with('/') {
            resolved + "index.html"
        } else if files.contains(&resolved) {
            resolved
        } else if files.contains(&(resolved.clone() + "/index.html")) {
            resolved + "/index.html"
        } else {
            resolved
        }
    };
    if !files.contains(&target) {
        return Reached::Nowhere("no such page or file in the site");
    }
    Reached::File(index.ids.get(&target).map(Vec::as_slice))
}

/// Whether a link, as an attribute's bytes, may lead into the site: it does not leave it
/// ([`is_external`]) once its entities are decoded and its ends trimmed. A link that is not
/// UTF-8 can name no file of the site: `false`. Nearly every link is ASCII without a `&` or
/// a space at either end, which decoding and trimming leave as it is: those are told by one
/// pass over their bytes (one the compiler makes many bytes at a time: a wide byte sets the
/// high bit, a `&` the low one), without a UTF-8 check of their own.
fn stays_in_site(link: &[u8]) -> bool {
    let marks = link
        .iter()
        .fold(0u8, |marks, &b| marks | (b & 0x80) | u8::from(b == b'&'));
    // What `str::trim` takes away at the ends of ASCII text (vertical tab included).
    let space = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_whitespace() || b == 0x0b);
    if marks == 0 && !space(link.first()) && !space(link.last()) {
        return !is_external(link);
    }
    std::str::from_utf8(link)
        .is_ok_and(|link| !is_external(decode_entities(link).trim().as_bytes()))
}

/// Links with a scheme (`https:`, `mailto:`, `data:`) or a host (`//x`) leave the site.
fn is_external(link: &[u8]) -> bool {
    // A scheme (`https:`, `mailto:`) ends at the link's first colon, before any `/`, `?` or
    // `#`; a link starting with `//` names another host.
    link.starts_with(b"//")
        || link.iter().find(|b| matches!(b, b':' | b'/' | b'?' | b'#')) == Some(&b':')
}

/// `path` (relative, or `/`-rooted at the site) seen from `page`, normalized; `None` when
/// it climbs above the site root (which is then a broken link too, reported by the caller
/// as missing: return an impossible name).
fn resolve(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir
    };
    let trailing = path.ends_with('/');
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some("\u{0}outside".into());
                }
            }
            part => parts.push(part),
        }
    }
    let mut joined = parts
        .iter()
        .map(|p| percent_decode(p))
        .collect::<Vec<_>>()
        .join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

fn percent_decode(part: &str) -> Cow<'_, str> {
    if !part.contains('%') {
        return Cow::Borrowed(part);
    }
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Attribute values as written in HTML may hold `&amp;` and friends.
fn decode_entities(value: &str) -> Cow<'_, str> {
    // A link is some 40 bytes: looked at whole, which the compiler does many at a time,
    // where memchr's setup cost more than the search.
    if !crate::text::has_any(value, *b"&") {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

/// The error, pointing at the Markdown line the link came from when it is an article's.
fn diagnostic(project: &Project, page: &str, link: &str, attribute: &str, why: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "broken-link",
        format!("`{page}` links to `{link}` ({attribute}): {why}"),
    );
    let article = page
        .strip_prefix("articles/")
        .and_then(|rest| rest.strip_suffix("/index.html"))
        .and_then(|slug| project.articles.iter().find(|a| a.slug == slug));
    let source = article.and_then(|a| {
        let at = a.body_text().find(link)? + a.body.start;
        Some((a, at))
    });
    match source {
        Some((article, at)) => d
            .at(&article.file, article.file.pos(at, link.len()))
            .help("fix the link's address in the article, or add the file it points to"),
        None => d.in_file(page).help(
            "the link comes from a template or a YAML value: fix its address, or add the file \
             (templates/static/, content/media/) it points to",
        ),
    }
}

/// Collects ids and link attributes from an HTML page: a small tag scanner (comments,
/// scripts and styles skipped; quoted and unquoted attribute values). It reads bytes, so a
/// page is not checked for UTF-8 as a whole, only the distinct links it keeps.
fn scan(html: &[u8]) -> Scan<'_> {
    // Room for what pages of gloss's templates hold (an article: an id in 600 bytes and a
    // link in 340; a tag's page a link in 190), so the lists rarely grow.
    let mut scan = Scan {
        ids: Vec::with_capacity(html.len() / 512),
        links: Vec::with_capacity(html.len() / 160),
    };
    let mut i = 0;
    while let Some(offset) = find_byte(b'<', &html[i..]) {
        i += offset + 1;
        // Closing tags, comments and doctypes have no name here.
        if !html.get(i).is_some_and(u8::is_ascii_alphabetic) {
            if html[i..].starts_with(b"!--") {
                i = memchr::memmem::find(&html[i..], b"-->").map_or(html.len(), |e| i + e + 3);
            }
            continue;
        }
        let name_end = skip(html, i + 1, |c| BYTES[c as usize] & NAME == 0);
        let name = &html[i..name_end];
        i = attributes(html, name_end, &mut scan);
        // Their text is not markup: skip to the closing tag.
        let close: &[u8] = match name.len() {
            6 if name.eq_ignore_ascii_case(b"script") => b"</script",
            5 if name.eq_ignore_ascii_case(b"style") => b"</style",
            _ => continue,
        };
        i = memchr::memmem::find(&html[i..], close).map_or(html.len(), |e| i + e);
    }
    scan
}

/// The first `byte` in `hay`: the first sixteen bytes looked at a word at a time, then
/// memchr. Over half the searches of the scan end that soon (two thirds of attribute values,
/// half the gaps between tags), where memchr's setup costs more than the search.
fn find_byte(byte: u8, hay: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    for start in [0, 8] {
        let Some(word) = hay.get(start..start + 8) else {
            return memchr::memchr(byte, &hay[start..]).map(|at| start + at);
        };
        let x =
            u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ (ONES * u64::from(byte));
        // The high bit of each zero byte of `x` (and maybe of bytes after the first: only
        // the lowest is read).
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return Some(start + (found.trailing_zeros() / 8) as usize);
        }
    }
    memchr::memchr(byte, &hay[16..]).map(|at| 16 + at)
}

/// What a byte does in a tag, as bits of [`BYTES`]: it ends a tag name, it ends an
/// attribute name, it is skipped before an attribute, it ends an unquoted value.
const NAME: u8 = 1;
const ATTRIBUTE: u8 = 2;
const GAP: u8 = 4;
const UNQUOTED: u8 = 8;
const BYTES: [u8; 256] = {
    let mut bytes = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let space = c.is_ascii_whitespace();
        if space || c == b'>' || c == b'/' {
            bytes[b] |= NAME;
        }
        if matches!(c, b'=' | b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') {
            bytes[b] |= ATTRIBUTE;
        }
        if space || c == b'/' {
            bytes[b] |= GAP;
        }
        if space || c == b'>' {
            bytes[b] |= UNQUOTED;
        }
        b += 1;
    }
    bytes
};

/// The first position from `i` on whose byte `keep` refuses, or the end.
fn skip(html: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < html.len() && keep(html[i]) {
        i += 1;
    }
    i
}

/// Reads the attributes of a tag from `i` to its `>`; returns the position after it.
fn attributes<'a>(html: &'a [u8], mut i: usize, scan: &mut Scan<'a>) -> usize {
    loop {
        i = skip(html, i, |c| BYTES[c as usize] & GAP != 0);
        // A page may end inside a tag (a template's mistake).
        if i >= html.len() {
            return html.len();
        }
        if html[i] == b'>' {
            return i + 1;
        }
        let start = i;
        // `class`, over half of a page's attributes, is not walked a byte at a time.
        i = if html[i..].starts_with(b"class=") {
            i + 5
        } else {
            skip(html, i, |c| BYTES[c as usize] & ATTRIBUTE == 0)
        };
        let name = &html[start..i];
        if i >= html.len() || html[i] != b'=' {
            continue;
        }
        i += 1;
        let value = match html.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = find_byte(quote, &html[i + 1..]).map_or(html.len(), |e| i + 1 + e);
                let value = &html[i + 1..end];
                i = end + 1;
                value
            }
            _ => {
                let start = i;
                i = skip(html, i, |c| BYTES[c as usize] & UNQUOTED == 0);
                &html[start..i]
            }
        };
        // Only these three matter: other values (classes, text in attributes) are skipped.
        // Ids are only hashed, so their bytes do: one that is not UTF-8 can match no
        // fragment, which is text.
        let attribute = match name.len() {
            2 if name.eq_ignore_ascii_case(b"id") => {
                scan.ids.push(value);
                continue;
            }
            4 if name.eq_ignore_ascii_case(b"href") => "href",
            3 if name.eq_ignore_ascii_case(b"src") => "src",
            _ => continue,
        };
        scan.links.push((value, attribute));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick test of plain links tells them as decoding, trimming and the UTF-8
        /// check do, whatever the bytes (spaces and `&` at either end, schemes, wide and
        /// broken UTF-8 among them).
        #[test]
        fn plain_links_stay_or_leave_as_decoded_ones_do(
            link in proptest::collection::vec(
                proptest::sample::select(&[b'a', b'/', b':', b'#', b'&', b' ', 0x0b, 0xc3, 0xa9, 0xff][..]),
                0..10,
            ),
        ) {
            proptest::prop_assert_eq!(stays_in_site(&link), decoded_stays(&link));
        }
    }

    /// What [`stays_in_site`] must agree with: the link decoded, trimmed and judged.
    fn decoded_stays(link: &[u8]) -> bool {
        std::str::from_utf8(link).is_ok_and(|l| !is_external(decode_entities(l).trim().as_bytes()))
    }

    #[test]
    fn links_with_spaces_or_entities_are_judged_decoded() {
        for link in [
            &b" //host/"[..],
            b"\x0b//host/",
            b"//host/\x0c",
            b"a/b",
            b"",
            b"https://x",
            b"../a&amp;b/",
            b"&#47;/host",
            b"\xff/x",
            b"caf\xc3\xa9/",
        ] {
            assert_eq!(stays_in_site(link), decoded_stays(link), "{link:?}");
        }
        assert!(!stays_in_site(b"\x0b//host/"));
        assert!(stays_in_site(b"../../entities/x/"));
    }

    proptest::proptest! {
        /// The word-at-a-time search finds what a plain search does, wherever the byte is,
        /// among bytes that differ from it only in their high bit (`<` is 3C, `¼` ends in BC).
        #[test]
        fn find_byte_finds_the_first(
            hay in proptest::collection::vec(
                proptest::sample::select(&[b'<', b'"', b'\'', 0xbc, 0xa2, 0xa7, b'a', 0x00, 0xff][..]),
                0..40,
            ),
            byte in proptest::sample::select(&[b'<', b'"', b'\''][..]),
        ) {
            proptest::prop_assert_eq!(find_byte(byte, &hay), hay.iter().position(|&b| b == byte));
        }
    }

    fn check_one(page: &str, html: &str, others: &[(&str, &str)]) -> Vec<String> {
        let mut outputs = vec![Output {
            path: page.into(),
            bytes: html.as_bytes().to_vec(),
        }];
        outputs.extend(others.iter().map(|(p, h)| Output {
            path: (*p).into(),
            bytes: h.as_bytes().to_vec(),
        }));
        update_and_check(&Project::default(), &mut SiteIndex::default(), &outputs)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn relative_links_and_fragments_are_followed() {
        let others = [
            ("entities/csto/index.html", r#"<h1 id="top">CSTO</h1>"#),
            ("static/gloss.css", ""),
        ];
        let page = r##"<link rel=stylesheet href="../../static/gloss.css">
            <a href="../../entities/csto/">ok</a> <a href="../../entities/csto/#top">ok</a>
            <a href='#here' id=here>self</a> <a href="https://example.org/x">out</a>
            <a href="mailto:a@b.c">mail</a> <a href="//cdn.example/x.js">cdn</a>
            <!-- <a href="gone/">commented out</a> -->
            <script>var s = '<a href="gone/">';</script>
            <a href="../../entities/nato/">missing</a> <a href="../../entities/csto/#nope">x</a>
            <img src="../../media/map.png" alt="">"##;
        let broken = check_one("articles/a/index.html", page, &others);
        assert_eq!(
            broken,
            vec![
                "`articles/a/index.html` links to `../../entities/csto/#nope` (href): no element with that id on the page",
                "`articles/a/index.html` links to `../../entities/nato/` (href): no such page or file in the site",
                "`articles/a/index.html` links to `../../media/map.png` (src): no such page or file in the site",
            ]
        );
    }

    #[test]
    fn a_link_from_the_root_is_judged_alike_on_every_page_that_reaches_it() {
        // Pages at different depths reach the same target, or climb out of the site with the
        // same text; each page's broken links are reported for that page.
        let target = ("entities/csto/index.html", r#"<h1 id="top">CSTO</h1>"#);
        let deep =
            r#"<a href="../../entities/csto/#top">ok</a> <a href="../../entities/nato/">x</a>"#;
        let shallow = r#"<a href="../entities/csto/#top">ok</a> <a href="../../entities/csto/">out</a>
            <a href="../entities/nato/">x</a> <a href="../entities/csto/#gone">x</a>"#;
        let broken = check_one(
            "articles/a/index.html",
            deep,
            &[
                target,
                ("tags/t/index.html", deep),
                ("entities/index.html", shallow),
            ],
        );
        assert_eq!(
            broken,
            vec![
                "`articles/a/index.html` links to `../../entities/nato/` (href): no such page or file in the site",
                "`entities/index.html` links to `../../entities/csto/` (href): no such page or file in the site",
                "`entities/index.html` links to `../entities/csto/#gone` (href): no element with that id on the page",
                "`entities/index.html` links to `../entities/nato/` (href): no such page or file in the site",
                "`tags/t/index.html` links to `../../entities/nato/` (href): no such page or file in the site",
            ]
        );
    }

    #[test]
    fn attributes_are_read_however_they_are_spaced_and_quoted() {
        let page = "<a\thref=b/ id='x'>1</a><a title=\"a=b > c\" HREF=c/>2</a>\
            <img alt=x src='d.png'/><a data-href=\"e/\" xhref=f/ id=y>3</a><a href = \"g/\">4</a>\
            <p class=\"id=no href=no\" class=z id=\"w\">5</p><p subclass=\"v\">6</p>";
        let scan = scan(page.as_bytes());
        assert_eq!(scan.ids, [&b"x"[..], b"y", b"w"]);
        assert_eq!(
            scan.links,
            [
                (&b"b/"[..], "href"),
                (&b"c/"[..], "href"),
                (&b"d.png"[..], "src")
            ]
        );
    }

    #[test]
    fn a_link_repeated_is_kept_once_for_each_attribute() {
        let page =
            r#"<a href="x/">1</a><img src="x/"><a href="x/">2</a><img src="x/"><a href="y">"#;
        let mut scan = scan(page.as_bytes());
        scan.dedup_links();
        assert_eq!(
            scan.links,
            [
                (&b"x/"[..], "href"),
                (&b"x/"[..], "src"),
                (&b"y"[..], "href")
            ]
        );
    }

    #[test]
    fn a_page_that_ends_inside_a_tag_is_read_to_its_end() {
        for page in [
            "<p>x</p><a",
            "<a href=\"../b/",
            "<a href=b/",
            "<a id=",
            "<script>x",
        ] {
            let broken = check_one("a/index.html", page, &[]);
            assert!(broken.len() <= 1, "{page}: {broken:?}");
        }
    }

    #[test]
    fn links_climbing_out_of_the_site_are_broken() {
        let broken = check_one("index.html", r#"<a href="../../etc/">up</a>"#, &[]);
        assert_eq!(broken.len(), 1);
    }

    #[test]
    fn the_404_page_is_left_alone() {
        assert!(check_one("404.html", r#"<a href="/somewhere/">home</a>"#, &[]).is_empty());
    }
}
