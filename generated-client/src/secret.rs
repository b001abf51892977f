//! `Secret`, the spec format's `secret` scalar: a string that is a credential (a token, a refresh
//! token, a client secret, a webhook URL). Everything the runtime does with one is here, beside
//! the generator's facts in `codegen/src/scalar.rs`.

use std::fmt;

use serde_json::Value;

use crate::auth::REDACTED;
use crate::wire::{Fail, Input, Wire};

/// A credential Slack hands out or takes (an access or refresh token, a client secret, an
/// incoming webhook's URL): a string that `Debug` never shows. Read it with
/// [`Secret::expose`] where it is used, so a log line or a `{:?}` of an answer cannot leak it.
///
/// ```
/// use slack_api_client::Secret;
///
/// let token = Secret::from("xoxb-1234");
/// assert_eq!(format!("{token:?}"), "Secret([redacted])");
/// assert_eq!(token.expose(), "xoxb-1234");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// The secret `value`.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, to send or store.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value itself, moved out.
    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

impl Wire for Secret {
    fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
        input.string().map(Secret)
    }

    fn decode_option(input: &mut dyn Input) -> Result<Option<Self>, Fail> {
        Ok(input.optional_string()?.map(Secret))
    }

    fn encode(&self) -> Value {
        Value::from(self.0.as_str())
    }
}

#[cfg(feature = "cli")]
impl crate::FromArg for Secret {
    const EXPECTED: &'static str = "a string";
    fn from_arg(value: &str) -> Result<Self, String> {
        Ok(Secret::from(value))
    }
}
