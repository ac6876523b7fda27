//! The validated catalog: what the engine, the UI and the JS API read.
//!
//! Values here exist only valid: ids are unique and resolved, ports are in range, conditions
//! parsed and type-checked. Build them with [`crate::load_files`].

use portolan_core::cond::{Expr, Formula};
use portolan_core::net::{PortRange, PortSet};
use portolan_core::text::Text;
use portolan_core::version::Version;
use portolan_derive::Compact;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// All products the planner knows, and a revision id derived from their content.
#[derive(Debug, Clone, Serialize, Default, Compact, schemars::JsonSchema)]
pub struct Catalog {
    /// Content hash of the catalog files (stable across machines), e.g. `c-1a2b3c4d5e6f`.
    pub revision: String,
    pub products: Vec<Product>,
}

impl Catalog {
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| &*p.id == id)
    }
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
#[compact(after_read = "Product::link_rules")]
pub struct Product {
    /// Shared with every flow and requirement of a report (cloning it costs no allocation).
    pub id: Text,
    pub name: String,
    pub vendor: String,
    pub summary: String,
    /// How much of the vendor's own list the product's sources show.
    pub coverage: Coverage,
    /// One of [`CATEGORIES`], for finding products.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Free kebab-case labels for finding products (`webrtc`, `saas`, `screen-recording`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// File the product was loaded from (name only).
    pub file: String,
    pub sources: Vec<Source>,
    pub components: Vec<Component>,
    pub options: Vec<OptionDef>,
    pub parameters: Vec<Parameter>,
    pub roles: Vec<Role>,
    pub rules: Vec<Rule>,
    /// Shared with the report's resolved requirements.
    pub requirements: Vec<Arc<Requirement>>,
}

impl Product {
    /// Works out each rule's derived fields (see [`Rule::link`]); done once the product is read.
    pub fn link_rules(&mut self) {
        for rule in &mut self.rules {
            rule.link(&self.id, &self.roles);
        }
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|c| c.id == id)
    }
    pub fn parameter(&self, id: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|c| c.id == id)
    }
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|c| c.id == id)
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|c| c.id == id)
    }
}

/// How much of the vendor's own port list a product holds: a firewall team must never take a
/// partial table for the vendor's full list, so every view and export of a product's rules says
/// which it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Compact, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Coverage {
    /// The catalog file does not say.
    Unstated,
    /// The sources show the vendor's whole table.
    Complete,
    /// The sources show only part of it; `missing` says what is not there.
    Partial { missing: String },
}

impl Coverage {
    /// `complete`, `partial` or `not stated`.
    pub fn status(&self) -> &'static str {
        match self {
            Coverage::Unstated => "not stated",
            Coverage::Complete => "complete",
            Coverage::Partial { .. } => "partial",
        }
    }

    /// One line for documents and export headers, e.g. `partial: the web-app media table ...`.
    pub fn describe(&self) -> String {
        match self {
            Coverage::Unstated => {
                "not stated: the catalog file does not say whether it holds the whole vendor list"
                    .to_string()
            }
            Coverage::Complete => "complete: the whole vendor port table is modelled".to_string(),
            Coverage::Partial { missing } => {
                format!("PARTIAL, not the full vendor list; missing: {missing}")
            }
        }
    }
}

/// The categories a product may name, with their labels.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("recording", "Recording and compliance"),
    ("wfm", "Workforce management"),
    ("cti", "CTI and agent desktop"),
    ("cloud-contact-centre", "Cloud contact centre"),
    ("contact-centre", "Contact centre (self-hosted)"),
    ("remote-assistance", "Remote assistance"),
    ("voice", "Voice, SIP and WebRTC"),
];

/// The label of a category id (the id itself when unknown).
pub fn category_label(id: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(id, |(_, label)| label)
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Source {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub title: String,
}

/// Where a fact comes from: a source id of the product and a short verbatim quote.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    Compact,
    schemars::JsonSchema,
)]
pub struct Citation {
    pub source: Text,
    pub quote: Text,
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Component {
    pub id: String,
    pub name: String,
    /// A part of the product, or another vendor's software it integrates with.
    #[serde(skip_serializing_if = "ComponentKind::is_product")]
    pub kind: ComponentKind,
    /// Third-party only: who makes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Known releases, as the vendor writes them, oldest first.
    pub versions: Vec<Version>,
    /// The version assumed when the plan gives none: always set for product components; never
    /// for third-party software, whose version is unknown until the plan enters it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
    /// The documented releases (oldest first), each with the sources that document it; see
    /// `releases.rs`. Empty for a component whose releases no source documents.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<Release>,
}

/// What a component is: a part of the product, or third-party software named in the product's
/// compatibility statements (checked like a product version, but with no default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Compact, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    #[default]
    Product,
    ThirdParty,
}

impl ComponentKind {
    pub fn is_product(&self) -> bool {
        *self == ComponentKind::Product
    }
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct OptionDef {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub kind: OptionKind,
    pub description: String,
    /// What turning a bool option off costs (surfaces as a warning when it is off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_cost: Option<String>,
    /// A reading wider than the source states: a bool option, off by default (the loader
    /// refuses anything else), shown apart from the product's modules.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wider_reading: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Compact, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum OptionKind {
    Bool {
        default: bool,
    },
    Enum {
        values: Vec<String>,
        default: String,
    },
    /// Multi-select: any of `values` (a choice where several of the vendor's tables may apply).
    Set {
        values: Vec<String>,
        default: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Compact, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    Port,
    Count,
    Text,
}

/// A parameter's value: ports and counts are numbers, names are text.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    Compact,
    schemars::JsonSchema,
)]
#[serde(untagged)]
pub enum ParamValue {
    Number(u64),
    Text(String),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Text(t) => f.write_str(t),
        }
    }
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Parameter {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ParamKind,
    pub default: ParamValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub configurable: bool,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Compact,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RoleKind {
    /// A place in the user's network, mapped to the user's hosts.
    Internal,
    /// Fixed endpoints on the internet (the user may still map hosts to it).
    External,
    /// Any address at all.
    Any,
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub kind: RoleKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Endpoint templates: addresses, CIDRs, FQDNs, `*.domain` wildcards; `{parameter}` is replaced
    /// by the plan's value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<String>,
    /// The choices (option values) whose tables use this role; when it does not hold, the role
    /// and its rules produce no flows and no warnings. Uses options only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The role's components run in containers (the catalog's `container`, cited in `cite`):
    /// the Kubernetes export writes a NetworkPolicy for their pods.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub container: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
    /// Endpoints that hold in some releases only (`endpoints` hold in every release).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub release_endpoints: Vec<ScopedEndpoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Compact, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TransportSpec {
    Tcp,
    Udp,
    Both,
}

/// One element of a rule's port list.
#[derive(Debug, Clone, PartialEq, Eq, Compact)]
pub enum PortSpec {
    Range(PortRange),
    /// `{parameter}`: the plan's value of a port parameter.
    Param(String),
}

impl Serialize for PortSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PortSpec::Range(r) => s.collect_str(r),
            PortSpec::Param(p) => s.collect_str(&format_args!("{{{p}}}")),
        }
    }
}

/// In JSON a port list item is text: `4000-4010`, `443` or `{parameter}`.
impl schemars::JsonSchema for PortSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PortSpec".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A port (`443`), a range (`4000-4010`) or a port parameter (`{sip-port}`)."
        })
    }
}

/// A parsed, type-checked condition; serialises as its source text.
#[derive(Debug, Clone)]
pub struct Condition {
    pub source: String,
    pub expr: Expr,
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

/// A parsed, type-checked arithmetic formula; serialises as its source text.
#[derive(Debug, Clone)]
pub struct FormulaDef {
    pub source: String,
    pub formula: Formula,
}

impl Serialize for FormulaDef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

/// A catalog rule. The strings a flow copies are shared (`Arc`), so that a report's flows point
/// at them instead of copying them.
#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Rule {
    pub id: Text,
    pub from: Text,
    pub to: Text,
    pub transport: TransportSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Text>,
    pub ports: Vec<PortSpec>,
    pub purpose: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub optional: bool,
    pub tags: Arc<[String]>,
    /// Name of the listening service (for port-conflict checks); defaults to the `to` role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Text>,
    pub cite: Citation,
    /// The releases the rule holds in (already part of `when`) and its citations from other
    /// releases' sources.
    #[serde(flatten)]
    pub scope: ReleaseScope,
    /// `product/rule`, as reports name the rule (shared by its flows and aggregated rules);
    /// derived from the product by [`Rule::link`], not part of the catalog's text.
    #[serde(skip)]
    #[compact(skip)]
    pub name: Text,
    /// The indices of the `from` and `to` roles in the product's roles (`None`: no such role);
    /// derived by [`Rule::link`].
    #[serde(skip)]
    #[compact(skip)]
    pub from_index: Option<usize>,
    #[serde(skip)]
    #[compact(skip)]
    pub to_index: Option<usize>,
    /// The rule's ports when they name no parameter (the same for every plan, so its flows share
    /// one set across evaluations); derived by [`Rule::link`].
    #[serde(skip)]
    #[compact(skip)]
    pub fixed_ports: Option<Arc<PortSet>>,
}

impl Rule {
    /// Works out what the rule derives from its product (`product` is its id): its
    /// `product/rule` name, the indices of its roles and its fixed ports. The loaders call it
    /// for every rule.
    pub fn link(&mut self, product: &str, roles: &[Role]) {
        self.name = [product, "/", &self.id].concat().into();
        self.from_index = roles.iter().position(|r| r.id == *self.from);
        self.to_index = roles.iter().position(|r| r.id == *self.to);
        let mut fixed = PortSet::new();
        self.fixed_ports = self
            .ports
            .iter()
            .all(|p| match p {
                PortSpec::Range(r) => {
                    fixed.insert_range(*r);
                    true
                }
                PortSpec::Param(_) => false,
            })
            .then(|| Arc::new(fixed));
    }
}

#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Requirement {
    pub id: String,
    #[serde(flatten)]
    pub kind: RequirementKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub cite: Citation,
    /// The releases the requirement holds in (already part of `when`) and its citations from
    /// other releases' sources.
    #[serde(flatten)]
    pub scope: ReleaseScope,
}

/// What a requirement asks for, by kind.
#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RequirementKind {
    Antivirus {
        application: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        process: Option<String>,
        extensions: Vec<String>,
        folders: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    Compatibility {
        vendor: String,
        integration: String,
        software: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        os: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        min_version: Option<Version>,
        /// The component whose installed version is checked against `min_version`.
        #[serde(skip_serializing_if = "Option::is_none")]
        component: Option<String>,
        text: String,
    },
    Sizing {
        what: String,
        formula: FormulaDef,
        unit: String,
        text: String,
    },
    MinHosts {
        role: String,
        count: u32,
        text: String,
    },
    TimeSync {
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        max_interval_hours: u32,
        text: String,
    },
    HighAvailability {
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        text: String,
    },
    Network {
        text: String,
    },
    FileType {
        extension: String,
        text: String,
    },
    Prerequisite {
        capability: String,
        requires: Condition,
        text: String,
    },
    Note {
        text: String,
    },
    Ambiguity {
        text: String,
    },
}

impl RequirementKind {
    /// The kebab-case name of the kind, as written in catalog files.
    pub fn name(&self) -> &'static str {
        match self {
            RequirementKind::Antivirus { .. } => "antivirus",
            RequirementKind::Compatibility { .. } => "compatibility",
            RequirementKind::Sizing { .. } => "sizing",
            RequirementKind::MinHosts { .. } => "min-hosts",
            RequirementKind::TimeSync { .. } => "time-sync",
            RequirementKind::HighAvailability { .. } => "high-availability",
            RequirementKind::Network { .. } => "network",
            RequirementKind::FileType { .. } => "file-type",
            RequirementKind::Prerequisite { .. } => "prerequisite",
            RequirementKind::Note { .. } => "note",
            RequirementKind::Ambiguity { .. } => "ambiguity",
        }
    }
}

pub const REQUIREMENT_KINDS: &[&str] = &[
    "antivirus",
    "compatibility",
    "sizing",
    "min-hosts",
    "time-sync",
    "high-availability",
    "network",
    "file-type",
    "prerequisite",
    "note",
    "ambiguity",
];

/// One documented release of a component: its version, the date where a source gives one, and
/// the sources (ids of the product's `[[sources]]`) that document it.
#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct Release {
    pub version: Version,
    /// What the vendor calls the release when the version alone does not say it (e.g. a
    /// documentation revision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the source gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub sources: Vec<String>,
    /// What the sources of this release show and do not show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The releases a fact holds in: from `since` (a documented release, inclusive) up to `until`
/// (the first documented release that no longer has it); both open when absent. `seen` are its
/// citations from the sources of other releases (the fact's `cite` is one more).
#[derive(Debug, Clone, Default, Serialize, Compact, schemars::JsonSchema)]
pub struct ReleaseScope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Version>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Version>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<Citation>,
    /// The fact of the same table (rule or requirement id) this one takes the place of in the
    /// releases it holds in: an upgrade shows the two as one fact that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

/// An endpoint of an external role that holds in some releases only.
#[derive(Debug, Clone, Serialize, Compact, schemars::JsonSchema)]
pub struct ScopedEndpoint {
    pub endpoint: String,
    #[serde(flatten)]
    pub scope: ReleaseScope,
    pub cite: Citation,
}
