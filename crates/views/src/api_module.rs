//! Loading the API module ([`portolan::ui::lazy_api`]) for the views that need it (Export,
//! Diagram): once, when the view first opens, with "Try again" after a failure.

use portolan::ui::lazy_api::{self, ApiModule};
use yew::prelude::*;

/// Where loading the API module stands.
#[derive(Clone, PartialEq)]
pub(crate) enum Module {
    Loading,
    Ready(ApiModule),
    Failed(String),
}

/// The API module, loaded when the view opens; "Try again" (the callback) loads it again.
#[hook]
pub(crate) fn use_api_module() -> (UseStateHandle<Module>, Callback<()>) {
    let module = use_state(|| match lazy_api::loaded() {
        Some(m) => Module::Ready(m),
        None => Module::Loading,
    });
    let attempt = use_state(|| 0u32);
    {
        let module = module.clone();
        use_effect_with(*attempt, move |_| {
            if !matches!(*module, Module::Ready(_)) {
                module.set(Module::Loading);
                yew::platform::spawn_local(async move {
                    module.set(match lazy_api::load().await {
                        Ok(m) => Module::Ready(m),
                        Err(e) => Module::Failed(e),
                    });
                });
            }
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    (module, retry)
}
