// End-to-end tests of the planner's first minutes (issue #20): the warnings in three lists (to
// do apart from risks, counted in the header), the diagram fitted to its frame with zoom and pan
// (buttons and keyboard) and big zones folded, long host and flow lists in pages, and the empty
// state of every view (axe-core in light and dark). Release build (dist/) in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axe, link, plannerPages, tab } from "./lib/planner-page.mjs";

const { open } = plannerPages();

// `n` hosts over the zones, carrying the internal roles of the five seed products in turn.
const ROLES = [
  "screen-capture/agent-pc", "screen-capture/supervisor-pc", "screen-capture/ris-server", "screen-capture/screen-recorder",
  "incontact-wfo/client-pc", "incontact-wfo/premises-server", "ex-engage-connector/excs", "ex-engage-connector/exas",
];
function bigPlan(n, { broken } = {}) {
  const zones = ["agents", "datacenter", "dmz"];
  const hosts = [];
  for (let i = 0; i < n; i++) {
    hosts.push({
      name: `host-${String(i).padStart(3, "0")}`,
      addresses: [i === broken ? "10.0.0.0/33" : `10.3.${Math.floor(i / 200)}.${(i % 200) + 10}`],
      zone: zones[i % zones.length],
      roles: [ROLES[i % ROLES.length]],
    });
  }
  return { schema: 1, name: `${n} hosts`, products: ["screen-capture", "incontact-wfo", "ex-engage-connector"].map((id) => ({ id })), hosts };
}

test("a new product's roles without a host are one to-do item, apart from the risks; each links to its field", async () => {
  const { context, page, problems } = await open();
  try {
    await page.locator('button[data-product="incontact-wfo"]').click();
    const status = page.locator(".status");
    await page.waitForFunction(() => /1 to do/.test(document.querySelector(".status")?.innerText ?? ""));
    assert.match(await status.innerText(), /0 errors/);
    assert.match(await status.innerText(), /\d+ risks?/);
    assert.doesNotMatch(await status.innerText(), /warning/);
    await tab(page, "Flows & warnings");
    const todo = page.locator(".todo-list > li");
    assert.equal(await todo.count(), 1);
    assert.match(await todo.innerText(), /inContact WFO: \d+ role\(s\) run on no host yet/);
    const roles = todo.locator(".todo-roles li");
    assert.ok((await roles.count()) > 3, "the roles are listed one by one");
    // No risk is a "carried by no host" warning: those are all in the to-do item.
    assert.doesNotMatch(await page.locator("section.warnings").innerText(), /carried by no host/);
    // A role's "Show field" opens the Network view at that role.
    await roles.first().getByRole("button", { name: /Show field/ }).click();
    await page.waitForFunction(() => (document.activeElement?.id ?? "").startsWith("a-f-products_0__roles__"));
    assert.equal(await page.getByRole("tab", { name: "Network", exact: true }).getAttribute("aria-selected"), "true");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the diagram fits its frame; + - 0 and the arrows zoom and move it", async () => {
  const { context, page, problems } = await open("?preset=mixed&view=diagram");
  try {
    const frame = page.locator(".diagram-scroll");
    const svg = frame.locator("svg.dg");
    await svg.waitFor();
    const fits = () =>
      page.evaluate(() => {
        const f = document.querySelector(".diagram-scroll");
        const s = f.querySelector("svg").getBoundingClientRect();
        const r = f.getBoundingClientRect();
        return s.width <= r.width + 1 && s.height <= r.height + 1 && f.scrollWidth <= f.clientWidth + 1;
      });
    assert.ok(await fits(), "the whole diagram is in the frame");
    const width = () => svg.evaluate((s) => s.getBoundingClientRect().width);
    const fitted = await width();
    await frame.focus();
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    await page.waitForFunction((w) => document.querySelector(".diagram-scroll svg").getBoundingClientRect().width > w * 1.5, fitted);
    assert.match(await page.locator(".diagram .zoom").innerText(), /\d+ %/);
    assert.ok(await frame.evaluate((f) => f.scrollWidth > f.clientWidth), "zoomed in, the picture is wider than the frame");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => document.querySelector(".diagram-scroll").scrollLeft > 0);
    await page.keyboard.press("-");
    await page.keyboard.press("0");
    await page.waitForFunction(() => /fit/.test(document.querySelector(".diagram .zoom").innerText));
    assert.ok(await fits(), "0 fits the frame again");
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.waitForFunction((w) => document.querySelector(".diagram-scroll svg").getBoundingClientRect().width > w, fitted);
    await page.getByRole("button", { name: "Fit the frame" }).click();
    await page.waitForFunction(() => /fit/.test(document.querySelector(".diagram .zoom").innerText));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the diagram is drawn by the module loaded on first use: a loading line, an error with Try again", async () => {
  const { context, page, problems } = await open("?preset=screen-capture");
  try {
    await page.route(/portolan-api-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
    await tab(page, "Diagram");
    const alert = page.locator(".diagram [role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be drawn/);
    await page.unroute(/portolan-api-[0-9a-f]+_bg\.wasm$/);
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.locator(".diagram svg.dg").waitFor();
    assert.match(await page.locator(".diagram svg.dg").innerHTML(), /TCP 29436, 29522/);
    assert.deepEqual(
      problems.filter((p) => !/Failed to load resource|net::ERR_FAILED|Failed to fetch|WebAssembly/.test(p)),
      [],
    );
  } finally {
    await context.close();
  }
});

test("a plan with 50 hosts folds its big zones into one box each, and each unfolds", async () => {
  const { context, page, problems } = await open("?view=diagram" + link(bigPlan(50)), { bypassCSP: true });
  try {
    const folds = page.locator(".zone-folds button");
    await folds.first().waitFor();
    assert.ok((await page.locator('.zone-folds button[aria-pressed="true"]').count()) > 0, "big zones start folded");
    const boxes = () => page.locator("svg.dg g.dg-node").count();
    const folded = await boxes();
    assert.ok(folded <= 30, `${folded} boxes`);
    assert.ok((await page.locator("svg.dg g.dg-group").count()) > 0);
    const first = page.locator('.zone-folds button[aria-pressed="true"]').first();
    const label = (await first.innerText()).replace(/^▸ /, "");
    await first.click();
    await page.locator(".zone-folds button", { hasText: label }).and(page.locator('[aria-pressed="false"]')).waitFor();
    assert.ok((await boxes()) > folded, "unfolded: one box per host of that zone");
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("long host lists are paged, and Show field turns to the host's page", async () => {
  const { context, page, problems } = await open("?view=network" + link(bigPlan(130, { broken: 117 })));
  try {
    const rows = page.locator("table.hosts tbody tr");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 50);
    const pager = page.getByRole("navigation", { name: "Pages of hosts" });
    assert.match(await pager.innerText(), /Page 1 of 3 \(1–50 of 130 hosts\)/);
    await pager.getByRole("button", { name: /Next/ }).click();
    await page.locator("table.hosts tbody tr").first().locator("input").first().waitFor();
    assert.match(await pager.innerText(), /Page 2 of 3/);
    assert.equal(await page.locator("#a-f-hosts_50__name").count(), 1);
    // The error of host 117 links to its field, on page 3.
    await tab(page, "Flows & warnings");
    const item = page.locator(".warning-list li", { hasText: "10.0.0.0/33" });
    await item.getByRole("button", { name: /Show field/ }).click();
    await page.waitForFunction(() => document.activeElement?.id === "a-f-hosts_117__addresses");
    assert.match(await page.getByRole("navigation", { name: "Pages of hosts" }).innerText(), /Page 3 of 3/);
    // Flows are paged too, whole groups at a time.
    await tab(page, "Flows & warnings");
    const flowPager = page.getByRole("navigation", { name: "Pages of flows" });
    await flowPager.waitFor();
    assert.match(await flowPager.innerText(), /Page 1 of \d+/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("every view of an empty plan says what it is for and what to do first; axe-core passes in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, problems } = await open("", { bypassCSP: true, colorScheme });
    try {
      const views = [
        ["Products", ".first-step", /what are you deploying/i],
        ["Network", ".empty", /No hosts yet.*roles/s],
        ["Flows & warnings", ".empty", /A flow is one connection your firewall has to allow/],
        ["Diagram", ".empty", /Nothing to draw yet.*pick a product/s],
        ["Compare", ".empty", /Nothing to compare yet/],
        ["Export", ".empty", /Nothing to export yet/],
        ["Change request", ".empty", /document a firewall team reviews/],
      ];
      for (const [name, selector, text] of views) {
        await tab(page, name);
        await page.locator(selector, { hasText: text }).first().waitFor();
        assert.deepEqual(await axe(page), [], `${name}, empty plan (${colorScheme})`);
      }
      await tab(page, "Plan file & catalog");
      await page.getByLabel("Share link").waitFor();
      assert.deepEqual(await axe(page), [], `Plan file & catalog, empty plan (${colorScheme})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
