#!/usr/bin/env bash
# Rerunnable benchmark of `frontline draft` on the seed page: quality against the curated seed
# (examples/draft_quality) and the speed and peak memory of the release binary, dictionary load
# included. Prints the figures; copy them into BENCHMARKS.md. Needs GNU time (apt-get install time).
# Usage: bench/draft.sh [RUNS]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 2; }
cargo build --release --bin frontline --example draft_quality
work="$(mktemp -d "${TMPDIR:-/tmp}/frontline-draft.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "quality (seed page, draft imported and compared with the curated seed):"
target/release/examples/draft_quality seed/gaoxinqu-2020 2020
runs="${1:-10}"
best=""; worst=0; rss=0
for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" target/release/frontline draft seed/gaoxinqu-2020/article.txt \
        -o "$work/out" --year 2020 --force >/dev/null 2>&1
    read -r secs kib <"$work/t"
    ms=$(python3 -c "print(round($secs*1000))")
    [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
    [ "$ms" -gt "$worst" ] && worst=$ms
    [ "$kib" -gt "$rss" ] && rss=$kib
done
echo "speed: $runs runs of frontline draft on the seed page: best ${best} ms, worst ${worst} ms (goal < 300 ms)"
echo "memory: peak RSS $((rss / 1024)) MiB (goal < 200 MiB)"
