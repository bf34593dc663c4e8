"""The one exceptions module: every error sahelgraph raises on purpose derives from SahelGraphError."""

from __future__ import annotations

from dataclasses import dataclass


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
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
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
