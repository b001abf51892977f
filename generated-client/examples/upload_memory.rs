//! How much memory `client.upload` takes beyond what the process held before: uploads a large
//! file (200 MiB by default) to the mock Slack in this process and prints the resident set
//! before and the peak (`VmRSS`, `VmHWM` of `/proc/self/status`, Linux). A benchmark that
//! reports, with a verdict against issue 24's budget of 20 MiB; not a timed test.
//!
//! ```sh
//! cargo run --release -p slack-api-client --example upload_memory --features testing -- stream
//! cargo run --release -p slack-api-client --example upload_memory --features testing -- path 200
//! ```
//!
//! `stream` makes the bytes as they are read (`UploadFile::from_stream`); `path` writes them to
//! a temporary file first and uploads that (`UploadFile::from_path`). The mock receives in the
//! same process (keeping only a digest), so the figure is the sender's and the receiver's
//! together: an upper bound on the client's.

use std::io::Write;
use std::process::ExitCode;

use futures_util::{StreamExt, stream};
use slack_api_client::testing::{ByteDigest, MockSlack};
use slack_api_client::{Client, Upload, UploadFile};

const MIB: u64 = 1024 * 1024;
const CHUNK: usize = 64 * 1024;
/// Issue 24's budget for the memory an upload adds.
const BUDGET: u64 = 20 * MIB;

/// A field of `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes.
fn status(field: &str) -> Result<u64, String> {
    let text = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status (Linux only): {e}"))?;
    text.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024)
        .ok_or_else(|| format!("no {field} in /proc/self/status"))
}

/// Chunk `index` of the test bytes.
fn chunk(index: u64) -> Vec<u8> {
    (0..CHUNK)
        .map(|byte| (index as usize).wrapping_mul(31).wrapping_add(byte) as u8)
        .collect()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let source = args.next().unwrap_or_else(|| "stream".to_owned());
    let mib: u64 = match args.next().map(|text| text.parse()) {
        None => 200,
        Some(Ok(mib)) if mib > 0 => mib,
        Some(_) => {
            eprintln!("usage: upload_memory [stream|path] [MiB, default 200]");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&source, mib)) {
        Ok(within_budget) if within_budget => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Uploads `mib` MiB from `source` and prints the figures; whether they are within budget.
async fn run(source: &str, mib: u64) -> Result<bool, Box<dyn std::error::Error>> {
    let length = mib * MIB;
    let chunks = length / CHUNK as u64;
    let mut expected = ByteDigest::new();
    let path = std::env::temp_dir().join(format!("upload_memory_{}.bin", std::process::id()));
    if source == "path" {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for index in 0..chunks {
            let bytes = chunk(index);
            expected.update(&bytes);
            file.write_all(&bytes)?;
        }
        file.flush()?;
    } else if source != "stream" {
        return Err(format!("unknown source `{source}`: expected stream or path").into());
    } else {
        for index in 0..chunks {
            expected.update(&chunk(index));
        }
    }

    let slack = MockSlack::start().await?;
    slack.keep_upload_bytes(0);
    let client = Client::builder("xoxb-memory")
        .base_url(slack.base_url())
        .build()?;
    let file = if source == "path" {
        UploadFile::from_path(&path)
    } else {
        let bytes = stream::iter(0..chunks).map(|index| Ok::<_, std::io::Error>(chunk(index)));
        UploadFile::from_stream("big.bin", length, bytes)
    };

    let rss_before = status("VmRSS")?;
    let peak_before = status("VmHWM")?;
    let started = std::time::Instant::now();
    let result = client.upload(Upload::new(file)).await;
    let elapsed = started.elapsed();
    let peak_after = status("VmHWM")?;
    let rss_after = status("VmRSS")?;
    if source == "path" {
        std::fs::remove_file(&path)?;
    }
    result?;

    let received = slack.uploads();
    let intact = received.len() == 1
        && received[0].length == length
        && received[0].digest == expected.finish();
    // The peak can only have grown during the upload; what it grew to, over what was resident
    // before, is what the upload added at most.
    let extra = peak_after.saturating_sub(rss_before);
    let show = |bytes: u64| format!("{:.1} MiB", bytes as f64 / MIB as f64);
    println!("upload of {mib} MiB from a {source} in {elapsed:.2?}, bytes intact: {intact}");
    println!(
        "VmRSS before {}, VmHWM before {}, VmHWM after {}, VmRSS after {}",
        show(rss_before),
        show(peak_before),
        show(peak_after),
        show(rss_after)
    );
    let within = extra < BUDGET;
    println!(
        "extra peak memory: {} (budget {}): {}",
        show(extra),
        show(BUDGET),
        if within { "within" } else { "OVER" }
    );
    Ok(within && intact)
}
