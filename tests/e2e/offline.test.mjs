// The offline single file (dist-offline/portolan-offline.html, built by scripts/offline): copied
// alone into an empty folder and opened from disk (file://) in headless Chromium, with no server,
// the planner loads, evaluates a plan and an export produces a file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  buildVersion,
  flowsText,
  launchChromium,
  offlineFile,
  plannerReady,
  record,
  screenCapturePlan,
} from "./lib/harness.mjs";

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
    assert.deepEqual(await page.evaluate(async () => (await window.portolan.load()).version()), { app: v.app, catalog: v.catalog });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

test("from file:// a plan preset in the URL is evaluated into flows", async () => {
  const q =
    "?product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=non-secure&view=results";
  const { context, page, log } = await open(q);
  try {
    const flows = await flowsText(page);
    assert.match(flows, /29435/, "the non-secure RIS Agent Server port");
    assert.doesNotMatch(flows, /29436/, "not the secure one");
    await page.getByRole("tab", { name: "Products", exact: true }).click();
    assert.equal(await page.getByLabel("RIS version", { exact: true }).inputValue(), "15.2 HFR3");
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
    const report = await page.evaluate(async (p) => (await window.portolan.load()).evaluate(p), plan);
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

test("from file:// the Export view downloads the file its preview shows", async (t) => {
  const { context, page, log } = await open("?preset=screen-capture&view=export");
  try {
    // The exporters are the inlined API module, instantiated when the view first opens.
    await page.locator(".export").waitFor();
    await page.locator('.export[aria-busy="true"]').waitFor({ state: "detached" });
    const formats = page.locator('input[name="format"]');
    if ((await formats.count()) === 0) {
      t.skip("no export format is registered in this build");
      return;
    }
    await page.locator("#fmt-nftables").check();
    const preview = await page.locator("pre.preview").innerText();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /^Download / }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.nft$/);
    const saved = await readFile(await download.path(), "utf8");
    assert.equal(saved.trim(), preview.trim(), "the file is what the preview shows");
    assert.match(saved, /tcp dport/);
    assert.ok(saved.includes((await buildVersion()).catalog), "the header names the catalog revision");
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

test("from file:// every export format produces its file (JS API)", async (t) => {
  const { context, page, log } = await open();
  try {
    const v = await buildVersion();
    const plan = screenCapturePlan();
    const artifacts = await page.evaluate(
      async (p) =>
        (await window.portolan.load()).formats().map((f) => {
          const a = window.portolan.exportPlan(p, f.id, "2026-01-01T00:00:00Z");
          return { format: f.id, name: a.file_name, content: a.content };
        }),
      plan,
    );
    if (artifacts.length === 0) {
      t.skip("no export format is registered in this build");
      return;
    }
    for (const { format, name, content } of artifacts) {
      assert.ok(name.length > 0, `${format}: a file name`);
      // A plain-text feed is only its entries (no header), and this plan has none.
      if (format.startsWith("feed-")) continue;
      assert.ok(content.length > 0, `${format}: not empty`);
      assert.ok(content.includes(v.catalog), `${format}: the header names catalog ${v.catalog}`);
    }
    // Saved the way the planner saves a file (one format; the Export view test clicks its button).
    const { file, saved } = await download(
      page,
      `(() => {
        const a = window.portolan.exportPlan(${JSON.stringify(plan)}, "csv", "2026-01-01T00:00:00Z");
        return ${saveScript}({ name: a.file_name, mime: a.mime, content: a.content });
      })()`,
    );
    assert.equal(saved, file.content);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});
