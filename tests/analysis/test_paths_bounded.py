"""Path enumeration is bounded: it streams in the promised order, stops at the limit (100
by default), gives up after a number of steps, and the store answers without enumerating
paths, so 8 hops on the Sahel graph costs what 3 do."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from sahelgraph.analysis import NoPathError, PathSearchStopped, all_paths, shortest_paths
from sahelgraph.stores.embedded import EmbeddedStore


def random_graph(seed: int, nodes: int = 9, edges: int = 18) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i}" for i in range(nodes))
    for _ in range(edges):
        u, v = rng.sample(sorted(G), 2)
        G.add_edge(u, v, key="r", predicate="r", symmetric=rng.random() < 0.2)
    return G


def order(paths):
    return sorted(paths, key=lambda p: (len(p), [str(n) for n in p]))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("directed", [False, True])
def test_streamed_paths_are_the_simple_paths_in_the_old_order(seed, directed):
    from sahelgraph.analysis import simple_graph

    G = random_graph(seed)
    H = simple_graph(G, directed=directed)
    for source, target in [("n0", "n1"), ("n2", "n7"), ("n5", "n3")]:
        expected = order(nx.all_simple_paths(H, source, target, cutoff=5))
        try:
            got = [p["nodes"] for p in all_paths(G, source, target, max_hops=5, directed=directed, limit=None)]
        except NoPathError:
            got = []
        assert got == expected
        if expected:
            shortest = sorted(nx.all_shortest_paths(H, source, target), key=lambda p: [str(n) for n in p])
            assert [p["nodes"] for p in shortest_paths(G, source, target, directed=directed, limit=None)] == shortest
            assert [p["nodes"] for p in all_paths(G, source, target, max_hops=5, directed=directed,
                                                  limit=3)] == expected[:3]


def complete(n: int) -> nx.MultiDiGraph:
    return nx.MultiDiGraph((f"a{i:02}", f"a{j:02}", "r") for i in range(n) for j in range(n) if i < j)


def test_the_search_stops_at_the_limit():
    G = complete(16)  # about 3.5e12 simple paths between two actors
    paths = all_paths(G, "a00", "a15", max_hops=15, limit=100, max_steps=20_000)
    assert len(paths) == 100 and paths[0]["nodes"] == ["a00", "a15"]
    assert [len(p["nodes"]) for p in paths] == [2] + [3] * 14 + [4] * 85  # shortest first
    assert len(shortest_paths(G, "a00", "a15", max_steps=20)) == 1


def test_the_default_limit_is_100():
    assert len(all_paths(complete(9), "a00", "a08", max_hops=8)) == 100
    grid = nx.MultiDiGraph(nx.grid_2d_graph(8, 8))  # 3,432 shortest paths from corner to corner
    assert len(shortest_paths(grid, (0, 0), (7, 7))) == 100


def test_a_search_that_runs_too_long_gives_up_with_what_it_found():
    G = complete(12)
    with pytest.raises(PathSearchStopped, match=r"stopped after 5,000 steps of the search for paths "
                                                r"between a00 and a11 within 11 hops, with \d+ found") as info:
        all_paths(G, "a00", "a11", max_hops=11, limit=None, max_steps=5_000)
    assert info.value.paths and info.value.paths[0]["nodes"] == ["a00", "a11"]


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("all_simple", [False, True])
def test_store_path_graph_answers_as_the_whole_sahel_graph(sahel_db, directed, all_simple):
    store = EmbeddedStore(sahel_db)
    whole = EmbeddedStore(sahel_db).graph()
    for source, target in [("wagner-group", "minusma"), ("united-states", "assimi-goita"),
                           ("mali", "france"), ("minusma", "russia")]:
        if source not in whole or target not in whole:
            continue
        G = store.path_graph(source, target, max_hops=5 if all_simple else None, all_paths=all_simple,
                             directed=directed)
        search = all_paths if all_simple else shortest_paths
        keywords = {"max_hops": 5} if all_simple else {}

        def answer(graph):
            try:
                return [p["nodes"] for p in search(graph, source, target, directed=directed,
                                                   limit=2000, **keywords)]
            except NoPathError:
                return []

        assert answer(G) == answer(whole), (source, target)
    assert store._cache is None


def test_path_all_with_eight_hops_on_the_sahel_graph_is_bounded(sahel_db):
    """Before: 7-8 hops took ~20 GB and ended in "buffer pool is full"; 6 hops 5 GB."""
    bin_dir = Path(sys.executable).parent
    script = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(json.dumps({'code': p.returncode, 'out': p.stdout, 'err': p.stderr,\n"
        "                  'kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n")
    command = [sys.executable, "-c", script, str(bin_dir / "sahelgraph"), "--db", str(sahel_db), "path",
               "Wagner", "MINUSMA", "--all", "--max-hops", "8", "--format", "json"]
    result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True,
                                       env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}).stdout)
    assert result["code"] == 0, result["err"]
    assert "note: showing the first 20 paths; there are more" in result["err"]
    assert len(json.loads(result["out"])) == 20
    assert result["kb"] < 1_000_000  # under 1 GB whatever the hops
