//! One async method on `crate::Client` per Web API method.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::Method;

/// The `client.rs` module: an `impl crate::Client` block.
pub fn client_module(methods: &[Method]) -> TokenStream {
    let methods = methods.iter().map(client_method);
    quote! {
        //! The typed methods of [`crate::Client`].
        impl crate::Client {
            #(#methods)*
        }
    }
}

fn client_method(method: &Method) -> TokenStream {
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
    lines.extend([
        String::new(),
        format!(
            "Returns the decoded response with any warnings, or an error carrying [`{error}`](crate::{error})."
        ),
    ]);
    let doc = docs::doc(&lines);
    let gate = crate::emit::family_gate(method);
    quote! {
        #doc
        #gate
        pub async fn #snake(
            &self,
            request: crate::#request,
        ) -> Result<
            crate::Response<crate::#response, crate::#warning>,
            crate::Error<crate::#error>,
        > {
            self.call(&request).await
        }
    }
}
