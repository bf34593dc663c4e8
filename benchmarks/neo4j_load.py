"""Benchmark: loading N annotated triples into Neo4j over Bolt, against Neo4j's own bulk
importer and against the embedded store; then 1,000 new rows into the loaded Neo4j database.

For each N (default 100,000; ``--rows 100000 1000000`` for both), in one run:

1. generate the synthetic dataset of benchmarks/load.py (skewed actors and predicates,
   quotes, partial dates, ~40% of rows more evidence for a relation seen before);
2. embedded: ``sahelgraph --db X load DIR`` (the real CLI, end to end);
3. bulk: ``sahelgraph export --format neo4j-admin`` from the embedded store, then
   ``neo4j-admin database import full`` (Neo4j's importer, from the launcher's classpath)
   into a fresh stopped DBMS home; the import alone and export + import are both shown;
4. Bolt: a fresh Neo4j 5.26 server (the test launcher, tests/neo4j/server) and
   ``sahelgraph --neo4j bolt://... load DIR`` (one transaction, merged in the database);
5. incremental: three times 1,000 new rows (half new evidence on stored relations, half new
   relations among stored actors) loaded over Bolt with the CLI into the server that holds
   the N rows, timed against the full Bolt load.

Prints wall time, rows per second and the ratios, with CPU-time ratios beside the wall ones
(CPU: the client's plus, for Bolt, the server JVM's), and the load average during each step
(the machine is shared: read the figures as ratios measured in the same run). Targets: Bolt
load of 100k rows <= 3x the bulk importer; 1,000 new rows into a 1M database <= 5 s.

Usage::

    python benchmarks/neo4j_load.py                        # 100,000 rows
    python benchmarks/neo4j_load.py --rows 100000 1000000  # both sizes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
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

class Clock:
    """Wall time, CPU time (this process's children and, if given, a server process) and the
    load average over one step."""

    def __init__(self, server_pid: int | None = None):
        self.server_pid = server_pid

    def _cpu(self) -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = children.ru_utime + children.ru_stime
        if self.server_pid is not None:
            fields = Path(f"/proc/{self.server_pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return cpu

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = self._cpu() - self.cpu
        self.load = os.getloadavg()[0]


def timed(command: list[str], *, env: dict | None = None, cwd=None, server_pid: int | None = None):
    """Run a command; returns (Clock, stdout)."""
    with Clock(server_pid) as clock:
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=cwd)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command[:6])} ...\n{(done.stdout + done.stderr)[-3000:]}")
    return clock, done.stdout


def neo4j_env(server: Neo4jServer) -> dict:
    return {"NEO4J_URI": server.uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": server.password}


def increment(dataset: Path, path: Path, rows: int, seed: int) -> Path:
    """``rows`` new rows, spelled as the input was, dated 2025: half are rows of the dataset
    again with a new date (new evidence on stored relations: the evidence key is date, source
    and quote), half join the subject of one row to the object of another row of the same
    predicate (new relations among stored actors, of kinds the predicate allows)."""
    rng = random.Random(seed)
    lines = []
    for part in sorted((dataset / "triples").glob("*.tsv")):
        lines += part.read_text(encoding="utf-8").splitlines()[1:]
    by_predicate: dict[str, list[list[str]]] = {}
    for line in lines:
        fields = line.split("\t")
        by_predicate.setdefault(fields[1], []).append(fields)
    out = ["subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote"]
    for n, line in enumerate(rng.sample(lines, rows)):
        fields = line.split("\t")
        if n % 2:
            other = rng.choice(by_predicate[fields[1]])
            fields[2] = other[2]
            fields[5] = f"{fields[0]} {fields[1]} {other[2]} (benchmark row {seed}-{n})"
        fields[3] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append("\t".join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def bulk_import(home: Path, csv_dir: Path):
    from sahelgraph.export.neo4j_admin import FILES, import_command

    conf = home / "conf"
    conf.mkdir(parents=True)
    (conf / "neo4j.conf").write_text("server.memory.pagecache.size=512m\n", encoding="utf-8")
    arguments = import_command([csv_dir / f for f in FILES]).split()[1:]
    clock, _ = timed(java_command("org.neo4j.cli.AdminTool", *arguments, heap="2g"),
                     env={"NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}, cwd=home)
    return clock


def step(rows: int, what: str) -> None:
    print(f"[{rows:,}] {what} (load average {os.getloadavg()[0]:.1f}) ...", file=sys.stderr, flush=True)


def run(rows: int, actors: int, seed: int, root: Path, heap: str, pagecache: str) -> dict:
    me = [sys.executable, "-m", "sahelgraph"]
    work = root / f"n{rows}"
    work.mkdir()
    step(rows, "generating")
    timed([sys.executable, str(ROOT / "benchmarks" / "load.py"), "--internal", "generate", str(work), str(rows),
           str(actors), str(seed)])
    shutil.rmtree(work / "parquet", ignore_errors=True)  # load.py's reference files, not used here
    dataset = work / "dataset"
    result = {"rows": rows}

    step(rows, "embedded load")
    result["embedded"], _ = timed(me + ["--db", str(work / "e.lbdb"), "load", str(dataset), "--format", "json"],
                                  env={"NEO4J_URI": ""})

    step(rows, "export neo4j-admin")
    result["export"], _ = timed(me + ["--db", str(work / "e.lbdb"), "export", "--format", "neo4j-admin",
                                      "-o", str(work / "csv")], env={"NEO4J_URI": ""})
    shutil.rmtree(work / "e.lbdb", ignore_errors=True)
    step(rows, "bulk import")
    result["import"] = bulk_import(work / "imported", work / "csv")
    shutil.rmtree(work / "imported")
    shutil.rmtree(work / "csv")

    step(rows, "Bolt load")
    server = Neo4jServer(work / "bolt-home", heap=heap, pagecache=pagecache).start()
    try:
        result["startup_s"] = server.startup_ms / 1000
        pid = server.process.pid
        result["bolt"], output = timed(me + ["load", str(dataset), "--format", "json"], env=neo4j_env(server),
                                       server_pid=pid)
        report = load_report(output)
        result["relations"] = report["relations"]
        result["rss_after_load_mb"] = (server.rss_kb() or 0) / 1024
        result["increments"] = []
        for n in range(3):
            step(rows, f"{INCREMENT_ROWS} new rows over Bolt, #{n + 1}")
            more = increment(dataset, work / f"increment-{n}.tsv", INCREMENT_ROWS, seed + 1 + n)
            clock, output = timed(me + ["load", str(more), "--skip-invalid", "--format", "json"],
                                  env=neo4j_env(server), server_pid=pid)
            result["increments"].append((clock, load_report(output)))
        result["rss_mb"] = (server.rss_kb() or 0) / 1024
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g", help="JVM heap of the Bolt server (default 4g)")
    parser.add_argument("--pagecache", default="1g", help="page cache of the Bolt server (default 1g)")
    parser.add_argument("--workdir", type=Path, help="where to put the data (default: a temporary directory)")
    args = parser.parse_args(argv)
    build_launcher()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="sahelgraph-neo4j-bench-", dir=args.workdir))
    results = []
    try:
        for rows in args.rows:
            results.append(run(rows, args.actors, args.seed, root, args.heap, args.pagecache))
            print(f"[{rows:,}] done", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    def cell(clock, n=None):
        rate = f", {n / clock.wall:,.0f} rows/s" if n else ""
        return f"{clock.wall:.1f} s (cpu {clock.cpu:.1f} s{rate}; load {clock.load:.1f})"

    for r in results:
        n = r["rows"]
        bolt, imp, exp, emb = r["bolt"], r["import"], r["export"], r["embedded"]
        incr = sorted(c.wall for c, _ in r["increments"])
        print(f"\n{n:,} rows ({r['relations']:,} relations; {n // 1000:,}k)")
        print(f"  embedded load         {cell(emb, n)}")
        print(f"  export neo4j-admin    {cell(exp)}")
        print(f"  bulk import           {cell(imp, n)}")
        print(f"  Bolt load             {cell(bolt, n)}  (server and client CPU)")
        for k, (clock, report) in enumerate(r["increments"], 1):
            print(f"  +{INCREMENT_ROWS:,} rows over Bolt #{k}  {cell(clock, INCREMENT_ROWS)}  "
                  f"(loaded {report['loaded']}, duplicates {report['duplicates merged']}, "
                  f"rejected {report['rejected']})")
        print(f"  Bolt / bulk import    wall {bolt.wall / imp.wall:.2f}, cpu {bolt.cpu / imp.cpu:.2f}")
        print(f"  Bolt / (export + import) wall {bolt.wall / (exp.wall + imp.wall):.2f}")
        print(f"  Bolt / embedded       wall {bolt.wall / emb.wall:.2f}, cpu {bolt.cpu / emb.cpu:.2f}")
        print(f"  +{INCREMENT_ROWS:,} / full Bolt load  median {incr[1]:.2f} s = {incr[1] / bolt.wall:.4f} of the full load")
        print(f"  server: started in {r['startup_s']:.1f} s; RSS {r['rss_after_load_mb']:,.0f} MB after the load, "
              f"{r['rss_mb']:,.0f} MB at the end")
        if n == 100_000:
            ok = bolt.wall <= BOLT_TARGET * imp.wall
            print(f"  target Bolt 100k <= {BOLT_TARGET}x bulk import: {'met' if ok else 'NOT met'}")
        if n >= 1_000_000:
            ok = incr[1] <= INCREMENT_TARGET_S
            print(f"  target {INCREMENT_ROWS:,} rows into {n:,} <= {INCREMENT_TARGET_S} s (median of 3): "
                  f"{'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
