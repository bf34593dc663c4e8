"""Betweenness centrality: how often an actor lies on the shortest paths between others.

Unweighted betweenness runs on rustworkx (Brandes' algorithm, in parallel). rustworkx has
no weighted betweenness, so the weighted case runs Brandes' algorithm in numpy, many
sources at a time (:func:`_weighted_betweenness`).
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import rustworkx as rx

from sahelgraph.analysis._rustworkx import by_node, to_rustworkx
from sahelgraph.analysis.simple import simple_graph

# how many (source, arc) cells the weighted algorithm holds at once (~8 bytes each)
_BATCH_CELLS = 4_000_000


def betweenness_centrality(G, *, weighted: bool = False, directed: bool = True,
                           normalized: bool = True) -> dict:
    """Betweenness centrality of each actor of ``G``, on its simple graph (see
    :func:`~sahelgraph.analysis.simple.simple_graph`), equal to
    ``networkx.betweenness_centrality`` there.

    The share of shortest paths between two other actors that pass through the actor,
    summed over all pairs (endpoints excluded).

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        Weighted: a tie's length is ``distance = 1 / weight`` with weight = its evidence
        count (more evidence = stronger tie = shorter). Paths of equal length are found
        exactly: integer weights are rescaled to integer lengths ``lcm(weights) / weight``
        (same shortest paths). networkx with float ``1 / weight`` lengths can miss such
        ties by rounding (``1/10 + 1/15 != 1/12 + 1/12`` in floating point); its exact equivalent is
        ``betweenness_centrality(H, weight=lengths)`` with those integer lengths.
    directed : bool, default True
    normalized : bool, default True
        Divide by the number of ordered pairs of other actors, ``(n - 1)(n - 2)``, as
        networkx does; unnormalised undirected values count each unordered pair once.

    Returns
    -------
    dict
        {actor: float}.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("wagner", "junta"), ("junta", "minusma")])
    >>> betweenness_centrality(G, normalized=False)
    {'junta': 1.0, 'minusma': 0.0, 'wagner': 0.0}
    >>> betweenness_centrality(G)["junta"]  # 1 of the (3 - 1)(3 - 2) = 2 ordered pairs
    0.5
    """
    H = simple_graph(G, weighted=weighted, directed=directed)
    n = len(H)
    weights = {w for _, _, w in H.edges(data="weight")}
    if len(weights) <= 1:
        # all ties equally strong: the unweighted shortest paths are the weighted ones
        R, nodes = to_rustworkx(H)
        return by_node(rx.betweenness_centrality(R, normalized=normalized, endpoints=False), nodes)
    scores = _weighted_betweenness(H)
    if normalized:
        scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    else:
        scale = 1.0 if directed else 0.5
    return {node: float(score) * scale for node, score in zip(H, scores)}


def _lengths(weights: np.ndarray, n: int) -> tuple[np.ndarray, float]:
    """Arc lengths proportional to 1 / weight, and the tolerance to compare path lengths.

    Integer weights give integer lengths lcm / weight, summed exactly in float64 as long
    as a path of n - 1 arcs stays below 2**53; otherwise 1 / weight with a relative
    tolerance."""
    distinct = {float(w) for w in np.unique(weights)}
    if all(w.is_integer() and w > 0 for w in distinct):
        lcm = math.lcm(*(int(w) for w in distinct))
        if lcm * max(n, 1) < 2**53:
            return lcm / weights, 0.0
    return 1.0 / weights, 1e-12


def _weighted_betweenness(H) -> np.ndarray:
    """Unscaled betweenness of the nodes of the simple graph ``H`` (in its node order),
    weighted by ``distance = 1 / weight``: Brandes' algorithm for a batch of sources at
    once in numpy, batches spread over the cores (numpy releases the GIL).

    1. distances: Bellman-Ford rounds over every arc for all sources of the batch, until
       no distance falls (one round per arc of the longest shortest path);
    2. the arcs on shortest paths (``d[u] + length == d[v]``);
    3. sigma (number of shortest paths) pushed forward along those arcs and the
       dependencies pushed backward, each repeated until nothing changes.
    """
    nodes = list(H)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    arcs = [(index[u], index[v], w) for u, v, w in H.edges(data="weight")]
    if not H.is_directed():
        arcs += [(v, u, w) for u, v, w in arcs]
    if not arcs:
        return np.zeros(n)
    tail, head, weight = (np.array(column) for column in zip(*arcs))
    order = np.argsort(head, kind="stable")
    tail, head = tail[order], head[order]
    length, tolerance = _lengths(weight[order].astype(float), n)
    reached, first_in = np.unique(head, return_index=True)  # arcs grouped by head

    def batch_scores(sources: np.ndarray) -> np.ndarray:
        # node-major layout (actor x source) so that gathers and reductions along arcs
        # move whole contiguous rows
        b = len(sources)
        columns = np.arange(b)
        own = sources * b + columns
        # 1. distances
        dist = np.full((n, b), np.inf)
        dist[sources, columns] = 0.0
        while True:
            nearest = np.minimum.reduceat(dist[tail] + length[:, None], first_in, axis=0)
            current = dist[reached]
            shorter = np.minimum(current, nearest)
            if np.array_equal(shorter, current):
                break
            dist[reached] = shorter
        # 2. arcs on shortest paths, as flat cells node * b + column
        via = dist[tail] + length[:, None]
        finite = np.isfinite(via)
        via = np.where(finite, via, 0.0)
        on_path = finite & (np.abs(via - np.where(finite, dist[head], 0.0)) <= tolerance * via)
        arc, column = np.nonzero(on_path)
        up, down = tail[arc] * b + column, head[arc] * b + column
        # 3. path counts forward, dependencies backward
        sigma = np.zeros(n * b)
        sigma[own] = 1.0
        while True:
            pushed = np.bincount(down, weights=sigma[up], minlength=n * b)
            pushed[own] = 1.0
            if np.array_equal(pushed, sigma):
                break
            sigma = pushed
        share = sigma[up] / sigma[down]
        delta = np.zeros(n * b)
        while True:
            pushed = np.bincount(up, weights=share * (1.0 + delta[down]), minlength=n * b)
            if np.array_equal(pushed, delta):
                break
            delta = pushed
        delta[own] = 0.0
        return delta.reshape(n, b).sum(axis=1)

    size = max(1, min(n, _BATCH_CELLS // len(tail)))
    batches = [np.arange(start, min(n, start + size)) for start in range(0, n, size)]
    workers = min(len(batches), os.cpu_count() or 1)
    if workers == 1:
        return sum(map(batch_scores, batches))
    with ThreadPoolExecutor(workers) as pool:
        return sum(pool.map(batch_scores, batches))
