// Where a wasm module's bytes are: the size of each function's body, named by the module's name
// section (cargo's output before wasm-bindgen and wasm-opt has one), grouped by Rust path, and
// the data segments. Compares two builds when given two files.
//
//   node scripts/lib/wasm-sizes.mjs target/wasm32-unknown-unknown/wasm-release/portolan-planner.wasm
//   node scripts/lib/wasm-sizes.mjs --depth 3 --top 40 before.wasm after.wasm
//   node scripts/lib/wasm-sizes.mjs --owner --depth 3 --gzip target/.../portolan-planner.wasm
//
// A function counts for the first path in its demangled name (`<toml::de::X as serde::Y>::f`
// is `toml::de`, `core::ptr::drop_in_place<portolan::ui::Z>` is `core::ptr`); `--owner` counts
// it instead for the first `portolan…` path anywhere in the name, so generic instances land with
// the code that made them. Sizes are before wasm-opt (which shrinks everything by about a third
// and inlines), so read them as proportions.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const depth = Number(opt("--depth", "2"));
const top = Number(opt("--top", "30"));
const owner = flag("--owner");
const functions = flag("--functions");
// `--gzip`: also what each group adds to the gzip -9 size of all function bodies together (the
// size of all minus the size without the group): closer to what a download pays than raw bytes.
const gzip = flag("--gzip");

function reader(bytes) {
  let pos = 0;
  const r = {
    get pos() {
      return pos;
    },
    set pos(p) {
      pos = p;
    },
    u8: () => bytes[pos++],
    leb() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[pos++];
        result += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (!(b & 0x80)) return result;
      }
    },
    str() {
      const n = r.leb();
      const s = new TextDecoder().decode(bytes.subarray(pos, pos + n));
      pos += n;
      return s;
    },
  };
  return r;
}

// Function sizes by index, names by index, and the data segments' total.
function read(file) {
  const bytes = readFileSync(file);
  const r = reader(bytes);
  r.pos = 8;
  let imported = 0;
  const sizes = [];
  const bodies = [];
  const names = new Map();
  let data = 0;
  while (r.pos < bytes.length) {
    const id = r.u8();
    const len = r.leb();
    const end = r.pos + len;
    if (id === 2) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        r.str();
        r.str();
        const kind = r.u8();
        if (kind === 0) {
          r.leb();
          imported++;
        } else if (kind === 1) {
          r.u8();
          const f = r.u8();
          r.leb();
          if (f & 1) r.leb();
        } else if (kind === 2) {
          const f = r.u8();
          r.leb();
          if (f & 1) r.leb();
        } else if (kind === 3) {
          r.u8();
          r.u8();
        } else {
          r.u8();
          r.leb();
        }
      }
    } else if (id === 10) {
      const n = r.leb();
      for (let i = 0; i < n; i++) {
        const size = r.leb();
        sizes[imported + i] = size;
        bodies[imported + i] = bytes.subarray(r.pos, r.pos + size);
        r.pos += size;
      }
    } else if (id === 11) {
      data = len;
    } else if (id === 0) {
      const name = r.str();
      if (name === "name") {
        while (r.pos < end) {
          const sub = r.u8();
          const subLen = r.leb();
          const subEnd = r.pos + subLen;
          if (sub === 1) {
            const n = r.leb();
            for (let i = 0; i < n; i++) {
              const idx = r.leb();
              names.set(idx, r.str());
            }
          }
          r.pos = subEnd;
        }
      }
    }
    r.pos = end;
  }
  return { sizes, bodies, names, data };
}

// Rust's v0 mangling (`_R...`, the nightly standard library's): the paths it names, in order,
// joined by " / " (each crate root and the identifiers that follow it; enough to group by).
function demangleV0(name) {
  const paths = [];
  const root = /C(?:s[0-9a-zA-Z]*_)?(?=\d)/g;
  let m;
  while ((m = root.exec(name))) {
    let i = root.lastIndex;
    const parts = [];
    while (/[0-9]/.test(name[i] ?? "")) {
      let n = 0;
      while (/[0-9]/.test(name[i])) n = n * 10 + Number(name[i++]);
      if (name[i] === "_") i++;
      parts.push(name.slice(i, i + n));
      i += n;
    }
    if (parts.length) paths.push(parts.join("::"));
    root.lastIndex = Math.max(i, root.lastIndex);
  }
  return paths.length ? paths.join(" / ") : name;
}

// Rust's legacy mangling (`_ZN...E`) to a path; v0 and plain names are kept.
function demangle(name) {
  if (name.startsWith("_R")) return demangleV0(name);
  if (!name.startsWith("_ZN")) return name;
  let i = 3;
  const parts = [];
  while (i < name.length && name[i] !== "E") {
    let n = 0;
    while (/[0-9]/.test(name[i])) n = n * 10 + Number(name[i++]);
    parts.push(name.slice(i, i + n));
    i += n;
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  return parts
    .join("::")
    .replace(/(^|::)_(?=\$)/g, "$1")
    .replace(/\$LT\$/g, "<")
    .replace(/\$GT\$/g, ">")
    .replace(/\$u20\$/g, " ")
    .replace(/\$C\$/g, ",")
    .replace(/\$RF\$/g, "&")
    .replace(/\$BP\$/g, "*")
    .replace(/\$u5b\$/g, "[")
    .replace(/\$u5d\$/g, "]")
    .replace(/\$u7b\$/g, "{")
    .replace(/\$u7d\$/g, "}")
    .replace(/\$u27\$/g, "'")
    .replace(/\.\./g, "::");
}

function group(name) {
  const clean = demangle(name);
  if (owner) {
    const m = clean.match(/portolan[a-z_]*(::[A-Za-z_][A-Za-z0-9_]*)*/);
    if (m) return m[0].split("::").slice(0, depth).join("::");
  }
  const m = clean.replace(/^[<&[\s*]+(mut |dyn |const )?/, "").match(/^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/);
  if (!m) return "(unnamed)";
  return m[0].split("::").slice(0, depth).join("::");
}

function tally(file) {
  const { sizes, bodies, names, data } = read(file);
  const groups = new Map();
  const fns = new Map();
  const keyOf = [];
  let total = 0;
  sizes.forEach((size, idx) => {
    if (size === undefined) return;
    const name = names.get(idx) ?? `func${idx}`;
    const key = group(name);
    keyOf[idx] = key;
    groups.set(key, (groups.get(key) ?? 0) + size);
    const fn = demangle(name);
    fns.set(fn, (fns.get(fn) ?? 0) + size);
    total += size;
  });
  groups.set("(data segments)", data);
  const zipped = new Map();
  if (gzip) {
    const all = (skip) => gzipSync(Buffer.concat(bodies.filter((b, i) => b && keyOf[i] !== skip)), { level: 9 }).length;
    const whole = all(null);
    for (const [k] of [...groups].sort((x, y) => y[1] - x[1]).slice(0, top)) zipped.set(k, whole - all(k));
    zipped.set("(all function bodies)", whole);
  }
  return { groups, fns, total: total + data, zipped };
}

const pad = (v, n = 9) => String(v).padStart(n);
const [a, b] = args.map(tally);
const pick = (t) => (functions ? t.fns : t.groups);
if (!b) {
  for (const [k, v] of [...pick(a)].sort((x, y) => y[1] - x[1]).slice(0, top)) {
    const z = a.zipped.has(k) ? `${pad(a.zipped.get(k), 7)} gz  ` : "";
    console.log(`${pad(v)}  ${z}${k}`);
  }
  if (gzip) console.log(`${pad(a.zipped.get("(all function bodies)"), 9)} gzip -9 of all function bodies`);
  console.log(`${pad(a.total)}  total (function bodies and data)`);
} else {
  const keys = new Set([...pick(a).keys(), ...pick(b).keys()]);
  const rows = [...keys].map((k) => [k, pick(a).get(k) ?? 0, pick(b).get(k) ?? 0]);
  rows.sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
  for (const [k, x, y] of rows.slice(0, top)) console.log(`${pad(x)} ${pad(y)} ${pad((y - x > 0 ? "+" : "") + (y - x))}  ${k}`);
  console.log(`${pad(a.total)} ${pad(b.total)} ${pad(b.total - a.total)}  total`);
}
