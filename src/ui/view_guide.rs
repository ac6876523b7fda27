//! The guide at the top of a product's form: the steps of its start (choices, versions, roles)
//! with their progress and the product's warnings, the step to do now with one button to do it
//! and one to skip it. Nothing modal: every step is a button that goes to its fields, and the
//! whole form stays below.

use super::guide::{Progress, Step};
use super::state::Action;
use super::widgets::Shared;
use portolan_catalog::{Catalog, Product};
use portolan_core::diag::FieldPath;
use yew::prelude::*;

/// What the guide shows: the product and where it stands (worked out by `product_scope`).
#[derive(Properties, PartialEq)]
pub struct GuideProps {
    pub catalog: Shared<Catalog>,
    /// Opens the view of a plan field and focuses its control.
    pub goto: Callback<FieldPath>,
    /// Index into `plan.products`.
    pub index: usize,
    /// The product's id.
    pub product: String,
    pub progress: Progress,
    /// The steps the user skipped (kept in the app's state, see `Action::SkipStep`).
    pub skipped: Vec<Step>,
    pub dispatch: Callback<Action>,
}

/// The plan field the step's button goes to (its first control).
fn target_field(prod: &Product, index: usize, step: Step, p: &Progress) -> Option<FieldPath> {
    match step {
        Step::Choices => super::guide::choices(prod)
            .first()
            .map(|o| FieldPath::product_item(index, "options", &o.id)),
        Step::Versions => prod
            .components
            .iter()
            .find(|c| c.kind.is_product())
            .map(|c| FieldPath::product_item(index, "versions", &c.id)),
        Step::Roles => p
            .unmapped()
            .first()
            .copied()
            .or(p.roles.first().map(String::as_str))
            .map(|r| FieldPath::product_item(index, "roles", r)),
        Step::Done => None,
    }
}

/// What to do at `step`, in a sentence.
fn step_text(step: Step, p: &Progress) -> String {
    match step {
        Step::Choices => "Step 1: say what you run (deployment type, modules). Your choices decide which of the vendor's tables apply, so only their roles and warnings are shown.".to_string(),
        Step::Versions => "Step 2: give the versions you run (empty keeps the default shown).".to_string(),
        Step::Roles => format!(
            "Step 3: say which hosts carry its roles on the Network view. Still without a host: {}.",
            p.unmapped().join(", ")
        ),
        Step::Done if Step::ALL.iter().all(|s| p.done(*s)) => {
            "Every step is done: choices, versions and roles.".to_string()
        }
        Step::Done => "Its roles are all mapped. The steps without a ✓ keep the defaults shown until you change them.".to_string(),
    }
}

fn warnings_text(p: &Progress) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(p.errors, "error", "errors"),
        plural(p.todo, "to do", "to do"),
        plural(p.risks, "risk", "risks")
    )
}

#[function_component(Guide)]
pub fn guide(props: &GuideProps) -> Html {
    let Some(prod) = props.catalog.product(&props.product) else {
        return html! {};
    };
    let name = prod.name.clone();
    let p = &props.progress;
    let current = p.current(&props.skipped);
    let go = |step: Step| {
        let field = target_field(prod, props.index, step, p);
        let goto = props.goto.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(f) = &field {
                goto.emit(f.clone());
            }
        })
    };
    let skip = {
        let dispatch = props.dispatch.clone();
        let product = props.product.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SkipStep {
                product: product.clone(),
                step: current,
            })
        })
    };
    let steps = Step::ALL.iter().enumerate().map(|(i, &step)| {
        let class = if step == current {
            "current"
        } else if p.done(step) {
            "done"
        } else {
            "open"
        };
        html! {
            <li class={class} aria-current={(step == current).then_some("step")}>
                <button type="button" class="link" onclick={go(step)}>
                    <span class="step-title">{ format!("{}. {}", i + 1, step.title()) }</span>
                    <span class="visually-hidden">{ ": " }</span>
                    <span class="step-count">{ p.count(step) }</span>
                </button>
            </li>
        }
    });
    html! {
        <nav class="guide" aria-label={format!("Getting started with {name}")}>
            <ol class="guide-steps">{ for steps }</ol>
            <p class="guide-now">{ step_text(current, p) }</p>
            <p class="guide-actions">
                if current != Step::Done {
                    <button type="button" class="button primary" onclick={go(current)}>
                        { match current { Step::Roles => "Map the roles", Step::Versions => "Go to the versions", _ => "Go to the choices" } }
                    </button>
                    <button type="button" class="button" onclick={skip}>{ "Skip this step" }</button>
                }
                <span class="guide-warnings">{ format!("Warnings of {name}: {}", warnings_text(p)) }</span>
            </p>
        </nav>
    }
}
