// The JavaScript API's TypeScript declarations: the report's types in crates/api/src/report.d.ts
// and the plan's, diagnostics', diffs' and artifacts' in crates/api/src/api-types.d.ts are the ones
// generated from their JSON Schemas (scripts/lib/api-types.mjs), and an example
// page's use of the API (typescript/api-example.ts) type-checks against the build's api.d.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate, generateApi } from "../../scripts/lib/api-types.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

test("the committed report.d.ts is the one generated from the report's schema", async () => {
  const committed = await readFile(path.join(root, "crates/api/src/report.d.ts"), "utf8");
  assert.equal(committed, await generate(), "run: node scripts/lib/api-types.mjs");
});

test("the committed api-types.d.ts is the one generated from the API's schema", async () => {
  const committed = await readFile(path.join(root, "crates/api/src/api-types.d.ts"), "utf8");
  assert.equal(committed, await generateApi(), "run: node scripts/lib/api-types.mjs");
});

test("an example that uses the JS API type-checks against api.d.ts (tsc --noEmit)", async () => {
  const tsc = path.join(here, "node_modules/.bin/tsc");
  const args = [
    "--noEmit",
    "--strict",
    "--target", "es2022",
    "--module", "esnext",
    "--moduleResolution", "bundler",
    "--lib", "esnext,dom",
    path.join(here, "typescript/api-example.ts"),
  ];
  try {
    await promisify(execFile)(tsc, args, { cwd: root });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  }
});
