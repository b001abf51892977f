//! One module per Web API method: request, response, error and warning types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::codes::code_enum;
use crate::emit::{docs, objects, request};
use crate::model::{CodeKind, Method};

/// The `<method>.rs` module.
pub fn method_module(method: &Method) -> TokenStream {
    let module_doc = docs::inner_doc(&format!("Types of {}.", docs::method_link(method)));
    let request = request::request(method);
    let response = objects::object_struct(
        &method.response,
        // What `extra` and absent members mean is on the fields themselves.
        &[format!(
            "The `ok: true` payload of {}: {}",
            docs::method_link(method),
            method.response_description
        )],
        &method.response_fields,
        // The whole module is gated by the method's family.
        &TokenStream::new(),
    );
    let error = code_enum(method, CodeKind::Error);
    let warning = code_enum(method, CodeKind::Warning);
    quote! {
        #module_doc
        #request
        #response
        #error
        #warning
    }
}
