//! JSON plan files: what serde_json does not say by itself.
//!
//! serde_json reads the plan (it is fast, and the planner's module has it anyway). Two things
//! it leaves out are added here, by one more walk over the same text:
//!
//! - a key repeated in one object (`"ris"` twice in `versions`) is kept silently by serde_json,
//!   the last one winning; here it is an error that names both places;
//! - serde's messages speak Rust ("invalid type: floating point `1.5`, expected a sequence");
//!   here they name the field (`products[0].parameters.upload-port`) and say what was expected
//!   and found in the plan's words.

use crate::diag::Code;
use crate::diag::{did_you_mean, line_col, Diagnostic, FieldPath};
use std::collections::BTreeMap;

/// Where the walk is: one frame per open object or list.
enum Frame {
    /// An object, its keys so far (with where each starts) and the key whose value is being read.
    Object {
        keys: BTreeMap<String, usize>,
        key: Option<String>,
        expect_key: bool,
    },
    List {
        index: usize,
    },
}

/// A shape serde_json accepts but a plan must not have.
pub(super) enum Problem {
    /// A key an object has twice: the object's path, the key, and the byte offsets of both
    /// keys' opening quotes.
    Repeated {
        object: FieldPath,
        key: String,
        first: usize,
        second: usize,
    },
    /// A list where an object is expected (serde reads a struct from a list, by position).
    ListForObject {
        field: FieldPath,
        what: &'static str,
        at: usize,
    },
}

/// What the walk meets.
enum Event<'a> {
    /// An object key, at its opening quote (already current in its frame, not yet recorded).
    Key(&'a str, usize),
    /// A `[` opening a value.
    ListOpen(usize),
}

/// `products[0].versions` for a stack of frames.
fn path(stack: &[Frame]) -> FieldPath {
    stack.iter().fold(FieldPath::default(), |path, f| match f {
        Frame::Object { key: Some(k), .. } => path.key(k.as_str()),
        Frame::Object { key: None, .. } => path,
        Frame::List { index } => path.index(*index),
    })
}

/// The JSON string whose opening quote is at `at`: its value (escapes decoded, so `"n\u0061me"`
/// is `name`) and the offset after its closing quote.
fn string_at(text: &str, at: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => break,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    let end = (i + 1).min(text.len());
    let literal = text.get(at..end).unwrap_or_default();
    let value = serde_json::from_str::<String>(literal)
        .unwrap_or_else(|_| literal.trim_matches('"').to_string());
    (value, end)
}

/// Walks `text` up to byte `end` (or its end), telling `on` of every key and list; stops early
/// when `on` returns false. Returns the stack where it stopped. The walk trusts the text to be
/// JSON up to `end` (serde_json has read it) and never fails.
fn walk(text: &str, end: usize, mut on: impl FnMut(&[Frame], Event<'_>) -> bool) -> Vec<Frame> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end.min(bytes.len()) {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'{' => stack.push(Frame::Object {
                keys: BTreeMap::new(),
                key: None,
                expect_key: true,
            }),
            b'[' => {
                if !on(&stack, Event::ListOpen(i)) {
                    return stack;
                }
                stack.push(Frame::List { index: 0 });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::List { index }) => *index += 1,
                Some(Frame::Object {
                    key, expect_key, ..
                }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let (s, next) = string_at(text, i);
                if let Some(Frame::Object {
                    key, expect_key, ..
                }) = stack.last_mut()
                {
                    if *expect_key {
                        *expect_key = false;
                        *key = Some(s.clone());
                        if !on(&stack, Event::Key(&s, i)) {
                            return stack;
                        }
                        if let Some(Frame::Object { keys, .. }) = stack.last_mut() {
                            keys.entry(s).or_insert(i);
                        }
                    }
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    stack
}

/// What the plan expects at a place where a list opens, if it is an object: the plan itself,
/// a product or a host.
fn object_expected(stack: &[Frame]) -> Option<&'static str> {
    match stack {
        [] => Some("a plan: an object with `schema`, `name`, `products` and `hosts`"),
        [Frame::Object { key: Some(k), .. }, Frame::List { .. }] if k == "products" => {
            Some("a product: an object with `id`, `versions`, `options` and `parameters`")
        }
        [Frame::Object { key: Some(k), .. }, Frame::List { .. }] if k == "hosts" => {
            Some("a host: an object with `name`, `addresses`, `zone` and `roles`")
        }
        _ => None,
    }
}

/// The first repeated key, or list where an object belongs, in `text` (JSON that serde_json
/// read as a plan).
pub(super) fn shape_problem(text: &str) -> Option<Problem> {
    let mut found = None;
    walk(text, text.len(), |stack, event| {
        found = match event {
            Event::Key(key, at) => match stack.last() {
                Some(Frame::Object { keys, .. }) => keys.get(key).map(|&first| {
                    let object = path(stack.get(..stack.len() - 1).unwrap_or_default());
                    Problem::Repeated {
                        object,
                        key: key.to_string(),
                        first,
                        second: at,
                    }
                }),
                _ => None,
            },
            Event::ListOpen(at) => object_expected(stack).map(|what| Problem::ListForObject {
                field: path(stack),
                what,
                at,
            }),
        };
        found.is_none()
    });
    found
}

/// The path of the field at byte `offset` of `text` (`hosts[0].addresses`), empty at the top.
pub(super) fn field_at(text: &str, offset: usize) -> FieldPath {
    path(&walk(text, offset, |_, _| true))
}

/// The byte offset of serde_json's (1-based line, byte column) position.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

/// serde's name for what it found, in the plan's words.
fn found_words(serde: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("floating point ", "a decimal number "),
        ("integer ", "a whole number "),
        ("string ", "the text "),
        ("boolean ", ""),
        ("sequence", "a list"),
        ("map", "an object"),
        ("unit value", "null"),
    ];
    for (from, to) in WORDS {
        if let Some(rest) = serde.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    serde.to_string()
}

/// serde's name for what it expected, in the plan's words.
fn expected_words(serde: &str) -> &str {
    match serde {
        "a sequence" => "a list",
        "a map" => "an object",
        "u32" => "a whole number from 0 to 4294967295",
        "i64" | "u64" => "a whole number",
        other => other,
    }
}

/// A serde_json data error as a sentence about `field`, with a help line.
fn plan_words(message: &str, field: &str) -> (String, String) {
    let subject = if field.is_empty() {
        "the file".to_string()
    } else {
        format!("`{field}`")
    };
    let general = "a plan is a JSON object with `schema`, `name`, `products` and `hosts`";
    let kind = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    if let Some((found, expected)) = kind.and_then(|m| m.rsplit_once(", expected ")) {
        return (
            format!(
                "{subject} should be {}, found {}",
                expected_words(expected),
                found_words(found)
            ),
            general.to_string(),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (
            format!("{subject} has no {rest}"),
            format!("add {rest}; {general}"),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, known) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let known = known.strip_prefix("one of ").unwrap_or(known);
        let candidates: Vec<&str> = known
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let help = match did_you_mean(name.trim_matches('`'), candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Known fields: {known}"),
            None => format!("remove it or fix its spelling; known fields: {known}"),
        };
        // the field is the unknown key itself: name the object it is in
        let parent = match field.rsplit_once('.') {
            Some((parent, _)) => format!("`{parent}`"),
            None => "the plan".to_string(),
        };
        return (format!("unknown field {name} in {parent}"), help);
    }
    (format!("{subject}: {message}"), general.to_string())
}

/// The diagnostic for a shape problem, at the second key or at the list.
fn shape_error(file: &str, text: &str, p: Problem) -> Diagnostic {
    match p {
        Problem::Repeated {
            object,
            key,
            first,
            second,
        } => {
            let (l1, c1) = line_col(text, first);
            let (l2, c2) = line_col(text, second);
            let (place, field) = if object.is_empty() {
                ("the plan".to_string(), FieldPath::root(key.as_str()))
            } else {
                (format!("`{object}`"), object.clone().key(key.as_str()))
            };
            Diagnostic::error(
                Code::PlanDuplicateKey,
                format!(
                    "`{key}` is given twice in {place}: at line {l1}, column {c1} and at line {l2}, column {c2}"
                ),
            )
            .with_help("keep one of the two; a repeated key would silently replace the first value")
            .with_field(field)
            .at(file, l2, c2)
        }
        Problem::ListForObject { field, what, at } => {
            let (line, col) = line_col(text, at);
            let subject = if field.is_empty() {
                "the file".to_string()
            } else {
                format!("`{field}`")
            };
            let d = Diagnostic::error(
                Code::PlanSyntax,
                format!("{subject} should be {what}, found a list"),
            )
            .with_help("write it as an object: `{ \"key\": value, ... }`")
            .at(file, line, col);
            if field.is_empty() {
                d
            } else {
                d.with_field(field)
            }
        }
    }
}

/// Reads a JSON plan: serde_json's result, with a repeated key reported as an error at both
/// places and every message naming its field.
#[allow(clippy::result_large_err)]
pub(super) fn read(file: &str, text: &str) -> Result<super::Plan, Diagnostic> {
    let result = serde_json::from_str::<super::Plan>(text);
    let syntax = matches!(&result, Err(e) if !e.is_data());
    if !syntax {
        if let Some(p) = shape_problem(text) {
            return Err(shape_error(file, text, p));
        }
    }
    result.map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        let (line, col) = line_col(text, offset);
        let field = field_at(text, offset);
        let full = e.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        let (message, help) = if syntax {
            (
                message.to_string(),
                "a plan is a JSON object with `schema`, `name`, `products` and `hosts`".to_string(),
            )
        } else {
            plan_words(message, &field.to_string())
        };
        let d = Diagnostic::error(Code::PlanSyntax, message)
            .with_help(help)
            .at(file, line.max(1), col.max(1));
        if field.is_empty() {
            d
        } else {
            d.with_field(field)
        }
    })
}

/// Reads an option's value: `true`, `false`, a value name or a list of value names.
struct OptionValueVisitor;

impl<'de> serde::de::Visitor<'de> for OptionValueVisitor {
    type Value = super::OptionValue;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`true`, `false`, a value name or a list of value names")
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(super::OptionValue::Bool(b))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(super::OptionValue::Text(s.to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(name) = seq.next_element::<ValueName>()? {
            names.push(name.0);
        }
        Ok(super::OptionValue::List(names))
    }
}

/// One value name in an option's list (its message says so, not serde's "a string").
struct ValueName(String);

impl<'de> serde::Deserialize<'de> for ValueName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ValueName;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value name")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(ValueName(s.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> serde::Deserialize<'de> for super::OptionValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OptionValueVisitor)
    }
}

/// Reads a parameter's value: a whole number or text.
struct ParamInputVisitor;

impl serde::de::Visitor<'_> for ParamInputVisitor {
    type Value = super::ParamInput;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number or text")
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(super::ParamInput::Number(n))
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
        i64::try_from(n)
            .map(super::ParamInput::Number)
            .map_err(|_| {
                E::invalid_value(
                    serde::de::Unexpected::Unsigned(n),
                    &"a whole number or text (a number up to 9223372036854775807)",
                )
            })
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(super::ParamInput::Text(s.to_string()))
    }
}

impl<'de> serde::Deserialize<'de> for super::ParamInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParamInputVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_where_serde_stops() {
        let t = r#"{"products": [{"id": "a"}, {"id": "b", "parameters": {"p": 1.5}}]}"#;
        let at = t.find("1.5").unwrap() + 3;
        assert_eq!(field_at(t, at).to_string(), "products[1].parameters.p");
        assert!(field_at(t, 0).is_empty());
        assert_eq!(
            field_at(r#"{"a\"b": [1, 2, [3"#, 17).to_string(),
            "a\"b[2][0]"
        );
    }

    #[test]
    fn options_take_a_switch_a_value_name_or_a_list_of_value_names() {
        use crate::plan::{OptionValue, Plan};
        let t = r#"{"products": [{"id": "p", "options": {"a": true, "b": "x", "c": ["y", "z"], "d": []}}]}"#;
        let plan = Plan::from_json("p.json", t).unwrap();
        let o = &plan.products[0].options;
        assert_eq!(o["a"], OptionValue::Bool(true));
        assert_eq!(o["b"], OptionValue::Text("x".into()));
        assert_eq!(o["c"], OptionValue::List(vec!["y".into(), "z".into()]));
        assert_eq!(o["d"], OptionValue::List(Vec::new()));
        let e = Plan::from_json(
            "p.json",
            r#"{"products": [{"id": "p", "options": {"c": ["y", 1]}}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.field.as_ref().map(ToString::to_string).as_deref(),
            Some("products[0].options.c[1]"),
            "{e}"
        );
        assert!(
            e.message.contains("a value name, found a whole number"),
            "{e}"
        );
        let e = Plan::from_json(
            "p.json",
            r#"{"products": [{"id": "p", "options": {"c": 2}}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("a list of value names"), "{e}");
    }

    #[test]
    fn repeated_keys_and_lists_for_objects() {
        let Some(Problem::Repeated {
            object,
            key,
            first,
            second,
        }) = shape_problem(r#"{"hosts": [{"name": "a", "n\u0061me": "b"}]}"#)
        else {
            panic!("a repeated key")
        };
        assert_eq!(
            (object.to_string().as_str(), key.as_str(), first, second),
            ("hosts[0]", "name", 12, 25)
        );
        assert!(shape_problem(r#"{"hosts": [{"name": "a"}, {"name": "a"}]}"#).is_none());
        assert!(matches!(
            shape_problem(r#"{"products": [["x"]]}"#),
            Some(Problem::ListForObject { field, .. }) if field == "products[0]"
        ));
        // lists inside a product are lists
        assert!(shape_problem(r#"{"hosts": [{"name": "a", "roles": ["x/y"]}]}"#).is_none());
    }
}
