"""Benchmark: ``sahelgraph path A B`` end to end on an embedded store of 1M relations.

Builds a synthetic store (default 100,000 actors, 1,000,000 relations over the package's
predicates, one piece of evidence each) once, then times in the same run, each in a fresh
process:

- ``sahelgraph --db X path A B`` (the question answered by LadybugDB's ``ALL SHORTEST``);
- the reference: the same process start without the question (``sahelgraph --db X stats
  --help``), i.e. what any command costs;
- for comparison, the path found by reading the whole graph into networkx
  (``store.graph()`` + ``nx.shortest_path``), which is what the pushdown avoids.

Prints the times and ratios. Target: path <= 2 s end to end.

Usage::

    python benchmarks/path.py                       # 1,000,000 relations
    python benchmarks/path.py --relations 100000 --keep
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sahelgraph.model import Actor, Evidence, GraphData, Relation, Source
from sahelgraph.ontology import load_ontology
from sahelgraph.stores.embedded import EmbeddedStore


def build(path: Path, actors: int, relations: int, seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    ontology = load_ontology()
    predicates = [p for p in ontology.predicates if not ontology.predicates[p].subject_kinds
                  and not ontology.predicates[p].object_kinds]
    data = GraphData(predicates=dict(ontology.predicates),
                     sources={"s": Source("s", "synthetic")})
    for i in range(actors):
        data.actors[f"a{i}"] = Actor(f"a{i}", f"Actor {i}", "state", [f"A{i}"])
    while len(data.relations) < relations:
        u, v = rng.randrange(actors), rng.randrange(actors)
        if u == v:
            continue
        key = (f"a{u}", rng.choice(predicates), f"a{v}")
        data.relations[key] = Relation(*key, [Evidence("2023", "s", f"quote {len(data.relations)}")])
    EmbeddedStore(path).write(data)
    # two actors far apart in id space: a typical question
    return "Actor 1", f"Actor {actors // 2}"


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stdout + done.stderr


WHOLE_GRAPH = """
import sys, networkx as nx
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.resolve import ActorIndex
store = EmbeddedStore(sys.argv[1])
G = store.graph()
index = ActorIndex(store.actors().values())
print(nx.shortest_path(G.to_undirected(as_view=True), index.resolve(sys.argv[2]), index.resolve(sys.argv[3])))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store")
    parser.add_argument("--skip-whole-graph", action="store_true",
                        help="do not time the whole-graph comparison")
    options = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="sahelgraph-path-"))
    db = tmp / "graph.lbdb"
    start = time.perf_counter()
    a, b = build(db, options.actors, options.relations, options.seed)
    print(f"built a store of {options.actors:,} actors and {options.relations:,} relations "
          f"in {time.perf_counter() - start:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")

    cli = [sys.executable, "-m", "sahelgraph", "--db", str(db)]
    path_times, start_times = [], []
    for _ in range(options.repeat):
        seconds, output = timed(cli + ["path", a, b, "--format", "csv"])
        path_times.append(seconds)
        start_times.append(timed(cli + ["stats", "--help"])[0])
    lines = output.strip().splitlines()
    found = next((line for line in lines if "path(s) between" in line), "no path line")
    hops = f"{found}; {len(lines) - 2} relation rows"
    rows = [("sahelgraph path (end to end)", min(path_times)),
            ("reference: process start", min(start_times))]
    if not options.skip_whole_graph:
        rows.append(("whole graph + networkx", timed([sys.executable, "-c", WHOLE_GRAPH, str(db), a, b])[0]))
    print(f"\npath {a!r} -> {b!r}: {hops}")
    print(f"\n{'what':<30} {'seconds':>8} {'x start':>8}")
    for name, seconds in rows:
        print(f"{name:<30} {seconds:>8.2f} {seconds / rows[1][1]:>8.1f}")
    verdict = "OK" if rows[0][1] <= 2.0 else "OVER"
    print(f"\ntarget: path <= 2 s end to end: {rows[0][1]:.2f} s {verdict}")
    if options.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
