"""The embedded LadybugDB store, for real (no mocks): loads, accounting, atomicity, round trips."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from sahelgraph.errors import InvalidInputError, StoreError
from sahelgraph.model import Actor, Evidence, GraphData, Relation, Source, to_networkx
from sahelgraph.ontology import load_ontology
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"


def snapshot(G: nx.MultiDiGraph):
    """Everything in a graph, in a form == compares."""
    return (G.graph, sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]))


def test_load_twice_gives_the_identical_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "g.lbdb")
    first = store.load(read_triples(MINI))
    once = snapshot(store.graph())
    second = store.load(read_triples(MINI))
    assert (first.loaded, first.duplicates, second.loaded, second.duplicates) == (7, 0, 0, 7)
    assert snapshot(EmbeddedStore(tmp_path / "g.lbdb").graph()) == once


def test_round_trip_of_every_property(tmp_path):
    ontology = load_ontology()
    nasty = 'He said "go" – <b>now</b>\n\tand\\ left; `x` \'y\' ✓ 中文'
    data = GraphData(
        actors={
            "a": Actor("a", "Ａlpha", "state", ["A", "the A's", nasty], "Mali", nasty),
            "b": Actor("b", "Beta", "person", [], None, None),
        },
        sources={"s": Source("s", nasty, "Outlet", "2023-06", "http://x/?a=1&b='2'", "fr", "000.txt", "note")},
        relations={
            ("a", "expels", "b"): Relation("a", "expels", "b", [
                Evidence("2022-08", "s", nasty, 0.25, nasty, "f.tsv", 3, modality="alleged", place="b",
                         attributes={"tone": -3.1, "goldstein": -5.0, "event_id": nasty, "mentions": 12}),
                Evidence(None, None, None, 1.0, None, None, None),
                Evidence("2021/2023-06-30", "s", "q", 1.0, None, "g.tsv", 9),
            ]),
            ("b", "cooperates_with", "a"): Relation("b", "cooperates_with", "a", [Evidence("2020", "s", "q2")]),
        },
        predicates=dict(ontology.predicates),
    )
    store = EmbeddedStore(tmp_path / "g.lbdb")
    store.write(data)
    back = EmbeddedStore(tmp_path / "g.lbdb")
    assert snapshot(back.graph()) == snapshot(to_networkx(data))
    edge = back.graph()["a"]["b"]["expels"]
    assert (edge["weight"], edge["first_date"], edge["last_date"], edge["polarity"], edge["confidence"]) == (
        3, "2021/2023-06-30", "2021/2023-06-30", -1, 1.0)
    assert edge["evidence"][0] == {"date": "2022-08", "source": "s", "quote": nasty, "confidence": 0.25,
                                   "modality": "alleged", "place": "b", "note": nasty,
                                   "attributes": {"event_id": nasty, "goldstein": -5.0, "mentions": 12,
                                                  "tone": -3.1},
                                   "file": "f.tsv", "line": 3}
    assert edge["evidence"][1]["modality"] == "asserted" and edge["evidence"][1]["attributes"] is None
    stored = back.query("MATCH (:Actor)-[r:EXPELS]->(:Actor), (e:Evidence) WHERE e.relation = r.id "
                        "RETURN e.modality, e.place, e.attributes ORDER BY e.id").rows
    assert [row[:2] for row in stored] == [["alleged", "b"], ["asserted", None], ["asserted", None]]
    assert stored[0][2].startswith('{"event_id": ') and [row[2] for row in stored[1:]] == [None, None]


def _mixed_file(tmp_path) -> Path:
    path = tmp_path / "mixed.tsv"
    path.write_text(HEADER + "".join([
        "Mali\texpels\tSalgado\t2022-07\tmini-wire\tMali expelled MINUSMA's spokesman Olivier Salgado in July 2022.\t\t\n",  # duplicate of mini
        "Mali\texpels\tSalgado\t2022-07\tmini-wire\tMali expelled MINUSMA's spokesman Olivier Salgado in July 2022.\t\t\n",  # duplicate within file
        "Wagner\tsupports\tMali\t2023\tmini-wire\tWagner supports the junta\t\t\n",  # new
        "Wagner\tsupprts\tMali\t2023\tmini-wire\tWagner supports the junta\t\t\n",  # bad predicate
        "Nobody\tsupports\tMali\t2023\tmini-wire\tWagner supports the junta\t\t\n",  # unknown actor
        "US\tsanctions\tWagner\t2023-02-30\tmini-wire\tThe United States sanctioned\t\t\n",  # impossible date
    ]))
    return path


def test_rows_accounting_on_good_duplicate_and_bad_rows(mini_db, tmp_path):
    store = EmbeddedStore(mini_db)
    batch = read_triples(_mixed_file(tmp_path), known=store.read())
    report = store.load(batch, skip_invalid=True)
    assert (report.rows_read, report.loaded, report.duplicates, len(report.rejected)) == (6, 1, 2, 3)
    assert report.balanced
    assert [r.line for r in report.rejected] == [5, 6, 7]
    assert store.stats()["assertions"] == 8


def test_a_load_with_errors_changes_nothing_by_default(mini_db, tmp_path):
    store = EmbeddedStore(mini_db)
    before, stamp = snapshot(store.graph()), mini_db.stat().st_mtime_ns
    with pytest.raises(InvalidInputError) as info:
        store.load(read_triples(_mixed_file(tmp_path), known=store.read()))
    assert len(info.value.diagnostics) == 3
    assert mini_db.stat().st_mtime_ns == stamp
    assert snapshot(EmbeddedStore(mini_db).graph()) == before


def test_replace_drops_what_was_there(mini_db, tmp_path):
    store = EmbeddedStore(mini_db)
    (tmp_path / "actors.tsv").write_text("id\tname\tkind\nx\tX\tstate\ny\tY\tstate\n")
    (tmp_path / "sources.tsv").write_text("id\ns\n")
    (tmp_path / "t.tsv").write_text(HEADER + "X\tpraises\tY\t\ts\tq\t\t\n")
    store.load(read_triples(tmp_path), replace=True)
    assert sorted(store.graph().nodes) == ["x", "y"]


def test_query_is_read_only_unless_write(mini_store):
    with pytest.raises(StoreError, match=r"read-only database! \(add --write to change the database\)"):
        mini_store.query("MATCH (a:Actor {id: 'mali'}) SET a.name = 'X'")
    mini_store.query("MATCH (a:Actor {id: $id}) SET a.name = $name", {"id": "mali", "name": "Mali!"}, write=True)
    assert mini_store.query("MATCH (a:Actor {id: 'mali'}) RETURN a.name").rows == [["Mali!"]]
    assert mini_store.graph().nodes["mali"]["name"] == "Mali!"


def test_query_errors_are_store_errors(mini_store, tmp_path):
    with pytest.raises(StoreError, match="query failed: Parser exception"):
        mini_store.query("MATCH (a:Actor RETURN a")
    with pytest.raises(StoreError, match=r"no database at .* \(load some data first: sahelgraph load graph/\)"):
        EmbeddedStore(tmp_path / "none.lbdb").query("RETURN 1")


def test_filters_pass_through_graph(mini_store):
    G = mini_store.graph(polarity=[-1], since="2023")
    assert sorted((u, k, v) for u, v, k in G.edges(keys=True)) == [
        ("mali-junta", "demands_withdrawal_of", "minusma"), ("united-states", "sanctions", "ivan-maslov")]


KILLED_LOAD = """
import sys
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
EmbeddedStore(sys.argv[1]).load(read_triples(sys.argv[2], known=EmbeddedStore(sys.argv[1]).read()))
"""


def test_a_load_killed_midway_leaves_the_previous_graph(mini_db, tmp_path):
    """A real subprocess is SIGKILLed while it writes the new database."""
    big = tmp_path / "big"
    big.mkdir()
    (big / "actors.tsv").write_text("id\tname\tkind\n" + "".join(f"x{i}\tX{i}\tstate\n" for i in range(2000)))
    (big / "sources.tsv").write_text("id\nbig\n")
    with open(big / "t.tsv", "w") as out:
        out.write(HEADER)
        for i in range(300_000):
            out.write(f"x{i % 2000}\tpraises\tx{(i * 7 + 1) % 2000}\t2020\tbig\tquote number {i}\t\t\n")
    before = snapshot(EmbeddedStore(mini_db).graph())
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, str(mini_db), str(big)])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith("mini.lbdb.tmp-") for p in mini_db.parent.iterdir()):
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the load finished before it could be killed"
        time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(EmbeddedStore(mini_db).graph()) == before
    # the next load cleans up what the killed one left behind
    EmbeddedStore(mini_db).load(read_triples(MINI))
    assert not [p for p in mini_db.parent.iterdir() if ".tmp-" in p.name or ".staging-" in p.name]


@pytest.mark.parametrize("options,expected", [
    ({}, [("ivan-maslov", "leads", "wagner-group"), ("united-states", "sanctions", "ivan-maslov"),
          ("wagner-group", "supports", "mali-junta")]),
    ({"directed": True, "predicates": ["sanctions", "leads", "supports"]},
     [("ivan-maslov", "leads", "wagner-group"), ("united-states", "sanctions", "ivan-maslov"),
      ("wagner-group", "supports", "mali-junta")]),
    ({"predicates": ["sanctions"]}, []),
])
def test_path_graph_is_answered_by_the_database(mini_db, options, expected):
    store = EmbeddedStore(mini_db)
    G = store.path_graph("united-states", "mali-junta", **options)
    assert sorted((u, k, v) for u, v, k in G.edges(keys=True)) == expected
    assert store._cache is None  # the whole graph was never read
    assert set(G.nodes) >= {"united-states", "mali-junta"}
    if expected:
        assert G["united-states"]["ivan-maslov"]["sanctions"]["evidence"][0]["quote"] == \
            "The United States sanctioned Ivan Maslov"


@pytest.mark.parametrize("options", [
    {"all_paths": True, "max_hops": 6, "polarity": [-1, 0, 1]},
    {"all_paths": True, "max_hops": 3},
    {"all_paths": True, "max_hops": 8, "directed": True},
    {"directed": True},
    {"max_hops": 2},
    {},
])
@pytest.mark.parametrize("pair", [("united-states", "mali-junta"), ("olivier-salgado", "assimi-goita"),
                                  ("minusma", "wagner-group"), ("mali-junta", "united-states")])
def test_path_graph_holds_every_path_of_the_whole_graph(mini_db, options, pair):
    from sahelgraph.analysis import NoPathError, all_paths, shortest_paths

    store = EmbeddedStore(mini_db)
    G = store.path_graph(*pair, **options)
    assert store._cache is None  # the whole graph was never read
    search = all_paths if options.get("all_paths") else shortest_paths
    keywords = {k: v for k, v in options.items() if k in ("max_hops", "directed")}

    def answer(graph):
        try:
            return [p["nodes"] for p in search(graph, *pair, limit=None, **keywords)]
        except NoPathError:
            return []

    whole = answer(store.graph())
    assert answer(G) == whole
    on_paths = {(u, v) for nodes in whole for u, v in zip(nodes, nodes[1:])}
    assert on_paths <= {(u, v) for u, v in G.edges()} | {(v, u) for u, v in G.edges()}


def test_directed_path_graph_with_symmetric_predicates_is_answered_by_the_database(mini_db):
    store = EmbeddedStore(mini_db)
    G = store.path_graph("united-states", "mali-junta", directed=True)
    assert sorted(G.edges(keys=True)) == [("ivan-maslov", "wagner-group", "leads"),
                                          ("united-states", "ivan-maslov", "sanctions"),
                                          ("wagner-group", "mali-junta", "supports")]
    assert store._cache is None


def test_path_graph_against_the_direction_finds_nothing_directed(mini_db):
    G = EmbeddedStore(mini_db).path_graph("mali-junta", "united-states", directed=True,
                                          predicates=["sanctions", "leads", "supports"])
    assert G.number_of_edges() == 0 and set(G.nodes) == {"mali-junta", "united-states"}


def test_path_graph_with_other_filters_uses_the_whole_graph(mini_db):
    G = EmbeddedStore(mini_db).path_graph("united-states", "mali-junta", since="2023")
    assert ("united-states", "ivan-maslov", "sanctions") in G.edges(keys=True)
    assert ("ivan-maslov", "wagner-group", "leads") not in G.edges(keys=True)  # undated


@pytest.mark.parametrize("name,expected", [
    ("united-states", "united-states"), ("United States", "united-states"), ("U.S.", "united-states"),
    ("u.s.", "united-states"), ("Goïta", "assimi-goita"), ("goita", "assimi-goita"),
])
def test_resolve_actors_exact_in_the_database_else_by_normalised_spelling(mini_db, name, expected):
    assert EmbeddedStore(mini_db).resolve_actors([name]) == [expected]


def test_resolve_actors_unknown_name_suggests(mini_db):
    from sahelgraph.errors import NotFoundError

    with pytest.raises(NotFoundError, match=r"unknown actor 'Goitta' \(did you mean 'Goïta' \(alias of 'Assimi Goïta'\)\?\)"):
        EmbeddedStore(mini_db).resolve_actors(["US", "Goitta"])


def test_a_dataset_of_actors_without_relations_loads(tmp_path):
    """A first load may bring actors and sources only (an actor list): the store is built."""
    folder = tmp_path / "actors-only"
    folder.mkdir()
    (folder / "actors.tsv").write_text("id\tname\tkind\tcountry\taliases\tdescription\n"
                                       "mali\tMali\tstate\t\t\t\n", encoding="utf-8")
    (folder / "triples.tsv").write_text("subject\tpredicate\tobject\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "g.lbdb")
    report = store.load(read_triples(folder))
    assert (report.rows_read, report.actors, report.relations) == (0, 1, 0)
    assert store.stats()["actors"] == 1
