//! Rustdoc for generated items: spec descriptions and method facts as `#[doc]` attributes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Auth, ContentType, Method, Plan, RateLimit, Token, TokenType};

/// One `#[doc = " ..."]` attribute per line, so rustdoc and prettyplease render `///` lines.
pub fn doc(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// A `//!` line documenting the enclosing module.
pub fn inner_doc(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote! { #![doc = #text] }
}

/// A doc comment of one paragraph.
pub fn doc_text(text: &str) -> TokenStream {
    doc(&[text.to_owned()])
}

/// `[`name`](url)`: a method name linked to its doc page.
pub fn method_link(method: &Method) -> String {
    format!("[`{}`](<{}>)", method.wire_name, method.doc_url)
}

/// The facts of a method's page as a bullet list, shared by request and client docs.
pub fn method_facts(method: &Method) -> Vec<String> {
    // The doc page is linked from the method's name on the first line, not repeated here.
    let mut lines = vec![
        format!("- Endpoint: `{} {}`", http_method(method), method.url),
        format!(
            "- Content types: {}",
            join(method.content_types.iter().map(|ty| content_type(*ty)))
        ),
        format!("- Rate limit: {}", rate_limit(&method.rate_limit))
            + &special_limit(method)
            + &unlisted_app_limit(method),
        format!("- Token: {}", token(method)),
    ];
    for (token, scopes) in &method.scopes {
        let listed = join(scopes.iter().map(|scope| format!("`{scope}`")));
        let any = if scopes.len() > 1 { " (any one)" } else { "" };
        lines.push(format!(
            "- Scopes, {} token: {listed}{any}",
            token_type(*token)
        ));
    }
    if !method.plans.is_empty() {
        lines.push(format!(
            "- Plans: {}",
            join(method.plans.iter().map(|p| plan(*p)))
        ));
    }
    if let Some(deprecated) = &method.deprecated {
        lines.push(format!("- Deprecated by Slack: {}", deprecated.description) + &instead(method));
    }
    lines
}

/// ` Call `rtm.connect` (`Api::rtm_connect`) instead.`, when the deprecation names a method.
/// Plain text, not a link: the replacement may be in an API family that is not compiled.
pub fn instead(method: &Method) -> String {
    match method
        .deprecated
        .as_ref()
        .and_then(|d| d.replacement.as_ref())
    {
        Some(replacement) => format!(" Call {replacement} instead."),
        None => String::new(),
    }
}

/// `; for apps commercially distributed outside the Slack Marketplace, 1 call a minute and at
/// most 15 items a page`, where the page states such a limit.
fn unlisted_app_limit(method: &Method) -> String {
    match &method.unlisted_app_limit {
        Some((calls, size)) => {
            let calls = match calls {
                1 => "1 call a minute".to_owned(),
                calls => format!("{calls} calls a minute"),
            };
            let size = match size {
                Some(size) => format!(" and at most {size} items a page"),
                None => String::new(),
            };
            format!(
                "; for apps commercially distributed outside the Slack Marketplace, {calls}{size} \
                 (kept when the client is built with `unlisted_app(true)`)"
            )
        }
        None => String::new(),
    }
}

/// `, kept by the throttle at 60 calls a minute per `channel``, for a limit in figures.
fn special_limit(method: &Method) -> String {
    match &method.special_limit {
        Some((calls, Some(per))) => {
            format!("; the throttle keeps it at {calls} calls a minute per `{per}`")
        }
        Some((calls, None)) => format!("; the throttle keeps it at {calls} calls a minute"),
        None => String::new(),
    }
}

fn http_method(method: &Method) -> &'static str {
    match method.http_method {
        crate::model::HttpMethod::Get => "GET",
        crate::model::HttpMethod::Post => "POST",
    }
}

fn content_type(ty: ContentType) -> String {
    match ty {
        ContentType::Form => "`application/x-www-form-urlencoded`".to_owned(),
        ContentType::Json => "`application/json`".to_owned(),
        ContentType::Multipart => "`multipart/form-data`".to_owned(),
    }
}

/// The rate limit as the docs and the CLI help say it.
pub fn rate_limit(limit: &RateLimit) -> String {
    match limit {
        RateLimit::Tier(tier) => format!("Tier {tier}"),
        RateLimit::Special(text) => format!("special: {text}"),
        RateLimit::Unpublished => "not published".to_owned(),
    }
}

fn token(method: &Method) -> String {
    let types = if method.token_types.is_empty() {
        "type not documented".to_owned()
    } else {
        join(method.token_types.iter().map(|ty| token_type(*ty)))
    };
    let held = match method.special_token() {
        Some(TokenType::App) => {
            "; the client's app-level token when it holds one (`ClientBuilder::app_token`)"
        }
        Some(_) => {
            "; the client's configuration token when it holds one \
             (`ClientBuilder::configuration_token`)"
        }
        None => "",
    };
    match method.token {
        Token::Required => format!("required ({types}), sent as `Authorization: Bearer`{held}"),
        Token::Optional => format!("optional ({types}), sent as `Authorization: Bearer`"),
        Token::None => match method.auth {
            Auth::Bearer => "none".to_owned(),
            Auth::ClientCredentials => "none; the app's client credentials, sent as HTTP Basic \
                                        auth when the client holds them \
                                        (`ClientBuilder::client_credentials`), else the \
                                        `client_id` and `client_secret` arguments"
                .to_owned(),
            Auth::RefreshToken => {
                "none; the `refresh_token` argument authenticates the call".to_owned()
            }
        },
    }
}

/// `bot`, `user`, `app`, `configuration` or `seamless_user`, as the docs and the CLI help say
/// it.
pub fn token_type(ty: TokenType) -> String {
    ty.wire().to_owned()
}

fn plan(plan: Plan) -> String {
    match plan {
        Plan::EnterpriseGrid => "Enterprise Grid",
        Plan::BusinessPlus => "Business+",
    }
    .to_owned()
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
