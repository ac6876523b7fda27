// End-to-end tests of the Export view (issue 18) in the release build (dist/), headless Chromium:
// the capability matrix, the XLSX workbook download (read back by openpyxl), the product and
// direction pickers, the plain-text feeds and the Check Point batch script. Takes no screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { dist, launchChromium, plannerReady, startServer } from "./lib/harness.mjs";

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

// The Export view of the mixed example plan (four products), its formats loaded.
async function openExport() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.origin}/portolan/?preset=mixed&view=export`);
  await plannerReady(page);
  await page.locator('.export[aria-busy="true"]').waitFor({ state: "detached" });
  await page.locator("pre.preview").waitFor();
  return { context, page, problems };
}

// The download of the current artifact: file name and bytes.
async function download(page) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Download / }).click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

// "N rule(s) from M network flow(s)" next to the download button: N.
async function ruleCount(page) {
  const text = await page.locator(".export-preview .toolbar .muted").innerText();
  const m = /^(\d+) rule\(s\)/.exec(text);
  assert.ok(m, text);
  return Number(m[1]);
}

// RFC 4180 rows (quoted cells may hold commas, quotes and line breaks).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell), rows.push(row), (row = []), (cell = "");
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

// The files of a zip archive (stored or deflated), by name, as text.
function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, "the file is a zip archive");
  const files = new Map();
  let p = buf.readUInt32LE(end + 16);
  for (let i = 0; i < buf.readUInt16LE(end + 10); i += 1) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, "a central directory entry");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const [nameLen, extraLen, commentLen] = [28, 30, 32].map((o) => buf.readUInt16LE(p + o));
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

test("export: the view shows the capability matrix of every format", async () => {
  const { context, page, problems } = await openExport();
  try {
    const formats = await page.locator('input[name="format"]').count();
    assert.ok(formats >= 27, `${formats} formats`);
    const matrix = page.locator("details.format-matrix");
    await matrix.locator("summary").click();
    const heads = await matrix.locator("thead th").allInnerTexts();
    assert.deepEqual(heads, ["format", "host names", "wildcards", "IPv6", "port ranges", "zones", "unmapped roles"]);
    assert.equal(await matrix.locator("tbody tr").count(), formats, "one row per format");
    const row = async (name) =>
      matrix.locator("tbody tr", { has: page.getByRole("rowheader", { name, exact: true }) }).locator("td").allInnerTexts();
    assert.deepEqual(await row("Check Point (mgmt_cli batch)"), ["yes", "yes", "yes", "yes", "no", "no"]);
    assert.deepEqual(await row("nftables"), ["no", "no", "yes", "yes", "no", "no"]);
    assert.deepEqual(await row("Fortinet FortiOS (CLI)"), ["yes", "yes", "yes", "yes", "yes", "no"]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// Each sheet of a workbook as openpyxl (PyPI, installed by tests/kernel/setup.sh) reads it:
// name, rows, the data types of its cells, its header's style and print setup. Null (the test
// skipped) when python3 cannot import openpyxl, unless CI is set.
function readWithOpenpyxl(t, bytes) {
  const have = spawnSync("python3", ["-c", "import openpyxl"]);
  if (have.status !== 0) {
    assert.ok(!process.env.CI, "python3 with openpyxl is missing: run tests/kernel/setup.sh");
    t.diagnostic("skipped the openpyxl read-back: python3 with openpyxl is missing (tests/kernel/setup.sh)");
    return null;
  }
  const reader = `
import io, json, sys, openpyxl
wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))
print(json.dumps([{"name": ws.title, "rows": ws.max_row,
  "types": sorted({c.data_type for row in ws.iter_rows() for c in row if c.value is not None}),
  "bold": bool(ws["A1"].font.b), "fill": ws["A1"].fill.fill_type, "titles": ws.print_title_rows,
  "landscape": ws.page_setup.orientation} for ws in wb.worksheets]))
`;
  const out = spawnSync("python3", ["-c", reader], { input: bytes });
  assert.equal(out.status, 0, out.stderr.toString());
  return JSON.parse(out.stdout.toString());
}

test("export: the XLSX download is a workbook with the plan's rules", async (t) => {
  const { context, page, problems } = await openExport();
  try {
    await page.locator("#fmt-xlsx").check();
    await page.getByRole("button", { name: /^Download .*\.xlsx$/ }).waitFor();
    const rules = await ruleCount(page);
    assert.ok(rules > 5, `${rules} rules`);
    const { name, bytes } = await download(page);
    assert.equal(name, "contact-centre-refresh-lisbon.xlsx");
    assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "a zip archive, as XLSX is");
    const files = unzip(bytes);
    const workbook = files.get("xl/workbook.xml");
    assert.ok(workbook, [...files.keys()].join(", "));
    const sheets = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(sheets.slice(0, 2), ["Summary", "All rules"]);
    assert.ok(sheets.length >= 6, "a sheet per product: " + sheets.join(", "));
    // "All rules": the header row and one row per rule
    const all = files.get("xl/worksheets/sheet2.xml");
    assert.equal((all.match(/<row /g) ?? []).length, rules + 1);
    const strings = files.get("xl/sharedStrings.xml") ?? "";
    for (let i = 1; i <= rules; i += 1) assert.ok(strings.includes(`>r${i}<`), `rule r${i} in the workbook`);
    for (const s of ["Contact centre refresh, Lisbon", "agents", "ris01", "exec01", "10.8.0.0/22"]) {
      assert.ok(strings.includes(s), `${s} in the workbook`);
    }
    // the JS API gives the workbook as a Uint8Array (its Artifact type), the same file
    const fromApi = await page.evaluate(async () => {
      const api = await import("./api.js");
      await api.default({ planner: false });
      const plan = api.parsePlan(JSON.stringify({ schema: 1, name: "x", products: [{ id: "screen-capture" }], hosts: [] }), "x.json");
      const a = api.exportPlan(plan, "xlsx", "2026-01-01T00:00:00Z");
      return { uint8: a.bytes instanceof Uint8Array, zip: String.fromCharCode(a.bytes[0], a.bytes[1]) };
    });
    assert.deepEqual(fromApi, { uint8: true, zip: "PK" });
    // an independent reader opens the workbook the browser wrote: text cells only, a styled header
    const book = readWithOpenpyxl(t, bytes);
    if (book) {
      assert.deepEqual(book.map((s) => s.name), sheets);
      const rulesSheet = book[1];
      assert.equal(rulesSheet.rows, rules + 1);
      for (const s of book) {
        assert.deepEqual(s.types, ["s"], `${s.name}: every cell is text`);
        assert.deepEqual([s.bold, s.fill, s.titles, s.landscape], [true, "solid", "$1:$1", "landscape"], s.name);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("export: the product and direction pickers narrow the preview, the copy and the file name", async () => {
  const { context, page, problems } = await openExport();
  try {
    await page.locator("#fmt-csv").check();
    await page.getByRole("button", { name: /^Download .*\.csv$/ }).waitFor();
    const all = await ruleCount(page);
    assert.equal(await page.locator(".export-covers").count(), 0, "no caption while every rule is exported");
    const products = await page.locator("#export-product option").evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(products, ["", "screen-capture", "incontact-wfo", "ex-engage-connector", "visual-remote-assistance"]);

    // one product: only its rules
    await page.selectOption("#export-product", "visual-remote-assistance");
    await page
      .getByRole("button", { name: "Download contact-centre-refresh-lisbon-visual-remote-assistance.csv", exact: true })
      .waitFor();
    assert.match(await page.locator(".export-covers").innerText(), /^Only the rules of .+\.$/);
    const one = await ruleCount(page);
    assert.ok(one > 0 && one < all, `${one} of ${all}`);
    const rows = (text) => {
      const table = parseCsv(text.replace(/^\uFEFF/, ""));
      const col = (h) => table[0].indexOf(h);
      return table.slice(1).filter((r) => r[0] && !r[0].startsWith("#")).map((r) => ({
        rules: r[col("catalog rules")].split("\n"),
        source: r[col("source")],
        destination: r[col("destination")],
      }));
    };
    const narrowed = rows(await page.locator("pre.preview").innerText());
    assert.equal(narrowed.length, one);
    for (const r of narrowed) assert.ok(r.rules.some((x) => x.startsWith("visual-remote-assistance/")), r.rules.join(" "));

    // and one direction: the outbound rules of that product
    await page.selectOption("#export-direction", "outbound");
    const name = "contact-centre-refresh-lisbon-visual-remote-assistance-outbound.csv";
    await page.getByRole("button", { name: `Download ${name}`, exact: true }).waitFor();
    assert.match(await page.locator(".export-covers").innerText(), /^Only the outbound rules of .+\.$/);
    const out = await ruleCount(page);
    assert.ok(out > 0 && out <= one, `${out} of ${one}`);
    const preview = await page.locator("pre.preview").innerText();
    const outbound = rows(preview);
    assert.equal(outbound.length, out);
    const hosts = ["agents", "supervisors", "ris01", "wfo-prem01", "exec01", "exec02", "exec-infra", "engage-core", "engage-dr"];
    for (const r of outbound) {
      for (const d of r.destination.split("\n")) assert.ok(!hosts.includes(d), `outbound to a plan host: ${d}`);
    }
    const file = await download(page);
    assert.equal(file.name, name);
    assert.equal(file.bytes.toString("utf8").trim(), preview.trim(), "the file is the narrowed preview");

    // Copy copies the narrowed artifact
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied.trim(), preview.trim());

    // back to everything
    await page.selectOption("#export-product", "");
    await page.selectOption("#export-direction", "");
    await page.getByRole("button", { name: "Download contact-centre-refresh-lisbon.csv", exact: true }).waitFor();
    assert.equal(await ruleCount(page), all);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("export: the Check Point batch downloads, and writes its CSV files when run", async () => {
  const { context, page, problems } = await openExport();
  const dir = await mkdtemp(path.join(tmpdir(), "portolan-checkpoint-"));
  try {
    await page.locator("#fmt-checkpoint").check();
    await page.selectOption("#export-direction", "outbound");
    const name = "contact-centre-refresh-lisbon-outbound.mgmt_cli.sh";
    await page.getByRole("button", { name: `Download ${name}`, exact: true }).waitFor();
    const rules = await ruleCount(page);
    assert.ok(rules > 0);
    const preview = await page.locator("pre.preview").innerText();
    const file = await download(page);
    assert.equal(file.name, name);
    const script = file.bytes.toString("utf8");
    assert.equal(script.trim(), preview.trim(), "the file is what the preview shows");
    assert.match(script, /^#!\/bin\/sh\n/);
    assert.match(script, /\nmgmt_cli add access-rule --batch "\$PORTOLAN_DIR\/access-rule\.csv" -s "\$sid"\n/);
    assert.match(script, /\nmgmt_cli publish -s "\$sid"\n/);
    // run with PORTOLAN_WRITE_ONLY: it writes the batch files and calls nothing
    const at = path.join(dir, "batch.sh");
    await writeFile(at, file.bytes);
    execFileSync("sh", [at], { cwd: dir, env: { PATH: "/usr/bin:/bin", PORTOLAN_WRITE_ONLY: "1" } });
    const access = parseCsv(await readFile(path.join(dir, "checkpoint-batch/access-rule.csv"), "utf8"));
    assert.deepEqual(access[0], ["layer", "position.bottom", "name", "source", "destination", "service", "action", "comments"]);
    assert.equal(access.length - 1, rules, "one access rule a rule");
    for (const row of access.slice(1)) {
      assert.equal(row.length, 8);
      assert.equal(row[0], "Network");
      assert.equal(row[6], "Accept");
    }
    const hosts = parseCsv(await readFile(path.join(dir, "checkpoint-batch/host.csv"), "utf8"));
    assert.deepEqual(hosts[0], ["name", "ip-address"]);
    assert.ok(hosts.length > 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("export: the feeds download as external dynamic lists, one entry a line", async () => {
  const { context, page, problems } = await openExport();
  try {
    await page.selectOption("#export-direction", "outbound");
    // The entry syntax of PAN-OS external dynamic lists and FortiGate threat feeds: an address or
    // CIDR; a domain, `*.` for its subdomains; a URL-list entry ending in `/`. Nothing else on a
    // line (no comment, no blank line), names in lower case.
    const label = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";
    const domain = `(\\*\\.)?(${label}\\.)*${label}`;
    const feeds = [
      ["feed-ip", "ip.txt", /^([0-9]{1,3}(\.[0-9]{1,3}){3}\/[0-9]{1,2}|[0-9a-f:]+\/[0-9]{1,3})$/],
      ["feed-domain", "domains.txt", new RegExp(`^${domain}$`)],
      ["feed-url", "urls.txt", new RegExp(`^${domain}/$`)],
    ];
    const entries = {};
    for (const [id, extension, entry] of feeds) {
      await page.locator(`#fmt-${id}`).check();
      const name = `contact-centre-refresh-lisbon-outbound.${extension}`;
      await page.getByRole("button", { name: `Download ${name}`, exact: true }).waitFor();
      const file = await download(page);
      assert.equal(file.name, name);
      const text = file.bytes.toString("utf8");
      assert.equal(text.trim(), (await page.locator("pre.preview").innerText()).trim(), `${id}: the file is the preview`);
      assert.ok(text.endsWith("\n"), `${id}: the last entry ends its line`);
      const lines = text.slice(0, -1).split("\n");
      assert.ok(lines.length > 0, `${id} lists something`);
      for (const l of lines) assert.match(l, entry, `${id}: ${JSON.stringify(l)}`);
      assert.equal(new Set(lines).size, lines.length, `${id}: no entry twice`);
      entries[id] = lines;
    }
    // the URL list holds the domain list's names
    assert.deepEqual(entries["feed-url"].map((l) => l.slice(0, -1)), entries["feed-domain"]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
