"""Benchmark: what LadybugDB's CHECKPOINT costs after a small write, by how many relationship
tables the write touched. The floor under an incremental load into the embedded store.

An incremental load (benchmarks/load.py) writes 1,000 rows into a store of 1M in place and
checkpoints; at 1M rows the checkpoint was about half of the load (2.5 s of 4.9 s), about
30 ms per relationship table touched, and 1,000 random rows touch nearly every table (the
store has one per predicate). This script shows that cost with LadybugDB alone, no
sahelgraph code: a store of ``--actors`` actors and ``--tables`` relationship tables of
``--relations`` relations each (the shape of the 1M store: 20,000 actors, 59 tables of about
9,000); then the same number of new relations (``--rows``) written

- into one table (the reference), and
- spread over every table,

each followed by ``CHECKPOINT``, timed. It prints both checkpoints and their ratio, the cost
per touched table, and how the file grew. Run it with other sizes to see that the cost per
table does not follow the table's size or the number of rows written: it is what a fix in
LadybugDB (a checkpoint that writes only the changed part of a table) would remove.

Usage::

    python benchmarks/checkpoint.py
    python benchmarks/checkpoint.py --actors 2000 --relations 1000 --tables 20
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

COLUMNS = "id INT64, weight INT64, first_date STRING, last_date STRING, confidence DOUBLE, polarity INT64"


def build(path: Path, actors: int, tables: int, relations: int, seed: int) -> None:
    """A store of ``actors`` actors and ``tables`` relationship tables of random relations."""
    database = ladybug.Database(str(path))
    conn = ladybug.Connection(database)
    conn.execute("CREATE NODE TABLE Actor(id STRING, PRIMARY KEY(id))")
    ids = [f"a{i}" for i in range(actors)]
    staging = path.parent / "staging.parquet"
    pq.write_table(pa.table({"id": ids}), staging)
    conn.execute(f"COPY Actor FROM '{staging}'")
    chosen = random.Random(seed)
    for t in range(tables):
        conn.execute(f"CREATE REL TABLE R{t}(FROM Actor TO Actor, {COLUMNS})")
        pq.write_table(pa.table({
            "from": [chosen.choice(ids) for _ in range(relations)],
            "to": [chosen.choice(ids) for _ in range(relations)],
            "id": pa.array(range(t * relations, (t + 1) * relations), pa.int64()),
            "weight": pa.array([1] * relations, pa.int64()),
            "first_date": ["2022-08"] * relations, "last_date": ["2023-06"] * relations,
            "confidence": [1.0] * relations, "polarity": pa.array([-1] * relations, pa.int64()),
        }), staging)
        conn.execute(f"COPY R{t} FROM '{staging}'")
    staging.unlink()
    conn.execute("CHECKPOINT")
    conn.close()
    database.close()


def write_and_checkpoint(path: Path, actors: int, tables: list[int], rows: int, seed: int) -> dict:
    """``rows`` new relations spread over ``tables``, then CHECKPOINT: the times and growth."""
    size = path.stat().st_size
    database = ladybug.Database(str(path))
    conn = ladybug.Connection(database)
    chosen = random.Random(seed)
    per_table = [rows // len(tables) + (i < rows % len(tables)) for i in range(len(tables))]
    started = time.perf_counter()
    for table, count in zip(tables, per_table):
        new = [{"a": f"a{chosen.randrange(actors)}", "b": f"a{chosen.randrange(actors)}"} for _ in range(count)]
        conn.execute(f"UNWIND $rows AS x MATCH (a:Actor {{id: x.a}}), (b:Actor {{id: x.b}}) "
                     f"CREATE (a)-[:R{table} {{id: -1, weight: 1, first_date: '2024', last_date: '2024', "
                     f"confidence: 1.0, polarity: -1}}]->(b)", {"rows": new})
    written = time.perf_counter()
    conn.execute("CHECKPOINT")
    done = time.perf_counter()
    conn.close()
    database.close()
    return {"write": written - started, "checkpoint": done - written, "tables": len(tables),
            "grew_mb": (path.stat().st_size - size) / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--tables", type=int, default=59)
    parser.add_argument("--relations", type=int, default=9_000, help="relations per table")
    parser.add_argument("--rows", type=int, default=1_000, help="new relations written")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sahelgraph-checkpoint-"))
    try:
        base = tmp / "base.lbdb"
        print(f"building {args.actors:,} actors, {args.tables} tables x {args.relations:,} relations ...",
              file=sys.stderr, flush=True)
        build(base, args.actors, args.tables, args.relations, args.seed)
        runs = {}
        for name, tables in (("one table", [0]), ("every table", list(range(args.tables)))):
            copy = tmp / f"{name.replace(' ', '-')}.lbdb"
            shutil.copyfile(base, copy)
            runs[name] = write_and_checkpoint(copy, args.actors, tables, args.rows, args.seed)
        one, every = runs["one table"], runs["every table"]
        print(f"{args.rows:,} new relations into a store of {args.actors:,} actors and "
              f"{args.tables} relationship tables of {args.relations:,}")
        print(f"{'written into':<14} {'tables':>6} {'write s':>8} {'checkpoint s':>13} {'file grew MB':>13}")
        for name, run in runs.items():
            print(f"{name:<14} {run['tables']:>6} {run['write']:>8.2f} {run['checkpoint']:>13.2f} "
                  f"{run['grew_mb']:>13.1f}")
        extra = (every["checkpoint"] - one["checkpoint"]) / max(every["tables"] - 1, 1)
        print(f"checkpoint, every table / one table: {every['checkpoint'] / max(one['checkpoint'], 1e-9):.1f}x; "
              f"{extra * 1000:.1f} ms per further table touched")
        print(f"load average {os.getloadavg()[0]:.1f}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
