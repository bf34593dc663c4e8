"""An actor's neighbourhood: the actors within a few hops and the relations among them."""

from __future__ import annotations

from sahelgraph.analysis.simple import require_node
from sahelgraph.errors import SahelGraphError
from sahelgraph.filters import hops_from


def ego_network(G, actor, *, depth: int = 1, directed: bool = False):
    """The part of ``G`` within ``depth`` hops of ``actor``: those actors and every relation
    among them, each actor with a ``hops`` attribute (its distance from ``actor``).

    Parameters
    ----------
    G : networkx graph
    actor : node of ``G``
    depth : int, default 1
    directed : bool, default False
        Only follow relations from subject to object (the actors ``actor`` reaches); else
        relations either way.

    Returns
    -------
    graph of the type of ``G``
        A copy: changing it leaves ``G`` alone.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("wagner", "junta"), ("junta", "minusma"), ("minusma", "un")])
    >>> E = ego_network(G, "junta")
    >>> sorted(E.nodes(data="hops"))
    [('junta', 0), ('minusma', 1), ('wagner', 1)]
    >>> sorted(ego_network(G, "junta", depth=2, directed=True))
    ['junta', 'minusma', 'un']
    """
    hops = _hops(G, actor, depth, directed)
    # the whole of G (an ego network read from a store): a plain copy, not a walk of a view
    E = G.copy() if len(hops) == len(G) else G.subgraph(hops).copy()
    for node, distance in hops.items():
        E.nodes[node]["hops"] = distance
    return E


def ego_members(G, actor, *, depth: int = 1, directed: bool = False) -> dict:
    """``{node: (hops, relations)}`` for the actors of :func:`ego_network`: each one's
    distance from ``actor`` and its number of relations among them (its degree in the ego
    network), without building the ego network.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("wagner", "junta"), ("junta", "minusma"), ("minusma", "un"),
    ...                      ("wagner", "junta")])
    >>> sorted(ego_members(G, "junta").items())
    [('junta', (0, 3)), ('minusma', (1, 1)), ('wagner', (1, 2))]
    """
    hops = _hops(G, actor, depth, directed)
    adjacencies = (G.succ, G.pred) if G.is_directed() else (G.adj,)
    multi = G.is_multigraph()
    members = {}
    for node, distance in hops.items():
        degree = sum(len(data) if multi else 1 for adj in adjacencies
                     for other, data in adj[node].items() if other in hops)
        if not G.is_directed() and node in G.adj[node]:  # a relation to itself counts twice
            degree += len(G.adj[node][node]) if multi else 1
        members[node] = (distance, degree)
    return members


def _hops(G, actor, depth: int, directed: bool) -> dict:
    """{node: hops from ``actor``} out to ``depth``, breadth first, following relations from
    subject to object only with ``directed`` (else either way); a symmetric relation is
    followed either way (as in :func:`sahelgraph.analysis.simple_graph`)."""
    require_node(G, actor)
    if depth < 0:
        raise SahelGraphError(f"depth must be 0 or more (got {depth})")
    multi = G.is_multigraph()

    def symmetric(data) -> bool:
        return any(d.get("symmetric") for d in data.values()) if multi else bool(data.get("symmetric"))

    def neighbours(node):
        if not G.is_directed():
            return G.adj[node]
        if not directed:
            return [*G.succ[node], *G.pred[node]]
        return [*G.succ[node], *(other for other, data in G.pred[node].items() if symmetric(data))]

    return hops_from(G, [actor], depth=depth, neighbours=neighbours)
