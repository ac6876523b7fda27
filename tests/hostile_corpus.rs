//! The hostile-input corpus (`tests/hostile/`, see its README) through the command line and
//! every registered export format (issue #21, part 6).
//!
//! Every case must end, within a time bound, with a clear error or a valid output, never a
//! panic or an abort: exit code 0 or 1 with an artifact that passes its language's checks
//! (`support/formats.rs`: `bash -n` and ShellCheck, the PowerShell lexer in code page 1252 and
//! UTF-8, CSV cells a spreadsheet does not evaluate, JSON/YAML/HCL/CommonMark/HTML readers), or
//! exit code 2 with one `error:` line that says what is wrong. What the command line prints for
//! a person shows every hidden character visibly. Formats come from `export::registry()`, so a
//! format added later is covered without a change here.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use portolan::catalog::{load_files, Catalog};
use portolan::export::{self, ExportContext};
use portolan::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::formats::{self, Batch, Format};

/// No case may take longer than this (one command, or one in-process case).
const BOUND: Duration = Duration::from_secs(60);
const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

fn corpus(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(p)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// What one run of the command line gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `portolan ARGS`, killed past [`BOUND`].
fn portolan(args: &[&std::ffi::OsStr]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        out.read_to_end(&mut b).unwrap();
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        err.read_to_end(&mut b).unwrap();
        b
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > BOUND {
            let _ = child.kill();
            panic!("`portolan {args:?}` ran past {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        took: start.elapsed(),
    }
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// Exit 0 or 1, or exit 2 with an `error:` line; no panic, no abort, no raw hidden character
/// in what is printed for a person (`artifact`: standard output is an export's file, checked
/// by its format instead).
fn assert_sane(what: &str, r: &Run, artifact: bool) -> Result<(), String> {
    let code = r
        .code
        .ok_or_else(|| format!("{what}: killed by a signal (an abort?)\n{}", r.stderr))?;
    if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
        return Err(format!("{what}: panic\n{}", r.stderr));
    }
    if !(0..=2).contains(&code) {
        return Err(format!("{what}: exit code {code}\n{}", r.stderr));
    }
    if code == 2
        && !r
            .stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.len() > 12)
    {
        return Err(format!(
            "{what}: exit 2 without a clear error\n{}",
            r.stderr
        ));
    }
    formats::no_hidden(&r.stderr).map_err(|e| format!("{what}: standard error: {e}"))?;
    if !artifact {
        formats::no_hidden(&r.stdout).map_err(|e| format!("{what}: standard output: {e}"))?;
    }
    if r.took > BOUND {
        return Err(format!("{what}: took {:?}", r.took));
    }
    Ok(())
}

/// Every format of the registry, as the checkers know them.
fn registry() -> Vec<(String, String, String)> {
    export::registry()
        .into_iter()
        .map(|e| {
            (
                e.id().to_string(),
                e.extension().to_string(),
                e.mime().to_string(),
            )
        })
        .collect()
}

/// The catalog a case runs against: the bundled one, or the `*.toml` files of a folder.
fn catalog_of(dir: Option<&Path>) -> Option<Catalog> {
    let Some(dir) = dir else {
        return Some(portolan::catalog::bundled().unwrap());
    };
    let files: Vec<(String, String)> = files_in(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    let loaded = load_files(&files);
    (!loaded.has_errors()).then_some(loaded.catalog)
}

/// The plan at `path` as the command line reads it, when it can be read (at most the size
/// limit, UTF-8, a valid plan).
fn read_plan(path: &Path) -> Option<Plan> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(portolan::plan::MAX_PLAN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let name = path.display().to_string();
    Plan::parse(
        &name,
        &text,
        portolan::plan::PlanFormat::detect(&name, &text),
    )
    .ok()
}

/// A plan file through the command line (`plan`, `plan --format json`, `diff`, and `export` in
/// two formats, chosen by `index` so that the corpus as a whole exports through the command
/// line in every format), then through every format of the registry in process (the same
/// reader, evaluation and exporters, without a process per format).
fn plan_case(plan: &Path, catalog: Option<&Path>, index: usize, batch: &Batch) -> Vec<String> {
    let mut problems = Vec::new();
    let what = plan.display().to_string();
    let call = |args: &[&std::ffi::OsStr]| {
        let mut v: Vec<&std::ffi::OsStr> = Vec::new();
        if let Some(c) = catalog {
            v.push(os("--catalog"));
            v.push(c.as_os_str());
        }
        v.extend(args);
        portolan(&v)
    };
    let table = call(&[os("plan"), plan.as_os_str()]);
    if let Err(e) = assert_sane(&format!("plan {what}"), &table, false) {
        problems.push(e);
    }
    let json = call(&[os("plan"), plan.as_os_str(), os("--format"), os("json")]);
    if let Err(e) = assert_sane(&format!("plan --format json {what}"), &json, false) {
        problems.push(e);
    }
    if json.code != Some(2) {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&json.stdout) {
            problems.push(format!("plan --format json {what}: not JSON: {e}"));
        }
    }
    if catalog.is_none() {
        let mixed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mixed.plan.toml");
        let diff = call(&[os("diff"), plan.as_os_str(), mixed.as_os_str()]);
        if let Err(e) = assert_sane(&format!("diff {what}"), &diff, false) {
            problems.push(e);
        }
    }
    let readable = table.code != Some(2);
    let formats = registry();
    for k in [index, index + formats.len() / 2] {
        let f = &formats[k % formats.len()];
        let run = call(&[
            os("export"),
            plan.as_os_str(),
            os("--format"),
            os(&f.0),
            os("--generated-at"),
            os(GENERATED_AT),
        ]);
        let w = format!("export {what} --format {}", f.0);
        if let Err(e) = assert_sane(&w, &run, true) {
            problems.push(e);
            continue;
        }
        match (readable, run.code) {
            (true, Some(0 | 1)) => {
                if let Err(e) = batch.check(&w, &format_of(f), &run.stdout) {
                    problems.push(e);
                }
            }
            (false, Some(2)) => {}
            (r, c) => problems.push(format!("{w}: exit {c:?}, but `plan` read it: {r}")),
        }
    }
    if readable {
        match (read_plan(plan), catalog_of(catalog)) {
            (Some(p), Some(cat)) => problems.extend(export_all(&what, &cat, &p, batch)),
            _ => problems.push(format!("{what}: `plan` read it, the library does not")),
        }
    }
    problems
}

fn format_of(f: &(String, String, String)) -> Format<'_> {
    Format {
        id: &f.0,
        extension: &f.1,
        mime: &f.2,
    }
}

/// Runs `jobs` on two threads and collects every problem.
fn in_parallel<T: Sync>(jobs: &[T], work: impl Fn(usize, &T) -> Vec<String> + Sync) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let found = work(i, job);
                problems.lock().unwrap().extend(found);
            });
        }
    });
    problems.into_inner().unwrap()
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn every_plan_of_the_corpus_through_the_command_line() {
    let plans = files_in(&corpus("plans"));
    assert!(plans.len() >= 40, "the corpus is there");
    let batch = Batch::default();
    let mut problems = in_parallel(&plans, |i, p| plan_case(p, None, i, &batch));
    problems.extend(batch.finish());
    report(problems);
}

#[test]
fn every_catalog_of_the_corpus_through_the_command_line() {
    let dirs = files_in(&corpus("catalogs"));
    let batch = Batch::default();
    let mut problems = in_parallel(&dirs, |i, dir| {
        let mut problems = Vec::new();
        let check = portolan(&[os("catalog"), os("check"), dir.as_os_str()]);
        let what = format!("catalog check {}", dir.display());
        if let Err(e) = assert_sane(&what, &check, false) {
            problems.push(e);
        }
        let plan = dir.join("case.plan.json");
        if plan.exists() && check.code == Some(0) {
            problems.extend(plan_case(&plan, Some(dir), i, &batch));
        }
        problems
    });
    problems.extend(batch.finish());
    report(problems);
}

/// Inputs too large or too odd to commit: a path that never ends, a sparse file of gigabytes,
/// random bytes, and a plan of many hosts with hostile names.
#[test]
fn generated_inputs_through_the_command_line() {
    let dir = std::env::temp_dir().join(format!("portolan-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<PathBuf> = vec![PathBuf::from("/dev/zero")];
    let sparse = dir.join("sparse.plan.json");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    cases.push(sparse);
    // random bytes from a fixed seed (xorshift), as JSON and as TOML
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    for ext in ["json", "toml"] {
        let p = dir.join(format!("random.plan.{ext}"));
        std::fs::write(&p, &bytes).unwrap();
        cases.push(p);
    }
    // valid UTF-8 noise made of JSON's and TOML's own punctuation
    let noise: String = bytes
        .iter()
        .take(200_000)
        .map(|b| {
            [
                '{', '}', '[', ']', '"', ',', ':', '=', '\\', '\n', 'a', '1', ' ', '#', '\'',
            ][usize::from(*b) % 15]
        })
        .collect();
    for ext in ["json", "toml"] {
        let p = dir.join(format!("noise.plan.{ext}"));
        std::fs::write(&p, &noise).unwrap();
        cases.push(p);
    }
    // many hosts, each with a hostile name from the corpus
    let names = names();
    let hosts: Vec<serde_json::Value> = (0..2000)
        .map(|i| {
            serde_json::json!({
                "name": format!("{}-{i}", names[i % names.len()]),
                "addresses": [format!("10.{}.{}.0/24", i / 250, i % 250)],
                "zone": names[(i + 1) % names.len()],
                "roles": ["screen-capture/agent-pc"],
            })
        })
        .collect();
    let many = dir.join("many.plan.json");
    std::fs::write(
        &many,
        serde_json::json!({"schema": 1, "name": "many", "products": [{"id": "screen-capture"}], "hosts": hosts}).to_string(),
    )
    .unwrap();
    cases.push(many);
    let batch = Batch::default();
    let mut problems = in_parallel(&cases, |i, p| plan_case(p, None, i, &batch));
    let _ = std::fs::remove_dir_all(&dir);
    problems.extend(batch.finish());
    report(problems);
}

/// The corpus's names: one JSON string per line.
fn names() -> Vec<String> {
    std::fs::read_to_string(corpus("names.txt"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<String>(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn probe() -> Catalog {
    let loaded = load_files(&[(
        "probe.toml".to_string(),
        include_str!("fixtures/probe.toml").to_string(),
    )]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

/// Every export of `plan` against `cat`, each checked by its language.
fn export_all(what: &str, cat: &Catalog, plan: &Plan, batch: &Batch) -> Vec<String> {
    let report = portolan::evaluate(cat, plan);
    let cx = ExportContext {
        report: &report,
        plan,
        catalog: cat,
        generated_at: GENERATED_AT,
    };
    let mut problems = Vec::new();
    for (e, f) in export::registry().into_iter().zip(registry()) {
        let art = export::export(e, &cx);
        if let Err(p) = batch.check(what, &format_of(&f), &art.content) {
            problems.push(p);
        }
    }
    problems
}

/// Each hostile name as a plan's name and description, a host's name, zone and description,
/// and a tenant, through every format (in process: the names are many).
#[test]
fn every_name_of_the_corpus_in_every_format() {
    let cat = probe();
    let names = names();
    assert!(names.len() >= 80);
    let batch = Batch::default();
    let mut problems = in_parallel(&names, |_, name| {
        let start = Instant::now();
        let plan = Plan {
            name: name.clone(),
            description: name.clone(),
            products: vec![PlanProduct {
                id: "probe".into(),
                options: [("names".to_string(), OptionValue::Bool(true))].into(),
                parameters: [("tenant".to_string(), ParamInput::Text(name.clone()))].into(),
                ..Default::default()
            }],
            hosts: vec![
                Host {
                    name: name.clone(),
                    addresses: vec!["10.0.0.2".into(), "2001:db8::2".into()],
                    zone: name.clone(),
                    roles: vec!["probe/client".into()],
                    description: name.clone(),
                },
                Host {
                    name: format!("{name} server"),
                    addresses: vec!["10.0.0.1".into(), "srv.corp.example".into()],
                    zone: String::new(),
                    roles: vec!["probe/server".into()],
                    description: String::new(),
                },
            ],
            ..Default::default()
        };
        let mut problems = export_all(&format!("name {name:?}"), &cat, &plan, &batch);
        if start.elapsed() > BOUND {
            problems.push(format!("name {name:?}: took {:?}", start.elapsed()));
        }
        problems
    });
    problems.extend(batch.finish());
    report(problems);
}

/// Each share link: a plan (run through every format), no plan, or an error with a message;
/// never a panic, and within the bound (the decompression bomb included).
#[test]
fn every_share_link_of_the_corpus() {
    let cat = portolan::catalog::bundled().unwrap();
    let text = std::fs::read_to_string(corpus("share-links.txt")).unwrap();
    let links: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.is_empty())
        .collect();
    assert!(links.len() >= 15);
    let mut decoded = 0;
    let mut problems = Vec::new();
    let batch = Batch::default();
    for link in links {
        let start = Instant::now();
        let shown: String = link.chars().take(60).collect();
        match portolan::ui::share::decode(link) {
            Ok(Some(plan)) => {
                decoded += 1;
                problems.extend(export_all(&format!("link {shown}"), &cat, &plan, &batch));
            }
            Ok(None) => {}
            Err(e) => {
                if e.0.len() < 10 {
                    problems.push(format!("link {shown}: unclear error {e}"));
                }
            }
        }
        if start.elapsed() > BOUND {
            problems.push(format!("link {shown}: took {:?}", start.elapsed()));
        }
    }
    assert!(decoded >= 3, "the valid links decode");
    problems.extend(batch.finish());
    report(problems);
}
