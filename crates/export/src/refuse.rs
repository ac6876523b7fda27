//! Exports refuse to write anything while the plan has input errors.
//!
//! An input the engine cannot read (a version such as `latest`, an option value or a parameter
//! it does not know, an address that is not one) is reported on its field, and the rules that
//! depend on it are left out rather than decided by a default. An allow-list written from such a
//! plan would silently lack those flows, or open what the real deployment does not need; so the
//! front ends (the CLI, the JavaScript API, the planner) export through [`checked`], which
//! writes nothing until the errors are fixed. The report itself still shows everything it can.

use super::{export, Artifact, ExportContext, Exporter};
use portolan_engine::Warning;
use serde::Serialize;
use std::fmt;

/// Why an export was refused: the plan's input errors, each on its field.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub format: String,
    pub errors: Vec<Warning>,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "not exported: the plan has {} input error(s); an allow-list written now could miss flows or open more than the deployment needs",
            self.errors.len()
        )?;
        for e in &self.errors {
            match &e.field {
                Some(field) => writeln!(f, "  error [{}] {field}: {}", e.code, e.message)?,
                None => writeln!(f, "  error [{}] {}", e.code, e.message)?,
            }
            if let Some(help) = &e.help {
                writeln!(f, "    help: {help}")?;
            }
        }
        f.write_str("  help: fix these fields, then export again")
    }
}

/// Runs one exporter over a report, or refuses when the plan has input errors.
pub fn checked(exporter: &dyn Exporter, cx: &ExportContext<'_>) -> Result<Artifact, Refused> {
    let errors: Vec<Warning> = cx.report.input_errors().cloned().collect();
    if errors.is_empty() {
        Ok(export(exporter, cx))
    } else {
        Err(Refused {
            format: exporter.id().to_string(),
            errors,
        })
    }
}
