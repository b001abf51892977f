//! The spec format itself: its JSON Schemas, the examples specs carry (decoded by the generated
//! types), and any mutated spec refused or generated without a panic.
//!
//! One test binary for what were several: each is one more link in a cold CI run. (A test
//! binary's root is like a `mod.rs`, so its modules' files are named with `path`.)

#[path = "codegen_specs/codegen_decode_examples.rs"]
mod codegen_decode_examples;
#[path = "codegen_specs/codegen_schema.rs"]
mod codegen_schema;
#[path = "codegen_specs/prop_codegen_specs.rs"]
mod prop_codegen_specs;
