//! The first step of installing an app with OAuth v2: the URL of Slack's authorize page, where a
//! user approves the app's scopes and is sent back to the redirect URI with a one-time `code`
//! (traded with `oauth.v2.access`) and the caller's `state`.

use reqwest::Url;

/// Slack's OAuth v2 authorize page.
const AUTHORIZE_URL: &str = "https://slack.com/oauth/v2/authorize";

/// The URL that starts an install: send the user's browser to [`AuthorizeUrl::url`].
///
/// ```
/// let url = slack_api_client::AuthorizeUrl::new("123.456")
///     .scopes(["chat:write", "channels:read"])
///     .user_scopes(["search:read"])
///     .redirect_uri("https://example.com/slack/redirect")
///     .state("a-value-only-this-session-knows")
///     .url();
/// assert_eq!(
///     url.as_str(),
///     "https://slack.com/oauth/v2/authorize?client_id=123.456&scope=chat%3Awrite%2Cchannels%3Aread\
///      &user_scope=search%3Aread&redirect_uri=https%3A%2F%2Fexample.com%2Fslack%2Fredirect\
///      &state=a-value-only-this-session-knows"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeUrl {
    client_id: String,
    scopes: Vec<String>,
    user_scopes: Vec<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    team: Option<String>,
}

impl AuthorizeUrl {
    /// The authorize URL of the app with `client_id` (its settings page, Basic Information; a
    /// client holding the credentials gives it back: [`Client::client_id`](crate::Client::client_id)).
    pub fn new(client_id: impl Into<String>) -> Self {
        AuthorizeUrl {
            client_id: client_id.into(),
            scopes: Vec::new(),
            user_scopes: Vec::new(),
            redirect_uri: None,
            state: None,
            team: None,
        }
    }

    /// The bot token's scopes (`scope`); Slack refuses an install that asks for no scope at all.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// The scopes of a user token for the installing user (`user_scope`).
    pub fn user_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.user_scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Where Slack sends the user back (one of the app's redirect URLs); the exchange must then
    /// pass the same `redirect_uri`.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// A value Slack hands back unchanged on the redirect: make it unguessable and tied to the
    /// user's session, and refuse a redirect whose `state` differs (it did not start here).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// The workspace to install into, when the app knows it (`team`).
    pub fn team(mut self, team_id: impl Into<String>) -> Self {
        self.team = Some(team_id.into());
        self
    }

    /// The URL, every value URL-encoded; scopes are joined with commas.
    pub fn url(&self) -> Url {
        let mut url = Url::parse(AUTHORIZE_URL).expect("the authorize URL is a URL");
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("client_id", &self.client_id);
            if !self.scopes.is_empty() {
                query.append_pair("scope", &self.scopes.join(","));
            }
            if !self.user_scopes.is_empty() {
                query.append_pair("user_scope", &self.user_scopes.join(","));
            }
            let optional = [
                ("redirect_uri", &self.redirect_uri),
                ("state", &self.state),
                ("team", &self.team),
            ];
            for (name, value) in optional {
                if let Some(value) = value {
                    query.append_pair(name, value);
                }
            }
        }
        url
    }
}
