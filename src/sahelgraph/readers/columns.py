"""Reading a large TSV/CSV table of triples column-wise, with Arrow.

A table in sahelgraph's own header format whose lines are all plain rows (no comment or
blank line, no carriage return, for CSV no quote character, every row as wide as the
header, valid UTF-8) is read here in bulk: each field stripped, empty fields as nulls,
row ``i`` on line ``i + 2``. That is what the row reader
(:func:`sahelgraph.readers.triples.read_table_triples`) makes of such a file, without a
Python object per row. Any other file is left to the row reader (:func:`read_table_columns`
returns None), which words every problem.

Examples
--------
>>> import tempfile, os
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = os.path.join(tmp, "t.tsv")
...     with open(path, "w") as out:
...         _ = out.write("subject\\tpredicate\\tobject\\tdate\\n" "Mali \\texpels\\tSalgado\\t\\n")
...     table = read_table_columns(path)
>>> table.column("subject").to_pylist(), table.column("date").to_pylist(), table.column("line").to_pylist()
(['Mali'], [None], [2])
>>> read_table_columns(__file__) is None  # not a table of triples
True
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from sahelgraph.bulk import byte_lengths, one_array
from sahelgraph.errors import InvalidInputError
from sahelgraph.readers.tables import Table
from sahelgraph.readers.triples import FIELDS, OPTIONAL, REQUIRED

# fields whose values repeat (names, dates, sources...): read dictionary-encoded, each distinct
# value stripped once; quotes are mostly distinct and stay plain strings
CODED = frozenset(FIELDS) - {"quote"}

# the bytes a string starts or ends with when str.strip() changes it: ASCII spaces, and the
# first or last byte of other spaces in UTF-8 (U+00A0, U+2000...; every space of Unicode lies
# below U+3001)
_SPACES = [c.encode() for c in map(chr, range(0x3001)) if c.isspace()]
_MAY_START = np.zeros(256, dtype=bool)
_MAY_START[[b[0] for b in _SPACES]] = True
_MAY_END = np.zeros(256, dtype=bool)
_MAY_END[[b[-1] for b in _SPACES]] = True

_PARSE_BLOCK = 1 << 22  # bytes parsed per block (the blocks are parsed on threads)


def read_table_columns(path: str | Path) -> pa.Table | None:
    """The FIELDS of a plain triples table as Arrow columns (dictionary-encoded strings, a
    plain string column for quotes), plus ``file`` and ``line``; None when the file is not plain (see
    the module docstring) or not a table of triples, for the row reader to read."""
    path = str(path)
    try:
        table = Table(path, required=REQUIRED, optional=OPTIONAL)
    except InvalidInputError:
        return None  # the row reader says what is wrong with it
    header, csv = table.header, table.csv
    table.close()
    if table.problems or not _plain_bytes(path, csv, header):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        raw = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, use_threads=True,
                                          block_size=_PARSE_BLOCK),
            parse_options=pcsv.ParseOptions(delimiter="," if csv else "\t", quote_char=False,
                                            escape_char=False, newlines_in_values=False,
                                            ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False,
                                                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        return None  # a row wider or narrower than the header, not UTF-8...: the row reader names the line
    if _blank_lines(raw):
        return None
    columns = {}
    for field in FIELDS:
        if field in header:
            values = raw.column(header.index(field))
            columns[field] = _coded(values) if field in CODED else _plain(values)
        else:
            columns[field] = (pa.DictionaryArray.from_arrays(pa.nulls(raw.num_rows, pa.int32()),
                                                             pa.array([], pa.string()))
                              if field in CODED else pa.nulls(raw.num_rows, pa.string()))
    first = columns[header[0]]
    firsts = first.dictionary if header[0] in CODED else first
    if pc.any(pc.starts_with(firsts, "#")).as_py():
        return None  # a comment line, which the row reader skips
    del raw
    columns["file"] = pa.DictionaryArray.from_arrays(pa.array(np.zeros(len(first), dtype=np.int32)),
                                                     pa.array([path]))
    columns["line"] = pa.array(np.arange(2, len(first) + 2, dtype=np.int64))
    return pa.table(columns)


def _blank_lines(raw: pa.Table) -> bool:
    """Whether some row has every field empty: a blank line (which the parser reads as such
    a row and the row reader skips), or a line of separators only; both left to the row
    reader."""
    blank = np.ones(raw.num_rows, dtype=bool)
    for column in raw.columns:
        lengths = np.concatenate([byte_lengths(chunk) for chunk in column.chunks]) if column.num_chunks \
            else blank[:0]
        blank &= lengths == 0
    return bool(blank.any())


def _plain_bytes(path: str, csv: bool, header: list[str]) -> bool:
    """Whether the file's first line is the header (no comment or blank line before it) and
    no carriage return (or for CSV, no quote character) follows. Blank lines, lines of the
    wrong width and bytes that are not UTF-8 are found by the parser."""
    odd = (b"\r", b'"') if csv else (b"\r",)
    with open(path, "rb") as data:
        first = data.readline()
        fields = first.decode("utf-8-sig", "replace").rstrip("\n").split("," if csv else "\t")
        if [f.strip().lower() for f in fields] != header:
            return False
        with mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) as whole:
            return not any(whole.find(o) >= 0 for o in odd)


def _plain(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """``values`` stripped, empty ones as nulls."""
    return pa.chunked_array([_stripped(chunk) for chunk in values.chunks], pa.string())


def _coded(values: pa.ChunkedArray) -> pa.DictionaryArray:
    """``values`` dictionary-encoded, each distinct value stripped, empty ones as nulls."""
    encoded = pc.dictionary_encode(one_array(values))
    stripped = _stripped(encoded.dictionary)
    if stripped is encoded.dictionary:
        return encoded
    # distinct values may meet once stripped ("Mali " and "Mali"): encode the stripped ones
    again = pc.dictionary_encode(stripped)
    return pa.DictionaryArray.from_arrays(again.indices.take(encoded.indices), again.dictionary)


def _stripped(array: pa.Array) -> pa.Array:
    """``array`` (strings) stripped as str.strip() does, empty ones as nulls: ``array``
    itself when nothing changes. Only the strings that start or end with a byte a space
    may start or end with (or are empty) are looked at in Python."""
    if len(array) == 0:
        return array
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset:array.offset + len(array) + 1]
    starts, ends = offsets[:-1], offsets[1:]
    suspect = ends == starts
    buffer = array.buffers()[2]
    if buffer is not None and buffer.size:
        data = np.frombuffer(buffer, dtype=np.uint8)
        full = np.flatnonzero(~suspect)
        suspect[full] = _MAY_START[data[starts[full]]] | _MAY_END[data[ends[full] - 1]]
    if array.null_count:
        suspect &= np.asarray(array.is_valid())
    rows = np.flatnonzero(suspect)
    if not len(rows):
        return array
    before = array.take(pa.array(rows)).to_pylist()
    after = [(v.strip() or None) for v in before]
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    if not changed:
        return array
    mask = np.zeros(len(array), dtype=bool)
    mask[rows[changed]] = True
    return pc.replace_with_mask(array, pa.array(mask), pa.array([after[i] for i in changed], pa.string()))


__all__ = ["read_table_columns"]
