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
sahelgraph.errors.NotFoundError: unknown actor 'Goitta' (did you mean 'Goïta' (alias of 'Assimi Goïta')?)
>>> index.hint("Assimi")
"did you mean 'Assimi Goïta'?"
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pyarrow as pa
import pyarrow.compute as pc

from sahelgraph.errors import NotFoundError
from sahelgraph.model import Actor

_DROPPED = re.compile(r"[.'’‘`´]")
_SEPARATORS = re.compile(r"[\W_]+")


class _Folded(dict):
    """A ``str.translate`` table taking each character to itself decomposed (NFKD), without
    its combining marks, case folded; filled as characters are met. Decomposing a string
    is decomposing each character, then ordering combining marks, which are all dropped:
    so a name translated through it is the name decomposed, stripped and folded whole."""

    def __missing__(self, code: int) -> str:
        text = unicodedata.normalize("NFKD", chr(code))
        folded = self[code] = "".join(c for c in text if not unicodedata.combining(c)).casefold()
        return folded


_FOLDED = _Folded()


@lru_cache(maxsize=1 << 17)
def normalize(name: str) -> str:
    """The matching key of a name: lower case, no accents, punctuation folded.

    >>> normalize("Côte d’Ivoire"), normalize("U.N."), normalize("El-Ghassim  Wane")
    ('cote divoire', 'un', 'el ghassim wane')
    """
    text = name.lower() if name.isascii() else name.translate(_FOLDED)
    text = _DROPPED.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def normalize_all(names: pa.Array) -> pa.Array:
    """:func:`normalize` of every string of an Arrow array (null stays null), column-wise
    but for the accents: each name with any is folded with ``str.translate`` first, and
    the few still not ASCII then (other scripts) normalized one by one.

    >>> normalize_all(pa.array(["U.N.", "El-Ghassim  Wane", None, "Côte d’Ivoire", "_x_", "Мали"])).to_pylist()
    ['un', 'el ghassim wane', None, 'cote divoire', 'x', 'мали']
    """
    names = names.cast(pa.string())
    if not len(names):
        return names
    text = names
    accented = pc.invert(pc.fill_null(pc.string_is_ascii(names), True))
    if pc.any(accented).as_py():
        folded = [name.translate(_FOLDED) for name in pc.filter(names, accented).to_pylist()]
        text = pc.replace_with_mask(names, accented, pa.array(folded, pa.string()))
    # then as normalize() does for an ASCII name: lower case, . ' ` (and ’ ‘ ´) dropped,
    # every run of characters other than a-z and 0-9 one space, spaces stripped
    text = pc.replace_substring_regex(pc.utf8_lower(text), pattern="[.'`’‘´]", replacement="")
    others = pc.invert(pc.fill_null(pc.string_is_ascii(text), True))
    text = pc.replace_substring_regex(text, pattern="[^a-z0-9]+", replacement=" ")
    text = pc.utf8_trim(text, characters=" ")
    if pc.any(others).as_py():
        keys = pc.replace_with_mask(text, others, pa.array(
            [normalize(name) for name in pc.filter(names, others).to_pylist()], pa.string()))
        return keys
    return text


class SpelledActors(Mapping):
    """Actors by id, that can also say which of them a spelling names without making every
    actor: what a store hands to reading (``store.known().actors``), so that resolving a
    batch against a large store costs what the batch names (:class:`ActorIndex` asks it
    for the keys it meets).

    Subclasses give the Mapping methods and :meth:`spelled`."""

    def spelled(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """For each of ``keys`` (:func:`normalize` d) that some actor has as id, name or
        alias: the ids of those actors, in the order of the mapping."""
        raise NotImplementedError

    def named(self, keys: Iterable[str]) -> list[Actor]:
        """The actors with any of ``keys``, in the order of the mapping."""
        ids = {actor_id for found in self.spelled(keys).values() for actor_id in found}
        return [actor for actor_id, actor in self.items() if actor_id in ids] if ids else []

    def take(self, ids: Iterable[str]) -> list[Actor]:
        """The actors of ``ids`` (all of them held)."""
        return [self[actor_id] for actor_id in ids]


def slugify(name: str) -> str:
    """An actor id made from a name: ``Assimi Goïta`` -> ``assimi-goita``."""
    return normalize(name).replace(" ", "-") or "actor"


# words that name what kind of body an actor is rather than which one: "PMC Wagner" and
# "Wagner Group" are the same name to a suggestion
GENERIC_WORDS = frozenset(
    "the of and al el la le de du des pmc group groupe company co ltd llc inc corp "
    "organisation organization movement front forces force army".split())
SUGGEST_CUTOFF = 0.72
_CROWDED = 2000  # a token or trigram shared by more spellings than this finds no candidates


def _tokens(key: str) -> list[str]:
    return key.split()


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def _same_token(a: str, b: str) -> bool:
    """Two words of a name that are the same: equal, an initial of the other (I. / Ivan), or
    a near spelling of four letters or more (transliterations: Goita / Goyta)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) < 4:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def name_similarity(a: str, b: str) -> float:
    """How alike two normalized names are, from 0 to 1: the better of their spelling and
    their words (in any order, initials and generic words such as "Group" aside).

    >>> round(name_similarity("maslov ivan aleksandrovich", "ivan maslov"), 2)
    0.83
    >>> name_similarity("pmc wagner", "wagner group")
    1.0
    >>> round(name_similarity("assimi", "assimi goita"), 2)
    0.75
    """
    spelling = difflib.SequenceMatcher(None, a, b).ratio()
    ta = [t for t in _tokens(a) if t not in GENERIC_WORDS] or _tokens(a)
    tb = [t for t in _tokens(b) if t not in GENERIC_WORDS] or _tokens(b)
    if not ta or not tb:
        return spelling
    matched_a = sum(any(_same_token(x, y) for y in tb) for x in ta)
    matched_b = sum(any(_same_token(y, x) for x in ta) for y in tb)
    if not matched_a or not any(len(x) > 1 and any(x == y or (len(y) > 1 and _same_token(x, y)) for y in tb)
                                for x in ta):
        return spelling  # initials alone do not make a match
    words = (matched_a / len(ta) + matched_b / len(tb)) / 2
    return max(spelling, words)


class ActorIndex:
    """Looks actors up by id, name or alias, and suggests the closest actors for a name that
    matches none (by spelling and by words, so "MASLOV, Ivan" finds Ivan Maslov).

    ``store`` (a :class:`SpelledActors`, less the ids of ``hidden``) holds more actors,
    brought in as the names met ask for them: the index answers as if they had all been
    added first, in the store's order, then ``actors``."""

    def __init__(self, actors: Iterable[Actor] = (), *, store: SpelledActors | None = None,
                 hidden: Iterable[str] = ()):
        self.actors: dict[str, Actor] = {}
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._spelling: dict[str, str] = {}  # key -> one spelling as written, for hints
        self._by_token: dict[str, set[str]] | None = None  # built on the first suggestion
        self._by_trigram: dict[str, set[str]] | None = None
        self._store = store
        self._hidden = set(hidden)
        self._asked_names: set[str] = set()  # names, and their keys, looked up in the store
        self._asked_keys: set[str] = set()
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
                new = key not in self._by_key
                self._by_key[key].add(actor.id)
                self._spelling.setdefault(key, spelling)
                if new and self._by_token is not None:
                    self._index_key(key)

    def _index_key(self, key: str) -> None:
        for token in _tokens(key):
            self._by_token.setdefault(token, set()).add(key)
        for gram in _trigrams(key):
            self._by_trigram.setdefault(gram, set()).add(key)

    def has_id(self, actor_id: str) -> bool:
        """Whether some actor (of the index or its store) has this id."""
        return actor_id in self.actors or (self._store is not None and actor_id not in self._hidden
                                           and actor_id in self._store)

    def prefetch(self, names: Iterable[str]) -> None:
        """Bring in at once the store's actors that ``names`` may name (by id or spelling),
        as :meth:`candidates` would one name at a time."""
        if self._store is None:
            return
        names = [n for n in dict.fromkeys(names) if n and n not in self._asked_names and n not in self.actors]
        self._asked_names.update(names)
        self._bring([n for n in names if n not in self._hidden and n in self._store])
        self._from_store([normalize(n) for n in names])

    def _from_store(self, keys: list[str]) -> None:
        """The store's actors with ``keys``, brought in (each key asked once). Their order
        here matters only to the spellings hints show, and a hint brings in every actor of
        the store first, in its order (:meth:`_everything`)."""
        keys = [k for k in dict.fromkeys(keys) if k and k not in self._asked_keys]
        if not keys:
            return
        self._asked_keys.update(keys)
        self._bring([actor_id for owners in self._store.spelled(keys).values()
                     for actor_id in owners if actor_id not in self._hidden])

    def _bring(self, ids: list[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self.actors]
        for actor in self._store.take(missing) if missing else ():
            self.add(actor)

    def _everything(self) -> None:
        """Every actor of the store brought in (a suggestion compares a name with them all)."""
        if self._store is None:
            return
        store, self._store = self._store, None
        local = list(self.actors.values())
        self.actors, self._by_key, self._spelling = {}, defaultdict(set), {}
        for actor_id, actor in store.items():
            if actor_id not in self._hidden:
                self.add(actor)
        for actor in local:
            if actor.id not in self.actors:
                self.add(actor)

    def candidates(self, name: str) -> set[str]:
        if name in self.actors:
            return {name}
        if self._store is not None and name not in self._asked_names:
            self.prefetch([name])
            if name in self.actors:
                return {name}
        key = normalize(name)
        if self._store is not None:
            self._from_store([key])
        return self._by_key.get(key, set())

    def _candidate_keys(self, query: str) -> set[str]:
        if self._by_token is None:
            self._everything()
            self._by_token, self._by_trigram = {}, {}
            for key in self._by_key:
                self._index_key(key)
        keys: set[str] = set()
        for token in _tokens(query):
            posting = self._by_token.get(token, ())
            if len(posting) <= _CROWDED:
                keys.update(posting)
        counts: dict[str, int] = defaultdict(int)
        for gram in _trigrams(query):
            posting = self._by_trigram.get(gram, ())
            if len(posting) <= _CROWDED:
                for key in posting:
                    counts[key] += 1
        keys.update(sorted(counts, key=counts.get, reverse=True)[:50])
        return keys

    def suggest_actors(self, name: str, n: int = 3) -> list[tuple[str, str]]:
        """The closest actors to ``name``: ``[(actor id, the spelling that matched)]``, best
        first, one entry per actor."""
        query = normalize(name)
        if not query:
            return []
        best: dict[str, tuple] = {}  # actor id -> (rank, spelling)
        for key in self._candidate_keys(query):
            score = name_similarity(query, key)
            if score < SUGGEST_CUTOFF:
                continue
            spelling_ratio = difflib.SequenceMatcher(None, query, key).ratio()
            for actor_id in self._by_key[key]:
                actor = self.actors[actor_id]
                canonical = key in (normalize(actor.name), normalize(actor.id))
                # best score first; on a tie the actor's own name before an alias
                rank = (-score, not canonical, -spelling_ratio, key)
                if actor_id not in best or rank < best[actor_id][0]:
                    best[actor_id] = (rank, self._spelling[key])
        ordered = sorted(best.items(), key=lambda item: item[1][0])
        return [(actor_id, spelling) for actor_id, (_, spelling) in ordered[:n]]

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """How the closest actors would be named in a hint (see :meth:`hint`)."""
        shown = []
        for actor_id, spelling in self.suggest_actors(name, n):
            actor = self.actors[actor_id]
            if normalize(spelling) in (normalize(actor.name), normalize(actor.id)):
                shown.append(f"'{actor.name}'")  # the name, also when the id matched best
            else:  # an alias is never shown as if it were an actor of its own
                shown.append(f"'{spelling}' (alias of '{actor.name}')")
        return shown

    def hint(self, name: str) -> str:
        suggestions = self.suggest(name)
        if suggestions:
            return "did you mean " + " or ".join(suggestions) + "?"
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


# ------------------------------------------------------------------------------------------
# duplicates and merging
# ------------------------------------------------------------------------------------------

_VOWELS = re.compile(r"(?<=.)[aeiou]")
_SKELETON_STEPS = (("ou", "u"), ("kh", "k"), ("ph", "f"), ("w", "v"), ("y", "i"), ("q", "k"),
                   ("c", "k"), ("z", "s"), ("j", "i"))


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A word's consonant skeleton, so that transliterations meet: Goïta/Goyta -> ``gt``,
    Mohamed/Muhammad -> ``mhmd``, Wagner/Vagner -> ``vgnr``.

    >>> skeleton("goita"), skeleton("goyta"), skeleton("muhammad"), skeleton("mohamed")
    ('gt', 'gt', 'mhmd', 'mhmd')
    """
    for old, new in _SKELETON_STEPS:
        word = word.replace(old, new)
    word = _VOWELS.sub("", word)
    return re.sub(r"(.)\1+", r"\1", word)


def _name_words(spelling: str) -> tuple[str, ...]:
    words = [w for w in normalize(spelling).split() if w not in GENERIC_WORDS]
    return tuple(words)


def _duplicate_reason(a: tuple[str, ...], b: tuple[str, ...], partial_ok: bool) -> str | None:
    """Why two spellings (their words) probably name one actor, or None."""
    if not a or not b:
        return None
    if a == b:
        return "same name"
    sa, sb = sorted(map(skeleton, a)), sorted(map(skeleton, b))
    if sa == sb:
        return "same words in another order" if sorted(a) == sorted(b) else "transliteration"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    full = [w for w in short if len(w) > 1]
    if not full:
        return None

    def matches(word, others):
        return any(word == o or skeleton(word) == skeleton(o) or
                   (len(word) == 1 and o[0] == word) or (len(o) == 1 and word[0] == o) for o in others)

    if all(matches(w, long_) for w in short):
        if len(short) == len(long_):
            return "initials"
        if partial_ok and (len(full) >= 2 or len(full[0]) >= 5):
            return "partial name"
    return None


def probable_duplicates(actors: dict[str, Actor], relations: dict[str, int] | None = None) -> list[dict]:
    """Pairs of actors that probably are one: reordered names ("MASLOV, Ivan" / Ivan Maslov),
    initials (I. Maslov), transliterations (Goyta / Goïta), a shared spelling, and, where one
    side was added by ``--new-actors`` or both are persons, a partial name (Assimi).

    Each pair says which actor to keep (the one with a known kind and more relations) and
    the ``sahelgraph merge-actors`` command that merges them.

    >>> found = probable_duplicates({
    ...     "ivan-maslov": Actor("ivan-maslov", "Ivan Maslov", "person"),
    ...     "maslov-ivan": Actor("maslov-ivan", "MASLOV, Ivan Aleksandrovich", "unknown"),
    ...     "mali": Actor("mali", "Mali", "state")})
    >>> [(d["keep"], d["other"], d["reason"]) for d in found]
    [('ivan-maslov', 'maslov-ivan', 'partial name')]
    """
    relations = relations or {}
    spellings: dict[str, list[tuple[str, ...]]] = {}
    blocks: dict[str, set[str]] = defaultdict(set)
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors.values():
        words = list(dict.fromkeys(w for w in (_name_words(s) for s in (actor.name, *actor.aliases)) if w))
        spellings[actor.id] = words
        for spelling in (actor.name, *actor.aliases):
            owners[normalize(spelling)].add(actor.id)
        for ws in words:
            for word in ws:
                if len(word) > 1:
                    blocks[skeleton(word)].add(actor.id)
    reasons: dict[tuple[str, str], str] = {}
    for key, ids in owners.items():
        if key and len(ids) > 1:
            for a in ids:
                for b in ids:
                    if a < b:
                        reasons[(a, b)] = "shared spelling"
    for ids in blocks.values():
        if len(ids) > 50:  # a word half the actors share ("mali", "national") proves nothing
            continue
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if (a, b) in reasons:
                    continue
                kinds = {actors[a].kind, actors[b].kind}
                if len(kinds - {"unknown"}) > 1:
                    continue  # two different known kinds: not one actor
                partial_ok = "unknown" in kinds or kinds == {"person"}
                for wa in spellings[a]:
                    reason = next((r for wb in spellings[b] if (r := _duplicate_reason(wa, wb, partial_ok))), None)
                    if reason:
                        reasons[(a, b)] = reason
                        break
    found = []
    for (a, b), reason in sorted(reasons.items()):
        def rank(i):
            return (actors[i].kind != "unknown", relations.get(i, 0), -len(i))
        keep, other = (a, b) if rank(a) >= rank(b) else (b, a)
        found.append({"keep": keep, "keep_name": actors[keep].name, "other": other,
                      "other_name": actors[other].name, "reason": reason,
                      "merge": f"sahelgraph merge-actors {keep} {other}"})
    return found


def merge_actor_records(data, keep: str, others: list[str]):
    """``data`` (a GraphData) with the actors ``others`` merged into ``keep``: their names,
    ids and aliases become aliases of ``keep``, their relations move to it (evidence kept,
    relations that meet merged), and relations between the merged actors, which would be
    self-loops, are left out and listed. Returns (new GraphData, report dict)."""
    from sahelgraph.model import GraphData, Relation

    for actor_id in [keep, *others]:
        if actor_id not in data.actors:
            raise NotFoundError(f"no actor '{actor_id}' in the store")
    if keep in others:
        raise NotFoundError(f"'{keep}' is both kept and merged away")
    gone = set(others)
    kept = data.actors[keep]
    spellings = {normalize(s) for s in (kept.id, kept.name, *kept.aliases)}
    aliases = list(kept.aliases)
    fields = {"kind": kept.kind, "country": kept.country, "description": kept.description}
    for other in others:
        actor = data.actors[other]
        for spelling in (actor.name, *actor.aliases, actor.id):
            key = normalize(spelling)
            if key and key not in spellings:
                spellings.add(key)
                aliases.append(spelling)
        if fields["kind"] == "unknown" and actor.kind != "unknown":
            fields["kind"] = actor.kind
        fields["country"] = fields["country"] or actor.country
        fields["description"] = fields["description"] or actor.description
    actors = {i: a for i, a in data.actors.items() if i not in gone}
    actors[keep] = Actor(keep, kept.name, fields["kind"], aliases, fields["country"], fields["description"])
    relations: dict[tuple, Relation] = {}
    report = {"kept": keep, "merged": list(others), "aliases_added": len(aliases) - len(kept.aliases),
              "relations_moved": 0, "relations_joined": 0, "evidence_moved": 0,
              "self_loops_left_out": 0}
    left_out = []

    def add(key, evidence, moved):
        predicate = data.predicates.get(key[1])
        if predicate is not None and predicate.symmetric and key not in relations \
                and (key[2], key[1], key[0]) in relations:
            key = (key[2], key[1], key[0])
        relation = relations.get(key)
        if relation is None:
            relations[key] = Relation(*key, list(evidence))
            return "new"
        seen = {e.key() for e in relation.evidence}
        relation.evidence.extend(e for e in evidence if e.key() not in seen)
        return "joined"

    # the relations that stay first, so a moved relation meets them
    moving = []
    for key, relation in data.relations.items():
        if key[0] in gone or key[2] in gone:
            moving.append(relation)
        else:
            add(key, relation.evidence, False)
    for relation in moving:
        subject = keep if relation.subject in gone else relation.subject
        obj = keep if relation.object in gone else relation.object
        if subject == obj:
            left_out.append(relation)
            report["self_loops_left_out"] += 1
            continue
        outcome = add((subject, relation.predicate, obj), relation.evidence, True)
        report["relations_moved"] += 1
        report["relations_joined"] += outcome == "joined"
        report["evidence_moved"] += len(relation.evidence)
    merged = GraphData(actors, dict(data.sources), relations, dict(data.predicates))
    report["left_out"] = [f"{r.subject} {r.predicate} {r.object} ({len(r.evidence)} evidence)" for r in left_out]
    return merged, report
