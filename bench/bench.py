"""Measures frontline (see bench/run.sh) and writes BENCHMARKS.md.

Every timing is a median of repeated whole-process runs by hyperfine; peak memory is GNU time's
maximum resident set size of one run. Nothing here asserts a goal: the numbers are reported beside
the goals from the issues (issue 16 first), met or not.

The archives measured are the seed (1 article), the seed plus 1,000 and plus LARGE (10,000)
synthetic articles, and with --huge the seed plus 100,000 (about 10M fact rows, 3 GB; it takes
long, so the default run leaves it out). The huge archive is imported in chunks of 10,000 articles
so that the generated files never take more than a chunk's disk space.
"""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

# Issue 16's groups of named queries.
AGGREGATES = ["party-members-per-zone", "teams-per-zone", "money-by-zone", "donations-by-material", "zone-summary"]
LISTINGS = ["organizations", "people", "figures", "timeline"]
SEARCH_2 = "党员"
SEARCH_3 = "检查点"
MIB = 1024  # KiB per MiB: GNU time reports KiB


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


def timed(argv):
    """(wall seconds, peak KiB) of one run of argv, by GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, check=True)
    secs, kib = r.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kib)


def peak_kib(argv):
    return timed(argv)[1]


def ms(s):
    return f"{s * 1000:.1f}"


def yes(ok):
    return "yes" if ok else "no"


def queries(fl, db):
    rows = sh([fl, "--db", db, "queries", "--format", "tsv"]).stdout.strip().splitlines()[1:]
    return [(r.split("\t")[0], r.split("\t")[1]) for r in rows]


def fact_tables(db):
    """The fact tables as `frontline import` counts them (the query of `Archive::fact_tables`): a
    table with a citation_id column, or one whose foreign keys all lead to such tables."""
    sql = """WITH t AS (SELECT name FROM sqlite_schema WHERE type = 'table'
                        AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'),
             cited AS (SELECT t.name FROM t JOIN pragma_table_info(t.name) c WHERE c.name = 'citation_id')
             SELECT name FROM cited
             UNION
             SELECT t.name FROM t WHERE t.name NOT IN (SELECT name FROM cited)
               AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name))
               AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name) k
                               WHERE k."table" NOT IN (SELECT name FROM cited))
             ORDER BY 1"""
    return sh(["sqlite3", db, sql]).stdout.split()


def fact_rows(db, tables):
    sql = " + ".join(f"(SELECT count(*) FROM \"{t}\")" for t in tables)
    return int(sh(["sqlite3", db, f"SELECT {sql}"]).stdout.strip())


def build(fl, db, synth_dirs):
    """A fresh archive (init), then each directory imported in turn; the time and peak memory
    of each import."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    sh([fl, "--db", db, "init"])
    return [timed([fl, "--db", db, "import", d]) for d in synth_dirs]


def sqlite_floors(seed, imported_db, imported):
    """What SQLite itself takes to write the rows an import wrote, by its fastest path: the sqlite3
    CLI copies them with one INSERT ... SELECT per table from the imported archive into a copy of
    the archive before the import, in one transaction shaped as `Writer::begin`/`finish` shape a
    load (the rollups' INSERT triggers set aside, the loaded tables' non-UNIQUE indexes dropped
    first and built again at the end, the new paragraphs then added to the search index). No
    parsing, validation, name resolution or
    rollups: a floor for the import's writing thread, not a competitor. Measured at the archive's
    own page size and again at 64 KiB pages. Returns [{label, seconds, rows_per_s}]."""
    tables = [t for t in sh(["sqlite3", seed,
                             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'paragraph_fts_%' "
                             "AND name NOT LIKE '%rollup%' ORDER BY rowid"]).stdout.split()]
    indexes = sh(["sqlite3", "-json", seed,
                  "SELECT s.name, s.sql FROM sqlite_schema s WHERE s.type = 'index' AND s.sql IS NOT NULL "
                  "AND s.tbl_name NOT LIKE '%rollup%' AND NOT EXISTS (SELECT 1 FROM pragma_index_list(s.tbl_name) l "
                  "WHERE l.name = s.name AND l.\"unique\") ORDER BY s.rowid"]).stdout
    indexes = [(i["name"], i["sql"]) for i in json.loads(indexes or "[]")]
    # The load sets the rollups' INSERT triggers aside (src/archive/rollup.rs, `begin`): so does the floor.
    triggers = sh(["sqlite3", seed, "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
                                    "AND name LIKE '%\\_rollup\\_insert' ESCAPE '\\' ORDER BY name"]).stdout.split()
    first_paragraph = int(sh(["sqlite3", seed, "SELECT coalesce(max(id), 0) + 1 FROM paragraph"]).stdout)
    script = os.path.join(ARGS.work, "floor.sql")
    with open(script, "w") as f:
        f.write(f"PRAGMA cache_size = -8192;\nATTACH {sql_string(imported_db)} AS src;\nBEGIN IMMEDIATE;\n")
        f.writelines(f'DROP TRIGGER "{name}";\n' for name in triggers)
        f.writelines(f'DROP INDEX "{name}";\n' for name, _ in indexes)
        f.writelines(f'INSERT INTO main."{t}" SELECT * FROM src."{t}" '
                     f'WHERE rowid > (SELECT coalesce(max(rowid), 0) FROM main."{t}");\n' for t in tables)
        f.writelines(f"{sql};\n" for _, sql in indexes)
        f.write(f"INSERT INTO paragraph_fts (rowid, text) SELECT id, text FROM paragraph WHERE id >= {first_paragraph};\n")
        f.write("COMMIT;\n")
    copied = sum(int(sh(["sqlite3", imported_db, f'SELECT count(*) FROM "{t}"']).stdout)
                 - int(sh(["sqlite3", seed, f'SELECT count(*) FROM "{t}"']).stdout) for t in tables)
    floors = []
    own = int(sh(["sqlite3", seed, "PRAGMA page_size"]).stdout) // 1024
    for label, page_size in [(f"{own} KiB pages (the archive's)", None), ("64 KiB pages", 65536)]:
        before = os.path.join(ARGS.work, "floor-before.db")
        sh(["cp", seed, before])
        if page_size:
            sh(["sqlite3", before, f"PRAGMA journal_mode = delete; PRAGMA page_size = {page_size}; VACUUM; "
                                   "PRAGMA journal_mode = wal;"])
        db = os.path.join(ARGS.work, "floor.db")
        prepare = f"rm -f {db}-wal {db}-shm && cp {before} {db}"
        (secs,) = hyperfine([["sqlite3", "-bail", db, f".read {script}"]], runs=7, warmup=1, prepare=prepare)
        got = int(sh(["sqlite3", db, "SELECT count(*) FROM citation"]).stdout)
        expected = int(sh(["sqlite3", imported_db, "SELECT count(*) FROM citation"]).stdout)
        assert got == expected, f"the floor copied {got} citations, the import wrote {expected}"
        floors.append({"label": label, "seconds": secs, "rows_per_s": imported / secs,
                       "other_rows": copied - imported})
    return floors


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--frontline", required=True)
    p.add_argument("--synth", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--large", type=int, default=10000)
    p.add_argument("--huge", action="store_true", help="also build and measure the 100,001-article archive")
    p.add_argument("--huge-articles", type=int, default=100000,
                   help="synthetic articles in the huge archive (fewer only to try the script out)")
    p.add_argument("--out", required=True)
    ARGS = p.parse_args()
    fl, work = os.path.abspath(ARGS.frontline), ARGS.work
    started = time.time()
    load_before = os.getloadavg()

    def log(msg):
        print(f"[{time.time() - started:5.0f} s] {msg}", file=sys.stderr)

    # 1. Named queries on the seeded archive, frontline vs the sqlite3 CLI on the same view.
    seed = os.path.join(work, "seed.db")
    sh([fl, "--db", seed, "init"])
    facts = fact_tables(seed)
    names = queries(fl, seed)
    views = dict(names)
    cmp_rows, ratios = [], []
    for name, view in names:
        ours, theirs = hyperfine(
            [[fl, "--db", seed, "query", name, "--format", "csv"], ["sqlite3", "-csv", "-header", seed, f"SELECT * FROM {view}"]],
            runs=40, warmup=5)
        ratios.append(ours / theirs)
        cmp_rows.append(f"| `{name}` | {ms(ours)} | {ms(theirs)} | {ours / theirs:.2f} |")
    ratios.sort()
    median_ratio = ratios[len(ratios) // 2]
    log(f"queries vs sqlite3 on the seed: median ratio {median_ratio:.2f}")

    # 2. init from the embedded seed.
    target = os.path.join(work, "init.db")
    (init_median,) = hyperfine([[fl, "--db", target, "init", "--force"]], runs=30, warmup=3)
    log(f"init: {ms(init_median)} ms")

    # 3. import of 1,000 synthetic articles into a fresh archive: throughput and peak memory.
    synth_1k = os.path.join(work, "synth-1k")
    sh([ARGS.synth, "--articles", "1000", "--out", synth_1k])
    imp = os.path.join(work, "import.db")
    prepare = f"rm -f {imp} {imp}-wal {imp}-shm && {quote(fl)} --db {imp} init >/dev/null"
    (import_median,) = hyperfine([[fl, "--db", imp, "import", synth_1k]], runs=7, warmup=1, prepare=prepare)
    imported = fact_rows(imp, facts) - fact_rows(seed, facts)
    throughput = imported / import_median
    log(f"import: {imported} fact rows in {import_median:.3f} s = {throughput:,.0f} rows/s")
    k1 = os.path.join(work, "k1.db")
    ((_, import_1k_kib),) = build(fl, k1, [synth_1k])
    floors = sqlite_floors(seed, imp, imported)
    sqlite_version = sh(["sqlite3", "--version"]).stdout.split()[0]
    log("SQLite's own floor for the same rows: " + ", ".join(f"{f['rows_per_s']:,.0f} rows/s ({f['label']})" for f in floors))

    # 4. The LARGE archive (10,000 synthetic articles in one import: its time and peak memory).
    archives = [("1", seed), ("1,001", k1)]
    synth_large = os.path.join(work, "synth-large")
    sh([ARGS.synth, "--articles", str(ARGS.large), "--out", synth_large])
    large = os.path.join(work, "large.db")
    ((large_secs, import_large_kib),) = build(fl, large, [synth_large])
    large_rows = fact_rows(large, facts) - fact_rows(seed, facts)
    large_label = f"{ARGS.large + 1:,}"
    archives.append((large_label, large))
    subprocess.run(["rm", "-rf", synth_large], check=True)
    log(f"import of {ARGS.large:,}: {large_secs:.1f} s, peak {import_large_kib / MIB:.1f} MiB")

    # 5. With --huge, 100,000 synthetic articles, imported 10,000 at a time.
    huge, huge_label, huge_secs = None, f"{ARGS.huge_articles + 1:,}", 0.0
    if ARGS.huge:
        huge = os.path.join(work, "huge.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(huge + suffix):
                os.remove(huge + suffix)
        sh([fl, "--db", huge, "init"])
        chunk = 10000
        for start in range(1, ARGS.huge_articles + 1, chunk):
            d = os.path.join(work, "synth-chunk")
            n = min(chunk, ARGS.huge_articles + 1 - start)
            sh([ARGS.synth, "--articles", str(n), "--start", str(start), "--out", d])
            secs, _ = timed([fl, "--db", huge, "import", d])
            huge_secs += secs
            subprocess.run(["rm", "-rf", d], check=True)
            log(f"huge archive: {start + n - 1:,} articles imported")
        archives.append((huge_label, huge))

    # 6. Time and peak memory of every named query and two searches, by archive size.
    workloads = [(f"query {n}", ["query", n, "--format", "csv"]) for n, _ in names]
    workloads += [(f"search {SEARCH_3} (3 chars)", ["search", SEARCH_3, "--format", "csv"]),
                  (f"search {SEARCH_2} (2 chars)", ["search", SEARCH_2, "--format", "csv"])]
    scale = {}
    for label, db in archives:
        if db == huge:
            # At 100,001 articles only the aggregates and searches are timed (their goal); every
            # workload's peak memory is measured (one run each).
            timed_here = [(wl, w) for wl, w in workloads if not any(wl == f"query {n}" for n in LISTINGS)]
            runs = 5
        else:
            timed_here = workloads
            runs = 10 if db == large else 20
        medians = hyperfine([[fl, "--db", db] + w for _, w in timed_here], runs=runs, warmup=2)
        median_of = {wl: m for (wl, _), m in zip(timed_here, medians)}
        for wl, w in workloads:
            scale.setdefault(wl, {})[label] = (median_of.get(wl), peak_kib([fl, "--db", db] + w))
        log(f"workloads at {label} articles measured")
    # The sqlite3 CLI on the same views of the LARGE archive: what the query itself costs.
    cli_large = hyperfine([["sqlite3", "-csv", "-header", large, f"SELECT * FROM {v}"] for _, v in names], runs=10, warmup=2)
    cli_large = {f"query {n}": m for (n, _), m in zip(names, cli_large)}
    sizes = []
    for label, db in archives:
        size = os.path.getsize(db)
        rows = fact_rows(db, facts)
        sizes.append(f"| {label} | {rows:,} | {size / 1048576:.1f} | {size / rows:.0f} |")

    # --sources at LARGE: every query's rows with the passages behind them (the aggregates read
    # their sources in one grouped pass, the listings by an index search per row).
    with_sources = hyperfine([[fl, "--db", large, "query", n, "--sources", "--format", "csv"] for n, _ in names],
                             runs=3, warmup=1)
    sources_rows = []
    for (n, _), m in zip(names, with_sources):
        argv = [fl, "--db", large, "query", n, "--sources", "--format", "csv"]
        size = len(subprocess.run(argv, check=True, capture_output=True).stdout)
        sources_rows.append(f"| `{n}` | {ms(m)} | {peak_kib(argv) / MIB:.1f} | {size / 1048576:.1f} |")
    log(f"--sources at {large_label} measured")

    # One more article into the large archives, after everything else read them: an import's cost
    # should grow with what it adds, not with the archive (nothing counts a whole table).
    one = os.path.join(work, "synth-one")
    sh([ARGS.synth, "--articles", "1", "--start", str(ARGS.huge_articles + ARGS.large + 1), "--out", one])
    copy = os.path.join(work, "large-copy.db")
    (one_large,) = hyperfine([[fl, "--db", copy, "import", one]], runs=5, warmup=1,
                             prepare=f"rm -f {copy}-wal {copy}-shm && cp {large} {copy}")
    os.remove(copy)
    one_huge = timed([fl, "--db", huge, "import", one])[0] if huge else None
    log(f"one article into {large_label}: {ms(one_large)} ms" + (f", into {huge_label}: {one_huge:.3f} s" if huge else ""))

    # 7. Query plans at LARGE.
    plans = []
    for name, view in names:
        plan = sh(["sqlite3", large, f"EXPLAIN QUERY PLAN SELECT * FROM {view}"]).stdout
        scans = sorted({m.strip() for m in re.findall(r"SCAN [^\n]*", plan)})
        plans.append(f"| `{view}` | {'; '.join(scans) if scans else 'no full scan'} |")

    # Write the report.
    load_after = os.getloadavg()
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")),
                     platform.processor() or platform.machine())
    at_large = {wl: v[large_label] for wl, v in scale.items()}
    at_huge = {wl: v[huge_label] for wl, v in scale.items()} if huge else None
    out = []
    out.append("# Benchmarks\n")
    out.append("Produced by `bench/run.sh` (release build; hyperfine medians of whole-process runs; peak memory "
               "is GNU time's maximum resident set size). Rerun it to refresh this file; `bench/run.sh --huge` "
               "adds the 100,001-article archive (about 10M fact rows; long).\n")
    out.append(f"Machine: {os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}; "
               f"{time.strftime('%Y-%m-%d')}; the run took {time.time() - started:.0f} s; load average "
               f"{load_before[0]:.1f} at its start and {load_after[0]:.1f} at its end (other work on the machine "
               f"slows every figure below).\n")

    out.append("## Goals (issue 16)\n")
    out.append("| goal | measured | met |\n|---|---|---|")
    out.append(f"| `import` of 1,000 synthetic articles into a fresh archive ≥ 200,000 fact rows/s | "
               f"{throughput:,.0f} rows/s (SQLite's own floor for the same rows: "
               f"{floors[0]['rows_per_s']:,.0f} rows/s, {floors[1]['rows_per_s']:,.0f} at 64 KiB pages; see Import) | "
               f"{yes(throughput >= 200000)} |")
    flat = import_large_kib <= import_1k_kib * 1.25
    out.append(f"| `import` peak memory < 64 MiB at 1,000 and {ARGS.large:,} articles, flat (10× the articles, "
               f"< 25% more memory) | {import_1k_kib / MIB:.1f} MiB and {import_large_kib / MIB:.1f} MiB | "
               f"{yes(max(import_1k_kib, import_large_kib) < 64 * MIB and flat)} |")

    def goal_rows(at, label, wls, limit):
        for wl in wls:
            m = at[wl][0]
            out.append(f"| {wl} at {label} articles ≤ {limit * 1000:.0f} ms | {ms(m)} ms | {yes(m <= limit)} |")

    goal_rows(at_large, large_label, [f"query {n}" for n in AGGREGATES], 0.020)
    if at_huge:
        goal_rows(at_huge, huge_label, [f"query {n}" for n in AGGREGATES], 0.050)
    else:
        out.append(f"| the five aggregate queries at {huge_label} articles ≤ 50 ms | not measured (run `bench/run.sh --huge`) | |")
    goal_rows(at_large, large_label, [f"search {SEARCH_2} (2 chars)"], 0.030)
    for n in LISTINGS:
        ratio = at_large[f"query {n}"][0] / cli_large[f"query {n}"]
        out.append(f"| query {n} `--format csv` at {large_label} articles ≤ 1.0× `sqlite3 -csv` on the same view | "
                   f"{ratio:.2f}× ({ms(at_large[f'query {n}'][0])} / {ms(cli_large[f'query {n}'])} ms) | {yes(ratio <= 1.0)} |")
    if at_huge:
        heavy = [wl for wl, (_, kib) in at_huge.items() if kib >= 64 * MIB]
        out.append(f"| every query's peak memory at {huge_label} articles < 64 MiB | max "
                   f"{max(k for _, k in at_huge.values()) / MIB:.1f} MiB | {'yes' if not heavy else 'no: ' + ', '.join(heavy)} |")
    else:
        out.append(f"| every query's peak memory at {huge_label} articles < 64 MiB | not measured (run `bench/run.sh --huge`) | |")
    out.append("\nArchive size per fact row is in its own table below.\n")

    out.append("## Earlier goals\n")
    out.append("| goal | measured | met |\n|---|---|---|")
    out.append(f"| named queries on the seed, frontline / sqlite3 CLI, median ratio ≤ 1.3 | {median_ratio:.2f} | {yes(median_ratio <= 1.3)} |")
    out.append(f"| `init` from the embedded seed < 50 ms median | {ms(init_median)} ms | {yes(init_median < 0.05)} |")
    slow = [wl for wl, (m, _) in at_large.items() if m >= 0.1]
    heavy = [wl for wl, (_, kib) in at_large.items() if kib >= 64 * MIB]
    out.append(f"| every query and search < 100 ms median at {large_label} articles | "
               f"{len(at_large) - len(slow)} of {len(at_large)} | {'yes' if not slow else 'no: ' + ', '.join(slow)} |")
    out.append(f"| peak memory < 64 MiB at {large_label} articles | max {max(k for _, k in at_large.values()) / MIB:.1f} MiB | "
               f"{'yes' if not heavy else 'no'} |\n")

    out.append("## Named queries on the seeded archive, against the sqlite3 CLI\n")
    out.append("`frontline --db seed.db query NAME --format csv` against `sqlite3 -csv -header seed.db 'SELECT * FROM VIEW'`.\n")
    out.append("| query | frontline (ms) | sqlite3 (ms) | ratio |\n|---|---:|---:|---:|")
    out += cmp_rows
    out.append(f"\nMedian ratio: **{median_ratio:.2f}**.\n")

    out.append("## Import\n")
    sentence = (f"`frontline import` of 1,000 synthetic articles ({imported:,} fact rows) into a fresh archive: "
                f"{import_median:.3f} s median, **{throughput:,.0f} fact rows/s**, peak memory {import_1k_kib / MIB:.1f} MiB. "
                f"{ARGS.large:,} articles ({large_rows:,} fact rows) in one run: {large_secs:.1f} s, "
                f"{large_rows / large_secs:,.0f} rows/s, peak memory {import_large_kib / MIB:.1f} MiB.")
    if huge:
        sentence += f" The {huge_label}-article archive was imported 10,000 articles at a time in {huge_secs:.0f} s in all."
    sentence += (f" One more article into the {large_label}-article archive: {ms(one_large)} ms median"
                 + (f"; into the {huge_label}-article archive, {ms(one_huge)} ms, one run" if huge else "")
                 + ". An import reads where each table ends, not how many rows it holds, so its cost "
                   "grows with what it adds.")
    out.append(sentence)
    out.append("""
How an import spends its time and memory (`perf` and callgrind on the release build, 1,000 and
200 articles). Two threads: one reads each article, parses its TOML and does everything that needs
only the article (its sha256, locating every quote in the text, parsing quantities and dates);
the other resolves names against the archive and writes, and its time is the import's wall time.
The load is one transaction and streams: each article is written as it arrives and nothing of it
is kept. Of the writing thread, about half is writing the rows (prepared statements held for the
whole load; the schema's CHECK lists are comparisons, migration 0006, since an `IN` list of more
than two values made SQLite build a temporary table for every row), and about a third is the end
of the load, in the same transaction (`Writer::finish` in `src/archive/load.rs`): the secondary
indexes, which a load that at least doubles the archive drops at its start and builds again from
the finished tables (one sort each instead of a b-tree update per row; `UNIQUE` indexes stay, so
duplicates are still refused where they occur), the search index (filled from the paragraph table
by SQLite's FTS5, about a seventh of the thread), and the rollups. About a fifth of the writing
thread is system calls: pages written to the WAL once the load's 8 MiB cache is full, and the
checkpoint after the commit. Peak memory is set by the load's page cache (8 MiB; at the end, a
quarter of it for building the indexes and an eighth for the rollups, plus as much for their
sorts), not by the number of articles.
""")

    out.append(f"""What SQLite itself needs to write the same rows (`sqlite_floors` in `bench/bench.py`): the sqlite3
CLI ({sqlite_version}) copies the {imported:,} fact rows and everything they come with (articles, paragraphs,
citations) from the imported archive into a copy of the archive before the import, with one
`INSERT ... SELECT` per table, in one transaction shaped as a load (the rollups' INSERT triggers set
aside, non-`UNIQUE` indexes dropped and built again, then the search index filled), with the
load's 8 MiB cache and SQLite's other settings as the CLI has them. It parses nothing, checks
nothing but the schema's constraints, resolves no names and writes no rollups, so it is a floor
for the writing thread, not a rival:

| how the same rows are written | median (s) | fact rows/s |
|---|---:|---:|
| `frontline import` (parsing on a second thread) | {import_median:.3f} | {throughput:,.0f} |
""" + "\n".join(f"| sqlite3 `INSERT ... SELECT`, {f['label']} | {f['seconds']:.3f} | {f['rows_per_s']:,.0f} |" for f in floors) + f"""

Besides its {imported:,} fact rows the import writes {floors[0]['other_rows']:,} other rows (articles,
stories and their authors, paragraphs, citations: {floors[0]['other_rows'] / imported:.2f} per fact row), and
the text three times, so that a reader can follow every fact to its passage in any SQLite client:
each article, each paragraph, each quote; then the trigram search index over the paragraphs.
""" + ("""While the archive stores all that, SQLite's fastest way to write the same rows, in a load's
shape, does not reach 200,000 fact rows/s on this machine at either page size: the import's
parsing, checks and name resolution come on top of it.
""" if max(f["rows_per_s"] for f in floors) < 200000 else """SQLite alone writes them at 200,000 fact rows/s or
more here: what the import spends beyond that is frontline's own.
"""))

    out.append("## Scale: time (ms, median) and peak memory (MiB) by archive size in articles\n")
    labels = [l for l, _ in archives]
    out.append("| workload | " + " | ".join(f"{l} article{'' if l == '1' else 's'}" for l in labels)
               + f" | sqlite3 CLI, same view, {large_label} articles |")
    out.append("|---|" + "---:|" * (len(labels) + 1))
    for wl, v in scale.items():
        cli = f"{ms(cli_large[wl])} ms" if wl in cli_large else ""
        cells = []
        for l in labels:
            m, kib = v[l]
            cells.append(f"{ms(m)} ms, {kib / MIB:.1f} MiB" if m is not None else f"{kib / MIB:.1f} MiB")
        out.append(f"| {wl} | " + " | ".join(cells) + f" | {cli} |")
    if huge:
        out.append(f"\nAt {huge_label} articles the listing queries are not timed (their goal is the ratio at "
                   f"{large_label}); their peak memory is.")
    out.append(f"\n## `--sources` at {large_label} articles\n")
    out.append("`frontline query NAME --sources --format csv`: every row with the passages behind it. The "
               "aggregates (`-- sources: grouped` in `queries/`) read their sources view once and group the "
               "passages by key, so their memory follows the size of the answer; the listings find each "
               "row's passages by an index search.\n")
    out.append("| query | time (ms, median of 3) | peak memory (MiB) | output (MiB) |\n|---|---:|---:|---:|")
    out += sources_rows
    out.append("\n## Archive size per fact row\n")
    out.append("| articles | fact rows | size (MiB) | bytes per fact row |\n|---|---:|---:|---:|")
    out += sizes
    out.append(f"\nA fact row is a row of a fact table as `frontline import` counts them (read from the schema: a "
               f"table with a citation_id column, or one that only links such tables: {', '.join(facts)}); "
               "the size includes the article text, paragraphs, citations, indexes, the search index and "
               "anything derived from the facts.\n")
    out.append(f"## Query plans at {large_label} articles: what still scans\n")
    out.append("| view | full scans (EXPLAIN QUERY PLAN) |\n|---|---|")
    out += plans
    out.append("""
The views that list rows (`organizations`, `people`, `figures`, `timeline`) return every row, so
reading every row in one pass is the cheapest plan: their time grows with the number of rows they
print, and the goal for them is to cost no more than the sqlite3 CLI printing the same view.
""")
    # The drafting and report sections are written from bench/draft.sh's and bench/report.sh's
    # figures; keep them across reruns.
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
