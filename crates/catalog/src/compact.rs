//! The validated catalog in a compact binary form, and back.
//!
//! The bundled catalog is loaded and validated once, at build time (build.rs runs the real
//! loader over `catalog/*.toml`), and written in this form; the planner decodes it at start-up
//! instead of parsing TOML, so its WebAssembly module needs neither the TOML parser nor the
//! validation nor the condition parser. A catalog a user brings is compiled by the JavaScript
//! API's module (`compileCatalog`) into the same form.
//!
//! Every model type implements [`Compact`]: the catalog's own types by `#[derive(Compact)]`
//! (`portolan-derive`), so a field added to the model is encoded without another line here; the
//! primitives and the condition language's trees by hand, below. Not serde: its derived
//! deserializers are what the planner saves. The decoder never panics: bytes that are cut short,
//! flipped or made up give an [`Error`] with the offset where reading failed. The encoding is
//! private to one build of Portolan (the encoder and the decoder come from the same commit);
//! [`FORMAT`] guards against mixing builds.
//!
//! Layout: `MAGIC`, `FORMAT`, then the catalog. Integers are LEB128 varints, strings a length
//! and UTF-8 bytes, options and booleans a byte `0`/`1`, lists a count then the items, enums a
//! tag byte then their fields, floats 8 bytes little-endian.

use super::model::*;
use portolan_core::cond::{
    ArithOp, CmpOp, Expr, ExprKind, Formula, FormulaKind, Literal, Span, MAX_DEPTH,
};
use portolan_core::net::PortRange;
use portolan_core::text::Text;
use portolan_core::version::Version;
use std::fmt;
use std::sync::Arc;

/// The first bytes of an encoded catalog.
pub const MAGIC: &[u8; 4] = b"PTLC";
/// The encoding's version: bumped whenever the layout changes.
pub const FORMAT: u8 = 3;

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

/// What reading gives.
pub type Res<T> = Result<T, Error>;

// ---------------------------------------------------------------------------------------------
// Encoding

/// A value in the compact form: written to [`W`], read back from [`R`] (never panicking on
/// damaged bytes).
pub trait Compact: Sized {
    fn write(&self, w: &mut W);
    fn read(r: &mut R<'_>) -> Res<Self>;
}

/// The catalog in the compact form.
pub fn encode(c: &Catalog) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(64 * 1024));
    w.0.extend_from_slice(MAGIC);
    w.0.push(FORMAT);
    c.write(&mut w);
    w.0
}

/// The bytes being written.
pub struct W(Vec<u8>);

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
    pub(crate) fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_bits().to_le_bytes());
    }
    fn span(&mut self, s: Span) {
        self.len(s.start);
        self.len(s.end);
    }
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
            version.write(w);
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
    let catalog = Catalog::read(&mut r)?;
    if r.pos != bytes.len() {
        return Err(r.err("bytes are left over after the catalog"));
    }
    Ok(catalog)
}

/// The bytes being read, and where.
pub struct R<'a> {
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
    pub(crate) fn tag(&mut self, n: u8, what: &str) -> Res<u8> {
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
        u16::try_from(v).map_err(|_| self.err_at(at, "a number is too large"))
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
    fn version(&mut self) -> Res<Version> {
        let at = self.pos;
        let s = self.str()?;
        s.parse()
            .map_err(|_| self.err_at(at, format!("`{s}` is not a version")))
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
            version: Compact::read(r)?,
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

// ---------------------------------------------------------------------------------------------
// The primitives, containers and the condition language's trees (the catalog's own types derive
// `Compact` in model.rs)

impl Compact for bool {
    fn write(&self, w: &mut W) {
        w.bool(*self);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.bool()
    }
}

impl Compact for u16 {
    fn write(&self, w: &mut W) {
        w.uint(u64::from(*self));
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.u16()
    }
}

impl Compact for u32 {
    fn write(&self, w: &mut W) {
        w.uint(u64::from(*self));
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.u32()
    }
}

impl Compact for u64 {
    fn write(&self, w: &mut W) {
        w.uint(*self);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.uint()
    }
}

impl Compact for String {
    fn write(&self, w: &mut W) {
        w.str(self);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.str()
    }
}

impl Compact for Text {
    fn write(&self, w: &mut W) {
        w.str(self);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.str().map(Text::from)
    }
}

impl Compact for Version {
    fn write(&self, w: &mut W) {
        w.str(self.as_str());
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        r.version()
    }
}

impl Compact for PortRange {
    fn write(&self, w: &mut W) {
        w.uint(u64::from(self.start()));
        w.uint(u64::from(self.end()));
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        let at = r.pos;
        let (start, end) = (r.u16()?, r.u16()?);
        PortRange::new(start, end).map_err(|e| r.err_at(at, e.message))
    }
}

impl<T: Compact> Compact for Option<T> {
    fn write(&self, w: &mut W) {
        match self {
            None => w.byte(0),
            Some(v) => {
                w.byte(1);
                v.write(w);
            }
        }
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        if r.tag(2, "presence marker")? == 1 {
            T::read(r).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn write(&self, w: &mut W) {
        w.len(self.len());
        for v in self {
            v.write(w);
        }
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        let n = r.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::read(r)?);
        }
        Ok(out)
    }
}

impl<T: Compact> Compact for Arc<T> {
    fn write(&self, w: &mut W) {
        T::write(self, w);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        T::read(r).map(Arc::new)
    }
}

impl<T: Compact> Compact for Arc<[T]> {
    fn write(&self, w: &mut W) {
        w.len(self.len());
        for v in self.iter() {
            v.write(w);
        }
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        Vec::<T>::read(r).map(Arc::from)
    }
}

impl Compact for Condition {
    fn write(&self, w: &mut W) {
        w.str(&self.source);
        w_expr(w, &self.expr);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        Ok(Condition {
            source: r.str()?,
            expr: r_expr(r, 0)?,
        })
    }
}

impl Compact for FormulaDef {
    fn write(&self, w: &mut W) {
        w.str(&self.source);
        w_formula(w, &self.formula);
    }
    fn read(r: &mut R<'_>) -> Res<Self> {
        Ok(FormulaDef {
            source: r.str()?,
            formula: r_formula(r, 0)?,
        })
    }
}
