/* The report's types, generated from schema/report-2.schema.json by scripts/lib/api-types.mjs: do not edit. */

/**
 * An IPv4 or IPv6 address or network (CIDR), a host name, or a `*.domain` wildcard, as written in a plan or catalog.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Address".
 */
export type Address = string;
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "EndpointKind".
 */
export type EndpointKind = "host" | "unassigned" | "external" | "any";
/**
 * One single port or one range of ports (both ends included).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "PortItem".
 */
export type PortItem =
  | number
  | {
      from: number;
      to: number;
    };
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Transport".
 */
export type Transport = "tcp" | "udp";
/**
 * A requirement whose condition holds, with computed values.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ResolvedRequirement".
 */
export type ResolvedRequirement = RequirementKind & {
  cite: Citation;
  /**
   * For min-hosts: how many hosts carry the role now.
   */
  hosts_mapped?: number | null;
  id: string;
  product: string;
  /**
   * The fact of the same table (rule or requirement id) this one takes the place of in the
   * releases it holds in: an upgrade shows the two as one fact that changed.
   */
  replaces?: string | null;
  seen?: Citation[];
  since?: Version | null;
  until?: Version | null;
  /**
   * For sizing: the formula's value with the plan's parameters.
   */
  value?: number | null;
  when?: Condition | null;
};
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "RequirementKind".
 */
export type RequirementKind =
  | {
      application: string;
      extensions: string[];
      folders: string[];
      kind: "antivirus";
      process?: string | null;
      text?: string | null;
    }
  | {
      /**
       * The component whose installed version is checked against `min_version`.
       */
      component?: string | null;
      integration: string;
      kind: "compatibility";
      min_version?: Version | null;
      os?: string | null;
      software: string;
      text: string;
      vendor: string;
    }
  | {
      formula: Formula;
      kind: "sizing";
      text: string;
      unit: string;
      what: string;
    }
  | {
      count: number;
      kind: "min-hosts";
      role: string;
      text: string;
    }
  | {
      kind: "time-sync";
      max_interval_hours: number;
      role?: string | null;
      text: string;
    }
  | {
      kind: "high-availability";
      role?: string | null;
      text: string;
    }
  | {
      kind: "network";
      text: string;
    }
  | {
      extension: string;
      kind: "file-type";
      text: string;
    }
  | {
      capability: string;
      kind: "prerequisite";
      requires: Condition;
      text: string;
    }
  | {
      kind: "note";
      text: string;
    }
  | {
      kind: "ambiguity";
      text: string;
    };
/**
 * A vendor version such as `15.2 HFR3` or `15.2.3`.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Version".
 */
export type Version = string;
/**
 * An arithmetic formula over the product's parameters, as written.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Formula".
 */
export type Formula = string;
/**
 * A condition of the catalog's expression language, as written (e.g. `ris >= "15.2 HFR3" and cloud-screen-recording`).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Condition".
 */
export type Condition = string;
/**
 * An IP network in CIDR notation, e.g. `10.20.0.0/23` or `2001:db8::/64`.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Net".
 */
export type Net = string;
/**
 * The plan field a warning is about, e.g. `hosts[2].addresses[0]` or `products[0].versions.ris`.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "FieldPath".
 */
export type FieldPath = string;
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = "info" | "warning" | "error";
/**
 * A stable diagnostic or warning code; the list with meanings is docs/diagnostics.md.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Code".
 */
export type Code =
  | "catalog::syntax"
  | "catalog::read"
  | "catalog::too-large"
  | "catalog::schema"
  | "catalog::unknown-field"
  | "catalog::missing-field"
  | "catalog::type"
  | "catalog::bad-integer"
  | "catalog::bad-id"
  | "catalog::duplicate-id"
  | "catalog::duplicate-product"
  | "catalog::id-file-mismatch"
  | "catalog::empty"
  | "catalog::negative"
  | "catalog::bad-count"
  | "catalog::bad-port"
  | "catalog::bad-version"
  | "catalog::bad-date"
  | "catalog::bad-endpoint"
  | "catalog::no-sources"
  | "catalog::source-location"
  | "catalog::unknown-source"
  | "catalog::unused-source"
  | "catalog::missing-cite"
  | "catalog::cite-outside-releases"
  | "catalog::category"
  | "catalog::coverage"
  | "catalog::no-coverage"
  | "catalog::component-kind"
  | "catalog::component-vendor"
  | "catalog::no-versions"
  | "catalog::default-not-listed"
  | "catalog::third-party-default"
  | "catalog::unknown-component"
  | "catalog::release-order"
  | "catalog::release-not-listed"
  | "catalog::release-sources"
  | "catalog::releases-component"
  | "catalog::no-releases"
  | "catalog::unknown-release"
  | "catalog::release-range"
  | "catalog::unknown-replaced"
  | "catalog::role-kind"
  | "catalog::role-condition"
  | "catalog::unknown-role"
  | "catalog::unused-role"
  | "catalog::endpoints-on-internal"
  | "catalog::any-listener"
  | "catalog::transport"
  | "catalog::no-ports"
  | "catalog::option-type"
  | "catalog::option-default"
  | "catalog::enum-values"
  | "catalog::bool-values"
  | "catalog::off-cost"
  | "catalog::wider-reading"
  | "catalog::hidden-character"
  | "catalog::parameter-type"
  | "catalog::parameter-range"
  | "catalog::parameter-default"
  | "catalog::unknown-parameter"
  | "catalog::unused-parameter"
  | "catalog::port-parameter-type"
  | "catalog::placeholder-type"
  | "catalog::placeholder-default"
  | "catalog::condition-syntax"
  | "catalog::condition-type"
  | "catalog::formula-syntax"
  | "catalog::formula-type"
  | "catalog::requirement-kind"
  | "catalog::requirement-field"
  | "plan::syntax"
  | "plan::read"
  | "plan::too-large"
  | "plan::schema"
  | "plan::shape"
  | "plan::duplicate-key"
  | "plan::hidden-character"
  | "plan::unknown-product"
  | "plan::duplicate-product"
  | "plan::invalid-version"
  | "plan::invalid-option"
  | "plan::invalid-parameter"
  | "plan::unknown-name"
  | "plan::host-name"
  | "plan::duplicate-host"
  | "plan::invalid-address"
  | "plan::host-without-address"
  | "plan::bad-role-ref"
  | "plan::unknown-role"
  | "plan::role-of-unselected-product"
  | "plan::invalid-endpoint"
  | "plan::too-many-flows"
  | "embed::key"
  | "embed::options"
  | "embed::value"
  | "embed::view"
  | "embed::unknown-parameter"
  | "embed::unknown-theme-variable"
  | "embed::theme-value"
  | "export::unknown-format"
  | "export::unknown-product"
  | "export::bad-options"
  | "export::plan-has-errors"
  | "import::unknown-role"
  | "import::add"
  | "feed::unknown-revision"
  | "upgrade::request"
  | "port-conflict"
  | "prerequisite"
  | "capability-disabled"
  | "fixed-parameter-changed"
  | "role-cardinality"
  | "unassigned-role"
  | "fqdn-destination"
  | "address-family"
  | "ambiguity"
  | "compatibility"
  | "compatibility-unknown"
  | "undetermined-rules"
  | "release-not-documented"
  | "carried-over";

/**
 * What the engine derives from a catalog and a plan.
 */
export interface Report {
  catalog_revision: string;
  /**
   * One flow per rule × source endpoint × destination endpoint × transport. In JSON: one
   * group per rule and transport, from every source to every destination (`FlowGroup`), so
   * that its size grows with the hosts, not with their pairs.
   */
  flows: FlowGroup[];
  /**
   * The plan's name.
   */
  plan: string;
  /**
   * The documented release products were evaluated at, where the version is not one or facts
   * are carried over from another release (see `releases.rs`).
   */
  releases?: ReleaseUsed[];
  requirements: ResolvedRequirement[];
  /**
   * The network flows grouped into the smallest rule set (local flows excluded).
   */
  rules: AggregatedRule[];
  /**
   * The report format version ([`REPORT_SCHEMA`]).
   */
  schema: number;
  stats: Stats;
  warnings: Warning[];
}
/**
 * Flows of one catalog rule on one transport, from each of `sources` to each of
 * `destinations`.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "FlowGroup".
 */
export interface FlowGroup {
  cite: Citation;
  destinations: Endpoint[];
  /**
   * How many host pairs the group stands for (`sources` × `destinations`).
   */
  flow_count: number;
  from_role: string;
  /**
   * `[source index, destination index]` of the pairs that are one host.
   */
  local_pairs?: [number, number][];
  optional: boolean;
  /**
   * Single ports as numbers and ranges as `{"from": 4001, "to": 4004}`, ascending and
   * without overlaps.
   */
  ports: PortItem[];
  /**
   * The same ports as people write them, e.g. `80, 443, 4001-4004`.
   */
  ports_text: string;
  product: string;
  protocol?: string | null;
  purpose: string;
  rule: string;
  service?: string | null;
  /**
   * Each source reaches each destination (pairs `[i, j]` of `local_pairs` excepted: they are
   * one host, and need no network rule).
   */
  sources: Endpoint[];
  tags: string[];
  to_role: string;
  transport: Transport;
}
/**
 * Where a fact comes from: a source id of the product and a short verbatim quote.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Citation".
 */
export interface Citation {
  quote: string;
  source: string;
}
/**
 * One side of a flow.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Endpoint".
 */
export interface Endpoint {
  /**
   * Valid addresses only (invalid ones are reported as warnings).
   */
  addresses: Address[];
  kind: EndpointKind;
  /**
   * Host name, or the role's name for unassigned/external/any endpoints.
   */
  name: string;
  zone?: string;
}
/**
 * The documented release a product was evaluated at, when there is something to say about it:
 * the version is not a documented release, or facts are carried over.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReleaseUsed".
 */
export interface ReleaseUsed {
  /**
   * Facts of the plan that the release's own sources do not show.
   */
  carried_over?: CarriedFact[];
  component: string;
  product: string;
  /**
   * The documented release whose facts apply.
   */
  release: string;
  /**
   * The version the plan gives (or the component's default).
   */
  version: string;
}
/**
 * A fact the evaluated release's sources do not show, taken from the nearest release that does.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "CarriedFact".
 */
export interface CarriedFact {
  cite: Citation;
  /**
   * `rule/<id>`, `requirement/<id>` or `endpoint/<role id>/<endpoint>`.
   */
  fact: string;
  /**
   * The release whose source shows it.
   */
  from: string;
}
/**
 * A group of network flows that one firewall rule can express.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "AggregatedRule".
 */
export interface AggregatedRule {
  any_source: boolean;
  /**
   * `product/rule` of every catalog rule merged here (shared with the catalog).
   */
  catalog_rules: string[];
  citations: Citation[];
  destination_names: Address[];
  destination_nets: Net[];
  destinations: Endpoint[];
  flow_count: number;
  /**
   * Stable within a report: `r1`, `r2`, ...
   */
  id: string;
  optional: boolean;
  /**
   * Single ports as numbers and ranges as `{"from": 4001, "to": 4004}`, ascending and
   * without overlaps.
   */
  ports: PortItem[];
  /**
   * The same ports as people write them, e.g. `80, 443, 4001-4004`.
   */
  ports_text: string;
  products: string[];
  purposes: string[];
  /**
   * Source names (FQDNs, wildcards).
   */
  source_names: Address[];
  /**
   * Source addresses collapsed to the fewest CIDRs (IPv4 then IPv6).
   */
  source_nets: Net[];
  sources: Endpoint[];
  transport: Transport;
  /**
   * Some endpoint has no address yet (an unassigned role, an external role the source gives no
   * address for): the rule cannot be applied until it is mapped.
   */
  unresolved: boolean;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Stats".
 */
export interface Stats {
  aggregated_rules: number;
  flows: number;
  local_flows: number;
  network_flows: number;
}
/**
 * Something the user should know or fix.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Warning".
 */
export interface Warning {
  cite?: Citation | null;
  /**
   * Stable code, e.g. `port-conflict`, `unassigned-role`, `plan::invalid-address`
   * (docs/diagnostics.md).
   */
  code:
    | "catalog::syntax"
    | "catalog::read"
    | "catalog::too-large"
    | "catalog::schema"
    | "catalog::unknown-field"
    | "catalog::missing-field"
    | "catalog::type"
    | "catalog::bad-integer"
    | "catalog::bad-id"
    | "catalog::duplicate-id"
    | "catalog::duplicate-product"
    | "catalog::id-file-mismatch"
    | "catalog::empty"
    | "catalog::negative"
    | "catalog::bad-count"
    | "catalog::bad-port"
    | "catalog::bad-version"
    | "catalog::bad-date"
    | "catalog::bad-endpoint"
    | "catalog::no-sources"
    | "catalog::source-location"
    | "catalog::unknown-source"
    | "catalog::unused-source"
    | "catalog::missing-cite"
    | "catalog::cite-outside-releases"
    | "catalog::category"
    | "catalog::coverage"
    | "catalog::no-coverage"
    | "catalog::component-kind"
    | "catalog::component-vendor"
    | "catalog::no-versions"
    | "catalog::default-not-listed"
    | "catalog::third-party-default"
    | "catalog::unknown-component"
    | "catalog::release-order"
    | "catalog::release-not-listed"
    | "catalog::release-sources"
    | "catalog::releases-component"
    | "catalog::no-releases"
    | "catalog::unknown-release"
    | "catalog::release-range"
    | "catalog::unknown-replaced"
    | "catalog::role-kind"
    | "catalog::role-condition"
    | "catalog::unknown-role"
    | "catalog::unused-role"
    | "catalog::endpoints-on-internal"
    | "catalog::any-listener"
    | "catalog::transport"
    | "catalog::no-ports"
    | "catalog::option-type"
    | "catalog::option-default"
    | "catalog::enum-values"
    | "catalog::bool-values"
    | "catalog::off-cost"
    | "catalog::wider-reading"
    | "catalog::hidden-character"
    | "catalog::parameter-type"
    | "catalog::parameter-range"
    | "catalog::parameter-default"
    | "catalog::unknown-parameter"
    | "catalog::unused-parameter"
    | "catalog::port-parameter-type"
    | "catalog::placeholder-type"
    | "catalog::placeholder-default"
    | "catalog::condition-syntax"
    | "catalog::condition-type"
    | "catalog::formula-syntax"
    | "catalog::formula-type"
    | "catalog::requirement-kind"
    | "catalog::requirement-field"
    | "plan::syntax"
    | "plan::read"
    | "plan::too-large"
    | "plan::schema"
    | "plan::shape"
    | "plan::duplicate-key"
    | "plan::hidden-character"
    | "plan::unknown-product"
    | "plan::duplicate-product"
    | "plan::invalid-version"
    | "plan::invalid-option"
    | "plan::invalid-parameter"
    | "plan::unknown-name"
    | "plan::host-name"
    | "plan::duplicate-host"
    | "plan::invalid-address"
    | "plan::host-without-address"
    | "plan::bad-role-ref"
    | "plan::unknown-role"
    | "plan::role-of-unselected-product"
    | "plan::invalid-endpoint"
    | "plan::too-many-flows"
    | "embed::key"
    | "embed::options"
    | "embed::value"
    | "embed::view"
    | "embed::unknown-parameter"
    | "embed::unknown-theme-variable"
    | "embed::theme-value"
    | "export::unknown-format"
    | "export::unknown-product"
    | "export::bad-options"
    | "export::plan-has-errors"
    | "import::unknown-role"
    | "import::add"
    | "feed::unknown-revision"
    | "upgrade::request"
    | "port-conflict"
    | "prerequisite"
    | "capability-disabled"
    | "fixed-parameter-changed"
    | "role-cardinality"
    | "unassigned-role"
    | "fqdn-destination"
    | "address-family"
    | "ambiguity"
    | "compatibility"
    | "compatibility-unknown"
    | "undetermined-rules"
    | "release-not-documented"
    | "carried-over";
  /**
   * The component of `product` it is about (its version), e.g. `ris`.
   */
  component?: string | null;
  /**
   * The plan field that causes it, e.g. `hosts[2].addresses[0]` or
   * `products[0].versions.ris` (the UI links to it).
   */
  field?: FieldPath | null;
  help?: string | null;
  /**
   * The plan hosts it is about, by name.
   */
  hosts?: string[];
  message: string;
  product?: string | null;
  /**
   * The roles it is about, as `product/role`.
   */
  roles?: string[];
  severity: Severity;
}
