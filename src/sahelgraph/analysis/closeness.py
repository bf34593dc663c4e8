"""Closeness centrality: how near an actor is to all the others.

Unweighted closeness runs a multi-source breadth-first search in numpy (one bit per
source: 64 sources per machine word, a thousand at a time), the method of Neo4j GDS;
weighted closeness runs on networkit (MIT; Dijkstra from every actor, in parallel).
"""

from __future__ import annotations

import networkit as nk
import numpy as np

from sahelgraph.analysis._networkit import to_networkit
from sahelgraph.analysis.simple import simple_graph


def closeness_centrality(G, *, weighted: bool = False, directed: bool = True) -> dict:
    """Closeness centrality of each actor of ``G``, equal to
    ``networkx.closeness_centrality`` on the simple graph (see
    :func:`~sahelgraph.analysis.simple.simple_graph`); unweighted by a multi-source
    breadth-first search in numpy, weighted by networkit.

    ``r / (sum of the distances from the r other actors that reach it)``, scaled by
    ``r / (n - 1)`` (Wasserman and Faust) so that actors in small components do not look
    central. On a directed graph distances run *towards* the actor (incoming), as in
    networkx.

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        Weighted: a tie's length is ``distance = 1 / weight`` with weight = its evidence
        count (more evidence = stronger tie = shorter); networkx equivalent:
        ``closeness_centrality(H, distance="distance")``. Else every tie has length 1.
    directed : bool, default True

    Returns
    -------
    dict
        {actor: float}.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> closeness_centrality(G, directed=False)
    {'a': 0.6666666666666666, 'b': 1.0, 'c': 0.6666666666666666}
    >>> G["a"]["b"][0]["weight"] = 2  # two pieces of evidence: a-b is 1/2 long
    >>> closeness_centrality(G, directed=False, weighted=True)["a"]  # 2 / (0.5 + 1.5)
    1.0
    """
    H = simple_graph(G, weighted=weighted, directed=directed)
    if not weighted:
        return _unweighted_closeness(H)
    return _weighted_closeness(H)


def _weighted_closeness(H) -> dict:
    """Weighted closeness of the simple graph ``H`` by networkit (Dijkstra from every actor,
    in parallel): its generalised closeness is Wasserman and Faust's, as in networkx, and
    on the reversed graph its distances run towards the actor."""
    lengths = np.array([1.0 / w for _, _, w in H.edges(data="weight")], dtype=float)
    g, nodes = to_networkit(H, lengths, reverse=H.is_directed())
    scores = nk.centrality.Closeness(g, False, nk.centrality.ClosenessVariant.GENERALIZED).run().scores()
    return {node: float(score) for node, score in zip(nodes, scores)}


# sources per breadth-first search: this many 64-bit words per actor
_WORDS = 16


def _unweighted_closeness(H) -> dict:
    """Closeness of the simple graph ``H`` by multi-source BFS: each actor holds one bit per
    source of the batch; a round ORs the bits of the frontier along every arc, and the
    bits new to an actor at round d are sources at distance d from it. Sums of integer
    distances, so the result is networkx's to the last bit."""
    nodes = list(H)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    arcs = np.array([(index[u], index[v]) for u, v in H.edges()], dtype=np.intp).reshape(-1, 2)
    if not H.is_directed():
        arcs = np.concatenate([arcs, arcs[:, ::-1]])
    arcs = arcs[np.argsort(arcs[:, 1], kind="stable")]
    tail = arcs[:, 0]
    heads, first_in = np.unique(arcs[:, 1], return_index=True)  # arcs grouped by head

    farness = np.zeros(n, dtype=np.int64)  # sum of distances from the actors that reach it
    reach = np.zeros(n, dtype=np.int64)    # how many actors reach it
    batch = 64 * _WORDS
    for start in range(0, n if len(tail) else 0, batch):
        sources = np.arange(start, min(n, start + batch))
        bit = sources - start
        seen = np.zeros((n, _WORDS), dtype=np.uint64)
        seen[sources, bit // 64] = np.left_shift(np.uint64(1), (bit % 64).astype(np.uint64))
        frontier = seen.copy()
        distance = 0
        while True:
            distance += 1
            new = np.zeros_like(seen)
            new[heads] = np.bitwise_or.reduceat(frontier[tail], first_in, axis=0)
            new &= ~seen
            count = np.bitwise_count(new).sum(axis=1, dtype=np.int64)
            if not count.any():
                break
            seen |= new
            farness += distance * count
            reach += count
            frontier = new
    scores = {}
    for node, total, r in zip(nodes, farness.tolist(), reach.tolist()):
        # networkx's formula, operation for operation
        scores[node] = (r / total) * (r / (n - 1)) if total > 0 and n > 1 else 0.0
    return scores
