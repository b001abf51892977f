//! `cargo xtask <command>`: argument parsing only; the work lives in the `codegen` library.

mod bench;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]                 regenerate generated-client/ and spec schemas from spec/
                                    (--check: write nothing, fail if anything would change)
  spec-import <page> [--out F]      draft a spec from a Slack doc page: its twin
              [--force]             (<method>.json from docs.slack.dev) or the page copied
                                    as text (default spec/<method>.json; --force replaces)
  spec-lint --doc <page> [spec]     compare a spec with a doc page (twin or text)
  spec-lint --docs <DIR>            compare every spec with its page in DIR, by method name
            [--format json]         (a twin preferred to text); exit 1 if any differs
  spec-answers --docs <DIR>         check every spec's answer types against its twin's example
               [--observed <DIR>]   answers (and what real answers carried, observed/): list
               [--verbose]          misfits and missing required members (exit 1 if any) and
                                    count members left to `extra` (--verbose lists them)
  bench [--quick] [--cold]          time codegen, the client's build and its calls, and the
        [--codegen-only] [--peers]  whole API drafted from the twins in DIR (default
        [--docs DIR]                ../shared/docs/slack; skipped when missing); writes
                                    target/bench-summary.json (--cold: also a clean clone;
                                    --codegen-only: codegen figures alone; --peers: also
                                    slack-morphism's build, in the same run)

environment:
  CODEGEN_ROOT                      the workspace to work on (default: the one holding xtask)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "codegen" => codegen_command(rest),
        // spec-import / spec-lint: see the curation commands below.
        "spec-import" => spec_import_command(rest),
        "spec-lint" => spec_lint_command(rest),
        "spec-answers" => spec_answers_command(rest),
        "bench" => bench::command(&workspace_root(), rest),
        #[cfg(feature = "calls")]
        "bench-calls" => bench::calls::command(&workspace_root(), rest),
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

/// The workspace root, so the command works from any directory inside it; `CODEGEN_ROOT`
/// points it at another copy (tests run it on scratch workspaces).
fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("CODEGEN_ROOT") {
        return PathBuf::from(root);
    }
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

// Curation commands: `spec-import` drafts a spec from a doc page, `spec-lint` compares one with
// its page. Exit codes: 0 done (lint: clean), 1 failed (lint: differences), 2 usage or input errors.

/// A curation command's options: flags that take a value, switches, and one positional path.
#[derive(Debug, Default)]
struct Options {
    values: Vec<(&'static str, PathBuf)>,
    switches: Vec<&'static str>,
    positional: Option<PathBuf>,
}

impl Options {
    fn scan(
        command: &str,
        args: &[String],
        with_value: &[&'static str],
        switches: &[&'static str],
    ) -> Result<Options, String> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if let Some(&flag) = with_value.iter().find(|flag| *flag == arg) {
                let value = args.next().ok_or(format!("`{flag}` needs a file"))?;
                options.values.push((flag, PathBuf::from(value)));
            } else if let Some(&switch) = switches.iter().find(|switch| *switch == arg) {
                options.switches.push(switch);
            } else if arg.starts_with('-') {
                return Err(format!("`{command}` has no option `{arg}`"));
            } else if options.positional.replace(PathBuf::from(arg)).is_some() {
                return Err(format!(
                    "`{command}` takes one path; `{arg}` is one too many"
                ));
            }
        }
        Ok(options)
    }

    fn value(&self, flag: &str) -> Option<PathBuf> {
        self.values
            .iter()
            .rev()
            .find(|(given, _)| *given == flag)
            .map(|(_, value)| value.clone())
    }
}

/// `spec-import <page.txt> [--out F] [--force]`.
#[derive(Debug)]
struct ImportArgs {
    page: PathBuf,
    out: Option<PathBuf>,
    force: bool,
}

fn parse_import_args(args: &[String]) -> Result<ImportArgs, String> {
    let options = Options::scan("spec-import", args, &["--out"], &["--force"])?;
    Ok(ImportArgs {
        out: options.value("--out"),
        force: options.switches.contains(&"--force"),
        page: options
            .positional
            .ok_or("`spec-import` needs the page file to import")?,
    })
}

fn spec_import_command(args: &[String]) -> ExitCode {
    let args = match parse_import_args(args) {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    let root = workspace_root();
    let (page, draft) = match spec_curate::import_file(&args.page, &root) {
        Ok(read) => read,
        Err(error) => return input_error(&error),
    };
    eprintln!("read {}: {}", args.page.display(), page.summary());
    // Everything the reader could not interpret or had to assume, so nothing is guessed silently.
    for note in &draft.notes {
        eprintln!("note: {}", note.located(&args.page));
    }
    let out = args
        .out
        .unwrap_or_else(|| spec_curate::spec_path(&root, &draft.spec.name));
    if let Err(error) = spec_curate::write_draft(&draft, &out, args.force) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    let shown = out.strip_prefix(&root).unwrap_or(&out);
    println!(
        "wrote {}: replace every \"{}\", then run `cargo xtask spec-lint --doc {} {}`",
        shown.display(),
        codegen::spec::DRAFT_MARKER,
        args.page.display(),
        shown.display()
    );
    ExitCode::SUCCESS
}

/// `spec-lint --doc <page> [spec]` or `spec-lint --docs <DIR> [--format json]`.
#[derive(Debug)]
enum LintArgs {
    One {
        page: PathBuf,
        spec: Option<PathBuf>,
    },
    All {
        docs: PathBuf,
        json: bool,
    },
}

fn parse_lint_args(args: &[String]) -> Result<LintArgs, String> {
    let options = Options::scan("spec-lint", args, &["--doc", "--docs", "--format"], &[])?;
    let json = match options.value("--format") {
        None => false,
        Some(format) if format.as_os_str() == "json" => true,
        Some(format) if format.as_os_str() == "text" => false,
        Some(other) => {
            return Err(format!(
                "`--format` takes `json` or `text`, not `{}`",
                other.display()
            ));
        }
    };
    match (options.value("--doc"), options.value("--docs")) {
        (Some(_), Some(_)) => {
            Err("`spec-lint` takes `--doc <page>` or `--docs <DIR>`, not both".into())
        }
        (None, Some(docs)) if options.positional.is_none() => Ok(LintArgs::All { docs, json }),
        (None, Some(_)) => Err("`--docs` finds each spec itself; name no spec".into()),
        (Some(page), None) if !json => Ok(LintArgs::One {
            page,
            spec: options.positional,
        }),
        (Some(_), None) => Err("`--format json` goes with `--docs <DIR>`".into()),
        (None, None) => Err("`spec-lint` needs `--doc <page>` or `--docs <DIR>`".into()),
    }
}

fn spec_lint_command(args: &[String]) -> ExitCode {
    let (page, spec) = match parse_lint_args(args) {
        Ok(LintArgs::One { page, spec }) => (page, spec),
        Ok(LintArgs::All { docs, json }) => return spec_lint_dir(&docs, json),
        Err(message) => return usage_error(&message),
    };
    let args = LintOne { page, spec };
    let root = workspace_root();
    let report = match spec_curate::lint_files(&args.page, args.spec.as_deref(), &root) {
        Ok(report) => report,
        Err(error) => return input_error(&error),
    };
    // A difference may hide in a line the reader could not interpret.
    for note in &report.page_notes {
        eprintln!("note: {}", note.located(&args.page));
    }
    eprintln!("read {}: {}", args.page.display(), report.read);
    let spec = report
        .spec_file
        .strip_prefix(&root)
        .unwrap_or(&report.spec_file);
    if report.differences.is_empty() {
        println!("clean: {} matches {}", spec.display(), args.page.display());
        return ExitCode::SUCCESS;
    }
    for difference in &report.differences {
        println!("{}: {difference}", spec.display());
    }
    let count = report.differences.len();
    println!(
        "{count} difference{} between {} and {}",
        if count == 1 { "" } else { "s" },
        spec.display(),
        args.page.display()
    );
    ExitCode::FAILURE
}

/// `spec-answers`: every answer of the twins (and `observed/`) against the generated types.
fn spec_answers_command(args: &[String]) -> ExitCode {
    let options = match Options::scan(
        "spec-answers",
        args,
        &["--docs", "--observed"],
        &["--verbose"],
    ) {
        Ok(options) if options.positional.is_none() => options,
        Ok(_) => return usage_error("`spec-answers` takes no positional argument"),
        Err(message) => return usage_error(&message),
    };
    let Some(docs) = options.value("--docs") else {
        return usage_error("`spec-answers` needs `--docs <DIR>` (the twins)");
    };
    let verbose = options.switches.contains(&"--verbose");
    let model = match codegen::model(&workspace_root()) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let observed = options.value("--observed");
    let checks = match spec_curate::answers::check_dirs(&model, &docs, observed.as_deref()) {
        Ok(checks) => checks,
        Err(error) => return input_error(&error),
    };
    let (mut problems, mut extra) = (0, 0);
    for check in &checks {
        for finding in &check.findings {
            if finding.is_problem() {
                problems += 1;
                println!("{}: {}: {finding}", check.method, check.source);
            } else {
                extra += 1;
                if verbose {
                    println!("{}: {}: {finding}", check.method, check.source);
                }
            }
        }
    }
    let methods: std::collections::BTreeSet<&str> =
        checks.iter().map(|check| check.method.as_str()).collect();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "{} of {}: {}, {} left to extra{}",
        count(checks.len(), "answer", "answers"),
        count(methods.len(), "method", "methods"),
        count(
            problems,
            "misfit or missing member",
            "misfits or missing members"
        ),
        count(extra, "member", "members"),
        if verbose || extra == 0 {
            ""
        } else {
            " (--verbose lists them)"
        }
    );
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One page and, maybe, the spec to compare it with.
struct LintOne {
    page: PathBuf,
    spec: Option<PathBuf>,
}

/// `spec-lint --docs DIR`: one line a method (its differences under it), then the totals.
fn spec_lint_dir(docs: &std::path::Path, json: bool) -> ExitCode {
    let root = workspace_root();
    let result = match spec_curate::lint_dir(docs, &root) {
        Ok(result) => result,
        Err(error) => return input_error(&error),
    };
    if json {
        match serde_json::to_string_pretty(&result) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: cannot write the result as JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_dir_lint(&result, &root);
    }
    if result.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_dir_lint(result: &spec_curate::DirLint, root: &std::path::Path) {
    use spec_curate::DirStatus;
    let shown = |path: &Option<PathBuf>| {
        path.as_deref()
            .map(|path| {
                path.strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            })
            .unwrap_or_default()
    };
    for entry in &result.entries {
        let (page, spec) = (shown(&entry.page), shown(&entry.spec));
        match entry.status {
            DirStatus::InSync => println!(
                "in sync: {spec} matches {page} ({})",
                entry.read.as_deref().unwrap_or_default()
            ),
            DirStatus::Differ => {
                println!(
                    "differ: {spec} and {page} ({})",
                    entry.read.as_deref().unwrap_or_default()
                );
                for difference in &entry.differences {
                    println!("  {spec}: {}", difference.message);
                }
            }
            DirStatus::Unreadable => println!(
                "differ: {}",
                entry.error.as_deref().unwrap_or("could not be read")
            ),
            DirStatus::PageWithoutSpec => println!(
                "page without spec: {page} (draft one with `cargo xtask spec-import {page}`)"
            ),
            DirStatus::SpecWithoutPage => {
                println!(
                    "spec without page: {spec} (no {} page in the folder)",
                    entry.method
                )
            }
        }
        for note in &entry.page_notes {
            eprintln!("note: {note}");
        }
    }
    println!("{}", result.summary());
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// A page or spec the command cannot use: nothing was compared or written.
fn input_error(error: &spec_curate::CurateError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}
