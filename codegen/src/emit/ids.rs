//! ID newtypes (`ChannelId`, `TeamId`, ...): strings that cannot be mixed up with each other.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::IdType;

/// The `ids.rs` module.
pub fn ids_module(ids: &[IdType]) -> TokenStream {
    let items = ids.iter().map(id_type);
    quote! {
        //! Slack ID newtypes.
        #(#items)*
    }
}

fn id_type(id: &IdType) -> TokenStream {
    let name = format_ident!("{}", id.ident);
    let mut lines = vec![id.description.clone()];
    if !id.prefixes.is_empty() {
        let prefixes: Vec<String> = id.prefixes.iter().map(|p| format!("`{p}`")).collect();
        lines.push(String::new());
        lines.push(format!(
            "IDs of this kind start with {}.",
            prefixes.join(" or ")
        ));
    }
    if !id.one_of.is_empty() {
        let members: Vec<String> = id.one_of.iter().map(|m| format!("[`{m}`]")).collect();
        lines.push(String::new());
        lines.push(format!(
            "Holds any of {}, each of which converts into it.",
            members.join(", ")
        ));
    }
    let doc = docs::doc(&lines);
    let conversions = id.one_of.iter().map(|member| {
        let member = format_ident!("{member}");
        quote! {
            impl From<crate::#member> for #name {
                fn from(id: crate::#member) -> Self {
                    Self(id.into_string())
                }
            }
        }
    });
    let new_doc = docs::doc_text(&format!("Wraps an ID string as a [`{name}`]."));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(String);

        impl #name {
            #new_doc
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The ID as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The ID string, giving up the wrapper.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for #name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for #name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        #(#conversions)*
    }
}
