// No request to any origin but the page's own, and a Content-Security-Policy that allows only the
// page's own resources, proven in headless Chromium for the served site and the offline file.
//
// Requests are recorded twice: by the DevTools Protocol (Playwright's request events, every frame)
// and by Chromium's own net log (--log-net-log), which sees everything the network stack does,
// favicons included. Chromium itself also tries to talk to Google even with
// --disable-background-networking (component updates, sign-in, and autofill queries about the
// forms of the page it shows); CHROMIUM_ARGS send those through a proxy on 127.0.0.1 where
// nothing listens, so they never leave the machine. The net log still records them and tells
// them apart from the page's requests by their initiator (a document's origin, or none); the test
// prints them, and a control test proves that a request made by a page, served or from file://,
// is caught.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { dist, offlineFile, plannerReady, record, screenCapturePlan, startServer, CHROMIUM_ARGS } from "./lib/harness.mjs";

let site;
let temp;
before(async () => {
  site = await startServer({ mounts: { "/portolan/": dist }, pages404: true });
  temp = await mkdtemp(path.join(tmpdir(), "portolan-netlog-"));
});
after(async () => {
  await site?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

let runs = 0;
/** Runs `fn(context)` in a fresh Chromium that writes a net log; returns the network requests the
 * pages made (`page`) and the browser's own (`browser`), from the net log. */
async function withNetLog(contextOptions, fn) {
  runs += 1;
  const file = path.join(temp, `netlog-${runs}.json`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      ...CHROMIUM_ARGS,
      `--log-net-log=${file}`,
      "--net-log-capture-mode=Default",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...contextOptions });
    await fn(context);
    await context.close();
  } finally {
    await browser.close();
  }
  return readNetLog(file);
}

async function readNetLog(file) {
  const log = JSON.parse(await readFile(file, "utf8"));
  const START = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  const pageRequests = [];
  const browserRequests = [];
  for (const e of log.events) {
    if (e.type !== START || !e.params?.url) continue;
    const { url, initiator = "" } = e.params;
    // A document's request has its origin ("null" from file://) as initiator; a navigation
    // the test starts has none, but the isolation key of the site it loads.
    // A document's request names its origin as initiator ("null" from file://). The browser's own
    // requests name none: the test's navigations, and Chromium's services (component updates,
    // sign-in, autofill form-type queries), which it makes on a page's behalf whatever the page.
    const fromPage = initiator !== "not an origin";
    (fromPage ? pageRequests : browserRequests).push(url);
  }
  return { page: pageRequests, browser: browserRequests };
}

/** The directives of a CSP meta tag: `{ "script-src": ["'self'", ...], ... }`. */
async function cspOf(page) {
  const content = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  return Object.fromEntries(
    content
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** What a person and a portal do with the planner: look, evaluate, export every format. */
async function exercise(page) {
  await plannerReady(page);
  const result = await page.evaluate(async (plan) => {
    const api = await window.portolan.load();
    const report = api.evaluate(plan);
    // a plain-text feed is only its entries (no header), and this plan has none
    const exports = api
      .formats()
      .filter((f) => !f.id.startsWith("feed-"))
      .map((f) => api.exportPlan(plan, f.id).content.length);
    return { rules: report.rules.length, exports };
  }, screenCapturePlan());
  assert.ok(result.rules > 0, "the plan was evaluated");
  assert.ok(result.exports.every((n) => n > 0), "every export has content");
}

test("the served site requests nothing outside its origin and works under a 'self'-only CSP", async () => {
  const base = `${site.origin}/portolan/`;
  let log;
  let errors;
  const net = await withNetLog({}, async (context) => {
    log = await record(context);
    const page = await context.newPage();
    await page.goto(base);
    await exercise(page);

    const csp = await cspOf(page);
    assert.deepEqual(csp["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
    for (const [name, values] of Object.entries(csp)) {
      for (const v of values) {
        assert.ok(
          ["'self'", "'none'"].includes(v) || (name === "script-src" && v === "'wasm-unsafe-eval'"),
          `${name} allows only the page's own resources, not ${v}`,
        );
      }
    }

    // The embedded mode with presets and a theme, and a deep link through 404.html.
    await page.goto(`${base}?embed=1&product=screen-capture&theme.accent=%23006400&theme.font=Georgia`);
    await plannerReady(page);
    errors = [...log.errors];
    // (The deep link's own 404 and 404.html's look for version.json below it log 404s.)
    await page.goto(`${base}deep/link?product=incontact-wfo#plan=x`);
    await page.waitForURL(`${base}?product=incontact-wfo#plan=x`);
    await plannerReady(page);
  });
  assert.deepEqual(log.requests.filter((u) => !u.startsWith(`${site.origin}/`)), [], "requests seen by DevTools");
  assert.ok(net.page.some((u) => u.endsWith(".wasm")), "the net log saw the page's requests");
  assert.deepEqual(net.page.filter((u) => !u.startsWith(`${site.origin}/`)), [], "requests in Chromium's net log");
  assert.deepEqual(log.violations, [], "CSP violations");
  assert.deepEqual(errors, []);
  assert.ok(log.errors.every((e) => e.includes("status of 404")), log.errors.join("\n"));
  const own = [...new Set(net.browser.map((u) => new URL(u).host))].filter((h) => !site.origin.endsWith(h));
  if (own.length) console.log(`# Chromium's own requests (no document initiated them): ${own.join(", ")}`);
});

test("the offline file requests nothing at all and works under its hash-only CSP", async () => {
  let log;
  const net = await withNetLog({}, async (context) => {
    log = await record(context);
    const page = await context.newPage();
    await page.goto(pathToFileURL(offlineFile).href);
    await exercise(page);
    await page.goto(`${pathToFileURL(offlineFile).href}?embed=1&product=screen-capture&theme.accent=%23006400`);
    await plannerReady(page);

    const csp = await cspOf(page);
    assert.deepEqual(csp["default-src"], ["'none'"]);
    // The three inlined module scripts (the API module's, the views module's and the planner's)
    // by hash.
    assert.equal(csp["script-src"].length, 4);
    for (const hash of csp["script-src"].slice(0, 3)) assert.match(hash, /^'sha256-[A-Za-z0-9+/]+=*'$/);
    assert.equal(csp["script-src"][3], "'wasm-unsafe-eval'");
    assert.ok(csp["style-src"].every((v) => /^'sha256-/.test(v)), "styles only by hash");
    assert.deepEqual(csp["img-src"], ["data:"]);
    assert.equal(csp["connect-src"], undefined, "no connections (default-src 'none')");
  });
  const outside = log.requests.filter((u) => !u.startsWith("file://") && !u.startsWith("data:"));
  assert.deepEqual(outside, [], "requests seen by DevTools");
  assert.deepEqual(net.page, [], "network requests in Chromium's net log");
  assert.deepEqual(log.violations, [], "CSP violations");
  assert.deepEqual(log.errors, []);
});

test("control: the recorders catch a CSP violation and a page's request to another origin", async () => {
  // A page that breaks its CSP is reported...
  let log;
  await withNetLog({}, async (context) => {
    log = await record(context);
    const page = await context.newPage();
    await page.goto(`${site.origin}/portolan/`);
    await plannerReady(page);
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.head.append(s);
    });
    await page.waitForFunction(() => true);
  });
  assert.ok(
    log.violations.some((v) => v.directive === "script-src-elem" || v.directive === "script-src"),
    `the injected inline script was reported: ${JSON.stringify(log.violations)}`,
  );
  // ...and a request to another origin (127.0.0.2, still this machine) shows up in the net log,
  // from a served page and from the file (CSP bypassed so that the request is made at all).
  for (const url of [`${site.origin}/portolan/`, pathToFileURL(offlineFile).href]) {
    const net = await withNetLog({ bypassCSP: true }, async (context) => {
      const page = await context.newPage();
      await page.goto(url);
      await plannerReady(page);
      await page.evaluate(() => fetch("http://127.0.0.2:9/probe").catch(() => {}));
    });
    assert.ok(net.page.includes("http://127.0.0.2:9/probe"), `caught from ${url.split(":")[0]}: ${JSON.stringify(net)}`);
  }
});
