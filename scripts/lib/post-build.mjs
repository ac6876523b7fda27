// Trunk's post_build hook (Trunk.toml): adds to the built site, before Trunk publishes it to dist/,
//
//   portolan-api-<hash>.js, portolan-api-<hash>_bg.wasm, .d.ts
//                     the JavaScript API's module (engine and exporters, no UI): Trunk builds it
//                     as a "worker" under fixed names; here it gets content-hashed names, which
//                     index.html names in <meta name="portolan-api-js|wasm"> for web/boot.js
//   portolan-views-<hash>.js, portolan-views-<hash>_bg.wasm
//                     the views module (crates/views: the rarely opened views), the same way, in
//                     <meta name="portolan-views-js|wasm">, loaded when such a view first opens
//   api.js, api.d.ts  a stable entry point for the JavaScript API over both modules (their names
//                     have content hashes): `import init, { evaluate, mount } from ".../api.js"`
//   portolan.css      the planner's stylesheet scoped to the planner's element (scope-css.mjs),
//                     under a stable name, for pages that mount() it
//   catalog-<hash>.bin the whole bundled catalog in its compact form (compiled here by the API
//                     module), named in <meta name="portolan-catalog-file">: the planner's module
//                     carries the catalog without its long texts (crates/catalog/src/lite.rs) and fetches
//                     this file when a plan first has products (src/ui/lazy_catalog.rs)
//   version.json      {app, catalog, files}: which release and catalog revision this site is
//   changes.json      the catalog change feed (crates/catalog/src/feed.rs)
//   404.html          for hosts without rewrite rules (GitHub Pages): sends any unknown address
//                     under the site to the planner, keeping its ?query and #fragment
//
// Usage: node scripts/lib/post-build.mjs [DIR]   (DIR defaults to $TRUNK_STAGING_DIR)
import { access, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { cspHash, loadApi, readBuild } from "./build-info.mjs";
import { after, first, splice } from "./html.mjs";
import { scopeCss } from "./scope-css.mjs";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: give the build folder (or run as Trunk's post_build hook)");
  process.exit(2);
}

const out = (name, text) => writeFile(path.join(dir, name), text);
const exists = (name) => access(path.join(dir, name)).then(() => true, () => false);

// --- the API and views modules under content-hashed names ----------------------------------
// (Trunk does not hash a worker's files: their names are chosen at run time.) `portolan-NAME.js`
// and its wasm become `portolan-NAME-<hash>...`, named in <meta name="portolan-NAME-js|wasm">.
async function hashModule(name, what) {
  const stem = `portolan-${name}`;
  if (!(await exists(`${stem}.js`))) {
    if (!first(await readFile(path.join(dir, "index.html"), "utf8"), "meta", { name: `${stem}-js` })) {
      throw new Error(`post-build: the build has no ${what} (${stem}.js); see index.html's rust links`);
    }
    return;
  }
  const js = await readFile(path.join(dir, `${stem}.js`), "utf8");
  const wasmBytes = await readFile(path.join(dir, `${stem}_bg.wasm`));
  const hash = createHash("sha256").update(js).update(wasmBytes).digest("hex").slice(0, 16);
  const base = `${stem}-${hash}`;
  // The glue's default location of its wasm (used when init() is given none).
  await writeFile(path.join(dir, `${base}.js`), js.replaceAll(`${stem}_bg.wasm`, `${base}_bg.wasm`));
  await rm(path.join(dir, `${stem}.js`));
  await rename(path.join(dir, `${stem}_bg.wasm`), path.join(dir, `${base}_bg.wasm`));
  if (await exists(`${stem}.d.ts`)) {
    await rename(path.join(dir, `${stem}.d.ts`), path.join(dir, `${base}.d.ts`));
  }
  const indexFile = path.join(dir, "index.html");
  const index = await readFile(indexFile, "utf8");
  const metas = `<meta name="${stem}-js" content="./${base}.js"><meta name="${stem}-wasm" content="./${base}_bg.wasm">`;
  const withMetas = after(index, first(index, "meta", { name: "portolan-wasm" }), metas);
  if (withMetas === undefined) throw new Error(`post-build: index.html has no <meta name=portolan-wasm> to put the ${what}'s names after`);
  await writeFile(indexFile, withMetas);
}
await hashModule("api", "API module");
await hashModule("views", "views module");

// --- the whole catalog, long texts included -----------------------------------------------
const api = await loadApi(await readBuild(dir));
const { compiled } = api.compileCatalog([]);
if (!compiled) throw new Error("post-build: the API module could not compile the bundled catalog");
const catalogFile = `catalog-${createHash("sha256").update(compiled).digest("hex").slice(0, 16)}.bin`;
await writeFile(path.join(dir, catalogFile), compiled);
{
  const indexFile = path.join(dir, "index.html");
  const index = await readFile(indexFile, "utf8");
  const meta = `<meta name="portolan-catalog-file" content="./${catalogFile}">`;
  const old = first(index, "meta", { name: "portolan-catalog-file" });
  const withMeta = old
    ? splice(index, [{ ...old, text: meta }])
    : after(index, first(index, "meta", { name: "portolan-api-wasm" }), meta);
  if (withMeta === undefined) {
    throw new Error("post-build: index.html has no <meta name=portolan-api-wasm> to put the catalog file's name after");
  }
  await writeFile(indexFile, withMeta);
}

const build = await readBuild(dir);

// --- the JavaScript API under a stable name -------------------------------------------------
await out(
  "api.js",
  `// Portolan's JavaScript API: a stable name for this build's content-hashed modules.
//   import init, { evaluate, exportPlan, formats, mount, version } from "./api.js";
//   await init();   // loads the WebAssembly modules once; then call the functions
// Two modules: the API (evaluate, exportPlan, ...: engine and exporters) and the planner (mount).
// init() loads both; init({ planner: false }) only the API (a page that does not mount the
// planner), init({ api: false }) only the planner (it loads the API when its Export view opens).
// Types: api.d.ts. Documentation: docs/distribution.md in the repository.
import initPlanner from "./${build.js}";
import initApi, * as apiModule from "./${build.apiJs}";
export * from "./${build.apiJs}";
export { mount, Mounted } from "./${build.js}";

let api;
let planner;

/** Loads the API module (once); resolves to its exports. */
function loadApi() {
  api ??= initApi({ module_or_path: new URL("./${build.apiWasm}", import.meta.url) }).then(
    () => apiModule,
    (err) => {
      api = undefined;
      throw err;
    },
  );
  return api;
}

// How a mounted planner finds the API module when its Export view first opens.
globalThis[Symbol.for("portolan.loadApi")] ??= loadApi;
// How it finds the views module (crates/views) when such a view first opens.
let views;
globalThis[Symbol.for("portolan.loadViews")] ??= () => {
  views ??= import("./${build.viewsJs}").then(
    async (module) => {
      await module.default({ module_or_path: new URL("./${build.viewsWasm}", import.meta.url) });
      return module;
    },
  ).catch((err) => {
    views = undefined;
    throw err;
  });
  return views;
};
// How it finds the whole catalog (long texts included) when its plan first has products.
globalThis[Symbol.for("portolan.loadCatalog")] ??= async () => {
  const res = await fetch(new URL("./${catalogFile}", import.meta.url));
  if (!res.ok) throw new Error(\`HTTP \${res.status} for the catalog file\`);
  return new Uint8Array(await res.arrayBuffer());
};

/** Loads the WebAssembly modules (once; later calls return the same promise). */
export default async function init(options) {
  const { planner: withPlanner = true, api: withApi = true } = options ?? {};
  if (withPlanner) planner ??= initPlanner({ module_or_path: new URL("./${build.wasm}", import.meta.url) });
  await Promise.all([withApi ? loadApi() : undefined, withPlanner ? planner : undefined]);
}
`,
);

const dts = build.js.replace(/\.js$/, ".d.ts");
const apiDts = build.apiJs.replace(/\.js$/, ".d.ts");
await out(
  "api.d.ts",
  `// Types of Portolan's JavaScript API (api.js).
export * from "./${build.apiJs}";
export { mount, Mounted } from "./${build.js}";
export type { MountOptions, ThemeVariable } from "./${build.js}";
/** Which modules init() loads; both by default. */
export interface InitOptions {
  /** The API module (evaluate, exportPlan, ...). Default true. */
  api?: boolean;
  /** The planner's module (mount). Default true. */
  planner?: boolean;
}
/** Loads the WebAssembly modules (once). Await it before calling any other function. */
export default function init(options?: InitOptions): Promise<void>;
`,
);

await out("portolan.css", scopeCss(await readFile(path.join(dir, build.css), "utf8")));

// --- version.json ---------------------------------------------------------------------------
const { app, catalog } = api.version();
await out(
  "version.json",
  `${JSON.stringify(
    {
      app,
      catalog,
      files: {
        js: build.js,
        wasm: build.wasm,
        css: build.css,
        types: dts,
        api_js: build.apiJs,
        api_wasm: build.apiWasm,
        api_types: apiDts,
        catalog: catalogFile,
      },
    },
    null,
    2,
  )}\n`,
);

// --- changes.json -------------------------------------------------------------------------
// The catalog change feed: every recorded catalog revision and what changed in it (product,
// fact, releases, impact, citation), like Microsoft 365's endpoint /changes service.
await out("changes.json", `${JSON.stringify(api.changes(), null, 1)}\n`);

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

console.log(`post-build: ${build.apiJs}, ${catalogFile}, api.js, api.d.ts, portolan.css, version.json (${app}, catalog ${catalog}), changes.json, 404.html`);
