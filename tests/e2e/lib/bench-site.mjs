// The large site of BENCHMARKS.md (its generator "gen.py", ported here: agent PCs listed one by
// one, screen recorders, one RIS server) opened in the planner the way a person would — a plan
// file picked in the Plan file & catalog view — and the Flows & warnings view used on it. Each
// step is timed in the page, from the user's act to the next frame after the planner changed the
// page. Used by bench-ui.mjs (`ONLY=site` runs this part alone).

/** The plan `gen.py pcs recs` writes, as a JSON plan. */
export function sitePlan(pcs, recs) {
  const pad = (n, w) => String(n).padStart(w, "0");
  const hosts = [
    { name: "ris01", addresses: ["10.1.0.10"], roles: ["screen-capture/ris-server", "screen-capture/ris-agent-server"] },
    { name: "supervisors", addresses: ["10.30.0.0/24"], roles: ["screen-capture/supervisor-pc"] },
  ];
  for (let i = 0; i < recs; i++) {
    hosts.push({ name: `rec${pad(i, 3)}`, addresses: [`10.2.${Math.floor(i / 250)}.${(i % 250) + 1}`], roles: ["screen-capture/screen-recorder"] });
  }
  for (let i = 0; i < pcs; i++) {
    const address = `10.${100 + Math.floor(i / 62500)}.${Math.floor((i % 62500) / 250)}.${(i % 250) + 1}`;
    hosts.push({ name: `pc${pad(i, 6)}`, addresses: [address], roles: ["screen-capture/agent-pc"] });
  }
  const product = {
    id: "screen-capture",
    versions: { ris: "15.2 HFR3", "screen-capture-module": "15.2.3" },
    options: { "cloud-screen-recording": true, websocket: "secure", "live-monitor": true },
  };
  return { schema: 1, name: `site ${pcs} x ${recs}`, products: [product], hosts };
}

/**
 * Does `action` in the page and returns the milliseconds from just before it to the next frame
 * after the page's DOM first changed (the planner renders an update in one task). `action`:
 * `{ kind: "text" | "select", sel, value }` (an input or change event, as typing or picking
 * does) or `{ kind: "click", sel, text }` (the first element matching `sel` whose text holds
 * `text`). With `until` (a selector), the change waited for is the one that brings an element
 * matching it (a view drawn by a module loaded when it first opens).
 */
export const frameAfter = (page, action) =>
  page.evaluate(async (action) => {
    const changed = new Promise((resolve, reject) => {
      const obs = new MutationObserver(() => {
        if (action.until && !document.querySelector(action.until)) return;
        obs.disconnect();
        resolve();
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      setTimeout(() => reject(new Error(`nothing changed after ${JSON.stringify(action)}`)), 120_000);
    });
    const t0 = performance.now();
    if (action.kind === "click") {
      [...document.querySelectorAll(action.sel)].find((e) => e.textContent.includes(action.text)).click();
    } else {
      const el = document.querySelector(action.sel);
      el.value = action.value;
      el.dispatchEvent(new Event(action.kind === "text" ? "input" : "change", { bubbles: true }));
    }
    await changed;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, action);

/** The page's memory as Chromium reports it (CDP `Runtime.getHeapUsage`), in MB. */
async function heapOf(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
  const h = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  const mb = (b) => (b === undefined ? "n/a" : `${(b / 1e6).toFixed(1)} MB`);
  return `JS heap used ${mb(h.usedSize)} of ${mb(h.totalSize)}, array buffers and wasm memory ${mb(h.backingStorageSize)}`;
}

/** Median of `xs`. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

/** The Flows & warnings steps the benchmark times (and `profileSite` profiles), by name. */
export const SITE_STEPS = {
  search: ["search a host name (type pc004321)", { kind: "text", sel: "#flt-text", value: "pc004321" }],
  clear: ["clear the search", { kind: "text", sel: "#flt-text", value: "" }],
  source: ["sort by source", { kind: "select", sel: "#flt-sort", value: "source" }],
  destination: ["sort by destination", { kind: "select", sel: "#flt-sort", value: "destination" }],
  port: ["sort by lowest port", { kind: "select", sel: "#flt-sort", value: "port" }],
  product: ["sort by product", { kind: "select", sel: "#flt-sort", value: "product" }],
  next: ["next page", { kind: "click", sel: 'nav[aria-label="Pages of flows"] button', text: "Next" }],
  previous: ["previous page", { kind: "click", sel: 'nav[aria-label="Pages of flows"] button', text: "Previous" }],
  hide: ["hide optional flows", { kind: "select", sel: "#flt-optional", value: "hide" }],
  show: ["show optional flows", { kind: "select", sel: "#flt-optional", value: "any" }],
  products: ["open Products", { kind: "click", sel: '[role="tab"]', text: "Products", until: ".product-config" }],
  flows: ["open Flows & warnings", { kind: "click", sel: '[role="tab"]', text: "Flows & warnings", until: "table.flow-table" }],
  network: ["open Network", { kind: "click", sel: '[role="tab"]', text: "Network", until: "table.hosts" }],
};

/**
 * A fresh page at `base` with the site `pcs` × `recs` opened from its plan file; the page, its
 * context, the plan's size and the milliseconds from the pick to the plan shown.
 */
async function openSite(browser, base, pcs, recs) {
  const plan = Buffer.from(JSON.stringify(sitePlan(pcs, recs)));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  await page.goto(base);
  await page.locator(".tablist").waitFor();
  await page.getByRole("tab", { name: "Plan file & catalog", exact: true }).click();
  await page.locator("#open-plan").waitFor({ state: "attached" });
  const t0 = await page.evaluate(() => performance.now());
  await page.locator("#open-plan").setInputFiles({ name: "site.plan.json", mimeType: "application/json", buffer: plan });
  await page.locator(".notice", { hasText: "Opened site.plan.json" }).waitFor();
  const load = await page.evaluate((t0) => new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0))), t0);
  return { context, page, bytes: plan.length, load };
}

/**
 * Opens the site `pcs` × `recs` in a fresh page at `base` and times the steps; returns the lines
 * to print.
 */
export async function benchSite(browser, base, pcs, recs, runs = 3) {
  const out = [];
  const { context, page, bytes, load } = await openSite(browser, base, pcs, recs);
  const status = (await page.evaluate(() => document.querySelector(".status").innerText)).replace(/\s+/g, " ");
  out.push(`site ${pcs} × ${recs} (${(bytes / 1e6).toFixed(1)} MB of JSON); status: ${status}`);
  out.push(`  opening the plan file (pick → plan shown): ${ms(load)}`);
  out.push(`  after opening: ${await heapOf(page)}`);
  const tab = (name, until) => ({ kind: "click", sel: '[role="tab"]', text: name, until });
  const opens = [];
  for (let run = 0; run < runs; run++) {
    await page.getByRole("tab", { name: "Products", exact: true }).click();
    await page.locator(".product-config").first().waitFor();
    opens.push(await frameAfter(page, tab("Flows & warnings", "table.flow-table")));
    await page.locator("table.flow-table").first().waitFor();
  }
  out.push(`  opening Flows & warnings (the first time loads the views module): ${opens.map(ms).join(", ")}`);
  out.push(`  Flows & warnings open: ${await heapOf(page)}; ${await page.locator("#flows-count").innerText()}`);
  const steps = ["search", "clear", "source", "destination", "port", "product", "next", "previous", "hide", "show"].map((k) => SITE_STEPS[k]);
  const times = new Map(steps.map(([name]) => [name, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, action] of steps) times.get(name).push(await frameAfter(page, action));
  }
  for (const [name, ts] of times) out.push(`  ${name}: median ${ms(median(ts))} (${ts.map(ms).join(", ")})`);
  // A product option (the plan re-evaluated), from the Products view.
  await page.getByRole("tab", { name: "Products", exact: true }).click();
  await page.locator(".product-config").first().waitFor();
  const option = [];
  for (let run = 0; run < 2 * runs; run++) {
    option.push(await frameAfter(page, { kind: "click", sel: '.product-config input[type="checkbox"]', text: "" }));
  }
  out.push(`  a product option (Products view: evaluate + render): median ${ms(median(option))} (${option.map(ms).join(", ")})`);
  for (const [name, sel] of [["Network", "table.hosts"], ["Diagram", "svg.dg"]]) {
    const t = [];
    for (let run = 0; run < runs; run++) {
      await page.getByRole("tab", { name: "Products", exact: true }).click();
      await page.locator(".product-config").first().waitFor();
      t.push(await frameAfter(page, tab(name, sel)));
      await page.locator(sel).first().waitFor();
    }
    out.push(`  opening ${name}: ${t.map(ms).join(", ")}`);
  }
  out.push(`  at the end: ${await heapOf(page)}`);
  await context.close();
  return out;
}

/**
 * Where the time of `names` (keys of [`SITE_STEPS`]) goes on the site `pcs` × `recs`, with Flows
 * & warnings open: each step done once to warm up, then again under Chromium's CPU profiler
 * (self time by function: "(program)" is the browser's own work, style and layout mostly) and
 * again under a trace (the browser's phases, by total time). Lines to print.
 */
export async function profileSite(browser, base, pcs, recs, names) {
  const { context, page } = await openSite(browser, base, pcs, recs);
  await page.getByRole("tab", { name: "Flows & warnings", exact: true }).click();
  await page.locator("table.flow-table").first().waitFor();
  const out = [`site ${pcs} × ${recs}: ${names.join(", ")}`];
  const run = async (label) => {
    for (const name of names) out.push(`  ${label} ${SITE_STEPS[name][0]}: ${ms(await frameAfter(page, SITE_STEPS[name][1]))}`);
  };
  await run("warm-up");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await run("profiled");
  const { profile } = await cdp.send("Profiler.stop");
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}${url ? `:${lineNumber}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  out.push("  CPU profile, self time:");
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`    ${ms(t).padStart(8)}  ${key}`);
  const events = [];
  cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
  const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,blink,v8", transferMode: "ReportEvents" });
  await run("traced");
  await cdp.send("Tracing.end");
  await complete;
  const phases = new Map();
  for (const e of events.filter((e) => e.ph === "X" && e.dur)) {
    const [t, n] = phases.get(e.name) ?? [0, 0];
    phases.set(e.name, [t + e.dur / 1000, n + 1]);
  }
  out.push("  trace, total time by event (nested events count in each of theirs):");
  for (const [name, [t, n]] of [...phases].sort((a, b) => b[1][0] - a[1][0]).slice(0, 20)) out.push(`    ${ms(t).padStart(8)}  ${String(n).padStart(6)}×  ${name}`);
  await context.close();
  return out;
}
