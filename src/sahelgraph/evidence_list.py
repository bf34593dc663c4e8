"""Evidence lists that are read when first asked for.

A relation's ``evidence`` (see :mod:`sahelgraph.model`) is a list of dicts. A graph read
whole holds about a million of them at 1M assertions: as Python dicts, 1.3 GB and most of
the time it takes to read the graph, although centrality, paths and communities never look
at them. So a store may hand each relation an :class:`EvidenceList`: a list-like sequence
of the same dicts, made from the store's columns the first time it is used (then for the
neighbouring relations too, a group at a time, so reading them all costs what reading them
at once did). It behaves as a list of dicts: ``len``, indexing, slicing, iteration,
``==`` with a list, ``append``, ``+``; a copy, deep copy or pickle of it is a plain list.
It is not a ``list`` instance: ``json.dumps`` needs :func:`plain` as its ``default``.

Examples
--------
>>> stored = StoredEvidence([2, 0, 1], lambda a, b: [{"row": i} for i in range(a, b)])
>>> first, empty, last = stored.lists()
>>> len(first), len(empty), bool(empty)
(2, 0, False)
>>> first
[{'row': 0}, {'row': 1}]
>>> last == [{"row": 2}], last[0]["row"]
(True, 2)
>>> first.append({"row": 9}); len(first)
3
>>> import json; json.dumps(last, default=plain)
'[{"row": 2}]'
"""

from __future__ import annotations

import threading
from collections.abc import Callable, MutableSequence, Sequence
from itertools import accumulate

GROUP = 1024  # relations whose evidence is made at a time, when one of them is asked for


class StoredEvidence:
    """The evidence of several relations, kept in a store's form until asked for.

    Parameters
    ----------
    lengths : sequence of int
        How many pieces of evidence each relation has, in the order the rows hold them.
    records : callable
        ``records(start, stop)``: the evidence dicts of rows ``start`` to ``stop``.
    """

    __slots__ = ("_starts", "_records", "_ready", "_lock")

    def __init__(self, lengths: Sequence[int], records: Callable[[int, int], list[dict]]):
        self._starts = [0, *accumulate(lengths)]  # list i's rows: _starts[i] to _starts[i + 1]
        self._records = records
        self._ready: dict[int, list[dict]] = {}  # rows made for a list that has not taken them yet
        # a graph read by several threads makes each group once
        self._lock = threading.Lock()

    def lists(self) -> list[EvidenceList]:
        """One :class:`EvidenceList` per relation, in order."""
        return [EvidenceList(self, i) for i in range(len(self._starts) - 1)]

    def _length(self, index: int) -> int:
        return self._starts[index + 1] - self._starts[index]

    def _take_unlocked(self, index: int) -> list[dict]:
        """The rows of list ``index`` (made with those of its group, the first time one of
        the group is asked for); call with the lock held."""
        rows = self._ready.pop(index, None)
        if rows is None:
            first = index - index % GROUP
            last = min(first + GROUP, len(self._starts) - 1)
            starts = self._starts
            made = self._records(starts[first], starts[last])
            offset = starts[first]
            self._ready.update((i, made[starts[i] - offset:starts[i + 1] - offset]) for i in range(first, last))
            rows = self._ready.pop(index)
        return rows


class EvidenceList(MutableSequence):
    """A relation's evidence, made from the store's columns when first used (see the module)."""

    __slots__ = ("_stored", "_index", "_items")

    def __init__(self, stored: StoredEvidence, index: int):
        self._stored = stored
        self._index = index
        self._items: list[dict] | None = None

    def _list(self) -> list[dict]:
        stored = self._stored
        if stored is not None:  # (else made already, perhaps by another thread just now)
            with stored._lock:  # (another thread may be making it meanwhile)
                if self._items is None:
                    self._items = stored._take_unlocked(self._index)
                    self._stored = None  # (its columns are freed once every list has its rows)
        return self._items

    def __len__(self) -> int:
        stored = self._stored
        if stored is None or self._items is not None:
            return len(self._items)
        return stored._length(self._index)

    def __getitem__(self, index):
        return self._list()[index]

    def __setitem__(self, index, value) -> None:
        self._list()[index] = value

    def __delitem__(self, index) -> None:
        del self._list()[index]

    def insert(self, index: int, value) -> None:
        self._list().insert(index, value)

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other) -> bool:
        if isinstance(other, EvidenceList):
            other = other._list()
        return self._list() == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # mutable, as a list

    def __add__(self, other) -> list:
        return self._list() + list(other)

    def __radd__(self, other) -> list:
        return list(other) + self._list()

    def __repr__(self) -> str:
        return repr(self._list())

    def copy(self) -> list[dict]:
        return list(self._list())

    def sort(self, **options) -> None:
        self._list().sort(**options)

    def __reduce__(self):
        return list, (self._list(),)  # pickled, copied or deep-copied: a plain list


def plain(value):
    """A ``default`` for :func:`json.dumps`: an :class:`EvidenceList` as the list it is;
    anything else is not JSON (``TypeError``, as without a default).

    >>> import json
    >>> json.dumps({"evidence": StoredEvidence([1], lambda a, b: [{"q": "x"}]).lists()[0]}, default=plain)
    '{"evidence": [{"q": "x"}]}'
    """
    if isinstance(value, EvidenceList):
        return value.copy()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def plain_or_text(value):
    """A ``default`` for :func:`json.dumps`: an :class:`EvidenceList` as a list, anything
    else as its text (``str``).

    >>> import datetime, json
    >>> json.dumps({"when": datetime.date(2023, 6, 16)}, default=plain_or_text)
    '{"when": "2023-06-16"}'
    """
    return value.copy() if isinstance(value, EvidenceList) else str(value)
