"""Handing a simple networkx graph to networkit (internal)."""

from __future__ import annotations

import networkit as nk
import numpy as np


def to_networkit(H, lengths: np.ndarray | None = None, *, reverse: bool = False):
    """A weighted networkit copy of the simple graph ``H`` whose arc ``i`` (in the order of
    ``H.edges``) has length ``lengths[i]`` (default: its ``weight``), reversed with
    ``reverse``; and the list mapping networkit node ids back to the nodes of ``H``."""
    nodes = list(H)
    index = {node: i for i, node in enumerate(nodes)}
    g = nk.Graph(len(nodes), weighted=True, directed=H.is_directed())
    if H.number_of_edges():
        tail, head = (np.fromiter((index[e[i]] for e in H.edges()), dtype=np.uint64,
                                  count=H.number_of_edges()) for i in (0, 1))
        if lengths is None:
            lengths = np.array([w for _, _, w in H.edges(data="weight", default=1)], dtype=float)
        if reverse:
            tail, head = head, tail
        g.addEdges((np.asarray(lengths, dtype=float), (tail, head)))
    return g, nodes
