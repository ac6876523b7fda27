//! The JavaScript API's module (src/bin/portolan-api.rs: the engine, the bundled catalog, the
//! exporters, the diagram's layout and the TOML readers), which the planner loads on first use:
//! the Export or Diagram view, a
//! catalog file the user adds (checked and compiled by `compileCatalog`), a TOML plan file the
//! user opens (`parsePlan`). The planner's own module contains none of these, so the first
//! screen downloads less.
//!
//! The page that started the planner says how to load it: a function under
//! `Symbol.for("portolan.loadApi")` on the global object, returning a promise of the initialised
//! module (its exports, as api.js has them). web/boot.js sets it on the planner's page, api.js
//! for a host page that `mount()`s the planner, and the offline file's loader for its inlined copy.

use portolan_core::diag::Diagnostic;
use portolan_core::plan::Plan;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The key (for `Symbol.for`) of the loader function on the global object.
pub const LOADER_KEY: &str = "portolan.loadApi";

thread_local! {
    /// The module, once loaded (the loader caches it too; this spares the round trip).
    static MODULE: RefCell<Option<ApiModule>> = const { RefCell::new(None) };
}

/// The loaded API module: the namespace object of its JavaScript glue.
#[derive(Clone, PartialEq)]
pub struct ApiModule(JsValue);

/// One export format, as `formats()` lists it.
#[derive(Clone, PartialEq)]
pub struct Format {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub description: String,
    /// What the format can express (the Export view's capability matrix).
    pub capabilities: Capabilities,
}

/// A format's declared capabilities, as `formats()` lists them.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Capabilities {
    pub fqdn: bool,
    pub wildcard: bool,
    pub ipv6: bool,
    pub unresolved: bool,
    pub ranges: bool,
    pub zones: bool,
}

/// What `exportPlan()` returns (the fields the Export view shows).
#[derive(Clone, PartialEq)]
pub struct Artifact {
    pub file_name: String,
    pub mime: String,
    pub content: String,
    pub rule_count: usize,
    pub flow_count: usize,
    pub unexpressed: Vec<Unexpressed>,
    pub renamed: Vec<Renamed>,
    /// The file of a binary format (XLSX), read from the `Uint8Array` apart; empty otherwise.
    pub bytes: Vec<u8>,
}

#[derive(Clone, PartialEq)]
pub struct Unexpressed {
    pub rule: String,
    pub reason: String,
}

#[derive(Clone, PartialEq)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

/// What an export covers (`exportPlan`'s options): one product's rules, one direction across
/// the plan's edge (`outbound`, `inbound`, `internal`); empty for all.
#[derive(Clone, PartialEq, Default)]
pub struct Selection {
    pub product: String,
    pub direction: String,
}

impl Selection {
    /// `{product, direction}` with the chosen ones, or `null` for everything.
    fn to_js(&self) -> JsValue {
        if self.product.is_empty() && self.direction.is_empty() {
            return JsValue::NULL;
        }
        let options = js_sys::Object::new();
        for (key, value) in [("product", &self.product), ("direction", &self.direction)] {
            if !value.is_empty() {
                let _ = js_sys::Reflect::set(&options, &key.into(), &value.as_str().into());
            }
        }
        options.into()
    }
}

/// The module if it is already loaded.
pub fn loaded() -> Option<ApiModule> {
    MODULE.with(|m| m.borrow().clone())
}

/// Loads the module (once); the error says why it could not.
pub async fn load() -> Result<ApiModule, String> {
    if let Some(m) = loaded() {
        return Ok(m);
    }
    let loader = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_(LOADER_KEY))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| String::from("this page does not say where the module is"))?;
    let promise = loader.call0(&JsValue::UNDEFINED).map_err(describe)?;
    let module = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .map_err(describe)?;
    let module = ApiModule(module);
    MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
    Ok(module)
}

/// A thrown JS value as text: an Error's message, a diagnostic's message, or the value itself.
pub fn describe(e: JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    js_sys::Reflect::get(&e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| String::from(js_sys::JsString::from(e)))
}

impl ApiModule {
    /// The module's exports (for a call that reads what a function throws).
    pub fn namespace(&self) -> &JsValue {
        &self.0
    }

    pub fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let f = js_sys::Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| format!("the module has no function `{name}`"))?;
        let args: js_sys::Array = args.iter().collect();
        f.apply(&JsValue::UNDEFINED, &args).map_err(describe)
    }

    /// The export formats, in the registry's order.
    pub fn formats(&self) -> Result<Vec<Format>, String> {
        let list = Js(self.call("formats", &[])?);
        Ok(list.items().iter().map(Format::read).collect())
    }

    /// The plan exported in one format, against the bundled catalog with the session's catalog
    /// files (`(name, text)`) added, as the planner evaluates it, narrowed to `selection`.
    pub fn export(
        &self,
        plan: &Plan,
        format: &str,
        generated_at: &str,
        session_files: &[(String, String)],
        selection: &Selection,
    ) -> Result<Artifact, String> {
        let plan = js_sys::JSON::parse(&plan.to_json()).map_err(describe)?;
        let files = if session_files.is_empty() {
            JsValue::NULL
        } else {
            files_to_js(session_files)
        };
        let artifact = self.call(
            "exportPlan",
            &[
                plan,
                format.into(),
                generated_at.into(),
                files,
                selection.to_js(),
            ],
        )?;
        let bytes = js_sys::Reflect::get(&artifact, &"bytes".into())
            .ok()
            .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|b| b.to_vec())
            .unwrap_or_default();
        let mut artifact = Artifact::read(&Js(artifact));
        artifact.bytes = bytes;
        Ok(artifact)
    }

    /// The network diagram of the plan (`portolan_export::diagram`): all products or one, with
    /// the zones the user folded or unfolded (by title), against the same catalog as `export`.
    pub fn diagram(
        &self,
        plan: &Plan,
        product: &str,
        folded: &std::collections::BTreeMap<String, bool>,
        title: &str,
        session_files: &[(String, String)],
    ) -> Result<Drawn, String> {
        let plan = js_sys::JSON::parse(&plan.to_json()).map_err(describe)?;
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"product".into(), &product.into());
        let _ = js_sys::Reflect::set(&options, &"title".into(), &title.into());
        let f = js_sys::Object::new();
        for (zone, v) in folded {
            let _ = js_sys::Reflect::set(&f, &zone.into(), &JsValue::from_bool(*v));
        }
        let _ = js_sys::Reflect::set(&options, &"folded".into(), &f);
        let files = if session_files.is_empty() {
            JsValue::NULL
        } else {
            files_to_js(session_files)
        };
        let out = self.call("diagram", &[plan, options.into(), files])?;
        Ok(Drawn::read(&Js(out)))
    }

    /// Catalog files `(name, text)` checked together with the bundled ones (a file replaces a
    /// bundled one of the same name): every diagnostic, and the catalog when none is an error.
    pub fn compile_catalog(&self, files: &[(String, String)]) -> Result<Compiled, String> {
        let out = self.call("compileCatalog", &[files_to_js(files)])?;
        let diagnostics = diagnostics(&Js(out.clone()).get("diagnostics"));
        let compiled = js_sys::Reflect::get(&out, &"compiled".into()).map_err(describe)?;
        let catalog = match compiled.dyn_into::<js_sys::Uint8Array>() {
            Ok(bytes) => Some(
                portolan_catalog::compact::decode(&bytes.to_vec()).map_err(|e| e.to_string())?,
            ),
            Err(_) => None,
        };
        Ok(Compiled {
            diagnostics,
            catalog,
        })
    }

    /// A plan file read by the module (TOML or JSON): the plan, or the diagnostic that says what
    /// is wrong where. The outer error is a failed call.
    pub fn parse_plan(&self, name: &str, text: &str) -> Result<Result<Plan, Diagnostic>, String> {
        let f = js_sys::Reflect::get(&self.0, &JsValue::from_str("parsePlan"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| String::from("the module has no function `parsePlan`"))?;
        match f.call2(&JsValue::UNDEFINED, &text.into(), &name.into()) {
            Ok(plan) => {
                let json = js_sys::JSON::stringify(&plan)
                    .map(String::from)
                    .map_err(describe)?;
                Ok(Plan::from_json(name, &json))
            }
            Err(thrown) => match diagnostic(&Js(thrown.clone())) {
                Some(d) => Ok(Err(d)),
                None => Err(describe(thrown)),
            },
        }
    }
}

/// What `diagram()` returns: the SVG and what the Diagram view says about it.
#[derive(Clone, PartialEq)]
pub struct Drawn {
    pub svg: String,
    pub nodes: usize,
    pub edges: usize,
    pub local_flows: usize,
    pub inner_connections: usize,
    pub zones: Vec<ZoneFold>,
    pub width: f64,
    pub height: f64,
}

/// A zone with several hosts (or the roles without a host), folded into one box or not.
#[derive(Clone, PartialEq)]
pub struct ZoneFold {
    pub title: String,
    pub hosts: usize,
    pub unit: String,
    pub folded: bool,
}

/// What `compileCatalog` gave: the diagnostics, and the catalog (bundled and added files) when
/// there was no error.
pub struct Compiled {
    pub diagnostics: Vec<Diagnostic>,
    pub catalog: Option<portolan_catalog::Catalog>,
}

/// `[{name, text}]` for the module's functions.
pub fn files_to_js(files: &[(String, String)]) -> JsValue {
    files
        .iter()
        .map(|(name, text)| {
            let file = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&file, &"name".into(), &name.into());
            let _ = js_sys::Reflect::set(&file, &"text".into(), &text.into());
            JsValue::from(file)
        })
        .collect::<js_sys::Array>()
        .into()
}

/// `(name, text)` of each `{name, text}` in a JavaScript array ([`files_to_js`]'s shape); what
/// is not such an entry is left out.
pub fn files_from_js(files: &JsValue) -> Vec<(String, String)> {
    let Some(list) = files.dyn_ref::<js_sys::Array>() else {
        return Vec::new();
    };
    let field = |f: &JsValue, key: &str| js_sys::Reflect::get(f, &key.into()).ok()?.as_string();
    list.iter()
        .filter_map(|f| Some((field(&f, "name")?, field(&f, "text")?)))
        .collect()
}

/// A JavaScript object read by key: the importer's results, which the planner only shows, are
/// read as they come (no deserialising code in the first-load module for their shapes).
#[derive(Clone, PartialEq)]
pub struct Js(pub JsValue);

impl Js {
    pub fn get(&self, key: &str) -> Js {
        Js(js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
    }
    /// A string field (`""` when missing or not a string).
    pub fn str(&self, key: &str) -> String {
        self.get(key).0.as_string().unwrap_or_default()
    }
    /// A string field that may be `null`.
    pub fn opt(&self, key: &str) -> Option<String> {
        self.get(key).0.as_string()
    }
    pub fn num(&self, key: &str) -> usize {
        self.get(key).0.as_f64().map_or(0, |n| n as usize)
    }
    pub fn bool(&self, key: &str) -> bool {
        self.get(key).0.is_truthy()
    }
    /// The elements of an array field (none when it is not an array).
    pub fn list(&self, key: &str) -> Vec<Js> {
        self.get(key).items()
    }
    /// The elements of this value, when it is an array.
    pub fn items(&self) -> Vec<Js> {
        match self.0.dyn_ref::<js_sys::Array>() {
            Some(a) => a.iter().map(Js).collect(),
            None => Vec::new(),
        }
    }
    /// An array field of strings.
    pub fn strs(&self, key: &str) -> Vec<String> {
        self.list(key)
            .into_iter()
            .filter_map(|v| v.0.as_string())
            .collect()
    }
}

/// Calls `obj[name](...args)`.
fn call_method(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f = js_sys::Reflect::get(obj, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("no function `{name}`"))?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(obj, &args).map_err(describe)
}

/// JSON (the planner's own values) as a JavaScript value.
fn json_to_js(v: &serde_json::Value) -> Result<JsValue, String> {
    js_sys::JSON::parse(&v.to_string()).map_err(describe)
}

/// A table import running in the API module (`TableImport`), stepped between frames.
pub struct ImportJob(JsValue);

/// Where an import stands: the stage's label, `done` of `total`.
pub struct ImportProgress {
    pub label: String,
    pub done: usize,
    pub total: usize,
    pub finished: bool,
}

impl ImportJob {
    /// Works for about `budget_ms` milliseconds.
    pub fn step(&self, budget_ms: f64) -> Result<ImportProgress, String> {
        let p = Js(call_method(&self.0, "step", &[budget_ms.into()])?);
        Ok(ImportProgress {
            label: p.str("label"),
            done: p.num("done"),
            total: p.num("total"),
            finished: p.bool("finished"),
        })
    }

    /// The outcome (the draft's lists cut at `limit`).
    pub fn result(&self, limit: usize) -> Result<Js, String> {
        call_method(&self.0, "result", &[(limit as f64).into()]).map(Js)
    }

    /// Frees the job's memory in the module.
    pub fn free(&self) {
        let _ = call_method(&self.0, "free", &[]);
    }
}

impl ApiModule {
    /// Starts importing a vendor table with the user's choices (`ImportOptions`).
    pub fn start_import(
        &self,
        text: &str,
        options: &serde_json::Value,
    ) -> Result<ImportJob, String> {
        let class = js_sys::Reflect::get(&self.0, &JsValue::from_str("TableImport"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| String::from("the module has no `TableImport`"))?;
        let args = js_sys::Array::of2(&text.into(), &json_to_js(options)?);
        js_sys::Reflect::construct(&class, &args)
            .map(ImportJob)
            .map_err(describe)
    }

    /// Reads a host inventory (`{header, detected, mapping, hosts, problems, rows, fields}`).
    pub fn import_hosts(&self, text: &str, options: &serde_json::Value) -> Result<Js, String> {
        self.call("importHosts", &[text.into(), json_to_js(options)?])
            .map(Js)
    }

    /// The plan with the imported hosts merged in (`mode`: merge or replace), and what the
    /// merge did (`{summary, warnings}`).
    pub fn merge_hosts(
        &self,
        plan: &Plan,
        hosts: &Js,
        mode: &str,
        session_files: &[(String, String)],
    ) -> Result<(Plan, Js), String> {
        let plan = js_sys::JSON::parse(&plan.to_json()).map_err(describe)?;
        let files = if session_files.is_empty() {
            JsValue::NULL
        } else {
            files_to_js(session_files)
        };
        let out = self.call("mergeHosts", &[plan, hosts.0.clone(), mode.into(), files])?;
        let merged = js_sys::Reflect::get(&out, &"plan".into()).map_err(describe)?;
        let json = js_sys::JSON::stringify(&merged)
            .map(String::from)
            .map_err(describe)?;
        let plan = Plan::from_json("plan", &json).map_err(|d| d.to_string())?;
        Ok((plan, Js(out)))
    }
}

/// Diagnostics in a result (`[{code, severity, message, ...}]`).
pub fn diagnostics(v: &Js) -> Vec<Diagnostic> {
    v.items().iter().filter_map(diagnostic).collect()
}

// What the module returns, read by key as it comes (like the importer's results): the first
// module carries no deserialiser for these shapes (BENCHMARKS-ui.md, issue #19).

/// A diagnostic (`{code, severity, message, help?, file?, line?, column?, field?}`); `None`
/// when the value has no known code and a message (a thrown `Error` of another kind).
fn diagnostic(d: &Js) -> Option<Diagnostic> {
    use portolan_core::diag::{FieldPath, Severity};
    let code = d.opt("code")?.parse().ok()?;
    let message = d.opt("message")?;
    let severity = match d.str("severity").as_str() {
        "info" => Severity::Info,
        "warning" => Severity::Warning,
        _ => Severity::Error,
    };
    let number = |k: &str| d.get(k).0.as_f64().map(|n| n as u32);
    Some(Diagnostic {
        code,
        severity,
        message,
        help: d.opt("help"),
        file: d.opt("file"),
        line: number("line"),
        column: number("column"),
        field: d.opt("field").and_then(|f| FieldPath::parse(&f)),
    })
}

impl Format {
    fn read(f: &Js) -> Format {
        let c = f.get("capabilities");
        Format {
            id: f.str("id"),
            name: f.str("name"),
            extension: f.str("extension"),
            description: f.str("description"),
            capabilities: Capabilities {
                fqdn: c.bool("fqdn"),
                wildcard: c.bool("wildcard"),
                ipv6: c.bool("ipv6"),
                unresolved: c.bool("unresolved"),
                ranges: c.bool("ranges"),
                zones: c.bool("zones"),
            },
        }
    }
}

impl Artifact {
    fn read(a: &Js) -> Artifact {
        Artifact {
            file_name: a.str("file_name"),
            mime: a.str("mime"),
            content: a.str("content"),
            rule_count: a.num("rule_count"),
            flow_count: a.num("flow_count"),
            unexpressed: (a.list("unexpressed").iter())
                .map(|u| Unexpressed {
                    rule: u.str("rule"),
                    reason: u.str("reason"),
                })
                .collect(),
            renamed: (a.list("renamed").iter())
                .map(|r| Renamed {
                    from: r.str("from"),
                    to: r.str("to"),
                })
                .collect(),
            bytes: Vec::new(),
        }
    }
}

impl Drawn {
    fn read(d: &Js) -> Drawn {
        Drawn {
            svg: d.str("svg"),
            nodes: d.num("nodes"),
            edges: d.num("edges"),
            local_flows: d.num("local_flows"),
            inner_connections: d.num("inner_connections"),
            zones: (d.list("zones").iter())
                .map(|z| ZoneFold {
                    title: z.str("title"),
                    hosts: z.num("hosts"),
                    unit: z.str("unit"),
                    folded: z.bool("folded"),
                })
                .collect(),
            width: d.get("width").0.as_f64().unwrap_or_default(),
            height: d.get("height").0.as_f64().unwrap_or_default(),
        }
    }
}
