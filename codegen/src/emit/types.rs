//! Rust type tokens for model types, and the serde attributes their fields need.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Field, Presence, RustType, Scalar};

/// The type of a value. Prelude names are written bare: validation keeps generated items off them.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Scalar(scalar) => scalar_type(scalar),
        RustType::Vec(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        RustType::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        RustType::Object(name) => {
            let name = format_ident!("{name}");
            quote!(crate::#name)
        }
    }
}

/// The type of a single value.
pub fn scalar_type(scalar: &Scalar) -> TokenStream {
    match scalar {
        Scalar::String => quote!(String),
        Scalar::Bool => quote!(bool),
        Scalar::I64 => quote!(i64),
        Scalar::F64 => quote!(f64),
        Scalar::Json => quote!(serde_json::Value),
        Scalar::Id(name) => {
            let name = format_ident!("{name}");
            quote!(crate::#name)
        }
    }
}

/// A field's declared type: optional or nullable values are `Option`, never `Option<Option>`.
pub fn field_type(field: &Field) -> TokenStream {
    match (&field.ty, field.presence) {
        (RustType::Nullable(_), _) | (_, Presence::Required) => rust_type(&field.ty),
        (ty, Presence::Optional) => {
            let ty = rust_type(ty);
            quote!(Option<#ty>)
        }
    }
}

/// Whether the field's Rust type is an `Option`.
pub fn field_is_option(field: &Field) -> bool {
    matches!(field.ty, RustType::Nullable(_)) || field.presence == Presence::Optional
}

/// `#[serde(rename = "...")]` when the Rust name differs, and leniency for absent fields.
pub fn serde_field_attrs(field: &Field) -> TokenStream {
    let rename = (field.ident != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let optional = field_is_option(field)
        .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    quote! { #rename #optional }
}
