//! The catalog-revision notice: a plan made with an older revision of the catalog (a share link,
//! a plan file, the plan saved in this browser) opens with a notice of how many catalog changes
//! since touch it, and lists them (from the change feed, through the JavaScript API's module,
//! loaded on demand). "Mark as reviewed" records the current revision in the plan. The planner
//! mounts it only for such a plan (src/ui/revision_notice.rs, which also gives a plan without a
//! revision the current one).

use portolan::ui::lazy_api::{self, Js};
use portolan::ui::state::{Action, Edit, Target};
use portolan::ui::widgets::Env;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// What `changesSince` gives (`{since, current, total, touching}`), read by key as it comes: the
/// planner only shows it, so its first module carries no deserialising code for it.
type Since = Js;

#[derive(Clone, PartialEq)]
enum State {
    Idle,
    Loading,
    Done(Option<Since>),
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub env: Env,
}

async fn fetch(plan: &portolan_core::plan::Plan) -> Result<Option<Since>, String> {
    let api = lazy_api::load().await?;
    let js = js_sys::JSON::parse(&plan.to_json()).map_err(lazy_api::describe)?;
    let out = api.call("changesSince", &[js, JsValue::UNDEFINED])?;
    if out.is_null() || out.is_undefined() {
        return Ok(None);
    }
    Ok(Some(Js(out)))
}

#[function_component(RevisionNotice)]
pub fn revision_notice(p: &NoticeProps) -> Html {
    let env = &p.env;
    let current = env.catalog.revision.clone();
    let recorded = env.plan.catalog_revision.trim().to_string();
    let state = use_state(|| State::Idle);
    {
        let state = state.clone();
        let plan = env.plan.clone();
        let older = !recorded.is_empty() && recorded != current;
        use_effect_with((recorded.clone(), older), move |(_, older)| {
            if *older {
                state.set(State::Loading);
                yew::platform::spawn_local(async move {
                    state.set(match fetch(&plan).await {
                        Ok(s) => State::Done(s),
                        Err(e) => State::Failed(e),
                    });
                });
            } else {
                state.set(State::Idle);
            }
        });
    }
    let reviewed = {
        let dispatch = env.dispatch.clone();
        let current = current.clone();
        Callback::from(move |_| {
            dispatch.emit(Action::Edit(
                Target::Main,
                Edit::SetCatalogRevision(current.clone()),
            ))
        })
    };
    let body = match &*state {
        State::Idle | State::Done(None) => return html! {},
        State::Loading => html! {
            <p>{ format!("This plan was made with catalog revision {recorded}; looking up what changed since…") }</p>
        },
        State::Failed(e) => html! {
            <p>{ format!("This plan was made with catalog revision {recorded} (now {current}); the changes since cannot be listed: {e}") }</p>
        },
        State::Done(Some(s)) => {
            let touching = s.list("touching");
            html! { <>
                <p>{ format!(
                    "This plan was made with catalog revision {}; the catalog is now {}. {} of its {} changes since touch this plan{}",
                    s.str("since"), s.str("current"), touching.len(), s.num("total"), if touching.is_empty() { "." } else { ":" }
                ) }</p>
                <ul class="change-list">
                    { for touching.iter().map(|c| html! {
                        <li>
                            <strong>{ c.str("impact") }</strong>{ format!(" {} {}", c.str("product"), c.str("fact")) }
                            if !c.str("releases").is_empty() { { format!(" ({})", c.str("releases")) } }
                            { c.opt("previous").map(|v| format!(" — was: {v}")).unwrap_or_default() }
                            { c.opt("current").map(|v| format!(" — now: {v}")).unwrap_or_default() }
                        </li>
                    }) }
                </ul>
            </> }
        }
    };
    html! {
        <section class="revision-notice notice" aria-labelledby="revision-h">
            <h2 id="revision-h" class="visually-hidden">{ "Catalog changes since this plan was made" }</h2>
            { body }
            <button type="button" class="button" onclick={reviewed}>{ "Mark as reviewed" }</button>
        </section>
    }
}
