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

/**
 * Opens the site `pcs` × `recs` in a fresh page at `base` and times the steps; returns the lines
 * to print.
 */
export async function benchSite(browser, base, pcs, recs, runs = 3) {
  const out = [];
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
  const status = (await page.evaluate(() => document.querySelector(".status").innerText)).replace(/\s+/g, " ");
  out.push(`site ${pcs} × ${recs} (${(plan.length / 1e6).toFixed(1)} MB of JSON); status: ${status}`);
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
  const steps = [
    ["search a host name (type pc004321)", { kind: "text", sel: "#flt-text", value: "pc004321" }],
    ["clear the search", { kind: "text", sel: "#flt-text", value: "" }],
    ["sort by source", { kind: "select", sel: "#flt-sort", value: "source" }],
    ["sort by destination", { kind: "select", sel: "#flt-sort", value: "destination" }],
    ["sort by lowest port", { kind: "select", sel: "#flt-sort", value: "port" }],
    ["sort by product", { kind: "select", sel: "#flt-sort", value: "product" }],
    ["next page", { kind: "click", sel: 'nav[aria-label="Pages of flows"] button', text: "Next" }],
    ["previous page", { kind: "click", sel: 'nav[aria-label="Pages of flows"] button', text: "Previous" }],
    ["hide optional flows", { kind: "select", sel: "#flt-optional", value: "hide" }],
    ["show optional flows", { kind: "select", sel: "#flt-optional", value: "any" }],
  ];
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
