//! From tables to a draft product: each table read by its mapping, each row to rules between
//! roles, `(default)` ports and placeholders to parameters, the sentence before a table to an
//! option, and every row that cannot be read to a problem with its reason.

use crate::columns::{self, Mapping};
use crate::model::*;
use crate::phrases;
use crate::row::{self, Reading};
use crate::sides::{self, GroupSides, Listeners, Pair, Side};
use crate::table::RawTable;
use crate::values::{slug, Endpoint};
use std::collections::{HashMap, HashSet};

/// A table's rows, read, with its group's sides and option.
struct Group {
    readings: Vec<Reading>,
    sides: GroupSides,
    option: Option<String>,
}

/// Reads every table and builds the draft.
pub fn assemble(format: Format, tables: &[RawTable], opts: &Options) -> Draft {
    let mut a = Assembly::new(format, tables.to_vec(), opts);
    while !a.step(usize::MAX) {}
    a.finish()
}

/// The assembly in steps, so that a page can show progress and stay responsive on a large
/// table: each [`Assembly::step`] reads or builds a bounded number of rows. The stages: each
/// table started (its mapping and option) and its rows read; then, with the listeners of every
/// table known, each reading turned into rules.
pub struct Assembly {
    tables: Vec<RawTable>,
    draft: Draft,
    builder: Builder,
    groups: Vec<Group>,
    /// The next table to start.
    next_table: usize,
    /// The table whose rows are being read.
    reading: Option<TableRead>,
    listeners: Option<Listeners>,
    /// The next reading to build rules from: (group, reading).
    next_add: (usize, usize),
    /// Units of work done (a row read, a reading built).
    done: usize,
}

/// A table being read: its group so far, its mapping, the next row and the row above it.
struct TableRead {
    index: usize,
    group: Group,
    mapping: Mapping,
    row: usize,
    above: Option<Vec<String>>,
}

impl Assembly {
    pub fn new(format: Format, tables: Vec<RawTable>, opts: &Options) -> Assembly {
        Assembly {
            tables,
            draft: Draft {
                format,
                ..Draft::default()
            },
            builder: Builder::new(opts.clone()),
            groups: Vec::new(),
            next_table: 0,
            reading: None,
            listeners: None,
            next_add: (0, 0),
            done: 0,
        }
    }

    /// `(units done, units in all)`: every row is read once and built once.
    pub fn progress(&self) -> (usize, usize) {
        let rows: usize = self.tables.iter().map(|t| t.rows.len()).sum();
        (self.done, 2 * rows)
    }

    /// Whether the rows are all read (the rest is building rules).
    pub fn reading_done(&self) -> bool {
        self.listeners.is_some()
    }

    /// Does about `budget` units of work; `true` when everything is done.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 {
            if self.reading.is_some() {
                left = self.read_rows(left);
            } else if let Some(table) = self.tables.get(self.next_table) {
                let index = self.next_table;
                self.next_table += 1;
                self.reading = start_table(index, table, &mut self.draft, &mut self.builder);
            } else if self.listeners.is_none() {
                let all = self.groups.iter().flat_map(|g| &g.readings);
                self.listeners = Some(Listeners::build(all));
            } else if !self.build_one() {
                return true;
            } else {
                left -= 1;
            }
        }
        false
    }

    /// Reads rows of the current table while the budget lasts; returns what is left of it.
    fn read_rows(&mut self, mut left: usize) -> usize {
        let Some(read) = self.reading.as_mut() else {
            return left;
        };
        let rows = self
            .tables
            .get(read.index)
            .map_or(Default::default(), |t| t.rows.as_slice());
        while left > 0 {
            let Some(raw) = rows.get(read.row) else {
                break;
            };
            read.row += 1;
            left -= 1;
            self.done += 1;
            let problems = &mut self.draft.problems;
            if let Some(r) = read_row(read.index, raw, &read.mapping, &mut read.above, problems) {
                read.group.readings.push(r);
            }
        }
        if read.row >= rows.len() {
            if let Some(read) = self.reading.take() {
                // rows not read count as built: nothing is left to do for them
                self.done += read.row - read.group.readings.len();
                self.groups.push(read.group);
            }
        }
        left
    }

    /// Builds the rules of the next reading; `false` when there is none left.
    fn build_one(&mut self) -> bool {
        let (g, i) = self.next_add;
        let Some(group) = self.groups.get(g) else {
            return false;
        };
        let Some(r) = group.readings.get(i) else {
            self.next_add = (g + 1, 0);
            return true;
        };
        let listeners = self.listeners.get_or_insert_with(Listeners::default);
        let pairs = sides::pairs(r, &group.sides, listeners);
        let chosen = self
            .builder
            .opts
            .rows
            .iter()
            .find(|c| c.line == r.first_line);
        let option = match chosen.map(|c| c.option.trim().to_string()) {
            Some(o) if o.is_empty() => None,
            Some(o) => Some(self.builder.option_with(&o, &r.quote, r.first_line)),
            None => group.option.clone(),
        };
        self.builder
            .add(r, &pairs, option.as_deref(), &mut self.draft.problems);
        self.draft.stats.imported += 1;
        self.next_add = (g, i + 1);
        self.done += 1;
        true
    }

    /// The draft, once [`Assembly::step`] said it is done.
    pub fn finish(self) -> Draft {
        let mut draft = self.draft;
        draft.stats.tables = self.tables.len();
        draft.stats.rows = self.tables.iter().map(|t| t.rows.len()).sum();
        draft.product = self.builder.finish();
        draft.stats.rules = draft.product.rules.len();
        for p in &draft.problems {
            match p.severity {
                Severity::Unreadable => draft.stats.unreadable += p.rows,
                Severity::Skipped => draft.stats.skipped += p.rows,
                Severity::Warning => {}
            }
        }
        draft
    }
}

/// Starts one table: its mapping (the user's or detected), its option; `None` when its rows
/// are not read (left out, or no port column).
fn start_table(
    index: usize,
    table: &RawTable,
    draft: &mut Draft,
    builder: &mut Builder,
) -> Option<TableRead> {
    let opts = &builder.opts;
    let detected = columns::detect(table);
    let mapping: Mapping = opts
        .mappings
        .iter()
        .find(|m| m.table == index && m.columns.len() == detected.len())
        .map_or_else(|| detected.clone(), |m| m.columns.clone());
    let choice = opts.groups.iter().find(|g| g.table == index).cloned();
    let include = choice.as_ref().is_none_or(|c| c.include);
    let option = match choice.and_then(|c| c.option) {
        Some(o) if o.is_empty() => None,
        Some(o) => Some(builder.option_named(&o, table)),
        None => builder.option_from_lead(table),
    };
    draft.tables.push(TableDraft {
        index,
        first_line: table.first_line,
        last_line: table.last_line,
        heading: table.heading.as_ref().map(|c| c.text.clone()),
        lead: table.lead.as_ref().map(|c| c.text.clone()),
        header: table.header.iter().map(|c| c.text.clone()).collect(),
        sample: table
            .rows
            .iter()
            .take(5)
            .map(|r| row::texts(&r.cells))
            .collect(),
        mapping: mapping.clone(),
        detected,
        rows: table.rows.len(),
        option: option.clone(),
        include,
    });
    let skip = |reason: String, draft: &mut Draft| {
        draft.problems.push(Problem {
            severity: Severity::Skipped,
            table: Some(index),
            first_line: table.first_line,
            last_line: table.last_line,
            text: table
                .header
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            reason,
            rows: table.rows.len(),
        });
    };
    if !include {
        skip("left out: the table is not imported".to_string(), draft);
        return None;
    }
    if !mapping.iter().any(|k| k.is_port()) {
        skip(
            "no port column, so not a port table: map a column to Port to import it".to_string(),
            draft,
        );
        return None;
    }
    Some(TableRead {
        index,
        group: Group {
            readings: Vec::new(),
            sides: GroupSides {
                heading: table.heading.as_ref().map(|c| c.text.clone()),
            },
            option,
        },
        mapping,
        row: 0,
        above: None,
    })
}

/// One row read by the table's mapping (a blank cell filled from the row above, as vendors
/// mean it); a row that cannot be read is a problem with its reason.
fn read_row(
    index: usize,
    raw: &crate::table::RawRow,
    mapping: &Mapping,
    above: &mut Option<Vec<String>>,
    problems: &mut Vec<Problem>,
) -> Option<Reading> {
    let unreadable = |reason: String| Problem {
        severity: Severity::Unreadable,
        table: Some(index),
        first_line: raw.first_line,
        last_line: raw.last_line,
        text: raw.text(),
        reason,
        rows: 1,
    };
    let (mut cells, note) = match row::align(raw, mapping) {
        Ok(c) => c,
        Err(reason) => {
            problems.push(unreadable(reason));
            return None;
        }
    };
    row::fill_from_above(&mut cells, above.as_ref(), mapping);
    *above = Some(cells.clone());
    match row::read(index, raw, &cells, mapping) {
        Ok(mut r) => {
            r.warnings.extend(note);
            Some(r)
        }
        Err(reason) => {
            problems.push(unreadable(reason));
            None
        }
    }
}

/// The draft product being built: roles, parameters, options and rules, each made once.
struct Builder {
    opts: Options,
    roles: Vec<RoleDraft>,
    role_index: HashMap<String, usize>,
    parameters: Vec<ParameterDraft>,
    options: Vec<OptionDraft>,
    rules: Vec<RuleDraft>,
    rule_keys: HashMap<String, usize>,
    rule_ids: HashSet<String>,
    ambiguities: Vec<AmbiguityDraft>,
}

impl Builder {
    fn new(opts: Options) -> Builder {
        Builder {
            opts,
            roles: Vec::new(),
            role_index: HashMap::new(),
            parameters: Vec::new(),
            options: Vec::new(),
            rules: Vec::new(),
            rule_keys: HashMap::new(),
            rule_ids: HashSet::new(),
            ambiguities: Vec::new(),
        }
    }

    /// A conditional sentence before the table (`If you use X, you will additionally need:`)
    /// becomes a switch named after X.
    fn option_from_lead(&mut self, table: &RawTable) -> Option<String> {
        let lead = table.lead.as_ref()?;
        // the last sentence, when it introduces the table (`...:`) and sets a condition
        let text = lead.text.trim();
        let last = text.rsplit(". ").next().unwrap_or(text).to_lowercase();
        let conditional = last.starts_with("if ")
            || last.starts_with("when ")
            || last.starts_with("only ")
            || last.contains(" if you ")
            || last.contains("additionally")
            || last.contains("optional");
        if !conditional || !text.ends_with(':') {
            return None;
        }
        let name = option_name(&lead.text);
        Some(self.option_named(&name, table))
    }

    fn option_named(&mut self, name: &str, table: &RawTable) -> String {
        let (quote, line) = table
            .lead
            .as_ref()
            .map_or((name, table.first_line), |l| (l.text.as_str(), l.line));
        self.option_with(name, quote, line)
    }

    /// The option of that name (made once, citing `quote` at `line`).
    fn option_with(&mut self, name: &str, quote: &str, line: usize) -> String {
        let id = non_empty(slug(name), "option");
        if !self.options.iter().any(|o| o.id == id) {
            self.options.push(OptionDraft {
                id: id.clone(),
                name: name.to_string(),
                quote: short(quote, 200),
                line,
            });
        }
        id
    }

    /// A role for a side: renamed as the user says; one id for one name, so a name met twice
    /// (or two renamed to one) is one role.
    fn role(&mut self, side: &Side, line: usize, quote: &str) -> String {
        let original = non_empty(phrases::role_id(&side.name), "role");
        let name = self
            .opts
            .renames
            .iter()
            .find(|r| r.role == original)
            .map_or(side.name.clone(), |r| r.name.clone());
        let id = non_empty(phrases::role_id(&name), "role");
        let endpoints: Vec<String> = side.endpoints.iter().map(|e| e.text.clone()).collect();
        for e in &side.endpoints {
            self.endpoint_parameters(e, line, quote);
        }
        match self
            .role_index
            .get(&id)
            .and_then(|&i| self.roles.get_mut(i))
        {
            Some(role) => {
                if !role.names.contains(&side.name) {
                    role.names.push(side.name.clone());
                }
                if !role.originals.contains(&original) {
                    role.originals.push(original);
                }
                for e in endpoints {
                    if !role.endpoints.contains(&e) {
                        role.endpoints.push(e);
                    }
                }
                role.inferred &= side.inferred;
                if !role.endpoints.is_empty() {
                    role.kind = RoleKind::External;
                }
            }
            None => {
                self.role_index.insert(id.clone(), self.roles.len());
                self.roles.push(RoleDraft {
                    id: id.clone(),
                    name: name.clone(),
                    kind: if endpoints.is_empty() {
                        RoleKind::Internal
                    } else {
                        RoleKind::External
                    },
                    endpoints,
                    names: vec![side.name.clone()],
                    originals: vec![original],
                    inferred: side.inferred,
                    line,
                    quote: short(quote, 200),
                });
            }
        }
        id
    }

    /// `{tenant}` in an endpoint: a text parameter; its default is the user's value or the
    /// placeholder's own name.
    fn endpoint_parameters(&mut self, e: &Endpoint, line: usize, quote: &str) {
        for p in &e.placeholders {
            if self.parameters.iter().any(|x| &x.id == p) {
                continue;
            }
            let value = self.user_value(p).unwrap_or_else(|| p.clone());
            self.parameters.push(ParameterDraft {
                id: p.clone(),
                name: p.replace('-', " "),
                kind: ParamKind::Text,
                default: Some(value),
                description: format!("`<{p}>` in the source's `{}`: set your own value.", e.text),
                quote: short(quote, 200),
                line,
            });
        }
    }

    fn user_value(&self, id: &str) -> Option<String> {
        self.opts
            .parameters
            .iter()
            .find(|p| p.id == id && !p.value.trim().is_empty())
            .map(|p| p.value.trim().to_string())
    }
}

/// `If you use inContact Screen Recording, you will additionally need:` → `inContact Screen
/// Recording`; other sentences are shortened.
fn option_name(lead: &str) -> String {
    let lower = lead.to_lowercase();
    for intro in [
        "if you use ",
        "if you have ",
        "if you are using ",
        "if you deploy ",
        "when using ",
        "if using ",
        "if ",
    ] {
        if let Some(pos) = lower.find(intro) {
            let rest = lead.get(pos + intro.len()..).unwrap_or("");
            let end = rest.find([',', ':', '.', ';']).unwrap_or(rest.len());
            let name = rest.get(..end).unwrap_or("").trim();
            if !name.is_empty() && name.split_whitespace().count() <= 8 {
                return name.to_string();
            }
        }
    }
    short(lead.trim_end_matches(':'), 60)
}

pub(crate) fn short(text: &str, max: usize) -> String {
    // words up to a character past `max`, not the whole text (which may be 10 MB of prose)
    let mut one_line = String::new();
    for word in text.split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
        if one_line.chars().count() > max {
            break;
        }
    }
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut s: String = one_line.chars().take(max).collect();
    s.push('…');
    s
}

fn non_empty(id: String, fallback: &str) -> String {
    if id.is_empty() {
        fallback.to_string()
    } else {
        id
    }
}

impl Builder {
    /// The rules of one row: one per pair of sides, a duplicate of an earlier rule merged
    /// into it (its lines added).
    fn add(
        &mut self,
        r: &Reading,
        pairs: &[Pair],
        option: Option<&str>,
        problems: &mut Vec<Problem>,
    ) {
        for w in &r.warnings {
            problems.push(warning(r, w.clone()));
        }
        self.address_notes(r, problems);
        for pair in pairs {
            let from = self.role(&pair.from, r.first_line, &r.quote);
            let to = self.role(&pair.to, r.first_line, &r.quote);
            let (ports, pending) = match pair.port {
                Some(port) => (
                    vec![PortItem::Range(crate::values::Range { lo: port, hi: port })],
                    None,
                ),
                None => self.ports(r, &to),
            };
            let Some(transport) = r.transport.as_ref() else {
                continue;
            };
            let mut sorted = ports.clone();
            sorted.sort();
            let key = format!(
                "{from}|{to}|{:?}|{sorted:?}|{option:?}",
                transport.transport
            );
            if let Some(&i) = self.rule_keys.get(&key) {
                if let Some(rule) = self.rules.get_mut(i) {
                    // rows come in order: a row met twice (two peers) is the last one
                    if rule.lines.last() != Some(&(r.first_line, r.last_line)) {
                        rule.lines.push((r.first_line, r.last_line));
                    }
                }
                continue;
            }
            let id = self.rule_id(&from, &to, &ports);
            self.rule_ids.insert(id.clone());
            self.rule_keys.insert(key, self.rules.len());
            self.rules.push(RuleDraft {
                id,
                purpose: purpose(r, &pair.from.name, &pair.to.name),
                from,
                to,
                transport: transport.transport,
                protocol: transport.protocol.clone(),
                ports,
                when: option.map(str::to_string),
                optional: r.optional,
                table: r.table,
                lines: vec![(r.first_line, r.last_line)],
                quote: r.quote.clone(),
                pending,
            });
        }
    }

    /// The rule's ports: numbers and ranges; a `(default)` port as a port parameter with that
    /// default; a placeholder as a parameter with the user's value (else the rule waits).
    fn ports(&mut self, r: &Reading, to: &str) -> (Vec<PortItem>, Option<String>) {
        let p = &r.ports;
        if let Some(name) = &p.placeholder {
            let id = non_empty(slug(name), "port");
            let default = self.user_value(&id).or_else(|| match p.ranges.as_slice() {
                [one] if one.lo == one.hi => Some(one.lo.to_string()),
                _ => None,
            });
            let description = format!("`{name}` in the source: the port you configure.");
            self.port_parameter(&id, name, default.clone(), description, r);
            let pending = default.is_none().then(|| {
                format!("`{name}` is a port the source gives no number for: give the parameter `{id}` a value")
            });
            return (vec![PortItem::Param(id)], pending);
        }
        if p.default {
            if let [one] = p.ranges.as_slice() {
                if one.lo == one.hi {
                    let id = self.default_port_id(to, one.lo);
                    let role_name = self
                        .roles
                        .iter()
                        .find(|x| x.id == to)
                        .map_or(to.to_string(), |x| x.name.clone());
                    let description = format!(
                        "Port of {role_name}; {} is the default the source gives.",
                        one.lo
                    );
                    self.port_parameter(
                        &id,
                        &format!("{role_name} port"),
                        Some(one.lo.to_string()),
                        description,
                        r,
                    );
                    return (vec![PortItem::Param(id)], None);
                }
            }
        }
        (p.ranges.iter().map(|x| PortItem::Range(*x)).collect(), None)
    }

    /// `<role>-port`, or `<role>-port-2` ... when that one has another default.
    fn default_port_id(&self, role: &str, port: u16) -> String {
        let base = format!("{role}-port");
        let mut n = 1;
        loop {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            match self.parameters.iter().find(|p| p.id == id) {
                None => return id,
                Some(p) if p.default.as_deref() == Some(&port.to_string()) => return id,
                Some(_) => n += 1,
            }
        }
    }

    fn port_parameter(
        &mut self,
        id: &str,
        name: &str,
        default: Option<String>,
        description: String,
        r: &Reading,
    ) {
        if self.parameters.iter().any(|p| p.id == id) {
            return;
        }
        self.parameters.push(ParameterDraft {
            id: id.to_string(),
            name: name.to_string(),
            kind: ParamKind::Port,
            default,
            description,
            quote: short(&r.port_text, 200),
            line: r.first_line,
        });
    }

    fn rule_id(&self, from: &str, to: &str, ports: &[PortItem]) -> String {
        let base = format!("{from}-to-{to}");
        let first = match ports.first() {
            Some(PortItem::Range(r)) => r.lo.to_string(),
            Some(PortItem::Param(p)) => p.clone(),
            None => String::new(),
        };
        let taken = |id: &str| self.rule_ids.contains(id);
        if !taken(&base) {
            return base;
        }
        let with_port = format!("{base}-{first}");
        if !taken(&with_port) {
            return with_port;
        }
        (2..)
            .map(|n| format!("{with_port}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(with_port)
    }

    /// Address pieces that are not addresses, and repaired ones, are noted as ambiguities.
    fn address_notes(&mut self, r: &Reading, problems: &mut Vec<Problem>) {
        let all = [&r.source_addresses, &r.destination_addresses];
        let mut notes: Vec<String> = all
            .iter()
            .flat_map(|a| a.endpoints.iter().filter_map(|e| e.note.clone()))
            .collect();
        let bad: Vec<String> = all.iter().flat_map(|a| a.unreadable.clone()).collect();
        if !bad.is_empty() {
            notes.push(format!(
                "not read as addresses, left out: {}",
                bad.iter()
                    .map(|b| format!("`{b}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if notes.is_empty() {
            return;
        }
        for note in &notes {
            problems.push(warning(r, note.clone()));
        }
        // one ambiguity per distinct note, naming every row it applies to
        let text = notes.join("; ");
        if let Some(a) = self.ambiguities.iter_mut().find(|a| a.note == text) {
            a.lines.push(r.first_line);
            a.text = ambiguity_text(&a.lines, &text);
            return;
        }
        let id = format!("import-note-{}", self.ambiguities.len() + 1);
        self.ambiguities.push(AmbiguityDraft {
            id,
            text: ambiguity_text(&[r.first_line], &text),
            note: text,
            lines: vec![r.first_line],
            quote: short(&r.quote, 200),
            line: r.first_line,
        });
    }

    fn finish(self) -> ProductDraft {
        let opts = &self.opts;
        let name = non_empty(opts.name.trim().to_string(), "Imported product");
        let id = non_empty(
            if opts.id.trim().is_empty() {
                slug(&name)
            } else {
                slug(&opts.id)
            },
            "imported-product",
        );
        let title = if !opts.source_title.trim().is_empty() {
            opts.source_title.trim().to_string()
        } else if !opts.source_file.trim().is_empty() {
            opts.source_file.trim().to_string()
        } else {
            "Pasted vendor table".to_string()
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        ProductDraft {
            id,
            name,
            vendor: non_empty(opts.vendor.trim().to_string(), "Unknown vendor"),
            summary: non_empty(
                opts.summary.trim().to_string(),
                "Drafted from a vendor port table by the importer; review before use.",
            ),
            source: SourceDraft {
                id: "source".to_string(),
                title,
                url: opt(&opts.source_url),
                file: opt(&opts.source_file),
            },
            options: self.options,
            parameters: self.parameters,
            roles: self.roles,
            rules: self.rules,
            ambiguities: self.ambiguities,
        }
    }
}

fn ambiguity_text(lines: &[usize], note: &str) -> String {
    let list: Vec<String> = lines.iter().map(usize::to_string).collect();
    let which = if lines.len() == 1 { "line" } else { "lines" };
    format!("The source's {which} {}: {note}.", list.join(", "))
}

fn warning(r: &Reading, reason: String) -> Problem {
    Problem {
        severity: Severity::Warning,
        table: Some(r.table),
        first_line: r.first_line,
        last_line: r.last_line,
        text: r.quote.clone(),
        reason,
        rows: 1,
    }
}

/// The description in one line, or a plain statement of the connection.
fn purpose(r: &Reading, from: &str, to: &str) -> String {
    let d = short(&r.description, 300);
    if d.is_empty() {
        format!("{from} connects to {to} on {}.", r.port_text.trim())
    } else {
        d
    }
}
