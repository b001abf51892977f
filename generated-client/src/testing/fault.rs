//! Faults on demand: the ways a real Slack (or what stands in front of it) fails an attempt, and
//! which attempts get one (the next N, or a share of them). The share is drawn per request and
//! attempt, not per arrival: the same requests get the same faults on every run, in whatever
//! order concurrent calls happen to arrive.

use std::collections::{HashMap, VecDeque};
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
#[derive(Debug, Default)]
pub(crate) struct FaultPlan {
    /// Faults for the next attempts of one target (a method name, or uploads), in order; they
    /// come before those of any attempt.
    targeted: HashMap<String, VecDeque<Fault>>,
    /// Faults for the next attempts, in order.
    next: VecDeque<Fault>,
    /// A share of the other attempts, each drawing one of `kinds`.
    share: f64,
    kinds: Vec<Fault>,
    /// How many attempts of each request (by [`request_key`]) the share has seen.
    attempts: HashMap<u64, u64>,
}

/// Mixed into every draw of the share, so its choices are fixed and reproducible.
const SEED: u64 = 0x51ac_4e55;

/// A request's identity across retries: FNV-1a over its parts (stable across Rust versions,
/// unlike the standard hasher).
pub(crate) fn request_key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

impl FaultPlan {
    pub(crate) fn push_next(&mut self, fault: Fault, times: usize) {
        self.next.extend(std::iter::repeat_n(fault, times));
    }

    /// Faults for the next `times` attempts of `target` alone.
    pub(crate) fn push_next_for(&mut self, target: &str, fault: Fault, times: usize) {
        self.targeted
            .entry(target.to_owned())
            .or_default()
            .extend(std::iter::repeat_n(fault, times));
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

    /// The fault for the attempt of the request `key` to `target` that just arrived, if it gets
    /// one: the target's own faults first, then those of any attempt, then the share.
    pub(crate) fn draw(&mut self, key: u64, target: &str) -> Option<Fault> {
        if let Some(fault) = self.targeted.get_mut(target).and_then(VecDeque::pop_front) {
            return Some(fault);
        }
        if let Some(fault) = self.next.pop_front() {
            return Some(fault);
        }
        if self.kinds.is_empty() {
            return None;
        }
        let attempt = self.attempts.entry(key).or_default();
        *attempt += 1;
        let mut rng =
            fastrand::Rng::with_seed(SEED ^ key ^ attempt.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if rng.f64() >= self.share {
            return None;
        }
        Some(self.kinds[rng.usize(..self.kinds.len())].clone())
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
        assert_eq!(plan.draw(1, "m"), Some(Fault::Reset));
        assert_eq!(plan.draw(1, "m"), Some(Fault::Reset));
        let drawn = (0..10_000)
            .filter(|key| plan.draw(*key, "m").is_some())
            .count();
        assert!((2_200..2_800).contains(&drawn), "{drawn}");
        plan.clear();
        assert_eq!(plan.draw(1, "m"), None);
    }

    #[test]
    fn targeted_faults_meet_only_their_target_and_come_first() {
        let mut plan = FaultPlan::default();
        plan.push_next(Fault::Reset, 1);
        plan.push_next_for("b", Fault::Truncated, 1);
        assert_eq!(plan.draw(1, "a"), Some(Fault::Reset));
        assert_eq!(plan.draw(1, "a"), None);
        plan.push_next(Fault::Reset, 1);
        assert_eq!(plan.draw(1, "b"), Some(Fault::Truncated));
        assert_eq!(plan.draw(1, "b"), Some(Fault::Reset));
    }

    #[test]
    fn a_request_meets_the_same_faults_whenever_it_arrives() {
        let share = |keys: &[u64]| {
            let mut plan = FaultPlan::default();
            plan.set_share(0.5, vec![Fault::Reset, Fault::Truncated]);
            let mut drawn: Vec<(u64, Option<Fault>)> = keys
                .iter()
                .map(|key| (*key, plan.draw(*key, "m")))
                .collect();
            // Stable: each request's attempts stay in their order.
            drawn.sort_by_key(|(key, _)| *key);
            drawn
        };
        let one_after_another: Vec<u64> = (0..50).flat_map(|key| [key, key, key]).collect();
        let interleaved: Vec<u64> = (0..3).flat_map(|_| (0..50).rev()).collect();
        assert_eq!(share(&one_after_another), share(&interleaved));
        assert_ne!(
            request_key([&b"a"[..], b"bc"]),
            request_key([&b"ab"[..], b"c"])
        );
    }
}
