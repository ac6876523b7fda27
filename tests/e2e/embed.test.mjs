// Embedding in a documentation portal, three ways, each through its example host page under
// examples/embed/, in headless Chromium. The portal and the planner are on different origins,
// as on a real portal: the portal's server sends ../../dist/ to the planner's site (like a link
// to https://<owner>.github.io/portolan/), which answers with CORS as GitHub Pages does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  buildVersion,
  dist,
  examples,
  flowsText,
  launchChromium,
  plannerReady,
  record,
  startServer,
} from "./lib/harness.mjs";

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
  // (A blob: URL is the page's own memory, named after its origin.)
  const outside = log.requests
    .map((u) => u.replace(/^blob:/, ""))
    .filter((u) => !u.startsWith(`${portal.origin}/`) && !u.startsWith(`${site.origin}/`));
  assert.deepEqual(outside, [], "requests to other origins");
  assert.deepEqual(log.errors, [], `errors (requests: ${log.requests.join(", ")})`);
  assert.deepEqual(log.violations, []);
}

const rgb = (hex) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

// --- 1. iframe ------------------------------------------------------------------------------

test("iframe: compact, cross-origin, preset by URL parameters, themed, as tall as its content", async () => {
  const { context, page, log } = await openExample("iframe.html");
  try {
    const frame = page.frameLocator("#portolan");
    const flows = await flowsText(frame);
    const f = page.frames().find((x) => x.url().startsWith(site.origin));
    assert.ok(f, "the planner runs in a frame of the planner's own origin");

    assert.equal(await frame.locator(".site-header").count(), 0, "no site header in compact mode");
    assert.ok(await f.evaluate(() => document.documentElement.classList.contains("embed")));
    assert.match(flows, /29436/, "the secure port of the preset option");
    assert.doesNotMatch(flows, /29435/, "not the non-secure one");
    const v = await buildVersion();
    assert.match(await frame.locator(".site-footer").innerText(), new RegExp(`Portolan ${v.app} · catalog ${v.catalog}`));

    // The host's width.
    const frameWidth = await page.locator("#portolan").evaluate((el) => el.clientWidth);
    const inner = await f.evaluate(() => ({
      doc: document.documentElement.clientWidth,
      table: document.querySelector(".flow-table").getBoundingClientRect().width,
    }));
    assert.equal(inner.doc, frameWidth);
    assert.ok(inner.table > 0.9 * frameWidth, `the flows fill the frame (${inner.table} of ${frameWidth})`);

    // theme.accent=#006400 from the URL: the selected tab is in the portal's accent.
    const selected = frame.locator('[role="tab"][aria-selected="true"]');
    assert.equal(await selected.evaluate((el) => getComputedStyle(el).color), rgb("#006400"));

    // The frame is as tall as its content (reported by postMessage), growing and shrinking with it.
    const frameHeight = () => page.locator("#portolan").evaluate((el) => el.clientHeight);
    const fits = async (what) => {
      const content = await f.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      await page.waitForFunction((h) => Math.abs(document.getElementById("portolan").clientHeight - h) <= 1, content, {
        timeout: 10_000,
      });
      const scroll = await f.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      assert.ok(scroll <= 1, `${what}: no scrollbar in the frame (${scroll}px)`);
      return content;
    };
    const results = await fits("flows");
    assert.ok(results > 300, `the frame grew from its default 150px (${results}px)`);
    for (const [view, what] of [
      ["Plan file & catalog", "another view"],
      ["Flows & warnings", "back to the flows"],
    ]) {
      const before = await frameHeight();
      await frame.getByRole("tab", { name: view, exact: true }).click();
      await page.waitForFunction((h) => document.getElementById("portolan").clientHeight !== h, before, { timeout: 10_000 });
      await fits(what);
    }

    assertClean(log);
  } finally {
    await context.close();
  }
});

test("iframe: options in the URL change the flows; bad parameters are explained", async () => {
  const context = await browser.newContext();
  const log = await record(context);
  try {
    const page = await context.newPage();
    await page.goto(
      `${site.origin}/dist/?embed=1&view=results&product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=non-secure&prodcut=x&theme.bg=url(https://example.com/x.png)`,
    );
    const flows = await flowsText(page);
    assert.match(flows, /29435/);
    assert.doesNotMatch(flows, /29436/);
    const notes = await page.locator(".embed-notes").innerText();
    assert.match(notes, /`prodcut`.*did you mean `product`/s);
    assert.match(notes, /theme value .*url\(/);
    // Embedded, the planner saves nothing: the user's plan in the full planner stays theirs.
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(new URL(page.url()).hash, "", "the frame's address is left alone");
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

    // One download link per export format, each holding that export (the header names the
    // catalog revision); one of them is downloaded for real.
    const links = page.locator("#downloads a");
    assert.equal(await links.count(), expected.formats);
    const offered = await page.evaluate(async () =>
      Promise.all(
        [...document.querySelectorAll("#downloads a")].map(async (a) => ({
          format: a.dataset.format,
          name: a.download,
          content: await (await fetch(a.href)).text(),
        })),
      ),
    );
    for (const { format, name, content } of offered) {
      assert.ok(name.length > 0, `${format}: a file name`);
      // (a feed has no header: every line is an entry a firewall reads)
      if (!format.startsWith("feed-")) {
        assert.ok(content.includes(v.catalog), `${format}: the header names the catalog revision`);
      }
    }
    const csv = page.locator('#downloads a[data-format="csv"]');
    const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
    assert.equal(download.suggestedFilename(), await csv.getAttribute("download"));
    // (fetch().text() drops the CSV's byte-order mark; the file keeps it.)
    const saved = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
    assert.equal(saved, offered.find((o) => o.format === "csv").content);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test("JS API: mount() puts the planner into an element with presets, leaving the page alone", async () => {
  const { context, page, log } = await openExample("api.html");
  try {
    const planner = page.locator("#planner");
    const flows = await flowsText(planner);
    assert.ok(await planner.evaluate((el) => el.classList.contains("portolan")));
    assert.equal(await planner.locator(".site-header").count(), 0, "compact by default");
    // RIS 15.2 is below the Cloud Screen Recording threshold: Traditional ports only.
    assert.match(flows, /4001-4004/);
    assert.match(flows, /29522/);
    assert.doesNotMatch(flows, /2943[3-6]/, "no cloud WebSocket below 15.2 HFR3");
    await planner.getByRole("tab", { name: "Products", exact: true }).click();
    assert.equal(await planner.getByLabel("RIS version", { exact: true }).inputValue(), "15.2");
    // The views module (Export) loads through api.js into the mounted planner.
    await planner.getByRole("tab", { name: "Export", exact: true }).click();
    await planner.locator("pre.preview").waitFor();
    await planner.getByRole("tab", { name: "Products", exact: true }).click();
    // Importing and initialising the module did not take over the page, and the planner's
    // stylesheet (portolan.css) does not restyle it.
    const pageState = await page.evaluate(() => ({
      bodyIsPlanner: document.body.classList.contains("portolan"),
      apps: document.querySelectorAll(".app").length,
      outside: document.querySelectorAll("body > .app, body > #app").length,
      h1: document.querySelector("h1").textContent,
      mainMaxWidth: getComputedStyle(document.querySelector("main")).maxWidth,
      bodyFont: getComputedStyle(document.body).fontFamily,
      bodyMargin: getComputedStyle(document.body).margin,
      hostCell: getComputedStyle(document.querySelector("#port-table td")).verticalAlign,
      hash: location.hash,
      storage: localStorage.length,
    }));
    assert.deepEqual(pageState, {
      bodyIsPlanner: false,
      apps: 1,
      outside: 0,
      h1: "Screen Capture Module",
      mainMaxWidth: "960px",
      bodyFont: 'Georgia, "Times New Roman", serif',
      bodyMargin: "0px",
      hostCell: "middle",
      hash: "",
      storage: 0,
    });
    assertClean(log);
  } finally {
    await context.close();
  }
});

test("JS API: api.js and api.d.ts are stable names for the build's hashed modules and types", async () => {
  const v = await buildVersion();
  const js = await readFile(path.join(dist, "api.js"), "utf8");
  const dts = await readFile(path.join(dist, "api.d.ts"), "utf8");
  // Two modules: the API's (engine and exporters) and the planner's (mount).
  assert.ok(js.includes(`export * from "./${v.files.api_js}"`));
  assert.ok(js.includes(`export { mount, Mounted } from "./${v.files.js}"`));
  assert.ok(js.includes(`"./${v.files.wasm}"`));
  assert.ok(js.includes(`"./${v.files.api_wasm}"`));
  assert.ok(dts.includes(`export * from "./${v.files.api_js}"`));
  assert.ok(dts.includes(`export { mount, Mounted } from "./${v.files.js}"`));
  const types = await readFile(path.join(dist, v.files.types), "utf8");
  const apiTypes = await readFile(path.join(dist, v.files.api_types), "utf8");
  for (const [file, text, decl] of [
    [v.files.api_types, apiTypes, "export function evaluate(plan: Plan): Report;"],
    [v.files.api_types, apiTypes, "export function version(): AppVersion;"],
    [v.files.api_types, apiTypes, "export interface AppVersion {"],
    [v.files.api_types, apiTypes, "export function parsePlan(text: string, fileName?: string | null): Plan;"],
    [v.files.api_types, apiTypes, "export function compileCatalog(files: CatalogFile[]): CompiledCatalog;"],
    [v.files.api_types, apiTypes, "compiled: Uint8Array | null;"],
    [v.files.api_types, apiTypes, "export interface CatalogFile {"],
    [v.files.types, types, "export function mount(element: Element, options: MountOptions): Mounted;"],
    [v.files.types, types, "export interface MountOptions"],
    [v.files.types, types, "export type ThemeVariable"],
  ]) {
    assert.ok(text.includes(decl), `${file} declares \`${decl}\``);
  }
  // The planner's module has no exporters, the API module no planner.
  assert.doesNotMatch(types, /export function exportPlan/);
  assert.doesNotMatch(apiTypes, /export function mount/);
});

// --- 3. theming -----------------------------------------------------------------------------

test("theming: the portal's --portolan-* variables restyle the mounted planner", async () => {
  const styleOf = async (name) => {
    const { context, page, log } = await openExample(name);
    try {
      const planner = page.locator("#planner");
      await plannerReady(planner);
      await planner.getByRole("tab", { name: "Products", exact: true }).click();
      await planner.locator(".product-card").first().waitFor();
      const style = await page.evaluate(() => {
        const root = document.getElementById("planner");
        const cs = (sel) => getComputedStyle(sel ? root.querySelector(sel) : root);
        return {
          accent: cs('[role="tab"][aria-selected="true"]').color,
          bg: cs().backgroundColor,
          fg: cs().color,
          surface: cs(".button:not(.primary)").backgroundColor,
          border: cs(".product-card").borderTopColor,
          font: cs().fontFamily,
          fontSize: cs().fontSize,
          radius: cs(".product-card").borderTopLeftRadius,
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
    fontSize: "16px",
    radius: "2px",
  });
  // The same planner without the portal's variables has its own look.
  const plain = await styleOf("api.html");
  for (const key of Object.keys(themed)) {
    assert.notEqual(plain[key], themed[key], `${key} is the planner's default without a theme`);
  }
});
