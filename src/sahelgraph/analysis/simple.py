"""Collapsing the relation multigraph into a simple graph of actor-to-actor ties.

Centrality, paths and communities look at *who is tied to whom*, not at how many
predicates link two actors. :func:`simple_graph` turns the ``MultiDiGraph`` every store
returns (see :mod:`sahelgraph.model`) into one edge per actor pair:

- directed: one edge ``u -> v`` when some relation has subject ``u`` and object ``v``; a
  relation with a symmetric predicate (``cooperates_with``) has no direction and gives
  both ``u -> v`` and ``v -> u``;
- undirected: one edge ``u - v`` when any relation links them, either way;
- ``weight`` is the sum of the evidence counts (the relations' ``weight``) of the
  relations collapsed into the edge when ``weighted``, else 1;
- ``distance`` is ``1 / weight``: more evidence is a stronger tie, hence a shorter one;
- self-loops (an actor related to itself) are dropped: they tie no two actors.

Nodes and edges are inserted in sorted order so that every result built on the simple
graph (Louvain communities, ties between equal paths) is the same whatever order the store
returned them in.
"""

from __future__ import annotations

import networkx as nx

from sahelgraph.errors import NotFoundError


def simple_graph(G, *, weighted: bool = False, directed: bool = True) -> nx.Graph:
    """The actor-to-actor ties of ``G``: one edge per pair of actors.

    Parameters
    ----------
    G : networkx graph
        Usually the ``MultiDiGraph`` of :mod:`sahelgraph.model`; any networkx graph works.
        Edge attribute ``weight`` is the evidence count (1 when missing) and ``symmetric``
        marks relations that have no direction.
    weighted : bool, default False
        Edge ``weight`` = sum of the evidence counts of the collapsed relations; else 1.
    directed : bool, default True
        A ``DiGraph`` following subject -> object, or an undirected ``Graph``.

    Returns
    -------
    networkx.DiGraph or networkx.Graph
        Same nodes (with their attributes), edges with ``weight`` and ``distance`` = 1/weight;
        ``graph["simple"] = (weighted, directed)``, and a graph so marked is returned as is.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("mali", "france", key="expels", weight=3)
    >>> _ = G.add_edge("mali", "france", key="accuses", weight=2)
    >>> _ = G.add_edge("france", "mali", key="sanctions", weight=1)
    >>> H = simple_graph(G, weighted=True)
    >>> H["mali"]["france"]["weight"], H["france"]["mali"]["weight"]
    (5, 1)
    >>> simple_graph(G, weighted=True, directed=False)["mali"]["france"]["weight"]
    6
    """
    if G.graph.get("simple") == (weighted, directed):
        return G  # already this simple graph (centrality() collapses once for all measures)
    H = nx.DiGraph() if directed else nx.Graph()
    H.graph["simple"] = (weighted, directed)
    nodes = sorted(G.nodes(data=True), key=lambda item: str(item[0]))
    rank = {node: i for i, (node, _) in enumerate(nodes)}
    H.add_nodes_from(nodes)
    weights: dict[tuple, float] = {}
    both_ways = not G.is_directed()
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = d.get("weight", 1) if weighted else 1
        if directed:
            weights[u, v] = weights.get((u, v), 0) + w
            if both_ways or d.get("symmetric"):
                weights[v, u] = weights.get((v, u), 0) + w
        else:
            pair = (u, v) if rank[u] <= rank[v] else (v, u)
            weights[pair] = weights.get(pair, 0) + w
    n = len(rank)
    pairs = sorted(weights, key=lambda pair: rank[pair[0]] * n + rank[pair[1]])
    if weighted:
        H.add_edges_from((u, v, {"weight": weights[u, v], "distance": 1 / weights[u, v]}) for u, v in pairs)
    else:
        H.add_edges_from(pairs, weight=1, distance=1)
    return H


def require_node(G, node) -> None:
    """NotFoundError naming ``node`` (and the closest known actors) unless it is in ``G``.

    >>> import networkx as nx
    >>> require_node(nx.MultiDiGraph([("mali", "minusma")]), "malli")
    Traceback (most recent call last):
    ...
    sahelgraph.errors.NotFoundError: actor 'malli' is not in the graph (did you mean 'mali'?)
    """
    if node in G:
        return
    from sahelgraph.resolve import ActorIndex

    index = ActorIndex.from_graph(G)
    found = index.candidates(str(node))
    if len(found) == 1:
        hint = f"its id is '{next(iter(found))}'"
    else:
        hint = index.hint(str(node)) if index.suggest(str(node)) else "check the filters"
    raise NotFoundError(f"actor '{node}' is not in the graph ({hint})")


def relations_of(G, actor):
    """``(subject, object, key, data)`` of every relation of ``actor``, as subject or as
    object, each once (``key`` is None in graphs that are not multigraphs).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("us", "maslov", "sanctions"), ("maslov", "wagner", "leads")])
    >>> [(u, k, v) for u, v, k, _ in relations_of(G, "maslov")]
    [('maslov', 'leads', 'wagner'), ('us', 'sanctions', 'maslov')]
    """
    multi = G.is_multigraph()
    if G.is_directed():
        out = G.out_edges(actor, keys=True, data=True) if multi else G.out_edges(actor, data=True)
        into = G.in_edges(actor, keys=True, data=True) if multi else G.in_edges(actor, data=True)
        edges = list(out) + [e for e in into if e[0] != actor]
    else:
        edges = list(G.edges(actor, keys=True, data=True) if multi else G.edges(actor, data=True))
    for edge in edges:
        yield edge[0], edge[1], (edge[2] if multi else None), edge[-1]
