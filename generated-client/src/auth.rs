//! The token, the app's client credentials and the base URL: the token travels only in
//! `Authorization: Bearer`, the client secret only in HTTP Basic auth, both redacted everywhere
//! else; a plain `http` base URL is accepted only for loopback hosts (tests).

use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::IpAddr;

use base64::Engine;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::error::ConfigError;
use crate::throttle::BudgetKey;

/// What stands in for the token wherever it would otherwise be shown.
pub(crate) const REDACTED: &str = "[redacted]";

/// Slack's production base URL.
pub(crate) const DEFAULT_BASE_URL: &str = "https://slack.com/api/";

/// A Slack token, or the app's client credentials, kept as the sensitive `Authorization` header
/// value it is sent as (built once, then cloned into each request: a reference-count bump).
#[derive(Clone)]
pub(crate) struct Token {
    secret: Box<str>,
    header: HeaderValue,
    /// A digest that stands for the token where a key is needed (throttle budgets).
    digest: u64,
}

impl Token {
    pub(crate) fn new(secret: String) -> Result<Self, ConfigError> {
        if secret.trim().is_empty() {
            return Err(ConfigError::new("the token is empty"));
        }
        let mut header = HeaderValue::from_str(&format!("Bearer {secret}")).map_err(|_| {
            ConfigError::new("the token holds characters an HTTP header cannot carry")
        })?;
        header.set_sensitive(true);
        let mut hasher = DefaultHasher::new();
        secret.hash(&mut hasher);
        Ok(Token {
            digest: hasher.finish(),
            secret: secret.into_boxed_str(),
            header,
        })
    }

    /// The app's client credentials as HTTP Basic auth (`Basic base64(id:secret)`); the secret is
    /// what [`Token::redact`] hides.
    pub(crate) fn client_credentials(id: &str, secret: String) -> Result<Self, ConfigError> {
        if id.trim().is_empty() || secret.trim().is_empty() {
            return Err(ConfigError::new(
                "the client ID and the client secret must both be given (from the app's settings \
                 page, Basic Information)",
            ));
        }
        if id.contains(':') || id.chars().chain(secret.chars()).any(char::is_control) {
            return Err(ConfigError::new(
                "the client ID or secret holds a character HTTP Basic auth cannot carry \
                 (a `:` in the ID, or a control character); copy them again from the app's \
                 settings page",
            ));
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        let mut header = HeaderValue::from_str(&format!("Basic {encoded}"))
            .map_err(|_| ConfigError::new("the client credentials cannot make a header"))?;
        header.set_sensitive(true);
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        Ok(Token {
            digest: hasher.finish(),
            secret: secret.into_boxed_str(),
            header,
        })
    }

    /// The `Authorization` header value, marked sensitive.
    pub(crate) fn header(&self) -> &HeaderValue {
        &self.header
    }

    /// The throttle budget of calls made with this token when the workspace is not known.
    pub(crate) fn budget_key(&self) -> BudgetKey {
        BudgetKey::Token(self.digest)
    }

    /// `text` with every occurrence of the token replaced by [`REDACTED`].
    pub(crate) fn redact(&self, text: &str) -> String {
        text.replace(&*self.secret, REDACTED)
    }

    /// [`Token::redact`] of a string the caller gives up: moved back unchanged (no copy) when it
    /// does not hold the token, as nearly every string of an answer does not.
    pub(crate) fn redact_owned(&self, text: String) -> String {
        if text.contains(&*self.secret) {
            self.redact(&text)
        } else {
            text
        }
    }
}

/// What a call's answer is cleaned of before its text reaches errors and logs: every secret the
/// client holds (its token, the app-level and configuration tokens, the client secret) and the
/// one the call was sent with. An answer may echo any of them, not only the one it was sent.
#[derive(Clone, Copy, Default)]
pub(crate) struct Redactor<'a> {
    secrets: [Option<&'a Token>; 5],
}

impl<'a> Redactor<'a> {
    /// The secrets of a call sent with `sent`.
    pub(crate) fn new(sent: Option<&'a Token>, held: [Option<&'a Token>; 4]) -> Self {
        let [first, second, third, fourth] = held;
        Redactor {
            secrets: [sent, first, second, third, fourth],
        }
    }

    /// [`Token::redact`] of every secret, or `text` unchanged when it holds none.
    pub(crate) fn redact(self, text: &str) -> String {
        self.redact_owned(text.to_owned())
    }

    /// [`Token::redact_owned`] of every secret: `text` moved back unchanged (no copy) when it
    /// holds none, as nearly every string of an answer does not.
    pub(crate) fn redact_owned(self, text: String) -> String {
        self.secrets
            .iter()
            .flatten()
            .fold(text, |text, token| token.redact_owned(text))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A base URL the client may send a token to, with a trailing `/` so method names join onto it.
#[derive(Debug, Clone)]
pub(crate) struct BaseUrl {
    url: Url,
    loopback: bool,
}

impl BaseUrl {
    pub(crate) fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut url = Url::parse(text)
            .map_err(|e| ConfigError::new(format!("base URL `{text}` is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ConfigError::new("the base URL must not carry credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            // Not echoed: a query is where a token pasted into a URL would sit.
            return Err(ConfigError::new(
                "the base URL must not have a query or fragment",
            ));
        }
        let loopback = is_loopback(&url);
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(ConfigError::new(format!(
                    "base URL `{text}` is plain http; the token may only travel over https \
                     (http is accepted for loopback hosts alone)"
                )));
            }
            other => {
                return Err(ConfigError::new(format!(
                    "base URL `{text}` has scheme `{other}`; expected https"
                )));
            }
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(BaseUrl { url, loopback })
    }

    /// The URL of one method: the base URL followed by the method name.
    pub(crate) fn method_url(&self, method: &str) -> Result<Url, ConfigError> {
        self.url.join(method).map_err(|e| {
            ConfigError::new(format!("method name `{method}` does not make a URL: {e}"))
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// Whether the host is this machine (then no proxy is used).
    pub(crate) fn is_loopback(&self) -> bool {
        self.loopback
    }
}

/// Whether `url`'s host is this machine: `127.0.0.0/8`, `::1` or `localhost`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    name.eq_ignore_ascii_case("localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_may_use_http() {
        for url in [
            "http://127.0.0.1:8080/api/",
            "http://127.1.2.3/",
            "http://[::1]:9000",
            "http://localhost/api",
            "http://LOCALHOST./",
        ] {
            assert!(BaseUrl::parse(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn other_http_hosts_are_refused() {
        for url in [
            "http://slack.com/api/",
            "http://10.0.0.1/",
            "http://localhost.example.com/",
            "http://[::2]/",
            "ftp://127.0.0.1/",
            "https://user:pw@slack.com/api/",
            "https://slack.com/api/?token=x",
            "not a url",
        ] {
            assert!(BaseUrl::parse(url).is_err(), "{url}");
        }
    }

    #[test]
    fn method_names_join_onto_the_base_path() {
        let base = BaseUrl::parse("https://example.com/api").unwrap();
        assert_eq!(
            base.method_url("admin.conversations.linkObjects")
                .unwrap()
                .as_str(),
            "https://example.com/api/admin.conversations.linkObjects"
        );
    }

    #[test]
    fn token_is_redacted() {
        let token = Token::new("xoxb-secret".to_owned()).unwrap();
        assert_eq!(format!("{token:?}"), REDACTED);
        assert_eq!(token.redact("a xoxb-secret b"), "a [redacted] b");
        assert_eq!(
            token.redact_owned("xoxb-secretxoxb-secret".into()),
            "[redacted][redacted]"
        );
        assert_eq!(token.redact_owned("xoxb-secre".into()), "xoxb-secre");
        assert!(token.header().is_sensitive());
        assert!(Token::new(" ".to_owned()).is_err());
        assert!(Token::new("a\nb".to_owned()).is_err());
    }

    #[test]
    fn client_credentials_are_basic_auth_with_the_secret_redacted() {
        let credentials = Token::client_credentials("123.456", "s3cret".to_owned()).unwrap();
        // base64("123.456:s3cret")
        assert_eq!(credentials.header(), "Basic MTIzLjQ1NjpzM2NyZXQ=");
        assert!(credentials.header().is_sensitive());
        assert_eq!(format!("{credentials:?}"), REDACTED);
        assert_eq!(credentials.redact("bad s3cret"), "bad [redacted]");
        assert!(Token::client_credentials("", "s".to_owned()).is_err());
        assert!(Token::client_credentials("1:2", "s".to_owned()).is_err());
        assert!(Token::client_credentials("1", " ".to_owned()).is_err());
    }
}
