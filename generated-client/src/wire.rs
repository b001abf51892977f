//! How generated object and response types are read from JSON and written back: one table per
//! type, one driver for all of them.
//!
//! A generated type implements [`Object`]: its members' wire names (sorted, so a member is found
//! by binary search), a `match` that decodes member `i` into its field, and a list of calls that
//! encode its fields. Everything else is here and compiled once, whatever the number of types:
//! the map loop, required-member checks, `extra`, and the lenient decode that sets aside what
//! does not fit. Deriving serde instead compiled a visitor per type and per deserializer, which
//! was most of the client's build (README, "Performance").
//!
//! Two inputs drive the same tables:
//! - a stream (`serde_json`'s deserializer over the body): the fast path, which fails on the
//!   first member that does not fit;
//! - a parsed [`Value`], in lenient mode: a member or list item that does not fit is set aside
//!   (kept as sent in its object's `extra` and reported as a [`Misfit`]), and only a member an
//!   object requires makes that object not fit in turn.
//!
//! Either way an optional member sent as `null` reads as absent and is kept as `null` in
//! `extra`, so encoding gives back exactly what came.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Number, Value};

use crate::misfit::{MISSING, Misfit, Unfit};

/// One member of an [`Object`]'s table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The member's name on the wire.
    pub name: &'static str,
    /// Whether an object without it means nothing (its ID, the list a method exists for).
    pub required: bool,
}

impl Member {
    /// A member every object of the type carries.
    pub const fn required(name: &'static str) -> Member {
        Member {
            name,
            required: true,
        }
    }

    /// A member objects of the type may leave out.
    pub const fn optional(name: &'static str) -> Member {
        Member {
            name,
            required: false,
        }
    }
}

/// A JSON object type: implemented by every generated object and response type, never by hand.
pub trait Object: Default + Send + 'static {
    /// The type's name, for what a misfit expected (`struct Conversation`).
    const NAME: &'static str;
    /// The typed members, sorted by wire name; [`Object::decode_member`] takes their indices.
    const MEMBERS: &'static [Member];

    /// The index in `MEMBERS` of a wire name: a `match`, which the compiler turns into the
    /// fastest lookup there is for a fixed set of strings (as serde's derive does).
    fn member_index(name: &str) -> Option<usize>;

    /// Decodes member `MEMBERS[index]` into its field. `Ok(false)` when an optional member
    /// came as `null` and so reads as absent: the driver keeps the `null` in `extra`.
    fn decode_member(&mut self, index: usize, input: &mut dyn Input) -> Result<bool, Fail>;

    /// Writes every field that is present, then `extra`.
    fn encode_members(&self, out: &mut Encoder<'_>);

    /// Members no spec names, and those set aside as not fitting, as sent.
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

/// Any JSON object, every member kept as sent: the answer of a hand-written [`Method`] whose
/// answer has no generated type.
///
/// [`Method`]: crate::Method
impl Object for Map<String, Value> {
    const NAME: &'static str = "JSON object";
    const MEMBERS: &'static [Member] = &[];

    fn member_index(_name: &str) -> Option<usize> {
        None
    }

    fn decode_member(&mut self, index: usize, _input: &mut dyn Input) -> Result<bool, Fail> {
        no_member(index)
    }

    fn encode_members(&self, out: &mut Encoder<'_>) {
        out.extra(self);
    }

    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        self
    }
}

/// Why a value did not decode: what was expected, where when that is deeper than the value
/// itself (a member its object requires), and serde's message when it came from serde.
///
/// Boxed, so that a `Result` of a decoded value stays the size of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail(Box<FailAt>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct FailAt {
    path: Option<String>,
    expected: String,
    message: String,
}

impl Fail {
    fn new(path: Option<String>, expected: String, message: String) -> Fail {
        Fail(Box::new(FailAt {
            path,
            expected,
            message,
        }))
    }

    fn expected(expected: impl Into<String>) -> Fail {
        let expected = expected.into();
        Fail::new(None, expected.clone(), format!("expected {expected}"))
    }

    /// serde's message `invalid type: integer `0`, expected a string` expects `a string`; the
    /// refused value stays out of `expected`, since it may hold anything the answer held. The
    /// position is left to the deserializer that reports the failure in the end.
    fn from_error(error: impl fmt::Display) -> Fail {
        let mut message = error.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        let expected = match message.split_once(", expected ") {
            Some((_, expected)) => expected.to_owned(),
            None => message.clone(),
        };
        Fail::new(None, expected, message)
    }

    /// The innermost place at fault, `at` when it is the value at `at` itself.
    fn into_unfit(self, at: &str) -> Unfit {
        let FailAt { path, expected, .. } = *self.0;
        Unfit {
            path: path.unwrap_or_else(|| at.to_owned()),
            expected,
        }
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

/// A callback that decodes one value from an [`Input`].
pub type Each<'a> = dyn FnMut(&mut dyn Input) -> Result<(), Fail> + 'a;

/// One JSON value to decode, read once through one of these methods.
pub trait Input {
    /// A string.
    fn string(&mut self) -> Result<String, Fail>;
    /// `true` or `false`.
    fn boolean(&mut self) -> Result<bool, Fail>;
    /// An integer that fits `i64`.
    fn integer(&mut self) -> Result<i64, Fail>;
    /// Any number, as `f64`.
    fn float(&mut self) -> Result<f64, Fail>;
    /// Any number, as sent.
    fn number(&mut self) -> Result<Number, Fail>;
    /// Any JSON value.
    fn json(&mut self) -> Result<Value, Fail>;
    /// An object of the type `target` is, its members decoded into it.
    fn object(&mut self, target: &mut dyn Target) -> Result<(), Fail>;
    /// A list, each item given to `item`.
    fn array(&mut self, item: &mut Each<'_>) -> Result<(), Fail>;
    /// `null` (nothing happens) or a value given to `some`.
    fn option(&mut self, some: &mut Each<'_>) -> Result<(), Fail>;
    /// `null` or a string: the most common member, read without the callback of `option`.
    fn optional_string(&mut self) -> Result<Option<String>, Fail>;
    /// `null` or `true` or `false`.
    fn optional_boolean(&mut self) -> Result<Option<bool>, Fail>;
    /// `null` or an integer that fits `i64`.
    fn optional_integer(&mut self) -> Result<Option<i64>, Fail>;
}

/// [`Object`] behind a pointer, so the drivers are compiled once for every type.
pub trait Target {
    /// [`Object::NAME`].
    fn name(&self) -> &'static str;
    /// [`Object::MEMBERS`].
    fn members(&self) -> &'static [Member];
    /// [`Object::member_index`].
    fn finder(&self) -> fn(&str) -> Option<usize>;
    /// [`Object::decode_member`].
    fn decode_member(&mut self, index: usize, input: &mut dyn Input) -> Result<bool, Fail>;
    /// [`Object::extra_mut`].
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

impl<T: Object> Target for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn members(&self) -> &'static [Member] {
        T::MEMBERS
    }

    fn finder(&self) -> fn(&str) -> Option<usize> {
        T::member_index
    }

    fn decode_member(&mut self, index: usize, input: &mut dyn Input) -> Result<bool, Fail> {
        Object::decode_member(self, index, input)
    }

    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        Object::extra_mut(self)
    }
}

/// A value's JSON form: implemented for the scalars, IDs, word enums, lists, `Option` (`null`
/// is `None`) and every [`Object`].
pub trait Wire: Sized {
    /// Reads the value.
    fn decode(input: &mut dyn Input) -> Result<Self, Fail>;

    /// Reads `null` as `None`, or the value; scalars read both in one step.
    fn decode_option(input: &mut dyn Input) -> Result<Option<Self>, Fail> {
        let mut value = None;
        input.option(&mut |some| {
            value = Some(Self::decode(some)?);
            Ok(())
        })?;
        Ok(value)
    }

    /// Reads the value into `self`; an object is decoded in place rather than built and moved.
    fn decode_into(&mut self, input: &mut dyn Input) -> Result<(), Fail> {
        *self = Self::decode(input)?;
        Ok(())
    }
    /// The value as JSON.
    fn encode(&self) -> Value;
}

macro_rules! scalar {
    ($ty:ty, $read:ident, $value:expr $(, $optional:ident)?) => {
        impl Wire for $ty {
            fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
                input.$read()
            }

            $(fn decode_option(input: &mut dyn Input) -> Result<Option<Self>, Fail> {
                input.$optional()
            })?

            fn encode(&self) -> Value {
                #[allow(clippy::redundant_closure_call)]
                ($value)(self)
            }
        }
    };
}

scalar!(
    String,
    string,
    |s: &String| Value::String(s.clone()),
    optional_string
);
scalar!(bool, boolean, |b: &bool| Value::Bool(*b), optional_boolean);
scalar!(i64, integer, |n: &i64| Value::from(*n), optional_integer);
scalar!(f64, float, |n: &f64| Value::from(*n));
scalar!(Number, number, |n: &Number| Value::Number(n.clone()));
scalar!(Value, json, |v: &Value| v.clone());

impl<T: Wire> Wire for Vec<T> {
    fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
        let mut items = Vec::new();
        input.array(&mut |item| {
            items.push(T::decode(item)?);
            Ok(())
        })?;
        Ok(items)
    }

    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Wire::encode).collect())
    }
}

impl<T: Wire> Wire for Option<T> {
    fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
        T::decode_option(input)
    }

    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, Wire::encode)
    }
}

impl<T: Object> Wire for T {
    fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
        let mut object = T::default();
        input.object(&mut object)?;
        Ok(object)
    }

    fn decode_into(&mut self, input: &mut dyn Input) -> Result<(), Fail> {
        input.object(self)
    }

    fn encode(&self) -> Value {
        let mut members = Map::new();
        self.encode_members(&mut Encoder {
            members: &mut members,
        });
        Value::Object(members)
    }
}

// What generated `decode_member` arms call, one per kind of field.

/// A member the object requires.
pub fn required<T: Wire>(field: &mut T, input: &mut dyn Input) -> Result<bool, Fail> {
    field.decode_into(input)?;
    Ok(true)
}

/// An optional member: `null` reads as absent.
pub fn optional<T: Wire>(field: &mut Option<T>, input: &mut dyn Input) -> Result<bool, Fail> {
    *field = Option::<T>::decode(input)?;
    Ok(field.is_some())
}

/// An optional member that may be `null`: absent is `None`, `null` is `Some(None)`.
pub fn nullable<T: Wire>(
    field: &mut Option<Option<T>>,
    input: &mut dyn Input,
) -> Result<bool, Fail> {
    *field = Some(Option::<T>::decode(input)?);
    Ok(true)
}

/// An ID that Slack sends as `""` when there is none: `""` reads as `None`.
pub fn or_empty<T: From<String>>(
    field: &mut Option<T>,
    input: &mut dyn Input,
) -> Result<bool, Fail> {
    let id = input.string()?;
    *field = (!id.is_empty()).then(|| T::from(id));
    Ok(true)
}

/// The arm no index reaches: `decode_member` is only given indices of `MEMBERS`.
pub fn no_member(index: usize) -> Result<bool, Fail> {
    Err(Fail::expected(format!("no member at index {index}")))
}

/// Where generated `encode_members` writes an object's members.
pub struct Encoder<'a> {
    members: &'a mut Map<String, Value>,
}

impl Encoder<'_> {
    /// A member that is always there.
    pub fn required<T: Wire>(&mut self, name: &str, value: &T) {
        self.members.insert(name.to_owned(), value.encode());
    }

    /// A member written only when present.
    pub fn optional<T: Wire>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// A member written when present, as `null` when it came as `null`.
    pub fn nullable<T: Wire>(&mut self, name: &str, value: &Option<Option<T>>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// An ID written as `""` when there is none.
    pub fn or_empty<T: AsRef<str>>(&mut self, name: &str, value: &Option<T>) {
        let id = value.as_ref().map_or("", AsRef::as_ref);
        self.members
            .insert(name.to_owned(), Value::String(id.to_owned()));
    }

    /// The members kept as sent; written last, so a member set aside wins over its typed field.
    pub fn extra(&mut self, extra: &Map<String, Value>) {
        for (name, value) in extra {
            self.members.insert(name.clone(), value.clone());
        }
    }
}

/// The `Serialize` of a generated type: its JSON form.
pub fn serialize<T: Wire, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.encode().serialize(serializer)
}

/// The `Deserialize` of a generated type: strict, from any deserializer.
pub fn deserialize<'de, T: Wire, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::decode(&mut Stream(Some(deserializer))).map_err(de::Error::custom)
}

/// Gives a generated type serde's `Serialize` and `Deserialize`, through its [`Wire`] form.
// A client built without API families (`--no-default-features`) has no generated type.
#[allow(unused_macros)]
macro_rules! serde_impls {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::wire::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::wire::deserialize(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use serde_impls;

/// The [`Object`] impl of a generated type without typed members: everything goes to `extra`.
#[allow(unused_macros)]
macro_rules! object_without_members {
    ($name:ident) => {
        impl crate::wire::Object for $name {
            const NAME: &'static str = stringify!($name);
            const MEMBERS: &'static [crate::wire::Member] = &[];

            fn member_index(_name: &str) -> Option<usize> {
                None
            }

            fn decode_member(
                &mut self,
                index: usize,
                _input: &mut dyn crate::wire::Input,
            ) -> Result<bool, crate::wire::Fail> {
                crate::wire::no_member(index)
            }

            fn encode_members(&self, out: &mut crate::wire::Encoder<'_>) {
                out.extra(&self.extra);
            }

            fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.extra
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use object_without_members;

/// Decodes the object in `body` into `target`, failing at the first member that does not fit.
pub(crate) fn decode_strict(body: &[u8], target: &mut dyn Target) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    Stream(Some(&mut deserializer))
        .object(target)
        .map_err(<serde_json::Error as de::Error>::custom)?;
    deserializer.end()
}

/// Decodes the object `value` into `target`, setting aside what does not fit; fails only when a
/// member the object itself requires is missing or does not fit.
pub(crate) fn decode_value(value: Value, target: &mut dyn Target) -> Result<Vec<Misfit>, Unfit> {
    let mut lenient = Lenient::default();
    let result = Tree {
        value: Some(value),
        lenient: &mut lenient,
    }
    .object(target);
    match result {
        Ok(()) => Ok(lenient.misfits),
        Err(fail) => Err(fail.into_unfit("")),
    }
}

// The stream: serde's deserializer, read once.

/// A deserializer as an [`Input`]; each `Input` method consumes it.
struct Stream<D>(Option<D>);

impl<D> Stream<D> {
    fn take(&mut self) -> Result<D, Fail> {
        self.0
            .take()
            .ok_or_else(|| Fail::expected("a value read only once"))
    }
}

impl<'de, D: Deserializer<'de>> Input for Stream<D> {
    fn string(&mut self) -> Result<String, Fail> {
        String::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn boolean(&mut self) -> Result<bool, Fail> {
        bool::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn integer(&mut self) -> Result<i64, Fail> {
        i64::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn float(&mut self) -> Result<f64, Fail> {
        f64::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn number(&mut self) -> Result<Number, Fail> {
        Number::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn json(&mut self) -> Result<Value, Fail> {
        Value::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn object(&mut self, target: &mut dyn Target) -> Result<(), Fail> {
        self.take()?
            .deserialize_map(ObjectVisitor { target })
            .map_err(Fail::from_error)
    }

    fn array(&mut self, item: &mut Each<'_>) -> Result<(), Fail> {
        self.take()?
            .deserialize_seq(ArrayVisitor { item })
            .map_err(Fail::from_error)
    }

    fn option(&mut self, some: &mut Each<'_>) -> Result<(), Fail> {
        self.take()?
            .deserialize_option(OptionVisitor { some })
            .map_err(Fail::from_error)
    }

    fn optional_string(&mut self) -> Result<Option<String>, Fail> {
        Option::<String>::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn optional_boolean(&mut self) -> Result<Option<bool>, Fail> {
        Option::<bool>::deserialize(self.take()?).map_err(Fail::from_error)
    }

    fn optional_integer(&mut self) -> Result<Option<i64>, Fail> {
        Option::<i64>::deserialize(self.take()?).map_err(Fail::from_error)
    }
}

/// Which members an object has seen, to refuse a repeated one and find a missing one: bits on
/// the stack for the first 256 members (every object type today), a list beyond.
struct Seen {
    bits: [u64; 4],
    beyond: Vec<bool>,
}

impl Seen {
    fn new(members: usize) -> Seen {
        Seen {
            bits: [0; 4],
            beyond: vec![false; members.saturating_sub(256)],
        }
    }

    /// Marks `index` seen; `false` when it already was.
    fn insert(&mut self, index: usize) -> bool {
        if index < 256 {
            let (word, bit) = (index / 64, 1u64 << (index % 64));
            let new = self.bits[word] & bit == 0;
            self.bits[word] |= bit;
            new
        } else {
            !std::mem::replace(&mut self.beyond[index - 256], true)
        }
    }

    fn contains(&self, index: usize) -> bool {
        if index < 256 {
            self.bits[index / 64] & (1u64 << (index % 64)) != 0
        } else {
            self.beyond[index - 256]
        }
    }

    /// The first required member not seen.
    fn missing(&self, members: &[Member]) -> Option<&'static str> {
        members
            .iter()
            .enumerate()
            .find(|(index, member)| member.required && !self.contains(*index))
            .map(|(_, member)| member.name)
    }
}

struct ObjectVisitor<'a> {
    target: &'a mut dyn Target,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.target.name())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let members = self.target.members();
        let find = self.target.finder();
        let mut seen = Seen::new(members.len());
        while let Some(key) = map.next_key_seed(KeySeed { find })? {
            match key {
                Key::Member(index) => {
                    let name = members[index].name;
                    if !seen.insert(index) {
                        return Err(de::Error::duplicate_field(name));
                    }
                    let target = &mut *self.target;
                    if !map.next_value_seed(MemberSeed { target, index })? {
                        self.target.extra_mut().insert(name.to_owned(), Value::Null);
                    }
                }
                Key::Other(name) => {
                    let value: Value = map.next_value()?;
                    self.target.extra_mut().insert(name, value);
                }
            }
        }
        match seen.missing(members) {
            Some(name) => Err(de::Error::missing_field(name)),
            None => Ok(()),
        }
    }
}

/// A member's name: one of the table's, by index, or another kept as sent.
enum Key {
    Member(usize),
    Other(String),
}

struct KeySeed {
    find: fn(&str) -> Option<usize>,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match (self.find)(name) {
            Some(index) => Key::Member(index),
            None => Key::Other(name.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Key, E> {
        Ok(match (self.find)(&name) {
            Some(index) => Key::Member(index),
            None => Key::Other(name),
        })
    }
}

struct MemberSeed<'a> {
    target: &'a mut dyn Target,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.target
            .decode_member(self.index, &mut Stream(Some(deserializer)))
            .map_err(de::Error::custom)
    }
}

struct ArrayVisitor<'a, 'b> {
    item: &'a mut Each<'b>,
}

impl<'de> Visitor<'de> for ArrayVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ItemSeed {
                item: &mut *self.item,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct ItemSeed<'a, 'b> {
    item: &'a mut Each<'b>,
}

impl<'de> DeserializeSeed<'de> for ItemSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        (self.item)(&mut Stream(Some(deserializer))).map_err(de::Error::custom)
    }
}

struct OptionVisitor<'a, 'b> {
    some: &'a mut Each<'b>,
}

impl<'de> Visitor<'de> for OptionVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        (self.some)(&mut Stream(Some(deserializer))).map_err(de::Error::custom)
    }
}

// The tree: a parsed value, decoded leniently.

/// What a lenient decode carries down the tree.
#[derive(Default)]
struct Lenient {
    /// Where the value being decoded is: `channel.members[2]`.
    path: String,
    misfits: Vec<Misfit>,
    /// Set when a list lost an item: the member holding it keeps the list as sent in `extra`.
    keep_as_sent: bool,
}

impl Lenient {
    fn enter_member(&mut self, name: &str) -> usize {
        let mark = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        mark
    }

    fn enter_item(&mut self, index: usize) -> usize {
        let mark = self.path.len();
        self.path.push('[');
        self.path.push_str(&index.to_string());
        self.path.push(']');
        mark
    }

    /// Records the value at the current path as set aside because of `cause`, dropping what
    /// was set aside inside it: it is kept whole now.
    fn set_aside(&mut self, mark: usize, cause: &Unfit, value: Value) {
        self.misfits.truncate(mark);
        let expected = if cause.path == self.path {
            cause.expected.clone()
        } else {
            format!("`{}` to be {}", cause.path, cause.expected)
        };
        self.misfits.push(Misfit {
            path: self.path.clone(),
            expected,
            value,
        });
    }
}

/// A parsed value as an [`Input`], consumed by one method.
struct Tree<'a> {
    value: Option<Value>,
    lenient: &'a mut Lenient,
}

impl Tree<'_> {
    fn take(&mut self) -> Result<Value, Fail> {
        self.value
            .take()
            .ok_or_else(|| Fail::expected("a value read only once"))
    }

    fn leaf<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Fail> {
        T::deserialize(self.take()?).map_err(Fail::from_error)
    }
}

impl Input for Tree<'_> {
    fn string(&mut self) -> Result<String, Fail> {
        self.leaf()
    }

    fn boolean(&mut self) -> Result<bool, Fail> {
        self.leaf()
    }

    fn integer(&mut self) -> Result<i64, Fail> {
        self.leaf()
    }

    fn float(&mut self) -> Result<f64, Fail> {
        self.leaf()
    }

    fn number(&mut self) -> Result<Number, Fail> {
        self.leaf()
    }

    fn json(&mut self) -> Result<Value, Fail> {
        self.take()
    }

    fn object(&mut self, target: &mut dyn Target) -> Result<(), Fail> {
        let Value::Object(sent) = self.take()? else {
            return Err(Fail::expected(format!("struct {}", target.name())));
        };
        let members = target.members();
        let find = target.finder();
        let mut seen = Seen::new(members.len());
        for (name, value) in sent {
            let Some(index) = find(&name) else {
                target.extra_mut().insert(name, value);
                continue;
            };
            seen.insert(index);
            let mark = self.lenient.enter_member(&name);
            let misfits = self.lenient.misfits.len();
            let outer = std::mem::take(&mut self.lenient.keep_as_sent);
            let kept = value.clone();
            let mut input = Tree {
                value: Some(value),
                lenient: self.lenient,
            };
            match target.decode_member(index, &mut input) {
                Ok(false) => {
                    target.extra_mut().insert(name, Value::Null);
                }
                Ok(true) if self.lenient.keep_as_sent => {
                    target.extra_mut().insert(name, kept);
                }
                Ok(true) => {}
                Err(fail) => {
                    let cause = fail.into_unfit(&self.lenient.path);
                    if members[index].required {
                        self.lenient.path.truncate(mark);
                        self.lenient.keep_as_sent = outer;
                        let message =
                            format!("`{}` does not fit: expected {}", cause.path, cause.expected);
                        return Err(Fail::new(Some(cause.path), cause.expected, message));
                    }
                    self.lenient.set_aside(misfits, &cause, kept.clone());
                    target.extra_mut().insert(name, kept);
                }
            }
            self.lenient.keep_as_sent = outer;
            self.lenient.path.truncate(mark);
        }
        match seen.missing(members) {
            Some(name) => {
                let mark = self.lenient.enter_member(name);
                let path = self.lenient.path.clone();
                self.lenient.path.truncate(mark);
                let message = format!("missing field `{name}`");
                Err(Fail::new(Some(path), MISSING.to_owned(), message))
            }
            None => Ok(()),
        }
    }

    fn array(&mut self, item: &mut Each<'_>) -> Result<(), Fail> {
        let Value::Array(items) = self.take()? else {
            return Err(Fail::expected("a sequence"));
        };
        for (index, value) in items.into_iter().enumerate() {
            let mark = self.lenient.enter_item(index);
            let misfits = self.lenient.misfits.len();
            let kept = value.clone();
            let mut input = Tree {
                value: Some(value),
                lenient: self.lenient,
            };
            if let Err(fail) = item(&mut input) {
                let cause = fail.into_unfit(&self.lenient.path);
                self.lenient.set_aside(misfits, &cause, kept);
                self.lenient.keep_as_sent = true;
            }
            self.lenient.path.truncate(mark);
        }
        Ok(())
    }

    fn option(&mut self, some: &mut Each<'_>) -> Result<(), Fail> {
        match self.take()? {
            Value::Null => Ok(()),
            value => some(&mut Tree {
                value: Some(value),
                lenient: self.lenient,
            }),
        }
    }

    fn optional_string(&mut self) -> Result<Option<String>, Fail> {
        self.leaf()
    }

    fn optional_boolean(&mut self) -> Result<Option<bool>, Fail> {
        self.leaf()
    }

    fn optional_integer(&mut self) -> Result<Option<i64>, Fail> {
        self.leaf()
    }
}
