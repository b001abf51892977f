//! Request structs: the constructor takes required arguments, setters take optional ones, and
//! `crate::Method` tells the runtime how to send them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{docs, rust_types};
use crate::model::{
    Argument, ArgumentType, ContentType, HttpMethod, ListFormat, Method, PathStep, Presence,
    RateLimit, Scalar,
};

/// Clippy's default limit for function parameters; constructors past it get a narrow allowance.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The request struct, its inherent impl and its `crate::Method` impl.
pub fn request(method: &Method) -> TokenStream {
    let name = format_ident!("{}", method.request);
    // The method's facts (endpoint, tier, scopes, ...) are listed once, on the client method.
    let doc = docs::doc(&[
        format!(
            "Arguments of {}: {}",
            docs::method_link(method),
            method.description
        ),
        String::new(),
        format!(
            "Sent by [`Api::{0}`](crate::Api::{0}), whose docs list the method's facts.",
            method.snake
        ),
    ]);
    let fields = method.arguments.iter().map(field);
    let derive_default = required(method)
        .next()
        .is_none()
        .then(|| quote!(#[derive(Default)]));
    let constructor = constructor(method);
    let setters = method
        .arguments
        .iter()
        .filter(|a| a.presence == Presence::Optional)
        .map(setter);
    let method_impl = method_impl(method);
    let paged_impl = paged_impl(method);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #derive_default
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }

        #method_impl

        #paged_impl
    }
}

/// `impl crate::Paged` for a method whose spec has `pagination` (the cursor argument, and where
/// the answer carries the next cursor), and `impl crate::Listed` when its pages hold a list;
/// the walking is the runtime's.
fn paged_impl(method: &Method) -> Option<TokenStream> {
    let paging = method.pagination.as_ref()?;
    let name = format_ident!("{}", method.request);
    let cursor = format_ident!("{}", paging.cursor);
    let cursor_wire = &paging.cursor_wire;
    // A cursor Slack sends outside `response_metadata`: the runtime reads it when
    // `response_metadata.next_cursor` is absent.
    let next_cursor = paging.next_cursor.as_ref().map(|steps| {
        let read = read_cursor(steps, quote!(data));
        quote! {
            fn next_cursor(data: &Self::Response) -> Option<&str> {
                #read
            }
        }
    });
    // The walk caps the page size only for a method whose unlisted-app limit has one.
    let capped = matches!(method.unlisted_app_limit, Some((_, Some(_))));
    let page_size = paging.limit.as_ref().filter(|_| capped).map(|limit| {
        let limit = format_ident!("{limit}");
        quote! {
            fn page_size(&self) -> Option<i64> {
                self.#limit
            }
            fn set_page_size(&mut self, size: i64) {
                self.#limit = Some(size);
            }
        }
    });
    let first_cursor = paging
        .first_cursor
        .as_ref()
        .map(|first| quote!(const FIRST_CURSOR: Option<&'static str> = Some(#first);));
    let size = match &paging.limit {
        Some(limit) => format!(" Set the page size with [`{}::{limit}`].", method.request),
        None => String::new(),
    };
    let listed = paging.items.as_ref().map(|(steps, item)| {
        let item = rust_types::rust_type(item);
        let take = take_items(steps, quote!(data));
        let path: Vec<&str> = steps.iter().map(|step| step.wire_name.as_str()).collect();
        let doc = docs::doc_text(&format!(
            "Walked item by item with [`Client::items`](crate::Client::items); the items are \
             `{}`.",
            path.join(".")
        ));
        quote! {
            #doc
            impl crate::Listed for #name {
                type Item = #item;
                fn take_items(data: &mut Self::Response) -> Vec<Self::Item> {
                    #take
                }
            }
        }
    });
    let doc = docs::doc_text(&format!(
        "Walked page by page with [`Client::pages`](crate::Client::pages).{size}"
    ));
    Some(quote! {
        #doc
        impl crate::Paged for #name {
            const CURSOR: &'static str = #cursor_wire;
            #first_cursor
            fn current_cursor(&self) -> Option<&str> {
                self.#cursor.as_deref()
            }
            fn set_cursor(&mut self, cursor: String) {
                self.#cursor = Some(cursor);
            }
            #next_cursor
            #page_size
        }
        #listed
    })
}

/// Takes the list at the end of `steps` out of `base` (an empty list when a step is absent).
fn take_items(steps: &[PathStep], base: TokenStream) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote!(Vec::new());
    };
    let field = format_ident!("{}", step.ident);
    match (step.presence, rest.is_empty()) {
        (Presence::Required, true) => quote!(std::mem::take(&mut #base.#field)),
        (Presence::Optional, true) => quote!(#base.#field.take().unwrap_or_default()),
        (Presence::Required, false) => take_items(rest, quote!(#base.#field)),
        (Presence::Optional, false) => {
            let inner = take_items(rest, quote!(next));
            quote! {
                match #base.#field.as_mut() {
                    Some(next) => #inner,
                    None => Vec::new(),
                }
            }
        }
    }
}

/// Reads the cursor at the end of `steps` from `base` (`None` when a step is absent).
fn read_cursor(steps: &[PathStep], base: TokenStream) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote!(None);
    };
    let field = format_ident!("{}", step.ident);
    match (step.presence, rest.is_empty()) {
        (Presence::Required, true) => quote!(Some(#base.#field.as_str())),
        (Presence::Optional, true) => quote!(#base.#field.as_deref()),
        (Presence::Required, false) => read_cursor(rest, quote!(#base.#field)),
        (Presence::Optional, false) => {
            let inner = read_cursor(rest, quote!(next));
            quote! {
                match &#base.#field {
                    Some(next) => #inner,
                    None => None,
                }
            }
        }
    }
}

/// The runtime's `TokenKind` variant of a method's special token.
fn special_token(method: &Method) -> Option<&'static str> {
    match method.special_token()? {
        crate::model::TokenType::App => Some("App"),
        _ => Some("Configuration"),
    }
}

fn required(method: &Method) -> impl Iterator<Item = &Argument> {
    method
        .arguments
        .iter()
        .filter(|a| a.presence == Presence::Required)
}

/// The field's doc: the description, then Slack's default, an example and the checks made
/// before sending, as one paragraph (the setter links here instead of repeating it).
fn argument_doc(argument: &Argument) -> String {
    let mut sentences = vec![format!(
        "`{}`: {}",
        argument.wire_name, argument.description
    )];
    if let Some(default) = &argument.default {
        sentences.push(format!("Slack's default: `{default}`."));
    }
    // A file's example stands for its bytes (`"..."`): no example of a value to give.
    let is_file = argument.ty == ArgumentType::Scalar(crate::model::Scalar::File);
    if let Some(example) = argument.example.as_ref().filter(|_| !is_file) {
        sentences.push(format!("Example: `{example}`."));
    }
    if !argument.lengths.is_empty() {
        let lengths: Vec<String> = argument.lengths.iter().map(ToString::to_string).collect();
        sentences.push(format!(
            "Must be {} characters long; checked before the request is sent.",
            lengths.join(" or ")
        ));
    }
    if let Some(max) = argument.max_items {
        sentences.push(format!(
            "At most {max} items; checked before the request is sent."
        ));
    }
    sentences.join(" ")
}

fn value_type(argument: &Argument) -> TokenStream {
    match &argument.ty {
        ArgumentType::Scalar(scalar) => scalar.argument_type(),
        ArgumentType::List(scalar, _) => {
            let item = scalar.rust_type();
            quote!(Vec<#item>)
        }
    }
}

fn field(argument: &Argument) -> TokenStream {
    let ident = format_ident!("{}", argument.ident);
    let doc = docs::doc_text(&argument_doc(argument));
    let ty = value_type(argument);
    let ty = match argument.presence {
        Presence::Required => ty,
        Presence::Optional => quote!(Option<#ty>),
    };
    quote! {
        #doc
        pub #ident: #ty
    }
}

/// The parameter type a constructor or setter takes, and how to turn it into the field's value.
fn parameter(argument: &Argument) -> (TokenStream, TokenStream) {
    let ident = format_ident!("{}", argument.ident);
    match &argument.ty {
        ArgumentType::Scalar(scalar) => scalar.parameter(&ident),
        ArgumentType::List(scalar, _) => {
            let item = scalar.rust_type();
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#ident.into_iter().map(Into::into).collect()),
            )
        }
    }
}

fn constructor(method: &Method) -> TokenStream {
    let params = required(method).map(|argument| {
        let ident = format_ident!("{}", argument.ident);
        let (ty, _) = parameter(argument);
        quote!(#ident: #ty)
    });
    let inits = method.arguments.iter().map(|argument| {
        let ident = format_ident!("{}", argument.ident);
        match argument.presence {
            Presence::Required => {
                // Shorthand when the parameter is stored as is (clippy's redundant_field_names).
                if matches!(&argument.ty, ArgumentType::Scalar(scalar) if scalar.taken_as_is()) {
                    quote!(#ident)
                } else {
                    let (_, value) = parameter(argument);
                    quote!(#ident: #value)
                }
            }
            Presence::Optional => quote!(#ident: None),
        }
    });
    // Slack methods with many required arguments exist; a builder would only hide them.
    let allow = (required(method).count() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        /// A request with every required argument; optional ones are set with the methods below.
        #allow
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* }
        }
    }
}

fn setter(argument: &Argument) -> TokenStream {
    let ident = format_ident!("{}", argument.ident);
    let doc = docs::doc_text(&format!("Sets [`{0}`](Self::{0}).", argument.ident));
    let (ty, value) = parameter(argument);
    quote! {
        #doc
        #[must_use]
        pub fn #ident(mut self, #ident: #ty) -> Self {
            self.#ident = Some(#value);
            self
        }
    }
}

fn method_impl(method: &Method) -> TokenStream {
    let name = format_ident!("{}", method.request);
    let wire = &method.wire_name;
    let http_method = match method.http_method {
        HttpMethod::Get => quote!(crate::HttpMethod::Get),
        HttpMethod::Post => quote!(crate::HttpMethod::Post),
    };
    let content_types = method.content_types.iter().map(|ty| match ty {
        ContentType::Form => quote!(crate::ContentType::Form),
        ContentType::Json => quote!(crate::ContentType::Json),
        ContentType::Multipart => quote!(crate::ContentType::Multipart),
    });
    let tier = match method.rate_limit {
        RateLimit::Tier(tier) => {
            let variant = format_ident!("Tier{tier}");
            quote!(Some(crate::RateTier::#variant))
        }
        RateLimit::Special(_) | RateLimit::Unpublished => quote!(None),
    };
    // Only methods whose special limit has figures say more than the trait's default.
    let special = method
        .special_limit
        .as_ref()
        .map(|(calls_per_minute, per)| {
            let per = match per {
                Some(name) => quote!(Some(#name)),
                None => quote!(None),
            };
            quote! {
                const SPECIAL_LIMIT: Option<crate::SpecialLimit> = Some(crate::SpecialLimit {
                    calls_per_minute: #calls_per_minute,
                    per_argument: #per,
                });
            }
        });
    let unlisted = method
        .unlisted_app_limit
        .as_ref()
        .map(|(calls_per_minute, max_page_size)| {
            let max_page_size = match max_page_size {
                Some(size) => quote!(Some(#size)),
                None => quote!(None),
            };
            quote! {
                const UNLISTED_APP_LIMIT: Option<crate::UnlistedAppLimit> =
                    Some(crate::UnlistedAppLimit {
                        calls_per_minute: #calls_per_minute,
                        max_page_size: #max_page_size,
                    });
            }
        });
    let special_token = special_token(method).map(|kind| {
        let kind = format_ident!("{kind}");
        quote!(const SPECIAL_TOKEN: Option<crate::TokenKind> = Some(crate::TokenKind::#kind);)
    });
    let auth = (!method.auth.is_bearer()).then(|| {
        let kind = format_ident!("{}", method.auth.runtime_variant());
        quote!(const AUTH: crate::Auth = crate::Auth::#kind;)
    });
    let response = format_ident!("{}", method.response);
    let error = format_ident!("{}", method.error);
    let warning = format_ident!("{}", method.warning);
    let idempotent = method.idempotency.is_harmless();
    let validate = validate_fn(method);
    let arguments = arguments_body(method);
    quote! {
        impl crate::Method for #name {
            const NAME: &'static str = #wire;
            const HTTP_METHOD: crate::HttpMethod = #http_method;
            const CONTENT_TYPES: &'static [crate::ContentType] = &[#(#content_types),*];
            const RATE_TIER: Option<crate::RateTier> = #tier;
            #special
            #unlisted
            #special_token
            #auth
            const IDEMPOTENT: bool = #idempotent;
            type Response = #response;
            type Error = #error;
            type Warning = #warning;

            #validate

            fn arguments(&self) -> Vec<(&'static str, crate::ArgValue)> {
                #arguments
            }
        }
    }
}

/// `validate`, with the constraint checks, each applied to the value when it is set; nothing
/// when no argument has a constraint (the trait's default accepts every request).
fn validate_fn(method: &Method) -> TokenStream {
    let checks = method.arguments.iter().filter_map(|argument| {
        let ident = format_ident!("{}", argument.ident);
        let wire = &argument.wire_name;
        let mut checks = Vec::new();
        if !argument.lengths.is_empty() {
            let lengths = argument.lengths.iter().map(|length| *length as usize);
            checks.push(quote!(crate::check_length(#wire, value.as_ref(), &[#(#lengths),*])?;));
        }
        if let Some(max) = argument.max_items {
            let max = max as usize;
            checks.push(quote!(crate::check_max_items(#wire, value.len(), #max)?;));
        }
        if argument.ty == ArgumentType::Scalar(Scalar::Json) {
            checks.push(quote!(crate::check_json(#wire, value)?;));
        }
        if checks.is_empty() {
            return None;
        }
        Some(match argument.presence {
            Presence::Required => quote! { { let value = &self.#ident; #(#checks)* } },
            Presence::Optional => quote! {
                if let Some(value) = &self.#ident { #(#checks)* }
            },
        })
    });
    let checks: Vec<TokenStream> = checks.collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn validate(&self) -> Result<(), crate::InvalidArgument> {
            #(#checks)*
            Ok(())
        }
    }
}

/// The set arguments in spec order, each as a `crate::ArgValue`.
fn arguments_body(method: &Method) -> TokenStream {
    if method.arguments.is_empty() {
        return quote!(Vec::new());
    }
    let capacity = method.arguments.len();
    let pushes = method.arguments.iter().map(|argument| {
        let ident = format_ident!("{}", argument.ident);
        let wire = &argument.wire_name;
        let value = arg_value(&argument.ty);
        match argument.presence {
            Presence::Required => quote! {
                let value = &self.#ident;
                arguments.push((#wire, #value));
            },
            Presence::Optional => quote! {
                if let Some(value) = &self.#ident {
                    arguments.push((#wire, #value));
                }
            },
        }
    });
    quote! {
        let mut arguments = Vec::with_capacity(#capacity);
        #(#pushes)*
        arguments
    }
}

/// An expression turning `value` (a reference to the field's value) into a `crate::ArgValue`.
fn arg_value(ty: &ArgumentType) -> TokenStream {
    match ty {
        ArgumentType::Scalar(scalar) => scalar.arg_value(),
        ArgumentType::List(scalar, format) => {
            let format = match format {
                ListFormat::CommaSeparated => quote!(crate::ListFormat::CommaSeparated),
                ListFormat::JsonArray => quote!(crate::ListFormat::JsonArray),
            };
            let item = scalar.list_item();
            quote!(crate::ArgValue::List(value.iter().map(|item| #item).collect(), #format))
        }
    }
}
