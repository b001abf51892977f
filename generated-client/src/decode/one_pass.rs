//! A successful answer decoded in one pass over the body: Slack's envelope members (`ok`,
//! `warning`, `response_metadata`, ...) go to [`Envelope`], every other member to the method's
//! response type, which never sees the envelope's.
//!
//! Reading the body twice (the envelope, then the response) cost about a tenth of a loopback
//! call. This is only the fast path: whenever it cannot give the same result as the two-pass
//! decoding (the response type declares an envelope member, is not a plain struct, or anything
//! fails), it reports an error and the caller decodes the usual way, so errors read as before.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use super::{Envelope, Metadata};

/// The envelope's members, by wire name.
const ENVELOPE_MEMBERS: [&str; 6] = [
    "ok",
    "error",
    "needed",
    "provided",
    "warning",
    "response_metadata",
];

/// An answer's envelope and its payload, from one pass.
pub(super) struct WithEnvelope<T> {
    pub(super) envelope: Envelope,
    pub(super) data: T,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WithEnvelope<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(AnswerVisitor(PhantomData))
    }
}

struct AnswerVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for AnswerVisitor<T> {
    type Value = WithEnvelope<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Slack answer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut members = Members {
            map,
            envelope: Fields::default(),
        };
        let data = T::deserialize(&mut members)?;
        // A response type reads every member; this drains any it left, envelope ones included.
        while members.next_key_seed(PhantomData::<IgnoredAny>)?.is_some() {
            members.next_value::<IgnoredAny>()?;
        }
        let fields = members.envelope;
        Ok(WithEnvelope {
            envelope: Envelope {
                ok: fields.ok.ok_or_else(|| de::Error::missing_field("ok"))?,
                error: fields.error.flatten(),
                needed: fields.needed.flatten(),
                provided: fields.provided.flatten(),
                warning: fields.warning.flatten(),
                response_metadata: fields.response_metadata.flatten(),
            },
            data,
        })
    }
}

/// The envelope members seen so far; `Some` once seen, so a repeated one is refused as the
/// derived `Envelope` would refuse it.
#[derive(Default)]
struct Fields {
    ok: Option<bool>,
    error: Option<Option<String>>,
    needed: Option<Option<String>>,
    provided: Option<Option<String>>,
    warning: Option<Option<String>>,
    response_metadata: Option<Option<Metadata>>,
}

/// The answer's members as the response type sees them: a map without the envelope's.
struct Members<A> {
    map: A,
    envelope: Fields,
}

impl<'de, A: MapAccess<'de>> Members<A> {
    /// Reads an envelope member's value into its field.
    fn take(&mut self, name: &str) -> Result<(), A::Error> {
        fn once<T, E: de::Error>(
            slot: &mut Option<T>,
            name: &'static str,
            value: T,
        ) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        let fields = &mut self.envelope;
        match name {
            "ok" => once(&mut fields.ok, "ok", self.map.next_value()?),
            "error" => once(&mut fields.error, "error", self.map.next_value()?),
            "needed" => once(&mut fields.needed, "needed", self.map.next_value()?),
            "provided" => once(&mut fields.provided, "provided", self.map.next_value()?),
            "warning" => once(&mut fields.warning, "warning", self.map.next_value()?),
            // Only envelope members are taken, so this is `response_metadata`.
            _ => once(
                &mut fields.response_metadata,
                "response_metadata",
                self.map.next_value()?,
            ),
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<A> {
    type Error = A::Error;

    /// The next member that is not the envelope's; the envelope's are read on the way.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(Key(name)) = self.map.next_key()? {
            if ENVELOPE_MEMBERS.contains(&name.as_ref()) {
                self.take(&name)?;
                continue;
            }
            return seed
                .deserialize(de::value::CowStrDeserializer::<A::Error>::new(name))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for &mut Members<A> {
    type Error = A::Error;

    /// A response struct: given the members, unless it declares one of the envelope's (then
    /// hiding that member would change what it decodes).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        if fields.iter().any(|field| ENVELOPE_MEMBERS.contains(field)) {
            return Err(de::Error::custom(
                "the response declares an envelope member",
            ));
        }
        visitor.visit_map(self)
    }

    /// Anything but a plain struct (a map, flattened members) takes the two-pass path.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("the response is not a plain struct"))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A member name, borrowed from the body when it holds no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(name)))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Payload {
        channel: String,
        #[serde(default)]
        count: Option<u32>,
    }

    fn one_pass<T: for<'de> Deserialize<'de>>(body: &str) -> Result<WithEnvelope<T>, String> {
        serde_json::from_str(body).map_err(|e| e.to_string())
    }

    #[test]
    fn envelope_and_payload_split_in_one_pass() {
        let answer = one_pass::<Payload>(
            r#"{"ok":true,"channel":"C1","warning":"w1","extra":[1,{"a":2}],
                "response_metadata":{"warnings":["w2"]},"count":3}"#,
        )
        .unwrap();
        assert!(answer.envelope.ok);
        assert_eq!(answer.envelope.warnings(), ["w1", "w2"]);
        assert_eq!(
            answer.data,
            Payload {
                channel: "C1".into(),
                count: Some(3)
            }
        );
        // An escaped member name is still found.
        let escaped = one_pass::<Payload>(r#"{"\u006fk":false,"chan\u006eel":"C2"}"#).unwrap();
        assert!(!escaped.envelope.ok);
        assert_eq!(escaped.data.channel, "C2");
    }

    #[test]
    fn whatever_the_two_pass_decoding_would_judge_differently_is_refused() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Declares {
            warning: Option<String>,
        }
        assert!(one_pass::<Declares>(r#"{"ok":true,"warning":"w"}"#).is_err());
        assert!(one_pass::<std::collections::BTreeMap<String, u8>>(r#"{"ok":true}"#).is_err());
        assert!(one_pass::<Payload>(r#"{"ok":true,"ok":true,"channel":"C"}"#).is_err());
        assert!(one_pass::<Payload>(r#"{"channel":"C"}"#).is_err());
        assert!(one_pass::<Payload>(r#"{"ok":true}"#).is_err());
        assert!(one_pass::<Payload>(r#"{"ok":true,"channel":"C"} x"#).is_err());
    }
}
