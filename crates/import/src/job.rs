//! An import in steps, for a page that must stay responsive and show progress on a large paste
//! (the planner runs it between frames): find the tables, read their rows, build the rules,
//! write the catalog file and check it with the catalog loader. Each [`TableJob::step`] does a
//! bounded amount of work; the outcome is the same as [`crate::import_table`],
//! [`crate::render_toml`] and [`crate::check::check_draft`] one after the other.

use crate::assemble::Assembly;
use crate::model::{Draft, Format, Options, Problem};
use crate::table::RawTable;
use portolan_core::diag::Diagnostic;

/// A draft, its catalog file and what the catalog loader says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    pub draft: Draft,
    pub toml: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a job stands, for a progress bar: `done` of `total` units in the current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// The stages of an import, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "ImportStage")]
pub enum Stage {
    Finding,
    Reading,
    Building,
    Writing,
    Checking,
    Done,
}

impl Stage {
    /// What the user reads while it runs.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Finding => "Finding the tables",
            Stage::Reading => "Reading the rows",
            Stage::Building => "Building the rules",
            Stage::Writing => "Writing the catalog file",
            Stage::Checking => "Checking it with the catalog loader",
            Stage::Done => "Done",
        }
    }
}

/// Lines of text looked through for each row of budget while finding the tables.
const LINES_PER_ROW: usize = 8;
/// HTML tokens read for each row of budget while finding the tables.
const TOKENS_PER_ROW: usize = 16;

enum State {
    Parse {
        text: String,
        opts: Box<Options>,
    },
    /// The tables being found, a few lines, tokens or records at a time.
    Find {
        finder: Box<Finding>,
        format: Format,
        opts: Box<Options>,
    },
    Assemble {
        assembly: Box<Assembly>,
        /// Problems known once the tables are found (formula cells, no table at all).
        later: Vec<Problem>,
    },
    Render(Box<Draft>),
    Check(Box<Checked>),
    Done(Box<Checked>),
    Taken,
}

/// One table import, run in steps.
pub struct TableJob {
    state: State,
}

impl TableJob {
    pub fn new(text: impl Into<String>, opts: Options) -> TableJob {
        TableJob {
            state: State::Parse {
                text: text.into(),
                opts: Box::new(opts),
            },
        }
    }

    /// Does about `budget` rows of work (the tables are found a few lines, tokens or records
    /// at a time; writing and checking the file are one step each) and says where the job
    /// stands.
    pub fn step(&mut self, budget: usize) -> Progress {
        let state = std::mem::replace(&mut self.state, State::Taken);
        self.state = match state {
            State::Parse { text, opts } => parse(text, opts),
            State::Find {
                mut finder,
                format,
                opts,
            } => {
                if finder.step(budget) {
                    let (text, tables) = finder.finish();
                    match tables {
                        Ok(t) => found(&text, format, crate::with_rows(t), &opts),
                        Err(reason) => {
                            State::Render(Box::new(crate::unreadable_input(&text, &opts, reason)))
                        }
                    }
                } else {
                    State::Find {
                        finder,
                        format,
                        opts,
                    }
                }
            }
            State::Assemble {
                mut assembly,
                later,
            } => {
                if assembly.step(budget) {
                    let mut draft = assembly.finish();
                    draft.problems.extend(later);
                    State::Render(Box::new(draft))
                } else {
                    State::Assemble { assembly, later }
                }
            }
            State::Render(draft) => {
                let toml = crate::render_toml(&draft);
                State::Check(Box::new(Checked {
                    draft: *draft,
                    toml,
                    diagnostics: Vec::new(),
                }))
            }
            State::Check(mut c) => {
                c.diagnostics = crate::check::check_draft(&c.draft.product.id, &c.toml);
                State::Done(c)
            }
            done => done,
        };
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        let at = |stage, done, total| Progress { stage, done, total };
        match &self.state {
            State::Parse { .. } => at(Stage::Finding, 0, 1),
            State::Find { finder, .. } => {
                let (done, total) = finder.progress();
                at(Stage::Finding, done, total)
            }
            State::Assemble { assembly, .. } => {
                let (done, total) = assembly.progress();
                let stage = if assembly.reading_done() {
                    Stage::Building
                } else {
                    Stage::Reading
                };
                at(stage, done, total)
            }
            State::Render(_) => at(Stage::Writing, 0, 1),
            State::Check(_) => at(Stage::Checking, 0, 1),
            State::Done(_) | State::Taken => at(Stage::Done, 1, 1),
        }
    }

    /// Runs the job to its end.
    pub fn run(mut self) -> Checked {
        while self.progress().stage != Stage::Done {
            self.step(usize::MAX);
        }
        self.take().unwrap_or_default()
    }

    /// The outcome, once the job is done (then the job is empty).
    pub fn take(&mut self) -> Option<Checked> {
        match std::mem::replace(&mut self.state, State::Taken) {
            State::Done(c) => Some(*c),
            other => {
                self.state = other;
                None
            }
        }
    }
}

/// Starts finding the tables; an input that cannot be read goes straight to its one problem.
fn parse(text: String, opts: Box<Options>) -> State {
    match crate::input_format(&text, opts.format) {
        Ok(format) => State::Find {
            finder: Box::new(Finding::new(text, format)),
            format,
            opts,
        },
        Err(reason) => State::Render(Box::new(crate::unreadable_input(&text, &opts, reason))),
    }
}

/// Finding the tables of text, HTML or CSV/TSV in steps.
enum Finding {
    Text(crate::text::Finder),
    Html(Box<crate::html::Finder>, String),
    Delimited(crate::delimited::Finder, String),
}

impl Finding {
    fn new(text: String, format: Format) -> Finding {
        use crate::delimited;
        match format {
            Format::Auto | Format::Text | Format::Markdown => {
                Finding::Text(crate::text::Finder::new(text))
            }
            Format::Html => Finding::Html(Box::new(crate::html::Finder::new(&text)), text),
            Format::Csv => {
                let d = delimited::sniff_csv(&text);
                Finding::Delimited(delimited::Finder::new(&text, d), text)
            }
            Format::Tsv => Finding::Delimited(delimited::Finder::new(&text, b'\t'), text),
        }
    }

    /// About `budget` rows' worth of work; `true` when done.
    fn step(&mut self, budget: usize) -> bool {
        match self {
            Finding::Text(f) => f.step(budget.saturating_mul(LINES_PER_ROW)),
            Finding::Html(f, _) => f.step(budget.saturating_mul(TOKENS_PER_ROW)),
            Finding::Delimited(f, _) => f.step(budget),
        }
    }

    fn progress(&self) -> (usize, usize) {
        match self {
            Finding::Text(f) => f.progress(),
            Finding::Html(f, _) => f.progress(),
            Finding::Delimited(f, _) => f.progress(),
        }
    }

    /// The text and its tables, or why they cannot be read.
    fn finish(self) -> (String, Result<Vec<RawTable>, String>) {
        match self {
            Finding::Text(f) => {
                let (text, tables) = f.finish();
                (text, Ok(tables))
            }
            Finding::Html(f, text) => (text, Ok(f.finish())),
            Finding::Delimited(f, text) => (text, f.finish().map(|t| vec![t])),
        }
    }
}

/// The tables found: their rows are read next.
fn found(text: &str, format: Format, tables: Vec<RawTable>, opts: &Options) -> State {
    let mut later = crate::formula_warnings(format, &tables);
    if tables.is_empty() {
        later.push(crate::nothing_found(text));
    }
    State::Assemble {
        assembly: Box::new(Assembly::new(format, tables, opts)),
        later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> String {
        let mut t = String::from(
            "| Service | Port | Transport | Direction | Description |\n|---|---|---|---|---|\n",
        );
        for i in 0..n {
            t.push_str(&format!(
                "| Service {} | {} | TCP | Inbound | Listener {i} |\n",
                i % 5,
                1024 + i
            ));
        }
        t.push_str("| Broken | not stated | TCP | Inbound | no port |\n");
        t
    }

    #[test]
    fn small_steps_give_what_one_call_gives() {
        let text = rows(300);
        let opts = Options::default();
        let whole = crate::import_table(&text, &opts);
        let mut job = TableJob::new(text.as_str(), opts);
        let mut last = (Stage::Finding, 0);
        let mut steps = 0;
        loop {
            let p = job.step(7);
            steps += 1;
            assert!(p.done <= p.total, "{p:?}");
            if p.stage == last.0 {
                assert!(
                    p.done >= last.1,
                    "progress never goes back: {p:?} after {last:?}"
                );
            }
            last = (p.stage, p.done);
            if p.stage == Stage::Done {
                break;
            }
        }
        assert!(
            steps > 80,
            "300 rows read and built 7 at a time: {steps} steps"
        );
        let checked = job.take().unwrap();
        assert_eq!(checked.draft, whole);
        assert_eq!(checked.toml, crate::render_toml(&whole));
        assert!(
            !crate::check::has_errors(&checked.diagnostics),
            "{:?}",
            checked.diagnostics
        );
        assert_eq!(checked.draft.stats.unreadable, 1);
        assert!(job.take().is_none(), "the outcome is taken once");
    }

    #[test]
    fn a_long_text_is_looked_through_in_steps() {
        let prose = "Some prose about the product, with no table in it at all.\n".repeat(5000);
        let text = format!("{prose}{}", rows(3));
        let mut job = TableJob::new(text.as_str(), Options::default());
        let mut finding = Vec::new();
        while job.progress().stage != Stage::Done {
            let p = job.step(10);
            if p.stage == Stage::Finding {
                finding.push((p.done, p.total));
            }
        }
        // 5,006 lines, classified then looked through, 80 at a time
        assert!(finding.len() > 100, "{} steps", finding.len());
        assert!(finding.iter().all(|&(_, total)| total == 2 * 5006));
        assert!(finding.windows(2).all(|w| w[0].0 <= w[1].0));
        let checked = job.take().unwrap();
        assert_eq!(
            checked.draft,
            crate::import_table(&text, &Options::default())
        );
        assert_eq!(checked.draft.product.rules.len(), 3);
    }

    #[test]
    fn html_is_read_in_steps() {
        let mut html = String::from(
            "<h2>Ports</h2><table><tr><th>Port</th><th>Protocol</th><th>Description</th></tr>\n",
        );
        for i in 0..300 {
            html.push_str(&format!(
                "<tr><td>{}</td><td>TCP</td><td>Listener {i} from the agent PCs</td></tr>\n",
                1024 + i
            ));
        }
        html.push_str("</table>");
        let mut job = TableJob::new(html.as_str(), Options::default());
        let mut finding = 0;
        while job.progress().stage != Stage::Done {
            if job.step(4).stage == Stage::Finding {
                finding += 1;
            }
        }
        assert!(finding > 20, "{finding} steps finding the tables");
        let checked = job.take().unwrap();
        assert_eq!(checked.draft.format, Format::Html);
        assert_eq!(
            checked.draft,
            crate::import_table(&html, &Options::default())
        );
        assert_eq!(checked.draft.product.rules.len(), 300);
    }

    #[test]
    fn csv_is_read_in_steps() {
        let mut csv = String::from("Port,Protocol,Description\n");
        for i in 0..300 {
            csv.push_str(&format!(
                "{},TCP,Listener {i} from the agent PCs\n",
                1024 + i
            ));
        }
        csv.push_str("=HYPERLINK(\"x\"),TCP,formula\n");
        let mut job = TableJob::new(csv.as_str(), Options::default());
        let mut finding = 0;
        while job.progress().stage != Stage::Done {
            if job.step(4).stage == Stage::Finding {
                finding += 1;
            }
        }
        assert!(finding > 50, "{finding} steps finding the table");
        let checked = job.take().unwrap();
        assert_eq!(checked.draft.format, Format::Csv);
        assert_eq!(
            checked.draft,
            crate::import_table(&csv, &Options::default())
        );
        assert_eq!(checked.draft.product.rules.len(), 300);
    }

    #[test]
    fn input_that_cannot_be_read_ends_with_its_problem() {
        let big = "x".repeat(crate::MAX_INPUT_BYTES + 1);
        let checked = TableJob::new(big, Options::default()).run();
        assert_eq!(checked.draft.problems.len(), 1);
        assert!(checked.draft.problems[0].reason.contains("at most"));
        let nothing = TableJob::new("just some words", Options::default()).run();
        assert!(nothing.draft.problems[0]
            .reason
            .starts_with("no table found"));
    }
}

#[cfg(test)]
mod choice_tests {
    use crate::model::{Options, Rename, RowChoice};

    const TABLE: &str = "| Source | Destination | Port | Protocol | Description |\n|---|---|---|---|---|\n| Agent PC | Recorder | 4001 | TCP | Screen capture |\n| Agent PC | Recorder Two | 4002 | TCP | Screen capture |\n| Supervisor PC | Recorder | 4003 | TCP | Playback |\n";

    #[test]
    fn renames_refer_to_the_original_ids_and_merge_roles() {
        let d = crate::import_table(TABLE, &Options::default());
        let two = d
            .product
            .roles
            .iter()
            .find(|r| r.name == "Recorder Two")
            .unwrap();
        assert_eq!(two.originals, ["recorder-two"]);
        let opts = Options {
            renames: vec![
                Rename {
                    role: "recorder".into(),
                    name: "Screen Recorder".into(),
                },
                Rename {
                    role: "recorder-two".into(),
                    name: "Screen Recorder".into(),
                },
            ],
            ..Options::default()
        };
        let d = crate::import_table(TABLE, &opts);
        let merged: Vec<_> = d
            .product
            .roles
            .iter()
            .filter(|r| r.name == "Screen Recorder")
            .collect();
        assert_eq!(merged.len(), 1, "{:?}", d.product.roles);
        assert_eq!(merged[0].id, "screen-recorder");
        assert_eq!(merged[0].originals, ["recorder", "recorder-two"]);
        assert_eq!(merged[0].names, ["Recorder", "Recorder Two"]);
    }

    #[test]
    fn a_row_can_need_an_option_of_its_own() {
        let opts = Options {
            rows: vec![RowChoice {
                line: 5,
                option: "Playback".into(),
            }],
            ..Options::default()
        };
        let d = crate::import_table(TABLE, &opts);
        let playback = d
            .product
            .rules
            .iter()
            .find(|r| r.lines == [(5, 5)])
            .unwrap();
        assert_eq!(playback.when.as_deref(), Some("playback"));
        assert_eq!(d.product.options.len(), 1);
        assert_eq!(d.product.options[0].line, 5);
        assert!(d
            .product
            .rules
            .iter()
            .filter(|r| r.lines != [(5, 5)])
            .all(|r| r.when.is_none()));
        let toml = crate::render_toml(&d);
        let diags = crate::check::check_draft(&d.product.id, &toml);
        assert!(!crate::check::has_errors(&diags), "{diags:?}\n{toml}");
    }
}
