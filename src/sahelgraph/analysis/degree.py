"""Degree centrality: how many other actors an actor is tied to (in, out, total)."""

from __future__ import annotations

from sahelgraph.analysis.simple import simple_graph
from sahelgraph.errors import SahelGraphError


def degree_centrality(G, *, weighted: bool = False, directed: bool = True, mode: str = "total") -> dict:
    """Degree centrality of each actor of ``G``, on its simple graph (see
    :func:`~sahelgraph.analysis.simple.simple_graph`).

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        False: networkx's degree centrality, the number of actors tied to (in, out or in
        total) divided by ``n - 1``. True: the *strength*, the sum of the evidence counts
        of those ties (not normalised).
    directed : bool, default True
        Count ties as subject -> object (in/out/total); when False every tie counts once.
    mode : {"total", "in", "out"}, default "total"
        Which ties to count; "in" and "out" need ``directed=True``. "total" on a directed
        graph is in + out (it can exceed 1, as in networkx).

    Returns
    -------
    dict
        {actor: float}.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("wagner", "junta", key="supports", weight=3)
    >>> _ = G.add_edge("junta", "minusma", key="expels", weight=1)
    >>> degree_centrality(G)
    {'junta': 1.0, 'minusma': 0.5, 'wagner': 0.5}
    >>> degree_centrality(G, mode="in", weighted=True)
    {'junta': 3.0, 'minusma': 1.0, 'wagner': 0.0}
    """
    if mode not in ("total", "in", "out"):
        raise SahelGraphError(f"unknown degree mode '{mode}' (use 'total', 'in' or 'out')")
    if mode != "total" and not directed:
        raise SahelGraphError(f"{mode}-degree needs a directed graph (directed=True)")
    H = simple_graph(G, weighted=weighted, directed=directed)
    degree = H.degree if mode == "total" else H.in_degree if mode == "in" else H.out_degree
    if weighted:
        return {node: float(d) for node, d in degree(weight="weight")}
    if len(H) <= 1:
        return {node: 1.0 for node in H}  # as networkx: a lone actor is tied to all others
    scale = 1 / (len(H) - 1)
    return {node: d * scale for node, d in degree()}
