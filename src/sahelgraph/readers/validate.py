"""Validation: every problem of every row in one pass, one diagnostic each.

Checks unknown predicates and actors (with suggestions), bad or impossible dates, missing or
unknown sources, quotes not verbatim in the source text, self-loops, actor kinds the
predicate does not allow, bad confidences, unknown modalities, and places that are not places.
"""

from __future__ import annotations

import difflib
import itertools
import re

from sahelgraph import dates
from sahelgraph.cameo import event_for
from sahelgraph.errors import Diagnostic, NotFoundError
from sahelgraph.model import DEFAULT_MODALITY, MODALITIES, Actor, Batch, Evidence, GraphData, Rejected, Source
from sahelgraph.ontology import Ontology
from sahelgraph.resolve import ActorIndex, SpelledActors, slugify

# where something happened: a town or region, or a whole country
PLACE_KINDS = ("place", "state")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")


def quote_key(text: str) -> str:
    """What verbatim means here: the same text up to whitespace runs and straight vs
    typographic quotes.

    >>> quote_key("the “immediate   withdrawal”") == quote_key('the "immediate withdrawal"')
    True
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def _matched_prefix(quote: str, text: str) -> str:
    """The longest start of ``quote`` found in ``text`` (both already quote_key'd)."""
    low, high = 0, len(quote)
    while low < high:
        mid = (low + high + 1) // 2
        if quote[:mid] in text:
            low = mid
        else:
            high = mid - 1
    return quote[:low]


class _Context:
    """What validation looks names up in, with caches for large inputs."""

    def __init__(self, actors, sources, ontology, new_actors, known):
        if isinstance(known.actors, SpelledActors):
            # a store's actors, brought in as the names read ask for them
            self.index = ActorIndex(store=known.actors, hidden=actors)
        else:
            self.index = ActorIndex(a for i, a in known.actors.items() if i not in actors)
        for actor in actors.values():
            self.index.add(actor)
        self.sources = {**known.sources, **sources}
        self.ontology = ontology
        self.new_actors = new_actors
        self.added: dict[str, Actor] = {}
        self.names: dict[str, str | NotFoundError] = {}
        self.texts: dict[str, str] = {}
        self.good_dates: set[str] = set()
        # a symmetric relation is stored once, in the orientation first seen
        self.symmetric_seen = {
            key for key in known.relations
            if (p := ontology.predicates.get(key[1])) is not None and p.symmetric
        }

    def resolve(self, name: str) -> str:
        found = self.names.get(name)
        if found is None:
            if self.new_actors and not self.index.candidates(name):
                # a name that becomes new needs no "did you mean" hint: none is worked out
                actor_id = slugify(name)
                while self.index.has_id(actor_id):
                    actor_id += "-new"
                actor = Actor(actor_id, name, "unknown")
                self.index.add(actor)
                self.added[actor_id] = actor
                found = actor_id
            else:
                try:
                    found = self.index.resolve(name)
                except NotFoundError as exc:
                    found = exc
            self.names[name] = found
        if isinstance(found, NotFoundError):
            raise found
        return found

    def predicate(self, name: str):
        """The ontology predicate for a name, or for a CAMEO code (the codebook, cameo.tsv)."""
        predicate = self.ontology.predicates.get(name)
        if predicate is None and name.isdigit() and (event := event_for(name)) is not None:
            return self.ontology.predicates.get(event.predicate)
        return predicate

    def orient(self, subject: str, predicate, obj: str) -> tuple[str, str]:
        """A symmetric relation is stored once, in the orientation first seen."""
        if predicate.symmetric:
            if (obj, predicate.name, subject) in self.symmetric_seen:
                return obj, subject
            self.symmetric_seen.add((subject, predicate.name, obj))
        return subject, obj

    def text_of(self, source: Source) -> str:
        if source.id not in self.texts:
            self.texts[source.id] = quote_key(source.text)
        return self.texts[source.id]


def _check(a, ctx: _Context) -> tuple[tuple | None, list[Diagnostic]]:
    """The resolved (subject, predicate, object, Evidence) of a row, not yet oriented
    (:meth:`_Context.orient`), and its problems."""
    problems: list[Diagnostic] = []
    file = a.file

    def problem(field, message, hint=None, severity="error"):
        problems.append(Diagnostic(file, a.line_of(field), message, hint, severity, field))

    ids = {}
    for side in ("subject", "object"):
        name = getattr(a, side)
        if not name:
            problem(side, f"missing {side}")
            continue
        try:
            ids[side] = ctx.resolve(name)
        except NotFoundError as exc:
            message, _, hint = str(exc).partition(" (")
            problem(side, message, hint.rstrip(")") or None)
    predicate = None
    if not a.predicate:
        problem("predicate", "missing predicate")
    else:
        predicate = ctx.predicate(a.predicate)
        if predicate is None:
            close = ctx.ontology.suggest_predicate(a.predicate)
            problem("predicate", f"unknown predicate '{a.predicate}'",
                    f"did you mean '{close[0]}'?" if close else
                    "see the predicates in ontology.yaml, or add one to graph/ontology.yaml")
    if len(ids) == 2 and ids["subject"] == ids["object"]:
        problem("object", f"self-loop: '{a.subject}' and '{a.object}' are the same actor ({ids['subject']})",
                "a relation needs two different actors")
    if predicate is not None and len(ids) == 2:
        for side, allowed in (("subject", predicate.subject_kinds), ("object", predicate.object_kinds)):
            kind = ctx.index.actors[ids[side]].kind
            if not kind_allowed(allowed, kind):
                problem(side, f"'{predicate.name}' does not allow {side} kind '{kind}' ({getattr(a, side)})",
                        f"allowed: {', '.join(allowed)}")
    if a.date and (message := dates.check(a.date)):
        if message.startswith("bad date"):
            problem("date", f"bad date '{a.date}'", dates.FORMAT_HINT)
        else:
            problem("date", f"impossible date '{a.date}'", message.removeprefix("impossible date: "))
    source = None
    if not a.source:
        problem("source", "missing source", "every assertion needs the id of a source in sources.tsv")
    else:
        source = ctx.sources.get(a.source)
        if source is None:
            close = difflib.get_close_matches(a.source, list(ctx.sources), n=1)
            problem("source", f"unknown source '{a.source}'",
                    f"did you mean '{close[0]}'?" if close else "add it to sources.tsv")
    if not a.quote:
        problems.append(missing_quote(a.file, a.line_of("quote")))
    elif source is not None and source.text:
        quote, text = quote_key(a.quote), ctx.text_of(source)
        if quote not in text:
            prefix = _matched_prefix(quote, text)
            hint = (f"it matches up to '{prefix[-40:]}', then differs" if len(prefix) >= 8
                    else "its beginning does not occur there")
            problem("quote", f"quote not found verbatim in source '{source.id}'",
                    hint + "; only whitespace and quote marks may differ")
    modality = DEFAULT_MODALITY
    if a.modality:
        modality = a.modality.strip().lower()
        if modality not in MODALITIES:
            close = difflib.get_close_matches(modality, list(MODALITIES), n=1)
            problem("modality", f"unknown modality '{a.modality}'",
                    f"did you mean '{close[0]}'?" if close else f"one of {', '.join(MODALITIES)}")
    place = None
    if a.place:
        try:
            place = ctx.resolve(a.place)
        except NotFoundError as exc:
            message, _, hint = str(exc).partition(" (")
            problem("place", f"unknown place: {message}", hint.rstrip(")") or
                    "add it to actors.tsv with kind 'place'")
        else:
            kind = ctx.index.actors[place].kind
            if kind not in PLACE_KINDS:
                problem("place", f"'{a.place}' is a {kind}, not a place ({place})",
                        f"a place is an actor of kind {' or '.join(PLACE_KINDS)}; "
                        "declare the town or region itself in actors.tsv")
    if any(d.severity == "error" for d in problems):
        return None, problems
    evidence = Evidence(a.date, a.source, a.quote, a.confidence, a.note, a.file, a.line,
                        modality, place, a.attributes)
    return (ids["subject"], predicate.name, ids["object"], evidence), problems


def kind_allowed(allowed, kind: str) -> bool:
    """Whether a predicate's allowed kinds for one side (empty: any) admit an actor of
    ``kind``; an actor of kind unknown is allowed everywhere.

    >>> kind_allowed(("state",), "person"), kind_allowed(("state",), "unknown"), kind_allowed((), "person")
    (False, True, True)
    """
    return not allowed or kind == "unknown" or kind in allowed


def missing_quote(file: str | None, line: int | None) -> Diagnostic:
    """The warning for a row without a quote (valid all the same)."""
    return Diagnostic(file, line, "missing quote", "add the sentence of the source that states it",
                      "warning", "quote")


def _fast_check(a, ctx: _Context) -> tuple | None:
    """The resolved row (not yet oriented) when every check passes on what is already known,
    else None (the full check then finds and words the problems)."""
    if a.modality is not None or a.place is not None:
        return None
    names = ctx.names
    subject, obj = names.get(a.subject), names.get(a.object)
    predicate = ctx.ontology.predicates.get(a.predicate)
    if type(subject) is not str or type(obj) is not str or predicate is None or subject == obj:
        return None
    if predicate.subject_kinds or predicate.object_kinds:
        return None
    if a.date is not None and a.date not in ctx.good_dates:
        if dates.check(a.date):
            return None
        ctx.good_dates.add(a.date)
    source = ctx.sources.get(a.source) if a.source else None
    if source is None:
        return None
    # a row without a quote (every row of an event export) stays on this path: the caller
    # adds its warning
    if a.quote and source.text and quote_key(a.quote) not in ctx.text_of(source):
        return None
    return subject, predicate.name, obj, Evidence(a.date, a.source, a.quote, a.confidence, a.note,
                                                  a.file, a.line, attributes=a.attributes)


class Validator:
    """Resolves and checks rows as they are read, gathering the valid ones into a Batch."""

    def __init__(self, *, actors: dict[str, Actor], sources: dict[str, Source], ontology: Ontology,
                 new_actors: bool = False, known: GraphData | None = None):
        self.ctx = _Context(actors, sources, ontology, new_actors, known or GraphData())
        self.actors = actors
        self.batch = Batch(sources=sources, predicates=dict(ontology.predicates))

    def add(self, rows) -> int:
        """Check an iterable of (Assertion, read problems); return how many rows it held."""
        batch, ctx, count = self.batch, self.ctx, 0
        for assertion, read_problems in _prefetched(rows, ctx.index):
            count += 1
            resolved, problems = self._one(assertion, read_problems)
            batch.diagnostics += problems
            if resolved is None:
                batch.rejected.append(Rejected(assertion.file, assertion.line, assertion.as_row(), problems))
            else:
                subject, predicate, obj, evidence = resolved
                subject, obj = ctx.orient(subject, ctx.ontology.predicates[predicate], obj)
                batch.assertions.append((subject, predicate, obj, evidence))
        batch.rows_read += count
        return count

    def _one(self, assertion, read_problems: list[Diagnostic]) -> tuple[tuple | None, list[Diagnostic]]:
        """One row checked: (the resolved row, not yet oriented, or None if rejected; its
        diagnostics)."""
        if not read_problems:
            resolved = _fast_check(assertion, self.ctx)
            if resolved is not None:
                return resolved, [] if assertion.quote else [missing_quote(assertion.file, assertion.line_of("quote"))]
        # a row whose shape is broken (field count, JSON) has no fields worth checking
        broken = any(d.column is None for d in read_problems)
        resolved, problems = (None, []) if broken else _check(assertion, self.ctx)
        problems = read_problems + problems
        if any(d.severity == "error" for d in problems):
            return None, problems
        return resolved, problems

    def add_table(self, columns) -> int:
        """Check the rows of tables read column-wise (:mod:`sahelgraph.readers.columns`),
        one after the other in one Arrow table; return how many there were. See
        :mod:`sahelgraph.readers.validate_columns`."""
        from sahelgraph.readers.validate_columns import check_table

        return check_table(self, columns)

    def finish(self) -> Batch:
        batch = self.batch
        # an actor made for rows that were all rejected is not added
        used = batch.assertions.ids()
        added = {i: a for i, a in self.ctx.added.items() if i in used}
        batch.actors = {**self.actors, **added}
        batch.new_actors = list(added.values())
        return batch


PREFETCH_ROWS = 4096  # rows read ahead, whose names are looked up in the store together


def _prefetched(rows, index: ActorIndex):
    """``rows`` as they come, the store's actors their names may name brought into
    ``index`` PREFETCH_ROWS rows at a time (one look-up for many names)."""
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, PREFETCH_ROWS)):
        index.prefetch(name for assertion, _ in chunk for name in (assertion.subject, assertion.object,
                                                                    assertion.place) if name)
        yield from chunk


def validate_rows(rows, **options) -> Batch:
    """Resolve and check every row; the valid ones become the batch's assertions."""
    validator = Validator(**options)
    validator.add(rows)
    return validator.finish()
