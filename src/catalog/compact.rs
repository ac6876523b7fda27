//! The validated catalog in a compact binary form, and back.
//!
//! The bundled catalog is loaded and validated once, at build time (build.rs runs the real
//! loader over `catalog/*.toml`), and written in this form; the planner decodes it at start-up
//! instead of parsing TOML, so its WebAssembly module needs neither the TOML parser nor the
//! validation nor the condition parser. A catalog a user brings is compiled by the JavaScript
//! API's module (`compileCatalog`) into the same form.
//!
//! Encoder and decoder sit side by side, one function per type, written by hand (no serde: its
//! derived code is what the planner saves). The decoder never panics: bytes that are cut short,
//! flipped or made up give an [`Error`] with the offset where reading failed. The encoding is
//! private to one build of Portolan (the encoder and the decoder come from the same commit);
//! [`FORMAT`] guards against mixing builds.
//!
//! Layout: `MAGIC`, `FORMAT`, then the catalog. Integers are LEB128 varints, strings a length
//! and UTF-8 bytes, options and booleans a byte `0`/`1`, lists a count then the items, enums a
//! tag byte then their fields, floats 8 bytes little-endian.

use super::model::*;
use crate::cond::{ArithOp, CmpOp, Expr, ExprKind, Formula, FormulaKind, Literal, Span, MAX_DEPTH};
use crate::net::PortRange;
use crate::text::Text;
use crate::version::Version;
use std::fmt;
use std::sync::Arc;

/// The first bytes of an encoded catalog.
pub const MAGIC: &[u8; 4] = b"PTLC";
/// The encoding's version: bumped whenever the layout changes.
pub const FORMAT: u8 = 2;

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset where reading failed.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the compiled catalog is damaged at byte {}: {}",
            self.offset, self.message
        )
    }
}

impl std::error::Error for Error {}

type Res<T> = Result<T, Error>;

// ---------------------------------------------------------------------------------------------
// Encoding

/// The catalog in the compact form.
pub fn encode(c: &Catalog) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(64 * 1024));
    w.0.extend_from_slice(MAGIC);
    w.0.push(FORMAT);
    w.str(&c.revision);
    w.len(c.products.len());
    for p in &c.products {
        w_product(&mut w, p);
    }
    w.0
}

struct W(Vec<u8>);

impl W {
    fn uint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn len(&mut self, n: usize) {
        self.uint(n as u64);
    }
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.byte(0),
            Some(s) => {
                self.byte(1);
                self.str(s);
            }
        }
    }
    fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }
    fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_bits().to_le_bytes());
    }
    fn span(&mut self, s: Span) {
        self.len(s.start);
        self.len(s.end);
    }
    fn cite(&mut self, c: &Citation) {
        self.str(&c.source);
        self.str(&c.quote);
    }
    fn opt_cite(&mut self, c: Option<&Citation>) {
        match c {
            None => self.byte(0),
            Some(c) => {
                self.byte(1);
                self.cite(c);
            }
        }
    }
    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            None => self.byte(0),
            Some(v) => {
                self.byte(1);
                self.uint(v);
            }
        }
    }
}

fn w_product(w: &mut W, p: &Product) {
    w.str(&p.id);
    w.str(&p.name);
    w.str(&p.vendor);
    w.str(&p.summary);
    w_meta(w, p);
    w.str(&p.file);
    w.len(p.sources.len());
    for s in &p.sources {
        w.str(&s.id);
        w.opt_str(s.file.as_deref());
        w.opt_str(s.url.as_deref());
        w.str(&s.title);
    }
    w.len(p.components.len());
    for c in &p.components {
        w.str(&c.id);
        w.str(&c.name);
        w.opt_str(c.description.as_deref());
        w.len(c.versions.len());
        for v in &c.versions {
            w.str(v.as_str());
        }
        w.str(c.default.as_str());
        w.opt_cite(c.cite.as_ref());
    }
    w.len(p.options.len());
    for o in &p.options {
        w.str(&o.id);
        w.str(&o.name);
        match &o.kind {
            OptionKind::Bool { default } => {
                w.byte(0);
                w.bool(*default);
            }
            OptionKind::Enum { values, default } => {
                w.byte(1);
                w.strs(values);
                w.str(default);
            }
        }
        w.str(&o.description);
        w.opt_str(o.off_cost.as_deref());
        w.opt_cite(o.cite.as_ref());
    }
    w.len(p.parameters.len());
    for q in &p.parameters {
        w.str(&q.id);
        w.str(&q.name);
        w.byte(match q.kind {
            ParamKind::Port => 0,
            ParamKind::Count => 1,
            ParamKind::Text => 2,
        });
        match &q.default {
            ParamValue::Number(n) => {
                w.byte(0);
                w.uint(*n);
            }
            ParamValue::Text(t) => {
                w.byte(1);
                w.str(t);
            }
        }
        w.opt_u64(q.min);
        w.opt_u64(q.max);
        w.opt_str(q.unit.as_deref());
        w.bool(q.configurable);
        w.str(&q.description);
        w.opt_cite(q.cite.as_ref());
    }
    w.len(p.roles.len());
    for r in &p.roles {
        w.str(&r.id);
        w.str(&r.name);
        w.byte(match r.kind {
            RoleKind::Internal => 0,
            RoleKind::External => 1,
            RoleKind::Any => 2,
        });
        w.opt_str(r.description.as_deref());
        w.strs(&r.endpoints);
        w.opt_cite(r.cite.as_ref());
    }
    w.len(p.rules.len());
    for r in &p.rules {
        w_rule(w, r);
    }
    w.len(p.requirements.len());
    for r in &p.requirements {
        w_requirement(w, r);
    }
}

fn w_meta(w: &mut W, p: &Product) {
    match &p.coverage {
        Coverage::Unstated => w.byte(0),
        Coverage::Complete => w.byte(1),
        Coverage::Partial { missing } => {
            w.byte(2);
            w.str(missing);
        }
    }
    w.opt_str(p.category.as_deref());
    w.strs(&p.tags);
}

fn w_rule(w: &mut W, r: &Rule) {
    w.str(&r.id);
    w.str(&r.from);
    w.str(&r.to);
    w.byte(match r.transport {
        TransportSpec::Tcp => 0,
        TransportSpec::Udp => 1,
        TransportSpec::Both => 2,
    });
    w.opt_str(r.protocol.as_deref());
    w.len(r.ports.len());
    for p in &r.ports {
        match p {
            PortSpec::Range(range) => {
                w.byte(0);
                w.uint(u64::from(range.start()));
                w.uint(u64::from(range.end()));
            }
            PortSpec::Param(name) => {
                w.byte(1);
                w.str(name);
            }
        }
    }
    w.str(&r.purpose);
    w_opt_condition(w, r.when.as_ref());
    w.bool(r.optional);
    w.strs(&r.tags);
    w.opt_str(r.service.as_deref());
    w.cite(&r.cite);
}

fn w_requirement(w: &mut W, r: &Requirement) {
    w.str(&r.id);
    match &r.kind {
        RequirementKind::Antivirus {
            application,
            process,
            extensions,
            folders,
            text,
        } => {
            w.byte(0);
            w.str(application);
            w.opt_str(process.as_deref());
            w.strs(extensions);
            w.strs(folders);
            w.opt_str(text.as_deref());
        }
        RequirementKind::Compatibility {
            vendor,
            integration,
            software,
            os,
            min_version,
            text,
        } => {
            w.byte(1);
            w.str(vendor);
            w.str(integration);
            w.str(software);
            w.opt_str(os.as_deref());
            w.opt_str(min_version.as_ref().map(Version::as_str));
            w.str(text);
        }
        RequirementKind::Sizing {
            what,
            formula,
            unit,
            text,
        } => {
            w.byte(2);
            w.str(what);
            w.str(&formula.source);
            w_formula(w, &formula.formula);
            w.str(unit);
            w.str(text);
        }
        RequirementKind::MinHosts { role, count, text } => {
            w.byte(3);
            w.str(role);
            w.uint(u64::from(*count));
            w.str(text);
        }
        RequirementKind::TimeSync {
            role,
            max_interval_hours,
            text,
        } => {
            w.byte(4);
            w.opt_str(role.as_deref());
            w.uint(u64::from(*max_interval_hours));
            w.str(text);
        }
        RequirementKind::HighAvailability { role, text } => {
            w.byte(5);
            w.opt_str(role.as_deref());
            w.str(text);
        }
        RequirementKind::Network { text } => {
            w.byte(6);
            w.str(text);
        }
        RequirementKind::FileType { extension, text } => {
            w.byte(7);
            w.str(extension);
            w.str(text);
        }
        RequirementKind::Prerequisite {
            capability,
            requires,
            text,
        } => {
            w.byte(8);
            w.str(capability);
            w_condition(w, requires);
            w.str(text);
        }
        RequirementKind::Note { text } => {
            w.byte(9);
            w.str(text);
        }
        RequirementKind::Ambiguity { text } => {
            w.byte(10);
            w.str(text);
        }
    }
    w_opt_condition(w, r.when.as_ref());
    w.cite(&r.cite);
}

fn w_opt_condition(w: &mut W, c: Option<&Condition>) {
    match c {
        None => w.byte(0),
        Some(c) => {
            w.byte(1);
            w_condition(w, c);
        }
    }
}

fn w_condition(w: &mut W, c: &Condition) {
    w.str(&c.source);
    w_expr(w, &c.expr);
}

fn w_expr(w: &mut W, e: &Expr) {
    w.span(e.span);
    match &e.kind {
        ExprKind::Or(a, b) => {
            w.byte(0);
            w_expr(w, a);
            w_expr(w, b);
        }
        ExprKind::And(a, b) => {
            w.byte(1);
            w_expr(w, a);
            w_expr(w, b);
        }
        ExprKind::Not(a) => {
            w.byte(2);
            w_expr(w, a);
        }
        ExprKind::Cmp {
            name,
            name_span,
            op,
            lit,
            lit_span,
            version,
        } => {
            w.byte(3);
            w.str(name);
            w.span(*name_span);
            w.byte(match op {
                CmpOp::Eq => 0,
                CmpOp::Ne => 1,
                CmpOp::Lt => 2,
                CmpOp::Le => 3,
                CmpOp::Gt => 4,
                CmpOp::Ge => 5,
            });
            w_literal(w, lit);
            w.span(*lit_span);
            w.opt_str(version.as_ref().map(Version::as_str));
        }
        ExprKind::In {
            name,
            name_span,
            list,
        } => {
            w.byte(4);
            w.str(name);
            w.span(*name_span);
            w.len(list.len());
            for (lit, span) in list {
                w_literal(w, lit);
                w.span(*span);
            }
        }
        ExprKind::Name { name } => {
            w.byte(5);
            w.str(name);
        }
        ExprKind::Lit(b) => {
            w.byte(6);
            w.bool(*b);
        }
    }
}

fn w_literal(w: &mut W, l: &Literal) {
    match l {
        Literal::Str(s) => {
            w.byte(0);
            w.str(s);
        }
        Literal::Num(n) => {
            w.byte(1);
            w.f64(*n);
        }
        Literal::Bool(b) => {
            w.byte(2);
            w.bool(*b);
        }
    }
}

fn w_formula(w: &mut W, f: &Formula) {
    w.span(f.span);
    match &f.kind {
        FormulaKind::Num(n) => {
            w.byte(0);
            w.f64(*n);
        }
        FormulaKind::Name(n) => {
            w.byte(1);
            w.str(n);
        }
        FormulaKind::Neg(a) => {
            w.byte(2);
            w_formula(w, a);
        }
        FormulaKind::Bin(op, a, b) => {
            w.byte(3);
            w.byte(match op {
                ArithOp::Add => 0,
                ArithOp::Sub => 1,
                ArithOp::Mul => 2,
                ArithOp::Div => 3,
            });
            w_formula(w, a);
            w_formula(w, b);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Decodes a catalog written by [`encode`]; every byte must be used.
pub fn decode(bytes: &[u8]) -> Res<Catalog> {
    let mut r = R { bytes, pos: 0 };
    let magic = r.take(MAGIC.len())?;
    if magic != &MAGIC[..] {
        return Err(r.err_at(0, "it does not start with the catalog marker"));
    }
    let format = r.byte()?;
    if format != FORMAT {
        return Err(r.err_at(
            MAGIC.len(),
            format!("it is in format {format}, this build reads format {FORMAT}"),
        ));
    }
    let revision = r.str()?;
    let n = r.count()?;
    let mut products = Vec::with_capacity(n);
    for _ in 0..n {
        products.push(r_product(&mut r)?);
    }
    if r.pos != bytes.len() {
        return Err(r.err("bytes are left over after the catalog"));
    }
    Ok(Catalog { revision, products })
}

struct R<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> R<'a> {
    fn err(&self, message: impl Into<String>) -> Error {
        self.err_at(self.pos, message)
    }
    fn err_at(&self, offset: usize, message: impl Into<String>) -> Error {
        Error {
            offset,
            message: message.into(),
        }
    }
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let bytes: &'a [u8] = self.bytes;
        let out = self
            .pos
            .checked_add(n)
            .and_then(|end| bytes.get(self.pos..end))
            .ok_or_else(|| self.err("it ends too early"))?;
        self.pos += n;
        Ok(out)
    }
    fn byte(&mut self) -> Res<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.err("it ends too early"))?;
        self.pos += 1;
        Ok(b)
    }
    /// A tag byte that must be below `n`.
    fn tag(&mut self, n: u8, what: &str) -> Res<u8> {
        let at = self.pos;
        let t = self.byte()?;
        if t < n {
            Ok(t)
        } else {
            Err(self.err_at(at, format!("`{t}` is not a {what}")))
        }
    }
    fn bool(&mut self) -> Res<bool> {
        Ok(self.tag(2, "boolean")? == 1)
    }
    fn present(&mut self) -> Res<bool> {
        Ok(self.tag(2, "presence marker")? == 1)
    }
    fn uint(&mut self) -> Res<u64> {
        let at = self.pos;
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.err_at(at, "a number is too large"))
    }
    fn usize(&mut self) -> Res<usize> {
        let at = self.pos;
        let v = self.uint()?;
        usize::try_from(v).map_err(|_| self.err_at(at, "a number is too large"))
    }
    fn u32(&mut self) -> Res<u32> {
        let at = self.pos;
        let v = self.uint()?;
        u32::try_from(v).map_err(|_| self.err_at(at, "a number is too large"))
    }
    fn u16(&mut self) -> Res<u16> {
        let at = self.pos;
        let v = self.uint()?;
        u16::try_from(v).map_err(|_| self.err_at(at, "a port is too large"))
    }
    /// A list's length; each item takes at least one byte, so a count beyond the bytes left is
    /// damage (and is never used to reserve memory).
    fn count(&mut self) -> Res<usize> {
        let at = self.pos;
        let n = self.usize()?;
        if n > self.bytes.len().saturating_sub(self.pos) {
            return Err(self.err_at(at, "a list is longer than the bytes left"));
        }
        Ok(n)
    }
    fn str(&mut self) -> Res<String> {
        let n = self.usize()?;
        let at = self.pos;
        let raw = self.take(n)?;
        std::str::from_utf8(raw)
            .map(str::to_string)
            .map_err(|_| self.err_at(at, "a text is not UTF-8"))
    }
    fn text(&mut self) -> Res<Text> {
        self.str().map(Text::from)
    }
    fn opt_str(&mut self) -> Res<Option<String>> {
        if self.present()? {
            self.str().map(Some)
        } else {
            Ok(None)
        }
    }
    fn opt_text(&mut self) -> Res<Option<Text>> {
        Ok(self.opt_str()?.map(Text::from))
    }
    fn strs(&mut self) -> Res<Vec<String>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.str()?);
        }
        Ok(out)
    }
    fn version(&mut self) -> Res<Version> {
        let at = self.pos;
        let s = self.str()?;
        s.parse()
            .map_err(|_| self.err_at(at, format!("`{s}` is not a version")))
    }
    fn opt_version(&mut self) -> Res<Option<Version>> {
        if self.present()? {
            self.version().map(Some)
        } else {
            Ok(None)
        }
    }
    fn f64(&mut self) -> Res<f64> {
        let raw = self.take(8)?;
        let mut b = [0u8; 8];
        b.copy_from_slice(raw);
        Ok(f64::from_bits(u64::from_le_bytes(b)))
    }
    fn span(&mut self) -> Res<Span> {
        Ok(Span {
            start: self.usize()?,
            end: self.usize()?,
        })
    }
    fn cite(&mut self) -> Res<Citation> {
        Ok(Citation {
            source: self.text()?,
            quote: self.text()?,
        })
    }
    fn opt_cite(&mut self) -> Res<Option<Citation>> {
        if self.present()? {
            self.cite().map(Some)
        } else {
            Ok(None)
        }
    }
    fn opt_u64(&mut self) -> Res<Option<u64>> {
        if self.present()? {
            self.uint().map(Some)
        } else {
            Ok(None)
        }
    }
}

fn r_product(r: &mut R<'_>) -> Res<Product> {
    let id = r.text()?;
    let name = r.str()?;
    let vendor = r.str()?;
    let summary = r.str()?;
    let coverage = match r.tag(3, "coverage")? {
        0 => Coverage::Unstated,
        1 => Coverage::Complete,
        _ => Coverage::Partial { missing: r.str()? },
    };
    let category = r.opt_str()?;
    let tags = r.strs()?;
    let file = r.str()?;
    let n = r.count()?;
    let mut sources = Vec::with_capacity(n);
    for _ in 0..n {
        sources.push(Source {
            id: r.str()?,
            file: r.opt_str()?,
            url: r.opt_str()?,
            title: r.str()?,
        });
    }
    let n = r.count()?;
    let mut components = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?;
        let name = r.str()?;
        let description = r.opt_str()?;
        let k = r.count()?;
        let mut versions = Vec::with_capacity(k);
        for _ in 0..k {
            versions.push(r.version()?);
        }
        components.push(Component {
            id,
            name,
            description,
            versions,
            default: r.version()?,
            cite: r.opt_cite()?,
        });
    }
    let n = r.count()?;
    let mut options = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?;
        let name = r.str()?;
        let kind = match r.tag(2, "kind of option")? {
            0 => OptionKind::Bool { default: r.bool()? },
            _ => OptionKind::Enum {
                values: r.strs()?,
                default: r.str()?,
            },
        };
        options.push(OptionDef {
            id,
            name,
            kind,
            description: r.str()?,
            off_cost: r.opt_str()?,
            cite: r.opt_cite()?,
        });
    }
    let n = r.count()?;
    let mut parameters = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?;
        let name = r.str()?;
        let kind = match r.tag(3, "kind of parameter")? {
            0 => ParamKind::Port,
            1 => ParamKind::Count,
            _ => ParamKind::Text,
        };
        let default = match r.tag(2, "kind of parameter value")? {
            0 => ParamValue::Number(r.uint()?),
            _ => ParamValue::Text(r.str()?),
        };
        parameters.push(Parameter {
            id,
            name,
            kind,
            default,
            min: r.opt_u64()?,
            max: r.opt_u64()?,
            unit: r.opt_str()?,
            configurable: r.bool()?,
            description: r.str()?,
            cite: r.opt_cite()?,
        });
    }
    let n = r.count()?;
    let mut roles = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.str()?;
        let name = r.str()?;
        let kind = match r.tag(3, "kind of role")? {
            0 => RoleKind::Internal,
            1 => RoleKind::External,
            _ => RoleKind::Any,
        };
        roles.push(Role {
            id,
            name,
            kind,
            description: r.opt_str()?,
            endpoints: r.strs()?,
            cite: r.opt_cite()?,
        });
    }
    let n = r.count()?;
    let mut rules = Vec::with_capacity(n);
    for _ in 0..n {
        let mut rule = r_rule(r)?;
        rule.link(&id, &roles);
        rules.push(rule);
    }
    let n = r.count()?;
    let mut requirements = Vec::with_capacity(n);
    for _ in 0..n {
        requirements.push(Arc::new(r_requirement(r)?));
    }
    Ok(Product {
        id,
        name,
        vendor,
        summary,
        coverage,
        category,
        tags,
        file,
        sources,
        components,
        options,
        parameters,
        roles,
        rules,
        requirements,
    })
}

fn r_rule(r: &mut R<'_>) -> Res<Rule> {
    let id = r.text()?;
    let from = r.text()?;
    let to = r.text()?;
    let transport = match r.tag(3, "transport")? {
        0 => TransportSpec::Tcp,
        1 => TransportSpec::Udp,
        _ => TransportSpec::Both,
    };
    let protocol = r.opt_text()?;
    let n = r.count()?;
    let mut ports = Vec::with_capacity(n);
    for _ in 0..n {
        ports.push(match r.tag(2, "kind of port")? {
            0 => {
                let at = r.pos;
                let (start, end) = (r.u16()?, r.u16()?);
                PortSpec::Range(PortRange::new(start, end).map_err(|e| r.err_at(at, e.message))?)
            }
            _ => PortSpec::Param(r.str()?),
        });
    }
    Ok(Rule {
        id,
        from,
        to,
        transport,
        protocol,
        ports,
        purpose: r.text()?,
        when: r_opt_condition(r)?,
        optional: r.bool()?,
        tags: Arc::from(r.strs()?),
        service: r.opt_text()?,
        cite: r.cite()?,
        name: Text::default(),
        from_index: None,
        to_index: None,
        fixed_ports: None,
    })
}

fn r_requirement(r: &mut R<'_>) -> Res<Requirement> {
    let id = r.str()?;
    let kind = match r.tag(11, "kind of requirement")? {
        0 => RequirementKind::Antivirus {
            application: r.str()?,
            process: r.opt_str()?,
            extensions: r.strs()?,
            folders: r.strs()?,
            text: r.opt_str()?,
        },
        1 => RequirementKind::Compatibility {
            vendor: r.str()?,
            integration: r.str()?,
            software: r.str()?,
            os: r.opt_str()?,
            min_version: r.opt_version()?,
            text: r.str()?,
        },
        2 => RequirementKind::Sizing {
            what: r.str()?,
            formula: FormulaDef {
                source: r.str()?,
                formula: r_formula(r, 0)?,
            },
            unit: r.str()?,
            text: r.str()?,
        },
        3 => RequirementKind::MinHosts {
            role: r.str()?,
            count: r.u32()?,
            text: r.str()?,
        },
        4 => RequirementKind::TimeSync {
            role: r.opt_str()?,
            max_interval_hours: r.u32()?,
            text: r.str()?,
        },
        5 => RequirementKind::HighAvailability {
            role: r.opt_str()?,
            text: r.str()?,
        },
        6 => RequirementKind::Network { text: r.str()? },
        7 => RequirementKind::FileType {
            extension: r.str()?,
            text: r.str()?,
        },
        8 => RequirementKind::Prerequisite {
            capability: r.str()?,
            requires: r_condition(r)?,
            text: r.str()?,
        },
        9 => RequirementKind::Note { text: r.str()? },
        _ => RequirementKind::Ambiguity { text: r.str()? },
    };
    Ok(Requirement {
        id,
        kind,
        when: r_opt_condition(r)?,
        cite: r.cite()?,
    })
}

fn r_opt_condition(r: &mut R<'_>) -> Res<Option<Condition>> {
    if r.present()? {
        r_condition(r).map(Some)
    } else {
        Ok(None)
    }
}

fn r_condition(r: &mut R<'_>) -> Res<Condition> {
    Ok(Condition {
        source: r.str()?,
        expr: r_expr(r, 0)?,
    })
}

/// Trees deeper than the parser accepts are damage (and must not exhaust the stack).
fn check_depth(r: &R<'_>, depth: usize) -> Res<()> {
    if depth > MAX_DEPTH {
        Err(r.err("an expression is nested too deeply"))
    } else {
        Ok(())
    }
}

fn r_expr(r: &mut R<'_>, depth: usize) -> Res<Expr> {
    check_depth(r, depth)?;
    let span = r.span()?;
    let kind = match r.tag(7, "kind of condition")? {
        0 => ExprKind::Or(
            Box::new(r_expr(r, depth + 1)?),
            Box::new(r_expr(r, depth + 1)?),
        ),
        1 => ExprKind::And(
            Box::new(r_expr(r, depth + 1)?),
            Box::new(r_expr(r, depth + 1)?),
        ),
        2 => ExprKind::Not(Box::new(r_expr(r, depth + 1)?)),
        3 => ExprKind::Cmp {
            name: r.str()?,
            name_span: r.span()?,
            op: match r.tag(6, "comparison")? {
                0 => CmpOp::Eq,
                1 => CmpOp::Ne,
                2 => CmpOp::Lt,
                3 => CmpOp::Le,
                4 => CmpOp::Gt,
                _ => CmpOp::Ge,
            },
            lit: r_literal(r)?,
            lit_span: r.span()?,
            version: r.opt_version()?,
        },
        4 => {
            let name = r.str()?;
            let name_span = r.span()?;
            let n = r.count()?;
            let mut list = Vec::with_capacity(n);
            for _ in 0..n {
                list.push((r_literal(r)?, r.span()?));
            }
            ExprKind::In {
                name,
                name_span,
                list,
            }
        }
        5 => ExprKind::Name { name: r.str()? },
        _ => ExprKind::Lit(r.bool()?),
    };
    Ok(Expr { kind, span })
}

fn r_literal(r: &mut R<'_>) -> Res<Literal> {
    Ok(match r.tag(3, "kind of literal")? {
        0 => Literal::Str(r.str()?),
        1 => Literal::Num(r.f64()?),
        _ => Literal::Bool(r.bool()?),
    })
}

fn r_formula(r: &mut R<'_>, depth: usize) -> Res<Formula> {
    check_depth(r, depth)?;
    let span = r.span()?;
    let kind = match r.tag(4, "kind of formula")? {
        0 => FormulaKind::Num(r.f64()?),
        1 => FormulaKind::Name(r.str()?),
        2 => FormulaKind::Neg(Box::new(r_formula(r, depth + 1)?)),
        _ => {
            let op = match r.tag(4, "arithmetic operator")? {
                0 => ArithOp::Add,
                1 => ArithOp::Sub,
                2 => ArithOp::Mul,
                _ => ArithOp::Div,
            };
            FormulaKind::Bin(
                op,
                Box::new(r_formula(r, depth + 1)?),
                Box::new(r_formula(r, depth + 1)?),
            )
        }
    };
    Ok(Formula { kind, span })
}
