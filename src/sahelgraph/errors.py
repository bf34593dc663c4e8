"""The one exceptions module: every error sahelgraph raises on purpose derives from SahelGraphError."""

from __future__ import annotations

from dataclasses import dataclass

# a diagnostic quotes the input; a 1 MB field must not make a 1 MB line
LONGEST_MESSAGE = 600


def quoted(value, limit: int = 60) -> str:
    """``value`` in single quotes for a message, cut in the middle when longer than ``limit``.

    >>> quoted("Mali")
    "'Mali'"
    >>> quoted("x" * 100, limit=10)
    "'xxxxx…xxxxx' (100 characters)"
    """
    text = str(value)
    if len(text) <= limit:
        return f"'{text}'"
    half = limit // 2
    return f"'{text[:half]}…{text[-half:]}' ({len(text)} characters)"


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} … {text[-half:]}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in the input, printed as ``file:line: error: message (hint)``.

    >>> print(Diagnostic("graph/sahel.tsv", 41, "unknown predicate 'expells'", "did you mean 'expels'?"))
    graph/sahel.tsv:41: error: unknown predicate 'expells' (did you mean 'expels'?)
    """

    file: str | None
    line: int | None
    message: str
    hint: str | None = None
    severity: str = "error"
    column: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.severity}: {_shortened(self.message, LONGEST_MESSAGE)}"
        if self.hint:
            text += f" ({_shortened(self.hint, LONGEST_MESSAGE)})"
        return text


class SahelGraphError(Exception):
    """Base of every error sahelgraph raises for the user to act on."""


class InvalidInputError(SahelGraphError):
    """The input has problems; ``diagnostics`` lists every one of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        super().__init__("\n".join(str(d) for d in errors) or "invalid input")


class NotFoundError(SahelGraphError, LookupError):
    """A named thing (actor, predicate, file, store) does not exist."""


class StoreError(SahelGraphError):
    """The database could not do what was asked (unreachable, locked, bad query)."""
