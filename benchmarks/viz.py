"""Benchmark: ``sahelgraph viz`` pages of 500, 2,000 and 20,000 actors in headless Chromium.

For each size a synthetic graph in the shape of ``sahelgraph.model`` (about 2.5 relations
per actor, one piece of evidence each with a quote, six kinds, five predicates) is built,
then timed:

1. write: ``build_page(G).write(path)``, everything from the networkx graph to the file on
   disk (centrality, layout, pyvis network, JSON, HTML);
2. interactive: opening the file in headless Chromium (Playwright, fresh profile, every
   non-file request aborted) until the page is interactive: ``window.__sahelgraphReady``
   (set by the page once the layout is done, physics is off and a frame has been drawn)
   is true and the main thread answers a ``page.evaluate``;
3. the reference: the same browser opening a trivial page until ``load`` (what opening any
   file costs here), so the ratio interactive / reference reads the same on any machine.

Behaviour by size (documented in ``sahelgraph.viz.page``): up to 500 actors vis-network
lays the graph out in the browser (physics, then off); above, the layout is computed in
Python and physics is off; above ``--max-nodes`` (default 5,000) only the most central actors
are shown, and above ``--max-relations`` (default 10,000) only the strongest relations. The
20,000 row is run twice: default (top 5,000 actors, 10,000 relations) and ``max_nodes=0,
max_relations=0`` (all).

Targets: interactive <= 5 s at 2,000 actors; 20,000 actors interactive (no frozen tab).

Usage::

    python benchmarks/viz.py                    # 500, 1,000, 2,000, 20,000 (+ all 20,000)
    python benchmarks/viz.py --sizes 500 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "viz"))  # the browser helper of the tests

import networkx as nx  # noqa: E402

from browser import open_page  # noqa: E402
from sahelgraph.viz import build_page  # noqa: E402

TARGET_2000 = 5.0
KINDS = ["state", "government", "armed_group", "person", "igo", "pmc"]
PREDICATES = [("supports", 1), ("expels", -1), ("leads", 0), ("sanctions", -1), ("member_of", 0)]


def synthetic(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """n actors, ~2.5 n relations with evidence, in the graph shape of sahelgraph.model."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(sources={"s": {"title": "Synthetic", "outlet": "Bench", "published": "2023",
                                       "url": None, "language": "en", "file": None, "note": None}},
                        predicates={}, filters={})
    for i in range(n):
        G.add_node(f"actor-{i}", name=f"Actor {i}", kind=rng.choice(KINDS), aliases=[f"A{i}"],
                   country=None, description=f"Synthetic actor number {i}")
    # preferential attachment, so that there are hubs as in real data
    targets = [f"actor-{i}" for i in range(min(n, 5))]
    for i in range(int(n * 2.5)):
        u = f"actor-{rng.randrange(n)}"
        v = rng.choice(targets) if rng.random() < 0.5 else f"actor-{rng.randrange(n)}"
        if u == v:
            continue
        predicate, polarity = rng.choice(PREDICATES)
        date = f"20{rng.randrange(15, 24)}-{rng.randrange(1, 13):02d}"
        evidence = [{"date": date, "source": "s", "quote": f"Quote {i}: {u} {predicate} {v}.",
                     "confidence": 1.0, "note": None, "file": "bench.tsv", "line": i + 2}]
        G.add_edge(u, v, key=predicate, predicate=predicate, polarity=polarity, symmetric=False,
                   weight=1, first_date=date, last_date=date, confidence=1.0, sources=["s"],
                   evidence=evidence)
        targets.append(v)
    return G


def reference_seconds(folder: Path) -> float:
    trivial = folder / "trivial.html"
    trivial.write_text("<!DOCTYPE html><title>trivial</title><p>trivial</p>")
    with open_page(trivial, wait=False) as s:
        start = time.perf_counter()
        s.page.goto(s.url, wait_until="load")
        s.page.evaluate("1 + 1")
        return time.perf_counter() - start


def measure(G, folder: Path, label: str, **options) -> dict:
    start = time.perf_counter()
    page = build_page(G, **options)
    path = page.write(folder / f"{label}.html")
    write = time.perf_counter() - start
    with open_page(path, wait=False) as s:
        start = time.perf_counter()
        s.page.goto(s.url, wait_until="load")
        s.wait_ready(timeout_ms=180_000)
        ready = time.perf_counter() - start
        # one more frame after a zoom: the tab answers, it is not frozen
        start = time.perf_counter()
        s.page.evaluate("""() => new Promise((done) => {
            const n = window.sahelgraph.network;
            n.once('afterDrawing', () => done(true));
            n.moveTo({scale: n.getScale() * 1.5});
        })""")
        frame = time.perf_counter() - start
        problems = s.console_errors + s.requests
    return {"label": label, "nodes": page.counts["nodes"], "edges": page.counts["edges"],
            "physics": page.data["physics"], "mb": path.stat().st_size / 1e6,
            "write": write, "ready": ready, "frame": frame, "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 20000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median reported)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sahelgraph-viz-bench-") as tmp:
        folder = Path(tmp)
        reference = statistics.median(reference_seconds(folder) for _ in range(3))
        for n in args.sizes:
            G = synthetic(n)
            variants = [(f"{n}", {})]
            if n > 5000:
                variants.append((f"{n} all", {"max_nodes": 0, "max_relations": 0}))
            for label, options in variants:
                runs = [measure(G, folder, label.replace(" ", "-"), **options) for _ in range(args.repeat)]
                row = dict(runs[0], label=label)
                for key in ("write", "ready", "frame"):
                    row[key] = statistics.median(r[key] for r in runs)
                rows.append(row)
                print(f"  measured {label}: write {row['write']:.2f} s, interactive {row['ready']:.2f} s",
                      file=sys.stderr)

    print(f"\nreference: a trivial page opens in {reference * 1000:.0f} ms in the same browser\n")
    header = (f"{'actors':>11}  {'shown':>6}  {'relations':>9}  {'layout':<8}  {'file':>7}  "
              f"{'write s':>7}  {'interactive s':>13}  {'x reference':>11}  {'next frame ms':>13}")
    print(header)
    print("-" * len(header))
    ok = True
    for r in rows:
        layout = "browser" if r["physics"] else "python"
        print(f"{r['label']:>11}  {r['nodes']:>6,}  {r['edges']:>9,}  {layout:<8}  {r['mb']:>5.1f}MB  "
              f"{r['write']:>7.2f}  {r['ready']:>13.2f}  {r['ready'] / reference:>11.0f}  "
              f"{r['frame'] * 1000:>13.0f}")
        if r["problems"]:
            ok = False
            print(f"   problems: {r['problems'][:3]}")
        if r["label"] == "2000" and r["ready"] > TARGET_2000:
            ok = False
    print(f"\ntarget: interactive <= {TARGET_2000:.0f} s at 2,000 actors: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
