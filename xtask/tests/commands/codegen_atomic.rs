//! `cargo xtask codegen` as a real process that fails or is killed part-way: every generated file
//! is then either its old or its new self, never a part of one, a failed run changes nothing and
//! leaves no temporary file, and the next run cleans up after a killed one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use integration_tests::scratch_workspace;

/// What the generated files held before a run, so a test can tell old from new.
const OLD: &str = "// old contents, replaced by the run under test\n";

/// Runs the xtask binary (built by cargo for this test run) with `root` as the workspace.
fn xtask(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.arg("codegen").env("CODEGEN_ROOT", root);
    command
}

/// The files a run must write under `root` (path and new contents), after setting every one of
/// them to `OLD` and adding a stale generated file.
fn old_files(root: &Path) -> Vec<codegen::GeneratedFile> {
    let files = codegen::generate(root).expect("the checked-in specs generate");
    reset(root, &files);
    files
}

fn reset(root: &Path, files: &[codegen::GeneratedFile]) {
    for file in files {
        std::fs::write(root.join(&file.path), OLD).expect("write old contents");
    }
    std::fs::write(stale(root), OLD).expect("write a stale generated file");
}

/// A file in the generated directory that the specs do not produce: removed only by a run that
/// succeeded.
fn stale(root: &Path) -> PathBuf {
    root.join(codegen::emit::GENERATED_DIR)
        .join("removed_method.rs")
}

/// Every temporary file of a write under `dir`, at any depth.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            found.extend(temp_files(&path));
        } else if path
            .to_string_lossy()
            .ends_with(codegen::render::TEMP_SUFFIX)
        {
            found.push(path);
        }
    }
    found
}

/// How many files hold their new contents; panics naming any file that is neither old nor new.
fn count_new(root: &Path, files: &[codegen::GeneratedFile]) -> usize {
    let mut new = 0;
    for file in files {
        let text = std::fs::read_to_string(root.join(&file.path)).expect("read generated file");
        if text == file.contents {
            new += 1;
        } else {
            assert_eq!(text, OLD, "{} is neither old nor new", file.path.display());
        }
    }
    new
}

/// Runs codegen to the end: every file new, the stale one gone, no temporary file left.
fn assert_complete_run(root: &Path, files: &[codegen::GeneratedFile]) {
    let output = xtask(root).output().expect("run xtask");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(count_new(root, files), files.len());
    assert!(!stale(root).exists(), "a successful run keeps a stale file");
    assert_eq!(temp_files(root), Vec::<PathBuf>::new());
}

#[test]
fn a_failed_write_changes_nothing_and_leaves_no_temporary_file() {
    let scratch = scratch_workspace();
    let root = scratch.path();
    let files = old_files(root);
    // The last file written cannot be replaced: a directory stands where it goes.
    let blocked = files.last().expect("the specs produce files");
    let blocked_path = root.join(&blocked.path);
    std::fs::remove_file(&blocked_path).unwrap();
    std::fs::create_dir(&blocked_path).unwrap();

    let output = xtask(root).output().expect("run xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&blocked.path.display().to_string()) && stderr.contains("is a directory"),
        "{stderr}"
    );
    let unchanged: Vec<_> = files
        .iter()
        .filter(|file| file.path != blocked.path)
        .cloned()
        .collect();
    assert_eq!(count_new(root, &unchanged), 0, "a failed run wrote files");
    assert!(stale(root).exists(), "a failed run removed a stale file");
    assert_eq!(temp_files(root), Vec::<PathBuf>::new());

    std::fs::remove_dir(&blocked_path).unwrap();
    assert_complete_run(root, &files);
    // The file written anew is readable by all, not only by its owner like a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&blocked_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{}", blocked_path.display());
    }
}

/// Kills the run as soon as it has staged its first temporary file, many times: each file is
/// old or new afterwards, and the next run finishes the job and removes what the killed one
/// left behind.
#[test]
fn a_killed_run_leaves_each_file_old_or_new_and_the_next_run_cleans_up() {
    // Runs until this many were killed while writing (on a fast disk some finish first).
    const KILLS: usize = 6;
    const MOST_RUNS: usize = 40;
    let scratch = scratch_workspace();
    let root = scratch.path();
    let files = old_files(root);
    let watched: Vec<PathBuf> = [codegen::emit::GENERATED_DIR, codegen::load::SPEC_DIR]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
    // How many files each run killed while writing had replaced: 0 (all old) up to all.
    let mut replaced_at_kill = Vec::new();
    let mut runs = 0;
    while replaced_at_kill.len() < KILLS && runs < MOST_RUNS {
        runs += 1;
        reset(root, &files);
        let mut child = xtask(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xtask");
        // Poll for the first temporary file: the run is then between staging and renaming.
        let mut writing = false;
        while !writing && child.try_wait().expect("poll xtask").is_none() {
            writing = watched.iter().any(|dir| !temp_files(dir).is_empty());
        }
        // Each run waits a little longer before the kill, to land at other points of the write.
        std::thread::sleep(std::time::Duration::from_millis(4 * (runs as u64 % 8)));
        // Killing a run that has already exited is harmless; its status tells which it was.
        let _ = child.kill();
        let status = child.wait().expect("wait for xtask");
        // Whatever the moment of the kill, no file is a part of itself.
        let new = count_new(root, &files);
        if status.code().is_none() {
            if writing {
                replaced_at_kill.push(new);
            }
        } else {
            assert!(status.success(), "xtask failed: {status}");
            assert_eq!(new, files.len());
        }
        // The next run completes the job whatever state the killed one left.
        assert_complete_run(root, &files);
    }
    eprintln!(
        "{} of {runs} runs killed while writing; files replaced at the kill (of {}): {:?}",
        replaced_at_kill.len(),
        files.len(),
        replaced_at_kill
    );
    assert_eq!(
        replaced_at_kill.len(),
        KILLS,
        "too few runs were killed while writing; the test proved too little"
    );
}
