"""Tables with a header: TSV (no quoting: a field may hold quotes but never a tab) and CSV
(standard quoting). Lines starting with ``#`` are comments."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sahelgraph.errors import Diagnostic
from sahelgraph.readers.text import read_text


def dialect_for(path: str | Path) -> str:
    return "csv" if Path(path).suffix.lower() == ".csv" else "tsv"


@dataclass
class Row:
    """One data row; ``problem`` is set when its fields do not fit the header."""

    line: int
    values: dict
    problem: Diagnostic | None = None


def read_table(
    path: str | Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    allow_extra: bool = False,
    text: str | None = None,
) -> tuple[list[Row], list[Diagnostic]]:
    """Rows of a header table, values stripped, empty -> None, and problems with the header.

    A row whose field count differs from the header's comes back with its ``problem`` set
    (and its fields under their column names as far as they go), so callers can reject it.
    """
    path = str(path)
    text = read_text(path) if text is None else text
    if dialect_for(path) == "csv":
        reader = csv.reader(io.StringIO(text))
    else:
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    problems: list[Diagnostic] = []
    header: list[str] | None = None
    rows: list[Row] = []
    line = 1
    for fields in reader:
        start, line = line, reader.line_num + 1
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if fields[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [f.strip().lstrip("\ufeff").lower() for f in fields]
            expected = ", ".join(required + optional)
            for name in required:
                if name not in header:
                    problems.append(Diagnostic(path, start, f"missing column '{name}'",
                                               f"the header must name {expected}"))
            if not allow_extra:
                for name in header:
                    if name not in required and name not in optional:
                        problems.append(Diagnostic(path, start, f"unknown column '{name}'",
                                                   f"expected {expected}"))
            if problems:
                return [], problems
            continue
        if len(fields) != len(header):
            hint = ("a tab inside a field? TSV fields cannot hold tabs"
                    if len(fields) > len(header) else "fill empty fields with a tab each")
            if dialect_for(path) == "csv":
                hint = "quote fields that hold commas" if len(fields) > len(header) else "add the missing fields"
            problem = Diagnostic(
                path, start, f"row has {len(fields)} fields, the header has {len(header)}", hint)
            values = {name: (value.strip() or None) for name, value in zip(header, fields)}
            rows.append(Row(start, values, problem))
            continue
        rows.append(Row(start, {name: (value.strip() or None) for name, value in zip(header, fields)}))
    if header is None:
        problems.append(Diagnostic(path, 1, "empty table: no header",
                                   f"the first line must name {', '.join(required + optional)}"))
    return rows, problems
