//! A one-line-per-item listing of the public API that generated code adds to the client crate,
//! read from the generated sources with syn (so it shows what is really emitted, not what the
//! model meant). A snapshot of it lets a reviewer see an API change, and a breaking one, apart
//! from the code: adding an error code adds one `variant` line.
//!
//! Listed: structs and enums (with derives and `#[non_exhaustive]`), public fields with their
//! types, variants, public functions and methods with their signatures, public constants, trait
//! impls, and what the runtime's macros make of a code enum (`error_codes!`, `warning_codes!`)
//! and of an ID type (`id_type!`, `id_union!`). `#[cfg(feature)]` gates are
//! shown at the end of the line they apply to.

use std::path::Path;

use quote::ToTokens;

/// The summary of every `.rs` file in `generated_dir`, by file name.
pub fn summarize_dir(generated_dir: &Path) -> String {
    let mut files: Vec<_> = std::fs::read_dir(generated_dir)
        .expect("read the generated directory")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let modules = modules(&generated_dir.join("mod.rs"));
    let mut out = String::new();
    for path in files {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).expect("read generated file");
        let file = syn::parse_file(&source).unwrap_or_else(|error| panic!("{stem}: {error}"));
        let module = modules.iter().find(|module| module.name == stem);
        let prefix = match module {
            Some(module) if module.public => format!("{stem}::"),
            _ => String::new(),
        };
        let mut lines = summarize_items(&file.items, &prefix);
        lines.extend(child_module_lines(&path, &file.items, &prefix));
        if !lines.is_empty() {
            // A module compiled only with a feature gates everything in it.
            let gate = module
                .map(|module| module.gate.as_str())
                .unwrap_or_default();
            out.push_str(&format!("# {stem}.rs{gate}\n"));
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// The lines of the child modules a generated module declares in a directory of its name (a
/// method's `cli` submodule in `<method>/cli.rs`), listed with the module's own and each gated
/// like the `mod` declaration: where an item is declared is not API, what it needs is.
fn child_module_lines(path: &Path, items: &[syn::Item], prefix: &str) -> Vec<String> {
    let dir = path.with_extension("");
    let mut lines = Vec::new();
    for item in items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let child = dir.join(format!("{}.rs", module.ident));
        let Ok(source) = std::fs::read_to_string(&child) else {
            continue;
        };
        let file =
            syn::parse_file(&source).unwrap_or_else(|error| panic!("{}: {error}", child.display()));
        let gate = gates(&module.attrs);
        lines.extend(
            summarize_items(&file.items, prefix)
                .into_iter()
                .map(|line| {
                    if line.ends_with(']') {
                        line
                    } else {
                        line + &gate
                    }
                }),
        );
    }
    lines
}

/// A module `mod.rs` declares: `pub` ones are reached through their name.
struct Module {
    name: String,
    public: bool,
    /// ` [cfg(...)]` when the module is compiled only with some feature.
    gate: String,
}

fn modules(mod_rs: &Path) -> Vec<Module> {
    let source = std::fs::read_to_string(mod_rs).expect("read mod.rs");
    let file = syn::parse_file(&source).expect("parse mod.rs");
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) => Some(Module {
                name: module.ident.to_string(),
                public: is_public(&module.vis),
                gate: gates(&module.attrs),
            }),
            _ => None,
        })
        .collect()
}

fn summarize_items(items: &[syn::Item], prefix: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for item in items {
        match item {
            syn::Item::Struct(item) if is_public(&item.vis) && applies(&item.attrs, "id_type") => {
                lines.extend(summarize_id_type(item, prefix));
            }
            syn::Item::Struct(item) if is_public(&item.vis) => {
                let name = format!("{prefix}{}", item.ident);
                lines.push(format!("struct {name}{}", shape_attrs(&item.attrs)));
                for field in &item.fields {
                    if let (Some(ident), true) = (&field.ident, is_public(&field.vis)) {
                        lines.push(format!(
                            "field {name}.{ident}: {}{}",
                            tokens(&field.ty),
                            gates(&field.attrs)
                        ));
                    }
                }
            }
            syn::Item::Enum(item) if is_public(&item.vis) => match code_enum_kind(item) {
                Some(kind) => lines.extend(summarize_code_enum(item, prefix, kind)),
                None => {
                    let name = format!("{prefix}{}", item.ident);
                    lines.push(format!("enum {name}{}", shape_attrs(&item.attrs)));
                    for variant in &item.variants {
                        lines.push(variant_line(&name, variant));
                    }
                }
            },
            syn::Item::Fn(item) if is_public(&item.vis) => {
                lines.push(format!(
                    "{}{}",
                    signature(prefix, &item.sig),
                    gates(&item.attrs)
                ));
            }
            syn::Item::Const(item) if is_public(&item.vis) => {
                lines.push(value_line(
                    "const",
                    prefix,
                    &item.ident,
                    &item.ty,
                    &item.attrs,
                ));
            }
            syn::Item::Static(item) if is_public(&item.vis) => {
                lines.push(value_line(
                    "static",
                    prefix,
                    &item.ident,
                    &item.ty,
                    &item.attrs,
                ));
            }
            syn::Item::Type(item) if is_public(&item.vis) => {
                let (ident, ty) = (&item.ident, tokens(&item.ty));
                lines.push(format!("type {prefix}{ident} = {ty}{}", gates(&item.attrs)));
            }
            syn::Item::Impl(item) => lines.extend(summarize_impl(item)),
            syn::Item::Macro(item) => lines.extend(summarize_macro(item)),
            _ => {}
        }
    }
    lines
}

/// A trait impl is one line; an inherent impl lists its public functions.
fn summarize_impl(item: &syn::ItemImpl) -> Vec<String> {
    let self_ty = tokens(&item.self_ty);
    let self_ty = self_ty.trim_start_matches("crate::");
    let gate = gates(&item.attrs);
    if let Some((trait_path, _)) = &item.trait_ {
        // `crate::codes::CodeTable` is crate-private: how a table is wired, not public API.
        if trait_path
            .segments
            .last()
            .is_some_and(|s| s.ident == "CodeTable")
        {
            return Vec::new();
        }
        return vec![format!("impl {} for {self_ty}{gate}", tokens(trait_path))];
    }
    item.items
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(method) if is_public(&method.vis) => {
                let own = gates(&method.attrs);
                let gate = if own.is_empty() { &gate } else { &own };
                Some(format!(
                    "{}{gate}",
                    signature(&format!("{self_ty}::"), &method.sig)
                ))
            }
            _ => None,
        })
        .collect()
}

/// `const path::NAME: Type`, or `static ...`, with its gate.
fn value_line(
    kind: &str,
    prefix: &str,
    ident: &syn::Ident,
    ty: &syn::Type,
    attrs: &[syn::Attribute],
) -> String {
    format!("{kind} {prefix}{ident}: {}{}", tokens(ty), gates(attrs))
}

/// Macro invocations are listed as written, except the runtime's `id_union!`, whose
/// conversions are listed as the impls they are.
fn summarize_macro(item: &syn::ItemMacro) -> Vec<String> {
    let path = tokens(&item.mac.path);
    if !path.ends_with("id_union") {
        return vec![format!("macro {path}!({})", tokens(&item.mac.tokens))];
    }
    let arguments = tokens(&item.mac.tokens);
    let (union, members) = arguments
        .split_once(" = ")
        .expect("id_union!(Union = A | B)");
    members
        .split(" | ")
        .map(|member| format!("impl From<crate::api::{member}> for {union}"))
        .collect()
}

/// Whether the item is written as `#[..::apply(..::<expander>!)]`.
fn applies(attrs: &[syn::Attribute], expander: &str) -> bool {
    attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "apply")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| tokens(list.tokens.clone()).contains(expander))
    })
}

/// What the runtime's `id_type!` makes of an ID newtype.
fn summarize_id_type(item: &syn::ItemStruct, prefix: &str) -> Vec<String> {
    let name = format!("{prefix}{}", item.ident);
    vec![
        format!(
            "struct {name} [derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, \
             serde::Deserialize, serde::Serialize)]"
        ),
        format!("fn {name}::new(id: impl Into<String>) -> Self"),
        format!("fn {name}::as_str(&self) -> &str"),
        format!("fn {name}::into_string(self) -> String"),
        format!("impl From<String> for {name}"),
        format!("impl From<&str> for {name}"),
        format!("impl AsRef<str> for {name}"),
        format!("impl std::fmt::Display for {name}"),
    ]
}

fn variant_line(enum_name: &str, variant: &syn::Variant) -> String {
    let fields = match &variant.fields {
        syn::Fields::Unit => String::new(),
        fields => tokens(fields),
    };
    format!("variant {enum_name}::{}{fields}", variant.ident)
}

/// `error_codes` or `warning_codes` when the enum is a code enum, written as rows under
/// `#[crate::codes::apply(crate::codes::error_codes!)]` (or `warning_codes!`).
fn code_enum_kind(item: &syn::ItemEnum) -> Option<&'static str> {
    ["error_codes", "warning_codes"]
        .into_iter()
        .find(|kind| applies(&item.attrs, kind))
}

/// What the runtime's `error_codes!` / `warning_codes!` make of a code enum: its derives, one
/// unit variant per row, `Unknown(String)`, the inherent `code()` and `description()`, `Code`,
/// `Display` and (for errors) `std::error::Error`.
fn summarize_code_enum(item: &syn::ItemEnum, prefix: &str, kind: &str) -> Vec<String> {
    let name = format!("{prefix}{}", item.ident);
    let mut lines = vec![format!(
        "enum {name} [derive(Debug, Clone, PartialEq, Eq, Hash), non_exhaustive]"
    )];
    lines.extend(
        item.variants
            .iter()
            .map(|variant| variant_line(&name, variant)),
    );
    lines.extend([
        format!("variant {name}::Unknown(String)"),
        format!("fn {name}::code(&self) -> &str"),
        format!("fn {name}::description(&self) -> Option<&'static str>"),
        format!("impl crate::Code for {name}"),
        format!("impl std::fmt::Display for {name}"),
    ]);
    if kind == "error_codes" {
        lines.push(format!("impl std::error::Error for {name}"));
    }
    lines
}

/// `fn path::name(inputs) -> output`, `async fn ...` for async ones.
fn signature(path: &str, sig: &syn::Signature) -> String {
    let asyncness = if sig.asyncness.is_some() {
        "async "
    } else {
        ""
    };
    let inputs: Vec<String> = sig.inputs.iter().map(tokens).collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", tokens(ty)),
    };
    format!(
        "{asyncness}fn {path}{}({}){output}",
        sig.ident,
        inputs.join(", ")
    )
}

/// ` [derive(...), non_exhaustive, feature = "..."]`: the attributes that change what users may
/// do with a type.
fn shape_attrs(attrs: &[syn::Attribute]) -> String {
    let shown: Vec<String> = attrs
        .iter()
        .filter(|attr| {
            attr.path().is_ident("derive")
                || attr.path().is_ident("non_exhaustive")
                || attr.path().is_ident("cfg")
        })
        .map(|attr| tokens(&attr.meta))
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" [{}]", shown.join(", "))
    }
}

/// ` [cfg(...)]` when the item is compiled only with some feature.
fn gates(attrs: &[syn::Attribute]) -> String {
    let shown: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .map(|attr| tokens(&attr.meta))
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" [{}]", shown.join(", "))
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Tokens printed the way Rust is written (`Option<bool>`, `&'static str`), not spaced out.
fn tokens(value: impl ToTokens) -> String {
    let mut text = value.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& '", "&'"),
        ("& ", "&"),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
        (" : ", ": "),
        (",>", ">"),
        (",)", ")"),
        ("' static", "'static"),
    ] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    text.replace("impl(", "impl (").replace("mut(", "mut (")
}
