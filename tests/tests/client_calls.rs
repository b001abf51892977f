//! Calls through the whole client against loopback servers (the mock Slack, stand-ins, the
//! `first_calls` example as a process), one test binary for the lot: each module below was a
//! binary of its own, and every binary is one more link in a cold CI run. (A test binary's root
//! is like a `mod.rs`, so its modules' files are named with `path`.)

mod client_support;

#[path = "client_calls/client_call_options.rs"]
mod client_call_options;
#[path = "client_calls/client_cli.rs"]
mod client_cli;
#[path = "client_calls/client_contract.rs"]
mod client_contract;
#[path = "client_calls/client_http.rs"]
mod client_http;
#[path = "client_calls/client_paging.rs"]
mod client_paging;
#[path = "client_calls/client_upload.rs"]
mod client_upload;
#[path = "client_calls/client_workspaces.rs"]
mod client_workspaces;
#[path = "client_calls/every_method.rs"]
mod every_method;
#[path = "client_calls/first_calls.rs"]
mod first_calls;
#[path = "client_calls/json_arguments.rs"]
mod json_arguments;
#[path = "client_calls/word_enums.rs"]
mod word_enums;
