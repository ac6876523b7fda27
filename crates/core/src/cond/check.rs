//! Type checks conditions and formulas against the names a product defines.

use super::eval::const_value;
use super::{ArithOp, CmpOp, CondError, Expr, ExprKind, Formula, FormulaKind, Literal, Span};
use crate::diag::did_you_mean;
use crate::sort::SortShared;
use crate::version::Version;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// The type of a name a condition or formula may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolKind {
    /// A component: compared with version strings.
    Version,
    /// A bool option: used bare or with `== true` / `== false`.
    Bool,
    /// An enum option with its values: `==`, `!=` and `in` with those values.
    Enum(Vec<String>),
    /// A count or port parameter: compared with numbers; the only kind formulas may use.
    Number,
    /// A text parameter: `==`, `!=` and `in` with strings.
    Text,
    /// A multi-select option with its values: `==` (chosen), `!=` (not chosen) and `in` (any
    /// of them chosen) with those values.
    Set(Vec<String>),
}

impl SymbolKind {
    /// `version`, `bool option`, `option`, `number`, `text`.
    fn noun(&self) -> &'static str {
        match self {
            SymbolKind::Version => "version",
            SymbolKind::Bool => "bool option",
            SymbolKind::Enum(_) => "option",
            SymbolKind::Set(_) => "multi-select option",
            SymbolKind::Number => "number",
            SymbolKind::Text => "text",
        }
    }

    /// The noun with an article: `a version`, `an option`, `text`.
    fn with_article(&self) -> String {
        match self {
            SymbolKind::Text => "text".to_string(),
            SymbolKind::Enum(_) => "an option".to_string(),
            SymbolKind::Set(_) => "a multi-select option".to_string(),
            k => format!("a {}", k.noun()),
        }
    }
}

/// The names a condition or formula may use, with their types.
pub trait Symbols {
    /// The type of `name`, or `None` when it is not defined.
    fn kind(&self, name: &str) -> Option<SymbolKind>;
    /// Every defined name (for "did you mean" help).
    fn names(&self) -> Vec<String>;
}

impl<S: BuildHasher> Symbols for HashMap<String, SymbolKind, S> {
    fn kind(&self, name: &str) -> Option<SymbolKind> {
        self.get(name).cloned()
    }

    fn names(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }
}

impl Symbols for BTreeMap<String, SymbolKind> {
    fn kind(&self, name: &str) -> Option<SymbolKind> {
        self.get(name).cloned()
    }

    fn names(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }
}

/// Every type error in `expr`, in source order of the checks (empty when it is well typed).
pub fn check(expr: &Expr, symbols: &dyn Symbols) -> Vec<CondError> {
    let mut c = Checker::new(symbols);
    c.expr(expr);
    c.errors
}

/// Every error in `f`: names must be numbers, and no division by a constant zero.
pub fn check_formula(f: &Formula, symbols: &dyn Symbols) -> Vec<CondError> {
    let mut c = Checker::new(symbols);
    c.formula(f);
    c.errors
}

/// Most names listed in help before it is cut short.
const LIST_MAX: usize = 12;

/// `` `a`, `b` or `c` `` (`joiner` "or"/"and"), cut short after [`LIST_MAX`] items.
fn list<S: AsRef<str>>(items: &[S], joiner: &str) -> String {
    let quoted: Vec<String> = items
        .iter()
        .take(LIST_MAX)
        .map(|s| format!("`{}`", s.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if items.len() <= LIST_MAX => {
            format!("{} {joiner} {last}", init.join(", "))
        }
        _ => format!("{}, …", quoted.join(", ")),
    }
}

struct Checker<'a> {
    symbols: &'a dyn Symbols,
    /// Sorted, filled on first use.
    names: Option<Vec<String>>,
    errors: Vec<CondError>,
}

impl<'a> Checker<'a> {
    fn new(symbols: &'a dyn Symbols) -> Self {
        Checker {
            symbols,
            names: None,
            errors: Vec::new(),
        }
    }

    fn names(&mut self) -> &[String] {
        let symbols = self.symbols;
        self.names.get_or_insert_with(|| {
            let mut n = symbols.names();
            n.sort_shared();
            n.dedup();
            n
        })
    }

    fn push(&mut self, span: Span, message: String, help: String) {
        self.errors
            .push(CondError::new(span, message).with_help(help));
    }

    /// The kind of `name`, or an "unknown name" error at `span`.
    fn lookup(&mut self, name: &str, span: Span, in_formula: bool) -> Option<SymbolKind> {
        if let Some(k) = self.symbols.kind(name) {
            return Some(k);
        }
        let symbols = self.symbols;
        let names = self.names().to_vec();
        // `a-b` in a formula is one name; suggest `a - b` when `a` exists.
        let subtraction = in_formula
            .then(|| {
                name.match_indices('-').find_map(|(i, _)| {
                    let left = name.get(..i)?;
                    let right = name.get(i + 1..)?;
                    symbols.kind(left).map(|_| (left, right))
                })
            })
            .flatten();
        let help = if let Some((left, right)) = subtraction {
            format!("`{name}` is one name; to subtract, put spaces around `-`: `{left} - {right}`")
        } else if names.is_empty() {
            "no components, options or parameters are defined here".to_string()
        } else {
            let known = format!("known names: {}", list(&names, "and"));
            match did_you_mean(name, names.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`? {known}"),
                None => known,
            }
        };
        self.push(span, format!("unknown name `{name}`"), help);
        None
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Or(a, b) | ExprKind::And(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Not(a) => self.expr(a),
            ExprKind::Lit(_) => {}
            ExprKind::Name { name } => match self.lookup(name, e.span, false) {
                None | Some(SymbolKind::Bool) => {}
                Some(kind) => {
                    let example = example(name, &kind);
                    self.push(
                        e.span,
                        format!("`{name}` is {}, not a bool option", kind.with_article()),
                        format!("compare it with a value, e.g. `{example}`"),
                    );
                }
            },
            ExprKind::Cmp {
                name,
                name_span,
                op,
                lit,
                lit_span,
                ..
            } => {
                if let Some(kind) = self.lookup(name, *name_span, false) {
                    if op.is_ordering() {
                        self.ordering(name, &kind, *op, e.span);
                    }
                    self.value(name, &kind, *op, lit, *lit_span);
                }
            }
            ExprKind::In {
                name,
                name_span,
                list,
            } => {
                if let Some(kind) = self.lookup(name, *name_span, false) {
                    for (lit, span) in list {
                        self.value(name, &kind, CmpOp::Eq, lit, *span);
                    }
                }
            }
        }
    }

    /// `<`, `<=`, `>`, `>=` on a kind without an order.
    fn ordering(&mut self, name: &str, kind: &SymbolKind, op: CmpOp, span: Span) {
        let help = match kind {
            SymbolKind::Version | SymbolKind::Number => return,
            SymbolKind::Bool => {
                format!("use `{name}` on its own for \"on\", or `not {name}` for \"off\"")
            }
            SymbolKind::Enum(_) | SymbolKind::Set(_) | SymbolKind::Text => {
                format!("use `==`, `!=` or `in`, e.g. `{}`", example(name, kind))
            }
        };
        self.push(
            span,
            format!(
                "{} `{name}` has no order, so it cannot be compared with `{op}`",
                kind.noun()
            ),
            help,
        );
    }

    /// Whether `lit` is a value `name` (of `kind`) can be compared with.
    fn value(&mut self, name: &str, kind: &SymbolKind, op: CmpOp, lit: &Literal, span: Span) {
        let mismatch = format!(
            "cannot compare {} `{name}` with {} `{lit}`",
            kind.noun(),
            lit.kind_name()
        );
        match (kind, lit) {
            (SymbolKind::Version, Literal::Str(s)) => {
                if let Err(e) = s.parse::<Version>() {
                    self.push(span, e.message, e.help);
                }
            }
            (SymbolKind::Version, _) => {
                let help = format!("write the version in quotes: `{name} {op} \"{lit}\"`");
                self.push(span, mismatch, help);
            }
            (SymbolKind::Bool, Literal::Bool(_))
            | (SymbolKind::Number, Literal::Num(_))
            | (SymbolKind::Text, Literal::Str(_)) => {}
            (SymbolKind::Bool, _) => {
                let help = format!(
                    "compare it with `true` or `false`, or use `{name}` on its own for \"on\""
                );
                self.push(span, mismatch, help);
            }
            (SymbolKind::Enum(values) | SymbolKind::Set(values), Literal::Str(s)) => {
                if !values.contains(s) {
                    let takes = format!("`{name}` takes {}", list(values, "or"));
                    let help = match did_you_mean(s, values.iter().map(String::as_str)) {
                        Some(close) => format!("did you mean `{close}`? {takes}"),
                        None => takes,
                    };
                    self.push(
                        span,
                        format!("`{s}` is not a value of option `{name}`"),
                        help,
                    );
                }
            }
            (SymbolKind::Enum(values) | SymbolKind::Set(values), _) => {
                let help = format!("`{name}` takes {}", list(values, "or"));
                self.push(span, mismatch, help);
            }
            (SymbolKind::Number, Literal::Str(s)) => {
                let help = match s.trim().parse::<f64>() {
                    Ok(_) => format!("drop the quotes: `{name} {op} {}`", s.trim()),
                    Err(_) => format!("compare it with a number, e.g. `{name} {op} 10`"),
                };
                self.push(span, mismatch, help);
            }
            (SymbolKind::Number, Literal::Bool(_)) => {
                let help = format!("compare it with a number, e.g. `{name} {op} 10`");
                self.push(span, mismatch, help);
            }
            (SymbolKind::Text, _) => {
                let help = format!("put the value in quotes: `{name} {op} \"{lit}\"`");
                self.push(span, mismatch, help);
            }
        }
    }

    fn formula(&mut self, f: &Formula) {
        match &f.kind {
            FormulaKind::Num(_) => {}
            FormulaKind::Name(name) => match self.lookup(name, f.span, true) {
                None | Some(SymbolKind::Number) => {}
                Some(kind) => {
                    let numbers: Vec<String> = self
                        .names()
                        .to_vec()
                        .into_iter()
                        .filter(|n| self.symbols.kind(n) == Some(SymbolKind::Number))
                        .collect();
                    let help = if numbers.is_empty() {
                        "formulas use number parameters, and none is defined here".to_string()
                    } else {
                        format!("formulas use number parameters: {}", list(&numbers, "and"))
                    };
                    self.push(
                        f.span,
                        format!("`{name}` is {}, not a number", kind.with_article()),
                        help,
                    );
                }
            },
            FormulaKind::Neg(a) => self.formula(a),
            FormulaKind::Bin(op, a, b) => {
                self.formula(a);
                self.formula(b);
                if *op == ArithOp::Div && const_value(b) == Some(0.0) {
                    self.push(
                        b.span,
                        format!("division by zero: `{b}` is 0"),
                        "divide by a number other than 0".to_string(),
                    );
                }
            }
        }
    }
}

/// A well-typed comparison using `name`, for help text.
fn example(name: &str, kind: &SymbolKind) -> String {
    match kind {
        SymbolKind::Version => format!("{name} >= \"1.0\""),
        SymbolKind::Bool => name.to_string(),
        SymbolKind::Enum(values) | SymbolKind::Set(values) => match values.first() {
            Some(v) => format!("{name} == {}", Literal::Str(v.clone())),
            None => format!("{name} == \"...\""),
        },
        SymbolKind::Number => format!("{name} > 0"),
        SymbolKind::Text => format!("{name} == \"...\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_joined_and_cut() {
        assert_eq!(list::<&str>(&[], "or"), "");
        assert_eq!(list(&["a"], "or"), "`a`");
        assert_eq!(list(&["a", "b"], "or"), "`a` or `b`");
        assert_eq!(list(&["a", "b", "c"], "and"), "`a`, `b` and `c`");
        let many: Vec<String> = (0..20).map(|i| format!("n{i}")).collect();
        let s = list(&many, "and");
        assert!(s.ends_with("`n11`, …"), "{s}");
    }
}
