//! `cargo xtask <command>`: argument parsing only; the work lives in the `codegen` library.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]                 regenerate generated-client/ and spec schemas from spec/
                                    (--check: write nothing, fail if anything would change)
  spec-import <page.txt> [--out F]  draft a spec from a Slack doc page copied as text
  spec-lint --doc <page.txt> [spec] compare a spec with a doc page";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "codegen" => codegen_command(rest),
        // spec-import / spec-lint: see the curation commands below.
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root, so the command works from any directory inside it.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn codegen_command(args: &[String]) -> ExitCode {
    let mode = match args {
        [] => codegen::Mode::Write,
        [flag] if flag == "--check" => codegen::Mode::Check,
        _ => {
            eprintln!("error: `codegen` takes only `--check`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(&workspace_root(), mode) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
