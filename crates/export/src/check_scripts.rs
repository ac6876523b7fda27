//! Connectivity check scripts: `check-bash` and `check-powershell`.
//!
//! One section per host of the plan. The script takes the host's name as its argument (or finds
//! it from the machine's own host name) and, from that machine, tests every flow of the aggregated
//! rules whose sources include the host, then prints a pass/fail table and exits 0 (every
//! required check passed), 1 (a required check failed) or 2 (usage: unknown host).
//!
//! - A destination is tested at each address a firewall rule uses: a single IP address or a
//!   host name. A network (CIDR), a wildcard domain and "any" have no single host to test: they
//!   appear as SKIP rows, with why.
//! - A port range of more than three ports is tested at its first, middle and last port (the row
//!   says so); other ports are each tested.
//! - TCP: bash uses `/dev/tcp` under `timeout` (or `nc -z`); PowerShell `Test-NetConnection`.
//! - UDP: there is no handshake, so no test is reliable. Bash sends two datagrams on a connected
//!   socket: an ICMP "port unreachable" answer to the first makes the second fail (FAIL); no answer
//!   is shown as `PASS?` (a firewall that drops silently looks the same). `Test-NetConnection`
//!   cannot test UDP at all: those rows say so.
//! - Optional flows are tested too; their failures are shown but do not change the exit code.
//!
//! Every user string (host names, destination names) is written through [`text::sh_quote`] /
//! [`text::ps_quote`] as a data argument; the code around it is fixed.

use super::{describe, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{Address, PortRange, Transport};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

pub struct CheckBash;
pub struct CheckPowerShell;

const CHECK_CAPS: Capabilities = Capabilities {
    fqdn: true,
    wildcard: true,
    ipv6: true,
    unresolved: false,
    ranges: false,
    zones: false,
};

/// One connection to test.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Check {
    transport: Transport,
    /// An IP address or host name (canonical text: `[a-z0-9.:-]` only).
    target: String,
    port: u16,
    required: bool,
    rules: Vec<String>,
    /// Who the target is, for the table (one line).
    label: String,
    note: String,
}

/// A destination that cannot be tested from here, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Skip {
    transport: Transport,
    label: String,
    ports: String,
    rules: Vec<String>,
    reason: String,
}

#[derive(Debug, Default)]
struct Section {
    /// The host's name exactly as in the plan (NUL characters removed: they cannot be passed as
    /// an argument).
    name: String,
    /// The host's own host-name addresses (for finding the section from the machine's name).
    aliases: Vec<String>,
    /// The rules (indices) the host is a source of, in rule order.
    rules: Vec<usize>,
    /// Its checks and skips: `bodies[body]`.
    body: usize,
}

/// The checks and skips of the hosts that are sources of the same rules: the same for all of
/// them, so worked out and written once per distinct list of rules (the thousands of agent PCs
/// of a large site share one) rather than once per host.
#[derive(Debug, Default)]
struct Body {
    checks: Vec<Check>,
    skips: Vec<Skip>,
}

/// The ports tested for a range, and a note when it is a sample.
fn sample(r: &PortRange) -> (Vec<u16>, Option<String>) {
    if r.count() <= 3 {
        ((r.start()..=r.end()).collect(), None)
    } else {
        let mid = r.start() + (r.end() - r.start()) / 2;
        (
            vec![r.start(), mid, r.end()],
            Some(format!(
                "range {r}: first, middle and last port tested only"
            )),
        )
    }
}

fn no_nul(s: &str) -> String {
    s.replace('\0', "")
}

/// The sections of the script, one per host of the plan (in the plan's order, then any other
/// source host), their distinct bodies, the rules nothing could be tested for, and the number
/// of checks.
fn sections(
    cx: &ExportContext<'_>,
    rules: &[&AggregatedRule],
) -> (Vec<Section>, Vec<Body>, Vec<Unexpressed>, usize) {
    let mut secs: Vec<Section> = Vec::new();
    // each section's place by name (a large plan has one host per agent PC: a scan per host
    // would cost hosts squared)
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut index_of = |secs: &mut Vec<Section>, name: &str, aliases: Vec<String>| {
        let name = no_nul(name);
        *by_name.entry(name.clone()).or_insert_with(|| {
            secs.push(Section {
                name,
                aliases,
                ..Section::default()
            });
            secs.len() - 1
        })
    };
    // the host names among each plan host's addresses, as the engine read them
    for (i, h) in cx.plan.hosts.iter().enumerate() {
        let aliases = (cx.report.hosts.get(i).into_iter())
            .flat_map(|e| &e.addresses)
            .filter(|a| matches!(a, Address::Fqdn(_)))
            .map(|a| a.to_string())
            .collect();
        index_of(&mut secs, &h.name, aliases);
    }
    let mut not = Vec::new();
    // by rule: the destinations to test and those that cannot be
    let mut tested: Vec<Tested> = Vec::with_capacity(rules.len());
    for (ri, r) in rules.iter().enumerate() {
        let (targets, skips) = targets(r);
        let hosts: Vec<&Endpoint> = r
            .sources
            .iter()
            .filter(|e| e.kind == EndpointKind::Host)
            .map(|e| &**e)
            .collect();
        if hosts.is_empty() {
            not.push(Unexpressed {
                rule: r.id.clone(),
                reason: "no source is a host of the plan (the flow comes from outside or any \
                         address): test it from there"
                    .to_string(),
            });
        } else if targets.is_empty() {
            not.push(Unexpressed {
                rule: r.id.clone(),
                reason: "no destination is a single address or host name (networks, wildcards \
                         or any): nothing to test automatically"
                    .to_string(),
            });
        }
        tested.push((targets, skips));
        for h in hosts {
            let aliases = h
                .addresses
                .iter()
                .filter(|a| matches!(a, Address::Fqdn(_)))
                .map(ToString::to_string)
                .collect();
            let i = index_of(&mut secs, &h.name, aliases);
            if let Some(sec) = secs.get_mut(i) {
                sec.rules.push(ri);
            }
        }
    }
    let bodies = bodies(&mut secs, rules, &tested);
    let total = secs
        .iter()
        .filter_map(|sec| bodies.get(sec.body))
        .map(|b| b.checks.len())
        .sum();
    (secs, bodies, not, total)
}

/// A rule's destinations to test, `(target, label)`, and those that cannot be tested.
type Tested = (Vec<(String, String)>, Vec<Skip>);

/// The distinct bodies of the sections (each section's `body` set to its own), worked out
/// once per distinct list of rules.
fn bodies(secs: &mut [Section], rules: &[&AggregatedRule], tested: &[Tested]) -> Vec<Body> {
    let mut bodies: Vec<Body> = Vec::new();
    let mut by_rules: HashMap<Vec<usize>, usize> = HashMap::new();
    for sec in secs {
        if let Some(b) = by_rules.get(sec.rules.as_slice()) {
            sec.body = *b;
            continue;
        }
        let mut checks: BTreeMap<(Transport, String, u16), Check> = BTreeMap::new();
        let mut skips = Vec::new();
        for ri in &sec.rules {
            if let (Some(r), Some((targets, these))) = (rules.get(*ri), tested.get(*ri)) {
                add_checks(&mut checks, r, targets);
                skips.extend(these.iter().cloned());
            }
        }
        sec.body = bodies.len();
        by_rules.insert(sec.rules.clone(), sec.body);
        bodies.push(Body {
            checks: checks.into_values().collect(),
            skips,
        });
    }
    bodies
}

/// The addresses to test for a rule's destinations, `(target, label)`, and those that cannot be
/// tested.
fn targets(r: &AggregatedRule) -> (Vec<(String, String)>, Vec<Skip>) {
    let mut targets = Vec::new();
    let mut skips = Vec::new();
    let skip = |label: String, reason: &str| Skip {
        transport: r.transport,
        label,
        ports: r.ports.to_string(),
        rules: vec![r.id.clone()],
        reason: reason.to_string(),
    };
    for d in &r.destinations {
        let label = text::single_line(&describe::endpoint_label(d));
        if d.kind == EndpointKind::Any {
            skips.push(skip(
                label,
                "the destination is any address: nothing specific to test",
            ));
            continue;
        }
        for a in d.rule_addresses() {
            match a {
                Address::Net(n) if n.prefix_len() == n.max_prefix_len() => {
                    targets.push((a.to_string(), format!("{label} ({a})")));
                }
                Address::Fqdn(_) => targets.push((a.to_string(), format!("{label} ({a})"))),
                Address::Net(_) => skips.push(skip(
                    format!("{label} ({a})"),
                    "a network, not one host: test a host in it by hand",
                )),
                Address::Wildcard(_) => skips.push(skip(
                    format!("{label} ({a})"),
                    "a wildcard domain has no single host to test: test a real name in it by hand",
                )),
            }
        }
    }
    (targets, skips)
}

/// Adds a rule's checks to a host's, merging those to the same address, transport and port.
fn add_checks(
    checks: &mut BTreeMap<(Transport, String, u16), Check>,
    r: &AggregatedRule,
    targets: &[(String, String)],
) {
    for (target, label) in targets {
        for range in r.ports.ranges() {
            let (ports, note) = sample(range);
            for port in ports {
                let c = checks
                    .entry((r.transport, target.clone(), port))
                    .or_insert_with(|| Check {
                        transport: r.transport,
                        target: target.clone(),
                        port,
                        required: false,
                        rules: Vec::new(),
                        label: label.clone(),
                        note: String::new(),
                    });
                c.required |= !r.optional;
                if !c.rules.contains(&r.id) {
                    c.rules.push(r.id.clone());
                }
                if let Some(n) = &note {
                    if !c.note.contains(n.as_str()) {
                        if !c.note.is_empty() {
                            c.note.push_str("; ");
                        }
                        c.note.push_str(n);
                    }
                }
            }
        }
    }
}

fn section_comment(prefix: &str, sec: &Section, body: &Body) -> String {
    format!(
        "{prefix} ---- from {} ({} check(s), {} not testable)\n",
        describe::comment(&sec.name, 120),
        body.checks.len(),
        body.skips.len()
    )
}

/// About the bytes the sections take (a section's lines and its comment), so that a script of
/// a hundred megabytes is not copied over and over as it grows.
fn sized(secs: &[Section], texts: &[String]) -> usize {
    secs.iter()
        .map(|sec| texts.get(sec.body).map_or(0, String::len) + sec.name.len() + 80)
        .sum()
}

/// Each body's lines, written once: `line` writes one body's checks and skips.
fn rendered(bodies: &[Body], line: impl Fn(&mut String, &Body)) -> Vec<String> {
    bodies
        .iter()
        .map(|b| {
            let mut s = String::new();
            line(&mut s, b);
            s
        })
        .collect()
}

impl Exporter for CheckBash {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "check-bash"
    }
    fn name(&self) -> &'static str {
        "Connectivity check (bash)"
    }
    fn extension(&self) -> &'static str {
        "check.sh"
    }
    fn mime(&self) -> &'static str {
        "text/x-shellscript"
    }
    fn capabilities(&self) -> Capabilities {
        CHECK_CAPS
    }
    fn description(&self) -> &'static str {
        "A bash script run on each source host that tests every flow from it (TCP via /dev/tcp; \
         UDP best effort) and prints a pass/fail table; cannot test networks, wildcard domains, \
         or flows whose source is outside the plan."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (secs, bodies, not, total) = sections(cx, rules);
        let q = |s: &str| text::sh_quote(&no_nul(s));
        let mut all = skipped.to_vec();
        all.extend(not.iter().cloned());
        // functions are called indirectly (`checks_N`), and the `bash -c` programs are meant to
        // be single-quoted: ShellCheck's notes on those two do not apply
        let mut s = String::from("#!/usr/bin/env bash\n# shellcheck disable=SC2016,SC2317\n");
        s.push_str(&text::header("#", self, cx, total, &all));
        s.push_str(COUNT_NOTE);
        s.push_str(BASH_USAGE);
        s.push_str("\nHOSTS=(\n");
        for sec in &secs {
            let _ = writeln!(s, "  {}", q(&sec.name));
        }
        s.push_str(")\nALIASES=(\n");
        for sec in &secs {
            let _ = writeln!(s, "  {}", q(&sec.aliases.join(" ")));
        }
        s.push_str(")\n");
        s.push_str(BASH_FUNCTIONS);
        let texts = rendered(&bodies, |s, body| {
            if body.checks.is_empty() && body.skips.is_empty() {
                s.push_str("  printf 'no flow of the plan starts at this host\\n'\n");
            }
            for c in &body.checks {
                let _ = writeln!(
                    s,
                    "  check {} {} {} {} {} {} {}",
                    c.transport,
                    q(&c.target),
                    c.port,
                    if c.required { "required" } else { "optional" },
                    q(&c.rules.join(",")),
                    q(&c.label),
                    q(&c.note)
                );
            }
            for k in &body.skips {
                let _ = writeln!(
                    s,
                    "  skip {} {} {} {} {}",
                    k.transport,
                    q(&k.label),
                    q(&k.ports),
                    q(&k.rules.join(",")),
                    q(&k.reason)
                );
            }
        });
        s.reserve(sized(&secs, &texts) + BASH_MAIN.len());
        for (i, sec) in secs.iter().enumerate() {
            let (Some(body), Some(text)) = (bodies.get(sec.body), texts.get(sec.body)) else {
                continue;
            };
            s.push('\n');
            s.push_str(&section_comment("#", sec, body));
            let _ = writeln!(s, "checks_{i}() {{");
            s.push_str(text);
            s.push_str("}\n");
        }
        s.push_str(BASH_MAIN);
        out.content = s;
        out.rule_count = total;
        out.unexpressed = not;
    }
}

/// The header counts checks where other formats count rules.
const COUNT_NOTE: &str =
    "# (here a \"rule\" is one check: one destination address, transport and port)\n";

const BASH_USAGE: &str = r#"#
# Usage:  bash THIS-SCRIPT HOST     run the checks of HOST (a host name of the plan)
#         bash THIS-SCRIPT          run the checks of this machine (found by its host name)
#         bash THIS-SCRIPT --list   list the hosts of the plan
# Exit code: 0 every required check passed, 1 a required check failed, 2 usage error.
# TCP is tested with bash's /dev/tcp under `timeout` (nc -z if `timeout` is missing).
# UDP is best effort: FAIL means the port answered "unreachable"; PASS? means no rejection
# was seen, which a firewall that silently drops looks like too.
# Port ranges of more than three ports are tested at their first, middle and last port.
# PORTOLAN_TIMEOUT (seconds, default 3) bounds each test.
set -u
"#;

const BASH_FUNCTIONS: &str = r#"
PORTOLAN_TIMEOUT=${PORTOLAN_TIMEOUT:-3}
case $PORTOLAN_TIMEOUT in ''|*[!0-9]*) PORTOLAN_TIMEOUT=3 ;; esac
N_PASS=0
N_FAIL=0
N_FAIL_REQUIRED=0
N_SKIP=0

row() {
  printf '%-10s %-5s %-6s %-8s %s' "$1" "$2" "$3" "$4" "$5"
  if [ -n "$6" ]; then printf '  [%s]' "$6"; fi
  printf '\n'
}

tcp_open() {
  if command -v timeout >/dev/null 2>&1; then
    timeout "$PORTOLAN_TIMEOUT" bash -c 'exec 3<>"/dev/tcp/$1/$2"' portolan-check "$1" "$2" >/dev/null 2>&1
  elif command -v nc >/dev/null 2>&1; then
    nc -z -w "$PORTOLAN_TIMEOUT" "$1" "$2" >/dev/null 2>&1
  else
    return 125
  fi
}

udp_probe() {
  # two datagrams on a connected socket: an ICMP port-unreachable answer to the first makes
  # the second write fail
  if command -v timeout >/dev/null 2>&1; then
    timeout "$PORTOLAN_TIMEOUT" bash -c 'exec 3<>"/dev/udp/$1/$2" && printf x >&3 && sleep 1 && printf x >&3' portolan-check "$1" "$2" >/dev/null 2>&1
  else
    bash -c 'exec 3<>"/dev/udp/$1/$2" && printf x >&3 && sleep 1 && printf x >&3' portolan-check "$1" "$2" >/dev/null 2>&1
  fi
}

# check TRANSPORT TARGET PORT required|optional RULES LABEL NOTE
check() {
  local transport=$1 target=$2 port=$3 need=$4 rules=$5 label=$6 note=$7 status rc
  if [ "$transport" = tcp ]; then
    tcp_open "$target" "$port"
    rc=$?
    if [ "$rc" -eq 0 ]; then
      status=PASS
    elif [ "$rc" -eq 125 ]; then
      status=SKIP
      note="neither timeout nor nc is installed${note:+; $note}"
    else
      status=FAIL
    fi
  else
    udp_probe "$target" "$port"
    rc=$?
    if [ "$rc" -eq 0 ]; then
      status='PASS?'
      note="UDP: no rejection seen (a silent drop looks the same)${note:+; $note}"
    else
      status=FAIL
      note="UDP: port unreachable, or the probe failed${note:+; $note}"
    fi
  fi
  case $status in
    PASS*) N_PASS=$((N_PASS + 1)) ;;
    SKIP) N_SKIP=$((N_SKIP + 1)) ;;
    FAIL)
      N_FAIL=$((N_FAIL + 1))
      if [ "$need" = required ]; then
        N_FAIL_REQUIRED=$((N_FAIL_REQUIRED + 1))
      else
        status='FAIL(opt)'
      fi
      ;;
  esac
  row "$status" "$transport" "$port" "$rules" "$label" "$note"
}

# skip TRANSPORT LABEL PORTS RULES REASON
skip() {
  N_SKIP=$((N_SKIP + 1))
  row SKIP "$1" "$3" "$4" "$2" "$5"
}
"#;

const BASH_MAIN: &str = r#"
usage() {
  printf 'usage: %s HOST | --list\nhosts of the plan:\n' "$0" >&2
  list_hosts >&2
}

list_hosts() {
  local i
  for i in "${!HOSTS[@]}"; do
    printf '  %s\n' "${HOSTS[$i]}"
  done
}

find_host() {
  local want=$1 i alias
  for i in "${!HOSTS[@]}"; do
    if [ "${HOSTS[$i]}" = "$want" ]; then
      printf '%s\n' "$i"
      return 0
    fi
  done
  for i in "${!ALIASES[@]}"; do
    for alias in ${ALIASES[$i]}; do
      if [ "$alias" = "$want" ]; then
        printf '%s\n' "$i"
        return 0
      fi
    done
  done
  return 1
}

main() {
  local want index candidate
  if [ "$#" -gt 1 ]; then
    usage
    exit 2
  fi
  case ${1-} in
    --list) list_hosts; exit 0 ;;
    -h|--help) usage; exit 0 ;;
  esac
  if [ "$#" -eq 1 ]; then
    want=$1
    if ! index=$(find_host "$want"); then
      printf 'unknown host: %s\n' "$want" >&2
      usage
      exit 2
    fi
  else
    index=
    for candidate in "$(hostname 2>/dev/null)" "$(hostname -f 2>/dev/null)" "$(hostname -s 2>/dev/null)"; do
      candidate=$(printf '%s' "$candidate" | tr '[:upper:]' '[:lower:]')
      if [ -n "$candidate" ] && index=$(find_host "$candidate"); then
        break
      fi
      index=
    done
    if [ -z "$index" ]; then
      printf 'this machine'"'"'s host name is not a host of the plan: name one\n' >&2
      usage
      exit 2
    fi
  fi
  printf 'Checks from %s\n' "${HOSTS[$index]}"
  row STATUS PROTO PORT RULES DESTINATION NOTE
  "checks_$index"
  printf '%s passed, %s failed (%s required), %s skipped\n' "$N_PASS" "$N_FAIL" "$N_FAIL_REQUIRED" "$N_SKIP"
  if [ "$N_FAIL_REQUIRED" -gt 0 ]; then
    exit 1
  fi
  exit 0
}

main "$@"
"#;

impl Exporter for CheckPowerShell {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "check-powershell"
    }
    fn name(&self) -> &'static str {
        "Connectivity check (PowerShell)"
    }
    fn extension(&self) -> &'static str {
        "check.ps1"
    }
    fn capabilities(&self) -> Capabilities {
        CHECK_CAPS
    }
    fn description(&self) -> &'static str {
        "A PowerShell script run on each source host that tests every TCP flow from it with \
         Test-NetConnection and prints a pass/fail table; cannot test UDP, networks, wildcard \
         domains, or flows whose source is outside the plan."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (secs, bodies, not, total) = sections(cx, rules);
        let q = |s: &str| text::ps_quote(&no_nul(s));
        let mut all = skipped.to_vec();
        all.extend(not.iter().cloned());
        // The byte-order mark makes Windows PowerShell 5.1 read the file as UTF-8 rather than
        // the ANSI code page (where a UTF-8 byte such as 0x92 would read as a quote).
        let mut s = String::from("\u{feff}");
        s.push_str(&text::header("#", self, cx, total, &all));
        s.push_str(COUNT_NOTE);
        s.push_str(PS_USAGE);
        s.push_str("\n$PortolanHosts = @(\n");
        let names: Vec<String> = secs.iter().map(|x| format!("    {}", q(&x.name))).collect();
        s.push_str(&names.join(",\n"));
        s.push_str("\n)\n$PortolanAliases = @(\n");
        let aliases: Vec<String> = secs
            .iter()
            .map(|x| format!("    {}", q(&x.aliases.join(" "))))
            .collect();
        s.push_str(&aliases.join(",\n"));
        s.push_str("\n)\n");
        s.push_str(PS_FUNCTIONS);
        s.push_str("\nswitch ($Index) {\n");
        let texts = rendered(&bodies, |s, body| {
            if body.checks.is_empty() && body.skips.is_empty() {
                s.push_str("        Write-Output 'no flow of the plan starts at this host'\n");
            }
            for c in &body.checks {
                let _ = writeln!(
                    s,
                    "        Test-PortolanFlow {} {} {} {} {} {} {}",
                    q(c.transport.as_str()),
                    q(&c.target),
                    c.port,
                    if c.required { "$true" } else { "$false" },
                    q(&c.rules.join(",")),
                    q(&c.label),
                    q(&c.note)
                );
            }
            for k in &body.skips {
                let _ = writeln!(
                    s,
                    "        Skip-PortolanFlow {} {} {} {} {}",
                    q(k.transport.as_str()),
                    q(&k.label),
                    q(&k.ports),
                    q(&k.rules.join(",")),
                    q(&k.reason)
                );
            }
        });
        s.reserve(sized(&secs, &texts) + PS_MAIN.len());
        for (i, sec) in secs.iter().enumerate() {
            let (Some(body), Some(text)) = (bodies.get(sec.body), texts.get(sec.body)) else {
                continue;
            };
            s.push_str(&section_comment("    #", sec, body));
            let _ = writeln!(s, "    {i} {{");
            s.push_str(text);
            s.push_str("    }\n");
        }
        s.push_str("    default { }\n}\n");
        s.push_str(PS_MAIN);
        out.content = s;
        out.rule_count = total;
        out.unexpressed = not;
    }
}

const PS_USAGE: &str = r#"#
# Usage:  .\THIS-SCRIPT.ps1 -HostName HOST   run the checks of HOST (a host name of the plan)
#         .\THIS-SCRIPT.ps1                  run the checks of this machine (found by its name)
#         .\THIS-SCRIPT.ps1 -List            list the hosts of the plan
# Exit code: 0 every required check passed, 1 a required check failed, 2 usage error.
# TCP is tested with Test-NetConnection. Test-NetConnection cannot test UDP: UDP rows say so.
# Port ranges of more than three ports are tested at their first, middle and last port.
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$HostName = '',
    [switch]$List
)
Set-StrictMode -Version 2
"#;

const PS_FUNCTIONS: &str = r#"
$script:Rows = New-Object System.Collections.Generic.List[object]
$script:Passed = 0
$script:Failed = 0
$script:FailedRequired = 0
$script:Skipped = 0

function Add-PortolanRow([string]$Status, [string]$Transport, [string]$Port, [string]$Rules, [string]$Destination, [string]$Note) {
    $script:Rows.Add([pscustomobject]@{
        Status = $Status; Proto = $Transport; Port = $Port; Rules = $Rules
        Destination = $Destination; Note = $Note
    })
}

function Test-PortolanFlow([string]$Transport, [string]$Target, [int]$Port, [bool]$Required, [string]$Rules, [string]$Label, [string]$Note) {
    if ($Transport -ne 'tcp') {
        $script:Skipped++
        $n = 'not tested: Test-NetConnection tests TCP only'
        if ($Note) { $n = $n + '; ' + $Note }
        Add-PortolanRow 'NOT TESTED' $Transport $Port $Rules $Label $n
        return
    }
    $ok = $false
    try {
        $ok = [bool](Test-NetConnection -ComputerName $Target -Port $Port -InformationLevel Quiet -WarningAction SilentlyContinue -ErrorAction Stop)
    } catch {
        $ok = $false
    }
    if ($ok) {
        $script:Passed++
        Add-PortolanRow 'PASS' $Transport $Port $Rules $Label $Note
    } else {
        $script:Failed++
        if ($Required) {
            $script:FailedRequired++
            Add-PortolanRow 'FAIL' $Transport $Port $Rules $Label $Note
        } else {
            Add-PortolanRow 'FAIL(opt)' $Transport $Port $Rules $Label $Note
        }
    }
}

function Skip-PortolanFlow([string]$Transport, [string]$Label, [string]$Ports, [string]$Rules, [string]$Reason) {
    $script:Skipped++
    Add-PortolanRow 'SKIP' $Transport $Ports $Rules $Label $Reason
}

function Find-PortolanHost([string]$Name) {
    for ($i = 0; $i -lt $PortolanHosts.Count; $i++) {
        if ($PortolanHosts[$i] -ceq $Name) { return $i }
    }
    for ($i = 0; $i -lt $PortolanAliases.Count; $i++) {
        foreach ($alias in ($PortolanAliases[$i] -split ' ')) {
            if ($alias -and $alias -eq $Name) { return $i }
        }
    }
    return -1
}

if ($List) {
    $PortolanHosts | ForEach-Object { Write-Output $_ }
    exit 0
}
$Index = -1
if ($HostName) {
    $Index = Find-PortolanHost $HostName
    if ($Index -lt 0) {
        Write-Error ('unknown host: ' + $HostName) -ErrorAction Continue
        $PortolanHosts | ForEach-Object { Write-Output ('  ' + $_) }
        exit 2
    }
} else {
    $candidates = @($env:COMPUTERNAME)
    try { $candidates += [System.Net.Dns]::GetHostEntry('').HostName } catch { }
    foreach ($c in $candidates) {
        if ($c) {
            $Index = Find-PortolanHost $c.ToLowerInvariant()
            if ($Index -lt 0) { $Index = Find-PortolanHost $c }
            if ($Index -ge 0) { break }
        }
    }
    if ($Index -lt 0) {
        Write-Error 'this machine''s name is not a host of the plan: use -HostName' -ErrorAction Continue
        $PortolanHosts | ForEach-Object { Write-Output ('  ' + $_) }
        exit 2
    }
}
Write-Output ('Checks from ' + $PortolanHosts[$Index])
"#;

const PS_MAIN: &str = r#"
$script:Rows | Format-Table -AutoSize -Wrap | Out-String -Width 300 | Write-Output
Write-Output ('{0} passed, {1} failed ({2} required), {3} skipped or not tested' -f $script:Passed, $script:Failed, $script:FailedRequired, $script:Skipped)
if ($script:FailedRequired -gt 0) { exit 1 }
exit 0
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_sampled_at_both_ends_and_the_middle() {
        let (p, n) = sample(&"4700-5000".parse().unwrap());
        assert_eq!(p, [4700, 4850, 5000]);
        assert!(n.unwrap().contains("4700-5000"));
        let (p, n) = sample(&"5620-5622".parse().unwrap());
        assert_eq!(p, [5620, 5621, 5622]);
        assert!(n.is_none());
    }
}
