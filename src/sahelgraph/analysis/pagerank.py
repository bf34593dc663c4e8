"""PageRank: an actor is central when many (central) actors have ties to it."""

from __future__ import annotations

import numpy as np

from sahelgraph.analysis.simple import simple_graph
from sahelgraph.errors import SahelGraphError


def pagerank(G, *, weighted: bool = False, directed: bool = True, alpha: float = 0.85,
             tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """PageRank of each actor of ``G`` on its simple graph (see
    :func:`~sahelgraph.analysis.simple.simple_graph`): networkx's power iteration in numpy,
    linear in the number of ties, equal to ``networkx.pagerank(H, alpha=alpha, tol=tol)``.
    Actors with no outgoing tie spread their score evenly (networkx's default).
    Undirected ties count both ways.

    Parameters
    ----------
    G : networkx graph
    weighted : bool, default False
        Ties count by their evidence count (``weight``) instead of 1.
    directed : bool, default True
    alpha : float, default 0.85
        Damping factor.
    tol : float, default 1e-10
        Stop when the scores change by less than ``n * tol`` (sum over actors). networkx's
        default, 1e-6, is visibly off from about 10k actors.
    max_iter : int, default 1000

    Returns
    -------
    dict
        {actor: float}, summing to 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> scores = pagerank(G)
    >>> max(scores, key=scores.get), round(sum(scores.values()), 9)
    ('c', 1.0)
    """
    H = simple_graph(G, weighted=weighted, directed=directed)
    nodes = list(H)
    n = len(nodes)
    if not n:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    arcs = np.array([(index[u], index[v], w) for u, v, w in H.edges(data="weight")], dtype=float).reshape(-1, 3)
    if not directed:
        arcs = np.concatenate([arcs, arcs[:, [1, 0, 2]]])
    tail, head, weight = arcs[:, 0].astype(np.intp), arcs[:, 1].astype(np.intp), arcs[:, 2]
    # networkx's power iteration step for step (its scipy version), the sparse product
    # done with bincount: each actor passes its score along its ties in proportion to
    # their weight; actors without outgoing ties spread theirs evenly
    strength = np.bincount(tail, weights=weight, minlength=n)
    share = weight / strength[tail]
    dangling = strength == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(head, weights=last[tail] * share, minlength=n) + last[dangling].sum() / n) \
            + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return dict(zip(nodes, x.tolist()))
    raise SahelGraphError(f"PageRank did not converge in {max_iter} iterations (raise max_iter)")
