"""Validation of a table read column-wise: the checks of :mod:`sahelgraph.readers.validate`,
asked once per distinct value.

The names, predicates, dates, sources, confidences, modalities and places of a table repeat:
each distinct one is looked up once, through the same context as row by row (so names
resolve, and ``--new-actors`` adds actors, in the order the rows give them). A row whose
values all pass, and whose quote is found in its source's text, is resolved column-wise,
with no Python object of its own. Every other row is read and checked one by one by the
code that reads and checks any row (:func:`~sahelgraph.readers.triples.table_row`,
``Validator._one``), so its diagnostics are word for word those it gets read alone: there
is one set of rules, and this module only finds, in bulk, the rows that pass them.
Symmetric relations are then oriented as first seen, in row order, by the context's
``orient``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahelgraph import dates
from sahelgraph.bulk import one_array
from sahelgraph.errors import NotFoundError
from sahelgraph.model import DEFAULT_MODALITY, MODALITIES, Rejected, assertion_schema
from sahelgraph.readers.triples import FIELDS, _confidence_of, table_row
from sahelgraph.readers.validate import PLACE_KINDS, kind_allowed, missing_quote, quote_key

MODALITY_NAMES = list(MODALITIES)
_SIDES = ("subject", "object", "place")


class _Column:
    """A dictionary-encoded column: its distinct ``values`` and each row's ``codes`` into
    them (-1 for null)."""

    def __init__(self, column):
        array = one_array(column)
        self.values = array.dictionary.to_pylist()
        codes = pc.fill_null(array.indices, -1) if array.indices.null_count else array.indices
        self.codes = codes.to_numpy(zero_copy_only=False).astype(np.int32)
        if array.null_count > array.indices.null_count:  # nulls marked on the array itself
            self.codes[~np.asarray(array.is_valid())] = -1

    def per_row(self, results: list, missing, dtype) -> np.ndarray:
        """One result per distinct value, spread over the rows (``missing`` for null)."""
        return np.array(results + [missing], dtype=dtype)[self.codes]  # code -1 picks the last

    def first_rows(self) -> list[int]:
        """The first row of each distinct value (-1 for one no row uses)."""
        first = np.full(len(self.values), -1, dtype=np.int64)
        used = self.codes >= 0
        codes, at = np.unique(self.codes[used], return_index=True)
        first[codes] = np.flatnonzero(used)[at]
        return first.tolist()


class _Codes(dict):
    """Strings numbered in the order first met: {string: code}."""

    def code(self, value) -> int:
        return -1 if value is None else self.setdefault(value, len(self))

    def dictionary(self, codes: np.ndarray) -> pa.DictionaryArray:
        """``codes`` as a dictionary array of these strings (-1 as null)."""
        indices = pa.array(codes.astype(np.int32), mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, pa.array(list(self), pa.string()))


def check_table(validator, columns: pa.Table) -> int:
    """Check the rows of ``columns`` (:func:`sahelgraph.readers.columns.read_table_columns`,
    one file's or several files' one after the other) into ``validator``'s batch, as
    ``validator.add`` checks rows; return how many there were."""
    ctx, batch = validator.ctx, validator.batch
    count = columns.num_rows
    if not count:
        return 0
    columns = columns.unify_dictionaries()
    col = {name: _Column(columns.column(name)) for name in FIELDS + ("file",) if name != "quote"}
    files = col["file"].values
    quotes = columns.column("quote")
    lines = columns.column("line").to_numpy()

    # names, in the order the rows give them (subject, object, place of the first row, then
    # of the second...): with --new-actors that order decides the ids of new actors
    # (names resolved before, by earlier files, are taken as they are)
    actor_of: dict[str, str | None] = {}
    ctx.index.prefetch(name for side in _SIDES for name in col[side].values if name not in ctx.names)
    for side in _SIDES:
        for name in col[side].values:
            found = ctx.names.get(name)
            if found is not None:
                actor_of[name] = found if isinstance(found, str) else None
    met = sorted((3 * row + offset, name) for offset, side in enumerate(_SIDES)
                 for row, name in zip(col[side].first_rows(), col[side].values)
                 if row >= 0 and name not in actor_of)
    for _, name in met:
        if name not in actor_of:
            try:
                actor_of[name] = ctx.resolve(name)
            except NotFoundError:
                actor_of[name] = None
    actors = _Codes()
    actor = {side: col[side].per_row([actors.code(actor_of[v]) for v in col[side].values], -1, np.int64)
             for side in _SIDES}
    predicates = [ctx.predicate(name) for name in col["predicate"].values]
    sources = [ctx.sources.get(name) for name in col["source"].values]
    confidences = [_confidence_of(text) for text in col["confidence"].values]
    modalities = [m.strip().lower() for m in col["modality"].values]

    def is_place(name) -> bool:
        return actor_of[name] is not None and ctx.index.actors[actor_of[name]].kind in PLACE_KINDS

    ok = (actor["subject"] >= 0) & (actor["object"] >= 0) & (actor["subject"] != actor["object"])
    for name, passes, missing in (
            ("predicate", [p is not None for p in predicates], False),
            ("source", [s is not None for s in sources], False),
            ("confidence", [c is not None for c in confidences], True),
            ("date", [dates.check(d) is None for d in col["date"].values], True),
            ("modality", [m in MODALITIES for m in modalities], True),
            ("place", [is_place(p) for p in col["place"].values], True)):
        ok &= col[name].per_row(passes, missing, bool)
    ok &= _kinds_allowed(ctx, predicates, col["predicate"].codes, actors, actor)
    quoted = np.asarray(quotes.is_valid())
    with_text = col["source"].per_row([s is not None and bool(s.text) for s in sources], False, bool)
    for row in np.flatnonzero(ok & quoted & with_text).tolist():
        source = sources[col["source"].codes[row]]
        if quote_key(quotes[row].as_py()) not in ctx.text_of(source):
            ok[row] = False

    # the rows singled out, read and checked one by one
    diagnostics: dict[int, list] = {}
    singled: dict[int, tuple] = {}
    for row in np.flatnonzero(~ok).tolist():
        fields = [col[f].values[col[f].codes[row]] if f != "quote" and col[f].codes[row] >= 0 else None
                  for f in FIELDS]
        fields[FIELDS.index("quote")] = quotes[row].as_py()
        assertion, read_problems = table_row(fields, files[col["file"].codes[row]], int(lines[row]))
        resolved, problems = validator._one(assertion, read_problems)
        if problems:
            diagnostics[row] = problems
        if resolved is None:
            batch.rejected.append(Rejected(assertion.file, assertion.line, assertion.as_row(), problems))
        else:
            singled[row] = resolved
    for row in np.flatnonzero(ok & ~quoted).tolist():
        diagnostics[row] = [missing_quote(files[col["file"].codes[row]], int(lines[row]))]
    batch.diagnostics += [d for row in sorted(diagnostics) for d in diagnostics[row]]

    # the valid rows, column-wise (those checked one by one that passed take their values
    # from that check)
    names = _Codes()
    predicate = col["predicate"].per_row([names.code(p.name if p else None) for p in predicates], -1, np.int64)
    confidence = col["confidence"].per_row([1.0 if c is None else c for c in confidences], 1.0, np.float64)
    modality = col["modality"].per_row([_position(MODALITY_NAMES, m) for m in modalities],
                                       MODALITY_NAMES.index(DEFAULT_MODALITY), np.int64)
    place = col["place"].per_row([actors.code(actor_of[p]) for p in col["place"].values], -1, np.int64)
    subject, obj = actor["subject"], actor["object"]
    for row, (s, p, o, evidence) in singled.items():
        ok[row] = True
        subject[row], predicate[row], obj[row] = actors.code(s), names.code(p), actors.code(o)
        confidence[row] = evidence.confidence
        modality[row] = _position(MODALITY_NAMES, evidence.modality)
        place[row] = actors.code(evidence.place)
    rows = np.flatnonzero(ok)
    every = len(rows) == count

    def kept(values):
        return values if every else values.take(pa.array(rows))

    subject, obj = _oriented(ctx, subject[rows], predicate[rows], obj[rows], list(actors), list(names))
    table = {
        "subject": actors.dictionary(subject), "predicate": names.dictionary(predicate[rows]),
        "object": actors.dictionary(obj), "date": kept(columns.column("date")),
        "source": kept(columns.column("source")), "quote": kept(quotes),
        "confidence": pa.array(confidence[rows]),
        "modality": _Codes(dict.fromkeys(MODALITY_NAMES)).dictionary(modality[rows]),
        "place": actors.dictionary(place[rows]), "note": kept(columns.column("note")),
        "attributes": pa.nulls(len(rows), pa.string()),
        "file": kept(columns.column("file")),
        "line": kept(columns.column("line")),
    }
    schema = assertion_schema()
    batch.assertions.add_table(pa.table([_chunked(table[f.name]) for f in schema], schema=schema))
    batch.rows_read += count
    return count


def _position(names: list, value) -> int:
    return names.index(value) if value in names else -1


def _chunked(values) -> pa.ChunkedArray:
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def _kinds_allowed(ctx, predicates: list, predicate_codes: np.ndarray, actors: _Codes,
                   actor: dict[str, np.ndarray]) -> np.ndarray:
    """Whether each row's predicate allows the kinds of its subject and object
    (:func:`~sahelgraph.readers.validate.kind_allowed`); True where a value is missing
    (checked elsewhere)."""
    kinds = [ctx.index.actors[i].kind for i in actors]
    names = sorted(set(kinds) | {"unknown"})
    kind = np.array([names.index(k) for k in kinds] + [names.index("unknown")], dtype=np.int64)
    allowed = np.ones(len(predicate_codes), dtype=bool)
    for side, attribute in (("subject", "subject_kinds"), ("object", "object_kinds")):
        table = np.ones((len(predicates) + 1, len(names)), dtype=bool)  # last row: no predicate
        for at, p in enumerate(predicates):
            if p is not None:
                table[at] = [kind_allowed(getattr(p, attribute), k) for k in names]
        allowed &= table[predicate_codes, kind[actor[side]]]  # code -1: the last row / column
    return allowed


def _oriented(ctx, subject: np.ndarray, predicate: np.ndarray, obj: np.ndarray, actors: list[str],
              names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Subjects and objects with symmetric relations turned to the orientation first seen
    (``ctx.orient``, asked once per distinct directed triple, in the order first met: what
    it answers for a triple cannot change after its first row)."""
    symmetric = np.array([ctx.ontology.predicates[n].symmetric for n in names] + [False])[predicate]
    rows = np.flatnonzero(symmetric)
    if not len(rows):
        return subject, obj
    key = (subject[rows] * len(actors) + obj[rows]) * max(len(names), 1) + predicate[rows]
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    flipped = np.zeros(len(first), dtype=bool)
    for triple in np.argsort(first, kind="stable").tolist():
        row = rows[first[triple]]
        s = actors[subject[row]]
        flipped[triple] = ctx.orient(s, ctx.ontology.predicates[names[predicate[row]]], actors[obj[row]])[0] != s
    turn = np.zeros(len(subject), dtype=bool)
    turn[rows] = flipped[inverse.ravel()]
    return np.where(turn, obj, subject), np.where(turn, subject, obj)
