// Headless Firefox (Debian's firefox-esr, not a Playwright build) driven over WebDriver BiDi, the
// W3C protocol Firefox speaks natively: a small client over a WebSocket (the `ws` package), no
// browser download, no driver binary.
//
// Every launch gets a fresh profile whose prefs turn off Firefox's own background traffic
// (telemetry, updates, captive-portal and connectivity checks, Safe Browsing, Remote Settings,
// Normandy and Nimbus studies, push, DNS-over-HTTPS, prefetching...). As a second wall, every
// proxy setting points at a sink on 127.0.0.1 that answers nothing and writes down what reached
// it: whatever Firefox still tries to fetch from outside goes to this machine and no further
// (loopback addresses are never proxied, so the tests' own servers work).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";

export const firefoxPath = () => process.env.FIREFOX || "/usr/bin/firefox-esr";

/** A proxy that refuses everything and records what was asked of it (`host:port` or a URL). */
async function startSink() {
  const attempts = [];
  const server = createServer((req, res) => {
    attempts.push(req.url);
    res.writeHead(502).end();
  });
  server.on("connect", (req, socket) => {
    attempts.push(req.url);
    socket.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    attempts,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The prefs of the fresh profile. `sinkPort`: the refusing proxy; `downloads`: the folder that
 * downloads are saved to, without asking. */
export function profilePrefs({ sinkPort, downloads }) {
  return {
    // Every protocol through the sink; loopback addresses (the tests' servers) directly.
    "network.proxy.type": 1,
    "network.proxy.share_proxy_settings": true,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": sinkPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": sinkPort,
    "network.proxy.socks": "",
    "network.proxy.socks_remote_dns": true,
    "network.proxy.allow_hijacking_localhost": false,
    "network.trr.mode": 5, // no DNS over HTTPS
    "network.dns.disablePrefetch": true,
    "network.prefetch-next": false,
    "network.predictor.enabled": false,
    "network.http.speculative-parallel-limit": 0,
    "browser.urlbar.speculativeConnect.enabled": false,
    "browser.places.speculativeConnect.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "captivedetect.canonicalURL": "",
    // Updates of Firefox, add-ons, system add-ons, plugins (GMP), search engines, region.
    "app.update.disabledForTesting": true,
    "app.update.auto": false,
    "app.update.checkInstallTime": false,
    "extensions.update.enabled": false,
    "extensions.update.autoUpdateDefault": false,
    "extensions.systemAddon.update.enabled": false,
    "extensions.systemAddon.update.url": "",
    "extensions.getAddons.cache.enabled": false,
    "extensions.blocklist.enabled": false,
    "extensions.htmlaboutaddons.recommendations.enabled": false,
    "media.gmp-manager.url": "",
    "media.gmp-gmpopenh264.enabled": false,
    "media.gmp-widevinecdm.enabled": false,
    "browser.search.update": false,
    "browser.region.network.url": "",
    "browser.region.update.enabled": false,
    "geo.provider.network.url": "",
    // Telemetry, data reporting, studies and experiments, crash reports.
    "toolkit.telemetry.enabled": false,
    "toolkit.telemetry.unified": false,
    "toolkit.telemetry.archive.enabled": false,
    "toolkit.telemetry.server": "",
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "datareporting.usage.uploadEnabled": false,
    "browser.ping-centre.telemetry": false,
    "app.normandy.enabled": false,
    "app.normandy.api_url": "",
    "app.shield.optoutstudies.enabled": false,
    "messaging-system.rsexperimentloader.enabled": false,
    "nimbus.rollouts.enabled": false,
    "browser.crashReports.unsubmittedCheck.enabled": false,
    "breakpad.reportURL": "",
    // Remote Settings (blocklists, CRLite, intermediates, translations, ...) and Safe Browsing.
    "services.settings.server": "data:,#remote-settings-disabled",
    "security.remote_settings.crlite_filters.enabled": false,
    "security.remote_settings.intermediates.enabled": false,
    "security.OCSP.enabled": 0,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "browser.safebrowsing.blockedURIs.enabled": false,
    "browser.safebrowsing.downloads.enabled": false,
    "browser.safebrowsing.downloads.remote.enabled": false,
    "browser.safebrowsing.provider.google.updateURL": "",
    "browser.safebrowsing.provider.google.gethashURL": "",
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.google4.gethashURL": "",
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "browser.safebrowsing.provider.mozilla.gethashURL": "",
    "privacy.trackingprotection.enabled": false,
    "browser.contentblocking.category": "custom",
    // Accounts, sync, push, new-tab content, suggestions, translations, local AI models.
    "identity.fxaccounts.enabled": false,
    "dom.push.connection.enabled": false,
    "dom.push.serverURL": "",
    "browser.newtabpage.enabled": false,
    "browser.newtabpage.activity-stream.feeds.section.topstories": false,
    "browser.newtabpage.activity-stream.feeds.topsites": false,
    "browser.newtabpage.activity-stream.feeds.snippets": false,
    "browser.newtabpage.activity-stream.feeds.telemetry": false,
    "browser.newtabpage.activity-stream.telemetry": false,
    "browser.newtabpage.activity-stream.default.sites": "",
    "browser.topsites.contile.enabled": false,
    "browser.urlbar.suggest.quicksuggest.sponsored": false,
    "browser.urlbar.suggest.quicksuggest.nonsponsored": false,
    "browser.urlbar.quicksuggest.enabled": false,
    "browser.discovery.enabled": false,
    "browser.translations.enable": false,
    "browser.ml.enable": false,
    // A quiet start: no first-run pages, no default-browser check, no session restore.
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "startup.homepage_welcome_url.additional": "",
    "browser.aboutwelcome.enabled": false,
    "browser.shell.checkDefaultBrowser": false,
    "browser.sessionstore.resume_from_crash": false,
    "trailhead.firstrun.didSeeAboutWelcome": true,
    // Downloads: saved into `downloads` without a dialog.
    "browser.download.folderList": 2,
    "browser.download.dir": downloads,
    "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false,
    "browser.download.start_downloads_in_tmp_dir": false,
    "browser.download.alwaysOpenPanel": false,
    "browser.download.manager.showWhenStarting": false,
    "browser.download.panel.shown": true,
  };
}

/** A WebDriver BiDi connection: `send(method, params)` resolves with the result (rejects with the
 * error); `on(event, fn)` for events. */
class Bidi {
  constructor(ws) {
    this.ws = ws;
    this.next = 1;
    this.pending = new Map();
    this.listeners = new Map();
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.id !== undefined && this.pending.has(msg.id)) {
        const { resolve, reject, method } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === "error") reject(new Error(`${method}: ${msg.error}: ${msg.message}`));
        else resolve(msg.result);
      } else if (msg.type === "event") {
        for (const fn of this.listeners.get(msg.method) ?? []) fn(msg.params);
      }
    });
    ws.on("close", () => {
      for (const { reject, method } of this.pending.values()) reject(new Error(`${method}: connection closed`));
      this.pending.clear();
    });
  }

  send(method, params = {}) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
  }
}

/**
 * Starts headless Firefox with a fresh profile and opens a WebDriver BiDi session. Records, for
 * all its tabs: every request the network module reports (`log.requests`: `{url, context}`),
 * console errors and uncaught errors (`log.errors`), Content-Security-Policy violations
 * (`log.violations`, from a preload script that listens before the page's scripts run) and
 * downloads (`log.downloads`). `sink.attempts`: what Firefox tried to fetch from outside.
 */
export async function launchFirefox() {
  const sink = await startSink();
  const profile = await mkdtemp(path.join(tmpdir(), "portolan-firefox-"));
  const downloads = path.join(profile, "downloads");
  const prefs = profilePrefs({ sinkPort: sink.port, downloads });
  await writeFile(
    path.join(profile, "user.js"),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(""),
  );
  const proc = spawn(
    firefoxPath(),
    ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", "about:blank"],
    {
      env: {
        ...process.env,
        MOZ_CRASHREPORTER_DISABLE: "1",
        MOZ_DISABLE_AUTO_SAFE_MODE: "1",
        // A release build ignores services.settings.server (and keeps polling Remote Settings)
        // unless this is set.
        MOZ_REMOTE_SETTINGS_DEVTOOLS: "1",
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  // Read all the time (a full pipe would stall Firefox); the start is kept for error messages.
  let stderr = "";
  proc.stderr.on("data", (chunk) => {
    if (stderr.length < 100_000) stderr += chunk;
  });
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not start its BiDi server:\n${stderr}`)), 60_000);
    proc.stderr.on("data", () => {
      const m = stderr.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${firefoxPath()}: ${e.message}`));
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before its BiDi server listened:\n${stderr}`));
    });
  });
  let ws;
  let bidi;
  let session;
  try {
    const endpoint = await started;
    // Only ever loopback.
    if (!/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(endpoint)) {
      throw new Error(`unexpected endpoint ${endpoint}`);
    }
    ws = new WebSocket(`${endpoint}/session`);
    await once(ws, "open");
    bidi = new Bidi(ws);
    session = await bidi.send("session.new", { capabilities: {} });
  } catch (e) {
    ws?.terminate();
    proc.kill("SIGKILL");
    await sink.close();
    await rm(profile, { recursive: true, force: true }).catch(() => {});
    throw e;
  }

  const log = { requests: [], errors: [], violations: [], downloads: [] };
  bidi.on("network.beforeRequestSent", (p) => log.requests.push({ url: p.request.url, context: p.context }));
  bidi.on("log.entryAdded", (p) => {
    if (p.level === "error") log.errors.push(`${p.type}: ${p.text}`);
  });
  bidi.on("script.message", (p) => {
    if (p.channel === "csp") log.violations.push(JSON.parse(p.data.value));
  });
  const downloadWaiters = [];
  bidi.on("browsingContext.downloadEnd", (p) => {
    log.downloads.push(p);
    for (const w of downloadWaiters.splice(0)) w(p);
  });
  await bidi.send("session.subscribe", {
    events: ["network.beforeRequestSent", "log.entryAdded", "script.message", "browsingContext.downloadEnd"],
  });
  await bidi.send("script.addPreloadScript", {
    functionDeclaration: `(send) => {
      document.addEventListener("securitypolicyviolation", (e) => send(JSON.stringify({
        directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, page: location.href,
      })));
    }`,
    arguments: [{ type: "channel", value: { channel: "csp" } }],
  });

  return {
    bidi,
    log,
    sink,
    downloads,
    /** "firefox 153.7.0" (the session's browserName and browserVersion). */
    name: `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    /** Resolves with the next finished download (`{status, filepath, url}`). */
    nextDownload(timeout = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no download finished in ${timeout} ms`)), timeout);
        downloadWaiters.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
    },
    /** A new tab of `width`×`height`. */
    async newTab({ width = 1200, height = 800 } = {}) {
      const { context } = await bidi.send("browsingContext.create", { type: "tab" });
      await bidi.send("browsingContext.setViewport", { context, viewport: { width, height } });
      return new Tab(bidi, context);
    },
    async close() {
      const exited = proc.exitCode === null ? once(proc, "exit") : Promise.resolve();
      await bidi.send("browser.close").catch(() => {});
      ws.close();
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      await sink.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** One tab (a top-level browsing context). */
class Tab {
  constructor(bidi, context) {
    this.bidi = bidi;
    this.context = context;
  }

  /** Navigates and waits for the load event. */
  goto(url) {
    return this.bidi.send("browsingContext.navigate", { context: this.context, url, wait: "complete" });
  }

  /** Runs `fn(...args)` in the page (an async function is awaited); returns its JSON result. */
  async evaluate(fn, ...args) {
    const r = await this.bidi.send("script.evaluate", {
      expression: `(async () => JSON.stringify(await (${fn})(...${JSON.stringify(args)})))()`,
      target: { context: this.context },
      awaitPromise: true,
      userActivation: false,
    });
    if (r.type === "exception") throw new Error(`in the page: ${r.exceptionDetails.text}`);
    return r.result.type === "string" ? JSON.parse(r.result.value) : undefined;
  }

  /** Polls `fn(...args)` in the page until it returns something truthy; returns that. */
  async waitFor(fn, { timeout = 20_000, what = String(fn) } = {}, ...args) {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, ...args);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The first element matching `selector` whose text includes `text` (when given), scrolled into
   * view, as a BiDi shared reference. */
  async element(selector, text) {
    await this.waitFor(
      (s, t) => [...document.querySelectorAll(s)].some((e) => t == null || e.textContent.includes(t)),
      { what: `${selector}${text == null ? "" : ` with text ${JSON.stringify(text)}`}` },
      selector,
      text ?? null,
    );
    const r = await this.bidi.send("script.callFunction", {
      functionDeclaration: `(s, t) => {
        const e = [...document.querySelectorAll(s)].find((e) => t == null || e.textContent.includes(t));
        e.scrollIntoView({ block: "center" });
        return e;
      }`,
      arguments: [
        { type: "string", value: selector },
        text == null ? { type: "null" } : { type: "string", value: text },
      ],
      target: { context: this.context },
      awaitPromise: false,
    });
    if (r.type === "exception") throw new Error(`in the page: ${r.exceptionDetails.text}`);
    return { sharedId: r.result.sharedId };
  }

  /** A real mouse click (pointer move, press, release) in the middle of the element. */
  async click(selector, text) {
    const element = await this.element(selector, text);
    await this.bidi.send("input.performActions", {
      context: this.context,
      actions: [
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pointerMove", x: 0, y: 0, origin: { type: "element", element } },
            { type: "pointerDown", button: 0 },
            { type: "pointerUp", button: 0 },
          ],
        },
      ],
    });
    await this.bidi.send("input.releaseActions", { context: this.context });
  }

  /** Clicks into the field and types `text` key by key. */
  async type(selector, text) {
    await this.click(selector);
    await this.bidi.send("input.performActions", {
      context: this.context,
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [...text].flatMap((value) => [
            { type: "keyDown", value },
            { type: "keyUp", value },
          ]),
        },
      ],
    });
    await this.bidi.send("input.releaseActions", { context: this.context });
  }

  close() {
    return this.bidi.send("browsingContext.close", { context: this.context });
  }
}
