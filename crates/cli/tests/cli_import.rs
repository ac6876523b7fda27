//! `portolan catalog import` and `portolan plan hosts import` (issue 17): a seed's table becomes
//! a catalog file that `portolan catalog check` accepts and that a plan can use at once; an
//! inventory becomes plan hosts, every bad row reported at its line.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{Plan, PlanFormat};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn portolan(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portolan"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run portolan");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for portolan")
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("portolan-cli-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The seed 003 connectivity table as a user would paste it (its lines 14-26).
const EXEC_TABLE: &str = "\
| Service | Direction | Protocol | Local Port | Remote Peer | Remote Peer Port | Purpose |
|---|---|---|---|---|---|---|
| EXCS | Outgoing | TCP/TLS | Any | Engage Config DB | 5432 (default RDBMS listening port) | Read Engage configuration. |
| EXAS | Outgoing | TCP | Any | Engage Primary Stat Server | 2060 ( default Primary Stat Server listening port) | Obtain real-time agent state data. |
| EXCS | Inbound | TCP | 3640 (default) | EXCP/EXAS/Prometheus | Any | Use EXCS REST API and scrape metrics. |
| HTTP Load Balancer | Outgoing | HTTP | ANY | EXCP | HTTP_LB_EXCP_PORT | HTTP POST proxied by HTTP Load Balancer. |
| EXCS/EXAS/EXCP | Outgoing | HTTPS | Any | Genesys Cloud | 443 | Call GC REST API. |
| xxx | ? | ? | ? | ? | ? | garbled |
";

#[test]
fn a_pasted_table_becomes_a_catalog_file_that_checks() {
    let dir = scratch("catalog");
    let out = portolan(
        &[
            "catalog",
            "import",
            "-",
            "--name",
            "EX Engage Connector",
            "--vendor",
            "Genesys",
            "--source-url",
            "https://example.com/exec",
            "--rename",
            "engage-config-db=Config DB",
        ],
        Some(EXEC_TABLE),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let toml = String::from_utf8(out.stdout).unwrap();
    // what was found, and every row not imported with its line and why
    assert!(stderr.contains("1 table(s), 6 row(s)"), "{stderr}");
    assert!(stderr.contains("-:8: error:"), "{stderr}");
    // the placeholder port has no value: the rule waits, and says so
    assert!(toml.contains("HTTP_LB_EXCP_PORT"), "{toml}");
    assert!(
        toml.contains("give the parameter `http-lb-excp-port` a value"),
        "{toml}"
    );
    assert!(toml.contains("id = \"config-db\""), "{toml}");
    assert!(toml.contains("url = \"https://example.com/exec\""));
    let file = dir.join("ex-engage-connector.toml");
    std::fs::write(&file, &toml).unwrap();
    let check = portolan(&["catalog", "check", dir.to_str().unwrap()], None);
    assert!(
        check.status.success(),
        "{}\n{toml}",
        String::from_utf8_lossy(&check.stderr)
    );
    // with a value for the placeholder, the rule is written
    let out = portolan(
        &[
            "catalog",
            "import",
            "-",
            "--param",
            "http-lb-excp-port=8080",
        ],
        Some(EXEC_TABLE),
    );
    let toml = String::from_utf8(out.stdout).unwrap();
    assert!(toml.contains("ports = [\"{http-lb-excp-port}\"]"), "{toml}");
    assert!(toml.contains("default = 8080"));
}

#[test]
fn an_imported_product_is_usable_in_a_plan_at_once() {
    let dir = scratch("usable");
    let catalog = dir.join("catalog");
    std::fs::create_dir_all(&catalog).unwrap();
    let out = portolan(
        &["catalog", "import", "-", "--id", "exec"],
        Some(EXEC_TABLE),
    );
    std::fs::write(catalog.join("exec.toml"), &out.stdout).unwrap();
    let plan = "schema = 1\nname = \"t\"\n[[products]]\nid = \"exec\"\n[[hosts]]\nname = \"excs1\"\naddresses = [\"10.0.0.1\"]\nroles = [\"exec/excs\"]\n[[hosts]]\nname = \"db\"\naddresses = [\"10.0.0.2\"]\nroles = [\"exec/engage-config-db\"]\n";
    std::fs::write(dir.join("plan.toml"), plan).unwrap();
    let out = portolan(
        &[
            "--catalog",
            catalog.to_str().unwrap(),
            "export",
            dir.join("plan.toml").to_str().unwrap(),
            "-f",
            "csv",
        ],
        None,
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.contains("10.0.0.1") && csv.contains("10.0.0.2") && csv.contains("5432"),
        "{csv}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_input_gets_a_message_and_status() {
    let out = portolan(
        &["catalog", "import", "-"],
        Some("nothing here that looks like a table\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no table found"));
    let out = portolan(&["catalog", "import", "-", "--format", "pdf"], Some("x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("format `pdf` is unknown"));
    let out = portolan(&["catalog", "import", "no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hosts_from_an_inventory_merge_into_a_plan() {
    let dir = scratch("hosts");
    let inventory = "Hostname,IP Address,Zone,Roles\nris01,10.1.0.10,dc,ris-server\nnew-agents,10.30.0.0/24,floor3,screen-capture/agent-pc\nbad,10.0.0.0/33,dc,\n";
    let file = dir.join("hosts.csv");
    std::fs::write(&file, inventory).unwrap();
    let plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/screen-capture.plan.toml");
    let out = portolan(
        &[
            "plan",
            "hosts",
            "import",
            file.to_str().unwrap(),
            "--into",
            plan.to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a bad row: status 1\n{stderr}");
    assert!(
        stderr.contains("hosts.csv:4: error: `10.0.0.0/33` is not an IP address"),
        "{stderr}"
    );
    assert!(stderr.contains("1 added, 1 updated"), "{stderr}");
    let merged = String::from_utf8(out.stdout).unwrap();
    let plan = Plan::parse("merged.toml", &merged, PlanFormat::Toml).unwrap();
    let ris = plan.hosts.iter().find(|h| h.name == "ris01").unwrap();
    assert_eq!(ris.addresses, ["10.1.0.10"]);
    assert!(ris.roles.contains(&"screen-capture/ris-server".to_string()));
    assert!(plan
        .hosts
        .iter()
        .any(|h| h.name == "new-agents" && h.zone == "floor3"));
    // replace: only the imported hosts
    let out = portolan(
        &[
            "plan",
            "hosts",
            "import",
            file.to_str().unwrap(),
            "--replace",
            "--json",
        ],
        None,
    );
    let plan = Plan::from_json("p.json", &String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(plan.hosts.len(), 2);
    // `portolan plan PLAN` still evaluates a plan
    let out = portolan(
        &[
            "plan",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../examples/screen-capture.plan.toml")
                .to_str()
                .unwrap(),
        ],
        None,
    );
    assert!(out.status.success());
}
