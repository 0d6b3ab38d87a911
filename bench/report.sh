#!/usr/bin/env bash
# Rerunnable measurement of `frontline report` at scale (issue 15): builds an archive of the seed
# plus N synthetic articles (default 10000, so 10,001 articles), then runs the HTML and Markdown
# reports of the whole archive, and the HTML report of one article (--article), 3 times each. Prints
# a Markdown table with the goal beside each figure: the median wall time, the median CPU time
# (user + system: what the report costs when the machine is not shared), the peak memory and the
# size, and the load average before and after (wall time on a shared machine depends on it). Copy
# the table into BENCHMARKS.md ("Report at scale"). Needs python3.
# Usage: bench/report.sh [ARTICLES]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }
cargo build --release --bin frontline --example synth
fl="$PWD/target/release/frontline"
work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-report-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
target/release/examples/synth --articles "$n" --out "$work/synth" >/dev/null
"$fl" --db "$work/a.db" init >/dev/null 2>&1
"$fl" --db "$work/a.db" import "$work/synth" >/dev/null 2>&1
rm -rf "$work/synth"
python3 - "$fl" "$work" "$((n + 1))" <<'PY'
import os, statistics, subprocess, sys, time

fl, work, articles = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = os.path.join(work, "a.db")
MB = 1_000_000

def load():
    return os.getloadavg()[0]

def measure(args, out):
    """Median wall and CPU seconds of 3 runs, peak resident MiB, and the output's size."""
    walls, cpus, peak = [], [], 0
    for _ in range(3):
        t = time.perf_counter()
        p = subprocess.Popen([fl, "--db", db, "report", *args, "-o", out])
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t)
        if status != 0:
            sys.exit(f"bench: frontline report {' '.join(args)} failed ({status})")
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(walls), statistics.median(cpus), peak, os.path.getsize(out)

before = load()
runs = [
    ("HTML, whole archive", ["--format", "html"], "report.html", True),
    ("Markdown, whole archive", ["--format", "markdown"], "report.md", True),
    ("HTML, one article (--article gaoxinqu-2020)",
     ["--format", "html", "--article", "gaoxinqu-2020"], "one.html", False),
]
rows = []
for name, args, out, goal in runs:
    wall, cpu, peak, size = measure(args, os.path.join(work, out))
    rows.append((name, wall, cpu, peak, size, goal))
after = load()

def met(ok):
    return "met" if ok else "**not met**"

print(f"{articles:,} articles; load average (1 min) {before:.1f} before, {after:.1f} after, "
      f"on {os.cpu_count()} cores.\n")
print("| report | median wall (s) | median CPU, user + sys (s) | peak memory (MiB) | size (bytes) | goal |")
print("|---|---:|---:|---:|---:|---|")
for name, wall, cpu, peak, size, goal in rows:
    if goal and name.startswith("HTML"):
        g = (f"< 5 s: wall {met(wall < 5)}, CPU {met(cpu < 5)}; "
             f"< 5 MB: {met(size < 5 * MB)} ({size / 2**20:.2f} MiB)")
    else:
        g = "none set"
    print(f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {size:,} | {g} |")
PY
