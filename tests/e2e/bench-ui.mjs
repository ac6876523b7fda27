// Measures the planner's release build (dist/) in headless Chromium: transferred size (gzip -9
// per file), time to interactive on localhost, and evaluation + re-render time when an option
// changes with all five seed products and 50 hosts, and opening the Export view (which loads the
// API module) and Flows & warnings (whose flows the views module draws) the first time; then the same edits, and opening the long views, with ten products
// and 500 hosts. Not a test (node --test skips it); run:
//
//   node tests/e2e/bench-ui.mjs
//
// and copy the printed table into BENCHMARKS.md. Then the large sites of BENCHMARKS.md's gen.py
// (lib/bench-site.mjs): SITES="10000x20 1000x1000" picks them (default 10000x20, "" none), and
// ONLY=site measures them alone. PROFILE="next previous" (keys of SITE_STEPS in
// lib/bench-site.mjs) profiles those steps on the sites instead of timing them all: where their
// time goes, by function and by the browser's phases.
import { createServer } from "node:http";
import { readFile, readdir } from "node:fs/promises";
import { gzipSync, deflateRawSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./lib/harness.mjs";
import { benchSite, profileSite } from "./lib/bench-site.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
// DIST=<folder> measures another build (e.g. an older one, for a comparison under the same load).
const dist = process.env.DIST ? path.resolve(process.env.DIST) : path.join(root, "dist");
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

// --- size --------------------------------------------------------------------------------------
// gzip -9 of a file of dist/, by kind.
const kindOf = (f) => {
  const ext = path.extname(f).slice(1);
  return ["wasm", "js", "css", "html"].includes(ext) ? ext : "other";
};
const gzOf = async (f) => gzipSync(await readFile(path.join(dist, f)), { level: 9 }).length;
/** gzip -9 sizes of files of dist/: by kind, and the total. */
async function sizesOf(files) {
  const sizes = { wasm: 0, js: 0, css: 0, html: 0, other: 0 };
  for (const f of files) sizes[kindOf(f)] += await gzOf(f);
  return { ...sizes, total: Object.values(sizes).reduce((a, b) => a + b, 0) };
}
const catalogGz = gzipSync(
  Buffer.concat(
    await Promise.all(
      (await readdir(path.join(root, "catalog"))).filter((f) => f.endsWith(".toml")).map((f) => readFile(path.join(root, "catalog", f))),
    ),
  ),
  { level: 9 },
).length;

// --- a plan with all five seed products and 50 hosts ------------------------------------------
const catalogIds = [];
const roleRefs = [];
for (const f of (await readdir(path.join(root, "catalog"))).filter((f) => f.endsWith(".toml")).sort()) {
  const text = await readFile(path.join(root, "catalog", f), "utf8");
  const id = text.split(/^\s*\[/m)[0].match(/^id\s*=\s*"([^"]+)"/m)?.[1];
  if (!id) continue;
  catalogIds.push(id);
  for (const block of text.split(/^\[\[roles\]\]/m).slice(1)) {
    const rid = block.match(/^id\s*=\s*"([^"]+)"/m)?.[1];
    const kind = block.match(/^kind\s*=\s*"([^"]+)"/m)?.[1];
    if (rid && kind === "internal") roleRefs.push(`${id}/${rid}`);
  }
}
const zones = ["agents", "datacenter", "dmz", "branch"];
const hosts = [];
for (let i = 0; i < 50; i++) {
  hosts.push({
    name: `host-${String(i + 1).padStart(2, "0")}`,
    addresses: [i % 3 === 0 ? `10.${20 + i}.0.0/24` : `10.1.${i}.10`],
    zone: zones[i % zones.length],
    roles: [roleRefs[i % roleRefs.length], roleRefs[(i * 7 + 3) % roleRefs.length]],
  });
}
const plan = { schema: 1, name: "Benchmark: five products, 50 hosts", products: catalogIds.map((id) => ({ id })), hosts };
const linkOf = (p) => "plan=z" + deflateRawSync(Buffer.from(JSON.stringify(p)), { level: 9 }).toString("base64url");
const fragment = linkOf(plan);

// --- a large plan: ten products (the five seed products and five copies of the demo product of
// tests/fixtures, added as catalog files for the session) and 500 hosts ------------------------
const demo = await readFile(path.join(root, "tests/fixtures/demo.toml"), "utf8");
const extra = [1, 2, 3, 4, 5].map((n) => ({
  id: `demo${n}`,
  file: `demo${n}.toml`,
  text: demo.replace(/^id = "demo"$/m, `id = "demo${n}"`).replace(/^name = "Demo Recorder"$/m, `name = "Demo Recorder ${n}"`),
}));
const largeRoles = [...roleRefs, ...extra.flatMap((e) => ["agent-pc", "server", "survey"].map((r) => `${e.id}/${r}`))];
const largeHosts = [];
for (let i = 0; i < 500; i++) {
  largeHosts.push({
    name: `host-${String(i + 1).padStart(3, "0")}`,
    addresses: [i % 5 === 0 ? `10.${100 + (i % 100)}.${Math.floor(i / 100)}.0/24` : `10.2.${Math.floor(i / 200)}.${(i % 200) + 10}`],
    zone: zones[i % zones.length],
    roles: [largeRoles[i % largeRoles.length], largeRoles[(i * 7 + 3) % largeRoles.length]],
  });
}
const largePlan = {
  schema: 1,
  name: "Benchmark: ten products, 500 hosts",
  products: [...catalogIds, ...extra.map((e) => e.id)].map((id) => ({ id })),
  hosts: largeHosts,
};

// --- browser -----------------------------------------------------------------------------------
const server = createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname.slice(1)) || "index.html";
  try {
    const body = await readFile(path.join(dist, rel));
    res.writeHead(200, { "content-type": types[path.extname(rel)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [...CHROMIUM_ARGS],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each site of `SITES` ("PCSxRECORDERS …") opened and used (lib/bench-site.mjs); its lines. */
async function sites() {
  const lines = [];
  for (const size of (process.env.SITES ?? "10000x20").split(/\s+/).filter(Boolean)) {
    const [pcs, recs] = size.split("x").map(Number);
    const profile = (process.env.PROFILE ?? "").split(/\s+/).filter(Boolean);
    lines.push(...(await (profile.length ? profileSite(browser, base, pcs, recs, profile) : benchSite(browser, base, pcs, recs))));
  }
  return lines;
}
if (process.env.ONLY === "site") {
  for (const line of await sites()) console.log(line);
  await browser.close();
  server.close();
  process.exit(0);
}

// Time to interactive: navigation start → the product picker's buttons are in the page (Yew has
// rendered and attached its listeners in the same task), measured in the page.
const tti = [];
const phases = [];
const firstLoad = [];
for (let run = 0; run < 7; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested = new Set();
  page.on("requestfinished", (r) => requested.add(new URL(r.url()).pathname.slice(1) || "index.html"));
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector(".product-card button")) {
        window.__portolanReady = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(base);
  await page.waitForFunction(() => window.__portolanReady !== undefined);
  tti.push(await page.evaluate(() => window.__portolanReady));
  // What the first load transferred: every file requested until the planner was idle.
  await page.waitForLoadState("networkidle");
  if (run === 0) firstLoad.push(...[...requested].sort());
  phases.push(
    await page.evaluate(() => ({
      html: performance.getEntriesByType("navigation")[0]?.responseEnd ?? NaN,
      wasm: performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"))?.responseEnd ?? NaN,
      start: performance.getEntriesByName("portolan:start")[0]?.startTime ?? NaN,
      catalog: performance.getEntriesByName("portolan:catalog")[0]?.duration ?? NaN,
    })),
  );
  await context.close();
}

// Changing an option: the app marks the edit (`portolan:edit-start`) when the user acts and
// measures to the end of the re-render that shows it (`portolan:edit`, Performance API): the
// evaluation of the plan and the rendering of the view together.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(base + "#" + fragment);
await page.locator(".product-config").first().waitFor();
const stats = await page.evaluate(() => document.querySelector(".status").innerText);
const measureEdits = (page, act, runs) =>
  page.evaluate(
    async ({ act, runs }) => {
      // No eval: the page's CSP forbids it.
      const doAct = (i) => {
        if (act === "option") {
          document.querySelector('.product-config input[type="checkbox"]').click();
        } else {
          const el = document.getElementById("a-f-hosts_9__zone");
          el.value = i % 2 ? "dmz" : "dmz-b";
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      };
      const durations = [];
      for (let i = 0; i < runs; i++) {
        const seen = performance.getEntriesByName("portolan:edit").length;
        doAct(i);
        for (let k = 0; k < 100 && performance.getEntriesByName("portolan:edit").length === seen; k++) {
          await new Promise((r) => setTimeout(r, 5));
        }
        const all = performance.getEntriesByName("portolan:edit");
        if (all.length === seen) throw new Error("no re-render was measured");
        durations.push(all[all.length - 1].duration);
        await new Promise((r) => setTimeout(r, 30));
      }
      return durations;
    },
    { act, runs },
  );
const optionRuns = await measureEdits(page, "option", 41);
// Opening the Export view the first time: the API module (engine and exporters) is downloaded,
// compiled and instantiated, then the first format is exported. Fresh pages, so it is loaded
// each time.
const exportOpen = [];
const lazyFiles = new Set();
for (let run = 0; run < 5; run++) {
  const p = await context.newPage();
  p.on("requestfinished", (r) => lazyFiles.add(new URL(r.url()).pathname.slice(1) || "index.html"));
  await p.goto(base + "#" + fragment);
  await p.locator(".product-config").first().waitFor();
  await p.waitForLoadState("networkidle");
  lazyFiles.clear();
  const t0 = await p.evaluate(() => performance.now());
  await p.getByRole("tab", { name: "Export", exact: true }).click();
  await p.locator("pre.preview").waitFor();
  exportOpen.push((await p.evaluate(() => performance.now())) - t0);
  await p.close();
}
// Opening Flows & warnings the first time, on fresh pages: its flows are drawn by the views
// module, downloaded and started then (the warnings are the planner's).
const flowsOpen = [];
for (let run = 0; run < 5; run++) {
  const p = await context.newPage();
  await p.goto(base + "#" + fragment);
  await p.locator(".product-config").first().waitFor();
  await p.waitForLoadState("networkidle");
  const t0 = await p.evaluate(() => performance.now());
  await p.getByRole("tab", { name: "Flows & warnings", exact: true }).click();
  await p.locator("table.flow-table").first().waitFor();
  flowsOpen.push((await p.evaluate(() => performance.now())) - t0);
  await p.close();
}
await page.getByRole("tab", { name: "Network", exact: true }).click();
await page.locator("table.hosts").waitFor();
const zoneRuns = await measureEdits(page, "zone", 21);
await context.close();

// The large plan: the plan opened from its link (its five demo products unknown at first), the
// five catalog files added in the Plan view, then the same edits; and how long the Flows &
// warnings and Diagram views take to open (the click to the end of the next frame).
const large = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const lp = await large.newPage();
await lp.goto(base + "#" + linkOf(largePlan));
await lp.locator(".tablist").waitFor();
await lp.getByRole("tab", { name: "Plan file & catalog", exact: true }).click();
for (const e of extra) {
  await lp.locator("#open-catalog").setInputFiles({ name: e.file, mimeType: "application/toml", buffer: Buffer.from(e.text) });
  await lp.locator(".notice", { hasText: `Added ${e.file}` }).waitFor({ timeout: 60_000 });
}
const largeStats = await lp.evaluate(() => document.querySelector(".status").innerText);
const openView = async (name, selector) => {
  const times = [];
  for (let run = 0; run < 5; run++) {
    await lp.getByRole("tab", { name: "Products", exact: true }).click();
    await lp.locator(".product-config").first().waitFor();
    const t0 = await lp.evaluate(() => performance.now());
    await lp.getByRole("tab", { name, exact: true }).click();
    await lp.locator(selector).first().waitFor();
    times.push(await lp.evaluate((t0) => new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0))), t0));
  }
  return times;
};
await lp.getByRole("tab", { name: "Products", exact: true }).click();
await lp.locator(".product-config").first().waitFor();
const largeOption = await measureEdits(lp, "option", 21);
// The engine's share: the app measures its evaluation as `portolan:evaluate`.
const largeEvaluate = await lp.evaluate(() => performance.getEntriesByName("portolan:evaluate").slice(-20).map((e) => e.duration));
const largeFlows = await openView("Flows & warnings", "table.flow-table");
const largeDiagram = await openView("Diagram", "svg.dg");
await lp.getByRole("tab", { name: "Network", exact: true }).click();
await lp.locator("table.hosts").waitFor();
const largeZone = await measureEdits(lp, "zone", 21);
await large.close();
const siteLines = await sites();
await browser.close();
server.close();

const ms = (x) => `${x.toFixed(1)} ms`;
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const first = await sizesOf(firstLoad);
console.log(`first load (every file the page requested until idle), gzip -9: total ${kib(first.total)} (${first.total} B)`);
console.log(`  wasm ${kib(first.wasm)} (includes the catalog: ${kib(catalogGz)} gzip on its own), JS ${kib(first.js)}, CSS ${kib(first.css)}, HTML ${kib(first.html)}, other ${kib(first.other)}`);
for (const f of firstLoad) console.log(`    ${String(await gzOf(f)).padStart(7)} B  ${f}`);
const later = await sizesOf(lazyFiles);
console.log(`loaded when the Export view first opens, gzip -9: ${kib(later.total)} (${later.total} B)`);
for (const f of [...lazyFiles].sort()) console.log(`    ${String(await gzOf(f)).padStart(7)} B  ${f}`);
console.log(`opening the Export view the first time (load the API module, export), 5 fresh pages: median ${ms(median(exportOpen))}, max ${ms(Math.max(...exportOpen))}`);
console.log(`opening Flows & warnings the first time (click → flows drawn), 5 fresh pages: median ${ms(median(flowsOpen))}, max ${ms(Math.max(...flowsOpen))}`);
console.log(`time to interactive (navigation → picker rendered), 7 fresh loads: median ${ms(median(tti))}, min ${ms(Math.min(...tti))}, max ${ms(Math.max(...tti))}`);
const phase = (k) => ms(median(phases.map((p) => p[k])));
console.log(`  medians: page received at ${phase("html")}, wasm received at ${phase("wasm")}, wasm running at ${phase("start")} (compile + instantiate after download), bundled catalog decoded in ${phase("catalog")}`);
const best = tti.indexOf(Math.min(...tti));
const b = phases[best];
console.log(`  fastest load: page ${ms(b.html)}, wasm ${ms(b.wasm)}, running ${ms(b.start)}, catalog ${ms(b.catalog)}, interactive ${ms(tti[best])}`);
console.log(`plan: ${catalogIds.length} products, ${hosts.length} hosts (share-link fragment ${fragment.length} characters); status: ${stats.replace(/\s+/g, " ")}`);
const t = optionRuns.slice(1);
console.log(`option change → evaluate + re-render (Products view), ${t.length} runs: median ${ms(median(t))}, max ${ms(Math.max(...t))}`);
const z = zoneRuns.slice(1);
console.log(`typing a host's zone → evaluate + re-render (Network view, 50 host rows), ${z.length} runs: median ${ms(median(z))}, max ${ms(Math.max(...z))}`);
console.log(`large plan: ${largePlan.products.length} products, ${largeHosts.length} hosts; status: ${largeStats.replace(/\s+/g, " ")}`);
const lo = largeOption.slice(1);
console.log(`  option change → evaluate + re-render (Products view), ${lo.length} runs: median ${ms(median(lo))}, max ${ms(Math.max(...lo))}`);
const lz = largeZone.slice(1);
console.log(`  typing a host's zone → evaluate + re-render (Network view), ${lz.length} runs: median ${ms(median(lz))}, max ${ms(Math.max(...lz))}`);
console.log(`  of which evaluating the plan (portolan:evaluate, the option changes): median ${ms(median(largeEvaluate))}, max ${ms(Math.max(...largeEvaluate))}`);
console.log(`  opening Flows & warnings (click → next frame), 5 runs: median ${ms(median(largeFlows))}, max ${ms(Math.max(...largeFlows))}`);
console.log(`  opening Diagram (click → next frame), 5 runs: median ${ms(median(largeDiagram))}, max ${ms(Math.max(...largeDiagram))}`);
for (const line of siteLines) console.log(line);
