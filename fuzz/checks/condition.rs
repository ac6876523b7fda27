//! The condition and formula language on arbitrary text: parsing, type checking and evaluation
//! never panic, and the canonical text of anything that parses parses back to the same tree.
//!
//! The body of the cargo-fuzz target `condition` (`fuzz_targets/condition.rs`), shared with the
//! native test `tests/fuzz_targets.rs` (seed corpus and generated input, on stable).

use portolan_core::cond::{
    check, check_formula, eval, eval_formula, parse_condition, parse_formula, SymbolKind, Value,
};
use std::collections::BTreeMap;

fn symbols() -> BTreeMap<String, SymbolKind> {
    [
        ("ris", SymbolKind::Version),
        ("agent", SymbolKind::Version),
        ("cloud", SymbolKind::Bool),
        (
            "mode",
            SymbolKind::Enum(vec!["secure".into(), "non-secure".into()]),
        ),
        ("calls", SymbolKind::Number),
        ("port", SymbolKind::Number),
        ("tenant", SymbolKind::Text),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn env() -> BTreeMap<String, Value> {
    [
        (
            "ris",
            Value::Version("15.2 HFR3".parse().unwrap_or_else(|_| unreachable!())),
        ),
        (
            "agent",
            Value::Version("15.2.3".parse().unwrap_or_else(|_| unreachable!())),
        ),
        ("cloud", Value::Bool(true)),
        ("mode", Value::Text("secure".into())),
        ("calls", Value::Number(1000.0)),
        ("port", Value::Number(0.0)),
        ("tenant", Value::Text("acme".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// One input: the checks above, on `data`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (symbols, env) = (symbols(), env());

    match parse_condition(text) {
        Ok(expr) => {
            for e in check(&expr, &symbols) {
                // error spans point into the source
                assert!(
                    e.span.start <= e.span.end && e.span.end <= text.len(),
                    "{e:?}"
                );
            }
            let holds = eval(&expr, &env);
            let _ = expr.names();
            let shown = expr.to_string();
            let again = parse_condition(&shown)
                .unwrap_or_else(|e| panic!("`{text}` shows as `{shown}`, which fails: {e}"));
            assert_eq!(again, expr, "`{text}` shows as `{shown}`");
            assert_eq!(again.to_string(), shown);
            assert_eq!(eval(&again, &env), holds);
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{e:?}"
            );
            let _ = e.to_string();
        }
    }

    match parse_formula(text) {
        Ok(f) => {
            let _ = check_formula(&f, &symbols);
            let value = eval_formula(&f, &env);
            let shown = f.to_string();
            let again = parse_formula(&shown)
                .unwrap_or_else(|e| panic!("`{text}` shows as `{shown}`, which fails: {e}"));
            assert_eq!(again, f, "`{text}` shows as `{shown}`");
            assert_eq!(eval_formula(&again, &env), value);
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{e:?}"
            );
        }
    }
}
