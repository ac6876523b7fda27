// End-to-end test of the Import view (issue 17) in the release build (dist/), in headless
// Chromium: a new user pastes the connectivity table of a seed document as a browser copies it,
// fixes the column mapping, names the roles, adds the draft to the session's catalog and the
// plan, imports hosts from an inventory and exports an nftables allow-list, without writing TOML.
// Also: a 10,000-row paste and a 10 MB one show progress and keep the page painting (the numbers
// go to BENCHMARKS-import.md), HTML is never run, and axe-core finds nothing in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dist, launchChromium, plannerReady, record, root, startServer } from "./lib/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const seed003 = path.join(root, "../shared/seeds/003_2431d58c0f6fe722.txt");

let server;
let browser;

before(async () => {
  server = await startServer({ mounts: { "/portolan/": dist } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const log = await record(context);
  const page = await context.newPage();
  await page.goto(`${server.origin}/portolan/?view=import`);
  await plannerReady(page);
  return { context, page, log };
}

/** The seed's connectivity table as a browser copies a table's body: cells separated by tabs,
 * one row per line, without the header row (the user selected the rows only). */
async function seedRows() {
  const lines = (await readFile(seed003, "utf8")).split("\n");
  const start = lines.findIndex((l) => l.startsWith("|---"));
  assert.ok(start > 0, "seed 003 has its connectivity table");
  const rows = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("|")) break;
    rows.push(line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim()).join("\t"));
  }
  return rows.join("\n") + "\n";
}

/** Pastes `text` into the field labelled `label` as a person does: through the clipboard and
 * Ctrl+V (typing 10,000 rows with `fill` takes minutes). */
async function paste(page, label, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  const field = page.getByLabel(label, { exact: true });
  await field.focus();
  await page.keyboard.press("Control+V");
  assert.equal(await field.evaluate((el) => el.value.length), text.length, `${label}: the paste arrived whole`);
}

async function setField(page, label, value) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.blur();
}

/** Waits for the summary line of the import to say `text`. */
async function summary(page, text) {
  await page.locator(".import-summary").filter({ hasText: text }).waitFor({ timeout: 20_000 });
  return page.locator(".import-summary").innerText();
}

async function axe(page) {
  await page.addScriptTag({ path: path.join(here, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
}

test("a new user imports seed 003's table, maps its hosts and exports nftables without writing TOML", async () => {
  const { context, page, log } = await open();
  try {
    await paste(page, "Vendor table", await seedRows());
    await setField(page, "Product name", "EXEC connectivity");
    await setField(page, "Source (document title)", "EX Engage Connector, Recording Deployment (seed 003)");
    await page.getByRole("button", { name: "Read the table" }).click();

    // Without the header, two port columns are guessed wrong: the rows whose listening port
    // would be `Any` are reported, with their lines and the reason, not dropped.
    let text = await summary(page, "row(s) not read");
    assert.match(text, /11 row\(s\)/);
    assert.doesNotMatch(text, / 0 row\(s\) not read/);
    assert.match(await page.locator(".import-problems").innerText(), /lines \d+–\d+: the listening port is `Any`/);

    // Fix the mapping: column 4 is the service's own port, column 6 the peer's.
    await page.getByLabel("Table 1, column 4: Column 4").selectOption("local-port");
    await page.getByText("changed by you").waitFor();
    await page.getByLabel("Table 1, column 6: Column 6").selectOption("remote-port");
    text = await summary(page, " 0 row(s) not read");
    assert.match(text, /11 row\(s\); 16 rule\(s\), 11 role\(s\)/);
    assert.match(await page.locator("section[aria-labelledby=import-rules-h]").innerText(), /exas → engage-primary-stat-server, TCP/);

    // Name the roles as the team knows them; two stat servers become one role.
    await setField(page, "Name of role excs", "EXEC Config Server");
    await page.getByLabel("Name of role exec-config-server").waitFor();
    await setField(page, "Name of role engage-primary-stat-server", "Stat Server");
    await page.getByLabel("Name of role stat-server").waitFor();
    await setField(page, "Name of role engage-backup-stat-server", "Stat Server");
    text = await summary(page, "15 rule(s), 10 role(s)");
    const roles = await page.locator(".import-roles").innerText();
    assert.match(roles, /stat-server[\s\S]*Engage Primary Stat Server, Engage Backup Stat Server/);
    assert.match(roles, /exec-config-server/);

    // The engine's check, the catalog file, and the product in the session's catalog and plan.
    assert.match(await page.locator("#import-check-h + p").innerText(), /The catalog loader accepts exec-connectivity\.toml/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download exec-connectivity.toml" }).click(),
    ]);
    const toml = await readFile(await download.path(), "utf8");
    assert.match(toml, /^id = "exec-connectivity"$/m);
    assert.match(toml, /^title = "EX Engage Connector, Recording Deployment \(seed 003\)"$/m);
    assert.match(toml, /cite = \{ source = "source", quote = "EXCS \| Outgoing \| TCP\/TLS/);
    await page.getByRole("button", { name: "Add to the catalog and the plan" }).click();
    await page.locator(".notice").filter({ hasText: "Added exec-connectivity.toml" }).waitFor();

    // Hosts from an inventory, with the roles just named.
    await paste(
      page,
      "Host inventory",
      [
        "Hostname,IP Address,Zone,Roles",
        "excs01,10.10.1.10,dc,exec-connectivity/exec-config-server",
        "exas01,10.10.1.11,dc,exec-connectivity/exas",
        "stat-a,10.10.2.30,dc,exec-connectivity/stat-server",
        "stat-b,10.10.2.31,dc,exec-connectivity/stat-server",
        "configdb,10.10.2.20,db,exec-connectivity/engage-config-db",
        "bad,10.10.2.300,db,exec-connectivity/redis",
      ].join("\n"),
    );
    await page.getByRole("button", { name: "Read the inventory" }).click();
    await page.locator(".import-hosts").waitFor();
    assert.match(await page.locator("section[aria-labelledby=hosts-import-h]").innerText(), /5 host\(s\) read, 1 problem\(s\)[\s\S]*line 7: /);
    await page.getByRole("button", { name: "Add 5 host(s) to the plan" }).click();
    await page.locator(".notice").filter({ hasText: "5 added" }).waitFor();

    // The allow-list.
    await page.getByRole("tab", { name: "Export" }).click();
    await page.locator("#fmt-nftables").check();
    const nft = await page.locator("pre.preview").innerText();
    assert.match(nft, /ip saddr 10\.10\.1\.10 ip daddr 10\.10\.2\.20 tcp dport 5432 accept comment "r\d+ exec-connectivity\/exec-config-server-to-engage-config-db"/);
    assert.match(nft, /ip saddr 10\.10\.1\.11 ip daddr 10\.10\.2\.30\/31 tcp dport 2060 accept/);
    assert.match(nft, /ip saddr 10\.10\.1\.11 ip daddr 10\.10\.1\.10 tcp dport 3640 accept/);
    assert.match(nft, /NOT expressed here[\s\S]*role _Redis_ is not mapped to a host yet/);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.violations, []);
  } finally {
    await context.close();
  }
});

test("HTML is read as text: scripts and handlers in a dropped file never run", async () => {
  const { context, page, log } = await open();
  try {
    const html = `<html><body><script>window.__ran = 1</script><h2>Ports</h2><table>
      <tr><th>Port</th><th>Protocol</th><th>Description</th></tr>
      <tr><td onmouseover="window.__ran = 2">443</td><td>TCP</td><td><img src=x onerror="window.__ran = 3">Portal from <b>agent PCs</b></td></tr>
    </table></body></html>`;
    await page.locator("#import-file").setInputFiles({ name: "ports.html", mimeType: "text/html", buffer: Buffer.from(html) });
    await page.getByText("Reading ports.html").waitFor();
    await page.getByRole("button", { name: "Read the table" }).click();
    const text = await summary(page, "Read as html");
    assert.match(text, /1 rule\(s\)/);
    await page.locator(".import-rules").hover();
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    assert.equal(await page.locator(".import-view img, .import-view script, .import-view b").count(), 0);

    // The same table copied from a web page: the paste's HTML is what is read.
    await page.getByRole("button", { name: "Use the text above" }).click();
    await page.getByLabel("Vendor table", { exact: true }).evaluate((el, html) => {
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", "Port\tProtocol\tDescription\n443\tTCP\tPortal from agent PCs\n");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, html.replace("</table>", "<tr><td>8443</td><td>TCP</td><td>Admin console</td></tr></table>"));
    await page.getByText("Reading the pasted table's HTML").waitFor();
    await page.getByRole("button", { name: "Read the table" }).click();
    await summary(page, "Read as html: 1 table(s), 2 row(s); 2 rule(s)");
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

/** Loads the API module (its download and compilation are not the import's), then counts the
 * long tasks and the frames the page paints until `stopWatching`. */
async function watch(page) {
  await page.evaluate(() => globalThis[Symbol.for("portolan.loadApi")]().then(() => true));
  await page.evaluate(() => {
    globalThis.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.__long.push(e.duration);
    }).observe({ type: "longtask" });
    globalThis.__frames = 0;
    const tick = () => {
      globalThis.__frames += 1;
      if (!globalThis.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopWatching(page) {
  return page.evaluate(() => {
    globalThis.__stop = true;
    const m = performance.getEntriesByName("portolan:import").at(-1);
    return { import: m?.duration, longest: Math.max(0, ...globalThis.__long), long: globalThis.__long.length, frames: globalThis.__frames };
  });
}

test("a 10,000-row paste shows progress and keeps the page responsive", async () => {
  const { context, page, log } = await open();
  try {
    let rows = "Service | Port | Transport | Direction | Description |\n---|---|---|---|---|\n";
    for (let i = 0; i < 10_000; i++) {
      rows += `Service ${i % 50} | ${1024 + i} | TCP | Inbound | Listener ${i} from Client ${i % 7} |\n`;
    }
    await paste(page, "Vendor table", rows);
    await watch(page);
    const start = Date.now();
    await page.getByRole("button", { name: "Read the table" }).click();
    await page.locator("progress#import-progress").waitFor({ timeout: 10_000 });
    const text = await summary(page, "10000 row(s)");
    const stats = { ...(await stopWatching(page)), wall: Date.now() - start };
    console.log(`10,000 rows: ${JSON.stringify(stats)}`);
    assert.match(text, /10000 rule\(s\)/);
    assert.match(await page.locator("#import-rules-h + p").innerText(), /The first 200 are listed; the catalog file has all 10000/);
    assert.ok(stats.frames >= 10, `the page painted while importing (${stats.frames} frames)`);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("a 10 MB paste is kept out of the text field, read in steps, and the page keeps painting", async () => {
  const { context, page, log } = await open();
  try {
    // 10 MB of prose with a small table every few lines: the importer's worst case measured.
    const block = "Some prose about the product, with no table in it at all.\n| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | Web portal from the agent PCs |\n";
    const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.getByLabel("Vendor table", { exact: true }).focus();
    await page.keyboard.press("Control+V");
    await page.getByText("Reading the pasted text (10240 KB) instead of the text above.").waitFor();
    assert.equal(await page.getByLabel("Vendor table", { exact: true }).inputValue(), "", "the field stays light");
    await watch(page);
    const start = Date.now();
    await page.getByRole("button", { name: "Read the table" }).click();
    await page.locator("progress#import-progress").waitFor({ timeout: 10_000 });
    const read = await summary(page, "68986 table(s)");
    const stats = { ...(await stopWatching(page)), wall: Date.now() - start };
    console.log(`10 MB: ${JSON.stringify(stats)}`);
    assert.match(read, /Read as text: 68986 table\(s\), 68986 row\(s\); 1 rule\(s\)/);
    await page.getByText("The first 200 of the 68986 tables are listed.").waitFor();
    assert.equal(await page.locator("fieldset.import-table").count(), 200);
    assert.ok(stats.frames >= 10, `the page painted while importing (${stats.frames} frames)`);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("the Import view passes axe-core in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { context, page } = await open({ bypassCSP: true, colorScheme });
    try {
      await page.getByLabel("Vendor table", { exact: true }).fill(await seedRows());
      await page.getByRole("button", { name: "Read the table" }).click();
      await summary(page, "row(s) not read");
      await page.getByLabel("Host inventory", { exact: true }).fill("name,address,zone,roles\nexcs01,10.10.1.10,dc,\nbad,10.0.0.300,dc,\n");
      await page.getByRole("button", { name: "Read the inventory" }).click();
      await page.locator(".import-hosts").waitFor();
      assert.deepEqual(await axe(page), [], `Import (${colorScheme})`);
    } finally {
      await context.close();
    }
  }
});
