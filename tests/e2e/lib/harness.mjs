// Shared pieces of the distribution tests: a static server that behaves like GitHub Pages (a
// sub-path, 404.html for unknown addresses, optional CORS), headless Chromium, and a recorder of
// what a page does (requests, console errors, Content-Security-Policy violations).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../../..");
export const dist = path.join(root, "dist");
export const offlineFile = path.join(root, "dist-offline/portolan-offline.html");
export const examples = path.join(root, "examples/embed");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Starts a static server on 127.0.0.1 (a free port).
 * - `mounts`: `{ "/portolan/": dir }`: URL prefix → folder (longest prefix wins).
 * - `pages404`: answer an unknown address under a mount with that mount's 404.html and status
 *   404, as GitHub Pages does.
 * - `cors`: send `Access-Control-Allow-Origin: *` (GitHub Pages does).
 * - `redirects`: `{ "/dist/": "http://127.0.0.1:1234/dist/" }`: prefix → 302 to another origin,
 *   keeping the rest of the path and the query.
 * Returns `{ origin, close }`.
 */
export async function startServer({ mounts = {}, pages404 = false, cors = false, redirects = {} } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const headers = cors ? { "access-control-allow-origin": "*" } : {};
    for (const [prefix, target] of Object.entries(redirects)) {
      if (url.pathname.startsWith(prefix)) {
        res.writeHead(302, { ...headers, location: target + url.pathname.slice(prefix.length) + url.search });
        res.end();
        return;
      }
    }
    const prefix = prefixes.find((p) => url.pathname.startsWith(p));
    if (!prefix) {
      res.writeHead(404, headers).end("outside the site");
      return;
    }
    const base = mounts[prefix];
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    let file = path.resolve(base, rel || "index.html");
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      if (pages404) {
        try {
          const body = await readFile(path.join(base, "404.html"));
          res.writeHead(404, { ...headers, "content-type": types[".html"] }).end(body);
          return;
        } catch {}
      }
      res.writeHead(404, headers).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The flags every test's Chromium runs with: headless as root on this machine kind, and no
 * traffic off the machine. Chromium still talks to Google by itself (updates, sign-in, autofill
 * queries) despite --disable-background-networking, so every request to a host that is not
 * loopback goes through a proxy at 127.0.0.1:9, where nothing listens: such requests fail on the
 * machine. Loopback addresses never use the proxy, so the pages under test load as usual.
 */
export const CHROMIUM_ARGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--proxy-server=http://127.0.0.1:9",
]);

/** Headless Chromium with a fresh, empty profile (launch() makes a new one each time). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS],
  });
}

/**
 * Records, for every page and frame of a browser context: each request's URL, console errors,
 * uncaught page errors and Content-Security-Policy violations (the `securitypolicyviolation`
 * event, listened for before any script of the page runs). Call before opening pages.
 */
export async function record(context) {
  const log = { requests: [], errors: [], violations: [] };
  context.on("request", (req) => log.requests.push(req.url()));
  await context.exposeBinding("__portolanViolation", (_source, v) => log.violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      globalThis.__portolanViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        page: location.href,
      });
    });
  });
  const watch = (page) => {
    page.on("console", (msg) => {
      if (msg.type() === "error") log.errors.push(`console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => log.errors.push(`page error: ${err.message}`));
  };
  context.on("page", watch);
  for (const page of context.pages()) watch(page);
  return log;
}

/** Waits until the planner has rendered its views (or failed visibly) and throws if it failed. */
export async function plannerReady(scope, timeout = 20_000) {
  await scope.locator(".tablist, .fatal, .boot-error").first().waitFor({ timeout });
  const failed = await scope.locator(".fatal, .boot-error").count();
  if (failed) throw new Error(`the planner did not start: ${await scope.locator("body").innerText()}`);
}

/** The ports column of the planner's flows, one line per flow (the "Flows & warnings" view must
 * be open). Only the column: the flows' source statements quote other ports too. */
export async function flowsText(scope) {
  await scope.locator("section.flows").waitFor();
  return (await scope.locator("section.flows td.ports").allInnerTexts()).join("\n");
}

/** The version.json of the build: `{app, catalog, files}`. */
export async function buildVersion() {
  return JSON.parse(await readFile(path.join(dist, "version.json"), "utf8"));
}

/** A plan for the Screen Capture Module with hosts for every role (schema 1). */
export function screenCapturePlan({ ris = "15.2 HFR3", websocket = "secure" } = {}) {
  return {
    schema: 1,
    name: "Screen recording, site A",
    products: [
      {
        id: "screen-capture",
        versions: { ris, "screen-capture-module": "15.2.3" },
        options: { "cloud-screen-recording": true, websocket, "live-monitor": true },
      },
    ],
    hosts: [
      { name: "agents", addresses: ["10.20.0.0/23"], zone: "agents", roles: ["screen-capture/agent-pc"] },
      { name: "supervisors", addresses: ["10.20.8.0/26"], zone: "agents", roles: ["screen-capture/supervisor-pc"] },
      {
        name: "ris01",
        addresses: ["10.1.0.10"],
        zone: "datacenter",
        roles: ["screen-capture/ris-server", "screen-capture/ris-agent-server"],
      },
      { name: "recorders", addresses: ["10.1.0.21", "10.1.0.22"], zone: "datacenter", roles: ["screen-capture/screen-recorder"] },
    ],
  };
}
