// Embedding in a documentation portal, three ways, each through its example host page under
// examples/embed/, in headless Chromium. The portal and the planner are on different origins,
// as on a real portal: the portal's server sends ../../dist/ to the planner's site (like a link
// to https://<owner>.github.io/portolan/), which answers with CORS as GitHub Pages does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildVersion, dist, examples, launchChromium, record, startServer } from "./lib/harness.mjs";

let browser;
let site; // the planner's site (origin B)
let portal; // the documentation portal (origin A)

before(async () => {
  site = await startServer({ mounts: { "/dist/": dist }, cors: true });
  portal = await startServer({
    mounts: { "/examples/embed/": examples },
    redirects: { "/dist/": `${site.origin}/dist/` },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await portal?.close();
});

async function openExample(name, viewport = { width: 1000, height: 700 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const log = await record(context);
  const page = await context.newPage();
  await page.goto(`${portal.origin}/examples/embed/${name}`);
  return { context, page, log };
}

function assertClean(log) {
  const outside = log.requests.filter((u) => !u.startsWith(`${portal.origin}/`) && !u.startsWith(`${site.origin}/`));
  assert.deepEqual(outside, [], "requests to other origins");
  assert.deepEqual(log.errors, [], `errors (requests: ${log.requests.join(", ")})`);
  assert.deepEqual(log.violations, []);
}

const rgb = (hex) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

// --- 1. iframe ------------------------------------------------------------------------------

test("iframe: compact, cross-origin, preset by URL parameters, themed", async () => {
  const { context, page, log } = await openExample("iframe.html");
  try {
    const frame = page.frameLocator("#portolan");
    await frame.locator(".preset-plan").waitFor({ timeout: 20_000 });
    const f = page.frames().find((x) => x.url().startsWith(site.origin));
    assert.ok(f, "the planner runs in a frame of the planner's own origin");

    assert.equal(await frame.locator(".site-header").count(), 0, "no site header in compact mode");
    assert.ok(await f.evaluate(() => document.documentElement.classList.contains("embed")));
    const product = await frame.locator(".preset-product").innerText();
    assert.match(product, /RIS and Screen Recorder: 15\.2 HFR3/);
    assert.match(product, /WebSocket security: secure/);
    const table = await frame.locator(".port-table").innerText();
    assert.match(table, /29436/, "the secure port of the preset option");
    assert.doesNotMatch(table, /29435/, "not the non-secure one");

    // The host's width.
    const frameWidth = await page.locator("#portolan").evaluate((el) => el.clientWidth);
    const inner = await f.evaluate(() => ({
      doc: document.documentElement.clientWidth,
      table: document.querySelector(".port-table").getBoundingClientRect().width,
    }));
    assert.equal(inner.doc, frameWidth);
    assert.ok(inner.table > 0.9 * frameWidth, `the table fills the frame (${inner.table} of ${frameWidth})`);

    // theme.accent=#006400 and scheme=light from the URL.
    assert.equal(await frame.locator(".preset-product h3").evaluate((el) => getComputedStyle(el).color), rgb("#006400"));

    // The frame is as tall as its content (reported by postMessage), and grows with it.
    const fits = async () => {
      const frameHeight = await page.locator("#portolan").evaluate((el) => el.clientHeight);
      const content = await f.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      return { frameHeight, content };
    };
    await page.waitForFunction(() => document.getElementById("portolan").clientHeight > 300, null, { timeout: 10_000 });
    let h = await fits();
    assert.ok(Math.abs(h.frameHeight - h.content) <= 1, `frame ${h.frameHeight}px for content ${h.content}px`);
    await frame.locator(".warnings summary").click();
    await page.waitForFunction((before) => document.getElementById("portolan").clientHeight > before, h.frameHeight, {
      timeout: 10_000,
    });
    h = await fits();
    assert.ok(Math.abs(h.frameHeight - h.content) <= 1, `after growing: frame ${h.frameHeight}px for content ${h.content}px`);
    assert.equal(await f.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1), true, "no scrollbar in the frame");

    assertClean(log);
  } finally {
    await context.close();
  }
});

test("iframe: options in the URL change the rules; bad parameters are explained", async () => {
  const context = await browser.newContext();
  const log = await record(context);
  try {
    const page = await context.newPage();
    await page.goto(
      `${site.origin}/dist/?embed=1&product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=non-secure&prodcut=x&theme.bg=url(https://example.com/x.png)`,
    );
    await page.locator(".preset-plan").waitFor({ timeout: 20_000 });
    const table = await page.locator(".port-table").innerText();
    assert.match(table, /29435/);
    assert.doesNotMatch(table, /29436/);
    const notes = await page.locator(".embed-notes").innerText();
    assert.match(notes, /`prodcut`.*did you mean `product`/s);
    assert.match(notes, /theme value .*url\(/);
    // The rejected theme value was not applied, so nothing was requested from example.com.
    assert.deepEqual(log.requests.filter((u) => !u.startsWith(site.origin)), []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

// --- 2. JavaScript module API ---------------------------------------------------------------

test("JS API: a docs page renders a port table with evaluate() and offers every export", async () => {
  const { context, page, log } = await openExample("api.html");
  try {
    await page.locator("#port-table tbody tr").first().waitFor({ timeout: 20_000 });
    const v = await buildVersion();
    assert.match(await page.locator("#port-caption").innerText(), new RegExp(`Portolan ${v.app}, catalog ${v.catalog}`));
    const rows = await page.locator("#port-table tbody tr").allInnerTexts();
    const ports = rows.join("\n");
    assert.match(ports, /29522/);
    assert.match(ports, /29436/);
    assert.match(ports, /Agent PCs/);
    // The same module, imported by the test through the portal's URL, gives the same rules.
    const expected = await page.evaluate(async () => {
      const api = await import(new URL("../../dist/api.js", location.href).href);
      return { rules: api.evaluate({ schema: 1, name: "", products: [{ id: "screen-capture", versions: { ris: "15.2 HFR3", "screen-capture-module": "15.2.3" }, options: { websocket: "secure" } }], hosts: [{ name: "Agent PCs", addresses: ["10.20.0.0/23"], roles: ["screen-capture/agent-pc"] }, { name: "Supervisor PCs", addresses: ["10.20.8.0/26"], roles: ["screen-capture/supervisor-pc"] }, { name: "RIS", addresses: ["10.1.0.10"], roles: ["screen-capture/ris-server", "screen-capture/ris-agent-server"] }, { name: "Screen Recorders", addresses: ["10.1.0.21", "10.1.0.22"], roles: ["screen-capture/screen-recorder"] }] }).rules.length, formats: api.formats().length };
    });
    assert.equal(rows.length, expected.rules);

    // One download per export format, and each gives the export's file.
    const links = page.locator("#downloads a");
    assert.equal(await links.count(), expected.formats);
    for (let i = 0; i < expected.formats; i += 1) {
      const link = links.nth(i);
      const downloading = page.waitForEvent("download");
      await link.click();
      const d = await downloading;
      assert.equal(d.suggestedFilename(), await link.getAttribute("download"));
      const text = await readFile(await d.path(), "utf8");
      assert.ok(text.includes(v.catalog), `${await link.getAttribute("data-format")}: header names the catalog`);
    }
    assertClean(log);
  } finally {
    await context.close();
  }
});

test("JS API: mount() puts the planner into an element with presets, leaving the page alone", async () => {
  const { context, page, log } = await openExample("api.html");
  try {
    const planner = page.locator("#planner");
    await planner.locator(".preset-plan").waitFor({ timeout: 20_000 });
    assert.ok(await planner.evaluate((el) => el.classList.contains("portolan")));
    assert.equal(await planner.locator(".site-header").count(), 0, "compact by default");
    const product = await planner.locator(".preset-product").innerText();
    assert.match(product, /RIS and Screen Recorder: 15\.2\b/);
    assert.match(product, /WebSocket security: non-secure/);
    assert.match(await planner.locator(".port-table").innerText(), /29522/);
    // Importing and initialising the module did not take over the page.
    const pageState = await page.evaluate(() => ({
      bodyIsPlanner: document.body.classList.contains("portolan"),
      apps: document.querySelectorAll(".app").length,
      h1: document.querySelector("h1").textContent,
      mainMaxWidth: getComputedStyle(document.querySelector("main")).maxWidth,
      bodyFont: getComputedStyle(document.body).fontFamily,
      hash: location.hash,
      storage: localStorage.length,
    }));
    assert.deepEqual(pageState, {
      bodyIsPlanner: false,
      apps: 1,
      h1: "Screen Capture Module",
      mainMaxWidth: "960px",
      bodyFont: 'Georgia, "Times New Roman", serif',
      hash: "",
      storage: 0,
    });
    assertClean(log);
  } finally {
    await context.close();
  }
});

test("JS API: api.js and api.d.ts are stable names for the build's hashed module and types", async () => {
  const v = await buildVersion();
  const js = await readFile(path.join(dist, "api.js"), "utf8");
  const dts = await readFile(path.join(dist, "api.d.ts"), "utf8");
  assert.ok(js.includes(`export * from "./${v.files.js}"`));
  assert.ok(js.includes(`"./${v.files.wasm}"`));
  assert.ok(dts.includes(`export * from "./${v.files.js}"`));
  const types = await readFile(path.join(dist, v.files.types), "utf8");
  for (const decl of [
    "export function evaluate(plan: Plan): Report;",
    "export function mount(element: Element, options: MountOptions): Mounted;",
    "export interface MountOptions",
    "export type ThemeVariable",
    "export function version(): { app: string; catalog: string };",
  ]) {
    assert.ok(types.includes(decl), `${v.files.types} declares \`${decl}\``);
  }
});

// --- 3. theming -----------------------------------------------------------------------------

test("theming: the portal's --portolan-* variables restyle the mounted planner", async () => {
  const styleOf = async (name) => {
    const { context, page, log } = await openExample(name);
    try {
      const planner = page.locator("#planner");
      await planner.locator(".preset-product h3").first().waitFor({ timeout: 20_000 });
      const style = await page.evaluate(() => {
        const root = document.getElementById("planner");
        const h3 = root.querySelector(".preset-product h3");
        const card = root.querySelector(".preset-product");
        const cs = (el) => getComputedStyle(el);
        return {
          accent: cs(h3).color,
          bg: cs(root).backgroundColor,
          fg: cs(root).color,
          surface: cs(card).backgroundColor,
          border: cs(card).borderTopColor,
          font: cs(root).fontFamily,
          fontSize: cs(root).fontSize,
          radius: cs(card).borderTopLeftRadius,
        };
      });
      assertClean(log);
      return style;
    } finally {
      await context.close();
    }
  };
  const themed = await styleOf("theme.html");
  assert.deepEqual(themed, {
    accent: rgb("#7a1f5c"),
    bg: rgb("#fdf6ec"),
    fg: rgb("#2b1d14"),
    surface: rgb("#fffaf2"),
    border: rgb("#e3cdb5"),
    font: '"Trebuchet MS", Verdana, sans-serif',
    fontSize: "15px",
    radius: "2px",
  });
  // The same planner without the portal's variables has its own look.
  const plain = await styleOf("api.html");
  for (const key of Object.keys(themed)) {
    assert.notEqual(plain[key], themed[key], `${key} is the planner's default without a theme`);
  }
});
