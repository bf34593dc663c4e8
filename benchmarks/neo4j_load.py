"""Benchmark: loading N annotated triples into Neo4j over Bolt, against Neo4j's own bulk
importer and against the embedded store; then 1,000 new rows into the loaded Neo4j database.

For each N (default 100,000; ``--rows 100000 1000000`` for both), in one run:

1. generate the synthetic dataset of benchmarks/load.py (skewed actors and predicates,
   quotes, partial dates, ~40% of rows more evidence for a relation seen before);
2. embedded: ``sahelgraph --db X load DIR`` (the real CLI, end to end);
3. Bolt: a fresh Neo4j 5.26 server (the test launcher, tests/neo4j/server) and
   ``sahelgraph --neo4j bolt://... load DIR`` (one transaction, merged in the database);
4. bulk: ``sahelgraph export --format neo4j-admin`` from the embedded store, then
   ``neo4j-admin database import full`` (Neo4j's importer, from the launcher's classpath)
   into a fresh stopped DBMS home; the import alone and export + import are both shown;
5. incremental: 1,000 new rows (new evidence and new relations among existing actors) loaded
   over Bolt into the server that holds the N rows, timed against the full Bolt load.

Prints rows per second and the ratios. Targets: Bolt load of 100k rows <= 3x the bulk
importer; 1,000 new rows into a 1M database <= 5 s. Times are wall clock on a shared
machine: read them as ratios.

Usage::

    python benchmarks/neo4j_load.py                        # 100,000 rows
    python benchmarks/neo4j_load.py --rows 100000 1000000  # both sizes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "neo4j"))

from server_process import Neo4jServer, build_launcher, java_command  # noqa: E402

BOLT_TARGET = 3.0
INCREMENT_TARGET_S = 5.0
INCREMENT_ROWS = 1000



def load_report(text: str) -> dict:
    """``sahelgraph load --format json`` (one object) with the names the checks use."""
    report = json.loads(text)
    names = {"rows_read": "rows read", "duplicates": "duplicates merged"}
    return {names.get(k, k): v for k, v in report.items()}

def timed(command: list[str], *, env: dict | None = None, cwd=None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command[:6])} ...\n{(done.stdout + done.stderr)[-3000:]}")
    return seconds, done.stdout


def neo4j_env(server: Neo4jServer) -> dict:
    return {"NEO4J_URI": server.uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": server.password}


def increment(dataset: Path, path: Path, rows: int, seed: int) -> Path:
    """``rows`` rows of the dataset again with a date in 2025: new evidence (the evidence key
    is date, source and quote) on relations the database holds, spelled as the input was."""
    rng = random.Random(seed)
    lines = []
    for part in sorted((dataset / "triples").glob("*.tsv")):
        lines += part.read_text(encoding="utf-8").splitlines()[1:]
    picked = rng.sample(lines, rows)
    out = ["subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote"]
    for line in picked:
        fields = line.split("\t")
        fields[3] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append("\t".join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def bulk_import(home: Path, csv_dir: Path) -> float:
    from sahelgraph.export.neo4j_admin import FILES, import_command

    conf = home / "conf"
    conf.mkdir(parents=True)
    (conf / "neo4j.conf").write_text("server.memory.pagecache.size=512m\n", encoding="utf-8")
    arguments = import_command([csv_dir / f for f in FILES]).split()[1:]
    seconds, _ = timed(java_command("org.neo4j.cli.AdminTool", *arguments, heap="2g"),
                       env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}, cwd=home)
    return seconds


def run(rows: int, actors: int, seed: int, root: Path, heap: str) -> dict:
    me = [sys.executable, "-m", "sahelgraph"]
    work = root / f"n{rows}"
    work.mkdir()
    print(f"[{rows:,}] generating ...", file=sys.stderr, flush=True)
    timed([sys.executable, str(ROOT / "benchmarks" / "load.py"), "--internal", "generate", str(work), str(rows),
           str(actors), str(seed)])
    dataset = work / "dataset"
    result = {"rows": rows}

    print(f"[{rows:,}] embedded load ...", file=sys.stderr, flush=True)
    result["embedded_s"], _ = timed(me + ["--db", str(work / "e.lbdb"), "load", str(dataset), "--format", "json"],
                                    env={"NEO4J_URI": ""})

    print(f"[{rows:,}] export neo4j-admin + bulk import ...", file=sys.stderr, flush=True)
    result["export_s"], _ = timed(me + ["--db", str(work / "e.lbdb"), "export", "--format", "neo4j-admin",
                                        "-o", str(work / "csv")], env={"NEO4J_URI": ""})
    result["import_s"] = bulk_import(work / "imported", work / "csv")
    shutil.rmtree(work / "imported")

    print(f"[{rows:,}] Bolt load ...", file=sys.stderr, flush=True)
    server = Neo4jServer(work / "bolt-home", heap=heap, pagecache="1g").start()
    try:
        result["startup_s"] = server.startup_ms / 1000
        result["bolt_s"], output = timed(me + ["load", str(dataset), "--format", "json"], env=neo4j_env(server))
        print(f"[{rows:,}] so far: {json.dumps(result)}", file=sys.stderr, flush=True)
        report = load_report(output)
        result["relations"] = report["relations"]
        print(f"[{rows:,}] {INCREMENT_ROWS} new rows over Bolt ...", file=sys.stderr, flush=True)
        more = increment(dataset, work / "increment.tsv", INCREMENT_ROWS, seed + 1)
        result["increment_s"], output = timed(me + ["load", str(more), "--skip-invalid", "--format", "json"],
                                              env=neo4j_env(server))
        result["increment_report"] = load_report(output)
        result["rss_mb"] = (server.rss_kb() or 0) / 1024
    finally:
        server.stop()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g", help="JVM heap of the Bolt server (default 4g)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    build_launcher()
    root = Path(tempfile.mkdtemp(prefix="sahelgraph-neo4j-bench-"))
    results = []
    try:
        for rows in args.rows:
            results.append(run(rows, args.actors, args.seed, root, args.heap))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    header = ["rows", "embedded", "Bolt", "export+import", "import", "Bolt/import", "Bolt/embedded",
              f"+{INCREMENT_ROWS} Bolt", "incr/full"]
    table = [header]
    for r in results:
        n = r["rows"]
        table.append([
            f"{n:,}", f"{r['embedded_s']:.1f} s ({n / r['embedded_s']:,.0f}/s)",
            f"{r['bolt_s']:.1f} s ({n / r['bolt_s']:,.0f}/s)",
            f"{r['export_s'] + r['import_s']:.1f} s", f"{r['import_s']:.1f} s ({n / r['import_s']:,.0f}/s)",
            f"{r['bolt_s'] / r['import_s']:.2f}", f"{r['bolt_s'] / r['embedded_s']:.2f}",
            f"{r['increment_s']:.2f} s", f"{r['increment_s'] / r['bolt_s']:.3f}"])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for r in results:
        print(f"{r['rows']:,} rows: {r['relations']:,} relations; server started in {r['startup_s']:.1f} s, "
              f"RSS {r['rss_mb']:.0f} MB after the loads; increment: {r['increment_report']}")
    for r in results:
        if r["rows"] == 100_000:
            ok = r["bolt_s"] <= BOLT_TARGET * r["import_s"]
            print(f"target Bolt 100k <= {BOLT_TARGET}x bulk import: {'met' if ok else 'NOT met'}")
        if r["rows"] >= 1_000_000:
            ok = r["increment_s"] <= INCREMENT_TARGET_S
            print(f"target {INCREMENT_ROWS} rows into {r['rows']:,} <= {INCREMENT_TARGET_S} s: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
