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
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path

import yaml

from sahelgraph.errors import Diagnostic, InvalidInputError, quoted

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


# relationship tables are named after predicates (``expels`` -> ``EXPELS``); LadybugDB names
# are case-insensitive, so these would collide with the node tables Actor, Source, Predicate
RESERVED_NAMES = frozenset({"actor", "source", "predicate", "evidence"})  # the stores' node tables
LONGEST_NAME = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\(u|U000)[dD][89a-fA-F]")
_TYPES = {f.name: f.type for f in fields(Predicate) if f.name != "name"}


def _describe(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "empty"
    return quoted(value, 40) if isinstance(value, str) else quoted(value, 40).strip("'")


# an ontology is three levels deep; deeper is refused before parsing, whatever the
# interpreter's recursion limit (which other code may have raised) would let PyYAML reach
DEEPEST_NESTING = 32
DEEPEST_INDENT = 200


def _too_deep(text: str) -> bool:
    """Whether YAML text nests flow collections deeper than DEEPEST_NESTING (brackets in
    quotes do not count) or indents a line more than DEEPEST_INDENT columns."""
    if any(len(line) - len(line.lstrip(" \t-?:")) > DEEPEST_INDENT for line in text.split("\n")):
        return True
    if text.count("[") + text.count("{") <= DEEPEST_NESTING:
        return False
    depth, quote = 0, None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > DEEPEST_NESTING:
                return True
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return False


class _Document:
    """One YAML text: its data and where each key of the first levels is written."""

    def __init__(self, text: str, origin: str):
        self.origin = origin
        self.data = None
        self.lines: dict[tuple, int] = {}
        self.scalars: dict[tuple, str] = {}  # the text of each scalar value, as written
        self.problems: list[Diagnostic] = []
        loader = None
        if _too_deep(text):
            self.problems.append(Diagnostic(origin, None, "YAML nested too deeply",
                                            "an ontology is at most three levels deep: section, name, field"))
            return
        try:
            loader = yaml.SafeLoader(text)  # refuses unprintable characters at once
            node = loader.get_single_node()
            self.data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            if isinstance(exc, yaml.reader.ReaderError):
                line = text.count("\n", 0, exc.position) + 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problems.append(Diagnostic(origin, line, f"not valid YAML: {problem}"))
            return
        except RecursionError:
            self.problems.append(Diagnostic(origin, None, "YAML nested too deeply",
                                            "an ontology is at most three levels deep: section, name, field"))
            return
        except (ValueError, OverflowError) as exc:  # a date that does not exist, a 5,000-digit number
            self.problems.append(Diagnostic(origin, None, f"a value YAML cannot read: {str(exc).split(';')[0]}",
                                            "quote it to make it text"))
            return
        finally:
            if loader is not None:
                loader.dispose()
        self._walk(node, ())
        if self.data is not None and _SURROGATE_ESCAPE.search(text):
            self._refuse_surrogates(self.data, ())

    def _refuse_surrogates(self, value, path) -> None:
        # a YAML escape "\ud800" makes a string no UTF-8 file or database can hold
        if isinstance(value, str):
            if found := _SURROGATE.search(value):
                self.problem(path, f"lone surrogate \\u{ord(found.group()):04x}",
                             "a \\ud800-\\udfff escape must be one half of a pair; write the character itself")
        elif len(path) < 4 and isinstance(value, (dict, list)):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                self._refuse_surrogates(key, path)
                self._refuse_surrogates(item, path + (key,))

    def _walk(self, node, path) -> None:
        if len(path) >= 3 or not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                where = path + (key.value,)
                self.lines.setdefault(where, key.start_mark.line + 1)
                if isinstance(value, yaml.ScalarNode):
                    self.scalars.setdefault(where, value.value)
                self._walk(value, where)

    def problem(self, path: tuple, message: str, hint: str | None = None) -> None:
        line = None
        while path and line is None:
            line, path = self.lines.get(tuple(map(str, path))), path[:-1]
        self.problems.append(Diagnostic(self.origin, line, message, hint))


def _checked_field(doc: _Document, name: str, key: str, value):
    """``value`` as the predicate field ``key`` holds it, or a problem added to ``doc``."""
    kind = _TYPES[key]
    where = ("predicates", name, key)
    subject = f"'{key}' of predicate '{name}'"
    if value is None:
        return {"bool": False, "int": 0, "str": ""}.get(kind)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        doc.problem(where, f"{subject} must be true or false, not {_describe(value)}")
    elif key == "polarity":
        if type(value) is int and value in (-1, 0, 1):
            return value
        doc.problem(where, f"{subject} must be -1, 0 or 1, not {_describe(value)}",
                    "-1 hostile, 0 structural, +1 cooperative")
    elif kind.startswith("list"):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        doc.problem(where, f"{subject} must be a list of actor kinds, not {_describe(value)}",
                    "e.g. [state, government]")
    elif isinstance(value, str):
        return value
    elif key == "cameo" and type(value) is int:
        written = doc.scalars.get(where)
        if written is None or written.lstrip("+") == str(value):
            return str(value)
        doc.problem(where, f"{subject} {written} reads as the number {value}",
                    f'quote CAMEO codes: cameo: "{written}"')
    else:
        doc.problem(where, f"{subject} must be text, not {_describe(value)}",
                    "quote it if YAML reads it as something else (yes, no, dates)")
    return _INVALID


_INVALID = object()


def _merge_kinds(onto: Ontology, doc: _Document, section) -> None:
    if not isinstance(section, dict):
        doc.problem(("actor_kinds",), f"actor_kinds must map each kind to its description, not {_describe(section)}",
                    "e.g. 'armed_group: a non-state armed group'")
        return
    for kind, description in section.items():
        if not isinstance(kind, str) or not NAME.match(kind) or len(kind) > LONGEST_NAME:
            doc.problem(("actor_kinds", kind), f"bad kind name {quoted(kind)}", "use lower_snake_case")
        elif description is not None and not isinstance(description, str):
            doc.problem(("actor_kinds", kind), f"the description of kind '{kind}' must be text, "
                        f"not {_describe(description)}", "quote it")
        else:
            onto.kinds[kind] = description or ""


def _merge_predicates(onto: Ontology, doc: _Document, section) -> None:
    if not isinstance(section, dict):
        doc.problem(("predicates",), f"predicates must map each predicate name to its fields, "
                    f"not {_describe(section)}", "e.g. 'expels: {polarity: -1, description: ...}'")
        return
    for name, spec in section.items():
        if not isinstance(name, str) or not NAME.match(name) or len(name) > LONGEST_NAME:
            doc.problem(("predicates", name), f"bad predicate name {quoted(name)}",
                        "use lower_snake_case such as 'expels'")
            continue
        if name in RESERVED_NAMES:
            doc.problem(("predicates", name), f"predicate name '{name}' is taken: the databases "
                        "have a table of that name", f"choose another, e.g. '{name}_of'")
            continue
        if spec is None:
            spec = {}
        if not isinstance(spec, dict):
            doc.problem(("predicates", name), f"predicate '{name}' must be a mapping of its fields, "
                        f"not {_describe(spec)}", f"fields: {', '.join(_TYPES)}")
            continue
        unknown = [str(key) for key in spec if key not in _TYPES]
        if unknown:
            doc.problem(("predicates", name), f"predicate '{name}' has unknown field(s) "
                        f"{', '.join(sorted(quoted(k, 30) for k in unknown))}", f"known: {', '.join(sorted(_TYPES))}")
            continue
        checked = {key: _checked_field(doc, name, key, value) for key, value in spec.items()}
        if _INVALID in checked.values():
            continue
        base = asdict(onto.predicates[name]) if name in onto.predicates else {"name": name}
        base.update(checked)
        onto.predicates[name] = Predicate(**base)


def _merge(onto: Ontology, text: str, origin: str) -> list[Diagnostic]:
    """Add the kinds and predicates of one YAML text to ``onto``; return what is wrong with it."""
    doc = _Document(text, origin)
    if doc.problems:
        return doc.problems
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        return [Diagnostic(origin, 1, f"expected a mapping with 'predicates' and 'actor_kinds', not {_describe(data)}")]
    for key in data:
        if key not in ("predicates", "actor_kinds"):
            doc.problem((key,), f"unknown section {quoted(key)}", "expected 'predicates' or 'actor_kinds'")
    if data.get("actor_kinds") is not None:
        _merge_kinds(onto, doc, data["actor_kinds"])
    if data.get("predicates") is not None:
        _merge_predicates(onto, doc, data["predicates"])
    for predicate in onto.predicates.values():
        for side in ("subject_kinds", "object_kinds"):
            for kind in getattr(predicate, side) or []:
                if kind not in onto.kinds:
                    doc.problem(("predicates", predicate.name, side),
                                f"predicate '{predicate.name}' names unknown kind {quoted(kind)}",
                                "declare it under actor_kinds")
    return doc.problems


def _decoded(raw: bytes, origin: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Diagnostic(origin, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                                 f"re-save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 {origin} > fixed.yaml")]


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
        try:
            text, problems_here = _decoded(path.read_bytes(), str(path))
        except OSError as exc:
            text, problems_here = None, [Diagnostic(str(path), None, f"cannot read: {exc.strerror}")]
        problems += problems_here if text is None else _merge(onto, text, str(path))
    if problems:
        raise InvalidInputError(problems)
    return onto
