"""The dataset's reference tables: actors.tsv and sources.tsv (+ sources/<id>.txt)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sahelgraph import dates
from sahelgraph.errors import Diagnostic
from sahelgraph.model import Actor, Source
from sahelgraph.ontology import Ontology
from sahelgraph.readers.tables import read_table
from sahelgraph.readers.text import read_text
from sahelgraph.resolve import SpelledActors, normalize

ACTOR_COLUMNS = ("id", "name", "kind")
ACTOR_OPTIONAL = ("country", "aliases", "description")
SOURCE_COLUMNS = ("id",)
SOURCE_OPTIONAL = ("title", "outlet", "published", "url", "language", "file", "note")
ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def unsafe_file(path: Path, dataset: Path | None = None) -> Diagnostic | None:
    """Why sahelgraph will not read ``path``, a file of the dataset directory ``dataset`` (or
    a file named on the command line), or None.

    A dataset's files must lie inside it: a symbolic link out of the directory (to a
    system file, say) would be read into the store or echoed in messages. A file named on
    the command line is read wherever it is. Either way its name must be UTF-8, as the
    store keeps it with every piece of evidence.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     os.symlink("/etc/hostname", os.path.join(tmp, "t.tsv"))
    ...     print(unsafe_file(Path(tmp) / "t.tsv", Path(tmp)).message)
    a link to a file outside the dataset directory
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return Diagnostic(os.fsencode(path).decode("utf-8", "backslashreplace"), None,
                          "file name is not UTF-8", "rename it")
    if dataset is None:
        return None
    inside = dataset.resolve()
    if not path.resolve().is_relative_to(inside):
        return Diagnostic(str(path), None, "a link to a file outside the dataset directory",
                          "copy the file into the dataset, or name it on the command line")
    return None


def _reference_rows(paths, required, optional, problems: list[Diagnostic]):
    """(values, file, line) of every well-formed row of some tables; problems go to ``problems``."""
    for path in paths:
        rows, header_problems = read_table(path, required=required, optional=optional)
        problems += header_problems
        for row in rows:
            if row.problem:
                problems.append(row.problem)
            else:
                yield row.values, str(path), row.line


def read_actors(paths: list[Path], ontology: Ontology, known: dict[str, Actor]
                ) -> tuple[dict[str, Actor], list[Diagnostic]]:
    """Actors declared in actors.tsv files; aliases separated by ``|``.

    Checks: ids are slugs and unique, kinds exist, and no spelling names two actors.
    """
    declared: dict[str, Actor] = {}
    where: dict[str, tuple[str, int]] = {}
    problems: list[Diagnostic] = []
    for v, file, line in _reference_rows(paths, ACTOR_COLUMNS, ACTOR_OPTIONAL, problems):
        missing = [c for c in ACTOR_COLUMNS if not v.get(c)]
        if missing:
            problems.append(Diagnostic(file, line, f"missing {', '.join(missing)}",
                                       "every actor needs an id, a name and a kind"))
            continue
        if not ID.match(v["id"]):
            problems.append(Diagnostic(file, line, f"bad actor id '{v['id']}'",
                                       "use a lower-case slug such as 'assimi-goita'"))
            continue
        if v["id"] in declared:
            first = where[v["id"]]
            problems.append(Diagnostic(file, line, f"duplicate actor id '{v['id']}'",
                                       f"first declared at {first[0]}:{first[1]}"))
            continue
        if v["kind"] not in ontology.kinds:
            close = ontology.suggest_kind(v["kind"])
            problems.append(Diagnostic(
                file, line, f"unknown actor kind '{v['kind']}'",
                f"did you mean '{close[0]}'?" if close else
                "declare it under actor_kinds in ontology.yaml"))
            continue
        aliases = [a.strip() for a in (v.get("aliases") or "").split("|") if a.strip()]
        actor = Actor(v["id"], v["name"], v["kind"], aliases, v.get("country"), v.get("description"))
        if v["id"] in known:
            actor, changes = merge_actor(known[v["id"]], actor)
            problems += [Diagnostic(file, line, change, "the file's value is loaded", "warning")
                         for change in changes]
        declared[v["id"]] = actor
        where[v["id"]] = (file, line)
    if not declared:
        return declared, problems  # the known actors were checked when they were stored
    owner: dict[str, str] = {}
    if isinstance(known, SpelledActors):
        # only a stored actor with a spelling of the declared ones can be the other of a clash
        keys = {normalize(s) for a in declared.values() for s in (a.id, a.name, *a.aliases)}
        stored = known.named(keys)
    else:
        stored = list(known.values())
    for actor in [a for a in stored if a.id not in declared] + list(declared.values()):
        for spelling in dict.fromkeys((actor.id, actor.name, *actor.aliases)):
            key = normalize(spelling)
            other = owner.setdefault(key, actor.id)
            if other != actor.id and actor.id in declared:
                file, line = where[actor.id]
                problems.append(Diagnostic(
                    file, line, f"'{spelling}' of '{actor.id}' also names '{other}'",
                    "every spelling must resolve to exactly one actor: remove or change one"))
    return declared, problems


def merge_actor(old: Actor, new: Actor) -> tuple[Actor, list[str]]:
    """``new`` (a dataset listing an actor the store holds) laid over ``old``: aliases are
    unioned, never dropped; any other field that changes is said, one message each. A field
    the dataset leaves empty (or kind ``unknown``) keeps the stored value.

    >>> old = Actor("wagner-group", "Wagner Group", "pmc", ["Wagner", "PMC Wagner"], "Russia")
    >>> merged, changes = merge_actor(old, Actor("wagner-group", "Wagner Group", "armed_group", ["Vagner"]))
    >>> merged.aliases, merged.kind, merged.country
    (['Wagner', 'PMC Wagner', 'Vagner'], 'armed_group', 'Russia')
    >>> changes
    ["actor 'wagner-group': kind changes from 'pmc' to 'armed_group'"]
    """
    changes = []
    fields = {}
    for name in ("name", "kind", "country", "description"):
        before, after = getattr(old, name), getattr(new, name)
        if not after or (name == "kind" and after == "unknown"):
            fields[name] = before
            continue
        if before and after != before:
            changes.append(f"actor '{old.id}': {name} changes from '{before}' to '{after}'")
        fields[name] = after
    # the stored aliases stay as they are; a new spelling is added once
    spellings = {normalize(s) for s in (fields["name"], old.id, *old.aliases)}
    aliases = list(old.aliases)
    for alias in [*new.aliases, *([old.name] if old.name != fields["name"] else [])]:
        key = normalize(alias)
        if key and key not in spellings:
            spellings.add(key)
            aliases.append(alias)
    return Actor(old.id, fields["name"], fields["kind"], aliases, fields["country"],
                 fields["description"]), changes


def read_sources(paths: list[Path], texts: list[Path], known: dict[str, Source]
                 ) -> tuple[dict[str, Source], list[Diagnostic]]:
    """Sources declared in sources.tsv files, with their full text when sources/<id>.txt exists."""
    declared: dict[str, Source] = {}
    problems: list[Diagnostic] = []
    for v, file, line in _reference_rows(paths, SOURCE_COLUMNS, SOURCE_OPTIONAL, problems):
        if not v.get("id"):
            problems.append(Diagnostic(file, line, "missing id", "every source needs an id"))
            continue
        if not ID.match(v["id"]):
            problems.append(Diagnostic(file, line, f"bad source id '{v['id']}'",
                                       "use a lower-case slug such as 'reuters-2023-06-16'"))
            continue
        if v["id"] in declared:
            problems.append(Diagnostic(file, line, f"duplicate source id '{v['id']}'"))
            continue
        if v.get("published") and (problem := dates.check(v["published"])):
            problems.append(Diagnostic(file, line, f"bad published date '{v['published']}': {problem}",
                                       dates.FORMAT_HINT))
            continue
        declared[v["id"]] = Source(**{k: v.get(k) for k in ("id",) + SOURCE_OPTIONAL})
    for text_path in texts:
        source = declared.get(text_path.stem) or known.get(text_path.stem)
        if source is None:
            problems.append(Diagnostic(str(text_path), None, f"no source '{text_path.stem}' in sources.tsv",
                                       "add a row for it, or rename the file to <source id>.txt",
                                       severity="warning"))
            continue
        if text_path.stem not in declared:
            source = declared[text_path.stem] = Source(**{**source.__dict__})
        source.text = read_text(text_path)
    return declared, problems
