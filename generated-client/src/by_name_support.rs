//! Calling a method by its wire name with `name=value` strings (the example CLI's engine). (STUB.)

use crate::method::{InvalidArgument, ListFormat};

/// What a by-name call produced.
#[derive(Debug)]
pub struct ByNameOutcome {
    /// The decoded response, re-encoded as JSON.
    pub response: serde_json::Value,
    /// Warning codes.
    pub warnings: Vec<String>,
}

/// Why a by-name call failed.
#[derive(Debug)]
pub enum ByNameError {
    /// Not a method of this client.
    UnknownMethod(String),
    /// Bad usage: unknown/missing argument, bad value.
    Usage(String),
    /// A spec constraint was broken.
    InvalidArgument(InvalidArgument),
}

/// A parsed argument type.
pub trait FromArg: Sized {
    /// Parses a command-line value.
    fn from_arg(value: &str) -> Result<Self, String>;
}

/// Arguments of one by-name call, checked against the method's argument names.
pub struct ArgParser {
    _p: (),
}

impl ArgParser {
    /// Starts parsing `args` for `method`, refusing names not in `known`.
    pub fn new(method: &'static str, known: &[&'static str], args: &[(String, String)]) -> Result<Self, ByNameError> {
        let _ = (method, known, args);
        unimplemented!()
    }
    /// A required argument.
    pub fn required<T: FromArg>(&mut self, name: &'static str) -> Result<T, ByNameError> {
        let _ = name;
        unimplemented!()
    }
    /// An optional argument.
    pub fn optional<T: FromArg>(&mut self, name: &'static str) -> Result<Option<T>, ByNameError> {
        let _ = name;
        unimplemented!()
    }
}

#[allow(dead_code)]
fn _unused(_: ListFormat) {}

/// Sends a typed request and turns its outcome into JSON and wire codes.
pub async fn call_erased<M: crate::Method>(
    client: &crate::Client,
    request: &M,
) -> Result<ByNameOutcome, ByNameError> {
    let _ = (client, request);
    unimplemented!()
}
