//! Serde helpers the generated types name in `#[serde(with = "...")]`, for two wire shapes plain
//! serde cannot keep apart: a member that may be absent, `null` or a value, and an ID that Slack
//! sends as `""` when there is none. Both write back exactly what they read.

// Only generated code calls these, and a client generated from specs that never need one of
// them (the awkward test fixture) would otherwise fail on dead code.
#![allow(
    dead_code,
    reason = "called by generated code only where a spec needs it"
)]

/// A member that may be absent (`None`), sent as `null` (`Some(None)`), or hold a value
/// (`Some(Some(value))`). Paired with `#[serde(default, skip_serializing_if = "Option::is_none")]`
/// so an absent member stays absent and a `null` one is written back as `null`.
pub(crate) mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Reached only when the member is there, so it is never `None` at the outer level.
    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }

    pub(crate) fn serialize<T, S>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        T: Serialize,
        S: Serializer,
    {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// An ID that Slack sends as `""` when there is none (the creator of a topic never set): `""`
/// decodes as `None` rather than an empty ID, and `None` is written back as `""`.
pub(crate) mod or_empty {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: From<String>,
        D: Deserializer<'de>,
    {
        let id = String::deserialize(deserializer)?;
        Ok((!id.is_empty()).then(|| T::from(id)))
    }

    pub(crate) fn serialize<T, S>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: AsRef<str>,
        S: Serializer,
    {
        serializer.serialize_str(value.as_ref().map_or("", AsRef::as_ref))
    }
}
