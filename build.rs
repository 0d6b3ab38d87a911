//! Embeds the named queries: every `queries/*.sql` file, in file-name order, becomes an entry of
//! `FILES` in `$OUT_DIR/queries.rs` (included by `src/archive/views.rs`). Listing the directory
//! here, rather than naming each file in Rust, is what lets a new named query be one new file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("queries");
    // A directory watched by cargo is rescanned as a whole: a new, renamed or deleted file
    // reruns this script.
    println!("cargo:rerun-if-changed=queries");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    let mut out =
        String::from("/// Every `queries/*.sql` file: (file name, text), in file-name order.\n");
    out += "pub const FILES: &[(&str, &str)] = &[\n";
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out += "];\n";
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("queries.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
