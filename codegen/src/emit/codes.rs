//! Error and warning enums, each driven by one table of rows (variant, wire code, description,
//! retryable), and the `shared_codes` module with the codes any method can answer with.
//!
//! Only the enum's variants and rows are generated, one line per code; the runtime's `codes.rs`
//! expands them (through an attribute, so the enum stays plain Rust the formatter lays out) into
//! the enum, its lookups and impls. The codes every method shares are one enum each,
//! `CommonError` and `CommonWarning`, which a method's enum holds as its `Common` variant,
//! rather than 34 copies in every method's enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{Code, CodeKind, Method, SharedCode};
use crate::naming;

/// The `shared_codes.rs` module: `CommonError` and `CommonWarning`, one row per shared code.
pub fn shared_codes_module(codes: &[SharedCode]) -> TokenStream {
    let common = |kind: CodeKind, ident: &str, noun: &str| {
        let name = format_ident!("{ident}");
        let rows = codes.iter().filter(|code| code.kind == kind).map(|code| {
            own_row(
                &code.variant,
                &code.wire_name,
                &code.description,
                code.retryable,
            )
        });
        let doc = docs::doc_text(&format!(
            "{noun} codes any method can answer with (`spec/shared/codes.json`); a method's \
             code enum holds them as its `Common` variant."
        ));
        quote! {
            #doc
            #[crate::codes::apply(crate::codes::common_codes!)]
            pub enum #name {
                #(#rows,)*
            }
        }
    };
    let errors = common(CodeKind::Error, naming::COMMON_ERROR, "Error");
    let warnings = common(CodeKind::Warning, naming::COMMON_WARNING, "Warning");
    quote! {
        //! Error and warning codes every method shares (`spec/shared/codes.json`), each described
        //! once.
        #errors
        #warnings
    }
}

/// One of a method's code enums, written as one line per code the method describes itself
/// (the variant with its row) for the runtime's `error_codes!` / `warning_codes!` to expand:
/// adding a code to a spec adds one hunk to the generated file. Shared codes are not repeated:
/// the macro adds the `Common` variant that holds them.
pub fn code_enum(method: &Method, kind: CodeKind) -> TokenStream {
    let (ident, codes, noun, expander) = match kind {
        CodeKind::Error => (&method.error, &method.errors, "Error", quote!(error_codes)),
        CodeKind::Warning => (
            &method.warning,
            &method.warnings,
            "Warning",
            quote!(warning_codes),
        ),
    };
    let name = format_ident!("{ident}");
    // What `Common`, `Unknown` and `#[non_exhaustive]` mean is the same for every code enum:
    // the runtime's macro adds that paragraph.
    let doc = docs::doc(&[format!("{noun} codes of {}.", docs::method_link(method))]);
    let common = format_ident!(
        "{}",
        match kind {
            CodeKind::Error => naming::COMMON_ERROR,
            CodeKind::Warning => naming::COMMON_WARNING,
        }
    );
    let own: Vec<&Code> = codes.iter().filter(|code| code.shared.is_none()).collect();
    // Most methods describe no warning (and some no error) of their own: their enum would hold
    // only `Common` and `Unknown`, so the common enum itself serves.
    if own.is_empty() {
        let doc = docs::doc(&[
            format!("{noun} codes of {}.", docs::method_link(method)),
            String::new(),
            format!(
                "The method has no {} codes of its own, only those every method shares.",
                noun.to_lowercase()
            ),
        ]);
        return quote! {
            #doc
            pub type #name = crate::api::#common;
        };
    }
    let rows = own.into_iter().map(|code| {
        own_row(
            &code.variant,
            &code.wire_name,
            &code.description,
            code.retryable,
        )
    });
    quote! {
        #doc
        #[crate::codes::apply(crate::codes::#expander!)]
        pub enum #name {
            #(#rows,)*
        }
    }
}

/// `Variant = code("wire", "description")`, with `.retryable()` when the spec says so.
fn own_row(variant: &str, wire: &str, description: &str, retryable: bool) -> TokenStream {
    let variant = format_ident!("{variant}");
    let retryable = retryable.then(|| quote!(.retryable()));
    quote!(#variant = code(#wire, #description) #retryable)
}
