"""Reading from Neo4j (records back into GraphData and networkx), Cypher queries, paths and
GDS centrality, against the stand-in for the driver (FakeNeo4j in standin.py).

A stand-in, because no Neo4j server can run here (no Docker engine, nothing to install) and
FalkorDB's Bolt port, tried as a substitute, hangs 60 s in the handshake on half the
connections. What the stand-in answers for GDS and path statements is written in each test;
every statement the store sends is linted by Neo4j's own Cypher front end.
"""

from __future__ import annotations

import datetime as dt

import neo4j.time
import pytest
from standin import assert_same_graph, expected_graph, mini_batch, neo4j_error, store_on

from sahelgraph import dates
from sahelgraph.errors import SahelGraphError, StoreError
from sahelgraph.stores import neo4j_cypher as cy


def test_read_gives_the_shape_of_to_networkx(fake):
    store_on(fake).load(mini_batch())
    G = store_on(fake).graph()
    assert_same_graph(G, expected_graph(mini_batch()))
    edge = G["ivan-maslov"]["wagner-group"]["leads"]
    assert edge["evidence"] == [{"date": None, "source": "mini-wire",
                                 "quote": "Ivan Maslov, the head of Wagner in Mali", "confidence": 0.9,
                                 "note": "in Mali only", "file": "tests/data/mini/triples.tsv", "line": 4}]
    assert G.nodes["united-nations"]["country"] is None
    assert [m for m in ("read", "write") if any(e["mode"] == m for e in fake.log[-4:])] == ["read"]


def test_graph_filters_apply_after_reading(fake):
    store_on(fake).load(mini_batch())
    G = store_on(fake).graph(since="2023", polarity=-1)
    assert sorted(G.edges(keys=True)) == [("mali-junta", "minusma", "demands_withdrawal_of"),
                                          ("united-states", "ivan-maslov", "sanctions")]


def test_temporal_values_come_back_as_iso_strings(fake):
    # a date typed in Browser (date('2022-07-01')) is a Neo4j Date, not a string
    store_on(fake).load(mini_batch())
    fake.state["sources"]["mini-wire"]["published"] = neo4j.time.Date(2023, 6, 17)
    relation = fake.state["rels"][("mali", "EXPELS", "olivier-salgado")]
    relation["dates"] = [neo4j.time.Date(2022, 7, 1), neo4j.time.DateTime(2022, 8, 2, 10, 30, 0)]
    relation["sources"] = ["mini-wire", "mini-wire"]
    relation["weight"] = 2
    G = store_on(fake).graph()
    assert G.graph["sources"]["mini-wire"]["published"] == "2023-06-17"
    edge = G["mali"]["olivier-salgado"]["expels"]
    assert [e["date"] for e in edge["evidence"]] == ["2022-07-01", "2022-08-02"]
    assert edge["weight"] == 2 and edge["first_date"] == "2022-07-01"


def test_missing_and_short_lists_are_missing_values(fake):
    store_on(fake).load(mini_batch())
    fake.seed_relation("mali", "ACCUSES", "wagner-group", {
        "weight": 3, "dates": ["2023", "", "2024"], "sources": ["mini-wire"], "lines": [-1, 7],
        "confidences": [0.5, -1.0, 1.0]})  # made by hand: no quotes, notes or files at all
    fake.seed_relation("mali", "WELCOMES", "wagner-group", {"weight": 1})  # no Predicate node
    G = store_on(fake).graph()
    evidence = G["mali"]["wagner-group"]["accuses"]["evidence"]
    assert [(e["date"], e["source"], e["quote"], e["confidence"], e["line"]) for e in evidence] == [
        ("2023", "mini-wire", None, 0.5, None), (None, None, None, 1.0, 7), ("2024", None, None, 1.0, None)]
    unknown = G["mali"]["wagner-group"]["welcomes"]
    assert (unknown["polarity"], unknown["weight"], unknown["evidence"][0]["date"]) == (0, 1, None)


def test_query_runs_read_only_unless_write(fake):
    store = store_on(fake)
    fake.handlers["MATCH (a:Actor) RETURN a.id AS id, a.name AS name"] = lambda p: [
        {"id": "mali", "name": "Mali"}, {"id": "minusma", "name": "MINUSMA"}]
    fake.handlers["RETURN date($d) AS d"] = lambda p: [{"d": neo4j.time.Date.from_iso_format(p["d"])}]
    result = store.query("MATCH (a:Actor) RETURN a.id AS id, a.name AS name")
    assert (result.columns, result.rows) == (["id", "name"], [["mali", "Mali"], ["minusma", "MINUSMA"]])
    assert store.query("RETURN date($d) AS d", {"d": "2022-08-15"}).rows == [["2022-08-15"]]
    assert [e["mode"] for e in fake.log] == ["read", "read"]
    with pytest.raises(StoreError, match="Writing in read access mode"):
        store.query("MATCH (a:Actor {id: $id}) SET a.name = $name", {"id": "mali", "name": "M"})
    fake.handlers["MATCH (a:Actor {id: $id}) SET a.name = $name"] = lambda p: []
    store.query("MATCH (a:Actor {id: $id}) SET a.name = $name", {"id": "mali", "name": "M"}, write=True)
    assert fake.log[-1]["mode"] == "write" and fake.log[-1]["params"] == {"id": "mali", "name": "M"}


def test_query_errors_are_one_line(fake):
    def syntax_error(params):
        raise neo4j_error("Neo.ClientError.Statement.SyntaxError",
                          "Invalid input 'RETRUN': expected ...\n\"RETRUN 1\"\n ^")

    fake.handlers["RETRUN 1"] = syntax_error
    with pytest.raises(StoreError) as error:
        store_on(fake).query("RETRUN 1")
    assert str(error.value) == ("Neo4j: Invalid input 'RETRUN': expected ... "
                                "[Neo.ClientError.Statement.SyntaxError]")
    fake.log.clear()  # that statement is wrong on purpose: keep it from the linter


def test_plain_values():
    from sahelgraph.stores.neo4j_rows import plain

    assert plain(dt.date(2022, 8, 15)) == "2022-08-15"
    assert plain(neo4j.time.Time(10, 30, 0)) == "10:30:00.000000000"
    assert plain({"when": [neo4j.time.Date(2022, 1, 2)], "n": 1.5}) == {"when": ["2022-01-02"], "n": 1.5}


# -- paths ----------------------------------------------------------------------------


def relation_records(fake, *keys):
    """What a path statement returns for the given stored relations."""
    return [fake._relation_record(k, fake.state["rels"][k]) for k in keys]


def test_path_graph_asks_neo4j_for_the_shortest_paths(fake):
    store = store_on(fake)
    store.load(mini_batch())
    on_path = [("wagner-group", "SUPPORTS", "mali-junta"), ("mali-junta", "DEMANDS_WITHDRAWAL_OF", "minusma")]
    seen = []
    fake.handlers[cy.SHORTEST_PATHS[cy.MAX_PATH_HOPS, False]] = \
        lambda p: seen.append(p) or relation_records(fake, *on_path)
    G = store.path_graph("wagner-group", "minusma")
    assert sorted(G.edges(keys=True)) == [("mali-junta", "minusma", "demands_withdrawal_of"),
                                          ("wagner-group", "mali-junta", "supports")]
    assert set(G) == {"wagner-group", "mali-junta", "minusma"}
    assert G.nodes["mali-junta"]["kind"] == "government" and "mini-wire" in G.graph["sources"]
    assert seen[0]["source"] == "wagner-group" and seen[0]["target"] == "minusma"
    assert seen[0]["types"] is None and seen[0]["min_weight"] == 0
    assert cy.READ_RELATIONS not in fake.statements()  # the whole graph was not read
    whole = store.graph()
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d == whole.edges[u, v, k]


def test_path_graph_with_all_paths_asks_for_every_path(fake):
    store = store_on(fake)
    store.load(mini_batch())
    fake.handlers[cy.ALL_PATHS[2, False]] = lambda p: relation_records(
        fake, ("wagner-group", "SUPPORTS", "mali-junta"), ("assimi-goita", "LEADS", "mali-junta"))
    G = store.path_graph("wagner-group", "assimi-goita", max_hops=2, all_paths=True, since="2023")
    # the filters apply to what comes back, as store.graph(since=...) would
    assert sorted(G.edges(keys=True)) == [("wagner-group", "mali-junta", "supports")]
    assert G.graph["filters"] == {"since": "2023"}


def test_path_filters_become_parameters(fake):
    store = store_on(fake)
    store.load(mini_batch())
    seen = []
    fake.handlers[cy.SHORTEST_PATHS[3, True]] = lambda p: seen.append(p) or []
    store.path_graph("mali", "minusma", max_hops=3, directed=True, predicates=["expels", "supports"], polarity=[-1],
                     kinds=["state", "person"], since="2022-08", as_of="2023-06", min_confidence=0.5,
                     min_evidence=2)
    assert seen == [{
        "source": "mali", "target": "minusma", "types": ["EXPELS"], "kinds": ["person", "state"],
        "since": "2022-08-01", "until": "2023-06-30", "min_confidence": 0.5, "by_evidence": True,
        "min_weight": 2}]


def test_path_graph_falls_back_to_the_whole_graph(fake):
    store = store_on(fake)
    store.load(mini_batch())
    fake.handlers[cy.SHORTEST_PATHS[cy.MAX_PATH_HOPS, False]] = lambda p: []
    G = store.path_graph("mali", "united-states")  # nothing within MAX_PATH_HOPS
    assert G.number_of_edges() == 7
    G = store.path_graph("mali", "united-states", max_hops=cy.MAX_PATH_HOPS + 5)
    assert G.number_of_edges() == 7
    G = store.path_graph("mali", "united-states", all_paths=True)  # every path, unbounded
    assert G.number_of_edges() == 7
    fake.handlers[cy.SHORTEST_PATHS[1, False]] = lambda p: []
    G = store.path_graph("mali", "united-states", max_hops=1)  # a bound: no path is the answer
    assert (G.number_of_edges(), sorted(G)) == (0, ["mali", "united-states"])
    assert sorted(store.path_graph("mali", "mali")) == ["mali"]
    assert list(store.path_graph("mali", "nobody")) == ["mali"]


def test_filter_errors_read_as_the_graph_filters_do(fake):
    with pytest.raises(SahelGraphError, match="--since: impossible date"):
        store_on(fake).path_graph("mali", "minusma", since="2023-02-30")


@pytest.mark.parametrize("date", ["2022", "2022-08", "2022-08-15", "2021/2022-02", "2022-08/2023",
                                  "2022-12-31", "2023-01"])
@pytest.mark.parametrize("window", [("2022-08", None), (None, "2022-08-14"), ("2022-08-15", "2022-08-15"),
                                    ("2023", None), (None, "2021-12-31"), ("2021-06", "2022-01")])
def test_padded_dates_compare_like_the_filters(date, window):
    """The date test the pushed-down filter runs in Cypher (neo4j_cypher._kept_evidence),
    written out in Python: it must agree with sahelgraph.dates.overlaps."""
    since, until = window

    def cypher_substring(text, start):
        return text[start:]

    start_part, end_part = date.split("/")[0], date.split("/")[-1]
    start = start_part + cypher_substring("-00-00", len(start_part) - 4)
    end = end_part + cypher_substring("-99-99", len(end_part) - 4)
    since_day = dates.span(since)[0].isoformat() if since else None
    until_day = dates.span(until)[1].isoformat() if until else None
    kept = (since_day is None or end >= since_day) and (until_day is None or start <= until_day)
    assert kept == dates.overlaps(date, since, until)


# -- GDS -------------------------------------------------------------------------------


def gds_fake(fake, *, names=("gds.version", "gds.pageRank.stream", "gds.betweenness.stream",
                             "gds.closeness.stream", "gds.eigenvector.stream", "gds.degree.stream"), nodes=5):
    calls = []
    fake.handlers[cy.GDS_PROCEDURES] = lambda p: [{"names": list(names)}]
    fake.handlers[cy.GDS_VERSION] = lambda p: [{"version": "2.13.2"}]
    fake.handlers[cy.GDS_PROJECT] = lambda p: calls.append(("project", p)) or [
        {"graph": p["graph"], "nodes": nodes, "relationships": 7}]
    for procedure, statement in cy.GDS_STREAM.items():
        fake.handlers[statement] = lambda p, procedure=procedure: calls.append((procedure, p)) or [
            {"id": "mali", "score": 0.25}, {"id": "minusma", "score": 1}]
    fake.handlers[cy.GDS_DROP] = lambda p: calls.append(("drop", p)) or [{"graphName": p["graph"]}]
    return calls


def test_gds_centrality_projects_streams_and_drops(fake):
    calls = gds_fake(fake)
    store_on(fake).load(mini_batch())
    scores = store_on(fake).gds_centrality(["pagerank", "betweenness"], weighted=True, min_evidence=2)
    # betweenness scaled by 1 / ((n - 1)(n - 2)) as networkx normalises it
    assert scores == {"pagerank": {"mali": 0.25, "minusma": 1.0}, "betweenness": {"mali": 0.25 / 12, "minusma": 1 / 12}}
    assert [c[0] for c in calls] == ["project", "gds.pageRank.stream", "gds.betweenness.stream", "drop"]
    graph = calls[0][1]["graph"]
    assert all(c[1]["graph"] == graph for c in calls) and graph.startswith("sahelgraph-")
    project = calls[0][1]
    assert (project["min_weight"], project["undirected"], project["reverse"]) == (2, False, False)
    assert project["configuration"] == {}
    assert project["symmetric"] == ["ALLIED_WITH", "COOPERATES_WITH", "NEGOTIATES_WITH"]
    pagerank = calls[1][1]["configuration"]
    assert pagerank["relationshipWeightProperty"] == "weight" and pagerank["tolerance"] == 1e-10
    assert calls[2][1]["configuration"]["relationshipWeightProperty"] == "distance"  # length 1 / weight
    assert all(e["mode"] == "read" for e in fake.log if e["query"].startswith(("CALL gds", "MATCH (s:Actor)")))


def test_gds_degree_and_undirected(fake):
    calls = gds_fake(fake)
    scores = store_on(fake).gds_centrality(["degree", "in_degree"])
    assert scores["degree"] == {"mali": 0.25 / 4, "minusma": 1 / 4}  # divided by n - 1
    assert [c[1]["configuration"]["orientation"] for c in calls[1:3]] == ["UNDIRECTED", "REVERSE"]
    calls.clear()
    scores = store_on(fake).gds_centrality("degree", weighted=True, directed=False, kinds=["state"])
    assert scores["degree"] == {"mali": 0.25, "minusma": 1.0}  # the strength, not normalised
    assert calls[0][1]["configuration"] == {"undirectedRelationshipTypes": ["*"]}
    assert calls[0][1]["undirected"] is True and calls[0][1]["kinds"] == ["state"]
    assert calls[1][1]["configuration"] == {"relationshipWeightProperty": "weight"}


def test_gds_directed_closeness_runs_on_reversed_ties(fake):
    calls = gds_fake(fake)
    store_on(fake).gds_centrality(["closeness", "pagerank"])
    assert [c[0] for c in calls] == ["project", "gds.pageRank.stream", "project", "gds.closeness.stream",
                                     "drop", "drop"]
    assert (calls[0][1]["reverse"], calls[2][1]["reverse"]) == (False, True)
    assert calls[3][1]["graph"] == calls[2][1]["graph"] != calls[0][1]["graph"]
    assert {calls[4][1]["graph"], calls[5][1]["graph"]} == {calls[0][1]["graph"], calls[2][1]["graph"]}


def test_gds_projection_is_dropped_when_a_measure_fails(fake):
    calls = gds_fake(fake)

    def fails(params):
        raise neo4j_error("Neo.ClientError.Procedure.ProcedureCallFailed", "Failed to invoke procedure")

    fake.handlers[cy.GDS_STREAM["gds.closeness.stream"]] = fails
    with pytest.raises(StoreError, match="Failed to invoke procedure"):
        store_on(fake).gds_centrality(["closeness"], directed=False)
    assert calls[-1][0] == "drop"


def test_gds_missing_or_misused(fake):
    gds_fake(fake, names=())
    with pytest.raises(StoreError, match="no Graph Data Science plugin"):
        store_on(fake).gds_centrality(["pagerank"])
    gds_fake(fake, names=("gds.version",))
    with pytest.raises(StoreError, match="lacks gds.pageRank.stream"):
        store_on(fake).gds_centrality(["pagerank"])
    with pytest.raises(StoreError, match="no GDS measure 'katz'"):
        store_on(fake).gds_centrality(["katz"])
    with pytest.raises(StoreError, match="closeness has no weighted variant"):
        store_on(fake).gds_centrality(["closeness"], weighted=True)
    with pytest.raises(StoreError, match="in/out degree need a directed graph"):
        store_on(fake).gds_centrality(["in_degree"], directed=False)


def test_gds_version_and_server_info(fake):
    gds_fake(fake)
    fake.handlers[cy.SERVER_COMPONENTS] = lambda p: [
        {"name": "Neo4j Kernel", "versions": ["5.26.0"], "edition": "community"}]
    assert store_on(fake).server_info() == {"database": "sahel", "gds": "2.13.2", "server": "Neo4j Kernel",
                                            "version": "5.26.0", "edition": "community"}
    gds_fake(fake, names=())
    assert store_on(fake).gds_version() is None


def test_actors_without_relations(fake):
    store_on(fake).load(mini_batch())
    actors = store_on(fake).actors()
    assert sorted(actors) == sorted(a.id for a in mini_batch().actors.values())
    assert cy.READ_RELATIONS not in fake.statements()
