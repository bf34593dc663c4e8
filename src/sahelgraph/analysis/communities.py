"""Blocs: communities of actors more tied to each other than to the rest (Louvain)."""

from __future__ import annotations

import networkx as nx

from sahelgraph.analysis.simple import simple_graph


def communities(G, *, weighted: bool = False, resolution: float = 1.0, seed: int = 0) -> list[list]:
    """Communities of the actors of ``G`` by the Louvain method (networkx), ignoring the
    direction of relations.

    The result is reproducible: the same graph and ``seed`` give the same communities,
    whatever order the store returned the actors in (the simple graph is built in sorted
    order). Louvain looks at ties only, not at their polarity: to find blocs of allies,
    keep the cooperative relations first (``filter_graph(G, polarity=1)``, CLI
    ``--polarity cooperative``).

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        Ties count by their evidence count instead of 1.
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.
    seed : int, default 0
        Seed of Louvain's random order.

    Returns
    -------
    list of list
        Communities (sorted actor ids), largest first; an actor without ties is a
        community of its own.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"),
    ...                      ("z", "x"), ("c", "x")])
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    H = simple_graph(G, weighted=weighted, directed=False)
    found = nx.community.louvain_communities(
        H, weight="weight" if weighted else None, resolution=resolution, seed=seed
    )
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), [str(n) for n in c]))
