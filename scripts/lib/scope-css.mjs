// Scopes the planner's stylesheet to one element, for pages that mount() the planner: every rule
// applies inside the element with the class `portolan` and nowhere else on the host's page.
//
//   :root, html, body  → the planner's element itself (`:root:not(.scheme-light)` → `.portolan:not(.scheme-light)`,
//                        `html.embed .site-header` → `.portolan.embed .site-header`)
//   anything else      → a descendant of it (`table` → `.portolan table`)
//   @media print       → dropped (a host's print-out shows the planner as on screen)
//
// The theming variables stay the public interface: internally the stylesheet reads --pl-*
// variables, each defaulting to the host's --portolan-* value, so a host may set --portolan-*
// on the element or on any ancestor (even :root) and it wins over the planner's defaults.
//
// A small parser for the plain CSS we write (rules, @media/@supports blocks, comments, strings);
// not a general CSS parser.

/** Splits at `sep` outside parentheses, brackets and strings. */
function splitTop(text, sep) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth += 1;
    else if (c === ")" || c === "]") depth -= 1;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index of the `}` that closes the block opened just before `from`. */
function blockEnd(css, from) {
  let depth = 1;
  let quote = null;
  for (let i = from; i < css.length; i += 1) {
    const c = css[i];
    if (quote) {
      if (c === "\\") i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "{") depth += 1;
    else if (c === "}" && (depth -= 1) === 0) return i;
  }
  throw new Error("scope-css: unbalanced braces");
}

function scopeSelector(selector, scope) {
  const s = selector.trim();
  const m = s.match(/^(:root|html|body)(?![\w-])([\s\S]*)$/);
  if (!m) return `${scope} ${s}`;
  let rest = m[2];
  const body = m[1] === "html" && rest.match(/^\s+body(?![\w-])([\s\S]*)$/);
  if (body) rest = body[1];
  return scope + rest;
}

function scopeRules(css, scope) {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    const semi = css.indexOf(";", i);
    if (open === -1) break;
    if (semi !== -1 && semi < open) {
      // A statement at-rule (@import, @charset): keep it.
      out += `${css.slice(i, semi + 1).trim()}\n`;
      i = semi + 1;
      continue;
    }
    const prelude = css.slice(i, open).trim();
    const end = blockEnd(css, open + 1);
    const body = css.slice(open + 1, end);
    i = end + 1;
    if (prelude.startsWith("@")) {
      if (/^@media\s+print\b/.test(prelude)) continue;
      if (/^@(media|supports|container|layer)\b/.test(prelude)) {
        out += `${prelude} {\n${scopeRules(body, scope)}}\n`;
      } else {
        out += `${prelude} {${body}}\n`;
      }
      continue;
    }
    const selectors = splitTop(prelude, ",");
    const isRoot = selectors.some((s) => s.trim().startsWith(":root"));
    let decls = body.trim();
    if (decls && !decls.endsWith(";")) decls += ";";
    decls = decls.replaceAll("--portolan-", "--pl-");
    if (isRoot) {
      decls = decls.replace(/(--pl-([\w-]+))\s*:\s*([^;]+);/g, "$1: var(--portolan-$2, $3);");
    }
    out += `${selectors.map((s) => scopeSelector(s, scope)).join(",\n")} {\n  ${decls}\n}\n`;
  }
  return out;
}

/** The stylesheet with every rule scoped to `scope` (default `.portolan`). */
export function scopeCss(css, scope = ".portolan") {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  return `/* Portolan's stylesheet for pages that mount() the planner: every rule is scoped to the\n   element with the class "portolan"; theme it with the --portolan-* variables. */\n${scopeRules(text, scope)}`;
}
