"""Exporters: one module per output format, each a ``write(G, path) -> list[Path]`` function
taking the networkx graph a store returns and returning the files it wrote."""

from __future__ import annotations

import importlib
from pathlib import Path

# format name -> "module:function"; imported only when used
EXPORTERS = {
    "graphml": "sahelgraph.export.gephi:write_graphml",
    "gexf": "sahelgraph.export.gephi:write_gexf",
    "json": "sahelgraph.export.node_link:write_node_link",
    "cypher": "sahelgraph.export.cypher_script:write_cypher_script",
    "neo4j-admin": "sahelgraph.export.neo4j_admin:write_neo4j_admin",
}


def export_graph(G, fmt: str, path) -> list[Path]:
    """Write ``G`` in format ``fmt`` to ``path``; return the files written."""
    module, _, function = EXPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), function)(G, Path(path))
