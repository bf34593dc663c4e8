"""Handing a simple networkx graph to rustworkx and its results back (internal)."""

from __future__ import annotations


def to_rustworkx(H):
    """A rustworkx copy of the simple graph ``H`` (edge payload: its ``weight``) and the list
    mapping rustworkx node indices back to the nodes of ``H``."""
    import rustworkx as rx  # here: the commands that measure no centrality do not import it

    nodes = list(H)
    index = {node: i for i, node in enumerate(nodes)}
    R = rx.PyDiGraph(multigraph=False) if H.is_directed() else rx.PyGraph(multigraph=False)
    R.add_nodes_from(nodes)
    R.add_edges_from([(index[u], index[v], float(w)) for u, v, w in H.edges(data="weight", default=1)])
    return R, nodes


def by_node(result, nodes) -> dict:
    """A rustworkx {index: score} mapping as a plain {node: float} dict in the order of ``nodes``."""
    return {node: float(result[i]) for i, node in enumerate(nodes)}
