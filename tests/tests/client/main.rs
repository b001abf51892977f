//! The client, used as an app uses it: calls through the whole client against loopback servers
//! (the mock Slack, stand-ins, the examples as processes), the runtime's behaviour, the mock
//! Slack itself, load and faults, and decoding. One test binary for the lot (every binary is
//! one more link in a cold CI run); one module per feature.

mod support;

mod answers_lossless;
mod app_tokens;
mod call_options;
mod cli;
mod contract;
mod every_method;
mod features;
mod file_arguments;
mod first_calls;
mod http;
mod json_arguments;
mod load_faults;
mod load_throttle;
mod methods;
mod mock_slack;
mod oauth;
mod observe;
mod paging;
mod prop_decode;
mod readme_examples;
mod retries;
mod rotation;
mod runtime;
mod upload;
mod word_enums;
mod workspaces;
