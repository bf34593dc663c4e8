"""The CAMEO event codebook as data: every CAMEO 1.1b3 code (roots 01-20, 3- and 4-digit
codes) with its name, the predicate it becomes and its PLOVER event type (``cameo.tsv``).

A code without a row of its own falls back to its parent (``1954`` -> ``195``) and then to its
root, so no valid code is ever left without a predicate. ICEWS writes events by name rather
than by code ("Make statement", "Criticize or denounce"): names match ignoring case,
punctuation and a trailing "not specified below".

Examples
--------
>>> event_for("190").predicate, event_for("190").plover
('attacks', 'ASSAULT')
>>> event_for("1056").predicate, event_for("100").predicate, event_for("120").predicate
('demands', 'demands', 'rejects')
>>> event_for("0189").code   # no row of its own: its parent's
'018'
>>> event_for("Make statement").code, event_for("criticize_or_denounce").predicate
('010', 'criticizes')
>>> event_for("43").code   # a spreadsheet ate the leading zero
'043'
>>> event_for("99") is None, event_for("expels") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sahelgraph.resolve import normalize

_NOT_SPECIFIED = re.compile(r"\s*,?\s*not spec(?:ified|)?\s*below\s*$")


@dataclass(frozen=True)
class CameoEvent:
    code: str
    name: str
    predicate: str
    plover: str | None
    plover_mode: str | None
    other_names: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoEvent]:
    """Every row of the package's ``cameo.tsv``, by code."""
    text = resources.files("sahelgraph").joinpath("cameo.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    table = {}
    for fields in rows:
        row = dict(zip(header, fields))
        table[row["code"]] = CameoEvent(row["code"], row["name"], row["predicate"],
                                        row["plover"] or None, row["plover_mode"] or None,
                                        tuple(n for n in row.get("other_names", "").split("|") if n))
    return table


def name_key(text: str) -> str:
    """How event names are matched: ``Make statement, not specified below`` = ``make_statement``."""
    return _NOT_SPECIFIED.sub("", normalize(text.replace("_", " ")))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, CameoEvent]:
    names: dict[str, CameoEvent] = {}
    for event in cameo_table().values():
        # the 1.1b3 codes come first in the table and win over the older numbering's
        names.setdefault(name_key(event.name), event)
    for event in cameo_table().values():  # then the PLOVER table's wording of the same codes
        for other in event.other_names:
            names.setdefault(name_key(other), event)
    return names


def _valid_root(code: str) -> bool:
    return len(code) >= 2 and code[:2].isdigit() and 1 <= int(code[:2]) <= 20


@lru_cache(maxsize=4096)
def event_for(value: str) -> CameoEvent | None:
    """The CAMEO event a code or an event name stands for; None if it is neither."""
    text = value.strip()
    if text.isdigit() and 2 <= len(text) <= 4:
        table = cameo_table()
        if not _valid_root(text):
            # a leading zero lost to a spreadsheet: only where the padded code is in the book
            padded = "0" + text
            if len(text) == 4 or (padded not in table and padded[:3] not in table):
                return None
            text = padded
        for candidate in (text, text[:3], text[:2]):
            if candidate in table:
                return table[candidate]
        return None
    if not text or text.isdigit():
        return None
    return _by_name().get(name_key(text))
