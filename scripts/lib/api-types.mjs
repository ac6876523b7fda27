// The TypeScript declarations of the JavaScript API (api.d.ts), generated from JSON Schemas that
// are themselves generated from the Rust types with schemars and compared by tests:
//   - the report's (schema/report-2.schema.json, tests/report_schema.rs) -> crates/api/src/report.d.ts
//   - the API's other types: Plan, Diagnostic, Diff, Artifact, ExportOptions, ChangeFeed,
//     ChangesSince, Upgrade, UpgradeView, DiagramOptions, Diagram, AppVersion, CheckedCatalog,
//     CompiledCatalog, UpgradeFile, ImportResult (the importer's Draft), ImportProgress,
//     MergedHosts, ImportedHosts, ImportOptions, HostImportOptions, HostRow and what they use
//     (schema/api.schema.json, tests/api_schema.rs) -> crates/api/src/api-types.d.ts; a type the
//     report declares too (Endpoint, Warning, Code, ...) is the report's, not declared twice.
// Bytes (`Artifact.bytes`, `CompiledCatalog.compiled`) are a Uint8Array in JavaScript, which JSON
// Schema cannot say: the Rust field carries `#[schemars(extend("tsType" = "Uint8Array ..."))]`, the
// schema says an array of numbers (as JSON writes bytes) and json-schema-to-typescript declares
// the `tsType` as it is.
// With json-schema-to-typescript (an npm package of tests/e2e, installed by scripts/lib/setup.sh).
// The outputs are committed and included into api.d.ts by crates/api/src/lib.rs (`include_str!`).
//
//   node scripts/lib/api-types.mjs           write both files
//   node scripts/lib/api-types.mjs --check   exit 1 when a committed file is not the generated one
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const { compile } = require("json-schema-to-typescript");

const root = new URL("../../", import.meta.url);
const reportSchemaFile = new URL("schema/report-2.schema.json", root);
const apiSchemaFile = new URL("schema/api.schema.json", root);
export const outputs = {
  report: "crates/api/src/report.d.ts",
  api: "crates/api/src/api-types.d.ts",
};

const options = (source) => ({
  bannerComment: `/* Generated from ${source} by scripts/lib/api-types.mjs: do not edit. */`,
  additionalProperties: false,
  unreachableDefinitions: true,
  format: true,
  style: { printWidth: 100 },
});

const readJson = async (file) => JSON.parse(await readFile(file, "utf8"));

// The Rust enums flattened into a struct (`#[serde(flatten)]`), by the struct: schemars writes
// their variants as the struct's own `oneOf`, which json-schema-to-typescript would declare as
// `OptionDef1`; here they become a definition of their own, named after the Rust enum.
const flattened = {
  OptionDef: "OptionKind",
  Requirement: "RequirementKind",
  ResolvedRequirement: "RequirementKind",
};

/** `schema` with the variants of each flattened enum as a definition named after the enum. */
function nameFlattened(schema) {
  const defs = { ...schema.$defs };
  for (const [name, def] of Object.entries(schema.$defs ?? {})) {
    if (!(def.oneOf && def.properties)) continue;
    const kind = flattened[name];
    if (kind === undefined) {
      throw new Error(`${name} has a flattened enum: name it in scripts/lib/api-types.mjs`);
    }
    const { oneOf, ...fields } = def;
    if (defs[kind] !== undefined && JSON.stringify(defs[kind].oneOf) !== JSON.stringify(oneOf)) {
      throw new Error(`${kind} in ${name} is not the ${kind} of another type`);
    }
    defs[kind] = { oneOf };
    defs[name] = { ...fields, allOf: [{ $ref: `#/$defs/${kind}` }] };
  }
  return { ...schema, $defs: defs };
}

/** The declarations generated from the report's schema. */
export async function generate() {
  const schema = nameFlattened(await readJson(reportSchemaFile));
  // the root type's name (its title is a sentence)
  schema.title = "Report";
  return compile(schema, "Report", {
    ...options("schema/report-2.schema.json"),
    bannerComment:
      "/* The report's types, generated from schema/report-2.schema.json by scripts/lib/api-types.mjs: do not edit. */",
  });
}

/** `value` with every `$ref` to a definition named in `shared` replaced by that type's name. */
function referToShared(value, shared) {
  if (Array.isArray(value)) return value.map((v) => referToShared(v, shared));
  if (value === null || typeof value !== "object") return value;
  const name = typeof value.$ref === "string" ? value.$ref.replace("#/$defs/", "") : null;
  if (name !== null && shared.has(name)) {
    const { $ref, ...rest } = value;
    return { ...rest, tsType: name };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referToShared(v, shared)]));
}

/** `value` with every `$ref` that has other keys beside it (a description) to a definition named
 * in `names` replaced by that type's name. */
function referToDescribed(value, names) {
  if (Array.isArray(value)) return value.map((v) => referToDescribed(v, names));
  if (value === null || typeof value !== "object") return value;
  const name = typeof value.$ref === "string" ? value.$ref.replace("#/$defs/", "") : null;
  if (name !== null && names.has(name) && Object.keys(value).length > 1) {
    const { $ref, ...rest } = value;
    return { ...rest, tsType: name };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referToDescribed(v, names)]));
}

/** The declarations generated from the API's schema, using the report's types where it has them. */
export async function generateApi() {
  const report = nameFlattened(await readJson(reportSchemaFile));
  const schema = nameFlattened(await readJson(apiSchemaFile));
  const shared = new Set(Object.keys(report.$defs ?? {}).filter((n) => n in schema.$defs));
  for (const name of shared) delete schema.$defs[name];
  // a `$ref` to a root type (one of `anyOf`) with a description beside it (a field's doc
  // comment) names the type: without this, json-schema-to-typescript declares a copy (`Diff1`)
  const described = new Set((schema.anyOf ?? []).map((r) => (r.$ref ?? "").replace("#/$defs/", "")));
  const refs = referToShared(schema, shared);
  return compile(
    { ...refs, $defs: referToDescribed(refs.$defs, described) },
    "ApiTypes",
    options("schema/api.schema.json"),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const generated = { report: await generate(), api: await generateApi() };
  let stale = false;
  for (const [key, file] of Object.entries(outputs)) {
    const target = new URL(file, root);
    if (process.argv.includes("--check")) {
      const committed = await readFile(target, "utf8").catch(() => "");
      if (committed !== generated[key]) {
        console.error(`${file} is not the generated one: run node scripts/lib/api-types.mjs`);
        stale = true;
      }
    } else {
      await writeFile(target, generated[key]);
    }
  }
  if (stale) process.exit(1);
}
