//! Error and warning enums, each driven by one table of rows (variant, wire code, description,
//! retryable), and the `shared_codes` module that describes shared codes once.
//!
//! Only the enum's variants and rows are generated, one line per code; the runtime's `codes.rs`
//! expands them (through an attribute, so the enum stays plain Rust the formatter lays out) into
//! the enum, its table and every lookup over it, written once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{Code, CodeKind, Method, SharedCode};

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

/// One of a method's code enums, written as one line per code (the variant with its row) for
/// the runtime's `error_codes!` / `warning_codes!` to expand: adding a code to a spec adds one
/// hunk to the generated file.
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
    // What `Unknown` and `#[non_exhaustive]` mean is the same for every code enum: the runtime's
    // macro adds that paragraph.
    let doc = docs::doc(&[format!("{noun} codes of {}.", docs::method_link(method))]);
    let rows = codes.iter().map(|code| {
        let variant = format_ident!("{}", code.variant);
        let row = row(code);
        quote!(#variant = #row)
    });
    quote! {
        #doc
        #[crate::codes::apply(crate::codes::#expander!)]
        pub enum #name {
            #(#rows,)*
        }
    }
}

/// A code's row: a shared code names its one description, a method's own code carries its own.
fn row(code: &Code) -> TokenStream {
    match &code.shared {
        Some(constant) => {
            let constant = format_ident!("{constant}");
            quote!(shared(#constant))
        }
        None => {
            let (wire, description) = (&code.wire_name, &code.description);
            let retryable = code.retryable.then(|| quote!(.retryable()));
            quote!(code(#wire, #description) #retryable)
        }
    }
}

/// A `crate::CodeInfo` row built by its const constructors.
fn code_info(wire: &str, description: &str, retryable: bool) -> TokenStream {
    let retryable = retryable.then(|| quote!(.retryable()));
    quote!(crate::CodeInfo::new(#wire, #description) #retryable)
}
