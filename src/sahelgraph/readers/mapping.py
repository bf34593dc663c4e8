"""Foreign tables read through a column mapping: event exports (GDELT, ICEWS, ACLED presets,
package data in ``sahelgraph/presets/``) and any table mapped by hand with ``--map``.

A mapping says which column holds each field (by header name or 1-based position), whether
the file has a header, its delimiter (sniffed when not given: a ``.csv`` that is really
tab-separated reads right), which columns to keep on the evidence as ``attributes``, and how
to make the source of each row (from a URL, a publisher, a story id or the file itself).

Examples
--------
>>> mapping = parse_map("subject=1,predicate=2,object=3,date=4")
>>> mapping.fields["subject"], mapping.header
([1], True)
>>> [m.variant for m in load_preset("icews")]
['ICEWS coded events', 'ICEWS quadruples (head, relation, tail, date)']
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from sys import intern
from urllib.parse import urlsplit

import yaml

from sahelgraph.cameo import event_for
from sahelgraph.errors import Diagnostic, InvalidInputError
from sahelgraph.model import Assertion, Source
from sahelgraph.readers.text import read_text
from sahelgraph.readers.triples import parse_confidence
from sahelgraph.resolve import normalize, slugify

PRESETS = ("gdelt", "icews", "acled")
TRIPLE_FIELDS = ("subject", "predicate", "object", "date", "source", "quote", "confidence",
                 "modality", "place", "note")
ACTOR_LIST_FIELDS = ("id", "name", "kind", "aliases", "country", "description")
DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
_TYPES = {"float": float, "int": int}
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_WORD_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class SourceRule:
    """How a row's source is made: from a URL column, a story id (+ publisher), a publisher
    column, or the file; ``otherwise`` is the one source cited when the column is empty."""

    url: str | None = None
    story: str | None = None
    publisher: str | None = None
    prefix: str | None = None
    file: bool = False
    otherwise: dict | None = None


@dataclass
class TableMapping:
    """Which column holds each field of a foreign table, and how to read the table."""

    name: str
    fields: dict[str, list] = field(default_factory=dict)  # field -> column names / positions
    header: bool = True
    delimiter: str | None = None  # None: sniffed
    columns: list[str] | None = None  # the column names of a header-less file
    attributes: dict[str, tuple] = field(default_factory=dict)  # name -> (column, type)
    source: SourceRule | None = None
    predicates: dict[str, str] | None = None  # lookup of predicate column values (ACLED)
    variant: str | None = None
    detect: list[str] | None = None  # header columns that identify the file
    detect_date: str | None = None  # a header-less column that must hold a date
    preset: bool = False

    @property
    def lists_actors(self) -> bool:
        """Whether the table is a list of actors (``name=...``) rather than of triples."""
        return "name" in self.fields and "subject" not in self.fields

    @property
    def label(self) -> str:
        if self.preset:
            return f"{self.variant} (preset {self.name})" if self.variant else f"preset {self.name}"
        return "--map"


# ------------------------------------------------------------------------------------------
# building mappings: --map and presets
# ------------------------------------------------------------------------------------------


def _spec(value):
    """A column given as a 1-based position (``7``) or a name."""
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def parse_map(text: str, *, header: bool = True, delimiter: str | None = None) -> TableMapping:
    """``subject=Actor1Name,predicate=EventCode,object=7`` -> a TableMapping of triples;
    ``name=Name,aliases=AKA,kind=Type`` -> one of a list of actors (a field may repeat:
    ``aliases=AKA1,aliases=AKA2``).

    Raises ValueError with a message fit for the user.
    """
    fields: dict[str, list] = {}
    actor_list = re.search(r"(^|,)\s*name\s*=", text) is not None
    allowed = ACTOR_LIST_FIELDS if actor_list else TRIPLE_FIELDS
    for part in text.split(","):
        name, sep, column = part.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not column:
            raise ValueError(f"'{part}' is not FIELD=COLUMN")
        if name not in allowed:
            raise ValueError(f"unknown field '{name}' (fields: {', '.join(TRIPLE_FIELDS)}; "
                             f"for a list of actors: {', '.join(ACTOR_LIST_FIELDS)})")
        spec = _spec(column)
        if isinstance(spec, int) and spec < 1:
            raise ValueError(f"column positions start at 1: '{part}'")
        fields.setdefault(name, []).append(spec)
    missing = [f for f in ("subject", "predicate", "object") if f not in fields]
    if missing and not actor_list:
        raise ValueError(f"map {', '.join(missing)} too")
    if not header and any(isinstance(s, str) for specs in fields.values() for s in specs):
        raise ValueError("without a header, map fields to column positions (subject=7)")
    return TableMapping("--map", fields, header=header, delimiter=delimiter_of(delimiter),
                        source=None)


def delimiter_of(text: str | None) -> str | None:
    """``tab``/``\\t``/``comma``/``,`` ... -> the character; None stays None (sniff)."""
    if text is None:
        return None
    if text in DELIMITERS:
        return DELIMITERS[text]
    if len(text) == 1:
        return text
    raise ValueError(f"bad delimiter '{text}' (one character, or tab, comma, semicolon, pipe)")


def _attributes(spec: dict | None) -> dict[str, tuple]:
    attributes = {}
    for name, value in (spec or {}).items():
        column, _, kind = str(value).rpartition(" ")
        if kind not in _TYPES:
            column, kind = str(value), "str"
        attributes[name] = (column, kind)
    return attributes


@lru_cache(maxsize=None)
def load_preset(name: str) -> list[TableMapping]:
    """The variants of a preset (package data ``presets/<name>.yaml``), in detection order."""
    if name not in PRESETS:
        raise InvalidInputError([Diagnostic(None, None, f"unknown preset '{name}'",
                                            f"presets: {', '.join(PRESETS)}")])
    text = resources.files("sahelgraph").joinpath("presets").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    base = {k: v for k, v in data.items() if k != "variants"}
    mappings = []
    for variant in data.get("variants") or [{}]:
        spec = {**base, **variant}
        source = spec.get("source") or {}
        mappings.append(TableMapping(
            name=name,
            fields={k: (v if isinstance(v, list) else [v]) for k, v in spec["fields"].items()},
            header=spec.get("header", True),
            delimiter=delimiter_of(spec.get("delimiter")),
            columns=spec.get("columns"),
            attributes=_attributes(spec.get("attributes")),
            source=SourceRule(**source) if source else None,
            predicates=spec.get("predicates"),
            variant=variant.get("name"),
            detect=spec.get("detect"),
            detect_date=spec.get("detect_date"),
            preset=True,
        ))
    return mappings


# ------------------------------------------------------------------------------------------
# looking at a file: delimiter, header, which preset fits
# ------------------------------------------------------------------------------------------


def first_lines(path: str | Path, count: int = 5) -> list[str]:
    with open(path, "rb") as probe:
        head = probe.read(1 << 16)
    text = head.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n")[:-1 if len(head) == 1 << 16 else None]
             if line.strip() and line.strip() != "\x1a"]
    return lines[:count]


def sniff_delimiter(lines: list[str], suffix: str = "") -> str:
    """Tab, comma, semicolon or pipe: whichever splits the first line most (a .csv holding
    tab-separated columns, like GDELT's, reads as TSV)."""
    if not lines:
        return "," if suffix == ".csv" else "\t"
    counts = {d: lines[0].count(d) for d in ("\t", ",", ";", "|")}
    best = max(counts, key=lambda d: (counts[d], d == "\t"))
    if counts[best] == 0:
        return "," if suffix == ".csv" else "\t"
    return best


def _fits(mapping: TableMapping, lines: list[str]) -> bool:
    if not lines:
        return False
    delimiter = mapping.delimiter or sniff_delimiter(lines)
    first = next(csv.reader([lines[0]], delimiter=delimiter,
                            quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL))
    if mapping.header:
        names = {c.strip().lower() for c in first}
        return bool(mapping.detect) and all(d.lower() in names for d in mapping.detect)
    if mapping.columns is None or len(first) != len(mapping.columns):
        return False
    if mapping.detect_date:
        return bool(_ISO.match(first[mapping.columns.index(mapping.detect_date)].strip()))
    if mapping.name == "gdelt":  # an event id, then an 8-digit SQLDATE
        return first[0].strip().isdigit() and re.fullmatch(r"\d{8}", first[1].strip()) is not None
    return True


def detect_preset(path: str | Path) -> list[TableMapping]:
    """The preset variants whose shape the file has (empty: none; several: ambiguous)."""
    lines = first_lines(path)
    return [m for name in PRESETS for m in load_preset(name) if _fits(m, lines)]


def choose_variant(path: str | Path, name: str) -> TableMapping:
    """The variant of preset ``name`` that fits the file; InvalidInputError saying what the
    preset expects when none does."""
    lines = first_lines(path)
    variants = load_preset(name)
    for mapping in variants:
        if _fits(mapping, lines):
            return mapping
    shapes = []
    for mapping in variants:
        if mapping.header:
            shapes.append(f"a header naming {', '.join(mapping.detect or [])}")
        else:
            shapes.append(f"{len(mapping.columns)} tab-separated columns ({mapping.variant})")
    found = ""
    if lines:
        delimiter = sniff_delimiter(lines)
        found = f"; its first line has {len(lines[0].split(delimiter))} columns"
    raise InvalidInputError([Diagnostic(str(path), 1, f"not a file the {name} preset reads{found}",
                                        "the preset reads " + ", or ".join(shapes))])


# ------------------------------------------------------------------------------------------
# sources made from the rows
# ------------------------------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def source_id_for_url(url: str) -> str:
    """A stable slug id for a URL: its domain, the last words of its path, a short hash.

    >>> source_id_for_url("https://www.reuters.com/world/africa/mali-asks-un-to-leave-2023-06-16/")
    'reuters-com-mali-asks-un-to-leave-2023-06-16-775c5e7f'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    tail = re.sub(r"\.(s?html?|php|aspx?|cms)$", "", parts.path.rstrip("/").rsplit("/", 1)[-1])
    slug = "-".join(p for p in (slugify(host.replace(".", " ")), slugify(tail) if tail else "") if p)
    return f"{slug[:72].rstrip('-') or 'source'}-{_short_hash(url)}"


def _slug_for_name(text: str) -> str:
    slug = slugify(text)
    return slug if len(slug) <= 60 else f"{slug[:60].rstrip('-')}-{_short_hash(text)}"


class SourceMaker:
    """Makes the sources a table names (by URL, story id, publisher or file) unless a declared
    or stored source matches: same id, or same URL."""

    def __init__(self, known: dict[str, Source]):
        self.known = known  # the validator's sources: made ones are added to it
        self.made: dict[str, Source] = {}
        self.by_url = {s.url: s.id for s in known.values() if s.url}
        self._cache: dict[tuple, str] = {}

    def _add(self, source: Source) -> str:
        if source.id not in self.known:
            self.known[source.id] = source
            self.made[source.id] = source
        return source.id

    def for_value(self, value: str) -> str:
        """A source column of a hand-mapped table: an id, a URL or a publisher."""
        key = ("value", value)
        found = self._cache.get(key)
        if found is None:
            if value in self.known:
                found = value
            elif re.match(r"^https?://", value, re.I):
                found = self.for_url(value)
            else:
                found = self.for_publisher(value)
            self._cache[key] = found
        return found

    def for_url(self, url: str) -> str:
        found = self.by_url.get(url)
        if found is None:
            host = (urlsplit(url).hostname or "").removeprefix("www.") or None
            found = self._add(Source(source_id_for_url(url), outlet=host, url=url))
            self.by_url[url] = found
        return found

    def for_publisher(self, publisher: str, story: str | None = None, prefix: str | None = None) -> str:
        key = ("story", publisher, story, prefix)
        found = self._cache.get(key)
        if found is None:
            if story:
                source_id = f"{prefix or 'story'}-{_slug_for_name(story)}"
                title = f"{publisher or prefix or 'story'} story {story}"
            else:
                source_id = _slug_for_name(publisher) or "source"
                title = publisher
            found = self._cache[key] = (source_id if source_id in self.known
                                        else self._add(Source(source_id, title=title, outlet=publisher)))
        return found

    def for_file(self, path: str) -> str:
        key = ("file", path)
        found = self._cache.get(key)
        if found is None:
            source_id = _slug_for_name(f"{Path(path).parent.name} {Path(path).stem}".strip())
            found = self._cache[key] = (source_id if source_id in self.known else
                                        self._add(Source(source_id, title=Path(path).name, file=str(path))))
        return found

    def fixed(self, spec: dict) -> str:
        if spec["id"] in self.known:
            return spec["id"]
        return self._add(Source(**spec))


# ------------------------------------------------------------------------------------------
# reading
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def iso_date(text: str | None) -> str | None:
    """Event-data dates as ISO: ``20230616`` and ``20230616093000`` -> ``2023-06-16``,
    ``16 June 2023`` -> ``2023-06-16``; anything else as written (validation judges it).

    >>> iso_date("20230616"), iso_date("16 June 2023"), iso_date("2023-06")
    ('2023-06-16', '2023-06-16', '2023-06')
    """
    if not text:
        return None
    if text.isdigit() and len(text) in (8, 12, 14):
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    match = _WORD_DATE.match(text)
    if match and match.group(2).lower() in _MONTHS:
        return f"{match.group(3)}-{_MONTHS[match.group(2).lower()]:02d}-{int(match.group(1)):02d}"
    return text


def _lookup_key(text: str) -> str:
    return normalize(text)


class DelimitedRows:
    """Fields of each data row of a delimited file, with line numbers; blank lines and an
    end-of-file byte (0x1A) are not rows."""

    def __init__(self, path: str, delimiter: str):
        self.path = path
        with open(path, "rb") as probe:
            if probe.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                read_text(path)  # raises the UTF-16 diagnostic
        self.file = open(path, encoding="utf-8-sig", newline="")
        quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
        self.reader = csv.reader(self.file, delimiter=delimiter, quoting=quoting)

    def __iter__(self):
        reader, line = self.reader, 1
        try:
            for fields in reader:
                start, line = line, reader.line_num + 1
                if not fields or (len(fields) == 1 and not fields[0].strip(" \t\x1a")):
                    continue
                yield start, fields
        except UnicodeDecodeError:
            self.file.close()
            read_text(self.path)  # raises the diagnostic naming the line
            raise
        except csv.Error as exc:
            self.file.close()
            raise InvalidInputError([Diagnostic(self.path, reader.line_num, f"broken CSV: {exc}",
                                                "check the quoting around this line")]) from None
        finally:
            self.file.close()


def column_index(spec, names: list[str] | None, width: int | None, what: str, path: str,
              line: int) -> int:
    if isinstance(spec, int):
        if width is not None and spec > width:
            raise InvalidInputError([Diagnostic(path, line, f"no column {spec} for {what}",
                                                f"the file has {width} columns")])
        return spec - 1
    lowered = [n.strip().lower() for n in names or []]
    if spec.lower() not in lowered:
        hint = (f"the header names {', '.join(names[:12])}{'…' if len(names) > 12 else ''}"
                if names else "the file has no header: give column positions")
        raise InvalidInputError([Diagnostic(path, line, f"missing column '{spec}' for {what}", hint)])
    return lowered.index(spec.lower())


def read_mapped_triples(path: str | Path, mapping: TableMapping, sources: SourceMaker):
    """Triples from a foreign table through ``mapping``; returns (rows, problems) like the
    other readers, rows read lazily. Sources are made through ``sources``."""
    path = str(path)
    lines = first_lines(path, 1)
    delimiter = mapping.delimiter or sniff_delimiter(lines, Path(path).suffix.lower())
    rows = DelimitedRows(path, delimiter)
    iterator = iter(rows)
    names, width, header_line = mapping.columns, None, 0
    if mapping.header:
        first = next(iterator, None)
        if first is None:
            return [], [Diagnostic(path, 1, "empty table: no header", f"{mapping.label} needs a header")]
        header_line, names = first[0], [c.strip() for c in first[1]]
        width = len(names)
    elif names:
        width = len(names)
    where = {}
    known = {n.lower() for n in names or []}
    for name, specs in mapping.fields.items():
        if mapping.preset and name not in ("subject", "predicate", "object"):
            # a preset's optional column a variant lacks (GDELT before 2013 has no SOURCEURL)
            specs = [s for s in specs if isinstance(s, int) or s.lower() in known]
        where[name] = [column_index(s, names, width, name, path, header_line or 1) for s in specs]
    attributes = [(name, column_index(column, names, width, f"attribute {name}", path, header_line or 1),
                   _TYPES.get(kind))
                  for name, (column, kind) in mapping.attributes.items()
                  if isinstance(_spec(column), int) or (names and column.lower() in
                                                          [n.lower() for n in names])]
    rule = mapping.source
    source_columns = {}
    if rule is not None:
        for key in ("url", "story", "publisher"):
            column = getattr(rule, key)
            if column and names and column.lower() in [n.lower() for n in names]:
                source_columns[key] = column_index(column, names, width, "source", path, header_line or 1)
    return _mapped_rows(iterator, mapping, where, attributes, source_columns, sources, path, width), []


def _mapped_rows(iterator, mapping: TableMapping, where, attributes, source_columns,
                 sources: SourceMaker, path: str, width: int | None):
    lookup = ({_lookup_key(k): v for k, v in mapping.predicates.items()}
              if mapping.predicates else None)
    predicate_cache: dict[tuple, tuple] = {}
    rule = mapping.source
    subject_name = " or ".join(str(s) for s in mapping.fields["subject"])
    object_name = " or ".join(str(s) for s in mapping.fields["object"])
    # the last column the mapping reads: without a header nothing checked it against the rows
    highest = max([i for found in where.values() for i in found] + [i for _, i, _ in attributes]
                  + list(source_columns.values()), default=-1)
    for line, fields in iterator:
        problems: list[Diagnostic] = []
        if width is None:
            width = len(fields)
        if len(fields) != width:
            problems.append(Diagnostic(path, line, f"row has {len(fields)} fields, "
                                       f"{'the header has' if mapping.header else mapping.label + ' has'} {width}",
                                       "a delimiter inside a field? check the quoting"))
            fields = fields + [""] * (width - len(fields))
        if len(fields) <= highest:
            if len(fields) == width:
                problems.append(Diagnostic(path, line, f"row has {len(fields)} field(s); the mapping "
                                           f"reads column {highest + 1}",
                                           "check --delimiter and the column positions in --map"))
            fields = fields + [""] * (highest + 1 - len(fields))

        def value(name, fields=fields):
            for i in where.get(name, ()):
                text = fields[i].strip()
                if text:
                    return text
            return None

        subject, obj = value("subject"), value("object")
        attrs: dict = {}
        raw_predicate = tuple(fields[i].strip() for i in where["predicate"])
        translated = predicate_cache.get(raw_predicate)
        if translated is None:
            translated = predicate_cache[raw_predicate] = _predicate(raw_predicate, lookup)
        predicate, code, plover = translated
        if code:
            attrs["cameo"] = code
            if plover:
                attrs["plover"] = plover
        for name, i, kind in attributes:
            text = fields[i].strip()
            if text:
                try:
                    attrs[name] = kind(text) if kind else text
                except ValueError:
                    attrs[name] = text
        date = iso_date(value("date"))
        source = value("source")
        if rule is not None:
            source = _rule_source(rule, fields, source_columns, sources, path)
        elif source:
            source = sources.for_value(source)
        elif not where.get("source"):
            source = sources.for_file(path)  # a table that names no source: the file is one
        confidence = 1.0
        if (text := value("confidence")) is not None:
            confidence, bad = parse_confidence(text, path, line)
            problems += bad
        if not problems and (not subject or not obj):
            missing = " and ".join(n for n, v in ((subject_name, subject), (object_name, obj)) if not v)
            problems.append(Diagnostic(path, line, f"one-sided event: no {missing}",
                                       "not a relation between two actors: counted as rejected, not loaded",
                                       "warning"))
        assertion = Assertion(subject or "", predicate or "", obj or "",
                              date and intern(date), source and intern(source), value("quote"),
                              confidence, value("note"), path, line,
                              modality=value("modality"), place=value("place"),
                              attributes=attrs or None)
        if problems:
            assertion.raw = {"subject": subject, "predicate": " / ".join(p for p in raw_predicate if p),
                             "object": obj, "date": date, "source": source, "quote": value("quote"),
                             "confidence": value("confidence"), "note": value("note")}
        yield assertion, problems


def _predicate(values: tuple[str, ...], lookup: dict | None) -> tuple[str | None, str | None, str | None]:
    """(predicate, CAMEO code, PLOVER type) for the predicate column(s) of a row."""
    present = [v for v in values if v]
    if lookup is not None:  # an event-type table (ACLED): "type / sub-type", then "type"
        for n in range(len(present), 0, -1):
            found = lookup.get(_lookup_key(" / ".join(present[:n])))
            if found:
                return found, None, None
        return " / ".join(present) or None, None, None
    for text in present:  # the first non-empty column: a CAMEO code, an event name, a predicate
        event = event_for(text)
        if event is not None:
            return event.predicate, (text if text.isdigit() else event.code), event.plover
        return text, None, None
    return None, None, None


def _rule_source(rule: SourceRule, fields, columns, sources: SourceMaker, path) -> str | None:
    def at(key):
        i = columns.get(key)
        return fields[i].strip() if i is not None and i < len(fields) else ""

    if rule.file:
        return sources.for_file(path)
    if url := at("url"):
        found = sources.by_url.get(url)
        if found is not None:
            return found
        return sources.for_url(url) if re.match(r"^https?://", url, re.I) else sources.for_value(url)
    story, publisher = at("story"), at("publisher")
    if story or publisher:
        return sources.for_publisher(publisher, story or None, rule.prefix)
    if rule.otherwise:
        return sources.fixed(rule.otherwise)
    return None


def is_native_table(path: str | Path) -> bool:
    """Whether a file's first line is sahelgraph's own header (subject, predicate, object)."""
    lines = first_lines(path, 3)
    if not lines:
        return True
    delimiter = sniff_delimiter(lines, Path(path).suffix.lower())
    first = [c.strip().lower() for c in lines[0].split(delimiter)]
    return all(name in first for name in ("subject", "predicate", "object"))


__all__ = ["TableMapping", "SourceMaker", "parse_map", "load_preset", "detect_preset",
           "choose_variant", "read_mapped_triples", "iso_date", "PRESETS"]
