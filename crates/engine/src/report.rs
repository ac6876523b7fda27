//! What the engine derives from a catalog and a plan.

use ipnet::IpNet;
use portolan_catalog::{Citation, Requirement};
use portolan_core::diag::Severity;
use portolan_core::diag::{Code, FieldPath};
use portolan_core::net::{Address, PortSet, Transport};
use portolan_core::text::Text;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

/// The report format version (exports embed it). 2: flows as groups (every source of a rule
/// to every destination), ports as lists of numbers and ranges with their text alongside
/// (`ports`, `ports_text`), warnings with the roles, hosts and component they are about. Its JSON Schema is `schema/report-2.schema.json` (`report_schema()`).
pub const REPORT_SCHEMA: u32 = 2;

/// What the engine derives from a catalog and a plan.
#[derive(Debug, Clone, Serialize, Default, JsonSchema)]
pub struct Report {
    /// The report format version ([`REPORT_SCHEMA`]).
    #[schemars(range(min = 2, max = 2))]
    pub schema: u32,
    /// The plan's name.
    pub plan: String,
    pub catalog_revision: String,
    /// One flow per rule × source endpoint × destination endpoint × transport. In JSON: one
    /// group per rule and transport, from every source to every destination (`FlowGroup`), so
    /// that its size grows with the hosts, not with their pairs.
    #[serde(serialize_with = "crate::flow_groups::serialize")]
    #[schemars(with = "Vec<crate::flow_groups::FlowGroup<'static>>")]
    // (kept as one group per catalog rule, its sources and destinations listed once; the
    // per-pair view is streamed: `Flows::iter`, `Flows::get`)
    pub flows: crate::flow_set::Flows,
    /// The network flows grouped into the smallest rule set (local flows excluded).
    pub rules: Vec<AggregatedRule>,
    pub warnings: Vec<Warning>,
    pub requirements: Vec<ResolvedRequirement>,
    pub stats: Stats,
    /// The documented release products were evaluated at, where the version is not one or facts
    /// are carried over from another release (see `releases.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<super::releases::ReleaseUsed>,
    /// The plan's hosts as the engine read them: one per plan host, in plan order, with the
    /// trimmed name and the valid addresses (deduplicated). Exporters use these rather than
    /// parse the plan again. Not in the JSON (the plan has the hosts).
    #[serde(skip)]
    pub hosts: Vec<Arc<Endpoint>>,
    /// The roles of the plan's products that run in containers (the catalog's `container`) and
    /// that a host carries or a flow uses, in catalog order. Not in the JSON.
    #[serde(skip)]
    pub containers: Vec<ContainerRole>,
}

/// A role whose components run in containers (see [`Report::containers`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContainerRole {
    pub product: String,
    pub role: String,
}

#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq, JsonSchema)]
pub struct Stats {
    pub flows: usize,
    pub local_flows: usize,
    pub network_flows: usize,
    pub aggregated_rules: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EndpointKind {
    /// A host from the plan.
    Host,
    /// An internal role no host carries yet: shown by its role name.
    Unassigned,
    /// A catalog endpoint on the internet (FQDNs, wildcards, addresses).
    External,
    /// Any address.
    Any,
}

/// One side of a flow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct Endpoint {
    pub kind: EndpointKind,
    /// Host name, or the role's name for unassigned/external/any endpoints.
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// Valid addresses only (invalid ones are reported as warnings).
    pub addresses: Vec<Address>,
}

impl Endpoint {
    /// True when the endpoint can be written as addresses (or `any`) in a firewall rule.
    pub fn is_resolved(&self) -> bool {
        self.kind == EndpointKind::Any || !self.addresses.is_empty()
    }

    /// The addresses a firewall rule uses: for a host that has IP addresses, its host names are
    /// only aliases and are left out; otherwise every address.
    pub fn rule_addresses(&self) -> impl Iterator<Item = &Address> {
        let has_ip = self.kind == EndpointKind::Host && self.addresses.iter().any(Address::is_ip);
        self.addresses.iter().filter(move |a| !has_ip || a.is_ip())
    }

    /// How people read it: `agents (10.20.0.0/16)`, `any`, `RIS (role not mapped to a host)
    /// (no address yet)` — the one endpoint writer, [`crate::wording::endpoint`].
    pub fn text(&self) -> String {
        crate::wording::endpoint(self)
    }
}

/// A connection the plan requires: `source` opens it to `destination` on `ports`.
///
/// The strings and endpoints are shared (`Arc`) with the catalog rule and with the other flows
/// of the same endpoint, so a flow costs no string copies; they serialise as plain values.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Flow {
    pub product: Text,
    pub rule: Text,
    pub from_role: Text,
    pub to_role: Text,
    pub source: Arc<Endpoint>,
    pub destination: Arc<Endpoint>,
    pub transport: Transport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Text>,
    /// Shared by the flows of one catalog rule. In JSON: `ports` (numbers and ranges) and
    /// `ports_text`.
    #[serde(flatten, serialize_with = "crate::schema::ports_fields")]
    #[schemars(with = "crate::schema::PortsJson")]
    pub ports: Arc<PortSet>,
    pub purpose: Text,
    pub cite: Citation,
    pub optional: bool,
    pub tags: Arc<[String]>,
    /// The listening service, when the catalog names one (port conflicts are between services).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Text>,
    /// Source and destination are the same host: no network rule is needed.
    pub local: bool,
    /// `product/rule`, shared with the catalog rule (aggregated rules and warnings name rules
    /// so); not serialised, as `product` and `rule` say the same.
    #[serde(skip)]
    pub catalog_rule: Text,
}

/// A group of network flows that one firewall rule can express.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AggregatedRule {
    /// Stable within a report: `r1`, `r2`, ...
    pub id: String,
    pub sources: Vec<Arc<Endpoint>>,
    pub destinations: Vec<Arc<Endpoint>>,
    /// Source addresses collapsed to the fewest CIDRs (IPv4 then IPv6).
    #[schemars(with = "Vec<crate::schema::Net>")]
    pub source_nets: Vec<IpNet>,
    /// Source names (FQDNs, wildcards).
    pub source_names: Vec<Address>,
    pub any_source: bool,
    #[schemars(with = "Vec<crate::schema::Net>")]
    pub destination_nets: Vec<IpNet>,
    pub destination_names: Vec<Address>,
    pub transport: Transport,
    /// In JSON: `ports` (numbers and ranges) and `ports_text`.
    #[serde(flatten, serialize_with = "crate::schema::ports_fields")]
    #[schemars(with = "crate::schema::PortsJson")]
    pub ports: PortSet,
    /// `product/rule` of every catalog rule merged here (shared with the catalog).
    pub catalog_rules: Vec<Text>,
    pub products: Vec<Text>,
    pub purposes: Vec<Text>,
    pub citations: Vec<Citation>,
    pub optional: bool,
    /// Some endpoint has no address yet (an unassigned role, an external role the source gives no
    /// address for): the rule cannot be applied until it is mapped.
    pub unresolved: bool,
    pub flow_count: usize,
}

/// Something the user should know or fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct Warning {
    /// Stable code, e.g. `port-conflict`, `unassigned-role`, `plan::invalid-address`
    /// (docs/diagnostics.md).
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The plan field that causes it, e.g. `hosts[2].addresses[0]` or
    /// `products[0].versions.ris` (the UI links to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldPath>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
    /// The roles it is about, as `product/role`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The plan hosts it is about, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The component of `product` it is about (its version), e.g. `ris`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// A requirement whose condition holds, with computed values.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ResolvedRequirement {
    pub product: Text,
    /// Shared with the catalog.
    #[serde(flatten)]
    pub requirement: Arc<Requirement>,
    /// For sizing: the formula's value with the plan's parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// For min-hosts: how many hosts carry the role now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosts_mapped: Option<usize>,
}

impl Report {
    /// The plan's input errors: what the engine could not read (`plan::*` codes at error
    /// severity). While there are any, no allow-list is written (`portolan_export::refuse`).
    pub fn input_errors(&self) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(|w| {
            w.severity == portolan_core::diag::Severity::Error && w.code.is_plan_input()
        })
    }
}
