//! Runs a child process to completion and reports its wall time and peak memory.
//!
//! The peak is `ru_maxrss` from `wait4(2)`: the largest resident set of the child and of every
//! descendant it waited for, so `cargo build` reports its biggest rustc.

use std::fs::File;
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What one finished child cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub wall: Duration,
    /// User plus system CPU time of the child and its descendants: less sensitive than `wall`
    /// to other processes competing for the cores.
    pub cpu: Duration,
    /// Peak resident set of the child or any of its descendants, in bytes.
    pub peak_rss: u64,
}

/// Runs `command` with its output sent to `log`; fails (naming the log) unless it exits with 0.
pub fn run(command: &mut Command, log: &Path) -> Result<Cost, String> {
    let describe = format!("{command:?}");
    let output = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let errors = output
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
    command.stdin(Stdio::null()).stdout(output).stderr(errors);
    let start = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {describe}: {e}"))?;
    let (status, usage) =
        wait(child.id()).map_err(|e| format!("cannot wait for {describe}: {e}"))?;
    let wall = start.elapsed();
    if !status.success() {
        return Err(format!(
            "{describe} failed ({status}); its output is in {}",
            log.display()
        ));
    }
    Ok(Cost {
        wall,
        cpu: duration(usage.ru_utime) + duration(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
    })
}

fn duration(time: libc::timeval) -> Duration {
    let seconds = u64::try_from(time.tv_sec).unwrap_or(0);
    let micros = u32::try_from(time.tv_usec).unwrap_or(0);
    Duration::from_secs(seconds) + Duration::from_micros(u64::from(micros))
}

/// Waits for the child `pid` (reaping it) and returns its status and resource usage.
fn wait(pid: u32) -> io::Result<(ExitStatus, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals; `pid` is our own unreaped child (std's
        // `Child` never waits on drop, so nobody else reaps it).
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    Ok((ExitStatus::from_raw(status), usage))
}
