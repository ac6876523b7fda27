// End-to-end tests of the planner's views: what a person does, in the release build (dist/)
// served from a sub-path, in headless Chromium. Screenshots of the main views go to
// docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./lib/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const dist = path.join(root, "dist");
const shots = path.join(root, "docs/screenshots");
const subPath = "/portolan/";
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

let server;
let baseUrl;
let browser;

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(subPath)) return res.writeHead(404).end();
    const rel = decodeURIComponent(url.pathname.slice(subPath.length)) || "index.html";
    const file = path.resolve(dist, rel);
    if (!file.startsWith(dist + path.sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}${subPath}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS],
  });
  await mkdir(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

// A fresh browser profile (empty local storage) with the planner open at `query`.
async function open(query = "", options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(baseUrl + query);
  await page.locator(".tablist").waitFor({ timeout: 20_000 });
  return { context, page, problems };
}

const tab = (page, name) => page.getByRole("tab", { name, exact: true }).click();

async function quickEntry(page, text) {
  await page.getByLabel("Role = addresses").fill(text);
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

// Adds Screen Capture and maps its roles to subnets and servers, as a person would.
async function screenCapturePlan(page) {
  await page.locator('button[data-product="screen-capture"]').click();
  await tab(page, "Network");
  for (const line of [
    "agent-pc = 10.20.0.0/16",
    "supervisor-pc = 10.20.8.0/26",
    "RIS server = 10.1.0.10",
    "ris-agent-server = 10.1.0.10",
    "screen-recorder = 10.1.0.21",
  ]) {
    await quickEntry(page, line);
  }
}

async function setVersion(page, label, value) {
  await tab(page, "Products");
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.blur();
}

async function flowsText(page) {
  await tab(page, "Flows & warnings");
  return page.locator("section.flows").innerText();
}

async function axe(page) {
  await page.addScriptTag({ path: path.join(here, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
}

test("screen capture: RIS below and at 15.2 HFR3 changes the flows", async () => {
  const { context, page, problems } = await open();
  try {
    await screenCapturePlan(page);
    await setVersion(page, "RIS version", "15.2 HFR2");
    // The prerequisite warning shows next to the version field.
    const field = page.locator(".field", { has: page.getByLabel("RIS version", { exact: true }) });
    assert.match(await field.innerText(), /Cloud Screen Recording is not available/);
    let flows = await flowsText(page);
    assert.match(flows, /4001-4004/, "Traditional: the recorder pulls from the agent PCs");
    assert.doesNotMatch(flows, /29436/, "no cloud WebSocket below HFR3");
    await page.screenshot({ path: path.join(shots, "results.png") });

    await setVersion(page, "RIS version", "15.2 HFR3");
    flows = await flowsText(page);
    assert.match(flows, /29436/, "cloud: agent PCs open the secure WebSocket to the RIS Agent Server");
    assert.match(flows, /29434/, "cloud: agent PCs push to the Screen Recorder");
    assert.match(flows, /4001-4004/, "Traditional ports stay as fallback");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("roles map to subnets; unassigned roles are highlighted until mapped", async () => {
  const { context, page, problems } = await open();
  try {
    await page.locator('button[data-product="screen-capture"]').click();
    await tab(page, "Network");
    assert.ok((await page.locator("tr.unassigned").count()) >= 4, "every internal role starts unassigned");
    await quickEntry(page, "agent-pc = 10.20.0.0/16, 10.21.0.0/16");
    const row = page.locator("tr", { has: page.getByText("Agent PC (Screen Capture Module)", { exact: true }) }).last();
    assert.doesNotMatch(await row.getAttribute("class") ?? "", /unassigned/);
    assert.equal(await page.getByLabel("Addresses of agent-pc").inputValue(), "10.20.0.0/16, 10.21.0.0/16");
    // Assign a role with the per-role host menu.
    await quickEntry(page, "ris-server = 10.1.0.10");
    await page.getByLabel("Add a host to RIS Agent Server").selectOption({ label: "ris-server" });
    const agentServer = page.locator("tr", { has: page.getByText("RIS Agent Server", { exact: true }) }).last();
    assert.match(await agentServer.innerText(), /ris-server/);
    assert.doesNotMatch(await agentServer.getAttribute("class") ?? "", /unassigned/);
    // A quick entry that names no role says what to write.
    await quickEntry(page, "agnet-pc = 10.0.0.1");
    assert.match(await page.locator("#quick-error").innerText(), /did you mean `agent-pc`/);
    await page.screenshot({ path: path.join(shots, "network.png") });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("an invalid CIDR is reported next to the field and the rest keeps working", async () => {
  const { context, page, problems } = await open();
  try {
    await screenCapturePlan(page);
    const addresses = page.getByLabel("Addresses of screen-recorder");
    await addresses.fill("10.0.0.0/33");
    const field = page.locator(".field", { has: addresses });
    await field.locator(".field-messages").waitFor();
    const message = await field.locator(".field-messages").innerText();
    assert.match(message, /10\.0\.0\.0\/33/);
    assert.match(message, /error/i);
    assert.equal(await addresses.getAttribute("aria-invalid"), "true");
    assert.match(await page.locator(".status").innerText(), /1 error\b/);
    const id = await addresses.getAttribute("id");
    // Other views still work, and the warning links back to the field.
    await tab(page, "Flows & warnings");
    const item = page.locator(".warning-list li", { hasText: "10.0.0.0/33" });
    await item.getByRole("button", { name: /Show field/ }).click();
    await page.waitForFunction((id) => document.activeElement?.id === id, id);
    assert.equal(await page.evaluate(() => document.activeElement.value), "10.0.0.0/33");
    // Fixing it clears the error.
    await addresses.fill("10.1.0.21");
    assert.match(await page.locator(".status").innerText(), /0 errors/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the share link restores exactly the same plan", async () => {
  const a = await open();
  let link;
  let plan;
  try {
    await screenCapturePlan(a.page);
    await setVersion(a.page, "RIS version", "15.2 HFR2");
    await a.page.getByLabel("Live monitor").uncheck();
    await tab(a.page, "Plan file & catalog");
    await a.page.getByLabel("Plan name", { exact: true }).fill("Site “Ω” — share test");
    link = await a.page.getByLabel("Share link").inputValue();
    assert.ok(link.startsWith(baseUrl) && link.includes("#plan=z"), link);
    await a.page.waitForFunction(() => localStorage.getItem("portolan.plan")?.includes("share test"));
    plan = JSON.parse(await a.page.evaluate(() => localStorage.getItem("portolan.plan")));
  } finally {
    await a.context.close();
  }
  // A different browser profile: nothing in local storage, only the link.
  const b = await browser.newContext();
  try {
    const page = await b.newPage();
    await page.goto(link);
    await page.locator(".notice", { hasText: "Opened the plan from the link" }).waitFor();
    await page.waitForFunction(() => localStorage.getItem("portolan.plan") !== null);
    const restored = JSON.parse(await page.evaluate(() => localStorage.getItem("portolan.plan")));
    assert.deepEqual(restored, plan);
    assert.equal(restored.products[0].versions.ris, "15.2 HFR2");
    assert.equal(restored.products[0].options["live-monitor"], false);
    // A reload gives the same plan again (the address bar always holds the link).
    await page.reload();
    await page.locator(".tablist").waitFor();
    assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem("portolan.plan"))), plan);
  } finally {
    await b.close();
  }
});

test("export: pick a format, preview, download with a sensible file name", async (t) => {
  const { context, page, problems } = await open();
  try {
    await screenCapturePlan(page);
    await tab(page, "Plan file & catalog");
    await page.getByLabel("Plan name", { exact: true }).fill("Site A");
    await tab(page, "Export");
    // The exporters are a second module, loaded when the view first opens.
    await page.locator('.export[aria-busy="true"]').waitFor({ state: "detached" });
    const formats = page.locator('input[name="format"]');
    if ((await formats.count()) === 0) {
      // TODO(nftables): the exporters land on other branches; until then this build has none.
      t.skip("this build registers no export format yet");
      return;
    }
    const nft = page.locator("#fmt-nftables");
    const chosen = (await nft.count()) > 0 ? nft : formats.first();
    await chosen.check();
    const id = (await chosen.getAttribute("value")) ?? "";
    const preview = await page.locator("pre.preview").innerText();
    assert.ok(preview.length > 0, "the preview shows the artifact");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /^Download / }).click(),
    ]);
    const name = download.suggestedFilename();
    assert.match(name, /^site-a\./, name);
    const content = await readFile(await download.path(), "utf8");
    assert.equal(content.trim(), preview.trim(), "the file is what the preview shows");
    assert.match(content, /29522/, "the file carries the plan's ports");
    if (id === "nftables") {
      assert.match(name, /\.nft$/);
      assert.match(content, /10\.20\.0\.0\/16/);
      assert.match(content, /tcp dport/);
    }
    await page.screenshot({ path: path.join(shots, "export.png") });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("catalog: the first screen loads the catalog without its long texts; a plan with products gets them", async () => {
  const { context, page, problems } = await open();
  try {
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    const isCatalog = (p) => /\/catalog-[0-9a-f]+\.bin$/.test(p);
    await page.locator(".product-card").first().waitFor();
    await page.waitForLoadState("networkidle");
    assert.deepEqual(requested.filter(isCatalog), [], "an empty plan does not ask for the whole catalog");
    // Finding products: category and coverage on the cards.
    await page.getByLabel("Category").selectOption("remote-assistance");
    const card = page.locator(".product-card", { has: page.locator('button[data-product="carear-assist"]') });
    assert.match(await card.locator(".coverage").innerText(), /Partial port table: not the full vendor list/);
    await page.getByLabel("Category").selectOption("");
    await screenCapturePlan(page);
    await tab(page, "Flows & warnings");
    // The purposes and vendor quotes arrive with the whole catalog.
    await page.locator("section.flows", { hasText: "opens its control connection to RIS" }).waitFor();
    assert.equal(requested.filter(isCatalog).length, 1, "the whole catalog is asked for once");
    const isApi = (p) => /\/portolan-api-[0-9a-f]+(_bg\.wasm|\.js)$/.test(p);
    assert.deepEqual(requested.filter(isApi), [], "and not the API module");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("export: the exporters' module is loaded on first use; a failed load says so and can be retried", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    // The first screen never asks for the API module.
    await page.locator(".product-card").first().waitFor();
    await page.waitForLoadState("networkidle");
    const isApi = (p) => /\/portolan-api-[0-9a-f]+(_bg\.wasm|\.js)$/.test(p);
    assert.deepEqual(requested.filter(isApi), [], "no request for the API module before the Export view");
    // The network fails: the view says so, and the rest of the planner keeps working.
    await page.route(/portolan-api-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
    await tab(page, "Export");
    const alert = page.locator(".export-error[role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be loaded/);
    await tab(page, "Flows & warnings");
    await page.locator(".flows").first().waitFor();
    // Opening the view again tries again (and fails again while the network does).
    await tab(page, "Export");
    await alert.waitFor();
    // Back online: "Try again" loads it.
    await page.unroute(/portolan-api-[0-9a-f]+_bg\.wasm$/);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.locator("pre.preview").waitFor();
    assert.ok(requested.some(isApi), "the API module was requested");
    assert.ok((await page.locator('input[name="format"]').count()) > 5, "every format is offered");
    // The failed fetch is reported by the browser; nothing else.
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource|net::ERR_FAILED|could not be loaded|Failed to fetch|WebAssembly/.test(p)),
      [],
    );
  } finally {
    await context.close();
  }
});

test("compare: what changes if RIS is upgraded to 15.2 HFR3", async () => {
  const { context, page, problems } = await open();
  try {
    await screenCapturePlan(page);
    await setVersion(page, "RIS version", "15.2 HFR2");
    await tab(page, "Compare");
    await page.getByRole("button", { name: "Duplicate the plan as B" }).click();
    const b = page.locator(".compare-b").getByLabel("RIS version", { exact: true });
    await b.fill("15.2 HFR3");
    const open = page.locator(".changes.open");
    await open.locator("td", { hasText: "29436" }).first().waitFor();
    assert.match(await open.innerText(), /Flows to open \(\d+\)/);
    assert.match(await page.locator(".changes.close").innerText(), /Flows that can be closed \(0\)/);
    await page.screenshot({ path: path.join(shots, "compare.png") });
    await page.getByRole("button", { name: "Keep B as the plan" }).click();
    await tab(page, "Products");
    assert.equal(await page.getByLabel("RIS version", { exact: true }).inputValue(), "15.2 HFR3");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("plan files open with errors at line and column; reset asks first", async () => {
  const { context, page, problems } = await open();
  try {
    await tab(page, "Plan file & catalog");
    await page.locator("#open-plan").setInputFiles({
      name: "broken.plan.toml",
      mimeType: "application/toml",
      buffer: Buffer.from('schema = 1\nname = "x"\nhostz = []\n'),
    });
    const msg = page.locator("#open-plan-msg");
    await msg.locator(".diagnostic").waitFor();
    assert.match(await msg.innerText(), /broken\.plan\.toml:3:1/);
    const example = await readFile(path.join(root, "examples/screen-capture.plan.toml"));
    await page.locator("#open-plan").setInputFiles({ name: "sc.plan.toml", mimeType: "application/toml", buffer: example });
    await page.locator(".plan-name", { hasText: "Screen recording upgrade, site A" }).waitFor();
    await page.getByRole("button", { name: "Reset plan…" }).click();
    assert.match(await page.locator(".confirm").innerText(), /Reset the plan\?/);
    await page.getByRole("button", { name: "Cancel" }).click();
    assert.match(await page.locator(".plan-name").innerText(), /site A/);
    await page.getByRole("button", { name: "Reset plan…" }).click();
    await page.getByRole("button", { name: "Yes, reset" }).click();
    await page.locator(".plan-name", { hasText: "Untitled plan" }).waitFor();
    await page.getByRole("button", { name: /Restore previous plan/ }).click();
    await page.locator(".plan-name", { hasText: "site A" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a catalog file is validated: errors with file:line:column, or added for the session", async () => {
  const { context, page, problems } = await open();
  try {
    await tab(page, "Plan file & catalog");
    await page.locator("#open-catalog").setInputFiles({
      name: "mine.toml",
      mimeType: "application/toml",
      buffer: Buffer.from('schema = 1\nid = "mine"\nname = "Mine"\nvendor = "Me"\nsummary = "x"\n[[roles]]\nid = "a"\nname = "A"\nkind = "inside"\n'),
    });
    const msg = page.locator("#catalog-msg");
    await msg.locator(".diagnostic").first().waitFor();
    assert.match(await msg.innerText(), /mine\.toml:\d+:\d+/);
    const demo = await readFile(path.join(root, "tests/fixtures/demo.toml"));
    await page.locator("#open-catalog").setInputFiles({ name: "demo.toml", mimeType: "application/toml", buffer: demo });
    await page.locator(".notice", { hasText: "Added demo.toml" }).waitFor();
    await tab(page, "Products");
    assert.equal(await page.locator('button[data-product="demo"]').count(), 1, "the new product is in the picker");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("TOML plan and catalog files are read by the API module, loaded then; a failed load can be retried", async () => {
  const { context, page, problems } = await open();
  try {
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    const isApi = (p) => /\/portolan-api-[0-9a-f]+(_bg\.wasm|\.js)$/.test(p);
    await tab(page, "Plan file & catalog");
    // JSON plan files open without the API module.
    const json = JSON.stringify({ schema: 1, name: "From JSON", products: [], hosts: [] });
    await page.locator("#open-plan").setInputFiles({ name: "j.plan.json", mimeType: "application/json", buffer: Buffer.from(json) });
    await page.locator(".plan-name", { hasText: "From JSON" }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.deepEqual(requested.filter(isApi), [], "no request for the API module for a JSON plan");
    // The network fails: a TOML plan and a catalog file say so and keep their files.
    await page.route(/portolan-api-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
    const example = await readFile(path.join(root, "examples/screen-capture.plan.toml"));
    await page.locator("#open-plan").setInputFiles({ name: "sc.plan.toml", mimeType: "application/toml", buffer: example });
    const planAlert = page.locator("#open-plan-msg .load-error[role=alert]");
    await planAlert.waitFor();
    assert.match(await planAlert.innerText(), /sc\.plan\.toml could not be opened/);
    const demo = await readFile(path.join(root, "tests/fixtures/demo.toml"));
    await page.locator("#open-catalog").setInputFiles({ name: "demo.toml", mimeType: "application/toml", buffer: demo });
    const catalogAlert = page.locator("#catalog-msg .load-error[role=alert]");
    await catalogAlert.waitFor();
    assert.match(await catalogAlert.innerText(), /demo\.toml could not be checked/);
    // The plan in use is untouched, and the page keeps working (the view's state, with the kept
    // files, lasts until the view is left).
    assert.match(await page.locator(".plan-name").innerText(), /From JSON/);
    await page.getByLabel("Plan name", { exact: true }).fill("Still editable");
    await page.locator(".plan-name", { hasText: "Still editable" }).waitFor();
    // Back online: "Try again" reads the kept files.
    await page.unroute(/portolan-api-[0-9a-f]+_bg\.wasm$/);
    await planAlert.getByRole("button", { name: "Try again" }).click();
    await page.locator(".plan-name", { hasText: "Screen recording upgrade, site A" }).waitFor();
    await catalogAlert.getByRole("button", { name: "Try again" }).click();
    await page.locator(".notice", { hasText: "Added demo.toml" }).waitFor();
    assert.ok(requested.some(isApi), "the API module was requested");
    await tab(page, "Products");
    assert.equal(await page.locator('button[data-product="demo"]').count(), 1, "the new product is in the picker");
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource|net::ERR_FAILED|could not be|Failed to fetch|WebAssembly/.test(p)),
      [],
    );
  } finally {
    await context.close();
  }
});

test("a damaged share link or a script error never breaks the page", async () => {
  const { context, page, problems } = await open("#plan=zAAAA");
  try {
    await page.locator(".notice", { hasText: "damaged" }).waitFor();
    await page.locator('button[data-product="screen-capture"]').click();
    assert.match(await page.locator(".status").innerText(), /rules?/);
    await page.evaluate(() => window.dispatchEvent(new ErrorEvent("error", { message: "boom" })));
    const banner = page.locator("#portolan-fatal");
    await banner.waitFor();
    assert.equal(await banner.getAttribute("role"), "alert");
    assert.match(await banner.innerText(), /Reload the planner/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("every view passes axe-core in light and dark, and screenshots of the main views", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, problems } = await open("?preset=mixed", { bypassCSP: true, colorScheme });
    try {
      const views = [
        ["Products", "products"],
        ["Network", "network-mixed"],
        ["Flows & warnings", "results-mixed"],
        ["Diagram", "diagram"],
        ["Compare", "compare-start"],
        ["Export", "export-mixed"],
        ["Change request", "change-request"],
        ["Plan file & catalog", "plan"],
      ];
      for (const [name, shot] of views) {
        await tab(page, name);
        await page.waitForTimeout(100);
        const violations = await axe(page);
        assert.deepEqual(violations, [], `${name} (${colorScheme})`);
        if (colorScheme === "light" && ["products", "diagram", "change-request", "plan"].includes(shot)) {
          await page.screenshot({ path: path.join(shots, `${shot}.png`) });
        }
      }
      if (colorScheme === "dark") await page.screenshot({ path: path.join(shots, "dark.png") });
      await tab(page, "Compare");
      await page.getByRole("button", { name: "Duplicate the plan as B" }).click();
      assert.deepEqual(await axe(page), [], `Compare with B (${colorScheme})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test("the diagram downloads as SVG and printing shows the change request", async () => {
  const { context, page, problems } = await open("?preset=screen-capture&view=diagram");
  try {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download SVG" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /-diagram\.svg$/);
    const svg = await readFile(await download.path(), "utf8");
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /TCP 29436, 29522/);
    assert.doesNotMatch(svg, /<script|style=/);
    // Printing (emulated) shows only the change-request document.
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#app").isVisible(), false);
    assert.match(await page.locator("#portolan-print").innerText(), /Firewall change request/i);
    await page.pdf({ path: path.join(tmpdir(), "portolan-change-request.pdf") });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("keyboard: the tabs move with arrow keys and every control is reachable", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    await page.getByRole("tab", { name: "Products" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.activeElement?.id === "tab-network");
    assert.equal(await page.getByRole("tab", { name: "Network" }).getAttribute("aria-selected"), "true");
    await page.keyboard.press("End");
    await page.waitForFunction(() => document.activeElement?.id === "tab-plan");
    // Tab into the view: focus lands on a visible control with a visible focus ring.
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    assert.match(outline, /solid 3px/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("works in a 1024 px wide window without horizontal scrolling", async () => {
  const { context, page, problems } = await open("?preset=mixed", { viewport: { width: 1024, height: 768 } });
  try {
    for (const name of ["Products", "Network", "Flows & warnings", "Compare", "Export", "Change request", "Plan file & catalog"]) {
      await tab(page, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
