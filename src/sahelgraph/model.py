"""The data model: actors, sources, assertions, relations, and the graph shape every store returns.

Everything downstream of the stores (analysis, viz, export) sees one shape, a
``networkx.MultiDiGraph``:

``G.graph``
    ``"sources"``: ``{source_id: {"title", "outlet", "published", "url", "language", "file", "note"}}``
    ``"predicates"``: ``{name: {"description", "symmetric", "inverse", "polarity", "cameo", "plover"}}``
    ``"filters"``: the filters the graph was read with (``{}`` for the whole graph).

Nodes
    keyed by actor id (a slug such as ``"abdoulaye-diop"``), with ``name``, ``kind``,
    ``aliases`` (list of str), ``country`` (str or None), ``description`` (str or None).

Edges
    one per relation, keyed by the predicate, from subject to object (a symmetric predicate
    is stored once, as first written), with ``predicate``, ``polarity`` (-1, 0, +1),
    ``symmetric`` (bool), ``weight`` (evidence count), ``first_date`` / ``last_date``
    (ISO strings as written, possibly partial, or None), ``confidence`` (the highest of the
    evidence), ``sources`` (sorted distinct source ids) and ``evidence``: a list of dicts
    ``{"date", "source", "quote", "confidence", "modality", "place", "note", "attributes",
    "file", "line"}`` in the order loaded (the embedded store hands out an
    :class:`~sahelgraph.evidence_list.EvidenceList`, a list made when first used: for
    ``json.dumps`` pass ``default=sahelgraph.evidence_list.plain``). ``modality`` is one of :data:`MODALITIES`,
    ``place`` the id of a place actor (or None), ``attributes`` a dict of the values an event
    dataset brings (or None).

Examples
--------
>>> ev = Evidence(date="2022-08", source="reuters", quote="Mali expelled Salgado")
>>> rel = Relation("mali", "expels", "olivier-salgado", [ev])
>>> rel.weight, rel.first_date, rel.sources
(1, '2022-08', ['reuters'])
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahelgraph import dates
from sahelgraph.ontology import Predicate

if TYPE_CHECKING:
    import networkx as nx

EVIDENCE_FIELDS = ("date", "source", "quote", "confidence", "modality", "place", "note", "attributes",
                   "file", "line")
MODALITIES = {
    "asserted": "the source states it as fact (the default)",
    "alleged": "an accusation, or a report the source does not establish",
    "intended": "a stated intention, plan, promise or willingness",
    "hypothetical": "a possibility, condition or scenario",
    "denied": "the source reports it as denied or not having happened",
}
DEFAULT_MODALITY = "asserted"


@dataclass
class Actor:
    id: str
    name: str
    kind: str = "unknown"
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    description: str | None = None


@dataclass
class Source:
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    file: str | None = None
    note: str | None = None
    text: str | None = None  # the full text when graph/sources/<id>.txt exists; not stored


@dataclass(slots=True)
class Assertion:
    """One annotated triple as written, before resolution: names as the annotator spelled them."""

    subject: str
    predicate: str
    object: str
    date: str | None = None
    source: str | None = None
    quote: str | None = None
    confidence: float = 1.0
    note: str | None = None
    file: str | None = None
    line: int | None = None
    # line of each field where it differs from the row's line (the line notation spreads a
    # triple over several lines); diagnostics point at the field's own line
    field_lines: dict[str, int] | None = field(default=None, repr=False, compare=False)
    # the fields as read, for a rejects file that gives the user back exactly what they wrote
    raw: dict | None = field(default=None, repr=False, compare=False)
    modality: str | None = None
    place: str | None = None
    attributes: dict | None = None

    def line_of(self, name: str) -> int | None:
        return self.field_lines.get(name, self.line) if self.field_lines else self.line

    def as_row(self) -> dict:
        """The fields as they would be written back to a table."""
        if self.raw is not None:
            return self.raw
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object,
                "date": self.date, "source": self.source, "quote": self.quote,
                "confidence": None if self.confidence == 1.0 else repr(self.confidence),
                "modality": self.modality, "place": self.place, "note": self.note}


@dataclass(slots=True)
class Evidence:
    date: str | None = None
    source: str | None = None
    quote: str | None = None
    confidence: float = 1.0
    note: str | None = None
    file: str | None = None
    line: int | None = None
    modality: str = DEFAULT_MODALITY
    place: str | None = None  # the id of a place actor
    attributes: dict | None = None  # what an event dataset brings (Goldstein scale, tone, ...)

    def key(self) -> tuple:
        """What makes two pieces of evidence the same assertion (where it was read from does not)."""
        return (self.date, self.source, self.quote)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in EVIDENCE_FIELDS}


@dataclass(slots=True)
class Relation:
    """Every assertion of one (subject, predicate, object), merged into one edge."""

    subject: str
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)

    @property
    def weight(self) -> int:
        return len(self.evidence)

    @property
    def sources(self) -> list[str]:
        return sorted({e.source for e in self.evidence if e.source})

    @property
    def date_span(self) -> tuple[str | None, str | None]:
        """(first_date, last_date) in one pass."""
        return dates.first_and_last(e.date for e in self.evidence)

    @property
    def first_date(self) -> str | None:
        return self.date_span[0]

    @property
    def last_date(self) -> str | None:
        return self.date_span[1]

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=1.0)


@dataclass
class GraphData:
    """A whole graph in plain Python: what a store writes and reads back."""

    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    predicates: dict[str, Predicate] = field(default_factory=dict)


def to_networkx(data: GraphData) -> nx.MultiDiGraph:
    """The graph shape described at the top of this module, built from ``data``.

    >>> data = GraphData(actors={"a": Actor("a", "A", "state"), "b": Actor("b", "B", "person")})
    >>> data.relations[("a", "expels", "b")] = Relation("a", "expels", "b", [Evidence("2022-08", "s", "q")])
    >>> G = to_networkx(data)
    >>> G["a"]["b"]["expels"]["weight"], G.nodes["b"]["kind"]
    (1, 'person')
    """
    import networkx as nx  # here, so that loading (which builds no graph) does not import it

    G = nx.MultiDiGraph()
    G.graph["sources"] = {
        s.id: {k: getattr(s, k) for k in ("title", "outlet", "published", "url", "language", "file", "note")}
        for s in data.sources.values()
    }
    G.graph["predicates"] = {name: p.as_dict() for name, p in data.predicates.items()}
    G.graph["filters"] = {}
    for actor in data.actors.values():
        G.add_node(actor.id, name=actor.name, kind=actor.kind, aliases=list(actor.aliases),
                   country=actor.country, description=actor.description)
    for rel in data.relations.values():
        predicate = data.predicates.get(rel.predicate)
        first_date, last_date = rel.date_span
        G.add_edge(
            rel.subject, rel.object, key=rel.predicate,
            predicate=rel.predicate,
            polarity=predicate.polarity if predicate else 0,
            symmetric=predicate.symmetric if predicate else False,
            weight=rel.weight, first_date=first_date, last_date=last_date,
            confidence=rel.confidence, sources=rel.sources,
            evidence=[e.as_dict() for e in rel.evidence],
        )
    return G


@dataclass
class Rejected:
    """An input row that will not be loaded, with every reason."""

    file: str | None
    line: int | None
    row: dict
    diagnostics: list = field(default_factory=list)


# the columns of a batch's valid rows in their Arrow form (Assertions.table()): the resolved
# triple, then the Evidence fields; attributes as JSON text (attributes_text)
ASSERTION_COLUMNS = ("subject", "predicate", "object") + EVIDENCE_FIELDS
_CODED = ("subject", "predicate", "object", "date", "source", "modality", "place", "note", "file")


def attributes_text(attributes: dict | None) -> str | None:
    """Evidence attributes as stored: JSON with sorted keys, None for none.

    >>> attributes_text({"tone": -3.1, "goldstein": -5.0})
    '{"goldstein": -5.0, "tone": -3.1}'
    """
    if not attributes:
        return None
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False)


def assertion_schema():
    """The Arrow schema of :meth:`Assertions.table`: columns that repeat a few values (ids,
    dates, sources, files) dictionary-encoded, quotes and attributes plain."""
    import pyarrow as pa

    types = {"confidence": pa.float64(), "line": pa.int64()}
    return pa.schema([(name, types.get(name) or (pa.dictionary(pa.int32(), pa.string())
                                                  if name in _CODED else pa.string()))
                      for name in ASSERTION_COLUMNS])


class Assertions:
    """The valid rows of a batch in input order, each ``(subject id, predicate, object id,
    Evidence)``: a list to whoever iterates, indexes or appends.

    Column-wise readers add whole Arrow tables (:meth:`add_table`, in the schema of
    :func:`assertion_schema`); a store that writes column-wise takes everything as one
    table (:meth:`table`) without a Python object per row. The tables become tuples only
    when the rows are used one by one (once: the Evidence objects then stay the same).

    >>> rows = Assertions([("mali", "expels", "olivier-salgado", Evidence("2022-08", "s", "q"))])
    >>> rows.table().column("date").to_pylist()
    ['2022-08']
    >>> rows.add_table(rows.table())
    >>> len(rows), rows[1][3] == rows[0][3]
    (2, True)
    """

    def __init__(self, rows=()):
        self._parts: list = []  # lists of tuples and Arrow tables, in input order
        self.extend(rows)

    def __len__(self) -> int:
        return sum(len(p) if isinstance(p, list) else p.num_rows for p in self._parts)

    def __bool__(self) -> bool:
        return len(self) > 0

    def append(self, row: tuple) -> None:
        if not self._parts or not isinstance(self._parts[-1], list):
            self._parts.append([])
        self._parts[-1].append(row)

    def extend(self, rows) -> None:
        for row in rows:
            self.append(row)

    def __iadd__(self, rows):
        self.extend(rows)
        return self

    def add_table(self, table) -> None:
        """Add rows in their Arrow form (the schema of :func:`assertion_schema`)."""
        if table.num_rows:
            self._parts.append(table)

    def clear(self) -> None:
        self._parts = []

    def _rows(self) -> list:
        if len(self._parts) != 1 or not isinstance(self._parts[0], list):
            rows = []
            for part in self._parts:
                rows += part if isinstance(part, list) else _tuples(part)
            self._parts = [rows]
        return self._parts[0]

    def __iter__(self):
        return iter(self._rows()) if self._parts else iter(())

    def __getitem__(self, index):
        return self._rows()[index]

    def __eq__(self, other) -> bool:
        if isinstance(other, (Assertions, list)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Assertions({len(self)} rows)"

    def table(self):
        """Every row as one Arrow table (:func:`assertion_schema`), in input order."""
        import pyarrow as pa

        schema = assertion_schema()
        parts = [part if not isinstance(part, list) else _table(part, schema) for part in self._parts]
        return pa.concat_tables(parts) if parts else schema.empty_table()

    def ids(self) -> set[str]:
        """The actor ids the rows use: subjects, objects and places."""
        return self._distinct(("subject", "object", "place"))

    def sources(self) -> set[str]:
        """The source ids the rows cite."""
        return self._distinct(("source",))

    def _distinct(self, columns) -> set[str]:
        found: set[str] = set()
        for part in self._parts:
            if isinstance(part, list):
                for subject, _, obj, evidence in part:
                    values = {"subject": subject, "object": obj, "place": evidence.place,
                              "source": evidence.source}
                    found.update(values[c] for c in columns if values[c])
            else:
                for column in columns:
                    found.update(_used_values(part.column(column)))
        return found


def _used_values(column) -> list[str]:
    """The distinct values of a dictionary-encoded column that some row holds."""
    import numpy as np
    import pyarrow.compute as pc

    used = []
    for chunk in column.chunks:
        codes = pc.drop_null(chunk.indices).to_numpy()
        if chunk.null_count > chunk.indices.null_count:
            codes = pc.drop_null(pc.if_else(chunk.is_valid(), chunk.indices, None)).to_numpy()
        held = np.bincount(codes, minlength=len(chunk.dictionary)) > 0
        used += [v for v in chunk.dictionary.filter(held).to_pylist() if v]
    return used


def _table(rows: list, schema):
    """Rows as (subject, predicate, object, Evidence) tuples made one Arrow table."""
    import pyarrow as pa

    subjects, predicates, objects, pieces = zip(*rows)
    values = {"subject": subjects, "predicate": predicates, "object": objects}
    for name in EVIDENCE_FIELDS:
        values[name] = [getattr(e, name) for e in pieces]
    values["attributes"] = [attributes_text(a) for a in values["attributes"]]
    columns = []
    for field_ in schema:
        if pa.types.is_dictionary(field_.type):
            columns.append(pa.array(values[field_.name], pa.string()).dictionary_encode())
        else:
            columns.append(pa.array(values[field_.name], field_.type))
    return pa.table(columns, schema=schema)


def _tuples(table) -> list:
    """An Arrow table of assertions back as (subject, predicate, object, Evidence) tuples."""
    columns = {name: table.column(name).to_pylist() for name in ASSERTION_COLUMNS}
    columns["attributes"] = [json.loads(a) if a else None for a in columns["attributes"]]
    fields = [columns[name] for name in EVIDENCE_FIELDS]
    return [(s, p, o, Evidence(**dict(zip(EVIDENCE_FIELDS, values))))
            for s, p, o, *values in zip(columns["subject"], columns["predicate"], columns["object"],
                                        *fields)]


@dataclass
class Batch:
    """What the readers make of some input files: resolved, validated, ready for a store.

    ``assertions`` holds the valid rows as (subject id, predicate, object id, Evidence) in
    input order (an :class:`Assertions`: a list to its users, Arrow tables inside when the
    rows were read column-wise); ``rejected`` the others with their diagnostics. ``rows_read`` counts every
    triple row read, so rows_read = len(assertions) + len(rejected).
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    predicates: dict[str, Predicate] = field(default_factory=dict)
    assertions: Assertions = field(default_factory=Assertions)
    rejected: list[Rejected] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    rows_read: int = 0
    new_actors: list[Actor] = field(default_factory=list)

    def __post_init__(self):
        if not isinstance(self.assertions, Assertions):
            self.assertions = Assertions(self.assertions)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == "error"]


def merge(data: GraphData, batch: Batch) -> tuple[GraphData, int, int]:
    """Add ``batch`` to ``data`` in place: actors, sources and predicates from the batch
    replace those of the same id; each assertion becomes evidence on its relation unless
    the same evidence (date, source, quote) is already there.

    Returns ``(data, loaded, duplicates)``.
    """
    data.actors.update(batch.actors)
    data.sources.update(batch.sources)
    data.predicates.update(batch.predicates)
    relations = data.relations
    # evidence keys of relations with many pieces of evidence; short lists are just scanned
    seen: dict[tuple, set] = {}
    loaded = duplicates = 0
    for subject, predicate, obj, evidence in batch.assertions:
        key = (subject, predicate, obj)
        relation = relations.get(key)
        if relation is None:
            relations[key] = Relation(subject, predicate, obj, [evidence])
            loaded += 1
            continue
        pieces = relation.evidence
        new = evidence.key()
        if len(pieces) < 8:
            duplicate = any(e.date == new[0] and e.source == new[1] and e.quote == new[2] for e in pieces)
        else:
            keys = seen.get(key)
            if keys is None:
                keys = seen[key] = {e.key() for e in pieces}
            duplicate = new in keys
            keys.add(new)
        if duplicate:
            duplicates += 1
        else:
            pieces.append(evidence)
            loaded += 1
    return data, loaded, duplicates
