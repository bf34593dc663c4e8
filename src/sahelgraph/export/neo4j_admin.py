"""CSV files for ``neo4j-admin database import full``: the fastest way to put a large graph
into a new Neo4j database, and :func:`read_neo4j_admin` to read such files back.

Four files, each with a header in neo4j-admin's format: ``predicates.csv``, ``sources.csv`` and
``actors.csv`` (nodes; the ``:LABEL`` column gives ``Actor`` plus the kind label) and
``relations.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE`` and the relation properties). The ID
spaces keep actor, source and predicate ids apart. Lists (aliases, the evidence lists) are
typed arrays (``aliases:string[]``) whose items are separated by U+001F (the "unit
separator", which no annotation contains), so the import needs
``--array-delimiter=U+001F``; quotes may span lines, so also ``--multiline-fields=true``::

    neo4j-admin database import full neo4j --overwrite-destination=true \\
        --nodes=import/predicates.csv --nodes=import/sources.csv --nodes=import/actors.csv \\
        --relationships=import/relations.csv \\
        --array-delimiter=U+001F --multiline-fields=true

(:func:`import_command` writes it for given files.) The properties are those the Neo4j
store writes, so ``sahelgraph --neo4j URI`` reads the imported database as its own.

Empty CSV fields are not imported (no property), so an empty list and a list of missing
values are both left out; reading tells them apart by the relation's ``weight``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from sahelgraph.model import GraphData, to_networkx
from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores import neo4j_rows as rows

ARRAY_DELIMITER = "\u001f"
ARRAY_DELIMITER_OPTION = "U+001F"

FILES = ("predicates.csv", "sources.csv", "actors.csv", "relations.csv")

PREDICATE_HEADER = ("name:ID(Predicate)", "description", "symmetric:boolean", "inverse", "polarity:long",
                    "cameo", "plover", "subject_kinds:string[]", "object_kinds:string[]", "acts_for:boolean",
                    ":LABEL")
SOURCE_HEADER = ("id:ID(Source)", "title", "outlet", "published", "url", "language", "file", "note",
                 ":LABEL")
ACTOR_HEADER = ("id:ID(Actor)", "name", "kind", "aliases:string[]", "country", "description", ":LABEL")
# double, not float: neo4j-admin's float is 32 bits (0.9 would come back as 0.8999999761...)
_EVIDENCE_TYPES = {"confidences": "double[]", "lines": "long[]"}
RELATION_HEADER = (":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "polarity:long", "weight:long",
                   "first_date", "last_date", "confidence:double",
                   *(f"{name}:{_EVIDENCE_TYPES.get(name, 'string[]')}" for name in cy.EVIDENCE_LISTS))

_MISSING = {"string": rows.MISSING_TEXT, "int": rows.MISSING_LINE, "long": rows.MISSING_LINE,
            "float": rows.MISSING_CONFIDENCE, "double": rows.MISSING_CONFIDENCE}


def _field(header: str) -> tuple[str, str]:
    """(property name, type) of a header column: ``aliases:string[]`` -> ("aliases", "string[]");
    ``id:ID(Actor)`` -> ("id", "ID"); ``:LABEL`` -> ("", "LABEL")."""
    name, _, kind = header.partition(":")
    return name, kind.split("(")[0] or "string"


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "LABEL":
        return ARRAY_DELIMITER.join(value)
    if kind.endswith("[]"):
        items = list(value)
        # a list of nothing but missing values is left out, like an empty one
        if all(item == _MISSING.get(kind[:-2]) for item in items):
            return ""
        return ARRAY_DELIMITER.join(_cell(item, kind[:-2]) for item in items)
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("float", "double"):
        return repr(float(value))
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise ValueError(f"value {text[:40]!r} contains U+001F, the array delimiter of the import")
    return text


def _write(path: Path, header: tuple, records: list[dict]) -> Path:
    fields = [_field(h) for h in header]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for record in records:
            writer.writerow([_cell(record.get(name if kind not in ("LABEL", "TYPE", "START_ID", "END_ID") else kind),
                                   kind) for name, kind in fields])
    return path


def write_neo4j_admin(G: nx.MultiDiGraph, path) -> list[Path]:
    """Write ``G`` as neo4j-admin import files into the directory ``path``; return them.

    >>> import tempfile
    >>> from sahelgraph.model import Actor, GraphData, to_networkx
    >>> G = to_networkx(GraphData(actors={"mali": Actor("mali", "Mali", "state", ["Malian"])}))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = write_neo4j_admin(G, d)
    ...     print(files[2].read_text(encoding="utf-8").replace("\\x1f", "|"))
    id:ID(Actor),name,kind,aliases:string[],country,description,:LABEL
    mali,Mali,state,Malian,,,Actor|State
    <BLANKLINE>
    """
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    data = rows.from_networkx(G)
    predicates = [{**rows.predicate_row(p), "LABEL": ["Predicate"]} for p in data.predicates.values()]
    sources = [{**rows.source_row(s), "LABEL": ["Source"]} for s in data.sources.values()]
    actors = [{**rows.actor_row(a), "LABEL": ["Actor", cy.kind_label(a.kind)]} for a in data.actors.values()]
    relations = []
    for relation in data.relations.values():
        spec = data.predicates.get(relation.predicate)
        record = rows.relation_row(relation, rows.edge_polarity(relation, data))
        record.update(START_ID=relation.subject, END_ID=relation.object,
                      TYPE=spec.rel_type if spec else relation.predicate.upper())
        relations.append(record)
    return [
        _write(directory / "predicates.csv", PREDICATE_HEADER, predicates),
        _write(directory / "sources.csv", SOURCE_HEADER, sources),
        _write(directory / "actors.csv", ACTOR_HEADER, actors),
        _write(directory / "relations.csv", RELATION_HEADER, relations),
    ]


def _parse(text: str, kind: str):
    """A CSV field as neo4j-admin imports it: an empty field is no property."""
    if text == "":
        return None
    if kind.endswith("[]"):
        return [_parse(item, kind[:-2]) if item != "" else _MISSING.get(kind[:-2], "")
                for item in text.split(ARRAY_DELIMITER)]
    if kind in ("int", "long", "short", "byte"):
        return int(text)
    if kind in ("float", "double"):
        return float(text)
    if kind == "boolean":
        return text.lower() == "true"
    return text


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        fields = [_field(h) for h in header]
        out = []
        for values in reader:
            record = {}
            for (name, kind), text in zip(fields, values):
                if kind in ("ID", "START_ID", "END_ID", "TYPE", "LABEL"):
                    record[kind] = text
                    if kind == "ID" and name:
                        record[name] = text
                    continue
                value = _parse(text, kind)
                if value is not None:
                    record[name] = value
            out.append(record)
    return out


def read_neo4j_admin(path) -> nx.MultiDiGraph:
    """The graph in a directory written by :func:`write_neo4j_admin`, read the way the Neo4j
    store reads a database imported from it."""
    directory = Path(path)
    data = GraphData()
    for record in _read(directory / "predicates.csv"):
        predicate = rows.predicate_from_record(record)
        data.predicates[predicate.name] = predicate
    for record in _read(directory / "sources.csv"):
        source = rows.source_from_record(record)
        data.sources[source.id] = source
    for record in _read(directory / "actors.csv"):
        actor = rows.actor_from_record(record)
        data.actors[actor.id] = actor
    for record in _read(directory / "relations.csv"):
        record.update(subject=record["START_ID"], object=record["END_ID"], type=record["TYPE"])
        rows.add_relation_record(data, record)
    return to_networkx(data)


def import_command(files, *, database: str = "neo4j", directory: str | None = None) -> str:
    """The neo4j-admin command importing ``files`` (as written by :func:`write_neo4j_admin`)
    into ``database``; ``directory`` is where the server sees them (default: as given).

    >>> print(import_command(["out/predicates.csv", "out/relations.csv"], directory="/import"))
    neo4j-admin database import full neo4j --overwrite-destination=true --nodes=/import/predicates.csv --relationships=/import/relations.csv --array-delimiter=U+001F --multiline-fields=true
    """
    parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination=true"]
    for file in files:
        file = Path(file)
        where = f"{directory.rstrip('/')}/{file.name}" if directory else str(file)
        option = "--relationships" if file.name == "relations.csv" else "--nodes"
        parts.append(f"{option}={where}")
    parts += [f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true"]
    return " ".join(parts)
