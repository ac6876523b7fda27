//! The condition and formula language of catalog files.
//!
//! Conditions (`when = 'ris >= "15.2 HFR3" and websocket == "secure"'`) and sizing formulas
//! (`30 * concurrent-calls / 1000`) are parsed once when the catalog loads, type-checked against
//! the product's names with [`check`] / [`check_formula`], and evaluated against a plan with
//! [`eval`] / [`eval_formula`].
//!
//! Condition grammar, loosest first:
//!
//! ```text
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | primary
//! primary := "(" or ")" | "true" | "false"
//!          | name                              -- a bool option, true when on
//!          | name ("==" | "!=" | "<" | "<=" | ">" | ">=") literal
//!          | name "in" "[" literal ("," literal)* ","? "]"
//! literal := string | "-"? number | "true" | "false"
//! ```
//!
//! Formula grammar: `sum := product (("+" | "-") product)*`,
//! `product := unary (("*" | "/") unary)*`, `unary := "-" unary | number | name | "(" sum ")"`.
//!
//! Names are kebab-case ids (`[a-z][a-z0-9]*(-[a-z0-9]+)*`): a `-` followed by a letter or digit
//! continues a name, so `a-b` is one name and subtraction needs spaces (`a - b`). The keywords
//! `and or not in true false` are not names. Strings are in `"..."` or `'...'`; inside them `\\`,
//! `\"` and `\'` are escapes and any other backslash is kept as is. Numbers are integers or
//! decimals (`30`, `0.5`).
//!
//! Nesting (parentheses, `not`, unary minus) and the depth of the resulting tree are both capped
//! at [`MAX_DEPTH`] levels so that no input can exhaust the stack.
//!
//! Equality of [`Expr`] and [`Formula`] is structural: spans are ignored, so the parse of an
//! expression's [`Display`](fmt::Display) text equals the expression.

use crate::version::Version;
use std::fmt;

mod check;
mod eval;
mod lexer;
mod parser;

pub use check::{check, check_formula, SymbolKind, Symbols};
pub use eval::{eval, eval_formula, eval_known, Env, Value};
pub use parser::{parse_condition, parse_formula};

/// Deepest nesting of parentheses, `not` and unary minus, and deepest expression tree, accepted.
pub const MAX_DEPTH: usize = 64;

/// Byte offsets `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A parse or type error, located in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CondError {
    pub span: Span,
    /// Lowercase sentence; the user's input in backticks.
    pub message: String,
    /// One line saying what would be valid.
    pub help: Option<String>,
}

impl CondError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        CondError {
            span,
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for CondError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CondError {}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether `ordering` (left compared with right) satisfies the operator.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CmpOp::Eq => ordering == Equal,
            CmpOp::Ne => ordering != Equal,
            CmpOp::Lt => ordering == Less,
            CmpOp::Le => ordering != Greater,
            CmpOp::Gt => ordering == Greater,
            CmpOp::Ge => ordering != Less,
        }
    }

    /// `<`, `<=`, `>` or `>=`.
    pub fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A literal value in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
}

impl Literal {
    /// A string literal read as a version, if it is one.
    pub fn as_version(&self) -> Option<Version> {
        match self {
            Literal::Str(s) => s.parse().ok(),
            Literal::Num(_) | Literal::Bool(_) => None,
        }
    }

    /// What kind of value this is, for messages: `string`, `number` or `bool`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Literal::Str(_) => "string",
            Literal::Num(_) => "number",
            Literal::Bool(_) => "bool",
        }
    }
}

/// Writes `s` as a quoted string literal that the lexer reads back as `s`.
fn write_str_lit(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let quote = if s.contains('"') && !s.contains('\'') {
        '\''
    } else {
        '"'
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        if c == '\\' || c == quote {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(quote);
    f.write_str(&out)
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Str(s) => write_str_lit(f, s),
            Literal::Num(n) => write!(f, "{n}"),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A parsed condition.
#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    /// The whole expression in the source, parentheses included.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp {
        name: String,
        name_span: Span,
        op: CmpOp,
        lit: Literal,
        lit_span: Span,
        /// `lit` read as a version ([`Literal::as_version`]), parsed once when the condition is
        /// built rather than at every evaluation against a version.
        version: Option<Version>,
    },
    In {
        name: String,
        name_span: Span,
        list: Vec<(Literal, Span)>,
    },
    /// A bool option on its own: true when it is on.
    Name {
        name: String,
    },
    /// `true` or `false` on its own.
    Lit(bool),
}

impl PartialEq for Expr {
    /// Structural: spans are ignored.
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl PartialEq for ExprKind {
    /// Structural: spans are ignored.
    fn eq(&self, other: &Self) -> bool {
        use ExprKind as K;
        match (self, other) {
            (K::Or(a, b), K::Or(c, d)) | (K::And(a, b), K::And(c, d)) => a == c && b == d,
            (K::Not(a), K::Not(b)) => a == b,
            (
                K::Cmp {
                    name: n1,
                    op: o1,
                    lit: l1,
                    ..
                },
                K::Cmp {
                    name: n2,
                    op: o2,
                    lit: l2,
                    ..
                },
            ) => n1 == n2 && o1 == o2 && l1 == l2,
            (
                K::In {
                    name: n1, list: l1, ..
                },
                K::In {
                    name: n2, list: l2, ..
                },
            ) => n1 == n2 && l1.len() == l2.len() && l1.iter().zip(l2).all(|(a, b)| a.0 == b.0),
            (K::Name { name: a }, K::Name { name: b }) => a == b,
            (K::Lit(a), K::Lit(b)) => a == b,
            _ => false,
        }
    }
}

impl Expr {
    /// Names referenced, in order of first appearance, without repeats.
    pub fn names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names(&self, out: &mut Vec<String>) {
        let name = match &self.kind {
            ExprKind::Or(a, b) | ExprKind::And(a, b) => {
                a.collect_names(out);
                b.collect_names(out);
                return;
            }
            ExprKind::Not(a) => {
                a.collect_names(out);
                return;
            }
            ExprKind::Lit(_) => return,
            ExprKind::Cmp { name, .. } | ExprKind::In { name, .. } | ExprKind::Name { name } => {
                name
            }
        };
        if !out.contains(name) {
            out.push(name.clone());
        }
    }

    /// Binding strength: `or` 1, `and` 2, `not` 3, comparisons and atoms 4.
    fn precedence(&self) -> u8 {
        match self.kind {
            ExprKind::Or(..) => 1,
            ExprKind::And(..) => 2,
            ExprKind::Not(..) => 3,
            _ => 4,
        }
    }

    /// Writes `self`, in parentheses if it binds looser than `min`.
    fn fmt_at(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for Expr {
    /// Canonical text: single spaces, parentheses only where needed, `"` quotes unless the string
    /// holds a `"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            // Both operators are left-associative: a right operand of the same strength needs
            // parentheses to keep its shape.
            ExprKind::Or(a, b) => {
                a.fmt_at(f, 1)?;
                f.write_str(" or ")?;
                b.fmt_at(f, 2)
            }
            ExprKind::And(a, b) => {
                a.fmt_at(f, 2)?;
                f.write_str(" and ")?;
                b.fmt_at(f, 3)
            }
            ExprKind::Not(a) => {
                f.write_str("not ")?;
                a.fmt_at(f, 3)
            }
            ExprKind::Cmp { name, op, lit, .. } => write!(f, "{name} {op} {lit}"),
            ExprKind::In { name, list, .. } => {
                write!(f, "{name} in [")?;
                for (i, (lit, _)) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{lit}")?;
                }
                f.write_str("]")
            }
            ExprKind::Name { name } => f.write_str(name),
            ExprKind::Lit(b) => write!(f, "{b}"),
        }
    }
}

/// An arithmetic operator in a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    pub fn as_str(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }

    /// `+ -` 1, `* /` 2.
    fn precedence(self) -> u8 {
        match self {
            ArithOp::Add | ArithOp::Sub => 1,
            ArithOp::Mul | ArithOp::Div => 2,
        }
    }
}

impl fmt::Display for ArithOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed sizing formula.
#[derive(Debug, Clone)]
pub struct Formula {
    pub kind: FormulaKind,
    /// The whole term in the source, parentheses included.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum FormulaKind {
    /// A number as written; the parser never produces a negative one (`-5` is `Neg(5)`).
    Num(f64),
    /// A parameter.
    Name(String),
    /// Unary minus.
    Neg(Box<Formula>),
    Bin(ArithOp, Box<Formula>, Box<Formula>),
}

impl PartialEq for Formula {
    /// Structural: spans are ignored.
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl PartialEq for FormulaKind {
    fn eq(&self, other: &Self) -> bool {
        use FormulaKind as K;
        match (self, other) {
            (K::Num(a), K::Num(b)) => a == b,
            (K::Name(a), K::Name(b)) => a == b,
            (K::Neg(a), K::Neg(b)) => a == b,
            (K::Bin(o1, a, b), K::Bin(o2, c, d)) => o1 == o2 && a == c && b == d,
            _ => false,
        }
    }
}

impl Formula {
    /// Names referenced, in order of first appearance, without repeats.
    pub fn names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names(&self, out: &mut Vec<String>) {
        match &self.kind {
            FormulaKind::Num(_) => {}
            FormulaKind::Name(n) => {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
            FormulaKind::Neg(a) => a.collect_names(out),
            FormulaKind::Bin(_, a, b) => {
                a.collect_names(out);
                b.collect_names(out);
            }
        }
    }

    /// `+ -` 1, `* /` 2, unary minus 3, atoms 4.
    fn precedence(&self) -> u8 {
        match &self.kind {
            FormulaKind::Bin(op, ..) => op.precedence(),
            FormulaKind::Neg(_) => 3,
            FormulaKind::Num(_) | FormulaKind::Name(_) => 4,
        }
    }

    fn fmt_at(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for Formula {
    /// Canonical text: spaces around binary operators, parentheses only where needed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FormulaKind::Num(n) => write!(f, "{n}"),
            FormulaKind::Name(n) => f.write_str(n),
            FormulaKind::Neg(a) => {
                f.write_str("-")?;
                a.fmt_at(f, 3)
            }
            FormulaKind::Bin(op, a, b) => {
                let p = op.precedence();
                a.fmt_at(f, p)?;
                write!(f, " {op} ")?;
                b.fmt_at(f, p + 1)
            }
        }
    }
}

/// Whether `s` is a kebab-case name (`[a-z][a-z0-9]*(-[a-z0-9]+)*`) and not a keyword.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let mut after_dash = false;
    for c in chars {
        match c {
            '-' if after_dash => return false,
            '-' => after_dash = true,
            'a'..='z' | '0'..='9' => after_dash = false,
            _ => return false,
        }
    }
    !after_dash && !lexer::is_keyword(s)
}

#[cfg(test)]
mod tests;
