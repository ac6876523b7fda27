//! The kernel firewall exports (`nftables*`, `iptables*`, `ip6tables*`) checked by the real
//! tools, enforced by a real kernel, and compared with Aerleon's output for the same policy.
//!
//! Every test that runs a tool does so inside network namespaces it creates
//! (`portolan-test-<pid>-<n>`) and deletes again, even when it fails (a `Drop` guard): the host's
//! own ruleset, interfaces and addresses are never touched, and the only traffic is between
//! namespaces on a bridge of their own, with private addresses (10.231.0.0/16, fd00:231::/48)
//! that exist only there.
//!
//! Needs root, `ip` (iproute2), `nft`, `iptables-restore`/`ip6tables-restore`, `python3` and,
//! for the differential test, Aerleon; `tests/kernel/setup.sh` installs them. A test whose tools
//! are missing is skipped with the reason printed, or fails when `CI` is set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::files as bundled_files;
use portolan_catalog::{load_files, Catalog};
use portolan_core::net::{PortRange, PortSet, Transport};
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, EndpointKind, Report};
use portolan_export::{self as export, Artifact, ExportContext};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Tools, commands with time limits, namespaces, background processes, scratch folders

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The kernel tests take turns: they share two busy cores, and probes have time limits.
static KERNEL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn kernel_turn() -> std::sync::MutexGuard<'static, ()> {
    KERNEL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// True when the tools are there; otherwise skips (prints why) or, with `CI` set, fails.
fn tools(test: &str, needed: &[&str]) -> bool {
    let mut missing: Vec<String> = needed
        .iter()
        .filter(|t| !on_path(t))
        .map(|t| t.to_string())
        .collect();
    if !is_root() {
        missing.push("root (to create network namespaces)".into());
    }
    if needed.contains(&"python3") && on_path("python3") && needed.contains(&"aerleon") {
        missing.retain(|m| m != "aerleon");
        let ok = Command::new("python3")
            .args(["-c", "import aerleon"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            missing.push("aerleon (python3 -m pip install aerleon)".into());
        }
    }
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "{test}: missing {}; run tests/kernel/setup.sh as root",
        missing.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    // Straight to stderr: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(std::io::stderr(), "skipped: {msg}");
    false
}

struct Ran {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs a command with stdin text and a time limit; a command over its limit is killed.
fn run_input(cmd: &mut Command, input: &str, limit: Duration) -> Ran {
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = reader(child.stdout.take().unwrap());
    let err = reader(child.stderr.take().unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    let stdout = out.join().unwrap_or_default();
    let mut stderr = err.join().unwrap_or_default();
    if status.is_none() {
        stderr.push_str(&format!("\n(killed after {limit:?})"));
    }
    Ran {
        ok: status.is_some_and(|s| s.success()),
        stdout,
        stderr,
    }
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    })
}

fn run(cmd: &mut Command) -> Ran {
    run_input(cmd, "", Duration::from_secs(60))
}

fn must(cmd: &mut Command) -> String {
    let shown = format!("{cmd:?}");
    let r = run(cmd);
    assert!(r.ok, "{shown} failed:\n{}\n{}", r.stdout, r.stderr);
    r.stdout
}

static NEXT_NETNS: AtomicUsize = AtomicUsize::new(0);

/// A network namespace of this test process, deleted when dropped.
struct Netns {
    name: String,
}

impl Netns {
    fn new() -> Netns {
        let name = format!(
            "portolan-test-{}-{}",
            std::process::id(),
            NEXT_NETNS.fetch_add(1, Ordering::SeqCst)
        );
        must(Command::new("ip").args(["netns", "add", &name]));
        let ns = Netns { name };
        ns.must(&["ip", "link", "set", "lo", "up"]);
        ns
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]).args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Ran {
        run(&mut self.cmd(args))
    }

    fn must(&self, args: &[&str]) -> String {
        must(&mut self.cmd(args))
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
    }
}

/// A process this test started (in a namespace), killed when dropped.
struct Background(Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A folder under cargo's scratch space, removed when dropped unless the test failed or
/// `PORTOLAN_KEEP_SCRATCH` is set (then it stays for inspection).
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("export-kernel-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, content: &str) -> String {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() || std::env::var_os("PORTOLAN_KEEP_SCRATCH").is_some() {
            eprintln!("kept {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn helper(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/kernel")
        .join(name)
        .display()
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Plans: the examples, a dual-stack variant, a hostile variant, and a lab variant whose hosts
// are network namespaces

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let loaded = load_files(&bundled_files());
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        loaded.catalog
    })
}

fn example_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".plan.toml").map(str::to_string))
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

fn example(name: &str) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.plan.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    Plan::parse(name, &text, PlanFormat::Toml).unwrap()
}

/// The example with IPv6 mixed in: every third host gains an IPv6 address, the next one is
/// IPv6 only, the next stays IPv4 only. That gives rules with both families, rules of one
/// family, and rules whose sources and destinations share no family.
fn dual_stack(mut plan: Plan) -> Plan {
    plan.name = format!("{} (dual stack)", plan.name);
    for (i, h) in plan.hosts.iter_mut().enumerate() {
        let v6 = format!("fd00:{:x}::/64", 0x100 + i);
        match i % 3 {
            0 => h.addresses.push(v6),
            1 => h.addresses = vec![v6],
            _ => {}
        }
    }
    plan
}

const HOSTILE: &str = "x\" ; $(touch /tmp/portolan-pwned) `id` 'q' \\ \n*filter\nCOMMIT\r\n} flush ruleset { # Zürich 日本 \u{202e}";

/// The example with hostile text in the plan's name and every host's name and description.
fn hostile(mut plan: Plan) -> Plan {
    plan.name = format!("{HOSTILE} plan");
    plan.description = HOSTILE.to_string();
    for (i, h) in plan.hosts.iter_mut().enumerate() {
        h.name = format!("{HOSTILE} host {i}");
        h.description = HOSTILE.to_string();
    }
    plan
}

/// Every plan the validators check, with a label.
fn validator_plans() -> Vec<(String, Plan)> {
    let mut v = Vec::new();
    for name in example_names() {
        v.push((name.clone(), example(&name)));
        v.push((format!("{name}-dual-stack"), dual_stack(example(&name))));
    }
    v.push((
        "hostile".into(),
        hostile(dual_stack(example("incontact-wfo"))),
    ));
    v
}

fn artifact(plan: &Plan, id: &str) -> (Report, Artifact) {
    let report = evaluate(catalog(), plan);
    let exporter = export::find(id).unwrap_or_else(|| panic!("no exporter `{id}`"));
    let cx = ExportContext {
        report: &report,
        plan,
        catalog: catalog(),
        generated_at: "2026-01-01T00:00:00Z",
    };
    let a = export::export(exporter, &cx);
    (report, a)
}

// ---------------------------------------------------------------------------------------------
// Validators: nft -c, iptables-restore --test, and a real load that counts the rules

const NFT_IDS: [&str; 2] = ["nftables", "nftables-strict"];
const IPT_IDS: [(&str, &str); 4] = [
    ("iptables", "iptables"),
    ("iptables-strict", "iptables"),
    ("ip6tables", "ip6tables"),
    ("ip6tables-strict", "ip6tables"),
];

fn nft_rule_count(ns: &Netns, chain: &str) -> usize {
    let json = ns.must(&["nft", "-j", "list", "chain", "inet", "portolan", chain]);
    let v: Value = serde_json::from_str(&json).unwrap();
    v["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o.get("rule").is_some())
        .count()
}

#[test]
fn nft_accepts_every_example_export() {
    if !tools("nft_accepts_every_example_export", &["ip", "nft"]) {
        return;
    }
    let _turn = kernel_turn();
    let scratch = Scratch::new("nft-check");
    let ns = Netns::new();
    let mut checked = 0;
    for (label, plan) in validator_plans() {
        for id in NFT_IDS {
            let (_, a) = artifact(&plan, id);
            let file = scratch.write(&format!("{label}.{id}.nft"), &a.content);
            let r = ns.run(&["nft", "-c", "-f", &file]);
            assert!(r.ok, "nft -c -f {file} failed:\n{}", r.stderr);
            // Loading it (twice: the file replaces its table) puts exactly rule_count rules
            // in chain allow, so nothing in a comment became a rule.
            for _ in 0..2 {
                ns.must(&["nft", "-f", &file]);
                assert_eq!(
                    nft_rule_count(&ns, "allow"),
                    a.rule_count,
                    "{file}: rules loaded"
                );
            }
            ns.must(&["nft", "flush", "ruleset"]);
            checked += 1;
        }
    }
    eprintln!("nft -c -f accepted {checked} files");
}

fn ipt_saved_rules(ns: &Netns, tool: &str, chain: &str) -> usize {
    let saved = ns.must(&[&format!("{tool}-save"), "-t", "filter"]);
    let prefix = format!("-A {chain} ");
    saved.lines().filter(|l| l.starts_with(&prefix)).count()
}

#[test]
fn iptables_restore_accepts_every_example_export() {
    if !tools(
        "iptables_restore_accepts_every_example_export",
        &["ip", "iptables-restore", "ip6tables-restore"],
    ) {
        return;
    }
    let _turn = kernel_turn();
    let scratch = Scratch::new("ipt-check");
    let ns = Netns::new();
    let mut checked = 0;
    for (label, plan) in validator_plans() {
        for (id, tool) in IPT_IDS {
            let (_, a) = artifact(&plan, id);
            let file = scratch.write(&format!("{label}.{id}.rules"), &a.content);
            let restore = format!("{tool}-restore");
            let r = ns.run(&[&restore, "--test", &file]);
            assert!(r.ok, "{restore} --test {file} failed:\n{}", r.stderr);
            // Load it for real (twice) and count: rule_count accept rules in PORTOLAN, plus
            // the established/related line of the non-strict file.
            let strict = id.ends_with("-strict");
            for _ in 0..2 {
                if strict {
                    ns.must(&[&restore, &file]);
                } else {
                    ns.must(&[&restore, "--noflush", &file]);
                }
                assert_eq!(
                    ipt_saved_rules(&ns, tool, "PORTOLAN"),
                    a.rule_count + usize::from(!strict),
                    "{file}: rules loaded"
                );
            }
            ns.must(&[tool, "-F"]);
            ns.must(&[tool, "-X"]);
            for chain in ["INPUT", "FORWARD", "OUTPUT"] {
                ns.must(&[tool, "-P", chain, "ACCEPT"]);
            }
            checked += 1;
        }
    }
    eprintln!("iptables-restore/ip6tables-restore --test accepted {checked} files");
}

/// Hostile names never leave a comment: every line that carries them is a `#` comment or sits
/// inside a quoted rule comment, which the validators above also load and count.
// See: issue 5 ("Hostile input")
#[test]
fn hostile_names_stay_inside_comments() {
    let plan = hostile(dual_stack(example("incontact-wfo")));
    for id in NFT_IDS.into_iter().chain(IPT_IDS.map(|(id, _)| id)) {
        let (_, a) = artifact(&plan, id);
        assert!(a.rule_count > 0, "{id}");
        for line in a.content.lines() {
            let t = line.trim_start();
            if t.starts_with('#') {
                continue;
            }
            for needle in [
                "pwned",
                "Zürich",
                "$(",
                "`",
                "flush ruleset",
                "'q'",
                "\u{202e}",
            ] {
                assert!(
                    !t.contains(needle),
                    "{id}: `{needle}` outside a comment: {line}"
                );
            }
            // a quoted comment holds no quote of its own
            if let Some(at) = t.find("comment \"") {
                let rest = &t[at + 9..];
                assert_eq!(rest.matches('"').count(), 1, "{id}: {line}");
            }
        }
        assert!(
            a.content.contains("Z?rich") || a.content.contains("Zürich"),
            "{id}: names are kept in comments"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Behaviour on a real kernel: one namespace per host of a plan, a bridge between them, the
// strict export loaded in every host, listeners on every probed port, probes before and after

/// A plan whose hosts are network namespaces: host `i` gets 10.231.0.(10+i) and
/// fd00:231::(10+i), or a /28 and a /120 of its own when the example gives it a subnet.
struct Lab {
    plan: Plan,
    /// Per host: the namespace's IPv4 and IPv6 address.
    addrs: Vec<(String, String)>,
}

fn lab(name: &str) -> Lab {
    let mut plan = example(name);
    plan.name = format!("{} (namespace lab)", plan.name);
    let mut addrs = Vec::new();
    for (i, h) in plan.hosts.iter_mut().enumerate() {
        let subnet = h
            .addresses
            .iter()
            .any(|a| a.contains('/') && !a.ends_with("/32"));
        let (plan_addrs, v4, v6) = if subnet {
            let k = 100 + i;
            (
                vec![
                    format!("10.231.{k}.0/28"),
                    format!("fd00:231:0:{k:x}::/120"),
                ],
                format!("10.231.{k}.5"),
                format!("fd00:231:0:{k:x}::5"),
            )
        } else {
            let k = 10 + i;
            let v4 = format!("10.231.0.{k}");
            let v6 = format!("fd00:231::{k:x}");
            (vec![v4.clone(), v6.clone()], v4, v6)
        };
        h.addresses = plan_addrs;
        addrs.push((v4, v6));
    }
    Lab { plan, addrs }
}

/// The address of a namespace outside the plan, on the same bridge.
const OUTSIDER: (&str, &str) = ("10.231.250.1", "fd00:231::fa01");

#[derive(Debug, Clone)]
struct Probe {
    /// Host index, or `None` for the outsider.
    from: Option<usize>,
    to: usize,
    src: String,
    dst: String,
    transport: Transport,
    port: u16,
    open: bool,
    why: String,
}

/// The probes for a lab plan: every flow between two hosts (each range's first and last port,
/// both families) must connect; ports next to the allowed ones, a port allowed to another
/// source, and the outsider must not.
fn probes(lab: &Lab, report: &Report) -> Vec<Probe> {
    let index: BTreeMap<&str, usize> = lab
        .plan
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| (h.name.as_str(), i))
        .collect();
    let host_of = |e: &portolan_engine::Endpoint| {
        (e.kind == EndpointKind::Host)
            .then(|| index.get(e.name.as_str()).copied())
            .flatten()
    };
    // (from, to, transport) -> allowed ports; `any` sources allow everyone
    let mut allowed: BTreeMap<(Option<usize>, usize, Transport), PortSet> = BTreeMap::new();
    let mut any_allowed: BTreeMap<(usize, Transport), PortSet> = BTreeMap::new();
    let mut flows = Vec::new();
    for f in report.flows.iter().filter(|f| !f.local) {
        let Some(to) = host_of(&f.destination) else {
            continue;
        };
        if f.source.kind == EndpointKind::Any {
            any_allowed
                .entry((to, f.transport))
                .or_default()
                .union_with(&f.ports);
            continue;
        }
        let Some(from) = host_of(&f.source) else {
            continue;
        };
        allowed
            .entry((Some(from), to, f.transport))
            .or_default()
            .union_with(&f.ports);
        flows.push((from, to, f.transport, f.ports.clone(), f.rule.clone()));
    }
    let allows = |from: Option<usize>, to: usize, t: Transport, p: u16| {
        allowed.get(&(from, to, t)).is_some_and(|s| s.contains(p))
            || any_allowed.get(&(to, t)).is_some_and(|s| s.contains(p))
    };
    let addr = |i: Option<usize>, v6: bool| {
        let (a4, a6) = match i {
            Some(i) => (lab.addrs[i].0.as_str(), lab.addrs[i].1.as_str()),
            None => OUTSIDER,
        };
        if v6 {
            a6.to_string()
        } else {
            a4.to_string()
        }
    };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut push = |from: Option<usize>, to: usize, t: Transport, port: u16, why: String| {
        let open = allows(from, to, t, port);
        for v6 in [false, true] {
            if seen.insert((from, to, t, port, v6)) {
                out.push(Probe {
                    from,
                    to,
                    src: addr(from, v6),
                    dst: addr(Some(to), v6),
                    transport: t,
                    port,
                    open,
                    why: why.clone(),
                });
            }
        }
    };
    let hosts = lab.plan.hosts.len();
    for (from, to, t, ports, rule) in &flows {
        let mut sample: Vec<u16> = ports
            .ranges()
            .iter()
            .flat_map(|r| [r.start(), r.end()])
            .collect();
        sample.dedup();
        for p in sample.iter().take(6) {
            push(Some(*from), *to, *t, *p, format!("flow {rule}"));
        }
        // neighbours of the allowed ports, and a port nobody opens
        let first = ports.ranges().first().map_or(1, |r| r.start());
        let last = ports.ranges().last().map_or(1, |r| r.end());
        for p in [first.saturating_sub(1), last.saturating_add(1), 9] {
            if p > 0 {
                push(Some(*from), *to, *t, p, format!("next to {rule}"));
            }
        }
        // the same port from a host the plan does not allow, and from the outsider
        if let Some(other) =
            (0..hosts).find(|&o| o != *from && o != *to && !allows(Some(o), *to, *t, first))
        {
            push(
                Some(other),
                *to,
                *t,
                first,
                format!("{rule} from another host"),
            );
        }
        push(
            None,
            *to,
            *t,
            first,
            format!("{rule} from outside the plan"),
        );
    }
    out
}

/// Starts a listener in `ns` for every port probed there.
fn listen(ns: &Netns, tcp: &BTreeSet<u16>, udp: &BTreeSet<u16>) -> Background {
    let spec = serde_json::json!({ "tcp": tcp, "udp": udp, "lifetime": 300 }).to_string();
    let mut child = ns
        .cmd(&["python3", &helper("listen.py"), &spec])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let guard = Background(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
    assert_eq!(
        line.trim(),
        "ready",
        "listener in {} did not start",
        ns.name
    );
    guard
}

/// Runs every probe from its namespace (all namespaces at once); returns the results by index.
fn run_probes(probes: &[Probe], hosts: &[Netns], outsider: &Netns) -> Vec<String> {
    let mut by_ns: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, p) in probes.iter().enumerate() {
        by_ns.entry(p.from).or_default().push(i);
    }
    let handles: Vec<_> = by_ns
        .into_iter()
        .map(|(from, idx)| {
            let ns = match from {
                Some(h) => &hosts[h],
                None => outsider,
            };
            let input: Vec<Value> = idx
                .iter()
                .map(|&i| {
                    let p = &probes[i];
                    serde_json::json!({
                        "id": i, "src": p.src, "dst": p.dst, "proto": p.transport.as_str(),
                        "port": p.port, "timeout": if p.open { 5.0 } else { 2.0 },
                    })
                })
                .collect();
            let mut cmd = ns.cmd(&["python3", &helper("probe.py")]);
            let input = Value::Array(input).to_string();
            std::thread::spawn(move || run_input(&mut cmd, &input, Duration::from_secs(120)))
        })
        .collect();
    let mut results = vec![String::from("not run"); probes.len()];
    for h in handles {
        let r = h.join().unwrap();
        assert!(r.ok, "probe.py failed: {}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        for item in v.as_array().unwrap() {
            let i = item["id"].as_u64().unwrap() as usize;
            results[i] = item["result"].as_str().unwrap().to_string();
        }
    }
    results
}

enum Load {
    Nftables,
    Iptables,
}

/// Builds the lab for an example, loads the strict export into every host and proves that each
/// flow passes and each sampled non-flow does not.
fn enforce(name: &str, load: Load) {
    let lab = lab(name);
    let report = evaluate(catalog(), &lab.plan);
    let scratch = Scratch::new(&format!(
        "lab-{name}-{}",
        match load {
            Load::Nftables => "nft",
            Load::Iptables => "ipt",
        }
    ));
    let mut loads: Vec<(Vec<String>, Artifact)> = Vec::new();
    match load {
        Load::Nftables => {
            let (_, a) = artifact(&lab.plan, "nftables-strict");
            let f = scratch.write("lab.nft", &a.content);
            loads.push((vec!["nft".into(), "-f".into(), f], a));
        }
        Load::Iptables => {
            for (id, tool, file) in [
                ("iptables-strict", "iptables-restore", "lab.rules.v4"),
                ("ip6tables-strict", "ip6tables-restore", "lab.rules.v6"),
            ] {
                let (_, a) = artifact(&lab.plan, id);
                let f = scratch.write(file, &a.content);
                loads.push((vec![tool.into(), f], a));
            }
        }
    }
    // Rules with an external endpoint have no host here; every other rule must be expressed.
    for (_, a) in &loads {
        for u in &a.unexpressed {
            let r = report.rules.iter().find(|r| r.id == u.rule).unwrap();
            assert!(
                r.destinations
                    .iter()
                    .chain(&r.sources)
                    .any(|e| e.kind != EndpointKind::Host),
                "{}: {} not expressed: {}",
                a.format,
                u.rule,
                u.reason
            );
        }
    }

    let probes = probes(&lab, &report);
    assert!(probes.iter().any(|p| p.open) && probes.iter().any(|p| !p.open));

    // Namespaces first, so that the processes in them (declared later) are dropped first.
    let bridge = Netns::new();
    let hosts: Vec<Netns> = lab.plan.hosts.iter().map(|_| Netns::new()).collect();
    let outsider = Netns::new();
    bridge.must(&[
        "ip",
        "link",
        "add",
        "br0",
        "type",
        "bridge",
        "mcast_snooping",
        "0",
    ]);
    bridge.must(&["ip", "link", "set", "br0", "up"]);
    let members = hosts
        .iter()
        .zip(lab.addrs.iter().map(|(a, b)| (a.as_str(), b.as_str())))
        .chain(std::iter::once((&outsider, OUTSIDER)));
    for (i, (ns, (v4, v6))) in members.enumerate() {
        let port = format!("h{i}");
        bridge.must(&[
            "ip", "link", "add", &port, "type", "veth", "peer", "name", "eth0", "netns", &ns.name,
        ]);
        bridge.must(&["ip", "link", "set", &port, "master", "br0", "up"]);
        ns.must(&["ip", "addr", "add", &format!("{v4}/16"), "dev", "eth0"]);
        ns.must(&[
            "ip",
            "addr",
            "add",
            &format!("{v6}/48"),
            "dev",
            "eth0",
            "nodad",
        ]);
        ns.must(&["ip", "link", "set", "eth0", "up"]);
    }

    let mut listeners = Vec::new();
    for (i, ns) in hosts.iter().enumerate() {
        let ports = |t: Transport| -> BTreeSet<u16> {
            probes
                .iter()
                .filter(|p| p.to == i && p.transport == t)
                .map(|p| p.port)
                .collect()
        };
        let (tcp, udp) = (ports(Transport::Tcp), ports(Transport::Udp));
        if !tcp.is_empty() || !udp.is_empty() {
            listeners.push(listen(ns, &tcp, &udp));
        }
    }

    let show = |p: &Probe, got: &str| {
        let from = p
            .from
            .map_or("outsider".to_string(), |i| lab.plan.hosts[i].name.clone());
        format!(
            "{from} [{}] -> {} [{}] {}/{} ({}): expected {}, got {got}",
            p.src,
            lab.plan.hosts[p.to].name,
            p.dst,
            p.transport,
            p.port,
            p.why,
            if p.open { "open" } else { "blocked" }
        )
    };

    // Without a firewall every probe connects: the paths and listeners work, so a blocked
    // probe later is the firewall's doing.
    let before = run_probes(&probes, &hosts, &outsider);
    let broken: Vec<String> = probes
        .iter()
        .zip(&before)
        .filter(|(_, r)| *r != "open")
        .map(|(p, r)| show(p, r))
        .collect();
    assert!(
        broken.is_empty(),
        "without a firewall:\n{}",
        broken.join("\n")
    );

    for ns in &hosts {
        for (args, _) in &loads {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            ns.must(&args);
        }
    }
    let after = run_probes(&probes, &hosts, &outsider);
    let wrong: Vec<String> = probes
        .iter()
        .zip(&after)
        .filter(|(p, r)| {
            if p.open {
                *r != "open"
            } else {
                !matches!(r.as_str(), "timeout" | "eperm")
            }
        })
        .map(|(p, r)| show(p, r))
        .collect();
    let open = probes.iter().filter(|p| p.open).count();
    eprintln!(
        "{name}: {} probes ({open} must connect, {} must be blocked) across {} hosts",
        probes.len(),
        probes.len() - open,
        hosts.len()
    );
    assert!(
        wrong.is_empty(),
        "with the export loaded:\n{}",
        wrong.join("\n")
    );
    drop(listeners);
}

#[test]
fn nftables_strict_enforces_the_plan_on_a_real_kernel() {
    if !tools(
        "nftables_strict_enforces_the_plan_on_a_real_kernel",
        &["ip", "nft", "python3"],
    ) {
        return;
    }
    let _turn = kernel_turn();
    enforce("incontact-wfo", Load::Nftables);
    enforce("ex-engage-connector", Load::Nftables);
}

#[test]
fn iptables_strict_enforces_the_plan_on_a_real_kernel() {
    if !tools(
        "iptables_strict_enforces_the_plan_on_a_real_kernel",
        &["ip", "iptables-restore", "ip6tables-restore", "python3"],
    ) {
        return;
    }
    let _turn = kernel_turn();
    enforce("incontact-wfo", Load::Iptables);
    enforce("call-recording-screen-capture", Load::Iptables);
}

// ---------------------------------------------------------------------------------------------
// What a ruleset allows, read back from the kernel, in a canonical form that compares policies
// rather than texts

/// Traffic a rule accepts: a family, source and destination address intervals, a transport
/// and destination ports.
#[derive(Debug, Clone)]
struct Allow {
    v6: bool,
    src: (u128, u128),
    dst: (u128, u128),
    proto: String,
    ports: PortSet,
}

fn full(v6: bool) -> (u128, u128) {
    (0, if v6 { u128::MAX } else { u128::from(u32::MAX) })
}

fn net_interval(net: &ipnet::IpNet) -> (bool, (u128, u128)) {
    match net {
        ipnet::IpNet::V4(n) => (
            false,
            (
                u128::from(u32::from(n.network())),
                u128::from(u32::from(n.broadcast())),
            ),
        ),
        ipnet::IpNet::V6(n) => (true, (u128::from(n.network()), u128::from(n.broadcast()))),
    }
}

fn addr_interval(text: &str) -> (bool, (u128, u128)) {
    let net: ipnet::IpNet = text
        .parse()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .unwrap_or_else(|_| panic!("not an address: `{text}`"));
    net_interval(&net)
}

fn show_addr(v6: bool, a: u128) -> String {
    if v6 {
        std::net::Ipv6Addr::from(a).to_string()
    } else {
        std::net::Ipv4Addr::from(u32::try_from(a).unwrap()).to_string()
    }
}

fn port_range(lo: u64, hi: u64) -> PortRange {
    PortRange::new(u16::try_from(lo).unwrap(), u16::try_from(hi).unwrap()).unwrap()
}

/// The elements of an nftables JSON value: a set reference, an anonymous set or one element.
fn nft_elements<'a>(v: &'a Value, sets: &'a BTreeMap<String, Vec<Value>>) -> Vec<&'a Value> {
    if let Some(name) = v.as_str().and_then(|s| s.strip_prefix('@')) {
        return sets
            .get(name)
            .unwrap_or_else(|| panic!("unknown set @{name}"))
            .iter()
            .map(unwrap_elem)
            .collect();
    }
    if let Some(items) = v.get("set").and_then(Value::as_array) {
        return items.iter().map(unwrap_elem).collect();
    }
    vec![unwrap_elem(v)]
}

fn unwrap_elem(v: &Value) -> &Value {
    v.get("elem").and_then(|e| e.get("val")).unwrap_or(v)
}

fn nft_addr(v: &Value) -> (bool, (u128, u128)) {
    if let Some(s) = v.as_str() {
        return addr_interval(s);
    }
    if let Some(p) = v.get("prefix") {
        return addr_interval(&format!(
            "{}/{}",
            p["addr"].as_str().unwrap(),
            p["len"].as_u64().unwrap()
        ));
    }
    if let Some(r) = v.get("range") {
        let (f, (lo, _)) = addr_interval(r[0].as_str().unwrap());
        let (_, (_, hi)) = addr_interval(r[1].as_str().unwrap());
        return (f, (lo, hi));
    }
    panic!("unexpected address element {v}");
}

fn nft_port(v: &Value) -> PortRange {
    if let Some(p) = v.as_u64() {
        return port_range(p, p);
    }
    if let Some(r) = v.get("range") {
        return port_range(r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
    }
    panic!("unexpected port element {v}");
}

/// The accept rules of one table of `nft -j list ruleset` (any chain: the chains only jump
/// unconditionally). Rules for replies (`ct state established,related`), loopback and ICMPv6
/// are not flows and are left out.
fn nft_allows(json: &str, table: &str) -> Vec<Allow> {
    let v: Value = serde_json::from_str(json).unwrap();
    let items = v["nftables"].as_array().unwrap();
    let mut sets = BTreeMap::new();
    for s in items.iter().filter_map(|i| i.get("set")) {
        if s["table"] == table {
            let elems = s["elem"].as_array().cloned().unwrap_or_default();
            sets.insert(s["name"].as_str().unwrap().to_string(), elems);
        }
    }
    let mut out = Vec::new();
    'rules: for r in items.iter().filter_map(|i| i.get("rule")) {
        if r["table"] != table {
            continue;
        }
        let mut src: Option<(bool, Vec<(u128, u128)>)> = None;
        let mut dst: Option<(bool, Vec<(u128, u128)>)> = None;
        let mut proto = None;
        let mut ports = None;
        let mut accept = false;
        for e in r["expr"].as_array().unwrap() {
            if let Some(m) = e.get("match") {
                assert!(m["op"] == "==" || m["op"] == "in", "operator in {r}");
                let (left, right) = (&m["left"], &m["right"]);
                if let Some(p) = left.get("payload") {
                    match (
                        p["protocol"].as_str().unwrap(),
                        p["field"].as_str().unwrap(),
                    ) {
                        ("ip" | "ip6", field @ ("saddr" | "daddr")) => {
                            let v6 = p["protocol"] == "ip6";
                            let nets: Vec<(u128, u128)> = nft_elements(right, &sets)
                                .into_iter()
                                .map(|e| {
                                    let (f, i) = nft_addr(e);
                                    assert_eq!(f, v6, "family of {e}");
                                    i
                                })
                                .collect();
                            if field == "saddr" {
                                src = Some((v6, nets));
                            } else {
                                dst = Some((v6, nets));
                            }
                        }
                        (t @ ("tcp" | "udp"), "dport") => {
                            proto = Some(t.to_string());
                            ports = Some(
                                nft_elements(right, &sets)
                                    .into_iter()
                                    .map(nft_port)
                                    .collect::<PortSet>(),
                            );
                        }
                        ("icmpv6" | "icmp", _) => continue 'rules,
                        other => panic!("unexpected match {other:?} in {r}"),
                    }
                } else if let Some(meta) = left.get("meta") {
                    match meta["key"].as_str().unwrap() {
                        "l4proto" => proto = Some(right.as_str().unwrap().to_string()),
                        "iif" | "oif" | "iifname" | "oifname" => continue 'rules,
                        other => panic!("unexpected meta {other} in {r}"),
                    }
                } else if let Some(ct) = left.get("ct") {
                    assert_eq!(ct["key"], "state", "{r}");
                    let states: Vec<&str> = match right {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        other => panic!("ct state {other}"),
                    };
                    if !states.contains(&"new") {
                        continue 'rules;
                    }
                } else {
                    panic!("unexpected match in {r}");
                }
            } else if e.get("accept").is_some() {
                accept = true;
            } else if e.get("counter").is_some() || e.get("log").is_some() {
            } else {
                // drop, jump, goto, return: not an accept rule
                continue 'rules;
            }
        }
        if !accept {
            continue;
        }
        let proto = proto.unwrap_or_else(|| panic!("accept without a transport: {r}"));
        let ports = ports.unwrap_or_else(|| panic!("accept without ports: {r}"));
        let families: Vec<bool> = match (&src, &dst) {
            (Some((f, _)), _) | (None, Some((f, _))) => vec![*f],
            (None, None) => vec![false, true],
        };
        for v6 in families {
            let side = |s: &Option<(bool, Vec<(u128, u128)>)>| match s {
                Some((_, nets)) => nets.clone(),
                None => vec![full(v6)],
            };
            for s in side(&src) {
                for d in side(&dst) {
                    out.push(Allow {
                        v6,
                        src: s,
                        dst: d,
                        proto: proto.clone(),
                        ports: ports.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Words of an iptables-save line; double quotes group (with `\"` inside).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    let mut any = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => cur.extend(chars.next()),
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn ipt_ports(spec: &str) -> PortSet {
    spec.split(',')
        .map(|p| match p.split_once(':') {
            Some((a, b)) => port_range(a.parse().unwrap(), b.parse().unwrap()),
            None => {
                let n = p.parse().unwrap();
                port_range(n, n)
            }
        })
        .collect()
}

/// The ACCEPT rules of `iptables-save` / `ip6tables-save` (any chain: the chains only jump
/// unconditionally), leaving out replies, loopback and ICMPv6 as for nftables.
fn ipt_allows(saved: &str, v6: bool) -> Vec<Allow> {
    let mut out = Vec::new();
    'lines: for line in saved.lines().filter(|l| l.starts_with("-A ")) {
        let w = words(line);
        let (mut src, mut dst, mut proto, mut ports, mut target) = (None, None, None, None, None);
        let mut i = 2;
        while i < w.len() {
            let next = w.get(i + 1).cloned().unwrap_or_default();
            match w[i].as_str() {
                "-s" => src = Some(addr_interval(&next).1),
                "-d" => dst = Some(addr_interval(&next).1),
                "-p" => proto = Some(next),
                "--dport" | "--dports" => ports = Some(ipt_ports(&next)),
                "-j" => target = Some(next),
                "-m" | "--comment" => {}
                "--ctstate" | "--state" => {
                    if !next.split(',').any(|s| s == "NEW") {
                        continue 'lines;
                    }
                }
                "-i" | "-o" | "--icmpv6-type" | "--icmp-type" => continue 'lines,
                "!" => panic!("negation in {line}"),
                other => panic!("unexpected `{other}` in {line}"),
            }
            i += 2;
        }
        if target.as_deref() != Some("ACCEPT") {
            continue;
        }
        let proto = proto.unwrap_or_else(|| panic!("accept without a transport: {line}"));
        if proto == "ipv6-icmp" || proto == "icmp" {
            continue;
        }
        out.push(Allow {
            v6,
            src: src.unwrap_or(full(v6)),
            dst: dst.unwrap_or(full(v6)),
            proto,
            ports: ports.unwrap_or_else(|| panic!("accept without ports: {line}")),
        });
    }
    out
}

/// What the report's aggregated rules allow (those `keep` selects): in each family, every
/// source network to every destination network on the rule's ports.
fn report_allows(report: &Report, keep: impl Fn(&str) -> bool) -> Vec<Allow> {
    let mut out = Vec::new();
    for r in report.rules.iter().filter(|r| keep(&r.id)) {
        let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
        for v6 in [false, true] {
            let side = |any: bool, nets: &[ipnet::IpNet]| -> Vec<(u128, u128)> {
                if any {
                    return vec![full(v6)];
                }
                nets.iter()
                    .map(net_interval)
                    .filter(|(f, _)| *f == v6)
                    .map(|(_, i)| i)
                    .collect()
            };
            for s in side(r.any_source, &r.source_nets) {
                for d in side(any_dst, &r.destination_nets) {
                    out.push(Allow {
                        v6,
                        src: s,
                        dst: d,
                        proto: r.transport.as_str().to_string(),
                        ports: r.ports.clone(),
                    });
                }
            }
        }
    }
    out
}

/// What the flows (before aggregation) allow, for the flows between addressed endpoints.
fn flow_allows(report: &Report) -> Vec<Allow> {
    let mut out = Vec::new();
    for f in report.flows.iter().filter(|f| !f.local) {
        for v6 in [false, true] {
            let side = |e: &portolan_engine::Endpoint| -> Vec<(u128, u128)> {
                if e.kind == EndpointKind::Any {
                    return vec![full(v6)];
                }
                e.rule_addresses()
                    .filter_map(|a| a.as_net())
                    .map(net_interval)
                    .filter(|(f, _)| *f == v6)
                    .map(|(_, i)| i)
                    .collect()
            };
            for s in side(&f.source) {
                for d in side(&f.destination) {
                    out.push(Allow {
                        v6,
                        src: s,
                        dst: d,
                        proto: f.transport.as_str().to_string(),
                        ports: (*f.ports).clone(),
                    });
                }
            }
        }
    }
    out
}

/// A cell of the grid that the address boundaries of all compared policies cut: family,
/// source atom, destination atom, transport.
type Cell = (bool, u128, u128, String);

/// The policies as maps cell -> ports, over one common grid, so equal policies give equal
/// maps however their rules are split or grouped.
struct Grid {
    cuts: BTreeMap<(bool, bool), BTreeSet<u128>>,
}

impl Grid {
    fn new(policies: &[&[Allow]]) -> Grid {
        let mut cuts: BTreeMap<(bool, bool), BTreeSet<u128>> = BTreeMap::new();
        for a in policies.iter().flat_map(|p| p.iter()) {
            for (axis, (lo, hi)) in [(false, a.src), (true, a.dst)] {
                let c = cuts.entry((a.v6, axis)).or_default();
                c.insert(lo);
                if let Some(next) = hi.checked_add(1) {
                    c.insert(next);
                }
            }
        }
        Grid { cuts }
    }

    fn atoms(&self, v6: bool, axis: bool, (lo, hi): (u128, u128)) -> Vec<u128> {
        self.cuts[&(v6, axis)].range(lo..=hi).copied().collect()
    }

    fn map(&self, policy: &[Allow]) -> BTreeMap<Cell, PortSet> {
        let mut m: BTreeMap<Cell, PortSet> = BTreeMap::new();
        for a in policy {
            for s in self.atoms(a.v6, false, a.src) {
                for d in self.atoms(a.v6, true, a.dst) {
                    m.entry((a.v6, s, d, a.proto.clone()))
                        .or_default()
                        .union_with(&a.ports);
                }
            }
        }
        m
    }

    fn show_atom(&self, v6: bool, axis: bool, start: u128) -> String {
        let end = self.cuts[&(v6, axis)]
            .range(start + 1..)
            .next()
            .map_or(full(v6).1, |n| n - 1);
        if start == end {
            show_addr(v6, start)
        } else if (start, end) == full(v6) {
            "any".to_string()
        } else {
            format!("{}-{}", show_addr(v6, start), show_addr(v6, end))
        }
    }

    /// The cells where two policies differ, one line each.
    fn diff(&self, a: &[Allow], b: &[Allow], an: &str, bn: &str) -> Vec<String> {
        let (ma, mb) = (self.map(a), self.map(b));
        let keys: BTreeSet<&Cell> = ma.keys().chain(mb.keys()).collect();
        let empty = PortSet::new();
        let mut out = Vec::new();
        for k in keys {
            let (pa, pb) = (ma.get(k).unwrap_or(&empty), mb.get(k).unwrap_or(&empty));
            if pa != pb {
                let (v6, s, d, proto) = k;
                out.push(format!(
                    "{} -> {} {proto}: only in {an}: [{}], only in {bn}: [{}]",
                    self.show_atom(*v6, false, *s),
                    self.show_atom(*v6, true, *d),
                    pa.difference(pb),
                    pb.difference(pa)
                ));
            }
        }
        out
    }
}

fn assert_same(label: &str, a: &[Allow], b: &[Allow], an: &str, bn: &str) {
    let grid = Grid::new(&[a, b]);
    let d = grid.diff(a, b, an, bn);
    assert!(
        d.is_empty(),
        "{label}: {an} and {bn} differ:\n{}",
        d.join("\n")
    );
}

/// Our exports, loaded into a kernel and read back, allow exactly what the report's rules say
/// (and the rules allow exactly what the flows say); the canonical comparison the differential
/// test relies on is checked on the way.
#[test]
fn exports_read_back_from_the_kernel_match_the_report() {
    if !tools(
        "exports_read_back_from_the_kernel_match_the_report",
        &["ip", "nft", "iptables-restore", "ip6tables-restore"],
    ) {
        return;
    }
    let _turn = kernel_turn();
    let scratch = Scratch::new("read-back");
    let ns = Netns::new();
    for (label, plan) in validator_plans() {
        let (report, nft) = artifact(&plan, "nftables-strict");
        let unexpressed: BTreeSet<&str> = nft.unexpressed.iter().map(|u| u.rule.as_str()).collect();
        let expected = report_allows(&report, |id| !unexpressed.contains(id));
        if unexpressed.is_empty() {
            assert_same(&label, &flow_allows(&report), &expected, "flows", "rules");
        }

        let file = scratch.write(&format!("{label}.nft"), &nft.content);
        ns.must(&["nft", "-f", &file]);
        let ours = nft_allows(&ns.must(&["nft", "-j", "list", "ruleset"]), "portolan");
        ns.must(&["nft", "flush", "ruleset"]);
        assert_same(&label, &ours, &expected, "nftables", "report");

        let mut ours = Vec::new();
        for (id, tool, v6) in [
            ("iptables-strict", "iptables", false),
            ("ip6tables-strict", "ip6tables", true),
        ] {
            let (_, a) = artifact(&plan, id);
            let file = scratch.write(&format!("{label}.{id}"), &a.content);
            ns.must(&[&format!("{tool}-restore"), &file]);
            ours.extend(ipt_allows(&ns.must(&[&format!("{tool}-save")]), v6));
        }
        ns.must(&["nft", "flush", "ruleset"]);
        assert_same(&label, &ours, &expected, "iptables", "report");
    }
}

#[test]
fn canonical_form_ignores_how_rules_are_split() {
    let p = |s: &str| -> PortSet { s.parse().unwrap() };
    let a = |src: &str, dst: &str, ports: &str| {
        let (v6, s) = addr_interval(src);
        Allow {
            v6,
            src: s,
            dst: addr_interval(dst).1,
            proto: "tcp".into(),
            ports: p(ports),
        }
    };
    let one = [a("10.0.0.0/23", "10.9.0.1", "80, 443")];
    let split = [
        a("10.0.0.0/24", "10.9.0.1", "80"),
        a("10.0.1.0/24", "10.9.0.1", "80"),
        a("10.0.0.0/23", "10.9.0.1", "443"),
    ];
    assert_same("split", &one, &split, "one", "split");
    let less = [a("10.0.0.0/24", "10.9.0.1", "80, 443")];
    let grid = Grid::new(&[&one, &less]);
    let d = grid.diff(&one, &less, "one", "less");
    assert_eq!(
        d,
        ["10.0.1.0-10.0.1.255 -> 10.9.0.1 tcp: only in one: [80, 443], only in less: []"]
    );
    assert_eq!(
        words(r#"-A X -m comment --comment "a \"b\" c" -j ACCEPT"#)[5],
        "a \"b\" c"
    );
}

// ---------------------------------------------------------------------------------------------
// Differential test against Aerleon

/// Aerleon's definitions and policies for one plan's rules: a network per rule side, a service
/// per rule, and one term per rule, for its nftables generator (one mixed-family filter) and its
/// iptables-restore generator `speedway` (one filter per family).
fn aerleon_sources(
    k: usize,
    rules: &[&portolan_engine::AggregatedRule],
    networks: &mut String,
    services: &mut String,
) -> Vec<(String, String)> {
    let mut terms = String::new();
    for r in rules {
        let id = r.id.to_uppercase();
        let _ = writeln!(terms, "      - name: {}", r.id);
        for (side, any, nets, key) in [
            ("SRC", r.any_source, &r.source_nets, "source-address"),
            (
                "DST",
                r.destinations.iter().any(|d| d.kind == EndpointKind::Any),
                &r.destination_nets,
                "destination-address",
            ),
        ] {
            if any {
                continue;
            }
            let name = format!("P{k}_{id}_{side}");
            let _ = writeln!(networks, "  {name}:\n    values:");
            for n in nets.iter() {
                let _ = writeln!(networks, "      - address: {n}");
            }
            let _ = writeln!(terms, "        {key}: {name}");
        }
        let svc = format!("P{k}_{id}_SVC");
        let _ = writeln!(services, "  {svc}:");
        for p in r.ports.ranges() {
            let _ = write!(
                services,
                "    - port: {p}\n      protocol: {}\n",
                r.transport
            );
        }
        let _ = write!(
            terms,
            "        destination-port: {svc}\n        protocol: {}\n        action: accept\n",
            r.transport
        );
    }
    [
        ("nft", "nftables: mixed input"),
        ("v4", "speedway: INPUT DROP inet"),
        ("v6", "speedway: INPUT DROP inet6"),
    ]
    .into_iter()
    .map(|(suffix, target)| {
        (
            format!("p{k}_{suffix}"),
            format!("filters:\n  - header:\n      targets:\n        {target}\n    terms:\n{terms}"),
        )
    })
    .collect()
}

/// The same policy generated by Aerleon (nftables and speedway, its iptables-restore generator)
/// and by us, loaded into a kernel, read back and compared cell by cell.
///
/// Differences found, and which side is wrong:
/// - A rule whose sources and destinations share no address family (IPv4-only sources, IPv6-only
///   destinations: the dual-stack variants make some) is one Aerleon nftables renders as
///   `tcp dport { ... } accept` with no address match at all, i.e. it opens those ports from
///   every address to every address (`nftables.py`: `_AddrStatement` returns nothing when the
///   families do not meet, and `GroupExpressions` then emits the port statement alone). Aerleon
///   is wrong: such a rule can match no packet. We list the rule as not expressed; Aerleon's
///   speedway generator also skips it (with a warning). The test requires Aerleon's nftables
///   output to be ours plus exactly those any-to-any cells, so any other difference fails.
/// - Aerleon's nftables output repeats each rule of a mixed-family filter (once per family of
///   its port statement); that changes no cell.
#[test]
fn aerleon_generates_the_same_policy() {
    if !tools(
        "aerleon_generates_the_same_policy",
        &[
            "ip",
            "nft",
            "iptables-restore",
            "ip6tables-restore",
            "python3",
            "aerleon",
        ],
    ) {
        return;
    }
    let _turn = kernel_turn();
    let scratch = Scratch::new("aerleon");
    let mut networks = String::from("networks:\n");
    let mut services = String::from("services:\n");
    let mut cases = Vec::new();
    for (k, (label, plan)) in validator_plans().into_iter().enumerate() {
        let report = evaluate(catalog(), &plan);
        let (rules, _) = export::partition(
            export::find("nftables").unwrap().capabilities(),
            &report.rules,
        );
        if rules.is_empty() {
            eprintln!("{label}: no rule has addresses only; nothing to compare");
            continue;
        }
        for (name, text) in aerleon_sources(k, &rules, &mut networks, &mut services) {
            scratch.write(&format!("policies/pol/{name}.yaml"), &text);
        }
        cases.push((k, label, plan, report));
    }
    scratch.write("def/networks.yaml", &networks);
    scratch.write("def/services.yaml", &services);
    let dir = scratch.0.display().to_string();
    let r = run_input(
        Command::new("python3").args([
            "-m",
            "aerleon",
            &format!("--base_directory={dir}/policies"),
            &format!("--definitions_directory={dir}/def"),
            &format!("--output_directory={dir}/out"),
            "--max_renderers=1",
        ]),
        "",
        Duration::from_secs(300),
    );
    assert!(r.ok, "aclgen failed:\n{}\n{}", r.stdout, r.stderr);

    let ns = Netns::new();
    let read = |path: String| {
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}\n{}", r.stderr))
    };
    for (k, label, plan, report) in cases {
        let (_, nft) = artifact(&plan, "nftables-strict");
        let no_family: BTreeSet<&str> = nft
            .unexpressed
            .iter()
            .filter(|u| u.reason.contains("no address family in common"))
            .map(|u| u.rule.as_str())
            .collect();
        let unexpressed: BTreeSet<&str> = nft.unexpressed.iter().map(|u| u.rule.as_str()).collect();

        // ours, from the kernel
        let file = scratch.write(&format!("ours/{label}.nft"), &nft.content);
        ns.must(&["nft", "-f", &file]);
        let ours_nft = nft_allows(&ns.must(&["nft", "-j", "list", "ruleset"]), "portolan");
        ns.must(&["nft", "flush", "ruleset"]);
        let mut ours_ipt = Vec::new();
        for (id, tool, v6) in [
            ("iptables-strict", "iptables", false),
            ("ip6tables-strict", "ip6tables", true),
        ] {
            let (_, a) = artifact(&plan, id);
            let file = scratch.write(&format!("ours/{label}.{id}"), &a.content);
            ns.must(&[&format!("{tool}-restore"), &file]);
            ours_ipt.extend(ipt_allows(&ns.must(&[&format!("{tool}-save")]), v6));
        }
        ns.must(&["nft", "flush", "ruleset"]);

        // Aerleon's, from the kernel
        let aer_file = format!("{dir}/out/p{k}_nft.nft");
        let _ = read(aer_file.clone());
        ns.must(&["nft", "-f", &aer_file]);
        let aer_nft = nft_allows(
            &ns.must(&["nft", "-j", "list", "ruleset"]),
            "filtering_policies",
        );
        ns.must(&["nft", "flush", "ruleset"]);
        let mut aer_ipt = Vec::new();
        for (suffix, tool, v6) in [("v4", "iptables", false), ("v6", "ip6tables", true)] {
            let f = format!("{dir}/out/p{k}_{suffix}.ipt");
            let _ = read(f.clone());
            ns.must(&[&format!("{tool}-restore"), &f]);
            aer_ipt.extend(ipt_allows(&ns.must(&[&format!("{tool}-save")]), v6));
        }
        ns.must(&["nft", "flush", "ruleset"]);

        // Aerleon's nftables bug: a rule with no common family becomes any -> any.
        let mut explained = ours_nft.clone();
        for r in report
            .rules
            .iter()
            .filter(|r| no_family.contains(r.id.as_str()))
        {
            for v6 in [false, true] {
                explained.push(Allow {
                    v6,
                    src: full(v6),
                    dst: full(v6),
                    proto: r.transport.as_str().to_string(),
                    ports: r.ports.clone(),
                });
            }
        }
        assert_same(
            &label,
            &aer_nft,
            &explained,
            "Aerleon nftables",
            "ours (+ Aerleon's any->any for rules with no common family)",
        );
        assert_same(
            &label,
            &aer_ipt,
            &ours_ipt,
            "Aerleon speedway",
            "our iptables",
        );
        let expected = report_allows(&report, |id| !unexpressed.contains(id));
        assert_same(&label, &ours_ipt, &expected, "our iptables", "report");
        eprintln!(
            "{label}: Aerleon agrees ({} rule(s); {} with no common family, which Aerleon's nftables opens to any)",
            nft.rule_count,
            no_family.len()
        );
    }
}
