// Starts the planner. Trunk names the generated loader and wasm files (with content hashes) in
// two <meta> tags; this external module loads them, so the page needs no inline script and its
// Content-Security-Policy can allow scripts from 'self' only.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content");

// Embedded in an iframe in compact mode (`?embed=1`, which puts the class `embed` on <html>),
// tell the parent window how tall the content is, so the host can size the frame to it:
// `{type: "portolan:height", height}` (CSS pixels). Only a number leaves the frame.
function reportHeight() {
  if (window.parent === window || typeof ResizeObserver !== "function") return;
  let last = -1;
  const post = () => {
    if (!document.documentElement.classList.contains("embed")) return;
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "portolan:height", height }, "*");
  };
  new ResizeObserver(post).observe(document.body);
}

// The JavaScript API's module (engine and exporters) is not loaded with the planner: the planner
// asks for it when its Export view first opens, through this function (src/ui/lazy_api.rs).
// Resolves to the module's exports, initialised; after a failure the next call tries again.
let apiLoading;
function loadApi() {
  apiLoading ??= (async () => {
    const js = meta("portolan-api-js");
    const wasm = meta("portolan-api-wasm");
    if (!js || !wasm) throw new Error("the page does not name the export module's files");
    const api = await import(new URL(js, document.baseURI).href);
    await api.default({ module_or_path: new URL(wasm, document.baseURI) });
    return api;
  })().catch((err) => {
    apiLoading = undefined;
    throw err;
  });
  return apiLoading;
}
globalThis[Symbol.for("portolan.loadApi")] = loadApi;

// The views module (crates/views: the rarely opened views, such as Import), loaded when such a
// view first opens (src/ui/lazy_views.rs). Resolves to its exports, initialised; after a failure
// the next call tries again.
let viewsLoading;
globalThis[Symbol.for("portolan.loadViews")] = () => {
  viewsLoading ??= (async () => {
    const js = meta("portolan-views-js");
    const wasm = meta("portolan-views-wasm");
    if (!js || !wasm) throw new Error("the page does not name the views module's files");
    const views = await import(new URL(js, document.baseURI).href);
    await views.default({ module_or_path: new URL(wasm, document.baseURI) });
    return views;
  })().catch((err) => {
    viewsLoading = undefined;
    throw err;
  });
  return viewsLoading;
};

// The whole catalog, long texts included: the planner's module carries it without them and asks
// for this file when a plan first has products (src/ui/lazy_catalog.rs), and the views module
// when a view opens. Resolves to its bytes, fetched once (after a failure the next call tries
// again).
let catalogLoading;
globalThis[Symbol.for("portolan.loadCatalog")] = () => {
  catalogLoading ??= (async () => {
    const file = meta("portolan-catalog-file");
    if (!file) throw new Error("the page does not name the catalog file");
    const res = await fetch(new URL(file, document.baseURI));
    if (!res.ok) throw new Error(`HTTP ${res.status} for the catalog file`);
    return new Uint8Array(await res.arrayBuffer());
  })().catch((err) => {
    catalogLoading = undefined;
    throw err;
  });
  return catalogLoading;
};

// The JavaScript API, for scripting the planner from the browser's console:
// `await portolan.load()`, then `portolan.evaluate(plan)`, `portolan.exportPlan(plan, "csv")`,
// `portolan.version()`. load() resolves to `portolan` itself.
window.portolan = {
  async load() {
    const api = await loadApi();
    for (const [name, value] of Object.entries(api)) {
      if (typeof value === "function" && name !== "default" && name !== "initSync") window.portolan[name] = value;
    }
    return window.portolan;
  },
};

try {
  reportHeight();
  const js = meta("portolan-js");
  const wasm = meta("portolan-wasm");
  if (!js || !wasm) throw new Error("the page does not name the application files");
  const planner = await import(new URL(js, document.baseURI).href);
  await planner.default({ module_or_path: new URL(wasm, document.baseURI) });
} catch (err) {
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = `Portolan could not start: ${err}`;
  document.body.append(p);
  throw err;
}
