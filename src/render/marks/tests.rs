//! Mark injection on small Markdown documents: splitting, nesting, links, sidenotes, scripts.

use super::*;
use crate::markdown::{parse, reader::ReaderText};

/// Renders `md` with one span per `(quote, style index, sidenote)`, each quote located in the
/// reader text (first occurrence).
fn render(md: &str, marks: &[(&str, usize, Option<&str>)]) -> String {
    let events = parse(md);
    let reader = ReaderText::new(md, &events, 0);
    let text: String = reader.chars.iter().collect();
    let spans: Vec<Span> = marks
        .iter()
        .enumerate()
        .map(|(i, (quote, style, note))| {
            let byte = text
                .find(quote)
                .unwrap_or_else(|| panic!("{quote:?} not in {text:?}"));
            let start = text[..byte].chars().count();
            Span {
                range: start..start + quote.chars().count(),
                style: *style,
                anchor: format!("a-{i}"),
                sidenote: note.map(str::to_string),
            }
        })
        .collect();
    let styles = [
        Style {
            id: "m".into(),
            class: "mention kind-organization".into(),
            href: Some("e/".into()),
        },
        Style {
            id: "c".into(),
            class: "claim".into(),
            href: None,
        },
        Style {
            id: "n".into(),
            class: "note".into(),
            href: None,
        },
    ];
    let mut html = String::new();
    let events = events.into_iter().map(|(e, _)| e).collect();
    pulldown_cmark::html::push_html(&mut html, inject(events, &spans, &styles).into_iter());
    html.trim_end().to_string()
}

#[test]
fn a_mention_becomes_a_link_with_its_anchor() {
    assert_eq!(
        render("The CSTO met.", &[("CSTO", 0, None)]),
        "<p>The <a class=\"mention kind-organization\" href=\"e/\" data-annotation=\"m\" id=\"a-0\">CSTO</a> met.</p>"
    );
}

#[test]
fn a_span_crossing_emphasis_is_split_into_pieces() {
    assert_eq!(
        render("a *bold claim* here", &[("bold claim here", 1, None)]),
        "<p>a <em><mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">bold claim</mark></em>\
         <mark class=\"claim\" data-annotation=\"c\"> here</mark></p>"
    );
}

#[test]
fn a_span_crossing_paragraphs_and_line_breaks() {
    assert_eq!(
        render(
            "one two\nthree\n\nfour five",
            &[("two three\nfour", 1, None)]
        ),
        "<p>one <mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">two\nthree</mark></p>\n\
         <p><mark class=\"claim\" data-annotation=\"c\">four</mark> five</p>"
    );
}

#[test]
fn overlapping_spans_nest_longer_outside() {
    assert_eq!(
        render(
            "alpha beta gamma delta",
            &[("beta gamma", 1, None), ("alpha beta gamma", 2, None)]
        ),
        "<p><mark class=\"note\" data-annotation=\"n\" id=\"a-1\">alpha \
         <mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">beta gamma</mark></mark> delta</p>"
    );
    // Partial overlap: the shorter span is split where the longer one opens.
    assert_eq!(
        render(
            "alpha beta gamma delta",
            &[("alpha beta", 1, None), ("beta gamma delta", 2, None)]
        ),
        "<p><mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">alpha </mark>\
         <mark class=\"note\" data-annotation=\"n\" id=\"a-1\">\
         <mark class=\"claim\" data-annotation=\"c\">beta</mark> gamma delta</mark></p>"
    );
}

#[test]
fn never_a_link_inside_a_link() {
    let html = render(
        "see [the CSTO bloc](https://x.org) now",
        &[("CSTO", 0, None)],
    );
    assert_eq!(
        html,
        "<p>see <a href=\"https://x.org\">the <mark class=\"mention kind-organization\" data-annotation=\"m\" id=\"a-0\">CSTO</mark> bloc</a> now</p>"
    );
    // A mention that contains a link is a link outside it and a mark inside it.
    let html = render(
        "the [CSTO](https://x.org) bloc",
        &[("the CSTO bloc", 0, None)],
    );
    assert_eq!(html.matches("<a class=\"mention").count(), 2);
    assert_eq!(html.matches("<mark class=\"mention").count(), 1);
    assert!(html.contains("<a href=\"https://x.org\"><mark class=\"mention kind-organization\" data-annotation=\"m\">CSTO</mark></a>"));
}

#[test]
fn a_mention_nested_in_a_mention_is_a_mark() {
    let html = render(
        "Afghan President Hamid Karzai spoke",
        &[
            ("Afghan", 0, None),
            ("Afghan President Hamid Karzai", 0, None),
        ],
    );
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    assert!(html.contains("<mark class=\"mention kind-organization\" data-annotation=\"m\" id=\"a-0\">Afghan</mark>"), "{html}");
}

#[test]
fn sidenotes_follow_their_span_outside_inline_elements() {
    assert_eq!(
        render(
            "a *bold claim* here.",
            &[("bold", 1, Some("<span class=\"sn\">1</span>"))]
        ),
        "<p>a <em><mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">bold</mark> claim</em><span class=\"sn\">1</span> here.</p>"
    );
    assert_eq!(
        render(
            "end of *para*\n\nnext",
            &[("para", 2, Some("<span>N</span>"))]
        ),
        "<p>end of <em><mark class=\"note\" data-annotation=\"n\" id=\"a-0\">para</mark></em><span>N</span></p>\n<p>next</p>"
    );
}

#[test]
fn notes_placed_together_come_in_reading_order() {
    // The term inside the claim ends first, but the claim starts first: its note (numbered
    // first) comes first.
    let html = render(
        "they said the talks opened direct contacts today.",
        &[
            ("the talks opened direct contacts", 1, Some("<i>1</i>")),
            ("direct contacts", 2, Some("<i>2</i>")),
        ],
    );
    assert!(
        html.contains("</mark></mark><i>1</i><i>2</i> today."),
        "{html}"
    );
}

#[test]
fn inline_code_is_split_at_its_edges() {
    assert_eq!(
        render("run `gloss build` now", &[("gloss build now", 1, None)]),
        "<p>run <code><mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">gloss build</mark></code>\
         <mark class=\"claim\" data-annotation=\"c\"> now</mark></p>"
    );
}

#[test]
fn a_note_ending_in_code_follows_the_code_element() {
    assert_eq!(
        render(
            "run `gloss build` now",
            &[("gloss build", 1, Some("<span>N</span>"))]
        ),
        "<p>run <code><mark class=\"claim\" data-annotation=\"c\" id=\"a-0\">gloss build</mark></code><span>N</span> now</p>"
    );
}

#[test]
fn cyrillic_armenian_and_emoji_are_cut_by_characters() {
    assert_eq!(
        render("Москва и Երևան 👍🏽 *да*", &[("и Երևան 👍🏽 да", 2, None)]),
        "<p>Москва <mark class=\"note\" data-annotation=\"n\" id=\"a-0\">и Երևան 👍🏽 </mark>\
         <em><mark class=\"note\" data-annotation=\"n\">да</mark></em></p>"
    );
}

#[test]
fn pieces_concatenate_to_the_quote() {
    let md = "The *Russia-led* Collective [Security](https://x) Treaty\nOrganization `is` moving.";
    let html = render(
        md,
        &[(
            "Russia-led Collective Security Treaty Organization is",
            1,
            None,
        )],
    );
    let mut text = String::new();
    for piece in html.split("data-annotation=\"c\"").skip(1) {
        let body = &piece[piece.find('>').unwrap() + 1..];
        text.push_str(&body[..body.find("</mark>").unwrap()]);
    }
    assert_eq!(
        text,
        "Russia-led Collective Security Treaty\nOrganization is"
    );
}

#[test]
fn escapes_attribute_values() {
    assert_eq!(attr("a\"<b>&"), "a&quot;&lt;b&gt;&amp;");
    assert_eq!(text_html("<x> & y"), "&lt;x&gt; &amp; y");
}
