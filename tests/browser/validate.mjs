//! Validates every page gloss writes with the Nu HTML Checker (vnu-jar, run with Java): the
//! bundled example and a generated 1,000-article site must have zero errors.
//!
//! Usage: node tests/browser/validate.mjs [--articles N]
//! Needs the release binaries (`cargo build --release --bins --examples`) and Java.
//!
//! One JVM checks everything (starting it is the slow part), together with a canary page that
//! is invalid on purpose: if the checker stops reporting the canary's errors, the run fails
//! rather than passing on a checker that checks nothing. The whole 1,000-article site
//! (~1,250 pages) takes about 20 s on 2 cores, so CI checks all of it, not a sample.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { HERE, Failures, buildCorpus, buildExample, htmlFiles } from "./lib.mjs";

const VNU = path.join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

const args = process.argv.slice(2);
const articlesAt = args.indexOf("--articles");
const ARTICLES = articlesAt >= 0 ? Number(args[articlesAt + 1]) : 1000;

/** A page with three errors vnu must find: nested links, a stray end tag, a block in a span. */
const CANARY =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>' +
  '<body><a href="#x"><a href="#y">nested</a></a><span><div>block</div></span></body></html>\n';

async function main() {
  const failures = new Failures("validate");
  if (!fs.existsSync(VNU)) {
    throw new Error(`${VNU} is missing: run \`npm ci --ignore-scripts --prefix tests/browser\``);
  }
  const started = Date.now();
  const example = await buildExample();
  const corpus = await buildCorpus(ARTICLES);
  const canaryDir = await fsp.mkdtemp(path.join(os.tmpdir(), "gloss-canary-"));
  fs.writeFileSync(path.join(canaryDir, "canary.html"), CANARY);
  try {
    const sites = [
      { name: "example", dir: example.site },
      { name: `${ARTICLES}-article corpus`, dir: corpus.site },
    ];
    for (const s of sites) s.pages = htmlFiles(s.dir).length;
    const built = Date.now();
    // --verbose prints each checked file on stdout; the messages come as JSON on stderr.
    const result = spawnSync(
      "java",
      [
        "-jar",
        VNU,
        "--errors-only",
        "--skip-non-html",
        "--verbose",
        "--format",
        "json",
        ...sites.map((s) => s.dir),
        canaryDir,
      ],
      { encoding: "utf8", maxBuffer: 1 << 28 },
    );
    if (result.error) throw new Error(`java: ${result.error.message} (install default-jre-headless)`);
    const seconds = ((Date.now() - built) / 1000).toFixed(1);
    let messages;
    try {
      messages = JSON.parse(result.stderr).messages;
    } catch {
      throw new Error(`vnu did not print its JSON report:\n${result.stdout}\n${result.stderr}`);
    }
    const checked = new Set(
      result.stdout
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => path.resolve(l)),
    );
    const fileOf = (m) => decodeURIComponent(String(m.url || "").replace(/^file:/, ""));
    const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
    const canaryErrors = errors.filter((m) => fileOf(m).startsWith(canaryDir));
    failures.check(
      canaryErrors.length >= 3,
      `the checker found ${canaryErrors.length} of the canary page's 3 errors: is vnu checking at all?`,
    );
    for (const s of sites) {
      const mine = errors.filter((m) => fileOf(m).startsWith(s.dir + path.sep));
      const seen = [...checked].filter((f) => f.startsWith(s.dir + path.sep)).length;
      failures.check(
        seen === s.pages,
        `${s.name}: vnu checked ${seen} of its ${s.pages} HTML pages`,
      );
      if (
        !failures.check(
          mine.length === 0,
          `${s.name}: ${mine.length} vnu error(s) in ${s.pages} pages (first 40 below)`,
        )
      ) {
        for (const m of mine.slice(0, 40)) {
          console.error(
            `  ${path.relative(s.dir, fileOf(m))}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}\n    ${JSON.stringify(m.extract || "")}`,
          );
        }
      }
      console.log(`${s.name}: ${s.pages} pages, ${mine.length} vnu errors`);
    }
    console.log(
      `vnu: ${checked.size} files in ${seconds} s (builds took ${((built - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await example.cleanup();
    await corpus.cleanup();
    await fsp.rm(canaryDir, { recursive: true, force: true });
  }
  failures.finish();
}

main().catch((e) => {
  console.error(`FAIL ${e.stack || e}`);
  process.exitCode = 1;
});
