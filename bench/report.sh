#!/usr/bin/env bash
# Rerunnable measurement of `frontline report` at scale (issue 15): builds an archive of the seed
# plus N synthetic articles (default 10000, so 10,001 articles), then times the HTML and Markdown
# reports (median wall time of 3 runs) and prints their sizes. Prints the figures; copy them into
# BENCHMARKS.md ("Report at scale"). Needs python3.
# Usage: bench/report.sh [ARTICLES]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
cargo build --release --bin frontline --example synth
fl="$PWD/target/release/frontline"
work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-report-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
target/release/examples/synth --articles "$n" --out "$work/synth" >/dev/null
"$fl" --db "$work/a.db" init >/dev/null
"$fl" --db "$work/a.db" import "$work/synth" >/dev/null
rm -rf "$work/synth"
echo "| format | articles | median (s) | size (bytes) | size (MiB) |"
echo "|---|---:|---:|---:|---:|"
for format in html markdown; do
    median="$(python3 - "$fl" "$work/a.db" "$format" "$work/report.$format" <<'PY'
import subprocess, sys, time
fl, db, fmt, out = sys.argv[1:]
times = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run([fl, "--db", db, "report", "--format", fmt, "-o", out], check=True)
    times.append(time.perf_counter() - t)
print(f"{sorted(times)[1]:.1f}")
PY
)"
    size="$(stat -c %s "$work/report.$format")"
    mib="$(python3 -c "print(f'{$size / 1048576:.2f}')")"
    echo "| $format | $((n + 1)) | $median | $size | $mib |"
done
