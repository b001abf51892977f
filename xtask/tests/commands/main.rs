//! `cargo xtask` as real processes on scratch copies of the workspace: `codegen` and its
//! `--check`, runs that fail or are killed part-way, reruns, and the docs tooling's commands.
//! One test binary; one module per command's concern.

mod codegen_atomic;
mod codegen_check;
mod codegen_rerun;
mod curate;
