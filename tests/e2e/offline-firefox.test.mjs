// The offline single file (dist-offline/portolan-offline.html) in headless Firefox: copied alone
// into an empty folder and opened from disk (file://), with no server, in Debian's Firefox ESR
// with a fresh profile, driven over WebDriver BiDi (lib/firefox.mjs). A person picks a product,
// maps its roles, reads the flows and downloads an export; Firefox's network events show that the
// page requested nothing outside the file, and a control proves that they would show it.
//
// Firefox's own background traffic is turned off by the profile's prefs, and whatever is left
// goes to a refusing proxy on 127.0.0.1 (never outside the machine): the test prints it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { offlineFile, screenCapturePlan } from "./lib/harness.mjs";
import { firefoxPath, launchFirefox } from "./lib/firefox.mjs";

let firefox;
let folder;
let fileUrl;
let version;

before(async () => {
  await stat(offlineFile).catch(() => {
    throw new Error(`${offlineFile} is missing: run scripts/offline (scripts/test builds it)`);
  });
  await stat(firefoxPath()).catch(() => {
    throw new Error(`${firefoxPath()} is missing: install firefox-esr (scripts/test does) or set FIREFOX`);
  });
  // Alone in an empty folder: nothing next to it can be loaded by accident.
  folder = await mkdtemp(path.join(tmpdir(), "portolan-offline-firefox-"));
  const copy = path.join(folder, "portolan-offline.html");
  await copyFile(offlineFile, copy);
  fileUrl = pathToFileURL(copy).href;
  // The version the file names (the Chromium test checks that it is the build's).
  const html = await readFile(offlineFile, "utf8");
  const meta = (name) => html.match(new RegExp(`<meta name="${name}" content="([^"]+)">`))[1];
  version = { app: meta("portolan-version"), catalog: meta("portolan-catalog") };
  firefox = await launchFirefox();
  console.log(`# ${firefox.name}, headless, fresh profile, WebDriver BiDi`);
});

after(async () => {
  if (firefox) {
    const own = [...new Set(firefox.sink.attempts)];
    if (own.length) {
      console.log(`# Firefox's own attempts to reach outside (stopped at the local sink): ${own.join(", ")}`);
    }
    await firefox.close();
  }
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** A new tab with the planner open from disk at `query`; its own slice of the log. */
async function open(query = "") {
  const tab = await firefox.newTab({ width: 1200, height: 800 });
  const from = {
    requests: firefox.log.requests.length,
    errors: firefox.log.errors.length,
    violations: firefox.log.violations.length,
  };
  await tab.goto(fileUrl + query);
  const state = await tab.waitFor(
    () => (document.querySelector(".fatal, .boot-error") ? "failed" : document.querySelector(".tablist") && "ready"),
    { what: "the planner's views" },
  );
  if (state === "failed") {
    throw new Error(`the planner did not start: ${await tab.evaluate(() => document.body.innerText)}`);
  }
  const log = () => ({
    requests: firefox.log.requests.slice(from.requests).filter((r) => r.context === tab.context).map((r) => r.url),
    errors: firefox.log.errors.slice(from.errors),
    violations: firefox.log.violations.slice(from.violations),
  });
  return { tab, log };
}

/** What the page may load: itself, and data: and blob: URLs (the icon, the font, a download). */
const outside = (urls) =>
  urls.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && u.split(/[?#]/)[0] !== fileUrl);

/** Nothing left the file, nothing failed, nothing broke the Content-Security-Policy. */
function assertClean({ requests, errors, violations }) {
  assert.deepEqual(outside(requests), [], "requests outside the file");
  assert.deepEqual(errors, []);
  assert.deepEqual(violations, []);
}

const portsOfFlows = (tab) =>
  tab.waitFor(
    () => [...document.querySelectorAll("section.flows td.ports")].map((td) => td.innerText).join("\n"),
    { what: "the flows" },
  );

test("Firefox: from file:// the planner loads and shows every product and its version", async () => {
  const { tab, log } = await open();
  try {
    const products = await tab.evaluate(() => document.querySelectorAll(".product-card").length);
    assert.ok(products >= 5, "the bundled products are listed");
    const footer = await tab.evaluate(() => document.querySelector(".site-footer").innerText);
    assert.ok(footer.includes(`Portolan ${version.app} · catalog ${version.catalog}`), footer);
    assert.deepEqual(await tab.evaluate(async () => (await window.portolan.load()).version()), version);
    const recorded = log();
    assert.ok(recorded.requests.some((u) => u.startsWith("data:")), "the network events saw the page's own loads (its icon)");
    assertClean(recorded);
  } finally {
    await tab.close();
  }
});

test("Firefox: a person plans Screen Capture, reads its flows and downloads the nftables export", async () => {
  const { tab, log } = await open();
  try {
    await tab.click('button[data-product="screen-capture"]');
    await tab.click("#tab-network");
    for (const line of [
      "agent-pc = 10.20.0.0/16",
      "supervisor-pc = 10.20.8.0/26",
      "RIS server = 10.1.0.10",
      "ris-agent-server = 10.1.0.10",
      "screen-recorder = 10.1.0.21",
    ]) {
      await tab.type("#quick-entry", line);
      await tab.click(".quick-form button[type=submit]");
      await tab.waitFor(() => document.querySelector("#quick-entry").value === "", { what: `${line} added` });
    }

    await tab.click("#tab-results");
    const flows = await portsOfFlows(tab);
    assert.match(flows, /29436/, "cloud: the agent PCs' secure WebSocket to the RIS Agent Server");
    assert.match(flows, /4001-4004/, "Traditional ports as fallback");

    await tab.click("#tab-export");
    await tab.click('label[for="fmt-nftables"]');
    const preview = await tab.waitFor(
      () => document.querySelector("#fmt-nftables:checked") && document.querySelector("pre.preview")?.innerText,
      { what: "the nftables preview" },
    );
    const downloaded = firefox.nextDownload();
    await tab.click(".export .toolbar button", "Download ");
    const d = await downloaded;
    assert.equal(d.status, "complete");
    assert.match(path.basename(d.filepath), /\.nft$/);
    const saved = await readFile(d.filepath, "utf8");
    assert.equal(saved.trim(), preview.trim(), "the file is what the preview shows");
    assert.match(saved, /tcp dport/);
    assert.match(saved, /10\.20\.0\.0\/16/, "the addresses the person entered");
    assert.ok(saved.includes(version.catalog), "the header names the catalog revision");

    assertClean(log());
  } finally {
    await tab.close();
  }
});

test("Firefox: a plan preset in the URL is evaluated, and every export format has its file (JS API)", async () => {
  const q =
    "?product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=non-secure&view=results";
  const { tab, log } = await open(q);
  try {
    const flows = await portsOfFlows(tab);
    assert.match(flows, /29435/, "the non-secure RIS Agent Server port");
    assert.doesNotMatch(flows, /29436/, "not the secure one");
    const artifacts = await tab.evaluate(
      async (p) =>
        (await window.portolan.load()).formats().map((f) => {
          const a = window.portolan.exportPlan(p, f.id, "2026-01-01T00:00:00Z");
          return { format: f.id, name: a.file_name, content: a.content };
        }),
      screenCapturePlan(),
    );
    assert.ok(artifacts.some((a) => a.format === "csv"), "CSV is among the formats");
    for (const { format, name, content } of artifacts) {
      assert.ok(name.length > 0, `${format}: a file name`);
      // A plain-text feed is only its entries (no header).
      if (format.startsWith("feed-")) continue;
      assert.ok(content.includes(version.catalog), `${format}: the header names catalog ${version.catalog}`);
    }
    assertClean(log());
  } finally {
    await tab.close();
  }
});

test("Firefox: control: the recorders catch a request to another origin and a CSP violation", async () => {
  // A request from a file:// page without a CSP, to another origin on this machine (127.0.0.2):
  // Firefox's network events report it.
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(204, { "access-control-allow-origin": "*" }).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.2", resolve));
  const probe = `http://127.0.0.2:${server.address().port}/probe`;
  const page = path.join(folder, "control.html");
  await writeFile(
    page,
    `<!doctype html><title>control</title><script>fetch(${JSON.stringify(probe)}).then(() => document.title = "done")</script>`,
  );
  const tab = await firefox.newTab();
  try {
    const from = firefox.log.requests.length;
    await tab.goto(pathToFileURL(page).href);
    await tab.waitFor(() => document.title === "done", { what: "the probe's answer" });
    const seen = firefox.log.requests.slice(from).map((r) => r.url);
    assert.ok(seen.includes(probe), `the network events show the probe: ${JSON.stringify(seen)}`);
    assert.deepEqual(hits, ["/probe"]);
  } finally {
    await tab.close();
    await new Promise((resolve) => server.close(resolve));
  }

  // The offline file's CSP blocks an injected inline script and a request, and both are reported.
  const { tab: planner, log } = await open();
  try {
    await planner.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.head.append(s);
      return fetch("http://127.0.0.2:9/probe").catch(() => "blocked");
    });
    // The reports arrive as events; wait for both (or time out and show what came).
    const end = Date.now() + 10_000;
    let directives = [];
    while (Date.now() < end) {
      directives = log().violations.map((v) => v.directive);
      if (directives.includes("connect-src") && directives.some((d) => d.startsWith("script-src"))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(directives.some((d) => d.startsWith("script-src")), JSON.stringify(log().violations));
    assert.ok(directives.includes("connect-src"), JSON.stringify(log().violations));
    assert.equal(await planner.evaluate(() => window.injected ?? false), false);
  } finally {
    await planner.close();
  }
});
