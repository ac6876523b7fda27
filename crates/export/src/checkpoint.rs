//! Check Point management API in batch mode: a POSIX shell script that writes one CSV file per
//! `mgmt_cli` command and runs each with `mgmt_cli COMMAND --batch FILE` (the first row names
//! the command's parameters, every other row is one call) in one session, then publishes.
//!
//! - **The files**, in the order they run (objects before what names them): `host.csv` (`add
//!   host`: name, ip-address) and `network.csv` (`add network`: name, subnet, mask-length) per
//!   address of each plan host, named after the host ([`objects`]); `dns-domain.csv` (`add
//!   dns-domain`: name, is-sub-domain) for host names (`.name`, `false`) and wildcard domains
//!   (`*.domain` as `.domain`, `true`, which Check Point also matches for `domain` itself: one
//!   name more than the wildcard, said in the header); `group.csv` (`add group`: name,
//!   comments) and `group-members.csv` (`set group`: name, members.add, one row per member) for
//!   a side of a rule with several objects; `service-tcp.csv` / `service-udp.csv` (name, port)
//!   per port range, `service-group.csv` and `service-group-members.csv` per port set; and
//!   `access-rule.csv` (`add access-rule`: layer, position.bottom, name, source, destination,
//!   service, action, comments), one row per aggregated rule, each at the bottom of a section
//!   the script adds first (`add access-section`), so the rules keep the plan's order.
//! - **Running it** (see [`usage`]): on the management server it logs in with `mgmt_cli login
//!   -r true`; elsewhere the user logs in and passes the session file in `PORTOLAN_SID`. The
//!   layer comes from `PORTOLAN_LAYER` (default `Network`), the section's place from
//!   `PORTOLAN_POSITION` (default `top`), the folder of the files from `PORTOLAN_DIR`;
//!   `PORTOLAN_WRITE_ONLY=1` only writes the files. `set -eu` stops at the first failing command
//!   (e.g. an object that exists already), before anything is published.
//! - **Quoting:** the files are written by here-documents with a quoted delimiter, so the shell
//!   expands nothing in them. Every cell is one line ([`text::single_line`]) written as an RFC
//!   4180 cell ([`text::csv_cell`]: quoted when it holds a comma or a double quote, and never
//!   starting like a spreadsheet formula); every row has two cells at least, so every line of a
//!   file holds a comma and none can be the delimiter ([`END`]). Names are `[A-Za-z0-9_.-]`, a
//!   letter first, at most 63 characters, unique; every change is reported. dns-domain objects
//!   are named by their domain, as Check Point requires. The layer, which the user running the
//!   script chooses, is added as the first column by `awk` from the environment (no escape
//!   processing), quoted the same way. Values on the script's own command lines are POSIX
//!   single-quoted words ([`text::sh_quote_posix`]: hidden characters shown as `<U+XXXX>`) or
//!   quoted variables.

use super::hosts;
use super::objects::{self, HostObjects, Value};
use super::text::{self, sh_quote_posix as q, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

pub struct CheckPoint;

const MAX_NAME: usize = 63;
const MAX_COMMENT: usize = 1000;
const RESERVED: &[&str] = &["any", "all"];
/// The delimiter of every here-document. It holds no comma, and every line of a batch file
/// does, so no line of a file can end it early.
const END: &str = "END_OF_PORTOLAN_CSV";
/// Adds the layer (`$PORTOLAN_LAYER`, read from the environment without escape processing, its
/// double quotes doubled) as the first column of the access rules' file.
const ADD_LAYER: &str =
    "awk 'BEGIN { l = ENVIRON[\"PORTOLAN_LAYER\"]; gsub(/\"/, \"\\\"\\\"\", l) } \
NR == 1 { print \"layer,\" $0; next } { print \"\\\"\" l \"\\\",\" $0 }'";

impl Exporter for CheckPoint {
    fn id(&self) -> &'static str {
        "checkpoint"
    }
    fn name(&self) -> &'static str {
        "Check Point (mgmt_cli batch)"
    }
    fn extension(&self) -> &'static str {
        "mgmt_cli.sh"
    }
    fn mime(&self) -> &'static str {
        "text/x-shellscript"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "A shell script that writes one CSV file per mgmt_cli command (hosts and networks named \
         after the plan's hosts, dns-domains for host names and wildcard domains, groups, \
         TCP/UDP services, one access rule per rule) and runs each with mgmt_cli --batch in one \
         session, then publishes."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut names = Names::new(MAX_NAME);
        for w in RESERVED {
            names.reserve(w);
        }
        let (ok, unexpressed) = objects::writable(rules, None);
        let book = HostObjects::new(&mut names, &cx.report.hosts, &ok, |_| true);
        let section = section_name(cx);
        let mut st = State {
            names,
            object_of: BTreeMap::new(),
            batches: Batches::new(),
            defined: BTreeSet::new(),
        };
        let mut wildcards = Vec::new();
        for o in &book.objects {
            let name = st.define(&o.name, &o.value);
            if let Value::Wildcard(d) = &o.value {
                wildcards.push(d.clone());
            }
            st.object_of.insert(o.name.clone(), name);
        }
        for r in &ok {
            st.rule(r, &book, &section);
        }
        let count = ok.len();
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = String::from("#!/bin/sh\n");
        s.push_str(&text::header("#", self, cx, count, &all_skipped));
        s.push_str(&usage(&wildcards));
        s.push_str(&script(&st.batches, &section));
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        out.renamed = st.names.renamed;
    }
}

/// The section the rules go into: the plan and the time of the export, one line.
fn section_name(cx: &ExportContext<'_>) -> String {
    text::comment_text(
        &format!(
            "Portolan {} {}",
            text::file_stem(&cx.plan.name),
            cx.generated_at
        ),
        100,
    )
}

/// The lines after the header: how to run the script, and what it reads from the environment.
fn usage(wildcards: &[String]) -> String {
    let mut s = String::from("#\n");
    for line in [
        "Run it on the management server (expert mode): sh THIS-FILE",
        "It writes one CSV file per mgmt_cli command into $PORTOLAN_DIR (default checkpoint-batch),",
        "logs in (mgmt_cli login -r true), runs each file with mgmt_cli COMMAND --batch FILE, adds",
        "the rules at the bottom of a new section placed at $PORTOLAN_POSITION (default top) of the",
        "layer $PORTOLAN_LAYER (default Network), publishes and logs out. It stops at the first",
        "command that fails, before anything is published.",
        "Elsewhere, log in first (mgmt_cli login user ADMIN -m SERVER > sid.txt) and run it with",
        "PORTOLAN_SID=sid.txt: it then uses that session and does not log out.",
        "PORTOLAN_WRITE_ONLY=1 only writes the files (to review them, or run them yourself).",
        "Names are made from the plan's host names; see the export's renamed list.",
    ] {
        let _ = writeln!(s, "# {line}");
    }
    for d in wildcards {
        let _ = writeln!(
            s,
            "# *.{d} is the dns-domain .{d} with is-sub-domain true, which also matches {d} itself."
        );
    }
    s.push_str("#\nset -eu\n");
    s.push_str(
        ": \"${PORTOLAN_DIR:=checkpoint-batch}\" \"${PORTOLAN_LAYER:=Network}\" \
         \"${PORTOLAN_POSITION:=top}\"\nexport PORTOLAN_LAYER\nmkdir -p \"$PORTOLAN_DIR\"\n",
    );
    s
}

/// The script after [`usage`]: write the files, log in, run them, publish, log out.
fn script(b: &Batches, section: &str) -> String {
    let mut s = String::new();
    for batch in b.in_order() {
        if batch.rows.is_empty() {
            continue;
        }
        let to = format!("\"$PORTOLAN_DIR/{}\"", batch.file);
        let writer = if batch.command == "add access-rule" {
            ADD_LAYER
        } else {
            "cat"
        };
        let _ = write!(s, "{writer} > {to} <<'{END}'\n{}{END}\n", batch.csv());
    }
    s.push_str(concat!(
        "if [ -n \"${PORTOLAN_WRITE_ONLY:-}\" ]; then\n",
        "  echo \"wrote the batch files into $PORTOLAN_DIR\" >&2\n",
        "  exit 0\n",
        "fi\n",
        "if [ -n \"${PORTOLAN_SID:-}\" ]; then\n",
        "  sid=$PORTOLAN_SID logout=\n",
        "else\n",
        "  sid=$PORTOLAN_DIR/sid.txt logout=yes\n",
        "  mgmt_cli login -r true > \"$sid\"\n",
        "fi\n",
    ));
    for batch in b.in_order() {
        if batch.rows.is_empty() {
            continue;
        }
        if batch.command == "add access-rule" {
            let _ = writeln!(
                s,
                "mgmt_cli add access-section layer \"$PORTOLAN_LAYER\" position \
                 \"$PORTOLAN_POSITION\" name {} -s \"$sid\"",
                q(section)
            );
        }
        let _ = writeln!(
            s,
            "mgmt_cli {} --batch \"$PORTOLAN_DIR/{}\" -s \"$sid\"",
            batch.command, batch.file
        );
    }
    s.push_str("mgmt_cli publish -s \"$sid\"\n");
    s.push_str("if [ -n \"$logout\" ]; then mgmt_cli logout -s \"$sid\"; fi\n");
    s
}

/// One batch file: `mgmt_cli COMMAND --batch FILE`, its header (the command's parameters, two
/// at least) and one row of values per call.
struct Batch {
    command: &'static str,
    file: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<String>>,
}

impl Batch {
    fn new(command: &'static str, file: &'static str, header: &'static [&'static str]) -> Batch {
        Batch {
            command,
            file,
            header,
            rows: Vec::new(),
        }
    }

    /// The file: the header and the rows, every cell one line and RFC 4180 quoted.
    fn csv(&self) -> String {
        let mut s = self.header.join(",");
        s.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| text::csv_cell(&text::single_line(c)))
                .collect();
            s.push_str(&cells.join(","));
            s.push('\n');
        }
        s
    }
}

/// Every batch file of the export.
struct Batches {
    host: Batch,
    network: Batch,
    dns_domain: Batch,
    group: Batch,
    group_members: Batch,
    tcp: Batch,
    udp: Batch,
    service_group: Batch,
    service_group_members: Batch,
    rule: Batch,
}

impl Batches {
    fn new() -> Batches {
        const NAME_COMMENTS: &[&str] = &["name", "comments"];
        const NAME_MEMBER: &[&str] = &["name", "members.add"];
        const NAME_PORT: &[&str] = &["name", "port"];
        Batches {
            host: Batch::new("add host", "host.csv", &["name", "ip-address"]),
            network: Batch::new(
                "add network",
                "network.csv",
                &["name", "subnet", "mask-length"],
            ),
            dns_domain: Batch::new(
                "add dns-domain",
                "dns-domain.csv",
                &["name", "is-sub-domain"],
            ),
            group: Batch::new("add group", "group.csv", NAME_COMMENTS),
            group_members: Batch::new("set group", "group-members.csv", NAME_MEMBER),
            tcp: Batch::new("add service-tcp", "service-tcp.csv", NAME_PORT),
            udp: Batch::new("add service-udp", "service-udp.csv", NAME_PORT),
            service_group: Batch::new("add service-group", "service-group.csv", NAME_COMMENTS),
            service_group_members: Batch::new(
                "set service-group",
                "service-group-members.csv",
                NAME_MEMBER,
            ),
            // `layer` is added first by the script (ADD_LAYER)
            rule: Batch::new(
                "add access-rule",
                "access-rule.csv",
                &[
                    "position.bottom",
                    "name",
                    "source",
                    "destination",
                    "service",
                    "action",
                    "comments",
                ],
            ),
        }
    }

    /// The files in the order they run: objects before the groups and rules that name them.
    fn in_order(&self) -> [&Batch; 10] {
        [
            &self.host,
            &self.network,
            &self.dns_domain,
            &self.group,
            &self.group_members,
            &self.tcp,
            &self.udp,
            &self.service_group,
            &self.service_group_members,
            &self.rule,
        ]
    }
}

struct State {
    names: Names,
    /// The Check Point name of each address object (dns-domains are named by their domain).
    object_of: BTreeMap<String, String>,
    batches: Batches,
    defined: BTreeSet<String>,
}

impl State {
    /// The host, network or dns-domain row of one address object; returns its name.
    fn define(&mut self, name: &str, value: &Value) -> String {
        match value {
            Value::Net(n) if n.prefix_len() == n.max_prefix_len() => {
                self.batches
                    .host
                    .rows
                    .push(vec![name.to_string(), n.addr().to_string()]);
                name.to_string()
            }
            Value::Net(n) => {
                self.batches.network.rows.push(vec![
                    name.to_string(),
                    n.network().to_string(),
                    n.prefix_len().to_string(),
                ]);
                name.to_string()
            }
            Value::Fqdn(h) => self.dns_domain(h, false),
            Value::Wildcard(d) => self.dns_domain(d, true),
        }
    }

    /// A dns-domain object (defined once); its name is `.domain`.
    fn dns_domain(&mut self, domain: &str, sub: bool) -> String {
        let name = format!(".{domain}");
        if self.defined.insert(format!("dns:{name}:{sub}")) {
            self.batches
                .dns_domain
                .rows
                .push(vec![name.clone(), sub.to_string()]);
        }
        name
    }

    /// The access rule row of one rule, at the bottom of `section`.
    fn rule(&mut self, r: &AggregatedRule, book: &HostObjects, section: &str) {
        let src = self.side(&r.sources, r.any_source, book);
        let dst = self.side(&r.destinations, objects::is_any(&r.destinations), book);
        let svc = self.service(r.transport, &r.ports);
        let first = r
            .catalog_rules
            .first()
            .and_then(|c| c.split('/').nth(1))
            .unwrap_or("rule");
        let optional = if r.optional { " (optional)" } else { "" };
        let comment = text::single_line(&format!(
            "Portolan {}{optional} [{}] {} -> {}: {}",
            r.id,
            r.catalog_rules.join(", "),
            hosts::names(&r.sources, 4),
            hosts::names(&r.destinations, 4),
            r.purposes.join(" / ")
        ));
        let comment: String = comment.chars().take(MAX_COMMENT).collect();
        self.batches.rule.rows.push(vec![
            section.to_string(),
            format!("{}-{first}", r.id),
            src,
            dst,
            svc,
            "Accept".to_string(),
            comment,
        ]);
    }

    /// A side of a rule: `Any`, its one object, or a group (defined here) of its objects.
    fn side(&mut self, eps: &[Arc<Endpoint>], any: bool, book: &HostObjects) -> String {
        if any {
            return "Any".to_string();
        }
        let members: Vec<String> = book
            .side(eps, |_| true)
            .iter()
            .filter_map(|o| self.object_of.get(&o.name).cloned())
            .collect();
        if let [one] = members.as_slice() {
            return one.clone();
        }
        let key = format!("group:{}", members.join(" "));
        let name = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            let comment = format!("Portolan: {}", hosts::names(eps, 4));
            self.batches.group.rows.push(vec![name.clone(), comment]);
            for m in members {
                self.batches.group_members.rows.push(vec![name.clone(), m]);
            }
        }
        name
    }

    /// A service per port range, and a service group when there are several; returns the name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let mut services = Vec::new();
        for p in ports.ranges() {
            let key = format!("svc:{t}:{p}");
            let name = self.names.internal(&key, &format!("{t}_{p}"));
            if self.defined.insert(key) {
                let batch = match t {
                    Transport::Tcp => &mut self.batches.tcp,
                    Transport::Udp => &mut self.batches.udp,
                };
                batch.rows.push(vec![name.clone(), p.to_string()]);
            }
            services.push(name);
        }
        if let [one] = services.as_slice() {
            return one.clone();
        }
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svcgroup:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let comment = format!("Portolan: {t} {}", list.join(" "));
            self.batches
                .service_group
                .rows
                .push(vec![name.clone(), comment]);
            for m in services {
                self.batches
                    .service_group_members
                    .rows
                    .push(vec![name.clone(), m]);
            }
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_in_their_row_and_never_end_the_here_document() {
        let mut b = Batch::new("add group", "group.csv", &["name", "comments"]);
        b.rows
            .push(vec![END.to_string(), "a,b \"c\"\nd".to_string()]);
        b.rows.push(vec!["x".to_string(), "=1+1".to_string()]);
        let csv = b.csv();
        assert_eq!(
            csv,
            format!("name,comments\n{END},\"a,b \"\"c\"\" d\"\nx,'=1+1\n")
        );
        assert!(csv.lines().all(|l| l.contains(',') && l != END));
    }
}
