"""Partial ISO 8601 dates and intervals as annotators write them: ``2022``, ``2022-08``,
``2022-08-15``, or ``start/end`` of those.

A partial date stands for a span of days: ``2022-08`` runs from 2022-08-01 to 2022-08-31.
Comparisons use that span, so ``--since 2022-08`` keeps ``2022-08-15`` and ``2022``.

Examples
--------
>>> span("2022-08")
(datetime.date(2022, 8, 1), datetime.date(2022, 8, 31))
>>> span("2021/2023-06")
(datetime.date(2021, 1, 1), datetime.date(2023, 6, 30))
>>> check("2023-02-30")
'impossible date: February 2023 has 28 days'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

FORMAT_HINT = "expected YYYY, YYYY-MM, YYYY-MM-DD or START/END"


def _parse_part(text: str) -> tuple[dt.date, dt.date]:
    match = _PART.match(text)
    if not match:
        raise ValueError(f"bad date '{text}'")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"impossible date: there is no month {month:02d}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(
            f"impossible date: {calendar.month_name[month]} {year} has {last} days"
        )
    return dt.date(year, month, day), dt.date(year, month, day)


@lru_cache(maxsize=65536)
def span(text: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a date or interval; ValueError if it is not one."""
    text = text.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        start = _parse_part(first)[0]
        end = _parse_part(last)[1]
        if end < start:
            raise ValueError(f"interval ends before it starts: '{text}'")
        return start, end
    return _parse_part(text)


def check(text: str) -> str | None:
    """None when ``text`` is a valid date or interval, else what is wrong with it."""
    try:
        span(text)
    except ValueError as exc:
        return str(exc)
    return None


def start_key(text: str) -> dt.date:
    return span(text)[0]


def end_key(text: str) -> dt.date:
    return span(text)[1]


def overlaps(text: str | None, since: str | None = None, until: str | None = None) -> bool:
    """Whether a (possibly partial) date falls in the window [since, until]; undated is kept
    only when there is no window.

    >>> overlaps("2022-08", since="2022-08-15")
    True
    >>> overlaps("2021", since="2022")
    False
    """
    if since is None and until is None:
        return True
    if not text:
        return False
    start, end = span(text)
    if since is not None and end < span(since)[0]:
        return False
    if until is not None and start > span(until)[1]:
        return False
    return True


def first_and_last(values) -> tuple[str | None, str | None]:
    """The earliest-starting and the latest-ending of some dates as written (empty ones
    skipped; on a tie the first given), or (None, None).

    >>> first_and_last(["2022-08", None, "2021/2023", "2022"])
    ('2021/2023', '2021/2023')
    """
    first = last = first_start = last_end = None
    for value in values:
        if value:
            start, end = span(value)
            if first is None or start < first_start:
                first, first_start = value, start
            if last is None or end > last_end:
                last, last_end = value, end
    return first, last
