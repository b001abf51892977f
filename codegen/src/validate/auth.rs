//! How a method authenticates (`auth`): a method that takes no bearer token lists no token types
//! and has no `token` argument; client credentials travel as optional `client_id` and
//! `client_secret` arguments beside HTTP Basic auth; a refresh token is a required argument.

use super::*;
use crate::spec::Auth;

impl Context {
    /// Checks that the method's `auth` agrees with its token and arguments.
    pub(super) fn auth(
        &mut self,
        at: At<'_>,
        spec: &MethodSpec,
        token: model::Token,
        arguments: &[model::Argument],
    ) {
        let auth = spec.auth;
        if auth == Auth::Bearer {
            return;
        }
        let wire = auth.wire();
        if let Some(listed) = spec.token_types.first() {
            self.report(at.error(
                "$.token_types",
                format!(
                    "expected no token types for `\"auth\": \"{wire}\"` (the call sends no bearer token), \
                     found `{}`",
                    listed.wire()
                ),
                "empty `token_types`, or remove `auth` if the method takes a bearer token",
            ));
        }
        if token != model::Token::None {
            self.report(at.error(
                "$.auth",
                format!(
                    "expected no `token` argument: `\"auth\": \"{wire}\"` sends no bearer token"
                ),
                "remove the `token` argument, or remove `auth` if the method takes a bearer token",
            ));
        }
        // A credential is text: a plain string, or one typed `secret` so `Debug` hides it.
        let string = |name: &str| {
            arguments.iter().find(|argument| {
                argument.wire_name == name
                    && matches!(
                        argument.ty,
                        model::ArgumentType::Scalar(model::Scalar::String | model::Scalar::Secret)
                    )
            })
        };
        match auth {
            Auth::Bearer => {}
            Auth::ClientCredentials => {
                for name in ["client_id", "client_secret"] {
                    match string(name) {
                        Some(argument) if argument.presence == model::Presence::Optional => {}
                        Some(_) => self.report(at.error(
                            "$.auth",
                            format!("expected an optional `{name}` argument, found a required one"),
                            "make it optional: the client sends the credentials as HTTP Basic \
                             auth when it holds them, and then the body must not repeat them",
                        )),
                        None => self.report(at.error(
                            "$.auth",
                            format!(
                                "expected an optional string argument `{name}` for \
                                 `\"auth\": \"{wire}\"`, found none"
                            ),
                            "add the argument (callers without credentials on the client pass \
                             them in the body), or choose another `auth`",
                        )),
                    }
                }
            }
            Auth::RefreshToken => match string("refresh_token") {
                Some(argument) if argument.presence == model::Presence::Required => {}
                _ => self.report(at.error(
                    "$.auth",
                    format!(
                        "expected a required string argument `refresh_token` for \
                         `\"auth\": \"{wire}\"`, found none"
                    ),
                    "add the argument that carries the refresh token, or choose another `auth`",
                )),
            },
        }
    }
}
