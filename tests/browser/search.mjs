//! Search in a real browser: the example site served over HTTP, the search page opened in
//! Debian's chromium. The index must not load before the reader searches; a query finds the
//! entity, the article and a note, and the result links lead to their pages.
//!
//!   node tests/browser/search.mjs      (needs target/release/gloss)

import { Failures, buildExample, launch, serve } from "./lib.mjs";

async function main() {
  const failures = new Failures("search");
  const { site, cleanup } = await buildExample();
  const server = await serve(site);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const fetched = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}search/`);
    failures.check(
      !fetched.some((p) => p.endsWith("search-index.json")),
      "the index is not loaded before a search",
    );
    await page.fill("#search-q", "karzai");
    await page.press("#search-q", "Enter");
    await page.waitForSelector("#search-results li", { timeout: 5000 });
    failures.check(
      fetched.some((p) => p.endsWith("/search-index.json")),
      "the index is loaded when the reader searches",
    );
    const results = await page.$$eval("#search-results li", (items) =>
      items.map((li) => ({
        kind: li.querySelector(".search-kind").textContent,
        href: li.querySelector("a").getAttribute("href"),
      })),
    );
    failures.check(
      results[0] && results[0].kind === "Entity" && results[0].href === "../entities/hamid-karzai/",
      `the entity comes first: ${JSON.stringify(results.slice(0, 3))}`,
    );
    failures.check(results.some((r) => r.kind === "Article"), "the article is found");
    // Notes are found by their text: the Kabul visit is discussed in several.
    await page.fill("#search-q", "kabul visit");
    await page.press("#search-q", "Enter");
    await page.waitForFunction(() => /kabul visit/.test(document.querySelector("#search-status").textContent));
    const kinds = await page.$$eval("#search-results .search-kind", (k) => k.map((e) => e.textContent));
    failures.check(kinds.includes("Note"), `a note is found: ${kinds}`);
    const status = await page.textContent("#search-status");
    failures.check(/\d+ results? for “kabul visit”/.test(status), `the count is announced: ${status}`);
    // The query is in the address, so the search can be shared and survives a reload.
    failures.check(page.url().endsWith("?q=kabul%20visit"), `the address holds the query: ${page.url()}`);
    await page.reload();
    await page.waitForSelector("#search-results li", { timeout: 5000 });
    // Accents and case are folded.
    await page.fill("#search-q", "TASHKENT treaty");
    await page.press("#search-q", "Enter");
    await page.waitForFunction(() => /TASHKENT treaty/.test(document.querySelector("#search-status").textContent));
    const first = await page.$eval("#search-results li a", (a) => a.textContent);
    // "Tashkent Treaty" is an alias of the Collective Security Treaty.
    failures.check(first === "Collective Security Treaty", `a two-word query finds its entity: ${first}`);
    await page.click("#search-results li a");
    await page.waitForLoadState();
    failures.check(/\/entities\/[^/]+\/$/.test(new URL(page.url()).pathname), `a result opens its page: ${page.url()}`);
    // Nothing found is said so.
    await page.goto(`${server.url}search/?q=zzzzzz`);
    await page.waitForFunction(() => /Nothing found/.test(document.querySelector("#search-status").textContent));
    failures.check(true, "");
  } catch (e) {
    failures.fail(e.stack);
  } finally {
    await browser.close();
    await server.close();
    await cleanup();
  }
  failures.finish();
}

await main();
