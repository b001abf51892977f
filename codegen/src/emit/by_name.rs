//! Calling methods by wire name with `name=value` strings: the example CLI's method table, and
//! each request parsed back from its wire arguments (`FromArgs`, which the mock Slack uses too).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs;
use crate::model::{Argument, ArgumentType, ListFormat, Method, Presence};

/// The `by_name.rs` module: `METHOD_NAMES`, `METHOD_HELP` and `call_by_name`, as tables of one
/// line per method. What is written per method (its help row, its `FromArgs`) lives in the
/// method's module, so this file stays short however large the API.
pub fn by_name_module(methods: &[Method]) -> TokenStream {
    let names = methods.iter().map(|method| {
        let wire = &method.wire_name;
        let gate = crate::emit::family_gate(method);
        quote!(#gate #wire)
    });
    let cli = format_ident!("{}", crate::naming::CLI_SUBMODULE);
    let help = methods.iter().map(|method| {
        let module = format_ident!("{}", method.snake);
        let gate = crate::emit::family_gate(method);
        quote!(#gate super::#module::#cli::HELP)
    });
    let calls = methods.iter().map(|method| {
        let request = format_ident!("{}", method.request);
        let gate = crate::emit::family_gate(method);
        quote!(#gate crate::by_name_support::call_boxed::<crate::api::#request>)
    });
    quote! {
        //! Calling a method by its wire name, with arguments given as strings.

        /// The wire names of every method this client was compiled with (its API families'
        /// features), sorted.
        pub const METHOD_NAMES: &[&str] = &[#(#names),*];

        /// What `slack <method> --help` shows of each method, in [`METHOD_NAMES`]' order.
        pub const METHOD_HELP: &[crate::MethodHelp] = &[#(#help),*];

        /// Each method's by-name call, in [`METHOD_NAMES`]' order.
        const CALLS: &[crate::by_name_support::ByNameCall] = &[#(#calls),*];

        /// Calls `method` with `name=value` arguments: parses each value as the spec types it,
        /// refuses unknown or missing arguments before sending, and returns the response as JSON.
        pub async fn call_by_name(
            client: &crate::Client,
            method: &str,
            args: &[(String, String)],
        ) -> Result<crate::ByNameOutcome, crate::ByNameError> {
            crate::by_name_support::call_in_table(METHOD_NAMES, CALLS, client, method, args).await
        }
    }
}

/// The method's `cli` submodule (compiled with the `cli` feature): its row of `METHOD_HELP` and
/// its request's `FromArgs`. Apart from the method's module, so that module holds only what every
/// user of the method compiles.
pub fn cli_module(method: &Method) -> TokenStream {
    let doc = docs::inner_doc(&format!(
        "Calling {} by name: its help row and its request parsed from `name=value` strings.",
        docs::method_link(method)
    ));
    let help = help_row(method);
    let from_args = from_args(method);
    quote! {
        #doc

        /// This method's row of [`METHOD_HELP`](crate::api::METHOD_HELP).
        pub(crate) const HELP: crate::MethodHelp = #help;

        #from_args
    }
}

/// `FromArgs` for one request: every argument by wire name, typed as the spec says.
fn from_args(method: &Method) -> TokenStream {
    let wire = &method.wire_name;
    let request = format_ident!("{}", method.request);
    let known = method.arguments.iter().map(|argument| &argument.wire_name);
    let required = method
        .arguments
        .iter()
        .filter(|argument| argument.presence == Presence::Required)
        .map(|argument| {
            let (name, ty) = (&argument.wire_name, parsed_type(&argument.ty));
            quote!(parser.required::<#ty>(#name)?)
        });
    let has_optional = method
        .arguments
        .iter()
        .any(|argument| argument.presence == Presence::Optional);
    // `mut` only when a setter will reassign, so the output has no unused-mut allowance.
    let binding = if has_optional {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    let optional = method
        .arguments
        .iter()
        .filter(|argument| argument.presence == Presence::Optional)
        .map(|argument| {
            let (name, ty) = (&argument.wire_name, parsed_type(&argument.ty));
            let setter = format_ident!("{}", argument.ident);
            quote! {
                if let Some(value) = parser.optional::<#ty>(#name)? {
                    request = request.#setter(value);
                }
            }
        });
    // Without arguments the parser only refuses unknown names, and needs no binding.
    let parser = if method.arguments.is_empty() {
        quote!(crate::ArgParser::new(#wire, &[], args)?;)
    } else {
        quote!(let mut parser = crate::ArgParser::new(#wire, &[#(#known),*], args)?;)
    };
    quote! {
        impl crate::FromArgs for crate::api::#request {
            fn from_args(args: &[(String, String)]) -> Result<Self, crate::ByNameError> {
                #parser
                #binding = Self::new(#(#required),*);
                #(#optional)*
                Ok(request)
            }
        }
    }
}

/// One method's row of `METHOD_HELP`.
fn help_row(method: &Method) -> TokenStream {
    let name = &method.wire_name;
    let description = &method.description;
    let scopes = method.scopes.iter().map(|(token, scopes)| {
        let token = docs::token_type(*token);
        quote!((#token, &[#(#scopes),*]))
    });
    let rate_limit = docs::rate_limit(&method.rate_limit);
    let arguments = method.arguments.iter().map(argument_help);
    quote! {
        crate::MethodHelp {
            name: #name,
            description: #description,
            scopes: &[#(#scopes),*],
            rate_limit: #rate_limit,
            arguments: &[#(#arguments),*],
        }
    }
}

fn argument_help(argument: &Argument) -> TokenStream {
    let name = &argument.wire_name;
    let required = argument.presence == Presence::Required;
    let ty = help_type(&argument.ty);
    let default = match &argument.default {
        Some(serde_json::Value::String(text)) => quote!(Some(#text)),
        Some(value) => {
            let text = value.to_string();
            quote!(Some(#text))
        }
        None => quote!(None),
    };
    let description = &argument.description;
    quote! {
        crate::ArgHelp {
            name: #name,
            required: #required,
            ty: #ty,
            default: #default,
            description: #description,
        }
    }
}

/// An argument's type as a command-line user writes it (lists are always comma-separated there).
fn help_type(ty: &ArgumentType) -> String {
    match ty {
        ArgumentType::Scalar(scalar) => scalar.help(),
        ArgumentType::List(scalar, format) => {
            let sent = match format {
                ListFormat::CommaSeparated => "",
                ListFormat::JsonArray => ", sent as a JSON array",
            };
            format!("comma-separated list of {}s{sent}", scalar.help())
        }
    }
}

/// What a command-line value is parsed as; ID strings convert into their newtype afterwards.
fn parsed_type(ty: &ArgumentType) -> TokenStream {
    match ty {
        ArgumentType::Scalar(scalar) => scalar.parsed_type(),
        ArgumentType::List(..) => quote!(Vec<String>),
    }
}
