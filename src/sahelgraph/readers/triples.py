"""Readers of annotated triples, one per input format. Each returns the rows it read as
``(Assertion, problems)`` pairs plus problems with the file as a whole; nothing is resolved
or validated here beyond what the format itself requires."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from sys import intern
from pathlib import Path

from sahelgraph.errors import Diagnostic, quoted
from sahelgraph.model import Assertion
from sahelgraph.readers.tables import Table
from sahelgraph.readers.text import read_text

REQUIRED = ("subject", "predicate", "object")
OPTIONAL = ("date", "source", "quote", "confidence", "modality", "place", "note")
FIELDS = REQUIRED + OPTIONAL
CONFIDENCE_WORDS = {"high": 0.9, "medium": 0.6, "low": 0.3}

ReadRow = tuple[Assertion, list[Diagnostic]]
# each reader returns (rows, problems with the file): rows is an iterable of ReadRow, read
# lazily for tables so that a large file never sits in memory whole


@lru_cache(maxsize=4096)
def _confidence_of(text: str) -> float | None:
    word = CONFIDENCE_WORDS.get(text.strip().lower())
    if word is not None:
        return word
    try:
        number = float(text)
    except ValueError:
        return None
    return number if 0.0 <= number <= 1.0 else None  # NaN fails both comparisons


def parse_confidence(value, file, line) -> tuple[float, list[Diagnostic]]:
    """A confidence as a number in [0, 1] (or high/medium/low); empty means 1.0."""
    if value is None or value == "":
        return 1.0, []
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        number = None
    else:
        number = _confidence_of(str(value))
    if number is None:
        return 1.0, [Diagnostic(file, line, f"bad confidence {quoted(value)}",
                                "a number from 0 to 1, or high/medium/low", column="confidence")]
    return number, []


def _assertion(values: dict, file: str, line: int, mapping: dict | None = None) -> ReadRow:
    if mapping:
        values = {field: values.get(column) for field, column in mapping.items()}
    confidence, problems = parse_confidence(values.get("confidence"), file, line)
    text = {k: (str(values[k]).strip() or None) if values.get(k) is not None else None
            for k in FIELDS if k != "confidence"}
    raw = {k: values.get(k) for k in FIELDS}
    return Assertion(confidence=confidence, file=file, line=line, raw=raw, **text), problems


def read_table_triples(path: str | Path, *, mapping: dict | None = None):
    """Triples from a TSV/CSV file with a header (subject, predicate, object, date, source,
    quote, confidence, modality, place, note), or from a foreign table through ``mapping``
    ({field: foreign column}, e.g. {"subject": "Actor1Name", "predicate": "EventCode"})."""
    path = str(path)
    if mapping:
        mapping = {field: column.lower() for field, column in mapping.items()}
        table = Table(path, required=tuple(dict.fromkeys(mapping.values())), allow_extra=True)
    else:
        table = Table(path, required=REQUIRED, optional=OPTIONAL)
    if table.problems:
        return [], table.problems
    # the position of each field in a row (None: the file has no such column)
    column = {field: (mapping or {}).get(field, field) for field in FIELDS}
    where = [table.header.index(column[f]) if column[f] in table.header else None for f in FIELDS]
    return _table_rows(table, where, path, bool(mapping)), []


def _table_rows(table: Table, where: list[int | None], path: str, mapped: bool):
    width = len(table.header)
    for line, fields, problem in table:
        if problem is not None:
            fields = fields + [""] * (width - len(fields))
        values = [(fields[i].strip() or None) if i is not None else None for i in where]
        yield table_row(values, path, line, problem, mapped)


def table_row(values: list, path: str, line: int, problem: Diagnostic | None = None,
              mapped: bool = False) -> ReadRow:
    """One row of a table as read: ``values`` are the FIELDS in order, stripped, None where
    empty or absent; ``problem`` is the row's shape problem, if any. (The column-wise reader
    hands the rows its checks single out to this function too, so both read a row alike.)"""
    subject, predicate, obj, date, source, quote, confidence, modality, place, note = values
    problems = [problem] if problem else []
    if confidence is None:
        number = 1.0
    else:
        number, bad = parse_confidence(confidence, path, line)
        problems += bad
    if mapped and date and len(date) == 8 and date.isdigit():
        date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    # dates, sources and notes repeat across rows: one string object each saves memory
    assertion = Assertion(subject or "", predicate or "", obj or "",
                          date and intern(date), source and intern(source), quote,
                          number, note and intern(note), path, line)
    if modality is not None or place is not None:
        assertion.modality, assertion.place = modality and intern(modality), place and intern(place)
    if problems:
        assertion.raw = dict(zip(FIELDS, values))
    return assertion, problems


# Python refuses to turn longer digit strings into numbers (sys.int_max_str_digits); no field
# of a triple needs a number this long
LONGEST_NUMBER = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


# a triple is a flat object; nesting this deep is refused before parsing, whatever the
# interpreter's recursion limit (which other code may have raised) would let json reach
DEEPEST_NESTING = 32


class _NumberTooLong(ValueError):
    pass


def _too_deep(line: str) -> bool:
    """Whether the JSON text nests objects or arrays deeper than DEEPEST_NESTING (brackets
    inside strings do not count)."""
    if line.count("[") + line.count("{") <= DEEPEST_NESTING:
        return False
    depth, in_string, escaped = 0, False, False
    for ch in line:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > DEEPEST_NESTING:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _json_int(text: str) -> int:
    if len(text) > LONGEST_NUMBER:
        raise _NumberTooLong(text)
    return int(text)


def _replace_surrogates(values: dict, path: str, number: int) -> list[Diagnostic]:
    """Problems for lone surrogates (JSON escapes \\ud800-\\udfff that are not half of a pair),
    each replaced in ``values`` by U+FFFD: no UTF-8 file or database can hold them."""
    problems = []
    for key in list(values):
        value = values[key]
        if isinstance(key, str) and _SURROGATE.search(key):
            del values[key]
            found, key = _SURROGATE.search(key).group(), _SURROGATE.sub("\ufffd", key)
            values[key] = value
            problems.append(Diagnostic(path, number, f"key {quoted(key)} holds a lone surrogate "
                                       f"\\u{ord(found):04x}", _SURROGATE_HINT))
        if isinstance(value, str) and (found := _SURROGATE.search(value)):
            values[key] = _SURROGATE.sub("\ufffd", value)
            problems.append(Diagnostic(path, number, f"'{key}' holds a lone surrogate \\u{ord(found.group()):04x}",
                                       _SURROGATE_HINT, column=key if key in FIELDS else None))
    return problems


_SURROGATE_HINT = ("an escape \\ud800-\\udfff must be one half of a pair such as \\ud83d\\ude00; "
                   "write the character itself, in UTF-8")


def read_jsonl_triples(path: str | Path) -> tuple[list[ReadRow], list[Diagnostic]]:
    """Triples from JSON Lines: one object per line with the same keys as the table header."""
    path = str(path)
    read: list[ReadRow] = []

    def refuse(number: int, message: str, hint: str) -> None:
        read.append((Assertion("", "", "", file=path, line=number), [Diagnostic(path, number, message, hint)]))

    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            if _too_deep(line):
                raise RecursionError
            values = json.loads(line, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            refuse(number, f"not valid JSON: {exc.msg} at column {exc.colno}", "one JSON object per line")
            continue
        except RecursionError:
            refuse(number, "JSON nested too deeply",
                   'one flat object per line, e.g. {"subject": "Mali", "predicate": "expels", "object": "Salgado"}')
            continue
        except _NumberTooLong as exc:
            refuse(number, f"a number of {len(str(exc))} digits",
                   f"numbers here have at most {LONGEST_NUMBER} digits; quote it if it is an identifier")
            continue
        if not isinstance(values, dict):
            refuse(number, "expected a JSON object",
                   'e.g. {"subject": "Mali", "predicate": "expels", "object": "Salgado"}')
            continue
        problems = _replace_surrogates(values, path, number) if "\\ud" in line.lower() else []
        problems += [Diagnostic(path, number, f"unknown key {quoted(key)}", f"expected {', '.join(FIELDS)}")
                     for key in values if key not in FIELDS]
        for key in FIELDS:
            if isinstance(values.get(key), (dict, list)):
                problems.append(Diagnostic(path, number, f"'{key}' must be a string or number"))
                values[key] = None
        assertion, more = _assertion(values, path, number)
        read.append((assertion, problems + more))
    return read, []


# spaced dashes separate the parts, so hyphenated names (El-Ghassim Wane) stay whole
_SEPARATOR = re.compile(r"\s+(?:–|—|--|-)\s+")
_ANNOTATION = re.compile(r"^\s+([A-Za-z_]+)\s*:\s?(.*)$")


def read_notation_triples(path: str | Path) -> tuple[list[ReadRow], list[Diagnostic]]:
    """Triples in the line notation: ``Mali – expels – Olivier Salgado`` followed by
    indented ``key: value`` lines (date, source, quote, confidence, modality, place, note).

    The parts are separated by a dash with spaces on both sides (– — -- or -), so
    ``El-Ghassim Wane`` is one name; a predicate may be written with spaces
    (``demands withdrawal of``). Lines starting with ``#`` are comments.
    """
    path = str(path)
    read: list[ReadRow] = []
    problems: list[Diagnostic] = []
    current: tuple[dict, int, dict, list[Diagnostic]] | None = None

    def finish():
        if current is not None:
            values, line, lines, row_problems = current
            assertion, more = _assertion(values, path, line)
            assertion.field_lines = lines or None
            read.append((assertion, row_problems + more))

    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            match = _ANNOTATION.match(line)
            if current is None:
                problems.append(Diagnostic(path, number, "annotation before any triple",
                                           "start with a line 'subject – predicate – object'"))
            elif not match:
                current[3].append(Diagnostic(path, number, "expected 'key: value'",
                                             f"keys: {', '.join(OPTIONAL)}"))
            elif match.group(1).lower() not in OPTIONAL:
                key = match.group(1)
                close = difflib.get_close_matches(key.lower(), OPTIONAL, n=1)
                current[3].append(Diagnostic(path, number, f"unknown annotation '{key}'",
                                             f"did you mean '{close[0]}'?" if close else f"keys: {', '.join(OPTIONAL)}"))
            else:
                key = match.group(1).lower()
                current[0][key] = match.group(2).strip()
                current[2][key] = number
            continue
        finish()
        parts = _SEPARATOR.split(line.strip())
        if len(parts) != 3:
            current = ({"subject": "", "predicate": "", "object": ""}, number, {}, [Diagnostic(
                path, number, f"expected 'subject – predicate – object', found {len(parts)} part(s)",
                "separate the parts with a dash with spaces around it")])
            continue
        subject, predicate, obj = (p.strip() for p in parts)
        current = ({"subject": subject, "predicate": re.sub(r"\s+", "_", predicate.lower()),
                    "object": obj}, number, {}, [])
    finish()
    return read, problems


READERS = {
    ".tsv": read_table_triples,
    ".csv": read_table_triples,
    ".tab": read_table_triples,
    ".jsonl": read_jsonl_triples,
    ".ndjson": read_jsonl_triples,
    ".txt": read_notation_triples,
}
