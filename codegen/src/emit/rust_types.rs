//! Rust type tokens for model types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Field, Presence, RustType};

/// The type of a value. Generated items are named by their path in `crate::api`, the runtime's
/// at the crate root, so neither can shadow the other; prelude names are written bare
/// (validation keeps generated items off them).
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Scalar(scalar) => scalar.rust_type(),
        RustType::Number => quote!(serde_json::Number),
        RustType::Vec(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        RustType::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        RustType::OrEmpty(name) => {
            let name = format_ident!("{name}");
            quote!(Option<crate::api::#name>)
        }
        RustType::Object(name) => {
            let name = format_ident!("{name}");
            quote!(crate::api::#name)
        }
    }
}

/// A field's declared type. `None` is absence for an optional field, and `null` (or `""` for an
/// ID that may be empty) for a required one; an optional nullable field is `Option<Option>`, so
/// absent and `null` stay apart and are written back as they came.
pub fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    match field.presence {
        Presence::Required => ty,
        Presence::Optional => quote!(Option<#ty>),
    }
}
