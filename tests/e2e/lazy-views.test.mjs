// End-to-end tests of the views module (crates/views: Import, Export, Diagram, Compare, the
// flows and requirements of Flows & warnings, the files of Plan file & catalog), the planner's
// second Yew module: the first screen does not load it, the first of its views does, once; a
// failed load says so in the view, the rest of the planner keeps working, and "Try again" loads
// it. Release build (dist/) in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { plannerPages, tab } from "./lib/planner-page.mjs";

const { open } = plannerPages();
const isViews = (p) => /\/portolan-views-[0-9a-f]+(_bg\.wasm|\.js)$/.test(p);
const VIEWS_WASM = /portolan-views-[0-9a-f]+_bg\.wasm$/;

test("views module: loaded when Export first opens, once, not for the first screen", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.locator(".product-card").first().waitFor();
    await page.waitForLoadState("networkidle");
    await tab(page, "Network");
    await page.locator(".roles-table, table.hosts").first().waitFor();
    assert.deepEqual(requested.filter(isViews), [], "no request for the views module before one of its views");
    await tab(page, "Flows & warnings");
    await page.locator("section.warnings").waitFor();
    await page.locator("section.flows").waitFor();
    await tab(page, "Export");
    await page.locator("pre.preview").waitFor();
    await tab(page, "Diagram");
    await page.locator(".diagram svg.dg").waitFor();
    await tab(page, "Export");
    await page.locator("pre.preview").waitFor();
    assert.equal(requested.filter(isViews).length, 2, `its script and its wasm, once: ${requested.filter(isViews)}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("views module: printing before it loaded says to print again, and loads it for the next print", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.locator(".product-card").first().waitFor();
    assert.deepEqual(requested.filter(isViews), []);
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    assert.match(await page.locator("#portolan-print").innerText(), /still being prepared.*print again/s);
    // the module loads, and the next print is the change request
    await page.waitForFunction(() => typeof globalThis[Symbol.for("portolan.changeRequest")] === "function");
    assert.equal(requested.filter(isViews).length, 2, `its script and its wasm: ${requested.filter(isViews)}`);
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const printed = await page.locator("#portolan-print").innerText();
    assert.match(printed, /Firewall change request/);
    assert.doesNotMatch(printed, /still being prepared/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("views module: a failed load says so, the planner keeps working, Try again loads it", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    await page.route(VIEWS_WASM, (route) => route.abort());
    await tab(page, "Import");
    const alert = page.locator(".lazy-failed[role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), /This view could not be loaded: .*The rest of the planner keeps working/s);
    // The warnings of Flows & warnings are the planner's; its flows say they could not load.
    await tab(page, "Flows & warnings");
    await page.locator("section.warnings").waitFor();
    await alert.waitFor();
    // Opening the view again tries again (and fails again while the network does).
    await tab(page, "Import");
    await alert.waitFor();
    // Back online: "Try again" loads it.
    await page.unroute(VIEWS_WASM);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.locator(".import-view").waitFor();
    assert.equal(await alert.count(), 0, "the error is gone");
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource|net::ERR_FAILED|Failed to fetch|WebAssembly/.test(p)),
      [],
    );
  } finally {
    await context.close();
  }
});

test("views module: a view follows the planner's plan", async () => {
  const { context, page, problems } = await open("?preset=screen-capture&view=import");
  try {
    await page.locator(".import-view").waitFor();
    // The view's own copy of the plan follows the planner's: a product added under Products
    // is in the Export view's files.
    await tab(page, "Products");
    await page.locator('button[data-product="incontact-wfo"]').click();
    await tab(page, "Export");
    await page.locator("pre.preview").waitFor();
    await page.locator("#fmt-csv").check();
    await page.locator("pre.preview", { hasText: "incontact-wfo" }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
