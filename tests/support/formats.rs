//! Checks an exported artifact by the rules of its language, chosen by the format's file
//! extension and MIME type (so a format added later is checked as soon as it is registered):
//!
//! - every format: no character a reader cannot see (control characters but line breaks and
//!   tabs, direction overrides, zero-width characters), apart from a leading byte-order mark;
//! - shell scripts (`.sh`): `bash -n` and ShellCheck as bash, or, for a `#!/bin/sh` script,
//!   `sh -n` and ShellCheck as POSIX sh (no bash-only syntax such as `$'...'`);
//! - PowerShell (`.ps1`): read as Windows PowerShell 5.1 reads it without a byte-order mark
//!   (code page 1252) and as PowerShell 7 does (UTF-8), lexed by [`super::powershell`]: the
//!   same tokens both ways, ASCII only, no user text (`pwned`) outside its quotes;
//! - CSV: parsed by the `csv` crate; no cell a spreadsheet would evaluate as a formula;
//! - XLSX: the text view's cells as CSV's; the workbook's parts (read with the `zip` crate): no
//!   raw hidden character, no formula, and every cell a string;
//! - JSON: parsed; YAML (`.yaml`): parsed; Terraform (`.tf`): parsed as HCL;
//! - HTML: no element the template does not write, no event handler attribute;
//! - Markdown: parsed as CommonMark with GitHub's extensions: no link, image or HTML but the
//!   template's `<br>`, and no bare address GitHub would link;
//! - PAC (`.pac`): `node --check`, where Node.js is installed;
//! - SVG (the network diagram): parsed as XML; only the elements the diagram draws, no event
//!   handler, no link, no raw hidden character in its text.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What is known of a format: its id, file extension and MIME type.
pub struct Format<'a> {
    pub id: &'a str,
    pub extension: &'a str,
    pub mime: &'a str,
}

/// A file under the system's temporary folder, removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(tag: &str, extension: &str, content: &[u8]) -> TempFile {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!(
            "portolan-{tag}-{}-{n}.{extension}",
            std::process::id()
        ));
        std::fs::write(&p, content).unwrap();
        TempFile(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Checks `content` as format `f` writes it; the error says what is wrong. The checks that run
/// another program for each file (ShellCheck, Node.js) are left to a [`Batch`] when one is given.
pub fn check(f: &Format<'_>, content: &str) -> Result<(), String> {
    check_in(f, content, None)
}

fn check_in(f: &Format<'_>, content: &str, batch: Option<&Batch>) -> Result<(), String> {
    no_hidden(content)?;
    let ext = f.extension;
    if ext.ends_with("sh") {
        match batch {
            Some(b) if posix_sh(content) => b.defer(&b.sh, f.id, content),
            Some(b) => b.defer(&b.bash, f.id, content),
            None => shell_script(content)?,
        }
    }
    if ext.ends_with("ps1") {
        powershell(content)?;
    }
    if f.mime == "text/csv" || ext.ends_with("csv") {
        csv(content)?;
    }
    if ext == "xlsx" {
        xlsx_text_view(content)?;
    }
    if f.mime == "application/json" || ext.ends_with("json") {
        serde_json::from_str::<serde_json::Value>(content).map_err(|e| format!("not JSON: {e}"))?;
    }
    if ext.ends_with("yaml") || ext.ends_with("yml") {
        for doc in serde_yaml::Deserializer::from_str(content) {
            <serde_yaml::Value as serde::Deserialize>::deserialize(doc)
                .map_err(|e| format!("not YAML: {e}"))?;
        }
    }
    if ext.ends_with("tf") {
        hcl::parse(content).map_err(|e| format!("not HCL: {e}"))?;
    }
    if f.mime == "text/html" || ext.ends_with("html") {
        html(content)?;
    }
    if f.mime == "text/markdown" || ext.ends_with("md") {
        markdown(content)?;
    }
    if ext == "svg" {
        svg(content)?;
    }
    if ext.ends_with("pac") {
        match batch {
            Some(b) => b.defer(&b.js, f.id, content),
            None => pac(content)?,
        }
    }
    Ok(())
}

/// Artifacts whose checks run another program, collected to run it once for all (ShellCheck
/// over every script at once, one Node.js process parsing every PAC file), each distinct text
/// once.
#[derive(Default)]
pub struct Batch {
    bash: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    sh: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    js: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
}

impl Batch {
    /// [`check`], with the slow checks deferred to [`Batch::finish`]; `what` names the case.
    pub fn check(&self, what: &str, f: &Format<'_>, content: &str) -> Result<(), String> {
        check_in(f, content, Some(self)).map_err(|e| format!("{what} as {}: {e}", f.id))?;
        Ok(())
    }

    /// Checks a binary file (`Artifact::bytes`) as format `f` writes it.
    pub fn check_file(&self, what: &str, f: &Format<'_>, bytes: &[u8]) -> Result<(), String> {
        match f.extension {
            "xlsx" => xlsx(bytes).map_err(|e| format!("{what} as {}: {e}", f.id)),
            other => Err(format!("{what} as {}: no check for `.{other}` files", f.id)),
        }
    }

    fn defer(
        &self,
        list: &std::sync::Mutex<std::collections::BTreeMap<String, String>>,
        id: &str,
        content: &str,
    ) {
        list.lock()
            .unwrap()
            .entry(content.to_string())
            .or_insert_with(|| id.to_string());
    }

    /// Runs the deferred checks; every problem found.
    pub fn finish(self) -> Vec<String> {
        let mut problems = Vec::new();
        for (shell, scripts) in [
            ("bash", self.bash.into_inner().unwrap()),
            ("sh", self.sh.into_inner().unwrap()),
        ] {
            let files: Vec<TempFile> = scripts
                .keys()
                .map(|text| TempFile::new("batch", "sh", text.as_bytes()))
                .collect();
            problems.extend(shell_checks(shell, &files));
        }
        let sources: Vec<String> = self.js.into_inner().unwrap().into_keys().collect();
        if !sources.is_empty() && Command::new("node").arg("--version").output().is_ok() {
            let bodies: Vec<&str> = sources
                .iter()
                .map(|s| s.strip_prefix('\u{feff}').unwrap_or(s))
                .collect();
            let script = format!(
                "const sources = {};\nlet bad = 0;\nsources.forEach((s, i) => {{ try {{ new Function(s); }} catch (e) {{ bad++; console.log('PAC file ' + i + ': ' + e.message + '\\n' + s); }} }});\nprocess.exit(bad ? 1 : 0);\n",
                serde_json::to_string(&bodies).unwrap()
            );
            let file = TempFile::new("pac-batch", "js", script.as_bytes());
            if let Err(e) = run(Command::new("node").arg(file.path())) {
                problems.push(e);
            }
        }
        problems
    }
}

/// No hidden character but line breaks, tabs and a leading byte-order mark.
pub fn no_hidden(content: &str) -> Result<(), String> {
    let body = content.strip_prefix('\u{feff}').unwrap_or(content);
    match body.char_indices().find(|(_, c)| {
        portolan_core::text::hidden::is_hidden(*c) && !matches!(c, '\n' | '\r' | '\t')
    }) {
        Some((at, c)) => Err(format!(
            "raw hidden character U+{:04X} at byte {at}: {:?}",
            u32::from(c),
            body.get(at.saturating_sub(40)..(at + 40).min(body.len()))
                .unwrap_or("")
        )),
        None => Ok(()),
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// True for a script that names POSIX sh as its interpreter (`#!/bin/sh`).
fn posix_sh(content: &str) -> bool {
    content.starts_with("#!/bin/sh\n")
}

/// `SHELL -n` and ShellCheck as `SHELL` (`bash` or `sh`) over `files`, ShellCheck on up to 100
/// files at once (installed by `scripts/lib/setup.sh`; required when `CI` is set).
fn shell_checks(shell: &str, files: &[TempFile]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in files {
        if let Err(e) = run(Command::new(shell).arg("-n").arg(f.path())) {
            problems.push(e);
        }
    }
    if files.is_empty() {
        return problems;
    }
    if Command::new("shellcheck").arg("--version").output().is_ok() {
        for chunk in files.chunks(100) {
            let mut cmd = Command::new("shellcheck");
            // SC2016 (no expansion in single quotes) is what quoting user text is for
            cmd.arg("-s").arg(shell).arg("-e").arg("SC2016");
            cmd.args(chunk.iter().map(TempFile::path));
            if let Err(e) = run(&mut cmd) {
                problems.push(e);
            }
        }
    } else if std::env::var_os("CI").is_some() {
        problems.push("shellcheck is not installed (scripts/lib/setup.sh installs it)".into());
    }
    problems
}

/// The shell checks of one script: as POSIX sh for `#!/bin/sh`, else as bash.
pub fn shell_script(content: &str) -> Result<(), String> {
    let file = TempFile::new("check", "sh", content.as_bytes());
    let shell = if posix_sh(content) { "sh" } else { "bash" };
    match shell_checks(shell, std::slice::from_ref(&file))
        .into_iter()
        .next()
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// The PowerShell checks (see the module docs).
pub fn powershell(content: &str) -> Result<(), String> {
    use super::powershell::{code_text, lex};
    let bytes = content.as_bytes();
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if !body.is_ascii() {
        return Err("PowerShell text outside ASCII after the byte-order mark".into());
    }
    let (ansi, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
    let utf8 = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let a = lex(&ansi).map_err(|e| format!("cp1252: {e}"))?;
    let u = lex(utf8).map_err(|e| format!("UTF-8: {e}"))?;
    if a != u {
        return Err("PowerShell 5.1 (cp1252) and 7 (UTF-8) read different tokens".into());
    }
    let code = code_text(&u).to_lowercase();
    if code.contains("pwned") {
        return Err(format!("user text outside its quotes:\n{code}"));
    }
    Ok(())
}

/// Every cell of every record: none starts a formula (`= + - @`, also after white space, or a
/// tab or carriage return first).
pub fn csv(content: &str) -> Result<(), String> {
    let body = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("not CSV: {e}"))?;
        for cell in rec.iter() {
            formula_free(cell)?;
        }
    }
    Ok(())
}

/// A cell no spreadsheet evaluates: none that starts a formula (`= + - @`, also after white
/// space, or a tab or carriage return first).
fn formula_free(cell: &str) -> Result<(), String> {
    if cell.trim_start().starts_with(['=', '+', '-', '@']) || cell.starts_with(['\t', '\r']) {
        return Err(format!("a spreadsheet would evaluate the cell {cell:?}"));
    }
    Ok(())
}

/// The XLSX export's text view: `## SHEET` lines and rows of tab-separated cells, which a
/// spreadsheet reads when pasted; no cell starts a formula.
pub fn xlsx_text_view(content: &str) -> Result<(), String> {
    for line in content.lines().filter(|l| !l.starts_with("## ")) {
        for cell in line.split('\t') {
            formula_free(cell)?;
        }
    }
    Ok(())
}

/// An XLSX workbook: a zip whose XML parts hold no raw hidden character (the shared strings and
/// sheets show them as `<U+XXXX>`, which XML writes `&lt;U+XXXX&gt;`), no formula (`<f>`), and
/// cells that are strings only (`t="s"` or `t="inlineStr"`).
pub fn xlsx(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a zip: {e}"))?;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| format!("zip part {i}: {e}"))?;
        let name = part
            .name()
            .map_err(|e| format!("zip part {i}: {e}"))?
            .to_string();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml)
            .map_err(|e| format!("{name}: not UTF-8: {e}"))?;
        no_hidden(&xml).map_err(|e| format!("{name}: {e}"))?;
        if name.starts_with("xl/worksheets/") {
            if xml.contains("<f>") || xml.contains("<f ") {
                return Err(format!("{name}: a formula"));
            }
            for (at, _) in xml.match_indices("<c ") {
                let tag = xml
                    .get(at..)
                    .and_then(|t| t.split('>').next())
                    .unwrap_or("");
                let string = tag.contains(" t=\"s\"") || tag.contains(" t=\"inlineStr\"");
                // a cell with a value that is not a string (a number, a boolean, an error)
                if !string && !tag.ends_with('/') {
                    return Err(format!("{name}: a cell that is not a string: {tag}>"));
                }
            }
        }
    }
    Ok(())
}

/// The elements the HTML template writes.
const HTML_TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "ol",
    "li",
    "p",
    "br",
    "span",
    "strong",
    "em",
    "code",
    "blockquote",
    "section",
    "header",
    "footer",
    "div",
    "small",
    "dl",
    "dt",
    "dd",
    "caption",
    "colgroup",
    "col",
    "b",
    "i",
    "abbr",
    "details",
    "summary",
    "main",
    "nav",
    "time",
];

pub fn html(content: &str) -> Result<(), String> {
    for (i, _) in content.match_indices('<') {
        let rest = content.get(i + 1..).unwrap_or("");
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        if !HTML_TAGS.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            return Err(format!(
                "unexpected element `<{name}`: {:?}",
                content.get(i..(i + 60).min(content.len())).unwrap_or("")
            ));
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = rest.get(..tag_end).unwrap_or("").to_ascii_lowercase();
        if tag.contains(" on") && tag.contains('=') {
            return Err(format!("an event handler in `<{tag}>`"));
        }
    }
    Ok(())
}

pub fn markdown(content: &str) -> Result<(), String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for ev in Parser::new_ext(content, Options::all()) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                return Err(format!("a link to {dest_url}"));
            }
            Event::Html(h) | Event::InlineHtml(h) if &*h != "<br>" => {
                return Err(format!("HTML {h:?}"));
            }
            _ => {}
        }
    }
    // the bare addresses GitHub-flavoured Markdown links: `scheme://`, `www.`, `name@domain`
    let chars: Vec<char> = content.chars().collect();
    for (i, w) in chars.windows(3).enumerate() {
        let before = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        if w == [':', '/', '/']
            && before != Some('\\')
            && before.is_some_and(|c| c.is_ascii_alphabetic())
        {
            return Err(format!("a bare URL at character {i}"));
        }
    }
    if content.to_ascii_lowercase().contains("www.") {
        return Err("a bare `www.` address".into());
    }
    Ok(())
}

/// The elements the diagram writes.
const SVG_TAGS: &[&str] = &[
    "svg", "title", "desc", "defs", "marker", "path", "rect", "g", "text", "line",
];

/// An SVG picture: well-formed XML of the diagram's own elements, no event handler or link
/// attribute, and (by [`no_hidden`], run first) no raw hidden character.
pub fn svg(content: &str) -> Result<(), String> {
    let doc = roxmltree::Document::parse(content).map_err(|e| format!("not XML: {e}"))?;
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if !SVG_TAGS.contains(&name) {
            return Err(format!("unexpected element `<{name}>`"));
        }
        for a in node.attributes() {
            let key = a.name().to_ascii_lowercase();
            if key.starts_with("on") || key == "href" || key == "style" {
                return Err(format!("attribute `{key}` on `<{name}>`"));
            }
        }
    }
    Ok(())
}

/// `node --check` (a JavaScript syntax check) where Node.js is at hand.
pub fn pac(content: &str) -> Result<(), String> {
    if Command::new("node").arg("--version").output().is_err() {
        return Ok(());
    }
    let body = content.strip_prefix('\u{feff}').unwrap_or(content);
    let file = TempFile::new("pac", "js", body.as_bytes());
    run(Command::new("node").arg("--check").arg(file.path()))
}
