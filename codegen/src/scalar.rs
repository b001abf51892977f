//! Every single-value type of the spec format and everything the generator decides about it, in
//! one place: the spec word it comes from, its Rust type, how an argument of it is taken, sent and
//! parsed by name, and which JSON values are one. Adding a scalar is a variant of `TypeSpec`
//! (the file format) and a row in each `match` here; its runtime side (a `wire::Wire` and a
//! `FromArg` impl) lives beside its Rust type in `generated-client/src/`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::spec::TypeSpec;

/// A single value: what an argument takes and what an answer member holds at its leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    String,
    Bool,
    I64,
    F64,
    /// Any JSON value, for shapes the docs leave open.
    Json,
    /// Seconds since the Unix epoch (`chat.scheduleMessage`'s `post_at`): `crate::UnixTime`.
    UnixTime,
    /// A credential (`oauth.v2.access`'s tokens, a client secret): `crate::Secret`, a string
    /// that `Debug` never shows.
    Secret,
    /// A file sent as a part of a multipart body (`users.setPhoto`'s `image`): `crate::FileArg`;
    /// arguments only.
    File,
    /// A string newtype by Rust name: an ID, or an enum of words; both have `as_str` and convert
    /// from strings.
    Id(String),
}

impl Scalar {
    /// The scalar a spec's type word names; `None` for composite types and references (a
    /// reference becomes [`Scalar::Id`] once resolved).
    pub fn from_spec(ty: &TypeSpec) -> Option<Scalar> {
        Some(match ty {
            TypeSpec::String => Scalar::String,
            TypeSpec::Boolean => Scalar::Bool,
            TypeSpec::Integer => Scalar::I64,
            TypeSpec::Float => Scalar::F64,
            TypeSpec::Json => Scalar::Json,
            TypeSpec::UnixTime => Scalar::UnixTime,
            TypeSpec::Secret => Scalar::Secret,
            TypeSpec::File => Scalar::File,
            TypeSpec::Number
            | TypeSpec::Array(_)
            | TypeSpec::Nullable(_)
            | TypeSpec::OrEmpty(_)
            | TypeSpec::Ref(_) => return None,
        })
    }

    /// The Rust type of a value in an answer (and of an argument's field, except JSON).
    pub fn rust_type(&self) -> TokenStream {
        match self {
            Scalar::String => quote!(String),
            Scalar::Bool => quote!(bool),
            Scalar::I64 => quote!(i64),
            Scalar::F64 => quote!(f64),
            Scalar::Json => quote!(serde_json::Value),
            Scalar::UnixTime => quote!(crate::UnixTime),
            Scalar::Secret => quote!(crate::Secret),
            Scalar::File => quote!(crate::FileArg),
            Scalar::Id(name) => {
                let name = format_ident!("{name}");
                quote!(crate::api::#name)
            }
        }
    }

    /// The type of a request field holding one: a JSON argument is any serialisable value,
    /// turned into JSON when set.
    pub fn argument_type(&self) -> TokenStream {
        match self {
            Scalar::Json => quote!(crate::JsonArg),
            other => other.rust_type(),
        }
    }

    /// The parameter a constructor or setter takes, and the expression turning `ident` into the
    /// field's value: small copyable values as they are, the rest through a conversion.
    pub fn parameter(&self, ident: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
        match self {
            _ if self.taken_as_is() => (self.rust_type(), quote!(#ident)),
            Scalar::File => (self.rust_type(), quote!(#ident)),
            Scalar::Json => (
                quote!(impl serde::Serialize),
                quote!(crate::JsonArg::new(#ident)),
            ),
            other => {
                let ty = other.rust_type();
                (quote!(impl Into<#ty>), quote!(#ident.into()))
            }
        }
    }

    /// Whether a constructor or setter takes the field's own type, with no `Into` conversion.
    pub fn taken_as_is(&self) -> bool {
        matches!(self, Scalar::Bool | Scalar::I64 | Scalar::F64)
    }

    /// An expression turning `value` (a reference to the field's value) into a `crate::ArgValue`.
    pub fn arg_value(&self) -> TokenStream {
        match self {
            Scalar::String => quote!(crate::ArgValue::Str(value.clone())),
            Scalar::Id(_) => quote!(crate::ArgValue::Str(value.as_str().to_owned())),
            Scalar::Bool => quote!(crate::ArgValue::Bool(*value)),
            Scalar::I64 => quote!(crate::ArgValue::Int(*value)),
            Scalar::UnixTime => quote!(crate::ArgValue::Int(value.as_secs())),
            Scalar::Secret => quote!(crate::ArgValue::Str(value.expose().to_owned())),
            Scalar::File => quote!(crate::ArgValue::File(value.clone())),
            Scalar::F64 => quote!(crate::ArgValue::Float(*value)),
            Scalar::Json => quote!(crate::json_arg(value)),
        }
    }

    /// An expression turning `item` (a reference to one element of a list argument) into the
    /// string the list is sent with.
    pub fn list_item(&self) -> TokenStream {
        match self {
            Scalar::Id(_) => quote!(item.as_str().to_owned()),
            Scalar::Secret => quote!(item.expose().to_owned()),
            Scalar::File => quote!(item.file_name().to_owned()),
            _ => quote!(item.to_string()),
        }
    }

    /// Whether a value of this type is text on the wire (length limits and patterns apply).
    pub fn is_text(&self) -> bool {
        matches!(self, Scalar::String | Scalar::Id(_))
    }

    /// How a command-line user writes one, for the by-name help.
    pub fn help(&self) -> String {
        match self {
            Scalar::String => "string".to_owned(),
            Scalar::Bool => "boolean".to_owned(),
            Scalar::I64 => "integer".to_owned(),
            Scalar::F64 => "number".to_owned(),
            Scalar::Json => "JSON value".to_owned(),
            Scalar::UnixTime => "Unix time in seconds".to_owned(),
            Scalar::Secret => "secret string".to_owned(),
            Scalar::File => "file (@path, or its text)".to_owned(),
            Scalar::Id(ident) => format!("{ident} string"),
        }
    }

    /// What a command-line value is parsed as (a `FromArg` type); ID strings convert into their
    /// newtype afterwards.
    pub fn parsed_type(&self) -> TokenStream {
        match self {
            Scalar::String | Scalar::Id(_) => quote!(String),
            other => other.rust_type(),
        }
    }

    /// Whether a JSON value (a spec's default or example) is one.
    pub fn fits(&self, value: &Value) -> bool {
        match self {
            // A file's example is a placeholder for its bytes (`"..."`).
            Scalar::String | Scalar::Id(_) | Scalar::Secret | Scalar::File => value.is_string(),
            Scalar::Bool => value.is_boolean(),
            Scalar::I64 | Scalar::UnixTime => value.is_i64(),
            Scalar::F64 => value.is_number(),
            Scalar::Json => true,
        }
    }
}
