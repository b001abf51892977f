//! Error and warning enums, each driven by one table of rows (variant, wire code, description,
//! retryable), and the `shared_codes` module that describes shared codes once.
//!
//! Only the enum and its table are generated; every lookup over the table (`code()`,
//! `description()`, `from_code`, `Display`, `is_retryable`) is written once in the runtime's
//! `codes.rs`, which the one-line `crate::codes::code_enum!` invocation wires up.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{Code, Method, SharedCode};
use crate::naming;

/// Which table an enum is made from.
#[derive(Clone, Copy)]
pub enum CodeKind {
    Error,
    Warning,
}

/// The `shared_codes.rs` module: one constant per shared code, each a `crate::CodeInfo` row.
pub fn shared_codes_module(codes: &[SharedCode]) -> TokenStream {
    let items = codes.iter().map(|code| {
        let name = format_ident!("{}", code.constant);
        let doc = docs::doc_text(&format!("`{}`: {}", code.wire_name, code.description));
        let info = code_info(&code.wire_name, &code.description, code.retryable);
        quote! {
            #doc
            pub const #name: crate::CodeInfo = #info;
        }
    });
    quote! {
        //! Error and warning codes many methods share (`spec/shared/codes.json`), each described
        //! once: the code enums of methods link here and read their descriptions from these rows.
        #(#items)*
    }
}

/// The enum for one of a method's code tables, its table, and the runtime's impls.
pub fn code_enum(method: &Method, kind: CodeKind) -> TokenStream {
    let (ident, codes, noun, kind_token) = match kind {
        CodeKind::Error => (&method.error, &method.errors, "Error", quote!(error)),
        CodeKind::Warning => (
            &method.warning,
            &method.warnings,
            "Warning",
            quote!(warning),
        ),
    };
    let name = format_ident!("{ident}");
    let unknown = format_ident!("{}", naming::UNKNOWN_VARIANT);
    let doc = docs::doc(&[
        format!("{noun} codes of {}.", docs::method_link(method)),
        String::new(),
        "Codes the docs do not list arrive as `Unknown`; the enum is `#[non_exhaustive]` \
         because Slack adds codes over time."
            .to_owned(),
    ]);
    let variants = codes.iter().map(|code| {
        let variant = format_ident!("{}", code.variant);
        let doc = docs::doc_text(&variant_doc(code));
        quote!(#doc #variant)
    });
    let rows = codes.iter().map(|code| {
        let variant = format_ident!("{}", code.variant);
        let info = match &code.shared {
            Some(constant) => {
                let constant = format_ident!("{constant}");
                quote!(crate::shared_codes::#constant)
            }
            None => code_info(&code.wire_name, &code.description, code.retryable),
        };
        quote!((Self::#variant, #info))
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A code the docs do not list, kept as Slack sent it.
            #unknown(String),
        }

        crate::codes::code_enum!(#kind_token #name);

        impl crate::codes::CodeTable for #name {
            const ROWS: &'static [(Self, crate::CodeInfo)] = &[#(#rows),*];
        }
    }
}

/// A shared code's variant links its description; a method's own code carries it.
fn variant_doc(code: &Code) -> String {
    match &code.shared {
        Some(constant) => format!(
            "[`{}`](crate::shared_codes::{constant}): a shared code.",
            code.wire_name
        ),
        None => format!("`{}`: {}", code.wire_name, code.description),
    }
}

/// A `crate::CodeInfo` row built by its const constructors.
fn code_info(wire: &str, description: &str, retryable: bool) -> TokenStream {
    let retryable = retryable.then(|| quote!(.retryable()));
    quote!(crate::CodeInfo::new(#wire, #description) #retryable)
}
