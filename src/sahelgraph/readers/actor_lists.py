"""Actor lists from any table through a column mapping: a sanctions list's names and their
"a.k.a." aliases, a roster of officials, a list of armed groups.

``--map name=Name,aliases=AKA,kind=Type`` reads a table as a list of actors rather than of
triples. Each row's name and aliases are looked up among the actors already known (the store
and the dataset): a row naming one of them adds its spellings to that actor (aliases are
unioned, never replaced; other differences are reported); a row naming none becomes a new
actor. Rows sharing an ``id`` column value are one actor (lists with one row per alias).

Examples
--------
>>> split_aliases("a.k.a. 'PMC WAGNER'; a.k.a. 'VAGNER' | Wagner Group")
['PMC WAGNER', 'VAGNER', 'Wagner Group']
"""

from __future__ import annotations

import re
from pathlib import Path

from sahelgraph.errors import Diagnostic
from sahelgraph.model import Actor
from sahelgraph.readers.dataset import merge_actor
from sahelgraph.readers.mapping import (DelimitedRows, TableMapping, column_index, first_lines,
                                        sniff_delimiter)
from sahelgraph.resolve import ActorIndex, normalize, slugify

ACTOR_FIELDS = ("id", "name", "kind", "aliases", "country", "description")
_AKA = re.compile(r"\b(?:a\.?k\.?a\.?|f\.?k\.?a\.?|also known as)[:\s]*", re.I)
# words lists use for kinds, beyond the ontology's own kind names
KIND_WORDS = {"individual": "person", "person": "person", "people": "person",
              "entity": "unknown", "organisation": "unknown", "organization": "unknown",
              "vessel": "unknown", "aircraft": "unknown"}


def split_aliases(text: str | None) -> list[str]:
    """Aliases written several to a cell: separated by ``;`` or ``|``, each perhaps with
    "a.k.a." and quotes around it."""
    aliases = []
    for part in re.split(r"[;|]", text or ""):
        part = _AKA.sub("", part).strip().strip("'\"‘’“”").strip()
        if part:
            aliases.append(part)
    return aliases


def _kind(value: str | None, kinds) -> str:
    if not value:
        return "unknown"
    key = value.strip().lower().replace(" ", "_")
    return key if key in kinds else KIND_WORDS.get(key, "unknown")


def read_actor_list(path: str | Path, mapping: TableMapping, kinds, actors: dict[str, Actor],
                    known: dict[str, Actor]) -> tuple[dict[str, Actor], list[Diagnostic]]:
    """The actors a mapped table lists, merged into ``actors`` (the dataset's, updated in
    place) over ``known`` (the store's); returns (the actors added or changed, problems)."""
    path = str(path)
    lines = first_lines(path, 1)
    delimiter = mapping.delimiter or sniff_delimiter(lines, Path(path).suffix.lower())
    rows = iter(DelimitedRows(path, delimiter))
    names, header_line = None, 1
    if mapping.header:
        first = next(rows, None)
        if first is None:
            return {}, [Diagnostic(path, 1, "empty table: no header", "--map needs a header")]
        header_line, names = first[0], [c.strip() for c in first[1]]
    where = {field: [column_index(s, names, len(names) if names else None, field, path, header_line)
                     for s in specs] for field, specs in mapping.fields.items()}
    index = ActorIndex([a for i, a in known.items() if i not in actors] + list(actors.values()))
    changed: dict[str, Actor] = {}
    by_group: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for line, fields in rows:
        def values(field):
            return [fields[i].strip() for i in where.get(field, ()) if i < len(fields) and fields[i].strip()]

        name = next(iter(values("name")), None)
        aliases = [a for text in values("aliases") for a in split_aliases(text)]
        group = next(iter(values("id")), None)
        if not name:
            if group in by_group and aliases:
                name = aliases[0]
            else:
                problems.append(Diagnostic(path, line, "missing name", "every listed actor needs a name"))
                continue
        spellings = [name, *aliases]
        owners = {owner for s in spellings for owner in index.candidates(s)}
        if group in by_group:
            owners.add(by_group[group])
        if len(owners) > 1:
            problems.append(Diagnostic(path, line, f"'{name}' and its aliases name several actors: "
                                       f"{', '.join(sorted(owners))}",
                                       "merge them first (sahelgraph merge-actors) or fix the row",
                                       "warning"))
            continue
        listed = Actor("", name, _kind(next(iter(values("kind")), None), kinds), aliases,
                       next(iter(values("country")), None), next(iter(values("description")), None))
        if owners:
            actor_id = owners.pop()
            old = actors.get(actor_id) or known[actor_id]
            # the stored name stays; the list's spelling of it becomes an alias
            listed.id, listed.aliases, listed.name = actor_id, [name, *aliases], None
            merged, changes = merge_actor(old, listed)
            problems += [Diagnostic(path, line, change, "the list's value is loaded", "warning")
                         for change in changes]
        else:
            close = index.suggest_actors(name, 1)
            if close:  # never merged on a guess: said, with the way to merge
                other = close[0][0]
                problems.append(Diagnostic(
                    path, line, f"'{name}' is listed as a new actor, but it may be "
                    f"'{index.actors[other].name}' ({other})",
                    f"if so, merge them after the load: sahelgraph merge-actors {other} "
                    f"{slugify(name)}", "warning"))
            actor_id = slugify(name)
            while actor_id in index.actors:
                actor_id += "-new"
            merged = Actor(actor_id, name, listed.kind, [a for a in dict.fromkeys(aliases)
                                                        if normalize(a) != normalize(name)],
                           listed.country, listed.description)
        actors[actor_id] = changed[actor_id] = merged
        index.add(merged)
        if group:
            by_group[group] = actor_id
    return changed, problems
