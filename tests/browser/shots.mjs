//! Screenshots for looking at gloss's pages as a reader would (not run in CI): the example
//! article at 375, 768 and 1280 px in light and dark mode, with a note open and a preview
//! shown, the other page kinds, and the article's print output (PDF, then PNG pages with
//! pdftoppm from poppler-utils).
//!
//! Usage: node tests/browser/shots.mjs [OUT_DIR]   (default /tmp/gloss-shots)
//! Needs the release binary (`cargo build --release`), /usr/bin/chromium and pdftoppm.

import fs from "node:fs";
import path from "node:path";
import { buildExample, launch, run, serve } from "./lib.mjs";

const OUT = path.resolve(process.argv[2] || "/tmp/gloss-shots");
const ARTICLE = "articles/2007-03-15-csto-central-asia/";
const WIDTHS = [375, 768, 1280];
const PAGES = [
  ["home", ""],
  ["entity", "entities/csto/"],
  ["entities", "entities/"],
  ["timeline", "timeline/"],
  ["tag", "tags/csto/"],
  ["404", "404.html"],
];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const example = await buildExample();
  const server = await serve(example.site);
  const chrome = await launch();
  const written = [];
  const shot = async (page, name, options = {}) => {
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file, ...options });
    written.push(file);
  };
  try {
    for (const scheme of ["light", "dark"]) {
      for (const width of WIDTHS) {
        const page = await chrome.newPage({
          viewport: { width, height: 900 },
          colorScheme: scheme,
          reducedMotion: "reduce",
        });
        await page.goto(server.url + ARTICLE);
        const name = `article-${width}-${scheme}`;
        await shot(page, `${name}-top`);
        await shot(page, `${name}-full`, { fullPage: true });
        // A stretch of the body with marks of every kind and (on wide screens) margin notes.
        await page.evaluate(() => document.getElementById("a-kabul-visit").scrollIntoView());
        await page.evaluate(() => window.scrollBy(0, -120));
        await shot(page, `${name}-marks`);
        // A note opened (narrow) or a preview of a mention (any width).
        if (width < 1000) {
          await page.evaluate(() => document.querySelector(".sn-ref").click());
          await page.evaluate(() => document.querySelector(".sn-ref").scrollIntoView({ block: "center" }));
          await shot(page, `${name}-note-open`);
        }
        await page.hover("#a-15");
        await page.waitForTimeout(400);
        await shot(page, `${name}-preview`);
        await page.context().close();
      }
      for (const [name, p] of PAGES) {
        for (const width of [375, 1280]) {
          const page = await chrome.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
          await page.goto(server.url + p);
          await shot(page, `${name}-${width}-${scheme}`, { fullPage: width === 1280 });
          await page.context().close();
        }
      }
    }

    // Print: A4, as the browser's print dialog would lay it out.
    const page = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + ARTICLE);
    const pdf = path.join(OUT, "article-print.pdf");
    await page.pdf({ path: pdf, format: "A4", printBackground: false });
    await page.context().close();
    run("pdftoppm", ["-png", "-r", "70", pdf, path.join(OUT, "article-print")]);
    for (const f of fs.readdirSync(OUT)) {
      if (f.startsWith("article-print") && f.endsWith(".png")) written.push(path.join(OUT, f));
    }
  } finally {
    await chrome.close();
    await server.close();
    await example.cleanup();
  }
  console.log(`${written.length} screenshots in ${OUT}`);
}

main().catch((e) => {
  console.error(`FAIL ${e.stack || e}`);
  process.exitCode = 1;
});
