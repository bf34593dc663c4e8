"""Between sahelgraph's objects and what Neo4j stores: flat rows out, records back.

Neo4j properties are primitives or homogeneous lists of them, and lists cannot hold null.
A relation's evidence is therefore stored as parallel lists (item i of ``dates``,
``sources``, ``quotes``, ``confidences``, ``modalities``, ``places``, ``notes``,
``attributes``, ``files``, ``lines`` is evidence i) where a missing string is ``""``, a
missing line ``-1`` and a missing confidence ``-1.0``; reading turns them back into None (a
confidence into the model's default, 1.0, a modality into ``asserted``). ``attributes`` (a
dict an event dataset brings) is stored as JSON text with sorted keys. Neo4j temporal values
(a date typed in Browser) are read back as ISO strings.

Examples
--------
>>> row = relation_row(Relation("a", "expels", "b", [Evidence("2022-08", "s", None, 1, None, "t.tsv", 4)]), -1)
>>> row["dates"], row["quotes"], row["confidences"], row["modalities"], row["attributes"], row["lines"]
(['2022-08'], [''], [1.0], ['asserted'], [''], [4])
>>> evidence_from_lists(row)[0]
Evidence(date='2022-08', source='s', quote=None, confidence=1.0, note=None, file='t.tsv', line=4, modality='asserted', place=None, attributes=None)
>>> e = Evidence("2023", attributes={"tone": -3.1, "goldstein": -5.0}, modality="alleged", place="gao")
>>> lists = evidence_lists([e])
>>> lists["attributes"], lists["modalities"], lists["places"]
(['{"goldstein": -5.0, "tone": -3.1}'], ['alleged'], ['gao'])
>>> evidence_from_lists(lists)[0] == e
True
>>> import neo4j.time
>>> evidence_from_lists({"dates": [neo4j.time.DateTime(2022, 8, 2, 10, 30)]})[0].date
'2022-08-02'
"""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx

from sahelgraph.model import DEFAULT_MODALITY, Actor, Evidence, GraphData, Relation, Source
from sahelgraph.ontology import Predicate
from sahelgraph.stores.neo4j_cypher import (
    ACTOR_FIELDS, EVIDENCE_LISTS, PREDICATE_FIELDS, SOURCE_FIELDS,
)

MISSING_TEXT = ""
MISSING_LINE = -1
MISSING_CONFIDENCE = -1.0
DEFAULT_CONFIDENCE = Evidence().confidence


def plain(value):
    """A value from the driver as plain Python: temporal values become ISO strings, nodes
    and relationships dicts of their properties (with ``_labels`` / ``_type``), paths
    ``{"nodes": [...], "relationships": [...]}``.

    >>> import neo4j.time
    >>> plain([neo4j.time.Date(2022, 8, 15), {"d": neo4j.time.DateTime(2023, 1, 2, 3, 4, 5)}])
    ['2022-08-15', {'d': '2023-01-02T03:04:05.000000000'}]
    """
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "iso_format"):  # neo4j.time.Date, DateTime, Time, Duration
        return value.iso_format()
    if isinstance(value, (dt.date, dt.time)):  # also datetime
        return value.isoformat()
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _text(value) -> str | None:
    value = plain(value)
    return None if value is None or value == MISSING_TEXT else str(value)


def _date_text(value) -> str | None:
    """A date as sahelgraph writes them (``2022-08-15``); a Neo4j DateTime keeps its day."""
    if not isinstance(value, str) and hasattr(value, "date") and hasattr(value, "hour"):
        value = value.date()
    return _text(value)


# -- rows to write ---------------------------------------------------------------------


def actor_row(actor: Actor) -> dict:
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind,
        "aliases": [str(a) for a in actor.aliases or []],
        "country": actor.country, "description": actor.description,
    }


def source_row(source: Source) -> dict:
    return {name: getattr(source, name) for name in SOURCE_FIELDS}


def predicate_row(predicate: Predicate) -> dict:
    row = {"name": predicate.name}
    row.update(predicate.as_dict())
    row["symmetric"] = bool(row["symmetric"])
    row["polarity"] = int(row["polarity"])
    for side in ("subject_kinds", "object_kinds"):
        if row[side] is not None:
            row[side] = [str(k) for k in row[side]]
    return row


def attributes_text(attributes: dict | None) -> str:
    """An evidence's attributes as stored: JSON with sorted keys, "" for none."""
    return MISSING_TEXT if not attributes else json.dumps(attributes, sort_keys=True, ensure_ascii=False)


def attributes_from_text(value) -> dict | None:
    text = _text(value)
    return None if text is None else json.loads(text)


def evidence_lists(evidence: list[Evidence]) -> dict[str, list]:
    def text(value):
        return MISSING_TEXT if value is None else str(value)

    return {
        "dates": [text(e.date) for e in evidence],
        "sources": [text(e.source) for e in evidence],
        "quotes": [text(e.quote) for e in evidence],
        # floats throughout: a Neo4j list property holds one type, and 1 is not 1.0
        "confidences": [MISSING_CONFIDENCE if e.confidence is None else float(e.confidence)
                        for e in evidence],
        "modalities": [text(e.modality or DEFAULT_MODALITY) for e in evidence],
        "places": [text(e.place) for e in evidence],
        "notes": [text(e.note) for e in evidence],
        "attributes": [attributes_text(e.attributes) for e in evidence],
        "files": [text(e.file) for e in evidence],
        "lines": [MISSING_LINE if e.line is None else int(e.line) for e in evidence],
    }


def relation_row(relation: Relation, polarity: int) -> dict:
    row = {
        "subject": relation.subject, "object": relation.object,
        "polarity": int(polarity), "weight": relation.weight,
        "first_date": relation.first_date, "last_date": relation.last_date,
        "confidence": float(relation.confidence),
    }
    row.update(evidence_lists(relation.evidence))
    return row


# -- records read back -----------------------------------------------------------------


def evidence_from_lists(record) -> list[Evidence]:
    """The evidence of a relation from its parallel lists (a mapping with the list names).

    Lists that are missing or short (a relation made by hand, or by an import that dropped
    empty arrays) count as missing values; ``weight`` gives the count when every list is.
    """
    lists = {name: list(record.get(name) or []) for name in EVIDENCE_LISTS}
    count = max([len(v) for v in lists.values()] + [int(record.get("weight") or 0)])

    def item(name, i):
        values = lists[name]
        return values[i] if i < len(values) else None

    evidence = []
    for i in range(count):
        confidence = item("confidences", i)
        line = item("lines", i)
        evidence.append(Evidence(
            date=_date_text(item("dates", i)),
            source=_text(item("sources", i)),
            quote=_text(item("quotes", i)),
            confidence=DEFAULT_CONFIDENCE if confidence is None or confidence == MISSING_CONFIDENCE
            else float(confidence),
            note=_text(item("notes", i)),
            file=_text(item("files", i)),
            line=None if line is None or line == MISSING_LINE else int(line),
            modality=_text(item("modalities", i)) or DEFAULT_MODALITY,
            place=_text(item("places", i)),
            attributes=attributes_from_text(item("attributes", i)),
        ))
    return evidence


def actor_from_record(record) -> Actor:
    return Actor(
        id=str(record["id"]), name=_text(record.get("name")) or str(record["id"]),
        kind=_text(record.get("kind")) or "unknown",
        aliases=[str(plain(a)) for a in record.get("aliases") or []],
        country=_text(record.get("country")), description=_text(record.get("description")),
    )


def source_from_record(record) -> Source:
    source = Source(id=str(record["id"]), **{name: _text(record.get(name)) for name in SOURCE_FIELDS[1:]})
    source.published = _date_text(record.get("published"))
    return source


def predicate_from_record(record) -> Predicate:
    def kinds(value):
        return None if value is None else [str(k) for k in value]

    return Predicate(
        name=str(record["name"]), description=_text(record.get("description")) or "",
        symmetric=bool(record.get("symmetric") or False), inverse=_text(record.get("inverse")),
        polarity=int(record.get("polarity") or 0), cameo=_text(record.get("cameo")),
        plover=_text(record.get("plover")), subject_kinds=kinds(record.get("subject_kinds")),
        object_kinds=kinds(record.get("object_kinds")),
        acts_for=bool(record.get("acts_for") or False),
    )


def predicate_name(rel_type: str, predicates: dict[str, Predicate]) -> str:
    """The predicate a relationship type stands for (``EXPELS`` -> ``expels``)."""
    for predicate in predicates.values():
        if predicate.rel_type == rel_type:
            return predicate.name
    return rel_type.lower()


def add_relation_record(data: GraphData, record) -> None:
    """Add one relation record (subject, type, object and the evidence lists) to ``data``;
    a second relationship of the same key (made by hand) adds its evidence to the first."""
    name = predicate_name(record["type"], data.predicates)
    key = (str(record["subject"]), name, str(record["object"]))
    relation = data.relations.get(key)
    if relation is None:
        relation = data.relations[key] = Relation(*key)
    relation.evidence.extend(evidence_from_lists(record))


# -- the networkx shape back to GraphData ----------------------------------------------


def from_networkx(G: nx.MultiDiGraph) -> GraphData:
    """The GraphData a graph of the shape of :func:`sahelgraph.model.to_networkx` was made
    from (exporters start from the networkx graph).

    >>> from sahelgraph.model import to_networkx
    >>> data = GraphData(actors={"a": Actor("a", "A", "state"), "b": Actor("b", "B")})
    >>> data.relations[("a", "expels", "b")] = Relation("a", "expels", "b", [Evidence("2022")])
    >>> back = from_networkx(to_networkx(data))
    >>> back.relations[("a", "expels", "b")].evidence == data.relations[("a", "expels", "b")].evidence
    True
    """
    data = GraphData()
    for name, spec in (G.graph.get("predicates") or {}).items():
        data.predicates[name] = Predicate(name=name, **{k: spec.get(k) for k in PREDICATE_FIELDS[1:] if k in spec})
    for source_id, spec in (G.graph.get("sources") or {}).items():
        data.sources[source_id] = Source(id=source_id, **{k: spec.get(k) for k in SOURCE_FIELDS[1:]})
    for node, attrs in G.nodes(data=True):
        data.actors[node] = Actor(
            id=node, name=attrs.get("name", node), kind=attrs.get("kind", "unknown"),
            aliases=list(attrs.get("aliases") or []), country=attrs.get("country"),
            description=attrs.get("description"),
        )
    for u, v, k, attrs in G.edges(keys=True, data=True):
        predicate = attrs.get("predicate", k)
        evidence = [Evidence(**{f: e.get(f) for f in ("date", "source", "quote", "note", "file", "line",
                                                       "place", "attributes")},
                             confidence=e.get("confidence", 1.0), modality=e.get("modality") or DEFAULT_MODALITY)
                    for e in attrs.get("evidence") or []]
        data.relations[(u, predicate, v)] = Relation(u, predicate, v, evidence)
    return data


def edge_polarity(relation: Relation, data: GraphData) -> int:
    predicate = data.predicates.get(relation.predicate)
    return predicate.polarity if predicate else 0


__all__ = [
    "ACTOR_FIELDS", "actor_from_record", "actor_row", "add_relation_record", "edge_polarity",
    "evidence_from_lists", "evidence_lists", "from_networkx", "plain", "predicate_from_record",
    "predicate_name", "predicate_row", "relation_row", "source_from_record", "source_row",
]
