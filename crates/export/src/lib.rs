//! Exporters: report → one artifact in a format a firewall team or change board uses.
//!
//! Every format is one file in this folder implementing [`Exporter`] and one line in
//! [`registry`]. Exporters consume the engine's aggregated rule set, declare what they can
//! express, and list every rule they could not express (with why) instead of dropping it.
//! See `README.md` in this folder for the checklist every exporter meets.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

use portolan_engine::AggregatedRule;
use serde::Serialize;
use std::borrow::Cow;

pub mod antivirus;
mod aws_sg;
pub mod check_scripts;
mod checkpoint;
mod cisco_asa;
mod cisco_ios;
pub mod csv;
pub mod describe;
/// The network diagram as SVG (the planner's Diagram view, through the API module).
pub mod diagram;
pub mod document;
pub mod feeds;
mod fortios;
mod hosts;
pub mod html;
pub mod iptables;
pub mod json;
mod junos_srx;
mod k8s;
pub mod markdown;
pub mod matrix;
mod narrow;
pub mod nftables;
pub(crate) mod objects;
mod panos;
mod plain;
pub mod proxy;
pub mod refuse;
pub mod select;
pub mod text;
pub mod upgrade;
mod windows_firewall;
pub mod xlsx;

pub use narrow::partition;

/// What an exporter needs: the report, the plan and catalog it came from, and a timestamp
/// supplied by the caller (the engine has no clock). The engine's describing context.
pub use portolan_engine::describe::ExportContext;

/// What a format can carry. The engine checks each aggregated rule against these before
/// rendering, so unexpressible rules are reported uniformly; a rule that mixes addresses with
/// names the format cannot carry is narrowed to its addresses (`partition`).
#[derive(Debug, Clone, Copy, Serialize, Default, schemars::JsonSchema)]
pub struct Capabilities {
    /// Host names (FQDN objects) as destinations.
    pub fqdn: bool,
    /// `*.domain` wildcards.
    pub wildcard: bool,
    pub ipv6: bool,
    /// Rules whose endpoints have no address yet (unassigned roles).
    pub unresolved: bool,
    /// Port ranges written as ranges (not sampled or left out).
    pub ranges: bool,
    /// Rules placed by the plan's host zones (zone-based policies).
    pub zones: bool,
}

impl Capabilities {
    /// A document or data format that carries every rule as it is (the change requests, CSV,
    /// JSON, XLSX): host names, wildcards, IPv6, endpoints with no address yet and port ranges;
    /// rules are not placed by zones.
    pub const EVERY_RULE: Capabilities = Capabilities {
        fqdn: true,
        wildcard: true,
        ipv6: true,
        unresolved: true,
        ranges: true,
        zones: false,
    };
}

/// A flow (aggregated rule) a format could not express, and why (the change request lists them).
pub use portolan_engine::document::Unexpressed;

/// The id of an export format (`Artifact::format`, the JS API's `exportPlan` `format`) in the
/// JSON Schema: a string of [`registry`]'s list, so the TypeScript union is the registry's and a
/// new exporter adds itself to it.
pub struct FormatId;

impl schemars::JsonSchema for FormatId {
    fn schema_name() -> Cow<'static, str> {
        "ExportFormatId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = registry().iter().map(|e| e.id()).collect();
        schemars::json_schema!({
            "description": "The id of an export format, as `formats()` lists it.",
            "type": "string",
            "enum": ids,
        })
    }
}

/// A user-typed name a format cannot carry as is, and what it became.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

/// The product of one export.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Artifact {
    #[schemars(with = "FormatId")]
    pub format: String,
    /// A sensible file name for downloads, e.g. `site-a.nft`.
    pub file_name: String,
    pub mime: String,
    pub content: String,
    /// Number of rules/lines of policy the artifact contains (to compare with the flow count).
    pub rule_count: usize,
    pub flow_count: usize,
    pub unexpressed: Vec<Unexpressed>,
    pub renamed: Vec<Renamed>,
    /// The file itself when it is binary (XLSX); `content` is then a text view of it (what the
    /// planner previews and copies). Empty for text formats, whose file is `content`.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "as_bytes")]
    #[schemars(extend("tsType" = "Uint8Array"))]
    pub bytes: Vec<u8>,
}

/// Binary content as bytes (a `Uint8Array` in JavaScript, an array of numbers in JSON).
fn as_bytes<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(b)
}

impl Artifact {
    /// What a file of this artifact holds: `bytes` for a binary format, else `content`.
    pub fn file_bytes(&self) -> &[u8] {
        if self.bytes.is_empty() {
            self.content.as_bytes()
        } else {
            &self.bytes
        }
    }
}

/// One output format.
pub trait Exporter: Sync {
    /// Stable id used by the CLI (`--format`), the JS API and the UI.
    fn id(&self) -> &'static str;
    /// Human name shown in the UI.
    fn name(&self) -> &'static str;
    /// File extension without the dot.
    fn extension(&self) -> &'static str;
    fn mime(&self) -> &'static str {
        "text/plain"
    }
    fn capabilities(&self) -> Capabilities;
    /// True for an allow-list a device or proxy enforces (firewall configs, proxy lists);
    /// false for documents, check scripts and antivirus lists. Rules a format cannot carry name
    /// the policy formats that do.
    fn is_policy(&self) -> bool {
        true
    }
    /// Whether the format carries UDP rules (a proxy carries TCP only).
    fn udp(&self) -> bool {
        true
    }
    /// One sentence on what the format can and cannot express (shown in the UI and README).
    fn description(&self) -> &'static str;
    /// True when `render` takes every rule and itself reports what it leaves out, rule by rule
    /// or in part (plain-text feeds carry the addresses of a rule and list its names): `export`
    /// then passes all rules instead of splitting them by [`Capabilities`].
    fn takes_every_rule(&self) -> bool {
        false
    }
    /// Renders the artifact. `rules` are the aggregated rules this format can express;
    /// `skipped` the ones it cannot (with why), which the output lists in its header.
    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    );
}

/// What `render` writes: the text, the number of policy rules, names it had to change.
#[derive(Debug, Default)]
pub struct Output {
    pub content: String,
    pub rule_count: usize,
    pub renamed: Vec<Renamed>,
    /// Extra rules the renderer itself found it cannot express.
    pub unexpressed: Vec<Unexpressed>,
    /// The file of a binary format (see [`Artifact::bytes`]).
    pub bytes: Vec<u8>,
}

/// Every format, in the order the UI lists them. Adding a format: one file, one line here.
pub fn registry() -> Vec<&'static dyn Exporter> {
    vec![
        &csv::Csv,
        &json::Json,
        &markdown::Markdown,
        &html::Html,
        &plain::PlainText,
        &xlsx::Xlsx,
        &proxy::Squid,
        &proxy::Pac,
        &check_scripts::CheckBash,
        &check_scripts::CheckPowerShell,
        &antivirus::AntivirusPowerShell,
        &antivirus::AntivirusCsv,
        &nftables::NFTABLES,
        &nftables::NFTABLES_STRICT,
        &iptables::IPTABLES,
        &iptables::IP6TABLES,
        &iptables::IPTABLES_STRICT,
        &iptables::IP6TABLES_STRICT,
        &windows_firewall::WindowsFirewall,
        &cisco_asa::CiscoAsa,
        &panos::PanOs,
        &fortios::FortiOs,
        &junos_srx::JunosSrx,
        &cisco_ios::CiscoIos,
        &checkpoint::CheckPoint,
        &aws_sg::AwsSecurityGroups,
        &k8s::Kubernetes,
        &feeds::FEED_IP,
        &feeds::FEED_DOMAIN,
        &feeds::FEED_URL,
    ]
}

/// Finds a format by id.
pub fn find(id: &str) -> Option<&'static dyn Exporter> {
    registry().into_iter().find(|e| e.id() == id)
}

/// Runs one exporter over a report, whatever the plan's errors: front ends export through
/// [`refuse::checked`], which refuses while the plan has input errors.
pub fn export(exporter: &dyn Exporter, cx: &ExportContext<'_>) -> Artifact {
    let (rules, mut unexpressed) = if exporter.takes_every_rule() {
        (
            cx.report.rules.iter().map(Cow::Borrowed).collect(),
            Vec::new(),
        )
    } else {
        partition(exporter.capabilities(), &cx.report.rules)
    };
    let rules: Vec<&AggregatedRule> = rules.iter().map(|r| &**r).collect();
    let mut out = Output::default();
    exporter.render(cx, &rules, &unexpressed, &mut out);
    unexpressed.append(&mut out.unexpressed);
    let stem = text::file_stem(&cx.plan.name);
    Artifact {
        format: exporter.id().to_string(),
        file_name: format!("{stem}.{}", exporter.extension()),
        mime: exporter.mime().to_string(),
        content: out.content,
        rule_count: out.rule_count,
        flow_count: cx.report.stats.network_flows,
        unexpressed,
        renamed: out.renamed,
        bytes: out.bytes,
    }
}
