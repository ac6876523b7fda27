/* Generated from schema/api.schema.json by scripts/lib/api-types.mjs: do not edit. */

/**
 * The JavaScript API's types besides the report's (schema/report-2.schema.json).
 */
export type ApiTypes =
  | Plan
  | Diagnostic
  | Diff
  | Artifact
  | ExportFormat
  | ExportOptions
  | ChangeFeed
  | ChangesSince
  | Upgrade
  | UpgradeView
  | DiagramOptions
  | Diagram
  | Catalog
  | CatalogFile
  | AppVersion
  | CheckedCatalog
  | CompiledCatalog
  | UpgradeFile
  | ImportResult
  | ImportProgress
  | MergedHosts
  | ImportedHosts
  | UpgradeFormat
  | ImportOptions
  | ImportFormat
  | HostImportOptions
  | HostRow
  | MergeMode;
/**
 * An option's value: `true`/`false` for switches, a value name for modes, a list of value
 * names for multi-select options (`type = "set"`: several of the vendor's tables chosen).
 * (Read by `json::OptionValueVisitor`, whose message says what an option takes.)
 */
export type OptionValue = boolean | string | string[];
/**
 * A parameter's value as typed: a number, or text (which may also hold a number the user typed
 * into a text field; the engine parses and validates it). (Read by `json::ParamInputVisitor`,
 * whose message says what a parameter takes.)
 */
export type ParamInput = number | string;
/**
 * The id of an export format, as `formats()` lists it.
 */
export type ExportFormatId =
  | "csv"
  | "json"
  | "markdown"
  | "html"
  | "text"
  | "xlsx"
  | "squid"
  | "pac"
  | "check-bash"
  | "check-powershell"
  | "antivirus-powershell"
  | "antivirus-csv"
  | "nftables"
  | "nftables-strict"
  | "iptables"
  | "ip6tables"
  | "iptables-strict"
  | "ip6tables-strict"
  | "windows-firewall"
  | "cisco-asa"
  | "panos"
  | "fortios"
  | "junos-srx"
  | "cisco-ios"
  | "checkpoint"
  | "aws-terraform"
  | "kubernetes"
  | "feed-ip"
  | "feed-domain"
  | "feed-url";
/**
 * Which way a rule crosses the edge of the plan.
 */
export type Direction = "outbound" | "inbound" | "internal";
export type OptionDef = OptionKind & {
  cite?: Citation | null;
  description: string;
  id: string;
  name: string;
  /**
   * What turning a bool option off costs (surfaces as a warning when it is off).
   */
  off_cost?: string | null;
  /**
   * A reading wider than the source states: a bool option, off by default (the loader
   * refuses anything else), shown apart from the product's modules.
   */
  wider_reading?: boolean;
};
export type OptionKind =
  | {
      default: boolean;
      type: "bool";
    }
  | {
      default: string;
      type: "enum";
      values: string[];
    }
  | {
      default: string[];
      type: "set";
      values: string[];
    };
/**
 * A parameter's value: ports and counts are numbers, names are text.
 */
export type ParamValue = number | string;
export type ParamKind = "port" | "count" | "text";
/**
 * What a requirement asks for, by kind.
 */
export type Requirement = RequirementKind & {
  cite: Citation;
  id: string;
  /**
   * The fact of the same table (rule or requirement id) this one takes the place of in the
   * releases it holds in: an upgrade shows the two as one fact that changed.
   */
  replaces?: string | null;
  seen?: Citation[];
  since?: Version | null;
  until?: Version | null;
  when?: Condition | null;
};
export type RoleKind = "internal" | "external" | "any";
/**
 * A port (`443`), a range (`4000-4010`) or a port parameter (`{sip-port}`).
 */
export type PortSpec = string;
export type TransportSpec = "tcp" | "udp" | "both";
export type ImportSeverity = "unreadable" | "skipped" | "warning";
export type DraftParamKind = "port" | "text";
export type DraftRoleKind = "internal" | "external";
/**
 * One element of a rule's ports.
 */
export type DraftPortItem =
  | {
      range: DraftPortRange;
    }
  | {
      param: string;
    };
/**
 * A transport as the engine knows it.
 */
export type DraftTransport = "tcp" | "udp" | "both";
/**
 * What a column holds.
 */
export type ColumnKind =
  | "port"
  | "local-port"
  | "remote-port"
  | "transport"
  | "direction"
  | "local"
  | "remote"
  | "source"
  | "destination"
  | "destination-address"
  | "source-address"
  | "description"
  | "condition"
  | "ignore";
/**
 * The stages of an import, in order.
 */
export type ImportStage = "finding" | "reading" | "building" | "writing" | "checking" | "done";
/**
 * What an inventory column holds.
 */
export type HostField = ("name" | "zone" | "description" | "ignore") | "address" | "roles";
/**
 * The format of an upgrade's change request.
 */
export type UpgradeFormat = "text" | "markdown" | "html" | "csv" | "json";
/**
 * The input formats the importer reads.
 */
export type ImportFormat = ("csv" | "tsv" | "html") | "auto" | "text" | "markdown";
/**
 * How imported hosts meet the plan's hosts.
 */
export type MergeMode = "merge" | "replace";

export interface Plan {
  /**
   * The catalog revision the plan was last made or reviewed with (`c-…`); empty when unknown.
   * Opening it with a newer catalog lists the catalog's changes since (the change feed).
   */
  catalog_revision?: string;
  description?: string;
  hosts: Host[];
  name: string;
  products: PlanProduct[];
  /**
   * The plan format version: 1 (`PLAN_SCHEMA`).
   */
  schema: 1;
}
/**
 * A machine, a subnet or a group of addresses in the user's network.
 */
export interface Host {
  /**
   * IPs, CIDRs or FQDNs, as typed.
   */
  addresses: string[];
  description?: string;
  name: string;
  /**
   * `product-id/role-id` for every role this host carries.
   */
  roles: string[];
  zone?: string;
}
/**
 * A selected product: component versions, option values and parameter values as typed.
 * Anything not given takes the catalog's default.
 */
export interface PlanProduct {
  id: string;
  options?: {
    [k: string]: OptionValue;
  };
  parameters?: {
    [k: string]: ParamInput;
  };
  versions?: {
    [k: string]: string;
  };
}
/**
 * A problem in an input file or value, located where the user typed it.
 */
export interface Diagnostic {
  /**
   * Stable machine-readable code, e.g. `catalog::unknown-role` (docs/diagnostics.md).
   */
  code: Code;
  /**
   * 1-based column (in characters).
   */
  column?: number | null;
  /**
   * Path of the field in the document, e.g. `rules[3].ports[1]` or `hosts[0].addresses[2]`.
   */
  field?: FieldPath | null;
  file?: string | null;
  /**
   * One line saying what would be valid.
   */
  help?: string | null;
  /**
   * 1-based line.
   */
  line?: number | null;
  /**
   * Lowercase sentence; the user's input in backticks.
   */
  message: string;
  severity: Severity;
}
export interface Diff {
  /**
   * Needed by A and no longer by B.
   */
  close: FlowChange[];
  /**
   * Needed by B and not by A.
   */
  open: FlowChange[];
  warnings_added: Warning[];
  warnings_removed: Warning[];
}
/**
 * A change between two plans on one (source, destination, transport): the ports that changed and
 * the catalog rules behind them.
 */
export interface FlowChange {
  /**
   * `product/rule` of the rules that require these ports (on the side that has them).
   */
  catalog_rules: string[];
  destination: Endpoint;
  /**
   * The ports as people write them, e.g. `80, 443, 4001-4004`.
   */
  ports: string;
  purposes: string[];
  source: Endpoint;
  transport: Transport;
}
/**
 * The product of one export.
 */
export interface Artifact {
  /**
   * The file itself when it is binary (XLSX); `content` is then a text view of it (what the
   * planner previews and copies). Empty for text formats, whose file is `content`.
   */
  bytes?: Uint8Array;
  content: string;
  /**
   * A sensible file name for downloads, e.g. `site-a.nft`.
   */
  file_name: string;
  flow_count: number;
  format: ExportFormatId;
  mime: string;
  renamed: Renamed[];
  /**
   * Number of rules/lines of policy the artifact contains (to compare with the flow count).
   */
  rule_count: number;
  unexpressed: Unexpressed[];
}
/**
 * A user-typed name a format cannot carry as is, and what it became.
 */
export interface Renamed {
  from: string;
  to: string;
}
/**
 * A flow (aggregated rule) a format could not express, and why.
 */
export interface Unexpressed {
  reason: string;
  rule: string;
}
/**
 * An export format as `formats()` lists it.
 */
export interface ExportFormat {
  capabilities: Capabilities;
  description: string;
  /**
   * The file name's extension, e.g. `nft`.
   */
  extension: string;
  id: ExportFormatId;
  mime: string;
  name: string;
}
/**
 * What the format can carry (what it cannot is listed as not expressed).
 */
export interface Capabilities {
  /**
   * Host names (FQDN objects) as destinations.
   */
  fqdn: boolean;
  ipv6: boolean;
  /**
   * Port ranges written as ranges (not sampled or left out).
   */
  ranges: boolean;
  /**
   * Rules whose endpoints have no address yet (unassigned roles).
   */
  unresolved: boolean;
  /**
   * `*.domain` wildcards.
   */
  wildcard: boolean;
  /**
   * Rules placed by the plan's host zones (zone-based policies).
   */
  zones: boolean;
}
/**
 * What an export covers; everything when both are `None`. In the JS API, `exportPlan`'s
 * `options` (both optional; the schema says so with `skip_serializing_if`, as it is written for
 * output).
 */
export interface ExportOptions {
  /**
   * Which way across the plan's edge.
   */
  direction?: Direction | null;
  /**
   * A product id of the plan.
   */
  product?: string | null;
}
/**
 * The whole feed (`changes.json`), oldest revision first.
 */
export interface ChangeFeed {
  /**
   * The revision of the catalog this feed was built with.
   */
  current: string;
  revisions: RevisionChanges[];
  schema: number;
}
/**
 * One revision of the feed: its changes against `previous`.
 */
export interface RevisionChanges {
  changes: Change[];
  date?: string;
  note?: string;
  previous?: string | null;
  revision: string;
}
/**
 * One change of one fact.
 */
export interface Change {
  cite?: Citation | null;
  current?: string | null;
  fact: string;
  /**
   * `<revision>-<n>`: stable for a recorded revision.
   */
  id: string;
  /**
   * `flow added`, `port added`, `range removed`, `protocol changed`, ...
   */
  impact: string;
  in_releases?: string[];
  previous?: string | null;
  product: string;
  /**
   * The releases the fact holds in (after the change, or before for a removal).
   */
  releases?: string;
  /**
   * The fact's condition (`when`) after the change (before, for a removal), for deciding
   * which plans it touches.
   */
  when?: string | null;
}
/**
 * The changes since a revision that touch a plan.
 */
export interface ChangesSince {
  /**
   * The catalog's revision now.
   */
  current: string;
  /**
   * The revision the plan was made with.
   */
  since: string;
  /**
   * Every change since, for every product.
   */
  total: number;
  touching: Change[];
}
/**
 * The whole upgrade of one product of a plan from one release to another.
 */
export interface Upgrade {
  /**
   * Facts of the `to` release that its documents do not show.
   */
  carried_over: CarriedFact[];
  catalog_revision: string;
  changed: UpgradeChange[];
  close: UpgradeFlow[];
  component: string;
  /**
   * The exact firewall difference between the two plans, every product included.
   */
  firewall: Diff;
  from: Side;
  /**
   * Versions that are not documented releases, and what is used instead.
   */
  notes: string[];
  open: UpgradeFlow[];
  plan: string;
  product: string;
  product_name: string;
  requirements_added: UpgradeRequirement[];
  requirements_changed: UpgradeRequirement[];
  requirements_removed: UpgradeRequirement[];
  to: Side;
  warnings_added: Warning[];
  warnings_removed: Warning[];
}
/**
 * A flow both releases need, with something changed (ports, addresses, protocol).
 */
export interface UpgradeChange {
  cite_from: SideCite;
  cite_to: SideCite;
  destination: string;
  differences: Difference[];
  purpose: string;
  rule_from: string;
  rule_to: string;
  source: string;
  transport: Transport;
}
/**
 * How one release states a fact: its own source's quote, a quote carried over from another
 * release, or nothing (the release's documents do not list it).
 */
export interface SideCite {
  /**
   * The release the quote is carried over from, when the release's own source does not show it.
   */
  carried_from?: string | null;
  /**
   * The quote; `None` when the release does not have the fact.
   */
  quote?: string | null;
  release: string;
  /**
   * Source id and title; for a fact the release does not have, its first document.
   */
  source: string;
  title: string;
  url?: string | null;
}
/**
 * One fact of both releases that changed, e.g. `ports: 5638 -> 5633`.
 */
export interface Difference {
  from: string;
  to: string;
  what: string;
}
/**
 * A flow one release needs and the other does not.
 */
export interface UpgradeFlow {
  cite_from: SideCite;
  cite_to: SideCite;
  destination: Endpoint;
  /**
   * As people write ports, e.g. `80, 443, 4001-4004`.
   */
  ports: string;
  protocol?: string | null;
  purpose: string;
  rule: string;
  source: Endpoint;
  transport: Transport;
}
/**
 * One side of an upgrade: the version asked for and the documented release whose facts apply.
 */
export interface Side {
  /**
   * `16.1 (cloud documentation set)`.
   */
  label: string;
  release: string;
  /**
   * Titles (and addresses) of the release's sources.
   */
  sources: SourceRef[];
  version: string;
}
export interface SourceRef {
  id: string;
  title: string;
  url?: string | null;
}
/**
 * A requirement (note, ambiguity, sizing, …) of one release and not the other, or changed.
 */
export interface UpgradeRequirement {
  cite_from: SideCite;
  cite_to: SideCite;
  id: string;
  kind: string;
  text: string;
}
/**
 * What the view shows of an upgrade: an upgrade as the planner's Compare view writes it
 * (`upgradeView()`), every line as text.
 */
export interface UpgradeView {
  /**
   * `Not seen in the 17.1 document; carried over: …`, when something is.
   */
  carried: string | null;
  changed: UpgradeChangeLine[];
  close: UpgradeFlowLine[];
  notes: string[];
  open: UpgradeFlowLine[];
  /**
   * Requirements that appear, go away or change, then warnings that appear or go away.
   */
  requirements: UpgradeLine[];
  /**
   * `inContact WFO: 16.1 (…) → 17.1 (…)`
   */
  title: string;
}
/**
 * A flow whose ports, addresses or protocol change, as text.
 */
export interface UpgradeChangeLine {
  cite_from: string;
  cite_to: string;
  differences: string[];
  rule: string;
  title: string;
}
/**
 * A flow to open or to close, as text.
 */
export interface UpgradeFlowLine {
  cite_from: string;
  cite_to: string;
  destination: string;
  ports: string;
  purpose: string;
  rule: string;
  source: string;
  transport: string;
}
/**
 * A requirement or warning that appears, goes away or changes, with its citations.
 */
export interface UpgradeLine {
  cites: string[];
  text: string;
}
/**
 * What `diagram()` draws: the network diagram as the planner's Diagram view draws it.
 */
export interface DiagramOptions {
  /**
   * Zones (by title) folded (`true`) or unfolded (`false`); the others fold when the diagram
   * is big.
   */
  folded?: {
    [k: string]: boolean;
  };
  /**
   * Only this product's flows.
   */
  product?: string | null;
  /**
   * The SVG's title (default `Network flows`).
   */
  title?: string | null;
}
/**
 * The network diagram (`diagram()`): the SVG, its counts and the zones that fold.
 */
export interface Diagram {
  edges: number;
  height: number;
  inner_connections: number;
  local_flows: number;
  nodes: number;
  svg: string;
  width: number;
  zones: ZoneFold[];
}
/**
 * A zone that can be folded into one box or unfolded.
 */
export interface ZoneFold {
  folded: boolean;
  /**
   * How many hosts (or roles without a host) it holds.
   */
  hosts: number;
  /**
   * The column's title, the key of [`Options::folded`].
   */
  title: string;
  /**
   * `hosts`, or `roles` for the column of roles without a host.
   */
  unit: "hosts" | "roles";
}
/**
 * All products the planner knows, and a revision id derived from their content.
 */
export interface Catalog {
  products: Product[];
  /**
   * Content hash of the catalog files (stable across machines), e.g. `c-1a2b3c4d5e6f`.
   */
  revision: string;
}
export interface Product {
  /**
   * One of [`CATEGORIES`], for finding products.
   */
  category?: string | null;
  components: Component[];
  /**
   * How much of the vendor's own list the product's sources show.
   */
  coverage:
    | {
        status: "unstated";
      }
    | {
        status: "complete";
      }
    | {
        missing: string;
        status: "partial";
      };
  /**
   * File the product was loaded from (name only).
   */
  file: string;
  /**
   * Shared with every flow and requirement of a report (cloning it costs no allocation).
   */
  id: string;
  name: string;
  options: OptionDef[];
  parameters: Parameter[];
  /**
   * Shared with the report's resolved requirements.
   */
  requirements: Requirement[];
  roles: Role[];
  rules: Rule[];
  sources: Source[];
  summary: string;
  /**
   * Free kebab-case labels for finding products (`webrtc`, `saas`, `screen-recording`, ...).
   */
  tags?: string[];
  vendor: string;
}
export interface Component {
  cite?: Citation | null;
  /**
   * The version assumed when the plan gives none: always set for product components; never
   * for third-party software, whose version is unknown until the plan enters it.
   */
  default?: Version | null;
  description?: string | null;
  id: string;
  /**
   * A part of the product, or another vendor's software it integrates with.
   */
  kind?: "product" | "third-party";
  name: string;
  /**
   * The documented releases (oldest first), each with the sources that document it; see
   * `releases.rs`. Empty for a component whose releases no source documents.
   */
  releases?: Release[];
  /**
   * Third-party only: who makes it.
   */
  vendor?: string | null;
  /**
   * Known releases, as the vendor writes them, oldest first.
   */
  versions: Version[];
}
/**
 * One documented release of a component: its version, the date where a source gives one, and
 * the sources (ids of the product's `[[sources]]`) that document it.
 */
export interface Release {
  /**
   * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the source gives it.
   */
  date?: string | null;
  /**
   * What the vendor calls the release when the version alone does not say it (e.g. a
   * documentation revision).
   */
  name?: string | null;
  /**
   * What the sources of this release show and do not show.
   */
  note?: string | null;
  sources: string[];
  version: Version;
}
export interface Parameter {
  cite?: Citation | null;
  configurable: boolean;
  default: ParamValue;
  description: string;
  id: string;
  max?: number | null;
  min?: number | null;
  name: string;
  type: ParamKind;
  unit?: string | null;
}
export interface Role {
  cite?: Citation | null;
  /**
   * The role's components run in containers (the catalog's `container`, cited in `cite`):
   * the Kubernetes export writes a NetworkPolicy for their pods.
   */
  container?: boolean;
  description?: string | null;
  /**
   * Endpoint templates: addresses, CIDRs, FQDNs, `*.domain` wildcards; `{parameter}` is replaced
   * by the plan's value.
   */
  endpoints?: string[];
  id: string;
  kind: RoleKind;
  name: string;
  /**
   * Endpoints that hold in some releases only (`endpoints` hold in every release).
   */
  release_endpoints?: ScopedEndpoint[];
  /**
   * The choices (option values) whose tables use this role; when it does not hold, the role
   * and its rules produce no flows and no warnings. Uses options only.
   */
  when?: Condition | null;
}
/**
 * An endpoint of an external role that holds in some releases only.
 */
export interface ScopedEndpoint {
  cite: Citation;
  endpoint: string;
  /**
   * The fact of the same table (rule or requirement id) this one takes the place of in the
   * releases it holds in: an upgrade shows the two as one fact that changed.
   */
  replaces?: string | null;
  seen?: Citation[];
  since?: Version | null;
  until?: Version | null;
}
/**
 * A catalog rule. The strings a flow copies are shared (`Arc`), so that a report's flows point
 * at them instead of copying them.
 */
export interface Rule {
  cite: Citation;
  from: string;
  id: string;
  optional: boolean;
  ports: PortSpec[];
  protocol?: string | null;
  purpose: string;
  /**
   * The fact of the same table (rule or requirement id) this one takes the place of in the
   * releases it holds in: an upgrade shows the two as one fact that changed.
   */
  replaces?: string | null;
  seen?: Citation[];
  /**
   * Name of the listening service (for port-conflict checks); defaults to the `to` role.
   */
  service?: string | null;
  since?: Version | null;
  tags: string[];
  to: string;
  transport: TransportSpec;
  until?: Version | null;
  when?: Condition | null;
}
export interface Source {
  file?: string | null;
  id: string;
  title: string;
  url?: string | null;
}
/**
 * A catalog file the caller adds (`checkCatalog`, `compileCatalog`, the `catalogs` of
 * `exportPlan`, `diagram` and `mergeHosts`): its file name and its TOML text.
 */
export interface CatalogFile {
  name: string;
  text: string;
}
/**
 * The app's version and the bundled catalog's revision (`version()`).
 */
export interface AppVersion {
  app: string;
  /**
   * The bundled catalog's revision (empty when it does not load).
   */
  catalog: string;
}
/**
 * The outcome of loading several files: the products that loaded cleanly, and every diagnostic.
 * A product with an error is left out; the others still load.
 * `checkCatalog()` in the JS API returns it (as `CheckedCatalog`).
 */
export interface CheckedCatalog {
  catalog: Catalog;
  diagnostics: Diagnostic[];
}
/**
 * Catalog files checked with the bundled ones (`compileCatalog()`): every problem, and the
 * resulting catalog in the compact form the planner reads when no file has an error.
 */
export interface CompiledCatalog {
  /**
   * The compact catalog (a `Uint8Array`); `null` when a file has an error.
   */
  compiled: Uint8Array | null;
  diagnostics: Diagnostic[];
}
/**
 * An upgrade as a change request file (`exportUpgrade()`).
 */
export interface UpgradeFile {
  content: string;
  file_name: string;
  mime: string;
}
/**
 * A draft product: tables found, roles, rules, every row not imported, the TOML and its check.
 * `totals` counts the draft's rules, roles and problems (the lists may be cut at a limit);
 * `column_kinds` are the kinds a column can be mapped to.
 */
export interface ImportResult {
  column_kinds: ColumnKindLabel[];
  diagnostics: Diagnostic[];
  draft: Draft;
  file_name: string;
  toml: string;
  totals: ImportTotals;
}
/**
 * A kind a column can be mapped to, and what the user reads for it.
 */
export interface ColumnKindLabel {
  id: string;
  label: string;
}
/**
 * The outcome of an import: the tables found, the draft product and every row that could not
 * be read.
 */
export interface Draft {
  /**
   * The format the input was read as.
   */
  format: ImportFormat;
  problems: ImportProblem[];
  product: ProductDraft;
  stats: ImportStats;
  tables: TableDraft[];
}
/**
 * A row (or table) that could not be imported, or was imported with a caveat.
 */
export interface ImportProblem {
  first_line: number;
  last_line: number;
  reason: string;
  /**
   * How many rows it stands for (a table left out counts all of its rows).
   */
  rows: number;
  severity: ImportSeverity;
  table: number | null;
  /**
   * The row as read.
   */
  text: string;
}
/**
 * The product drafted from the tables.
 */
export interface ProductDraft {
  /**
   * What the source leaves unclear (written as `ambiguity` requirements).
   */
  ambiguities: AmbiguityDraft[];
  id: string;
  name: string;
  options: OptionDraft[];
  parameters: ParameterDraft[];
  roles: RoleDraft[];
  rules: RuleDraft[];
  source: SourceDraft;
  summary: string;
  vendor: string;
}
export interface AmbiguityDraft {
  id: string;
  line: number;
  lines: number[];
  /**
   * The note itself, and the lines of the rows it applies to.
   */
  note: string;
  quote: string;
  /**
   * What the requirement says (the note with the lines it applies to).
   */
  text: string;
}
export interface OptionDraft {
  id: string;
  line: number;
  name: string;
  /**
   * The sentence it comes from (cited).
   */
  quote: string;
}
export interface ParameterDraft {
  /**
   * `None`: the source gives no value; the rules using it wait for one.
   */
  default: string | null;
  description: string;
  id: string;
  kind: DraftParamKind;
  line: number;
  name: string;
  quote: string;
}
export interface RoleDraft {
  endpoints: string[];
  id: string;
  /**
   * `true`: the source names no one here; the importer made the role up (rename or merge it).
   */
  inferred: boolean;
  kind: DraftRoleKind;
  /**
   * The first row that names it.
   */
  line: number;
  name: string;
  /**
   * The names in the source this role stands for (several after a merge).
   */
  names: string[];
  /**
   * The role ids those names give before any rename: what [`Options::renames`] refer to.
   */
  originals: string[];
  quote: string;
}
export interface RuleDraft {
  from: string;
  id: string;
  /**
   * The rows it comes from: `(first line, last line)`, the first one cited.
   */
  lines: [number, number][];
  optional: boolean;
  /**
   * Why it cannot be written yet (a parameter without a value), if so.
   */
  pending: string | null;
  ports: DraftPortItem[];
  protocol: string | null;
  purpose: string;
  quote: string;
  table: number;
  to: string;
  transport: DraftTransport;
  when: string | null;
}
/**
 * An inclusive port range; `lo == hi` for one port.
 */
export interface DraftPortRange {
  hi: number;
  lo: number;
}
export interface SourceDraft {
  file: string | null;
  id: string;
  title: string;
  url: string | null;
}
export interface ImportStats {
  /**
   * Rows that gave at least one rule.
   */
  imported: number;
  /**
   * Rows of all tables.
   */
  rows: number;
  rules: number;
  skipped: number;
  tables: number;
  unreadable: number;
}
/**
 * One table found in the input.
 */
export interface TableDraft {
  /**
   * The kinds detected before the user's corrections.
   */
  detected: ColumnKind[];
  first_line: number;
  header: string[];
  heading: string | null;
  include: boolean;
  index: number;
  last_line: number;
  /**
   * The sentence before the table: the candidate for its option.
   */
  lead: string | null;
  mapping: ColumnKind[];
  /**
   * The option its rules depend on.
   */
  option: string | null;
  rows: number;
  /**
   * A few rows as read, for the mapping form.
   */
  sample: string[][];
}
/**
 * How many rules, roles and problems the whole draft has.
 */
export interface ImportTotals {
  problems: number;
  roles: number;
  rules: number;
}
/**
 * Where a `TableImport` stands: `stage` and its `label`, `done` of `total` units.
 */
export interface ImportProgress {
  done: number;
  finished: boolean;
  label: string;
  stage: ImportStage;
  total: number;
}
/**
 * Imported hosts merged into a plan (`mergeHosts`): the plan, what changed and the warnings.
 */
export interface MergedHosts {
  plan: Plan;
  summary: MergeSummary;
  warnings: Diagnostic[];
}
/**
 * What a merge did.
 */
export interface MergeSummary {
  added: number;
  removed: number;
  updated: number;
}
/**
 * An inventory read (`importHosts`): its header, the column mapping detected and used, the
 * hosts, the rows not read, and `fields`, the ids a column can be mapped to.
 */
export interface ImportedHosts {
  detected: HostField[];
  fields: string[];
  header: string[];
  hosts: HostRow[];
  mapping: HostField[];
  problems: ImportProblem[];
  rows: number;
}
/**
 * One host read from the inventory. `mergeHosts` reads hosts without the fields that have a
 * default (`importHosts` writes them all; its schema says they may be left out either way).
 */
export interface HostRow {
  addresses: string[];
  description?: string;
  /**
   * The line it was read from (0 for hosts already in the plan).
   */
  line?: number;
  name: string;
  roles?: string[];
  zone?: string;
}
/**
 * What the user says about the product and where the table comes from, and the corrections
 * they made to the draft. Every field may be left empty.
 */
export interface ImportOptions {
  format?: ImportFormat;
  /**
   * Per table: which option its rows depend on, or that it is left out.
   */
  groups?: GroupChoice[];
  /**
   * Product id (kebab-case); default: from the name, else `imported-product`.
   */
  id?: string;
  /**
   * Column kinds the user set, per table (index in the input's order).
   */
  mappings?: TableMapping[];
  name?: string;
  /**
   * Values for parameters the source names without a value (`HTTP_LB_EXCP_PORT`).
   */
  parameters?: ParameterValue[];
  /**
   * Roles renamed: draft role id → new name. Two roles renamed to one name are merged.
   */
  renames?: RoleRename[];
  /**
   * Per row (by its first line): the option its rules need, over its table's.
   */
  rows?: RowChoice[];
  /**
   * The source file's name, when it is a file.
   */
  source_file?: string;
  /**
   * The source's title (default: the file name or "Pasted vendor table").
   */
  source_title?: string;
  source_url?: string;
  summary?: string;
  vendor?: string;
}
export interface GroupChoice {
  /**
   * `false`: the table's rows are not imported (reported as left out).
   */
  include?: boolean;
  /**
   * The option the table's rules need (`""`: none).
   */
  option?: string | null;
  table: number;
}
export interface TableMapping {
  columns: ColumnKind[];
  table: number;
}
export interface ParameterValue {
  id: string;
  value: string;
}
export interface RoleRename {
  name: string;
  role: string;
}
export interface RowChoice {
  /**
   * The row's first line in the input.
   */
  line: number;
  /**
   * The option its rules need (`""`: none, whatever its table needs).
   */
  option?: string;
}
/**
 * The user's choices for an inventory import.
 */
export interface HostImportOptions {
  /**
   * `Auto`, `Csv` or `Tsv`.
   */
  format?: ImportFormat;
  /**
   * The column mapping, when the user corrected it (one per column).
   */
  mapping?: HostField[] | null;
}
