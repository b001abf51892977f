//! Calling a method by its wire name with `name=value` strings: the engine of the generated
//! `call_by_name` and of the example CLI. Every usage problem is found before anything is sent.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::call::{self, Arguments, CallOptions, MethodInfo};
use crate::decode::{AnswerSlot, Slot};
use crate::error::{BoxError, Error};
use crate::method::{InvalidArgument, Method};

/// What a by-name call produced.
#[derive(Debug, Clone)]
pub struct ByNameOutcome {
    /// The decoded response, re-encoded as JSON.
    pub response: serde_json::Value,
    /// Warning codes.
    pub warnings: Vec<String>,
    /// `response_metadata.messages`.
    pub messages: Vec<String>,
    /// The answer exactly as Slack sent it.
    pub raw_json: String,
}

/// Why a by-name call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ByNameError {
    /// Not a method of this client.
    UnknownMethod(String),
    /// Bad usage: unknown/missing argument, bad value.
    Usage(String),
    /// A spec constraint was broken.
    InvalidArgument(InvalidArgument),
    /// Slack answered `ok: false`.
    Api {
        /// The error code, as on the wire.
        code: String,
        /// The scope that was needed (missing_scope).
        needed: Option<String>,
        /// The scopes the token has (missing_scope).
        provided: Option<String>,
        /// `response_metadata.messages`.
        messages: Vec<String>,
        /// Warning codes sent beside the error.
        warnings: Vec<String>,
    },
    /// Any other failure: HTTP status, undecodable body, rate limit, timeout, network.
    Call(BoxError),
}

impl ByNameError {
    /// Whether the caller got the call wrong (unknown method or argument, bad value, broken
    /// constraint), in which case nothing was sent.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ByNameError::UnknownMethod(_) | ByNameError::Usage(_) | ByNameError::InvalidArgument(_)
        )
    }
}

impl fmt::Display for ByNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ByNameError::UnknownMethod(method) => write!(f, "unknown method `{method}`"),
            ByNameError::Usage(message) => f.write_str(message),
            ByNameError::InvalidArgument(invalid) => invalid.fmt(f),
            ByNameError::Api {
                code,
                needed,
                provided,
                ..
            } => {
                f.write_str(code)?;
                let details: Vec<String> = [("needed", needed), ("provided", provided)]
                    .into_iter()
                    .filter_map(|(label, value)| Some(format!("{label}: {}", value.as_ref()?)))
                    .collect();
                if !details.is_empty() {
                    write!(f, " ({})", details.join(", "))?;
                }
                Ok(())
            }
            ByNameError::Call(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ByNameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ByNameError::InvalidArgument(invalid) => Some(invalid),
            ByNameError::Call(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// A parsed argument type.
pub trait FromArg: Sized {
    /// What the value should look like, for usage messages (e.g. `true or false`).
    const EXPECTED: &'static str;
    /// Parses a command-line value.
    fn from_arg(value: &str) -> Result<Self, String>;
}

impl FromArg for String {
    const EXPECTED: &'static str = "a string";
    fn from_arg(value: &str) -> Result<Self, String> {
        Ok(value.to_owned())
    }
}

impl FromArg for bool {
    const EXPECTED: &'static str = "true or false";
    fn from_arg(value: &str) -> Result<Self, String> {
        match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Self::EXPECTED.to_owned()),
        }
    }
}

impl FromArg for i64 {
    const EXPECTED: &'static str = "a whole number";
    fn from_arg(value: &str) -> Result<Self, String> {
        value.parse().map_err(|_| Self::EXPECTED.to_owned())
    }
}

impl FromArg for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_arg(value: &str) -> Result<Self, String> {
        match value.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(number),
            _ => Err(Self::EXPECTED.to_owned()),
        }
    }
}

impl FromArg for serde_json::Value {
    const EXPECTED: &'static str = "a JSON value";
    fn from_arg(value: &str) -> Result<Self, String> {
        serde_json::from_str(value).map_err(|_| Self::EXPECTED.to_owned())
    }
}

impl FromArg for Vec<String> {
    const EXPECTED: &'static str = "a comma-separated list";
    fn from_arg(value: &str) -> Result<Self, String> {
        Ok(value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect())
    }
}

/// A request parsed from its arguments by wire name, as text (`name=value` on the command line,
/// the fields of a form body): unknown, repeated or missing arguments and malformed values are
/// refused with a message naming them. Implemented by every generated request.
pub trait FromArgs: Method + Sized {
    /// Parses the request; the argument order does not matter.
    fn from_args(args: &[(String, String)]) -> Result<Self, ByNameError>;
}

/// Arguments of one by-name call, checked against the method's argument names.
#[derive(Debug)]
pub struct ArgParser {
    method: &'static str,
    args: Vec<(String, String)>,
}

impl ArgParser {
    /// Starts parsing `args` for `method`, refusing names not in `known` and names given twice.
    pub fn new(
        method: &'static str,
        known: &[&'static str],
        args: &[(String, String)],
    ) -> Result<Self, ByNameError> {
        for (index, (name, _)) in args.iter().enumerate() {
            if !known.contains(&name.as_str()) {
                return Err(ByNameError::Usage(format!(
                    "unknown argument `{name}` for {method}; its arguments are: {}",
                    known.join(", ")
                )));
            }
            if args[..index].iter().any(|(earlier, _)| earlier == name) {
                return Err(ByNameError::Usage(format!(
                    "argument `{name}` is given more than once"
                )));
            }
        }
        Ok(ArgParser {
            method,
            args: args.to_vec(),
        })
    }

    /// A required argument.
    pub fn required<T: FromArg>(&mut self, name: &'static str) -> Result<T, ByNameError> {
        self.optional(name)?.ok_or_else(|| {
            ByNameError::Usage(format!(
                "{} needs the argument `{name}` ({})",
                self.method,
                T::EXPECTED
            ))
        })
    }

    /// An optional argument.
    pub fn optional<T: FromArg>(&mut self, name: &'static str) -> Result<Option<T>, ByNameError> {
        let Some((_, value)) = self.args.iter().find(|(given, _)| given == name) else {
            return Ok(None);
        };
        T::from_arg(value).map(Some).map_err(|expected| {
            ByNameError::Usage(format!(
                "argument `{name}` of {}: expected {expected}, got `{value}`",
                self.method
            ))
        })
    }
}

/// What `slack <method> --help` shows of a method, from its spec: one row of the generated
/// [`METHOD_HELP`](crate::api::METHOD_HELP) table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodHelp {
    /// The wire name, e.g. `conversations.info`.
    pub name: &'static str,
    /// Our description of the method.
    pub description: &'static str,
    /// OAuth scopes per token type (`bot`, `user`, `app`); within one list any one suffices.
    pub scopes: &'static [(&'static str, &'static [&'static str])],
    /// The rate limit, e.g. `Tier 3` or `not published`.
    pub rate_limit: &'static str,
    /// The arguments, in the spec's order (the token is not one: it comes from `SLACK_TOKEN`).
    pub arguments: &'static [ArgHelp],
}

/// One argument of a [`MethodHelp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgHelp {
    /// The wire name.
    pub name: &'static str,
    /// Whether the call needs it.
    pub required: bool,
    /// What to write, e.g. `boolean` or `comma-separated list of strings`.
    pub ty: &'static str,
    /// Slack's default when the argument is left out, as the docs write it.
    pub default: Option<&'static str>,
    /// Our description.
    pub description: &'static str,
}

/// The help of the method named `name`, if this client knows it.
pub fn method_help(name: &str) -> Option<&'static MethodHelp> {
    crate::api::METHOD_HELP
        .iter()
        .find(|help| help.name == name)
}

/// The help text: description, usage, arguments (required ones first), scopes and rate limit.
impl fmt::Display for MethodHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.name, self.description)?;
        writeln!(f, "\nusage: slack {} [name=value ...]", self.name)?;
        if self.arguments.is_empty() {
            writeln!(f, "\narguments: none")?;
        } else {
            writeln!(f, "\narguments:")?;
        }
        let required = self.arguments.iter().filter(|argument| argument.required);
        let optional = self.arguments.iter().filter(|argument| !argument.required);
        for argument in required.chain(optional) {
            let need = if argument.required {
                "required"
            } else {
                "optional"
            };
            write!(f, "  {} ({need}, {}", argument.name, argument.ty)?;
            if let Some(default) = argument.default {
                write!(f, ", default {default}")?;
            }
            writeln!(f, ")\n      {}", argument.description)?;
        }
        if self.scopes.is_empty() {
            writeln!(f, "\nscopes: not documented")?;
        } else {
            writeln!(f)?;
        }
        for (token, scopes) in self.scopes {
            let any = if scopes.len() > 1 { " (any one)" } else { "" };
            writeln!(f, "scopes, {token} token: {}{any}", scopes.join(", "))?;
        }
        write!(f, "rate limit: {}", self.rate_limit)
    }
}

/// A by-name call ready for the engine, none of it typed by its method: all that is `M`'s is
/// parsing (here) and decoding (the slot), so a client of hundreds of methods compiles the rest
/// of a by-name call once.
struct Prepared {
    method: MethodInfo,
    arguments: Arguments,
    slot: Box<dyn JsonSlot + Send>,
}

fn prepare<M: FromArgs + 'static>(args: &[(String, String)]) -> Result<Prepared, ByNameError> {
    let request = M::from_args(args)?;
    let (method, arguments) = call::prepare(&request);
    Ok(Prepared {
        method,
        arguments,
        slot: Box::new(Slot::<M>::new()),
    })
}

/// A payload slot whose payload can be had as JSON.
trait JsonSlot: AnswerSlot {
    /// The decoded payload, written back as JSON; `None` before an answer decodes.
    fn json(&mut self) -> Option<serde_json::Result<serde_json::Value>>;
}

impl<M: Method> JsonSlot for Slot<M> {
    fn json(&mut self) -> Option<serde_json::Result<serde_json::Value>> {
        self.data.take().map(serde_json::to_value)
    }
}

/// Sends a prepared by-name call and turns the engine's outcome into a [`ByNameOutcome`].
async fn erased_call(
    client: &crate::Client,
    prepared: Result<Prepared, ByNameError>,
) -> Result<ByNameOutcome, ByNameError> {
    let Prepared {
        method,
        arguments,
        mut slot,
    } = prepared?;
    let options = CallOptions::new();
    let outcome = call::engine(client, method, arguments, &options, slot.as_mut()).await;
    match outcome {
        Ok(success) => Ok(ByNameOutcome {
            response: slot
                .json()
                .transpose()
                .map_err(|e| ByNameError::Call(Box::new(e)))?
                .unwrap_or_default(),
            warnings: success.warnings,
            messages: success.messages,
            raw_json: success.answer.body,
        }),
        Err(Error::Api(api)) => Err(ByNameError::Api {
            code: api.error.0,
            needed: api.needed,
            provided: api.provided,
            messages: api.messages,
            warnings: api.warnings,
        }),
        Err(Error::InvalidArgument(invalid)) => Err(ByNameError::InvalidArgument(invalid)),
        Err(other) => Err(ByNameError::Call(Box::new(other))),
    }
}

/// One method's by-name call: `M`'s request parsed from `args`, sent, and its outcome turned into
/// JSON and wire codes; boxed so that every method's call has one type and the generated
/// `call_by_name` is a table of function pointers rather than a `match` of one arm per method
/// (which made `by_name.rs` grow with the API).
pub(crate) type ByNameCall =
    for<'a> fn(&'a crate::Client, &'a [(String, String)]) -> ByNameFuture<'a>;

/// What a [`ByNameCall`] returns.
pub(crate) type ByNameFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ByNameOutcome, ByNameError>> + Send + 'a>>;

/// The [`ByNameCall`] of `M`'s method.
// With no API family enabled (`--no-default-features --features cli`) the table is empty.
#[allow(dead_code)]
pub(crate) fn call_boxed<'a, M>(
    client: &'a crate::Client,
    args: &'a [(String, String)],
) -> ByNameFuture<'a>
where
    M: FromArgs + Send + Sync + 'static,
{
    // The erased call itself: no future per method.
    Box::pin(erased_call(client, prepare::<M>(args)))
}

/// Calls `method` through the call at its position in `names` (the generated `METHOD_NAMES`
/// and its table of calls, compiled with the same features so they line up).
pub(crate) async fn call_in_table(
    names: &[&str],
    calls: &[ByNameCall],
    client: &crate::Client,
    method: &str,
    args: &[(String, String)],
) -> Result<ByNameOutcome, ByNameError> {
    match names.iter().position(|name| *name == method) {
        Some(index) => calls[index](client, args).await,
        None => Err(ByNameError::UnknownMethod(method.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_each_type() {
        let given = args(&[
            ("s", "x"),
            ("b", "true"),
            ("i", "-4"),
            ("f", "2.5"),
            ("l", "a, b,"),
        ]);
        let mut parser = ArgParser::new("m.x", &["s", "b", "i", "f", "l", "o"], &given).unwrap();
        assert_eq!(parser.required::<String>("s").unwrap(), "x");
        assert!(parser.required::<bool>("b").unwrap());
        assert_eq!(parser.required::<i64>("i").unwrap(), -4);
        assert_eq!(parser.required::<f64>("f").unwrap(), 2.5);
        assert_eq!(parser.required::<Vec<String>>("l").unwrap(), ["a", "b"]);
        assert_eq!(parser.optional::<String>("o").unwrap(), None);
    }

    #[test]
    fn help_lists_required_arguments_first() {
        const ARGUMENTS: &[ArgHelp] = &[
            ArgHelp {
                name: "flag",
                required: false,
                ty: "boolean",
                default: Some("false"),
                description: "Turns it on.",
            },
            ArgHelp {
                name: "channel",
                required: true,
                ty: "string",
                default: None,
                description: "Where.",
            },
        ];
        let help = MethodHelp {
            name: "m.x",
            description: "Does x.",
            scopes: &[("bot", &["a:read", "b:read"]), ("user", &["a:read"])],
            rate_limit: "Tier 2",
            arguments: ARGUMENTS,
        };
        assert_eq!(
            help.to_string(),
            "m.x: Does x.\n\nusage: slack m.x [name=value ...]\n\narguments:\n  \
             channel (required, string)\n      Where.\n  \
             flag (optional, boolean, default false)\n      Turns it on.\n\n\
             scopes, bot token: a:read, b:read (any one)\nscopes, user token: a:read\nrate limit: Tier 2"
        );
    }

    #[test]
    fn usage_errors_name_the_culprit() {
        let unknown = ArgParser::new("m.x", &["a"], &args(&[("zz", "1")])).unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("unknown argument `zz` for m.x")
        );
        let twice = ArgParser::new("m.x", &["a"], &args(&[("a", "1"), ("a", "2")])).unwrap_err();
        assert!(twice.to_string().contains("more than once"));
        let mut parser = ArgParser::new("m.x", &["a", "b"], &args(&[("b", "yes")])).unwrap();
        let missing = parser.required::<String>("a").unwrap_err();
        assert!(missing.to_string().contains("needs the argument `a`"));
        let wrong = parser.optional::<bool>("b").unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "argument `b` of m.x: expected true or false, got `yes`"
        );
        assert!(wrong.is_usage());
    }
}
