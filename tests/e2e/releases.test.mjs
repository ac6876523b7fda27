// End-to-end tests of releases in the release build (dist/): Compare's upgrade mode on an
// inContact WFO hybrid plan from 16.1 to 17.1 (the same result as the engine gives through the
// JavaScript API, which the CLI's `portolan upgrade` uses too), bad upgrade input, a share link
// made with an older catalog revision, the change feed published as changes.json, and the
// upgrade of a product from a catalog file the session added.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { buildVersion, dist, launchChromium, plannerReady, startServer } from "./lib/harness.mjs";
import { loadApi, readBuild } from "../../scripts/lib/build-info.mjs";

const BASELINE = "c-327a776db24d"; // catalog/history: the catalog before releases were modelled

let server;
let base;
let browser;
let api;
let current;

before(async () => {
  server = await startServer({ mounts: { "/portolan/": dist }, pages404: true });
  base = `${server.origin}/portolan/`;
  browser = await launchChromium();
  api = await loadApi(await readBuild(dist));
  current = (await buildVersion()).catalog;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A share link: the plan's JSON, raw DEFLATE, base64url, as the planner writes it. */
function shareLink(plan) {
  return `${base}#plan=z${deflateRawSync(Buffer.from(JSON.stringify(plan))).toString("base64url")}`;
}

function hybridPlan({ version = "16.1", revision } = {}) {
  return {
    schema: 1,
    name: "WFO hybrid site",
    ...(revision ? { catalog_revision: revision } : {}),
    products: [
      {
        id: "incontact-wfo",
        versions: { wfo: version },
        options: { deployment: "hybrid", "screen-recording": true },
      },
    ],
    hosts: [
      { name: "prem01", addresses: ["10.1.0.5"], roles: ["incontact-wfo/premises-server", "incontact-wfo/web-portal"] },
      { name: "agents", addresses: ["10.20.0.0/16"], roles: ["incontact-wfo/client-pc"] },
    ],
  };
}

async function open(link) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(link);
  await plannerReady(page);
  return { context, page, errors };
}

test("upgrade: inContact WFO hybrid 16.1 -> 17.1 shows ranges, ports and HTTP -> HTTP(S), cited, as the engine does", async () => {
  const plan = hybridPlan({ revision: current });
  const expected = api.upgrade(plan, "incontact-wfo", "17.1");
  const { context, page, errors } = await open(shareLink(plan));
  try {
    await page.getByRole("tab", { name: "Compare" }).click();
    await page.locator("#upgrade-product").waitFor();
    assert.equal(await page.locator("#upgrade-product").inputValue(), "incontact-wfo");
    assert.equal(await page.locator("#upgrade-from").inputValue(), "16.1");
    await page.locator("#upgrade-to").selectOption("17.1");
    const result = page.locator(".upgrade-result");
    await result.waitFor();
    const text = await result.innerText();
    // the cloud ranges change, the 17.1 range carried over from 16.2 and marked so
    assert.match(text, /207\.166\.94\.0\/24, 207\.166\.95\.0\/24 → 207\.166\.100\.0\/23 \(not seen in the 17\.1 document; carried over from 16\.2\)/);
    // Connection Pooling: HTTP -> HTTP(S)
    assert.match(text, /protocol: HTTP → HTTP\(S\)/);
    // Screen Recording moves from 5638 to 5633
    assert.match(text, /ports: 5638 → 5633/);
    // ports that appear and disappear, with the citation of both releases
    const open = await page.locator(".upgrade-result .changes.open td.ports").allInnerTexts();
    const close = await page.locator(".upgrade-result .changes.close td.ports").allInnerTexts();
    assert.deepEqual(open, expected.open.map((f) => f.ports));
    assert.deepEqual(close, expected.close.map((f) => f.ports));
    assert.ok(open.includes("443") && open.includes("2020"), open.join(" "));
    assert.deepEqual([...close].sort(), ["2012", "2015", "80"]);
    assert.match(text, /17\.1: "storage of screen recordings"/);
    assert.match(text, /16\.1: "Live Monitoring"/);
    assert.match(text, /17\.1: not in the 17\.1 document/);
    // the engine says the same through the API
    assert.equal(expected.changed.length, await page.locator(".upgrade-result .changed > ul > li").count());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("upgrade: from newer than to, and an unknown release, get a clear error", async () => {
  const { context, page } = await open(shareLink(hybridPlan({ version: "17.1", revision: current })));
  try {
    await page.getByRole("tab", { name: "Compare" }).click();
    await page.locator("#upgrade-to").selectOption("16.1");
    const err = page.locator("#upgrade-error");
    await err.waitFor();
    assert.match(await err.innerText(), /`from` 17\.1 is not older than `to` 16\.1/);
  } finally {
    await context.close();
  }
  assert.throws(() => api.upgrade(hybridPlan(), "incontact-wfo", "18.0"), (e) => /not documented/.test(e.message));
  assert.throws(() => api.upgrade(hybridPlan(), "screen-capture", "17.1"), (e) => /not in the plan/.test(e.message));
});

/** inContact WFO's catalog file as another product (`my-wfo`): a catalog file a user adds. */
function userCatalogFile() {
  const text = readFileSync(new URL("../../catalog/incontact-wfo.toml", import.meta.url), "utf8")
    .replace(/^id = "incontact-wfo"$/m, 'id = "my-wfo"')
    .replace(/^name = "inContact WFO"$/m, 'name = "My WFO"');
  return { name: "my-wfo.toml", text };
}

test("upgrade: a product from a catalog file the session added is upgraded with that file", async () => {
  const file = userCatalogFile();
  const plan = JSON.parse(JSON.stringify(hybridPlan()).replaceAll("incontact-wfo", "my-wfo"));
  const expected = api.upgrade(hybridPlan(), "incontact-wfo", "17.1");
  // the API: with the session's files the product is known, without them it is not
  const mine = api.upgrade(plan, "my-wfo", "17.1", null, [file]);
  assert.deepEqual(mine.open.map((f) => f.ports), expected.open.map((f) => f.ports));
  assert.deepEqual(mine.close.map((f) => f.ports), expected.close.map((f) => f.ports));
  assert.match(api.upgradeView(plan, "my-wfo", "17.1", null, [file]).title, /^My WFO: /);
  const md = api.exportUpgrade(plan, "my-wfo", "17.1", null, "markdown", "x", [file]);
  assert.match(md.content, /^# Upgrade change request: My WFO from 16\.1 to 17\.1$/m);
  assert.throws(() => api.upgrade(plan, "my-wfo", "17.1"), (e) => /my-wfo/.test(e.message));
  // the planner: the file added in the Plan view, then Compare's upgrade panel offers the product
  const { context, page, errors } = await open(shareLink(plan));
  try {
    await page.getByRole("tab", { name: "Plan file & catalog", exact: true }).click();
    await page.locator("#open-catalog").setInputFiles({ name: file.name, mimeType: "application/toml", buffer: Buffer.from(file.text) });
    await page.locator(".notice", { hasText: `Added ${file.name}` }).waitFor({ timeout: 60_000 });
    await page.getByRole("tab", { name: "Compare" }).click();
    await page.locator("#upgrade-product").waitFor();
    assert.equal(await page.locator("#upgrade-product").inputValue(), "my-wfo");
    await page.locator("#upgrade-to").selectOption("17.1");
    await page.locator(".upgrade-result").waitFor();
    const open = await page.locator(".upgrade-result .changes.open td.ports").allInnerTexts();
    assert.deepEqual(open, expected.open.map((f) => f.ports));
    // printing writes the change request with the session's file: its product is known
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const printed = await page.locator("#portolan-print").innerText();
    assert.match(printed, /My WFO/);
    assert.doesNotMatch(printed, /not in the catalog|still being prepared/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a share link made with an older catalog revision lists the changes that touch it", async () => {
  const plan = hybridPlan({ version: "16.2", revision: BASELINE });
  const since = api.changesSince(plan);
  assert.ok(since.touching.length > 0 && since.touching.length <= since.total);
  const { context, page, errors } = await open(shareLink(plan));
  try {
    const notice = page.locator(".revision-notice");
    await notice.locator(".change-list").waitFor();
    const text = await notice.innerText();
    assert.match(text, new RegExp(`made with catalog revision ${BASELINE}`));
    assert.match(text, new RegExp(`${since.touching.length} of its ${since.total} changes since touch this plan`));
    assert.equal(await notice.locator(".change-list > li").count(), since.touching.length);
    assert.match(text, /release added incontact-wfo release\/17\.1/);
    // reviewed: the plan records the current revision and the notice goes away
    await notice.getByRole("button", { name: "Mark as reviewed" }).click();
    await notice.waitFor({ state: "detached" });
    await page.waitForFunction(
      (rev) => JSON.parse(localStorage.getItem("portolan.plan") ?? "{}").catalog_revision === rev,
      current,
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("the site publishes the change feed as changes.json", async () => {
  const res = await fetch(`${base}changes.json`);
  assert.equal(res.status, 200);
  const feed = await res.json();
  assert.equal(feed.current, current);
  const revisions = feed.revisions.map((r) => r.revision);
  assert.equal(revisions[0], BASELINE);
  assert.equal(revisions.at(-1), current);
  const impacts = new Set(feed.revisions.flatMap((r) => r.changes.map((c) => c.impact)));
  for (const i of ["flow added", "range added", "release added"]) assert.ok(impacts.has(i), i);
});
