"""Incremental loads: the same graph as loading everything at once, only what changed
written, LadybugDB#285 caught, data added outside the model kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import BULK_ROWS, SET_ROWS, EmbeddedStore

from .datasets import dataset, snapshot, triples

FIRST = [("x0", "praises", "x1", "2020", "a"), ("x1", "cooperates_with", "x2", "2020-05", "b"),
         ("x2", "criticizes", "x3", None, "c"), ("x0", "praises", "x1", "2019", "d")]
SECOND = [("x0", "praises", "x1", "2021", "e"),  # more evidence, dates widen
          ("x0", "praises", "x1", "2019", "d"),  # a duplicate of stored evidence
          ("x2", "cooperates_with", "x1", "2022", "f"),  # symmetric: joins x1-x2 as stored
          ("x3", "criticizes", "x4", "2023/2024-02", "g"),  # a new relation
          ("x3", "criticizes", "x4", "2023/2024-02", "g")]  # a duplicate within the batch


def _load(db, folder, **options):
    store = EmbeddedStore(db)
    return store.load(read_triples(folder, known=store.known()), **options)


def _without_origin(store):
    """The graph, with the file and line evidence was read from left out."""
    G = store.graph()
    for _, _, d in G.edges(data=True):
        d["evidence"] = [{k: v for k, v in e.items() if k not in ("file", "line")} for e in d["evidence"]]
    return snapshot(G)


def test_two_loads_give_the_graph_of_one(tmp_path):
    first, second = dataset(tmp_path / "first", FIRST), dataset(tmp_path / "second", SECOND)
    _load(tmp_path / "a.lbdb", first)
    report = _load(tmp_path / "a.lbdb", second)
    assert (report.rows_read, report.loaded, report.duplicates, report.balanced) == (5, 3, 2, True)
    assert (report.actors, report.relations, report.sources) == (50, 4, 1)
    both = dataset(tmp_path / "both", FIRST + SECOND)
    _load(tmp_path / "b.lbdb", both)
    assert _without_origin(EmbeddedStore(tmp_path / "a.lbdb")) == _without_origin(EmbeddedStore(tmp_path / "b.lbdb"))
    edge = EmbeddedStore(tmp_path / "a.lbdb").graph()["x0"]["x1"]["praises"]
    assert (edge["weight"], edge["first_date"], edge["last_date"]) == (3, "2019", "2021")
    assert [e["quote"] for e in edge["evidence"]] == ["a", "d", "e"]


def test_the_same_file_again_writes_nothing(tmp_path):
    folder = dataset(tmp_path / "d", FIRST)
    db = tmp_path / "g.lbdb"
    _load(db, folder)
    stat = db.stat()
    report = _load(db, folder)
    assert (report.loaded, report.duplicates) == (0, 4)
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_changed_actors_and_new_predicates_are_written(tmp_path):
    folder = dataset(tmp_path / "d", FIRST)
    db = tmp_path / "g.lbdb"
    _load(db, folder)
    (folder / "actors.tsv").write_text("id\tname\tkind\taliases\nx0\tX Zero\tperson\tZero | Nil\n"
                                       "x9\tX9\tstate\t\nnew\tNewcomer\tigo\t\n", encoding="utf-8")
    (folder / "ontology.yaml").write_text("predicates:\n  hosts:\n    description: hosts\n    polarity: 1\n",
                                          encoding="utf-8")
    triples(folder / "triples.tsv", [("Nil", "hosts", "Newcomer", "2024", "h")])
    report = _load(db, folder)
    assert (report.loaded, report.actors, report.relations) == (1, 51, 4)
    G = EmbeddedStore(db).graph()
    assert (G.nodes["x0"]["name"], G.nodes["x0"]["kind"], G.nodes["x0"]["aliases"]) == ("X Zero", "person", ["Zero", "Nil"])
    assert G["x0"]["new"]["hosts"]["polarity"] == 1 and "hosts" in G.graph["predicates"]


@pytest.mark.parametrize("count", [50, BULK_ROWS + 10])
def test_a_key_repeated_many_times_in_one_load_loses_nothing(tmp_path, count):
    """LadybugDB#285 dropped rows when a key repeats within one UNWIND: every piece of
    evidence on one relation, and many new relations, must all arrive (created or COPYed)."""
    db = tmp_path / "g.lbdb"
    _load(db, dataset(tmp_path / "first", FIRST))
    rows = [("x0", "praises", "x1", "2020", f"repeat {i}") for i in range(count)]
    rows += [(f"x{i % 10}", "praises", f"x{10 + i % 40}", "2020", f"spread {i}") for i in range(count)]
    report = _load(db, dataset(tmp_path / "second", rows))
    assert report.loaded == 2 * count and report.duplicates == 0
    G = EmbeddedStore(db).graph()
    assert G["x0"]["x1"]["praises"]["weight"] == 2 + count + sum(
        1 for i in range(count) if (i % 10, 10 + i % 40) == (0, 1))
    assert sum(d["weight"] for _, _, d in G.edges(data=True)) == len(FIRST) + 2 * count
    stored = EmbeddedStore(db).query("MATCH (e:Evidence) RETURN count(*), count(DISTINCT e.id)").rows
    assert stored == [[len(FIRST) + 2 * count, len(FIRST) + 2 * count]]


def test_more_extended_relations_than_one_statement_sets_are_all_summarised(tmp_path):
    """Summaries of extended relations are SET by relation id, SET_ROWS per statement: every
    relation of a table past one statement gets its weight and dates, as a single load gives."""
    pairs = [(f"x{i}", f"x{j}") for i in range(60) for j in range(60) if i != j][:SET_ROWS + 300]
    first = [(s, "praises", o, "2020", f"first {s} {o}") for s, o in pairs]
    second = [(s, "praises", o, "2022-03", f"second {s} {o}") for s, o in pairs]
    second += [("x0", "criticizes", "x1", "2021", "a new relation in another table")]
    db = tmp_path / "g.lbdb"
    _load(db, dataset(tmp_path / "first", first, actors=60))
    report = _load(db, dataset(tmp_path / "second", second, actors=60))
    assert (report.loaded, report.relations) == (len(second), len(pairs) + 1)
    _load(tmp_path / "once.lbdb", dataset(tmp_path / "both", first + second, actors=60))
    assert _without_origin(EmbeddedStore(db)) == _without_origin(EmbeddedStore(tmp_path / "once.lbdb"))
    assert EmbeddedStore(db).query(
        "MATCH (:Actor)-[r:PRAISES]->(:Actor) RETURN count(*), min(r.weight), min(r.last_date)").rows == \
        [[len(pairs), 2, "2022-03"]]


def test_relations_extended_in_many_tables_each_get_their_own_summary(tmp_path):
    """The summaries of extended relations are SET over several tables in one statement: each
    relation gets its own weight, dates and confidence, in every table, across statements,
    symmetric relations extended the other way round included."""
    predicates = ("praises", "criticizes", "cooperates_with", "accuses")
    pairs = [(f"x{i}", f"x{j}") for i in range(50) for j in range(50) if i < j]
    first = [(s, predicates[n % 4], o, f"20{n % 20:02d}", f"first {n}") for n, (s, o) in enumerate(pairs)]
    # the other way round for the symmetric one: joins the relation as stored
    second = [((o, s) if predicates[n % 4] == "cooperates_with" else (s, o)) + (f"2030-0{n % 9 + 1}", f"second {n}")
              for n, (s, o) in enumerate(pairs)]
    second = [(s, predicates[n % 4], o, date, quote) for n, (s, o, date, quote) in enumerate(second)]
    assert len(second) > SET_ROWS
    db = tmp_path / "g.lbdb"
    _load(db, dataset(tmp_path / "first", first, actors=50))
    report = _load(db, dataset(tmp_path / "second", second, actors=50))
    assert (report.loaded, report.relations) == (len(second), len(pairs))
    _load(tmp_path / "once.lbdb", dataset(tmp_path / "both", first + second, actors=50))
    assert _without_origin(EmbeddedStore(db)) == _without_origin(EmbeddedStore(tmp_path / "once.lbdb"))
    edge = EmbeddedStore(db).graph()["x0"]["x3"]["cooperates_with"]
    assert (edge["weight"], edge["first_date"], edge["last_date"]) == (2, "2002", "2030-03")


def test_an_extended_summary_is_the_summary_of_all_the_evidence(tmp_path):
    """An extended relation's dates and confidence are worked out from its stored summary and
    the new evidence: the same as over all its evidence, ties included (the first date on a
    tie, for the earliest start as for the latest end), as a single load gives."""
    first = [("x0", "praises", "x1", "2023", "a", "0.5"), ("x0", "praises", "x1", "2022/2023", "b", "0.7"),
             ("x2", "praises", "x3", "", "c", ""), ("x4", "praises", "x5", "2020", "d", "0.2")]
    second = [("x0", "praises", "x1", "2023-12", "e", "0.6"), ("x0", "praises", "x1", "2022", "f", ""),
              ("x2", "praises", "x3", "2019-05", "g", "0.1"), ("x4", "praises", "x5", "", "h", "0.3")]

    def folder(name, rows):
        path = dataset(tmp_path / name, [])
        (path / "triples.tsv").write_text("subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\n" + "".join(
            "\t".join((s, p, o, d, "s", q, c)) + "\n" for s, p, o, d, q, c in rows), encoding="utf-8")
        return path

    db = tmp_path / "g.lbdb"
    _load(db, folder("first", first))
    _load(db, folder("second", second))
    _load(tmp_path / "once.lbdb", folder("both", first + second))
    assert _without_origin(EmbeddedStore(db)) == _without_origin(EmbeddedStore(tmp_path / "once.lbdb"))
    G = EmbeddedStore(db).graph()
    assert [(G[s][o]["praises"]["first_date"], G[s][o]["praises"]["last_date"], G[s][o]["praises"]["confidence"])
            for s, o in (("x0", "x1"), ("x2", "x3"), ("x4", "x5"))] == [
        ("2022/2023", "2023", 1.0), ("2019-05", "2019-05", 1.0), ("2020", "2020", 0.3)]


def test_tables_and_properties_added_by_hand_survive_a_load(tmp_path):
    db = tmp_path / "g.lbdb"
    _load(db, dataset(tmp_path / "first", FIRST))
    store = EmbeddedStore(db)
    store.query("CREATE REL TABLE MY_NOTE(FROM Actor TO Actor, text STRING)", write=True)
    store.query("MATCH (a:Actor {id: 'x0'}), (b:Actor {id: 'x1'}) CREATE (a)-[:MY_NOTE {text: 'check'}]->(b)",
                write=True)
    store.query("ALTER TABLE Actor ADD reviewed BOOLEAN DEFAULT false", write=True)
    store.query("MATCH (a:Actor {id: 'x2'}) SET a.reviewed = true", write=True)
    report = _load(db, dataset(tmp_path / "second", SECOND))
    assert report.loaded == 3 and not report.warnings
    assert store.query("MATCH (a)-[n:MY_NOTE]->(b) RETURN a.id, n.text, b.id").rows == [["x0", "check", "x1"]]
    assert store.query("MATCH (a:Actor) WHERE a.reviewed RETURN a.id").rows == [["x2"]]
    assert store.graph().nodes["x2"]["name"] == "X2"
    # --replace rebuilds: it says what it drops
    report = _load(db, dataset(tmp_path / "second", SECOND), replace=True)
    assert report.warnings == [f"--replace drops what sahelgraph did not write in {db}: table MY_NOTE, "
                               "column Actor.reviewed (a load without --replace keeps them)"]


def test_relations_made_by_hand_take_the_evidence_a_later_load_brings(tmp_path):
    """A relationship created with query --write has no id, weight or evidence. A load with
    rows on it numbers it and gives it those rows (the graph of loading them all at once);
    one the load does not touch stays as it was."""
    db = tmp_path / "g.lbdb"
    _load(db, dataset(tmp_path / "first", FIRST))
    store = EmbeddedStore(db)
    for subject, table, obj in [("x0", "CRITICIZES", "x3"), ("x3", "COOPERATES_WITH", "x4"),
                                ("x5", "EXPELS", "x6")]:
        store.query(f"MATCH (a:Actor {{id: '{subject}'}}), (b:Actor {{id: '{obj}'}}) "
                    f"CREATE (a)-[:{table}]->(b)", write=True)
    assert (store.stats()["relations"], store.stats()["assertions"]) == (6, 4)
    assert sorted(store.path_graph("x0", "x4").edges(keys=True)) == [
        ("x0", "x3", "criticizes"), ("x3", "x4", "cooperates_with")]
    rows = [("x0", "criticizes", "x3", "2021", "first words"),
            ("x4", "cooperates_with", "x3", "2022", "either way"),  # symmetric: joins x3-x4
            ("x0", "criticizes", "x3", "2022", "second words"),
            ("x0", "praises", "x1", "2021", "more praise"),
            ("x7", "criticizes", "x8", "2023", "a new relation")]
    report = _load(db, dataset(tmp_path / "second", rows))
    assert (report.loaded, report.duplicates, report.relations, report.balanced) == (5, 0, 7, True)
    ids = [row[0] for row in store.query("MATCH ()-[r]->() RETURN r.id").rows]
    assert None in ids and len(set(ids) - {None}) == len(ids) - 1  # only the untouched one has none
    G = store.graph()
    assert G["x5"]["x6"]["expels"]["evidence"] == []
    G.remove_edge("x5", "x6", "expels")
    # loaded at once: the same rows, the symmetric one the way round it was made by hand
    once = [("x3", "cooperates_with", "x4", *row[3:]) if row[1] == "cooperates_with" else row for row in rows]
    _load(tmp_path / "once.lbdb", dataset(tmp_path / "both", FIRST + once))
    H = EmbeddedStore(tmp_path / "once.lbdb").graph()
    for graph in (G, H):
        for _, _, d in graph.edges(data=True):
            d["evidence"] = [{k: v for k, v in e.items() if k not in ("file", "line")} for e in d["evidence"]]
    assert snapshot(G) == snapshot(H)
    assert store.stats() == {"actors": 50, "sources": 1, "relations": 7, "assertions": 9, "predicates": 4}
    stamp = (db.stat().st_ino, db.stat().st_mtime_ns)
    report = _load(db, dataset(tmp_path / "second", rows))  # the same file again: nothing to write
    assert (report.loaded, report.duplicates) == (0, 5)
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == stamp


def test_a_load_after_a_write_with_relations_without_evidence_numbers_past_them(tmp_path):
    """``write`` numbers relations without evidence after the others; a later load's new
    relations must not take their ids (the evidence would show on both)."""
    from sahelgraph.model import Actor, Evidence, GraphData, Relation
    from sahelgraph.ontology import load_ontology

    data = GraphData(actors={f"x{i}": Actor(f"x{i}", f"X{i}", "state") for i in range(50)},
                     predicates=dict(load_ontology().predicates))
    data.relations[("x0", "criticizes", "x1")] = Relation("x0", "criticizes", "x1", [Evidence("2022", "s", "q")])
    data.relations[("x1", "criticizes", "x2")] = Relation("x1", "criticizes", "x2", [])
    store = EmbeddedStore(tmp_path / "g.lbdb")
    store.write(data)
    _load(store.path, dataset(tmp_path / "d", [("x3", "praises", "x4", "2023", "new")]))
    G = store.graph()
    assert [(u, v, d["weight"]) for u, v, d in sorted(G.edges(data=True))] == [
        ("x0", "x1", 1), ("x1", "x2", 0), ("x3", "x4", 1)]


def test_a_store_of_the_list_layout_is_upgraded_by_the_next_load(tmp_path):
    """Stores written before evidence had a table of its own (parallel lists on each
    relationship) are read whole and rewritten by the next load, with a word about it."""
    import ladybug

    db = tmp_path / "old.lbdb"
    database = ladybug.Database(str(db))
    conn = ladybug.Connection(database)
    conn.execute("CREATE NODE TABLE Actor(id STRING PRIMARY KEY, name STRING, kind STRING, aliases STRING[], "
                 "country STRING, description STRING)")
    conn.execute("CREATE NODE TABLE Source(id STRING PRIMARY KEY, title STRING, outlet STRING, published STRING, "
                 "url STRING, language STRING, file STRING, note STRING, text STRING)")
    conn.execute("CREATE NODE TABLE Predicate(name STRING PRIMARY KEY, description STRING, symmetric BOOLEAN, "
                 "inverse STRING, polarity INT64, cameo STRING, plover STRING, subject_kinds STRING[], "
                 "object_kinds STRING[])")
    conn.execute("CREATE REL TABLE PRAISES(FROM Actor TO Actor, polarity INT64, weight INT64, first_date STRING, "
                 "last_date STRING, confidence DOUBLE, dates STRING[], sources STRING[], quotes STRING[], "
                 "confidences DOUBLE[], notes STRING[], files STRING[], lines INT64[])")
    conn.execute("CREATE (:Predicate {name: 'praises', description: 'praises', symmetric: false, polarity: 1})")
    conn.execute("CREATE (:Source {id: 's', title: 'The source'})")
    for i in range(3):
        conn.execute(f"CREATE (:Actor {{id: 'x{i}', name: 'X{i}', kind: 'state', aliases: []}})")
    conn.execute("MATCH (a:Actor {id: 'x0'}), (b:Actor {id: 'x1'}) CREATE (a)-[:PRAISES {polarity: 1, weight: 2, "
                 "first_date: '2019', last_date: '2020', confidence: 1.0, dates: ['2019', ''], sources: ['s', 's'], "
                 "quotes: ['old one', 'old two'], confidences: [1.0, 0.5], notes: ['', 'n'], files: ['f', ''], "
                 "lines: [3, -1]}]->(b)")
    conn.close()
    database.close()
    store = EmbeddedStore(db)
    assert set(store.known().actors) == {"x0", "x1", "x2"}
    with pytest.raises(Exception, match="written by an older sahelgraph"):
        store.stats()
    report = store.load(read_triples(dataset(tmp_path / "d", [("x0", "praises", "x1", "2021", "new")]),
                                     known=store.known()))
    assert report.warnings == [f"upgraded {db} to the layout with evidence in a table of its own"]
    evidence = EmbeddedStore(db).graph()["x0"]["x1"]["praises"]["evidence"]
    assert [(e["quote"], e["date"], e["confidence"], e["note"], e["line"]) for e in evidence] == [
        ("old one", "2019", 1.0, None, 3), ("old two", None, 0.5, "n", None), ("new", "2021", 1.0, None, 2)]


def test_a_changed_predicate_without_kind_limits_is_written(tmp_path):
    """An ontology.yaml that changes a predicate whose kinds are all unset (null lists) loads
    on top of a store: the changed rows are written with their column types."""
    from sahelgraph.readers import read_triples
    from sahelgraph.stores.embedded import EmbeddedStore

    acts = Path(__file__).resolve().parents[1] / "data" / "acts"
    folder = tmp_path / "acts"
    shutil.copytree(acts, folder)
    store = EmbeddedStore(tmp_path / "g.lbdb")
    store.load(read_triples(folder))
    (folder / "ontology.yaml").write_text("predicates:\n  expels:\n    description: orders out\n")
    store.load(read_triples(folder, known=store.known()))
    assert store.predicates()["expels"].description == "orders out"
    assert store.predicates()["expels"].subject_kinds is None
