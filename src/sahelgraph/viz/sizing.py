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

NOT_ACTING = frozenset({"place", "agreement"})
"""Kinds of actor that are where or what things happen (Moura, the 2015 Algiers Agreement),
not who acts: they are drawn at the smallest size, and centrality is measured without them,
so that an agreement many parties point at does not look like a major actor."""


def acting(G: nx.Graph) -> list:
    """The actors of ``G`` that act: all but places and agreements (:data:`NOT_ACTING`).

    >>> G = nx.Graph([("mali", "algiers")])
    >>> G.nodes["algiers"]["kind"] = "agreement"
    >>> acting(G)
    ['mali']
    """
    return [n for n, kind in G.nodes(data="kind") if kind not in NOT_ACTING]


def node_scores(G: nx.Graph, measure: str = "degree") -> dict:
    """``{node: score}`` for ``measure``, one of :data:`SIZE_MEASURES`; finite floats.

    Measured among the actors that act: places and agreements (:data:`NOT_ACTING`) are left
    out of the measure and score 0 (unless nothing else is left). Eigenvector centrality is
    taken on the undirected graph: directed, it is zero for every actor outside a cycle,
    which is most of a graph of news assertions.

    >>> G = nx.MultiDiGraph([("mali", "algiers"), ("junta", "algiers"), ("junta", "mali")])
    >>> G.nodes["algiers"]["kind"] = "agreement"
    >>> {n: round(s, 2) for n, s in node_scores(G, "degree").items()}
    {'mali': 1.0, 'algiers': 0.0, 'junta': 1.0}
    """
    if measure not in SIZE_MEASURES:
        raise SahelGraphError(f"unknown size measure '{measure}' (one of {', '.join(SIZE_MEASURES)})")
    if len(G) == 0:
        return {}
    actors = acting(G)
    H = G.subgraph(actors) if actors and len(actors) < len(G) else G
    scores = centrality(H, measures=(measure,), weighted=False, directed=measure != "eigenvector")[measure]
    return {n: _finite(scores.get(n, 0.0)) for n in G}


def _finite(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    return value if math.isfinite(value) else 0.0
