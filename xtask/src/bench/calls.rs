//! Calls per second on loopback: the client's `conversations_info` against plain reqwest sending
//! the same GET (the method's page prefers GET) and decoding into the same generated type. Built only with the `calls`
//! feature; `cargo xtask bench` runs it as `bench-calls` in a release build.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use slack_api_client::{Client, api::ConversationsInfoRequest, api::ConversationsInfoResponse};
use tokio::task::JoinSet;

/// The answer the server gives every call: the doc page's example of a public channel.
const ANSWER: &str = "tests/fixtures/conversations.info/public_channel.json";
const TOKEN: &str = "xoxb-bench";
const CHANNEL: &str = "C012AB3CD";
/// Calls in flight at once in the concurrent run.
const IN_FLIGHT: usize = 64;

/// How much to measure.
struct Plan {
    calls: usize,
    rounds: usize,
}

/// `bench-calls [--quick] --out <file.json>`: measures and writes the figures as JSON.
///
/// `bench-calls --only <client|reqwest> <calls>` makes that many calls one at a time with one
/// caller alone, for a profiler: `perf stat -e instructions:u` counts what a call costs, however
/// loaded the machine is, and `perf record` shows where it goes.
pub fn command(root: &Path, args: &[String]) -> ExitCode {
    let mut quick = false;
    let mut out = None;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => out = args.next().map(PathBuf::from),
            "--only" => only = args.next().zip(args.next()),
            other => {
                eprintln!("error: `bench-calls` has no option `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    if let Some((caller, calls)) = only {
        return match profile_one(root, caller, calls) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let Some(out) = out else {
        eprintln!("error: `bench-calls` needs `--out <file.json>`");
        return ExitCode::from(2);
    };
    let plan = if quick {
        Plan {
            calls: 640,
            rounds: 3,
        }
    } else {
        // Many short rounds rather than a few long ones: the two callers of a round run moments
        // apart, under much the same load from the rest of the machine, and the median of many
        // rounds' ratios shrugs off the rounds a burst of load lands in.
        Plan {
            calls: 2560,
            rounds: 17,
        }
    };
    match measure(root, &plan).and_then(|figures| super::write_json(&out, &figures)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs both callers one at a time and `IN_FLIGHT` at once, alternating which goes first each
/// round, and reports medians (the ratios are the medians of each round's ratio, so load that
/// other processes put on the machine mostly cancels out). Besides calls per second of wall
/// time, it counts calls per second of the calling thread's CPU time: on a busy machine that
/// is the steadier measure of what a call costs the caller (the server runs on another thread).
fn measure(root: &Path, plan: &Plan) -> Result<serde_json::Value, String> {
    let answer =
        std::fs::read(root.join(ANSWER)).map_err(|e| format!("cannot read {ANSWER}: {e}"))?;
    let address = start_server(Bytes::from(answer))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    runtime.block_on(async {
        let client = Caller::client(address)?;
        let plain = Caller::reqwest(address)?;
        // Warm up: open the pools' connections and check both callers work.
        for caller in [&client, &plain] {
            rate(caller, IN_FLIGHT * 4, IN_FLIGHT).await?;
        }
        let mut figures = serde_json::Map::new();
        for (key, width) in [("sequential", 1), ("in_flight_64", IN_FLIGHT)] {
            let mut client_rates = Vec::new();
            let mut plain_rates = Vec::new();
            for round in 0..plan.rounds {
                let (first, second) = if round % 2 == 0 {
                    (&client, &plain)
                } else {
                    (&plain, &client)
                };
                let a = rate(first, plan.calls, width).await?;
                let b = rate(second, plan.calls, width).await?;
                let (client_rate, plain_rate) = if round % 2 == 0 { (a, b) } else { (b, a) };
                client_rates.push(client_rate);
                plain_rates.push(plain_rate);
            }
            let pick = |rates: &[Rate], of: fn(&Rate) -> f64| {
                median(&mut rates.iter().map(of).collect::<Vec<_>>())
            };
            let ratio = |of: fn(&Rate) -> f64| {
                let mut ratios: Vec<f64> = client_rates
                    .iter()
                    .zip(&plain_rates)
                    .map(|(client, plain)| of(client) / of(plain))
                    .collect();
                median(&mut ratios)
            };
            figures.insert(
                key.to_owned(),
                serde_json::json!({
                    "in_flight": width,
                    "calls_per_round": plan.calls,
                    "rounds": plan.rounds,
                    "client_per_second": pick(&client_rates, |rate| rate.wall),
                    "reqwest_per_second": pick(&plain_rates, |rate| rate.wall),
                    "ratio": ratio(|rate| rate.wall),
                    "client_per_cpu_second": pick(&client_rates, |rate| rate.cpu),
                    "reqwest_per_cpu_second": pick(&plain_rates, |rate| rate.cpu),
                    "cpu_ratio": ratio(|rate| rate.cpu),
                }),
            );
        }
        Ok(serde_json::Value::Object(figures))
    })
}

/// `--only`: `calls` calls of one caller, one at a time, after the same warm-up as `measure`.
fn profile_one(root: &Path, caller: &str, calls: &str) -> Result<(), String> {
    let calls: usize = calls
        .parse()
        .map_err(|_| format!("`--only` wants a number of calls, not `{calls}`"))?;
    let answer =
        std::fs::read(root.join(ANSWER)).map_err(|e| format!("cannot read {ANSWER}: {e}"))?;
    let address = start_server(Bytes::from(answer))?;
    let caller = match caller {
        "client" => Caller::client(address)?,
        "reqwest" => Caller::reqwest(address)?,
        other => {
            return Err(format!(
                "`--only` wants `client` or `reqwest`, not `{other}`"
            ));
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))?;
    runtime.block_on(async {
        rate(&caller, IN_FLIGHT * 4, IN_FLIGHT).await?;
        let rate = rate(&caller, calls, 1).await?;
        println!(
            "{calls} calls: {:.0} per second, {:.0} per CPU second",
            rate.wall, rate.cpu
        );
        Ok(())
    })
}

/// Calls per second of wall time and of the calling thread's CPU time.
struct Rate {
    wall: f64,
    cpu: f64,
}

/// The CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    // SAFETY: an all-zero timespec is a valid value of this plain C struct.
    let mut time: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: `time` is a live local the call writes into.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(time.tv_sec).unwrap_or(0),
        u32::try_from(time.tv_nsec).unwrap_or(0),
    )
}

/// Calls per second of `calls` calls made `width` at a time (all on this thread's runtime).
async fn rate(caller: &Caller, calls: usize, width: usize) -> Result<Rate, String> {
    let per_task = calls / width;
    let start = Instant::now();
    let cpu_start = thread_cpu_time();
    if width == 1 {
        for _ in 0..per_task {
            caller.call().await?;
        }
    } else {
        let mut tasks = JoinSet::new();
        for _ in 0..width {
            let caller = caller.clone();
            tasks.spawn(async move {
                for _ in 0..per_task {
                    caller.call().await?;
                }
                Ok::<(), String>(())
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.map_err(|e| format!("a call task failed: {e}"))??;
        }
    }
    let made = (per_task * width) as f64;
    Ok(Rate {
        wall: made / start.elapsed().as_secs_f64(),
        cpu: made / (thread_cpu_time() - cpu_start).as_secs_f64(),
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The two ways of making the same call.
#[derive(Clone)]
enum Caller {
    Client(Client),
    Reqwest { http: reqwest::Client, url: String },
}

impl Caller {
    /// The generated client as a user builds it, pointed at the loopback server.
    fn client(address: SocketAddr) -> Result<Caller, String> {
        Client::builder(TOKEN)
            .base_url(format!("http://{address}/api/"))
            .build()
            .map(Caller::Client)
            .map_err(|e| format!("cannot build the client: {e}"))
    }

    /// reqwest configured as the client configures it (no proxy, no redirects).
    fn reqwest(address: SocketAddr) -> Result<Caller, String> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build reqwest: {e}"))?;
        Ok(Caller::Reqwest {
            http,
            url: format!(
                "http://{address}/api/conversations.info?channel={CHANNEL}&include_num_members=true"
            ),
        })
    }

    async fn call(&self) -> Result<(), String> {
        match self {
            Caller::Client(client) => {
                let request = ConversationsInfoRequest::new(CHANNEL).include_num_members(true);
                let response = client
                    .api()
                    .conversations_info(request)
                    .await
                    .map_err(|e| format!("client call failed: {e}"))?;
                std::hint::black_box(response);
            }
            Caller::Reqwest { http, url } => {
                let response = http
                    .get(url)
                    .header(AUTHORIZATION, HeaderValue::from_static("Bearer xoxb-bench"))
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .map_err(|e| format!("reqwest call failed: {e}"))?;
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| format!("reqwest body failed: {e}"))?;
                let decoded: ConversationsInfoResponse = serde_json::from_slice(&body)
                    .map_err(|e| format!("reqwest decode failed: {e}"))?;
                std::hint::black_box(decoded);
            }
        }
        Ok(())
    }
}

/// A loopback HTTP/1.1 server on its own thread and runtime that reads each request in full
/// and answers with `answer`; returns its address.
fn start_server(answer: Bytes) -> Result<SocketAddr, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot listen on loopback: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot make the listener non-blocking: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's tokio: {e}"))?;
    std::thread::spawn(move || runtime.block_on(serve(listener, answer)));
    Ok(address)
}

async fn serve(listener: std::net::TcpListener, answer: Bytes) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    while let Ok((stream, _)) = listener.accept().await {
        // Disabling Nagle's algorithm is what a production server does; it keeps small answers
        // from waiting for the next packet.
        let _ = stream.set_nodelay(true);
        let answer = answer.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<Incoming>| {
                let answer = answer.clone();
                async move {
                    request.into_body().collect().await?;
                    let mut response = hyper::Response::new(Full::new(answer));
                    response
                        .headers_mut()
                        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                    Ok::<_, hyper::Error>(response)
                }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}
