"""Reading input files as text: UTF-8 with or without BOM, CRLF or LF; anything else is a
clear error naming the file and the fix."""

from __future__ import annotations

from pathlib import Path

from sahelgraph.errors import Diagnostic, InvalidInputError


def read_text(path: str | Path) -> str:
    """The file's text with a BOM removed, line ends made ``\\n`` and a final end-of-file byte
    (0x1A) dropped.

    Raises InvalidInputError when the file is not UTF-8, naming the first bad byte's line.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError([Diagnostic(str(path), None, "no such file")]) from None
    except IsADirectoryError:
        raise InvalidInputError([Diagnostic(str(path), None, "is a directory, not a file")]) from None
    except OSError as exc:
        raise InvalidInputError([Diagnostic(str(path), None, f"cannot read: {exc.strerror}")]) from None
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        raise InvalidInputError([Diagnostic(
            str(path), 1, "file is UTF-16, not UTF-8",
            f"re-save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 {path} > fixed.tsv")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidInputError([Diagnostic(
            str(path), line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            f"re-save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 {path} > fixed{path.suffix}")]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\x1a") or text.endswith("\x1a\n"):
        text = text.rstrip("\n").removesuffix("\x1a")  # an end-of-file byte (old DOS tools) is no line
    return text
