// Groups `twiggy top -f csv` output by crate (and `portolan::<module>` for our own code):
//
//   twiggy top -f csv target/wasm32-unknown-unknown/release/portolan.wasm \
//     | node scripts/lib/size-by-crate.mjs
//
// A function is counted for the first path in its name (`<toml::de::X as serde::Y>::f` is
// `toml`, `core::ptr::drop_in_place<toml::Z>` is `core`); names without a path (sections,
// data segments, `memcpy`) are "other". The last line sums every function whose name mentions
// `toml` or `serde_spanned` anywhere, generic instances in other crates included.
import { readFileSync } from "node:fs";

const rows = readFileSync(0, "utf8").split("\n").slice(1).filter(Boolean);
const groups = new Map();
let toml = 0;
let total = 0;
for (const row of rows) {
  const m = row.match(/^(.*),(\d+),[\d.]+,[\d.]*,[\d.]*$/);
  if (!m) continue;
  const name = m[1].replace(/^"|"$/g, "").replace(/""/g, '"');
  const bytes = Number(m[2]);
  total += bytes;
  const path = name.replace(/^[<&\[\s]+/, "").match(/^([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*)?/);
  let key = "other (sections, data, unnamed)";
  if (path) key = path[1] === "portolan" && path[2] ? `portolan::${path[2]}` : path[1];
  groups.set(key, (groups.get(key) ?? 0) + bytes);
  if (path && /toml|serde_spanned/.test(name)) toml += bytes;
}
const sorted = [...groups].sort((a, b) => b[1] - a[1]);
for (const [k, v] of sorted) console.log(`${String(v).padStart(9)}  ${k}`);
console.log(`${String(total).padStart(9)}  total`);
console.log(`${String(toml).padStart(9)}  functions naming toml/serde_spanned (any crate)`);
