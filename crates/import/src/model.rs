//! The draft product an import produces, and the choices the user makes on it.

use crate::columns::{ColumnKind, Mapping};
use crate::values::{Range, Transport};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The input formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "ImportFormat")]
pub enum Format {
    /// Decide from the text.
    #[default]
    Auto,
    /// Pasted text: `|` or tab separated lines, one cell per line, Markdown tables.
    Text,
    /// Markdown tables (read as text).
    Markdown,
    Csv,
    Tsv,
    Html,
}

impl Format {
    pub fn from_id(id: &str) -> Option<Format> {
        match id.to_ascii_lowercase().as_str() {
            "auto" => Some(Format::Auto),
            "text" | "txt" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// What the user says about the product and where the table comes from, and the corrections
/// they made to the draft. Every field may be left empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(rename = "ImportOptions")]
pub struct Options {
    pub format: Format,
    /// Product id (kebab-case); default: from the name, else `imported-product`.
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub summary: String,
    /// The source's title (default: the file name or "Pasted vendor table").
    pub source_title: String,
    pub source_url: String,
    /// The source file's name, when it is a file.
    pub source_file: String,
    /// Column kinds the user set, per table (index in the input's order).
    pub mappings: Vec<TableMapping>,
    /// Roles renamed: draft role id → new name. Two roles renamed to one name are merged.
    pub renames: Vec<Rename>,
    /// Per table: which option its rows depend on, or that it is left out.
    pub groups: Vec<GroupChoice>,
    /// Values for parameters the source names without a value (`HTTP_LB_EXCP_PORT`).
    pub parameters: Vec<ParameterValue>,
    /// Per row (by its first line): the option its rules need, over its table's.
    pub rows: Vec<RowChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RowChoice {
    /// The row's first line in the input.
    pub line: usize,
    /// The option its rules need (`""`: none, whatever its table needs).
    #[serde(default)]
    pub option: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TableMapping {
    pub table: usize,
    pub columns: Mapping,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "RoleRename")]
pub struct Rename {
    pub role: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupChoice {
    pub table: usize,
    /// The option the table's rules need (`""`: none).
    #[serde(default)]
    pub option: Option<String>,
    /// `false`: the table's rows are not imported (reported as left out).
    #[serde(default = "yes")]
    pub include: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParameterValue {
    pub id: String,
    pub value: String,
}

/// The outcome of an import: the tables found, the draft product and every row that could not
/// be read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Draft {
    /// The format the input was read as.
    pub format: Format,
    pub tables: Vec<TableDraft>,
    pub product: ProductDraft,
    pub problems: Vec<Problem>,
    pub stats: Stats,
}

/// One table found in the input.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TableDraft {
    pub index: usize,
    pub first_line: usize,
    pub last_line: usize,
    pub heading: Option<String>,
    /// The sentence before the table: the candidate for its option.
    pub lead: Option<String>,
    pub header: Vec<String>,
    /// A few rows as read, for the mapping form.
    pub sample: Vec<Vec<String>>,
    pub mapping: Mapping,
    /// The kinds detected before the user's corrections.
    pub detected: Mapping,
    pub rows: usize,
    /// The option its rules depend on.
    pub option: Option<String>,
    pub include: bool,
}

/// The product drafted from the tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ProductDraft {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub summary: String,
    pub source: SourceDraft,
    pub options: Vec<OptionDraft>,
    pub parameters: Vec<ParameterDraft>,
    pub roles: Vec<RoleDraft>,
    pub rules: Vec<RuleDraft>,
    /// What the source leaves unclear (written as `ambiguity` requirements).
    pub ambiguities: Vec<AmbiguityDraft>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct SourceDraft {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct OptionDraft {
    pub id: String,
    pub name: String,
    /// The sentence it comes from (cited).
    pub quote: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "DraftParamKind")]
pub enum ParamKind {
    Port,
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ParameterDraft {
    pub id: String,
    pub name: String,
    pub kind: ParamKind,
    /// `None`: the source gives no value; the rules using it wait for one.
    pub default: Option<String>,
    pub description: String,
    pub quote: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "DraftRoleKind")]
pub enum RoleKind {
    Internal,
    External,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RoleDraft {
    pub id: String,
    pub name: String,
    pub kind: RoleKind,
    pub endpoints: Vec<String>,
    /// The names in the source this role stands for (several after a merge).
    pub names: Vec<String>,
    /// The role ids those names give before any rename: what [`Options::renames`] refer to.
    pub originals: Vec<String>,
    /// `true`: the source names no one here; the importer made the role up (rename or merge it).
    pub inferred: bool,
    /// The first row that names it.
    pub line: usize,
    pub quote: String,
}

/// One element of a rule's ports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "DraftPortItem")]
pub enum PortItem {
    Range(Range),
    Param(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RuleDraft {
    pub id: String,
    pub from: String,
    pub to: String,
    pub transport: Transport,
    pub protocol: Option<String>,
    pub ports: Vec<PortItem>,
    pub purpose: String,
    pub when: Option<String>,
    pub optional: bool,
    pub table: usize,
    /// The rows it comes from: `(first line, last line)`, the first one cited.
    #[schemars(with = "Vec<[usize; 2]>")]
    pub lines: Vec<(usize, usize)>,
    pub quote: String,
    /// Why it cannot be written yet (a parameter without a value), if so.
    pub pending: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AmbiguityDraft {
    pub id: String,
    /// What the requirement says (the note with the lines it applies to).
    pub text: String,
    /// The note itself, and the lines of the rows it applies to.
    pub note: String,
    pub lines: Vec<usize>,
    pub quote: String,
    pub line: usize,
}

/// A row (or table) that could not be imported, or was imported with a caveat.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "ImportProblem")]
pub struct Problem {
    pub severity: Severity,
    pub table: Option<usize>,
    pub first_line: usize,
    pub last_line: usize,
    /// The row as read.
    pub text: String,
    pub reason: String,
    /// How many rows it stands for (a table left out counts all of its rows).
    pub rows: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "ImportSeverity")]
pub enum Severity {
    /// The row is not imported.
    Unreadable,
    /// The table is not a port table, or the user left it out: its rows are not imported.
    Skipped,
    /// Imported, with a caveat.
    Warning,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(rename = "ImportStats")]
pub struct Stats {
    pub tables: usize,
    /// Rows of all tables.
    pub rows: usize,
    /// Rows that gave at least one rule.
    pub imported: usize,
    pub unreadable: usize,
    pub skipped: usize,
    pub rules: usize,
}

impl ColumnKind {
    /// Whether this kind gives a rule's listening port.
    pub fn is_port(self) -> bool {
        matches!(
            self,
            ColumnKind::Port | ColumnKind::LocalPort | ColumnKind::RemotePort
        )
    }
}
