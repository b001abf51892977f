//! Error and warning enums: one variant per documented code, plus `Unknown` for the rest.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{Code, Method};

/// Which table an enum is made from.
#[derive(Clone, Copy)]
pub enum CodeKind {
    Error,
    Warning,
}

/// The enum for one of a method's code tables, with `crate::Code`, `Display` and, for errors,
/// `std::error::Error`.
pub fn code_enum(method: &Method, kind: CodeKind) -> TokenStream {
    let (ident, codes, noun) = match kind {
        CodeKind::Error => (&method.error, &method.errors, "Error"),
        CodeKind::Warning => (&method.warning, &method.warnings, "Warning"),
    };
    let name = format_ident!("{ident}");
    let doc = docs::doc(&[
        format!("{noun} codes of {}.", docs::method_link(method)),
        String::new(),
        "Codes the docs do not list arrive as `Unknown`; the enum is `#[non_exhaustive]` \
         because Slack adds codes over time."
            .to_owned(),
    ]);
    let variants = codes.iter().map(|code| {
        let variant = format_ident!("{}", code.variant);
        let doc = docs::doc_text(&format!("`{}`: {}", code.wire_name, code.description));
        quote!(#doc #variant)
    });
    let (from_code, code, description) = lookups(codes);
    let retryable = retryable_body(codes);
    let std_error =
        matches!(kind, CodeKind::Error).then(|| quote!(impl ::std::error::Error for #name {}));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A code the docs do not list, kept as Slack sent it.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The wire code, e.g. `channel_not_found`; also available through `crate::Code`.
            pub fn code(&self) -> &str {
                #code
            }

            /// What the code means, from the spec; `None` for `Unknown`.
            pub fn description(&self) -> ::std::option::Option<&'static str> {
                #description
            }
        }

        impl crate::Code for #name {
            fn from_code(code: &str) -> Self {
                #from_code
            }

            fn code(&self) -> &str {
                // Method calls resolve to the inherent `code` above, not back to this one.
                self.code()
            }

            fn is_retryable(&self) -> bool {
                #retryable
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let code = self.code();
                match self.description() {
                    ::std::option::Option::Some(description) => write!(f, "{code}: {description}"),
                    ::std::option::Option::None => f.write_str(code),
                }
            }
        }

        #std_error
    }
}

/// Bodies of `from_code`, `code` and `description`. An empty table gets no `match`, which
/// would have a single arm (clippy's `match_single_binding`).
fn lookups(codes: &[Code]) -> (TokenStream, TokenStream, TokenStream) {
    if codes.is_empty() {
        return (
            quote!(Self::Unknown(code.to_owned())),
            quote! { let Self::Unknown(code) = self; code },
            quote!(::std::option::Option::None),
        );
    }
    let variants: Vec<_> = codes
        .iter()
        .map(|code| format_ident!("{}", code.variant))
        .collect();
    let wires: Vec<_> = codes.iter().map(|code| &code.wire_name).collect();
    let texts = codes.iter().map(|code| &code.description);
    (
        quote! {
            match code {
                #(#wires => Self::#variants,)*
                other => Self::Unknown(other.to_owned()),
            }
        },
        quote! {
            match self {
                #(Self::#variants => #wires,)*
                Self::Unknown(code) => code,
            }
        },
        quote! {
            match self {
                #(Self::#variants => ::std::option::Option::Some(#texts),)*
                Self::Unknown(_) => ::std::option::Option::None,
            }
        },
    )
}

fn retryable_body(codes: &[Code]) -> TokenStream {
    let retryable: Vec<_> = codes
        .iter()
        .filter(|code| code.retryable)
        .map(|code| format_ident!("{}", code.variant))
        .collect();
    if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#retryable)|*))
    }
}
