"""Bulk work on millions of small objects."""

from __future__ import annotations

import ctypes
import gc
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector: a bulk load, a graph read or a page allocates
    millions of objects that all stay alive, so each collection scans them for nothing (a
    third of the time of reading a large file or building a large graph)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def trim_memory() -> None:
    """Give memory freed by Python and Arrow back to the system where the C library allows it (glibc's
    malloc_trim), so a database that runs next in the same process can use it."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()  # Arrow's own allocator keeps what it freed
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by this process instead


# ------------------------------------------------------------------------------------------
# merging assertions into relations, column-wise
# ------------------------------------------------------------------------------------------

_ROW_BITS = 40  # rows of one merge: fewer than 2**40


@dataclass
class MergedColumns:
    """What :func:`merge_columns` makes of some assertion rows.

    ``relations``: one row per relation, in the order of their ids (0, 1, ...): ``predicate``,
    ``from``, ``to``, ``id``, ``weight``, ``first_date``, ``last_date``, ``confidence``.
    ``kept``: per input row, whether it is evidence (False: a duplicate); ``relation`` and
    ``position``: the relation id of each row and its place among the relation's evidence
    (meaningful where kept). ``loaded`` and ``duplicates`` count the rows.
    """

    relations: object  # pa.Table
    kept: np.ndarray
    relation: np.ndarray
    position: np.ndarray
    loaded: int
    duplicates: int


def merge_columns(rows, dedupe: bool = True) -> MergedColumns:
    """Merge assertion rows (an Arrow table in the shape of
    :meth:`sahelgraph.model.Assertions.table`, input order) into relations, column-wise: what
    :func:`sahelgraph.model.merge` does into an empty graph, without a Python object per row.

    Rows with the same (subject, predicate, object) are one relation, numbered by predicate
    (predicates in the order first met) and then in the order first met; a row whose
    evidence key (date, source, quote) an earlier row of the relation has is a duplicate
    (with ``dedupe``; without, every row is evidence). A relation's evidence keeps the input
    order; its first and last dates are the earliest-starting and latest-ending dates of
    its evidence (on a tie the first), its confidence the highest.

    >>> from sahelgraph.model import Assertions, Evidence
    >>> rows = Assertions([("a", "expels", "b", Evidence("2022", "s", "q")),
    ...                    ("c", "meets", "d", Evidence("2023-05", "s", "q", 0.5)),
    ...                    ("a", "expels", "b", Evidence("2022", "s", "q")),
    ...                    ("a", "expels", "b", Evidence("2021-03", "s", "r"))]).table()
    >>> merged = merge_columns(rows)
    >>> merged.relations.select(["from", "id", "weight", "first_date", "last_date"]).to_pylist()[0]
    {'from': 'a', 'id': 0, 'weight': 2, 'first_date': '2021-03', 'last_date': '2022'}
    >>> merged.kept.tolist(), merged.position[merged.kept].tolist(), (merged.loaded, merged.duplicates)
    ([True, True, False, True], [0, 0, 1], (3, 1))
    """
    import pyarrow as pa

    count = rows.num_rows
    if count >= 1 << _ROW_BITS:
        raise ValueError(f"{count} rows: more than one merge can number")
    rows = unified(rows)
    subject, subjects = _codes(rows.column("subject"))
    predicate, predicates = _codes(rows.column("predicate"))
    obj, objects = _codes(rows.column("object"))
    # the relation of each row, numbered in the order first met, and the row that first names it
    which = _numbered((subject * (len(objects) + 1) + obj) * (len(predicates) + 1) + predicate)
    count_relations = int(which.max()) + 1 if count else 0
    first = np.empty(count_relations, dtype=np.int64)
    first[which[::-1]] = np.arange(count - 1, -1, -1)  # the last write of each is its first row
    subject, predicate, obj = subject[first], predicate[first], obj[first]  # per relation, from here
    kept = _not_duplicates(rows, which) if dedupe else np.ones(count, dtype=bool)
    # ids: predicate by predicate in the order first met, then relation by relation
    predicate_rank = _numbered(predicate)  # relations come in the order first met
    by_id = np.argsort(predicate_rank.astype(np.int16) if len(predicates) < 1 << 15 else predicate_rank,
                       kind="stable")
    rid_of = np.empty(count_relations, dtype=np.int64)
    rid_of[by_id] = np.arange(count_relations)
    relation = rid_of[which]
    del which, rid_of, predicate_rank

    # the kept rows relation by relation, each relation's in input order
    rows_kept = np.flatnonzero(kept)
    order = rows_kept[np.argsort(relation[rows_kept], kind="stable")]
    ordered = relation[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else order
    position = np.zeros(count, dtype=np.int64)
    position[order] = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    weight = np.diff(np.r_[starts, len(order)])
    confidence = rows.column("confidence").to_numpy()
    confidence = np.where(np.isnan(confidence), 1.0, confidence) if confidence.dtype.kind == "f" else \
        np.array([1.0 if c is None else c for c in confidence], dtype=np.float64)
    best = np.maximum.reduceat(confidence[order], starts) if len(order) else confidence[:0]
    first_date, last_date = _date_span(rows.column("date"), order, starts)

    relations = pa.table({
        "predicate": predicates.take(pa.array(predicate[by_id])),
        "from": subjects.take(pa.array(subject[by_id])), "to": objects.take(pa.array(obj[by_id])),
        "id": pa.array(np.arange(count_relations, dtype=np.int64)), "weight": pa.array(weight),
        "first_date": first_date, "last_date": last_date, "confidence": pa.array(best, pa.float64()),
    })
    return MergedColumns(relations, kept, relation, position, int(kept.sum()), int(count - kept.sum()))


def unified(table):
    """``table`` with each dictionary-encoded column's chunks on one dictionary (``table``
    itself when they are already)."""
    import pyarrow as pa

    for column in table.columns:
        if pa.types.is_dictionary(column.type) and column.num_chunks > 1:
            first = column.chunk(0).dictionary
            if not all(chunk.dictionary.equals(first) for chunk in column.chunks[1:]):
                return table.unify_dictionaries()
    return table


def one_array(column):
    """An Arrow column as one array: a chunked one combined (copied only when it is in
    several pieces), an array as it is."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def _numbered(values: np.ndarray) -> np.ndarray:
    """Each value's number in the order values are first met (0, 1, ...), by hashing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.dictionary_encode(pa.array(values)).indices.to_numpy().astype(np.int64)


def _codes(column) -> tuple[np.ndarray, "pa.Array"]:
    """A dictionary-encoded column (one dictionary for all chunks) as each row's code
    (int64; -1 for null, given a code of its own where it matters) and the dictionary."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    chunks = column.chunks
    dictionary = chunks[0].dictionary if chunks else pa.array([], pa.string())
    parts = [pc.fill_null(chunk.indices, -1).to_numpy().astype(np.int64) for chunk in chunks]
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), dictionary


def _not_duplicates(rows, relation: np.ndarray) -> np.ndarray:
    """Per row, whether no earlier row of its relation has the same (date, source, quote).

    Rows are first compared by relation, date, source and the quote's length in bytes, which
    tells most rows apart; only rows that share all four have their quotes compared."""
    import pyarrow as pa

    date, _ = _codes(rows.column("date"))
    source, _ = _codes(rows.column("source"))
    quote = rows.column("quote")
    length = np.concatenate([byte_lengths(chunk) for chunk in quote.chunks]) if quote.num_chunks \
        else np.zeros(0, dtype=np.int64)
    keys = [relation, date + 1, source + 1, length + 1]  # each >= 0
    bits = [max(int(k.max()), 1).bit_length() if len(k) else 1 for k in keys]
    if sum(bits) <= 63:  # the four in one number
        packed = np.zeros(len(relation), dtype=np.int64)
        for key, width in zip(keys, bits):
            packed = (packed << width) | key
        group = _numbered(packed)
        del packed
    else:
        group = _grouped(keys)
    del keys, length
    # rows whose four keys some other row shares
    candidates = np.flatnonzero(np.bincount(group)[group] > 1)
    kept = np.ones(len(relation), dtype=bool)
    if len(candidates):
        texts = _take(quote, candidates).to_pylist()
        seen = set()
        for row, text in zip(candidates.tolist(), texts):
            full = (relation[row], date[row], source[row], text)
            if full in seen:
                kept[row] = False
            else:
                seen.add(full)
    return kept


def _grouped(keys: list[np.ndarray]) -> np.ndarray:
    """A number per row, the same for rows whose ``keys`` are all equal."""
    group = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        group = _numbered(group * (int(key.max()) + 1) + key) if len(key) else group
    return group


def _take(column, rows: np.ndarray):
    """``column.take(rows)`` for sorted ``rows``, chunk by chunk (Arrow's own take from a
    column of many chunks is slow)."""
    import pyarrow as pa

    parts, start = [], 0
    for chunk in column.chunks:
        end = start + len(chunk)
        lo, hi = np.searchsorted(rows, [start, end])
        if hi > lo:
            parts.append(chunk.take(pa.array(rows[lo:hi] - start)))
        start = end
    return pa.chunked_array(parts, column.type)


def byte_lengths(chunk) -> np.ndarray:
    """The length in bytes of each string of an Arrow string array (-1 for null)."""
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32 if chunk.type == "string" else np.int64)
    offsets = offsets[chunk.offset:chunk.offset + len(chunk) + 1].astype(np.int64)
    lengths = np.diff(offsets)
    if chunk.null_count:
        lengths[~np.asarray(chunk.is_valid())] = -1
    return lengths


def _date_span(column, order: np.ndarray, starts: np.ndarray):
    """The first and last date of each relation (rows ``order``, relation by relation from
    ``starts``): earliest start and latest end, on a tie the earlier row; None if undated."""
    import pyarrow as pa

    from sahelgraph import dates

    code, values = _codes(column)
    spans = [dates.span(v) if v else None for v in values.to_pylist()]
    start = np.array([s[0].toordinal() if s else -1 for s in spans] + [-1], dtype=np.int64)[code]
    end = np.array([s[1].toordinal() if s else -1 for s in spans] + [-1], dtype=np.int64)[code]
    if not len(order):
        return pa.array([], pa.string()), pa.array([], pa.string())
    rows = order.astype(np.int64)
    dated = start[rows] >= 0
    unit = np.int64(1) << _ROW_BITS
    earliest = np.where(dated, start[rows] * unit + rows, np.iinfo(np.int64).max)
    latest = np.where(dated, end[rows] * unit + (unit - 1 - rows), -1)
    first = np.minimum.reduceat(earliest, starts)
    last = np.maximum.reduceat(latest, starts)

    def dates_of(found, has):  # the date of the row found, for relations that have one
        row = np.where(has, found, 0)
        return values.take(pa.array(np.where(has, code[row], 0), mask=~has))

    return (dates_of(first % unit, first != np.iinfo(np.int64).max),
            dates_of(unit - 1 - last % unit, last >= 0))
