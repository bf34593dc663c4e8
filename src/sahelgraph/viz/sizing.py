"""Node sizes: one centrality measure per page, from :func:`sahelgraph.analysis.centrality`.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("a", "c")])
>>> node_scores(G, "degree")["a"]
1.0
"""

from __future__ import annotations

import math

import networkx as nx

from sahelgraph.analysis import centrality
from sahelgraph.errors import SahelGraphError

SIZE_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def node_scores(G: nx.Graph, measure: str = "degree") -> dict:
    """``{node: score}`` for ``measure``, one of :data:`SIZE_MEASURES`; finite floats.

    Eigenvector centrality is taken on the undirected graph: directed, it is zero for every
    actor outside a cycle, which is most of a graph of news assertions.
    """
    if measure not in SIZE_MEASURES:
        raise SahelGraphError(f"unknown size measure '{measure}' (one of {', '.join(SIZE_MEASURES)})")
    if len(G) == 0:
        return {}
    scores = centrality(G, measures=(measure,), weighted=False, directed=measure != "eigenvector")[measure]
    return {n: _finite(scores.get(n, 0.0)) for n in G}


def _finite(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) else 0.0
