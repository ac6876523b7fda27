//! Recursive-descent parsers for conditions and formulas.

use super::lexer::{Lexer, Tok, Token};
use super::{ArithOp, CondError, Expr, ExprKind, Formula, FormulaKind, Literal, Span, MAX_DEPTH};

/// Parses a `when` condition.
pub fn parse_condition(src: &str) -> Result<Expr, CondError> {
    let mut p = Parser::new(src, "condition")?;
    if p.at(&Tok::Eof) {
        return Err(
            CondError::new(Span::new(0, src.len()), "the condition is empty")
                .with_help("write a condition such as `tls == \"secure\"`, or leave `when` out"),
        );
    }
    let (expr, _) = p.or()?;
    p.end()?;
    Ok(expr)
}

/// Parses a sizing formula.
pub fn parse_formula(src: &str) -> Result<Formula, CondError> {
    let mut p = Parser::new(src, "formula")?;
    if p.at(&Tok::Eof) {
        return Err(
            CondError::new(Span::new(0, src.len()), "the formula is empty")
                .with_help("write a formula such as `30 * concurrent-calls / 1000`"),
        );
    }
    let (f, _) = p.sum()?;
    p.end()?;
    Ok(f)
}

/// An expression with the depth of its tree.
type Node<T> = (T, usize);

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    eof: Token,
    /// Current nesting of parentheses, `not` and unary minus.
    nesting: usize,
    /// `condition` or `formula`, for messages.
    what: &'static str,
}

const NESTED_HELP: &str = "simplify it; `name in [...]` can replace a long chain of `or`";

impl<'a> Parser<'a> {
    fn new(src: &'a str, what: &'static str) -> Result<Self, CondError> {
        let tokens = Lexer::new(src, what).tokenize()?;
        let end = Span::new(src.len(), src.len());
        Ok(Parser {
            src,
            tokens,
            pos: 0,
            eof: Token {
                tok: Tok::Eof,
                span: end,
            },
            nesting: 0,
            what,
        })
    }

    fn peek(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&self.eof)
    }

    fn at(&self, tok: &Tok) -> bool {
        &self.peek().tok == tok
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    /// The previous token's text, for "after `and`" in messages.
    fn prev_text(&self) -> &'a str {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or("", |t| self.text(t.span))
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// `name `x``, `string `"x"``, `` `)` ``, `end of input`.
    fn describe(&self, t: &Token) -> String {
        let text = self.text(t.span);
        match t.tok {
            Tok::Eof => "end of input".to_string(),
            Tok::Name(_) => format!("name `{text}`"),
            Tok::Str(_) => format!("string `{text}`"),
            Tok::Num(_) => format!("number `{text}`"),
            _ => format!("`{text}`"),
        }
    }

    /// Enters one level of parentheses, `not` or unary minus at `t`.
    fn enter(&mut self, t: &Token) -> Result<(), CondError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(CondError::new(
                t.span,
                format!(
                    "the {} is nested more than {MAX_DEPTH} levels deep",
                    self.what
                ),
            )
            .with_help(NESTED_HELP));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
    }

    /// Checks the depth of a tree about to be built by the operator `op`.
    fn deeper(&self, depth: usize, op: Span) -> Result<usize, CondError> {
        let depth = depth + 1;
        if depth > MAX_DEPTH {
            return Err(CondError::new(
                op,
                format!("the {} is more than {MAX_DEPTH} levels deep", self.what),
            )
            .with_help(NESTED_HELP));
        }
        Ok(depth)
    }

    /// Expects the end of input after a complete expression.
    fn end(&mut self) -> Result<(), CondError> {
        let t = self.peek().clone();
        if t.tok == Tok::Eof {
            return Ok(());
        }
        let help = match (&t.tok, self.what) {
            (Tok::RParen, _) => "this `)` has no matching `(`",
            (Tok::Cmp(_), "condition") => "comparisons cannot be chained; join them with `and`",
            (Tok::Cmp(_), _) => "a formula computes a number; it cannot compare",
            (_, "formula") => "join terms with `+`, `-`, `*` or `/`",
            _ => "join conditions with `and` or `or`",
        };
        let help = self
            .missing_operator(&t)
            .unwrap_or_else(|| help.to_string());
        Err(CondError::new(
            t.span,
            format!(
                "unexpected {} after the end of the {}",
                self.describe(&t),
                self.what
            ),
        )
        .with_help(help))
    }

    /// Expects the closing `)` or `]` of `open`.
    fn close(&mut self, open: &Token, close: Tok, help: &str) -> Result<Token, CondError> {
        let t = self.peek().clone();
        if t.tok == close {
            return Ok(self.bump());
        }
        let (o, c) = if close == Tok::RParen {
            ("(", ")")
        } else {
            ("[", "]")
        };
        if t.tok == Tok::Eof {
            return Err(CondError::new(open.span, format!("unclosed `{o}`"))
                .with_help(format!("add a `{c}` at the end")));
        }
        let help = self
            .missing_operator(&t)
            .unwrap_or_else(|| help.to_string());
        Err(CondError::new(
            t.span,
            format!("expected `{c}`, found {}", self.describe(&t)),
        )
        .with_help(help))
    }

    /// Help for a value right after a name in a condition (`tls "secure"`): the operator is
    /// missing.
    fn missing_operator(&self, t: &Token) -> Option<String> {
        if self.what != "condition"
            || !matches!(t.tok, Tok::Str(_) | Tok::Num(_) | Tok::True | Tok::False)
        {
            return None;
        }
        let prev = self.pos.checked_sub(1).and_then(|i| self.tokens.get(i))?;
        let Tok::Name(name) = &prev.tok else {
            return None;
        };
        Some(format!(
            "compare with an operator, e.g. `{name} == {}`",
            self.text(t.span)
        ))
    }

    // ---- conditions ----

    fn or(&mut self) -> Result<Node<Expr>, CondError> {
        let (mut lhs, mut depth) = self.and()?;
        while self.at(&Tok::Or) {
            let op = self.bump();
            let (rhs, d) = self.and()?;
            depth = self.deeper(depth.max(d), op.span)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Or(Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        Ok((lhs, depth))
    }

    fn and(&mut self) -> Result<Node<Expr>, CondError> {
        let (mut lhs, mut depth) = self.not()?;
        while self.at(&Tok::And) {
            let op = self.bump();
            let (rhs, d) = self.not()?;
            depth = self.deeper(depth.max(d), op.span)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::And(Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
        Ok((lhs, depth))
    }

    fn not(&mut self) -> Result<Node<Expr>, CondError> {
        if !self.at(&Tok::Not) {
            return self.primary();
        }
        let op = self.bump();
        self.enter(&op)?;
        let (inner, d) = self.not()?;
        self.leave();
        let depth = self.deeper(d, op.span)?;
        let span = op.span.to(inner.span);
        Ok((
            Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            },
            depth,
        ))
    }

    fn primary(&mut self) -> Result<Node<Expr>, CondError> {
        let t = self.bump();
        let leaf = |kind, span| Ok((Expr { kind, span }, 1));
        match &t.tok {
            Tok::LParen => {
                self.enter(&t)?;
                let (inner, depth) = self.or()?;
                self.leave();
                let close = self.close(&t, Tok::RParen, "join conditions with `and` or `or`")?;
                Ok((
                    Expr {
                        kind: inner.kind,
                        span: t.span.to(close.span),
                    },
                    depth,
                ))
            }
            Tok::True => leaf(ExprKind::Lit(true), t.span),
            Tok::False => leaf(ExprKind::Lit(false), t.span),
            Tok::Name(name) => self.after_name(name.clone(), t.span),
            Tok::Str(_) | Tok::Num(_) | Tok::Minus => Err(CondError::new(
                t.span,
                format!("expected a name, found {}", self.describe(&t)),
            )
            .with_help("put the name before the value, e.g. `tls == \"secure\"`")),
            Tok::Eof => {
                let prev = self.prev_text();
                Err(CondError::new(
                    t.span,
                    format!("expected a condition after `{prev}`, found end of input"),
                )
                .with_help("finish the condition, e.g. `tls == \"secure\"`"))
            }
            _ => Err(CondError::new(
                t.span,
                format!(
                    "expected a name, `not` or `(`, found {}",
                    self.describe(&t)
                ),
            )
            .with_help("a condition is a comparison such as `tls == \"secure\"`, a bool option, or conditions joined with `and` / `or`")),
        }
    }

    /// After a name: a comparison, an `in` list, or nothing (a bool option).
    fn after_name(&mut self, name: String, name_span: Span) -> Result<Node<Expr>, CondError> {
        match self.peek().tok {
            Tok::Cmp(op) => {
                let op_tok = self.bump();
                let (lit, lit_span) = self.literal(&op_tok)?;
                Ok((
                    Expr {
                        kind: ExprKind::Cmp {
                            name,
                            name_span,
                            op,
                            version: lit.as_version(),
                            lit,
                            lit_span,
                        },
                        span: name_span.to(lit_span),
                    },
                    1,
                ))
            }
            Tok::In => {
                self.bump();
                let open = self.bump();
                if open.tok != Tok::LBracket {
                    return Err(CondError::new(
                        open.span,
                        format!("expected `[` after `in`, found {}", self.describe(&open)),
                    )
                    .with_help(format!("list the values: `{name} in [\"a\", \"b\"]`")));
                }
                let mut list = Vec::new();
                let mut after = open.clone();
                loop {
                    if self.at(&Tok::RBracket) && !list.is_empty() {
                        break; // a trailing comma
                    }
                    if self.at(&Tok::RBracket) {
                        let close = self.peek().span;
                        return Err(CondError::new(open.span.to(close), "the list is empty")
                            .with_help(format!(
                                "list at least one value: `{name} in [\"a\", \"b\"]`"
                            )));
                    }
                    if self.at(&Tok::Eof) {
                        return Err(CondError::new(open.span, "unclosed `[`")
                            .with_help("add a `]` after the last value"));
                    }
                    list.push(self.literal(&after)?);
                    if self.at(&Tok::Comma) {
                        after = self.bump();
                    } else {
                        break;
                    }
                }
                let close = self.close(&open, Tok::RBracket, "separate values with `,`")?;
                Ok((
                    Expr {
                        kind: ExprKind::In {
                            name,
                            name_span,
                            list,
                        },
                        span: name_span.to(close.span),
                    },
                    1,
                ))
            }
            _ => Ok((
                Expr {
                    kind: ExprKind::Name { name },
                    span: name_span,
                },
                1,
            )),
        }
    }

    /// A literal after `after` (an operator or `[`).
    fn literal(&mut self, after: &Token) -> Result<(Literal, Span), CondError> {
        let t = self.bump();
        match &t.tok {
            Tok::Str(s) => Ok((Literal::Str(s.clone()), t.span)),
            Tok::Num(n) => Ok((Literal::Num(*n), t.span)),
            Tok::True => Ok((Literal::Bool(true), t.span)),
            Tok::False => Ok((Literal::Bool(false), t.span)),
            Tok::Minus if matches!(self.peek().tok, Tok::Num(_)) => {
                let num = self.bump();
                let n = match num.tok {
                    Tok::Num(n) => -n,
                    _ => 0.0,
                };
                Ok((Literal::Num(n), t.span.to(num.span)))
            }
            _ => {
                let after = self.text(after.span);
                let help = match &t.tok {
                    Tok::Name(n) => format!("to compare with text, put it in quotes: `\"{n}\"`"),
                    _ => {
                        "a value is a quoted string (`\"15.2 HFR3\"`), a number or `true` / `false`"
                            .to_string()
                    }
                };
                Err(CondError::new(
                    t.span,
                    format!(
                        "expected a value after `{after}`, found {}",
                        self.describe(&t)
                    ),
                )
                .with_help(help))
            }
        }
    }

    // ---- formulas ----

    fn sum(&mut self) -> Result<Node<Formula>, CondError> {
        let (mut lhs, mut depth) = self.product()?;
        loop {
            let op = match self.peek().tok {
                Tok::Plus => ArithOp::Add,
                Tok::Minus => ArithOp::Sub,
                _ => return Ok((lhs, depth)),
            };
            let t = self.bump();
            let (rhs, d) = self.product()?;
            depth = self.deeper(depth.max(d), t.span)?;
            lhs = bin(op, lhs, rhs);
        }
    }

    fn product(&mut self) -> Result<Node<Formula>, CondError> {
        let (mut lhs, mut depth) = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Star => ArithOp::Mul,
                Tok::Slash => ArithOp::Div,
                _ => return Ok((lhs, depth)),
            };
            let t = self.bump();
            let (rhs, d) = self.unary()?;
            depth = self.deeper(depth.max(d), t.span)?;
            lhs = bin(op, lhs, rhs);
        }
    }

    fn unary(&mut self) -> Result<Node<Formula>, CondError> {
        let t = self.bump();
        let leaf = |kind| Ok((Formula { kind, span: t.span }, 1));
        match &t.tok {
            Tok::Minus => {
                self.enter(&t)?;
                let (inner, d) = self.unary()?;
                self.leave();
                let depth = self.deeper(d, t.span)?;
                let span = t.span.to(inner.span);
                Ok((
                    Formula {
                        kind: FormulaKind::Neg(Box::new(inner)),
                        span,
                    },
                    depth,
                ))
            }
            Tok::Num(n) => leaf(FormulaKind::Num(*n)),
            Tok::Name(n) => leaf(FormulaKind::Name(n.clone())),
            Tok::LParen => {
                self.enter(&t)?;
                let (inner, depth) = self.sum()?;
                self.leave();
                let close = self.close(&t, Tok::RParen, "join terms with `+`, `-`, `*` or `/`")?;
                Ok((
                    Formula {
                        kind: inner.kind,
                        span: t.span.to(close.span),
                    },
                    depth,
                ))
            }
            Tok::Eof => {
                let prev = self.prev_text();
                Err(CondError::new(
                    t.span,
                    format!("expected a term after `{prev}`, found end of input"),
                )
                .with_help("finish the formula, e.g. `30 * concurrent-calls / 1000`"))
            }
            _ => {
                let help = match t.tok {
                    Tok::Str(_) => "formulas use numbers and parameter names; drop the quotes",
                    _ => "a formula uses numbers, parameter names, `+ - * /` and parentheses",
                };
                Err(CondError::new(
                    t.span,
                    format!(
                        "expected a number, a name or `(`, found {}",
                        self.describe(&t)
                    ),
                )
                .with_help(help))
            }
        }
    }
}

fn bin(op: ArithOp, lhs: Formula, rhs: Formula) -> Formula {
    let span = lhs.span.to(rhs.span);
    Formula {
        kind: FormulaKind::Bin(op, Box::new(lhs), Box::new(rhs)),
        span,
    }
}
