//! A document as data: sections of headings, paragraphs, tables, lists and notes, with the text
//! of each piece kept apart from its markup, so that one change request is built once and
//! rendered to each format (HTML, Markdown) by a renderer that escapes every piece of data.
//!
//! Text is either data ([`Inline::Text`] and the other variants that hold a `String`: a plan's
//! or the catalog's words, escaped by each renderer) or our own fixed words
//! ([`Inline::Fixed`], written as they are).

use crate::diag::Severity;

pub mod html;
pub mod text;

/// A document: its kind and title (`Firewall change request: NAME`), then its blocks in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub kind: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One line of text.
pub type Line = Vec<Inline>;

/// A table cell: one or more lines.
pub type Cell = Vec<Line>;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading: level 2 for a section, 3 for a part of one.
    Heading(u8, Line),
    /// A paragraph, with a style class for the renderers that have styles.
    Paragraph(Option<&'static str>, Line),
    /// Lines quoted from the plan (its description).
    Quote(Vec<String>),
    /// Labelled facts about the document (plan, revision, date), one a row.
    Facts(Vec<(&'static str, String)>),
    /// A table: its columns, then its rows of cells (one per column).
    Table(Vec<Column>, Vec<Vec<Cell>>),
    /// A list of items, and what stands for it when it has none (if anything).
    List(Vec<Line>, Option<&'static str>),
}

/// A column of a table: its heading and a style class for its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: &'static str,
    pub class: Option<&'static str>,
}

impl Column {
    pub fn new(title: &'static str) -> Self {
        Column { title, class: None }
    }
    pub fn styled(title: &'static str, class: &'static str) -> Self {
        Column {
            title,
            class: Some(class),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Data: the plan's or the catalog's text.
    Text(String),
    /// Our own words, written as they are.
    Fixed(&'static str),
    /// Strong emphasis.
    Strong(Line),
    /// Emphasis.
    Em(String),
    /// An identifier or code (shown in code type where the format has one).
    Code(String),
    /// A mark on a line, such as `optional` (its words, with `-` for spaces, are its HTML class).
    Flag(&'static str),
    /// A warning's severity.
    Severity(Severity),
    /// The source a statement comes from.
    Citation(String),
}

impl Inline {
    /// Data text.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text(s.into())
    }
}

/// Lines of data text, one per value (a cell of several values).
pub fn lines<S: AsRef<str>>(values: &[S]) -> Cell {
    values
        .iter()
        .map(|v| vec![Inline::text(v.as_ref())])
        .collect()
}
