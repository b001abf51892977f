//! Opt-in client-side throttling by a method's published rate-limit tier, so bulk loops stay under
//! Slack's limits instead of collecting HTTP 429s. Slack counts calls per workspace and method,
//! so there is one budget per workspace (or token, when the workspace is not known) and method,
//! shared by every client made from the same builder.
//!
//! The limiter is the generic cell rate algorithm in a dozen lines (one "next free" instant per
//! budget) rather than `governor`, which would add a dozen crates for the same arithmetic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::error::ConfigError;

/// Client-side throttling by tier, enabled with [`ClientBuilder::throttle`](crate::ClientBuilder::throttle).
///
/// Each workspace and method with a published tier gets its own budget of the tier's calls a
/// minute (Tier 2: 20), spread evenly: by default one call every 3 s for Tier 2, with no burst. A
/// call that would break the budget waits until it fits. Methods without a published tier are not
/// throttled. Budgets are kept per workspace when the client knows it
/// ([`Client::with_team`](crate::Client::with_team)), per token otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    window: Duration,
    burst: u32,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle::by_tier()
    }
}

impl Throttle {
    /// Each tier's published calls a minute, one call at a time.
    pub fn by_tier() -> Self {
        Throttle {
            window: Duration::from_secs(60),
            burst: 1,
        }
    }

    /// How many calls may go at once before the even spacing applies (at least 1).
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// The window a tier's calls a minute are spread over (one minute; shorter only in tests).
    pub fn with_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// The live budgets; fails on a zero window.
    pub(crate) fn build(&self) -> Result<Throttler, ConfigError> {
        if self.window.is_zero() {
            return Err(ConfigError::new(
                "the throttle window must be longer than zero",
            ));
        }
        Ok(Throttler {
            config: self.clone(),
            budgets: Arc::default(),
        })
    }
}

/// Whose budget a call draws on: a workspace's, or a token's when the workspace is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum BudgetKey {
    /// A workspace (team) ID.
    Team(Arc<str>),
    /// A digest of the token, so the budgets never hold the token itself.
    Token(u64),
}

/// The live budgets, shared by clones and by clients made with `with_token`.
#[derive(Clone)]
pub(crate) struct Throttler {
    config: Throttle,
    /// For each budget, the instant from which the next call is on schedule.
    budgets: Arc<Mutex<HashMap<Budget, Instant>>>,
}

/// One budget: a workspace's (or token's) calls of one method, and for a special limit kept per
/// argument value, of one value (a channel).
type Budget = (BudgetKey, &'static str, Option<String>);

impl Throttler {
    /// Waits until `method` may be called again under its budget of `calls_per_minute` for
    /// `key` (and, for a limit kept per argument value, for `per`).
    pub(crate) async fn wait(
        &self,
        key: &BudgetKey,
        method: &'static str,
        per: Option<&str>,
        calls_per_minute: u32,
    ) {
        let spacing = self.config.window / calls_per_minute.max(1);
        let budget = (key.clone(), method, per.map(str::to_owned));
        let wait = self.reserve(budget, spacing, Instant::now());
        if !wait.is_zero() {
            tracing::debug!(
                method,
                calls_per_minute,
                ?wait,
                "throttling to stay within the rate limit"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// Books the next call of a budget whose calls are `spacing` apart and returns how long it
    /// must wait from `now`. Up to `burst` calls may run ahead of schedule.
    fn reserve(&self, budget: Budget, spacing: Duration, now: Instant) -> Duration {
        let tolerance = spacing * (self.config.burst - 1);
        let mut budgets = self.budgets.lock().unwrap_or_else(PoisonError::into_inner);
        let next = budgets.entry(budget).or_insert(now);
        let start = (*next).max(now);
        let wait = start.saturating_duration_since(now + tolerance);
        let at = now + wait;
        *next = start.max(at) + spacing;
        wait
    }
}

impl std::fmt::Debug for Throttler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.config.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::RateTier;
    use std::time::Instant;

    #[tokio::test]
    async fn calls_of_one_method_are_spaced_by_its_tier() {
        // Tier 2 over a 200 ms window: one call every 10 ms.
        let throttler = Throttle::by_tier()
            .with_window(Duration::from_millis(200))
            .build()
            .unwrap();
        let start = Instant::now();
        let key = BudgetKey::Token(1);
        for _ in 0..6 {
            throttler
                .wait(&key, "a.b", None, RateTier::Tier2.calls_per_minute())
                .await;
        }
        assert!(start.elapsed() >= Duration::from_millis(50));
    }

    #[tokio::test]
    async fn methods_have_separate_budgets() {
        let throttler = Throttle::by_tier()
            .with_window(Duration::from_secs(60))
            .build()
            .unwrap();
        let start = Instant::now();
        let key = BudgetKey::Token(1);
        throttler.wait(&key, "a.b", None, 1).await;
        throttler.wait(&key, "c.d", None, 1).await;
        let other = BudgetKey::Team("T2".into());
        throttler.wait(&other, "a.b", None, 1).await;
        // A limit kept per channel: another channel has a budget of its own.
        throttler.wait(&key, "e.f", Some("C1"), 1).await;
        throttler.wait(&key, "e.f", Some("C2"), 1).await;
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn a_burst_runs_ahead_then_calls_are_spaced() {
        let throttler = Throttle::by_tier().with_burst(3).build().unwrap();
        let spacing = Duration::from_secs(1);
        let now = tokio::time::Instant::now();
        let key = BudgetKey::Token(7);
        let waits: Vec<Duration> = (0..5)
            .map(|_| throttler.reserve((key.clone(), "a.b", None), spacing, now))
            .collect();
        let s = spacing;
        assert_eq!(
            waits,
            [Duration::ZERO, Duration::ZERO, Duration::ZERO, s, 2 * s]
        );
        // Once the schedule has caught up, a call goes at once again.
        let later = now + 10 * spacing;
        assert_eq!(
            throttler.reserve((key, "a.b", None), spacing, later),
            Duration::ZERO
        );
    }

    #[test]
    fn a_zero_window_is_refused() {
        assert!(
            Throttle::by_tier()
                .with_window(Duration::ZERO)
                .build()
                .is_err()
        );
    }
}
