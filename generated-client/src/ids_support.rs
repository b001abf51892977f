//! What every Slack ID newtype is, written once: a generated ID type is its docs and one line,
//!
//! ```text
//! #[crate::ids_support::apply(crate::ids_support::id_type!)]
//! pub struct ChannelId(String);
//! ```
//!
//! which [`id_type!`] turns into the newtype with its derives (serialised as the bare string),
//! constructors, accessors and conversions. A union ID (any of several kinds) adds one
//! [`id_union!`] line for the conversions from its members.

/// The derives, `new`, `as_str`, `into_string`, `From<String>`, `From<&str>`, `AsRef<str>` and
/// `Display` of an ID newtype over `String`.
macro_rules! id_type {
    ($(#[$attr:meta])* $vis:vis struct $name:ident(String);) => {
        $(#[$attr])*
        #[derive(
            Debug,
            Clone,
            Default,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Deserialize,
            serde::Serialize,
        )]
        #[serde(transparent)]
        $vis struct $name(String);

        impl crate::wire::Wire for $name {
            fn decode(input: &mut dyn crate::wire::Input) -> Result<Self, crate::wire::Fail> {
                input.string().map(Self)
            }

            fn decode_option(
                input: &mut dyn crate::wire::Input,
            ) -> Result<Option<Self>, crate::wire::Fail> {
                Ok(input.optional_string()?.map(Self))
            }

            fn encode(&self) -> serde_json::Value {
                serde_json::Value::String(self.0.clone())
            }
        }

        impl $name {
            #[doc = concat!("Wraps an ID string as a [`", stringify!($name), "`].")]
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

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// `id_union!(TeamOrEnterpriseId = TeamId | EnterpriseId)`: each member ID converts into the union.
macro_rules! id_union {
    ($union:ident = $($member:ident)|+) => {
        $(
            impl From<crate::api::$member> for $union {
                fn from(id: crate::api::$member) -> Self {
                    Self(id.into_string())
                }
            }
        )+
    };
}

/// An enum of the words an argument or member takes, with `Other` for a word the docs did not
/// list when the client was generated: the derives, `as_str`, `From<&str>`, `From<String>`,
/// `Display`, and serde as the bare word. A generated enum is its docs and one row per word,
///
/// ```text
/// #[crate::ids_support::apply(crate::ids_support::word_enum!)]
/// pub enum ConversationType {
///     /// A public channel.
///     PublicChannel = "public_channel",
/// }
/// ```
macro_rules! word_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $word:literal),* $(,)?
        }
    ) => {
        $(#[$attr])*
        ///
        /// A word the docs did not list yet arrives as [`Other`](Self::Other), kept as sent.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A word the docs did not list when this client was generated, as sent.
            Other(String),
        }

        impl $name {
            /// The word as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $word,)*
                    Self::Other(word) => word,
                }
            }
        }

        impl From<&str> for $name {
            fn from(word: &str) -> Self {
                match word {
                    $($word => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(word: String) -> Self {
                Self::from(word.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// An unlisted empty word: what a required member holds until it is read.
        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl crate::wire::Wire for $name {
            fn decode(input: &mut dyn crate::wire::Input) -> Result<Self, crate::wire::Fail> {
                input.string().map(Self::from)
            }

            fn decode_option(
                input: &mut dyn crate::wire::Input,
            ) -> Result<Option<Self>, crate::wire::Fail> {
                Ok(input.optional_string()?.map(Self::from))
            }

            fn encode(&self) -> serde_json::Value {
                serde_json::Value::String(self.as_str().to_owned())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(word.as_ref()))
            }
        }
    };
}

/// How generated ID types invoke [`id_type!`]: as an attribute, so the struct stays plain Rust.
pub(crate) use macro_rules_attribute::apply;
pub(crate) use {id_type, id_union, word_enum};
