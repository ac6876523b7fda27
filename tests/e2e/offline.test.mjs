// The offline single file (dist-offline/portolan-offline.html, built by scripts/offline): copied
// alone into an empty folder and opened from disk (file://) in headless Chromium, with no server,
// the planner loads, evaluates a plan and an export produces a file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildVersion, launchChromium, offlineFile, plannerReady, record, screenCapturePlan } from "./lib/harness.mjs";

let browser;
let folder;
let fileUrl;

before(async () => {
  await stat(offlineFile).catch(() => {
    throw new Error(`${offlineFile} is missing: run scripts/offline (scripts/test builds it)`);
  });
  // Alone in an empty folder: nothing next to it can be loaded by accident.
  folder = await mkdtemp(path.join(tmpdir(), "portolan-offline-"));
  const copy = path.join(folder, "portolan-offline.html");
  await copyFile(offlineFile, copy);
  fileUrl = pathToFileURL(copy).href;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function open(query = "", options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, acceptDownloads: true, ...options });
  const log = await record(context);
  const page = await context.newPage();
  await page.goto(fileUrl + query);
  await plannerReady(page);
  return { context, page, log };
}

test("the offline file is one self-contained HTML file that names its version", async () => {
  const html = await readFile(offlineFile, "utf8");
  const { size } = await stat(offlineFile);
  const v = await buildVersion();
  assert.match(html, /^<!doctype html>/i);
  assert.ok(html.includes(`<meta name="portolan-version" content="${v.app}">`));
  assert.ok(html.includes(`<meta name="portolan-catalog" content="${v.catalog}">`));
  // No reference to any other file: every src/href is a data: URL (the icon) or absent.
  const refs = [...html.matchAll(/\s(src|href)="([^"]*)"/g)].map((m) => m[2]);
  assert.deepEqual(refs.filter((r) => !r.startsWith("data:")), [], "references to other files");
  assert.equal(await readdir(path.dirname(offlineFile)).then((f) => f.filter((x) => x !== "portolan-offline.html").length), 0);
  console.log(`# portolan-offline.html: ${size} bytes (${(size / 1024).toFixed(0)} KiB)`);
});

test("from file:// the planner loads and shows every product and its version", async () => {
  const { context, page, log } = await open();
  try {
    const v = await buildVersion();
    assert.ok((await page.locator(".product-card").count()) >= 5, "the bundled products are listed");
    const footer = await page.locator(".site-footer").innerText();
    assert.ok(footer.includes(`Portolan ${v.app} · catalog ${v.catalog}`), footer);
    assert.deepEqual(await page.evaluate(() => window.portolan.version()), { app: v.app, catalog: v.catalog });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

test("from file:// a plan preset in the URL is evaluated into firewall rules", async () => {
  const q = "?product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=non-secure";
  const { context, page, log } = await open(q);
  try {
    const table = await page.locator(".port-table").innerText();
    assert.match(table, /29435/, "the non-secure RIS Agent Server port");
    assert.doesNotMatch(table, /29436/, "not the secure one");
    assert.match(await page.locator(".preset-product").innerText(), /WebSocket security: non-secure/);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

// What the planner does to save a file: a Blob, an object URL and a click on a download link.
async function download(page, make) {
  const downloading = page.waitForEvent("download");
  const file = await page.evaluate(make);
  const d = await downloading;
  assert.equal(d.suggestedFilename(), file.name);
  return { file, saved: await readFile(await d.path(), "utf8") };
}

const saveScript = `(${(f) => {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([f.content], { type: f.mime }));
  link.download = f.name;
  document.body.append(link);
  link.click();
  link.remove();
  return f;
}})`;

test("from file:// a plan is evaluated and its report saved as a file", async () => {
  const { context, page, log } = await open();
  try {
    const v = await buildVersion();
    const plan = screenCapturePlan();
    const report = await page.evaluate((p) => window.portolan.evaluate(p), plan);
    assert.equal(report.catalog_revision, v.catalog);
    const ports = report.rules.map((r) => r.ports).join(" ");
    assert.match(ports, /29522/);
    assert.match(ports, /29436/);
    const { file, saved } = await download(
      page,
      `${saveScript}({ name: "report.json", mime: "application/json",
         content: JSON.stringify(window.portolan.evaluate(${JSON.stringify(plan)}), null, 2) })`,
    );
    assert.equal(saved, file.content);
    assert.equal(JSON.parse(saved).catalog_revision, v.catalog);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

test("from file:// every export format produces a downloadable file", async (t) => {
  const { context, page, log } = await open();
  try {
    const v = await buildVersion();
    const formats = await page.evaluate(() => window.portolan.formats().map((f) => f.id));
    if (formats.length === 0) {
      t.skip("no export format is registered yet (the exporters land from the exp-* branches)");
      return;
    }
    const plan = screenCapturePlan();
    for (const format of formats) {
      const { file, saved } = await download(
        page,
        `(() => {
          const a = window.portolan.exportPlan(${JSON.stringify(plan)}, ${JSON.stringify(format)}, "2026-01-01T00:00:00Z");
          return ${saveScript}({ name: a.file_name, mime: a.mime, content: a.content });
        })()`,
      );
      assert.equal(saved, file.content, `${format}: the downloaded file is the export`);
      assert.ok(saved.length > 0, `${format}: not empty`);
      assert.ok(saved.includes(v.catalog), `${format}: the header names catalog ${v.catalog}`);
    }
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});
