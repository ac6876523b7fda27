// The static site (dist/) as GitHub Pages serves it: from any sub-path, with 404.html answering
// unknown addresses, so deep links (an address under the site plus ?query and #fragment) reach
// the planner; version.json names the release.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildVersion, dist, launchChromium, plannerReady, record, root, startServer } from "./lib/harness.mjs";

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function withSite(prefix, fn) {
  const site = await startServer({ mounts: { [prefix]: dist }, pages404: true });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const log = await record(context);
  try {
    await fn({ base: site.origin + prefix, page: await context.newPage(), log, site });
  } finally {
    await context.close();
    await site.close();
  }
}

for (const prefix of ["/", "/portolan/", "/docs/tools/network/portolan/"]) {
  test(`dist/ works from ${prefix === "/" ? "the site's root" : `the sub-path ${prefix}`}`, async () => {
    await withSite(prefix, async ({ base, page, log }) => {
      await page.goto(base);
      await plannerReady(page);
      assert.ok((await page.locator(".product-card").count()) >= 5);
      const outside = log.requests.filter((u) => !u.startsWith(base));
      assert.deepEqual(outside, [], "every request stays under the site's folder");
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.violations, []);
    });
  });
}

test("version.json, the footer and the JS API name the same app version and catalog revision", async () => {
  const v = await buildVersion();
  const cargo = await readFile(path.join(root, "Cargo.toml"), "utf8");
  assert.equal(v.app, cargo.match(/^version = "([^"]+)"/m)[1], "the app version is the crate's");
  assert.match(v.catalog, /^c-[0-9a-f]{12}$/);
  await withSite("/portolan/", async ({ base, page }) => {
    await page.goto(base);
    await plannerReady(page);
    assert.equal((await page.locator(".site-footer .version").innerText()).trim(), `Portolan ${v.app} · catalog ${v.catalog}`);
    assert.deepEqual(await page.evaluate(async () => (await window.portolan.load()).version()), { app: v.app, catalog: v.catalog });
    const served = await page.evaluate(async () => (await fetch("version.json")).json());
    assert.deepEqual(served, v);
  });
});

test("404.html sends a deep link to the planner, keeping its query and fragment", async () => {
  await withSite("/portolan/", async ({ base, page, log }) => {
    const deep = `${base}plans/site-a/review?embed=1&product=screen-capture#note=kept`;
    const response = await page.goto(deep);
    assert.equal(response.status(), 404, "the server answered with 404.html");
    await page.waitForURL(`${base}?embed=1&product=screen-capture#note=kept`, { timeout: 10_000 });
    await plannerReady(page);
    assert.equal(await page.locator("article.product-config").count(), 1, "the query reached the planner");
    assert.deepEqual(log.violations, [], "404.html's inline script is allowed by its CSP hash");
    assert.deepEqual(log.requests.filter((u) => !u.startsWith(base)), []);
  });
});

test("404.html at the site's root finds the planner there", async () => {
  await withSite("/", async ({ base, page }) => {
    await page.goto(`${base}old/link#frag`);
    await page.waitForURL(`${base}#frag`, { timeout: 10_000 });
    await plannerReady(page);
  });
});

test("404.html says so when no planner is found above the address", async () => {
  // A server whose only site is under /portolan/ but whose 404 page is ours everywhere.
  const site = await startServer({ mounts: { "/portolan/": dist, "/elsewhere/": path.join(dist, "missing") } });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route("**/elsewhere/nothing", (route) =>
      readFile(path.join(dist, "404.html")).then((body) => route.fulfill({ status: 404, contentType: "text/html", body })),
    );
    await page.goto(`${site.origin}/elsewhere/nothing`);
    await page.locator("#status", { hasText: "There is no page at this address." }).waitFor({ timeout: 10_000 });
  } finally {
    await context.close();
    await site.close();
  }
});
