"""An actor's neighbourhood: the actors within a few hops and the relations among them."""

from __future__ import annotations

import networkx as nx

from sahelgraph.analysis.simple import require_node, simple_graph
from sahelgraph.errors import SahelGraphError


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
    require_node(G, actor)
    if depth < 0:
        raise SahelGraphError(f"depth must be 0 or more (got {depth})")
    hops = nx.single_source_shortest_path_length(simple_graph(G, directed=directed), actor, cutoff=depth)
    E = G.subgraph(hops).copy()
    nx.set_node_attributes(E, hops, "hops")
    return E
