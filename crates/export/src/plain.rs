//! Plain-text change-request document: the same content as the Markdown and HTML documents (the
//! engine's model, `document::change_request`), drawn by the plain-text renderer
//! (`portolan_core::document::text`) for a terminal, an e-mail or a ticket that takes no markup.
//!
//! Every piece of user and catalog text is one line with hidden characters shown as `<U+202E>`,
//! so a line break or a direction override in a name cannot forge a line of the document.

use super::{document, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_engine::AggregatedRule;

pub struct PlainText;

impl Exporter for PlainText {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "text"
    }
    fn name(&self) -> &'static str {
        "Plain text (change request)"
    }
    fn extension(&self) -> &'static str {
        "txt"
    }
    fn mime(&self) -> &'static str {
        "text/plain"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "The change-request document as plain text (for a terminal, an e-mail or a ticket): \
         plan, one list of rules per product with citations, warnings and requirements; \
         expresses every rule."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let doc = document::change_request(cx, rules, skipped);
        out.content = portolan_core::document::text::render(&doc);
        out.rule_count = rules.len();
    }
}
