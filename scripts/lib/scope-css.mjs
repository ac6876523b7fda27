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
// The stylesheet is read and written with css-tree (an npm package of tests/e2e, installed by
// scripts/lib/setup.sh); declaration values are kept as written (`parseValue: false`).
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const csstree = require("css-tree");

/** At-rules whose rules are style rules to scope (others, e.g. @keyframes, are kept as they are). */
const GROUPING = new Set(["media", "supports", "container", "layer"]);

/** `:root`, `html` or `body`: the nodes that become the scope element itself. */
const isTop = (node) =>
  (node?.type === "PseudoClassSelector" && node.name === "root" && !node.children) ||
  (node?.type === "TypeSelector" && (node.name === "html" || node.name === "body"));

/** `@media print` (the whole query list is `print`). */
const isPrint = (atrule) =>
  atrule.name === "media" && atrule.prelude && csstree.generate(atrule.prelude).trim() === "print";

/** One complex selector (a `Selector` node) scoped to `scope` (a `Selector` node), in place. */
function scopeSelector(selector, scope) {
  const parts = selector.children;
  const first = parts.first;
  const scopeNodes = () => csstree.clone(scope).children.toArray();
  if (!isTop(first)) {
    parts.prependList(new csstree.List().fromArray([...scopeNodes(), { type: "Combinator", name: " " }]));
    return;
  }
  // `html body ...`: both are the element
  const head = parts.head;
  const [space, next] = [head.next?.data, head.next?.next?.data];
  if (first.type === "TypeSelector" && first.name === "html" && space?.type === "Combinator" && space.name === " " && next?.type === "TypeSelector" && next.name === "body") {
    parts.shift();
    parts.shift();
  }
  parts.shift();
  parts.prependList(new csstree.List().fromArray(scopeNodes()));
}

/** The declarations of one rule: `--portolan-*` read as `--pl-*`; on a `:root` rule each
 *  `--pl-x: v` becomes `--pl-x: var(--portolan-x, v)`, so a host's value wins. */
function renameVariables(block, isRoot) {
  block.children.forEach((decl) => {
    if (decl.type !== "Declaration") return;
    decl.property = decl.property.replaceAll("--portolan-", "--pl-");
    if (decl.value.type !== "Raw") decl.value = { type: "Raw", value: csstree.generate(decl.value) };
    decl.value.value = decl.value.value.replaceAll("--portolan-", "--pl-");
    if (isRoot && decl.property.startsWith("--pl-")) {
      const name = decl.property.slice("--pl-".length);
      decl.value.value = ` var(--portolan-${name}, ${decl.value.value.trim()})`;
    }
  });
}

/** The stylesheet with every rule scoped to `scope` (default `.portolan`). */
export function scopeCss(css, scope = ".portolan") {
  const ast = csstree.parse(css, { parseValue: false, parseCustomProperty: false });
  const scopeSel = csstree.parse(scope, { context: "selector" });
  csstree.walk(ast, {
    visit: "Atrule",
    enter(node, item, list) {
      if (isPrint(node) && list) list.remove(item);
    },
  });
  csstree.walk(ast, {
    visit: "Rule",
    enter(rule) {
      if (this.atrule && !GROUPING.has(this.atrule.name)) return;
      if (rule.prelude.type !== "SelectorList") throw new Error(`scope-css: cannot read the selector of a rule`);
      const isRoot = rule.prelude.children.some((s) => s.children.first?.type === "PseudoClassSelector" && s.children.first.name === "root");
      rule.prelude.children.forEach((selector) => scopeSelector(selector, scopeSel));
      renameVariables(rule.block, isRoot);
    },
  });
  return `/* Portolan's stylesheet for pages that mount() the planner: every rule is scoped to the\n   element with the class "portolan"; theme it with the --portolan-* variables. */\n${csstree.generate(ast)}\n`;
}
