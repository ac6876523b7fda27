// End-to-end test of a new user's first minutes (issue #20): from an empty plan, add inContact
// WFO, let the product's guide lead through its choices (hybrid), skip the versions, map its
// roles to hosts and export, checking at each step that the warnings shown are only those that
// apply (no roles of the premises or WFM v2-only tables once hybrid is chosen; the to-do list
// shrinks as roles are mapped). Then every view of the finished plan under axe-core, in light
// and dark. Release build (dist/) in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { axe, link, plannerPages, tab } from "./lib/planner-page.mjs";

const { open } = plannerPages();
const status = (page) => page.locator(".status").innerText();

async function quickEntry(page, text) {
  await page.getByLabel("Role = addresses").fill(text);
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

// The roles of each deployment's table that the user maps to hosts (catalog/incontact-wfo.toml).
const HYBRID = ["Client PC", "PREMISES server (hybrid)", "inContact WFO Web Portal"];
const PREMISES_ONLY = ["Administrator PC", "Every WFO server", "CTI Core", "SQL Server", "Archiver", "Customer PBX / SIP peer"];
const WFM_V2_ONLY = ["WFM v2 Workstation / Portal sites"];

// The roles listed in the to-do list of the Flows & warnings view (none: no item at all).
async function todoRoles(page) {
  await tab(page, "Flows & warnings");
  await page.locator("section.warnings, .results .empty").first().waitFor();
  const items = page.locator(".todo-list > li");
  const roles = [];
  for (let i = 0; i < (await items.count()); i++) {
    const list = items.nth(i).locator(".todo-roles li > span");
    for (let j = 0; j < (await list.count()); j++) roles.push(await list.nth(j).innerText());
  }
  return roles;
}

// The text of every warning the Flows & warnings view shows.
const warningsText = async (page) => {
  await tab(page, "Flows & warnings");
  const s = page.locator("section.warnings");
  return (await s.count()) > 0 ? s.innerText() : "";
};

const guide = (page) => page.locator(".product-config .guide");
const currentStep = (page) => guide(page).locator("li[aria-current=step] .step-title").innerText();
const stepCount = (page, n) => guide(page).locator(".guide-steps li").nth(n).locator(".step-count").innerText();

test("a new user adds inContact WFO, chooses hybrid, maps its roles and exports: only the warnings that apply", async () => {
  const { context, page, problems } = await open();
  try {
    // An empty plan: nothing to do, nothing at risk.
    assert.match(await status(page), /0 errors[\s\S]*0 to do[\s\S]*0 risks/);

    // Adding the product opens its guide at the first step: the choices.
    await page.locator('button[data-product="incontact-wfo"]').click();
    await guide(page).waitFor();
    assert.equal(await currentStep(page), "1. Choices");
    assert.equal(await stepCount(page, 0), "0 of 6 made");
    assert.match(await guide(page).locator(".guide-now").innerText(), /decide which of the vendor's tables apply/);
    await page.waitForFunction(() => /1 to do/.test(document.querySelector(".status")?.innerText ?? ""));
    // The choices come first in the form, open; longer lists are folded, each option once.
    const form = page.locator(".product-config");
    assert.equal(await form.locator("fieldset.choices").count(), 1);
    assert.match(await form.locator("fieldset.choices").innerText(), /Deployment type[\s\S]*Modules[\s\S]*inContact Screen Recording/);
    const groups = await form.locator("details.group > summary").allInnerTexts();
    assert.ok(groups.includes("Integrations and compatibility (7)"), groups.join("; "));
    assert.ok(groups.includes("Ports (31)"), groups.join("; "));
    assert.equal(await form.locator("details.group[open]").count(), 0, "the long lists start folded");
    const recording = await form.locator(".param", { has: page.getByLabel("inContact Screen Recording") }).innerText();
    assert.equal(recording.split("No agent screen recording").length - 1, 1, "the off cost is shown once");
    // Help on demand, the citation one click away.
    const help = form.locator(".param", { has: page.getByLabel("Deployment type") }).locator("details.help");
    assert.equal(await help.getAttribute("open"), null);
    await help.locator("summary").click();
    assert.match(await help.innerText(), /hybrid: a PREMISES server on site/);
    const source = form.locator(".param", { has: page.getByLabel("Deployment type") }).locator("details.cite");
    await source.locator("summary").click();
    assert.match(await source.innerText(), /Port Information for Hybrid inContact WFO/);

    // The default deployment is premises: its roles are to do, not those of the other tables.
    let roles = await todoRoles(page);
    for (const r of PREMISES_ONLY) assert.ok(roles.includes(r), `${r} is to do on premises: ${roles}`);
    for (const r of WFM_V2_ONLY) assert.ok(!roles.includes(r), r);
    assert.ok(!roles.includes("PREMISES server (hybrid)"));

    // Choose hybrid: only the hybrid table's three roles remain to do.
    await tab(page, "Products");
    await page.getByLabel("Deployment type").selectOption("hybrid");
    await page.waitForFunction(() => /1 of 6 made/.test(document.querySelector(".guide")?.innerText ?? ""));
    assert.equal(await stepCount(page, 2), "0 of 3 mapped");
    roles = await todoRoles(page);
    assert.deepEqual([...roles].sort(), [...HYBRID].sort());
    const warnings = await warningsText(page);
    for (const r of [...PREMISES_ONLY, ...WFM_V2_ONLY]) assert.ok(!warnings.includes(r), `no warning names ${r}`);
    assert.doesNotMatch(warnings, /carried by no host/, "the unmapped roles are one to-do item");
    await tab(page, "Network");
    assert.equal(await page.locator("tr.unassigned").count(), 3, "the Network view shows the hybrid roles to map");
    assert.equal(await page.locator(".role-map .role-progress").first().innerText(), "0 of 3 roles mapped");

    // The guide: skip the remaining choices and the versions (nothing modal), then map the roles.
    await tab(page, "Products");
    await guide(page).getByRole("button", { name: "Skip this step" }).click();
    assert.equal(await currentStep(page), "2. Versions");
    await guide(page).getByRole("button", { name: "Skip this step" }).click();
    assert.equal(await currentStep(page), "3. Roles");
    assert.match(await guide(page).locator(".guide-now").innerText(), /Client PC|client-pc/);
    // Skipped steps stay skipped when the user leaves the view and comes back.
    await tab(page, "Network");
    await tab(page, "Products");
    assert.equal(await currentStep(page), "3. Roles");
    await guide(page).getByRole("button", { name: "Map the roles" }).click();
    assert.equal(await page.getByRole("tab", { name: "Network", exact: true }).getAttribute("aria-selected"), "true");
    await page.waitForFunction(() => (document.activeElement?.id ?? "").startsWith("a-f-products_0__roles__"));

    // Each mapped role leaves the to-do list.
    const hosts = [
      ["client-pc = 10.20.0.0/16", "Client PC"],
      ["premises-server = 10.1.0.10", "PREMISES server (hybrid)"],
      ["web-portal = 10.1.0.11", "inContact WFO Web Portal"],
    ];
    let left = [...HYBRID];
    for (const [line, role] of hosts) {
      await tab(page, "Network");
      await quickEntry(page, line);
      left = left.filter((r) => r !== role);
      roles = await todoRoles(page);
      assert.deepEqual([...roles].sort(), [...left].sort(), `after ${line}`);
    }
    assert.match(await status(page), /0 errors[\s\S]*0 to do/);
    assert.equal(await page.locator(".todo-list > li").count(), 0);
    await tab(page, "Products");
    assert.equal(await stepCount(page, 2), "3 of 3 mapped");
    assert.equal(await guide(page).locator("li[aria-current=step]").count(), 0, "no step left");
    // Versions and choices were skipped: they keep their defaults, and the guide says so.
    assert.match(await guide(page).locator(".guide-now").innerText(), /roles are all mapped[\s\S]*keep the defaults/);
    assert.equal(await guide(page).locator(".guide-steps li.done").count(), 1, "only the roles step is done");
    assert.match(await guide(page).locator(".guide-warnings").innerText(), /0 errors, 0 to do/);

    // The allow-list: the hybrid table's flows between the hosts just given.
    await tab(page, "Export");
    await page.locator('.export[aria-busy="true"]').waitFor({ state: "detached" });
    await page.locator("#fmt-nftables").check();
    const preview = await page.locator("pre.preview").innerText();
    assert.match(preview, /ip saddr 10\.20\.0\.0\/16 ip daddr 10\.1\.0\.10 tcp dport/);
    assert.match(preview, /207\.166\.100\.0\/23/, "the inContact WFO cloud of the hybrid table");
    assert.doesNotMatch(preview, /wfo-server|sql-server|wfm-v2-sites/, "no role of another table");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /^Download / }).click(),
    ]);
    assert.equal((await readFile(await download.path(), "utf8")).trim(), preview.trim());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

const HYBRID_PLAN = {
  schema: 1,
  name: "WFO hybrid",
  products: [{ id: "incontact-wfo", options: { deployment: "hybrid" } }],
  hosts: [
    { name: "agents", addresses: ["10.20.0.0/16"], roles: ["incontact-wfo/client-pc"] },
    { name: "premises", addresses: ["10.1.0.10"], roles: ["incontact-wfo/premises-server"] },
    { name: "portal", addresses: ["10.1.0.11"], roles: ["incontact-wfo/web-portal"] },
  ],
};

test("every view of a planned product, its guide and folded groups open, passes axe-core in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page, problems } = await open(link(HYBRID_PLAN), { bypassCSP: true, colorScheme });
    try {
      await guide(page).waitFor();
      for (const d of await page.locator(".product-config details").all()) await d.evaluate((e) => (e.open = true));
      assert.deepEqual(await axe(page), [], `Products (${colorScheme})`);
      for (const name of ["Network", "Flows & warnings", "Diagram", "Compare", "Export", "Change request", "Plan file & catalog"]) {
        await tab(page, name);
        if (name === "Diagram") await page.locator(".diagram svg.dg").waitFor();
        if (name === "Export") await page.locator('.export[aria-busy="true"]').waitFor({ state: "detached" });
        assert.deepEqual(await axe(page), [], `${name} (${colorScheme})`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
