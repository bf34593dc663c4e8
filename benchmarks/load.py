"""Benchmark: ``sahelgraph load DIR`` against LadybugDB's own ``COPY FROM`` of the same data.

One run generates a synthetic dataset of N annotated triples in a temporary directory
(default 1,000,000 rows; ~20k actors with aliases, 40 predicates: the package's 27 plus 13
declared in the dataset's ontology.yaml, quotes of 80-300 characters, partial dates and
intervals, a few hundred sources, confidences as numbers, words or empty, notes on some rows,
~1.5% exact duplicate rows, ~40% of rows more evidence for a relation
already seen), then times, each in a subprocess of its own:

1. ``python -m sahelgraph --db X load DIR``, the real CLI, end to end;
2. the reference: the same data already resolved and merged (one row per relation with
   its evidence lists, i.e. exactly the Parquet files the embedded store would COPY,
   prepared beforehand and outside the timing) loaded with LadybugDB's ``COPY FROM`` into a
   fresh database with the same schema (built from ``sahelgraph.stores.embedded``'s
   column constants).

and prints both wall times, the ratio (sahelgraph / reference) and both peak RSS
(``ru_maxrss`` of that one child, from ``os.wait4``). Targets at 1M rows: ratio <= 1.3 and
peak memory <= 1 GB. Both databases are then compared (node counts, relation counts and
evidence totals per table) and sahelgraph's own report is checked against the generator's
ground truth, so a fast but wrong load does not pass unnoticed.

The dataset's ground truth (resolved ids, merged relations) is computed by the generator
from what it generated, independently of the package's readers.

Usage::

    python benchmarks/load.py                  # 1,000,000 rows
    python benchmarks/load.py --rows 100000 --keep
    python benchmarks/load.py --rows 200000 --profile /tmp/load.prof   # + cProfile top 15
    python benchmarks/load.py --repeat 3       # best of 3 of each, alternating

Wall times move a lot when other work shares the machine (the COPY side is partly I/O
bound): use ``--repeat`` and read the CPU-time ratio printed beside the wall-time one.

Memory note: a child's ru_maxrss includes the high-water RSS of the process it was
forked from (Linux carries it across exec), so this parent stays small: the dataset is
generated in a subprocess, and the parent imports nothing heavy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO_TARGET = 1.3
MEMORY_TARGET_MB = 1024  # 1 GB
INCREMENTAL_TARGET = 0.05  # 1,000 rows into the store: <= 5% of the full load
EXTRA_ROWS = 1000
ROWS_PER_FILE = 100_000
REPEAT_SHARE = 0.4  # share of rows that add evidence to a relation seen before

# ------------------------------------------------------------------------------------------
# generation (runs in a subprocess: `load.py --internal generate DIR ROWS ACTORS SEED`)
# ------------------------------------------------------------------------------------------

EXTRA_ONTOLOGY = """\
# Benchmark additions to the package vocabulary: 13 predicates, so the dataset has 40.
predicates:
  funds:
    description: finances
    polarity: 1
    inverse: funded_by
    cameo: "071"
    plover: AID
  arms:
    description: supplies weapons to
    polarity: 1
    inverse: armed_by
    cameo: "0711"
    plover: AID
  trains:
    description: trains the forces of
    polarity: 1
    inverse: trained_by
    plover: AID
  condemns:
    description: publicly condemns
    polarity: -1
    inverse: condemned_by
    cameo: "111"
    plover: ACCUSE
  welcomes:
    description: publicly welcomes a step taken by
    polarity: 1
    inverse: welcomed_by
    cameo: "051"
    plover: AGREE
  recognizes:
    description: recognises the authority or legitimacy of
    polarity: 1
    inverse: recognized_by
    plover: AGREE
  kidnaps:
    description: abducts or takes hostage
    polarity: -1
    inverse: kidnapped_by
    cameo: "181"
    plover: ASSAULT
    object_kinds: [person, unknown]
  releases:
    description: releases a hostage or prisoner
    polarity: 1
    inverse: released_by
    object_kinds: [person, unknown]
  clashes_with:
    description: fights a battle or skirmish with
    polarity: -1
    symmetric: true
    cameo: "190"
    plover: ASSAULT
  evacuates_from:
    description: evacuates staff or citizens from
    polarity: 0
    inverse: evacuated_by
  blockades:
    description: blockades or besieges
    polarity: -1
    inverse: blockaded_by
    cameo: "191"
    plover: COERCE
  recruits_in:
    description: recruits fighters or staff in
    polarity: 0
    inverse: recruited_in_by
  mediates_with:
    description: mediates in a conflict involving
    polarity: 1
    inverse: mediated_by
    cameo: "046"
    plover: CONSULT
"""

# actor kinds and their share of the actors
KIND_SHARES = [("person", 0.45), ("armed_group", 0.09), ("state", 0.01), ("government", 0.03),
               ("military", 0.03), ("military_unit", 0.06), ("coalition", 0.03), ("pmc", 0.02),
               ("igo", 0.05), ("ngo", 0.08), ("media", 0.06), ("company", 0.05),
               ("agreement", 0.04)]

WORDS = ("the of and to in on a for with said that its forces government military troops "
         "mission withdrawal security minister spokesman statement officials told reporters "
         "according agreement ceasefire attack attacks army ministry region northern central "
         "border town village convoy soldiers fighters jihadist militia peacekeepers operation "
         "sanctions talks delegation negotiations envoy council resolution vote mandate "
         "humanitarian aid civilians killed wounded displaced allegedly reportedly denied "
         "accused condemned welcomed rejected demanded urged announced week month last "
         "Thursday Friday Monday capital authorities junta transition election elections "
         "coup president colonel general prime foreign affairs defence defense interior "
         "relations cooperation partnership support training equipment drones helicopters "
         "base bases deployment deployed contingent battalion patrol camp airport road "
         "gold mine mines company contract contracts payment payments million dollars euros "
         "Bamako Niamey Ouagadougou Gao Kidal Timbuktu Ménaka Mopti Ségou Tillabéri Dori "
         "l’armée « » d’après selon les autorités ont déclaré").split()

SYLLABLES = ("ba bou da dou fa ga ha ka ki ko kou la li lo ma mi mo mou na ne ni no ou "
             "ra ri sa se si so sou ta ti to tou wa ya yé za zi ïa ô ca dja gui").split()



def load_report(text: str) -> dict:
    """``sahelgraph load --format json`` (one object) with the names the checks use."""
    report = json.loads(text)
    names = {"rows_read": "rows read", "duplicates": "duplicates merged"}
    return {names.get(k, k): v for k, v in report.items()}

def _word(rng, lo, hi) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi))).capitalize()


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def _make_actors(rng, count: int):
    """[(id, name, kind, aliases, country, description)], every spelling unique after
    sahelgraph's normalisation (read_actors rejects a spelling that names two actors)."""
    from sahelgraph.resolve import normalize

    owner: dict[str, int] = {}
    places = [_word(rng, 2, 4) for _ in range(4000)]
    firsts = [_word(rng, 2, 3) for _ in range(600)]
    lasts = [_word(rng, 2, 4) for _ in range(6000)]
    nouns = ("Front Movement Coalition Alliance Brigade Council Union Committee Mission Office "
             "Force Group Network Agency Fund Institute Observatory Company Service").split()
    adjs = ("National Popular Democratic Islamic Patriotic United Free Revolutionary Joint "
            "Regional International Independent Strategic Sahelian Saharan Western").split()
    templates = {
        "state": lambda p: (p, [f"Republic of {p}", f"{p}n"]),
        "government": lambda p: (f"Government of {p}", [f"{p} authorities", f"the {p} government"]),
        "military": lambda p: (f"Armed Forces of {p}", [f"{p} army", f"the {p} military"]),
        "military_unit": lambda p: (f"Operation {p}", [f"{p} task force"]),
        "coalition": lambda p: (f"{rng.choice(adjs)} Coalition of {p}", []),
        "pmc": lambda p: (f"{p} Group", [f"{p} PMC", f"{p} mercenaries"]),
        "igo": lambda p: (f"{rng.choice(adjs)} {rng.choice(nouns)} in {p}", []),
        "ngo": lambda p: (f"{p} {rng.choice(adjs)} {rng.choice(nouns)}", []),
        "media": lambda p: (f"{p} {rng.choice(['Radio', 'Times', 'Press', 'News', 'TV'])}", []),
        "company": lambda p: (f"{p} {rng.choice(['Mining', 'Gold', 'Energy', 'Logistics'])} SA", []),
        "agreement": lambda p: (f"{p} {rng.choice(['Accord', 'Agreement', 'Peace Agreement'])}", []),
        "armed_group": lambda p: (f"{rng.choice(adjs)} {rng.choice(nouns)} for the "
                                  f"{rng.choice(['Liberation', 'Salvation', 'Defence'])} of {p}",
                                  [f"the {p} rebels"]),
    }
    actors = []
    kinds = rng.choices([k for k, _ in KIND_SHARES], weights=[w for _, w in KIND_SHARES], k=count)
    for index, kind in enumerate(kinds):
        for attempt in range(100):
            if kind == "person":
                first, last = rng.choice(firsts), rng.choice(lasts)
                name = f"{first} {last}" if attempt < 20 else f"{first} {_word(rng, 2, 3)} {last}"
                aliases = [f"{first[0]}. {last}", last, f"{rng.choice(['Col.', 'Gen.', 'Mr', 'Dr'])} {last}"]
            else:
                place = rng.choice(places) if attempt < 20 else f"{rng.choice(places)} {_word(rng, 2, 3)}"
                name, aliases = templates[kind](place)
                if _acronym(name) and len(_acronym(name)) >= 2:
                    aliases.append(_acronym(name))
            key = normalize(name)
            if key and key not in owner:
                break
        else:
            raise RuntimeError("could not make a unique actor name")
        actor_id = key.replace(" ", "-")
        owner[key] = index
        kept = []
        for alias in aliases:
            alias_key = normalize(alias)
            if alias_key and owner.setdefault(alias_key, index) == index and alias_key != key:
                kept.append(alias)
        country = rng.choice(places[:60]) if rng.random() < 0.8 else None
        description = (f"a {kind.replace('_', ' ')} active in {rng.choice(places[:60])}"
                       if rng.random() < 0.6 else None)
        actors.append((actor_id, name, kind, kept, country, description))
    return actors


def _make_sources(rng, count: int):
    outlets = ["Reuters", "AFP", "AP", "RFI", "Jeune Afrique", "Le Monde", "DW", "Al Jazeera",
               "BBC", "Studio Tamani", "Sahelien", "Le Faso", "ActuNiger", "Mali Web"]
    sources = []
    for index in range(count):
        outlet = rng.choice(outlets)
        year, month, day = rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)
        published = rng.choice([f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}"])
        sid = f"{outlet.lower().replace(' ', '-')}-{published}-{index:04d}"
        sources.append((sid, f"{_word(rng, 2, 3)} {' '.join(rng.choices(WORDS, k=6))}", outlet,
                        published, f"https://example.org/{sid}" if rng.random() < 0.7 else None,
                        rng.choice(["en", "fr"]), None,
                        "benchmark source" if rng.random() < 0.2 else None))
    return sources


def _date(rng) -> str:
    r = rng.random()
    year = rng.randint(2012, 2024)
    if r < 0.07:
        return ""
    if r < 0.62:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if r < 0.87:
        return f"{year}-{rng.randint(1, 12):02d}"
    if r < 0.97:
        return str(year)
    return f"{year}/{min(year + rng.randint(0, 2), 2024)}-{rng.randint(1, 12):02d}"


def _cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def generate(root: Path, rows: int, actor_count: int, seed: int) -> dict:
    """Write the dataset to root/dataset and the reference Parquet files to root/parquet.

    Returns the ground truth as a dict (also written to root/expected.json).
    """
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    from sahelgraph import dates
    from sahelgraph.ontology import load_ontology
    from sahelgraph.stores.embedded import (ACTOR_COLUMNS, ARROW_TYPES, EVIDENCE_COLUMNS,
                                            PER_RELATION, PREDICATE_COLUMNS, RELATION_COLUMNS,
                                            SOURCE_COLUMNS)

    rng = random.Random(seed)
    dataset, parquet = root / "dataset", root / "parquet"
    (dataset / "triples").mkdir(parents=True)
    parquet.mkdir()

    # ontology: the package's 27 predicates + 13 here
    (dataset / "ontology.yaml").write_text(EXTRA_ONTOLOGY, encoding="utf-8")
    ontology = load_ontology(dataset / "ontology.yaml")
    predicates = ontology.predicates

    # actors and sources
    actors = _make_actors(rng, actor_count)
    sources = _make_sources(rng, 300)
    with open(dataset / "actors.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("id\tname\tkind\tcountry\taliases\tdescription\n")
        for aid, name, kind, aliases, country, description in actors:
            out.write(f"{aid}\t{name}\t{kind}\t{country or ''}\t{' | '.join(aliases)}\t{description or ''}\n")
    with open(dataset / "sources.tsv", "w", encoding="utf-8", newline="\n") as out:
        out.write("id\ttitle\toutlet\tpublished\turl\tlanguage\tfile\tnote\n")
        for source in sources:
            out.write("\t".join(v or "" for v in source) + "\n")

    # who may stand on each side of each predicate; popularity is skewed (a few actors and
    # predicates are in most rows), so relations gather several pieces of evidence
    order = list(range(len(actors)))
    rng.shuffle(order)
    popularity = [0.0] * len(actors)
    for rank, index in enumerate(order):
        popularity[index] = 1.0 / (rank + 5) ** 1.1
    pools = {}
    for name, predicate in predicates.items():
        sides = []
        for allowed in (predicate.subject_kinds, predicate.object_kinds):
            members = [i for i, a in enumerate(actors) if not allowed or a[2] in allowed]
            sides.append((members, _cumulative(popularity[i] for i in members)))
        pools[name] = sides
    predicate_names = sorted(predicates)
    predicate_weights = [1.0 / (rank + 3) for rank in range(len(predicate_names))]
    rng.shuffle(predicate_weights)

    # the spellings an annotator uses for an actor: mostly its name, often an alias,
    # sometimes the id or a change of case
    def spelling(index: int) -> str:
        aid, name, _, aliases, _, _ = actors[index]
        r = rng.random()
        if r < 0.5 or (r < 0.85 and not aliases):
            return name
        if r < 0.85:
            return rng.choice(aliases)
        if r < 0.9:
            return aid
        return name.upper() if r < 0.95 else name.lower()

    corpus = " ".join(rng.choices(WORDS, k=400_000))
    corpus = corpus.replace(" said ", " said, ").replace(" week ", " week. The ")
    source_ids = [s[0] for s in sources]
    source_cum = _cumulative(1.0 / (r + 5) for r in range(len(source_ids)))

    # rows, as (subject index, predicate, object index, subject text, object text,
    #           date, source, quote, confidence text, note)
    chosen = rng.choices(predicate_names, weights=predicate_weights, k=rows + EXTRA_ROWS)
    by_predicate: dict[str, list[int]] = {}
    for position, name in enumerate(chosen):
        by_predicate.setdefault(name, []).append(position)
    pairs: list = [None] * (rows + EXTRA_ROWS)
    for name, positions in by_predicate.items():
        (subjects, s_cum), (objects, o_cum) = pools[name]
        for position in positions:
            while True:
                s = rng.choices(subjects, cum_weights=s_cum)[0]
                o = rng.choices(objects, cum_weights=o_cum)[0]
                if s != o:
                    break
            pairs[position] = (s, o)
    confidences = ["", "", "1.0", "0.9", "0.8", "0.75", "0.7", "0.6", "0.5", "0.4", "0.3",
                   "high", "medium", "low", "1", "0.95"]
    notes = ["translated from French", "date inferred from context", "reported, not confirmed",
             "according to a local official", "figure disputed by the government",
             "second-hand account", "annotator unsure of the object"]
    records = []
    for position in range(rows + EXTRA_ROWS):
        if position > 10 and rng.random() < 0.015:
            # an exact duplicate of an earlier row (same date, source and quote), spelled anew
            s, predicate, o, _, _, date, source, quote, _, _ = records[rng.randrange(position)]
            if predicates[predicate].symmetric and rng.random() < 0.5:
                s, o = o, s
        else:
            if position > 10 and rng.random() < REPEAT_SHARE:
                # more evidence for a relation already seen (preferential attachment, so
                # the evidence per relation is heavy-tailed, as in news)
                s, predicate, o = records[rng.randrange(position)][:3]
                if predicates[predicate].symmetric and rng.random() < 0.3:
                    s, o = o, s
            else:
                predicate = chosen[position]
                s, o = pairs[position]
            date = _date(rng)
            source = source_ids[rng.choices(range(len(source_ids)), cum_weights=source_cum)[0]]
            length = rng.randint(80, 300)
            head = f"{actors[s][1]} {predicate.replace('_', ' ')} {actors[o][1]}, "
            start = corpus.find(" ", rng.randrange(len(corpus) - 400)) + 1
            quote = head + corpus[start:start + max(0, length - len(head))]
            quote = quote[:quote.rfind(" ")].strip(" ,") if len(quote) > 80 else quote.strip()
        confidence = rng.choice(confidences)
        note = rng.choice(notes) if rng.random() < 0.1 else ""
        records.append((s, predicate, o, spelling(s), spelling(o), date, source, quote,
                        confidence, note))

    # the triple files; the extra rows go to extra/extra.tsv, loaded into the full store
    (root / "extra").mkdir()
    extra_path = root / "extra" / "extra.tsv"
    with open(extra_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n")
        out.writelines(f"{r[3]}\t{r[1]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{r[8]}\t{r[9]}\n"
                       for r in records[rows:])
    extra_records, records = records[rows:], records[:rows]
    paths = []
    for number, first in enumerate(range(0, rows, ROWS_PER_FILE)):
        path = dataset / "triples" / f"part-{number:03d}.tsv"
        paths.append(path)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write("subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n")
            out.writelines(
                f"{r[3]}\t{r[1]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{r[8]}\t{r[9]}\n"
                for r in records[first:first + ROWS_PER_FILE])

    # ground truth: resolve (known ids), orient symmetric relations as first seen, merge
    # evidence by (date, source, quote), exactly as documented in sahelgraph.model.merge
    words = {"high": 0.9, "medium": 0.6, "low": 0.3}
    relations: dict[tuple, list] = {}
    seen: dict[tuple, set] = {}
    symmetric_seen: set = set()
    loaded = duplicates = 0
    for position, (s, predicate, o, _, _, date, source, quote, confidence, note) in enumerate(records):
        subject, obj = actors[s][0], actors[o][0]
        if predicates[predicate].symmetric:
            if (obj, predicate, subject) in symmetric_seen:
                subject, obj = obj, subject
            symmetric_seen.add((subject, predicate, obj))
        key = (subject, predicate, obj)
        evidence_key = (date, source, quote)
        keys = seen.setdefault(key, set())
        if evidence_key in keys:
            duplicates += 1
            continue
        keys.add(evidence_key)
        loaded += 1
        conf = 1.0 if confidence == "" else words.get(confidence) or float(confidence)
        file_number, row_in_file = divmod(position, ROWS_PER_FILE)
        relations.setdefault(key, []).append(
            (date, source, quote, conf, note, str(paths[file_number]), row_in_file + 2))

    # the extra rows, merged into the same relations: what loading them must report
    extra_loaded = extra_duplicates = 0
    after = {key: set(keys) for key, keys in seen.items()}
    for s, predicate, o, _, _, date, source, quote, _, _ in extra_records:
        subject, obj = actors[s][0], actors[o][0]
        if predicates[predicate].symmetric:
            if (obj, predicate, subject) in symmetric_seen:
                subject, obj = obj, subject
            symmetric_seen.add((subject, predicate, obj))
        keys = after.setdefault((subject, predicate, obj), set())
        if (date, source, quote) in keys:
            extra_duplicates += 1
        else:
            keys.add((date, source, quote))
            extra_loaded += 1

    def write(table, columns, rows_):
        schema = pa.schema([(c, ARROW_TYPES[t.split()[0]]) for c, t in columns])
        arrays = list(zip(*rows_))
        pq.write_table(pa.table([pa.array(list(col), type=schema.field(i).type)
                                 for i, col in enumerate(arrays)], schema=schema),
                       parquet / f"{table}.parquet")
        return table

    def ident(name):
        return "`" + name.replace("`", "``") + "`"

    ddl = [f"CREATE NODE TABLE {t}(" + ", ".join(f"{ident(c)} {k}" for c, k in cols) + ")"
           for t, cols in (("Actor", ACTOR_COLUMNS), ("Source", SOURCE_COLUMNS),
                           ("Predicate", PREDICATE_COLUMNS), ("Evidence", EVIDENCE_COLUMNS))]
    ddl += [f"CREATE REL TABLE {ident(p.rel_type)}(FROM Actor TO Actor, "
            + ", ".join(f"{ident(c)} {k}" for c, k in RELATION_COLUMNS) + ")"
            for p in predicates.values()]
    copies = [write("Actor", ACTOR_COLUMNS, [a for a in actors]),
              write("Source", SOURCE_COLUMNS, [s + (None,) for s in sources]),
              write("Predicate", PREDICATE_COLUMNS, [
                  (p.name, p.description, p.symmetric, p.inverse, p.polarity, p.cameo, p.plover,
                   p.subject_kinds, p.object_kinds, p.acts_for) for p in predicates.values()])]
    grouped: dict[str, list] = {}
    for (subject, predicate, obj), evidence in relations.items():
        grouped.setdefault(predicate, []).append((subject, obj, evidence))
    rel_columns = [("from", "STRING"), ("to", "STRING")] + RELATION_COLUMNS
    per_table = {}
    evidence_rows = []
    next_id = 0
    for predicate, rels in grouped.items():
        p = predicates[predicate]
        rows_ = []
        for subject, obj, evidence in rels:
            rid, next_id = next_id, next_id + 1
            dated = [e[0] for e in evidence if e[0]]
            rows_.append((subject, obj, rid, p.polarity, len(evidence),
                          min(dated, key=dates.start_key) if dated else None,
                          max(dated, key=dates.end_key) if dated else None,
                          max(e[3] for e in evidence)))
            evidence_rows += [(rid * PER_RELATION + i, rid, subject, predicate, obj, e[0] or None,
                               e[1], e[2], e[3], "asserted", None, e[4] or None, None, e[5], e[6])
                              for i, e in enumerate(evidence)]
        copies.append(write(p.rel_type, rel_columns, rows_))
        per_table[p.rel_type] = [len(rels), sum(len(e) for _, _, e in rels)]
    copies.append(write("Evidence", EVIDENCE_COLUMNS, evidence_rows))
    del evidence_rows
    expected = {
        "rows": rows, "loaded": loaded, "duplicates": duplicates, "relations": len(relations),
        "actors": len(actors), "sources": len(sources), "predicates": len(predicates),
        "aliases": sum(len(a[3]) for a in actors),
        "dataset_mb": sum(p.stat().st_size for p in dataset.rglob("*") if p.is_file()) / 2**20,
        "parquet_mb": sum(p.stat().st_size for p in parquet.iterdir()) / 2**20,
        "ddl": ddl, "copies": [[t, str(parquet / f"{t}.parquet")] for t in copies],
        "per_table": per_table,
        "extra": {"rows": EXTRA_ROWS, "loaded": extra_loaded, "duplicates": extra_duplicates,
                  "relations": len(after)},
    }
    (root / "expected.json").write_text(json.dumps(expected, indent=1), encoding="utf-8")
    return expected


# ------------------------------------------------------------------------------------------
# the reference load (runs in a subprocess: `load.py --internal reference DB EXPECTED_JSON`)
# ------------------------------------------------------------------------------------------

def reference(db: str, expected_json: str) -> None:
    """Create the schema and COPY the prepared Parquet files: LadybugDB doing only its part."""
    import ladybug

    started = time.perf_counter()
    plan = json.loads(Path(expected_json).read_text(encoding="utf-8"))
    database = ladybug.Database(db)
    conn = ladybug.Connection(database)
    try:
        for statement in plan["ddl"]:
            conn.execute(statement)
        copy_started = time.perf_counter()
        for table, path in plan["copies"]:
            literal = path.replace("\\", "\\\\").replace("'", "\\'")
            conn.execute(f"COPY `{table}` FROM '{literal}'")
        conn.execute("CHECKPOINT")
        copy_seconds = time.perf_counter() - copy_started
    finally:
        conn.close()
        database.close()
    print(json.dumps({"copy_seconds": copy_seconds, "inside_seconds": time.perf_counter() - started}))


# ------------------------------------------------------------------------------------------
# the incremental load in parts (runs in a subprocess: `load.py --internal parts DB FOLDER`)
# ------------------------------------------------------------------------------------------

def parts(db: str, folder: str) -> None:
    """The incremental load in-process, as the CLI runs it, timed part by part (wall and CPU
    of this process, LadybugDB's threads included): importing the package, reading the files
    (the store's actors, sources and predicates, then the rows resolved against them),
    working out the changes on a read-only connection, copying the file, writing the
    changes, LadybugDB's CHECKPOINT, and the rest (lock, schema check, opening and closing,
    the rename). Printed as JSON: {part: [wall, cpu]}."""
    import resource

    def clock():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return time.perf_counter(), usage.ru_utime + usage.ru_stime

    spent: dict[str, list[float]] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            wall, cpu = clock()
            try:
                return function(*args, **kwargs)
            finally:
                now_wall, now_cpu = clock()
                total = spent.setdefault(name, [0.0, 0.0])
                total[0] += now_wall - wall
                total[1] += now_cpu - cpu
        return wrapper

    started = clock()
    import ladybug

    from sahelgraph.readers import read_triples
    from sahelgraph.stores import embedded

    now = clock()
    spent["import"] = [now[0] - started[0], now[1] - started[1]]
    execute = ladybug.Connection.execute

    def execute_timed(conn, query, *args, **kwargs):
        if query == "CHECKPOINT":
            return timed("checkpoint", execute)(conn, query, *args, **kwargs)
        return execute(conn, query, *args, **kwargs)

    ladybug.Connection.execute = execute_timed
    embedded._plan = timed("plan", embedded._plan)
    embedded._apply = timed("apply", embedded._apply)
    embedded.shutil.copyfile = timed("copy", embedded.shutil.copyfile)
    store = embedded.EmbeddedStore(db)
    batch = timed("read", lambda: read_triples(folder, known=store.known()))()
    report = timed("load", store.load)(batch)
    load = spent.pop("load")
    inside = [sum(spent.get(k, [0, 0])[i] for k in ("plan", "copy", "apply", "checkpoint")) for i in (0, 1)]
    spent["rest"] = [load[0] - inside[0], load[1] - inside[1]]
    ended = clock()
    spent["total"] = [ended[0] - started[0], ended[1] - started[1]]
    print(json.dumps({"parts": spent, "loaded": report.loaded}))


# ------------------------------------------------------------------------------------------
# checking (runs in a subprocess: `load.py --internal summarize DB EXPECTED_JSON`)
# ------------------------------------------------------------------------------------------

def summarize(db: str, expected_json: str) -> None:
    """What a database holds: node counts, and per relationship table its relations and
    evidence, plus a few spot values; printed as JSON so two databases can be compared."""
    import ladybug

    plan = json.loads(Path(expected_json).read_text(encoding="utf-8"))
    database = ladybug.Database(db, read_only=True)
    conn = ladybug.Connection(database)
    out = {}
    try:
        for table in ("Actor", "Source", "Predicate"):
            out[table] = conn.execute(f"MATCH (n:{table}) RETURN count(n)").get_all()[0][0]
        out["aliases"] = conn.execute("MATCH (a:Actor) RETURN sum(size(a.aliases))").get_all()[0][0]
        for statement in plan["ddl"]:
            if not statement.startswith("CREATE REL TABLE"):
                continue
            table = statement.split("`")[1]
            out[table] = conn.execute(
                f"MATCH (a:Actor)-[r:`{table}`]->(b:Actor) RETURN count(r), sum(r.weight), "
                "min(r.first_date), max(r.last_date), "
                "round(sum(r.confidence), 6), sum(r.polarity)").get_all()[0]
        for predicate, count, quotes, notes, confidence in conn.execute(
                "MATCH (e:Evidence) RETURN e.predicate, count(*), sum(size(e.quote)), count(e.note), "
                "round(sum(e.confidence), 6)").get_all():
            out[f"evidence of {predicate}"] = [count, quotes, notes, confidence]
    finally:
        conn.close()
        database.close()
    print(json.dumps(out, default=str))


# ------------------------------------------------------------------------------------------
# the driver
# ------------------------------------------------------------------------------------------

def measured(cmd: list[str], log: Path) -> dict:
    """Run ``cmd`` as a child; its wall time, CPU time and peak RSS (this child only)."""
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
              "rc": proc.returncode, "stdout": log.with_suffix(".out").read_text(errors="replace"),
              "stderr": log.with_suffix(".err").read_text(errors="replace")}
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{result['stderr'][-3000:]}")
    return result


def _internal(args: list[str]) -> None:
    what, *rest = args
    if what == "generate":
        root, rows, actors, seed = rest
        generate(Path(root), int(rows), int(actors), int(seed))
    elif what == "reference":
        reference(*rest)
    elif what == "summarize":
        summarize(*rest)
    elif what == "parts":
        parts(*rest)
    else:
        sys.exit(f"unknown internal step {what}")


def _package_state() -> str:
    """Which sahelgraph was measured: its git commit (and whether the tree was dirty)."""
    try:
        import importlib.util

        origin = Path(list(importlib.util.find_spec("sahelgraph").submodule_search_locations)[0])
        described = subprocess.run(["git", "-C", str(origin), "describe", "--always", "--dirty"],
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{origin} at {described or 'unknown commit'}"
    except Exception as exc:  # only a label: never fail the benchmark over it
        return f"unknown ({exc})"


def _fmt_rows(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--internal"]:
        _internal(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="annotated triples (default 1,000,000)")
    parser.add_argument("--actors", type=int, default=20_000, help="actors (default 20,000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each side this many times, alternating, and keep the best (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--tmp", metavar="DIR", help="make the temporary directory under DIR")
    parser.add_argument("--profile", metavar="FILE.prof",
                        help="then also run the sahelgraph load under cProfile, save the stats "
                             "to FILE.prof and print the top 15 by cumulative and by own time")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="sahelgraph-bench-", dir=args.tmp))
    me = [sys.executable, os.path.abspath(__file__), "--internal"]
    try:
        print(f"generating {args.rows:,} rows in {root} ...", file=sys.stderr, flush=True)
        gen = measured(me + ["generate", str(root), str(args.rows), str(args.actors), str(args.seed)],
                       root / "generate")
        expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
        print(f"  {gen['wall']:.1f} s: {expected['actors']:,} actors ({expected['aliases']:,} aliases), "
              f"{expected['predicates']} predicates, {expected['sources']} sources, "
              f"{expected['relations']:,} relations, {expected['duplicates']:,} duplicate rows; "
              f"dataset {expected['dataset_mb']:.0f} MB, Parquet {expected['parquet_mb']:.0f} MB",
              file=sys.stderr, flush=True)

        load_before = os.getloadavg()[0]
        best: dict[str, dict] = {}
        for attempt in range(args.repeat):
            for side in ("sahelgraph", "reference"):
                db = root / f"{side}-{attempt}.lbdb"
                if side == "sahelgraph":
                    cmd = [sys.executable, "-m", "sahelgraph", "--db", str(db), "load",
                           str(root / "dataset"), "--format", "json"]
                else:
                    cmd = me + ["reference", str(db), str(root / "expected.json")]
                print(f"timing {side} ({attempt + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
                run = measured(cmd, root / f"{side}-{attempt}")
                run["db"] = db
                print(f"  {run['wall']:.1f} s, {run['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
                if side not in best or run["wall"] < best[side]["wall"]:
                    best[side] = run

        # the load must be right, not only fast
        report = load_report(best["sahelgraph"]["stdout"])
        want = {"rows read": expected["rows"], "loaded": expected["loaded"],
                "duplicates merged": expected["duplicates"], "rejected": 0,
                "actors": expected["actors"], "relations": expected["relations"],
                "sources": expected["sources"]}
        problems = [f"sahelgraph reported {k} = {report.get(k)}, expected {v}"
                    for k, v in want.items() if report.get(k) != v]
        summaries = {side: json.loads(measured(me + ["summarize", str(best[side]["db"]),
                                                     str(root / "expected.json")],
                                                root / f"summary-{side}")["stdout"])
                     for side in best}
        for key in sorted(set(summaries["sahelgraph"]) | set(summaries["reference"])):
            a, b = summaries["sahelgraph"].get(key), summaries["reference"].get(key)
            if a != b:
                problems.append(f"databases differ on {key}: sahelgraph {a}, reference {b}")

        # the incremental case: the extra rows into a copy of the full store, as often as
        # the full load was timed (best kept)
        for attempt in range(args.repeat):
            db = root / f"incremental-{attempt}.lbdb"
            shutil.copyfile(best["sahelgraph"]["db"], db)
            print(f"timing {EXTRA_ROWS:,} rows into the store ({attempt + 1}/{args.repeat}) ...",
                  file=sys.stderr, flush=True)
            run = measured([sys.executable, "-m", "sahelgraph", "--db", str(db), "load",
                            str(root / "extra"), "--format", "json"], root / f"incremental-{attempt}")
            print(f"  {run['wall']:.1f} s, {run['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
            if "incremental" not in best or run["wall"] < best["incremental"]["wall"]:
                best["incremental"] = run
            # the same load in-process, in parts (a fresh copy: the CLI run changed this one)
            shutil.copyfile(best["sahelgraph"]["db"], db)
            run = measured(me + ["parts", str(db), str(root / "extra")], root / f"parts-{attempt}")
            run["parts"] = json.loads(run["stdout"])
            if "parts" not in best or run["wall"] < best["parts"]["wall"]:
                best["parts"] = run
            db.unlink()
        extra = expected["extra"]
        if best["parts"]["parts"]["loaded"] != extra["loaded"]:
            problems.append(f"the in-process incremental load loaded {best['parts']['parts']['loaded']}, "
                            f"expected {extra['loaded']}")
        report = load_report(best["incremental"]["stdout"])
        want = {"rows read": extra["rows"], "loaded": extra["loaded"],
                "duplicates merged": extra["duplicates"], "rejected": 0,
                "relations": extra["relations"]}
        problems += [f"the incremental load reported {k} = {report.get(k)}, expected {v}"
                     for k, v in want.items() if report.get(k) != v]

        s, r, inc = best["sahelgraph"], best["reference"], best["incremental"]
        ratio = s["wall"] / r["wall"]
        inside = json.loads(r["stdout"])
        print()
        print(_fmt_rows([
            ["rows", "load", "wall s", "cpu s", "peak RSS MB"],
            [f"{args.rows:,}", "sahelgraph load", f"{s['wall']:.1f}", f"{s['cpu']:.1f}", f"{s['rss_mb']:.0f}"],
            [f"{args.rows:,}", "reference COPY", f"{r['wall']:.1f}", f"{r['cpu']:.1f}", f"{r['rss_mb']:.0f}"],
            [f"+{EXTRA_ROWS:,}", "incremental load", f"{inc['wall']:.1f}", f"{inc['cpu']:.1f}",
             f"{inc['rss_mb']:.0f}"],
        ]))
        print()
        print(f"ratio sahelgraph / reference: {ratio:.2f}  (target <= {RATIO_TARGET})  "
              f"{'OK' if ratio <= RATIO_TARGET else 'OVER'}")
        print(f"CPU-time ratio: {s['cpu'] / r['cpu']:.2f}  (less sensitive to other load on the "
              f"machine; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")
        print(f"sahelgraph peak memory: {s['rss_mb']:.0f} MB  (target <= {MEMORY_TARGET_MB} MB)  "
              f"{'OK' if s['rss_mb'] <= MEMORY_TARGET_MB else 'OVER'}; "
              f"memory ratio sahelgraph / reference: {s['rss_mb'] / r['rss_mb']:.2f}")
        share = inc["wall"] / s["wall"]
        print(f"incremental: {EXTRA_ROWS:,} rows into the {args.rows:,}-row store take "
              f"{share:.1%} of the full load (target <= {INCREMENTAL_TARGET:.0%})  "
              f"{'OK' if share <= INCREMENTAL_TARGET else 'OVER'}; CPU {inc['cpu'] / s['cpu']:.1%}")
        split = best["parts"]["parts"]["parts"]
        names = {"import": "import the package", "read": "read the files, resolve names",
                 "plan": "work out the changes (read-only)", "copy": "copy the store's file",
                 "apply": "write the changes", "checkpoint": "LadybugDB CHECKPOINT",
                 "rest": "lock, checks, open/close, rename", "total": "in-process total"}
        print(f"\nincremental load in parts (in-process, {best['parts']['wall']:.2f} s wall / "
              f"{best['parts']['cpu']:.2f} s CPU as a process; the CLI run: {inc['wall']:.2f} s / "
              f"{inc['cpu']:.2f} s):")
        print(_fmt_rows([["part", "wall s", "cpu s", "share of CPU"]] + [
            [names[k], f"{split[k][0]:.3f}", f"{split[k][1]:.3f}", f"{split[k][1] / split['total'][1]:.0%}"]
            for k in names if k in split]))
        print()
        print(f"reference: COPY + CHECKPOINT {inside['copy_seconds']:.1f} s of "
              f"{r['wall']:.1f} s wall (the rest is interpreter start, import, schema)")
        print(f"dataset: {expected['actors']:,} actors, {expected['predicates']} predicates, "
              f"{expected['sources']} sources, {expected['relations']:,} relations, "
              f"{expected['duplicates']:,} duplicates merged; {expected['dataset_mb']:.0f} MB of TSV")
        print(f"package: {_package_state()}")
        if problems:
            print("\nCHECK FAILED:\n  " + "\n  ".join(problems))
        else:
            print("check: sahelgraph's report and database match the reference")

        if args.profile:
            profile = Path(args.profile).resolve()
            print(f"\nprofiling the sahelgraph load into {profile} ...", file=sys.stderr, flush=True)
            measured([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "sahelgraph",
                      "--db", str(root / "profiled.lbdb"), "load", str(root / "dataset"),
                      "--format", "json"], root / "profile")
            import io
            import pstats

            # cumulative: the package's own functions (and the libraries it calls), since the
            # top of the plain cumulative list is only runpy and click wrappers
            for key, restriction in (("cumulative", (r"sahelgraph/(?!cli/__init__|__main__)|_lbug|parquet",)),
                                     ("tottime", ())):
                text = io.StringIO()
                pstats.Stats(str(profile), stream=text).sort_stats(key).print_stats(*restriction, 15)
                body = text.getvalue()
                print(f"\n--- top 15 by {key}{' (package and library functions)' if restriction else ''} ---")
                print(body[body.find("   ncalls"):].rstrip())
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"\nkept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
