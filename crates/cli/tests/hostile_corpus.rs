//! The hostile-input corpus (`tests/hostile/`, see its README) through the command line
//! (issue #21, part 6); its names and share links, which need no command line, run in the
//! workspace's `tests/hostile_corpus.rs`.
//!
//! Every case must end, within a time bound, with a clear error or a valid output, never a
//! panic or an abort: exit code 0 or 1 with an artifact that passes its language's checks
//! (`tests/support/formats.rs`: `bash -n` and ShellCheck, the PowerShell lexer in code page
//! 1252 and UTF-8, CSV cells a spreadsheet does not evaluate, JSON/YAML/HCL/CommonMark/HTML
//! readers, the XLSX workbook's parts), exit code 1 with nothing written when the plan has input
//! errors (`export::refuse`: an export refuses them), or exit code 2 with one `error:` line that
//! says what is wrong. What the command line prints for a person shows every hidden character
//! visibly. Formats come from `export::registry()`, so a format added later is covered without
//! a change here; upgrades (`portolan upgrade`, formats from `export::upgrade::FORMATS`) and the
//! change feed (`portolan catalog changes`) run the same way.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../../tests/support/mod.rs"]
mod support;

use portolan_catalog::{load_files, Catalog};
use portolan_core::plan::{Plan, PlanFormat, MAX_PLAN_BYTES};
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::corpus::{
    corpus, export_all, files_in, format_of, in_parallel, names, registry, report, root, BOUND,
    GENERATED_AT,
};
use support::formats::{self, Batch};

/// What one run of the command line gave.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
}

impl Run {
    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs `portolan ARGS`, killed past [`BOUND`].
fn portolan(args: &[&OsStr]) -> Run {
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
        stdout: reader.join().unwrap(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        took: start.elapsed(),
    }
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
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
        formats::no_hidden(&r.stdout_text())
            .map_err(|e| format!("{what}: standard output: {e}"))?;
    }
    if r.took > BOUND {
        return Err(format!("{what}: took {:?}", r.took));
    }
    Ok(())
}

/// The catalog a case runs against: the bundled one, or the `*.toml` files of a folder.
fn catalog_of(dir: Option<&Path>) -> Option<Catalog> {
    let Some(dir) = dir else {
        return Some(portolan_bundled::catalog().unwrap());
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
        .take(MAX_PLAN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let name = path.display().to_string();
    Plan::parse(&name, &text, PlanFormat::detect(&name, &text)).ok()
}

/// A plan the command line read, with the catalog it ran against, and whether its exports are
/// refused (the plan has input errors).
struct Readable {
    plan: Plan,
    catalog: Catalog,
    refused: bool,
}

fn readable(plan: &Path, catalog: Option<&Path>) -> Option<Readable> {
    let (plan, catalog) = (read_plan(plan)?, catalog_of(catalog)?);
    let report = portolan_engine::evaluate(&catalog, &plan);
    let refused = report.input_errors().next().is_some();
    Some(Readable {
        plan,
        catalog,
        refused,
    })
}

/// One `portolan export` run, judged: refused with nothing written, or an artifact that
/// passes its format's checks (a binary file, such as XLSX, checked as that file).
fn export_outcome(
    w: &str,
    run: &Run,
    read: Option<&Readable>,
    f: &(String, String, String),
    batch: &Batch,
) -> Result<(), String> {
    match (read, run.code) {
        (Some(r), Some(1)) if r.refused => {
            if !run.stdout.is_empty() {
                return Err(format!("{w}: refused, yet wrote to standard output"));
            }
            if !run.stderr.starts_with("not exported: the plan has") {
                return Err(format!("{w}: refused without saying so\n{}", run.stderr));
            }
            Ok(())
        }
        (Some(r), c) if r.refused => Err(format!(
            "{w}: the plan has input errors, yet exit {c:?} (an export refuses)"
        )),
        (Some(_), Some(0 | 1)) => match std::str::from_utf8(&run.stdout) {
            Ok(text) => batch.check(w, &format_of(f), text),
            Err(_) => batch.check_file(w, &format_of(f), &run.stdout),
        },
        (None, Some(2)) => Ok(()),
        (r, c) => Err(format!(
            "{w}: exit {c:?}, but `plan` read it: {}",
            r.is_some()
        )),
    }
}

/// `portolan upgrade` of each product of the plan with two documented releases or more, from
/// the oldest to the newest, in one format chosen by `index`: a clear error, or a change
/// request that passes its format's checks.
fn upgrade_runs(
    plan: &Path,
    r: &Readable,
    index: usize,
    call: &dyn Fn(&[&OsStr]) -> Run,
    batch: &Batch,
) -> Vec<String> {
    let mut problems = Vec::new();
    let what = plan.display();
    let formats = portolan_export::upgrade::FORMATS;
    let (id, extension) = formats[index % formats.len()];
    for pp in &r.plan.products {
        let Some(product) = r.catalog.product(&pp.id) else {
            continue;
        };
        let Some(c) = product.components.iter().find(|c| c.releases.len() >= 2) else {
            continue;
        };
        let from = c.releases.first().unwrap().version.to_string();
        let to = c.releases.last().unwrap().version.to_string();
        let run = call(&[
            os("upgrade"),
            plan.as_os_str(),
            os("--product"),
            os(&pp.id),
            os("--from"),
            os(&from),
            os("--to"),
            os(&to),
            os("--format"),
            os(id),
            os("--generated-at"),
            os(GENERATED_AT),
        ]);
        let w = format!("upgrade {what} --product {} --format {id}", pp.id);
        let f = support::formats::Format {
            id: &format!("upgrade-{id}"),
            extension,
            mime: "",
        };
        let checked = assert_sane(&w, &run, true).and_then(|()| match run.code {
            Some(0) => batch.check(&w, &f, &run.stdout_text()),
            _ => Ok(()),
        });
        if let Err(e) = checked {
            problems.push(e);
        }
    }
    problems
}

/// A plan file through the command line (`plan`, `plan --format json`, `diff`, and `export` in
/// two formats, chosen by `index` so that the corpus as a whole exports through the command
/// line in every format, and `upgrade` where the plan has a product with releases), then
/// through every format of the registry in process (the same reader, evaluation and exporters,
/// without a process per format), the diagram and every upgrade format.
fn plan_case(plan: &Path, catalog: Option<&Path>, index: usize, batch: &Batch) -> Vec<String> {
    let mut problems = Vec::new();
    let what = plan.display().to_string();
    let call = |args: &[&OsStr]| {
        let mut v: Vec<&OsStr> = Vec::new();
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
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&json.stdout) {
            problems.push(format!("plan --format json {what}: not JSON: {e}"));
        }
    }
    if catalog.is_none() {
        let mixed = root().join("examples/mixed.plan.toml");
        let diff = call(&[os("diff"), plan.as_os_str(), mixed.as_os_str()]);
        if let Err(e) = assert_sane(&format!("diff {what}"), &diff, false) {
            problems.push(e);
        }
    }
    let read = if table.code == Some(2) {
        None
    } else {
        match readable(plan, catalog) {
            Some(r) => Some(r),
            None => {
                problems.push(format!("{what}: `plan` read it, the library does not"));
                return problems;
            }
        }
    };
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
        if let Err(e) = assert_sane(&w, &run, true)
            .and_then(|()| export_outcome(&w, &run, read.as_ref(), f, batch))
        {
            problems.push(e);
        }
    }
    if let Some(r) = &read {
        problems.extend(upgrade_runs(plan, r, index, &call, batch));
        problems.extend(export_all(&what, &r.catalog, &r.plan, batch));
    }
    problems
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
        if check.code == Some(0) {
            // the change feed of the folder (no history: its facts as one revision's changes)
            let changes = portolan(&[
                os("--catalog"),
                dir.as_os_str(),
                os("catalog"),
                os("changes"),
            ]);
            let what = format!("catalog changes {}", dir.display());
            if let Err(e) = assert_sane(&what, &changes, false).and_then(|()| {
                serde_json::from_slice::<serde_json::Value>(&changes.stdout)
                    .map(|_| ())
                    .map_err(|e| format!("{what}: not JSON: {e}"))
            }) {
                problems.push(e);
            }
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
    let dir = portolan_testkit::TempDir::new("hostile-corpus");
    let mut cases: Vec<PathBuf> = vec![PathBuf::from("/dev/zero")];
    let sparse = dir.path().join("sparse.plan.json");
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
        cases.push(dir.write(&format!("random.plan.{ext}"), &bytes));
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
        cases.push(dir.write(&format!("noise.plan.{ext}"), noise.as_bytes()));
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
    let many = serde_json::json!({"schema": 1, "name": "many", "products": [{"id": "screen-capture"}], "hosts": hosts});
    cases.push(dir.write("many.plan.json", many.to_string().as_bytes()));
    let batch = Batch::default();
    let mut problems = in_parallel(&cases, |i, p| plan_case(p, None, i, &batch));
    problems.extend(batch.finish());
    report(problems);
}
