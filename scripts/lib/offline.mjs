// Turns a release build (dist/) into ONE self-contained HTML file that works when opened from disk
// (file://) with no server: both wasm modules (the planner's and the API's, base64), their
// wasm-bindgen JavaScript, the CSS and the icon are inlined; the catalog is compiled into the wasm
// (without its long texts; the whole catalog is inlined too, for plans with products).
// Nothing is fetched: the modules are instantiated from the inlined bytes (the API's on first use).
//
// The page's Content-Security-Policy allows exactly what the file holds: its two module scripts
// and its one stylesheet by their SHA-256 hashes (computed here), 'wasm-unsafe-eval' to compile the
// module, data: images for the icon, and nothing else (no connections at all).
//
// Usage: node scripts/lib/offline.mjs [DIST] [OUT]
//        (defaults: dist, dist-offline/portolan-offline.html; run by scripts/offline)
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { cspHash, loadApi, readBuild } from "./build-info.mjs";
import { first, nodes, splice } from "./html.mjs";

const dist = path.resolve(process.argv[2] ?? "dist");
const outFile = path.resolve(process.argv[3] ?? "dist-offline/portolan-offline.html");

const fail = (msg) => {
  console.error(`offline: ${msg}`);
  process.exit(1);
};

const build = await readBuild(dist);
const { app, catalog } = (await loadApi(build)).version();
const read = (name, enc) => readFile(path.join(dist, name), enc);

// --- the planner's module script: wasm-bindgen's JS, then a loader that instantiates the
// inlined bytes; and the API module's script (engine and exporters), whose bytes are inlined too
// but instantiated only when the planner (its Export view) or the console first asks for them.
const initName = (js, file) => {
  const m = js.match(/export\s*\{[^}]*\b(\w+)\s+as\s+default\b[^}]*\}/);
  if (!m) fail(`${file}: cannot find the module's default export (its init function)`);
  return m[1];
};
// Base64 text of a <script type="application/octet-stream"> to bytes.
const decode = (id) => `(() => {
    const binary = atob(document.getElementById("${id}").textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  })()`;

let js = await read(build.js, "utf8");
const loader = `
// ---- Portolan offline loader: instantiate the wasm inlined in this file (no fetch). ----
try {
  await ${initName(js, build.js)}({ module_or_path: ${decode("portolan-wasm")} });
} catch (err) {
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = \`Portolan could not start: \${err}\`;
  document.body.append(p);
  throw err;
}
`;
js = `${js}\n${loader}`;

let apiJs = await read(build.apiJs, "utf8");
// Everything the API module exports (functions, and classes such as TableImport), for
// window.portolan and the planner.
const names = [...apiJs.matchAll(/^export (?:async )?(?:function|class) (\w+)/gm)].map((m) => m[1]).filter((n) => n !== "initSync");
for (const needed of ["evaluate", "exportPlan", "version"]) {
  if (!names.includes(needed)) fail(`${build.apiJs} does not export \`${needed}\``);
}
const apiLoader = `
// ---- Portolan offline loader of the API module: on first use, from the bytes in this file. ----
{
  let loading;
  const load = () => {
    loading ??= ${initName(apiJs, build.apiJs)}({ module_or_path: ${decode("portolan-api-wasm")} }).then(
      () => ({ ${names.join(", ")} }),
      (err) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  };
  // How the planner finds it (src/ui/lazy_api.rs).
  globalThis[Symbol.for("portolan.loadApi")] = load;
  // And the whole catalog, long texts included, when a plan first has products
  // (src/ui/lazy_catalog.rs): the bytes in this file.
  globalThis[Symbol.for("portolan.loadCatalog")] = async () => ${decode("portolan-catalog-bytes")};
  // The JavaScript API, for scripting the planner from the browser's console:
  // \`await portolan.load()\`, then \`portolan.evaluate(plan)\`, \`portolan.version()\`.
  window.portolan = {
    async load() {
      Object.assign(window.portolan, await load());
      return window.portolan;
    },
  };
}
`;
apiJs = `${apiJs}\n${apiLoader}`;

let viewsJs = await read(build.viewsJs, "utf8");
if (!/^export function mountView\b/m.test(viewsJs)) fail(`${build.viewsJs} does not export \`mountView\``);
viewsJs = `${viewsJs}
// ---- Portolan offline loader of the views module: on first use, from the bytes in this file. ----
{
  let loading;
  // How the planner finds it (src/ui/lazy_views.rs) when a view of it first opens.
  globalThis[Symbol.for("portolan.loadViews")] = () => {
    loading ??= ${initName(viewsJs, build.viewsJs)}({ module_or_path: ${decode("portolan-views-wasm")} }).then(
      () => ({ mountView }),
      (err) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  };
}
`;

// Inline <script> and <style> text must not end its element early.
const unsafe = (text) => /<\/(script|style)|<!--|<script/i.test(text);
if (unsafe(js)) fail(`${build.js} contains "</script", "<script" or "<!--"; it cannot be inlined as is`);
if (unsafe(apiJs)) fail(`${build.apiJs} contains "</script", "<script" or "<!--"; it cannot be inlined as is`);
if (unsafe(viewsJs)) fail(`${build.viewsJs} contains "</script", "<script" or "<!--"; it cannot be inlined as is`);

// --- the page's elements, found by a real HTML parser (scripts/lib/html.mjs) -----------------
const page = nodes(build.html);
const styles = page.filter((n) => n.tag === "link" && n.attrs.get("rel") === "stylesheet");
const css = await Promise.all(styles.map((n) => read(n.attrs.get("href").replace(/^\.\//, ""), "utf8")));
for (const [i, text] of css.entries()) {
  if (unsafe(text)) fail(`${styles[i].attrs.get("href")} contains "</style"; it cannot be inlined as is`);
}
const iconMime = build.icon.endsWith(".svg") ? "image/svg+xml" : build.icon.endsWith(".png") ? "image/png" : "image/x-icon";
const icon = `<link rel="icon" href="data:${iconMime};base64,${(await read(build.icon)).toString("base64")}">`;
// What loads files goes: the loader meta tags, boot.js and other scripts with a `src`, preloads,
// and the comments (with the white space after them).
const LOADER_METAS = ["portolan-js", "portolan-wasm", "portolan-api-js", "portolan-api-wasm", "portolan-views-js", "portolan-views-wasm", "portolan-catalog-file"];
const dropped = (n) =>
  n.comment ||
  (n.tag === "meta" && LOADER_METAS.includes(n.attrs.get("name"))) ||
  (n.tag === "script" && n.attrs.has("src")) ||
  (n.tag === "link" && ["modulepreload", "preload"].includes(n.attrs.get("rel")));
const edits = [];
for (const n of page) {
  if (n.tag === "link" && n.attrs.get("rel") === "stylesheet") {
    edits.push({ ...n, text: `<style>__STYLE_${styles.indexOf(n)}__</style>` });
  } else if (n.tag === "link" && n.attrs.get("rel") === "icon") {
    edits.push({ ...n, text: icon });
  } else if (dropped(n)) {
    const end = n.comment ? n.end + (/^\s*/.exec(build.html.slice(n.end))?.[0].length ?? 0) : n.end;
    edits.push({ start: n.start, end, text: "" });
  }
}
let html = splice(build.html, edits);

const csp = [
  "default-src 'none'",
  `script-src ${cspHash(apiJs)} ${cspHash(viewsJs)} ${cspHash(js)} 'wasm-unsafe-eval'`,
  `style-src ${css.map(cspHash).join(" ")}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const cspMeta = first(html, "meta", { "http-equiv": "Content-Security-Policy" });
if (!cspMeta) fail("index.html has no CSP meta tag");
const charset = first(html, "meta", { charset: "utf-8" });
if (!charset) fail("index.html has no <meta charset=utf-8>");
html = splice(html, [
  { ...cspMeta, text: `<meta http-equiv="Content-Security-Policy" content="${csp}">` },
  {
    ...charset,
    text:
      `<meta charset="utf-8">\n    <meta name="generator" content="Portolan ${app} (catalog ${catalog}), offline single file">` +
      `\n    <meta name="portolan-version" content="${app}">\n    <meta name="portolan-catalog" content="${catalog}">`,
  },
]);

// Whatever still points at a file would be fetched relative to the file: refuse to write it.
const leftover = nodes(html).find((n) =>
  ["src", "href"].some((k) => n.attrs?.has(k) && !n.attrs.get(k).startsWith("data:")),
);
if (leftover) fail(`index.html still refers to a file after inlining: <${leftover.tag}> ${html.slice(leftover.start, leftover.end).slice(0, 120)}`);

const wasm = (await read(build.wasm)).toString("base64");
const apiWasm = (await read(build.apiWasm)).toString("base64");
const viewsWasm = (await read(build.viewsWasm)).toString("base64");
const catalogFile = first(build.html, "meta", { name: "portolan-catalog-file" })?.attrs.get("content")?.replace(/^\.\//, "");
if (!catalogFile) fail("index.html does not name the catalog file (<meta name=portolan-catalog-file>)");
const catalogBytes = (await read(catalogFile)).toString("base64");
// The API module's script first: module scripts run in document order, so its loader is
// registered before the planner starts.
html = html
  .replace(/__STYLE_(\d+)__/g, (_, i) => css[Number(i)])
  .replace(
    "</body>",
    () =>
      `  <script type="application/octet-stream" id="portolan-wasm">${wasm}</script>\n` +
      `    <script type="application/octet-stream" id="portolan-api-wasm">${apiWasm}</script>\n` +
      `    <script type="application/octet-stream" id="portolan-views-wasm">${viewsWasm}</script>\n` +
      `    <script type="application/octet-stream" id="portolan-catalog-bytes">${catalogBytes}</script>\n` +
      `    <script type="module">${apiJs}</script>\n` +
      `    <script type="module">${viewsJs}</script>\n` +
      `    <script type="module">${js}</script>\n  </body>`,
  );
html = `<!doctype html>\n<!-- Portolan ${app}, catalog ${catalog}: the firewall-requirements planner in one file.\n     Open it in a browser; it needs no server and makes no network request. -->\n${html.replace(/^<!doctype html>\s*/i, "")}`;

await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(outFile, html);
const size = Buffer.byteLength(html);
const gz = gzipSync(html, { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(
  `offline: ${path.relative(process.cwd(), outFile)}  ${size} B (${kib(size)}), gzip -9 ${gz} B (${kib(gz)})  Portolan ${app}, catalog ${catalog}`,
);
