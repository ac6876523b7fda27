//! The page footer: which release of Portolan and which catalog the page runs. A tiny component
//! of its own so the planner's layout can place it anywhere.

/// `Portolan 0.1.0 · catalog c-327a776db24d`: the same pair the CLI's `--version`, the offline
/// file and every export header carry.
pub fn version_line(catalog_revision: &str) -> String {
    format!(
        "Portolan {} · catalog {catalog_revision}",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(target_arch = "wasm32")]
pub use component::footer;

#[cfg(target_arch = "wasm32")]
mod component {
    use yew::prelude::*;

    /// The footer for the catalog of revision `revision` (`Catalog.revision`).
    pub fn footer(revision: &str) -> Html {
        html! {
            <footer class="site-footer">
                <p>
                    <span class="version">{ super::version_line(revision) }</span>
                    { " · runs entirely in your browser; nothing is sent anywhere." }
                </p>
            </footer>
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_line_names_app_and_catalog() {
        assert_eq!(
            super::version_line("c-0123456789ab"),
            format!(
                "Portolan {} · catalog c-0123456789ab",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
