"""Centrality (and path) speed: sahelgraph against plain networkx, in the same run.

Synthetic relation graphs in the shape of sahelgraph.model: N actors, 5 N relations
(random pairs, 4 predicates, evidence counts 1-4). For each measure the script times
``sahelgraph.analysis.centrality`` (collapse to the simple graph included) and the
networkx function on the same simple graph, and prints both times, their ratio and the
largest difference between the scores. networkx runs that would take longer than
``--networkx-limit`` seconds (exact betweenness from about 5k actors) are estimated from a
sample of sources instead and marked ``~``.

Betweenness and closeness are also timed on networkit alone (its graph built beforehand),
the floor for the measures that run on it: "vs networkit" is sahelgraph / networkit.

Targets at 10k actors: the five measures together <= 20 s; betweenness and closeness
>= 20x faster than networkx; weighted betweenness >= 10x faster than networkx and
<= 1.5x networkit's own time.

Usage::

    python benchmarks/centrality.py                     # 1k and 10k, + 100k for degree/pagerank
    python benchmarks/centrality.py --sizes 1000 10000 --big --weighted
    python benchmarks/centrality.py --path-store .sahelgraph/graph.lbdb --pairs 20
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time

import networkx as nx

from sahelgraph.analysis import centrality, shortest_paths, simple_graph
from sahelgraph.analysis.paths import NoPathError

PREDICATES = [("supports", 1, False), ("expels", -1, False), ("leads", 0, False),
              ("cooperates_with", 1, True)]
LINEAR = ("degree", "pagerank")
ALL = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def synthetic_graph(n: int, relations_per_actor: int = 5, seed: int = 0) -> nx.MultiDiGraph:
    """n actors and about relations_per_actor * n relations in the shape of sahelgraph.model
    (evidence lists left empty: only the counts matter here)."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"actor-{i}", {"name": f"Actor {i}", "kind": "state", "aliases": []}) for i in range(n))
    for _ in range(relations_per_actor * n):
        u, v = f"actor-{rnd.randrange(n)}", f"actor-{rnd.randrange(n)}"
        predicate, polarity, symmetric = rnd.choice(PREDICATES)
        G.add_edge(u, v, key=predicate, predicate=predicate, polarity=polarity, symmetric=symmetric,
                   weight=rnd.randint(1, 4), evidence=[])
    return G


def networkx_measure(H, measure: str, weighted: bool, sample: int | None = None):
    """The networkx equivalent on the simple graph H (see the tests); with ``sample``,
    betweenness from that many sources (for an estimate of the full time)."""
    weight = "weight" if weighted else None
    if measure == "degree":
        return dict(H.degree(weight="weight")) if weighted else nx.degree_centrality(H)
    if measure == "betweenness":
        length = None
        if weighted:
            lcm = math.lcm(*{w for _, _, w in H.edges(data="weight")})
            for _, _, d in H.edges(data=True):
                d["length"] = lcm // d["weight"]
            length = "length"
        return nx.betweenness_centrality(H, weight=length, k=sample, seed=0)
    if measure == "closeness":
        if sample:
            nodes = list(H)[:sample]
            R = H.reverse() if H.is_directed() else H
            for node in nodes:  # the per-node work of nx.closeness_centrality
                nx.single_source_dijkstra_path_length(R, node, weight="distance") if weighted \
                    else nx.single_source_shortest_path_length(R, node)
            return None
        return nx.closeness_centrality(H, distance="distance" if weighted else None)
    if measure == "eigenvector":
        return nx.eigenvector_centrality(H, weight=weight, tol=1e-10, max_iter=1000)
    if measure == "pagerank":
        return nx.pagerank(H, weight=weight, tol=1e-10, max_iter=1000)
    raise ValueError(measure)


def networkit_seconds(H, measure: str, weighted: bool) -> float | None:
    """networkit's own time for betweenness or closeness on the simple graph H, its graph
    built beforehand (untimed): the floor for a measure that runs on networkit."""
    import networkit as nk

    from sahelgraph.analysis._networkit import to_networkit

    if measure not in ("betweenness", "closeness"):
        return None
    lengths = [1.0 / w if weighted else 1.0 for _, _, w in H.edges(data="weight")]
    g, _ = to_networkit(H, lengths, reverse=measure == "closeness" and H.is_directed())
    start = time.perf_counter()
    if measure == "betweenness":
        nk.centrality.Betweenness(g, normalized=False).run()
    else:
        nk.centrality.Closeness(g, False, nk.centrality.ClosenessVariant.GENERALIZED).run()
    return time.perf_counter() - start


# exact networkx run time is about quadratic for these; above this many actors, sample
# (weighted closeness runs Dijkstra in Python: sampled sooner)
QUADRATIC = {"betweenness": 5000, "closeness": 20000}
QUADRATIC_WEIGHTED = {"betweenness": 5000, "closeness": 5000}


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def bench_size(n: int, measures, *, weighted: bool, directed: bool, networkx_limit: float) -> None:
    G, build = timed(synthetic_graph, n)
    print(f"\n== {n:,} actors, {G.number_of_edges():,} relations "
          f"({'weighted' if weighted else 'unweighted'}, {'directed' if directed else 'undirected'};"
          f" built in {build:.1f} s)")
    H, collapse = timed(simple_graph, G, weighted=weighted, directed=directed)
    print(f"collapse to the simple graph: {collapse:.2f} s ({H.number_of_edges():,} ties)")
    print(f"{'measure':<12} {'sahelgraph s':>12} {'networkx s':>12} {'ratio':>8} {'max diff':>10}"
          f" {'networkit s':>12} {'vs networkit':>12}")
    total = 0.0
    for measure in measures:
        ours, ours_s = timed(centrality, G, [measure], weighted=weighted, directed=directed)
        total += ours_s
        ours = ours[measure]
        sample = None
        limits = QUADRATIC_WEIGHTED if weighted else QUADRATIC
        if measure in limits and n > limits[measure]:
            sample = max(50, int(n * 0.02))
        reference, nx_s = timed(networkx_measure, H, measure, weighted, sample)
        if sample:
            nx_s *= n / sample
            diff, mark = "(sampled)", "~"
        else:
            diff, mark = f"{max(abs(ours[k] - reference[k]) for k in reference):.1e}", ""
        if nx_s > networkx_limit and not sample:
            mark = "!"
        nk_s = networkit_seconds(H, measure, weighted)
        versus = (f" {nk_s:>12.2f} {ours_s / nk_s:>11.2f}x" if nk_s else "")
        print(f"{measure:<12} {ours_s:>12.2f} {mark + format(nx_s, '.2f'):>12} {nx_s / ours_s:>7.1f}x {diff:>10}"
              + versus)
        sys.stdout.flush()
    if set(measures) >= set(ALL):
        together, together_s = timed(centrality, G, ALL, weighted=weighted, directed=directed)
        print(f"{'all five':<12} {together_s:>12.2f}   (one centrality() call)")


def time_path(store, pairs: int = 10, *, max_hops: int | None = None, seed: int = 0, **filters) -> list[float]:
    """Seconds per ``path`` question on an open store: ``store.path_graph`` then
    ``shortest_paths`` (undirected, as the CLI default), for ``pairs`` random actor pairs."""
    actors = sorted(store.actors())
    rnd = random.Random(seed)
    times = []
    for _ in range(pairs):
        a, b = rnd.sample(actors, 2)
        start = time.perf_counter()
        G = store.path_graph(a, b, max_hops=max_hops, directed=False, **filters)
        try:
            shortest_paths(G, a, b, max_hops=max_hops, limit=10)
        except NoPathError:
            pass
        times.append(time.perf_counter() - start)
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="actor counts for all measures (default 1000 10000)")
    parser.add_argument("--big", type=int, nargs="*", default=[100000],
                        help="actor counts for the linear-time measures only (degree, pagerank)")
    parser.add_argument("--weighted", action="store_true", help="time the weighted variants instead")
    parser.add_argument("--undirected", action="store_true", help="time undirected instead of directed")
    parser.add_argument("--networkx-limit", type=float, default=300.0,
                        help="seconds past which networkx runs are sampled or flagged (default 300)")
    parser.add_argument("--path-store", metavar="DB", help="time `path` on this embedded store instead")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--max-hops", type=int)
    args = parser.parse_args(argv)

    if args.path_store:
        from sahelgraph.stores import open_store

        with open_store(args.path_store) as store:
            times = time_path(store, args.pairs, max_hops=args.max_hops)
        times.sort()
        print(f"path on {args.path_store}: {len(times)} pairs, median {times[len(times) // 2]:.3f} s, "
              f"max {times[-1]:.3f} s")
        return

    options = {"weighted": args.weighted, "directed": not args.undirected,
               "networkx_limit": args.networkx_limit}
    # eigenvector needs directed=False on acyclic graphs; these random ones converge
    for n in args.sizes:
        bench_size(n, ALL, **options)
    for n in args.big:
        bench_size(n, LINEAR, **options)
    print("\nsahelgraph times include the collapse to the simple graph; networkx and networkit times\n"
          "start from that simple graph. ~ estimated from a sample of sources (exact networkx would take too\n"
          "long); ! over --networkx-limit")


if __name__ == "__main__":
    main()
