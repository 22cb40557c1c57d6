//! Shared helpers for gloss's browser tests: paths, building sites with the release binary,
//! a static HTTP server for a built site, and Debian's chromium driven by playwright-core.
//!
//! Only the system chromium works on the machines these tests run on (a test tool's own
//! browser download cannot reach the network), so `launch()` always uses /usr/bin/chromium.
//!
//! Stable API (other scripts, such as live-reload.mjs, import it):
//!
//!   launch(options?) -> Promise<{ browser, newPage(contextOptions?), close() }>
//!     options.args: extra chromium arguments, appended to the defaults.
//!     browser: the playwright-core Browser; newPage(o) opens a page in a fresh context made
//!     with playwright's context options `o` (viewport, colorScheme, javaScriptEnabled, …);
//!     close() closes the browser and removes its temporary profile. Safe to call twice.
//!
//!   serve(dir, options?) -> Promise<{ url, port, close() }>
//!     Serves `dir` on 127.0.0.1 (a free port unless options.port). Pretty URLs: `/x/` serves
//!     `/x/index.html`; a missing file gets `404.html` of `dir` with status 404. `url` ends in
//!     a slash.

import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = path.resolve(HERE, "..", "..");
export const GLOSS = path.join(REPO, "target", "release", "gloss");
export const GEN_CORPUS = path.join(REPO, "target", "release", "examples", "gen-corpus");
export const CHROMIUM = process.env.GLOSS_CHROMIUM || "/usr/bin/chromium";

/** Chromium arguments: headless, no sandbox (CI runs as root), and nothing that would try
 *  to reach the network on its own (the machines have none). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts chromium with a fresh profile. See the module comment for the contract.
 *
 *  chromium is started here, not by playwright's `launch()`, because playwright refuses a
 *  `--user-data-dir` argument: we want our own fresh profile and exactly our arguments. It
 *  listens for the DevTools protocol on a free port (written to DevToolsActivePort in the
 *  profile) and playwright connects to it. */
export async function launch(options = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), "gloss-chromium-"));
  const child = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      ...(options.args || []),
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr.on("data", (chunk) => {
    if (log.length < 20000) log += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A test that dies must not leave chromium running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.removeListener("exit", killOnExit);
    if (browser) await browser.close().catch(() => {});
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Chromium's helper processes can still be writing into the profile for a moment after
    // the browser has exited (seen as ENOTEMPTY in CI): retry for up to two seconds.
    await fsp.rm(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };

  let browser = null;
  try {
    const endpoint = await devtoolsEndpoint(profile, child, () => log);
    browser = await chromium.connectOverCDP(endpoint);
  } catch (e) {
    await close();
    throw e;
  }
  return {
    browser,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext(contextOptions);
      return context.newPage();
    },
    close,
  };
}

/** Waits (up to 30 s) for chromium to write the DevTools port into its profile. */
async function devtoolsEndpoint(profile, child, log) {
  const file = path.join(profile, "DevToolsActivePort");
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`chromium exited (${child.exitCode ?? child.signalCode}) at start:\n${log()}`);
    }
    try {
      const [port, wsPath] = (await fsp.readFile(file, "utf8")).split("\n");
      if (port && wsPath) return `ws://127.0.0.1:${port.trim()}${wsPath.trim()}`;
    } catch {
      // Not written yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`chromium did not open its DevTools port within 30 s:\n${log()}`);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves a built site over HTTP on 127.0.0.1. See the module comment for the contract. */
export async function serve(dir, options = {}) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.join(root, pathname);
    // Never serve anything outside the site.
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      const stat = await fsp.stat(file);
      if (stat.isDirectory()) {
        // `/x` for a folder: send the browser to `/x/` so relative links work.
        res.writeHead(301, { Location: req.url.replace(/^([^?#]*)/, "$1/") }).end();
        return;
      }
      const body = await fsp.readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
      res.writeHead(200, { "Content-Type": type, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      const missing = path.join(root, "404.html");
      const body = fs.existsSync(missing) ? await fsp.readFile(missing) : Buffer.from("not found");
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(body);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port || 0, "127.0.0.1", resolve);
  });
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs a command, throwing with its output when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Fails early with a clear message when the release binaries are missing. */
export function requireBinaries(...binaries) {
  for (const binary of binaries) {
    if (!fs.existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run \`cargo build --release --bins --examples\` in ${REPO} first`,
      );
    }
  }
}

/** Builds the bundled example (content/ and templates/ of the repository) into a temporary
 *  folder, so a test never depends on the committed site/ being current. */
export async function buildExample() {
  requireBinaries(GLOSS);
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), "gloss-example-"));
  const site = path.join(out, "site");
  run(GLOSS, ["build", "--root", REPO, "--output", site]);
  return { site, cleanup: () => fsp.rm(out, { recursive: true, force: true }) };
}

/** Generates the deterministic benchmark corpus of `articles` articles and builds it. */
export async function buildCorpus(articles) {
  requireBinaries(GLOSS, GEN_CORPUS);
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), `gloss-corpus-${articles}-`));
  const project = path.join(out, "project");
  const site = path.join(out, "site");
  run(GEN_CORPUS, ["--articles", String(articles), "--out", project]);
  run(GLOSS, ["build", "--root", project, "--output", site]);
  return { project, site, cleanup: () => fsp.rm(out, { recursive: true, force: true }) };
}

/** Every `.html` file under `dir`, relative, sorted. */
export function htmlFiles(dir) {
  const found = [];
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".html")) found.push(rel);
    }
  };
  walk("");
  return found.sort();
}

/** Collects failures and reports them together, so one run shows every problem. */
export class Failures {
  constructor(name) {
    this.name = name;
    this.list = [];
    this.passed = 0;
  }
  check(ok, message) {
    if (ok) this.passed++;
    else this.list.push(message);
    return ok;
  }
  fail(message) {
    this.list.push(message);
  }
  /** Prints the summary and sets the exit code. */
  finish() {
    for (const f of this.list) console.error(`FAIL ${f}`);
    console.log(`${this.name}: ${this.passed} passed, ${this.list.length} failed`);
    if (this.list.length) process.exitCode = 1;
  }
}
