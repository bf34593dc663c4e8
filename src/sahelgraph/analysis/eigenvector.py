"""Eigenvector centrality: an actor is central when central actors are tied to it."""

from __future__ import annotations

from sahelgraph.analysis._rustworkx import by_node, to_rustworkx
from sahelgraph.analysis.simple import simple_graph
from sahelgraph.errors import SahelGraphError


def eigenvector_centrality(G, *, weighted: bool = False, directed: bool = True,
                           tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """Eigenvector centrality of each actor of ``G``, computed by rustworkx on the simple
    graph (see :func:`~sahelgraph.analysis.simple.simple_graph`); equal to
    ``networkx.eigenvector_centrality(H, tol=tol, max_iter=max_iter)`` there (same power
    iteration, scores with Euclidean norm 1). On a directed graph an actor's score comes
    from the actors with ties *to* it (incoming), as in networkx.

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        Ties count by their evidence count (``weight``) instead of 1.
    directed : bool, default True
    tol : float, default 1e-10
        Stop when the scores change by less than ``n * tol`` (sum over actors).
    max_iter : int, default 1000

    Returns
    -------
    dict
        {actor: float}.

    Raises
    ------
    SahelGraphError
        The power iteration did not converge. Directed graphs with acyclic parts (most
        relation graphs: few ties run back) often have no eigenvector centrality; use
        ``directed=False``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")])
    >>> scores = eigenvector_centrality(G)
    >>> max(scores, key=scores.get)
    'c'
    >>> {k: round(v, 6) for k, v in eigenvector_centrality(G, directed=False).items()}
    {'a': 0.57735, 'b': 0.57735, 'c': 0.57735}
    """
    H = simple_graph(G, weighted=weighted, directed=directed)
    if H.number_of_edges() == 0:
        # networkx raises on an empty graph; every actor is equally (un)central
        return {node: 1 / len(H) ** 0.5 for node in H} if len(H) else {}
    import rustworkx as rx  # on first use: the commands that measure no centrality do not import it

    R, nodes = to_rustworkx(H)
    try:
        # the payload is the tie's weight: 1 unless weighted
        scores = rx.eigenvector_centrality(R, weight_fn=float, max_iter=max_iter, tol=tol)
    except rx.FailedToConverge:
        raise SahelGraphError(
            f"eigenvector centrality did not converge in {max_iter} iterations "
            + ("(a directed graph with acyclic parts has none: use directed=False / --undirected, "
               "or leave eigenvector out)" if directed else "(raise max_iter)")
        ) from None
    return by_node(scores, nodes)
