// Runs the end-to-end tests with node's built-in test runner and ends with the line
// `N passed, N failed` (CI reads it). Exit status 1 when anything failed.
//
//   node run.mjs              every *.test.mjs file
//   node run.mjs offline ui   only the files whose names contain one of the words
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs"))
  .filter((f) => only.length === 0 || only.some((w) => f.includes(w)))
  .sort()
  .map((f) => path.join(here, f));

let passed = 0;
let failed = 0;
// Count tests, not the files or suites that hold them.
const isTest = (data) => data.details?.type !== "suite" && !files.includes(data.name);

const stream = run({ files, concurrency: 1 });
stream.on("test:pass", (data) => {
  if (isTest(data) && !data.skip && !data.todo) passed += 1;
});
stream.on("test:fail", (data) => {
  // A file that fails outside any test (a syntax error, a failing before()) counts as a failure.
  if (isTest(data) || data.details?.error?.failureType !== "subtestsFailed") failed += 1;
});
const report = stream.compose(spec);
report.pipe(process.stdout);
report.on("end", () => {
  if (passed + failed === 0) failed += 1; // no test ran at all: that is a failure too
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
});
