//! The retry policy: whether a failed attempt is tried again, how often and after how long, from
//! its class (`classify` says what each failure is). HTTP 429 waits what `Retry-After` asks;
//! transient failures back off exponentially with jitter.

use std::time::Duration;

use crate::classify::Retry;

/// How a client retries failed attempts. The default retries 3 times on transient failures and
/// 3 times on HTTP 429; [`RetryPolicy::disabled`] never retries.
///
/// A failure before the request left (the connection could not be made) and an HTTP 429 or
/// `ratelimited` answer are retried for every method: Slack did not run the call. A failure
/// after the request may have reached Slack (a timeout after sending, a broken connection, a
/// 5xx, a retryable code such as `internal_error`, a 200 whose body is cut short or not JSON)
/// is retried only for methods whose spec says a repeat is harmless ([`Method::IDEMPOTENT`]),
/// so a write never runs twice; [`RetryPolicy::with_replay`] overrides that per client or per
/// call.
///
/// Transient failures wait an exponential backoff with jitter: attempt `n` waits between half
/// and all of `initial_backoff * 2^n`, capped at `max_backoff`. An HTTP 429 waits what its
/// `Retry-After` header asks (the backoff when it is absent), unless that is longer than
/// `max_retry_after`: then the call fails at once with
/// [`Error::RateLimited`](crate::Error::RateLimited), carrying the wait Slack asked for.
///
/// [`Method::IDEMPOTENT`]: crate::Method::IDEMPOTENT
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_rate_limit_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    replay: Replay,
}

/// Whether a call is tried again after a failure that may have reached Slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Replay {
    /// Only when the method's spec says a repeat is harmless (the default).
    #[default]
    IfIdempotent,
    /// Always: the caller knows this call is harmless to repeat (e.g. it is deduplicated).
    Always,
    /// Never: only failures before sending and rate limits are retried.
    Never,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_rate_limit_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
            replay: Replay::IfIdempotent,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every failure is returned as it happens.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_retries: 0,
            max_rate_limit_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a transient failure is retried.
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// How many times an HTTP 429 is retried after waiting `Retry-After`.
    pub fn with_rate_limit_retries(mut self, retries: u32) -> Self {
        self.max_rate_limit_retries = retries;
        self
    }

    /// The first backoff delay and the cap on any backoff delay.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client waits out; a longer one fails the call at once.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Whether failures that may have reached Slack are retried (see [`Replay`]).
    pub fn with_replay(mut self, replay: Replay) -> Self {
        self.replay = replay;
        self
    }

    /// Whether a call of a method with this idempotency may be sent again after it may have
    /// reached Slack.
    fn may_replay(&self, idempotent: bool) -> bool {
        match self.replay {
            Replay::IfIdempotent => idempotent,
            Replay::Always => true,
            Replay::Never => false,
        }
    }

    /// The jittered backoff before retry number `retry` (0 for the first retry).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = ceiling / 2;
        let jitter_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter_nanos)
    }
}

/// The retries one call has used so far.
#[derive(Debug, Default)]
pub(crate) struct RetryBudget {
    retries: u32,
    rate_limit_retries: u32,
}

impl RetryBudget {
    /// The wait before the next attempt, or `None` when the failure is final, may not be
    /// repeated for a method of this idempotency, or retries are spent.
    pub(crate) fn next_delay(
        &mut self,
        policy: &RetryPolicy,
        retry: Retry,
        idempotent: bool,
    ) -> Option<Duration> {
        match retry {
            Retry::Never => None,
            Retry::MaybeSent if !policy.may_replay(idempotent) => None,
            Retry::NotSent | Retry::MaybeSent => {
                if self.retries >= policy.max_retries {
                    return None;
                }
                let delay = policy.backoff(self.retries);
                self.retries += 1;
                Some(delay)
            }
            Retry::RateLimited(asked) => {
                if self.rate_limit_retries >= policy.max_rate_limit_retries {
                    return None;
                }
                let delay = match asked {
                    Some(wait) if wait > policy.max_retry_after => return None,
                    Some(wait) => wait,
                    None => policy.backoff(self.rate_limit_retries),
                };
                self.rate_limit_retries += 1;
                Some(delay)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy::default()
            .with_max_retries(6)
            .with_backoff(Duration::from_millis(100), Duration::from_millis(400));
        let mut budget = RetryBudget::default();
        let ceilings = [100, 200, 400, 400, 400, 400];
        for ceiling in ceilings {
            let delay = budget.next_delay(&policy, Retry::MaybeSent, true).unwrap();
            let ceiling = Duration::from_millis(ceiling);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{delay:?} vs {ceiling:?}"
            );
        }
        assert_eq!(budget.next_delay(&policy, Retry::MaybeSent, true), None);
    }

    #[test]
    fn rate_limits_wait_what_slack_asks_within_the_limits() {
        let policy = RetryPolicy::default()
            .with_rate_limit_retries(1)
            .with_max_retry_after(Duration::from_secs(10));
        let mut budget = RetryBudget::default();
        let asked = Some(Duration::from_secs(11));
        assert_eq!(
            budget.next_delay(&policy, Retry::RateLimited(asked), false),
            None
        );
        let asked = Some(Duration::from_secs(2));
        assert_eq!(
            budget.next_delay(&policy, Retry::RateLimited(asked), false),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            budget.next_delay(&policy, Retry::RateLimited(asked), false),
            None
        );
    }

    #[test]
    fn failures_that_may_have_reached_slack_are_retried_only_when_harmless() {
        // Each check on a fresh budget, so that no retry limit interferes.
        let budget = RetryBudget::default;
        let policy = RetryPolicy::default();
        assert_eq!(budget().next_delay(&policy, Retry::MaybeSent, false), None);
        assert!(
            budget()
                .next_delay(&policy, Retry::NotSent, false)
                .is_some()
        );
        assert!(
            budget()
                .next_delay(&policy, Retry::MaybeSent, true)
                .is_some()
        );
        let limited = Retry::RateLimited(Some(Duration::ZERO));
        assert!(budget().next_delay(&policy, limited, false).is_some());
        let always = RetryPolicy::default().with_replay(Replay::Always);
        assert!(
            budget()
                .next_delay(&always, Retry::MaybeSent, false)
                .is_some()
        );
        let never = RetryPolicy::default().with_replay(Replay::Never);
        assert_eq!(budget().next_delay(&never, Retry::MaybeSent, true), None);
        assert!(budget().next_delay(&never, Retry::NotSent, true).is_some());
    }

    #[test]
    fn disabled_policy_never_retries() {
        let policy = RetryPolicy::disabled();
        let mut budget = RetryBudget::default();
        assert_eq!(budget.next_delay(&policy, Retry::MaybeSent, true), None);
        assert_eq!(
            budget.next_delay(&policy, Retry::RateLimited(None), false),
            None
        );
        assert_eq!(budget.next_delay(&policy, Retry::Never, true), None);
    }
}
