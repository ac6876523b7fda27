use super::*;
use std::collections::BTreeMap;

// ---- helpers ----

fn sp(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

fn e(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

fn name(n: &str) -> Expr {
    e(ExprKind::Name { name: n.into() })
}

fn or(a: Expr, b: Expr) -> Expr {
    e(ExprKind::Or(Box::new(a), Box::new(b)))
}

fn and(a: Expr, b: Expr) -> Expr {
    e(ExprKind::And(Box::new(a), Box::new(b)))
}

fn not(a: Expr) -> Expr {
    e(ExprKind::Not(Box::new(a)))
}

fn cmp(n: &str, op: CmpOp, lit: Literal) -> Expr {
    e(ExprKind::Cmp {
        name: n.into(),
        name_span: Span::default(),
        op,
        version: lit.as_version(),
        lit,
        lit_span: Span::default(),
    })
}

fn in_list(n: &str, list: Vec<Literal>) -> Expr {
    e(ExprKind::In {
        name: n.into(),
        name_span: Span::default(),
        list: list.into_iter().map(|l| (l, Span::default())).collect(),
    })
}

fn s(v: &str) -> Literal {
    Literal::Str(v.into())
}

fn f(kind: FormulaKind) -> Formula {
    Formula {
        kind,
        span: Span::default(),
    }
}

fn num(n: f64) -> Formula {
    f(FormulaKind::Num(n))
}

fn fname(n: &str) -> Formula {
    f(FormulaKind::Name(n.into()))
}

fn bin(op: ArithOp, a: Formula, b: Formula) -> Formula {
    f(FormulaKind::Bin(op, Box::new(a), Box::new(b)))
}

fn neg(a: Formula) -> Formula {
    f(FormulaKind::Neg(Box::new(a)))
}

fn parse(src: &str) -> Expr {
    parse_condition(src).unwrap_or_else(|e| panic!("`{src}` should parse: {e}"))
}

fn parse_err(src: &str) -> CondError {
    match parse_condition(src) {
        Ok(x) => panic!("`{src}` should not parse, got {x}"),
        Err(e) => e,
    }
}

fn formula(src: &str) -> Formula {
    parse_formula(src).unwrap_or_else(|e| panic!("`{src}` should parse: {e}"))
}

fn formula_err(src: &str) -> CondError {
    match parse_formula(src) {
        Ok(x) => panic!("`{src}` should not parse, got {x}"),
        Err(e) => e,
    }
}

/// Asserts message, span and the presence of help.
fn assert_err(err: &CondError, message: &str, span: Span) {
    assert_eq!(err.message, message);
    assert_eq!(err.span, span, "span of `{message}`");
    assert!(
        err.help.as_ref().is_some_and(|h| !h.is_empty()),
        "help for `{message}`"
    );
}

fn symbols() -> BTreeMap<String, SymbolKind> {
    [
        ("ris", SymbolKind::Version),
        (
            "websocket",
            SymbolKind::Enum(vec!["secure".into(), "non-secure".into()]),
        ),
        ("recording", SymbolKind::Bool),
        ("concurrent-calls", SymbolKind::Number),
        ("agents", SymbolKind::Number),
        ("site", SymbolKind::Text),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn check_src(src: &str) -> Vec<CondError> {
    check(&parse(src), &symbols())
}

fn check_formula_src(src: &str) -> Vec<CondError> {
    check_formula(&formula(src), &symbols())
}

fn env() -> BTreeMap<String, Value> {
    [
        ("ris", Value::Version("15.2 HFR3".parse().unwrap())),
        ("websocket", Value::Text("secure".into())),
        ("recording", Value::Bool(true)),
        ("screen", Value::Bool(false)),
        ("concurrent-calls", Value::Number(500.0)),
        ("agents", Value::Number(40.0)),
        ("zero", Value::Number(0.0)),
        ("nan", Value::Number(f64::NAN)),
        ("site", Value::Text("north".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn holds(src: &str) -> bool {
    eval(&parse(src), &env())
}

fn value_of(src: &str) -> Option<f64> {
    eval_formula(&formula(src), &env())
}

// ---- parsing conditions ----

#[test]
fn every_comparison_operator() {
    for (text, op) in [
        ("==", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<", CmpOp::Lt),
        ("<=", CmpOp::Le),
        (">", CmpOp::Gt),
        (">=", CmpOp::Ge),
    ] {
        assert_eq!(
            parse(&format!("ris {text} \"15.2\"")),
            cmp("ris", op, s("15.2"))
        );
        assert_eq!(op.as_str(), text);
    }
}

#[test]
fn literals() {
    assert_eq!(parse("a == 'x y'"), cmp("a", CmpOp::Eq, s("x y")));
    assert_eq!(parse("a == 30"), cmp("a", CmpOp::Eq, Literal::Num(30.0)));
    assert_eq!(parse("a >= 0.5"), cmp("a", CmpOp::Ge, Literal::Num(0.5)));
    assert_eq!(parse("a > -5"), cmp("a", CmpOp::Gt, Literal::Num(-5.0)));
    assert_eq!(parse("a == true"), cmp("a", CmpOp::Eq, Literal::Bool(true)));
    assert_eq!(
        parse("a != false"),
        cmp("a", CmpOp::Ne, Literal::Bool(false))
    );
    assert_eq!(parse("true"), e(ExprKind::Lit(true)));
    assert_eq!(parse("false"), e(ExprKind::Lit(false)));
    assert_eq!(parse("recording"), name("recording"));
}

#[test]
fn in_lists() {
    assert_eq!(
        parse(r#"tls in ["a", 'b', 3, true]"#),
        in_list(
            "tls",
            vec![s("a"), s("b"), Literal::Num(3.0), Literal::Bool(true)]
        )
    );
    assert_eq!(parse(r#"tls in ["a",]"#), in_list("tls", vec![s("a")]));
    assert_eq!(parse("x in [-1]"), in_list("x", vec![Literal::Num(-1.0)]));
}

#[test]
fn precedence_or_and_not() {
    assert_eq!(
        parse("a or b and not c"),
        or(name("a"), and(name("b"), not(name("c"))))
    );
    assert_eq!(
        parse("not a and b or c"),
        or(and(not(name("a")), name("b")), name("c"))
    );
    assert_eq!(parse("not a == \"x\""), not(cmp("a", CmpOp::Eq, s("x"))));
    assert_eq!(parse("not not a"), not(not(name("a"))));
    assert_eq!(
        parse("(a or b) and c"),
        and(or(name("a"), name("b")), name("c"))
    );
    assert_eq!(parse("not (a or b)"), not(or(name("a"), name("b"))));
}

#[test]
fn binary_operators_are_left_associative() {
    assert_eq!(
        parse("a or b or c"),
        or(or(name("a"), name("b")), name("c"))
    );
    assert_eq!(
        parse("a and b and c"),
        and(and(name("a"), name("b")), name("c"))
    );
    assert_eq!(
        parse("a or (b or c)"),
        or(name("a"), or(name("b"), name("c")))
    );
}

#[test]
fn spans_point_into_the_source() {
    let src = r#"ris >= "15.2 HFR3" and (websocket in ['secure', 'x'])"#;
    let x = parse(src);
    assert_eq!(x.span, sp(0, src.len()));
    let ExprKind::And(l, r) = &x.kind else {
        panic!("{x:?}")
    };
    let ExprKind::Cmp {
        name_span,
        lit_span,
        ..
    } = &l.kind
    else {
        panic!("{l:?}")
    };
    assert_eq!(*name_span, sp(0, 3));
    assert_eq!(*lit_span, sp(7, 18));
    assert_eq!(l.span, sp(0, 18));
    // Parentheses are part of the span.
    assert_eq!(r.span, sp(23, src.len()));
    let ExprKind::In {
        name_span, list, ..
    } = &r.kind
    else {
        panic!("{r:?}")
    };
    assert_eq!(&src[name_span.start..name_span.end], "websocket");
    let spans: Vec<&str> = list.iter().map(|(_, s)| &src[s.start..s.end]).collect();
    assert_eq!(spans, ["'secure'", "'x'"]);

    let x = parse("not  a > -5");
    assert_eq!(x.span, sp(0, 11));
    let ExprKind::Not(c) = &x.kind else { panic!() };
    let ExprKind::Cmp { lit_span, .. } = &c.kind else {
        panic!()
    };
    assert_eq!(*lit_span, sp(9, 11));
}

#[test]
fn names_are_listed_once_in_order() {
    let x = parse(r#"b == 1 or a and not b or c in ["x"] or true"#);
    assert_eq!(x.names(), ["b", "a", "c"]);
    assert!(parse("true").names().is_empty());
    let f = formula("(b + a) * b - 3");
    assert_eq!(f.names(), ["b", "a"]);
}

#[test]
fn kebab_names_and_keywords() {
    assert_eq!(parse("agent-pc-2"), name("agent-pc-2"));
    assert_eq!(parse("not-now"), name("not-now"));
    assert_eq!(
        parse("android or order"),
        or(name("android"), name("order"))
    );
    assert!(is_name("a-b1-c"));
    for bad in ["", "A", "a_b", "a--b", "a-", "-a", "1a", "and", "true", "é"] {
        assert!(!is_name(bad), "{bad}");
    }
}

#[test]
fn display_is_canonical_and_round_trips() {
    for (src, canonical) in [
        ("a  or(b)", "a or b"),
        ("a or b and not c", "a or b and not c"),
        ("(a or b) and c", "(a or b) and c"),
        ("a or (b or c)", "a or (b or c)"),
        ("(a or b) or c", "a or b or c"),
        ("a and (b and c)", "a and (b and c)"),
        ("not (a and b)", "not (a and b)"),
        ("not(not a)", "not not a"),
        ("(not a) and b", "not a and b"),
        ("ris>='15.2 HFR3'", r#"ris >= "15.2 HFR3""#),
        (r#"x == 'say "hi"'"#, r#"x == 'say "hi"'"#),
        (r#"x == "it's \"q\"""#, r#"x == "it's \"q\"""#),
        (r#"x == "C:\temp""#, r#"x == "C:\\temp""#),
        (
            "x in [ 'a' , 2.50, -1, false, ]",
            r#"x in ["a", 2.5, -1, false]"#,
        ),
        ("x > 1000000", "x > 1000000"),
        ("x > 0.001", "x > 0.001"),
        ("((true))", "true"),
    ] {
        let x = parse(src);
        assert_eq!(x.to_string(), canonical, "display of `{src}`");
        let y = parse(&x.to_string());
        assert_eq!(x, y, "`{src}` round trip");
        assert_eq!(y.to_string(), canonical);
    }
}

#[test]
fn equality_ignores_spans() {
    assert_eq!(parse("a == 1"), parse("  a==1 "));
    assert_ne!(parse("a == 1"), parse("a == 2"));
    assert_ne!(parse("a == 1"), parse("a != 1"));
    assert_ne!(parse("a in [1]"), parse("a in [1, 2]"));
    assert_ne!(parse("a or b"), parse("a and b"));
    assert_eq!(formula("a+1"), formula(" ( a + 1 ) "));
    assert_ne!(formula("a + 1"), formula("a - 1"));
}

// ---- condition parse errors ----

#[test]
fn empty_input() {
    assert_err(&parse_err(""), "the condition is empty", sp(0, 0));
    assert_err(&parse_err("   "), "the condition is empty", sp(0, 3));
}

#[test]
fn unexpected_tokens() {
    let err = parse_err("a == ");
    assert_err(
        &err,
        "expected a value after `==`, found end of input",
        sp(5, 5),
    );
    let err = parse_err("tls == secure");
    assert_err(
        &err,
        "expected a value after `==`, found name `secure`",
        sp(7, 13),
    );
    assert_eq!(
        err.help.as_deref(),
        Some("to compare with text, put it in quotes: `\"secure\"`")
    );
    let err = parse_err(") or a");
    assert_err(&err, "expected a name, `not` or `(`, found `)`", sp(0, 1));
    let err = parse_err("\"x\" == tls");
    assert_err(&err, "expected a name, found string `\"x\"`", sp(0, 3));
    let err = parse_err("5 < x");
    assert_err(&err, "expected a name, found number `5`", sp(0, 1));
    let err = parse_err("a and");
    assert_err(
        &err,
        "expected a condition after `and`, found end of input",
        sp(5, 5),
    );
    let err = parse_err("a or or b");
    assert_err(&err, "expected a name, `not` or `(`, found `or`", sp(5, 7));
    let err = parse_err("a == (");
    assert_err(&err, "expected a value after `==`, found `(`", sp(5, 6));
    let err = parse_err("a in \"x\"");
    assert_err(
        &err,
        "expected `[` after `in`, found string `\"x\"`",
        sp(5, 8),
    );
    let err = parse_err("a in [\"x\" \"y\"]");
    assert_err(&err, "expected `]`, found string `\"y\"`", sp(10, 13));
    let err = parse_err("a in [\"x\", ,]");
    assert_err(&err, "expected a value after `,`, found `,`", sp(11, 12));
    let err = parse_err("a + 1");
    assert_err(
        &err,
        "unexpected `+` after the end of the condition",
        sp(2, 3),
    );
}

#[test]
fn empty_list() {
    assert_err(&parse_err("a in []"), "the list is empty", sp(5, 7));
    assert_err(
        &parse_err("a in [ , ]"),
        "expected a value after `[`, found `,`",
        sp(7, 8),
    );
}

#[test]
fn unclosed_string_paren_and_bracket() {
    assert_err(&parse_err("a == \"x"), "unclosed string `\"x`", sp(5, 7));
    assert_err(&parse_err("a == 'x"), "unclosed string `'x`", sp(5, 7));
    assert_err(&parse_err("(a and (b"), "unclosed `(`", sp(7, 8));
    assert_err(&parse_err("(a and b"), "unclosed `(`", sp(0, 1));
    assert_err(&parse_err("a in [\"x\""), "unclosed `[`", sp(5, 6));
    assert_err(&parse_err("a in [\"x\","), "unclosed `[`", sp(5, 6));
    assert_err(&parse_err("a in ["), "unclosed `[`", sp(5, 6));
    let err = parse_err("(a b)");
    assert_err(&err, "expected `)`, found name `b`", sp(3, 4));
}

#[test]
fn trailing_input() {
    let err = parse_err("a b");
    assert_err(
        &err,
        "unexpected name `b` after the end of the condition",
        sp(2, 3),
    );
    assert_eq!(
        err.help.as_deref(),
        Some("join conditions with `and` or `or`")
    );
    let err = parse_err("a == 1 == 2");
    assert_err(
        &err,
        "unexpected `==` after the end of the condition",
        sp(7, 9),
    );
    assert!(err.help.unwrap().contains("cannot be chained"));
    let err = parse_err("tls \"secure\"");
    assert_err(
        &err,
        "unexpected string `\"secure\"` after the end of the condition",
        sp(4, 12),
    );
    assert_eq!(
        err.help.as_deref(),
        Some("compare with an operator, e.g. `tls == \"secure\"`")
    );
    let err = parse_err("(a 5)");
    assert_err(&err, "expected `)`, found number `5`", sp(3, 4));
    assert_eq!(
        err.help.as_deref(),
        Some("compare with an operator, e.g. `a == 5`")
    );
    let err = parse_err("a)");
    assert_err(
        &err,
        "unexpected `)` after the end of the condition",
        sp(1, 2),
    );
    assert_eq!(err.help.as_deref(), Some("this `)` has no matching `(`"));
}

#[test]
fn lexer_errors_surface() {
    assert_err(&parse_err("a = 1"), "unexpected `=`", sp(2, 3));
    assert_err(
        &parse_err("ris >= 15.2.3"),
        "`15.2.3` is not a number",
        sp(7, 13),
    );
    assert_err(&parse_err("Tls"), "`Tls` is not a valid name", sp(0, 3));
    assert_err(&parse_err("a OR b"), "`OR` is not a valid name", sp(2, 4));
}

#[test]
fn nesting_is_capped() {
    let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(parse(&ok), name("a"));
    let deep = format!(
        "{}a{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let err = parse_err(&deep);
    assert_eq!(err.span, sp(MAX_DEPTH, MAX_DEPTH + 1));
    assert!(
        err.message.contains("nested more than 64 levels"),
        "{}",
        err.message
    );

    parse(&format!("{}a", "not ".repeat(MAX_DEPTH - 1)));
    let err = parse_err(&format!("{}a", "not ".repeat(MAX_DEPTH)));
    assert!(err.message.contains("64 levels"), "{}", err.message);

    // Long chains make deep trees too.
    parse(&vec!["a"; MAX_DEPTH].join(" or "));
    let err = parse_err(&vec!["a"; MAX_DEPTH + 1].join(" or "));
    assert!(err.message.contains("64 levels"), "{}", err.message);
    assert_eq!(
        parse_err(&vec!["a"; 2000].join(" and ")).span.end,
        6 * 63 + 5
    );

    // Far too deep: an error, not a stack overflow.
    parse_err(&"(".repeat(100_000));
    parse_err(&"not ".repeat(100_000));
    formula_err(&"-".repeat(100_000));
    formula_err(&format!("{}1", "(".repeat(100_000)));
    formula_err(&vec!["1"; 10_000].join(" + "));
}

// ---- formulas ----

#[test]
fn formula_operators_and_precedence() {
    assert_eq!(
        formula("30 * concurrent-calls / 1000"),
        bin(
            ArithOp::Div,
            bin(ArithOp::Mul, num(30.0), fname("concurrent-calls")),
            num(1000.0)
        )
    );
    assert_eq!(
        formula("(a + b) * 2"),
        bin(
            ArithOp::Mul,
            bin(ArithOp::Add, fname("a"), fname("b")),
            num(2.0)
        )
    );
    assert_eq!(formula("a - b"), bin(ArithOp::Sub, fname("a"), fname("b")));
    assert_eq!(formula("a-b"), fname("a-b"));
    assert_eq!(formula("a -b"), bin(ArithOp::Sub, fname("a"), fname("b")));
    assert_eq!(formula("2-3"), bin(ArithOp::Sub, num(2.0), num(3.0)));
    assert_eq!(
        formula("a + b * c"),
        bin(
            ArithOp::Add,
            fname("a"),
            bin(ArithOp::Mul, fname("b"), fname("c"))
        )
    );
    assert_eq!(
        formula("8 - 4 - 2"),
        bin(
            ArithOp::Sub,
            bin(ArithOp::Sub, num(8.0), num(4.0)),
            num(2.0)
        )
    );
    assert_eq!(
        formula("-a * b"),
        bin(ArithOp::Mul, neg(fname("a")), fname("b"))
    );
    assert_eq!(
        formula("a - -b"),
        bin(ArithOp::Sub, fname("a"), neg(fname("b")))
    );
    assert_eq!(formula("--1.5"), neg(neg(num(1.5))));
    let x = formula("30 * (a + 1)");
    assert_eq!(x.span, sp(0, 12));
}

#[test]
fn formula_display_round_trips() {
    for (src, canonical) in [
        ("30*concurrent-calls/1000", "30 * concurrent-calls / 1000"),
        ("(a+b)*2", "(a + b) * 2"),
        ("a -(b - c)", "a - (b - c)"),
        ("(a - b)- c", "a - b - c"),
        ("(a-b) - c", "a-b - c"),
        ("a/(b*c)", "a / (b * c)"),
        ("-(a+b)", "-(a + b)"),
        ("- -a", "--a"),
        ("a - -b", "a - -b"),
        ("-a*b", "-a * b"),
        ("-(a*b)", "-(a * b)"),
        ("0.50", "0.5"),
    ] {
        let x = formula(src);
        assert_eq!(x.to_string(), canonical, "display of `{src}`");
        assert_eq!(formula(&x.to_string()), x, "`{src}` round trip");
    }
}

#[test]
fn formula_parse_errors() {
    assert_err(&formula_err(""), "the formula is empty", sp(0, 0));
    assert_err(
        &formula_err("a +"),
        "expected a term after `+`, found end of input",
        sp(3, 3),
    );
    assert_err(
        &formula_err("a b"),
        "unexpected name `b` after the end of the formula",
        sp(2, 3),
    );
    assert_err(&formula_err("(a + 1"), "unclosed `(`", sp(0, 1));
    assert_err(
        &formula_err("a + 1)"),
        "unexpected `)` after the end of the formula",
        sp(5, 6),
    );
    let err = formula_err("\"5\" * a");
    assert_err(
        &err,
        "expected a number, a name or `(`, found string `\"5\"`",
        sp(0, 3),
    );
    assert!(err.help.unwrap().contains("drop the quotes"));
    assert_err(
        &formula_err("a * and"),
        "expected a number, a name or `(`, found `and`",
        sp(4, 7),
    );
    assert_err(
        &formula_err("a == 1"),
        "unexpected `==` after the end of the formula",
        sp(2, 4),
    );
    assert_err(&formula_err("a ^ 2"), "unexpected `^`", sp(2, 3));
}

#[test]
fn formula_eval() {
    assert_eq!(value_of("30 * concurrent-calls / 1000"), Some(15.0));
    assert_eq!(value_of("(agents + 10) * 2"), Some(100.0));
    assert_eq!(value_of("agents - concurrent-calls"), Some(-460.0));
    assert_eq!(value_of("-agents"), Some(-40.0));
    assert_eq!(value_of("7 / 2"), Some(3.5));
    assert_eq!(value_of("agents / zero"), None);
    assert_eq!(value_of("agents / (agents - 40)"), None);
    assert_eq!(value_of("unknown + 1"), None);
    assert_eq!(value_of("site + 1"), None);
    assert_eq!(value_of("recording * 2"), None);
    assert_eq!(value_of("nan + 1"), None);
    let big = format!("{} * {}", "9".repeat(300), "9".repeat(300));
    assert_eq!(value_of(&big), None);
}

#[test]
fn formula_check() {
    assert!(check_formula_src("30 * concurrent-calls / 1000 + agents").is_empty());

    let errs = check_formula_src("concurrent-calls-1 * 2");
    assert_eq!(errs.len(), 1);
    assert_err(&errs[0], "unknown name `concurrent-calls-1`", sp(0, 18));
    assert_eq!(
        errs[0].help.as_deref(),
        Some("`concurrent-calls-1` is one name; to subtract, put spaces around `-`: `concurrent-calls - 1`")
    );

    let errs = check_formula_src("agent * 2");
    assert_err(&errs[0], "unknown name `agent`", sp(0, 5));
    assert!(errs[0]
        .help
        .as_ref()
        .unwrap()
        .starts_with("did you mean `agents`?"));

    let errs = check_formula_src("recording + site + ris + websocket");
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`recording` is a bool option, not a number",
            "`site` is text, not a number",
            "`ris` is a version, not a number",
            "`websocket` is an option, not a number",
        ]
    );
    assert_eq!(errs[1].span, sp(12, 16));
    assert_eq!(
        errs[0].help.as_deref(),
        Some("formulas use number parameters: `agents` and `concurrent-calls`")
    );

    let errs = check_formula_src("agents / (2 - 2)");
    assert_eq!(errs.len(), 1);
    assert_err(&errs[0], "division by zero: `2 - 2` is 0", sp(9, 16));
    assert_eq!(check_formula_src("agents / 0").len(), 1);
    assert!(check_formula_src("agents / (agents - 2)").is_empty());
}

// ---- type checks ----

#[test]
fn well_typed_conditions_pass() {
    for src in [
        r#"ris >= "15.2 HFR3" and websocket == "secure""#,
        r#"ris < '16' or ris in ["15.2", "15.3 HFR1"]"#,
        "recording",
        "not recording",
        "recording == false",
        "recording != true",
        "concurrent-calls > 100 and agents <= 40.5",
        "concurrent-calls == -1",
        r#"websocket in ["secure", "non-secure"]"#,
        r#"websocket != "secure""#,
        r#"site == "north" or site in ['south']"#,
        "true or false",
    ] {
        let errs = check_src(src);
        assert!(errs.is_empty(), "`{src}`: {errs:?}");
    }
}

#[test]
fn version_type_errors() {
    let errs = check_src(r#"ris >= "15.x""#);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].message, "`15.x` is not a version");
    assert_eq!(errs[0].span, sp(7, 13));
    assert_eq!(
        errs[0].help.as_deref(),
        Some("a version starts with numbers separated by dots, e.g. `15.2.3` or `15.2 HFR3`")
    );

    let errs = check_src("ris >= 5");
    assert_err(
        &errs[0],
        "cannot compare version `ris` with number `5`",
        sp(7, 8),
    );
    assert_eq!(
        errs[0].help.as_deref(),
        Some("write the version in quotes: `ris >= \"5\"`")
    );
    let errs = check_src("ris == true");
    assert_err(
        &errs[0],
        "cannot compare version `ris` with bool `true`",
        sp(7, 11),
    );
    let errs = check_src("ris");
    assert_err(&errs[0], "`ris` is a version, not a bool option", sp(0, 3));
    assert_eq!(
        errs[0].help.as_deref(),
        Some("compare it with a value, e.g. `ris >= \"1.0\"`")
    );
    let errs = check_src(r#"ris in ["15.2", "x"]"#);
    assert_err(&errs[0], "`x` is not a version", sp(16, 19));
}

#[test]
fn enum_type_errors() {
    let errs = check_src(r#"websocket == "secur""#);
    assert_eq!(errs.len(), 1);
    assert_err(
        &errs[0],
        "`secur` is not a value of option `websocket`",
        sp(13, 20),
    );
    assert_eq!(
        errs[0].help.as_deref(),
        Some("did you mean `secure`? `websocket` takes `secure` or `non-secure`")
    );
    let errs = check_src(r#"websocket == "plain""#);
    assert_eq!(
        errs[0].help.as_deref(),
        Some("`websocket` takes `secure` or `non-secure`")
    );
    let errs = check_src(r#"websocket < "secure""#);
    assert_eq!(errs.len(), 1);
    assert_err(
        &errs[0],
        "option `websocket` has no order, so it cannot be compared with `<`",
        sp(0, 20),
    );
    let errs = check_src("websocket == 1");
    assert_err(
        &errs[0],
        "cannot compare option `websocket` with number `1`",
        sp(13, 14),
    );
    let errs = check_src(r#"websocket in ["secure", "bad", 3]"#);
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].span, sp(24, 29));
    assert_eq!(errs[1].span, sp(31, 32));
    let errs = check_src("websocket");
    assert_err(
        &errs[0],
        "`websocket` is an option, not a bool option",
        sp(0, 9),
    );
    assert!(errs[0]
        .help
        .as_ref()
        .unwrap()
        .contains("`websocket == \"secure\"`"));
}

#[test]
fn bool_number_text_type_errors() {
    let errs = check_src("recording > true");
    assert_eq!(errs.len(), 1);
    assert_err(
        &errs[0],
        "bool option `recording` has no order, so it cannot be compared with `>`",
        sp(0, 16),
    );
    let errs = check_src(r#"recording == "yes""#);
    assert_err(
        &errs[0],
        "cannot compare bool option `recording` with string `\"yes\"`",
        sp(13, 18),
    );
    // Both the operator and the value are wrong: both are reported.
    assert_eq!(check_src("recording >= 1").len(), 2);

    let errs = check_src(r#"concurrent-calls > "100""#);
    assert_err(
        &errs[0],
        "cannot compare number `concurrent-calls` with string `\"100\"`",
        sp(19, 24),
    );
    assert_eq!(
        errs[0].help.as_deref(),
        Some("drop the quotes: `concurrent-calls > 100`")
    );
    let errs = check_src("agents == true");
    assert_err(
        &errs[0],
        "cannot compare number `agents` with bool `true`",
        sp(10, 14),
    );
    let errs = check_src("agents");
    assert_err(
        &errs[0],
        "`agents` is a number, not a bool option",
        sp(0, 6),
    );

    let errs = check_src(r#"site < "m""#);
    assert_err(
        &errs[0],
        "text `site` has no order, so it cannot be compared with `<`",
        sp(0, 10),
    );
    let errs = check_src("site == 5");
    assert_err(
        &errs[0],
        "cannot compare text `site` with number `5`",
        sp(8, 9),
    );
    assert_eq!(
        errs[0].help.as_deref(),
        Some("put the value in quotes: `site == \"5\"`")
    );
    let errs = check_src("site");
    assert_err(&errs[0], "`site` is text, not a bool option", sp(0, 4));
}

#[test]
fn unknown_names() {
    let errs = check_src(r#"riss >= "15.2""#);
    assert_eq!(errs.len(), 1);
    assert_err(&errs[0], "unknown name `riss`", sp(0, 4));
    assert_eq!(
        errs[0].help.as_deref(),
        Some("did you mean `ris`? known names: `agents`, `concurrent-calls`, `recording`, `ris`, `site` and `websocket`")
    );
    let errs = check_src("database");
    assert_eq!(
        errs[0].help.as_deref(),
        Some(
            "known names: `agents`, `concurrent-calls`, `recording`, `ris`, `site` and `websocket`"
        )
    );
    let errs = check_src("x in [1]");
    assert_err(&errs[0], "unknown name `x`", sp(0, 1));

    let empty: BTreeMap<String, SymbolKind> = BTreeMap::new();
    let errs = check(&parse("x"), &empty);
    assert_eq!(
        errs[0].help.as_deref(),
        Some("no components, options or parameters are defined here")
    );
    let hashed: std::collections::HashMap<String, SymbolKind> = symbols().into_iter().collect();
    assert!(check(&parse("recording"), &hashed).is_empty());
    assert_eq!(check(&parse("recordin"), &hashed).len(), 1);
}

#[test]
fn all_errors_are_reported_in_order() {
    let src = r#"rsi >= "1" or websocket == "x" and agents or not (ris > 5 and site < "a")"#;
    let errs = check_src(src);
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown name `rsi`",
            "`x` is not a value of option `websocket`",
            "`agents` is a number, not a bool option",
            "cannot compare version `ris` with number `5`",
            "text `site` has no order, so it cannot be compared with `<`",
        ]
    );
    for err in &errs {
        assert!(src.get(err.span.start..err.span.end).is_some());
    }
}

#[test]
fn error_display_has_help() {
    let err = parse_err("a = 1");
    assert_eq!(
        err.to_string(),
        "unexpected `=`\n  help: use `==` to compare"
    );
    let bare = CondError::new(sp(0, 1), "x");
    assert_eq!(bare.to_string(), "x");
}

// ---- evaluation ----

#[test]
fn eval_versions() {
    assert!(holds(r#"ris >= "15.2 HFR3""#));
    assert!(holds(r#"ris == "15.2.0 HFR3""#));
    assert!(holds(r#"ris <= "v15.2 hfr 3""#));
    assert!(!holds(r#"ris > "15.2 HFR3""#));
    assert!(!holds(r#"ris != "15.2 HFR3""#));
    assert!(holds(r#"ris > "15.2 HFR2""#));
    assert!(holds(r#"ris < "15.2.1""#));
    assert!(!holds(r#"ris >= "15.2 HFR4""#));
    assert!(holds(r#"ris in ["14", "15.2 and HFR3"]"#));
    assert!(!holds(r#"ris in ["14", "15.2"]"#));
    // Not a version, or not a string: false.
    assert!(!holds(r#"ris >= "15.x""#));
    assert!(!holds("ris >= 15"));
}

#[test]
fn eval_numbers() {
    for (src, want) in [
        ("agents == 40", true),
        ("agents != 40", false),
        ("agents < 40", false),
        ("agents <= 40", true),
        ("agents > 39.5", true),
        ("agents >= 41", false),
        ("agents > -1", true),
        ("agents in [1, 40]", true),
        ("agents == \"40\"", false),
        ("nan == 1", false),
        ("nan != 1", false),
    ] {
        assert_eq!(holds(src), want, "`{src}`");
    }
}

#[test]
fn eval_bools_text_and_logic() {
    for (src, want) in [
        ("recording", true),
        ("screen", false),
        ("not screen", true),
        ("recording == true", true),
        ("recording != true", false),
        ("screen == false", true),
        ("recording > false", false),
        (r#"websocket == "secure""#, true),
        (r#"websocket != "secure""#, false),
        (r#"websocket in ["non-secure", "secure"]"#, true),
        (r#"websocket in ["non-secure"]"#, false),
        (r#"websocket > "a""#, false),
        (r#"site == "north""#, true),
        ("true", true),
        ("false", false),
        ("recording and screen", false),
        ("recording or screen", true),
        ("screen or recording and not screen", true),
        ("(screen or recording) and screen", false),
        ("not (screen or screen)", true),
        // Unknown or mismatched values make the comparison false.
        ("unknown", false),
        ("unknown == 1", false),
        (r#"unknown != "x""#, false),
        ("not unknown == 1", true),
        ("agents", false),
        ("site == 1", false),
        (r#"recording == "true""#, false),
    ] {
        assert_eq!(holds(src), want, "`{src}`");
    }
}

// ---- properties ----

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use crate::version::Version;
    use proptest::prelude::*;

    fn arb_name() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9]{0,3}(-[a-z0-9]{1,3}){0,2}".prop_filter("keyword", |n| is_name(n))
    }

    fn arb_finite() -> impl Strategy<Value = f64> {
        prop_oneof![
            (0u32..5000).prop_map(f64::from),
            (0u32..5000).prop_map(|n| f64::from(n) / 100.0),
            any::<f64>().prop_filter("finite", |n| n.is_finite()),
        ]
    }

    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[\"'\\\\a ]{0,6}",
            "\\PC{0,8}",
            any::<String>(),
            Just("15.2 HFR3".to_string()),
        ]
    }

    fn arb_lit() -> impl Strategy<Value = Literal> {
        prop_oneof![
            arb_text().prop_map(Literal::Str),
            arb_finite().prop_map(Literal::Num),
            arb_finite().prop_map(|n| Literal::Num(-n)),
            any::<bool>().prop_map(Literal::Bool),
        ]
    }

    fn arb_op() -> impl Strategy<Value = CmpOp> {
        prop::sample::select(vec![
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Gt,
            CmpOp::Ge,
        ])
    }

    fn arb_expr() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![
            arb_name().prop_map(|n| name(&n)),
            any::<bool>().prop_map(|b| e(ExprKind::Lit(b))),
            (arb_name(), arb_op(), arb_lit()).prop_map(|(n, op, lit)| cmp(&n, op, lit)),
            (arb_name(), prop::collection::vec(arb_lit(), 1..4))
                .prop_map(|(n, list)| in_list(&n, list)),
        ];
        leaf.prop_recursive(6, 48, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| or(a, b)),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| and(a, b)),
                inner.prop_map(not),
            ]
        })
    }

    fn arb_formula() -> impl Strategy<Value = Formula> {
        let leaf = prop_oneof![
            arb_name().prop_map(|n| fname(&n)),
            arb_finite().prop_map(|n| num(n.abs())),
        ];
        leaf.prop_recursive(6, 48, 2, |inner| {
            prop_oneof![
                (
                    prop::sample::select(vec![
                        ArithOp::Add,
                        ArithOp::Sub,
                        ArithOp::Mul,
                        ArithOp::Div
                    ]),
                    inner.clone(),
                    inner.clone()
                )
                    .prop_map(|(op, a, b)| bin(op, a, b)),
                inner.prop_map(neg),
            ]
        })
    }

    /// Source-like noise: tokens of both languages, broken pieces and raw characters.
    fn soup() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a", "b-c", "x1", "and", "or", "not", "in", "true", "false", "(", ")", "[", "]", ",",
            "==", "!=", "<", "<=", ">", ">=", "=", "!", "+", "-", "*", "/", "\"x\"", "'y'", "\"",
            "'", "\\", "1", "2.5", "15.2.3", "5.", ".", "A", "_", "é", "\u{201c}", " ", "&&", "||",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|v| v.join(""))
    }

    fn assert_error_is_located(src: &str, err: &CondError) {
        assert!(err.span.start <= err.span.end, "{err:?}");
        assert!(
            src.get(err.span.start..err.span.end).is_some(),
            "span {:?} of `{}` in {src:?}",
            err.span,
            err.message
        );
        assert!(err.help.is_some(), "{err:?}");
    }

    fn all_kinds() -> BTreeMap<String, SymbolKind> {
        symbols()
    }

    proptest! {
        #[test]
        fn condition_display_round_trips(x in arb_expr()) {
            let text = x.to_string();
            let y = parse_condition(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(&x, &y, "{}", text);
            prop_assert_eq!(y.to_string(), text);
            let _ = eval(&y, &env());
            let _ = check(&y, &all_kinds());
        }

        #[test]
        fn formula_display_round_trips(x in arb_formula()) {
            let text = x.to_string();
            let y = parse_formula(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(&x, &y, "{}", text);
            prop_assert_eq!(y.to_string(), text);
            if let Some(v) = eval_formula(&y, &env()) {
                prop_assert!(v.is_finite());
            }
            let _ = check_formula(&y, &all_kinds());
        }

        #[test]
        fn any_string_parses_or_errors_in_place(src in prop_oneof![any::<String>(), soup()]) {
            match parse_condition(&src) {
                Ok(x) => {
                    prop_assert_eq!(parse_condition(&x.to_string()).ok(), Some(x.clone()));
                    for err in check(&x, &all_kinds()) {
                        assert_error_is_located(&src, &err);
                    }
                    let _ = eval(&x, &env());
                }
                Err(err) => assert_error_is_located(&src, &err),
            }
            match parse_formula(&src) {
                Ok(x) => {
                    prop_assert_eq!(parse_formula(&x.to_string()).ok(), Some(x.clone()));
                    for err in check_formula(&x, &all_kinds()) {
                        assert_error_is_located(&src, &err);
                    }
                    let _ = eval_formula(&x, &env());
                }
                Err(err) => assert_error_is_located(&src, &err),
            }
        }
    }

    #[test]
    fn parsed_versions_are_values() {
        let v: Version = "15.2 HFR3".parse().unwrap();
        assert!(eval(
            &parse(r#"ris == "15.2.0 hfr3""#),
            &BTreeMap::from([("ris".to_string(), Value::Version(v))])
        ));
    }
}

// ---- three-valued evaluation (unreadable inputs fail closed) and multi-select options ----

/// `env()` without `ris`: the RIS version could not be read.
fn env_without_ris() -> BTreeMap<String, Value> {
    let mut e = env();
    e.remove("ris");
    e
}

fn known(src: &str, env: &BTreeMap<String, Value>) -> Option<bool> {
    eval_known(&parse(src), env)
}

#[test]
fn eval_known_agrees_with_eval_when_every_name_has_a_value() {
    for src in [
        r#"ris >= "15.2 HFR3""#,
        r#"not (recording and ris >= "15.2 HFR3")"#,
        r#"websocket == "secure" or screen"#,
        r#"site in ["south", "north"] and agents > 10"#,
        "not screen",
    ] {
        assert_eq!(known(src, &env()), Some(holds(src)), "{src}");
    }
}

#[test]
fn eval_known_cannot_tell_what_depends_on_an_unknown_name() {
    let e = env_without_ris();
    // today's `eval` reads the unknown as false, so the negation holds and would open ports
    assert!(eval(&parse(r#"not (ris >= "15.2 HFR3")"#), &e));
    assert_eq!(known(r#"not (ris >= "15.2 HFR3")"#, &e), None);
    assert_eq!(known(r#"ris >= "15.2 HFR3""#, &e), None);
    assert_eq!(known(r#"recording and ris >= "15.2""#, &e), None);
    assert_eq!(known(r#"ris in ["15.2"]"#, &e), None);
    assert_eq!(known("unknown-bool", &e), None);
    // ... but not what the known side decides alone
    assert_eq!(known(r#"screen and ris >= "15.2""#, &e), Some(false));
    assert_eq!(known(r#"recording or ris >= "15.2""#, &e), Some(true));
    assert_eq!(known(r#"not (screen and ris >= "15.2")"#, &e), Some(true));
    assert_eq!(known("true or x", &e), Some(true));
}

#[test]
fn multi_select_options_compare_by_membership() {
    let mut e = env();
    e.insert(
        "apps".into(),
        Value::Set(vec!["web".into(), "glasses".into()]),
    );
    assert_eq!(known(r#"apps == "web""#, &e), Some(true));
    assert_eq!(known(r#"apps == "mobile""#, &e), Some(false));
    assert_eq!(known(r#"apps != "mobile""#, &e), Some(true));
    assert_eq!(known(r#"apps in ["mobile", "glasses"]"#, &e), Some(true));
    assert_eq!(known(r#"apps in ["mobile"]"#, &e), Some(false));
    e.insert("apps".into(), Value::Set(Vec::new()));
    assert_eq!(
        known(r#"apps in ["web", "mobile", "glasses"]"#, &e),
        Some(false)
    );
}

#[test]
fn multi_select_options_type_check_like_enums_without_order() {
    let mut syms = symbols();
    syms.insert(
        "apps".into(),
        SymbolKind::Set(vec!["web".into(), "mobile".into()]),
    );
    assert!(check(&parse(r#"apps in ["web", "mobile"]"#), &syms).is_empty());
    assert!(check(&parse(r#"apps != "web""#), &syms).is_empty());
    let typo = check(&parse(r#"apps == "mobil""#), &syms);
    assert_eq!(typo.len(), 1, "{typo:?}");
    assert!(typo[0].help.as_deref().unwrap_or("").contains("`mobile`"));
    let ordered = check(&parse(r#"apps > "web""#), &syms);
    assert!(
        ordered.iter().any(|e| e.message.contains("no order")),
        "{ordered:?}"
    );
    assert_eq!(check(&parse("apps"), &syms).len(), 1);
}
