// End-to-end test of the release build: serves dist/ the way GitHub Pages does (from a sub-path),
// opens it in headless Chromium and checks what a person sees.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, readdir, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./lib/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const dist = path.join(root, "dist");
const screenshot = path.join(root, "docs/screenshots/planner.png");
const subPath = "/portolan/";
const title = "Portolan — firewall requirements planner";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

let server;
let baseUrl;
let browser;

// The products a person should see: `name` of every catalog/*.toml, read from the top-level keys
// (before the first [table]).
async function catalogProducts() {
  const dir = path.join(root, "catalog");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".toml")).sort();
  const products = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), "utf8");
    const top = text.split(/^\s*\[/m)[0];
    const m = top.match(/^name\s*=\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')/m);
    assert.ok(m, `catalog/${file}: no top-level \`name = "..."\` found`);
    const raw = m[1];
    products.push({ file, name: raw.startsWith('"') ? JSON.parse(raw) : raw.slice(1, -1) });
  }
  return products;
}

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(subPath)) {
      res.writeHead(404).end("outside the sub-path");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(subPath.length)) || "index.html";
    const file = path.resolve(dist, rel);
    if (!file.startsWith(dist + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}${subPath}`;

  // launch() starts Chromium with a fresh, empty profile (a new --user-data-dir) every time.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

// Opens the planner and waits until the app has rendered its product list (or its diagnostics).
async function openPlanner(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("request", (req) => requests.push(req.url()));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(baseUrl);
  await page.locator(".product-card, .diagnostics, .boot-error").first().waitFor({ timeout: 20_000 });
  return { context, page, problems, requests };
}

test("the planner shows its title, heading and every bundled product", async () => {
  const products = await catalogProducts();
  assert.ok(products.length > 0, "the catalog has no products");
  const { context, page, problems } = await openPlanner();
  try {
    assert.equal(await page.locator(".diagnostics").count(), 0, await page.locator("main").innerText());
    assert.equal(await page.title(), title);
    assert.equal((await page.locator("h1").innerText()).trim(), title);
    const cards = page.locator(".product-card");
    assert.equal(await cards.count(), products.length, "one card per catalog file");
    for (const { file, name } of products) {
      const card = page.locator(".product-card", { has: page.getByRole("heading", { name, exact: true }) });
      assert.equal(await card.count(), 1, `product \`${name}\` (catalog/${file}) is shown once`);
      assert.ok(await card.isVisible(), `product \`${name}\` is visible`);
    }
    assert.deepEqual(problems, [], "no errors in the console (CSP violations show up there)");
    await mkdir(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
  } finally {
    await context.close();
  }
});

test("every file loads from the page's own sub-path (relative URLs, nothing external)", async () => {
  const { context, requests } = await openPlanner();
  try {
    assert.ok(requests.some((u) => u.endsWith(".wasm")), "the wasm module was requested");
    const outside = requests.filter((u) => !u.startsWith(baseUrl));
    assert.deepEqual(outside, [], "requests outside the sub-path");
  } finally {
    await context.close();
  }
});

test("light and dark follow the system colour scheme", async () => {
  const background = async (colorScheme) => {
    const { context, page } = await openPlanner({ colorScheme });
    try {
      return await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    } finally {
      await context.close();
    }
  };
  const light = await background("light");
  const dark = await background("dark");
  assert.notEqual(light, dark, "the background changes with prefers-color-scheme");
});

test("axe-core finds no accessibility violations", async () => {
  // axe is injected as a script, which the page's CSP rightly forbids: bypass CSP for this check.
  const { context, page } = await openPlanner({ bypassCSP: true });
  try {
    await page.addScriptTag({ path: path.join(here, "node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document);
      return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
    });
    assert.deepEqual(violations, []);
  } finally {
    await context.close();
  }
});
