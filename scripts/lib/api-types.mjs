// The TypeScript declarations of the report for the JavaScript API (api.d.ts), generated from the
// report's JSON Schema (schema/report-2.schema.json, itself generated from the Rust types with
// schemars and compared by a test) with json-schema-to-typescript (an npm package of tests/e2e,
// installed by scripts/lib/setup.sh). The output is committed as crates/api/src/report.d.ts and
// included into api.d.ts by crates/api/src/lib.rs (`include_str!`).
//
//   node scripts/lib/api-types.mjs           write crates/api/src/report.d.ts
//   node scripts/lib/api-types.mjs --check   exit 1 when the committed file is not the generated one
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const { compile } = require("json-schema-to-typescript");

const root = new URL("../../", import.meta.url);
const schemaFile = new URL("schema/report-2.schema.json", root);
const outFile = new URL("crates/api/src/report.d.ts", root);

/** The declarations generated from the report's schema. */
export async function generate() {
  const schema = JSON.parse(await readFile(schemaFile, "utf8"));
  // the root type's name (its title is a sentence)
  schema.title = "Report";
  const ts = await compile(schema, "Report", {
    bannerComment:
      "/* The report's types, generated from schema/report-2.schema.json by scripts/lib/api-types.mjs: do not edit. */",
    additionalProperties: false,
    unreachableDefinitions: true,
    format: true,
    style: { printWidth: 100 },
  });
  return ts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ts = await generate();
  if (process.argv.includes("--check")) {
    const committed = await readFile(outFile, "utf8").catch(() => "");
    if (committed !== ts) {
      console.error("crates/api/src/report.d.ts is not the generated one: run node scripts/lib/api-types.mjs");
      process.exit(1);
    }
  } else {
    await writeFile(outFile, ts);
  }
}
