//! A small PowerShell lexer for the tests: enough of the language's token rules (about_Parsing,
//! about_Quoting_Rules, the language specification's lexical grammar) to tell where a string
//! starts and ends, which is all a quoting test needs.
//!
//! - A single-quoted string opens and closes with any of PowerShell's five single-quote
//!   characters (`'` U+2018 U+2019 U+201A U+201B); two of them in a row inside it are one
//!   literal quote. Nothing in it expands.
//! - A double-quoted (expandable) string opens and closes with any of `"` U+201C U+201D U+201E;
//!   a backtick escapes the next character, two quotes in a row are one. `$` expands inside it.
//! - Here-strings `@'…'@` and `@"…"@` run from the line after the opener to a line starting
//!   with the closer.
//! - `#` at the start of a token comments out the rest of the line; `<#` … `#>` is a block
//!   comment; a backtick at the end of a line continues it.
//!
//! [`values`] then reads the string values a script passes: single-quoted literals, and the
//! concatenations `('text' + [char]0x00D2 + 'more')` that the exporters write for characters
//! outside printable ASCII.

/// One token of a PowerShell script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A single-quoted string (or here-string), as its value.
    Literal(String),
    /// A double-quoted string (or here-string), raw: it may run code (`$(...)`).
    Expandable(String),
    Comment(String),
    Newline,
    /// Everything else: command and parameter names, operators, numbers, variables, brackets.
    Code(String),
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// Characters that end a bare word and are tokens of their own.
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '{' | '}' | '[' | ']' | ',' | ';' | '|' | '+' | '='
    )
}

/// Splits `src` into tokens; an unterminated string or comment is an error.
pub fn lex(src: &str) -> Result<Vec<Token>, String> {
    let s: Vec<char> = src.chars().collect();
    let at = |i: usize| s.get(i).copied();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        if is_newline(c) {
            out.push(Token::Newline);
            i += 1;
        } else if c.is_whitespace() || c == '\u{feff}' {
            i += 1;
        } else if c == '`' && at(i + 1).is_some_and(is_newline) {
            i += 2; // line continuation
        } else if c == '<' && at(i + 1) == Some('#') {
            let end = find(&s, i + 2, &['#', '>']).ok_or("unterminated block comment")?;
            out.push(Token::Comment(s[i + 2..end].iter().collect()));
            i = end + 2;
        } else if c == '#' {
            let end = (i..s.len()).find(|&j| is_newline(s[j])).unwrap_or(s.len());
            out.push(Token::Comment(s[i + 1..end].iter().collect()));
            i = end;
        } else if c == '@' && at(i + 1).is_some_and(|q| is_single_quote(q) || is_double_quote(q)) {
            let (token, next) = here_string(&s, i)?;
            out.push(token);
            i = next;
        } else if is_single_quote(c) {
            let (value, next) = single_quoted(&s, i + 1)?;
            out.push(Token::Literal(value));
            i = next;
        } else if is_double_quote(c) {
            let (raw, next) = double_quoted(&s, i + 1)?;
            out.push(Token::Expandable(raw));
            i = next;
        } else if is_punct(c) {
            out.push(Token::Code(c.to_string()));
            i += 1;
        } else {
            let mut word = String::new();
            while let Some(d) = at(i) {
                if d.is_whitespace() || is_punct(d) || is_single_quote(d) || is_double_quote(d) {
                    break;
                }
                if d == '`' {
                    // an escaped character belongs to the word
                    word.push(d);
                    i += 1;
                    match at(i) {
                        Some(e) if !is_newline(e) => word.push(e),
                        _ => break,
                    }
                } else {
                    word.push(d);
                }
                i += 1;
            }
            if word.is_empty() {
                return Err(format!("cannot read character {:?} at {i}", s[i]));
            }
            out.push(Token::Code(word));
        }
    }
    Ok(out)
}

/// The first index at or after `from` where `pat` starts.
fn find(s: &[char], from: usize, pat: &[char]) -> Option<usize> {
    (from..s.len()).find(|&j| s[j..].starts_with(pat))
}

/// A single-quoted string's value from after its opening quote; the index after its closer.
fn single_quoted(s: &[char], mut i: usize) -> Result<(String, usize), String> {
    let mut value = String::new();
    loop {
        let Some(&c) = s.get(i) else {
            return Err("unterminated single-quoted string".into());
        };
        if is_single_quote(c) {
            if s.get(i + 1).is_some_and(|&d| is_single_quote(d)) {
                value.push(s[i + 1]);
                i += 2;
                continue;
            }
            return Ok((value, i + 1));
        }
        value.push(c);
        i += 1;
    }
}

/// A double-quoted string's raw text from after its opening quote; the index after its closer.
fn double_quoted(s: &[char], mut i: usize) -> Result<(String, usize), String> {
    let mut raw = String::new();
    loop {
        let Some(&c) = s.get(i) else {
            return Err("unterminated double-quoted string".into());
        };
        if c == '`' {
            raw.push(c);
            if let Some(&d) = s.get(i + 1) {
                raw.push(d);
            }
            i += 2;
            continue;
        }
        if is_double_quote(c) {
            if s.get(i + 1).is_some_and(|&d| is_double_quote(d)) {
                raw.push(c);
                i += 2;
                continue;
            }
            return Ok((raw, i + 1));
        }
        raw.push(c);
        i += 1;
    }
}

/// A here-string starting at the `@` at `i`: its token and the index after its closer.
fn here_string(s: &[char], i: usize) -> Result<(Token, usize), String> {
    let single = is_single_quote(s[i + 1]);
    let mut j = i + 2;
    while s.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
        j += 1;
    }
    match s.get(j) {
        Some('\r') if s.get(j + 1) == Some(&'\n') => j += 2,
        Some('\n' | '\r') => j += 1,
        _ => return Err("a here-string opener must end its line".into()),
    }
    let start = j;
    let mut line = j;
    loop {
        let Some(&c) = s.get(line) else {
            return Err("unterminated here-string".into());
        };
        let quote = if single {
            is_single_quote(c)
        } else {
            is_double_quote(c)
        };
        if quote && s.get(line + 1) == Some(&'@') {
            let body: String = s[start..line].iter().collect();
            let body = body
                .strip_suffix("\r\n")
                .or_else(|| body.strip_suffix('\n'))
                .unwrap_or(&body)
                .to_string();
            let token = if single {
                Token::Literal(body)
            } else {
                Token::Expandable(body)
            };
            return Ok((token, line + 2));
        }
        // to the start of the next line
        match (line..s.len()).find(|&k| is_newline(s[k])) {
            Some(k) => {
                line = k + 1;
                if s[k] == '\r' && s.get(line) == Some(&'\n') {
                    line += 1;
                }
            }
            None => return Err("unterminated here-string".into()),
        }
    }
}

/// The string values of a token list: each single-quoted literal, and each parenthesised
/// concatenation of literals and `[char]0xHHHH` codes as one value.
pub fn values(tokens: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == Token::Code("(".into()) {
            if let Some((v, next)) = concatenation(tokens, i + 1) {
                out.push(v);
                i = next;
                continue;
            }
        }
        if let Token::Literal(v) = &tokens[i] {
            out.push(v.clone());
        }
        i += 1;
    }
    out
}

/// `'a' + [char]0x00D2 + 'b' )` from `i`: the value and the index after `)`.
fn concatenation(t: &[Token], mut i: usize) -> Option<(String, usize)> {
    let mut units: Vec<u16> = Vec::new();
    let mut first = true;
    loop {
        if !first {
            match t.get(i)? {
                Token::Code(c) if c == ")" => break,
                Token::Code(c) if c == "+" => i += 1,
                _ => return None,
            }
        }
        match t.get(i)? {
            Token::Literal(v) => {
                units.extend(v.encode_utf16());
                i += 1;
            }
            Token::Code(c) if c == "[" && !first => {
                let ok = t.get(i + 1) == Some(&Token::Code("char".into()))
                    && t.get(i + 2) == Some(&Token::Code("]".into()));
                let Some(Token::Code(n)) = t.get(i + 3) else {
                    return None;
                };
                let code = u16::from_str_radix(n.strip_prefix("0x")?, 16).ok()?;
                if !ok {
                    return None;
                }
                units.push(code);
                i += 4;
            }
            _ => return None,
        }
        first = false;
    }
    Some((String::from_utf16(&units).ok()?, i + 1))
}

/// The text of every token that PowerShell runs or expands: code and expandable strings.
pub fn code_text(tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        match t {
            Token::Code(c) | Token::Expandable(c) => {
                out.push_str(c);
                out.push(' ');
            }
            Token::Newline => out.push('\n'),
            Token::Literal(_) | Token::Comment(_) => {}
        }
    }
    out
}
