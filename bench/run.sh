#!/usr/bin/env bash
# Rerunnable benchmark: builds release binaries, measures frontline against the sqlite3 CLI and at
# scale, and rewrites BENCHMARKS.md (keeping its drafting and report sections, which
# bench/draft.sh and bench/report.sh measure). Needs hyperfine, sqlite3, GNU time and python3:
#   apt-get install hyperfine sqlite3 time
# Usage: bench/run.sh [--huge] [ARTICLES_LARGE]
#   ARTICLES_LARGE  synthetic articles in the large archive (default 10000; the 1,000-article
#                   archive is always built)
#   --huge          also build and measure the seed plus 100,000 synthetic articles (about 10M
#                   fact rows and 3 GB of disk, imported 10,000 at a time; takes long)
set -euo pipefail
cd "$(dirname "$0")/.."
huge=()
large=10000
for arg in "$@"; do
    case "$arg" in
        --huge) huge=(--huge) ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *[!0-9]*|'') echo "bench: unknown argument $arg (see --help)" >&2; exit 2 ;;
        *) large="$arg" ;;
    esac
done
for tool in hyperfine sqlite3 python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install hyperfine sqlite3 time)" >&2; exit 2; }
done
cargo build --release --bin frontline --example synth
work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 bench/bench.py --frontline target/release/frontline --synth target/release/examples/synth \
    --work "$work" --large "$large" "${huge[@]}" --out BENCHMARKS.md
