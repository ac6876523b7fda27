// The planner's release build (dist/) served under /portolan/ and opened in headless Chromium,
// for the end-to-end tests that use it as a person does: one server and one browser per test
// file, a fresh context per page, and the helpers those tests share.
import { before, after } from "node:test";
import { deflateRawSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, dist, startServer } from "./harness.mjs";

const e2e = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Starts the server and the browser before the file's tests and stops them after; returns
 * `open(query, contextOptions)`, which opens the planner and waits for its tabs, collecting
 * console errors and page errors in `problems`.
 */
export function plannerPages() {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ mounts: { "/portolan/": dist } });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: [...CHROMIUM_ARGS] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  async function open(query = "", options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.origin}/portolan/${query}`);
    await page.locator(".tablist").waitFor({ timeout: 20_000 });
    return { context, page, problems };
  }
  return { open };
}

/** Opens the planner's view `name` by its tab. */
export const tab = (page, name) => page.getByRole("tab", { name, exact: true }).click();

/** A share link's fragment for `plan` (compressed JSON, as the planner writes it). */
export const link = (plan) => "#plan=z" + deflateRawSync(Buffer.from(JSON.stringify(plan)), { level: 9 }).toString("base64url");

/** axe-core's violations on the page, one line each. */
export async function axe(page) {
  await page.addScriptTag({ path: path.join(e2e, "node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
}
