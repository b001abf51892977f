//! ID newtypes (`ChannelId`, `TeamId`, ...): strings that cannot be mixed up with each other.
//!
//! Only each type's docs and name are generated; the runtime's `ids_support::id_type!` writes
//! what every ID type is (derives, constructors, accessors, conversions) once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{IdType, WordEnum};

/// The `ids.rs` module: the ID newtypes, and the enums of words (strings too).
pub fn ids_module(ids: &[IdType], words: &[WordEnum]) -> TokenStream {
    let items = ids.iter().map(id_type);
    let enums = words.iter().map(word_enum);
    quote! {
        //! Slack ID newtypes, and the words some arguments and members take.
        #(#items)*
        #(#enums)*
    }
}

/// An enum of words: its docs and one row per word; the runtime's `ids_support::word_enum!`
/// adds the fallback variant, the derives, `as_str` and the conversions.
fn word_enum(words: &WordEnum) -> TokenStream {
    let name = format_ident!("{}", words.ident);
    let doc = docs::doc_text(&words.description);
    let rows = words.words.iter().map(|(variant, word, description)| {
        let variant = format_ident!("{variant}");
        let doc = docs::doc_text(description);
        quote!(#doc #variant = #word)
    });
    quote! {
        #doc
        #[crate::ids_support::apply(crate::ids_support::word_enum!)]
        pub enum #name {
            #(#rows,)*
        }
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
    // A union's conversions from its members; the runtime's `id_union!` writes them.
    let union = (!id.one_of.is_empty()).then(|| {
        let members = id.one_of.iter().map(|member| format_ident!("{member}"));
        quote!(crate::ids_support::id_union!(#name = #(#members)|*);)
    });
    quote! {
        #doc
        #[crate::ids_support::apply(crate::ids_support::id_type!)]
        pub struct #name(String);

        #union
    }
}
