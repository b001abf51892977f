//! `cargo xtask bench`: the figures of issues 8 and 21 from one run on this machine, printed as
//! a table and written to `target/bench-summary.json`. It reports; nothing here enforces a target.
//!
//! - generated lines per method, and `cargo xtask codegen` (as the README runs it) time and peak
//!   memory on scratch workspaces of 3 copies of conversations.info and of 322, the size of
//!   Slack's whole Web API (the targets are set there);
//! - the real client: `cargo xtask codegen` of this workspace's `spec/` (write every file,
//!   rerun), its lines per method, and its full debug build with every API family, with none
//!   and with one (`chat`), whence the marginal build cost of a method, (every - none) / methods;
//! - the whole API: a workspace of the curated `spec/` and a draft of every other method twin in
//!   `--docs DIR` (default `../shared/docs/slack`; skipped when missing), made generatable by
//!   the rules of `bench/drafts.rs`: its codegen, lines and full debug build with every family
//!   and with one (`chat`);
//! - with `--peers`, slack-morphism (pinned, see [`peers`]) built the same way in the same run,
//!   and the whole API's build time over its;
//! - calls per second of the client against plain reqwest on loopback (see `bench/calls.rs`);
//! - with `--cold`, the first `cargo xtask codegen` after a clean clone, build included.
//!
//! Every build is a full debug build of one crate whose dependencies were built first in a
//! scratch target directory, with `CARGO_INCREMENTAL=0`; the median of the repeats is reported.

#[cfg(feature = "calls")]
pub mod calls;
mod drafts;
mod measure;
mod peers;
mod scratch;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

use measure::Cost;
use serde_json::{Value, json};

/// Method counts the codegen figures are taken at: a floor (cargo, process start, the runtime's
/// fixed files) and Slack's whole Web API, 322 methods today.
const SIZES: [usize; 2] = [3, API_SIZE];
/// How many methods Slack's Web API has: the size the performance targets are set at.
const API_SIZE: usize = 322;
/// Where the method twins are, relative to the workspace root, unless `--docs` says.
const DEFAULT_DOCS: &str = "../shared/docs/slack";
/// The one family of the one-family builds, and the features that build it (TLS kept).
const ONE_FAMILY: &str = "rustls,chat";
/// The features of a client without any family: the runtime alone.
const NO_FAMILY: &str = "rustls";
const MIB: f64 = 1024.0 * 1024.0;

/// What `bench` was asked to do.
#[derive(Debug, Clone)]
struct Options {
    /// Fewer repetitions and calls: a smoke run.
    quick: bool,
    /// Also time the first `cargo xtask codegen` of a clean clone (builds xtask from nothing).
    cold: bool,
    /// Only the codegen figures (no client build, no calls): for iterating on the generator.
    codegen_only: bool,
    /// Also build slack-morphism, for the whole API's ratio to it.
    peers: bool,
    /// The folder of Slack's method twins the whole API is drafted from.
    docs: PathBuf,
}

impl Options {
    fn repeats(&self) -> usize {
        if self.quick { 1 } else { 3 }
    }
}

/// `bench [--quick] [--cold] [--codegen-only] [--peers] [--docs DIR]`.
pub fn command(root: &Path, args: &[String]) -> ExitCode {
    let mut options = Options {
        quick: false,
        cold: false,
        codegen_only: false,
        peers: false,
        docs: root.join(DEFAULT_DOCS),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--cold" => options.cold = true,
            "--codegen-only" => options.codegen_only = true,
            "--peers" => options.peers = true,
            "--docs" => match args.next() {
                Some(dir) => options.docs = PathBuf::from(dir),
                None => {
                    eprintln!("error: `--docs` needs the folder of method twins");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!(
                    "error: `bench` takes only `--quick`, `--cold`, `--codegen-only`, `--peers` \
                     and `--docs DIR`, not `{other}`"
                );
                return ExitCode::from(2);
            }
        }
    }
    // `../shared/docs/slack` as the folder it names, for the summary.
    if let Ok(docs) = options.docs.canonicalize() {
        options.docs = docs;
    }
    let summary = match run(root, &options) {
        Ok(summary) => summary,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", table(&summary));
    let out = root.join("target").join("bench-summary.json");
    match write_json(&out, &summary) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `value` to `out` as pretty JSON.
fn write_json(out: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(out, text + "\n").map_err(|e| format!("cannot write {}: {e}", out.display()))
}

fn run(root: &Path, options: &Options) -> Result<Value, String> {
    let mut summary = json!({ "machine": machine(), "quick": options.quick });
    let started = std::time::Instant::now();
    let mut codegen = Vec::new();
    for methods in SIZES {
        progress(&format!("codegen on {methods} methods"));
        codegen.push(codegen_figures(root, methods, options)?);
    }
    summary["codegen"] = Value::Array(codegen);
    progress("codegen of the real spec/");
    summary["real_codegen"] = real_codegen_figures(root, options)?;
    let whole_api = whole_api_workspace(root, options)?;
    if let Some((workspace, counts)) = &whole_api {
        progress("codegen of the whole API");
        summary["whole_api"] = whole_api_codegen_figures(root, workspace, *counts, options)?;
    } else {
        summary["whole_api"] = json!({ "skipped": skipped_message(&options.docs) });
    }
    if !options.codegen_only {
        progress("debug builds of the real client: every family, none, one");
        summary["real_build"] = real_build_figures(root, options)?;
        if let Some((workspace, _)) = &whole_api {
            progress("debug builds of the whole API: every family, one");
            summary["whole_api"]["build"] = whole_api_build_figures(root, workspace, options)?;
        }
        if options.peers {
            progress(&format!(
                "debug build of slack-morphism {}",
                peers::SLACK_MORPHISM_VERSION
            ));
            let peer = peers::slack_morphism_figures(root, options)?;
            summary["peers"] = json!({
                "slack_morphism": peer,
                "whole_api_over_slack_morphism": number(&summary["whole_api"]["build"]
                    ["every_family"]["seconds"])
                    / number(&peer["seconds"]),
            });
        }
        progress("calls per second on loopback (release build of `xtask --features calls`)");
        summary["calls"] = call_figures(root, options)?;
    }
    if options.cold {
        progress("first `cargo xtask codegen` of a clean clone");
        summary["cold_codegen"] = cold_figures(root)?;
    }
    summary["machine"]["load_at_end"] = load_average().into();
    // Only now, when no figure is being taken: see `scratch::discard`.
    scratch::empty_trash(root)?;
    summary["total_seconds"] = started.elapsed().as_secs_f64().into();
    Ok(summary)
}

fn progress(step: &str) {
    eprintln!("bench: {step} ...");
}

/// What the summary and the log say when the twins are not there.
fn skipped_message(docs: &Path) -> String {
    format!(
        "no method twins at {}: the whole-API figures are skipped (pass `--docs DIR` with \
         Slack's `<method>.json` twins)",
        docs.display()
    )
}

/// A JSON number of the summary, `NaN` when it is missing.
fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// `cargo`, the same one that runs this command.
fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo xtask codegen` on a scratch copy of the workspace, run from this workspace exactly as
/// the README says (so cargo's check that xtask is fresh is part of the time).
fn codegen_command(root: &Path, workspace: &Path) -> Command {
    let mut command = cargo();
    command
        .args(["xtask", "codegen"])
        .current_dir(root)
        .env("CODEGEN_ROOT", workspace);
    command
}

/// Time and memory of writing every file into an empty `generated/`, and of a run that finds
/// everything up to date (what a user's rerun costs); medians over the repeats.
fn codegen_figures(root: &Path, methods: usize, options: &Options) -> Result<Value, String> {
    let workspace = scratch::scratch_dir(root, &format!("codegen-{methods}"));
    scratch::synthetic_workspace(root, &workspace, methods)?;
    let (writes, reruns) = codegen_runs(root, &workspace, options)?;
    let lines = scratch::count_lines(&workspace.join(GENERATED))?;
    Ok(json!({
        "methods": methods,
        "generated_lines": lines,
        "lines_per_method": lines as f64 / methods as f64,
        "write_seconds": median_seconds(&writes),
        "write_cpu_seconds": median_cpu_seconds(&writes),
        "rerun_seconds": median_seconds(&reruns),
        "rerun_cpu_seconds": median_cpu_seconds(&reruns),
        "peak_rss_mib": peak_mib(writes.iter().chain(&reruns)),
    }))
}

/// Where the generated files are, under a workspace.
const GENERATED: &str = "generated-client/src/generated";

/// `cargo xtask codegen` on `workspace`: writing every file into an empty `generated/`, then
/// rerun with everything up to date, each as often as the options say.
fn codegen_runs(
    root: &Path,
    workspace: &Path,
    options: &Options,
) -> Result<(Vec<Cost>, Vec<Cost>), String> {
    let generated = workspace.join(GENERATED);
    let log = workspace.join("codegen.log");
    let mut writes = Vec::new();
    let mut reruns = Vec::new();
    for _ in 0..options.repeats() {
        // Moved aside, not deleted: see `scratch::discard`.
        if generated.exists() {
            scratch::discard(root, &generated)?;
        }
        writes.push(measure::run(&mut codegen_command(root, workspace), &log)?);
    }
    for _ in 0..options.repeats() {
        reruns.push(measure::run(&mut codegen_command(root, workspace), &log)?);
    }
    Ok((writes, reruns))
}

/// `cargo xtask codegen` on a copy of this workspace: every file written, then a rerun.
fn real_codegen_figures(root: &Path, options: &Options) -> Result<Value, String> {
    let workspace = scratch::scratch_dir(root, "real");
    scratch::copy_workspace(root, &workspace)?;
    let (writes, reruns) = codegen_runs(root, &workspace, options)?;
    let methods = scratch::count_specs(&workspace)?;
    let lines = scratch::count_lines(&workspace.join(GENERATED))?;
    Ok(json!({
        "methods": methods,
        "generated_lines": lines,
        "lines_per_method": lines as f64 / methods.max(1) as f64,
        "write_seconds": median_seconds(&writes),
        "write_cpu_seconds": median_cpu_seconds(&writes),
        "rerun_seconds": median_seconds(&reruns),
        "peak_rss_mib": peak_mib(writes.iter().chain(&reruns)),
    }))
}

/// The whole-API workspace (see `bench/drafts.rs`), or `None` when the twins are not there.
fn whole_api_workspace(
    root: &Path,
    options: &Options,
) -> Result<Option<(PathBuf, drafts::WholeApi)>, String> {
    if !options.docs.is_dir() {
        eprintln!("bench: {}", skipped_message(&options.docs));
        return Ok(None);
    }
    progress(&format!(
        "drafting the whole API from the twins in {}",
        options.docs.display()
    ));
    let workspace = scratch::scratch_dir(root, "whole-api");
    let counts = drafts::whole_api_workspace(root, &workspace, &options.docs)?;
    Ok(Some((workspace, counts)))
}

/// `cargo xtask codegen` of the whole API writing every file (and a rerun), and its lines.
fn whole_api_codegen_figures(
    root: &Path,
    workspace: &Path,
    counts: drafts::WholeApi,
    options: &Options,
) -> Result<Value, String> {
    let (writes, reruns) = codegen_runs(root, workspace, options)?;
    let lines = scratch::count_lines(&workspace.join(GENERATED))?;
    Ok(json!({
        "docs": options.docs.display().to_string(),
        "methods": counts.methods(),
        "curated": counts.curated,
        "drafted": counts.drafted,
        "generated_lines": lines,
        "lines_per_method": lines as f64 / counts.methods().max(1) as f64,
        "write_seconds": median_seconds(&writes),
        "write_cpu_seconds": median_cpu_seconds(&writes),
        "rerun_seconds": median_seconds(&reruns),
        "peak_rss_mib": peak_mib(writes.iter().chain(&reruns)),
    }))
}

/// The whole API's full debug build with every family and with one.
fn whole_api_build_figures(
    root: &Path,
    workspace: &Path,
    options: &Options,
) -> Result<Value, String> {
    let target = scratch::scratch_dir(root, CLIENT_TARGET);
    Ok(json!({
        "every_family": client_build(workspace, &target, None, options)?,
        "one_family": client_build(workspace, &target, Some(ONE_FAMILY), options)?,
    }))
}

/// The target directory of every client build. The real client and the whole API share their
/// dependencies (each client is a crate of its own path, so neither rebuilds the other).
const CLIENT_TARGET: &str = "client-target";

/// The client crate of `workspace`, with `features` (`None`: its default ones): its dependencies
/// built first, then the client alone rebuilt `repeats` times; the median and the peak.
fn client_build(
    workspace: &Path,
    target: &Path,
    features: Option<&str>,
    options: &Options,
) -> Result<Value, String> {
    let log = workspace.join("build.log");
    let lib = workspace.join("generated-client/src/lib.rs");
    let build = || {
        let mut command = cargo();
        command
            .args(["build", "--package", "slack-api-client"])
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0");
        if let Some(features) = features {
            command.args(["--no-default-features", "--features", features]);
        }
        command
    };
    measure::run(&mut build(), &log)?;
    let mut builds = Vec::new();
    for _ in 0..options.repeats() {
        // A newer lib.rs makes cargo rebuild the client and nothing else.
        std::fs::File::options()
            .write(true)
            .open(&lib)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
        builds.push(measure::run(&mut build(), &log)?);
    }
    Ok(json!({
        "features": features.unwrap_or("default"),
        "seconds": median_seconds(&builds),
        "cpu_seconds": median_cpu_seconds(&builds),
        "rustc_peak_rss_mib": peak_mib(&builds),
    }))
}

/// The real client's full debug build with its default features (every family), with none
/// (the runtime alone) and with one (`chat`); and what a method adds to the build, the
/// difference between every family and none over the methods.
fn real_build_figures(root: &Path, options: &Options) -> Result<Value, String> {
    let workspace = scratch::scratch_dir(root, "real");
    let target = scratch::scratch_dir(root, CLIENT_TARGET);
    let every = client_build(&workspace, &target, None, options)?;
    let none = client_build(&workspace, &target, Some(NO_FAMILY), options)?;
    let one = client_build(&workspace, &target, Some(ONE_FAMILY), options)?;
    let methods = scratch::count_specs(&workspace)?;
    let per_method =
        |key: &str| 1000.0 * (number(&every[key]) - number(&none[key])) / methods.max(1) as f64;
    Ok(json!({
        "methods": methods,
        "marginal_ms_per_method": per_method("seconds"),
        "marginal_cpu_ms_per_method": per_method("cpu_seconds"),
        "every_family": every,
        "no_family": none,
        "one_family": one,
    }))
}

/// Builds `xtask --features calls` in release and runs its `bench-calls`.
fn call_figures(root: &Path, options: &Options) -> Result<Value, String> {
    let dir = scratch::scratch_dir(root, "calls");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let out = dir.join("calls.json");
    let mut command = cargo();
    command
        .args(["run", "--quiet", "--release", "--package", "xtask"])
        .args(["--features", "calls", "--", "bench-calls", "--out"])
        .arg(&out)
        .current_dir(root);
    if options.quick {
        command.arg("--quick");
    }
    measure::run(&mut command, &dir.join("calls.log"))?;
    let text =
        std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", out.display()))
}

/// `cargo xtask codegen` in a fresh copy of the sources with an empty target directory (the
/// first run after a clean clone, build included), then again (warm).
fn cold_figures(root: &Path) -> Result<Value, String> {
    let clone = scratch::scratch_dir(root, "cold-clone");
    let target = scratch::scratch_dir(root, "cold-target");
    scratch::copy_workspace(root, &clone)?;
    if target.exists() {
        scratch::discard(root, &target)?;
    }
    let log = clone.join("codegen.log");
    let codegen = || {
        let mut command = cargo();
        command
            .args(["xtask", "codegen"])
            .current_dir(&clone)
            .env_remove("CODEGEN_ROOT")
            .env("CARGO_TARGET_DIR", &target);
        command
    };
    let first = measure::run(&mut codegen(), &log)?;
    let warm = measure::run(&mut codegen(), &log)?;
    Ok(json!({
        "first_run_seconds": first.wall.as_secs_f64(),
        "first_run_cpu_seconds": first.cpu.as_secs_f64(),
        "warm_run_seconds": warm.wall.as_secs_f64(),
        "warm_peak_rss_mib": warm.peak_rss as f64 / MIB,
    }))
}

fn median_seconds(costs: &[Cost]) -> f64 {
    median(costs.iter().map(|cost| cost.wall))
}

fn median_cpu_seconds(costs: &[Cost]) -> f64 {
    median(costs.iter().map(|cost| cost.cpu))
}

fn median(durations: impl Iterator<Item = Duration>) -> f64 {
    let mut durations: Vec<Duration> = durations.collect();
    durations.sort();
    durations
        .get(durations.len() / 2)
        .map_or(f64::NAN, Duration::as_secs_f64)
}

fn peak_mib<'a>(costs: impl IntoIterator<Item = &'a Cost>) -> f64 {
    costs
        .into_iter()
        .map(|cost| cost.peak_rss)
        .max()
        .unwrap_or(0) as f64
        / MIB
}

/// Cores, CPU model and toolchain, so a figure can be compared with its machine.
fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    json!({ "cores": cores, "cpu": cpu, "rustc": rustc, "load_at_start": load_average() })
}

/// The 1-minute load average: on a shared machine, how much the wall times are inflated.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The summary as the table the README shows.
fn table(summary: &Value) -> String {
    let count = |value: &Value| value.as_u64().unwrap_or(0);
    let machine = &summary["machine"];
    let mut lines = vec![format!(
        "machine: {} cores, {}, {}; load average {:.1} at start, {:.1} at end{}",
        count(&machine["cores"]),
        machine["cpu"].as_str().unwrap_or("?"),
        machine["rustc"].as_str().unwrap_or("?"),
        number(&machine["load_at_start"]),
        number(&machine["load_at_end"]),
        if summary["quick"] == true {
            " (--quick: fewer repeats, not for quoting)"
        } else {
            ""
        }
    )];
    lines.push(String::new());
    lines.push(
        "`cargo xtask codegen` (as the README runs it) on N copies of conversations.info; \
         wall time (CPU time)"
            .into(),
    );
    lines.push(format!(
        "{:>7} | {:>9} | {:>12} | {:>17} | {:>17} | {:>8}",
        "methods", "lines", "lines/method", "write all", "up to date", "peak RSS"
    ));
    for row in summary["codegen"].as_array().into_iter().flatten() {
        lines.push(format!(
            "{:>7} | {:>9} | {:>12.0} | {:>6.2} s ({:>5.2} s) | {:>6.2} s ({:>5.2} s) | {:>4.0} MiB",
            count(&row["methods"]),
            count(&row["generated_lines"]),
            number(&row["lines_per_method"]),
            number(&row["write_seconds"]),
            number(&row["write_cpu_seconds"]),
            number(&row["rerun_seconds"]),
            number(&row["rerun_cpu_seconds"]),
            number(&row["peak_rss_mib"]),
        ));
    }
    lines.extend(real_rows(summary));
    lines.extend(whole_api_rows(summary));
    if let Some(calls) = summary.get("calls") {
        lines.extend(call_rows(calls));
    }
    if let Some(cold) = summary.get("cold_codegen") {
        lines.push(String::new());
        lines.push(format!(
            "clean clone: first `cargo xtask codegen` {:.1} s ({:.1} s CPU, build included), \
             then {:.2} s and {:.0} MiB",
            number(&cold["first_run_seconds"]),
            number(&cold["first_run_cpu_seconds"]),
            number(&cold["warm_run_seconds"]),
            number(&cold["warm_peak_rss_mib"]),
        ));
    }
    lines.join("\n")
}

/// One build's row: `label (features): wall (CPU), rustc peak`.
fn build_row(label: &str, row: &Value) -> String {
    format!(
        "{label} ({}): {:.1} s ({:.1} s CPU), rustc peak {:.0} MiB",
        row["features"].as_str().unwrap_or("?"),
        number(&row["seconds"]),
        number(&row["cpu_seconds"]),
        number(&row["rustc_peak_rss_mib"]),
    )
}

/// The real client's rows: its codegen, and its builds when they were taken.
fn real_rows(summary: &Value) -> Vec<String> {
    let codegen = &summary["real_codegen"];
    let mut lines = vec![
        String::new(),
        format!(
            "the real client ({} methods of spec/): codegen writing every file {:.2} s ({:.2} s \
             CPU), rerun {:.2} s, {:.0} MiB; {} lines, {:.0} a method",
            codegen["methods"].as_u64().unwrap_or(0),
            number(&codegen["write_seconds"]),
            number(&codegen["write_cpu_seconds"]),
            number(&codegen["rerun_seconds"]),
            number(&codegen["peak_rss_mib"]),
            codegen["generated_lines"].as_u64().unwrap_or(0),
            number(&codegen["lines_per_method"]),
        ),
    ];
    if let Some(build) = summary.get("real_build") {
        lines.push(
            "full debug builds (dependencies built, CARGO_INCREMENTAL=0, the crate alone rebuilt)"
                .into(),
        );
        for (key, label) in [
            ("every_family", "every family"),
            ("no_family", "no family"),
            ("one_family", "one family"),
        ] {
            lines.push(build_row(
                &format!("  the real client, {label}"),
                &build[key],
            ));
        }
        lines.push(format!(
            "  the real client's marginal cost of a method, (every family - none) / {}: {:.0} ms \
             ({:.0} ms CPU)",
            build["methods"].as_u64().unwrap_or(0),
            number(&build["marginal_ms_per_method"]),
            number(&build["marginal_cpu_ms_per_method"]),
        ));
    }
    lines
}

/// The whole API's rows (or why it was skipped), and slack-morphism's beside it.
fn whole_api_rows(summary: &Value) -> Vec<String> {
    let mut lines = vec![String::new()];
    lines.extend(whole_api_own_rows(&summary["whole_api"]));
    if let Some(peers) = summary.get("peers") {
        let peer = &peers["slack_morphism"];
        lines.push(build_row(
            &format!(
                "  slack-morphism {}, the crate alone",
                peer["version"].as_str().unwrap_or("?")
            ),
            peer,
        ));
        if let Some(ratio) = peers["whole_api_over_slack_morphism"].as_f64() {
            lines.push(format!(
                "  the whole API (every family) / slack-morphism, wall time in this run: {ratio:.2}x"
            ));
        }
    }
    lines
}

/// The whole API's codegen and build rows, or why it was skipped.
fn whole_api_own_rows(whole: &Value) -> Vec<String> {
    if let Some(reason) = whole["skipped"].as_str() {
        return vec![format!("the whole API: {reason}")];
    }
    let mut lines = vec![format!(
        "the whole API ({} methods: {} curated, {} drafted from the twins): codegen writing every \
         file {:.2} s ({:.2} s CPU), rerun {:.2} s, {:.0} MiB; {} lines, {:.0} a method",
        whole["methods"].as_u64().unwrap_or(0),
        whole["curated"].as_u64().unwrap_or(0),
        whole["drafted"].as_u64().unwrap_or(0),
        number(&whole["write_seconds"]),
        number(&whole["write_cpu_seconds"]),
        number(&whole["rerun_seconds"]),
        number(&whole["peak_rss_mib"]),
        whole["generated_lines"].as_u64().unwrap_or(0),
        number(&whole["lines_per_method"]),
    )];
    if let Some(build) = whole.get("build") {
        for (key, label) in [
            ("every_family", "every family"),
            ("one_family", "one family"),
        ] {
            lines.push(build_row(&format!("  the whole API, {label}"), &build[key]));
        }
    }
    lines
}

/// The table's rows for the client's calls (absent with `--codegen-only`).
fn call_rows(calls: &Value) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "calls per second on loopback (release), conversations.info GET".into(),
        format!(
            "{:>13} | {:>8} | {:>8} | {:>14}",
            "", "client", "reqwest", "client/reqwest"
        ),
    ];
    for (key, label) in [
        ("sequential", "one at a time"),
        ("in_flight_64", "64 in flight"),
    ] {
        let row = &calls[key];
        lines.push(format!(
            "{:>13} | {:>8.0} | {:>8.0} | {:>13.2}x",
            label,
            number(&row["client_per_second"]),
            number(&row["reqwest_per_second"]),
            number(&row["ratio"]),
        ));
    }
    lines
}
