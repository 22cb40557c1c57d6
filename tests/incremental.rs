//! Incremental rebuilds give exactly what a full build gives: `gloss watch` on a copy of the
//! bundled example goes through a series of edits — each kind of change it handles its own
//! way — and after every one its `site/` is compared, byte for byte, with a clean build.

use crate::live::Running;
use crate::util::{Project, tree};
use std::fs;

const SLUG: &str = "2007-03-15-csto-central-asia";

/// One step: a description, and the edit it makes to the project.
type Edit = (&'static str, Box<dyn Fn(&Project)>);

fn replace(file: &'static str, from: &'static str, to: &'static str) -> Box<dyn Fn(&Project)> {
    Box::new(move |p: &Project| {
        let text = p.read(file);
        assert!(text.contains(from), "{file} has no {from:?}");
        p.write(file, &text.replacen(from, to, 1));
    })
}

#[test]
fn every_rebuild_equals_a_clean_build() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::copy_of(repo, &["content", "templates"]);
    let article = Box::leak(format!("content/articles/{SLUG}.md").into_boxed_str()) as &str;
    let annotations = Box::leak(format!("content/articles/{SLUG}.yaml").into_boxed_str()) as &str;
    let mut running = Running::start(p.path(), &["watch"]);
    let total = tree(&p.path().join("site"))
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .count();
    // Saved unchanged: the article's page is rendered again and not written, since the first
    // build's hash of it says its bytes are the same (a build that kept no hashes would
    // rewrite every page it renders).
    p.write(article, &p.read(article));
    let line = running.wait_for_line(|l| l.contains(" changed: "));
    assert!(
        line.contains(" 0 written"),
        "an unchanged save wrote pages: {line}"
    );
    let edits: Vec<(Edit, bool)> = vec![
        // (edit, whether it is one of the cheap paths: fewer pages rendered than the site has)
        (
            (
                "a typo fixed in the text",
                replace(article, "assertively", "assertively and quickly"),
            ),
            true,
        ),
        (
            (
                "a sentence added at the end",
                Box::new(move |p: &Project| {
                    p.write(
                        article,
                        &format!("{}\nA closing sentence.\n", p.read(article)),
                    );
                }),
            ),
            true,
        ),
        (
            (
                "two paragraphs swapped",
                Box::new(move |p: &Project| {
                    let text = p.read(article);
                    let body_at = text[4..].find("\n---\n").unwrap() + 9;
                    let mut paragraphs: Vec<&str> = text[body_at..].split("\n\n").collect();
                    paragraphs.swap(0, 1);
                    p.write(
                        article,
                        &format!("{}{}", &text[..body_at], paragraphs.join("\n\n")),
                    );
                }),
            ),
            true,
        ),
        (
            (
                "an annotation added",
                Box::new(move |p: &Project| {
                    let text = p.read(annotations);
                    p.write(
                        annotations,
                        &text.replacen(
                            "annotations:\n",
                            "annotations:\n  - quote: A closing sentence.\n    note: Added later.\n",
                            1,
                        ),
                    );
                }),
            ),
            false,
        ),
        (
            (
                // Same ids, values and matches, in another order: only the entity page
                // listing both mentions shows it.
                "two annotations swapped in their file",
                Box::new(move |p: &Project| {
                    let text = p.read(annotations);
                    let block = |from: &str, to: &str| {
                        let start = text.find(from).expect("the first entry");
                        let end = start + text[start..].find(to).expect("the next entry");
                        start..end
                    };
                    let a = block("  - id: kabul-visit\n", "  - quote: Kabul\n");
                    let b = block("  - id: csto-statement\n", "  - quote: >-\n");
                    p.write(
                        annotations,
                        &format!(
                            "{}{}{}{}{}",
                            &text[..a.start],
                            &text[b.clone()],
                            &text[a.end..b.start],
                            &text[a],
                            &text[b.end..]
                        ),
                    );
                }),
            ),
            true,
        ),
        (
            (
                "a note reworded",
                Box::new(move |p: &Project| {
                    let text = p.read(annotations);
                    let at = text.find("note: ").expect("a note");
                    p.write(
                        annotations,
                        &format!("{}note: Reworded. {}", &text[..at], &text[at + 6..]),
                    );
                }),
            ),
            true,
        ),
        (
            (
                // The event's quote still anchors (a dash folds to `-`), and the timeline, the
                // home page and its entities' pages show the text it now matches.
                "an event's passage retyped",
                replace(article, "Kabul from March 9-13", "Kabul from March 9–13"),
            ),
            true,
        ),
        (
            (
                // Shown on the timeline, the home page and its entities' pages too.
                "an event retitled",
                replace(
                    annotations,
                    "title: CSTO working group visits Kabul",
                    "title: CSTO working group in Kabul",
                ),
            ),
            false,
        ),
        (
            (
                "an entity description edited",
                replace(
                    "content/entities.yaml",
                    "description: ",
                    "description: Edited. ",
                ),
            ),
            true,
        ),
        (
            (
                "a template edited",
                replace(
                    "templates/base.html",
                    "</footer>",
                    "<!-- edited --></footer>",
                ),
            ),
            false,
        ),
        (
            (
                "the stylesheet edited",
                Box::new(|p: &Project| {
                    p.write(
                        "templates/static/gloss.css",
                        &format!("{}\n/* edited */\n", p.read("templates/static/gloss.css")),
                    );
                }),
            ),
            false,
        ),
        (
            (
                "a media folder made",
                Box::new(|p: &Project| {
                    p.write("content/media/readme.txt", "media");
                }),
            ),
            false,
        ),
        (
            (
                "a media file added",
                Box::new(|p: &Project| {
                    p.write("content/media/map.txt", "a map");
                }),
            ),
            true,
        ),
        (
            (
                "the media file removed",
                Box::new(|p: &Project| {
                    fs::remove_file(p.path().join("content/media/map.txt")).unwrap();
                }),
            ),
            false,
        ),
        (
            (
                "the title changed",
                replace(
                    article,
                    "title: The CSTO Moves",
                    "title: The CSTO Now Moves",
                ),
            ),
            false,
        ),
        (
            (
                "an article added",
                Box::new(|p: &Project| {
                    p.write(
                "content/articles/2007-04-02-follow-up.md",
                "---\ntitle: Follow-up\ndate: 2007-04-02\ntags: [csto]\n---\nThe CSTO met again, and [the first report](article:2007-03-15-csto-central-asia) still stands.\n",
            );
                }),
            ),
            false,
        ),
        (
            (
                "the article removed",
                Box::new(|p: &Project| {
                    fs::remove_file(p.path().join("content/articles/2007-04-02-follow-up.md"))
                        .unwrap();
                }),
            ),
            false,
        ),
        (
            (
                "the site title changed",
                replace("content/site.yaml", "title: Central", "title: The Central"),
            ),
            false,
        ),
    ];
    for ((what, edit), cheap) in edits {
        edit(&p);
        let line = running.wait_for_line(|l| l.contains(" changed: "));
        assert!(line.contains(" written"), "{what}: {line}");
        let rendered: usize = line
            .split(" changed: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no page count in {line}"));
        if cheap {
            assert!(rendered < total, "{what} rendered the whole site: {line}");
        }
        assert_same_as_clean_build(&p, what);
    }
}

/// Rewrites `file`'s `plain` as `edited`, or back when it reads `edited` (which may contain
/// `plain`).
fn toggle(p: &Project, file: &str, plain: &str, edited: &str) {
    let text = p.read(file);
    let text = if text.contains(edited) {
        text.replace(edited, plain)
    } else {
        text.replace(plain, edited)
    };
    p.write(file, &text);
}

/// Asserts that the site `watch` keeps in `p` is byte for byte a clean build of it; `what`
/// names the edit that led there.
fn assert_same_as_clean_build(p: &Project, what: &str) {
    let clean = p.path().join("clean");
    let _ = fs::remove_dir_all(&clean);
    p.gloss(&["build", "--output", "clean"]).expect(0);
    let (watched, built) = (tree(&p.path().join("site")), tree(&clean));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&watched), names(&built), "{what}: different files");
    for ((name, a), (_, b)) in watched.iter().zip(&built) {
        // Where they part, to read in the failure.
        let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(0);
        let near = |v: &[u8]| {
            let from = at.saturating_sub(200).min(v.len());
            String::from_utf8_lossy(&v[from..(at + 200).min(v.len())]).to_string()
        };
        assert!(
            a == b,
            "{what}: {name} differs from a clean build:\n  watched: {}\n  clean:   {}",
            near(a),
            near(b)
        );
    }
}

/// An entity's description edited renders the pages that show that entity, however the edit
/// moves the entries after it in the file: a longer description and one of the same length
/// render the same pages. (Entries compared with their positions counted every later entity
/// as edited, and a long registry rendered nearly the whole site.)
#[test]
fn an_entity_edit_renders_the_same_pages_whether_or_not_later_entries_move() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::copy_of(repo, &["content", "templates"]);
    let mut running = Running::start(p.path(), &["watch"]);
    let rendered = |running: &mut Running| -> usize {
        let line = running.wait_for_line(|l| l.contains(" changed: "));
        line.split(" changed: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page count in {line}"))
    };
    let registry = "content/entities.yaml";
    let first = p.read(registry);
    assert!(
        first.matches("description: ").count() > 10,
        "a long registry"
    );
    // The first entry's description grows by eight bytes: every later entry moves.
    p.write(
        registry,
        &first.replacen("description: ", "description: Edited. ", 1),
    );
    let longer = rendered(&mut running);
    // The same description reworded in place: nothing after it moves.
    p.write(
        registry,
        &p.read(registry).replacen("Edited. ", "Revised ", 1),
    );
    let in_place = rendered(&mut running);
    assert_eq!(
        longer, in_place,
        "a longer description rendered other pages"
    );
    let total = tree(&p.path().join("site"))
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .count();
    assert!(longer < total, "{longer} of {total} pages rendered");
}

/// Places the generated pieces name, with their registry ids: each piece names all six, once.
const PLACES: [(&str, &str); 6] = [
    ("Kabul", "kabul"),
    ("Moscow", "moscow"),
    ("Tashkent", "tashkent"),
    ("Astana", "astana"),
    ("Armenia", "armenia"),
    ("Belarus", "belarus"),
];

/// A generated article of the random series, as its files are written from it.
struct Piece {
    number: usize,
    title: String,
    tagged: bool,
    /// Sentences added after the body.
    later: usize,
    /// The places annotated as mentions, in order (indices into [`PLACES`]).
    mentions: Vec<usize>,
    /// Which wording the mentions' notes have.
    wording: usize,
    /// Whether its first day is annotated as an event.
    event: bool,
    /// Whether that event carries a tag (one every piece carries in its front matter).
    event_tagged: bool,
}

impl Piece {
    /// A new piece: as first written, untagged and naming one place, or tagged and with no
    /// annotations when added later.
    fn new(number: usize, first: bool) -> Piece {
        Piece {
            number,
            title: format!("Piece {number}"),
            tagged: !first,
            later: 0,
            mentions: if first {
                vec![number % PLACES.len()]
            } else {
                Vec::new()
            },
            wording: 0,
            event: false,
            event_tagged: false,
        }
    }

    fn slug(&self) -> String {
        format!("2008-0{}-10-piece-{}", self.number + 1, self.number)
    }

    fn markdown(&self) -> String {
        let tags = if self.tagged {
            "[pieces, watch]"
        } else {
            "[pieces]"
        };
        let mut text = format!(
            "---\ntitle: {}\ndate: 2008-0{}-10\ntags: {tags}\n---\n",
            self.title,
            self.number + 1
        );
        for day in 0..PLACES.len() {
            let (place, _) = PLACES[(self.number + day) % PLACES.len()];
            text += &format!(
                "On day {day}, envoys of piece {} reached {place}. ",
                self.number
            );
        }
        for n in 0..self.later {
            text += &format!("\n\nLater report {n} of piece {}.", self.number);
        }
        text + "\n"
    }

    /// The annotation file, or `None` when there is nothing to annotate.
    fn annotations(&self) -> Option<String> {
        if self.mentions.is_empty() && !self.event {
            return None;
        }
        let mut text = String::from("annotations:\n");
        for &place in &self.mentions {
            let (word, id) = PLACES[place];
            text += &format!(
                "  - quote: {word}\n    entity: {id}\n    note: Wording {} on {word}.\n",
                self.wording
            );
        }
        if self.event {
            text += &format!(
                "  - quote: day 0\n    kind: event\n    date: 2008-0{}-10\n    title: Day zero of piece {}\n",
                self.number + 1,
                self.number
            );
            if self.event_tagged {
                text += "    tags: [pieces]\n";
            }
        }
        Some(text)
    }

    fn write(&self, p: &Project) {
        p.write(
            &format!("content/articles/{}.md", self.slug()),
            &self.markdown(),
        );
    }

    fn write_annotations(&self, p: &Project) {
        let path = format!("content/articles/{}.yaml", self.slug());
        match self.annotations() {
            Some(text) => {
                p.write(&path, &text);
            }
            None => {
                let _ = fs::remove_file(p.path().join(path));
            }
        }
    }
}

/// A seeded series of random edits to a small archive, each kind of change `watch` handles
/// on its own and the full rebuilds between them: after every edit the site equals a clean
/// build, byte for byte.
#[test]
fn a_random_series_of_edits_rebuilds_as_a_clean_build_does() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    random_series(Project::copy_of(repo, &["content", "templates"]));
}

/// The same series with templates that print everything a page is given:
/// a page `watch` leaves as it was must not only read the same through gloss's templates
/// but be given the same, since a project's own templates may show any of it.
#[test]
fn a_random_series_of_edits_gives_every_page_what_a_clean_build_does() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::copy_of(repo, &["content", "templates"]);
    for entry in fs::read_dir(p.path().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let everything =
                "{{ root }}\n{{ site }}\n{% if page is defined %}{{ page }}{% endif %}\n";
            fs::write(&path, everything).unwrap();
        }
    }
    random_series(p);
}

fn random_series(p: Project) {
    let mut pieces: Vec<Piece> = (0..4).map(|number| Piece::new(number, true)).collect();
    for piece in &pieces {
        piece.write(&p);
        piece.write_annotations(&p);
    }
    let mut running = Running::start(p.path(), &["watch"]);
    // A small linear congruential generator: the same series on every machine.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let registry = "content/entities.yaml";
    let kabul = "description: Capital of [Afghanistan](entity:afghanistan).";
    let kabul_longer =
        "description: Capital city of [Afghanistan](entity:afghanistan), long contested.";
    for step in 0..40 {
        let k = next(pieces.len());
        let what = match next(13) {
            choice @ (0 | 1) if pieces[k].mentions.len() < PLACES.len() => {
                let place = (0..PLACES.len())
                    .find(|i| !pieces[k].mentions.contains(i))
                    .unwrap();
                // Inserted first, every later annotation's number (its id) moves.
                let at = if choice == 0 {
                    pieces[k].mentions.len()
                } else {
                    0
                };
                pieces[k].mentions.insert(at, place);
                pieces[k].write_annotations(&p);
                "a mention added"
            }
            2 if !pieces[k].mentions.is_empty() => {
                pieces[k].mentions.pop();
                pieces[k].write_annotations(&p);
                "the last mention removed"
            }
            3 if !pieces[k].mentions.is_empty() => {
                pieces[k].wording += 1;
                pieces[k].write_annotations(&p);
                "notes reworded"
            }
            11 if !pieces[k].mentions.is_empty() && pieces[k].mentions.len() < PLACES.len() => {
                let place = (0..PLACES.len())
                    .find(|i| !pieces[k].mentions.contains(i))
                    .unwrap();
                pieces[k].mentions[0] = place;
                pieces[k].write_annotations(&p);
                "a mention moved to another place"
            }
            12 => {
                pieces[k].event_tagged = !pieces[k].event_tagged || !pieces[k].event;
                pieces[k].event = true;
                pieces[k].write_annotations(&p);
                "an event's tag added or removed"
            }
            4 => {
                pieces[k].event = !pieces[k].event;
                pieces[k].write_annotations(&p);
                "an event added or removed"
            }
            5 => {
                pieces[k].later += 1;
                pieces[k].write(&p);
                "a sentence added"
            }
            6 => {
                pieces[k].title = format!("Piece {} revised at step {step}", pieces[k].number);
                pieces[k].write(&p);
                "a title changed"
            }
            7 => {
                pieces[k].tagged = !pieces[k].tagged;
                pieces[k].write(&p);
                "a tag added or removed"
            }
            8 => {
                toggle(&p, registry, kabul, kabul_longer);
                "an entity description edited"
            }
            9 => {
                toggle(
                    &p,
                    registry,
                    "  name: Moscow\n",
                    "  name: Moscow\n  aliases: [Moskva]\n",
                );
                "an entity's alias added or removed"
            }
            _ if pieces.len() < 6 => {
                let number = pieces.len();
                let piece = Piece::new(number, false);
                piece.write(&p);
                pieces.push(piece);
                "an article added"
            }
            // An article goes in two steps, annotations first: an annotation file without
            // its article is an error.
            _ => {
                let last = pieces.last_mut().unwrap();
                if last.annotations().is_none() {
                    let slug = last.slug();
                    pieces.pop();
                    fs::remove_file(p.path().join(format!("content/articles/{slug}.md"))).unwrap();
                    "an article removed"
                } else {
                    last.mentions.clear();
                    last.event = false;
                    last.write_annotations(&p);
                    "an article's annotations removed"
                }
            }
        };
        let line = running.wait_for_line(|l| l.contains(" changed: "));
        assert!(line.contains(" written"), "step {step}, {what}: {line}");
        assert_same_as_clean_build(&p, &format!("step {step}, {what}"));
    }
}

/// An annotation a cross-link elsewhere points at cannot go unnoticed: `watch` takes the
/// edit removing it through a full build, which finds the broken link as a clean build does;
/// one no link points at goes in part.
#[test]
fn an_annotation_a_link_points_at_is_not_removed_in_part() {
    let p = Project::empty();
    p.write(
        "content/entities.yaml",
        "kabul:\n  name: Kabul\n  kind: place\n",
    );
    let text = "---\ntitle: {t}\ndate: 2007-03-0{d}\n---\nEnvoys reached Kabul on day {d}.\n";
    for (slug, title, day) in [("b", "B", 1), ("c", "C", 2)] {
        let md = text.replace("{t}", title).replace("{d}", &day.to_string());
        p.write(&format!("content/articles/{slug}.md"), &md);
    }
    let b = "annotations:\n  - id: envoys\n    quote: Envoys\n    note: Who they were.\n  \
             - id: place\n    quote: Kabul\n    entity: kabul\n";
    p.write("content/articles/b.yaml", b);
    p.write(
        "content/articles/c.yaml",
        "annotations:\n  - quote: Kabul\n    entity: kabul\n    note: As [before](article:b#a-envoys).\n",
    );
    let mut running = Running::start(p.path(), &["watch"]);
    let without = |id: &str| -> String {
        let start = b.find(&format!("  - id: {id}")).unwrap();
        let end = b[start + 4..]
            .find("  - ")
            .map_or(b.len(), |at| start + 4 + at);
        format!("{}{}", &b[..start], &b[end..])
    };
    // `place`: nothing points at it; its page and its entity's, not the archive.
    p.write("content/articles/b.yaml", &without("place"));
    let line = running.wait_for_line(|l| l.contains(" changed: "));
    assert!(line.contains(" written"), "{line}");
    assert_same_as_clean_build(&p, "an annotation removed");
    p.write("content/articles/b.yaml", b);
    running.wait_for_line(|l| l.contains(" changed: "));
    // `envoys`: c's note points at it.
    p.write("content/articles/b.yaml", &without("envoys"));
    let line = running.wait_for_line(|l| l.contains(" changed: "));
    assert!(line.contains("the site was left as it was"), "{line}");
    let run = p.gloss(&["build", "--output", "clean"]).expect(1);
    assert!(run.stderr.contains("a-envoys"), "{}", run.stderr);
}
