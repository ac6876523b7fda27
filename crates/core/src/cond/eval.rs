//! Evaluates conditions and formulas against a plan's values.

use super::{ArithOp, CmpOp, Expr, ExprKind, Formula, FormulaKind, Literal};
use crate::version::Version;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// The value of a name in a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A component's version.
    Version(Version),
    /// A bool option.
    Bool(bool),
    /// An enum option's value or a text parameter.
    Text(String),
    /// A count or port parameter.
    Number(f64),
    /// A multi-select option's chosen values (`type = "set"`): `name == "v"` holds when `v` is
    /// among them, `name in [...]` when any of the list is.
    Set(Vec<String>),
}

/// Where evaluation looks up values.
pub trait Env {
    /// The value of `name`, or `None` when it has none.
    fn value(&self, name: &str) -> Option<Value>;

    /// The value of `name`, borrowed when the environment holds it (evaluation uses this, so an
    /// environment that stores its values saves a copy per lookup); by default [`Env::value`].
    fn value_ref(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.value(name).map(Cow::Owned)
    }
}

impl<S: BuildHasher> Env for HashMap<String, Value, S> {
    fn value(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }
    fn value_ref(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.get(name).map(Cow::Borrowed)
    }
}

impl Env for BTreeMap<String, Value> {
    fn value(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }
    fn value_ref(&self, name: &str) -> Option<Cow<'_, Value>> {
        self.get(name).map(Cow::Borrowed)
    }
}

/// Whether `expr` holds. Never panics: a comparison whose name has no value, or a value of
/// another type than the literal (or a literal that is not a version for a version value), is
/// false; a bare name is true only for `Value::Bool(true)`. `<`, `<=`, `>`, `>=` hold only for
/// versions and numbers.
pub fn eval(expr: &Expr, env: &dyn Env) -> bool {
    match &expr.kind {
        ExprKind::Or(a, b) => eval(a, env) || eval(b, env),
        ExprKind::And(a, b) => eval(a, env) && eval(b, env),
        ExprKind::Not(a) => !eval(a, env),
        ExprKind::Lit(b) => *b,
        _ => leaf(expr, env).unwrap_or(false),
    }
}

/// Whether `expr` holds, in three-valued logic: `None` when the answer depends on a name that
/// has no value (an input that cannot be read, or a version nobody entered). `a and b` is false
/// as soon as one side is false, `a or b` true as soon as one side is true, whatever the other
/// side; `not` of an unknown is unknown. Where [`eval`] would read an unknown name as false (so
/// that `not (x >= "1.0")` holds), this says it cannot tell, and the caller decides what is safe.
pub fn eval_known(expr: &Expr, env: &dyn Env) -> Option<bool> {
    match &expr.kind {
        ExprKind::Or(a, b) => match (eval_known(a, env), eval_known(b, env)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        ExprKind::And(a, b) => match (eval_known(a, env), eval_known(b, env)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        ExprKind::Not(a) => eval_known(a, env).map(|b| !b),
        ExprKind::Lit(b) => Some(*b),
        _ => leaf(expr, env),
    }
}

/// A name, comparison or `in` test: `None` when its name has no value.
fn leaf(expr: &Expr, env: &dyn Env) -> Option<bool> {
    match &expr.kind {
        ExprKind::Name { name } => env.value_ref(name).map(|v| matches!(*v, Value::Bool(true))),
        ExprKind::Cmp {
            name,
            op,
            lit,
            version,
            ..
        } => env.value_ref(name).map(|v| match (&*v, version) {
            // the literal was read as a version when the condition was built
            (Value::Version(v), Some(l)) => op.holds(v.cmp(l)),
            _ => compare(&v, *op, lit),
        }),
        ExprKind::In { name, list, .. } => env
            .value_ref(name)
            .map(|v| list.iter().any(|(lit, _)| compare(&v, CmpOp::Eq, lit))),
        ExprKind::Or(..) | ExprKind::And(..) | ExprKind::Not(_) | ExprKind::Lit(_) => {
            eval_known(expr, env)
        }
    }
}

/// `value op lit`; false when the types do not match.
fn compare(value: &Value, op: CmpOp, lit: &Literal) -> bool {
    match (value, lit) {
        (Value::Version(v), Literal::Str(s)) => {
            s.parse::<Version>().is_ok_and(|l| op.holds(v.cmp(&l)))
        }
        (Value::Number(n), Literal::Num(l)) => n.partial_cmp(l).is_some_and(|o| op.holds(o)),
        (Value::Bool(b), Literal::Bool(l)) if !op.is_ordering() => op.holds(b.cmp(l)),
        (Value::Text(t), Literal::Str(s)) if !op.is_ordering() => op.holds(t.as_str().cmp(s)),
        (Value::Set(chosen), Literal::Str(s)) => match op {
            CmpOp::Eq => chosen.contains(s),
            CmpOp::Ne => !chosen.contains(s),
            _ => false,
        },
        _ => false,
    }
}

/// The value of `f`, or `None` when a name has no number value, a division is by zero, or the
/// result is not finite.
pub fn eval_formula(f: &Formula, env: &dyn Env) -> Option<f64> {
    let n = match &f.kind {
        FormulaKind::Num(n) => *n,
        FormulaKind::Name(name) => match *env.value_ref(name)? {
            Value::Number(n) => n,
            _ => return None,
        },
        FormulaKind::Neg(a) => -eval_formula(a, env)?,
        FormulaKind::Bin(op, a, b) => {
            let (a, b) = (eval_formula(a, env)?, eval_formula(b, env)?);
            match op {
                ArithOp::Add => a + b,
                ArithOp::Sub => a - b,
                ArithOp::Mul => a * b,
                ArithOp::Div if b == 0.0 => return None,
                ArithOp::Div => a / b,
            }
        }
    };
    n.is_finite().then_some(n)
}

struct NoValues;

impl Env for NoValues {
    fn value(&self, _: &str) -> Option<Value> {
        None
    }
}

/// The value of `f` when it uses no names.
pub(crate) fn const_value(f: &Formula) -> Option<f64> {
    eval_formula(f, &NoValues)
}
