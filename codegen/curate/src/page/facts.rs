//! The facts block (method name, URL, HTTP method, content types, rate limit, token types and
//! scopes), and the plan restriction some pages state only in a prose sentence.

use super::{DocPage, Line};
use crate::Note;
use codegen::spec::{ContentType, HttpMethod, Plan, RateLimit, TokenType};

/// Where every Web API endpoint lives.
pub(crate) const ENDPOINT_PREFIX: &str = "https://slack.com/api/";

/// The site's chrome and sub-headings: lines that carry no fact of their own.
const CHROME: &[&str] = &[
    "Skip to main content",
    "Method Access",
    "Content types",
    "Works with:",
    "Scopes",
    "Rate Limits",
];

/// Today's `Scopes` block labels a list of scopes per token type (`Bot token:`).
const TOKEN_LABELS: &[(&str, TokenType)] = &[
    ("bot token", TokenType::Bot),
    ("user token", TokenType::User),
    ("app-level token", TokenType::App),
    ("app token", TokenType::App),
];

/// What scopes allow, after the colon (`channels:read`): copying runs a block's scopes together
/// (`channels:readgroups:read`), and these words tell where one ends. Longest first.
const SCOPE_ACTIONS: &[&str] = &[
    "manage_objects",
    "write.customize",
    "write.invites",
    "write.public",
    "write.topic",
    "write.user",
    "read.email",
    "read.user",
    "customize",
    "history",
    "manage",
    "execute",
    "invite",
    "remove",
    "write",
    "read",
    "join",
];

const TOKEN_TYPES: &[(&str, TokenType)] = &[
    ("bot", TokenType::Bot),
    ("user", TokenType::User),
    ("app", TokenType::App),
];

const EXPECTED_FACT: &str = "a fact: the method name, its URL, HTTP method, content types, \
                             rate limit, or a token type with its scopes";

/// `conversations.info`, `admin.conversations.linkObjects`: dotted words, the first lowercase.
pub(crate) fn is_method_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && parts.len() >= 2
        && parts.iter().all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Reads the facts block line by line.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Inside the "Token type / Required scope(s)" table, whose rows run the two cells together.
    in_token_table: bool,
    /// Inside today's `Scopes` block, after a `Bot token:` label: scopes for that token type.
    scopes_of: Option<TokenType>,
}

impl Facts {
    pub(super) fn line(&mut self, page: &mut DocPage, line: Line<'_>) {
        let text = line.text;
        if self.in_token_table && token_row(page, text) {
            return;
        }
        if let Some(token) = self.scopes_of
            && scope_line(page, token, text)
        {
            return;
        }
        self.scopes_of = None;
        if let Some((token, rest)) = token_label(text) {
            push_unique(&mut page.token_types, token);
            self.scopes_of = Some(token);
            if !rest.is_empty() && !scope_line(page, token, rest) {
                page.unparsed(line, "scope names after the token type");
            }
            return;
        }
        self.in_token_table = text.starts_with("Token type");
        let understood = self.in_token_table
            || CHROME.contains(&text)
            // The page's own summary: our description is written anew by the curator.
            || text.starts_with("Description")
            || method_name(page, text)
            || endpoint(page, text)
            || http_method(page, text)
            || content_types(page, line)
            || rate_limit(page, text)
            || prose(page, text);
        if !understood {
            page.unparsed(line, EXPECTED_FACT);
        }
    }
}

/// `Label:value` -> `value`; text without a label as is. A `:` after a `/` is not a label's.
fn label_value(text: &str) -> (&str, &str) {
    match text.split_once(':') {
        Some((label, value)) if !label.contains('/') => (label.trim(), value.trim()),
        _ => ("", text),
    }
}

/// `admin.conversations.linkObjects method` or the bare name as a title.
fn method_name(page: &mut DocPage, text: &str) -> bool {
    let name = text.strip_suffix(" method").unwrap_or(text);
    if !is_method_name(name) {
        return false;
    }
    page.name.get_or_insert_with(|| name.to_owned());
    true
}

/// `POST https://slack.com/api/x` or `Method URL:https://slack.com/api/x`.
fn endpoint(page: &mut DocPage, text: &str) -> bool {
    let Some(start) = text.find(ENDPOINT_PREFIX) else {
        return false;
    };
    let before = text[..start].trim();
    let method = parse_http_method(before);
    if !(before.is_empty() || before.ends_with(':') || method.is_some()) {
        return false;
    }
    let url = text[start..].split_whitespace().next().unwrap_or_default();
    page.url.get_or_insert_with(|| url.to_owned());
    if let Some(method) = method {
        page.http_method.get_or_insert(method);
    }
    true
}

fn parse_http_method(text: &str) -> Option<HttpMethod> {
    match text {
        "GET" => Some(HttpMethod::Get),
        "POST" => Some(HttpMethod::Post),
        _ => None,
    }
}

/// `Preferred HTTP method:POST` or a bare `POST`.
fn http_method(page: &mut DocPage, text: &str) -> bool {
    let (_, value) = label_value(text);
    let Some(method) = parse_http_method(value) else {
        return false;
    };
    page.http_method.get_or_insert(method);
    true
}

/// `application/x-www-form-urlencoded, application/json`, one or several a line, maybe labelled.
fn content_types(page: &mut DocPage, line: Line<'_>) -> bool {
    let (_, value) = label_value(line.text);
    let types: Vec<&str> = value
        .split([' ', ','])
        .filter(|word| !word.is_empty())
        .collect();
    let is_media_type = |word: &&str| {
        word.split_once('/').is_some_and(|(kind, sub)| {
            !kind.is_empty() && !sub.is_empty() && kind.chars().all(|c| c.is_ascii_lowercase())
        })
    };
    if types.is_empty() || !types.iter().all(is_media_type) {
        return false;
    }
    for media_type in types {
        match media_type {
            "application/x-www-form-urlencoded" => {
                push_unique(&mut page.content_types, ContentType::Form)
            }
            "application/json" => push_unique(&mut page.content_types, ContentType::Json),
            "multipart/form-data" => push_unique(&mut page.content_types, ContentType::Multipart),
            other => page.notes.push(Note::at(
                line.number,
                format!("content type `{other}` has no counterpart in the spec format; left out"),
            )),
        }
    }
    true
}

/// `Rate limiting:Tier 2`; today's `Rate LimitsTier 2: 20+ per minute` (or `Tier 2: ...` under a
/// `Rate Limits` line); "Special rate limits apply."; or a special limit in words after the label.
fn rate_limit(page: &mut DocPage, text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let after_label = ["rate limits", "rate limiting", "rate limit"]
        .iter()
        .find(|label| lower.starts_with(*label))
        .map(|label| text[label.len()..].trim_start_matches(':').trim());
    let limit = if let Some(tier) = tier_of(after_label.unwrap_or(text)) {
        RateLimit::Tier(tier)
    } else if lower.starts_with("special rate limit") {
        // The words are Slack's; the draft asks the curator for ours.
        RateLimit::Special(String::new())
    } else if let Some(words) = after_label.filter(|words| !words.is_empty()) {
        RateLimit::Special(words.to_owned())
    } else {
        return false;
    };
    page.rate_limit.get_or_insert(limit);
    true
}

/// `Tier 2`, `Tier 2: 20+ per minute` -> 2.
fn tier_of(text: &str) -> Option<u8> {
    let rest = text.strip_prefix("Tier ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    (after.is_empty() || after.starts_with([':', ' ', ','])).then_some(())?;
    digits.parse().ok()
}

/// `Bot token:` (maybe with the scopes after the colon) -> the token type and the rest.
fn token_label(text: &str) -> Option<(TokenType, &str)> {
    let (label, rest) = text.split_once(':')?;
    let label = label.trim().to_ascii_lowercase();
    TOKEN_LABELS
        .iter()
        .find(|(word, _)| label == *word)
        .map(|&(_, token)| (token, rest.trim()))
}

/// A line of scopes in today's `Scopes` block, maybe run together; `false` when it is not one.
fn scope_line(page: &mut DocPage, token: TokenType, text: &str) -> bool {
    let Some(scopes) = split_scopes(text) else {
        return false;
    };
    let listed = page.scopes.of_mut(token);
    for scope in scopes {
        push_unique(listed, scope);
    }
    true
}

/// `channels:readgroups:read, im:read` -> `[channels:read, groups:read, im:read]`; `None` when a
/// word is not a scope or a run cannot be split with the known actions.
pub(super) fn split_scopes(text: &str) -> Option<Vec<String>> {
    let mut scopes = Vec::new();
    for mut run in text.split([' ', ',']).filter(|word| !word.is_empty()) {
        while !run.is_empty() {
            let (resource, rest) = run.split_once(':')?;
            let is_resource = !resource.is_empty()
                && resource.starts_with(|c: char| c.is_ascii_lowercase())
                && resource
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.".contains(c));
            if !is_resource {
                return None;
            }
            let action = if rest.contains(':') {
                // Another scope follows: the action is a known word, and the next resource
                // begins right after it.
                SCOPE_ACTIONS.iter().find(|action| {
                    rest.strip_prefix(**action)
                        .is_some_and(|next| next.starts_with(|c: char| c.is_ascii_lowercase()))
                })?
            } else {
                rest
            };
            if action.is_empty()
                || !action
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || "_.".contains(c))
            {
                return None;
            }
            scopes.push(format!("{resource}:{action}"));
            run = &rest[action.len()..];
        }
    }
    (!scopes.is_empty()).then_some(scopes)
}

/// A row of the token table: the type run into its scopes (`useradmin.conversations:write`).
fn token_row(page: &mut DocPage, text: &str) -> bool {
    let Some((token_type, rest)) = TOKEN_TYPES
        .iter()
        .find_map(|&(word, token_type)| text.strip_prefix(word).map(|rest| (token_type, rest)))
    else {
        return false;
    };
    let scopes: Vec<&str> = rest
        .split([' ', ','])
        .filter(|scope| !scope.is_empty())
        .collect();
    let is_scope = |scope: &&str| {
        scope.contains([':', '.'])
            && scope
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.:".contains(c))
    };
    if !scopes.iter().all(is_scope) {
        return false;
    }
    push_unique(&mut page.token_types, token_type);
    let listed = page.scopes.of_mut(token_type);
    for scope in scopes {
        push_unique(listed, scope.to_owned());
    }
    true
}

/// A sentence rather than a fact; read only for a plan restriction.
fn prose(page: &mut DocPage, text: &str) -> bool {
    let is_sentence = text.ends_with(['.', '!', '?']) || text.split_whitespace().count() >= 5;
    if is_sentence {
        plans_in_prose(page, text);
    }
    is_sentence
}

/// "only available to ... Business+ or Enterprise plans", "may only be used on Enterprise Grid":
/// the plans, in the sentence's order.
pub(super) fn plans_in_prose(page: &mut DocPage, text: &str) {
    let lower = text.to_ascii_lowercase();
    let restricts =
        lower.contains("only") && (lower.contains("available") || lower.contains("be used"));
    if !restricts {
        return;
    }
    let mut plans: Vec<(usize, Plan)> = [
        ("Business+", Plan::BusinessPlus),
        ("Enterprise", Plan::EnterpriseGrid),
    ]
    .into_iter()
    .filter_map(|(word, plan)| text.find(word).map(|at| (at, plan)))
    .collect();
    plans.sort();
    for (_, plan) in plans {
        push_unique(&mut page.plans, plan);
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(lines: &[&str]) -> DocPage {
        let mut page = DocPage::default();
        let mut facts = Facts::default();
        for (index, text) in lines.iter().enumerate() {
            facts.line(
                &mut page,
                Line {
                    number: index + 1,
                    text,
                },
            );
        }
        page
    }

    #[test]
    fn method_names_are_dotted_words() {
        assert!(is_method_name("conversations.info"));
        assert!(is_method_name("admin.conversations.linkObjects"));
        for other in ["conversations", "e.g.", "1.0", "Conversations.info", "a..b"] {
            assert!(!is_method_name(other), "{other}");
        }
    }

    #[test]
    fn labelled_facts_are_read() {
        let page = facts(&[
            "widgets.spin",
            "Method URL:https://slack.com/api/widgets.spin",
            "Preferred HTTP method:GET",
            "Accepted content types:application/x-www-form-urlencoded, application/json",
            "Rate limiting:Tier 4",
            "Token typeRequired scope(s)",
            "botwidgets:write, widgets:read",
            "user widgets:write",
        ]);
        assert_eq!(page.name.as_deref(), Some("widgets.spin"));
        assert_eq!(
            page.url.as_deref(),
            Some("https://slack.com/api/widgets.spin")
        );
        assert_eq!(page.http_method, Some(HttpMethod::Get));
        assert_eq!(page.content_types, [ContentType::Form, ContentType::Json]);
        assert_eq!(page.rate_limit, Some(RateLimit::Tier(4)));
        assert_eq!(page.token_types, [TokenType::Bot, TokenType::User]);
        assert_eq!(page.scopes.bot, ["widgets:write", "widgets:read"]);
        assert_eq!(page.scopes.user, ["widgets:write"]);
        assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
    }

    #[test]
    fn one_cell_a_line_facts_are_read() {
        let page = facts(&[
            "widgets.spin method",
            "Method Access",
            "POST https://slack.com/api/widgets.spin",
            "Content types",
            "application/json",
            "multipart/form-data",
            "text/plain",
        ]);
        assert_eq!(page.http_method, Some(HttpMethod::Post));
        assert_eq!(
            page.content_types,
            [ContentType::Json, ContentType::Multipart]
        );
        assert_eq!(page.notes.len(), 1, "text/plain is reported");
    }

    #[test]
    fn plans_come_from_restricting_sentences_only() {
        let page = facts(&["Admin endpoints reach across an Enterprise org, not a workspace."]);
        assert!(page.plans.is_empty(), "the sentence restricts nothing");
        let page = facts(&["Only available on Business+ or Enterprise plans."]);
        assert_eq!(page.plans, [Plan::BusinessPlus, Plan::EnterpriseGrid]);
    }

    #[test]
    fn todays_scopes_blocks_and_rate_limits_are_read() {
        let page = facts(&[
            "widgets.spin method",
            "Scopes",
            "Bot token:",
            "widgets:readgadgets:write.publicsprockets:history",
            "User token:widgets:read",
            "Rate LimitsTier 2: 20+ per minute",
        ]);
        assert_eq!(
            page.scopes.bot,
            ["widgets:read", "gadgets:write.public", "sprockets:history"]
        );
        assert_eq!(page.scopes.user, ["widgets:read"]);
        assert_eq!(page.token_types, [TokenType::Bot, TokenType::User]);
        assert_eq!(page.rate_limit, Some(RateLimit::Tier(2)));
        assert!(page.unparsed.is_empty(), "{:?}", page.unparsed);
        let special = facts(&["Rate Limits", "Special rate limits apply."]);
        assert_eq!(special.rate_limit, Some(RateLimit::Special(String::new())));
        let under = facts(&["Rate Limits", "Tier 4: 100+ per minute"]);
        assert_eq!(under.rate_limit, Some(RateLimit::Tier(4)));
    }

    #[test]
    fn a_run_of_scopes_with_an_unknown_action_is_not_split() {
        assert_eq!(split_scopes("widgets:spingadgets:read"), None);
        assert_eq!(
            split_scopes("widgets:spin, gadgets:read"),
            Some(vec!["widgets:spin".to_owned(), "gadgets:read".to_owned()])
        );
        let page = facts(&["Bot token:", "widgets:spingadgets:read"]);
        assert_eq!(page.unparsed.len(), 1, "the run is reported, not guessed");
    }

    #[test]
    fn short_lines_that_are_no_fact_are_reported() {
        let page = facts(&["Wobble factor", "Rate limiting:Special, see the docs"]);
        assert_eq!(page.unparsed.len(), 1);
        assert_eq!(page.unparsed[0].line, 1);
        assert_eq!(
            page.rate_limit,
            Some(RateLimit::Special("Special, see the docs".into()))
        );
    }
}
