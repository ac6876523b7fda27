// What a build of the planner consists of, read from its index.html, and helpers shared by the
// post-build step (post-build.mjs) and the offline single-file build (offline.mjs).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** `'sha256-...'`: the CSP source that allows exactly this inline script or style. */
export function cspHash(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The generated files a build's index.html names (content-hashed by Trunk). */
export async function readBuild(dir) {
  const html = await readFile(path.join(dir, "index.html"), "utf8");
  const attr = (re, what) => {
    const m = html.match(re);
    if (!m) throw new Error(`${path.join(dir, "index.html")}: no ${what} found`);
    return m[1].replace(/^\.\//, "");
  };
  return {
    dir,
    html,
    js: attr(/<meta name="portolan-js" content="([^"]+)"/, "<meta name=portolan-js>"),
    wasm: attr(/<meta name="portolan-wasm" content="([^"]+)"/, "<meta name=portolan-wasm>"),
    css: attr(/<link rel="stylesheet" href="([^"]+)"/, "stylesheet link"),
    icon: attr(/<link rel="icon" href="([^"]+)"/, "icon link"),
    // The JavaScript API's module (engine and exporters), which the planner loads on first use.
    apiJs: attr(/<meta name="portolan-api-js" content="([^"]+)"/, "<meta name=portolan-api-js>"),
    apiWasm: attr(/<meta name="portolan-api-wasm" content="([^"]+)"/, "<meta name=portolan-api-wasm>"),
  };
}

/**
 * Instantiates the build's API module (crates/api) in Node (no browser, no fetch)
 * and returns its JS API.
 */
export async function loadApi(build) {
  // As an .mjs copy: Node reads a .js file outside a `"type": "module"` package as CommonJS.
  const tmp = await mkdtemp(path.join(tmpdir(), "portolan-api-"));
  try {
    const file = path.join(tmp, "portolan-api.mjs");
    await writeFile(file, await readFile(path.join(build.dir, build.apiJs)));
    const api = await import(pathToFileURL(file).href);
    api.initSync({ module: await readFile(path.join(build.dir, build.apiWasm)) });
    return api;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
