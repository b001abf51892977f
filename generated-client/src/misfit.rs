//! Answers whose members do not all fit the types their specs declare.
//!
//! Slack changes shapes under us (`"parent_conversation": 0`, `"pending_shared": {}`), and one
//! odd member must not cost the caller the rest of the answer. The typed decode runs strictly
//! first, at full speed; only when it fails is the answer decoded again, from a
//! `serde_json::Value`, by the same tables in lenient mode (see [`crate::wire`]):
//!
//! - a member that does not fit reads as absent, and its object's `extra` keeps it as sent;
//! - a list item that does not fit is taken out of its list, which keeps its other items, and
//!   the list as sent goes to its object's `extra`;
//! - a required member that is missing or does not fit makes its object not fit, which is then
//!   set aside in turn; when that climbs to the answer itself, decoding fails, naming the
//!   innermost member and the type expected there.

use std::fmt;

use serde_json::Value;

use crate::wire::{self, Object};

/// What a required member that is missing was expected to be.
pub(crate) const MISSING: &str = "a value: the member is required";

/// A member (or a list item) of an answer whose value does not fit the type its spec declares.
/// It is kept as Slack sent it and its typed field reads as absent; the call still succeeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Misfit {
    /// Where it is in the answer's payload: `channel.previous_names`, `messages[3]`.
    pub path: String,
    /// What the spec declares there, in serde's words (`a string`, `struct Conversation`); for
    /// an object set aside because a member it requires did not fit, that member and its type.
    pub expected: String,
    /// The value as Slack sent it. A member's is also in its object's `extra` map, and so is
    /// the whole list an item was taken from (its typed field keeps the items that fit), so
    /// encoding the response gives back what came.
    pub value: Value,
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` (expected {})", self.path, self.expected)
    }
}

/// Why an answer could not be decoded even leniently: a member the payload itself requires is
/// missing or does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unfit {
    /// The innermost member at fault, `""` for the payload as a whole.
    pub(crate) path: String,
    /// What was expected there.
    pub(crate) expected: String,
}

/// Decodes `json` into `T`, setting aside every member and list item that does not fit (see
/// [`Misfit`]); what the client does with each answer. It fails only when `json` is not JSON or
/// a member `T` requires at its top level is missing or does not fit.
///
/// ```
/// use slack_api_client::api::ConversationsInfoResponse;
/// use slack_api_client::decode_lenient;
///
/// let body = br#"{"ok": true, "channel": {"id": "C1", "parent_conversation": 0}}"#;
/// let (response, misfits) = decode_lenient::<ConversationsInfoResponse>(body).unwrap();
/// assert_eq!(response.channel.id.as_str(), "C1");
/// assert_eq!(response.channel.parent_conversation, None);
/// assert_eq!(misfits[0].path, "channel.parent_conversation");
/// assert_eq!(response.channel.extra["parent_conversation"], 0);
/// ```
pub fn decode_lenient<T: Object>(json: &[u8]) -> Result<(T, Vec<Misfit>), serde_json::Error> {
    let mut data = T::default();
    if wire::decode_strict(json, &mut data).is_ok() {
        return Ok((data, Vec::new()));
    }
    let value: Value = serde_json::from_slice(json)?;
    decode_value(value).map_err(|unfit| {
        <serde_json::Error as serde::de::Error>::custom(format!(
            "`{}` does not fit: expected {}",
            unfit.path, unfit.expected
        ))
    })
}

/// The lenient decode of an answer already read as a `Value`.
pub(crate) fn decode_value<T: Object>(value: Value) -> Result<(T, Vec<Misfit>), Unfit> {
    let mut data = T::default();
    let misfits = wire::decode_value(value, &mut data)?;
    Ok((data, misfits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{Encoder, Fail, Input, Member};
    use serde_json::{Map, json};

    // Written as the generator writes them: a table, one arm per member, one call per field.
    #[derive(Debug, Default, PartialEq)]
    struct Inner {
        id: String,
        count: Option<i64>,
        extra: Map<String, Value>,
    }

    impl Object for Inner {
        const NAME: &'static str = "Inner";
        const MEMBERS: &'static [Member] = &[Member::optional("count"), Member::required("id")];

        fn member_index(name: &str) -> Option<usize> {
            match name {
                "count" => Some(0),
                "id" => Some(1),
                _ => None,
            }
        }

        fn decode_member(&mut self, index: usize, input: &mut dyn Input) -> Result<bool, Fail> {
            match index {
                0 => wire::optional(&mut self.count, input),
                1 => wire::required(&mut self.id, input),
                _ => wire::no_member(index),
            }
        }

        fn encode_members(&self, out: &mut Encoder<'_>) {
            out.required("id", &self.id);
            out.optional("count", &self.count);
            out.extra(&self.extra);
        }

        fn extra_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.extra
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Outer {
        inner: Inner,
        maybe: Option<Inner>,
        list: Option<Vec<Inner>>,
        extra: Map<String, Value>,
    }

    impl Object for Outer {
        const NAME: &'static str = "Outer";
        const MEMBERS: &'static [Member] = &[
            Member::required("inner"),
            Member::optional("list"),
            Member::optional("maybe"),
        ];

        fn member_index(name: &str) -> Option<usize> {
            match name {
                "inner" => Some(0),
                "list" => Some(1),
                "maybe" => Some(2),
                _ => None,
            }
        }

        fn decode_member(&mut self, index: usize, input: &mut dyn Input) -> Result<bool, Fail> {
            match index {
                0 => wire::required(&mut self.inner, input),
                1 => wire::optional(&mut self.list, input),
                2 => wire::optional(&mut self.maybe, input),
                _ => wire::no_member(index),
            }
        }

        fn encode_members(&self, out: &mut Encoder<'_>) {
            out.required("inner", &self.inner);
            out.optional("maybe", &self.maybe);
            out.optional("list", &self.list);
            out.extra(&self.extra);
        }

        fn extra_mut(&mut self) -> &mut Map<String, Value> {
            &mut self.extra
        }
    }

    fn lenient(value: Value) -> Result<(Outer, Vec<Misfit>), Unfit> {
        decode_value(value)
    }

    fn paths(misfits: &[Misfit]) -> Vec<&str> {
        misfits.iter().map(|m| m.path.as_str()).collect()
    }

    fn encode<T: wire::Wire>(value: &T) -> Value {
        value.encode()
    }

    #[test]
    fn odd_members_are_set_aside_at_every_depth_and_encode_back() {
        let sent = json!({
            "inner": {"id": "a", "count": "seven"},
            "maybe": {"id": 5},
            "list": [{"id": "b"}, {"id": 1}, {"id": "c", "count": []}, 7, {"id": "d"}],
            "other": 1
        });
        let (data, misfits) = lenient(sent.clone()).unwrap();
        assert_eq!(
            paths(&misfits),
            [
                "inner.count",
                "list[1]",
                "list[2].count",
                "list[3]",
                "maybe"
            ]
        );
        assert_eq!(misfits[0].expected, "i64");
        assert_eq!(misfits[1].expected, "`list[1].id` to be a string");
        assert_eq!(misfits[3].expected, "struct Inner");
        assert_eq!(misfits[4].expected, "`maybe.id` to be a string");
        assert_eq!(misfits[1].value, json!({"id": 1}));
        assert_eq!(data.inner.count, None);
        assert_eq!(data.maybe, None);
        let ids: Vec<_> = data.list.iter().flatten().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "d"]);
        // Everything comes back exactly: the list as sent is in `extra`, encoded last.
        assert_eq!(data.extra["list"], sent["list"]);
        assert_eq!(encode(&data), sent);
    }

    #[test]
    fn a_required_member_fails_only_at_the_top() {
        let unfit = lenient(json!({"inner": {"id": 3}})).unwrap_err();
        assert_eq!(unfit.path, "inner.id");
        assert_eq!(unfit.expected, "a string");
        let unfit = lenient(json!({"inner": {}})).unwrap_err();
        assert_eq!(unfit.path, "inner.id");
        assert_eq!(unfit.expected, MISSING);
        let unfit = lenient(json!([])).unwrap_err();
        assert_eq!(unfit.path, "");
        assert_eq!(unfit.expected, "struct Outer");
    }

    #[test]
    fn null_in_an_optional_member_reads_as_absent_and_encodes_back() {
        let sent = json!({"inner": {"id": "a", "count": null}, "maybe": null});
        for (data, misfits) in [
            lenient(sent.clone()).unwrap(),
            decode_lenient::<Outer>(sent.to_string().as_bytes()).unwrap(),
        ] {
            assert!(misfits.is_empty(), "{misfits:?}");
            assert_eq!((data.inner.count, &data.maybe), (None, &None));
            assert_eq!(data.inner.extra["count"], Value::Null);
            assert_eq!(encode(&data), sent);
        }
    }

    #[test]
    fn the_strict_path_refuses_what_the_lenient_one_sets_aside() {
        let body = br#"{"inner": {"id": "a"}, "maybe": {"id": 5}}"#;
        let mut data = Outer::default();
        assert!(wire::decode_strict(body, &mut data).is_err());
        let (data, misfits) = decode_lenient::<Outer>(body).unwrap();
        assert_eq!(paths(&misfits), ["maybe"]);
        assert_eq!(data.extra["maybe"], json!({"id": 5}));
        let repeated = br#"{"inner": {"id": "a", "id": "b"}}"#;
        let mut data = Outer::default();
        let error = wire::decode_strict(repeated, &mut data).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `id`"),
            "{error}"
        );
    }
}
