//! The live preview in a real browser: `gloss serve` on a copy of the bundled example, the
//! article open in Debian's chromium; an edit to its Markdown shows up without touching the
//! page, a broken annotation file shows the error overlay naming the file and line, and the
//! fix clears it.
//!
//!   node tests/browser/live-reload.mjs      (needs target/release/gloss)
//!
//! Saves a screenshot of the overlay to $GLOSS_SHOTS (default /tmp/gloss-shots).

import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { Failures, GLOSS, REPO, launch, requireBinaries } from "./lib.mjs";

const SLUG = "2007-03-15-csto-central-asia";
const ARTICLE = `content/articles/${SLUG}.md`;
const ANNOTATIONS = `content/articles/${SLUG}.yaml`;
/** The bound: the edit must be on screen within 2 s. */
const BOUND_MS = 2000;

/** Starts `gloss serve` on `root` and resolves with its address once it listens. */
function startServe(root) {
  const child = spawn(GLOSS, ["serve", "--port", "0", "--root", root], {
    env: { PATH: process.env.PATH, TMPDIR: root },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gloss serve did not start:\n${out}\n${err}`)), 60000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, log: () => out + err });
      }
    });
    child.once("exit", (code) => reject(new Error(`gloss serve exited (${code}):\n${out}\n${err}`)));
  });
}

async function main() {
  requireBinaries(GLOSS);
  const failures = new Failures("live-reload");
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), "gloss-live-"));
  await fsp.cp(path.join(REPO, "content"), path.join(root, "content"), { recursive: true });
  await fsp.cp(path.join(REPO, "templates"), path.join(root, "templates"), { recursive: true });
  const shots = process.env.GLOSS_SHOTS || "/tmp/gloss-shots";
  fs.mkdirSync(shots, { recursive: true });
  const server = await startServe(root);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = `${server.url}articles/${SLUG}/`;
    await page.goto(url);
    failures.check((await page.title()).includes("CSTO"), "the article opens");
    // Marks the page: a reload (by the live-reload script, never by us) clears it.
    await page.evaluate(() => (window.__glossTestMarker = true));

    // 1. An edit to the Markdown reaches the open page by itself.
    const markdown = path.join(root, ARTICLE);
    const original = await fsp.readFile(markdown, "utf8");
    const sentence = `A sentence added while the page was open, ${Date.now()}.`;
    const saved = Date.now();
    await fsp.writeFile(markdown, `${original}\n${sentence}\n`);
    try {
      await page.waitForSelector(`p:has-text("${sentence}")`, { timeout: BOUND_MS });
      const took = Date.now() - saved;
      failures.check(true, "");
      console.log(`edit visible after ${took} ms`);
    } catch {
      failures.fail(`the new sentence was not on the page within ${BOUND_MS} ms`);
    }
    failures.check(
      !(await page.evaluate(() => window.__glossTestMarker === true)),
      "the page reloaded itself",
    );

    // 2. A broken annotation file: the overlay names the file and the line.
    const yamlPath = path.join(root, ANNOTATIONS);
    const goodYaml = await fsp.readFile(yamlPath, "utf8");
    const lines = goodYaml.split("\n");
    const broken = lines.findIndex((l) => l.startsWith("  - quote: ")) + 1;
    lines[broken - 1] = lines[broken - 1].replace("  - quote: ", "  - quote: [");
    await fsp.writeFile(yamlPath, lines.join("\n"));
    try {
      await page.waitForSelector("#gloss-overlay", { timeout: 10000 });
      const text = await page.textContent("#gloss-overlay");
      const where = text.match(new RegExp(`${ANNOTATIONS.replace(/\./g, "\\.")}:(\\d+):(\\d+)`));
      failures.check(where !== null, `the overlay names ${ANNOTATIONS}:line:col:\n${text}`);
      if (where) {
        const line = Number(where[1]);
        failures.check(
          line >= broken && line <= broken + 1,
          `the overlay points at line ${line}, the break is on line ${broken}`,
        );
      }
      failures.check(text.includes("help:"), "the overlay shows the help line");
      // The page under it is still the last good one.
      failures.check(
        (await page.locator(`p:has-text("${sentence}")`).count()) === 1,
        "the last good page stays under the overlay",
      );
      await page.screenshot({ path: path.join(shots, "overlay.png") });
      console.log(`overlay screenshot: ${path.join(shots, "overlay.png")}`);
    } catch (e) {
      failures.fail(`no overlay after breaking ${ANNOTATIONS}: ${e.message}`);
    }

    // 3. The fix clears it.
    await fsp.writeFile(yamlPath, goodYaml);
    try {
      await page.waitForSelector("#gloss-overlay", { state: "detached", timeout: 10000 });
      failures.check(true, "");
    } catch {
      failures.fail("the overlay stayed after the fix");
    }
  } catch (e) {
    failures.fail(`${e.stack}\n--- gloss serve said:\n${server.log()}`);
  } finally {
    await browser.close();
    server.child.kill();
    await fsp.rm(root, { recursive: true, force: true });
  }
  failures.finish();
}

await main();
