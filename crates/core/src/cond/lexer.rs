//! Splits condition and formula text into tokens.

use super::{CmpOp, CondError, Span};
use crate::version::Version;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Name(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Cmp(CmpOp),
    Plus,
    Minus,
    Star,
    Slash,
    And,
    Or,
    Not,
    In,
    True,
    False,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

const KEYWORDS: [(&str, Tok); 6] = [
    ("and", Tok::And),
    ("or", Tok::Or),
    ("not", Tok::Not),
    ("in", Tok::In),
    ("true", Tok::True),
    ("false", Tok::False),
];

pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.iter().any(|(k, _)| *k == s)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads source text into tokens, ending with [`Tok::Eof`].
pub(crate) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// `condition` or `formula`, for messages.
    what: &'static str,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str, what: &'static str) -> Self {
        Lexer { src, pos: 0, what }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    /// Byte offset where the run of characters matching `keep` starting at `from` ends.
    fn run_end(&self, from: usize, keep: impl Fn(char) -> bool) -> usize {
        let tail = self.src.get(from..).unwrap_or("");
        from + tail.find(|c: char| !keep(c)).unwrap_or(tail.len())
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    pub(crate) fn tokenize(mut self) -> Result<Vec<Token>, CondError> {
        let mut out = Vec::new();
        loop {
            let tok = self.next_token()?;
            let eof = tok.tok == Tok::Eof;
            out.push(tok);
            if eof {
                return Ok(out);
            }
        }
    }

    fn next_token(&mut self) -> Result<Token, CondError> {
        self.pos = self.run_end(self.pos, char::is_whitespace);
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Token {
                tok: Tok::Eof,
                span: Span::new(start, start),
            });
        };
        let single = |tok: Tok| (tok, 1);
        let (tok, len) = match c {
            '(' => single(Tok::LParen),
            ')' => single(Tok::RParen),
            '[' => single(Tok::LBracket),
            ']' => single(Tok::RBracket),
            ',' => single(Tok::Comma),
            '+' => single(Tok::Plus),
            '-' => single(Tok::Minus),
            '*' => single(Tok::Star),
            '/' => single(Tok::Slash),
            '=' if self.peek2() == Some('=') => (Tok::Cmp(CmpOp::Eq), 2),
            '!' if self.peek2() == Some('=') => (Tok::Cmp(CmpOp::Ne), 2),
            '<' if self.peek2() == Some('=') => (Tok::Cmp(CmpOp::Le), 2),
            '>' if self.peek2() == Some('=') => (Tok::Cmp(CmpOp::Ge), 2),
            '<' => single(Tok::Cmp(CmpOp::Lt)),
            '>' => single(Tok::Cmp(CmpOp::Gt)),
            '"' | '\'' => return self.string(c),
            '0'..='9' => return self.number(),
            c if is_word_char(c) => return self.word(),
            _ => return Err(self.bad_char(c)),
        };
        self.pos += len;
        Ok(Token {
            tok,
            span: Span::new(start, self.pos),
        })
    }

    fn bad_char(&self, c: char) -> CondError {
        let start = self.pos;
        let two = |s: &str| self.rest().starts_with(s);
        let (len, help) = match c {
            '=' => (1, "use `==` to compare".to_string()),
            '!' => (
                1,
                "use `not` to negate, or `!=` for \"not equal\"".to_string(),
            ),
            '&' => (
                if two("&&") { 2 } else { 1 },
                "use `and` to require both".to_string(),
            ),
            '|' => (
                if two("||") { 2 } else { 1 },
                "use `or` to accept either".to_string(),
            ),
            '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => (
                c.len_utf8(),
                "use straight quotes `\"` or `'` around strings".to_string(),
            ),
            '.' => (
                1,
                "write decimals with digits on both sides of the dot, e.g. `0.5`".to_string(),
            ),
            _ => (c.len_utf8(), self.what_is_allowed()),
        };
        let span = Span::new(start, start + len);
        CondError::new(span, format!("unexpected `{}`", self.text(span))).with_help(help)
    }

    fn what_is_allowed(&self) -> String {
        if self.what == "formula" {
            "a formula uses numbers, names, `+ - * /` and parentheses".to_string()
        } else {
            "a condition uses names, quoted strings, numbers, `== != < <= > >=`, `in [...]`, \
             `and`, `or`, `not` and parentheses"
                .to_string()
        }
    }

    fn string(&mut self, quote: char) -> Result<Token, CondError> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.rest().char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.pos = start + i + c.len_utf8();
                return Ok(Token {
                    tok: Tok::Str(value),
                    span: Span::new(start, self.pos),
                });
            }
            if c == '\\' {
                if let Some(&(_, next)) = chars.peek() {
                    if matches!(next, '\\' | '"' | '\'') {
                        value.push(next);
                        chars.next();
                        continue;
                    }
                }
            }
            value.push(c);
        }
        let span = Span::new(start, self.src.len());
        Err(
            CondError::new(span, format!("unclosed string `{}`", self.text(span)))
                .with_help(format!("add a closing `{quote}`")),
        )
    }

    fn number(&mut self) -> Result<Token, CondError> {
        let start = self.pos;
        // Take the whole run that looks like one word (`15.2.3`, `5x`), so that the error can
        // show all of it.
        let end = self.run_end(start, |c| is_word_char(c) || c == '.');
        let span = Span::new(start, end);
        let text = self.text(span);
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.is_some_and(|f| !digits(f)) {
            let help = if text.parse::<Version>().is_ok() {
                format!("write versions and other text in quotes: `\"{text}\"`")
            } else {
                "a number is digits with an optional decimal part, e.g. `30` or `0.5`".to_string()
            };
            return Err(CondError::new(span, format!("`{text}` is not a number")).with_help(help));
        }
        let n: f64 = text.parse().unwrap_or(f64::INFINITY);
        if !n.is_finite() {
            return Err(
                CondError::new(span, format!("number `{text}` is too large"))
                    .with_help(format!("numbers go up to about {:e}", f64::MAX)),
            );
        }
        self.pos = end;
        Ok(Token {
            tok: Tok::Num(n),
            span,
        })
    }

    fn word(&mut self) -> Result<Token, CondError> {
        let start = self.pos;
        // A `-` followed by a letter or digit continues a name.
        let mut end = self.run_end(start, is_word_char);
        loop {
            let tail = self.src.get(end..).unwrap_or("");
            let mut cs = tail.chars();
            if cs.next() == Some('-') && cs.next().is_some_and(is_word_char) {
                end = self.run_end(end + 1, is_word_char);
            } else {
                break;
            }
        }
        let span = Span::new(start, end);
        let text = self.text(span);
        self.pos = end;
        if let Some((_, tok)) = KEYWORDS.iter().find(|(k, _)| *k == text) {
            return Ok(Token {
                tok: tok.clone(),
                span,
            });
        }
        if super::is_name(text) {
            return Ok(Token {
                tok: Tok::Name(text.to_string()),
                span,
            });
        }
        let lower = text.to_ascii_lowercase();
        let help = if is_keyword(&lower) {
            format!("keywords are lowercase: `{lower}`")
        } else {
            let fixed = lower.replace('_', "-");
            let fixed = fixed.trim_matches('-');
            if super::is_name(fixed) {
                format!("names are lowercase kebab-case, e.g. `{fixed}`")
            } else {
                "names are lowercase kebab-case, e.g. `concurrent-calls`; text goes in quotes"
                    .to_string()
            }
        };
        Err(CondError::new(span, format!("`{text}` is not a valid name")).with_help(help))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        Lexer::new(src, "condition")
            .tokenize()
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn err(src: &str) -> CondError {
        Lexer::new(src, "condition").tokenize().unwrap_err()
    }

    fn name(s: &str) -> Tok {
        Tok::Name(s.to_string())
    }

    #[test]
    fn names_take_dashes_followed_by_letters_or_digits() {
        assert_eq!(toks("a-b"), [name("a-b"), Tok::Eof]);
        assert_eq!(toks("a-1"), [name("a-1"), Tok::Eof]);
        assert_eq!(toks("a - b"), [name("a"), Tok::Minus, name("b"), Tok::Eof]);
        assert_eq!(toks("a -b"), [name("a"), Tok::Minus, name("b"), Tok::Eof]);
        assert_eq!(toks("a- b"), [name("a"), Tok::Minus, name("b"), Tok::Eof]);
        assert_eq!(
            toks("a--b"),
            [name("a"), Tok::Minus, Tok::Minus, name("b"), Tok::Eof]
        );
        assert_eq!(
            toks("2-3"),
            [Tok::Num(2.0), Tok::Minus, Tok::Num(3.0), Tok::Eof]
        );
        assert_eq!(toks("x9"), [name("x9"), Tok::Eof]);
    }

    #[test]
    fn keywords_are_not_names_but_prefixes_are() {
        assert_eq!(
            toks("and or not in true false"),
            [
                Tok::And,
                Tok::Or,
                Tok::Not,
                Tok::In,
                Tok::True,
                Tok::False,
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("not-a android"),
            [name("not-a"), name("android"), Tok::Eof]
        );
    }

    #[test]
    fn operators() {
        assert_eq!(
            toks("== != < <= > >= ( ) [ ] , + - * /"),
            [
                Tok::Cmp(CmpOp::Eq),
                Tok::Cmp(CmpOp::Ne),
                Tok::Cmp(CmpOp::Lt),
                Tok::Cmp(CmpOp::Le),
                Tok::Cmp(CmpOp::Gt),
                Tok::Cmp(CmpOp::Ge),
                Tok::LParen,
                Tok::RParen,
                Tok::LBracket,
                Tok::RBracket,
                Tok::Comma,
                Tok::Plus,
                Tok::Minus,
                Tok::Star,
                Tok::Slash,
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("a<=1"),
            [name("a"), Tok::Cmp(CmpOp::Le), Tok::Num(1.0), Tok::Eof]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#""15.2 HFR3""#),
            [Tok::Str("15.2 HFR3".into()), Tok::Eof]
        );
        assert_eq!(toks("'it'"), [Tok::Str("it".into()), Tok::Eof]);
        assert_eq!(toks(r#"'a"b'"#), [Tok::Str("a\"b".into()), Tok::Eof]);
        assert_eq!(toks(r#""a\"b""#), [Tok::Str("a\"b".into()), Tok::Eof]);
        assert_eq!(toks(r#""a\\b""#), [Tok::Str("a\\b".into()), Tok::Eof]);
        assert_eq!(
            toks(r#""C:\temp""#),
            [Tok::Str("C:\\temp".into()), Tok::Eof]
        );
        assert_eq!(toks(r#""é""#), [Tok::Str("é".into()), Tok::Eof]);
        assert_eq!(toks(r#""""#), [Tok::Str(String::new()), Tok::Eof]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("30 0.5 1000"),
            [Tok::Num(30.0), Tok::Num(0.5), Tok::Num(1000.0), Tok::Eof]
        );
        let e = err("15.2.3");
        assert_eq!(e.message, "`15.2.3` is not a number");
        assert_eq!(e.span, Span::new(0, 6));
        assert_eq!(
            e.help.as_deref(),
            Some("write versions and other text in quotes: `\"15.2.3\"`")
        );
        let e = err("x > 5.");
        assert_eq!(e.message, "`5.` is not a number");
        assert_eq!(e.span, Span::new(4, 6));
        assert!(e.help.unwrap().contains("`0.5`"));
        let e = err(&"9".repeat(400));
        assert_eq!(e.span, Span::new(0, 400));
        assert!(e.message.contains("is too large"));
    }

    #[test]
    fn bad_characters_get_specific_help() {
        let e = err("a = 1");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unexpected `=`", Span::new(2, 3))
        );
        assert_eq!(e.help.as_deref(), Some("use `==` to compare"));
        let e = err("a && b");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unexpected `&&`", Span::new(2, 4))
        );
        assert_eq!(e.help.as_deref(), Some("use `and` to require both"));
        let e = err("a || b");
        assert_eq!(e.help.as_deref(), Some("use `or` to accept either"));
        let e = err("!a");
        assert!(e.help.unwrap().contains("`not`"));
        let e = err("a == \u{201c}x\u{201d}");
        assert_eq!(e.span, Span::new(5, 8));
        assert!(e.help.unwrap().contains("straight quotes"));
        let e = err("a @ b");
        assert_eq!(
            (e.message.as_str(), e.span),
            ("unexpected `@`", Span::new(2, 3))
        );
        let e = err("é");
        assert_eq!(e.span, Span::new(0, 2));
    }

    #[test]
    fn bad_names_get_kebab_help() {
        let e = err("a AND b");
        assert_eq!(e.message, "`AND` is not a valid name");
        assert_eq!(e.span, Span::new(2, 5));
        assert_eq!(e.help.as_deref(), Some("keywords are lowercase: `and`"));
        let e = err("Concurrent_Calls");
        assert_eq!(
            e.help.as_deref(),
            Some("names are lowercase kebab-case, e.g. `concurrent-calls`")
        );
        let e = err("tlsMode-x == 1");
        assert_eq!(e.span, Span::new(0, 9));
    }

    #[test]
    fn unclosed_string_spans_to_the_end() {
        let e = err("a == \"15.2");
        assert_eq!(e.message, "unclosed string `\"15.2`");
        assert_eq!(e.span, Span::new(5, 10));
        assert_eq!(e.help.as_deref(), Some("add a closing `\"`"));
        let e = err("a == 'x\\'");
        assert_eq!(e.help.as_deref(), Some("add a closing `'`"));
    }
}
