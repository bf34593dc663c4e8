"""Tables with a header: TSV (no quoting: a field may hold quotes but never a tab) and CSV
(standard quoting). Lines starting with ``#`` are comments."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sahelgraph.errors import Diagnostic, InvalidInputError
from sahelgraph.readers.text import read_text

# the csv module refuses fields over 131,072 characters by default; a quote or a note may be
# longer, and a TSV field (no quoting) always ends at its line
LONGEST_FIELD = 2**31 - 1
csv.field_size_limit(LONGEST_FIELD)


def dialect_for(path: str | Path) -> str:
    """``csv`` or ``tsv``: by the extension, unless the header line says otherwise (a .csv
    whose header holds tabs and no comma is TSV, and the other way round)."""
    by_name = "csv" if Path(path).suffix.lower() == ".csv" else "tsv"
    try:
        with open(path, "rb") as probe:
            first = probe.readline(1 << 16)
    except OSError:
        return by_name
    if by_name == "csv" and b"\t" in first and b"," not in first:
        return "tsv"
    if by_name == "tsv" and b"," in first and b"\t" not in first:
        return "csv"
    return by_name


@dataclass
class Row:
    """One data row; ``problem`` is set when its fields do not fit the header."""

    line: int
    values: dict
    problem: Diagnostic | None = None


class Table:
    """A header table read as a stream: ``header`` (lower-cased column names), ``problems``
    with the header, and iteration over ``(line, fields, problem)`` for every data row, where
    ``problem`` is set when the row's field count differs from the header's.

    The file is read as it is iterated, so a large table never sits in memory whole.
    """

    def __init__(self, path: str | Path, *, required: tuple[str, ...], optional: tuple[str, ...] = (),
                 allow_extra: bool = False):
        self.path = str(path)
        self.csv = dialect_for(path) == "csv"
        with open(path, "rb") as probe:
            if probe.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                read_text(path)  # raises the UTF-16 diagnostic
        self._file = open(path, encoding="utf-8-sig", newline="")
        if self.csv:
            self._reader = csv.reader(self._file)
        else:
            self._reader = csv.reader(self._file, delimiter="\t", quoting=csv.QUOTE_NONE)
        self._line = 1
        self.header: list[str] = []
        self.problems: list[Diagnostic] = []
        expected = ", ".join(required + optional)
        for line, fields in self._rows():
            self.header = [f.strip().lower() for f in fields]
            for name in required:
                if name not in self.header:
                    self.problems.append(Diagnostic(self.path, line, f"missing column '{name}'",
                                                    f"the header must name {expected}"))
            if not allow_extra:
                for name in self.header:
                    if name not in required and name not in optional:
                        self.problems.append(Diagnostic(self.path, line, f"unknown column '{name}'",
                                                        f"expected {expected}"))
            break
        else:
            self.problems.append(Diagnostic(self.path, 1, "empty table: no header",
                                            f"the first line must name {expected}"))
        if self.problems:
            self.close()

    def _rows(self):
        reader = self._reader
        try:
            for fields in reader:
                start, self._line = self._line, reader.line_num + 1
                if not fields or (len(fields) == 1 and not fields[0].strip(" \t\x1a")):
                    continue
                if fields[0].lstrip().startswith("#"):
                    continue
                yield start, fields
        except UnicodeDecodeError:
            self.close()
            read_text(self.path)  # raises the diagnostic naming the line
            raise
        except csv.Error as exc:
            self.close()
            if "field limit" in str(exc):
                raise InvalidInputError([Diagnostic(self.path, reader.line_num,
                                                    f"a field longer than {csv.field_size_limit():,} characters",
                                                    "split the text")]) from None
            raise InvalidInputError([Diagnostic(self.path, reader.line_num, f"broken CSV: {exc}",
                                                "check the quoting around this line")]) from None

    def __iter__(self):
        if self.problems:
            return
        width = len(self.header)
        try:
            for line, fields in self._rows():
                if len(fields) == width:
                    yield line, fields, None
                else:
                    yield line, fields, self._width_problem(line, len(fields))
        finally:
            self.close()

    def _width_problem(self, line: int, count: int) -> Diagnostic:
        width = len(self.header)
        if self.csv:
            hint = "quote fields that hold commas" if count > width else "add the missing fields"
        else:
            hint = ("a tab inside a field? TSV fields cannot hold tabs"
                    if count > width else "fill empty fields with a tab each")
        return Diagnostic(self.path, line, f"row has {count} fields, the header has {width}", hint)

    def close(self) -> None:
        self._file.close()


def read_table(
    path: str | Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    allow_extra: bool = False,
) -> tuple[list[Row], list[Diagnostic]]:
    """Rows of a header table, values stripped, empty -> None, and problems with the header.

    A row whose field count differs from the header's comes back with its ``problem`` set
    (and its fields under their column names as far as they go), so callers can reject it.
    """
    table = Table(path, required=required, optional=optional, allow_extra=allow_extra)
    rows = [Row(line, {name: (value.strip() or None) for name, value in zip(table.header, fields)}, problem)
            for line, fields, problem in table]
    return rows, table.problems
