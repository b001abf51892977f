//! Opt-in client-side throttling by a method's published rate-limit tier, so bulk loops stay under
//! Slack's limits instead of collecting HTTP 429s. One budget per method name, shared by clones.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::ConfigError;
use crate::method::RateTier;

const TIERS: [RateTier; 4] = [
    RateTier::Tier1,
    RateTier::Tier2,
    RateTier::Tier3,
    RateTier::Tier4,
];

/// Client-side throttling by tier, enabled with [`ClientBuilder::throttle`](crate::ClientBuilder::throttle).
///
/// Each method with a published tier gets its own budget of the tier's calls a minute (Tier 2:
/// 20), spread evenly: by default one call every 3 s for Tier 2, with no burst. A call that would
/// break the budget waits until it fits. Methods without a published tier are not throttled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttle {
    window: Duration,
    burst: NonZeroU32,
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
            burst: NonZeroU32::MIN,
        }
    }

    /// How many calls may go at once before the even spacing applies (at least 1).
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        self
    }

    /// The window a tier's calls a minute are spread over (one minute; shorter only in tests).
    pub fn with_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// The limiters for every tier; fails on a zero window.
    pub(crate) fn build(&self) -> Result<Throttler, ConfigError> {
        let mut limiters = HashMap::new();
        for tier in TIERS {
            let spacing = self.window / tier.calls_per_minute();
            let quota = Quota::with_period(spacing)
                .ok_or_else(|| ConfigError::new("the throttle window must be longer than zero"))?
                .allow_burst(self.burst);
            limiters.insert(tier, DefaultKeyedRateLimiter::hashmap(quota));
        }
        Ok(Throttler {
            config: self.clone(),
            limiters,
        })
    }
}

/// The live budgets: one keyed limiter per tier, keyed by method name.
pub(crate) struct Throttler {
    config: Throttle,
    limiters: HashMap<RateTier, DefaultKeyedRateLimiter<&'static str>>,
}

impl Throttler {
    /// Waits until `method` may be called again under its tier's budget.
    pub(crate) async fn wait(&self, method: &'static str, tier: RateTier) {
        let Some(limiter) = self.limiters.get(&tier) else {
            return;
        };
        while let Err(not_until) = limiter.check_key(&method) {
            let wait = not_until.wait_time_from(limiter.clock().now());
            tracing::debug!(
                method,
                ?tier,
                ?wait,
                "throttling to stay within the rate-limit tier"
            );
            tokio::time::sleep(wait).await;
        }
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
    use std::time::Instant;

    #[tokio::test]
    async fn calls_of_one_method_are_spaced_by_its_tier() {
        // Tier 2 over a 200 ms window: one call every 10 ms.
        let throttler = Throttle::by_tier()
            .with_window(Duration::from_millis(200))
            .build()
            .unwrap();
        let start = Instant::now();
        for _ in 0..6 {
            throttler.wait("a.b", RateTier::Tier2).await;
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
        throttler.wait("a.b", RateTier::Tier1).await;
        throttler.wait("c.d", RateTier::Tier1).await;
        assert!(start.elapsed() < Duration::from_secs(1));
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
