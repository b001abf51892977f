//! A one-line-per-item listing of the public API that generated code adds to the client crate,
//! read from the generated sources with syn (so it shows what is really emitted, not what the
//! model meant). A snapshot of it lets a reviewer see an API change, and a breaking one, apart
//! from the code: adding an error code adds one `variant` line.
//!
//! Listed: structs and enums (with derives and `#[non_exhaustive]`), public fields with their
//! types, variants, public functions and methods with their signatures, public constants, trait
//! impls, and what the runtime's `code_enum!` adds to a code enum. `#[cfg(feature)]` gates are
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
        let lines = summarize_items(&file.items, &prefix);
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
            syn::Item::Enum(item) if is_public(&item.vis) => {
                let name = format!("{prefix}{}", item.ident);
                lines.push(format!("enum {name}{}", shape_attrs(&item.attrs)));
                for variant in &item.variants {
                    let fields = match &variant.fields {
                        syn::Fields::Unit => String::new(),
                        fields => tokens(fields),
                    };
                    lines.push(format!("variant {name}::{}{fields}", variant.ident));
                }
            }
            syn::Item::Fn(item) if is_public(&item.vis) => {
                lines.push(format!(
                    "{}{}",
                    signature(prefix, &item.sig),
                    gates(&item.attrs)
                ));
            }
            syn::Item::Const(item) if is_public(&item.vis) => {
                lines.push(format!(
                    "const {prefix}{}: {}{}",
                    item.ident,
                    tokens(&item.ty),
                    gates(&item.attrs)
                ));
            }
            syn::Item::Static(item) if is_public(&item.vis) => {
                lines.push(format!(
                    "static {prefix}{}: {}{}",
                    item.ident,
                    tokens(&item.ty),
                    gates(&item.attrs)
                ));
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

/// `crate::codes::code_enum!(error X)` adds, through the hand-written runtime macro, the inherent
/// `code()` and `description()`, `Code`, `Display` and (for errors) `std::error::Error`.
fn summarize_macro(item: &syn::ItemMacro) -> Vec<String> {
    let path = tokens(&item.mac.path);
    if !path.ends_with("code_enum") {
        return vec![format!("macro {path}!({})", tokens(&item.mac.tokens))];
    }
    let arguments = tokens(&item.mac.tokens);
    let (kind, name) = arguments
        .split_once(' ')
        .expect("code_enum!(error|warning Name)");
    let mut lines = vec![
        format!("fn {name}::code(&self) -> &str"),
        format!("fn {name}::description(&self) -> Option<&'static str>"),
        format!("impl crate::Code for {name}"),
        format!("impl std::fmt::Display for {name}"),
    ];
    if kind == "error" {
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
