//! Faults on demand: the ways a real Slack (or what stands in front of it) fails an attempt, and
//! which attempts get one (the next N, or a share of them drawn from a seeded generator).

use std::collections::VecDeque;
use std::time::Duration;

/// One way an attempt fails.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429 with `Retry-After` (whole seconds) and Slack's `ratelimited` body.
    RateLimited {
        /// What `Retry-After` asks for.
        retry_after: Duration,
    },
    /// A server error (`status` should be 5xx) with a short plain-text body.
    ServerError {
        /// The HTTP status.
        status: u16,
    },
    /// An HTML page, as a proxy or load balancer sends, with this status (200 makes it a
    /// malformed success). The page echoes the request's token, as some proxies do, so a test
    /// sees whether the client redacts it.
    HtmlPage {
        /// The HTTP status.
        status: u16,
    },
    /// HTTP 200 and the first half of the answer, then the connection is cut.
    Reset,
    /// HTTP 200 and the first half of the answer at once, the rest after `delay`.
    SlowBody {
        /// How long the second half waits.
        delay: Duration,
    },
    /// A complete HTTP 200 whose JSON body stops halfway.
    Truncated,
}

impl Fault {
    /// One fault of every kind: a 429 asking for `retry_after`, a 503, a 503 HTML page, a 200 HTML
    /// page, a reset, a body slower than `slow`, and a truncated body.
    pub fn every_kind(retry_after: Duration, slow: Duration) -> Vec<Fault> {
        vec![
            Fault::RateLimited { retry_after },
            Fault::ServerError { status: 503 },
            Fault::HtmlPage { status: 503 },
            Fault::HtmlPage { status: 200 },
            Fault::Reset,
            Fault::SlowBody { delay: slow },
            Fault::Truncated,
        ]
    }
}

/// Which attempts fail, and how.
#[derive(Debug)]
pub(crate) struct FaultPlan {
    /// Faults for the next attempts, in order.
    next: VecDeque<Fault>,
    /// A share of the other attempts, each drawing one of `kinds`.
    share: f64,
    kinds: Vec<Fault>,
    rng: fastrand::Rng,
}

/// The seed of the share's generator: the same arrivals get the same faults on every run.
const SEED: u64 = 0x51ac_4e55;

impl Default for FaultPlan {
    fn default() -> Self {
        FaultPlan {
            next: VecDeque::new(),
            share: 0.0,
            kinds: Vec::new(),
            rng: fastrand::Rng::with_seed(SEED),
        }
    }
}

impl FaultPlan {
    pub(crate) fn push_next(&mut self, fault: Fault, times: usize) {
        self.next.extend(std::iter::repeat_n(fault, times));
    }

    pub(crate) fn set_share(&mut self, share: f64, kinds: Vec<Fault>) {
        self.share = if share.is_finite() {
            share.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.kinds = kinds;
    }

    pub(crate) fn clear(&mut self) {
        *self = FaultPlan::default();
    }

    /// The fault for the attempt that just arrived, if it gets one.
    pub(crate) fn draw(&mut self) -> Option<Fault> {
        if let Some(fault) = self.next.pop_front() {
            return Some(fault);
        }
        if self.kinds.is_empty() || self.rng.f64() >= self.share {
            return None;
        }
        let index = self.rng.usize(..self.kinds.len());
        Some(self.kinds[index].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_faults_come_first_then_the_share() {
        let mut plan = FaultPlan::default();
        plan.push_next(Fault::Reset, 2);
        plan.set_share(0.25, vec![Fault::Truncated]);
        assert_eq!(plan.draw(), Some(Fault::Reset));
        assert_eq!(plan.draw(), Some(Fault::Reset));
        let drawn = (0..10_000).filter(|_| plan.draw().is_some()).count();
        assert!((2_200..2_800).contains(&drawn), "{drawn}");
        plan.clear();
        assert_eq!(plan.draw(), None);
    }
}
