//! Structs for JSON objects: shared object types and method responses alike.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{docs, rust_types};
use crate::model::{self, Field, ObjectType, Presence, RustType};

/// The `types.rs` module of shared object types.
pub fn objects_module(objects: &[ObjectType]) -> TokenStream {
    let items = objects.iter().map(|object| {
        // A type the families' answers hold compiles with one of them.
        let gate = families_gate(&object.families).unwrap_or_default();
        object_struct(
            &object.ident,
            std::slice::from_ref(&object.description),
            &object.fields,
            &gate,
        )
    });
    quote! {
        //! Object types shared between methods; each compiles with the API families whose
        //! answers hold it.
        #(#items)*
    }
}

/// `#[cfg(any(feature = "chat", feature = "conversations"))]` for an object's families; `None`
/// when it has none (no method uses it: it always compiles).
pub fn families_gate(families: &[String]) -> Option<TokenStream> {
    match families {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// A `#[non_exhaustive]` struct that decodes leniently and loses nothing, and its table for
/// the runtime's `wire` driver: members no spec names are kept in `extra`, absent optional
/// members become `None`, so a new field on Slack's side never breaks decoding and encoding
/// gives back what was read. The struct derives no serde code: its `Object` impl is a sorted
/// member table, one `match` arm per member and one encode call per field, and serde's traits
/// come from one macro line that goes through them.
///
/// `gate` (a `cfg` attribute, or nothing) goes on each of its items.
pub fn object_struct(
    ident: &str,
    doc_lines: &[String],
    fields: &[Field],
    gate: &TokenStream,
) -> TokenStream {
    let name = format_ident!("{ident}");
    let doc = docs::doc(doc_lines);
    let declared = fields.iter().map(field);
    let extra = format_ident!("{}", model::EXTRA_MEMBERS);
    let object = object_impl(&name, ident, fields);
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#declared,)*
            /// Members no spec names, and those whose value did not fit their type, as Slack
            /// sent them; written back when encoding.
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }

        #gate
        #object

        #gate
        crate::wire::serde_impls!(#name);
    }
}

/// `impl crate::wire::Object`: the member table sorted by wire name, the `match` that finds a
/// member's index by name, the arm that decodes each, and the calls that encode each.
fn object_impl(name: &proc_macro2::Ident, ident: &str, fields: &[Field]) -> TokenStream {
    let mut sorted: Vec<&Field> = fields.iter().collect();
    sorted.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
    let members = sorted.iter().map(|field| {
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required => quote!(crate::wire::Member::required(#wire)),
            Presence::Optional => quote!(crate::wire::Member::optional(#wire)),
        }
    });
    let indices = sorted.iter().enumerate().map(|(index, field)| {
        let wire = &field.wire_name;
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#wire => Some(#index),)
    });
    let arms = sorted.iter().enumerate().map(|(index, field)| {
        let ident = format_ident!("{}", field.ident);
        let how = format_ident!("{}", wire_kind(field));
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#index => crate::wire::#how(&mut self.#ident, input),)
    });
    let encodes = fields.iter().map(|field| {
        let ident = format_ident!("{}", field.ident);
        let wire = &field.wire_name;
        let how = format_ident!("{}", wire_kind(field));
        quote!(out.#how(#wire, &self.#ident);)
    });
    let extra = format_ident!("{}", model::EXTRA_MEMBERS);
    // Many answers carry nothing typed (`{"ok": true}`): one line says so.
    if fields.is_empty() {
        return quote!(crate::wire::object_without_members!(#name););
    }
    quote! {
        impl crate::wire::Object for #name {
            const NAME: &'static str = #ident;
            const MEMBERS: &'static [crate::wire::Member] = &[#(#members),*];

            fn member_index(name: &str) -> Option<usize> {
                match name {
                    #(#indices)*
                    _ => None,
                }
            }

            fn decode_member(
                &mut self,
                index: usize,
                input: &mut dyn crate::wire::Input,
            ) -> Result<bool, crate::wire::Fail> {
                match index {
                    #(#arms)*
                    _ => crate::wire::no_member(index),
                }
            }

            fn encode_members(&self, out: &mut crate::wire::Encoder<'_>) {
                #(#encodes)*
                out.extra(&self.#extra);
            }

            fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.#extra
            }
        }
    }
}

/// How a field is read and written: the name of the runtime's helper, the same in
/// `crate::wire` (decoding) and `crate::wire::Encoder` (encoding).
fn wire_kind(field: &Field) -> &'static str {
    match (&field.ty, field.presence) {
        (RustType::OrEmpty(_), _) => "or_empty",
        (RustType::Nullable(_), Presence::Optional) => "nullable",
        (_, Presence::Optional) => "optional",
        (_, Presence::Required) => "required",
    }
}

fn field(field: &Field) -> TokenStream {
    let ident = format_ident!("{}", field.ident);
    let ty = rust_types::field_type(field);
    let doc = docs::doc_text(&format!("`{}`: {}", field.wire_name, field.description));
    quote! {
        #doc
        pub #ident: #ty
    }
}
