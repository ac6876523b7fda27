// Minifies what the planner page loads at first, in place (scripts/lib/build-release.sh runs it
// after `trunk build`): its JavaScript with terser (ES modules: boot.js and the planner's
// wasm-bindgen glue), its CSS with csso (without restructuring, so the order of rules and so the
// cascade stay as written), and index.html without its comments. Then the integrity attributes
// (SRI) that Trunk wrote into index.html are made to match the new contents. The files loaded
// later or by other pages (the API module's glue, api.js, portolan.css) are left as built: the
// offline step reads the API glue's `export function` lines.
//
//   node scripts/lib/minify.mjs DIR
//
// Trunk's own minification (Trunk.toml `minify`) is not used: it also rewrites index.html's
// attribute quoting, which the post-build and offline steps read, and has no per-file opt-out
// for the page itself. The file names keep Trunk's content hashes of the unminified files, which
// still change whenever the contents do.
import { readFile, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { createRequire } from "node:module";
import { nodes, splice } from "./html.mjs";

const dir = process.argv[2];
if (!dir) {
  console.error("minify: give the build folder, e.g. dist");
  process.exit(2);
}
// The minifiers are npm packages of tests/e2e (installed by scripts/lib/setup.sh).
const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const { minify: minifyJs } = require("terser");
const { minify: minifyCss } = require("csso");

const indexFile = path.join(dir, "index.html");
const page = await readFile(indexFile, "utf8");
// the files the page names (a real HTML parser reads it: scripts/lib/html.mjs)
const named = (n) =>
  n.tag === "link" || n.tag === "script"
    ? n.attrs.get("href") ?? n.attrs.get("src")
    : n.tag === "meta" && n.attrs.get("name") === "portolan-js"
      ? n.attrs.get("content")
      : undefined;
const files = [
  ...new Set(
    nodes(page)
      .map(named)
      .filter((f) => f?.startsWith("./"))
      .map((f) => f.slice(2)),
  ),
].sort();
let before = 0;
let after = 0;
for (const name of files) {
  const file = path.join(dir, name);
  let out;
  if (name.endsWith(".js")) {
    const text = await readFile(file, "utf8");
    const result = await minifyJs(text, { module: true, compress: true, mangle: true });
    if (typeof result.code !== "string") throw new Error(`minify: terser gave nothing for ${name}`);
    out = result.code;
    before += text.length;
  } else if (name.endsWith(".css")) {
    const text = await readFile(file, "utf8");
    out = minifyCss(text, { restructure: false }).css;
    before += text.length;
  } else {
    continue;
  }
  after += out.length;
  await writeFile(file, out);
}

// index.html: drop comments (not inside <script> or <style>: the page has none inline), then
// give every integrity attribute the digest of the file its element names.
// (each comment with the spaces before it on its line and the line end after it)
const comments = nodes(page)
  .filter((n) => n.comment)
  .map((n) => {
    const indent = /[ \t]*$/.exec(page.slice(0, n.start))[0].length;
    const newline = page[n.end] === "\n" ? 1 : 0;
    return { start: n.start - indent, end: n.end + newline, text: "" };
  });
let html = splice(page, comments);
const sri = async (rel) => {
  const bytes = await readFile(path.join(dir, rel.replace(/^\.\//, "")));
  return `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
};
const tags = nodes(html).filter(
  (n) => n.attrs?.get("integrity")?.startsWith("sha384-") && (n.attrs.has("href") || n.attrs.has("src")),
);
const edits = [];
for (const n of tags) {
  const digest = await sri(n.attrs.get("href") ?? n.attrs.get("src"));
  const source = html.slice(n.start, n.end);
  edits.push({ ...n, text: source.replace(n.attrs.get("integrity"), () => digest) });
}
html = splice(html, edits);
if (tags.length === 0) throw new Error("minify: index.html has no integrity attributes to update");
await writeFile(indexFile, html);
console.log(`minify: ${files.filter((f) => /\.(js|css)$/.test(f)).join(", ")}: ${before} -> ${after} characters; ${tags.length} integrity attributes updated`);
