"""Actor resolution: every spelling of a name resolves to exactly one actor id.

Matching ignores case, accents and punctuation (``Goïta`` = ``Goita``, ``U.N.`` = ``UN``,
``El-Ghassim`` = ``El Ghassim``). A name that matches nothing is an error with the closest
known names suggested; near-misses are never merged silently.

Examples
--------
>>> from sahelgraph.model import Actor
>>> index = ActorIndex([Actor("assimi-goita", "Assimi Goïta", "person", ["Goïta", "Col. Goita"])])
>>> index.resolve("GOITA")
'assimi-goita'
>>> index.resolve("Goitta")
Traceback (most recent call last):
...
sahelgraph.errors.NotFoundError: unknown actor 'Goitta' (did you mean 'Goïta'?)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sahelgraph.errors import NotFoundError
from sahelgraph.model import Actor

_DROPPED = re.compile(r"[.'’‘`´]")
_SEPARATORS = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 17)
def normalize(name: str) -> str:
    """The matching key of a name: lower case, no accents, punctuation folded.

    >>> normalize("Côte d’Ivoire"), normalize("U.N."), normalize("El-Ghassim  Wane")
    ('cote divoire', 'un', 'el ghassim wane')
    """
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _DROPPED.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def slugify(name: str) -> str:
    """An actor id made from a name: ``Assimi Goïta`` -> ``assimi-goita``."""
    return normalize(name).replace(" ", "-") or "actor"


class ActorIndex:
    """Looks actors up by id, name or alias."""

    def __init__(self, actors: Iterable[Actor] = ()):
        self.actors: dict[str, Actor] = {}
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._spelling: dict[str, str] = {}  # key -> one spelling as written, for hints
        for actor in actors:
            self.add(actor)

    @classmethod
    def from_graph(cls, G) -> "ActorIndex":
        """An index over the nodes of a graph returned by ``store.graph()``."""
        return cls(
            Actor(n, d.get("name") or n, d.get("kind") or "unknown", list(d.get("aliases") or []))
            for n, d in G.nodes(data=True)
        )

    def add(self, actor: Actor) -> None:
        self.actors[actor.id] = actor
        for spelling in (actor.id, actor.name, *actor.aliases):
            key = normalize(spelling)
            if key:
                self._by_key[key].add(actor.id)
                self._spelling.setdefault(key, spelling)

    def candidates(self, name: str) -> set[str]:
        if name in self.actors:
            return {name}
        return self._by_key.get(normalize(name), set())

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Known spellings closest to ``name``."""
        keys = difflib.get_close_matches(normalize(name), list(self._by_key), n=n, cutoff=0.75)
        return [self._spelling[k] for k in keys]

    def hint(self, name: str) -> str:
        suggestions = self.suggest(name)
        if suggestions:
            return "did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        return "add it to actors.tsv, or load with --new-actors"

    def resolve(self, name: str) -> str:
        """The id of the one actor ``name`` refers to; NotFoundError otherwise."""
        found = self.candidates(name)
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise NotFoundError(f"ambiguous actor '{name}' (could be {', '.join(sorted(found))})")
        raise NotFoundError(f"unknown actor '{name}' ({self.hint(name)})")


def resolve_actor(G, name: str) -> str:
    """The node of ``G`` that ``name`` (id, name or any alias) refers to.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("united-states", name="United States", aliases=["US", "U.S."])
    >>> resolve_actor(G, "u.s.")
    'united-states'
    """
    return ActorIndex.from_graph(G).resolve(name)
