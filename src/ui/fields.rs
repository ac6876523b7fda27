//! Where the planner shows a plan field (a [`FieldPath`] such as `hosts[2].addresses[0]`, as
//! the engine builds it in warnings): which view, which control (its DOM id). Controls render
//! with [`dom_id`] of their field's text and show the warnings whose [`FieldPath::control`] is
//! that field; a warning's "show" link opens [`view_of`] and focuses the control.

use portolan_core::diag::{FieldPath, Step, Subject};

/// The planner's views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Products,
    Network,
    Results,
    Diagram,
    Compare,
    Export,
    Document,
    Import,
    Plan,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Products,
        View::Network,
        View::Results,
        View::Diagram,
        View::Compare,
        View::Export,
        View::Document,
        View::Import,
        View::Plan,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            View::Products => "Products",
            View::Network => "Network",
            View::Results => "Flows & warnings",
            View::Diagram => "Diagram",
            View::Compare => "Compare",
            View::Export => "Export",
            View::Document => "Change request",
            View::Import => "Import",
            View::Plan => "Plan file & catalog",
        }
    }

    /// A stable id (DOM ids, `?view=` in the URL).
    pub fn id(self) -> &'static str {
        match self {
            View::Products => "products",
            View::Network => "network",
            View::Results => "results",
            View::Diagram => "diagram",
            View::Compare => "compare",
            View::Export => "export",
            View::Document => "document",
            View::Import => "import",
            View::Plan => "plan",
        }
    }

    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// The view that holds a field's control: hosts and role mappings are on the Network view,
/// the rest of a product on the Products view, anything else on the Plan view.
pub fn view_of(field: &FieldPath) -> View {
    match field.subject() {
        Subject::Host { .. } | Subject::Product { group: "roles", .. } => View::Network,
        _ if matches!(field.steps().first(), Some(Step::Key(k)) if k == "products") => {
            View::Products
        }
        _ => View::Plan,
    }
}

/// The DOM id of a field's control; `prefix` tells apart the same field in plan B (`b`).
pub fn dom_id(prefix: &str, field: &str) -> String {
    let mut id = String::with_capacity(field.len() + 4);
    id.push_str(prefix);
    id.push_str("-f-");
    for c in field.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' => id.push(c),
            '[' => id.push('_'),
            ']' => {}
            '.' => id.push_str("__"),
            _ => id.push_str(&format!("x{:x}", u32::from(c))),
        }
    }
    id
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn path(text: &str) -> FieldPath {
        FieldPath::parse(text).unwrap_or_default()
    }

    #[test]
    fn fields_open_their_view() {
        assert_eq!(view_of(&path("hosts[2].addresses[0]")), View::Network);
        assert_eq!(view_of(&path("products[0].roles.agent-pc")), View::Network);
        assert_eq!(view_of(&path("products[0].versions.ris")), View::Products);
        assert_eq!(view_of(&path("products[1].id")), View::Products);
        assert_eq!(view_of(&path("name")), View::Plan);
    }

    #[test]
    fn dom_ids_are_valid_and_distinct() {
        let fields = [
            "hosts[2].addresses",
            "hosts[2].address",
            "hosts[21].addresses",
            "products[0].versions.ris",
            "products[0].parameters.upload-port",
            "products[0].roles.agent-pc",
            "products[0].options.a b",
        ];
        let ids: Vec<String> = fields.iter().map(|f| dom_id("a", f)).collect();
        for id in &ids {
            assert!(id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        }
        let mut dedup = ids.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), ids.len());
        assert_ne!(dom_id("a", "name"), dom_id("b", "name"));
        assert_eq!(dom_id("a", "hosts[2].addresses"), "a-f-hosts_2__addresses");
    }

    #[test]
    fn view_ids_round_trip() {
        for v in View::ALL {
            assert_eq!(View::from_id(v.id()), Some(v));
        }
        assert_eq!(View::from_id("x"), None);
    }
}
