//! The products modelled from `../shared/sources/`, statement by statement: for each cited row
//! or fact (its locator quoted above the assertion), the plan that should trigger it and the
//! flows, requirements or warnings expected — with options switched both ways, version
//! thresholds at and just below, and parameters changed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::{Catalog, Coverage};
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, Report};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| bundled().unwrap_or_else(|d| panic!("bundled catalog: {d:#?}")))
}

/// One product with `settings` (TOML lines of its `[[products]]` table: versions, options,
/// parameters) and one host per `(name, address, role)`.
fn run(product: &str, settings: &str, hosts: &[(&str, &str, &str)]) -> Report {
    let mut toml =
        format!("schema = 1\nname = \"case\"\n[[products]]\nid = \"{product}\"\n{settings}\n");
    for (name, address, role) in hosts {
        toml.push_str(&format!(
            "[[hosts]]\nname = \"{name}\"\naddresses = [\"{address}\"]\nroles = [\"{product}/{role}\"]\n"
        ));
    }
    let plan = Plan::parse("case.toml", &toml, PlanFormat::Toml).unwrap();
    evaluate(catalog(), &plan)
}

/// `(rule, source, destination, transport, ports)` of every flow; an external destination is
/// written as its addresses, comma-separated.
fn flows(r: &Report) -> Vec<(String, String, String, String, String)> {
    r.flows
        .iter()
        .map(|f| {
            let dst = match f.destination.kind {
                portolan_engine::EndpointKind::External => f
                    .destination
                    .addresses
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => f.destination.name.clone(),
            };
            (
                f.rule.to_string(),
                f.source.name.clone(),
                dst,
                f.transport.to_string(),
                f.ports.to_string(),
            )
        })
        .collect()
}

#[track_caller]
fn assert_flow(r: &Report, rule: &str, src: &str, dst: &str, transport: &str, ports: &str) {
    let want = (
        rule.into(),
        src.into(),
        dst.into(),
        transport.into(),
        ports.into(),
    );
    assert!(
        flows(r).contains(&want),
        "expected {want:?}; flows:\n{:#?}",
        flows(r)
    );
}

fn rules(r: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = r.flows.groups().iter().map(|g| g.rule.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[track_caller]
fn assert_rules(r: &Report, expected: &[&str]) {
    let mut e = expected.to_vec();
    e.sort_unstable();
    assert_eq!(rules(r), e);
}

/// Ids of the requirements that hold in the plan.
fn reqs(r: &Report) -> Vec<&str> {
    r.requirements
        .iter()
        .map(|q| q.requirement.id.as_str())
        .collect()
}

/// Messages of the warnings with `code`.
fn warnings<'a>(r: &'a Report, code: &str) -> Vec<&'a str> {
    r.warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| w.message.as_str())
        .collect()
}

#[track_caller]
fn assert_ambiguity(r: &Report, contains: &str) {
    let w = warnings(r, "ambiguity");
    assert!(
        w.iter().any(|m| m.contains(contains)),
        "no ambiguity warning containing {contains:?}: {w:#?}"
    );
}

fn coverage(id: &str) -> &'static Coverage {
    &catalog().product(id).unwrap().coverage
}

// ---------------------------------------------------------------------------------------------
// The catalog as a whole

#[test]
fn the_catalog_holds_ten_or_more_new_products_each_with_coverage_and_category() {
    let new: Vec<_> = catalog()
        .products
        .iter()
        .filter(|p| {
            p.sources.iter().all(|s| {
                s.file
                    .as_deref()
                    .is_some_and(|f| !f.starts_with(char::is_numeric))
            })
        })
        .collect();
    assert!(new.len() >= 10, "{} new products", new.len());
    for p in &new {
        assert_ne!(p.coverage, Coverage::Unstated, "{}", p.id);
        assert!(p.category.is_some(), "{}", p.id);
        assert!(!p.tags.is_empty(), "{}", p.id);
        for s in &p.sources {
            assert!(s.file.is_some() && s.url.is_some(), "{}: {}", p.id, s.id);
        }
    }
    let categories: std::collections::BTreeSet<_> =
        new.iter().filter_map(|p| p.category.as_deref()).collect();
    for c in [
        "cloud-contact-centre",
        "cti",
        "recording",
        "voice",
        "remote-assistance",
    ] {
        assert!(categories.contains(c), "no new product in {c}");
    }
}

// ---------------------------------------------------------------------------------------------
// Level AI screen recording app

const LEVEL: &str = "level-ai-screen-recorder";

#[test]
fn level_ai_whitelist_rows() {
    let r = run(LEVEL, "", &[("agents", "10.0.0.0/24", "agent-pc")]);
    // "api-us3.pusher.com", "wss://ws-us3.pusher.com"
    assert_flow(
        &r,
        "app-to-pusher",
        "agents",
        "api-us3.pusher.com, ws-us3.pusher.com",
        "tcp",
        "443",
    );
    // "http-intake.logs.datadoghq.com"
    assert_flow(
        &r,
        "app-to-datadog",
        "agents",
        "http-intake.logs.datadoghq.com",
        "tcp",
        "443",
    );
    // "prod-api.thelevel.ai" ... "https://launchdarkly.thelevel.ai"
    assert_flow(
        &r,
        "app-to-level-ai",
        "agents",
        "prod-api.thelevel.ai, screen-case.thelevel.ai, screen-app.thelevel.ai, sr-releases.thelevel.ai, screen-app-v3.thelevel.ai, launchdarkly.thelevel.ai",
        "tcp",
        "443",
    );
    // "screen.thelevel.ai" on 1935, transport not stated: both, with an ambiguity
    assert_flow(
        &r,
        "app-to-stream",
        "agents",
        "screen.thelevel.ai",
        "tcp",
        "1935",
    );
    assert_flow(
        &r,
        "app-to-stream",
        "agents",
        "screen.thelevel.ai",
        "udp",
        "1935",
    );
    assert_ambiguity(&r, "port 1935");
    // "https://stream.launchdarkly.com" ...
    assert_flow(
        &r,
        "app-to-launchdarkly",
        "agents",
        "stream.launchdarkly.com, sdk.launchdarkly.com, events.launchdarkly.com",
        "tcp",
        "443",
    );
    // "https://api.mixpanel.com", "-eu", "-in"
    assert_flow(
        &r,
        "app-to-mixpanel",
        "agents",
        "api.mixpanel.com, api-eu.mixpanel.com, api-in.mixpanel.com",
        "tcp",
        "443",
    );
    // "storage.googleapis.com", "fonts.googleapis.com", "fonts.gstatic.com"
    assert_flow(
        &r,
        "app-to-google",
        "agents",
        "storage.googleapis.com, fonts.googleapis.com, fonts.gstatic.com",
        "tcp",
        "443",
    );
    // "time.windows.com" ... UDP 123 outbound
    assert_flow(
        &r,
        "app-to-ntp",
        "agents",
        "time.windows.com, time.google.com, time.cloudflare.com, time.nist.gov",
        "udp",
        "123",
    );
    assert_eq!(r.flows.len(), 9);
    assert!(reqs(&r).contains(&"https-transport"));
    assert!(reqs(&r).contains(&"screen-resolution"));
    assert_eq!(*coverage(LEVEL), Coverage::Complete);
}

#[test]
fn level_ai_optimizely_urls_only_up_to_3_0_12() {
    // "App versions <= 3.0.12"
    let at = run(
        LEVEL,
        "versions = { app = \"3.0.12\" }",
        &[("a", "10.0.0.1", "agent-pc")],
    );
    assert_ambiguity(&at, "Optimizely");
    let above = run(
        LEVEL,
        "versions = { app = \"3.0.13\" }",
        &[("a", "10.0.0.1", "agent-pc")],
    );
    assert!(!reqs(&above).contains(&"optimizely-urls"));
    assert_eq!(above.flows.len(), at.flows.len());
}

// ---------------------------------------------------------------------------------------------
// CareAR Assist

const CAREAR: &str = "carear-assist";
const CAREAR_AUTH: &str = "*.cloudfunctions.net, apiv2.carear.app, *.apiv2.carear.app, carear.app, join.carear.app, *.page.link";
const FIREBASE: &str = "firestore.googleapis.com, *.firebaseapp.com, *.firebaseio.com, *.firebasedatabase.app, *.appspot.com, firebasestorage.googleapis.com";

fn carear(settings: &str) -> Report {
    run(
        CAREAR,
        settings,
        &[
            ("users", "10.1.0.0/24", "user-device"),
            ("guests", "10.2.0.0/24", "guest-device"),
        ],
    )
}

#[test]
fn carear_authentication_tables_for_users_and_guests() {
    let r = carear("");
    // "*.cloudfunctions.net" ... "Session invitation" ... "Admin Web Portal": TCP 443
    assert_flow(&r, "user-to-carear", "users", CAREAR_AUTH, "tcp", "443");
    assert_flow(&r, "guest-to-carear", "guests", CAREAR_AUTH, "tcp", "443");
    // "firestore.googleapis.com", "*.firebaseio.com", "*.appspot.com" ...
    assert_flow(&r, "user-to-firebase", "users", FIREBASE, "tcp", "443");
    assert_flow(&r, "guest-to-firebase", "guests", FIREBASE, "tcp", "443");
    // "www.googleapis.com", "identitytoolkit.googleapis.com": users only (the guest table has 14 rows)
    assert_flow(
        &r,
        "user-to-google-identity",
        "users",
        "www.googleapis.com, identitytoolkit.googleapis.com",
        "tcp",
        "443",
    );
    assert!(!flows(&r)
        .iter()
        .any(|f| f.0 == "user-to-google-identity" && f.1 == "guests"));
    assert!(reqs(&r).contains(&"guest-no-google-identity"));
}

#[test]
fn carear_installed_app_media_and_the_unknown_web_table() {
    // "Media Firewall Requirements (Installed Application)"
    let r = carear("");
    assert_flow(
        &r,
        "user-media-tcp",
        "users",
        "*.agora.io",
        "tcp",
        "443, 8443",
    );
    assert_flow(
        &r,
        "user-media-udp",
        "users",
        "*.agora.io",
        "udp",
        "4000-4100, 4590-4600, 8001-8010, 8130, 8443",
    );
    assert_flow(
        &r,
        "guest-media-tcp",
        "guests",
        "*.agora.io",
        "tcp",
        "443, 8443",
    );
    assert_flow(
        &r,
        "guest-media-udp",
        "guests",
        "*.agora.io",
        "udp",
        "4000-4100, 4590-4600, 8001-8010, 8130, 8443",
    );
    assert!(warnings(&r, "ambiguity")
        .iter()
        .all(|w| !w.contains("different set of media ports")));
    // web app / smart glasses: a different table, not in the source: no media rule, a warning
    let web = carear("options = { user-application = \"web-or-glasses\" }");
    assert!(!rules(&web).contains(&"user-media-udp") && !rules(&web).contains(&"user-media-tcp"));
    assert!(rules(&web).contains(&"guest-media-udp"));
    assert_ambiguity(&web, "web application and smart glasses");
    let guests = carear("options = { guest-application = \"web-or-glasses\" }");
    assert!(!rules(&guests).contains(&"guest-media-udp"));
    assert_ambiguity(&guests, "Guests joining through the web browser");
    assert!(
        matches!(coverage(CAREAR), Coverage::Partial { missing } if missing.contains("smart glasses"))
    );
}

// ---------------------------------------------------------------------------------------------
// Kognitiv Spark RemoteSpark

const SPARK: &str = "kognitiv-spark-remotespark";

#[test]
fn remotespark_ports_to_open_and_8089_from_2_1_80() {
    let hosts = [("hololens", "10.3.0.0/24", "client")];
    // "Ports to open": 443/TCP, 3478/TCP+UDP; "8089(TCP/UDP)" in the 2.x rules
    let r = run(SPARK, "versions = { remotespark = \"2.1.80\" }", &hosts);
    assert_flow(
        &r,
        "client-to-cloud-443",
        "hololens",
        "cdn.kognitivspark.net",
        "tcp",
        "443",
    );
    assert_flow(
        &r,
        "client-to-cloud-3478",
        "hololens",
        "cdn.kognitivspark.net",
        "tcp",
        "3478",
    );
    assert_flow(
        &r,
        "client-to-cloud-3478",
        "hololens",
        "cdn.kognitivspark.net",
        "udp",
        "3478",
    );
    assert_flow(
        &r,
        "client-to-cloud-8089",
        "hololens",
        "cdn.kognitivspark.net",
        "udp",
        "8089",
    );
    assert!(!reqs(&r).contains(&"8089-release"));
    // the 2.x page's opening has no host name: the CDN host is the 2.0.x page's, said so
    assert!(warnings(&r, "carried-over")
        .iter()
        .any(|m| m.contains("endpoint/cloud/cdn.kognitivspark.net")));
    // 2.0.33 (the 2.0.x rules): no 8089, and a warning that the release is not stated
    let old = run(SPARK, "versions = { remotespark = \"2.0.33\" }", &hosts);
    assert!(!rules(&old).contains(&"client-to-cloud-8089"));
    assert_ambiguity(&old, "8089");
    // just below the threshold
    let below = run(SPARK, "versions = { remotespark = \"2.1.79\" }", &hosts);
    assert!(!rules(&below).contains(&"client-to-cloud-8089"));
    // "Traffic Manager endpoint": host names missing
    assert_ambiguity(&r, "Traffic Manager");
    assert!(reqs(&r).contains(&"public-dns") && reqs(&r).contains(&"stun-turn-redundancy"));
}

// ---------------------------------------------------------------------------------------------
// OMniLeads

#[test]
fn omnileads_exposure_list() {
    let hosts = [
        ("oml", "192.0.2.10", "omnileads"),
        ("trunk", "198.51.100.5", "sip-provider"),
        ("prom", "10.9.0.5", "prometheus"),
    ];
    let r = run("omnileads", "", &hosts);
    // "UDP 5060" and "UDP 40000 a 50000" from the SIP provider only
    assert_flow(&r, "provider-sip", "trunk", "oml", "udp", "5060");
    assert_flow(&r, "provider-rtp", "trunk", "oml", "udp", "40000-50000");
    // "UDP 20000 a 30000" and "HTTPS 443" from anywhere (home office)
    assert_flow(
        &r,
        "users-webrtc",
        "Agents and users (home office)",
        "oml",
        "udp",
        "20000-30000",
    );
    assert_flow(
        &r,
        "users-https",
        "Agents and users (home office)",
        "oml",
        "tcp",
        "443",
    );
    // "TCP 9090" only with the observability stack
    assert!(!rules(&r).contains(&"prometheus-metrics"));
    let obs = run(
        "omnileads",
        "options = { observability-stack = true }",
        &hosts,
    );
    assert_flow(&obs, "prometheus-metrics", "prom", "oml", "tcp", "9090");
    assert!(reqs(&r).contains(&"sbc") && reqs(&r).contains(&"perimeter-firewall"));
}

// ---------------------------------------------------------------------------------------------
// NFON Cloudya

#[test]
fn nfon_outbound_table() {
    let r = run(
        "nfon-cloudya",
        "",
        &[
            ("phones", "10.4.0.0/24", "end-device"),
            ("dns", "10.0.0.53", "dns-server"),
        ],
    );
    // "Provisioning": TCP 80, 83, 443, 18443 to all networks
    assert_flow(
        &r,
        "provisioning",
        "phones",
        "0.0.0.0/0",
        "tcp",
        "80, 83, 443, 18443",
    );
    // "NTP": UDP 123
    assert_flow(&r, "ntp", "phones", "0.0.0.0/0", "udp", "123");
    // "Customer DNS server": UDP 53
    assert_flow(&r, "dns", "phones", "dns", "udp", "53");
    // "SIP, RTP, T-38, FMC, etc." all UDP; "SIP/TLS, SIP, FMC" all TCP, to 109.68.96.0/21
    assert_flow(&r, "nfon-udp", "phones", "109.68.96.0/21", "udp", "1-65535");
    assert_flow(&r, "nfon-tcp", "phones", "109.68.96.0/21", "tcp", "1-65535");
    assert_ambiguity(&r, "all networks");
    assert!(reqs(&r).contains(&"icmp-type-3") && reqs(&r).contains(&"proxy-exceptions"));
}

// ---------------------------------------------------------------------------------------------
// Symphony Cloud9

const TURN_IPS: &str = "54.174.51.240/28, 52.77.127.240/28, 52.58.127.240/28, 52.28.21.193, 3.27.175.208/29, 51.112.208.203, 51.112.151.255";

#[test]
fn cloud9_udp_mode_and_web_proxy_mode() {
    let hosts = [("traders", "10.5.0.0/24", "client")];
    let udp = run("symphony-cloud9", "", &hosts);
    // "UDP port 3478 for STUN", "UDP 16384 to 65535", TURN relay IPs by region
    assert_flow(&udp, "client-stun", "traders", TURN_IPS, "udp", "3478");
    assert_flow(
        &udp,
        "client-srtp",
        "traders",
        TURN_IPS,
        "udp",
        "16384-65535",
    );
    assert_ambiguity(&udp, "without naming their destination");
    // "Web proxy configuration": TCP 443 to the xhoot.com domains
    let xhoot = "*.xhoot.com, *.prod1.xhoot.com, *.use1.prod1.xhoot.com, *.euc1.prod1.xhoot.com, *.apse1.prod1.xhoot.com, *.apse2.prod1.xhoot.com";
    assert_flow(&udp, "client-to-xhoot", "traders", xhoot, "tcp", "443");
    let proxy = run(
        "symphony-cloud9",
        "options = { media-transport = \"web-proxy\" }",
        &hosts,
    );
    assert_rules(&proxy, &["client-to-xhoot"]);
    assert!(!reqs(&proxy).contains(&"udp-destinations"));
    assert_ambiguity(&proxy, "52.58.127.240/29");
}

// ---------------------------------------------------------------------------------------------
// UNIVERGE BLUE ENGAGE

#[test]
fn engage_endpoints_per_datacentre_and_protocols() {
    let hosts = [("agents", "10.6.0.0/24", "cca-client")];
    // "Virginia": pop1 by default
    let r = run("univerge-blue-engage", "", &hosts);
    let pop1 = "pop1-ccaws.mycontactcenter.net, pop1-ccans.mycontactcenter.net";
    assert_flow(&r, "client-https", "agents", pop1, "tcp", "443");
    // "Protocols": HTTP 80; "XMPP (port 5222)"
    assert_flow(&r, "client-http", "agents", pop1, "tcp", "80");
    assert_flow(&r, "client-xmpp", "agents", pop1, "tcp", "5222");
    assert_rules(&r, &["client-http", "client-https", "client-xmpp"]);
    // "Toronto": pop0
    let toronto = run(
        "univerge-blue-engage",
        "parameters = { pop = \"pop0\" }",
        &hosts,
    );
    assert_flow(
        &toronto,
        "client-https",
        "agents",
        "pop0-ccaws.mycontactcenter.net, pop0-ccans.mycontactcenter.net",
        "tcp",
        "443",
    );
    // the older Intermedia revision's "server-initiated events" alternatives
    let alt = run(
        "univerge-blue-engage",
        "options = { server-event-port = \"57000\" }",
        &hosts,
    );
    assert_flow(
        &alt,
        "client-server-events-57000",
        "agents",
        pop1,
        "tcp",
        "57000",
    );
    assert_ambiguity(&alt, "Intermedia");
    assert!(!reqs(&r).contains(&"alternative-ports"));
    assert!(reqs(&r).contains(&"no-inbound"));
}

// ---------------------------------------------------------------------------------------------
// Glia

#[test]
fn glia_regions_turn_and_twilio() {
    let hosts = [("operators", "10.7.0.0/24", "operator")];
    let r = run("glia", "", &hosts);
    // "General Firewall Requirements": TCP 80/443 to *.salemove.com and *.glia.com (Global)
    assert_flow(
        &r,
        "operator-to-glia-global",
        "operators",
        "*.salemove.com, *.glia.com",
        "tcp",
        "80, 443",
    );
    // "DOM identifier", row Global: TURN on 80/443, UDP and TCP
    let turn = "turn.salemove.com, turn2.salemove.com, turn3.salemove.com, turn.glia.com, turn2.glia.com, turn3.glia.com";
    assert_flow(
        &r,
        "operator-to-turn-global",
        "operators",
        turn,
        "udp",
        "80, 443",
    );
    assert_flow(
        &r,
        "operator-to-turn-global",
        "operators",
        turn,
        "tcp",
        "80, 443",
    );
    assert_rules(&r, &["operator-to-glia-global", "operator-to-turn-global"]);
    let eu = run("glia", "options = { region = \"europe\" }", &hosts);
    assert_flow(
        &eu,
        "operator-to-glia-europe",
        "operators",
        "*.salemove.eu, *.glia.eu",
        "tcp",
        "80, 443",
    );
    assert_rules(&eu, &["operator-to-glia-europe", "operator-to-turn-europe"]);
    // "Telephony Specific Firewall Requirements": Twilio's ranges are not on the page
    assert!(!reqs(&r).contains(&"twilio-ranges"));
    let tw = run("glia", "options = { twilio-telephony = true }", &hosts);
    assert_ambiguity(&tw, "Twilio");
    assert!(matches!(coverage("glia"), Coverage::Partial { .. }));
}

// ---------------------------------------------------------------------------------------------
// Genesys Cloud clients and WebRTC media

const GENESYS: &str = "genesys-cloud-webrtc";
const MEDIA: &str = "52.129.96.0/20, 169.150.104.0/21, 167.234.48.0/20, 136.245.64.0/18";
/// Before 7 December 2024 (release 1): without the block added that day.
const MEDIA_1: &str = "52.129.96.0/20, 169.150.104.0/21, 167.234.48.0/20";
/// Release 1 of the pages: before 7 December 2024.
const BEFORE: &str = "versions = { page-revision = \"1\" }";

fn genesys(settings: &str) -> Report {
    run(
        GENESYS,
        settings,
        &[
            ("agents", "10.8.0.0/24", "client"),
            ("edge1", "10.8.9.10", "edge"),
        ],
    )
}

#[test]
fn genesys_client_table_and_the_december_2024_range() {
    let r = genesys("");
    // "모든 부문" (all services): TCP 443 to Genesys Cloud (no address in the source)
    assert!(rules(&r).contains(&"client-https"));
    assert_ambiguity(&r, "Amazon AWS");
    // "WebRTC 시그널링": STUN 3478 TCP and UDP to the media ranges
    assert_flow(&r, "client-stun", "agents", MEDIA, "udp", "3478");
    assert_flow(&r, "client-stun", "agents", MEDIA, "tcp", "3478");
    // "TCP/19302(스턴)†": optional
    let google = r
        .flows
        .iter()
        .find(|f| f.rule.as_str() == "client-google-stun")
        .unwrap();
    assert!(google.optional);
    // "RTP-UDP-Porterweiterung (kommerziell)": 16384-65535 since 7 Dec 2024
    assert_flow(&r, "client-media", "agents", MEDIA, "udp", "16384-65535");
    assert!(!rules(&r).contains(&"client-media-before-2024-12"));
    // "UDP/16384-32768(SRTP)" before
    let old = genesys(BEFORE);
    assert_flow(
        &old,
        "client-media-before-2024-12",
        "agents",
        MEDIA_1,
        "udp",
        "16384-32768",
    );
    assert!(!rules(&old).contains(&"client-media"));
    // "Zusätzlicher CIDR-Block": 136.245.64.0/18 from 7 Dec 2024 only
    assert!(!reqs(&old).contains(&"new-block-date") && reqs(&r).contains(&"new-block-date"));
    // the client table is the older page's, carried over to release 2 (and said so); the CIDR
    // ranges are the newer page's, carried over to release 1
    assert!(warnings(&r, "carried-over")
        .iter()
        .any(|m| m.contains("rule/client-https")));
    assert!(warnings(&old, "carried-over")
        .iter()
        .any(|m| m.contains("endpoint/media/52.129.96.0/20")));
    assert!(reqs(&r).contains(&"all-cidr-blocks") && reqs(&r).contains(&"fedramp"));
}

#[test]
fn genesys_background_assistant_edge_and_relay_turn() {
    // "TCP/8191(HTTPS)": the Background Assistant on 127.0.0.1, a local flow
    let r = genesys("options = { screen-recording = true }");
    let local = r
        .flows
        .iter()
        .find(|f| f.rule.as_str() == "client-background-assistant")
        .unwrap();
    assert!(local.local);
    assert_eq!(local.ports.to_string(), "8191");
    assert!(!rules(&genesys("")).contains(&"client-background-assistant"));
    // "WebRTC 미디어" to Genesys Cloud Edge devices; the Edge's STUN
    let edge = genesys("options = { premises-edge = true }");
    assert_flow(
        &edge,
        "client-media-to-edge",
        "agents",
        "edge1",
        "udp",
        "16384-65535",
    );
    assert_flow(&edge, "edge-stun", "edge1", MEDIA, "udp", "3478");
    let edge_old =
        genesys("options = { premises-edge = true }\nversions = { page-revision = \"1\" }");
    assert_flow(
        &edge_old,
        "client-media-to-edge-before-2024-12",
        "agents",
        "edge1",
        "udp",
        "16384-32768",
    );
    // "Add the CIDR block IP addresses" (Relay/TURN); "dedicated pool of IP addresses" before
    let turn = genesys("options = { relay-turn = true }");
    assert!(reqs(&turn).contains(&"relay-turn-behaviour"));
    assert!(!reqs(&turn).contains(&"static-turn-pool"));
    let turn_old = genesys("options = { relay-turn = true }\nversions = { page-revision = \"1\" }");
    assert_ambiguity(&turn_old, "Static WebRTC TURN");
}

// ---------------------------------------------------------------------------------------------
// Avaya CentreVu Internet Solutions 4.5

const CVIS: &str = "avaya-centrevu-internet-solutions";

fn cvis(settings: &str) -> Report {
    run(
        CVIS,
        settings,
        &[
            ("agents", "10.9.0.0/24", "agent-pc"),
            ("icm", "10.9.1.10", "icm-server"),
            ("router", "10.9.1.11", "agentrouter"),
            ("tserver", "10.9.1.12", "t-server"),
            ("cms", "10.9.1.13", "cms"),
            ("cirs", "10.9.1.14", "cirs"),
            ("itg", "10.9.1.15", "itg"),
        ],
    )
}

#[test]
fn cvis_common_and_main_tables() {
    let r = cvis("");
    // "Download of Call Control Window": agent and internet to ICM 80
    assert_flow(
        &r,
        "agent-call-control-window",
        "agents",
        "icm",
        "tcp",
        "80",
    );
    assert_flow(
        &r,
        "internet-call-control-window",
        "Internet users (callers)",
        "icm",
        "tcp",
        "80",
    );
    // "Agent login & communication" 8101; "Caller interactions" 8102
    assert_flow(&r, "agent-login", "agents", "icm", "tcp", "8101");
    assert_flow(
        &r,
        "internet-caller-interactions",
        "Internet users (callers)",
        "icm",
        "tcp",
        "8102",
    );
    // "AgentRouter communication" 8103; "Call Control" 450; "CTI communication" >1023 both ways
    assert_flow(&r, "icm-to-agentrouter", "icm", "router", "tcp", "8103");
    assert_flow(
        &r,
        "agentrouter-call-control",
        "router",
        "tserver",
        "tcp",
        "450",
    );
    assert_flow(
        &r,
        "agentrouter-to-t-server-cti",
        "router",
        "tserver",
        "tcp",
        "1024-65535",
    );
    assert_flow(
        &r,
        "t-server-to-agentrouter-cti",
        "tserver",
        "router",
        "tcp",
        "1024-65535",
    );
    // "Page hit counts CMS" 8001; "CIRS Communication" 8106; "Event data" 80
    assert_flow(
        &r,
        "internet-page-hits",
        "Internet users (callers)",
        "cms",
        "tcp",
        "8001",
    );
    assert_flow(&r, "icm-to-cirs", "icm", "cirs", "tcp", "8106");
    assert_flow(&r, "icm-event-data", "icm", "cms", "tcp", "80");
    assert!(!rules(&r).iter().any(|x| x.contains("itg")));
}

#[test]
fn cvis_itg_table_is_optional_and_cut() {
    let r = cvis("options = { itg = true }");
    // "ICM/ITG communication" 8103; "NetMeeting H.323 Call Setup" 1720; the cut fifth row
    assert_flow(&r, "icm-to-itg", "icm", "itg", "tcp", "8103");
    assert_flow(
        &r,
        "internet-h323-setup",
        "Internet users (callers)",
        "itg",
        "tcp",
        "1720",
    );
    assert_flow(
        &r,
        "internet-to-itg-dynamic",
        "Internet users (callers)",
        "itg",
        "tcp",
        "1024-65535",
    );
    assert_ambiguity(&r, "ITG table is cut");
    assert!(matches!(coverage(CVIS), Coverage::Partial { missing } if missing.contains("ITG")));
}

// ---------------------------------------------------------------------------------------------
// Amazon Connect agent workstation

const CONNECT: &str = "amazon-connect-agent";

#[test]
fn connect_ccp_softphone_domain() {
    let hosts = [("agents", "10.10.0.0/24", "agent-pc")];
    let r = run(CONNECT, "parameters = { region = \"eu-west-2\" }", &hosts);
    // "Domain/URL allowlist": rtc(*).connect-telecom.<region>.amazonaws.com, 443/TCP outbound
    assert_flow(
        &r,
        "ccp-softphone",
        "agents",
        "rtc.connect-telecom.eu-west-2.amazonaws.com, *.connect-telecom.eu-west-2.amazonaws.com",
        "tcp",
        "443",
    );
    assert_rules(&r, &["ccp-softphone"]);
    assert_ambiguity(&r, "allowlist is cut");
    assert!(reqs(&r).contains(&"outbound-only"));
}

#[test]
fn connect_screen_recording_ports_by_os() {
    let hosts = [("agents", "10.10.0.0/24", "agent-pc")];
    let on = "options = { screen-recording = true }\nparameters = { region = \"us-east-1\", instance-alias = \"acme\" }";
    let r = run(CONNECT, on, &hosts);
    // "From CCP": the staging buckets; "From screen recording client application": the auth URL
    assert_flow(
        &r,
        "ccp-to-recording-staging",
        "agents",
        "*.s3.dualstack.us-east-1.amazonaws.com",
        "tcp",
        "443",
    );
    assert_flow(
        &r,
        "client-app-auth",
        "agents",
        "acme.my.connect.aws",
        "tcp",
        "443",
    );
    // "Port used for screen recording": 5431 on Windows, 25431 on Chrome OS, local
    let local = r
        .flows
        .iter()
        .find(|f| f.rule.as_str() == "client-app-local-windows")
        .unwrap();
    assert!(local.local && local.ports.to_string() == "5431");
    let chrome = run(
        CONNECT,
        &on.replace(
            "screen-recording = true",
            "screen-recording = true, agent-os = \"chrome-os\"",
        ),
        &hosts,
    );
    assert!(rules(&chrome).contains(&"client-app-local-chrome-os"));
    assert!(!rules(&chrome).contains(&"client-app-local-windows"));
    assert!(reqs(&r).contains(&"screen-recording-device"));
    assert_ambiguity(&r, "connect-recording-staging");
}

// ---------------------------------------------------------------------------------------------
// Verba: Speakerbus turret recording

const VERBA: &str = "verba-speakerbus-recording";

fn verba(settings: &str) -> Report {
    run(
        VERBA,
        settings,
        &[
            ("icds", "10.11.0.5", "icds"),
            ("rec", "10.11.0.10", "recorder"),
            ("turrets", "10.11.8.0/24", "turrets"),
            ("cucm", "10.11.2.0/24", "other-media-sources"),
        ],
    )
}

#[test]
fn verba_icds_server_mode_port_and_turret_media() {
    // "iCDS port": Verba listens on TCP 7788 by default (server mode)
    let r = verba("");
    assert_flow(&r, "icds-to-recorder", "icds", "rec", "tcp", "7788");
    // a changed port
    let changed = verba("parameters = { icds-port = 7790 }");
    assert_flow(&changed, "icds-to-recorder", "icds", "rec", "tcp", "7790");
    // "The recommended range is" 3000-3007
    assert_flow(&r, "turret-media", "turrets", "rec", "udp", "3000-3007");
    assert!(reqs(&r).contains(&"redundancy") && reqs(&r).contains(&"eight-ports"));
    // "ICDS Addresses": client mode, no port in the source
    let client = verba("options = { icds-mode = \"client\" }");
    assert!(!rules(&client).contains(&"icds-to-recorder"));
    assert_ambiguity(&client, "client mode");
}

#[test]
fn verba_other_active_recorders_range() {
    // "media port range 16384-65535"
    let r = verba("options = { other-active-recorders = true }");
    assert_flow(
        &r,
        "other-recorders-media",
        "cucm",
        "rec",
        "udp",
        "16384-65535",
    );
    assert!(!rules(&verba("")).contains(&"other-recorders-media"));
}

// ---------------------------------------------------------------------------------------------
// Twilio Voice SDKs

#[test]
fn twilio_media_range_and_missing_signalling() {
    let r = run(
        "twilio-voice-sdk",
        "",
        &[("browsers", "10.12.0.0/24", "sdk-client")],
    );
    // "migrating the media IPs": 168.86.128.0/18, UDP 10000-60000
    assert_flow(
        &r,
        "sdk-media",
        "browsers",
        "168.86.128.0/18",
        "udp",
        "10000-60000",
    );
    assert_rules(&r, &["sdk-media"]);
    // "Signaling addresses are not changing": per-edge tables not in the source
    assert_ambiguity(&r, "Signalling goes to the servers of the edge");
    assert!(reqs(&r).contains(&"migration-2023"));
}

#[test]
fn the_readme_lists_every_product_with_its_coverage() {
    let readme = include_str!("../README.md");
    for p in &catalog().products {
        let link = format!("| [`{}`](catalog/{}.toml) |", p.id, p.id);
        let line = readme
            .lines()
            .find(|l| l.starts_with(&link))
            .unwrap_or_else(|| panic!("README.md does not list {}", p.id));
        let status = match p.coverage {
            Coverage::Partial { .. } => "| **partial** |",
            _ => "| complete |",
        };
        assert!(line.contains(status), "{line}");
    }
}
