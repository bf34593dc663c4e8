"""Checks on the Sahel dataset in graph/: sources, actors, triples and the hand-checked facts.

Plain ``csv`` parsing on purpose (the package readers are tested elsewhere): these tests say
whether the *data* is right, independently of the code that loads it.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
import yaml

from sahelgraph import dates
from sahelgraph.model import Actor
from sahelgraph.resolve import ActorIndex, normalize

ROOT = Path(__file__).parents[1]
GRAPH = ROOT / "graph"
CHECKSUMS = GRAPH / "sources" / "SHA256SUMS"  # sha256sum of the seed articles, by seed file name
PACKAGE_ONTOLOGY = ROOT / "src" / "sahelgraph" / "ontology.yaml"

SOURCE_COLUMNS = ["id", "title", "outlet", "published", "url", "language", "file", "note"]
ACTOR_COLUMNS = ["id", "name", "kind", "country", "aliases", "description"]
TRIPLE_COLUMNS = ["subject", "predicate", "object", "date", "source", "quote", "confidence", "modality", "place",
                  "note"]
MODALITIES = {"asserted", "alleged", "intended", "hypothetical", "denied"}
PLACE_KINDS = {"place", "state"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# ------------------------------------------------------------------------------ reading


def read_tsv(path: Path, columns: list[str]) -> list[dict]:
    """Rows of a TSV with exactly ``columns``; each row dict carries its line as ``_line``."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == columns, f"{path}: header {header} != {columns}"
        rows = []
        for line, fields in enumerate(reader, start=2):
            assert len(fields) == len(columns), (
                f"{path}:{line}: {len(fields)} fields, expected {len(columns)} (a tab inside a field?)"
            )
            row = dict(zip(columns, fields))
            row["_line"] = line
            row["_file"] = path.name
            rows.append(row)
    return rows


@lru_cache(maxsize=None)
def sources() -> dict[str, dict]:
    rows = read_tsv(GRAPH / "sources.tsv", SOURCE_COLUMNS)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), f"duplicate source ids: {[i for i, n in Counter(ids).items() if n > 1]}"
    return {r["id"]: r for r in rows}


@lru_cache(maxsize=None)
def source_text(source_id: str) -> str:
    return (GRAPH / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def actor_rows() -> list[dict]:
    return read_tsv(GRAPH / "actors.tsv", ACTOR_COLUMNS)


def aliases_of(row: dict) -> list[str]:
    return [a.strip() for a in row["aliases"].split(" | ") if a.strip()] if row["aliases"] else []


@lru_cache(maxsize=None)
def actors() -> dict[str, Actor]:
    return {
        r["id"]: Actor(r["id"], r["name"], r["kind"], aliases_of(r), r["country"] or None, r["description"] or None)
        for r in actor_rows()
    }


@lru_cache(maxsize=None)
def index() -> ActorIndex:
    return ActorIndex(actors().values())


@lru_cache(maxsize=None)
def triple_rows() -> list[dict]:
    files = sorted((GRAPH / "triples").glob("*.tsv"))
    assert files, "no triple files in graph/triples/"
    rows = []
    for path in files:
        rows += read_tsv(path, TRIPLE_COLUMNS)
    return rows


@lru_cache(maxsize=None)
def ontology() -> tuple[dict, dict]:
    """(predicates, kinds): the package vocabulary extended field by field by graph/ontology.yaml."""
    predicates: dict[str, dict] = {}
    kinds: dict[str, str] = {}
    for path in (PACKAGE_ONTOLOGY, GRAPH / "ontology.yaml"):
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kinds.update(data.get("actor_kinds") or {})
        for name, spec in (data.get("predicates") or {}).items():
            predicates.setdefault(name, {}).update(spec or {})
    return predicates, kinds


def resolved(name: str) -> set[str]:
    return index().candidates(name)


def resolve(name: str) -> str:
    found = resolved(name)
    assert len(found) == 1, f"{name!r} resolves to {sorted(found) or 'nothing'}"
    return next(iter(found))


def where(row: dict) -> str:
    return f"graph/triples/{row['_file']}:{row['_line']}"


# ------------------------------------------------------------------------------ quotes


def _fold(text: str) -> str:
    """What the quote check tolerates: whitespace runs, typographic vs straight quotes."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def quote_in_text(quote: str, text: str) -> bool:
    return bool(quote.strip()) and _fold(quote) in _fold(text)


def test_every_quote_is_verbatim_in_its_source():
    problems = []
    for row in triple_rows():
        assert row["source"] in sources(), f"{where(row)}: unknown source {row['source']!r}"
        if not quote_in_text(row["quote"], source_text(row["source"])):
            problems.append(f"{where(row)}: quote not in {row['source']}: {row['quote']!r}")
    assert not problems, "\n".join(problems)


def test_quote_check_catches_changed_quotes():
    row = triple_rows()[0]
    text = source_text(row["source"])
    quote = row["quote"]
    assert quote_in_text(quote, text)
    assert quote_in_text(quote.replace("'", "’"), text) or "'" not in quote  # typographic: tolerated
    assert not quote_in_text(quote.upper() if quote.upper() != quote else quote.lower(), text)  # case: not
    assert not quote_in_text(quote[:-1] + ("X" if quote[-1] != "X" else "Y"), text)  # one char: not
    assert not quote_in_text(quote[: len(quote) // 2] + "... " + quote[len(quote) // 2 :], text)  # ellipsis
    assert not quote_in_text("", text)


# ------------------------------------------------------------------------------ sources


def test_sources_are_complete_and_well_formed():
    assert len(sources()) >= 5
    for sid, src in sources().items():
        assert SLUG.match(sid), f"source id {sid!r} is not a lower-kebab slug"
        assert (GRAPH / "sources" / f"{sid}.txt").is_file(), f"missing graph/sources/{sid}.txt"
        assert src["title"].strip(), f"{sid}: empty title"
        assert src["language"] == "en", f"{sid}: language {src['language']!r}"
        if src["published"]:
            assert dates.check(src["published"]) is None, f"{sid}: published {dates.check(src['published'])}"
        assert src["file"], f"{sid}: no seed file name"
        assert src["url"] == "" or src["url"] in source_text(sid), f"{sid}: url not in the text"


def checksums() -> dict[str, str]:
    """{seed file name: sha256} from graph/sources/SHA256SUMS (``sha256sum`` output)."""
    found = {}
    for number, line in enumerate(CHECKSUMS.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)", line)
        assert match, f"{CHECKSUMS}:{number}: not a sha256sum line: {line!r}"
        assert match[2] not in found, f"{CHECKSUMS}:{number}: {match[2]} listed twice"
        found[match[2]] = match[1]
    return found


def test_each_source_text_is_the_seed_its_checksum_names():
    """The copies in graph/sources/ are the seed articles, byte for byte: their checksums are the
    ones recorded from the seeds (graph/sources/SHA256SUMS), one seed per source."""
    files = {src["file"]: sid for sid, src in sources().items()}
    assert len(files) == len(sources()), "two sources name the same seed file"
    assert set(files) == set(checksums()), "every seed in SHA256SUMS, and only those, has a source"
    for name, sid in files.items():
        copy = (GRAPH / "sources" / f"{sid}.txt").read_bytes()
        assert hashlib.sha256(copy).hexdigest() == checksums()[name], (
            f"graph/sources/{sid}.txt is not the seed {name} (its sha256 differs from SHA256SUMS)")


def test_the_checksum_check_can_fail():
    sid, src = next(iter(sources().items()))
    copy = (GRAPH / "sources" / f"{sid}.txt").read_bytes()
    assert hashlib.sha256(copy + b" ").hexdigest() != checksums()[src["file"]]


# ------------------------------------------------------------------------------ actors


def test_actors_are_well_formed():
    _, kinds = ontology()
    ids = [r["id"] for r in actor_rows()]
    assert len(ids) == len(set(ids)), f"duplicate actor ids: {[i for i, n in Counter(ids).items() if n > 1]}"
    for row in actor_rows():
        assert SLUG.match(row["id"]), f"actor id {row['id']!r} is not a lower-kebab slug"
        assert row["name"].strip(), f"{row['id']}: empty name"
        assert row["kind"] in kinds, f"{row['id']}: unknown kind {row['kind']!r}"
        assert row["description"].strip(), f"{row['id']}: no description"
        assert "|" not in row["aliases"].replace(" | ", ""), f"{row['id']}: aliases must be separated by ' | '"


def test_no_spelling_is_shared_by_two_actors():
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors().values():
        for spelling in (actor.id, actor.name, *actor.aliases):
            owners[normalize(spelling)].add(actor.id)
    ambiguous = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert not ambiguous, f"spellings shared by several actors: {ambiguous}"


def test_every_alias_occurs_in_a_source_text():
    texts = [normalize(source_text(sid)) for sid in sources()]
    missing = []
    for actor in actors().values():
        for alias in actor.aliases:
            if alias == actor.name:
                continue
            pattern = re.compile(r"(?:^|\s)" + re.escape(normalize(alias)) + r"(?:\s|$)")
            if not any(pattern.search(t) for t in texts):
                missing.append(f"{actor.id}: {alias!r}")
    assert not missing, "aliases found in no source text:\n" + "\n".join(missing)


# Hand-curated: the persons, organisations, states and places named in the sentences the triples
# quote, per source, spelled as in the text (a possessive "France's" is listed as "France"). Each
# must resolve to an actor. News outlets and agencies (DW, AFP, Reuters) are sources, not actors.
NAMED_IN_QUOTED_SENTENCES = {
    "2023-06-diop-asks-un-to-withdraw-minusma": [
        "Mali", "Abdoulaye Diop", "Diop", "United Nations", "UN", "Minusma",
        "UN Security Council", "Security Council", "Russian", "Russia", "Wagner Group", "Wagner",
        "Mali's military rulers", "Western officials", "Ukraine", "United States", "Ivan Maslov",
        "France", "Malian authorities", "UN Secretary-General Antonio Guterres", "Antonio Guterres",
        "Chad", "Bangladesh", "Egypt", "El-Ghassim Wane", "UN special envoy to Mali",
        "UN High Commissioner for Human Rights", "Malian armed forces", "foreign security personnel",
        "Moura",
    ],
    "dw-2023-06-mali-orders-minusma-to-leave": [
        "Mali", "UN", "Foreign Ministry of Mali", "United Nations Security Council", "MINUSMA",
        "government of Mali", "Foreign Minister Abdoulaye Diop", "Abdoulaye Diop", "Diop",
        "UN Security Council", "Security Council", "El Ghassim Wane", "MINUSMA head", "French",
        "UN secretary-general", "Secretary-General Antonio Guterres", "UN experts",
        "Malian military junta", "Russian", "Wagner group", "the ruling regime",
        "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "Malian authorities", "Olivier Salgado", "Mali's ruling military junta",
    ],
    "2023-06-mali-demands-minusma-withdrawal-bundeswehr": [
        "Malian Foreign Minister Abdoulaye Diop", "Abdoulaye Diop", "Diop", "UN Security Council",
        "Minusma", "Bundeswehr", "Malian government", "United Nations", "UN", "Colonel Assimi Goïta",
        "Russia", "junta", "Russian Wagner Group", "Islamist rebels", "IS", "al-Qaeda", "the French",
        "Germany", "the Germans", "Mali", "the Russians", "Konrad Adenauer Foundation",
        "Ulf Laessing", "Laessing", "KAS", "Malian army", "Islamists", "Islamist fighters",
        "UN stabilization mission", "New York", "Moura", "Mopti", "some states", "Gao", "Niger",
        "civilians from Moura",
    ],
    "2023-01-diop-rejects-guterres-minusma-options": [
        "Mali", "Abdoulaye Diop", "Diop", "Russia", "U.N.", "U.N. chief", "Al-Qaida", "Islamic State",
        "Antonio Guterres", "Guterres", "MINUSMA", "France", "Wagner Group", "Wagner",
        "Malian armed forces", "Russian officials", "U.S.", "United States", "Richard Mills", "Mills",
        "ruling junta", "Malian army", "Assimi Goita", "Goita", "transitional government",
        "Coordination of Movements of Azawad", "Platform", "Malian security authorities", "French",
        "Islamic extremists", "Extremist rebels", "National Assembly", "signatory movements",
        "four countries",
    ],
    "247newsreel-2023-06-mali-asks-un-peacekeepers-to-leave": [
        "Mali", "U.N. peacekeepers", "MINUSMA", "Mali's ruling junta", "Russia",
        "Russia's Wagner mercenary group", "Wagner", "Mali's underarmed army", "Tuareg-led rebels",
        "2015 Algiers accord", "Islamic State", "al-Qaeda-linked militants", "Ahmedou Ould-Abdallah",
        "Mauritanian", "UN", "Coordination of Movements in Azawad", "CMA", "junta", "UN officials",
        "UN investigators", "UN Secretary-General Antonio Guterres", "Mali's African neighbors",
        "Malian government", "Abdoulaye Diop", "UN Security Council", "Council", "El-Gassim Wane",
        "Fatumata Sinkun Kaba", "Security Council", "French", "Central African Republic", "Bamako",
        "Kremlin", "Russian", "Tuareg separatists", "Islamist militants", "white gunmen",
        "al-Qaeda-linked rebels", "Mali's leadership", "Gao", "Timbuktu", "northern Mali",
        "Mali's capital", "Burkina Faso", "Niger", "Western and African diplomats", "Moura",
    ],
}


def test_named_entities_of_quoted_sentences_are_actors():
    assert set(NAMED_IN_QUOTED_SENTENCES) == set(sources()), "one curated list per source"
    problems = []
    for sid, names in NAMED_IN_QUOTED_SENTENCES.items():
        text = normalize(source_text(sid))
        for name in names:
            # normalize() folds "France's" to "frances": accept the name with a possessive s
            if not re.search(r"(?:^|\s)" + re.escape(normalize(name)) + r"s?(?:\s|$)", text):
                problems.append(f"{sid}: curated name {name!r} is not in the text")
            elif len(resolved(name)) != 1:
                problems.append(f"{sid}: {name!r} resolves to {sorted(resolved(name)) or 'no actor'}")
    assert not problems, "\n".join(problems)


def test_every_actor_takes_part_in_a_relation_or_is_named():
    in_relations = {resolve(r[side]) for r in triple_rows() for side in ("subject", "object")}
    named = {resolve(n) for names in NAMED_IN_QUOTED_SENTENCES.values() for n in names}
    idle = set(actors()) - in_relations - named
    assert not idle, f"actors neither in a relation nor named in a quoted sentence: {sorted(idle)}"


# ------------------------------------------------------------------------------ triples


def test_triples_resolve_and_validate():
    predicates, kinds = ontology()
    problems = []
    for row in triple_rows():
        at = where(row)
        ids = {}
        for side in ("subject", "object"):
            found = resolved(row[side])
            if len(found) != 1:
                problems.append(f"{at}: {side} {row[side]!r} resolves to {sorted(found) or 'no actor'}")
            else:
                ids[side] = next(iter(found))
        predicate = predicates.get(row["predicate"])
        if predicate is None:
            problems.append(f"{at}: unknown predicate {row['predicate']!r}")
        elif len(ids) == 2:
            for side in ("subject", "object"):
                allowed = predicate.get(f"{side}_kinds")
                kind = actors()[ids[side]].kind
                if allowed is not None and kind not in allowed:
                    problems.append(f"{at}: {row['predicate']} does not take a {kind} as {side}")
            if ids["subject"] == ids["object"]:
                problems.append(f"{at}: self-loop on {ids['subject']}")
        if row["source"] not in sources():
            problems.append(f"{at}: unknown source {row['source']!r}")
        if row["_file"] != f"{row['source']}.tsv":
            problems.append(f"{at}: row of source {row['source']!r} in the wrong file")
        if row["modality"] and row["modality"] not in MODALITIES:
            problems.append(f"{at}: modality {row['modality']!r} is not one of {sorted(MODALITIES)}")
        if row["place"]:
            found = resolved(row["place"])
            if len(found) != 1:
                problems.append(f"{at}: place {row['place']!r} resolves to {sorted(found) or 'no actor'}")
            elif actors()[next(iter(found))].kind not in PLACE_KINDS:
                problems.append(f"{at}: place {row['place']!r} is a {actors()[next(iter(found))].kind}")
        if row["date"] and dates.check(row["date"]) is not None:
            problems.append(f"{at}: date {row['date']!r}: {dates.check(row['date'])}")
        try:
            confidence = float(row["confidence"])
            if not 0.0 < confidence <= 1.0:
                problems.append(f"{at}: confidence {confidence} outside (0, 1]")
        except ValueError:
            problems.append(f"{at}: confidence {row['confidence']!r} is not a number")
    assert not problems, "\n".join(problems)
    assert all(kind in kinds for kind in {a.kind for a in actors().values()})


def test_dataset_ontology_extends_the_package_one():
    from sahelgraph.ontology import load_ontology

    onto = load_ontology(GRAPH / "ontology.yaml")  # raises with file:line on any problem
    used = {r["predicate"] for r in triple_rows()}
    assert used <= set(onto.predicates)
    extra = yaml.safe_load((GRAPH / "ontology.yaml").read_text(encoding="utf-8")) or {}
    package = yaml.safe_load(PACKAGE_ONTOLOGY.read_text(encoding="utf-8"))
    for name in extra.get("predicates") or {}:
        assert name in used, f"graph/ontology.yaml adds {name!r} but no triple uses it"
        assert name not in package["predicates"], f"{name!r} silently overrides a package predicate"


def test_symmetric_predicates_are_written_one_way():
    predicates, _ = ontology()
    seen = {}
    for row in triple_rows():
        if not predicates.get(row["predicate"], {}).get("symmetric"):
            continue
        s, o = resolve(row["subject"]), resolve(row["object"])
        pair = frozenset((s, o))
        direction = seen.setdefault((row["predicate"], pair), (s, o))
        assert direction == (s, o), f"{where(row)}: {row['predicate']} {s}-{o} written both ways"


def test_same_fact_same_direction_across_sources():
    """A fact repeated across articles merges: no relation appears only reversed elsewhere."""
    keys = {(resolve(r["subject"]), r["predicate"], resolve(r["object"])) for r in triple_rows()}
    predicates, _ = ontology()
    for s, p, o in keys:
        if not predicates[p].get("symmetric"):
            continue
        assert (o, p, s) not in keys, f"{p} between {s} and {o} in both directions"


# ------------------------------------------------------------------------------ facts


@lru_cache(maxsize=None)
def graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for row in triple_rows():
        s, o = resolve(row["subject"]), resolve(row["object"])
        if G.has_edge(s, o, key=row["predicate"]):
            G[s][o][row["predicate"]]["rows"].append(row)
        else:
            G.add_edge(s, o, key=row["predicate"], predicate=row["predicate"], rows=[row])
    return G


def rows_of(subject: str, predicate: str, obj: str) -> list[dict]:
    s, o = resolve(subject), resolve(obj)
    G = graph()
    return G[s][o][predicate]["rows"] if G.has_edge(s, o, key=predicate) else []


def modality(row: dict) -> str:
    return row["modality"] or "asserted"


def acts_for() -> set[str]:
    predicates, _ = ontology()
    return {name for name, spec in predicates.items() if spec.get("acts_for")}


def principals_of(actor: str) -> set[str]:
    """The actors at the top of ``actor``'s chains of acts-for relations (itself if none)."""
    structural = acts_for()
    up = nx.DiGraph((u, v) for u, v, k in graph().edges(keys=True) if k in structural)
    if actor not in up:
        return {actor}
    reach = nx.descendants(up, actor) | {actor}
    return {n for n in reach if up.out_degree(n) == 0} or {actor}


def test_at_least_120_assertions():
    assert len(triple_rows()) >= 120
    assert len({(resolve(r["subject"]), r["predicate"], resolve(r["object"])) for r in triple_rows()}) >= 80


def test_the_design_card_aliases_resolve():
    for alias, actor in {"US": "united-states", "Wagner": "wagner-group", "junta": "mali-junta",
                         "Salgado": "olivier-salgado", "Maslov": "ivan-maslov", "Mali": "mali"}.items():
        assert resolve(alias) == actor


def test_the_three_design_card_triples_answer():
    """Mali –expels– Olivier Salgado (through its government), Wagner –supports– the junta,
    US –sanctions– Maslov: the first by the acts-for chain, the other two as annotated."""
    G = graph()
    expellers = {u for u, _, k in G.in_edges(resolve("Salgado"), keys=True) if k == "expels"}
    assert expellers == {resolve("junta")}
    assert principals_of(resolve("junta")) == {resolve("Mali")}
    assert G.has_edge(resolve("Wagner"), resolve("junta"), key="supports")
    assert G.has_edge(resolve("US"), resolve("Maslov"), key="sanctions")


def test_us_maslov_wagner_junta_chain():
    G = graph()
    us, maslov, wagner, junta = (resolve(n) for n in ("US", "Maslov", "Wagner Group", "the junta"))
    assert G.has_edge(us, maslov, key="sanctions")
    assert G.has_edge(maslov, wagner, key="official_of")
    assert not G.has_edge(maslov, wagner, key="leads"), "Maslov is Wagner's top official in Mali, not its leader"
    assert G.has_edge(wagner, junta, key="supports")
    chain = nx.MultiDiGraph(
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if k in ("sanctions", "official_of", "supports")
    )
    assert nx.shortest_path(chain, us, junta) == [us, maslov, wagner, junta]
    # the sanctions came "Last month" in an article of June 2023
    assert {r["date"] for r in G[us][maslov]["sanctions"]["rows"]} == {"2023-05"}


def test_salgado_expulsion_is_dated_august_2022():
    salgado = resolve("Olivier Salgado")
    rows = [r for r in triple_rows() if r["predicate"] == "expels" and resolve(r["object"]) == salgado]
    assert rows, "no expulsion of Salgado"
    assert {r["date"] for r in rows} == {"2022-08"}
    assert {resolve(r["subject"]) for r in rows} == {resolve("Malian authorities")}


def test_who_acts_for_whom():
    expected = {
        "Malian junta": "Mali", "Foreign Ministry of Mali": "Mali", "Abdoulaye Diop": "Mali",
        "Malian armed forces": "Mali", "Assimi Goïta": "Mali", "Bundeswehr": "Germany",
        "MINUSMA": "United Nations", "El-Ghassim Wane": "United Nations", "Olivier Salgado": "United Nations",
        "Guterres": "United Nations", "OHCHR": "United Nations", "UN Security Council": "United Nations",
        "Ivan Maslov": "Wagner Group", "Richard Mills": "United States", "Moura": "Mali", "Gao": "Mali",
        "Bamako (city)": "Mali",
    }
    for part, principal in expected.items():
        assert principals_of(resolve(part)) == {resolve(principal)}, part
    # on purpose not acts-for: independent experts, a former official, a permanent member
    for actor in ("UN experts", "Ahmedou Ould-Abdallah", "Russia"):
        assert principals_of(resolve(actor)) == {resolve(actor)}, actor
    assert resolve("Bamako") == resolve("junta") != resolve("Bamako (city)")


def test_every_place_lies_within_a_state():
    places = [a.id for a in actors().values() if a.kind == "place"]
    assert {"moura", "mopti", "gao", "timbuktu", "bamako-city"} <= set(places)
    G = graph()
    for place in places:
        within = nx.descendants(nx.DiGraph((u, v) for u, v, k in G.edges(keys=True) if k == "part_of"), place) \
            if place in G else set()
        assert any(actors()[w].kind == "state" for w in within), f"{place} lies within no state"


def test_places_are_where_things_happened():
    moura = resolve("Moura")
    at_moura = [r for r in triple_rows() if r["place"] and resolve(r["place"]) == moura]
    assert {r["predicate"] for r in at_moura} >= {"kills", "attacks"}
    assert any(r["place"] and resolve(r["place"]) == resolve("Gao") for r in triple_rows())


def test_moura_has_the_un_finding_and_its_denial():
    victims = resolve("civilians from Moura")
    for killer in ("Malian armed forces", "Wagner Group"):
        rows = rows_of(killer, "kills", "civilians from Moura")
        assert {modality(r) for r in rows} == {"alleged", "denied"}, killer
        assert all(resolve(r["place"]) == resolve("Moura") for r in rows)
        assert all(r["date"].startswith("2022-03") for r in rows)
    assert actors()[victims].kind == "collective"


def test_willingness_plans_and_opinions_are_not_facts():
    for row in rows_of("junta", "cooperates_with", "United Nations"):
        if row["date"] == "2023-06-16":
            assert modality(row) == "intended", where(row)
    assert {modality(r) for r in rows_of("Bundeswehr", "withdraws_from", "MINUSMA")} == {"hypothetical"}
    germany = rows_of("Germany", "withdraws_from", "MINUSMA")
    assert {modality(r) for r in germany} == {"intended"}
    assert not any(r["date"].startswith("2024") for r in germany), "a plan's deadline is not an event date"
    opinion = [r for r in rows_of("junta", "restricts", "MINUSMA") if "does not want" in r["quote"]]
    assert opinion and {modality(r) for r in opinion} == {"alleged"}
    for row in rows_of("Mali", "cooperates_with", "France"):
        assert dates.check(row["date"]) is None and row["date"] and row["date"] <= "2022~", (
            f"{where(row)}: the partnership with France deteriorated; it is not current")


# Quotes that say someone is willing, ready, committed or hoping: the row is not a plain fact,
# except where the predicate names the act of asking or the standing relation.
INTENT_WORDS = ("willing to", "ready to", "wants to", "intended to", "aimed to", "committed to", "we hope",
                "would abide", "would adhere", "would probably", "pushing for")
INTENT_EXCEPTIONS = {
    # the Council's mandates, which the mission says it would adhere to, exist
    ("247newsreel-2023-06-mali-asks-un-peacekeepers-to-leave", "un-security-council", "mandates", "minusma"),
    # pushing for freedom of movement is the act of appealing
    ("247newsreel-2023-06-mali-asks-un-peacekeepers-to-leave", "united-nations", "appeals_to", "mali-junta"),
    # "wants to" is Germany's plan for its soldiers; the Bundeswehr being Germany's is no plan
    ("2023-06-mali-demands-minusma-withdrawal-bundeswehr", "bundeswehr", "part_of", "germany"),
}


def test_quotes_of_intent_are_not_asserted():
    problems = []
    for row in triple_rows():
        key = (row["source"], resolve(row["subject"]), row["predicate"], resolve(row["object"]))
        if any(w in row["quote"] for w in INTENT_WORDS) and modality(row) == "asserted" and key not in INTENT_EXCEPTIONS:
            problems.append(f"{where(row)}: {row['quote']!r} is asserted")
    assert not problems, "\n".join(problems)


def test_unsupported_rows_stay_out():
    G = graph()
    cma = resolve("CMA")
    for attacker in ("MINUSMA", "junta"):
        assert not G.has_edge(resolve(attacker), cma, key="attacks"), attacker
    for removed in ("reuters", "agence-france-presse", "un-secretary-general-office"):
        assert removed not in actors()


def test_key_facts_of_june_2023():
    G = graph()
    diop, minusma, unsc = resolve("Diop"), resolve("MINUSMA"), resolve("Security Council")
    demand = G[diop][minusma]["demands_withdrawal_of"]["rows"]
    assert len({r["source"] for r in demand}) >= 4, "Diop's demand is in four articles"
    assert all(r["date"] for r in demand), "every report of the speech is dated"
    assert {r["date"] for r in demand} == {"2023-06-16", "2023-06"}
    for row in demand:
        if row["date"] == "2023-06":  # the article without a day: its publication month
            assert row["date"] == sources()[row["source"]]["published"]
        assert "16 June 2023" in row["note"] or "this article" in row["note"], where(row)
    assert G.has_edge(diop, unsc, key="appeals_to")
    agreement = resolve("2015 Algiers accord")
    assert actors()[agreement].kind == "agreement"
    signatories = {u for u, _, k in G.in_edges(agreement, keys=True) if k == "signs"}
    assert signatories == {resolve("Mali"), resolve("CMA"), resolve("Platform")}
    wane = {r["source"] for r in rows_of("El-Ghassim Wane", "acknowledges", "Mali")}
    assert len(wane) == 3, "Wane's reaction is in three articles"


def test_the_january_article_dates_the_council_meeting():
    january = "2023-01-diop-rejects-guterres-minusma-options"
    speakers = {resolve(n) for n in ("Diop", "Richard Mills", "United States")}
    for row in triple_rows():
        if row["source"] == january and resolve(row["subject"]) in speakers and row["predicate"] != "official_of":
            assert row["date"] == "2023-01", f"{where(row)}: the Council meeting of January 2023"
    assert sources()[january]["published"] == "2023-01"


def test_every_row_carries_a_reason_where_the_review_doubted_it():
    """Rows the review questioned and the analyst kept say why in their note."""
    for subject, predicate, obj in (("junta", "cooperates_with", "United Nations"), ("Mali", "cooperates_with", "France"),
                                    ("junta", "restricts", "MINUSMA"), ("Bundeswehr", "withdraws_from", "MINUSMA")):
        for row in rows_of(subject, predicate, obj):
            assert row["note"].strip(), f"{where(row)}: no note"


# ------------------------------------------------------------------------------ through the package


def test_the_package_validates_graph_with_zero_errors_and_zero_warnings():
    from sahelgraph.readers import read_triples

    batch = read_triples(GRAPH)
    assert [str(d) for d in batch.diagnostics] == []
    assert (batch.rows_read, len(batch.assertions)) == (len(triple_rows()), len(triple_rows()))


def test_the_loaded_store_has_the_hand_checked_chain_and_dates(sahel_db):
    from sahelgraph.analysis.rollup import roll_up
    from sahelgraph.stores.embedded import EmbeddedStore

    G = EmbeddedStore(sahel_db).graph()
    assert G.has_edge("united-states", "ivan-maslov", "sanctions")
    assert G.has_edge("ivan-maslov", "wagner-group", "official_of")
    assert G.has_edge("wagner-group", "mali-junta", "supports")
    expulsion = G["mali-junta"]["olivier-salgado"]["expels"]
    assert {e["date"] for e in expulsion["evidence"]} == {"2022-08"}
    # Mali –expels– Olivier Salgado through its government, when rolled up into Mali (and Salgado)
    H = roll_up(G, actors=["mali", "olivier-salgado"])
    assert {e["through"] for e in H["mali"]["olivier-salgado"]["expels"]["evidence"]} == {"mali-junta"}
    # the stored evidence keeps modality and place
    kills = G["malian-armed-forces"]["moura-civilians"]["kills"]["evidence"]
    assert {e["modality"] for e in kills} == {"alleged", "denied"}
    assert {e["place"] for e in kills} == {"moura"}
