r"""A Cypher script that recreates a graph in Neo4j: ``cypher-shell -f graph.cypher``, or paste
it into Neo4j Browser.

The script is the Neo4j store's own statements (the schema, then ``UNWIND [...] AS row``
followed by the same MERGE/SET bodies the store sends with ``$rows``) with the rows written
as Cypher literals, since a script cannot carry parameters. Running it twice gives the same
graph. Strings are written as single-quoted literals with every quote, backslash and
control character escaped, so no value can end a literal early.

Examples
--------
>>> print(cypher_literal("it's a \\ \n"))
'it\'s a \\ \n'
>>> cypher_literal({"id": "mali", "aliases": ["Malian"], "line": None, "confidence": 1.0})
"{id: 'mali', aliases: ['Malian'], line: null, confidence: 1.0}"
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import networkx as nx

from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores import neo4j_rows as rows

ROWS_PER_STATEMENT = 500

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _escape_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable() or ch == " ":
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def cypher_literal(value) -> str:
    """``value`` (None, bool, int, float, str, list, dict) as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "0.0 / 0.0"
        if math.isinf(value):
            return "1.0 / 0.0" if value > 0 else "-1.0 / 0.0"
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_escape_char(ch) for ch in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(
            f"{k if _PLAIN_KEY.match(str(k)) else cy.quote_identifier(str(k))}: {cypher_literal(v)}"
            for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _unwind(body: str, batch: list[dict]) -> str:
    literal = ",\n  ".join(cypher_literal(row) for row in batch)
    return f"UNWIND [\n  {literal}\n] AS row\n{body};"


def cypher_statements(G: nx.MultiDiGraph) -> list[str]:
    """The statements of the script for ``G``, in order, each ending with ``;``."""
    data = rows.from_networkx(G)
    statements = [s + ";" for s in cy.SCHEMA]

    def batches(body: str, items: list[dict]):
        for start in range(0, len(items), ROWS_PER_STATEMENT):
            statements.append(_unwind(body, items[start:start + ROWS_PER_STATEMENT]))

    batches(cy.UPSERT_PREDICATES_BODY, [rows.predicate_row(p) for p in data.predicates.values()])
    batches(cy.UPSERT_SOURCES_BODY, [rows.source_row(s) for s in data.sources.values()])
    by_label: dict[str, list[dict]] = {}
    for actor in data.actors.values():
        by_label.setdefault(cy.kind_label(actor.kind), []).append(rows.actor_row(actor))
    for label in sorted(by_label):
        batches(cy.upsert_actors_body(label), by_label[label])
    by_type: dict[str, list[dict]] = {}
    for (_, predicate, _), relation in data.relations.items():
        spec = data.predicates.get(predicate)
        rel_type = spec.rel_type if spec else predicate.upper()
        by_type.setdefault(rel_type, []).append(
            rows.relation_row(relation, rows.edge_polarity(relation, data)))
    for rel_type in sorted(by_type):
        batches(cy.merge_relations_body(rel_type), by_type[rel_type])
    return statements


def write_cypher_script(G: nx.MultiDiGraph, path) -> list[Path]:
    """Write the Cypher script recreating ``G`` to ``path`` (a directory gets
    ``graph.cypher``); return the file written.

    >>> import tempfile
    >>> from sahelgraph.model import Actor, GraphData, to_networkx
    >>> G = to_networkx(GraphData(actors={"mali": Actor("mali", "Mali", "state")}))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_cypher_script(G, Path(d))]
    ['graph.cypher']
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"// sahelgraph: {G.number_of_nodes()} actors, {G.number_of_edges()} relations, "
        f"{len(G.graph.get('sources') or {})} sources.\n"
        "// Recreate the graph in Neo4j 5: cypher-shell -u neo4j -p \"$NEO4J_PASSWORD\" -f graph.cypher\n"
        "// (or paste into Neo4j Browser with multi-statement editing on). MERGE only: running it\n"
        "// again changes nothing; a relation's evidence lists are replaced by the script's.\n"
    )
    body = "\n\n".join(cypher_statements(G))
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    return [path]
