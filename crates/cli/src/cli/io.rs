//! The command line's input and output: files read with a size limit (a path that never ends,
//! such as `/dev/zero`, or a file of gigabytes stops with an error instead of filling memory),
//! and text for a terminal with every hidden character shown (an escape sequence or a direction
//! override in a plan's name must not repaint or reorder the terminal).

use std::io::Read;
use std::path::Path;

/// The largest catalog file read, and the largest catalog folder (all files together).
pub const MAX_CATALOG_FILE_BYTES: usize = portolan_catalog::load::MAX_FILE_BYTES;
pub const MAX_CATALOG_BYTES: usize = 64 * 1024 * 1024;

/// How many diagnostics `catalog check` prints before it only counts the rest.
pub const SHOWN_DIAGNOSTICS: usize = 100;

fn mib(bytes: usize) -> usize {
    bytes >> 20
}

/// The text of the file at `path` (`what` names it in messages: `plan`, `catalog file`), read
/// to at most `limit` bytes; larger files, and files that are not UTF-8, are errors that say so.
pub fn read_text(path: &Path, what: &str, limit: usize) -> Result<String, String> {
    let shown = path.display();
    let cannot = |e: std::io::Error| format!("cannot read {what} `{shown}`: {e}");
    let too_large = || {
        format!(
            "{what} `{shown}` is larger than the limit of {} MiB; check that this is the right file",
            mib(limit)
        )
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(format!("cannot read {what} `{shown}`: it is a folder"));
    }
    if meta.is_file() && meta.len() > limit as u64 {
        return Err(too_large());
    }
    // (a device or a pipe has no length: read one byte past the limit to know)
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = e.as_bytes().get(..valid).unwrap_or_default();
        let text = std::str::from_utf8(prefix).unwrap_or_default();
        let (line, col) = portolan_core::diag::line_col(text, text.len());
        format!(
            "cannot read {what} `{shown}`: it is not UTF-8 text (line {line}, column {col} has a byte that is not)"
        )
    })
}

/// `text` for a terminal: every hidden character but line breaks and tabs shown as `<U+XXXX>`.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    use portolan_core::text::hidden::{code_point, is_hidden};
    if !text
        .chars()
        .any(|c| is_hidden(c) && !matches!(c, '\n' | '\t'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) && !matches!(c, '\n' | '\t') {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Prints diagnostics to standard error, at most `max` of them (all when `max` is `None`),
/// then how many were left out.
pub fn print_diagnostics(diags: &[portolan_core::diag::Diagnostic], max: Option<usize>) {
    let shown = max.unwrap_or(diags.len()).min(diags.len());
    for d in diags.iter().take(shown) {
        eprintln!("{}", terminal(&d.to_string()));
    }
    let rest = diags.len() - shown;
    if rest > 0 {
        eprintln!(
            "... and {rest} more error(s) and warning(s) not shown (`portolan catalog check --all` shows every one)"
        );
    }
}
