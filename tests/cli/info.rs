//! `frontline info`: what the archive holds.

use super::*;

#[test]
fn info_reports_version_article_hash_and_counts() {
    let a = Archive::built();
    let run = a.run(&["info"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read(seed_dir().join("gaoxinqu-2020/article.txt")).unwrap();
    let sha = {
        use sha2::{Digest, Sha256};
        format!("{:x}", Sha256::digest(text))
    };
    assert!(run.stdout.contains(&sha), "{}", run.stdout);
    assert!(run.stdout.contains("8 stories"), "{}", run.stdout);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("rows in zone"))
        .unwrap();
    assert!(line.split_whitespace().any(|w| w == "8"), "{line}");
}

#[test]
fn info_output_to_a_closed_pipe_exits_quietly() {
    use std::process::Stdio;
    let a = Archive::built();
    let mut child = frontline()
        .args(["--db", a.path.to_str().unwrap(), "info"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code() == Some(0),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
