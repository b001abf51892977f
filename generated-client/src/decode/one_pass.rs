//! An answer decoded in one pass over the body: the method's payload gets every member, exactly
//! as `serde_json::from_slice` would give them (members no spec names, the envelope's included,
//! land in its flattened `extra`), and Slack's envelope members (`ok`, `warning`,
//! `response_metadata`, ...) are read into the [`Envelope`] on the way.
//!
//! Reading the body twice (the envelope, then the payload) cost about a tenth of a loopback
//! call. An envelope member's value is read once, as a JSON value (`ok` is a bool: no
//! allocation), and both the envelope and the payload are decoded from it.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};
use serde::{Deserialize, forward_to_deserialize_any};
use serde_json::Value;

use super::{Envelope, Metadata};

/// Decodes the payload into `data` and returns the envelope, from the answer object in `body`.
///
/// The payload's errors read as `serde_json::from_slice::<T>`'s would; the envelope's (a
/// missing `ok`, a repeated member, a member of the wrong type) are reported too, so a caller
/// that needs to tell them apart reads the envelope alone first. The payload is written where
/// the caller keeps it: a response type is large (conversations.info's is 1.5 kB), and each
/// move through a tuple or `Result` is a copy.
pub(super) fn decode<T: DeserializeOwned>(
    body: &[u8],
    data: &mut Option<T>,
) -> Result<Envelope, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let envelope = AnswerSeed { data }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(envelope)
}

struct AnswerSeed<'a, T> {
    data: &'a mut Option<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for AnswerSeed<'_, T> {
    type Value = Envelope;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Envelope, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for AnswerSeed<'_, T> {
    type Value = Envelope;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Slack answer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Envelope, A::Error> {
        let mut members = Members {
            map,
            envelope: Fields::default(),
            pending: None,
        };
        *self.data = Some(T::deserialize(&mut members)?);
        members.finish()
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

impl Fields {
    /// Reads the value of the envelope member `name` into its field.
    fn take<E: de::Error>(&mut self, name: &str, value: &Value) -> Result<(), E> {
        fn once_as<T, E: de::Error>(
            slot: &mut Option<T>,
            name: &'static str,
            value: T,
        ) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        // Only `ok` must fit, as in the derived `Envelope`: another member of an odd shape
        // reads as absent.
        fn once<'v, T: Deserialize<'v> + Default, E: de::Error>(
            slot: &mut Option<T>,
            name: &'static str,
            value: &'v Value,
        ) -> Result<(), E> {
            once_as(slot, name, T::deserialize(value).unwrap_or_default())
        }
        match name {
            "ok" => once_as(
                &mut self.ok,
                "ok",
                bool::deserialize(value).map_err(E::custom)?,
            ),
            "error" => once(&mut self.error, "error", value),
            "needed" => once(&mut self.needed, "needed", value),
            "provided" => once(&mut self.provided, "provided", value),
            "warning" => once(&mut self.warning, "warning", value),
            _ => once(&mut self.response_metadata, "response_metadata", value),
        }
    }

    fn into_envelope<E: de::Error>(self) -> Result<Envelope, E> {
        Ok(Envelope {
            ok: self.ok.ok_or_else(|| E::missing_field("ok"))?,
            error: self.error.flatten(),
            needed: self.needed.flatten(),
            provided: self.provided.flatten(),
            warning: self.warning.flatten(),
            response_metadata: self.response_metadata.flatten(),
        })
    }
}

/// The envelope's members, by wire name.
const ENVELOPE_MEMBERS: [&str; 6] = [
    "ok",
    "error",
    "needed",
    "provided",
    "warning",
    "response_metadata",
];

/// The answer's members as the payload sees them, the envelope's read on the way.
struct Members<A> {
    map: A,
    envelope: Fields,
    /// The value of the envelope member whose name was just given out, already read.
    pending: Option<Value>,
}

impl<'de, A: MapAccess<'de>> Members<A> {
    /// The next member's name; an envelope member's value is read into the envelope now and
    /// kept for the payload.
    fn next_member(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        let Some(Key(name)) = self.map.next_key()? else {
            return Ok(None);
        };
        if ENVELOPE_MEMBERS.contains(&name.as_ref()) {
            let value: Value = self.map.next_value()?;
            self.envelope.take(&name, &value)?;
            self.pending = Some(value);
        }
        Ok(Some(name))
    }

    /// Reads the members the payload left and returns the envelope.
    fn finish(mut self) -> Result<Envelope, A::Error> {
        while self.next_key_seed(PhantomData::<IgnoredAny>)?.is_some() {
            self.next_value::<IgnoredAny>()?;
        }
        self.envelope.into_envelope()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.next_member()? {
            Some(name) => seed
                .deserialize(de::value::CowStrDeserializer::<A::Error>::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

/// The answer object, for the payload: as a struct, a map (a struct with a flattened member),
/// or anything else, it is given the members.
impl<'de, A: MapAccess<'de>> Deserializer<'de> for &mut Members<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
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

    /// What a generated response looks like: members no spec names in a flattened map.
    #[derive(Debug, Deserialize, PartialEq)]
    struct WithExtra {
        channel: String,
        #[serde(flatten)]
        extra: serde_json::Map<String, Value>,
    }

    fn one_pass<T: DeserializeOwned>(body: &str) -> Result<(Envelope, T), String> {
        let mut data = None;
        let envelope = decode(body.as_bytes(), &mut data).map_err(|e| e.to_string())?;
        Ok((envelope, data.ok_or("no payload")?))
    }

    #[test]
    fn envelope_and_payload_split_in_one_pass() {
        let (envelope, data) = one_pass::<Payload>(
            r#"{"ok":true,"channel":"C1","warning":"w1","extra":[1,{"a":2}],
                "response_metadata":{"warnings":["w2"]},"count":3}"#,
        )
        .unwrap();
        assert!(envelope.ok);
        assert_eq!(envelope.warnings(), ["w1", "w2"]);
        assert_eq!(
            data,
            Payload {
                channel: "C1".into(),
                count: Some(3)
            }
        );
        // An escaped member name is still found.
        let (envelope, data) =
            one_pass::<Payload>(r#"{"\u006fk":false,"chan\u006eel":"C2"}"#).unwrap();
        assert!(!envelope.ok);
        assert_eq!(data.channel, "C2");
    }

    #[test]
    fn the_payload_gets_every_member_as_serde_json_gives_them() {
        let body = r#"{"ok":true,"channel":"C1","warning":"w1","new":[1,{"a":null}],
                "response_metadata":{"messages":["m"]},"error":null,"x\u0079":2}"#;
        let (envelope, data) = one_pass::<WithExtra>(body).unwrap();
        assert!(envelope.ok);
        assert_eq!(envelope.warnings(), ["w1"]);
        assert_eq!(data, serde_json::from_str::<WithExtra>(body).unwrap());
        assert_eq!(data.extra["ok"], true);
        assert_eq!(data.extra["xy"], 2);
        // A payload that declares an envelope member gets its value too.
        #[derive(Debug, Deserialize, PartialEq)]
        struct Declares {
            warning: Option<String>,
        }
        let (envelope, data) = one_pass::<Declares>(r#"{"ok":true,"warning":"w"}"#).unwrap();
        assert_eq!(data.warning.as_deref(), Some("w"));
        assert_eq!(envelope.warnings(), ["w"]);
    }

    #[test]
    fn payload_errors_read_as_serde_json_s() {
        for bad in [
            r#"{"ok":true}"#,
            r#"{"ok":true,"channel":5}"#,
            r#"{"ok":true,"channel":"C","count":-1}"#,
        ] {
            let ours = one_pass::<Payload>(bad).unwrap_err();
            let theirs = serde_json::from_str::<Payload>(bad).unwrap_err();
            assert_eq!(ours, theirs.to_string());
        }
    }

    #[test]
    fn a_broken_envelope_is_refused() {
        for body in [
            r#"{"ok":true,"ok":true,"channel":"C"}"#,
            r#"{"channel":"C"}"#,
            r#"{"ok":"yes","channel":"C"}"#,
            r#"{"ok":true,"channel":"C"} x"#,
            r#"[1]"#,
        ] {
            assert!(one_pass::<WithExtra>(body).is_err(), "{body}");
        }
    }

    #[test]
    fn an_odd_envelope_member_reads_as_absent() {
        let body =
            r#"{"ok":true,"warning":5,"response_metadata":{"warnings":["w",1]},"channel":"C"}"#;
        let (envelope, data) = one_pass::<WithExtra>(body).unwrap();
        assert_eq!(envelope.warnings(), ["w"]);
        assert_eq!(data.extra["warning"], 5);
        let alone: Envelope = serde_json::from_str(body).unwrap();
        assert_eq!(alone.warnings(), ["w"]);
    }
}
