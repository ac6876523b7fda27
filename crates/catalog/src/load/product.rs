//! The product's own table: its format, id, names and the sources its facts cite.

use super::*;

/// The file's own name, without its folder.
pub(super) fn file_name<'a>(cx: &Ctx<'a>) -> &'a str {
    cx.file.rsplit(['/', '\\']).next().unwrap_or(cx.file)
}

/// `schema`, `id` (which names the file), `name`, `vendor` and `summary`.
pub(super) fn header(cx: &mut Ctx<'_>, raw: &RawProduct) {
    if *raw.schema.get_ref() != 1 {
        cx.err(
            Code::CatalogSchema,
            raw.schema.span(),
            format!("catalog format `{}` is not supported", raw.schema.get_ref()),
            "write `schema = 1`",
        );
    }
    cx.id("product", &raw.id);
    let stem = file_name(cx).trim_end_matches(".toml");
    if cx.file.ends_with(".toml") && stem != raw.id.get_ref() {
        cx.err(
            Code::CatalogIdFileMismatch,
            raw.id.span(),
            format!(
                "product id `{}` does not match its file name `{stem}.toml`",
                raw.id.get_ref()
            ),
            &format!(
                "rename the file to `{}.toml` or the id to `{stem}`",
                raw.id.get_ref()
            ),
        );
    }
    cx.non_empty("product name", &raw.name);
    cx.non_empty("vendor", &raw.vendor);
    cx.non_empty("summary", &raw.summary);
}

/// `[[sources]]`: at least one, each with a file or a URL.
pub(super) fn sources(cx: &mut Ctx<'_>, raw: &RawProduct) -> Vec<Source> {
    let mut sources = Vec::new();
    let mut ids = BTreeSet::new();
    for s in &raw.sources {
        cx.id("source", &s.id);
        if !ids.insert(s.id.get_ref().clone()) {
            dup(cx, "source", &s.id);
        }
        if s.file.is_none() && s.url.is_none() {
            cx.err(
                Code::CatalogSourceLocation,
                s.id.span(),
                format!("source `{}` has neither `file` nor `url`", s.id.get_ref()),
                "add `file = \"seed-file.txt\"` or `url = \"https://...\"`",
            );
        }
        sources.push(Source {
            id: s.id.get_ref().clone(),
            file: s.file.as_ref().map(|f| f.get_ref().clone()),
            url: s.url.as_ref().map(|f| f.get_ref().clone()),
            title: s.title.get_ref().clone(),
        });
    }
    if raw.sources.is_empty() {
        cx.err(
            Code::CatalogNoSources,
            raw.id.span(),
            "product has no `[[sources]]`".to_string(),
            "add the document the facts come from: `[[sources]] id = \"guide\" file = \"...\" title = \"...\"`",
        );
    }
    sources
}
