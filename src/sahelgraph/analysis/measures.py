"""All centrality measures at once: :func:`centrality`."""

from __future__ import annotations

from functools import partial

from sahelgraph.analysis.betweenness import betweenness_centrality
from sahelgraph.analysis.closeness import closeness_centrality
from sahelgraph.analysis.degree import degree_centrality
from sahelgraph.analysis.eigenvector import eigenvector_centrality
from sahelgraph.analysis.pagerank import pagerank
from sahelgraph.analysis.simple import simple_graph
from sahelgraph.errors import SahelGraphError

#: every measure :func:`centrality` knows, by name
MEASURES = {
    "degree": degree_centrality,
    "in_degree": partial(degree_centrality, mode="in"),
    "out_degree": partial(degree_centrality, mode="out"),
    "betweenness": betweenness_centrality,
    "closeness": closeness_centrality,
    "eigenvector": eigenvector_centrality,
    "pagerank": pagerank,
}

DEFAULT_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")


def centrality(G, measures=DEFAULT_MEASURES, *, weighted: bool = False,
               directed: bool = True) -> dict[str, dict]:
    """Several centrality measures of the actors of ``G`` in one call.

    Every measure runs on the simple graph of ``G``: one tie per pair of actors, ``weight``
    = the sum of the evidence counts of the relations between them (see
    :func:`~sahelgraph.analysis.simple.simple_graph`). Betweenness, closeness,
    eigenvector and PageRank run on rustworkx and equal networkx's on that graph.

    Parameters
    ----------
    G : networkx graph
        Usually ``store.graph(...)``.
    measures : iterable of str, default ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
        Names from :data:`MEASURES`: degree, in_degree, out_degree, betweenness,
        closeness, eigenvector, pagerank.
    weighted : bool, default False
        Use evidence counts. Degree becomes the strength (sum of evidence); for
        betweenness and closeness a tie's length is ``distance = 1 / weight`` (more
        evidence = stronger tie = shorter path); eigenvector and PageRank weigh ties by
        ``weight``.
    directed : bool, default True
        Follow relations from subject to object (symmetric predicates both ways), or
        ignore their direction.

    Returns
    -------
    dict
        {measure: {actor: float}}, measures in the order asked.

    Raises
    ------
    SahelGraphError
        An unknown measure, in/out degree on an undirected graph, or eigenvector
        centrality that does not converge.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("wagner", "junta", key="supports", weight=2)
    >>> _ = G.add_edge("goita", "junta", key="leads", weight=1)
    >>> _ = G.add_edge("junta", "minusma", key="demands_withdrawal_of", weight=1)
    >>> scores = centrality(G, ("degree", "betweenness"))
    >>> scores["degree"]["junta"], scores["betweenness"]["junta"]
    (1.0, 0.3333333333333333)
    >>> sorted(centrality(G, directed=False)["pagerank"].items(), key=lambda kv: -kv[1])[0][0]
    'junta'
    """
    measures = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise SahelGraphError(
            f"unknown centrality measure '{unknown[0]}' (known: {', '.join(MEASURES)})"
        )
    H = simple_graph(G, weighted=weighted, directed=directed)  # once for all measures
    return {m: MEASURES[m](H, weighted=weighted, directed=directed) for m in measures}
