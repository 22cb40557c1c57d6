//! Accessibility of the pages gloss writes, in Debian's chromium: axe-core finds no violation
//! on the home page, an article, an entity page, the entity index and the timeline, in light
//! and dark mode, wide and narrow; the skip link and landmarks are there; focus is visible;
//! marks keep 4.5:1 contrast and each kind of mark has a cue besides colour; sidenotes open
//! and close from the keyboard; hovering or focusing a mention previews its entity and a mark
//! its note; and everything still reads with JavaScript off.
//!
//! Usage: node tests/browser/a11y.mjs
//! Needs the release binary (`cargo build --release`) and /usr/bin/chromium.

import fs from "node:fs";
import path from "node:path";
import { HERE, Failures, buildExample, launch, serve } from "./lib.mjs";

const AXE = fs.readFileSync(path.join(HERE, "node_modules", "axe-core", "axe.min.js"), "utf8");

const ARTICLE = "articles/2007-03-15-csto-central-asia/";
const PAGES = [
  { name: "home", path: "" },
  { name: "article", path: ARTICLE },
  { name: "entity", path: "entities/csto/" },
  { name: "entity index", path: "entities/" },
  { name: "timeline", path: "timeline/" },
];
const SCHEMES = ["light", "dark"];
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 375, height: 740 };
/** The five kinds of mark and the selector of their pieces in an article body. */
const KINDS = {
  mention: ".article-body a.mention",
  note: ".article-body mark.note",
  claim: ".article-body mark.claim",
  event: ".article-body mark.event",
  term: ".article-body mark.term",
};

const failures = new Failures("a11y");
let site;
let server;
let chrome;

/** Runs one named check; an exception is a failure with its message, not a crash. */
async function test(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures.fail(`${name}: ${e.message}`);
  }
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
  failures.passed++;
}

async function open(pagePath, options = {}) {
  const page = await chrome.newPage({
    viewport: options.viewport || WIDE,
    colorScheme: options.colorScheme || "light",
    javaScriptEnabled: options.javaScriptEnabled !== false,
    reducedMotion: "reduce",
  });
  const response = await page.goto(server.url + pagePath);
  if (!response || response.status() !== 200) {
    throw new Error(`${pagePath}: HTTP ${response && response.status()}`);
  }
  return page;
}

async function axe(page) {
  // Evaluated rather than added as a <script>, so it also runs where the page's own
  // JavaScript is off.
  await page.evaluate(`${AXE}\n;undefined`);
  return page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
}

function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `\n    ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`)
          .join("\n"),
    )
    .join("");
}

/** Presses Tab until `predicate(activeElement)` holds in the page (at most `limit` times);
 *  returns how many presses it took, or -1. The predicate is a string of JS over `el`. */
async function tabTo(page, predicate, limit = 200) {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(
      (p) => new Function("el", `return (${p});`)(document.activeElement),
      predicate,
    );
    if (hit) return i;
  }
  return -1;
}

// ---- Helpers evaluated in the page ------------------------------------------------------

/** Installs colour helpers on window: parse a CSS colour, its effective background (walking
 *  up through transparent ancestors, blending translucent ones) and WCAG contrast. */
async function installColour(page) {
  await page.evaluate(() => {
    const parse = (css) => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
    };
    const blend = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const background = (el) => {
      const layers = [];
      for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0) {
          layers.push(c);
          if (c.a >= 1) break;
        }
      }
      let base = { r: 255, g: 255, b: 255, a: 1 };
      const html = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (html && html.a >= 1 && (!layers.length || layers[layers.length - 1].a < 1)) base = html;
      return layers.reverse().reduce((under, layer) => blend(layer, under), base);
    };
    const luminance = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const contrast = (a, b) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    window.__colour = { parse, background, contrast, blend };
  });
}

// ---- Checks -----------------------------------------------------------------------------

async function axeEverywhere() {
  for (const scheme of SCHEMES) {
    for (const [width, viewport] of [
      ["wide", WIDE],
      ["narrow", NARROW],
    ]) {
      for (const p of PAGES) {
        await test(`axe: ${p.name}, ${scheme}, ${width}`, async () => {
          const page = await open(p.path, { colorScheme: scheme, viewport });
          const result = await axe(page);
          await page.context().close();
          assert(
            result.violations.length === 0,
            `${result.violations.length} violation(s):${describeViolations(result.violations)}`,
          );
        });
      }
    }
  }
  // Notes open on a narrow screen: their own colours and the open number must pass too.
  for (const scheme of SCHEMES) {
    await test(`axe: article with notes open, ${scheme}, narrow`, async () => {
      const page = await open(ARTICLE, { colorScheme: scheme, viewport: NARROW });
      await page.evaluate(() => document.querySelectorAll(".sn-ref").forEach((r) => r.click()));
      const result = await axe(page);
      await page.context().close();
      assert(
        result.violations.length === 0,
        `${result.violations.length} violation(s):${describeViolations(result.violations)}`,
      );
    });
  }
}

async function landmarksAndSkipLink() {
  for (const p of PAGES) {
    await test(`landmarks and skip link: ${p.name}`, async () => {
      const page = await open(p.path);
      const marks = await page.evaluate(() => ({
        main: document.querySelectorAll("main").length,
        banner: document.querySelectorAll("body > header").length,
        contentinfo: document.querySelectorAll("body > footer").length,
        nav: [...document.querySelectorAll("nav")].map((n) => n.getAttribute("aria-label")),
        h1: document.querySelectorAll("h1").length,
      }));
      assert(marks.main === 1, `${marks.main} <main> elements`);
      assert(marks.banner === 1, `${marks.banner} page headers (banner)`);
      assert(marks.contentinfo === 1, `${marks.contentinfo} page footers (contentinfo)`);
      assert(marks.nav.includes("Site"), `no site navigation: ${JSON.stringify(marks.nav)}`);
      assert(marks.h1 === 1, `${marks.h1} <h1> elements`);
      // The first Tab reaches the skip link, which then shows on screen.
      await page.keyboard.press("Tab");
      const skip = await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return {
          isSkip: el.classList.contains("skip-link"),
          href: el.getAttribute("href"),
          visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight,
        };
      });
      assert(skip.isSkip, "the first Tab does not reach the skip link");
      assert(skip.visible, "the focused skip link is not on screen");
      assert(skip.href === "#main", `the skip link points to ${skip.href}`);
      await page.keyboard.press("Enter");
      const focused = await page.evaluate(() => document.activeElement.id);
      assert(focused === "main", `after the skip link, focus is on #${focused}, not #main`);
      await page.context().close();
    });
  }
}

async function focusIsVisible() {
  for (const scheme of SCHEMES) {
    await test(`focus is visible: article, ${scheme}`, async () => {
      const page = await open(ARTICLE, { colorScheme: scheme });
      await installColour(page);
      const problems = [];
      let seen = 0;
      // The first 60 stops cover the header, the tags, the legend, marks and note numbers.
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const r = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const { parse, background, contrast } = window.__colour;
          const ring = parse(s.outlineColor);
          return {
            what: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 30)}"`,
            style: s.outlineStyle,
            width: parseFloat(s.outlineWidth),
            contrast: ring ? contrast(ring, background(el.parentElement || el)) : 0,
          };
        });
        if (!r) continue;
        seen++;
        if (r.style === "none" || r.width < 2) problems.push(`${r.what}: outline ${r.style} ${r.width}px`);
        else if (r.contrast < 3) problems.push(`${r.what}: focus ring contrast ${r.contrast.toFixed(2)}`);
      }
      await page.context().close();
      assert(seen >= 30, `only ${seen} focus stops found`);
      assert(
        problems.length === 0,
        `focus not visible on ${problems.length} stops:\n    ${problems.slice(0, 10).join("\n    ")}`,
      );
    });
  }
}

async function marksContrastAndCues() {
  for (const scheme of SCHEMES) {
    await test(`marks: 4.5:1 contrast, at rest and highlighted, ${scheme}`, async () => {
      const page = await open(ARTICLE, { colorScheme: scheme });
      await installColour(page);
      const worst = await page.evaluate((kinds) => {
        const { parse, background, contrast } = window.__colour;
        const out = {};
        for (const [kind, selector] of Object.entries(kinds)) {
          const els = [...document.querySelectorAll(selector)];
          let min = { value: Infinity, where: "" };
          const measure = (el, state) => {
            const c = contrast(parse(getComputedStyle(el).color), background(el));
            if (c < min.value) min = { value: c, where: `${state} #${el.id || el.dataset.annotation}` };
          };
          for (const el of els) {
            measure(el, "at rest");
            el.classList.add("is-linked");
            measure(el, "highlighted");
            el.classList.remove("is-linked");
          }
          out[kind] = { count: els.length, ...min };
        }
        return out;
      }, KINDS);
      await page.context().close();
      for (const [kind, r] of Object.entries(worst)) {
        assert(r.count > 0, `no ${kind} marks in the example article`);
        assert(
          r.value >= 4.5,
          `${kind} text contrast ${r.value.toFixed(2)}:1 (${r.where}) is under 4.5:1`,
        );
      }
    });

    await test(`marks: every kind has a cue besides colour, ${scheme}`, async () => {
      const page = await open(ARTICLE, { colorScheme: scheme });
      await installColour(page);
      // The shape of each kind's decoration with every colour taken out: if two kinds differed
      // only in colour, their shapes would be equal.
      const shapes = await page.evaluate((kinds) => {
        const { parse, background, contrast } = window.__colour;
        // A background image drawn at zero size shows nothing.
        const visibleImage = (s) =>
          s.backgroundImage !== "none" &&
          s.backgroundSize.split(",").some((layer) => !/(^|\s)0(px|%)?(\s|$)/.test(layer.trim()));
        const shape = (el) => {
          const s = getComputedStyle(el);
          const filled = contrast(background(el), background(el.parentElement)) > 1.05;
          return JSON.stringify({
            line: s.textDecorationLine,
            style: s.textDecorationLine === "none" ? "" : s.textDecorationStyle,
            thickness: s.textDecorationLine === "none" ? "" : s.textDecorationThickness,
            image: visibleImage(s) ? s.backgroundImage.replace(/(rgba?|color)\([^)]*\)|#[0-9a-f]{3,8}/gi, "C") : "none",
            fill: filled,
            before: getComputedStyle(el, "::before").content,
          });
        };
        const out = {};
        for (const [kind, selector] of Object.entries(kinds)) {
          const el = [...document.querySelectorAll(selector)].find((e) => e.id);
          out[kind] = el ? shape(el) : null;
        }
        const p = document.querySelector(".article-body p");
        const plain = document.createElement("span");
        plain.textContent = "plain";
        p.appendChild(plain);
        out.plain = shape(plain);
        plain.remove();
        return out;
      }, KINDS);
      await page.context().close();
      const kinds = Object.keys(KINDS);
      for (const kind of kinds) {
        assert(shapes[kind], `no ${kind} mark found`);
        assert(shapes[kind] !== shapes.plain, `${kind} marks look like plain text without colour`);
      }
      for (let i = 0; i < kinds.length; i++) {
        for (let j = i + 1; j < kinds.length; j++) {
          assert(
            shapes[kinds[i]] !== shapes[kinds[j]],
            `${kinds[i]} and ${kinds[j]} marks differ only in colour: ${shapes[kinds[i]]}`,
          );
        }
      }
    });
  }
}

/** Is the note of `ref` displayed (laid out with a size)? */
function noteShown(page, id) {
  return page.evaluate((id) => {
    const note = document.getElementById(id);
    const box = note && note.getBoundingClientRect();
    return !!box && box.width > 0 && box.height > 0;
  }, id);
}

async function sidenotesFromTheKeyboard() {
  await test("sidenotes: open and close from the keyboard on a narrow screen", async () => {
    const page = await open(ARTICLE, { viewport: NARROW });
    const presses = await tabTo(page, 'el.classList.contains("sn-ref")');
    assert(presses > 0, "Tab never reaches a note number");
    const ref = await page.evaluate(() => {
      const el = document.activeElement;
      return {
        note: el.getAttribute("aria-controls"),
        role: el.getAttribute("role"),
        expanded: el.getAttribute("aria-expanded"),
      };
    });
    assert(ref.role === "button", `a note number on a narrow screen has role ${ref.role}`);
    assert(ref.note && ref.note.startsWith("sn-"), `aria-controls is ${ref.note}`);
    assert(ref.expanded === "false", `a folded note's number has aria-expanded=${ref.expanded}`);
    assert(!(await noteShown(page, ref.note)), "the note is shown before it is opened");
    const expanded = () => page.evaluate(() => document.activeElement.getAttribute("aria-expanded"));

    await page.keyboard.press("Enter");
    assert(await noteShown(page, ref.note), "Enter does not open the note");
    assert((await expanded()) === "true", "aria-expanded is not true after Enter");
    await page.keyboard.press("Enter");
    assert(!(await noteShown(page, ref.note)), "a second Enter does not close the note");

    await page.keyboard.press(" ");
    assert(await noteShown(page, ref.note), "Space does not open the note");
    const scrolled = await page.evaluate(() => scrollY);
    await page.keyboard.press(" ");
    assert(!(await noteShown(page, ref.note)), "a second Space does not close the note");
    assert(
      (await page.evaluate(() => scrollY)) === scrolled,
      "Space on a note number scrolls the page",
    );

    await page.keyboard.press("Enter");
    assert(await noteShown(page, ref.note), "Enter does not reopen the note");
    await page.keyboard.press("Escape");
    assert(!(await noteShown(page, ref.note)), "Escape does not close the note");
    const back = await page.evaluate(() => document.activeElement.getAttribute("aria-controls"));
    assert(back === ref.note, "after Escape, focus is not on the note's number");
    await page.context().close();
  });

  await test("sidenotes: in the margin on a wide screen, Enter shows the note", async () => {
    const page = await open(ARTICLE, { viewport: WIDE });
    const presses = await tabTo(page, 'el.classList.contains("sn-ref")');
    assert(presses > 0, "Tab never reaches a note number");
    const id = await page.evaluate(() => document.activeElement.getAttribute("aria-controls"));
    assert(await noteShown(page, id), "a margin note is not shown on a wide screen");
    const beside = await page.evaluate((id) => {
      const note = document.getElementById(id).getBoundingClientRect();
      const body = document.querySelector(".article-body p").getBoundingClientRect();
      return note.left >= body.right;
    }, id);
    assert(beside, "the note is not in the margin beside the text");
    await page.keyboard.press("Enter");
    const state = await page.evaluate((id) => {
      const note = document.getElementById(id);
      const box = note.getBoundingClientRect();
      return {
        flashed: note.classList.contains("is-flash"),
        inView: box.top >= 0 && box.bottom <= innerHeight,
        hash: location.hash,
      };
    }, id);
    assert(state.flashed, "Enter on a note number does not highlight its margin note");
    assert(state.inView, "after Enter, the margin note is not in view");
    await page.context().close();
  });
}

/** The preview card's state: null when hidden or absent. */
function preview(page) {
  return page.evaluate(() => {
    const t = document.getElementById("gloss-preview");
    if (!t || t.hidden) return null;
    const box = t.getBoundingClientRect();
    const text = (sel) => {
      const el = t.querySelector(sel);
      return el ? el.textContent.replace(/\s+/g, " ").trim() : null;
    };
    return {
      kicker: text(".preview-kicker"),
      title: text(".preview-title"),
      about: text(".preview-about"),
      meta: text(".preview-meta"),
      note: text(".preview-note"),
      role: t.getAttribute("role"),
      inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
      width: box.width,
    };
  });
}

/** What an entity's own page says about it: the truth a preview must agree with. */
async function entityFacts(href) {
  const page = await open(`${ARTICLE}${href}`);
  const facts = await page.evaluate(() => {
    const text = (sel) => {
      const el = document.querySelector(sel);
      return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
    };
    const stats = text(".entity-header .stats").match(/(\d+) mentions? in (\d+) articles?/);
    return {
      name: text("h1"),
      kind: text(".entity-header .kicker"),
      description: text(".description"),
      mentions: stats ? Number(stats[1]) : 0,
      articles: stats ? Number(stats[2]) : 0,
    };
  });
  await page.context().close();
  return facts;
}

/** Is the card shown? Polled, so a slow machine does not fail a check on timing alone. */
async function waitForPreview(page, shown, timeout = 3000) {
  try {
    await page.waitForFunction(
      (shown) => {
        const t = document.getElementById("gloss-preview");
        return shown === !!(t && !t.hidden);
      },
      shown,
      { timeout, polling: 50 },
    );
    return true;
  } catch {
    return false;
  }
}

/** Hovers, waits for the card (up to 3 s), then reads it; null when none came. */
async function previewAfterHover(page, selector) {
  // Dismiss the last card first, so the one read is this element's.
  await page.keyboard.press("Escape");
  await waitForPreview(page, false);
  await page.hover(selector);
  await waitForPreview(page, true);
  return preview(page);
}

function checkEntityCard(card, facts, where) {
  assert(card, `${where}: no preview`);
  assert(card.role === "tooltip", `${where}: the card has role ${card.role}`);
  assert(card.title === facts.name, `${where}: the card names "${card.title}", not "${facts.name}"`);
  assert(
    card.kicker.toLowerCase() === facts.kind.toLowerCase(),
    `${where}: the card says kind "${card.kicker}", the entity page "${facts.kind}"`,
  );
  if (facts.description) {
    assert(card.about, `${where}: the card has no description sentence`);
    const stem = card.about.replace(/…$/, "").trim();
    assert(
      facts.description.startsWith(stem) && /[.!?…]["”’)]?$/.test(card.about),
      `${where}: "${card.about}" is not the first sentence of "${facts.description}"`,
    );
    assert(
      card.about.length < facts.description.length || facts.description === card.about,
      `${where}: the card shows more than the first sentence`,
    );
  }
  const count = new RegExp(`\\bin ${facts.articles} articles?\\b`);
  assert(count.test(card.meta), `${where}: "${card.meta}" does not say ${facts.articles} article(s)`);
  assert(card.inside, `${where}: the card sticks out of the window`);
}

async function previews() {
  await test("previews: hovering a mention shows its entity", async () => {
    const page = await open(ARTICLE, { viewport: WIDE });
    // One mention of each kind of entity the article names.
    const picks = await page.evaluate(() => {
      const seen = new Map();
      for (const a of document.querySelectorAll(".article-body a.mention[id]")) {
        const kind = [...a.classList].find((c) => c.startsWith("kind-"));
        if (!seen.has(kind)) seen.set(kind, { id: a.id, href: a.getAttribute("href") });
      }
      return [...seen.values()];
    });
    assert(picks.length >= 3, `only ${picks.length} kinds of mention found`);
    for (const pick of picks) {
      const facts = await entityFacts(pick.href);
      const card = await previewAfterHover(page, `[id="${pick.id}"]`);
      checkEntityCard(card, facts, `#${pick.id}`);
    }
    // The card stays while the pointer moves onto it, and goes when it leaves both.
    const box = await page.evaluate(() => {
      const b = document.getElementById("gloss-preview").getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    });
    await page.mouse.move(box.x, box.y, { steps: 4 });
    await page.waitForTimeout(500);
    assert(await preview(page), "the card vanishes when the pointer moves onto it");
    await page.mouse.move(2, 2);
    assert(await waitForPreview(page, false), "the card stays after the pointer has left");
    await page.context().close();
  });

  await test("previews: every mention's data matches its entity page", async () => {
    const page = await open(ARTICLE, { viewport: WIDE });
    const data = await page.evaluate(() => {
      const json = JSON.parse(document.getElementById("gloss-previews").textContent);
      const marks = [...document.querySelectorAll(".article-body .mention[data-annotation]")];
      return {
        json,
        // Site-wide counts come from entity-counts.js, one script for every page.
        counts: window.glossEntityCounts || {},
        unmapped: marks
          .filter((m) => !json.mentions[m.dataset.annotation])
          .map((m) => m.dataset.annotation),
        wrong: marks
          .filter((m) => m.href && !m.getAttribute("href").endsWith(`entities/${json.mentions[m.dataset.annotation]}/`))
          .map((m) => m.dataset.annotation),
      };
    });
    await page.context().close();
    assert(data.unmapped.length === 0, `mentions without preview data: ${data.unmapped.join(", ")}`);
    assert(data.wrong.length === 0, `previews of another entity than the link: ${data.wrong.join(", ")}`);
    for (const [id, e] of Object.entries(data.json.entities)) {
      const facts = await entityFacts(`../../entities/${id}/`);
      assert(e.name === facts.name, `${id}: preview name "${e.name}", page "${facts.name}"`);
      const [articles, mentions] = data.counts[id] || [];
      assert(articles === facts.articles, `${id}: preview says ${articles} articles, page ${facts.articles}`);
      assert(mentions === facts.mentions, `${id}: preview says ${mentions} mentions, page ${facts.mentions}`);
      if (facts.description) {
        assert(
          e.about && facts.description.startsWith(e.about.replace(/…$/, "").trim()),
          `${id}: "${e.about}" does not start the description`,
        );
      }
    }
  });

  await test("previews: focusing a mention from the keyboard shows it; Escape hides it", async () => {
    const page = await open(ARTICLE, { viewport: WIDE });
    const presses = await tabTo(page, 'el.classList.contains("mention")');
    assert(presses > 0, "Tab never reaches a mention");
    const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
    const card = await preview(page);
    checkEntityCard(card, await entityFacts(href), "focused mention");
    const described = await page.evaluate(() => document.activeElement.getAttribute("aria-describedby"));
    assert(described === "gloss-preview", `the focused mention is described by ${described}`);
    await page.keyboard.press("Escape");
    assert(!(await preview(page)), "Escape does not hide the card");
    // The next mention gets its own card.
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement.className);
    if (next.includes("mention")) assert(await preview(page), "the next mention shows no card");
    await page.context().close();
  });

  for (const scheme of SCHEMES) {
    await test(`previews: hovering a mark shows its folded note, narrow, ${scheme}`, async () => {
      const page = await open(ARTICLE, { viewport: NARROW, colorScheme: scheme });
      for (const kind of ["note", "claim", "event", "term"]) {
        const pick = await page.evaluate((kind) => {
          const mark = [...document.querySelectorAll(`.article-body mark.${kind}[id]`)].find((m) =>
            document.getElementById(`sn-${m.dataset.annotation}`),
          );
          if (!mark) return null;
          const note = document.getElementById(`sn-${mark.dataset.annotation}`);
          const words = [...note.childNodes]
            .filter((n) => !(n.nodeType === 1 && n.classList.contains("sn-num")))
            .map((n) => n.textContent)
            .join("")
            .replace(/\s+/g, " ")
            .trim();
          return { id: mark.id, words };
        }, kind);
        assert(pick, `no ${kind} mark with a note`);
        const card = await previewAfterHover(page, `[id="${pick.id}"]`);
        assert(card, `hovering ${kind} #${pick.id} shows no card`);
        assert(card.note === pick.words, `the card of #${pick.id} says "${card.note}", its note "${pick.words}"`);
        if (kind !== "note") {
          assert(card.kicker.toLowerCase().includes(kind), `the card of a ${kind} is headed "${card.kicker}"`);
        }
        assert(card.inside, `the card of #${pick.id} sticks out of the window`);
      }
      const result = await axe(page);
      assert(
        result.violations.length === 0,
        `axe with a card open: ${result.violations.length} violation(s):${describeViolations(result.violations)}`,
      );
      await page.context().close();
    });
  }

  await test("previews: focusing a folded note's number shows the note; opening it hides the card", async () => {
    const page = await open(ARTICLE, { viewport: NARROW });
    const presses = await tabTo(page, 'el.classList.contains("sn-ref")');
    assert(presses > 0, "Tab never reaches a note number");
    const card = await preview(page);
    assert(card && card.note, "focusing a folded note's number shows no card");
    await page.keyboard.press("Enter");
    assert(!(await preview(page)), "the card stays when the note opens in place");
    await page.context().close();
  });

  await test("previews: on a wide screen, a mark with its note in the margin shows no card", async () => {
    const page = await open(ARTICLE, { viewport: WIDE });
    const id = await page.evaluate(() => document.querySelector(".article-body mark.note[id]").id);
    await page.hover(`[id="${id}"]`);
    // Longer than the hover delay: a card would have come by now.
    await page.waitForTimeout(600);
    const card = await preview(page);
    const linked = await page.evaluate(
      (id) => document.getElementById(`sn-${document.getElementById(id).dataset.annotation}`).classList.contains("is-linked"),
      id,
    );
    assert(!card, "a card repeats the margin note beside it");
    assert(linked, "hovering the mark does not highlight its margin note");
    await page.context().close();
  });
}

async function withoutJavaScript() {
  await test("without JavaScript: notes are plain text and mentions plain links", async () => {
    const page = await open(ARTICLE, { viewport: NARROW, javaScriptEnabled: false });
    const r = await page.evaluate(() => {
      const notes = [...document.querySelectorAll(".sidenote")];
      const shown = notes.filter((n) => n.getBoundingClientRect().height > 0).length;
      const mentions = [...document.querySelectorAll(".article-body a.mention")];
      return {
        notes: notes.length,
        shown,
        mentions: mentions.length,
        linked: mentions.filter((a) => /entities\/[^/]+\/$/.test(a.getAttribute("href"))).length,
      };
    });
    assert(r.notes > 0, "the article has no notes");
    assert(r.shown === r.notes, `${r.notes - r.shown} of ${r.notes} notes are hidden without JS`);
    assert(r.mentions > 0 && r.linked === r.mentions, "mentions are not links to entity pages");
    await page.context().close();

    // axe cannot run where JavaScript is off, so the page's own scripts are blocked by a
    // Content-Security-Policy instead: the same page as without JavaScript, axe injected
    // through the DevTools protocol (which a CSP does not restrict).
    const blocked = await chrome.newPage({ viewport: NARROW });
    await blocked.route("**/*", async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), "content-security-policy": "script-src 'none'" },
      });
    });
    await blocked.goto(server.url + ARTICLE);
    const js = await blocked.evaluate(() => document.documentElement.classList.contains("js"));
    assert(!js, "the page's scripts ran despite the CSP");
    const result = await axe(blocked);
    assert(
      result.violations.length === 0,
      `axe without JS: ${result.violations.length} violation(s):${describeViolations(result.violations)}`,
    );
    await blocked.context().close();
  });
}

async function main() {
  const started = Date.now();
  const example = await buildExample();
  site = example.site;
  server = await serve(site);
  chrome = await launch();
  try {
    await axeEverywhere();
    await landmarksAndSkipLink();
    await focusIsVisible();
    await marksContrastAndCues();
    await sidenotesFromTheKeyboard();
    await previews();
    await withoutJavaScript();
  } finally {
    await chrome.close();
    await server.close();
    await example.cleanup();
  }
  console.log(`a11y: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  failures.finish();
}

main().catch((e) => {
  console.error(`FAIL ${e.stack || e}`);
  process.exitCode = 1;
});
