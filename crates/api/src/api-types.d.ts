/* Generated from schema/api.schema.json by scripts/lib/api-types.mjs: do not edit. */

/**
 * The JavaScript API's types besides the report's (schema/report-2.schema.json).
 */
export type ApiTypes = Plan | Diagnostic | Diff | Artifact | ExportFormat;
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
  format: string;
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
  id: string;
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
