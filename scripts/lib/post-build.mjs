// Trunk's post_build hook (Trunk.toml): adds to the built site, before Trunk publishes it to dist/,
//
//   api.js, api.d.ts  a stable entry point for the JavaScript API (the module Trunk writes has a
//                     content hash in its name): `import init, { evaluate } from ".../api.js"`
//   portolan.css      the planner's stylesheet scoped to the planner's element (scope-css.mjs),
//                     under a stable name, for pages that mount() it
//   version.json      {app, catalog, files}: which release and catalog revision this site is
//   404.html          for hosts without rewrite rules (GitHub Pages): sends any unknown address
//                     under the site to the planner, keeping its ?query and #fragment
//
// Usage: node scripts/lib/post-build.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { cspHash, loadApi, readBuild } from "./build-info.mjs";
import { scopeCss } from "./scope-css.mjs";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: give the build folder (or run as Trunk's post_build hook)");
  process.exit(2);
}

const build = await readBuild(dir);
const out = (name, text) => writeFile(path.join(dir, name), text);

// --- the JavaScript API under a stable name -------------------------------------------------
await out(
  "api.js",
  `// Portolan's JavaScript API: a stable name for this build's content-hashed module.
//   import init, { evaluate, exportPlan, formats, mount, version } from "./api.js";
//   await init();   // loads the WebAssembly module once; then call the functions
// Types: api.d.ts. Documentation: docs/distribution.md in the repository.
import initModule from "./${build.js}";
export * from "./${build.js}";

/** Loads the WebAssembly module (once; later calls return the same promise). */
export default function init(options) {
  return initModule(options ?? { module_or_path: new URL("./${build.wasm}", import.meta.url) });
}
`,
);

const dts = build.js.replace(/\.js$/, ".d.ts");
await out(
  "api.d.ts",
  `// Types of Portolan's JavaScript API (api.js).
import type { InitInput, InitOutput } from "./${build.js}";
export * from "./${build.js}";
/** Loads the WebAssembly module (once). Await it before calling any other function. */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<InitOutput>;
`,
);

await out("portolan.css", scopeCss(await readFile(path.join(dir, build.css), "utf8")));

// --- version.json ---------------------------------------------------------------------------
const api = await loadApi(build);
const { app, catalog } = api.version();
await out(
  "version.json",
  `${JSON.stringify({ app, catalog, files: { js: build.js, wasm: build.wasm, css: build.css, types: dts } }, null, 2)}\n`,
);

// --- 404.html -------------------------------------------------------------------------------
// A host without rewrite rules answers an unknown address under the site with 404.html, whatever
// the depth, so relative URLs cannot find the planner from here. The script walks up the path and
// goes to the first folder that holds this site's version.json, keeping ?query and #fragment
// (the plan of a share link lives in the fragment, which never reaches the server). Inline, so
// it works at any depth; the CSP allows exactly this script by its hash.
const redirect = `(async () => {
  const { pathname, search, hash } = location;
  const parts = pathname.split("/");
  for (let i = parts.length - 1; i >= 1; i -= 1) {
    const base = parts.slice(0, i).join("/") + "/";
    try {
      const res = await fetch(base + "version.json", { cache: "no-store" });
      if (res.ok && (await res.json()).app) {
        location.replace(base + search + hash);
        return;
      }
    } catch {}
  }
  document.getElementById("status").textContent = "There is no page at this address.";
})();`;
await out(
  "404.html",
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${cspHash(redirect)}; connect-src 'self'; base-uri 'none'; form-action 'none'">
    <meta name="robots" content="noindex">
    <title>Portolan — opening the planner</title>
    <script>${redirect}</script>
  </head>
  <body>
    <p id="status">Opening the planner…</p>
  </body>
</html>
`,
);

console.log(`post-build: api.js, api.d.ts, portolan.css, version.json (${app}, catalog ${catalog}), 404.html`);
