//! The generator: the checked-in code and its public API summary, refused specs and their
//! diagnostics, awkward names, the spec format's schemas, and the examples specs carry. One
//! test binary; one module per concern.

mod awkward;
mod bad_input;
mod decode_examples;
mod deprecation;
mod prop_specs;
mod schema;
mod snapshots;
