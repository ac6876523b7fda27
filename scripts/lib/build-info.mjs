// What a build of the planner consists of, read from its index.html, and helpers shared by the
// post-build step (post-build.mjs) and the offline single-file build (offline.mjs).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { first } from "./html.mjs";

/** `'sha256-...'`: the CSP source that allows exactly this inline script or style. */
export function cspHash(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The generated files a build's index.html names (content-hashed by Trunk). */
export async function readBuild(dir) {
  const html = await readFile(path.join(dir, "index.html"), "utf8");
  // the file an element names in its attribute `key`, without a leading `./`
  const attr = (tag, attrs, key, what) => {
    const value = first(html, tag, attrs)?.attrs.get(key);
    if (!value) throw new Error(`${path.join(dir, "index.html")}: no ${what} found`);
    return value.replace(/^\.\//, "");
  };
  const meta = (name) => attr("meta", { name }, "content", `<meta name=${name}>`);
  return {
    dir,
    html,
    js: meta("portolan-js"),
    wasm: meta("portolan-wasm"),
    css: attr("link", { rel: "stylesheet" }, "href", "stylesheet link"),
    icon: attr("link", { rel: "icon" }, "href", "icon link"),
    // The JavaScript API's module (engine and exporters), which the planner loads on first use.
    apiJs: meta("portolan-api-js"),
    apiWasm: meta("portolan-api-wasm"),
    viewsJs: meta("portolan-views-js"),
    viewsWasm: meta("portolan-views-wasm"),
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
