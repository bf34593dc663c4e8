"""The predicate vocabulary and actor kinds, loaded from YAML (package default, extended by a
dataset's own ``ontology.yaml``).

Examples
--------
>>> onto = load_ontology()
>>> onto.predicates["expels"].polarity, onto.predicates["expels"].rel_type
(-1, 'EXPELS')
>>> onto.suggest_predicate("expells")
['expels']
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from sahelgraph.errors import Diagnostic, InvalidInputError

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PREDICATE_FIELDS = {
    "description", "symmetric", "inverse", "polarity", "cameo", "plover",
    "subject_kinds", "object_kinds", "acts_for",
}


@dataclass
class Predicate:
    name: str
    description: str = ""
    symmetric: bool = False
    inverse: str | None = None
    polarity: int = 0
    cameo: str | None = None
    plover: str | None = None
    subject_kinds: list[str] | None = None
    object_kinds: list[str] | None = None
    acts_for: bool = False  # the subject acts for the object (see ontology.yaml)

    @property
    def rel_type(self) -> str:
        """The relationship type in the databases: ``expels`` -> ``EXPELS``."""
        return self.name.upper()

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("name")
        return data


@dataclass
class Ontology:
    predicates: dict[str, Predicate] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def suggest_predicate(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, list(self.predicates), n=3, cutoff=0.6)

    def suggest_kind(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, list(self.kinds), n=3, cutoff=0.6)


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _merge(onto: Ontology, text: str, origin: str) -> list[Diagnostic]:
    """Add the kinds and predicates of one YAML text to ``onto``; return what is wrong with it."""
    problems: list[Diagnostic] = []
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [Diagnostic(origin, mark.line + 1 if mark else None, f"not valid YAML: {exc.problem if hasattr(exc, 'problem') else exc}")]
    if not isinstance(data, dict):
        return [Diagnostic(origin, 1, "expected a mapping with 'predicates' and 'actor_kinds'")]
    for key in set(data) - {"predicates", "actor_kinds"}:
        problems.append(Diagnostic(origin, _line_of(text, key), f"unknown section '{key}'",
                                   "expected 'predicates' or 'actor_kinds'"))
    for kind, description in (data.get("actor_kinds") or {}).items():
        if not NAME.match(str(kind)):
            problems.append(Diagnostic(origin, _line_of(text, str(kind)), f"bad kind name '{kind}'",
                                       "use lower_snake_case"))
            continue
        onto.kinds[kind] = str(description or "")
    for name, spec in (data.get("predicates") or {}).items():
        line = _line_of(text, str(name))
        if not NAME.match(str(name)):
            problems.append(Diagnostic(origin, line, f"bad predicate name '{name}'",
                                       "use lower_snake_case such as 'expels'"))
            continue
        spec = spec or {}
        unknown = set(spec) - PREDICATE_FIELDS
        if unknown:
            problems.append(Diagnostic(origin, line, f"predicate '{name}' has unknown field(s) "
                                       f"{', '.join(sorted(unknown))}",
                                       f"known: {', '.join(sorted(PREDICATE_FIELDS))}"))
            continue
        base = asdict(onto.predicates[name]) if name in onto.predicates else {"name": name}
        base.update(spec)
        if base.get("polarity", 0) not in (-1, 0, 1):
            problems.append(Diagnostic(origin, line, f"predicate '{name}' has polarity "
                                       f"{base['polarity']!r}", "use -1, 0 or 1"))
            continue
        for side in ("subject_kinds", "object_kinds"):
            if base.get(side) is not None:
                base[side] = [str(k) for k in base[side]]
        for side in ("cameo", "plover", "inverse"):
            if base.get(side) is not None:
                base[side] = str(base[side])
        onto.predicates[name] = Predicate(**base)
    for predicate in onto.predicates.values():
        for side in ("subject_kinds", "object_kinds"):
            for kind in getattr(predicate, side) or []:
                if kind not in onto.kinds:
                    problems.append(Diagnostic(origin, _line_of(text, predicate.name),
                                               f"predicate '{predicate.name}' names unknown kind '{kind}'",
                                               "declare it under actor_kinds"))
    return problems


def default_ontology_text() -> str:
    return resources.files("sahelgraph").joinpath("ontology.yaml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def package_ontology() -> Ontology:
    """The package's own ontology (read once)."""
    return load_ontology()


def load_ontology(*extra: str | Path) -> Ontology:
    """The package ontology, extended by each YAML file in ``extra`` in turn.

    Raises InvalidInputError naming the file and line of every problem.
    """
    onto = Ontology()
    problems = _merge(onto, default_ontology_text(), "sahelgraph/ontology.yaml")
    # the predicates event data maps to (CAMEO codes, ACLED types): a file of their own
    events = resources.files("sahelgraph").joinpath("event_predicates.yaml").read_text(encoding="utf-8")
    problems += _merge(onto, events, "sahelgraph/event_predicates.yaml")
    for path in extra:
        path = Path(path)
        problems += _merge(onto, path.read_text(encoding="utf-8-sig"), str(path))
    if problems:
        raise InvalidInputError(problems)
    return onto
