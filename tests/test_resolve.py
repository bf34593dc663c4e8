"""Name keys: normalize() folds a name character by character, and normalize_all() gives
the same keys for a whole Arrow column."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pyarrow as pa

from sahelgraph.resolve import normalize, normalize_all

_DROPPED = re.compile(r"[.'’‘`´]")
_SEPARATORS = re.compile(r"[\W_]+")


def _reference(name: str) -> str:
    """normalize() as first written: the whole name decomposed, marks dropped, case folded."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", _DROPPED.sub("", text)).strip()


def _names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    chars = ([chr(i) for i in range(0x20, 0x2100)] + list("aZ9 .'`_-’‘´")
             + ["\u0301", "\u0307", "İ", "ß", "ﬁ", "Ø", "é", "É", "ǅ", "ﬀ", "Å"] * 30)
    return ["".join(rng.choice(chars) for _ in range(rng.randint(0, 9))) for _ in range(count)]


EVERY_CHARACTER = [chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000]


def test_normalize_folds_as_the_whole_name_decomposed():
    names = _names(30_000, 1) + EVERY_CHARACTER[::7] + ["A" + c + "b" for c in EVERY_CHARACTER[::5]]
    assert [n for n in names if normalize(n) != _reference(n)] == []


def test_normalize_all_gives_the_keys_of_normalize():
    names = _names(30_000, 2) + ["Côte d’Ivoire", "U.N.", "  El-Ghassim  Wane ", "Мали", "ΣΊΣΥΦΟΣ", ""]
    names += ["x" + c + "Y" for c in EVERY_CHARACTER[::3]]
    keys = normalize_all(pa.array(names + [None])).to_pylist()
    assert keys[-1] is None
    assert [(n, k) for n, k in zip(names, keys) if k != normalize(n)] == []
    assert normalize_all(pa.array([], pa.string())).to_pylist() == []
