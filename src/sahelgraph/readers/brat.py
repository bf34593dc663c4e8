"""brat standoff annotation projects: each document a ``.txt`` and its ``.ann`` (with an
``annotation.conf`` for the project when there is one).

- entity annotations (``T1<tab>Person 0 12<tab>Assimi Goïta``) become actors: a mention that
  names a known actor is that actor; the others are new actors whose kind comes from the
  entity type (``Person`` -> person, ``GPE`` -> state, ``Location`` -> place ...; configurable,
  and a type's parents in annotation.conf count);
- ``*<tab>Equiv T1 T4`` equivalences make one actor of their mentions, the other spellings
  becoming aliases;
- relations (``R1<tab>Expels Arg1:T1 Arg2:T2``) and events (``E1<tab>Attack:T3 Agent:T1
  Target:T2``) become triples: the type is the predicate (or a CAMEO event name), the sentence
  around the annotated spans the verbatim quote, the document the source (its text kept, so
  quotes are checked);
- attributes (``A1<tab>Confidence R1 Low``, ``A2<tab>Negation E1``) and notes
  (``#1<tab>AnnotatorNotes R1<tab>...``) become confidence, modality and note; other
  attributes are kept on the evidence.

Examples
--------
>>> sentence_around("Mali spoke. The junta expelled him. Then", 16, 30)
'The junta expelled him.'
>>> kind_for("GPE", {"state", "person"}), kind_for("Person", {"state", "person"})
('state', 'person')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sahelgraph.cameo import event_for
from sahelgraph.errors import Diagnostic
from sahelgraph.model import MODALITIES, Actor, Assertion, Source
from sahelgraph.readers.dataset import merge_actor
from sahelgraph.readers.text import read_text
from sahelgraph.readers.triples import parse_confidence
from sahelgraph.resolve import ActorIndex, normalize, slugify

DEFAULT_KINDS = {
    "person": "person", "per": "person", "people": "person",
    "gpe": "state", "country": "state", "state": "state", "nation": "state",
    "location": "place", "loc": "place", "place": "place", "city": "place", "town": "place",
    "region": "place", "facility": "place", "fac": "place",
    "organization": "unknown", "organisation": "unknown", "org": "unknown",
    "government": "government", "gov": "government", "military": "military", "army": "military",
    "armed_group": "armed_group", "militia": "armed_group", "rebel_group": "armed_group",
    "terrorist_group": "armed_group", "igo": "igo", "international_organization": "igo",
    "ngo": "ngo", "media": "media", "company": "company", "business": "company", "pmc": "pmc",
}
SUBJECT_ROLES = ("arg1", "agent", "actor", "subject", "source", "attacker", "speaker", "giver")
OBJECT_ROLES = ("arg2", "target", "patient", "object", "victim", "theme", "recipient", "addressee")
PLACE_ROLES = ("place", "location", "loc", "site")
MODALITY_WORDS = {**{m: m for m in MODALITIES}, "negation": "denied", "negated": "denied",
                  "speculation": "hypothetical", "speculated": "hypothetical",
                  "uncertain": "hypothetical", "allegation": "alleged", "claimed": "alleged",
                  "intention": "intended", "planned": "intended"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+|\n\s*")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding the span [start, end): from the sentence end (or
    line break) before ``start`` to the one after ``end``, verbatim."""
    begin = 0
    for match in _BOUNDARY.finditer(text, 0, start):
        begin = match.end()
    found = _BOUNDARY.search(text, end)
    stop = found.start() if found else len(text)
    return text[begin:stop].strip()


def kind_for(entity_type: str, kinds, custom: dict[str, str] | None = None,
             parents: dict[str, str] | None = None) -> str:
    """The actor kind of a brat entity type: the custom map, the type itself when it names a
    kind, the usual names (DEFAULT_KINDS), then its parents in annotation.conf."""
    seen = set()
    while entity_type and entity_type not in seen:
        seen.add(entity_type)
        key = entity_type.strip().lower().replace("-", "_")
        for table in (custom or {}, {k: k for k in kinds}, DEFAULT_KINDS):
            table = {k.lower().replace("-", "_"): v for k, v in table.items()}
            if key in table and (table[key] in kinds or table[key] == "unknown"):
                return table[key]
        entity_type = (parents or {}).get(entity_type)
    return "unknown"


def read_annotation_conf(path: Path) -> dict[str, str]:
    """Entity types' parents from an annotation.conf (``[entities]``, nested by tabs)."""
    parents: dict[str, str] = {}
    section, stack = None, []
    for line in read_text(path).split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.strip().startswith("["):
            section, stack = line.strip().strip("[]").lower(), []
            continue
        if section != "entities":
            continue
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip().lstrip("!").split()[0]
        stack = stack[:depth]
        if stack:
            parents[name] = stack[-1]
        stack.append(name)
    return parents


@dataclass
class _Doc:
    ann: Path
    text: str
    source: str
    spans: dict = field(default_factory=dict)  # T id -> (type, [(start, end)], text, line)
    relations: list = field(default_factory=list)  # (id, type, [(role, ref)], line)
    equivs: list = field(default_factory=list)
    attributes: dict = field(default_factory=dict)  # target -> [(name, value)]
    notes: dict = field(default_factory=dict)


def _parse(ann: Path, text: str, source: str, problems: list[Diagnostic]) -> _Doc:
    doc = _Doc(ann, text, source)
    for number, line in enumerate(read_text(ann).split("\n"), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        try:
            if ident.startswith("T"):
                kind, _, offsets = parts[1].partition(" ")
                ranges = [tuple(int(x) for x in r.split()) for r in offsets.split(";")]
                doc.spans[ident] = (kind, ranges, parts[2] if len(parts) > 2 else "", number)
            elif ident.startswith(("R", "E")):
                head, *args = parts[1].split()
                if ident.startswith("E"):
                    kind, _, trigger = head.partition(":")
                    roles = [("trigger", trigger)]
                else:
                    kind, roles = head, []
                roles += [tuple(a.split(":", 1)) for a in args]
                doc.relations.append((ident, kind, roles, number))
            elif ident.startswith("*"):
                doc.equivs.append(parts[1].split()[1:])
            elif ident.startswith(("A", "M")):
                name, target, *value = parts[1].split()
                doc.attributes.setdefault(target, []).append((name, value[0] if value else None))
            elif ident.startswith("#"):
                target = parts[1].split()[1]
                doc.notes.setdefault(target, []).append(parts[2] if len(parts) > 2 else "")
            elif ident.startswith("N"):
                continue  # normalisations to outside databases: not used
            else:
                problems.append(Diagnostic(str(ann), number, f"unknown brat annotation '{ident}'",
                                           "expected T, R, E, A, M, N, # or * lines", "warning"))
        except (IndexError, ValueError):
            problems.append(Diagnostic(str(ann), number, "broken brat annotation line",
                                       "see https://brat.nlplab.org/standoff.html"))
    return doc


def read_brat(anns: list[Path], conf: list[Path], *, kinds, actors: dict[str, Actor],
              known: dict[str, Actor], sources: dict[str, Source], kind_map: dict | None = None,
              predicates=()):
    """Read brat documents: returns (rows, actors added or changed, sources made, problems).
    ``actors`` (the dataset's) is updated in place with the actors the entities name."""
    problems: list[Diagnostic] = []
    parents: dict[str, str] = {}
    for path in conf:
        parents.update(read_annotation_conf(path))
    index = ActorIndex([a for i, a in known.items() if i not in actors] + list(actors.values()))
    changed: dict[str, Actor] = {}
    made: dict[str, Source] = {}
    docs = []
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            problems.append(Diagnostic(str(ann), None, "no .txt beside this .ann",
                                       f"brat keeps each document's text in {txt.name}"))
            continue
        text = read_text(txt)
        source_id = slugify(ann.stem)
        source = sources.get(ann.stem) or sources.get(source_id)
        if source is None:
            title = next((line.strip() for line in text.split("\n") if line.strip()), ann.stem)[:120]
            source = made[source_id] = Source(source_id, title=title, file=str(txt))
        if not source.text:
            source.text = text
        docs.append(_parse(ann, text, source.id, problems))
    rows = []
    for doc in docs:
        triggers = {ref for _, kind, roles, _ in doc.relations for role, ref in roles if role == "trigger"}
        # mentions of one actor: equivalences and identical spellings in the document
        group = {t: t for t in doc.spans if t not in triggers}

        def find(t):
            while group[t] != t:
                group[t] = group[group[t]]
                t = group[t]
            return t

        by_text = {}
        for t, (_, _, mention, _) in doc.spans.items():
            if t in group:
                first = by_text.setdefault(normalize(mention), t)
                group[find(t)] = find(first)
        for members in doc.equivs:
            members = [m for m in members if m in group]
            for m in members[1:]:
                group[find(m)] = find(members[0])
        mentions: dict[str, list[str]] = {}
        for t in group:
            mentions.setdefault(find(t), []).append(t)
        actor_of: dict[str, str] = {}
        for root, members in mentions.items():
            texts = list(dict.fromkeys(" ".join(doc.spans[t][2].split()) for t in sorted(members, key=lambda t: doc.spans[t][1][0][0])))
            owners = {o for text in texts for o in index.candidates(text)}
            entity_type, _, _, line = doc.spans[root]
            if len(owners) > 1:
                problems.append(Diagnostic(str(doc.ann), line, f"mentions {', '.join(repr(t) for t in texts)} "
                                           f"name several actors: {', '.join(sorted(owners))}",
                                           "fix the equivalence or merge the actors"))
                continue
            kind = kind_for(entity_type, kinds, kind_map, parents)
            if owners:
                actor_id = owners.pop()
                old = actors.get(actor_id) or known[actor_id]
                merged, _ = merge_actor(old, Actor(actor_id, None, "unknown", texts))
            else:
                actor_id = slugify(texts[0])
                while actor_id in index.actors:
                    actor_id += "-new"
                merged = Actor(actor_id, texts[0], kind, texts[1:])
                close = index.suggest_actors(texts[0], 1)
                if close:
                    problems.append(Diagnostic(
                        str(doc.ann), line, f"entity '{texts[0]}' becomes a new actor, but it may be "
                        f"'{index.actors[close[0][0]].name}' ({close[0][0]})",
                        f"if so, add '{texts[0]}' to its aliases, or merge after the load: "
                        f"sahelgraph merge-actors {close[0][0]} {actor_id}", "warning"))
            if merged != (actors.get(actor_id) or known.get(actor_id)):
                actors[actor_id] = changed[actor_id] = merged
                index.add(merged)
            for t in members:
                actor_of[t] = actor_id
        for ident, kind, roles, line in doc.relations:
            rows.append(_row(doc, ident, kind, roles, line, actor_of, predicates))
    return rows, changed, made, problems


def _row(doc: _Doc, ident, kind, roles, line, actor_of, predicates):
    problems: list[Diagnostic] = []
    file = str(doc.ann)
    named = {role.lower().rstrip("0123456789"): ref for role, ref in roles if role != "trigger"}
    trigger = next((ref for role, ref in roles if role == "trigger"), None)
    args = [ref for role, ref in roles if role != "trigger"]
    subject = next((named[r] for r in SUBJECT_ROLES if r in named), args[0] if args else None)
    obj = next((named[r] for r in OBJECT_ROLES if r in named),
               next((a for a in args if a != subject and a not in
                     [named.get(p) for p in PLACE_ROLES]), None))
    place = next((named[r] for r in PLACE_ROLES if r in named), None)
    spans = [s for ref in (trigger, subject, obj, place) if ref in doc.spans for s in doc.spans[ref][1]]
    quote = sentence_around(doc.text, min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
    confidence, modality, attributes = 1.0, None, {}
    for target in (ident, trigger):
        for name, value in doc.attributes.get(target, []):
            key = name.lower()
            if key in ("confidence", "certainty"):
                confidence, bad = parse_confidence(value, file, line)
                problems += bad
            elif key == "modality" and value:
                modality = MODALITY_WORDS.get(value.lower(), value.lower())
            elif key in MODALITY_WORDS:
                modality = MODALITY_WORDS[key]
            else:
                attributes[name] = value if value is not None else True
    notes = [n for target in (ident, trigger) for n in doc.notes.get(target, [])]
    predicate = re.sub(r"[^a-z0-9]+", "_", kind.lower()).strip("_")
    for verb in (predicate + "s", predicate + "es"):  # an event type named by its verb: Attack
        if predicate not in predicates and verb in predicates:
            predicate = verb
    if predicate not in predicates and (event := event_for(kind)) is not None:
        predicate = event.predicate  # a CAMEO event name as the relation type
        attributes["cameo"] = event.code
    if not subject or not obj:
        problems.append(Diagnostic(file, line, f"{ident} ({kind}) has one participant only",
                                   "not a relation between two actors: counted as rejected, not loaded",
                                   "warning"))
    assertion = Assertion(actor_of.get(subject, ""), predicate, actor_of.get(obj, ""), None,
                          doc.source, quote, confidence, "; ".join(notes) or None, file, line,
                          modality=modality, place=actor_of.get(place) if place else None,
                          attributes={"brat": ident, **attributes})
    if subject and subject not in actor_of or obj and obj not in actor_of:
        problems.append(Diagnostic(file, line, f"{ident} points at an annotation that is not an entity",
                                   "its arguments must be T annotations of this document"))
    return assertion, problems
