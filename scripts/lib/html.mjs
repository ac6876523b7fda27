// index.html read with a real HTML parser (parse5, from tests/e2e's npm packages) instead of
// regular expressions: the build scripts find elements and comments by name and attributes and
// edit the page at their exact source positions, so everything else stays as Trunk wrote it.
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const { parse } = require("parse5");

/**
 * The page's elements and comments in document order: `{ tag, attrs, start, end }` for an
 * element (attrs: name → value; start/end: the element's source offsets, end tag included)
 * and `{ comment: true, start, end }` for a comment.
 */
export function nodes(html) {
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes ?? []) {
      const loc = child.sourceCodeLocation;
      if (child.nodeName === "#comment" && loc) {
        out.push({ comment: true, start: loc.startOffset, end: loc.endOffset });
      } else if (child.tagName && loc) {
        const attrs = new Map(child.attrs.map((a) => [a.name, a.value]));
        out.push({ tag: child.tagName, attrs, start: loc.startOffset, end: loc.endOffset });
      }
      walk(child.content ?? child);
    }
  };
  walk(parse(html, { sourceCodeLocationInfo: true }));
  return out;
}

/** The elements named `tag` whose attributes include every one of `attrs` (name → value). */
export function find(html, tag, attrs = {}) {
  return nodes(html).filter(
    (n) => n.tag === tag && Object.entries(attrs).every(([k, v]) => n.attrs.get(k) === v),
  );
}

/** The first element `tag` with `attrs`, or `undefined`. */
export function first(html, tag, attrs = {}) {
  return find(html, tag, attrs)[0];
}

/**
 * `html` with each node of `edits` (`{ start, end, text }`, from `nodes`/`find`) replaced by
 * its `text` (`""` removes it; `start === end` inserts). Edits must not overlap.
 */
export function splice(html, edits) {
  let out = html;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return out;
}

/** `html` with `text` inserted right after the element (or `undefined` if there is none). */
export function after(html, element, text) {
  return element ? splice(html, [{ start: element.end, end: element.end, text }]) : undefined;
}
