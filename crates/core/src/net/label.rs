//! One DNS label (RFC 1123 host name syntax): the type of a parameter that fills a host-name
//! template such as `{tenant}.glartek.com` or `*.{s3-region}.amazonaws.com`.
//!
//! Such a value must stay one label: a `*` would turn the vendor's host name into a wildcard that
//! allows every name of the domain, and a dot or a slash would move it to another domain. So it
//! is 1 to 63 ASCII letters, digits and dashes, not starting or ending with a dash.

/// What a label may be, for help lines.
pub const LABEL_HELP: &str = "one DNS label: 1 to 63 letters, digits and dashes, not starting or \
                              ending with a dash (no `*`, dots or spaces, which would widen or \
                              move the allow-list)";

/// Why `s` is not one DNS label, if it is not.
pub fn check_label(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        let what = match c {
            '*' => "`*` would make a wildcard that allows every name of the domain".to_string(),
            '.' => "a dot would add labels and move the name to another domain".to_string(),
            c if crate::text::hidden::is_hidden(c) => format!(
                "it contains the hidden character {}",
                crate::text::hidden::code_point(c)
            ),
            c if c.is_whitespace() => "it contains white space".to_string(),
            c => format!("`{c}` is not a letter, digit or dash"),
        };
        return Err(what);
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err("it starts or ends with a dash".into());
    }
    if s.len() > 63 {
        return Err(format!("it has {} characters (at most 63)", s.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for ok in ["a", "acme", "ACME-1", "eu-west-1", &"a".repeat(63)] {
            assert_eq!(check_label(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "*",
            "a.b",
            "a b",
            "-a",
            "a-",
            "a_b",
            "é",
            &"a".repeat(64),
            "a\u{202e}",
        ] {
            assert!(check_label(bad).is_err(), "{bad:?}");
        }
        assert!(check_label("*").unwrap_err().contains("wildcard"));
        assert!(check_label("a\u{202e}").unwrap_err().contains("U+202E"));
    }
}
