//! The plan's catalog revision: a plan made with an older revision of the catalog (a share link,
//! a plan file, the plan saved in this browser) opens with a notice of how many catalog changes
//! since touch it, and lists them. The notice is in the views module (crates/views/src/
//! revision.rs), mounted here only for such a plan. A plan that records no revision gets the
//! current one.

use super::lazy_views::LazyView;
use super::state::{Action, Edit, Target};
use super::widgets::Env;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub env: Env,
    pub session_files: Rc<Vec<(String, String)>>,
    /// The notice's events (`lazy_views::events`).
    pub on_event: Callback<(String, wasm_bindgen::JsValue)>,
}

#[function_component(RevisionNotice)]
pub fn revision_notice(p: &NoticeProps) -> Html {
    let env = &p.env;
    let current = env.catalog.revision.clone();
    let recorded = env.plan.catalog_revision.trim().to_string();
    {
        // A plan without a revision (new, or made before plans recorded one) gets the current.
        let dispatch = env.dispatch.clone();
        let empty = env.plan.products.is_empty() && env.plan.hosts.is_empty();
        let stamp = recorded.is_empty() && !empty;
        use_effect_with(stamp, move |stamp| {
            if *stamp {
                dispatch.emit(Action::Edit(
                    Target::Main,
                    Edit::SetCatalogRevision(current),
                ));
            }
        });
    }
    if recorded.is_empty() || recorded == env.catalog.revision {
        return html! {};
    }
    html! {
        <LazyView view="revision" plan={env.plan.clone()} session_files={p.session_files.clone()}
            on_event={p.on_event.clone()}
            loading={format!("This plan was made with catalog revision {recorded}; looking up what changed since…")} />
    }
}
