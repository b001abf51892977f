//! `UnixTime`, the spec format's `unix_time` scalar: everything the runtime does with one (its
//! Rust shape, conversions, how it is read from and written to JSON, how a command line gives
//! one) is here, beside the generator's facts in `codegen/src/scalar.rs`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::wire::{Fail, Input, Wire};

/// A moment as Slack sends and takes it: whole seconds since the Unix epoch (UTC), such as
/// `chat.scheduleMessage`'s `post_at`.
///
/// Converts from a [`SystemTime`] (rounded down to the second) or from seconds, and back with
/// [`UnixTime::to_system_time`].
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use slack_api_client::UnixTime;
///
/// let in_an_hour = UnixTime::from(SystemTime::now() + Duration::from_secs(3600));
/// assert_eq!(UnixTime::from_secs(1_700_000_000).as_secs(), 1_700_000_000);
/// assert!(in_an_hour > UnixTime::now());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnixTime(i64);

impl UnixTime {
    /// The moment `secs` seconds after the epoch (before it, when negative).
    pub const fn from_secs(secs: i64) -> UnixTime {
        UnixTime(secs)
    }

    /// The current time, to the second.
    pub fn now() -> UnixTime {
        UnixTime::from(SystemTime::now())
    }

    /// Seconds since the epoch, as sent on the wire.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The same moment as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        let offset = Duration::from_secs(self.0.unsigned_abs());
        if self.0 >= 0 {
            UNIX_EPOCH + offset
        } else {
            UNIX_EPOCH - offset
        }
    }
}

impl From<i64> for UnixTime {
    fn from(secs: i64) -> UnixTime {
        UnixTime(secs)
    }
}

impl From<SystemTime> for UnixTime {
    /// Rounds down to the whole second (towards the past, also before the epoch).
    fn from(time: SystemTime) -> UnixTime {
        let secs = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                // 1.5 s before the epoch is in second -2, as `as_secs` rounds towards zero.
                let partial = i64::from(before.subsec_nanos() > 0);
                -whole.saturating_add(partial)
            }
        };
        UnixTime(secs)
    }
}

impl From<UnixTime> for SystemTime {
    fn from(time: UnixTime) -> SystemTime {
        time.to_system_time()
    }
}

impl fmt::Display for UnixTime {
    /// The seconds, as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for UnixTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for UnixTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<UnixTime, D::Error> {
        i64::deserialize(deserializer).map(UnixTime)
    }
}

impl Wire for UnixTime {
    fn decode(input: &mut dyn Input) -> Result<Self, Fail> {
        input.integer().map(UnixTime)
    }

    fn decode_option(input: &mut dyn Input) -> Result<Option<Self>, Fail> {
        Ok(input.optional_integer()?.map(UnixTime))
    }

    fn encode(&self) -> Value {
        Value::from(self.0)
    }
}

#[cfg(feature = "cli")]
impl crate::FromArg for UnixTime {
    const EXPECTED: &'static str = "a Unix time in seconds";
    fn from_arg(value: &str) -> Result<Self, String> {
        value
            .parse()
            .map(UnixTime)
            .map_err(|_| Self::EXPECTED.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_times_round_down_to_the_second() {
        let after = UNIX_EPOCH + Duration::from_millis(1_500);
        assert_eq!(UnixTime::from(after).as_secs(), 1);
        let before = UNIX_EPOCH - Duration::from_millis(1_500);
        assert_eq!(UnixTime::from(before).as_secs(), -2);
        assert_eq!(
            UnixTime::from(UNIX_EPOCH - Duration::from_secs(3)).as_secs(),
            -3
        );
        assert_eq!(
            UnixTime::from_secs(-3).to_system_time(),
            UNIX_EPOCH - Duration::from_secs(3)
        );
    }
}
