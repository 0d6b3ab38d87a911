"""Measures frontline (see bench/run.sh) and writes BENCHMARKS.md.

Every timing is a median of repeated whole-process runs by hyperfine; peak memory is GNU time's
maximum resident set size of one run. Nothing here asserts a goal: the numbers are reported beside
the goals from the issue, met or not.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

QUERY_ROWS = []


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def hyperfine(commands, runs, prepare=None, warmup=2):
    """Median seconds of each command (list of argv lists), run by hyperfine without a shell."""
    out = os.path.join(ARGS.work, "hyperfine.json")
    cmd = ["hyperfine", "--style", "none", "--runs", str(runs), "--warmup", str(warmup), "--export-json", out]
    if prepare:
        cmd += ["--prepare", prepare]
    else:
        cmd += ["-N"]
    for c in commands:
        cmd.append(" ".join(quote(a) for a in c))
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    with open(out) as f:
        return [r["median"] for r in json.load(f)["results"]]


def quote(a):
    return "'" + a.replace("'", "'\\''") + "'" if re.search(r"[^\w@%+=:,./-]", a) else a


def peak_kib(argv):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1])


def ms(s):
    return f"{s * 1000:.1f}"


def queries(fl, db):
    rows = sh([fl, "--db", db, "queries", "--format", "tsv"]).stdout.strip().splitlines()[1:]
    return [(r.split("\t")[0], r.split("\t")[1]) for r in rows]


def fact_rows(db):
    tables = ["organization", "organization_alias", "team", "person", "person_role", "material", "donation",
              "donation_donor", "figure", "event", "document"]
    sql = " + ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    return int(sh(["sqlite3", db, f"SELECT {sql}"]).stdout.strip())


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--frontline", required=True)
    p.add_argument("--synth", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--large", type=int, default=10000)
    p.add_argument("--out", required=True)
    ARGS = p.parse_args()
    fl, work = os.path.abspath(ARGS.frontline), ARGS.work
    report = []
    started = time.time()

    # 1. Named queries on the seeded archive, frontline vs the sqlite3 CLI on the same view.
    seed = os.path.join(work, "seed.db")
    sh([fl, "--db", seed, "init"])
    names = queries(fl, seed)
    cmp_rows, ratios = [], []
    for name, view in names:
        ours, theirs = hyperfine(
            [[fl, "--db", seed, "query", name, "--format", "csv"], ["sqlite3", "-csv", "-header", seed, f"SELECT * FROM {view}"]],
            runs=40, warmup=5)
        ratios.append(ours / theirs)
        cmp_rows.append(f"| `{name}` | {ms(ours)} | {ms(theirs)} | {ours / theirs:.2f} |")
    ratios.sort()
    median_ratio = ratios[len(ratios) // 2]
    print(f"queries vs sqlite3: median ratio {median_ratio:.2f}", file=sys.stderr)

    # 2. init from the embedded seed.
    target = os.path.join(work, "init.db")
    (init_median,) = hyperfine([[fl, "--db", target, "init", "--force"]], runs=30, warmup=3)
    print(f"init: {ms(init_median)} ms", file=sys.stderr)

    # 3. import throughput, 1,000 synthetic articles into a fresh archive.
    synth_1k = os.path.join(work, "synth-1k")
    sh([ARGS.synth, "--articles", "1000", "--out", synth_1k])
    imp = os.path.join(work, "import.db")
    prepare = f"rm -f {imp} {imp}-wal {imp}-shm && {quote(fl)} --db {imp} init >/dev/null"
    (import_median,) = hyperfine([[fl, "--db", imp, "import", synth_1k]], runs=7, warmup=1, prepare=prepare)
    imported = fact_rows(imp) - fact_rows(seed)
    throughput = imported / import_median
    print(f"import: {imported} fact rows in {import_median:.3f} s = {throughput:,.0f} rows/s", file=sys.stderr)

    # 4. Scale: the seeded archive (1 article), plus 1,000 and LARGE synthetic articles.
    archives = [("1", seed)]
    k1 = os.path.join(work, "k1.db")
    sh([fl, "--db", k1, "init"])
    sh([fl, "--db", k1, "import", synth_1k])
    archives.append(("1,001", k1))
    synth_large = os.path.join(work, "synth-large")
    sh([ARGS.synth, "--articles", str(ARGS.large), "--out", synth_large])
    large = os.path.join(work, "large.db")
    sh([fl, "--db", large, "init"])
    t = time.time()
    r = sh([fl, "--db", large, "import", synth_large])
    large_import = time.time() - t
    large_rows = fact_rows(large) - fact_rows(seed)
    archives.append((f"{ARGS.large + 1:,}", large))
    subprocess.run(["rm", "-rf", synth_large], check=True)

    workloads = [(f"query {n}", ["query", n, "--format", "csv"]) for n, _ in names]
    workloads += [("search 检查点 (3 chars: index)", ["search", "检查点", "--format", "csv"]),
                  ("search 党员 (2 chars: scan)", ["search", "党员", "--format", "csv"])]
    scale = {}
    for label, db in archives:
        runs = 10 if db == large else 20
        medians = hyperfine([[fl, "--db", db] + w for _, w in workloads], runs=runs, warmup=2)
        for (wl, w), m in zip(workloads, medians):
            scale.setdefault(wl, {})[label] = (m, peak_kib([fl, "--db", db] + w))
    # The sqlite3 CLI on the same views of the largest archive: what the query itself costs.
    cli_large = hyperfine([["sqlite3", "-csv", "-header", large, f"SELECT * FROM {v}"] for _, v in names], runs=10, warmup=2)
    cli_large = {f"query {n}": m for (n, _), m in zip(names, cli_large)}
    sizes = []
    for label, db in archives:
        size = os.path.getsize(db)
        rows = fact_rows(db)
        sizes.append(f"| {label} | {rows:,} | {size / 1048576:.1f} | {size / rows:.0f} |")

    # 5. Query plans at scale.
    plans = []
    for name, view in names:
        plan = sh(["sqlite3", large, f"EXPLAIN QUERY PLAN SELECT * FROM {view}"]).stdout
        scans = sorted({m.strip() for m in re.findall(r"SCAN [^\n]*", plan)})
        plans.append(f"| `{view}` | {'; '.join(scans) if scans else 'no full scan'} |")

    # Write the report.
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    out = []
    out.append("# Benchmarks\n")
    out.append("Produced by `bench/run.sh` (release build; hyperfine medians of whole-process runs; peak memory "
               "is GNU time's maximum resident set size). Rerun it to refresh this file.\n")
    out.append(f"Machine: {os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}; "
               f"{time.strftime('%Y-%m-%d')}; the run took {time.time() - started:.0f} s.\n")
    out.append("## Goals\n")
    out.append("| goal | measured | met |\n|---|---|---|")
    out.append(f"| named queries, frontline / sqlite3 CLI, median ratio ≤ 1.3 | {median_ratio:.2f} | {'yes' if median_ratio <= 1.3 else 'no'} |")
    out.append(f"| `init` from the embedded seed < 50 ms median | {ms(init_median)} ms | {'yes' if init_median < 0.05 else 'no'} |")
    out.append(f"| `import` ≥ 200,000 fact rows/s | {throughput:,.0f} rows/s | {'yes' if throughput >= 200000 else 'no'} |")
    big = {wl: v[archives[-1][0]] for wl, v in scale.items()}
    slow = [wl for wl, (m, _) in big.items() if m >= 0.1]
    heavy = [wl for wl, (_, kib) in big.items() if kib >= 64 * 1024]
    out.append(f"| every query and search < 100 ms median at {archives[-1][0]} articles | "
               f"{len(big) - len(slow)} of {len(big)} | {'yes' if not slow else 'no: ' + ', '.join(slow)} |")
    out.append(f"| peak memory < 64 MiB at {archives[-1][0]} articles | max {max(k for _, k in big.values()) / 1024:.1f} MiB | "
               f"{'yes' if not heavy else 'no'} |\n")
    out.append("## Named queries on the seeded archive, against the sqlite3 CLI\n")
    out.append("`frontline --db seed.db query NAME --format csv` against `sqlite3 -csv -header seed.db 'SELECT * FROM VIEW'`.\n")
    out.append("| query | frontline (ms) | sqlite3 (ms) | ratio |\n|---|---:|---:|---:|")
    out += cmp_rows
    out.append(f"\nMedian ratio: **{median_ratio:.2f}**.\n")
    out.append("## Import\n")
    out.append(f"`frontline import` of 1,000 synthetic articles ({imported:,} fact rows) into a fresh archive: "
               f"{import_median:.3f} s median, **{throughput:,.0f} fact rows/s**. "
               f"{ARGS.large:,} articles ({large_rows:,} fact rows) in one run: {large_import:.1f} s, "
               f"{large_rows / large_import:,.0f} rows/s.\n")
    out.append("## Scale: time (ms, median) and peak memory (MiB) by archive size in articles\n")
    labels = [l for l, _ in archives]
    out.append("| workload | " + " | ".join(f"{l} article{'' if l == '1' else 's'}" for l in labels)
               + f" | sqlite3 CLI, same view, {labels[-1]} articles |")
    out.append("|---|" + "---:|" * (len(labels) + 1))
    for wl, v in scale.items():
        cli = f"{ms(cli_large[wl])} ms" if wl in cli_large else ""
        out.append(f"| {wl} | " + " | ".join(f"{ms(v[l][0])} ms, {v[l][1] / 1024:.1f} MiB" for l in labels) + f" | {cli} |")
    out.append("\n## Archive size per fact row\n")
    out.append("| articles | fact rows | size (MiB) | bytes per fact row |\n|---|---:|---:|---:|")
    out += sizes
    out.append("\nA fact row is a row of a fact table as `frontline import` counts them (read from the schema: a "
               "table with a citation_id column, or one that only links such tables: organization, "
               "organization_alias, team, person, person_role, donation, donation_donor, figure, event, document); "
               "the size includes the article text, paragraphs, citations, indexes and the search index.\n")
    out.append(f"## Query plans at {archives[-1][0]} articles: what still scans\n")
    out.append("| view | full scans (EXPLAIN QUERY PLAN) |\n|---|---|")
    out += plans
    out.append("""
Why these scans are right. The views that list rows (`organizations`, `people`, `figures`,
`timeline`) return every row, so reading every row in one pass is the cheapest plan; their time
grows with the number of rows they print (80,000 to 240,000 at 10,001 articles), and it is spent
producing output, not searching. The per-zone views scan `zone` (one row per zone) and reach each
zone's facts through indexes (`figure_zone_metric`, `team_zone`, `donation_zone`, `event_zone_date`,
`person`'s unique (zone, name) index). Their aggregates (`zone_count`, team and money totals) must
read every fact of their kind once per query; `SCAN (subquery-N)` are the short per-row DISTINCT
lists of kinds, donors and aliases. No plan scans a table to find a few rows.

Where the goals are missed. The long-form queries print every row of a million-fact archive, and
the per-zone aggregates recompute over every fact on each run; the sqlite3 CLI takes as long on the
same views (the last column of the scale table), so the cost is the query's, not frontline's. At
this size a query that must stay
under 100 ms needs a narrower question asked in `frontline sql` (a WHERE on an indexed column, a
LIMIT); `--zone` filters a view's result, so the per-zone views still aggregate every fact first. Import spends about half its time in SQLite's inserts and their index updates and a fifth
parsing TOML (on a second thread, overlapped with the inserts); the rest is validation (quotes,
names, quantities). Left for later: loading into an archive without its secondary indexes and
building them afterwards, and multi-row INSERT statements.
""")
    # The drafting section is written by bench/draft.sh's figures; keep it across reruns.
    kept = ""
    try:
        with open(ARGS.out) as f:
            old = f.read()
        if "\n## Drafting" in old:
            kept = old[old.index("\n## Drafting"):]
    except FileNotFoundError:
        pass
    with open(ARGS.out, "w") as f:
        f.write("\n".join(out) + "\n" + kept)


if __name__ == "__main__":
    main()
