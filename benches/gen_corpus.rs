//! `gen-corpus`: writes a deterministic benchmark corpus for gloss — a complete project with
//! 200 made-up entities and N annotated articles that gloss must build with zero errors.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --articles 1000 --out /tmp/corpus [--seed 7]
//! ```
//!
//! **Deterministic.** The same arguments give byte-identical files on every machine: all
//! randomness comes from a seeded SplitMix64, every article draws from its own streams (so
//! article 9,000 does not depend on how the 8,999 before it were written), and nothing
//! iterates a hash map.
//!
//! **Valid by construction.** Each article is written as blocks of inline pieces, rendered at
//! once to hard-wrapped Markdown and to its *reader text* (DESIGN §2: markup removed, breaks
//! and block boundaries as whitespace). Every quote is taken from that reader text and given a
//! `prefix`, `suffix` or `occurrence` when a copy of gloss's matching rules ([`anchor`]) finds
//! it more than once. Before a file is written, [`check::article`] re-reads every annotation
//! as written and proves it lands where it was meant to; a failure aborts the run.
//!
//! The modules below are the stages: [`rng`] and [`words`] feed [`registry`] (the entities)
//! and [`corpus`] (per-article plans); [`prose`] writes the blocks, [`text`] renders them,
//! [`annotate`] builds the annotations, [`yaml`] serializes, [`check`] verifies.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// SplitMix64: tiny, fast, statistically sound, and identical on every platform.
mod rng {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A seeded pseudo-random stream.
    #[derive(Debug, Clone)]
    pub struct Rng {
        state: u64,
    }

    /// What a stream is for; each purpose gets streams independent of the others.
    #[derive(Debug, Clone, Copy)]
    pub enum Purpose {
        Registry = 1,
        Dates = 2,
        Header = 3,
        Plan = 4,
        Body = 5,
        Layout = 6,
    }

    impl Rng {
        pub fn new(seed: u64) -> Rng {
            Rng { state: seed }
        }

        /// The stream for one purpose and index (an article number, say).
        pub fn stream(seed: u64, purpose: Purpose, index: u64) -> Rng {
            let mut mixer = Rng::new(seed ^ (purpose as u64).wrapping_mul(GAMMA));
            let base = mixer.next_u64();
            let mut mixer = Rng::new(base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
            Rng::new(mixer.next_u64())
        }

        pub fn next_u64(&mut self) -> u64 {
            self.state = self.state.wrapping_add(GAMMA);
            let mut z = self.state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// A number in `0..n` (Lemire's multiply-shift; the bias is negligible for small n).
        pub fn below(&mut self, n: usize) -> usize {
            assert!(n > 0, "below(0)");
            ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
        }

        /// A number in `lo..=hi`.
        pub fn range(&mut self, lo: usize, hi: usize) -> usize {
            lo + self.below(hi - lo + 1)
        }

        /// True with the given probability in percent.
        pub fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }

        /// A word from a vocabulary list.
        pub fn word(&mut self, words: &[&'static str]) -> &'static str {
            words[self.below(words.len())]
        }

        /// Fisher–Yates.
        pub fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                let j = self.below(i + 1);
                items.swap(i, j);
            }
        }
    }
}

/// Proleptic Gregorian dates as day numbers (Howard Hinnant's `days_from_civil`).
mod calendar {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub struct Date {
        pub year: i32,
        pub month: u32,
        pub day: u32,
    }

    pub const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    pub fn is_leap(year: i32) -> bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            2 if is_leap(year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    impl Date {
        /// The date `days` after 1970-01-01.
        pub fn from_days(days: i64) -> Date {
            let z = days + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z - era * 146_097;
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
            let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
            let year = (yoe + era * 400) as i32 + i32::from(month <= 2);
            Date { year, month, day }
        }

        /// Days since 1970-01-01.
        pub fn to_days(self) -> i64 {
            let year = i64::from(self.year) - i64::from(self.month <= 2);
            let era = year.div_euclid(400);
            let yoe = year - era * 400;
            let m = i64::from(self.month);
            let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        }

        pub fn iso(self) -> String {
            format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }

        pub fn iso_month(self) -> String {
            format!("{:04}-{:02}", self.year, self.month)
        }

        pub fn month_name(self) -> &'static str {
            MONTHS[self.month as usize - 1]
        }

        /// As a reader writes it: "14 March 2015".
        pub fn spoken(self) -> String {
            format!("{} {} {}", self.day, self.month_name(), self.year)
        }
    }
}

/// The vocabulary: made-up names and plain English filler.
mod words {
    pub const FIRST_NAMES: &[&str] = &[
        "Ada", "Aleksa", "Amara", "Anouk", "Basil", "Bela", "Casimir", "Dalia", "Dario", "Edda",
        "Elin", "Emre", "Esme", "Farid", "Greta", "Hana", "Ilsa", "Ines", "Ivo", "Jonas", "Kaia",
        "Kiran", "Lars", "Lea", "Lev", "Lina", "Luca", "Maren", "Mila", "Nadia", "Nils", "Noor",
        "Oskar", "Petra", "Quinn", "Rafael", "Renata", "Rosa", "Sami", "Selma", "Soren", "Tamsin",
        "Teo", "Tomas", "Una", "Vera", "Viktor", "Wanda", "Yara", "Zora",
    ];
    pub const SURNAME_STARTS: &[&str] = &[
        "Adl", "Bar", "Bren", "Cal", "Dor", "Drav", "Eld", "Fal", "Gar", "Hal", "Ivr", "Kess",
        "Kor", "Lam", "Mer", "Nov", "Orl", "Pav", "Quar", "Ros", "Sav", "Tarr", "Ulm", "Var",
        "Vel", "Wen", "Zar",
    ];
    pub const SURNAME_ENDS: &[&str] = &[
        "enko", "strom", "ani", "ovic", "berg", "ard", "ez", "inski", "ova", "holm", "etti",
        "ander", "mann", "ose",
    ];
    pub const AUTHOR_SURNAMES: &[&str] = &[
        "Holt",
        "Brenner",
        "Okafor",
        "Lindqvist",
        "Moreau",
        "Castell",
        "Ferreira",
        "Nakamura",
        "Osei",
        "Petrov",
        "Quinlan",
        "Sandoval",
        "Tanaka",
        "Udall",
        "Wexler",
    ];
    pub const PLACE_STARTS: &[&str] = &[
        "Al", "Bel", "Cor", "Dun", "Est", "Fen", "Gal", "Hav", "Ist", "Kal", "Lor", "Mar", "Nor",
        "Ost", "Pel", "Ril", "Sar", "Tol", "Ver", "Wyn",
    ];
    pub const PLACE_ENDS: &[&str] = &[
        "mora", "avia", "dale", "grad", "haven", "ium", "mere", "oria", "stad", "vik", "wick",
        "ano",
    ];
    /// `{}` is the place's own word.
    pub const PLACE_FORMS: &[&str] = &["{}", "{}", "{}", "{}", "Port {}", "Upper {}", "Lake {}"];
    pub const PLACE_TYPES: &[&str] = &[
        "market town",
        "river port",
        "mining district",
        "border province",
        "coastal city",
        "farming region",
        "hill town",
        "industrial suburb",
    ];
    pub const ORG_QUALIFIERS: &[&str] = &[
        "National",
        "Regional",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Coastal",
        "Central",
        "United",
        "Federal",
        "Independent",
        "Joint",
        "Provincial",
        "Civic",
        "Inland",
    ];
    pub const ORG_TOPICS: &[&str] = &[
        "Water",
        "Grain",
        "Energy",
        "Transport",
        "Health",
        "Fisheries",
        "Labor",
        "Housing",
        "Mining",
        "Customs",
        "Trade",
        "Forestry",
        "Rail",
        "Ports",
        "Election",
        "Audit",
        "Telecoms",
        "Pension",
        "Veterans",
        "Refugee",
    ];
    pub const ORG_BODIES: &[&str] = &[
        "Council",
        "Authority",
        "Agency",
        "Commission",
        "Union",
        "Institute",
        "Board",
        "Bureau",
        "Federation",
        "Alliance",
        "Trust",
        "Front",
    ];
    pub const TERM_ADJECTIVES: &[&str] = &[
        "rolling", "shadow", "green", "dual", "open", "frozen", "tiered", "managed", "floating",
        "sunset", "mirror", "reserve",
    ];
    pub const TERM_NOUNS: &[&str] = &[
        "quota", "tariff", "corridor", "levy", "mandate", "ledger", "clause", "window", "ceiling",
        "swap", "credit", "cap",
    ];
    /// `{}` is the source's own word.
    pub const SOURCE_FORMS: &[&str] = &[
        "{} Ledger",
        "{} Courier",
        "{} Daily",
        "Radio {}",
        "{} Wire",
        "{} Herald",
        "{} Gazette",
        "{} Evening Post",
        "{} Monitor",
    ];
    pub const SOURCE_WORDS: &[&str] = &[
        "Kessel",
        "Tarrow",
        "Dunmere",
        "Halvard",
        "Orvan",
        "Brisk",
        "Caldera",
        "Northgate",
        "Lindell",
        "Ambry",
        "Sollen",
        "Veridia",
        "Morrow",
        "Pellam",
        "Greystone",
        "Quill",
        "Rendan",
        "Ashby",
    ];
    pub const SOURCE_TYPES: &[&str] = &[
        "daily newspaper",
        "radio station",
        "wire service",
        "weekly magazine",
        "news website",
    ];
    pub const SUBJECTS: &[&str] = &[
        "the ministry",
        "officials",
        "the cabinet",
        "lawmakers",
        "the regional council",
        "analysts",
        "negotiators",
        "the opposition",
        "local leaders",
        "residents",
        "the agency",
        "auditors",
        "the court",
        "donors",
        "industry groups",
        "the mayor’s office",
        "farmers",
        "the unions",
        "the governor",
        "diplomats",
        "the finance committee",
        "health workers",
        "port operators",
        "the city council",
        "economists",
        "the prime minister’s office",
        "campaigners",
        "investors",
        "the inspectors",
        "the treasury",
    ];
    pub const VERBS_PAST: &[&str] = &[
        "announced",
        "approved",
        "rejected",
        "delayed",
        "postponed",
        "endorsed",
        "criticised",
        "defended",
        "questioned",
        "reviewed",
        "revised",
        "expanded",
        "suspended",
        "extended",
        "signed",
        "proposed",
        "outlined",
        "welcomed",
        "dismissed",
        "blocked",
        "challenged",
        "praised",
        "backed",
        "funded",
        "cancelled",
        "restored",
        "audited",
        "drafted",
        "amended",
        "scrapped",
    ];
    pub const VERBS_BASE: &[&str] = &[
        "approve",
        "review",
        "expand",
        "suspend",
        "revise",
        "fund",
        "extend",
        "replace",
        "audit",
        "renegotiate",
        "delay",
        "publish",
        "simplify",
        "enforce",
        "reopen",
    ];
    pub const VERBS_INTRANSITIVE: &[&str] = &[
        "stalled",
        "collapsed",
        "recovered",
        "narrowed",
        "widened",
        "faltered",
        "resumed",
        "slowed",
        "held steady",
        "drifted",
    ];
    pub const ADJECTIVES: &[&str] = &[
        "new",
        "revised",
        "long-delayed",
        "controversial",
        "modest",
        "ambitious",
        "provisional",
        "emergency",
        "annual",
        "costly",
        "fragile",
        "cautious",
        "narrow",
        "broad",
        "informal",
        "bilateral",
        "quiet",
        "public",
        "draft",
        "interim",
        "sweeping",
        "limited",
        "unexpected",
        "familiar",
        "urgent",
        "uneven",
        "steady",
        "sharp",
        "local",
        "rural",
        "overdue",
        "disputed",
        "fresh",
        "landmark",
        "temporary",
    ];
    pub const NOUNS: &[&str] = &[
        "budget",
        "plan",
        "reform",
        "proposal",
        "agreement",
        "policy",
        "report",
        "inquiry",
        "program",
        "pipeline",
        "harbor",
        "railway",
        "election",
        "ballot",
        "ruling",
        "treaty",
        "deadline",
        "subsidy",
        "census",
        "survey",
        "strike",
        "audit",
        "contract",
        "license",
        "border",
        "bridge",
        "reservoir",
        "grid",
        "market",
        "wage",
        "loan",
        "debt",
        "grant",
        "fund",
        "charter",
        "coalition",
        "motion",
        "bill",
        "decree",
        "verdict",
        "appeal",
        "merger",
        "tender",
        "shipment",
        "harvest",
        "drought",
        "clinic",
        "highway",
        "refinery",
        "vaccine campaign",
        "water supply",
        "housing scheme",
        "fishing season",
        "tax code",
    ];
    pub const ADJUNCTS: &[&str] = &[
        "after weeks of talks",
        "earlier this year",
        "on Tuesday",
        "late last month",
        "without giving details",
        "for the second time this year",
        "despite strong objections",
        "in a brief statement",
        "behind closed doors",
        "under pressure from donors",
        "ahead of the vote",
        "at short notice",
        "in a letter seen by reporters",
        "after a long night of negotiations",
        "as the deadline approached",
        "with little public debate",
        "amid growing criticism",
        "in the capital",
        "over the weekend",
        "at the last minute",
    ];
    pub const ROLES: &[&str] = &[
        "a senior adviser",
        "the finance minister",
        "a spokeswoman",
        "a spokesman",
        "an opposition lawmaker",
        "the deputy mayor",
        "a regional governor",
        "the agency’s director",
        "a veteran negotiator",
        "a researcher",
        "the committee chair",
        "a former minister",
        "a union leader",
        "a local councillor",
        "the chief auditor",
    ];
    pub const SAY_VERBS: &[&str] = &[
        "said",
        "told reporters",
        "argued",
        "insisted",
        "warned",
        "noted",
        "conceded",
    ];
    /// An event as the text tells it, and as a timeline title says it.
    pub const EVENTS: &[(&str, &str)] = &[
        ("held talks", "holds talks"),
        (
            "convened an emergency session",
            "convenes emergency session",
        ),
        ("opened a public inquiry", "opens inquiry"),
        ("signed a framework agreement", "signs framework agreement"),
        ("hosted a regional summit", "hosts summit"),
        ("launched a pilot program", "launches pilot program"),
        ("staged a large protest", "stages protest"),
        ("reached a provisional deal", "reaches provisional deal"),
    ];
    pub const TITLE_SUBJECTS: &[&str] = &[
        "Council",
        "Ministry",
        "Regulators",
        "Lawmakers",
        "Donors",
        "Court",
        "Unions",
        "Farmers",
        "Treasury",
        "Governors",
        "Auditors",
        "Mayors",
    ];
    pub const TITLE_VERBS: &[&str] = &[
        "Delay", "Weigh", "Reject", "Back", "Revisit", "Question", "Expand", "Suspend", "Approve",
        "Rethink",
    ];
    pub const TITLE_TAILS: &[&str] = &[
        "Plan", "Review", "Deal", "Rules", "Talks", "Vote", "Deadline", "Report",
    ];
    pub const HEADINGS: &[&str] = &[
        "What Comes Next",
        "Background",
        "Reaction",
        "Money and Politics",
        "The View from the Regions",
        "A Fragile Compromise",
        "Open Questions",
        "The Numbers",
    ];
    pub const BULLET_INTROS: &[&str] = &[
        "The draft sets out several steps:",
        "The main points were these:",
        "Officials listed their priorities:",
    ];
    pub const TAGS: &[&str] = &[
        "trade",
        "energy",
        "water",
        "elections",
        "security",
        "budget",
        "health",
        "transport",
        "agriculture",
        "fisheries",
        "labor",
        "housing",
        "mining",
        "customs",
        "courts",
        "corruption",
        "climate",
        "migration",
        "education",
        "media",
        "telecoms",
        "pensions",
        "banking",
        "debt",
        "infrastructure",
        "ports",
        "rail",
        "border",
        "diplomacy",
        "protests",
        "parliament",
        "regions",
        "drought",
        "floods",
        "industry",
        "tourism",
        "tax",
        "audit",
        "aid",
        "defense",
    ];
    pub const FREE_SOURCES: &[&str] = &[
        "Staff report",
        "Wire services",
        "Regional desk",
        "Field correspondent",
        "Press pool",
        "Agency reports",
    ];
    pub const CLAIM_SOURCES: &[&str] = &[
        "an unnamed official",
        "a leaked memo",
        "officials speaking privately",
        "a ministry briefing",
        "local media",
    ];
    pub const LINK_TEXTS: &[&str] = &[
        "a published statement",
        "the full text",
        "the draft document",
        "official figures",
        "a public notice",
    ];
    pub const LINK_SECTIONS: &[&str] = &["statements", "documents", "reports", "data", "notices"];
    pub const XREF_TEXTS: &[&str] = &["earlier report", "previous briefing", "report last year"];
    pub const CODE_PREFIXES: &[&str] = &["RX", "TQ", "KB", "ZL", "MV"];
    pub const CODE_LEADS: &[&str] = &["under clause", "in annex", "under rule", "in section"];
}

/// The registry: exactly 200 made-up people, organizations, places, terms and sources.
mod registry {
    use super::rng::{Purpose, Rng};
    use super::words::*;
    use std::collections::BTreeSet;

    pub const COUNT: usize = 200;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Person,
        Organization,
        Place,
        Term,
        Source,
    }

    /// How many of each kind; sums to [`COUNT`].
    const MIX: [(Kind, usize); 5] = [
        (Kind::Person, 70),
        (Kind::Organization, 50),
        (Kind::Place, 40),
        (Kind::Term, 25),
        (Kind::Source, 15),
    ];

    impl Kind {
        pub fn as_str(self) -> &'static str {
            match self {
                Kind::Person => "person",
                Kind::Organization => "organization",
                Kind::Place => "place",
                Kind::Term => "term",
                Kind::Source => "source",
            }
        }

        /// Whether it can do things in a sentence ("X announced …").
        pub fn is_actor(self) -> bool {
            matches!(self, Kind::Person | Kind::Organization | Kind::Source)
        }
    }

    #[derive(Debug, Clone)]
    pub struct Entity {
        pub id: String,
        pub name: String,
        pub kind: Kind,
        pub aliases: Vec<String>,
        /// Markdown, one or two sentences.
        pub description: String,
        pub wikipedia: Option<String>,
        /// A person's job, used in appositions ("X, a senior adviser, said").
        pub role: &'static str,
    }

    impl Entity {
        /// The short form a text uses after the first mention: the first alias, or the name.
        pub fn short(&self) -> &str {
            self.aliases.first().map_or(&self.name, String::as_str)
        }
    }

    /// Lowercase, alphanumerics, single hyphens.
    pub fn slugify(text: &str) -> String {
        let mut slug = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_string()
    }

    /// Names and aliases already taken, and the distinctive word of each entity (a surname,
    /// an acronym, a place's own word), so no two entities share one.
    #[derive(Default)]
    struct Taken {
        names: BTreeSet<String>,
        words: BTreeSet<String>,
    }

    impl Taken {
        /// Claims a name, its aliases and its distinctive word if all are free.
        fn claim(&mut self, name: &str, aliases: &[String], word: &str) -> bool {
            let free = !self.names.contains(name)
                && aliases.iter().all(|a| !self.names.contains(a) && a != name)
                && !self.words.contains(word);
            if free {
                self.names.insert(name.to_string());
                self.names.extend(aliases.iter().cloned());
                self.words.insert(word.to_string());
            }
            free
        }
    }

    /// The registry for a seed, in a fixed order (kinds interleaved by a shuffle).
    pub fn generate(seed: u64) -> Vec<Entity> {
        let mut rng = Rng::stream(seed, Purpose::Registry, 0);
        let mut taken = Taken::default();
        let mut entities = Vec::with_capacity(COUNT);
        for (kind, count) in MIX {
            for _ in 0..count {
                entities.push(named(&mut rng, kind, &mut taken));
            }
        }
        rng.shuffle(&mut entities);
        for i in 0..entities.len() {
            let (description, wikipedia) = describe(&mut rng, &entities, i);
            entities[i].description = description;
            entities[i].wikipedia = wikipedia;
        }
        entities
    }

    /// An entity with a fresh name, aliases and role; described later, once all names exist.
    fn named(rng: &mut Rng, kind: Kind, taken: &mut Taken) -> Entity {
        loop {
            let (name, word, aliases) = match kind {
                Kind::Person => {
                    let surname = format!("{}{}", rng.word(SURNAME_STARTS), rng.word(SURNAME_ENDS));
                    let name = format!("{} {surname}", rng.word(FIRST_NAMES));
                    let aliases = if rng.chance(60) {
                        vec![surname.clone()]
                    } else {
                        vec![]
                    };
                    (name, surname, aliases)
                }
                Kind::Organization => {
                    let name = format!(
                        "{} {} {}",
                        rng.word(ORG_QUALIFIERS),
                        rng.word(ORG_TOPICS),
                        rng.word(ORG_BODIES)
                    );
                    let acronym: String =
                        name.split(' ').filter_map(|w| w.chars().next()).collect();
                    let aliases = if rng.chance(60) {
                        vec![acronym.clone()]
                    } else {
                        vec![]
                    };
                    (name, acronym, aliases)
                }
                Kind::Place => {
                    let word = format!("{}{}", rng.word(PLACE_STARTS), rng.word(PLACE_ENDS));
                    (rng.word(PLACE_FORMS).replace("{}", &word), word, vec![])
                }
                Kind::Term => {
                    let name = format!("{} {}", rng.word(TERM_ADJECTIVES), rng.word(TERM_NOUNS));
                    (name.clone(), name, vec![])
                }
                Kind::Source => {
                    let word = rng.word(SOURCE_WORDS).to_string();
                    (rng.word(SOURCE_FORMS).replace("{}", &word), word, vec![])
                }
            };
            if !taken.claim(&name, &aliases, &word) {
                continue;
            }
            return Entity {
                id: slugify(&name),
                name,
                kind,
                aliases,
                description: String::new(),
                wikipedia: None,
                role: rng.word(ROLES),
            };
        }
    }

    /// A one- or two-sentence Markdown description, sometimes cross-linking another entity,
    /// and sometimes a Wikipedia link.
    fn describe(rng: &mut Rng, entities: &[Entity], i: usize) -> (String, Option<String>) {
        let entity = &entities[i];
        let other = |rng: &mut Rng, kind: Kind| {
            let candidates: Vec<&Entity> = entities
                .iter()
                .filter(|e| e.kind == kind && e.id != entity.id)
                .collect();
            let e = rng.pick(&candidates);
            format!("[{}](entity:{})", e.name, e.id)
        };
        let year = rng.range(1950, 2012);
        let mut text = match entity.kind {
            Kind::Person => format!(
                "{} at the {}.",
                capitalize(entity.role),
                other(rng, Kind::Organization)
            ),
            Kind::Organization => format!(
                "A {} body founded in {year} to oversee the {}.",
                rng.pick(&["public", "national", "regional", "private"]),
                rng.word(NOUNS)
            ),
            Kind::Place => format!(
                "A {} in the {} of the country.",
                rng.word(PLACE_TYPES),
                rng.pick(&["north", "south", "east", "west", "interior"])
            ),
            Kind::Term => format!(
                "Officials’ shorthand for a *{}* {} arrangement.",
                rng.word(ADJECTIVES),
                rng.word(NOUNS)
            ),
            Kind::Source => format!(
                "A {} based in {}.",
                rng.word(SOURCE_TYPES),
                other(rng, Kind::Place)
            ),
        };
        if rng.chance(50) {
            let kind = *rng.pick(&[Kind::Person, Kind::Organization, Kind::Place]);
            text.push_str(&format!(
                " Often mentioned alongside {} since {}–{}.",
                other(rng, kind),
                year,
                year + rng.range(1, 9)
            ));
        }
        let wikipedia = (entity.kind != Kind::Term && rng.chance(40)).then(|| {
            format!(
                "https://en.wikipedia.org/wiki/{}",
                entity.name.replace(' ', "_")
            )
        });
        (text, wikipedia)
    }

    pub fn capitalize(text: &str) -> String {
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The inline model of an article and its rendering to hard-wrapped Markdown plus reader text.
mod text {
    use super::anchor::fold_char;
    use std::ops::Range;

    /// Markdown lines are wrapped at this many characters where possible.
    pub const WIDTH: usize = 70;

    /// How an entity's name is written where it appears.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum NameStyle {
        Plain,
        /// `[name](entity:<id>)`.
        Linked(String),
        Emphasized,
    }

    /// A piece of visible text and the Markdown that produces it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Inline {
        Text(String),
        Emph(String),
        Strong(String),
        /// No spaces inside: a code span must not wrap.
        Code(String),
        Link {
            text: String,
            dest: String,
        },
        Name {
            entity: usize,
            text: String,
            style: NameStyle,
        },
    }

    impl Inline {
        /// The text a reader sees.
        fn visible(&self) -> &str {
            match self {
                Inline::Text(s) | Inline::Emph(s) | Inline::Strong(s) | Inline::Code(s) => s,
                Inline::Link { text, .. } | Inline::Name { text, .. } => text,
            }
        }

        fn markdown(&self) -> String {
            match self {
                Inline::Text(s) => s.clone(),
                Inline::Emph(s) => format!("*{s}*"),
                Inline::Strong(s) => format!("**{s}**"),
                Inline::Code(s) => format!("`{s}`"),
                Inline::Link { text, dest } => format!("[{text}]({dest})"),
                Inline::Name { text, style, .. } => match style {
                    NameStyle::Plain => text.clone(),
                    NameStyle::Linked(id) => format!("[{text}](entity:{id})"),
                    NameStyle::Emphasized => format!("*{text}*"),
                },
            }
        }

        fn is_emphasis(&self) -> bool {
            matches!(
                self,
                Inline::Emph(_)
                    | Inline::Name {
                        style: NameStyle::Emphasized,
                        ..
                    }
            )
        }
    }

    /// A passage an annotation will quote, opened and closed around inline pieces.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Mark {
        Claim,
        Event,
        Term,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Item {
        /// `glued`: no space before it (punctuation, a possessive).
        Inline {
            inline: Inline,
            glued: bool,
        },
        Open(Mark),
        Close(Mark),
    }

    /// A run of inline items: a sentence, a paragraph, a list item.
    #[derive(Debug, Clone, Default)]
    pub struct Line {
        pub items: Vec<Item>,
    }

    impl Line {
        fn push(&mut self, inline: Inline, glued: bool) -> &mut Line {
            self.items.push(Item::Inline { inline, glued });
            self
        }

        pub fn text(&mut self, s: &str) -> &mut Line {
            self.push(Inline::Text(s.to_string()), false)
        }

        /// Text with no space before it.
        pub fn glue(&mut self, s: &str) -> &mut Line {
            self.push(Inline::Text(s.to_string()), true)
        }

        pub fn emph(&mut self, s: &str) -> &mut Line {
            self.push(Inline::Emph(s.to_string()), false)
        }

        pub fn strong(&mut self, s: &str) -> &mut Line {
            self.push(Inline::Strong(s.to_string()), false)
        }

        pub fn code(&mut self, s: &str) -> &mut Line {
            debug_assert!(!s.contains(' '), "code spans must not wrap");
            self.push(Inline::Code(s.to_string()), false)
        }

        pub fn link(&mut self, text: &str, dest: &str) -> &mut Line {
            let (text, dest) = (text.to_string(), dest.to_string());
            self.push(Inline::Link { text, dest }, false)
        }

        pub fn name(&mut self, entity: usize, text: &str, style: NameStyle) -> &mut Line {
            let text = text.to_string();
            self.push(
                Inline::Name {
                    entity,
                    text,
                    style,
                },
                false,
            )
        }

        pub fn open(&mut self, mark: Mark) -> &mut Line {
            self.items.push(Item::Open(mark));
            self
        }

        pub fn close(&mut self, mark: Mark) -> &mut Line {
            self.items.push(Item::Close(mark));
            self
        }

        pub fn append(&mut self, other: Line) {
            self.items.extend(other.items);
        }

        /// Words a reader sees.
        pub fn words(&self) -> usize {
            self.items
                .iter()
                .map(|item| match item {
                    Item::Inline { inline, .. } => inline.visible().split_whitespace().count(),
                    _ => 0,
                })
                .sum()
        }

        /// The Markdown of the line, unwrapped (for front matter and notes).
        pub fn markdown(&self) -> String {
            tokens(self).join(" ")
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum BlockKind {
        Paragraph,
        Heading,
        Bullet,
    }

    #[derive(Debug, Clone)]
    pub struct Block {
        pub kind: BlockKind,
        pub line: Line,
    }

    /// Where an entity's name appears in the reader text.
    #[derive(Debug, Clone)]
    pub struct NameSpan {
        pub entity: usize,
        pub range: Range<usize>,
    }

    /// An article body as Markdown and as reader text, with the places annotations need.
    /// Reader offsets count characters; the folded text has exactly one byte per reader
    /// character (the generator only writes ASCII besides ’ and –, which fold to ASCII).
    #[derive(Debug, Clone, Default)]
    pub struct Rendered {
        pub markdown: String,
        pub reader: Vec<char>,
        pub folded: String,
        pub names: Vec<NameSpan>,
        pub marks: Vec<(Mark, Range<usize>)>,
        pub emphasis: Vec<Range<usize>>,
        pub blocks: Vec<(BlockKind, Range<usize>)>,
    }

    impl Rendered {
        /// Reader text of a range, as a quote is written: a block boundary becomes a space.
        pub fn quote(&self, range: Range<usize>) -> String {
            self.reader[range]
                .iter()
                .map(|&c| if c == '\n' { ' ' } else { c })
                .collect()
        }
    }

    /// Renders blocks: Markdown separated by blank lines (list items by single newlines);
    /// reader text separated by `\n`, as gloss builds it.
    pub fn render(blocks: &[Block]) -> Rendered {
        let mut out = Rendered::default();
        let mut previous: Option<BlockKind> = None;
        for block in blocks {
            if let Some(kind) = previous {
                let tight = kind == BlockKind::Bullet && block.kind == BlockKind::Bullet;
                out.markdown.push_str(if tight { "\n" } else { "\n\n" });
                out.reader.push('\n');
            }
            let start = out.reader.len();
            let tokens = flow(&block.line, &mut out);
            out.blocks.push((block.kind, start..out.reader.len()));
            let markdown = match block.kind {
                BlockKind::Paragraph => wrap(&tokens, "", ""),
                BlockKind::Heading => format!("## {}", tokens.join(" ")),
                BlockKind::Bullet => wrap(&tokens, "- ", "  "),
            };
            out.markdown.push_str(&markdown);
            previous = Some(block.kind);
        }
        out.markdown.push('\n');
        out.folded = out
            .reader
            .iter()
            .map(|&c| fold_char(c).expect("the generator writes no invisible characters"))
            .collect();
        assert!(out.folded.is_ascii(), "folded text must be ASCII");
        assert!(
            !out.folded.contains("  "),
            "reader text must not hold whitespace runs"
        );
        out
    }

    /// Appends a block's reader text to `out`, records its names, marks and emphasis, and
    /// returns its Markdown as wrappable tokens.
    fn flow(line: &Line, out: &mut Rendered) -> Vec<String> {
        let block_start = out.reader.len();
        let mut tokens: Vec<String> = Vec::new();
        let mut pending: Vec<Mark> = Vec::new();
        let mut open: Vec<(Mark, usize)> = Vec::new();
        for item in &line.items {
            match item {
                Item::Open(mark) => pending.push(*mark),
                Item::Close(mark) => {
                    let i = open
                        .iter()
                        .position(|(m, _)| m == mark)
                        .expect("a mark is closed after it is opened");
                    let (mark, start) = open.remove(i);
                    out.marks.push((mark, start..out.reader.len()));
                }
                Item::Inline { inline, glued } => {
                    if !glued && out.reader.len() > block_start {
                        out.reader.push(' ');
                    }
                    let start = out.reader.len();
                    open.extend(pending.drain(..).map(|m| (m, start)));
                    out.reader.extend(inline.visible().chars());
                    let range = start..out.reader.len();
                    if let Inline::Name { entity, .. } = inline {
                        out.names.push(NameSpan {
                            entity: *entity,
                            range: range.clone(),
                        });
                    }
                    if inline.is_emphasis() {
                        out.emphasis.push(range);
                    }
                    add_tokens(&mut tokens, &inline.markdown(), *glued);
                }
            }
        }
        tokens
    }

    /// Splits Markdown at its spaces (the places a line may break); glued text joins the
    /// previous token.
    fn add_tokens(tokens: &mut Vec<String>, markdown: &str, glued: bool) {
        let mut pieces = markdown.split(' ');
        let first = pieces.next().unwrap_or_default();
        match tokens.last_mut() {
            Some(last) if glued => last.push_str(first),
            _ => tokens.push(first.to_string()),
        }
        tokens.extend(pieces.map(str::to_string));
    }

    fn tokens(line: &Line) -> Vec<String> {
        let mut tokens = Vec::new();
        for item in &line.items {
            if let Item::Inline { inline, glued } = item {
                add_tokens(&mut tokens, &inline.markdown(), *glued);
            }
        }
        tokens
    }

    /// Greedy wrapping at [`WIDTH`]. A line never starts with a token that would change the
    /// block it is in (see [`can_start_line`]), so a token that cannot start one stays on
    /// the line before, a little over the width.
    fn wrap(tokens: &[String], first: &str, rest: &str) -> String {
        let mut out = String::new();
        let mut line = first.to_string();
        let mut width = first.chars().count();
        let mut empty = true;
        for token in tokens {
            let len = token.chars().count();
            if empty {
                empty = false;
            } else if width + 1 + len > WIDTH && can_start_line(token) {
                out.push_str(&line);
                out.push('\n');
                line = rest.to_string();
                width = rest.chars().count();
            } else {
                line.push(' ');
                width += 1;
            }
            line.push_str(token);
            width += len;
        }
        out.push_str(&line);
        out
    }

    /// Whether a wrapped line may start with this token: a letter, an en dash or a number,
    /// possibly after `[`, `*`, a backtick or an opening quote, but never `12.` or `3)`, which would begin an
    /// ordered list, nor `-`, `+`, `#`, `>` and the like, which would begin other blocks.
    pub fn can_start_line(token: &str) -> bool {
        let word = token.trim_start_matches(['[', '*', '`', '“']);
        match word.chars().next() {
            Some(c) if c.is_alphabetic() || c == '–' => true,
            Some(c) if c.is_ascii_digit() => !word
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with(['.', ')']),
            _ => false,
        }
    }
}

/// gloss's anchoring rules (DESIGN §2), restated so the generator can anchor every quote
/// before writing it: folding, whole-word preference, prefix/suffix fit, occurrence.
mod anchor {
    use super::rng::Rng;
    use std::ops::Range;

    /// The folded form of a character (`None`: dropped, like a soft hyphen).
    pub fn fold_char(c: char) -> Option<char> {
        match c {
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => None,
            '’' | '‘' | '‚' | '‛' => Some('\''),
            '“' | '”' | '„' | '‟' => Some('"'),
            '–' | '—' | '‐' | '‑' | '‒' | '―' | '−' => Some('-'),
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        }
    }

    /// Folds a quote, prefix or suffix: characters folded, whitespace runs one space.
    pub fn fold(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars().filter_map(fold_char) {
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        out
    }

    /// Every place `needle` occurs in `hay`, overlapping ones included.
    fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let mut from = 0;
        while !needle.is_empty()
            && let Some(i) = hay[from..].find(needle)
        {
            let start = from + i;
            found.push(start..start + needle.len());
            from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    fn is_whole_word(hay: &str, range: &Range<usize>) -> bool {
        let inner = &hay[range.clone()];
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let first = alnum(inner.chars().next());
        let last = alnum(inner.chars().next_back());
        let before = alnum(hay[..range.start].chars().next_back());
        let after = alnum(hay[range.end..].chars().next());
        !(first && before || last && after)
    }

    /// The matches of a folded quote: only whole-word ones if there is any.
    pub fn find_matches(hay: &str, needle: &str) -> Vec<Range<usize>> {
        let all = find_all(hay, needle);
        let whole: Vec<_> = all
            .iter()
            .filter(|r| is_whole_word(hay, r))
            .cloned()
            .collect();
        if whole.is_empty() { all } else { whole }
    }

    /// Whether the folded text around a match fits a folded prefix and suffix.
    fn fits(hay: &str, range: &Range<usize>, prefix: Option<&str>, suffix: Option<&str>) -> bool {
        let prefix_fits =
            prefix.is_none_or(|p| hay[..range.start].trim_end().ends_with(p.trim_end()));
        let suffix_fits =
            suffix.is_none_or(|s| hay[range.end..].trim_start().starts_with(s.trim_start()));
        prefix_fits && suffix_fits
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Occurrence {
        Nth(usize),
        All,
    }

    /// An annotation's selector, as written in its YAML.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Selector {
        pub quote: String,
        pub prefix: Option<String>,
        pub suffix: Option<String>,
        pub occurrence: Option<Occurrence>,
    }

    /// Where gloss anchors a selector in the folded text, or why it cannot (errors, and the
    /// stale-context warning, which a generated corpus must not have either).
    pub fn resolve(hay: &str, selector: &Selector) -> Result<Vec<Range<usize>>, String> {
        let quote = fold(&selector.quote);
        let quote = quote.trim();
        if quote.is_empty() {
            return Err("empty quote".into());
        }
        let prefix = selector.prefix.as_deref().map(fold);
        let suffix = selector.suffix.as_deref().map(fold);
        let has_context = prefix.is_some() || suffix.is_some();
        let matches = find_matches(hay, quote);
        let fitting: Vec<Range<usize>> = matches
            .iter()
            .filter(|r| fits(hay, r, prefix.as_deref(), suffix.as_deref()))
            .cloned()
            .collect();
        match (matches.len(), selector.occurrence) {
            (0, _) => return Err(format!("orphan: {quote:?} not found")),
            (1, Some(Occurrence::Nth(n))) if n > 1 => {
                return Err(format!("occurrence {n} of a quote found once"));
            }
            (1, _) if has_context && fitting.is_empty() => {
                return Err("stale context: the prefix/suffix fits no match".into());
            }
            (1, _) => return Ok(matches),
            _ => {}
        }
        let candidates = if has_context { fitting } else { matches };
        match selector.occurrence {
            _ if candidates.is_empty() => Err("ambiguous: the context fits no match".into()),
            Some(Occurrence::All) => Ok(candidates),
            Some(Occurrence::Nth(n)) => candidates
                .get(n - 1)
                .map(|r| vec![r.clone()])
                .ok_or_else(|| format!("occurrence {n} of {} candidates", candidates.len())),
            None if candidates.len() == 1 => Ok(candidates),
            None => Err(format!("ambiguous: {} matches", candidates.len())),
        }
    }

    /// A selector that picks exactly `target` (a whole-word range of the folded text),
    /// choosing among prefix, suffix and occurrence when the quote occurs more than once.
    /// `None` if the quote cannot be told apart (it is not a whole word, say).
    pub fn select(
        rng: &mut Rng,
        reader: &[char],
        hay: &str,
        target: &Range<usize>,
    ) -> Option<Selector> {
        let text: String = reader[target.clone()]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c })
            .collect();
        // Now and then the quote is typed on a plain keyboard: ' for ’ and - for –.
        let quote = if rng.chance(25) { fold(&text) } else { text };
        let matches = find_matches(hay, fold(&quote).trim());
        let index = matches.iter().position(|m| m == target)?;
        let mut selector = Selector {
            quote,
            ..Selector::default()
        };
        if matches.len() > 1 {
            let prefix = distinguishing_prefix(reader, hay, &matches, index);
            let suffix = distinguishing_suffix(reader, hay, &matches, index);
            let roll = rng.below(100);
            match (prefix, suffix) {
                (Some(p), _) if roll < 70 => selector.prefix = Some(p),
                (_, Some(s)) if roll < 85 => selector.suffix = Some(s),
                _ => selector.occurrence = Some(Occurrence::Nth(index + 1)),
            }
        }
        (resolve(hay, &selector).ok()? == [target.clone()]).then_some(selector)
    }

    const MAX_CONTEXT_WORDS: usize = 8;

    /// The fewest whole words before the target that no other match has before it.
    fn distinguishing_prefix(
        reader: &[char],
        hay: &str,
        matches: &[Range<usize>],
        index: usize,
    ) -> Option<String> {
        let words = words_before(reader, matches[index].start, MAX_CONTEXT_WORDS);
        (1..=words.len()).find_map(|k| {
            let prefix = words[words.len() - k..].join(" ") + " ";
            let folded = fold(&prefix);
            unique(hay, matches, index, Some(&folded), None).then_some(prefix)
        })
    }

    /// The fewest whole words after the target that no other match has after it.
    fn distinguishing_suffix(
        reader: &[char],
        hay: &str,
        matches: &[Range<usize>],
        index: usize,
    ) -> Option<String> {
        let words = words_after(reader, matches[index].end, MAX_CONTEXT_WORDS);
        (1..=words.len()).find_map(|k| {
            let suffix = format!(" {}", words[..k].join(" "));
            let folded = fold(&suffix);
            unique(hay, matches, index, None, Some(&folded)).then_some(suffix)
        })
    }

    fn unique(
        hay: &str,
        matches: &[Range<usize>],
        index: usize,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> bool {
        matches
            .iter()
            .enumerate()
            .all(|(j, r)| (j == index) == fits(hay, r, prefix, suffix))
    }

    /// Up to `max` whitespace-separated words ending at `pos`, in reading order.
    fn words_before(reader: &[char], pos: usize, max: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut end = pos;
        while words.len() < max {
            while end > 0 && reader[end - 1].is_whitespace() {
                end -= 1;
            }
            if end == 0 {
                break;
            }
            let mut start = end;
            while start > 0 && !reader[start - 1].is_whitespace() {
                start -= 1;
            }
            words.push(reader[start..end].iter().collect());
            end = start;
        }
        words.reverse();
        words
    }

    /// Up to `max` whitespace-separated words starting at `pos`.
    fn words_after(reader: &[char], pos: usize, max: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut start = pos;
        while words.len() < max {
            while start < reader.len() && reader[start].is_whitespace() {
                start += 1;
            }
            if start == reader.len() {
                break;
            }
            let mut end = start;
            while end < reader.len() && !reader[end].is_whitespace() {
                end += 1;
            }
            words.push(reader[start..end].iter().collect());
            start = end;
        }
        words
    }
}

/// The corpus as a whole (registry, dates, coverage order) and each article's plan.
mod corpus {
    use super::calendar::Date;
    use super::registry::{self, Entity, Kind};
    use super::rng::{Purpose, Rng};
    use super::text::NameStyle;
    use super::words::*;

    /// Entities each article is guaranteed to annotate, taken round-robin over a shuffled
    /// registry, so every entity is mentioned once N × 3 ≥ 200.
    pub const COVERAGE: usize = 3;
    /// Articles are dated over these ten years.
    const FIRST_DAY: Date = Date {
        year: 2010,
        month: 1,
        day: 1,
    };
    const LAST_DAY: Date = Date {
        year: 2019,
        month: 12,
        day: 31,
    };

    /// Everything an article's neighbours may need to know about it, cheap to compute.
    #[derive(Debug, Clone)]
    pub struct Header {
        pub date: Date,
        pub title: String,
        pub slug: String,
        pub author: String,
        /// An entity id of kind source, or free text.
        pub source: String,
        pub tags: Vec<&'static str>,
    }

    /// One planned appearance of an entity in the text.
    #[derive(Debug, Clone)]
    pub struct Placement {
        pub entity: usize,
        pub text: String,
        pub style: NameStyle,
    }

    /// When an event happened, and how the text says it.
    #[derive(Debug, Clone, Copy)]
    pub enum When {
        Day(Date),
        Span(Date, Date),
        Month(Date),
        Year(i32),
    }

    impl When {
        pub fn spoken(self) -> String {
            match self {
                When::Day(d) => format!("on {}", d.spoken()),
                When::Span(a, b) => format!("from {} to {}", a.day, b.spoken()),
                When::Month(d) => format!("in {} {}", d.month_name(), d.year),
                When::Year(y) => format!("in {y}"),
            }
        }

        /// The annotation's `date` and `until`.
        pub fn fields(self) -> (String, Option<String>) {
            match self {
                When::Day(d) => (d.iso(), None),
                When::Span(a, b) => (a.iso(), Some(b.iso())),
                When::Month(d) => (d.iso_month(), None),
                When::Year(y) => (format!("{y:04}"), None),
            }
        }
    }

    #[derive(Debug, Clone)]
    pub struct EventPlan {
        pub org: usize,
        pub place: usize,
        pub when: When,
        /// Index into [`EVENTS`].
        pub verb: usize,
        pub id: String,
        pub title: String,
    }

    /// What an article is about and where its special passages go, decided before writing.
    #[derive(Debug, Clone)]
    pub struct Plan {
        pub header: Header,
        pub coverage: Vec<usize>,
        /// Every entity named in the text.
        pub cast: Vec<usize>,
        /// Planned appearances besides those in the special passages.
        pub placements: Vec<Placement>,
        pub term: usize,
        pub claim_source: Option<usize>,
        pub event: EventPlan,
        /// `article:` link target, possibly with `#a-<id>`.
        pub xref: Option<String>,
        pub paragraphs: usize,
        pub words: usize,
        pub heading_before: Option<usize>,
        pub bullets_after: Option<usize>,
    }

    /// The registry, the sorted article dates and the coverage order: all a plan needs.
    pub struct Corpus {
        pub seed: u64,
        pub entities: Vec<Entity>,
        days: Vec<i64>,
        coverage: Vec<usize>,
    }

    impl Corpus {
        pub fn new(seed: u64, articles: usize) -> Corpus {
            let entities = registry::generate(seed);
            let mut rng = Rng::stream(seed, Purpose::Dates, 0);
            let (first, last) = (FIRST_DAY.to_days(), LAST_DAY.to_days());
            let span = (last - first + 1) as usize;
            let mut days: Vec<i64> = (0..articles)
                .map(|_| first + rng.below(span) as i64)
                .collect();
            days.sort_unstable();
            let mut coverage: Vec<usize> = (0..entities.len()).collect();
            rng.shuffle(&mut coverage);
            Corpus {
                seed,
                entities,
                days,
                coverage,
            }
        }

        pub fn len(&self) -> usize {
            self.days.len()
        }

        /// Article `i`'s header (0-based `i`; dates never decrease with `i`).
        pub fn header(&self, i: usize) -> Header {
            let mut rng = Rng::stream(self.seed, Purpose::Header, i as u64);
            let date = Date::from_days(self.days[i]);
            let title = title(&mut rng);
            let words: Vec<String> = title
                .split(' ')
                .take(3)
                .map(registry::slugify)
                .filter(|w| !w.is_empty())
                .collect();
            let slug = format!("{}-{}-{}", date.iso(), words.join("-"), i + 1);
            let author = format!("{} {}", rng.word(FIRST_NAMES), rng.word(AUTHOR_SURNAMES));
            let source = if rng.chance(50) {
                let sources = self.of_kind(Kind::Source);
                self.entities[*rng.pick(&sources)].id.clone()
            } else {
                rng.word(FREE_SOURCES).to_string()
            };
            let mut tags: Vec<&'static str> = Vec::new();
            let count = rng.range(2, 4);
            while tags.len() < count {
                let tag = rng.word(TAGS);
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            Header {
                date,
                title,
                slug,
                author,
                source,
                tags,
            }
        }

        /// Whether a slug names one of the corpus's articles.
        pub fn has_slug(&self, slug: &str) -> bool {
            let number = slug
                .rsplit('-')
                .next()
                .and_then(|n| n.parse::<usize>().ok());
            number.is_some_and(|n| (1..=self.len()).contains(&n) && self.header(n - 1).slug == slug)
        }

        pub fn of_kind(&self, kind: Kind) -> Vec<usize> {
            (0..self.entities.len())
                .filter(|&e| self.entities[e].kind == kind)
                .collect()
        }

        /// Article `i`'s plan: what it is about ([`Corpus::story`]), then its shape, drawn
        /// from a stream of its own.
        pub fn plan(&self, i: usize) -> Plan {
            let mut plan = self.story(i);
            let mut rng = Rng::stream(self.seed, Purpose::Layout, i as u64);
            plan.xref = (i > 0 && rng.chance(60)).then(|| {
                let j = rng.below(i);
                let slug = self.header(j).slug;
                if rng.chance(30) {
                    // A link to one annotation: the earlier article's event.
                    format!("{slug}#a-{}", self.story(j).event.id)
                } else {
                    slug
                }
            });
            let paragraphs = rng.range(6, 12);
            plan.paragraphs = paragraphs;
            plan.words = rng.range(760, 900);
            plan.heading_before = rng.chance(30).then(|| rng.range(2, paragraphs - 2));
            plan.bullets_after = rng.chance(25).then(|| rng.range(1, paragraphs - 2));
            plan
        }

        /// Article `i`'s header, cast, placements and event; the layout is left empty.
        fn story(&self, i: usize) -> Plan {
            let mut rng = Rng::stream(self.seed, Purpose::Plan, i as u64);
            let header = self.header(i);
            let n = self.entities.len();
            let coverage: Vec<usize> = (0..COVERAGE)
                .map(|k| self.coverage[(i * COVERAGE + k) % n])
                .collect();
            let mut cast = coverage.clone();
            let term = self.cast_one(&mut rng, &mut cast, Kind::Term);
            let org = self.cast_one(&mut rng, &mut cast, Kind::Organization);
            let place = self.cast_one(&mut rng, &mut cast, Kind::Place);
            let covered_source = coverage
                .iter()
                .copied()
                .find(|&e| self.entities[e].kind == Kind::Source);
            let claim_source = match covered_source {
                Some(e) => Some(e),
                None if rng.chance(70) => Some(self.cast_one(&mut rng, &mut cast, Kind::Source)),
                None => None,
            };
            let size = rng.range(8, 15);
            while cast.len() < size {
                let e = rng.below(n);
                if self.entities[e].kind != Kind::Term && !cast.contains(&e) {
                    cast.push(e);
                }
            }
            let special: Vec<usize> = [Some(term), Some(org), Some(place), claim_source]
                .into_iter()
                .flatten()
                .collect();
            let placements = self.placements(&mut rng, &cast, &special);
            let event = self.event(&mut rng, &header, org, place);
            Plan {
                header,
                coverage,
                cast,
                placements,
                term,
                claim_source,
                event,
                xref: None,
                paragraphs: 0,
                words: 0,
                heading_before: None,
                bullets_after: None,
            }
        }

        /// The first cast member of a kind, adding a random one if there is none.
        fn cast_one(&self, rng: &mut Rng, cast: &mut Vec<usize>, kind: Kind) -> usize {
            if let Some(&e) = cast.iter().find(|&&e| self.entities[e].kind == kind) {
                return e;
            }
            let pool = self.of_kind(kind);
            loop {
                let e = *rng.pick(&pool);
                if !cast.contains(&e) {
                    cast.push(e);
                    return e;
                }
            }
        }

        /// Appearances in the ordinary text: one to three per cast member, minus the one a
        /// special passage gives it. First appearances use the full name (sometimes linked),
        /// later ones the short form half the time.
        fn placements(&self, rng: &mut Rng, cast: &[usize], special: &[usize]) -> Vec<Placement> {
            let mut first = Vec::new();
            let mut later = Vec::new();
            for &e in cast {
                let entity = &self.entities[e];
                let count = *rng.pick(&[1, 1, 2, 2, 3]);
                let in_special = usize::from(special.contains(&e));
                for k in in_special..count.max(in_special) {
                    let (text, style) = if k == 0 {
                        let linked = rng.chance(15);
                        let style = if linked {
                            NameStyle::Linked(entity.id.clone())
                        } else {
                            NameStyle::Plain
                        };
                        (entity.name.clone(), style)
                    } else if rng.chance(50) {
                        (entity.short().to_string(), NameStyle::Plain)
                    } else {
                        (entity.name.clone(), NameStyle::Plain)
                    };
                    let placement = Placement {
                        entity: e,
                        text,
                        style,
                    };
                    if k == 0 { &mut first } else { &mut later }.push(placement);
                }
            }
            rng.shuffle(&mut first);
            rng.shuffle(&mut later);
            first.extend(later);
            first
        }

        fn event(&self, rng: &mut Rng, header: &Header, org: usize, place: usize) -> EventPlan {
            let day = header.date.to_days() - rng.below(400) as i64;
            let d = Date::from_days(day);
            let when = match rng.below(10) {
                0..=4 => When::Day(d),
                5..=7 => {
                    let k = rng.range(1, 6) as i64;
                    if d.day as i64 + k
                        <= i64::from(super::calendar::days_in_month(d.year, d.month))
                    {
                        When::Span(d, Date::from_days(day + k))
                    } else {
                        When::Span(Date::from_days(day - k), d)
                    }
                }
                8 => When::Month(d),
                _ => When::Year(d.year),
            };
            let verb = rng.below(EVENTS.len());
            let (org_entity, place_entity) = (&self.entities[org], &self.entities[place]);
            let title = format!(
                "{} {} in {}",
                org_entity.short(),
                EVENTS[verb].1,
                place_entity.name
            );
            EventPlan {
                org,
                place,
                when,
                verb,
                id: registry::slugify(&title),
                title,
            }
        }
    }

    /// A headline: "Council Delays Revised Budget Plan".
    fn title(rng: &mut Rng) -> String {
        let title_case = |s: &str| {
            s.split(' ')
                .map(|w| {
                    w.split('-')
                        .map(registry::capitalize)
                        .collect::<Vec<_>>()
                        .join("-")
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let adjective = title_case(rng.word(ADJECTIVES));
        let noun = title_case(rng.word(NOUNS));
        let tail = rng.word(TITLE_TAILS);
        let subject = rng.word(TITLE_SUBJECTS);
        let verb = rng.word(TITLE_VERBS);
        let verb = if subject.ends_with('s') {
            verb.to_string()
        } else {
            format!("{verb}s")
        };
        if rng.chance(70) {
            format!("{subject} {verb} {adjective} {noun} {tail}")
        } else {
            format!("{adjective} {noun} {tail} Tests {subject}")
        }
    }
}

/// The writer: turns a plan into blocks of English-like sentences.
mod prose {
    use super::corpus::{Placement, Plan};
    use super::registry::{Entity, Kind, capitalize};
    use super::rng::Rng;
    use super::text::{Block, BlockKind, Line, Mark, NameStyle};
    use super::words::*;
    use std::collections::VecDeque;

    /// Average words per sentence, used to pace entity placements.
    const WORDS_PER_SENTENCE: usize = 16;

    /// A sentence that must appear somewhere in the article.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Special {
        Claim,
        Event,
        Term,
        Xref,
    }

    pub struct Writer<'a> {
        rng: &'a mut Rng,
        entities: &'a [Entity],
        plan: &'a Plan,
        queue: VecDeque<Placement>,
        written: usize,
    }

    /// The article body as blocks.
    pub fn write(rng: &mut Rng, entities: &[Entity], plan: &Plan) -> Vec<Block> {
        let mut writer = Writer {
            rng,
            entities,
            plan,
            queue: plan.placements.iter().cloned().collect(),
            written: 0,
        };
        writer.body()
    }

    /// A one-sentence summary, in Markdown.
    pub fn summary(rng: &mut Rng, entities: &[Entity], plan: &Plan) -> String {
        let mut writer = Writer {
            rng,
            entities,
            plan,
            queue: VecDeque::new(),
            written: 0,
        };
        let org = plan.event.org;
        let mut line = Line::default();
        let style = if writer.rng.chance(30) {
            NameStyle::Linked(entities[org].id.clone())
        } else {
            NameStyle::Plain
        };
        line.name(org, &entities[org].name, style);
        line.text(writer.rng.word(VERBS_PAST));
        writer.object(&mut line);
        line.text(writer.rng.word(ADJUNCTS)).glue(".");
        line.markdown()
    }

    impl Writer<'_> {
        fn body(&mut self) -> Vec<Block> {
            let count = self.plan.paragraphs;
            let mut specials: Vec<Vec<Special>> = vec![Vec::new(); count];
            specials[self.rng.below(count)].push(Special::Claim);
            specials[self.rng.below(count)].push(Special::Event);
            specials[self.rng.below(count)].push(Special::Term);
            if self.plan.xref.is_some() {
                specials[self.rng.range(1, count - 1)].push(Special::Xref);
            }
            let mut blocks = Vec::new();
            for (p, mut todo) in specials.into_iter().enumerate() {
                if self.plan.heading_before == Some(p) {
                    let mut line = Line::default();
                    line.text(self.rng.word(HEADINGS));
                    blocks.push(Block {
                        kind: BlockKind::Heading,
                        line,
                    });
                }
                let budget = self.plan.words / count;
                let budget = budget * self.rng.range(80, 120) / 100;
                let mut paragraph = Line::default();
                let mut words = 0;
                while words < budget || !todo.is_empty() {
                    let sentence = match todo.pop() {
                        Some(special) if words > 0 || self.rng.chance(40) => self.special(special),
                        Some(special) => {
                            todo.push(special);
                            self.sentence()
                        }
                        None => self.sentence(),
                    };
                    let count = sentence.words();
                    words += count;
                    self.written += count;
                    paragraph.append(sentence);
                }
                if self.plan.bullets_after == Some(p) {
                    paragraph.text(self.rng.word(BULLET_INTROS));
                    blocks.push(paragraph_block(paragraph));
                    for _ in 0..self.rng.range(3, 4) {
                        let line = self.bullet();
                        blocks.push(Block {
                            kind: BlockKind::Bullet,
                            line,
                        });
                    }
                } else {
                    blocks.push(paragraph_block(paragraph));
                }
            }
            self.place_leftovers(&mut blocks);
            blocks
        }

        /// Names not placed yet go into extra sentences at the ends of random paragraphs.
        fn place_leftovers(&mut self, blocks: &mut [Block]) {
            let paragraphs: Vec<usize> = (0..blocks.len())
                .filter(|&b| blocks[b].kind == BlockKind::Paragraph)
                .collect();
            while let Some(placement) = self.queue.pop_front() {
                let sentence = self.sentence_with(placement);
                let b = *self.rng.pick(&paragraphs);
                blocks[b].line.append(sentence);
            }
        }

        /// Whether the next ordinary sentence should name an entity: paced so the queue
        /// empties by the end of the article.
        fn should_place(&mut self) -> bool {
            let left = self.plan.words.saturating_sub(self.written) / WORDS_PER_SENTENCE + 1;
            let percent = self.queue.len() * 130 / left;
            self.rng.chance(percent.min(95))
        }

        fn sentence(&mut self) -> Line {
            if self.should_place()
                && let Some(placement) = self.queue.pop_front()
            {
                return self.sentence_with(placement);
            }
            match self.rng.below(12) {
                0..=2 => self.actor_sentence(None),
                3 | 4 => self.passive_sentence(None),
                5 => self.dash_sentence(),
                6 => self.numbers_sentence(),
                7 | 8 => self.compound_sentence(),
                _ => self.comment_sentence(),
            }
        }

        /// An ordinary sentence built around one entity.
        fn sentence_with(&mut self, placement: Placement) -> Line {
            match self.entities[placement.entity].kind {
                Kind::Person => match self.rng.below(3) {
                    0 => self.actor_sentence(Some(placement)),
                    _ => self.said_sentence(placement),
                },
                Kind::Organization => match self.rng.below(2) {
                    0 => self.actor_sentence(Some(placement)),
                    _ => self.passive_sentence(Some(placement)),
                },
                Kind::Source => self.reported_sentence(placement),
                Kind::Place => self.place_sentence(placement),
                Kind::Term => self.term_object_sentence(placement),
            }
        }

        fn special(&mut self, special: Special) -> Line {
            match special {
                Special::Claim => self.claim_sentence(),
                Special::Event => self.event_sentence(),
                Special::Term => self.term_sentence(),
                Special::Xref => self.xref_sentence(),
            }
        }

        fn name(&self, line: &mut Line, placement: &Placement) {
            line.name(placement.entity, &placement.text, placement.style.clone());
        }

        /// A special passage's entity: full name, plain.
        fn full_name(&self, line: &mut Line, entity: usize) {
            line.name(entity, &self.entities[entity].name, NameStyle::Plain);
        }

        fn subject(&mut self, line: &mut Line, capital: bool) {
            let subject = self.rng.word(SUBJECTS);
            line.text(&if capital {
                capitalize(subject)
            } else {
                subject.to_string()
            });
        }

        /// A noun phrase, now and then emphasized, strong, or a possessive.
        fn object(&mut self, line: &mut Line) {
            let adjective = self.rng.word(ADJECTIVES);
            let noun = self.rng.word(NOUNS);
            match self.rng.below(20) {
                0..=2 => {
                    line.text("the").emph(&format!("{adjective} {noun}"));
                }
                3 => {
                    line.text("the").strong(noun);
                }
                4 => {
                    line.text(&format!(
                        "a plan to {} the {noun}",
                        self.rng.word(VERBS_BASE)
                    ));
                }
                5 => {
                    line.text(&format!("the ministry’s {noun}"));
                }
                6 => {
                    line.text(&format!("new rules on the {noun}"));
                }
                _ => {
                    line.text(&format!("the {adjective} {noun}"));
                }
            }
        }

        /// An optional trailing phrase: often plain, sometimes a code span or a link.
        fn adjunct(&mut self, line: &mut Line) {
            match self.rng.below(20) {
                0 => {
                    let code =
                        format!("{}-{}", self.rng.word(CODE_PREFIXES), self.rng.range(2, 48));
                    line.text(self.rng.word(CODE_LEADS)).code(&code);
                }
                1 => {
                    let url = format!(
                        "https://example.org/{}/{}",
                        self.rng.word(LINK_SECTIONS),
                        self.rng.range(100, 999)
                    );
                    line.text("in").link(self.rng.word(LINK_TEXTS), &url);
                }
                2..=10 => {
                    line.text(self.rng.word(ADJUNCTS));
                }
                _ => {}
            }
        }

        fn actor_sentence(&mut self, actor: Option<Placement>) -> Line {
            let mut line = Line::default();
            match &actor {
                Some(p) => self.name(&mut line, p),
                None => self.subject(&mut line, true),
            }
            line.text(self.rng.word(VERBS_PAST));
            self.object(&mut line);
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn said_sentence(&mut self, person: Placement) -> Line {
            let mut line = Line::default();
            let role = self.entities[person.entity].role;
            let full = person.text == self.entities[person.entity].name;
            self.name(&mut line, &person);
            if full && self.rng.chance(50) {
                line.glue(",").text(role).glue(",");
            }
            line.text(self.rng.word(SAY_VERBS)).text("that");
            let noun = self.rng.word(NOUNS);
            match self.rng.below(4) {
                0 => {
                    line.text(&format!("the {noun} was {}", self.rng.word(ADJECTIVES)));
                }
                1 => {
                    self.subject(&mut line, false);
                    line.text(&format!(
                        "didn’t plan to {} the {noun}",
                        self.rng.word(VERBS_BASE)
                    ));
                }
                2 => {
                    self.subject(&mut line, false);
                    line.text(&format!("would {} the {noun}", self.rng.word(VERBS_BASE)));
                    self.adjunct(&mut line);
                }
                _ => {
                    line.text(&format!("the {noun} didn’t go far enough"));
                }
            }
            line.glue(".");
            line
        }

        fn passive_sentence(&mut self, actor: Option<Placement>) -> Line {
            let mut line = Line::default();
            let adjective = self.rng.word(ADJECTIVES);
            let noun = self.rng.word(NOUNS);
            line.text(&format!(
                "The {adjective} {noun} was {} by",
                self.rng.word(VERBS_PAST)
            ));
            match &actor {
                Some(p) => self.name(&mut line, p),
                None => self.subject(&mut line, false),
            }
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn place_sentence(&mut self, place: Placement) -> Line {
            let mut line = Line::default();
            if self.rng.chance(50) {
                line.text("In");
                self.name(&mut line, &place);
                line.glue(",");
                self.subject(&mut line, false);
                line.text(self.rng.word(VERBS_PAST));
                self.object(&mut line);
            } else {
                self.subject(&mut line, true);
                line.text(self.rng.word(VERBS_PAST));
                self.object(&mut line);
                line.text("in");
                self.name(&mut line, &place);
                self.adjunct(&mut line);
            }
            line.glue(".");
            line
        }

        fn reported_sentence(&mut self, source: Placement) -> Line {
            let mut line = Line::default();
            self.name(&mut line, &source);
            line.text("reported that");
            self.subject(&mut line, false);
            line.text(&format!("had {}", self.rng.word(VERBS_PAST)));
            self.object(&mut line);
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn term_object_sentence(&mut self, term: Placement) -> Line {
            let mut line = Line::default();
            self.subject(&mut line, true);
            line.text(&format!("{} the", self.rng.word(VERBS_PAST)));
            self.name(&mut line, &term);
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn dash_sentence(&mut self) -> Line {
            let mut line = Line::default();
            line.text(&format!(
                "The {} – {} and {} – {}",
                self.rng.word(NOUNS),
                self.rng.word(ADJECTIVES),
                self.rng.word(ADJECTIVES),
                self.rng.word(VERBS_INTRANSITIVE)
            ));
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn numbers_sentence(&mut self) -> Line {
            let mut line = Line::default();
            let year = self.plan.header.date.year - self.rng.range(1, 4) as i32;
            let noun = self.rng.word(NOUNS);
            let text = match self.rng.below(3) {
                0 => format!(
                    "Spending on the {noun} rose by {} percent over the {}–{} period",
                    self.rng.range(2, 40),
                    year - 2,
                    year
                ),
                1 => format!(
                    "About {},{:03} people depend on the {noun}, by most estimates",
                    self.rng.range(2, 90),
                    self.rng.below(1000)
                ),
                _ => format!(
                    "The {noun} has cost {} million since {year}",
                    self.rng.range(3, 700)
                ),
            };
            line.text(&text).glue(".");
            line
        }

        /// Commentary of a fixed shape, to vary the rhythm.
        fn comment_sentence(&mut self) -> Line {
            let noun = self.rng.word(NOUNS);
            let other = self.rng.word(NOUNS);
            let adjective = self.rng.word(ADJECTIVES);
            let text = match self.rng.below(7) {
                0 => format!(
                    "Critics called the {noun} {adjective}, but supporters said it was overdue."
                ),
                1 => format!(
                    "Whether the {adjective} {noun} will survive the {other} remains unclear."
                ),
                2 => format!(
                    "It was the first {noun} of its kind since {}.",
                    self.plan.header.date.year - self.rng.range(5, 30) as i32
                ),
                3 => format!(
                    "Few observers expected the {noun} to {} the {other} so quickly.",
                    self.rng.word(VERBS_BASE)
                ),
                4 => format!(
                    "There was no sign that {} would {} the {noun}.",
                    self.rng.word(SUBJECTS),
                    self.rng.word(VERBS_BASE)
                ),
                5 => format!("Will the {noun} hold?"),
                _ => format!(
                    "“It’s {adjective}, but it’s a start,” one official said of the {noun}."
                ),
            };
            let mut line = Line::default();
            line.text(&text);
            line
        }

        fn compound_sentence(&mut self) -> Line {
            let mut line = Line::default();
            self.subject(&mut line, true);
            line.text(self.rng.word(VERBS_PAST));
            self.object(&mut line);
            line.glue(",").text("and");
            self.subject(&mut line, false);
            line.text(self.rng.word(VERBS_PAST));
            self.object(&mut line);
            line.glue(".");
            line
        }

        fn claim_sentence(&mut self) -> Line {
            let mut line = Line::default();
            match self.plan.claim_source {
                Some(source) if self.rng.chance(50) => {
                    line.text("According to");
                    self.full_name(&mut line, source);
                    line.glue(",");
                }
                Some(source) => {
                    self.full_name(&mut line, source);
                    line.text("reported that");
                }
                None => {
                    self.subject(&mut line, true);
                    line.text("said privately that");
                }
            }
            line.open(Mark::Claim);
            let noun = self.rng.word(NOUNS);
            let percent = self.rng.range(3, 60);
            match self.rng.below(4) {
                0 => {
                    line.text(&format!("the {noun} would cost about {percent} million"));
                }
                1 => {
                    line.text(&format!(
                        "{percent} percent of the {noun} had never been {}",
                        self.rng.word(VERBS_PAST)
                    ));
                }
                2 => {
                    self.subject(&mut line, false);
                    line.text(&format!(
                        "had {} the {noun} without consulting",
                        self.rng.word(VERBS_PAST)
                    ));
                    self.subject(&mut line, false);
                }
                _ => {
                    line.text(&format!(
                        "the {} {noun} was {} {}",
                        self.rng.word(ADJECTIVES),
                        self.rng.word(VERBS_PAST),
                        self.rng.word(ADJUNCTS)
                    ));
                }
            }
            line.close(Mark::Claim).glue(".");
            line
        }

        fn event_sentence(&mut self) -> Line {
            let event = &self.plan.event;
            let mut line = Line::default();
            line.open(Mark::Event);
            self.full_name(&mut line, event.org);
            line.text(&format!("{} in", EVENTS[event.verb].0));
            self.full_name(&mut line, event.place);
            line.text(&event.when.spoken());
            line.close(Mark::Event);
            self.adjunct(&mut line);
            line.glue(".");
            line
        }

        fn term_sentence(&mut self) -> Line {
            let term = self.plan.term;
            let style = if self.rng.chance(50) {
                NameStyle::Emphasized
            } else {
                NameStyle::Plain
            };
            let mut line = Line::default();
            if self.rng.chance(50) {
                self.subject(&mut line, true);
                line.text(&format!(
                    "{} what officials call the",
                    self.rng.word(VERBS_PAST)
                ));
                line.open(Mark::Term);
                line.name(term, &self.entities[term].name, style);
                line.close(Mark::Term).glue(",");
                line.text(&format!(
                    "a {} {}",
                    self.rng.word(ADJECTIVES),
                    self.rng.word(NOUNS)
                ));
            } else {
                line.text("The so-called").open(Mark::Term);
                line.name(term, &self.entities[term].name, style);
                line.close(Mark::Term);
                line.text(self.rng.word(VERBS_INTRANSITIVE));
                self.adjunct(&mut line);
            }
            line.glue(".");
            line
        }

        fn xref_sentence(&mut self) -> Line {
            let dest = format!("article:{}", self.plan.xref.as_deref().unwrap_or_default());
            let mut line = Line::default();
            let text = self.rng.word(XREF_TEXTS);
            if self.rng.chance(50) {
                line.text(if text.starts_with('e') { "An" } else { "A" })
                    .link(text, &dest)
                    .text(&format!(
                        "described the {} as {}",
                        self.rng.word(NOUNS),
                        self.rng.word(ADJECTIVES)
                    ));
            } else {
                line.text(if text.starts_with('e') {
                    "As an"
                } else {
                    "As a"
                })
                .link(text, &dest)
                .text(&format!(
                    "noted, the {} {}",
                    self.rng.word(NOUNS),
                    self.rng.word(VERBS_INTRANSITIVE)
                ));
            }
            line.glue(".");
            line
        }

        fn bullet(&mut self) -> Line {
            let mut line = Line::default();
            let actor = self
                .queue
                .iter()
                .position(|p| self.entities[p.entity].kind.is_actor());
            match actor.and_then(|i| self.queue.remove(i)) {
                Some(p) if self.rng.chance(50) => {
                    self.name(&mut line, &p);
                    line.text(&format!(
                        "to {} the {}",
                        self.rng.word(VERBS_BASE),
                        self.rng.word(NOUNS)
                    ));
                }
                other => {
                    if let Some(p) = other {
                        self.queue.push_front(p);
                    }
                    line.text(&format!(
                        "{} the {} {}",
                        capitalize(self.rng.word(VERBS_BASE)),
                        self.rng.word(ADJECTIVES),
                        self.rng.word(NOUNS)
                    ));
                }
            }
            line
        }
    }

    fn paragraph_block(line: Line) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            line,
        }
    }
}

/// Builds an article's annotations from its plan and rendered text.
mod annotate {
    use super::anchor::{self, Occurrence, Selector};
    use super::corpus::Plan;
    use super::registry::{Entity, Kind};
    use super::rng::Rng;
    use super::text::{BlockKind, Mark, Rendered};
    use super::words::*;
    use std::ops::Range;

    /// One annotation, as written to YAML, with where it must land.
    #[derive(Debug, Clone, Default)]
    pub struct Annotation {
        pub id: Option<String>,
        pub selector: Selector,
        pub kind: Option<&'static str>,
        pub entities: Vec<String>,
        pub source: Option<String>,
        pub date: Option<String>,
        pub until: Option<String>,
        pub title: Option<String>,
        pub note: Option<String>,
        pub tags: Vec<&'static str>,
        /// The folded ranges gloss must anchor it to.
        pub expected: Vec<Range<usize>>,
    }

    struct Annotator<'a> {
        rng: &'a mut Rng,
        entities: &'a [Entity],
        plan: &'a Plan,
        text: &'a Rendered,
        out: Vec<Annotation>,
        /// Quotes that could not be told apart (counted; should stay zero).
        dropped: usize,
    }

    /// The annotations of an article in reading order, and how many were dropped.
    pub fn annotate(
        rng: &mut Rng,
        entities: &[Entity],
        plan: &Plan,
        text: &Rendered,
    ) -> (Vec<Annotation>, usize) {
        let mut a = Annotator {
            rng,
            entities,
            plan,
            text,
            out: Vec::new(),
            dropped: 0,
        };
        a.mentions();
        a.claim();
        a.event();
        a.term();
        a.notes();
        for annotation in &mut a.out {
            if a.rng.chance(15) {
                annotation.tags.push(a.rng.word(TAGS));
            }
        }
        a.out.sort_by_key(|x| x.expected[0].start);
        (a.out, a.dropped)
    }

    impl Annotator<'_> {
        /// Adds an annotation anchored at `target`, unless its quote cannot be told apart.
        fn add(&mut self, target: Range<usize>, annotation: Annotation) {
            match anchor::select(self.rng, &self.text.reader, &self.text.folded, &target) {
                Some(selector) => self.out.push(Annotation {
                    selector,
                    expected: vec![target],
                    ..annotation
                }),
                None => self.dropped += 1,
            }
        }

        fn ranges_of(&self, mark: Mark) -> Option<Range<usize>> {
            self.text
                .marks
                .iter()
                .find(|(m, _)| *m == mark)
                .map(|(_, r)| r.clone())
        }

        /// Mentions of the coverage entities and a few more, six to eight in all, less the
        /// article's term if it is a coverage entity: the term annotation covers it.
        fn mentions(&mut self) {
            let mut chosen: Vec<usize> = self.plan.coverage.clone();
            let want = self.rng.range(6, 8);
            for &e in &self.plan.cast {
                if chosen.len() >= want {
                    break;
                }
                if !chosen.contains(&e) && e != self.plan.term {
                    chosen.push(e);
                }
            }
            for e in chosen {
                if e == self.plan.term && self.plan.coverage.contains(&e) {
                    continue;
                }
                self.mention(e);
            }
        }

        fn mention(&mut self, e: usize) {
            let spans: Vec<Range<usize>> = self
                .text
                .names
                .iter()
                .filter(|n| n.entity == e)
                .map(|n| n.range.clone())
                .collect();
            let base = Annotation {
                entities: vec![self.entities[e].id.clone()],
                ..Annotation::default()
            };
            if spans.len() > 1 && self.rng.chance(20) && self.mention_all(&spans, &base) {
                return;
            }
            let target = if self.rng.chance(70) {
                spans[0].clone()
            } else {
                self.rng.pick(&spans).clone()
            };
            self.add(target, base);
        }

        /// `occurrence: all` on the entity's name, if every match of that text is this
        /// entity's.
        fn mention_all(&mut self, spans: &[Range<usize>], base: &Annotation) -> bool {
            let quote = self.text.quote(spans[0].clone());
            let matches = anchor::find_matches(&self.text.folded, &anchor::fold(&quote));
            if matches.len() < 2 || !matches.iter().all(|m| spans.contains(m)) {
                return false;
            }
            self.out.push(Annotation {
                selector: Selector {
                    quote,
                    occurrence: Some(Occurrence::All),
                    ..Selector::default()
                },
                expected: matches,
                ..base.clone()
            });
            true
        }

        fn claim(&mut self) {
            let Some(range) = self.ranges_of(Mark::Claim) else {
                return;
            };
            let source = match self.plan.claim_source {
                Some(e) => self.entities[e].id.clone(),
                None => self.rng.word(CLAIM_SOURCES).to_string(),
            };
            let note = match self.rng.below(3) {
                0 => "Not independently confirmed; other outlets give a lower figure.".to_string(),
                1 => "Attributed to a single unnamed official.".to_string(),
                _ => format!(
                    "Consistent with the ministry’s own figures for {}.",
                    self.plan.header.date.year - 1
                ),
            };
            let id = self.rng.chance(30).then(|| "main-claim".to_string());
            self.add(
                range,
                Annotation {
                    id,
                    kind: Some("claim"),
                    source: Some(source),
                    note: Some(note),
                    ..Annotation::default()
                },
            );
        }

        fn event(&mut self) {
            let Some(range) = self.ranges_of(Mark::Event) else {
                return;
            };
            let event = &self.plan.event;
            let (date, until) = event.when.fields();
            self.add(
                range,
                Annotation {
                    id: Some(event.id.clone()),
                    kind: Some("event"),
                    date: Some(date),
                    until,
                    title: Some(event.title.clone()),
                    entities: vec![
                        self.entities[event.org].id.clone(),
                        self.entities[event.place].id.clone(),
                    ],
                    ..Annotation::default()
                },
            );
        }

        fn term(&mut self) {
            let Some(range) = self.ranges_of(Mark::Term) else {
                return;
            };
            let term = &self.entities[self.plan.term];
            debug_assert_eq!(term.kind, Kind::Term);
            let note = self.rng.chance(40).then(|| {
                format!(
                    "Shorthand used by officials for a {} {}.",
                    self.rng.word(ADJECTIVES),
                    self.rng.word(NOUNS)
                )
            });
            self.add(
                range,
                Annotation {
                    kind: Some("term"),
                    entities: vec![term.id.clone()],
                    note,
                    ..Annotation::default()
                },
            );
        }

        /// One or two notes: across emphasis, across a paragraph break, or any few words.
        fn notes(&mut self) {
            let count = self.rng.range(1, 2);
            for n in 0..count {
                let window = match n {
                    0 => self.across_emphasis(),
                    _ if self.rng.chance(40) => self.across_paragraphs(),
                    _ => None,
                };
                let Some(window) = window.or_else(|| self.any_window()) else {
                    continue;
                };
                let note = self.note_text();
                self.add(
                    window,
                    Annotation {
                        note: Some(note),
                        ..Annotation::default()
                    },
                );
            }
        }

        fn note_text(&mut self) -> String {
            let other = self.rng.pick(self.entities);
            let link = format!("[{}](entity:{})", other.name, other.id);
            match self.rng.below(5) {
                0 => "The figure could not be independently confirmed.".to_string(),
                1 => "Earlier estimates were *considerably* lower.".to_string(),
                2 => format!("Compare the account given by {link}."),
                3 => format!(
                    "See {link} for background; the two accounts differ on the {}.",
                    self.rng.word(NOUNS)
                ),
                _ => format!(
                    "The wording matters: the {} is not yet law.",
                    self.rng.word(NOUNS)
                ),
            }
        }

        /// A few words that start before an emphasized phrase and end inside or after it.
        fn across_emphasis(&mut self) -> Option<Range<usize>> {
            if self.text.emphasis.is_empty() {
                return None;
            }
            let e = self.rng.pick(&self.text.emphasis).clone();
            let reader = &self.text.reader;
            let before = self.rng.range(1, 2);
            let start = extend_left(reader, e.start, before);
            let end = if self.rng.chance(50) {
                extend_right(reader, e.end, 1)
            } else {
                e.end
            };
            (start < e.start || end > e.end).then_some(start..end)
        }

        /// The last words of one paragraph and the first of the next.
        fn across_paragraphs(&mut self) -> Option<Range<usize>> {
            let blocks = &self.text.blocks;
            let pairs: Vec<usize> = (1..blocks.len())
                .filter(|&b| {
                    blocks[b - 1].0 == BlockKind::Paragraph && blocks[b].0 == BlockKind::Paragraph
                })
                .collect();
            if pairs.is_empty() {
                return None;
            }
            let b = *self.rng.pick(&pairs);
            let (first, second) = (blocks[b - 1].1.clone(), blocks[b].1.clone());
            let reader = &self.text.reader;
            let start = extend_left(reader, word_start(reader, first.end), 2);
            let end = extend_right(reader, word_end(reader, second.start), 1);
            Some(start..end)
        }

        /// Four to seven words from a random paragraph.
        fn any_window(&mut self) -> Option<Range<usize>> {
            let paragraphs: Vec<Range<usize>> = self
                .text
                .blocks
                .iter()
                .filter(|(kind, _)| *kind == BlockKind::Paragraph)
                .map(|(_, r)| r.clone())
                .collect();
            let block = self.rng.pick(&paragraphs).clone();
            let starts: Vec<usize> = block
                .clone()
                .filter(|&i| i == block.start || self.text.reader[i - 1] == ' ')
                .collect();
            let start = *self.rng.pick(&starts);
            let reader = &self.text.reader;
            let end = extend_right(reader, word_end(reader, start), self.rng.range(3, 6));
            Some(start..end)
        }
    }

    /// Where the word around or before `pos` starts.
    fn word_start(reader: &[char], mut pos: usize) -> usize {
        while pos > 0 && !reader[pos - 1].is_whitespace() {
            pos -= 1;
        }
        pos
    }

    /// Where the word around or after `pos` ends.
    fn word_end(reader: &[char], mut pos: usize) -> usize {
        while pos < reader.len() && !reader[pos].is_whitespace() {
            pos += 1;
        }
        pos
    }

    /// From a word start, moves left over up to `words` more words, never across a block
    /// boundary (a `\n` in the reader text).
    fn extend_left(reader: &[char], mut pos: usize, words: usize) -> usize {
        for _ in 0..words {
            if pos == 0 || reader[pos - 1] != ' ' {
                break;
            }
            pos = word_start(reader, pos - 1);
        }
        pos
    }

    /// From a word end, moves right over up to `words` more words, never across a block
    /// boundary.
    fn extend_right(reader: &[char], mut pos: usize, words: usize) -> usize {
        for _ in 0..words {
            if pos >= reader.len() || reader[pos] != ' ' {
                break;
            }
            pos = word_end(reader, pos + 1);
        }
        pos
    }
}

/// YAML output: front matter, annotation files, the registry, site settings.
mod yaml {
    use super::anchor::Occurrence;
    use super::annotate::Annotation;
    use super::corpus::Header;
    use super::registry::Entity;
    use std::fmt::Write;

    /// Plain scalars that YAML would read as something other than a string.
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];

    /// A scalar for block context: plain where that is unambiguous, else double-quoted.
    pub fn scalar(text: &str) -> String {
        let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && !text.ends_with(' ')
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || " ,.'’–-".contains(c))
            && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
        if plain {
            return text.to_string();
        }
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// A flow list of simple words: `[a, b]`.
    pub fn list<S: AsRef<str>>(items: &[S]) -> String {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        debug_assert!(items.iter().all(|i| {
            i.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        }));
        format!("[{}]", items.join(", "))
    }

    pub fn front_matter(header: &Header, summary: &str) -> String {
        format!(
            "---\ntitle: {}\nauthor: {}\nsource: {}\ndate: {}\ntags: {}\nsummary: {}\n---\n",
            scalar(&header.title),
            scalar(&header.author),
            scalar(&header.source),
            header.date.iso(),
            list(&header.tags),
            scalar(summary)
        )
    }

    pub fn annotations(title: &str, annotations: &[Annotation]) -> String {
        let mut out = format!(
            "# Annotations for {} (generated by gen-corpus).\nannotations:\n",
            scalar(title)
        );
        for a in annotations {
            write_annotation(&mut out, a);
        }
        out
    }

    fn write_annotation(out: &mut String, a: &Annotation) {
        let mut first = true;
        let mut field = |out: &mut String, key: &str, value: String| {
            let lead = if std::mem::take(&mut first) {
                "  - "
            } else {
                "    "
            };
            let _ = writeln!(out, "{lead}{key}: {value}");
        };
        if let Some(id) = &a.id {
            field(out, "id", id.clone());
        }
        let s = &a.selector;
        field(out, "quote", scalar(&s.quote));
        if let Some(p) = &s.prefix {
            field(out, "prefix", scalar(p));
        }
        if let Some(x) = &s.suffix {
            field(out, "suffix", scalar(x));
        }
        match s.occurrence {
            Some(Occurrence::Nth(n)) => field(out, "occurrence", n.to_string()),
            Some(Occurrence::All) => field(out, "occurrence", "all".into()),
            None => {}
        }
        if let Some(kind) = a.kind {
            field(out, "kind", kind.into());
        }
        match a.entities.as_slice() {
            [] => {}
            [one] => field(out, "entity", one.clone()),
            many => field(out, "entity", list(many)),
        }
        if let Some(source) = &a.source {
            field(out, "source", scalar(source));
        }
        if let Some(date) = &a.date {
            field(out, "date", date.clone());
        }
        if let Some(until) = &a.until {
            field(out, "until", until.clone());
        }
        if let Some(title) = &a.title {
            field(out, "title", scalar(title));
        }
        if let Some(note) = &a.note {
            field(out, "note", scalar(note));
        }
        if !a.tags.is_empty() {
            field(out, "tags", list(&a.tags));
        }
    }

    pub fn entities(seed: u64, entities: &[Entity]) -> String {
        let mut out = format!(
            "# The registry: {} made-up entities (generated by gen-corpus, seed {seed}).\n",
            entities.len()
        );
        for e in entities {
            let _ = writeln!(out, "\n{}:", e.id);
            let _ = writeln!(out, "  name: {}", scalar(&e.name));
            let _ = writeln!(out, "  kind: {}", e.kind.as_str());
            if !e.aliases.is_empty() {
                let _ = writeln!(out, "  aliases: {}", list(&e.aliases));
            }
            let _ = writeln!(out, "  description: {}", scalar(&e.description));
            if let Some(url) = &e.wikipedia {
                let _ = writeln!(out, "  links:\n    wikipedia: {}", scalar(url));
            }
        }
        out
    }

    pub fn site() -> String {
        "title: Benchmark Corpus\n\
         description: A generated briefing for measuring gloss – made-up people, places and events.\n\
         language: en\n\
         base_url: https://corpus.example.org/\n"
            .to_string()
    }
}

/// The final gate: every annotation, as written, must anchor exactly where it was meant to,
/// and everything it refers to must exist.
mod check {
    use super::anchor;
    use super::annotate::Annotation;
    use super::calendar::{Date, days_in_month};
    use std::collections::BTreeSet;

    /// Checks one article's annotations against its folded reader text.
    pub fn article(
        folded: &str,
        annotations: &[Annotation],
        is_entity: &dyn Fn(&str) -> bool,
    ) -> Result<(), String> {
        let mut ids = BTreeSet::new();
        for (i, a) in annotations.iter().enumerate() {
            let at = |message: String| {
                format!("annotation {} ({:?}): {message}", i + 1, a.selector.quote)
            };
            let landed = anchor::resolve(folded, &a.selector).map_err(at)?;
            if landed != a.expected {
                return Err(at(format!("lands at {landed:?}, meant {:?}", a.expected)));
            }
            let id = a.id.clone().unwrap_or_else(|| (i + 1).to_string());
            if !is_id(&id) || !ids.insert(id.clone()) {
                return Err(at(format!("bad or duplicate id `{id}`")));
            }
            if let Some(e) = a.entities.iter().find(|e| !is_entity(e)) {
                return Err(at(format!("unknown entity `{e}`")));
            }
            if a.kind.is_none() && a.entities.is_empty() && a.note.is_none() {
                return Err(at("a note without a note".into()));
            }
            if let Some(source) = &a.source
                && is_id(source)
                && !is_entity(source)
            {
                return Err(at(format!("unknown source `{source}`")));
            }
            let date = a.date.as_deref().map(parse_date).transpose().map_err(at)?;
            let until = a.until.as_deref().map(parse_date).transpose().map_err(at)?;
            if let (Some(d), Some(u)) = (date, until)
                && u < d
            {
                return Err(at("`until` before `date`".into()));
            }
            for link in entity_links(a.note.as_deref().unwrap_or_default()) {
                if !is_entity(link) {
                    return Err(at(format!("note links unknown entity `{link}`")));
                }
            }
        }
        Ok(())
    }

    /// Cross-links in a body: every `entity:` id and `article:` slug must exist.
    pub fn links(
        markdown: &str,
        is_entity: &dyn Fn(&str) -> bool,
        is_slug: &dyn Fn(&str) -> bool,
    ) -> Result<(), String> {
        for link in entity_links(markdown) {
            if !is_entity(link) {
                return Err(format!("link to unknown entity `{link}`"));
            }
        }
        for part in markdown.split("](article:").skip(1) {
            let dest = &part[..part.find(')').unwrap_or(part.len())];
            let slug = dest.split('#').next().unwrap_or_default();
            if !is_slug(slug) {
                return Err(format!("link to unknown article `{dest}`"));
            }
        }
        Ok(())
    }

    fn entity_links(markdown: &str) -> impl Iterator<Item = &str> {
        markdown
            .split("](entity:")
            .skip(1)
            .map(|part| &part[..part.find(')').unwrap_or(part.len())])
    }

    fn is_id(id: &str) -> bool {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date; ordered by its first day.
    fn parse_date(text: &str) -> Result<Date, String> {
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
                .ok_or_else(|| format!("bad date `{text}`"))
        };
        let year = number(parts[0], 4)? as i32;
        let month = parts.get(1).map(|m| number(m, 2)).transpose()?.unwrap_or(1);
        let day = parts.get(2).map(|d| number(d, 2)).transpose()?.unwrap_or(1);
        if parts.len() > 3
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return Err(format!("bad date `{text}`"));
        }
        Ok(Date { year, month, day })
    }
}

/// One generated article: its files and what went into them.
struct Article {
    year: i32,
    slug: String,
    markdown: String,
    annotations: String,
    stats: Stats,
}

/// Counts reported at the end of a run.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    articles: usize,
    words: usize,
    annotations: usize,
    prefixes: usize,
    suffixes: usize,
    occurrences: usize,
    all: usize,
    bytes: usize,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.articles += other.articles;
        self.words += other.words;
        self.annotations += other.annotations;
        self.prefixes += other.prefixes;
        self.suffixes += other.suffixes;
        self.occurrences += other.occurrences;
        self.all += other.all;
        self.bytes += other.bytes;
    }
}

/// Writes, renders, annotates and checks article `i`.
fn generate_article(corpus: &corpus::Corpus, i: usize) -> Result<Article, String> {
    use rng::{Purpose, Rng};
    let plan = corpus.plan(i);
    let mut rng = Rng::stream(corpus.seed, Purpose::Body, i as u64);
    let blocks = prose::write(&mut rng, &corpus.entities, &plan);
    let text = text::render(&blocks);
    let summary = prose::summary(&mut rng, &corpus.entities, &plan);
    let (annotations, dropped) = annotate::annotate(&mut rng, &corpus.entities, &plan, &text);
    if dropped > 0 {
        return Err(format!(
            "article {}: {dropped} quote(s) could not be told apart",
            plan.header.slug
        ));
    }
    let is_entity = |id: &str| corpus.entities.iter().any(|e| e.id == id);
    let is_slug = |slug: &str| corpus.has_slug(slug);
    let context = |e: String| format!("article {}: {e}", plan.header.slug);
    check::article(&text.folded, &annotations, &is_entity).map_err(context)?;
    check::links(&text.markdown, &is_entity, &is_slug).map_err(context)?;
    check::links(&summary, &is_entity, &is_slug).map_err(context)?;
    let markdown = yaml::front_matter(&plan.header, &summary) + &text.markdown;
    let annotation_yaml = yaml::annotations(&plan.header.title, &annotations);
    let count = |f: fn(&annotate::Annotation) -> bool| annotations.iter().filter(|a| f(a)).count();
    let stats = Stats {
        articles: 1,
        words: text
            .reader
            .iter()
            .collect::<String>()
            .split_whitespace()
            .count(),
        annotations: annotations.len(),
        prefixes: count(|a| a.selector.prefix.is_some()),
        suffixes: count(|a| a.selector.suffix.is_some()),
        occurrences: count(|a| matches!(a.selector.occurrence, Some(anchor::Occurrence::Nth(_)))),
        all: count(|a| a.selector.occurrence == Some(anchor::Occurrence::All)),
        bytes: markdown.len() + annotation_yaml.len(),
    };
    Ok(Article {
        year: plan.header.date.year,
        slug: plan.header.slug,
        markdown,
        annotations: annotation_yaml,
        stats,
    })
}

/// Validated command-line arguments.
struct Options {
    articles: usize,
    out: PathBuf,
    seed: u64,
}

const USAGE: &str = "usage: gen-corpus --articles N --out DIR [--seed S]\n\
    Writes a gloss project with 200 entities and N annotated articles into DIR (new or empty).";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut articles, mut out, mut seed) = (None, None, 1u64);
    let mut args = args;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("`{name}` needs a value"));
        match arg.as_str() {
            "--articles" => {
                let v = value("--articles")?;
                articles = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("`--articles {v}`: not a number"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("`--seed {v}`: not a number"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let articles = articles.ok_or("`--articles N` is required")?;
    if articles == 0 {
        return Err("`--articles` must be at least 1".into());
    }
    let out = out.ok_or("`--out DIR` is required")?;
    Ok(Options {
        articles,
        out,
        seed,
    })
}

/// Creates `dir`, refusing one that exists and holds anything.
fn prepare_out(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "`{}` is not empty; choose a new folder or empty this one",
                dir.display()
            ));
        }
    }
    let articles = dir.join("content/articles");
    std::fs::create_dir_all(&articles)
        .map_err(|e| format!("cannot create `{}`: {e}", articles.display()))
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn run(options: &Options) -> Result<Stats, String> {
    prepare_out(&options.out)?;
    let corpus = corpus::Corpus::new(options.seed, options.articles);
    let content = options.out.join("content");
    write_file(&content.join("site.yaml"), &yaml::site())?;
    write_file(
        &content.join("entities.yaml"),
        &yaml::entities(options.seed, &corpus.entities),
    )?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    let batch = threads * 32;
    let mut stats = Stats::default();
    let mut year_dirs = std::collections::BTreeSet::new();
    for start in (0..corpus.len()).step_by(batch) {
        let end = (start + batch).min(corpus.len());
        for article in generate_batch(&corpus, start..end, threads) {
            let article = article?;
            let dir = content.join("articles").join(article.year.to_string());
            if year_dirs.insert(article.year) {
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            }
            write_file(&dir.join(format!("{}.md", article.slug)), &article.markdown)?;
            write_file(
                &dir.join(format!("{}.yaml", article.slug)),
                &article.annotations,
            )?;
            stats.add(article.stats);
        }
    }
    Ok(stats)
}

/// Generates a run of articles on several threads, returned in order. Articles do not
/// depend on each other, so the output is the same for any number of threads.
fn generate_batch(
    corpus: &corpus::Corpus,
    range: std::ops::Range<usize>,
    threads: usize,
) -> Vec<Result<Article, String>> {
    let per_thread = range.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = range
            .clone()
            .step_by(per_thread)
            .map(|start| {
                let end = (start + per_thread).min(range.end);
                scope.spawn(move || {
                    (start..end)
                        .map(|i| generate_article(corpus, i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a generator thread panicked"))
            .collect()
    })
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match run(&options) {
        Ok(stats) => {
            eprintln!(
                "Wrote {} articles ({} words, {} annotations: {} with prefix, {} with suffix, \
                 {} with occurrence N, {} with occurrence all) and {} entities \
                 to {} ({:.1} MB) in {} ms",
                stats.articles,
                stats.words,
                stats.annotations,
                stats.prefixes,
                stats.suffixes,
                stats.occurrences,
                stats.all,
                registry::COUNT,
                options.out.display(),
                stats.bytes as f64 / 1e6,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "a list of matches holding one range is what these tests mean"
)]
mod tests {
    use super::anchor::{self, Occurrence, Selector};
    use super::calendar::{Date, days_in_month};
    use super::rng::Rng;
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn calendar_round_trips_and_knows_leap_years() {
        assert_eq!(Date::from_days(0).iso(), "1970-01-01");
        for days in (-800_000..80_000).step_by(7) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        let leap_day = Date {
            year: 2016,
            month: 2,
            day: 29,
        };
        assert_eq!(Date::from_days(leap_day.to_days()), leap_day);
        assert_eq!(leap_day.spoken(), "29 February 2016");
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2019, 11), 30);
    }

    const TEXT: &str = "The CSTO met. Later the CSTO said no. Finally the CSTO left.";

    fn selector(quote: &str) -> Selector {
        Selector {
            quote: quote.into(),
            ..Selector::default()
        }
    }

    #[test]
    fn resolving_follows_the_design_rules() {
        let resolve = |s: &Selector| anchor::resolve(TEXT, s);
        assert_eq!(resolve(&selector("said no")), Ok(vec![29..36]));
        assert!(resolve(&selector("absent")).is_err());
        assert!(
            resolve(&selector("CSTO")).is_err(),
            "three matches, no chooser"
        );
        let prefix = Selector {
            prefix: Some("Later the ".into()),
            ..selector("CSTO")
        };
        assert_eq!(resolve(&prefix), Ok(vec![24..28]));
        let suffix = Selector {
            suffix: Some(" left".into()),
            ..selector("CSTO")
        };
        assert_eq!(resolve(&suffix), Ok(vec![50..54]));
        let second = Selector {
            occurrence: Some(Occurrence::Nth(2)),
            ..selector("CSTO")
        };
        assert_eq!(resolve(&second), Ok(vec![24..28]));
        let all = Selector {
            occurrence: Some(Occurrence::All),
            ..selector("CSTO")
        };
        assert_eq!(resolve(&all), Ok(vec![4..8, 24..28, 50..54]));
        let vague = Selector {
            prefix: Some("the".into()),
            ..selector("CSTO")
        };
        assert!(resolve(&vague).is_err(), "`the` fits two of them");
        let stale = Selector {
            prefix: Some("nowhere ".into()),
            ..selector("said no")
        };
        assert!(resolve(&stale).is_err(), "a stale prefix is a warning");
    }

    #[test]
    fn whole_words_are_preferred_and_text_is_folded() {
        let text = "Russian troops left Russia.";
        assert_eq!(anchor::find_matches(text, "Russia"), vec![20..26]);
        assert_eq!(anchor::find_matches(text, "ussia"), vec![1..6, 21..26]);
        assert_eq!(
            anchor::fold("Karzai’s  “direct\ncontacts” – 1979–89"),
            "Karzai's \"direct contacts\" - 1979-89"
        );
    }

    #[test]
    fn select_finds_context_that_picks_the_target() {
        let reader: Vec<char> = TEXT.chars().collect();
        for seed in 0..64 {
            let mut rng = Rng::new(seed);
            for target in anchor::find_matches(TEXT, "CSTO") {
                let chosen = anchor::select(&mut rng, &reader, TEXT, &target).unwrap();
                assert_eq!(anchor::resolve(TEXT, &chosen), Ok(vec![target]));
            }
        }
        let text = "Russian troops left Russia.";
        let reader: Vec<char> = text.chars().collect();
        let inside = anchor::select(&mut Rng::new(0), &reader, text, &(0..6));
        assert!(
            inside.is_none(),
            "`Russia` inside `Russian` loses to the whole word"
        );
    }

    #[test]
    fn wrapped_lines_never_open_a_new_block() {
        for token in [
            "word",
            "[Ilsa",
            "*temporary",
            "“It’s",
            "2010–2012",
            "–",
            "`RX-12`.",
        ] {
            assert!(text::can_start_line(token), "{token}");
        }
        for token in ["2005.", "3)", "-", "+", "#", ">", "1.", "|", "(x"] {
            assert!(!text::can_start_line(token), "{token}");
        }
    }

    #[test]
    fn yaml_scalars_are_plain_only_when_safe() {
        assert_eq!(yaml::scalar("Ilsa Varenko"), "Ilsa Varenko");
        let plain = "the ministry’s plan, 2010–2012.";
        assert_eq!(yaml::scalar(plain), plain);
        assert_eq!(yaml::scalar("said "), r#""said ""#);
        assert_eq!(yaml::scalar("24 percent"), r#""24 percent""#);
        assert_eq!(yaml::scalar("yes"), r#""yes""#);
        assert_eq!(yaml::scalar("[a](entity:b)"), r#""[a](entity:b)""#);
        assert_eq!(yaml::scalar(r#"“a” "b" \"#), r#""“a” \"b\" \\""#);
    }

    #[test]
    fn the_registry_has_200_distinct_entities() {
        let entities = registry::generate(7);
        assert_eq!(entities.len(), registry::COUNT);
        let ids: BTreeSet<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), registry::COUNT);
        let names: BTreeSet<&str> = entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .map(String::as_str)
            .collect();
        let aliases: usize = entities.iter().map(|e| e.aliases.len()).sum();
        assert_eq!(
            names.len(),
            registry::COUNT + aliases,
            "names and aliases are unique"
        );
        for e in &entities {
            for link in e.description.split("](entity:").skip(1) {
                let id = &link[..link.find(')').unwrap()];
                assert!(ids.contains(id), "{} links {id}", e.id);
            }
        }
    }

    /// Entity ids an annotation file names in `entity:` fields.
    fn annotated_entities(yaml: &str) -> Vec<String> {
        yaml.lines()
            .filter_map(|l| l.trim_start().strip_prefix("entity: "))
            .flat_map(|v| v.trim_matches(['[', ']']).split(", ").map(str::to_string))
            .collect()
    }

    #[test]
    fn a_corpus_is_valid_deterministic_and_mentions_every_entity() {
        let corpus = corpus::Corpus::new(7, 80);
        let again = corpus::Corpus::new(7, 80);
        let other = corpus::Corpus::new(8, 80);
        let mut mentioned = BTreeSet::new();
        let mut slugs = BTreeSet::new();
        for i in 0..corpus.len() {
            // `generate_article` fails if any annotation would not anchor exactly.
            let article = generate_article(&corpus, i).unwrap();
            let twin = generate_article(&again, i).unwrap();
            assert_eq!(article.markdown, twin.markdown);
            assert_eq!(article.annotations, twin.annotations);
            assert_ne!(
                article.markdown,
                generate_article(&other, i).unwrap().markdown
            );
            assert!((9..=13).contains(&article.stats.annotations));
            assert!(slugs.insert(article.slug.clone()));
            mentioned.extend(annotated_entities(&article.annotations));
        }
        assert_eq!(
            mentioned.len(),
            registry::COUNT,
            "80 × 3 coverage slots ≥ 200"
        );
    }

    #[test]
    fn arguments_are_validated() {
        let parse = |args: &[&str]| parse_args(args.iter().map(|s| s.to_string()));
        let ok = parse(&["--articles", "5", "--out", "x", "--seed", "9"]).unwrap();
        assert_eq!((ok.articles, ok.seed), (5, 9));
        assert_eq!(parse(&["--articles", "5", "--out", "x"]).unwrap().seed, 1);
        assert!(parse(&["--out", "x"]).is_err());
        assert!(parse(&["--articles", "0", "--out", "x"]).is_err());
        assert!(parse(&["--articles", "many", "--out", "x"]).is_err());
        assert!(parse(&["--articles", "5"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
