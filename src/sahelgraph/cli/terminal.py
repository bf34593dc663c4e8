"""Text from the data on its way to a terminal.

A quote or a name may hold control characters: escape sequences that recolour the
terminal, clear it, set its window title, move the cursor to overwrite what was printed,
or (with bidirectional overrides) show text in another order than it is stored. Messages
and tables show them as visible escapes (``\\x1b``); JSON and CSV output keep the data
as it is.
"""

from __future__ import annotations

import os
import re

# C0 controls but tab, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character written as a visible escape; newlines kept
    only with ``newlines`` (a diagnostic stays one line).

    >>> printable("Mali\\x1b[2J\\x1b]0;title\\x07")
    'Mali\\\\x1b[2J\\\\x1b]0;title\\\\x07'
    >>> printable("two\\nlines\\tand a tab")
    'two\\\\x0alines\\tand a tab'
    >>> printable("two\\nlines", newlines=True)
    'two\\nlines'
    """
    return (_CONTROL_BUT_NEWLINE if newlines else _CONTROL).sub(_escape, text)


def undecodable(args: list[str]) -> str | None:
    """The first command-line argument holding bytes that are not UTF-8 (Python keeps them
    as lone surrogates, which no database or file can take), shown with the bytes escaped;
    None if there is none. File names are exempt: a file may be named so.

    >>> undecodable(["show", "Mal\\udcffi"])
    'Mal\\\\xffi'
    >>> undecodable(["show", "Mali"]) is None
    True
    """
    for arg in args:
        if any(0xDC80 <= ord(c) <= 0xDCFF for c in arg) and not os.path.lexists(arg) \
                and not os.path.isdir(os.path.dirname(arg) or "\0"):
            return os.fsencode(arg).decode("utf-8", "backslashreplace")
    return None
