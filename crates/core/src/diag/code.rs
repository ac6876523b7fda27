//! Every diagnostic and warning code, with its stable string form (`catalog::unknown-role`,
//! `port-conflict`) and one line of meaning: the one list that `docs/diagnostics.md` is
//! generated from (a test fails when the two differ).
//!
//! The string form is the contract (CLI output, the report's JSON, the JS API); a code is never
//! renamed or reused for another meaning. The prefix says where the problem is: `catalog::` in a
//! catalog file, `plan::` in a plan, `embed::` in the options of an embedded planner,
//! `export::` in an export request, `import::` in an import draft, `feed::` and `upgrade::` in
//! requests about releases; codes without a prefix are
//! the report's warnings about a valid plan.

use std::fmt;
use std::str::FromStr;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $text:literal, )+) => {
        /// A diagnostic or warning code (see the module documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in the order of the documented list.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable string form, e.g. `catalog::unknown-role`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }

            /// What the code means, in one or two sentences.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+),)+
                }
            }
        }
    };
}

codes! {
    // --- catalog files -------------------------------------------------------------------
    /// The file is not valid TOML.
    CatalogSyntax = "catalog::syntax",
    /// The catalog file cannot be read (missing, not UTF-8, a folder).
    CatalogRead = "catalog::read",
    /// The file is larger than the loader accepts.
    CatalogTooLarge = "catalog::too-large",
    /// The file's `schema` is not a catalog format this build reads.
    CatalogSchema = "catalog::schema",
    /// A key the catalog format does not have (with the closest known key).
    CatalogUnknownField = "catalog::unknown-field",
    /// A required key is missing.
    CatalogMissingField = "catalog::missing-field",
    /// A value of the wrong TOML type (a number where a list is expected, ...).
    CatalogType = "catalog::type",
    /// A whole number that does not fit in 64 bits.
    CatalogBadInteger = "catalog::bad-integer",
    /// An id that is not kebab-case.
    CatalogBadId = "catalog::bad-id",
    /// An id defined twice in one product.
    CatalogDuplicateId = "catalog::duplicate-id",
    /// A product id defined by two files of one catalog.
    CatalogDuplicateProduct = "catalog::duplicate-product",
    /// A product id that differs from its file name.
    CatalogIdFileMismatch = "catalog::id-file-mismatch",
    /// A text that must not be empty is empty.
    CatalogEmpty = "catalog::empty",
    /// A negative number where only 0 or more makes sense.
    CatalogNegative = "catalog::negative",
    /// A count that is not a positive whole number.
    CatalogBadCount = "catalog::bad-count",
    /// A port outside 1–65535, or a range written wrongly.
    CatalogBadPort = "catalog::bad-port",
    /// A version that does not start with numbers separated by dots.
    CatalogBadVersion = "catalog::bad-version",
    /// A date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    CatalogBadDate = "catalog::bad-date",
    /// An endpoint that is not an address, network, host name or `*.domain` wildcard.
    CatalogBadEndpoint = "catalog::bad-endpoint",
    /// A product without `[[sources]]`.
    CatalogNoSources = "catalog::no-sources",
    /// A source with neither `file` nor `url`.
    CatalogSourceLocation = "catalog::source-location",
    /// A citation or release names a source the product does not declare.
    CatalogUnknownSource = "catalog::unknown-source",
    /// A declared source that nothing cites (warning).
    CatalogUnusedSource = "catalog::unused-source",
    /// A fact without a citation.
    CatalogMissingCite = "catalog::missing-cite",
    /// A fact cited from a release outside the releases it holds in.
    CatalogCiteOutsideReleases = "catalog::cite-outside-releases",
    /// An unknown product category (with the list of categories).
    CatalogCategory = "catalog::category",
    /// `coverage` and `coverage_missing` contradict each other.
    CatalogCoverage = "catalog::coverage",
    /// A product that does not say whether its sources show the vendor's whole port list (warning).
    CatalogNoCoverage = "catalog::no-coverage",
    /// An unknown component kind (`product` or `third-party`).
    CatalogComponentKind = "catalog::component-kind",
    /// A `vendor` on a component that is not third-party.
    CatalogComponentVendor = "catalog::component-vendor",
    /// A component that lists no known versions.
    CatalogNoVersions = "catalog::no-versions",
    /// A default version that is not among the listed versions.
    CatalogDefaultNotListed = "catalog::default-not-listed",
    /// A default version on a third-party component (its installed version is the user's to give).
    CatalogThirdPartyDefault = "catalog::third-party-default",
    /// A condition or fact names a component the product does not declare.
    CatalogUnknownComponent = "catalog::unknown-component",
    /// Releases listed out of order or twice.
    CatalogReleaseOrder = "catalog::release-order",
    /// A release that is not among the component's `versions`.
    CatalogReleaseNotListed = "catalog::release-not-listed",
    /// One source named as the document of more than one release.
    CatalogReleaseSources = "catalog::release-sources",
    /// More than one component of a product lists releases.
    CatalogReleasesComponent = "catalog::releases-component",
    /// `since`/`until` used by a product whose components list no releases.
    CatalogNoReleases = "catalog::no-releases",
    /// `since`/`until` names a release that is not documented.
    CatalogUnknownRelease = "catalog::unknown-release",
    /// `until` is not after `since`.
    CatalogReleaseRange = "catalog::release-range",
    /// `replaces` names a fact that is not another fact of the product.
    CatalogUnknownReplaced = "catalog::unknown-replaced",
    /// An unknown role kind (`internal`, `external` or `any`).
    CatalogRoleKind = "catalog::role-kind",
    /// A role's `when` names something that is not an option (a role belongs to choices).
    CatalogRoleCondition = "catalog::role-condition",
    /// A rule or requirement names a role the product does not declare.
    CatalogUnknownRole = "catalog::unknown-role",
    /// A role that no rule or requirement uses (warning).
    CatalogUnusedRole = "catalog::unused-role",
    /// `endpoints` on a role that is not external.
    CatalogEndpointsOnInternal = "catalog::endpoints-on-internal",
    /// A rule that listens on a role of kind `any`.
    CatalogAnyListener = "catalog::any-listener",
    /// An unknown transport (`tcp`, `udp` or `both`).
    CatalogTransport = "catalog::transport",
    /// A rule without ports.
    CatalogNoPorts = "catalog::no-ports",
    /// An unknown option type (`bool`, `enum` or `set`).
    CatalogOptionType = "catalog::option-type",
    /// An option default that is not one of its values.
    CatalogOptionDefault = "catalog::option-default",
    /// An enum or set option without `values`.
    CatalogEnumValues = "catalog::enum-values",
    /// `values` on a bool option.
    CatalogBoolValues = "catalog::bool-values",
    /// `off_cost` on an option that is not bool.
    CatalogOffCost = "catalog::off-cost",
    /// A wider reading (`wider_reading = true`) that is not a bool option off by default.
    CatalogWiderReading = "catalog::wider-reading",
    /// A text with a character a reader does not see: a direction override, a zero-width or a
    /// control character (a warning).
    CatalogHiddenCharacter = "catalog::hidden-character",
    /// An unknown parameter type (`port`, `count` or `text`).
    CatalogParameterType = "catalog::parameter-type",
    /// `min`/`max` that do not fit the parameter's type.
    CatalogParameterRange = "catalog::parameter-range",
    /// A parameter default outside its range or of the wrong type.
    CatalogParameterDefault = "catalog::parameter-default",
    /// A placeholder, condition or formula names a parameter the product does not declare.
    CatalogUnknownParameter = "catalog::unknown-parameter",
    /// A parameter that no rule, endpoint, condition or formula uses (warning).
    CatalogUnusedParameter = "catalog::unused-parameter",
    /// A port placeholder names a parameter that is not a port.
    CatalogPortParameterType = "catalog::port-parameter-type",
    /// An endpoint placeholder names a parameter that is not text.
    CatalogPlaceholderType = "catalog::placeholder-type",
    /// The default of a parameter that fills an endpoint is not one DNS label.
    CatalogPlaceholderDefault = "catalog::placeholder-default",
    /// A condition that cannot be read.
    CatalogConditionSyntax = "catalog::condition-syntax",
    /// A condition that compares values of different types.
    CatalogConditionType = "catalog::condition-type",
    /// A sizing formula that cannot be read.
    CatalogFormulaSyntax = "catalog::formula-syntax",
    /// A sizing formula over a parameter that is not a number.
    CatalogFormulaType = "catalog::formula-type",
    /// An unknown requirement kind.
    CatalogRequirementKind = "catalog::requirement-kind",
    /// A field that does not apply to the requirement's kind.
    CatalogRequirementField = "catalog::requirement-field",

    // --- plans ---------------------------------------------------------------------------
    /// The plan file is not valid TOML or JSON.
    PlanSyntax = "plan::syntax",
    /// The plan file cannot be read.
    PlanRead = "plan::read",
    /// The plan is larger than the planner accepts.
    PlanTooLarge = "plan::too-large",
    /// The plan's `schema` is not a plan format this build reads.
    PlanSchema = "plan::schema",
    /// The plan's JSON is not an object of the plan's shape.
    PlanShape = "plan::shape",
    /// A key given twice in a plan.
    PlanDuplicateKey = "plan::duplicate-key",
    /// A character that cannot be seen (zero-width, bidirectional control) in a plan value.
    PlanHiddenCharacter = "plan::hidden-character",
    /// A product id the catalog does not have.
    PlanUnknownProduct = "plan::unknown-product",
    /// A product listed twice in one plan.
    PlanDuplicateProduct = "plan::duplicate-product",
    /// A version that cannot be read; what depends on it is left out, never defaulted.
    PlanInvalidVersion = "plan::invalid-version",
    /// An option value that is not one of the option's values.
    PlanInvalidOption = "plan::invalid-option",
    /// A parameter value of the wrong type or outside its range.
    PlanInvalidParameter = "plan::invalid-parameter",
    /// A version, option or parameter name the product does not have.
    PlanUnknownName = "plan::unknown-name",
    /// A host name that is empty or not a valid name.
    PlanHostName = "plan::host-name",
    /// Two hosts with the same name.
    PlanDuplicateHost = "plan::duplicate-host",
    /// A host address that is not an IP address, network or host name.
    PlanInvalidAddress = "plan::invalid-address",
    /// A host that carries roles but has no address.
    PlanHostWithoutAddress = "plan::host-without-address",
    /// A host role not written as `product/role`.
    PlanBadRoleRef = "plan::bad-role-ref",
    /// A host role the product does not declare.
    PlanUnknownRole = "plan::unknown-role",
    /// A host role of a product the plan does not select.
    PlanRoleOfUnselectedProduct = "plan::role-of-unselected-product",
    /// A value for an external endpoint that is not a valid address or name.
    PlanInvalidEndpoint = "plan::invalid-endpoint",
    /// A rule between more host pairs than the engine evaluates; its flows are left out and named.
    PlanTooManyFlows = "plan::too-many-flows",

    // --- embedding options ---------------------------------------------------------------
    /// An embedding option the planner does not have.
    EmbedKey = "embed::key",
    /// The embedding options are not an object.
    EmbedOptions = "embed::options",
    /// An embedding option value of the wrong kind.
    EmbedValue = "embed::value",
    /// A start view that does not exist.
    EmbedView = "embed::view",
    /// A query-string parameter the planner does not read.
    EmbedUnknownParameter = "embed::unknown-parameter",
    /// A theme variable the planner does not have.
    EmbedUnknownThemeVariable = "embed::unknown-theme-variable",
    /// A theme value that is not a safe CSS value.
    EmbedThemeValue = "embed::theme-value",

    // --- exports -------------------------------------------------------------------------
    /// An export format that does not exist.
    ExportUnknownFormat = "export::unknown-format",
    /// An export restricted to a product the plan does not have.
    ExportUnknownProduct = "export::unknown-product",
    /// Export options that cannot be read.
    ExportBadOptions = "export::bad-options",
    /// An allow-list refused because the plan has input errors.
    ExportPlanHasErrors = "export::plan-has-errors",

    // --- imports -------------------------------------------------------------------------
    /// An imported table names a role the draft does not declare.
    ImportUnknownRole = "import::unknown-role",
    /// An import draft that cannot be added to the planner's catalog.
    ImportAdd = "import::add",

    // --- releases ------------------------------------------------------------------------
    /// A catalog revision this build's change feed does not have.
    FeedUnknownRevision = "feed::unknown-revision",
    /// An upgrade request that cannot be answered (unknown release, `from` newer than `to`, a
    /// product the plan does not have).
    UpgradeRequest = "upgrade::request",

    // --- the report's warnings -----------------------------------------------------------
    /// Two rules need the same port on one host for different purposes.
    PortConflict = "port-conflict",
    /// A capability lost to a version or operating system (a prerequisite not met).
    Prerequisite = "prerequisite",
    /// An option turned off disables a capability (what it costs is said).
    CapabilityDisabled = "capability-disabled",
    /// A parameter the vendor calls fixed was changed.
    FixedParameterChanged = "fixed-parameter-changed",
    /// Fewer or more hosts carry a role than the vendor requires.
    RoleCardinality = "role-cardinality",
    /// A role of the chosen tables is carried by no host (a to-do, not a risk).
    UnassignedRole = "unassigned-role",
    /// A flow to a host name or wildcard: address-only firewalls need a proxy or DNS-aware rule.
    FqdnDestination = "fqdn-destination",
    /// Two hosts that must connect share no IP version.
    AddressFamily = "address-family",
    /// Where the vendor's document is unclear; the catalog's reading is said.
    Ambiguity = "ambiguity",
    /// The installed version of another vendor's software is below the vendor's statement.
    Compatibility = "compatibility",
    /// The installed version of another vendor's software is not given.
    CompatibilityUnknown = "compatibility-unknown",
    /// Rules left out, not opened, because they depend on a value that cannot be read.
    UndeterminedRules = "undetermined-rules",
    /// A version between documented releases, evaluated with the nearest release below it.
    ReleaseNotDocumented = "release-not-documented",
    /// A fact the release's document does not show, carried over from the nearest release that does.
    CarriedOver = "carried-over",
}

impl Code {
    /// The part before `::` (`catalog`, `plan`, ...), or `report` for the report's warnings.
    pub fn area(self) -> &'static str {
        self.as_str()
            .split_once("::")
            .map_or("report", |(area, _)| area)
    }

    /// True for the codes of invalid plan input (`plan::*`).
    pub fn is_plan_input(self) -> bool {
        self.area() == "plan"
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is no known code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a known diagnostic code", self.0)
    }
}

impl FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_string()))
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "A stable diagnostic or warning code; the list with meanings is docs/diagnostics.md.",
            "type": "string",
            "enum": codes
        })
    }
}

/// The documented list (`docs/diagnostics.md`), generated from [`Code::ALL`].
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic and warning codes\n\n\
         Generated from `crates/core/src/diag/code.rs` (a test fails when this file differs; \
         `PORTOLAN_BLESS=1 cargo test -p portolan-core --test codes` rewrites it). A code's \
         string form is stable: it is never renamed or reused for another meaning.\n",
    );
    let mut area = "";
    for code in Code::ALL {
        if code.area() != area {
            area = code.area();
            out.push_str(&format!(
                "\n## {}\n\n| code | meaning |\n| --- | --- |\n",
                heading(area)
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} |\n",
            code.as_str(),
            code.meaning().trim()
        ));
    }
    out
}

fn heading(area: &str) -> &'static str {
    match area {
        "catalog" => "`catalog::` — problems in a catalog file",
        "plan" => "`plan::` — problems in a plan (input errors)",
        "embed" => "`embed::` — options of an embedded planner",
        "export" => "`export::` — export requests",
        "import" => "`import::` — import drafts",
        "feed" => "`feed::` — the catalog's change feed",
        "upgrade" => "`upgrade::` — upgrade requests",
        _ => "Warnings of the report (no prefix)",
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn string_forms_are_unique_and_read_back() {
        for (i, a) in Code::ALL.iter().enumerate() {
            assert_eq!(a.as_str().parse::<Code>(), Ok(*a));
            assert!(Code::ALL
                .iter()
                .skip(i + 1)
                .all(|b| b.as_str() != a.as_str()));
            assert!(!a.meaning().trim().is_empty());
        }
        assert!("catalog::no-such-code".parse::<Code>().is_err());
    }

    #[test]
    fn codes_serialise_as_their_string() {
        let json = serde_json::to_string(&Code::PortConflict).ok();
        assert_eq!(json.as_deref(), Some("\"port-conflict\""));
        let back: Result<Code, _> = serde_json::from_str("\"plan::invalid-address\"");
        assert_eq!(back.ok(), Some(Code::PlanInvalidAddress));
        assert!(serde_json::from_str::<Code>("\"plan::nope\"").is_err());
    }
}
