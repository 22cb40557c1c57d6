//! A project's `templates/` file replaces the built-in of the same name; the rest stay.

use crate::util::Project;

#[test]
fn a_project_template_overrides_the_built_in() {
    let p = Project::fixture("briefing");
    p.write(
        "templates/article.html",
        "<!doctype html><title>{{ page.article.title }}</title><main class=\"custom\">{{ page.body_html | safe }}</main>{% for n in page.notes %}<p>[{{ n.number }}]</p>{% endfor %}\n",
    );
    p.write("templates/static/extra.css", "main { color: red }\n");
    p.gloss(&["build"]).expect(0);
    let article = p.read("site/articles/2007-03-15-first/index.html");
    assert!(article.starts_with("<!doctype html><title>First Report</title><main class=\"custom\"><p>The <a class=\"mention"), "{article}");
    assert!(article.contains("<p>[1]</p>"));
    // Other pages still use the built-ins, and static files are merged.
    let home = p.read("site/index.html");
    assert!(!home.contains("class=\"custom\""));
    assert!(home.contains("static/gloss.css"));
    assert_eq!(p.read("site/static/extra.css"), "main { color: red }\n");
    assert!(p.exists("site/static/gloss.css"));
}

#[test]
fn a_project_can_replace_the_base_template() {
    let p = Project::fixture("briefing");
    p.write("templates/base.html", "<!doctype html><html lang=\"{{ site.language }}\"><title>BASE</title>{% block content %}{% endblock content %}</html>\n");
    let run = p.gloss(&["build"]);
    // Built-in pages extend `base.html`; the replaced base is what they render into.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(p.read("site/index.html").contains("<title>BASE</title>"));
}

#[test]
fn a_template_walking_a_map_sees_its_keys_in_order() {
    // Tera's maps are hash maps unless told to keep their order: a template walking
    // `page.extra` then saw its keys in a new order on every run, so no two builds were alike.
    let p = Project::fixture("briefing");
    let article = "content/articles/2007-03-15-first.md";
    let text = p.read(article);
    p.write(
        article,
        &text.replacen(
            "dateline: Moscow\n",
            "dateline: Moscow\nzulu: 1\nhotel: 2\nalpha: 3\nmike: 4\nbravo: 5\nyankee: 6\n",
            1,
        ),
    );
    p.write(
        "templates/article.html",
        "<!doctype html><title>x</title><p>{% for key, value in page.extra %}{{ key }}={{ value }};{% endfor %}</p>{{ page.body_html | safe }}\n",
    );
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/articles/2007-03-15-first/index.html");
    assert!(
        html.contains("<p>alpha=3;bravo=5;dateline=Moscow;hotel=2;mike=4;yankee=6;zulu=1;</p>"),
        "{html}"
    );
}

#[test]
fn html_fields_print_as_html_with_or_without_safe() {
    // Every `*_html` value is marked safe by gloss, so a template need not say `| safe`; one
    // that does (as older templates do) prints the same; other text is still escaped.
    let p = Project::fixture("briefing");
    p.write(
        "templates/article.html",
        "<!doctype html><title>{{ page.article.title }}</title><main>{{ page.body_html }}</main><div>{{ page.body_html | safe }}</div><p>{{ \"<b>\" }}</p>\n",
    );
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/articles/2007-03-15-first/index.html");
    let main = html
        .split("<main>")
        .nth(1)
        .and_then(|m| m.split("</main>").next());
    let div = html
        .split("<div>")
        .nth(1)
        .and_then(|d| d.split("</div><p>").next());
    assert!(
        main.is_some_and(|m| m.starts_with("<p>The <a class=\"mention")),
        "{html}"
    );
    assert_eq!(main, div);
    assert!(html.contains("<p>&lt;b&gt;</p>"), "{html}");
}
