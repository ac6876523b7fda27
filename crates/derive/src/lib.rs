//! Derives for `portolan-catalog`, so that each catalog type is declared once:
//!
//! - `#[derive(Compact)]` writes and reads a validated model type in the catalog's compact
//!   binary form (`portolan_catalog::compact`): the fields in their order, enums as a tag byte
//!   and their fields. `#[compact(skip)]` leaves out a field that is derived after loading (it
//!   reads back as `Default::default()`); `#[compact(after_read = "path")]` on a struct names a
//!   `fn(&mut Self)` run once it is read.
//! - `#[derive(Table)]` reads one table of a catalog file (`portolan_catalog::raw`) from the TOML
//!   document tree with positions, and describes it as JSON Schema for catalog authors
//!   (`catalog/schema.json` is generated from these declarations). The reader of each field
//!   follows from its type; `#[table(key = "type")]` names the TOML key when it differs from the
//!   field, `#[table(required)]` makes a list required, `#[table(id)]` marks a kebab-case id, `#[table(schema = "{...}")]` adds JSON
//!   Schema keywords (an enum, a pattern, ...), and the field's doc comment is its description.
//!   A group of keys several tables share is a struct with `#[table(flat)]`, taken into a table
//!   by a field with `#[table(flatten)]`; `#[table(with = "path")]` reads a field of its own
//!   shape with `path(&mut Fields, &mut Ctx)`.
//!
//! The generated code names the catalog crate's own items (`Fields`, `Ctx`, `W`, `R`, ...), so
//! the derives are for that crate only.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr, Type};

/// See the crate documentation.
#[proc_macro_derive(Compact, attributes(compact))]
pub fn derive_compact(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    compact(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// See the crate documentation.
#[proc_macro_derive(Table, attributes(table))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    table(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

// ---------------------------------------------------------------------------------------------
// Compact

/// `#[compact(...)]` settings of a struct or field.
#[derive(Default)]
struct CompactAttrs {
    skip: bool,
    after_read: Option<syn::Path>,
}

fn compact_attrs(attrs: &[syn::Attribute]) -> syn::Result<CompactAttrs> {
    let mut out = CompactAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("compact")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                out.skip = true;
                Ok(())
            } else if meta.path.is_ident("after_read") {
                let s: LitStr = meta.value()?.parse()?;
                out.after_read = Some(s.parse()?);
                Ok(())
            } else {
                Err(meta.error("expected `skip` or `after_read = \"path\"`"))
            }
        })?;
    }
    Ok(out)
}

fn compact(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let attrs = compact_attrs(&input.attrs)?;
    let (write, read) = match &input.data {
        Data::Struct(s) => compact_struct(&s.fields, &attrs)?,
        Data::Enum(e) => compact_enum(name, e)?,
        Data::Union(_) => return Err(syn::Error::new_spanned(name, "unions are not supported")),
    };
    Ok(quote! {
        impl crate::compact::Compact for #name {
            fn write(&self, w: &mut crate::compact::W) {
                #write
            }
            fn read(r: &mut crate::compact::R<'_>) -> crate::compact::Res<Self> {
                #read
            }
        }
    })
}

/// The fields' write statements (on bindings named after the fields) and the expression that
/// builds the value with `path { ... }` or `path( ... )`.
fn compact_fields(fields: &Fields, path: Tokens) -> syn::Result<(Vec<syn::Ident>, Tokens, Tokens)> {
    let mut bindings = Vec::new();
    let mut writes = Vec::new();
    let mut reads = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let skip = compact_attrs(&f.attrs)?.skip;
        let binding = match &f.ident {
            Some(id) => id.clone(),
            None => format_ident!("f{i}"),
        };
        let value = if skip {
            quote! { ::core::default::Default::default() }
        } else {
            writes.push(quote! { crate::compact::Compact::write(#binding, w); });
            quote! { crate::compact::Compact::read(r)? }
        };
        reads.push(match &f.ident {
            Some(id) => quote! { #id: #value },
            None => value,
        });
        bindings.push(binding);
    }
    let build = match fields {
        Fields::Named(_) => quote! { #path { #(#reads),* } },
        Fields::Unnamed(_) => quote! { #path ( #(#reads),* ) },
        Fields::Unit => quote! { #path },
    };
    Ok((bindings, quote! { #(#writes)* }, build))
}

fn compact_struct(fields: &Fields, attrs: &CompactAttrs) -> syn::Result<(Tokens, Tokens)> {
    let (bindings, writes, build) = compact_fields(fields, quote! { Self })?;
    let pattern = match fields {
        Fields::Named(_) => quote! { Self { #(#bindings),* } },
        Fields::Unnamed(_) => quote! { Self ( #(#bindings),* ) },
        Fields::Unit => quote! { Self },
    };
    let write = quote! {
        #[allow(unused_variables)]
        let #pattern = self;
        #writes
    };
    let read = match &attrs.after_read {
        Some(after) => quote! {
            let mut value = #build;
            #after(&mut value);
            Ok(value)
        },
        None => quote! { Ok(#build) },
    };
    Ok((write, read))
}

fn compact_enum(name: &syn::Ident, e: &syn::DataEnum) -> syn::Result<(Tokens, Tokens)> {
    let count = u8::try_from(e.variants.len())
        .map_err(|_| syn::Error::new_spanned(name, "at most 255 variants"))?;
    let what = format!("kind of {}", name.to_string().to_lowercase());
    let mut write_arms = Vec::new();
    let mut read_arms = Vec::new();
    for (i, v) in e.variants.iter().enumerate() {
        let tag = u8::try_from(i).unwrap_or(u8::MAX);
        let ident = &v.ident;
        let (bindings, writes, build) = compact_fields(&v.fields, quote! { Self::#ident })?;
        let pattern = match &v.fields {
            Fields::Named(_) => quote! { Self::#ident { #(#bindings),* } },
            Fields::Unnamed(_) => quote! { Self::#ident ( #(#bindings),* ) },
            Fields::Unit => quote! { Self::#ident },
        };
        write_arms.push(quote! { #pattern => { w.byte(#tag); #writes } });
        // the last variant takes every other tag: `R::tag` has already refused those
        if usize::from(tag) + 1 == e.variants.len() {
            read_arms.push(quote! { _ => #build });
        } else {
            read_arms.push(quote! { #tag => #build });
        }
    }
    let write = quote! { match self { #(#write_arms)* } };
    let read = quote! {
        Ok(match r.tag(#count, #what)? {
            #(#read_arms,)*
        })
    };
    Ok((write, read))
}

// ---------------------------------------------------------------------------------------------
// Table

/// `#[table(...)]` settings of a struct (`what`, `key`, `lenient`) or a field (`key`,
/// `required`, `schema`).
#[derive(Default)]
struct TableAttrs {
    what: Option<String>,
    key: Option<String>,
    lenient: bool,
    flat: bool,
    flatten: bool,
    with: Option<String>,
    required: bool,
    id: bool,
    schema: Option<String>,
}

fn table_attrs(attrs: &[syn::Attribute]) -> syn::Result<TableAttrs> {
    let mut out = TableAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("table")) {
        attr.parse_nested_meta(|meta| {
            let string = |meta: &syn::meta::ParseNestedMeta<'_>| -> syn::Result<String> {
                Ok(meta.value()?.parse::<LitStr>()?.value())
            };
            if meta.path.is_ident("what") {
                out.what = Some(string(&meta)?);
            } else if meta.path.is_ident("key") {
                out.key = Some(string(&meta)?);
            } else if meta.path.is_ident("schema") {
                out.schema = Some(string(&meta)?);
            } else if meta.path.is_ident("lenient") {
                out.lenient = true;
            } else if meta.path.is_ident("required") {
                out.required = true;
            } else if meta.path.is_ident("id") {
                out.id = true;
            } else if meta.path.is_ident("flat") {
                out.flat = true;
            } else if meta.path.is_ident("flatten") {
                out.flatten = true;
            } else if meta.path.is_ident("with") {
                out.with = Some(string(&meta)?);
            } else {
                return Err(meta.error(
                    "expected `what`, `key`, `schema`, `id`, `lenient`, `flat`, `flatten`, `with` or `required`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// The doc comment of an item, its lines joined with spaces.
fn doc(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a field is read, from its type.
enum Kind {
    ReqStr,
    OptStr,
    Strs,
    OptStrList,
    OptSpannedStrs,
    ReqSpannedStrs,
    ReqInt,
    OptInt,
    OptBool,
    Any,
    AnyList,
    Cite,
    Tables(Box<Type>),
}

fn kind_of(ty: &Type) -> syn::Result<Kind> {
    let text: String = quote!(#ty).to_string().split_whitespace().collect();
    Ok(match text.as_str() {
        "S<String>" => Kind::ReqStr,
        "Option<S<String>>" => Kind::OptStr,
        "Vec<S<String>>" => Kind::Strs,
        "Option<Vec<S<String>>>" => Kind::OptStrList,
        "Option<S<Vec<S<String>>>>" => Kind::OptSpannedStrs,
        "S<Vec<S<String>>>" => Kind::ReqSpannedStrs,
        "S<i64>" => Kind::ReqInt,
        "Option<S<i64>>" => Kind::OptInt,
        "Option<S<bool>>" => Kind::OptBool,
        "S<Value>" => Kind::Any,
        "S<Vec<S<Value>>>" => Kind::AnyList,
        "Option<RawCite>" => Kind::Cite,
        _ => match element_of_vec(ty) {
            Some(inner) => Kind::Tables(Box::new(inner)),
            None => {
                return Err(syn::Error::new_spanned(
                    ty,
                    "a table field is S<String>, S<i64>, S<Value>, an Option or Vec of those, Option<RawCite> or Vec<RawTable>",
                ))
            }
        },
    })
}

/// `T` of `Vec<T>`.
fn element_of_vec(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Vec" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

/// One field's reading statement, the value it contributes to the struct, and its schema.
struct FieldCode {
    /// The key, or `None` for a flattened group (whose keys are its type's).
    key: Option<String>,
    /// A flattened group's type.
    flat: Option<Type>,
    read: Tokens,
    value: Tokens,
    schema: Tokens,
    required: bool,
}

fn table_field(f: &syn::Field) -> syn::Result<FieldCode> {
    let ident = f
        .ident
        .clone()
        .ok_or_else(|| syn::Error::new_spanned(f, "named fields only"))?;
    let attrs = table_attrs(&f.attrs)?;
    let key = attrs.key.clone().unwrap_or_else(|| ident.to_string());
    if attrs.flatten {
        let ty = &f.ty;
        return Ok(FieldCode {
            key: None,
            flat: Some(ty.clone()),
            read: quote! { let #ident = <#ty>::read_flat(&mut f, cx); },
            value: quote! { #ident },
            schema: quote! {},
            required: false,
        });
    }
    if let Some(with) = &attrs.with {
        let path: syn::Path = syn::parse_str(with)?;
        let extra = attrs.schema.unwrap_or_default();
        let description = doc(&f.attrs);
        return Ok(FieldCode {
            key: Some(key.clone()),
            flat: None,
            read: quote! { let #ident = #path(&mut f, cx); },
            value: quote! { #ident },
            schema: quote! { (#key, field_schema(serde_json::json!({}), #extra, #description)) },
            required: attrs.required,
        });
    }
    let kind = kind_of(&f.ty)?;
    let (call, required, base) = match &kind {
        Kind::ReqStr => (
            quote! { f.req_str(cx, #key) },
            true,
            quote! { serde_json::json!({"type": "string"}) },
        ),
        Kind::OptStr => (
            quote! { f.opt_str(cx, #key) },
            false,
            quote! { serde_json::json!({"type": "string"}) },
        ),
        Kind::Strs if attrs.required => (
            quote! { { if f.get(#key).is_none() { f.missing(#key, Want::StrList); } f.strs(cx, #key) } },
            true,
            quote! { serde_json::json!({"type": "array", "items": {"type": "string"}}) },
        ),
        Kind::Strs => (
            quote! { f.strs(cx, #key) },
            false,
            quote! { serde_json::json!({"type": "array", "items": {"type": "string"}}) },
        ),
        Kind::OptStrList => (
            quote! { f.opt_strs(cx, #key).map(Spanned::into_inner) },
            false,
            quote! { serde_json::json!({"type": "array", "items": {"type": "string"}}) },
        ),
        Kind::OptSpannedStrs => (
            quote! { f.opt_strs(cx, #key) },
            false,
            quote! { serde_json::json!({"type": "array", "items": {"type": "string"}}) },
        ),
        Kind::ReqSpannedStrs => (
            quote! { { if f.get(#key).is_none() { f.missing(#key, Want::StrList); } f.opt_strs(cx, #key) } },
            true,
            quote! { serde_json::json!({"type": "array", "items": {"type": "string"}}) },
        ),
        Kind::ReqInt => (
            quote! { f.req_int(cx, #key) },
            true,
            quote! { serde_json::json!({"type": "integer"}) },
        ),
        Kind::OptInt => (
            quote! { f.opt_int(cx, #key) },
            false,
            quote! { serde_json::json!({"type": "integer"}) },
        ),
        Kind::OptBool => (
            quote! { f.opt_bool(cx, #key) },
            false,
            quote! { serde_json::json!({"type": "boolean"}) },
        ),
        Kind::Any => (
            quote! { f.any(cx, #key) },
            true,
            quote! { serde_json::json!({}) },
        ),
        Kind::AnyList => (
            quote! { f.any_list(cx, #key) },
            true,
            quote! { serde_json::json!({"type": "array"}) },
        ),
        Kind::Cite => (
            quote! { f.cite(cx) },
            attrs.required,
            quote! { serde_json::json!({"$ref": "#/$defs/cite"}) },
        ),
        Kind::Tables(t) => (
            quote! { f.tables(cx, #key, <#t>::read) },
            attrs.required,
            quote! { serde_json::json!({"type": "array", "items": <#t>::schema()}) },
        ),
    };
    // required scalars are `Option`s while reading and unwrapped when the struct is built
    let unwrap = matches!(
        kind,
        Kind::ReqStr | Kind::ReqInt | Kind::Any | Kind::AnyList | Kind::ReqSpannedStrs
    );
    let value = if unwrap {
        quote! { #ident: #ident? }
    } else {
        quote! { #ident }
    };
    let extra = match (attrs.id, attrs.schema) {
        (true, _) => r##"{"$ref": "#/$defs/id"}"##.to_string(),
        (false, schema) => schema.unwrap_or_default(),
    };
    let description = doc(&f.attrs);
    Ok(FieldCode {
        key: Some(key.clone()),
        flat: None,
        read: quote! { let #ident = #call; },
        value,
        schema: quote! { (#key, field_schema(#base, #extra, #description)) },
        required,
    })
}

fn table(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let attrs = table_attrs(&input.attrs)?;
    let what = attrs
        .what
        .ok_or_else(|| syn::Error::new_spanned(name, "add #[table(what = \"...\")]"))?;
    let key = attrs.key.unwrap_or_default();
    let Data::Struct(s) = &input.data else {
        return Err(syn::Error::new_spanned(name, "structs only"));
    };
    let fields = s
        .fields
        .iter()
        .map(table_field)
        .collect::<syn::Result<Vec<_>>>()?;
    let keys: Vec<&String> = fields.iter().filter_map(|f| f.key.as_ref()).collect();
    let flats: Vec<&Type> = fields.iter().filter_map(|f| f.flat.as_ref()).collect();
    let reads = fields.iter().map(|f| &f.read);
    let values = fields.iter().map(|f| &f.value);
    let schemas: Vec<&Tokens> = fields
        .iter()
        .filter(|f| f.key.is_some())
        .map(|f| &f.schema)
        .collect();
    let required: Vec<&String> = fields
        .iter()
        .filter(|f| f.required)
        .filter_map(|f| f.key.as_ref())
        .collect();
    if attrs.flat {
        if !required.is_empty() || !flats.is_empty() {
            return Err(syn::Error::new_spanned(
                name,
                "a flat group's fields are optional and not flattened themselves",
            ));
        }
        return Ok(quote! {
            impl #name {
                /// The keys of this group, which tables that flatten it take too.
                pub(crate) const OWN_KEYS: &'static [&'static str] = &[#(#keys),*];

                /// Reads the group's fields from the table being read.
                pub(crate) fn read_flat(f: &mut Fields<'_, '_>, cx: &mut Ctx<'_>) -> Self {
                    #(#reads)*
                    Self { #(#values),* }
                }

                /// The group's properties, for the schema of a table that flattens it.
                pub fn schema_properties() -> Vec<(&'static str, serde_json::Value)> {
                    vec![#(#schemas),*]
                }
            }
        });
    }
    let finish = if attrs.lenient {
        quote! { f.finish(cx); }
    } else {
        quote! { if !f.finish(cx) { return None; } }
    };
    let description = doc(&input.attrs);
    Ok(quote! {
        impl #name {
            /// The keys this table takes, in groups (its own, then those of flattened groups).
            pub(crate) const KEYS: &'static [&'static [&'static str]] =
                &[&[#(#keys),*] #(, <#flats>::OWN_KEYS)*];

            /// Reads the table, reporting every shape problem to `cx`; `None` when a field
            /// it needs could not be read.
            pub(crate) fn read(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<Self> {
                let mut f = Fields::open(cx, #key, v, #what, Self::KEYS)?;
                #(#reads)*
                #finish
                Some(Self { #(#values),* })
            }

            /// The table as JSON Schema (for `catalog/schema.json`).
            pub fn schema() -> serde_json::Value {
                #[allow(unused_mut)]
                let mut properties = vec![#(#schemas),*];
                #(properties.extend(<#flats>::schema_properties());)*
                table_schema(#description, &[#(#required),*], properties)
            }
        }
    })
}
