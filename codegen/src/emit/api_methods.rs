//! One method on the runtime's `crate::Api` per Web API method, written in the method's own
//! module (Rust allows an `impl` block of a type in any module of its crate), so no generated
//! file grows with the size of the API. The runtime gives `Api` no methods of its own, so a
//! generated method can take any name.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::Method;

/// The `impl crate::Api` block of one method: its typed method, returning the call's future. Compiled with its API
/// family, like the rest of the method's module. It takes the (`Copy`) `Api` by value, so its
/// future borrows only the client: `client.api().auth_test(request)` can be returned.
pub fn client_impl(method: &Method) -> TokenStream {
    let snake = format_ident!("{}", method.snake);
    let request = format_ident!("{}", method.request);
    let response = format_ident!("{}", method.response);
    let error = format_ident!("{}", method.error);
    let warning = format_ident!("{}", method.warning);
    let mut lines = vec![
        format!(
            "Calls {}: {}",
            docs::method_link(method),
            method.description
        ),
        String::new(),
    ];
    lines.extend(docs::method_facts(method));
    // The method's module has the enum in scope: a bare intra-doc link resolves.
    lines.push(format!("- Error codes: [`{error}`]"));
    let doc = docs::doc(&lines);
    let deprecated = method.deprecated.as_ref().map(|deprecated| {
        let note = format!("{}{}", deprecated.description, docs::instead(method));
        quote!(#[deprecated(note = #note)])
    });
    // Not an `async fn`: each would be a state machine of its own for the compiler to check;
    // the runtime's one generic `call_owned` is checked once.
    quote! {
        impl<'a> crate::Api<'a> {
            #doc
            #deprecated
            pub fn #snake(
                self,
                request: crate::api::#request,
            ) -> impl Future<
                Output = Result<
                    crate::Response<crate::api::#response, crate::api::#warning>,
                    crate::Error<crate::api::#error>,
                >,
            > + Send
            + 'a {
                crate::call_owned(self.client, request)
            }
        }
    }
}
