"""Betweenness centrality: how often an actor lies on the shortest paths between others.

Unweighted betweenness runs on rustworkx (Brandes' algorithm, in parallel: faster than
networkit there). rustworkx has no weighted betweenness, so the weighted case runs on
networkit (MIT; Brandes with Dijkstra, in parallel) on exact integer lengths
(:func:`_weighted_betweenness`). Both equal networkx on the same simple graph (tests);
networkit adds up the sources' shares in parallel, so weighted scores may differ from run
to run in the last bit (relative 1e-16).
"""

from __future__ import annotations

import math

import numpy as np

from sahelgraph.analysis._networkit import to_networkit
from sahelgraph.analysis._rustworkx import by_node, to_rustworkx
from sahelgraph.analysis.simple import simple_graph


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
        import rustworkx as rx  # on first use, as networkit below

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
    weighted by ``distance = 1 / weight``, by networkit (Brandes' algorithm with Dijkstra,
    in parallel) on the exact integer lengths of :func:`_lengths`; an undirected graph's
    pairs are counted both ways."""
    weights = np.array([w for _, _, w in H.edges(data="weight")], dtype=float)
    if not len(weights):
        return np.zeros(len(H))
    import networkit as nk  # on first use: its import takes a second

    lengths, _ = _lengths(weights, len(H))
    g, _ = to_networkit(H, lengths)
    return np.asarray(nk.centrality.Betweenness(g, normalized=False).run().scores())
