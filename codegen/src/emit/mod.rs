//! Model -> Rust tokens, one submodule per kind of item; `emit` assembles the generated files.

mod by_name;
mod client;
mod codes;
mod docs;
mod ids;
mod method;
mod objects;
mod request;
mod types;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Model;
use crate::render::{self, GeneratedFile};

/// Where generated Rust goes, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated-client/src/generated";

/// Every generated Rust file of the client crate, in path order.
pub fn emit(model: &Model) -> Result<Vec<GeneratedFile>, render::RenderError> {
    let mut modules: Vec<(String, TokenStream)> = vec![
        ("ids".to_owned(), ids::ids_module(&model.ids)),
        ("types".to_owned(), objects::objects_module(&model.objects)),
        ("client".to_owned(), client::client_module(&model.methods)),
        (
            "by_name".to_owned(),
            by_name::by_name_module(&model.methods),
        ),
    ];
    modules.extend(
        model
            .methods
            .iter()
            .map(|method| (method.snake.clone(), method::method_module(method))),
    );
    modules.push(("mod".to_owned(), root_module(model)));
    let mut files = modules
        .into_iter()
        .map(|(stem, tokens)| {
            let path = PathBuf::from(GENERATED_DIR).join(format!("{stem}.rs"));
            render::rust_file(path, tokens)
        })
        .collect::<Result<Vec<_>, _>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `mod.rs`: declares the modules and re-exports every public item flat.
fn root_module(model: &Model) -> TokenStream {
    let method_modules: Vec<_> = model
        .methods
        .iter()
        .map(|method| format_ident!("{}", method.snake))
        .collect();
    let method_items = model.methods.iter().map(|method| {
        let module = format_ident!("{}", method.snake);
        let items = [
            &method.request,
            &method.response,
            &method.error,
            &method.warning,
        ]
        .map(|name| format_ident!("{name}"));
        quote!(pub use #module::{#(#items),*};)
    });
    let ids = model.ids.iter().map(|id| format_ident!("{}", id.ident));
    let objects = model
        .objects
        .iter()
        .map(|object| format_ident!("{}", object.ident));
    quote! {
        //! Code generated from `spec/`: one module per method, plus shared IDs and types.
        mod by_name;
        mod client;
        mod ids;
        mod types;
        #(mod #method_modules;)*

        pub use by_name::{METHOD_NAMES, call_by_name};
        pub use ids::{#(#ids),*};
        pub use types::{#(#objects),*};
        #(#method_items)*
    }
}
