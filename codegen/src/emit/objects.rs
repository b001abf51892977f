//! Structs for JSON objects: shared object types and method responses alike.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{docs, types};
use crate::model::{self, Field, ObjectType};

/// The `types.rs` module of shared object types.
pub fn objects_module(objects: &[ObjectType]) -> TokenStream {
    let items = objects.iter().map(|object| {
        object_struct(
            &object.ident,
            std::slice::from_ref(&object.description),
            &object.fields,
        )
    });
    quote! {
        //! Object types shared between methods.
        #(#items)*
    }
}

/// A `#[non_exhaustive]` struct that decodes leniently and loses nothing: members no spec names
/// are kept in a flattened map, absent optional members become `None`, so a new field on
/// Slack's side never breaks decoding and encoding gives back what was read. The client's
/// lenient decode (the runtime's `misfit`) sends a member that does not fit its type to the
/// same map.
pub fn object_struct(ident: &str, doc_lines: &[String], fields: &[Field]) -> TokenStream {
    let name = format_ident!("{ident}");
    let doc = docs::doc(doc_lines);
    let fields = fields.iter().map(field);
    let extra = format_ident!("{}", model::EXTRA_MEMBERS);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
            /// Members no spec names, and those whose value did not fit their type, as Slack
            /// sent them; written back when encoding.
            #[serde(flatten, deserialize_with = "crate::misfit::extra")]
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let ident = format_ident!("{}", field.ident);
    let ty = types::field_type(field);
    let doc = docs::doc_text(&format!("`{}`: {}", field.wire_name, field.description));
    let serde = types::serde_field_attrs(field);
    quote! {
        #doc
        #serde
        pub #ident: #ty
    }
}
