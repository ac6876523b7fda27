//! The Import view's choices as plain Rust (unit-tested natively): what the user says about a
//! vendor table and the corrections made to its draft (column kinds, role names, options, the
//! product and its source), sent to the importer in the API module as its `ImportOptions`. The
//! draft itself is the importer's: every change here runs the import again.

use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The user's choices for one table import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableForm {
    /// `auto`, `text`, `markdown`, `csv`, `tsv` or `html`.
    pub format: String,
    pub name: String,
    pub vendor: String,
    pub source_title: String,
    pub source_url: String,
    /// The dropped file's name, if the input is a file.
    pub source_file: String,
    /// Per table: the kind of every column, once the user changed one.
    pub mappings: BTreeMap<usize, Vec<String>>,
    /// Original role id → the name the user gave (two roles given one name are merged).
    pub renames: BTreeMap<String, String>,
    /// Per table: (the option its rows need, `""` for none; whether it is imported).
    pub groups: BTreeMap<usize, (String, bool)>,
    /// Per row (its first line): the option its rules need, over its table's.
    pub rows: BTreeMap<usize, String>,
    /// Values of parameters the source names without one.
    pub parameters: BTreeMap<String, String>,
}

impl TableForm {
    /// The importer's `ImportOptions`.
    pub fn options(&self) -> Value {
        json!({
            "format": if self.format.is_empty() { "auto" } else { &self.format },
            "name": self.name,
            "vendor": self.vendor,
            "source_title": self.source_title,
            "source_url": self.source_url,
            "source_file": self.source_file,
            "mappings": self.mappings.iter()
                .map(|(t, c)| json!({ "table": t, "columns": c })).collect::<Vec<_>>(),
            "renames": self.renames.iter()
                .map(|(r, n)| json!({ "role": r, "name": n })).collect::<Vec<_>>(),
            "groups": self.groups.iter()
                .map(|(t, (o, i))| json!({ "table": t, "option": o, "include": i }))
                .collect::<Vec<_>>(),
            "rows": self.rows.iter()
                .map(|(l, o)| json!({ "line": l, "option": o })).collect::<Vec<_>>(),
            "parameters": self.parameters.iter()
                .map(|(id, v)| json!({ "id": id, "value": v })).collect::<Vec<_>>(),
        })
    }

    /// Column `column` of table `table` is of `kind`; `current` is the table's mapping as the
    /// importer used it (detected, or the user's).
    pub fn set_column(&mut self, table: usize, current: &[String], column: usize, kind: &str) {
        let mut mapping = current.to_vec();
        if let Some(k) = mapping.get_mut(column) {
            *k = kind.to_string();
            self.mappings.insert(table, mapping);
        }
    }

    /// The role that the source's `originals` stand for is named `name`; a blank name returns
    /// them to the source's names (and undoes a merge).
    pub fn rename(&mut self, originals: &[String], name: &str) {
        let name = name.trim();
        for o in originals {
            if name.is_empty() {
                self.renames.remove(o);
            } else {
                self.renames.insert(o.clone(), name.to_string());
            }
        }
    }

    /// The option table `table`'s rows need (`""`: none) and whether it is imported.
    pub fn set_group(&mut self, table: usize, option: &str, include: bool) {
        self.groups
            .insert(table, (option.trim().to_string(), include));
    }

    /// The option the rows starting at `lines` need: `None` returns them to their table's.
    pub fn set_rows(&mut self, lines: &[usize], option: Option<&str>) {
        for l in lines {
            match option {
                Some(o) => self.rows.insert(*l, o.trim().to_string()),
                None => self.rows.remove(l),
            };
        }
    }

    /// A value for a parameter the source gives none (blank: none).
    pub fn set_parameter(&mut self, id: &str, value: &str) {
        if value.trim().is_empty() {
            self.parameters.remove(id);
        } else {
            self.parameters
                .insert(id.to_string(), value.trim().to_string());
        }
    }

    /// Choices that belong to the tables of one input: a new input starts without them (the
    /// product and source fields stay).
    pub fn forget_tables(&mut self) {
        self.mappings.clear();
        self.renames.clear();
        self.groups.clear();
        self.rows.clear();
        self.parameters.clear();
    }
}

/// `"4001-4004"`-style text of a draft rule's ports (`{range: {lo, hi}}` or `{param: id}`),
/// already read into `(lo, hi)` pairs and parameter ids.
pub fn ports_text(ranges: &[(u32, u32)], params: &[String]) -> String {
    let mut parts: Vec<String> = ranges
        .iter()
        .map(|&(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        })
        .collect();
    parts.extend(params.iter().map(|p| format!("<{p}>")));
    parts.join(", ")
}

/// `"lines 14-15, 20"` for a rule's rows.
pub fn lines_text(lines: &[(usize, usize)]) -> String {
    let one = |&(a, b): &(usize, usize)| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        }
    };
    let list: Vec<String> = lines.iter().map(one).collect();
    let word = if lines.len() == 1 && lines.first().is_some_and(|(a, b)| a == b) {
        "line"
    } else {
        "lines"
    };
    format!("{word} {}", list.join(", "))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn options_carry_every_choice_in_the_importers_shape() {
        let mut f = TableForm {
            name: "EXEC".into(),
            ..TableForm::default()
        };
        let detected: Vec<String> = ["local", "port", "ignore"].map(String::from).to_vec();
        f.set_column(0, &detected, 1, "local-port");
        f.set_column(0, &detected, 7, "port"); // no such column: nothing changes
        f.rename(&["excs".into()], " Config Server ");
        f.set_group(1, "Screen Recording", true);
        f.set_rows(&[14, 15], Some("Metrics"));
        f.set_parameter("http-lb-excp-port", "8080");
        let o = f.options();
        assert_eq!(o["format"], "auto");
        assert_eq!(o["name"], "EXEC");
        assert_eq!(
            o["mappings"],
            json!([{ "table": 0, "columns": ["local", "local-port", "ignore"] }])
        );
        assert_eq!(
            o["renames"],
            json!([{ "role": "excs", "name": "Config Server" }])
        );
        assert_eq!(
            o["groups"],
            json!([{ "table": 1, "option": "Screen Recording", "include": true }])
        );
        assert_eq!(
            o["rows"],
            json!([{ "line": 14, "option": "Metrics" }, { "line": 15, "option": "Metrics" }])
        );
        assert_eq!(
            o["parameters"],
            json!([{ "id": "http-lb-excp-port", "value": "8080" }])
        );
    }

    #[test]
    fn a_blank_name_undoes_a_rename_and_a_merge() {
        let mut f = TableForm::default();
        let merged: Vec<String> = vec!["primary-stat".into(), "backup-stat".into()];
        f.rename(&merged, "Stat Server");
        assert_eq!(f.renames.len(), 2);
        f.rename(&merged, "  ");
        assert!(f.renames.is_empty());
        f.set_rows(&[3], Some(""));
        assert_eq!(f.rows.get(&3).map(String::as_str), Some(""));
        f.set_rows(&[3], None);
        assert!(f.rows.is_empty());
        f.set_parameter("p", "1");
        f.set_parameter("p", "");
        assert!(f.parameters.is_empty());
    }

    #[test]
    fn a_new_input_forgets_the_tables_choices_but_not_the_product() {
        let mut f = TableForm {
            name: "X".into(),
            source_url: "https://example.com/ports".into(),
            ..TableForm::default()
        };
        f.set_group(0, "", false);
        f.rename(&["a".into()], "B");
        f.forget_tables();
        assert!(f.groups.is_empty() && f.renames.is_empty());
        assert_eq!(f.name, "X");
        assert_eq!(f.source_url, "https://example.com/ports");
    }

    #[test]
    fn ports_and_lines_read_as_people_write_them() {
        assert_eq!(
            ports_text(&[(443, 443), (4001, 4004)], &["excp-port".into()]),
            "443, 4001-4004, <excp-port>"
        );
        assert_eq!(lines_text(&[(14, 14)]), "line 14");
        assert_eq!(lines_text(&[(14, 15), (20, 20)]), "lines 14-15, 20");
    }
}
