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
    ``{"date", "source", "quote", "confidence", "note", "file", "line"}`` in the order loaded.

Examples
--------
>>> ev = Evidence(date="2022-08", source="reuters", quote="Mali expelled Salgado")
>>> rel = Relation("mali", "expels", "olivier-salgado", [ev])
>>> rel.weight, rel.first_date, rel.sources
(1, '2022-08', ['reuters'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sahelgraph import dates

EVIDENCE_FIELDS = ("date", "source", "quote", "confidence", "note", "file", "line")


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


@dataclass
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
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, name: str) -> int | None:
        return self.field_lines.get(name, self.line)


@dataclass
class Evidence:
    date: str | None = None
    source: str | None = None
    quote: str | None = None
    confidence: float = 1.0
    note: str | None = None
    file: str | None = None
    line: int | None = None

    def key(self) -> tuple:
        """What makes two pieces of evidence the same assertion (where it was read from does not)."""
        return (self.date, self.source, self.quote)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in EVIDENCE_FIELDS}


@dataclass
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
    def first_date(self) -> str | None:
        dated = [e.date for e in self.evidence if e.date]
        return min(dated, key=dates.start_key) if dated else None

    @property
    def last_date(self) -> str | None:
        dated = [e.date for e in self.evidence if e.date]
        return max(dated, key=dates.end_key) if dated else None

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=1.0)


@dataclass
class GraphData:
    """A whole graph in plain Python: what a store writes and reads back."""

    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    relations: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
