#!/usr/bin/env bash
# Rerunnable benchmark: builds release binaries, measures frontline against the sqlite3 CLI and at
# scale, and rewrites BENCHMARKS.md. Needs hyperfine, sqlite3, GNU time and python3:
#   apt-get install hyperfine sqlite3 time
# Usage: bench/run.sh [ARTICLES_LARGE]   (default 10000; the 1,000-article archive is always built)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine sqlite3 python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install hyperfine sqlite3 time)" >&2; exit 2; }
done
cargo build --release --bin frontline --example synth
work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 bench/bench.py --frontline target/release/frontline --synth target/release/examples/synth \
    --work "$work" --large "${1:-10000}" --out BENCHMARKS.md
