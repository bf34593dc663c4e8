"""Node-link JSON, the shape D3's force layout and most web graph libraries take.

``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., ...}],
"links": [{"source": ..., "target": ..., "key": ..., ...}]}``: every node and edge attribute
of :mod:`sahelgraph.model` as it is (lists and evidence stay JSON lists), ``graph`` holding
the sources, predicates and filters. It is networkx's ``node_link_data`` with ``links``, so
``networkx.node_link_graph(data, edges="links")`` (or :func:`read_node_link`) reads it back
exactly.

Examples
--------
>>> import networkx as nx, tempfile, pathlib, json
>>> G = nx.MultiDiGraph(sources={}, predicates={}, filters={})
>>> G.add_node("mali", name="Mali", kind="state", aliases=[], country=None, description=None)
>>> G.add_node("minusma", name="MINUSMA", kind="igo", aliases=[], country=None, description=None)
>>> _ = G.add_edge("mali", "minusma", key="expels", predicate="expels", evidence=[{"quote": "leave"}])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
>>> _ = write_node_link(G, path)
>>> json.loads(path.read_text())["links"][0]["source"]
'mali'
>>> nx.utils.graphs_equal(read_node_link(path), G)
True
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from sahelgraph.errors import NotFoundError, SahelGraphError
from sahelgraph.evidence_list import plain


def write_node_link(G: nx.Graph, path) -> list[Path]:
    """Write ``G`` as node-link JSON (``nodes`` and ``links``); return the file written."""
    path = Path(path)
    if path.is_dir():
        path = path / "sahelgraph.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = nx.node_link_data(G, edges="links")
    try:
        # strict JSON: a browser's JSON.parse (d3.json) refuses NaN and Infinity
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False, default=plain)
    except ValueError as exc:
        raise SahelGraphError(f"cannot write {path} as JSON: {exc} (a NaN or infinite number "
                              "in an attribute)") from None
    except TypeError as exc:
        raise SahelGraphError(f"cannot write {path} as JSON: {exc}") from None
    path.write_text(text + "\n", encoding="utf-8")
    return [path]


def read_node_link(path) -> nx.Graph:
    """Read a node-link JSON file (as written by :func:`write_node_link`) into networkx."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SahelGraphError(f"{path}: not valid JSON ({exc})") from None
    edges = "links" if "links" in data else "edges"
    return nx.node_link_graph(data, edges=edges)
