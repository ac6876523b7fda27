// An example of the JavaScript API as a documentation portal uses it, type-checked against the
// build's api.d.ts by api-types.test.mjs (`tsc --noEmit`): a change of the report's types or of
// the API's signatures that breaks such a page fails that test.
import init, {
  changes,
  changesSince,
  checkCatalog,
  compileCatalog,
  diagram,
  diff,
  evaluate,
  exportPlan,
  exportUpgrade,
  formats,
  importHosts,
  importTable,
  mergeHosts,
  parsePlan,
  TableImport,
  upgrade,
  upgradeView,
  version,
  type AggregatedRule,
  type AppVersion,
  type Artifact,
  type CatalogFile,
  type Change,
  type ChangeFeed,
  type ChangesSince,
  type CheckedCatalog,
  type CompiledCatalog,
  type Diagnostic,
  type Diagram,
  type ExportOptions,
  type FlowGroup,
  type HostRow,
  type ImportOptions,
  type ImportedHosts,
  type ImportProgress,
  type ImportResult,
  type MergedHosts,
  type Plan,
  type PortItem,
  type Report,
  type Upgrade,
  type UpgradeFile,
  type UpgradeView,
  type Warning,
} from "../../../dist/api.js";

const plan: Plan = {
  schema: 1,
  name: "Site A",
  products: [{ id: "screen-capture", options: { "high-availability": false } }],
  hosts: [{ name: "capture-01", addresses: ["10.0.0.5"], roles: ["screen-capture/capture-server"] }],
};

/** `80, 4001-4004` from the report's port items. */
function portsText(items: PortItem[]): string {
  return items.map((p) => (typeof p === "number" ? String(p) : `${p.from}-${p.to}`)).join(", ");
}

function table(report: Report): string[] {
  const rows = report.flows.map(
    (g: FlowGroup) =>
      `${g.product}/${g.rule}: ${g.sources.length} → ${g.destinations.length} ${g.transport} ${portsText(g.ports)} (${g.cite.source})`,
  );
  const rules = report.rules.map((r: AggregatedRule) => `${r.id}: ${r.ports_text}, ${r.flow_count} flows`);
  const errors = report.warnings.filter((w: Warning) => w.severity === "error").map((w) => w.message);
  return [...rows, ...rules, ...errors, `${report.stats.network_flows} network flows`];
}

export async function render(): Promise<string> {
  await init({ planner: false });
  const { app, catalog }: AppVersion = version();
  const report: Report = evaluate(plan);
  const lines = table(report);
  const ids: string[] = formats().map((f) => f.id);
  const nft: Artifact = exportPlan(plan, "nftables", "2026-01-01T00:00:00Z", null, { direction: "inbound" });
  const changes = diff(plan, { ...plan, hosts: [] });
  const parsed: Plan = parsePlan('schema = 1\nname = "x"\nproducts = []\nhosts = []\n', "x.toml");
  try {
    evaluate({ ...plan, name: 3 } as unknown as Plan);
  } catch (e) {
    lines.push((e as Diagnostic).message);
  }
  return [app, catalog, ...lines, ...ids, nft.file_name, String(changes.open.length), parsed.name].join("\n");
}

/** The change feed, an upgrade and the diagram, as a release-notes page uses them. */
export function releaseNotes(): string[] {
  const feed: ChangeFeed = changes();
  const all: Change[] = feed.revisions.flatMap((r) => r.changes);
  const since: ChangesSince | null = changesSince(plan, feed.revisions[0]?.revision);
  const up: Upgrade = upgrade(plan, "screen-capture", "2.0", null, null);
  const view: UpgradeView = upgradeView(plan, "screen-capture", "2.0", null, null);
  const options: ExportOptions = { product: "screen-capture", direction: "outbound" };
  const drawn: Diagram = diagram(plan, { folded: { Servers: true }, title: "Site A" }, null);
  return [
    ...all.map((c) => `${c.product} ${c.impact} ${c.cite?.source ?? ""}`),
    `${since?.touching.length ?? 0} of ${since?.total ?? 0}`,
    ...up.open.map((f) => `${f.rule} ${f.ports} ${f.source.name} ${f.cite_to.quote ?? ""}`),
    `${up.from.label} → ${up.to.label}: ${up.firewall.open.length} to open`,
    view.title,
    ...view.open.map((l) => `${l.source} ${l.ports}`),
    view.carried ?? "",
    ...drawn.zones.map((z) => `${z.title}: ${z.hosts} ${z.unit}`),
    String(options.direction),
  ];
}

/** A catalog file checked and compiled as the planner adds one, and an upgrade's change request. */
export function catalogFiles(text: string): string[] {
  const files: CatalogFile[] = [{ name: "extra.toml", text }];
  const checked: CheckedCatalog = checkCatalog(files);
  const compiled: CompiledCatalog = compileCatalog(files);
  const bytes: Uint8Array | null = compiled.compiled;
  const request: UpgradeFile = exportUpgrade(plan, "screen-capture", "2.0", null, "markdown", null, null);
  return [
    ...checked.catalog.products.map((p) => p.id),
    ...checked.diagnostics.concat(compiled.diagnostics).map((d) => `${d.code}: ${d.message}`),
    `${bytes?.byteLength ?? 0} bytes`,
    `${request.file_name} (${request.mime}): ${request.content.length} characters`,
  ];
}

/** A vendor table imported at once and in steps, and an inventory's hosts merged into the plan. */
export async function importing(table: string, frame: () => Promise<void>): Promise<string[]> {
  const options: ImportOptions = {
    format: "markdown",
    name: "Screen capture",
    mappings: [{ table: 0, columns: ["source", "destination", "transport", "port", "ignore"] }],
    groups: [{ table: 0, option: null, include: true }],
  };
  const result: ImportResult = importTable(table, options);
  const job = new TableImport(table, null);
  let progress: ImportProgress = job.step(30);
  while (!progress.finished) {
    await frame();
    progress = job.step(30);
  }
  const stepped: ImportResult = job.result(200);
  const inventory: ImportedHosts = importHosts("name,ip\nweb-01,10.0.0.5\n", { format: "csv", mapping: null });
  const hosts: HostRow[] = [
    ...inventory.hosts,
    { name: "db-01", addresses: ["10.0.0.7"], roles: ["screen-capture/database"] },
  ];
  const merged: MergedHosts = mergeHosts(plan, hosts, "merge", null);
  return [
    ...result.draft.product.rules.map((r) => `${r.from} → ${r.to} ${r.transport} lines ${r.lines.map(([a, b]) => `${a}-${b}`)}`),
    ...result.draft.problems.map((p) => `${p.severity}: ${p.reason}`),
    `${result.totals.rules} rules, ${result.column_kinds.map((k) => k.id).join(" ")}`,
    `${progress.label}: ${stepped.file_name} ${stepped.toml.length}`,
    ...inventory.problems.map((p) => `line ${p.first_line}: ${p.reason}`),
    `${inventory.mapping.join(",")} of ${inventory.fields.join(",")}`,
    `${merged.summary.added} added, ${merged.plan.hosts.length} hosts, ${merged.warnings.length} warnings`,
  ];
}

/** What the declarations refuse (never called; tsc fails when an expected error is missing). */
export function refused(plan: Plan): void {
  // @ts-expect-error "nft" is not an export format's id (ExportFormatId lists the registry's)
  exportPlan(plan, "nft");
  // @ts-expect-error "pdf" is not a format of the upgrade's change request (UpgradeFormat)
  exportUpgrade(plan, "screen-capture", "2.0", null, "pdf", null, null);
  // @ts-expect-error "append" is not a way to merge hosts (MergeMode)
  mergeHosts(plan, [], "append", null);
}
