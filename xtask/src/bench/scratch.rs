//! Scratch copies of the workspace (under `target/bench/`) with a synthetic spec of N methods,
//! each a renamed copy of `spec/conversations.info.json`.

use std::fs;
use std::path::{Path, PathBuf};

/// The method every synthetic one copies.
const TEMPLATE: &str = "spec/conversations.info.json";

/// Top-level entries of the workspace that a scratch copy leaves out.
const NOT_COPIED: [&str; 2] = ["target", ".git"];

/// Copies the workspace's sources (no `target/`, no `.git`) to `dest`, replacing what was there.
pub fn copy_workspace(root: &Path, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        discard(root, dest)?;
    }
    fs::create_dir_all(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    for entry in read_dir(root)? {
        let name = entry.file_name();
        if NOT_COPIED.iter().any(|skip| name == *skip) {
            continue;
        }
        copy_tree(&entry.path(), &dest.join(name))?;
    }
    Ok(())
}

/// A scratch workspace whose spec holds `methods` copies of conversations.info and nothing else
/// (shared types and codes kept), so every figure scales with one kind of method.
pub fn synthetic_workspace(root: &Path, dest: &Path, methods: usize) -> Result<(), String> {
    copy_workspace(root, dest)?;
    let spec = dest.join("spec");
    for entry in read_dir(&spec)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !name.ends_with(".schema.json") {
            remove_file(&entry.path())?;
        }
    }
    let template = read(&root.join(TEMPLATE))?;
    let template: serde_json::Value =
        serde_json::from_str(&template).map_err(|e| format!("{TEMPLATE} is not JSON: {e}"))?;
    for index in 0..methods {
        let name = method_name(index);
        let mut method = template.clone();
        method["name"] = name.clone().into();
        method["url"] = format!("https://slack.com/api/{name}").into();
        let text = serde_json::to_string_pretty(&method).map_err(|e| e.to_string())?;
        write(&spec.join(format!("{name}.json")), &text)?;
    }
    Ok(())
}

/// `bench.group3.method20`: 17 groups, so module and family names vary as in the real API.
fn method_name(index: usize) -> String {
    format!("bench.group{}.method{index}", index % 17)
}

/// The method specs of a workspace (`spec/*.json` but the schemas).
pub fn count_specs(workspace: &Path) -> Result<usize, String> {
    Ok(read_dir(&workspace.join("spec"))?
        .iter()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .count())
}

/// Lines of every file under `dir`, recursively.
pub fn count_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for entry in read_dir(dir)? {
        let path = entry.path();
        lines += if path.is_dir() {
            count_lines(&path)?
        } else {
            read(&path)?.lines().count()
        };
    }
    Ok(lines)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        for entry in read_dir(from)? {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn read_dir(dir: &Path) -> Result<Vec<fs::DirEntry>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut entries = entries
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    Ok(entries)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove_file(path: &Path) -> Result<(), String> {
    fs::remove_file(path).map_err(|e| format!("cannot delete {}: {e}", path.display()))
}

/// Moves `path` out of the way, into `<root>/target/bench/trash`, to be deleted by
/// `empty_trash` once every figure is taken. Deleting thousands of files right before a timed
/// run made that run pay for them: ext4 then skips the just-freed inodes one by one when it
/// allocates new ones (perf: `recently_deleted`, `find_inode_bit`), 1.5-2.2 s of system time in
/// a 3,000-method write, a cost of the benchmark and not of the generator.
pub fn discard(root: &Path, path: &Path) -> Result<(), String> {
    let trash = scratch_dir(root, TRASH);
    fs::create_dir_all(&trash).map_err(|e| format!("cannot create {}: {e}", trash.display()))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let to = trash.join(format!("{name}-{nanos}"));
    fs::rename(path, &to)
        .map_err(|e| format!("cannot move {} to {}: {e}", path.display(), to.display()))
}

/// Deletes everything `discard` moved away.
pub fn empty_trash(root: &Path) -> Result<(), String> {
    let trash = scratch_dir(root, TRASH);
    match fs::remove_dir_all(&trash) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot delete {}: {e}", trash.display()))
        }
        _ => Ok(()),
    }
}

/// Where `discard` moves things, under `target/bench/`.
const TRASH: &str = "trash";

/// `<root>/target/bench/<name>`: where scratch copies live (never in the tree itself).
pub fn scratch_dir(root: &Path, name: &str) -> PathBuf {
    root.join("target").join("bench").join(name)
}
