//! The path of a field in a plan (or in the planner's embedding options), such as
//! `hosts[2].addresses[0]` or `products[1].versions.ris`: built as a value by the engine,
//! read as a value by the planner (which view and control show it, which role it names), and
//! written as text only in JSON and messages.

use std::fmt;

/// One step of a [`FieldPath`]: a key (`hosts`, `versions`, `ris`) or a list position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A field path (see the module documentation). Paths sort as their text does
/// (`hosts[10]` before `hosts[2]`), the order reports have always listed warnings in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<Step>);

impl PartialOrd for FieldPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FieldPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if self.0 == other.0 {
            return std::cmp::Ordering::Equal;
        }
        self.to_string().cmp(&other.to_string())
    }
}

/// What a field path is about, for the code that links a warning to its control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// `hosts[N]...`: the host, and the position in its `addresses` or `roles` list if any.
    Host {
        index: usize,
        list: Option<(&'a str, usize)>,
    },
    /// `products[N].group.name`, e.g. `products[0].roles.agent-pc`.
    Product {
        index: usize,
        group: &'a str,
        name: &'a str,
    },
    /// Anything else (`name`, `products[0].id`, `options.view`).
    Other,
}

impl FieldPath {
    /// A path of one key, e.g. `name` or `options`.
    pub fn root(key: impl Into<String>) -> Self {
        FieldPath(vec![Step::Key(key.into())])
    }

    /// `hosts[index]`.
    pub fn host(index: usize) -> Self {
        FieldPath::root("hosts").index(index)
    }

    /// `products[index]`.
    pub fn product(index: usize) -> Self {
        FieldPath::root("products").index(index)
    }

    /// `products[index].group.name`, e.g. `products[0].versions.ris`.
    pub fn product_item(index: usize, group: &str, name: &str) -> Self {
        FieldPath::product(index).key(group).key(name)
    }

    /// This path followed by `.key`.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(Step::Key(key.into()));
        self
    }

    /// This path followed by `[index]`.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Step::Index(index));
        self
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    /// True for the empty path (the top of a document).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads the text form (`hosts[2].addresses[0]`); `None` for an empty path, an empty key
    /// or an unclosed or non-numeric index.
    pub fn parse(text: &str) -> Option<Self> {
        let mut steps = Vec::new();
        for part in text.split('.') {
            let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
            if !key.is_empty() {
                steps.push(Step::Key(key.to_string()));
            } else if rest.is_empty() || steps.is_empty() {
                return None;
            }
            while !rest.is_empty() {
                let (n, after) = rest.split_once(']')?;
                steps.push(Step::Index(n.parse().ok()?));
                rest = match after.strip_prefix('[') {
                    Some(r) => r,
                    None if after.is_empty() => "",
                    None => return None,
                };
            }
        }
        (!steps.is_empty()).then_some(FieldPath(steps))
    }

    /// What the path is about (see [`Subject`]).
    pub fn subject(&self) -> Subject<'_> {
        use Step::{Index, Key};
        match self.0.as_slice() {
            [Key(h), Index(index), rest @ ..] if h == "hosts" => Subject::Host {
                index: *index,
                list: match rest {
                    [Key(list), Index(i), ..] => Some((list.as_str(), *i)),
                    _ => None,
                },
            },
            [Key(p), Index(index), Key(group), Key(name), ..] if p == "products" => {
                Subject::Product {
                    index: *index,
                    group,
                    name,
                }
            }
            _ => Subject::Other,
        }
    }

    /// The control that shows the field: an element of a host's `addresses` or `roles` list is
    /// shown by the list's control (`hosts[2].addresses[1]` → `hosts[2].addresses`); anything
    /// else is its own control.
    pub fn control(&self) -> FieldPath {
        match self.subject() {
            Subject::Host {
                list: Some(("addresses" | "roles", _)),
                ..
            } => FieldPath(self.0.iter().take(3).cloned().collect()),
            _ => self.clone(),
        }
    }

    /// N of a path inside `products[N]`.
    pub fn product_index(&self) -> Option<usize> {
        match self.0.as_slice() {
            [Step::Key(p), Step::Index(n), ..] if p == "products" => Some(*n),
            _ => None,
        }
    }

    /// The role id of a `products[N].roles.<role>` path.
    pub fn role(&self) -> Option<&str> {
        match self.subject() {
            Subject::Product {
                group: "roles",
                name,
                ..
            } => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl PartialEq<str> for FieldPath {
    /// Whether the path's text is `other` (written piece by piece against it, no allocation).
    fn eq(&self, other: &str) -> bool {
        struct Rest<'a>(&'a str);
        impl fmt::Write for Rest<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(s).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Rest(other);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl serde::Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        FieldPath::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a field path such as `hosts[2].name`"
            ))
        })
    }
}

impl schemars::JsonSchema for FieldPath {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FieldPath".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The plan field a warning is about, e.g. `hosts[2].addresses[0]` or `products[0].versions.ris`.",
            "type": "string"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{FieldPath, Subject};

    #[test]
    fn paths_are_written_and_read_back() {
        let p = FieldPath::host(12).key("addresses").index(3);
        assert_eq!(p.to_string(), "hosts[12].addresses[3]");
        assert_eq!(FieldPath::parse("hosts[12].addresses[3]"), Some(p));
        let q = FieldPath::product_item(1, "versions", "ris");
        assert_eq!(q.to_string(), "products[1].versions.ris");
        assert_eq!(FieldPath::parse(&q.to_string()), Some(q));
        for text in ["name", "options.theme.accent", "?embed", "a[1][2].b"] {
            assert_eq!(
                FieldPath::parse(text).map(|p| p.to_string()).as_deref(),
                Some(text)
            );
        }
        for bad in ["", "a..b", "a[x]", "a[1", "a[1]b", "[1]"] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn subjects_controls_and_roles() {
        let addr = FieldPath::host(2).key("addresses").index(1);
        assert_eq!(
            addr.subject(),
            Subject::Host {
                index: 2,
                list: Some(("addresses", 1))
            }
        );
        assert_eq!(addr.control().to_string(), "hosts[2].addresses");
        let name = FieldPath::host(1).key("name");
        assert_eq!(name.control(), name);
        let role = FieldPath::product_item(0, "roles", "agent-pc");
        assert_eq!(role.role(), Some("agent-pc"));
        assert_eq!(FieldPath::host(0).key("roles").index(0).role(), None);
        assert_eq!(FieldPath::root("name").subject(), Subject::Other);
        assert_eq!(FieldPath::product(3).key("id").product_index(), Some(3));
        assert!(FieldPath::product(3).key("id") == "products[3].id");
        assert!(FieldPath::product(3).key("id") != "products[3].i");
        assert!(FieldPath::product(3).key("id") != "products[3].idx");
        assert_eq!(name.product_index(), None);
    }
}
