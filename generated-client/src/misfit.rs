//! Answers whose members do not all fit the types their specs declare.
//!
//! Slack changes shapes under us (`"parent_conversation": 0`, `"pending_shared": {}`), and one
//! odd member must not cost the caller the rest of the answer. The typed decode runs strictly
//! first, at full speed; only when it fails is the answer decoded again here, from a
//! `serde_json::Value`, setting aside one member at a time until the rest fits:
//!
//! - a member that does not fit is renamed in the working copy with [`SET_ASIDE`] in front, so
//!   its typed field reads as absent and its object's flattened `extra` takes it; [`extra`]
//!   strips the prefix again, so encoding gives back exactly what came;
//! - a list item that does not fit is taken out of its list, which keeps its other items;
//! - a required member that is missing or does not fit makes its object not fit, which is then
//!   set aside in turn; when that climbs to the answer itself, decoding fails, naming the
//!   innermost member and the type expected there.
//!
//! Where each failure is comes from `serde_path_to_error`, so this works for any generated type
//! without knowing it.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

/// Put in front of a member's name to send it to its object's `extra`. Slack's member names
/// never hold a NUL.
const SET_ASIDE: &str = "\u{0}misfit\u{0}";

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
pub fn decode_lenient<T: DeserializeOwned>(
    json: &[u8],
) -> Result<(T, Vec<Misfit>), serde_json::Error> {
    if let Ok(data) = serde_json::from_slice(json) {
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
pub(crate) fn decode_value<T: DeserializeOwned>(
    original: Value,
) -> Result<(T, Vec<Misfit>), Unfit> {
    let mut repair = Repair {
        working: original.clone(),
        original,
        misfits: Vec::new(),
        removed: BTreeMap::new(),
        last: None,
    };
    // Each round sets one member or item aside for good, so there are at most as many rounds
    // as the answer has values; the bound only guards against a failure that names no value.
    let rounds = count_values(&repair.original) + 1;
    for _ in 0..rounds {
        let error = match serde_path_to_error::deserialize::<_, T>(&repair.working) {
            Ok(data) => return Ok((data, repair.misfits)),
            Err(error) => error,
        };
        let steps = steps(error.path()).ok_or_else(|| Unfit {
            path: error.path().to_string(),
            expected: expected(&error.inner().to_string()),
        })?;
        repair.set_aside(steps, &error.inner().to_string())?;
    }
    Err(Unfit {
        path: String::new(),
        expected: "an answer whose odd members can be set aside".to_owned(),
    })
}

/// One step of a path into the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Item(usize),
}

/// The path serde_path_to_error reports, as steps; `None` when it passes through something
/// that is not a JSON member or item.
fn steps(path: &serde_path_to_error::Path) -> Option<Vec<Step>> {
    path.iter()
        .map(|segment| match segment {
            Segment::Map { key } => Some(Step::Member(key.clone())),
            Segment::Seq { index } => Some(Step::Item(*index)),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// `channel.members[2].name`.
fn render(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Member(name) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            Step::Item(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// What serde's message says was expected: `invalid type: integer `0`, expected a string` gives
/// `a string`. The refused value is left out: it may hold anything the answer held.
fn expected(message: &str) -> String {
    match message.split_once(", expected ") {
        Some((_, expected)) => expected.to_owned(),
        None => message.to_owned(),
    }
}

/// `missing field `id`` gives `id`.
fn missing_member(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
}

/// The work of one lenient decode: the answer as sent, the copy being set aside in, and what
/// was set aside so far.
struct Repair {
    original: Value,
    working: Value,
    misfits: Vec<Misfit>,
    /// Items taken out of each list, by the list's path in the original, as original indices.
    removed: BTreeMap<String, Vec<usize>>,
    /// The member set aside last and why, in case its object turns out to require it.
    last: Option<(Vec<Step>, Unfit)>,
}

impl Repair {
    /// Sets aside the value the failure at `at` is about.
    fn set_aside(&mut self, mut at: Vec<Step>, message: &str) -> Result<(), Unfit> {
        let original = self.in_original(&at);
        let cause = match missing_member(message) {
            // The member just set aside was required here: the reason is its own.
            Some(name)
                if self.last.as_ref().is_some_and(|(last, _)| {
                    last.len() == at.len() + 1
                        && last.starts_with(&at)
                        && last.last() == Some(&Step::Member(name.to_owned()))
                }) =>
            {
                self.last
                    .take()
                    .map(|(_, cause)| cause)
                    .unwrap_or_else(|| unreachable!())
            }
            Some(name) => {
                let mut path = original.clone();
                path.push(Step::Member(name.to_owned()));
                Unfit {
                    path: render(&path),
                    expected: MISSING.to_owned(),
                }
            }
            None => Unfit {
                path: render(&original),
                expected: expected(message),
            },
        };
        let Some(last) = at.pop() else {
            return Err(cause);
        };
        let value = pointer(&self.original, &original)
            .cloned()
            .ok_or_else(|| cause.clone())?;
        let parent = pointer_mut(&mut self.working, &at).ok_or_else(|| cause.clone())?;
        match (&last, parent) {
            (Step::Member(name), Value::Object(members)) => {
                members.remove(name).ok_or_else(|| cause.clone())?;
                members.insert(format!("{SET_ASIDE}{name}"), value.clone());
            }
            (Step::Item(index), Value::Array(items)) if *index < items.len() => {
                items.remove(*index);
                let list = render(&original[..original.len() - 1]);
                let Some(Step::Item(first)) = original.last() else {
                    unreachable!("an item's original path ends in an item")
                };
                let removed = self.removed.entry(list).or_default();
                let place = removed.partition_point(|taken| taken < first);
                removed.insert(place, *first);
                self.keep_list_as_sent(&at, &original[..original.len() - 1]);
            }
            _ => return Err(cause),
        }
        let path = render(&original);
        // What was set aside inside this value is part of it now.
        self.misfits
            .retain(|misfit| !is_within(&misfit.path, &path));
        let expected = if cause.path == path {
            cause.expected.clone()
        } else {
            format!("`{}` to be {}", cause.path, cause.expected)
        };
        self.misfits.push(Misfit {
            path,
            expected,
            value,
        });
        at.push(last);
        self.last = Some((at, cause));
        Ok(())
    }

    /// A list that lost an item keeps its fitting ones in its typed field; the list as sent
    /// also goes to its object's `extra`, which is encoded after the typed fields, so that the
    /// member reads back as it came.
    fn keep_list_as_sent(&mut self, list: &[Step], original: &[Step]) {
        let Some((Step::Member(name), object)) = list.split_last() else {
            return;
        };
        let sent = pointer(&self.original, original).cloned();
        if let (Some(sent), Some(Value::Object(members))) =
            (sent, pointer_mut(&mut self.working, object))
        {
            members.insert(format!("{SET_ASIDE}{name}"), sent);
        }
    }

    /// The path in the original answer of a path in the working copy: items taken out of a
    /// list before an index shift it.
    fn in_original(&self, at: &[Step]) -> Vec<Step> {
        let mut original = Vec::with_capacity(at.len());
        for step in at {
            let step = match step {
                Step::Item(index) => {
                    let mut index = *index;
                    if let Some(removed) = self.removed.get(&render(&original)) {
                        for taken in removed {
                            if *taken <= index {
                                index += 1;
                            }
                        }
                    }
                    Step::Item(index)
                }
                member => member.clone(),
            };
            original.push(step);
        }
        original
    }
}

fn is_within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn pointer<'v>(value: &'v Value, at: &[Step]) -> Option<&'v Value> {
    at.iter()
        .try_fold(value, |value, step| match (step, value) {
            (Step::Member(name), Value::Object(members)) => members.get(name),
            (Step::Item(index), Value::Array(items)) => items.get(*index),
            _ => None,
        })
}

fn pointer_mut<'v>(value: &'v mut Value, at: &[Step]) -> Option<&'v mut Value> {
    at.iter()
        .try_fold(value, |value, step| match (step, value) {
            (Step::Member(name), Value::Object(members)) => members.get_mut(name),
            (Step::Item(index), Value::Array(items)) => items.get_mut(*index),
            _ => None,
        })
}

fn count_values(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_values).sum(),
        Value::Object(members) => members.values().map(count_values).sum(),
        _ => 0,
    }
}

/// The `deserialize_with` of every generated object's `extra`: the members no spec names, and
/// those set aside as not fitting, under their own names.
pub(crate) fn extra<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Map<String, Value>, D::Error> {
    let members = Map::<String, Value>::deserialize(deserializer)?;
    if !members.keys().any(|name| name.starts_with(SET_ASIDE)) {
        return Ok(members);
    }
    Ok(members
        .into_iter()
        .map(|(name, value)| match name.strip_prefix(SET_ASIDE) {
            Some(own) => (own.to_owned(), value),
            None => (name, value),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Inner {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(flatten, deserialize_with = "extra")]
        extra: Map<String, Value>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Outer {
        inner: Inner,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maybe: Option<Inner>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        list: Option<Vec<Inner>>,
        #[serde(flatten, deserialize_with = "extra")]
        extra: Map<String, Value>,
    }

    fn lenient(value: Value) -> Result<(Outer, Vec<Misfit>), Unfit> {
        decode_value(value)
    }

    fn paths(misfits: &[Misfit]) -> Vec<&str> {
        misfits.iter().map(|m| m.path.as_str()).collect()
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
        assert_eq!(misfits[4].expected, "`maybe.id` to be a string");
        assert_eq!(misfits[1].value, json!({"id": 1}));
        assert_eq!(data.inner.count, None);
        assert_eq!(data.maybe, None);
        let ids: Vec<_> = data.list.iter().flatten().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "d"]);
        // Everything comes back exactly: the list as sent is in `extra`, encoded last.
        assert_eq!(data.extra["list"], sent["list"]);
        assert_eq!(serde_json::to_value(&data).unwrap(), sent);
    }

    #[test]
    fn a_required_member_fails_only_at_the_top() {
        let unfit = lenient(json!({"inner": {"id": 3}})).unwrap_err();
        assert_eq!(unfit.path, "inner.id");
        assert_eq!(unfit.expected, "a string");
        let unfit = lenient(json!({"inner": {}})).unwrap_err();
        assert_eq!(unfit.path, "inner.id");
        assert!(unfit.expected.contains("required"), "{unfit:?}");
        let unfit = lenient(json!([])).unwrap_err();
        assert_eq!(unfit.path, "");
    }

    #[test]
    fn paths_and_expectations_read_well() {
        assert_eq!(
            expected("invalid type: string \"xoxb-1\", expected a sequence"),
            "a sequence"
        );
        assert_eq!(missing_member("missing field `id`"), Some("id"));
        assert!(is_within("a.b", "a") && is_within("a[1]", "a") && !is_within("ab", "a"));
    }
}
