//! What a failed attempt was, for the retry policy: did the request reach Slack, and can trying
//! again help? Every failure, from the connection to the body's last error code, is classified
//! here; the policy (`retry`) decides from the class whether to retry, how often and after how
//! long.

use std::time::Duration;

use serde_json::error::Category;

/// The error code of a call Slack refused for its rate limit, without running it.
const RATE_LIMITED_CODE: &str = "ratelimited";

/// What kind of retry a failed attempt allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Final: return the error.
    Never,
    /// Transient, and the request never reached Slack (no connection): back off and retry.
    NotSent,
    /// Transient, but the request may have reached Slack: back off and retry only when a repeat
    /// is harmless.
    MaybeSent,
    /// HTTP 429 or `ratelimited`: Slack did not run the call; wait what it asked (if it said),
    /// then retry.
    RateLimited(Option<Duration>),
}

/// Why one attempt got no answer.
pub(crate) enum SendError {
    /// No connection was made: Slack never saw the request.
    NotSent(reqwest::Error),
    /// No answer in time, after the request may have been sent.
    Timeout,
    /// The connection broke after the request may have been sent.
    Transport(reqwest::Error),
    /// The body was longer than the client reads.
    TooLarge { status: u16 },
    /// The HTTP client followed a redirect (a caller's client built to follow them).
    Redirected { status: u16 },
}

/// What went wrong with a request reqwest could not complete.
pub(crate) fn unsent(error: reqwest::Error) -> SendError {
    if error.is_connect() {
        SendError::NotSent(error)
    } else if error.is_timeout() {
        SendError::Timeout
    } else {
        SendError::Transport(error)
    }
}

/// An attempt that got no usable answer: only a failed connection is sure not to have reached
/// Slack; a body too large or a redirect will be the same next time.
pub(crate) fn send(error: &SendError) -> Retry {
    match error {
        SendError::NotSent(_) => Retry::NotSent,
        SendError::Timeout | SendError::Transport(_) => Retry::MaybeSent,
        SendError::TooLarge { .. } | SendError::Redirected { .. } => Retry::Never,
    }
}

/// An answer with an error status: 429 is Slack's rate limit; a 5xx may have come after part
/// of the work was done; any other will be the same next time.
pub(crate) fn status(status: u16, retry_after: Option<Duration>) -> Retry {
    match status {
        429 => Retry::RateLimited(retry_after),
        500.. => Retry::MaybeSent,
        _ => Retry::Never,
    }
}

/// A 2xx body that is not a Slack answer. One cut short or not JSON at all may come from a
/// broken connection or a proxy in the way: worth another try when a repeat is harmless. JSON
/// of the wrong shape is not.
pub(crate) fn unreadable(error: &serde_json::Error) -> Retry {
    match error.classify() {
        Category::Eof | Category::Syntax | Category::Io => Retry::MaybeSent,
        Category::Data => Retry::Never,
    }
}

/// An `ok: false` answer. `ratelimited` means Slack refused the call unrun, like HTTP 429;
/// other codes the spec marks retryable (`internal_error`) may come after part of the work
/// was done.
pub(crate) fn api_code(code: &str, retryable: bool, retry_after: Option<Duration>) -> Retry {
    if code == RATE_LIMITED_CODE {
        Retry::RateLimited(retry_after)
    } else if retryable {
        Retry::MaybeSent
    } else {
        Retry::Never
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes_are_classified() {
        let wait = Some(Duration::from_secs(3));
        assert_eq!(status(429, wait), Retry::RateLimited(wait));
        assert_eq!(status(503, None), Retry::MaybeSent);
        assert_eq!(status(404, None), Retry::Never);
        assert_eq!(
            api_code("ratelimited", false, wait),
            Retry::RateLimited(wait)
        );
        assert_eq!(api_code("internal_error", true, None), Retry::MaybeSent);
        assert_eq!(api_code("channel_not_found", false, None), Retry::Never);
        let cut = serde_json::from_str::<serde_json::Value>("{\"ok\":").unwrap_err();
        assert_eq!(unreadable(&cut), Retry::MaybeSent);
        let shape = serde_json::from_str::<bool>("1").unwrap_err();
        assert_eq!(unreadable(&shape), Retry::Never);
        assert_eq!(send(&SendError::Timeout), Retry::MaybeSent);
        assert_eq!(send(&SendError::TooLarge { status: 200 }), Retry::Never);
    }
}
