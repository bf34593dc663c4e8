"""The Sahel dataset (graph/) in the real Neo4j test server against the embedded store:
the same graph, the same answers from the command line, the same centrality from OpenGDS,
and every file of cypher/ run with its :param lines, answering what its header promises.

The dataset is loaded once for the module (through the command line, as a user would); the
tests here only read.
"""

from __future__ import annotations

import json
import math
import re
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j_target import Neo4jTarget, clean_database
from datasets import assert_same_graph

from sahelgraph.cli import main
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
CYPHER = ROOT / "cypher"
PARAM_LINE = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?);?\s*$", re.M)


@pytest.fixture(scope="module")
def sahel(neo4j_server, neo4j_driver):
    clean_database(neo4j_driver)
    target = Neo4jTarget(neo4j_server, neo4j_driver)
    result = target.cli("load", ROOT / "graph", "--format", "json")
    assert result.exit_code == 0, result.output
    target.load_report = json.loads(result.stdout)  # load --format json: one object
    return target


@pytest.fixture(scope="module")
def embedded_graph(sahel_db):
    with EmbeddedStore(sahel_db) as store:
        return store.graph()


def embedded(sahel_db, *args):
    result = CliRunner().invoke(main, ["--db", str(sahel_db), *map(str, args)],
                                env={"NEO4J_URI": None, "NEO4J_PASSWORD": None}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def on_neo4j(sahel, *args):
    result = sahel.cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- the graph -------------------------------------------------------------------------


def test_same_graph_as_the_embedded_store(sahel, embedded_graph):
    G = sahel.store().graph()
    assert G.number_of_edges() > 100
    assert_same_graph(G, embedded_graph)  # every actor, relation, property and piece of evidence


def test_same_accounting_as_the_embedded_store(sahel, tmp_path):
    with EmbeddedStore(tmp_path / "g.lbdb") as store:
        report = store.load(read_triples(ROOT / "graph"))
    assert {k: v for k, v in sahel.load_report.items() if k != "store"} == {
        "rows_read": report.rows_read, "loaded": report.loaded, "duplicates": report.duplicates,
        "rejected": len(report.rejected), "actors": report.actors, "relations": report.relations,
        "sources": report.sources}


# -- the command line on both stores ---------------------------------------------------

COMMANDS = [
    ("stats",),
    ("actors",),
    ("show", "Goita"),
    ("show", "Wagner"),
    ("path", "Wagner", "MINUSMA"),
    ("path", "United States", "Mali", "--all", "--max-hops", "3"),
    ("path", "Wagner", "MINUSMA", "--since", "2022"),
    ("path", "Malian junta", "MINUSMA", "--directed"),
    ("ego", "MINUSMA"),
    ("ego", "Wagner", "--depth", "2", "--relations"),
    ("timeline", "Malian junta"),
    ("timeline", "MINUSMA", "--undated"),
    ("allies", "Malian junta"),
    ("adversaries", "Malian junta"),
    ("balance",),
    ("communities",),
    ("centrality",),
    ("predicates",),
]


def canonical(value):
    """A JSON answer with every list sorted: rows that tie on the command's sort key come in
    the order the store returned the relations, which the two stores need not share."""
    if isinstance(value, dict):  # "store" says where the answer came from
        return {k: canonical(v) for k, v in value.items() if k != "store"}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, float):  # parallel centrality sums may differ in the last bit run to run
        return float(f"{value:.12g}")
    return value


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_command_answers_the_same(sahel, sahel_db, args):
    ours = json.loads(on_neo4j(sahel, *args, "--format", "json"))
    theirs = json.loads(embedded(sahel_db, *args, "--format", "json"))
    assert canonical(ours) == canonical(theirs)


def test_viz_page_is_the_same(sahel, sahel_db, tmp_path):
    on_neo4j(sahel, "viz", "-o", tmp_path / "neo4j.html", "--title", "Sahel")
    embedded(sahel_db, "viz", "-o", tmp_path / "embedded.html", "--title", "Sahel")
    ours, theirs = ((tmp_path / name).read_text(encoding="utf-8") for name in ("neo4j.html", "embedded.html"))
    # the same page up to the order the store listed actors and relations in
    assert len(ours) == len(theirs)
    assert sorted(re.findall(r'"id":\s*"[^"]*"', ours)) == sorted(re.findall(r'"id":\s*"[^"]*"', theirs))
    assert sorted(ours) == sorted(theirs)  # same characters, so same labels, tooltips and evidence


def test_a_cut_focused_page_is_the_same(sahel, sahel_db, tmp_path):
    # the embedded store cuts in the database, Neo4j's subgraph cuts the graph it read: same page
    args = ("viz", "--focus", "Mali", "--max-relations", "25", "--title", "Mali")
    on_neo4j(sahel, *args, "-o", tmp_path / "neo4j.html")
    embedded(sahel_db, *args, "-o", tmp_path / "embedded.html")
    ours, theirs = ((tmp_path / name).read_text(encoding="utf-8") for name in ("neo4j.html", "embedded.html"))
    assert "Showing the 25 strongest of" in ours
    assert sorted(re.findall(r'"id":\s*"[^"]*"', ours)) == sorted(re.findall(r'"id":\s*"[^"]*"', theirs))
    assert sorted(ours) == sorted(theirs)


def test_query_without_write_cannot_write(sahel):
    result = sahel.cli("query", "MATCH (a:Actor {id: 'mali'}) SET a.name = 'Changed' RETURN a.name")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: Neo4j: Writing in read access mode not allowed")
    assert sahel.run("MATCH (a:Actor {id: 'mali'}) RETURN a.name AS n") == [{"n": "Mali"}]
    result = sahel.cli("query", "CREATE (:Actor {id: 'intruder'})")
    assert result.exit_code == 1
    assert sahel.run("MATCH (a:Actor {id: 'intruder'}) RETURN count(a) AS n") == [{"n": 0}]


def test_query_reads(sahel):
    output = on_neo4j(sahel, "query", "MATCH (a:Actor)-[:SANCTIONS]->(b:Actor {id: 'ivan-maslov'}) "
                                      "RETURN a.name AS a, b.name AS b", "--format", "csv")
    assert output.splitlines()[-2:] == ["a,b", "United States,Ivan Maslov"]


# -- Graph Data Science ----------------------------------------------------------------

MEASURES = ["degree", "in_degree", "out_degree", "betweenness", "closeness", "pagerank", "eigenvector"]


def scores(output: str, measure: str) -> dict:
    return {row["id"]: row[measure] for row in json.loads(output)}


# Where GDS and sahelgraph.analysis agree to 1e-6 on the Sahel graph (measured; the
# differences are listed in docs/neo4j.md): directed closeness, weighted betweenness,
# undirected betweenness and weighted eigenvector do not.
AGREE = {
    (): ["degree", "in_degree", "out_degree", "betweenness", "pagerank", "eigenvector"],
    ("--weighted",): ["degree", "in_degree", "out_degree", "pagerank"],
    ("--undirected",): ["degree", "betweenness", "closeness", "pagerank", "eigenvector"],
    ("--weighted", "--undirected"): ["degree", "pagerank"],
    ("--predicate", "supports", "--predicate", "cooperates_with"): ["degree", "betweenness", "pagerank"],
}


@pytest.mark.parametrize("options", sorted(AGREE), ids=lambda o: " ".join(o) or "default")
def test_gds_centrality_equals_the_embedded_measures(sahel, sahel_db, options):
    measures = AGREE[options]
    flags = [f for m in measures for f in ("-m", m)]
    gds = on_neo4j(sahel, "centrality", *flags, *options, "--engine", "gds", "--format", "json")
    here = embedded(sahel_db, "centrality", *flags, *options, "--format", "json")
    for measure in measures:
        ours, theirs = scores(here, measure), scores(gds, measure)
        assert set(ours) == set(theirs), measure
        worst = max(abs(ours[a] - theirs[a]) for a in ours)
        assert worst <= 1e-6, f"{measure}: off by {worst}"


def test_gds_louvain_runs(sahel):
    rows = sahel.run(
        "CALL gds.graph.project('louvain-test', 'Actor', {ALL: {type: '*', orientation: 'UNDIRECTED'}}) "
        "YIELD nodeCount RETURN nodeCount")
    try:
        communities = sahel.run("CALL gds.louvain.stream('louvain-test', {concurrency: 1}) "
                                "YIELD nodeId, communityId RETURN gds.util.asNode(nodeId).id AS id, communityId")
    finally:
        sahel.run("CALL gds.graph.drop('louvain-test') YIELD graphName RETURN graphName")
    assert len(communities) == rows[0]["nodeCount"] > 20
    assert 1 < len({r["communityId"] for r in communities}) < len(communities)


# -- cypher/ -----------------------------------------------------------------------------


def run_file(sahel, name: str) -> list[list[dict]]:
    """Run a cypher/ file as Browser does: each :param line evaluated by the server as a
    Cypher expression, then every statement in order; the records of each statement."""
    text = (CYPHER / name).read_text(encoding="utf-8")
    params = {}
    for key, expression in PARAM_LINE.findall(text):
        params[key] = sahel.run(f"RETURN {expression} AS value")[0]["value"]
    body = "\n".join(line for line in PARAM_LINE.sub("", text).splitlines() if not line.lstrip().startswith("//"))
    statements = [s.strip() for s in body.split(";") if s.strip()]
    assert statements
    answers = []
    with sahel.driver.session() as session:
        for statement in statements:
            answers.append([r.data() for r in session.run(statement, params)])
    return answers


def undirected_simple(G) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def test_every_file_is_tested():
    tested = {name.split("::")[0] for name in FILE_TESTS}
    assert tested == {p.name for p in CYPHER.glob("*.cypher")}


def check_who_sanctions_whom(answers, G):
    [rows] = answers
    pairs = {(r["sanctioning"], r["sanctioned"]) for r in rows}
    assert ("United States", "Ivan Maslov") in pairs
    expected = {(G.nodes[u]["name"], G.nodes[v]["name"]) for u, v, k in G.edges(keys=True) if k == "sanctions"}
    assert pairs == expected


def check_what_did_a_state_do(answers, G):
    """Mali –expels– Olivier Salgado, through its government: the design card's first triple."""
    [rows] = answers
    assert {"actor": "Mali", "through": "Malian junta", "predicate": "expels", "target": "Olivier Salgado",
            "first_date": "2022-08", "last_date": "2022-08", "evidence": 1} in rows
    assert all(r["predicate"] == "expels" for r in rows)


def check_actor_relations(answers, G):
    [rows] = answers
    expected = sorted([("out", k, v, d["weight"]) for _, v, k, d in G.out_edges("minusma", keys=True, data=True)]
                      + [("in", k, u, d["weight"]) for u, _, k, d in G.in_edges("minusma", keys=True, data=True)])
    assert sorted((r["direction"], r["predicate"], r["counterpart"], r["evidence"]) for r in rows) == expected


def check_allies_and_adversaries(answers, G):
    [rows] = answers
    balance = {}
    for u, v, k, d in list(G.out_edges("mali-junta", keys=True, data=True)) + \
            list(G.in_edges("mali-junta", keys=True, data=True)):
        other = v if u == "mali-junta" else u
        if d["polarity"]:
            balance[other] = balance.get(other, 0) + d["polarity"] * d["weight"]
    assert {r["id"]: r["balance"] for r in rows} == balance
    assert {r["side"] for r in rows} <= {"ally", "adversary", "mixed"} and any(r["side"] == "ally" for r in rows)


def check_expulsions(answers, G):
    [rows] = answers
    wanted = {"expels", "demands_withdrawal_of", "withdraws_from"}
    expected = sorted((G.nodes[u]["name"], k, G.nodes[v]["name"]) for u, v, k in G.edges(keys=True) if k in wanted)
    assert expected and sorted((r["subject"], r["predicate"], r["object"]) for r in rows) == expected


def check_find_actor(answers, G):
    [rows] = answers
    assert rows[0]["id"] == "wagner-group"


def check_gds_betweenness(answers, G):
    dropped, projected, rows, last = answers
    H = undirected_simple(G)
    assert projected[0]["actors"] == H.number_of_nodes()
    expected = nx.betweenness_centrality(H, normalized=False)
    assert len(rows) == 20
    for row in rows:  # raw pair counts, each unordered pair once, as networkx's undirected ones
        assert math.isclose(row["score"], expected[row["id"]], abs_tol=1e-6), row
    assert last == [{"graphName": "sahel"}]


def check_gds_communities(answers, G):
    _, projected, rows, _ = answers
    names = {d["name"] for _, d in G.nodes(data=True)}
    assert rows and all(r["size"] == len(r["members"]) > 1 and set(r["members"]) <= names for r in rows)
    assert projected[0]["actors"] == G.number_of_nodes()


def check_gds_pagerank(answers, G):
    _, projected, rows, _ = answers
    assert projected[0]["actors"] == G.number_of_nodes()
    assert len(rows) == 20 and [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert all(r["id"] in G for r in rows) and rows[0]["score"] > 0.15


def check_neighbourhood(answers, G):
    [rows] = answers
    reached = {n["id"] for r in rows for n in r["p"][::2]}
    assert reached == set(nx.ego_graph(G.to_undirected(as_view=True), "wagner-group", radius=2)) or len(rows) == 300


def check_ontology(answers, G):
    [rows] = answers
    assert len(rows) == len(G.graph["predicates"])
    assert sum(r["relations"] for r in rows) == G.number_of_edges()
    assert sum(r["evidence"] for r in rows) == sum(d["weight"] for *_, d in G.edges(data=True))


def check_paths_between(answers, G):
    [rows] = answers
    length = nx.shortest_path_length(G.to_undirected(as_view=True), "wagner-group", "minusma")
    assert rows and {r["length"] for r in rows} == {length}
    assert all(r["actors"][0] == "Wagner Group" and r["actors"][-1] == "MINUSMA" for r in rows)


def check_paths_up_to(answers, G):
    [rows] = answers
    U = nx.MultiGraph()
    U.add_edges_from((u, v) for u, v in G.edges())  # each relation its own edge, either way round
    expected = list(nx.all_simple_edge_paths(U, "united-states", "mali-junta", cutoff=3))
    assert rows and len(rows) == len(expected)


def check_relation_evidence(answers, G):
    [rows] = answers
    relations = {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True) if "minusma" in (u, v)}
    assert len(rows) == sum(d["weight"] for d in relations.values())
    quotes = {e["quote"] or "" for d in relations.values() for e in d["evidence"]}
    assert {r["quote"] for r in rows} == quotes


def check_schema(answers, G):
    assert all(rows == [] for rows in answers) and len(answers) == 7


def check_timeline(answers, G):
    [rows] = answers
    dated = [e for u, v, k, d in G.edges(keys=True, data=True) if "mali-junta" in (u, v)
             for e in d["evidence"] if e["date"]]
    assert len(rows) == len(dated) and [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def check_top_actors(answers, G):
    [rows] = answers
    assert len(rows) == 20
    assert rows[0]["relations"] == max(G.degree(n) for n in G)


def check_unbalanced_triangles(answers, G):
    [rows] = answers
    U = nx.MultiGraph()
    U.add_edges_from((u, v, d) for u, v, d in G.edges(data=True))  # each relation its own edge
    count = 0
    for a, b, c in combinations(sorted(G), 3):
        ab, bc, ca = U.get_edge_data(a, b) or {}, U.get_edge_data(b, c) or {}, U.get_edge_data(c, a) or {}
        for d1 in ab.values():
            for d2 in bc.values():
                for d3 in ca.values():
                    product = d1["polarity"] * d2["polarity"] * d3["polarity"]
                    count += product < 0
    assert len(rows) == count > 0


FILE_TESTS = {
    "who_sanctions_whom.cypher": check_who_sanctions_whom,
    "what_did_a_state_do.cypher": check_what_did_a_state_do,
    "actor_relations.cypher": check_actor_relations,
    "allies_and_adversaries.cypher": check_allies_and_adversaries,
    "expulsions_and_withdrawals.cypher": check_expulsions,
    "find_actor.cypher": check_find_actor,
    "gds_betweenness.cypher": check_gds_betweenness,
    "gds_communities.cypher": check_gds_communities,
    "gds_pagerank.cypher": check_gds_pagerank,
    "neighbourhood.cypher": check_neighbourhood,
    "ontology.cypher": check_ontology,
    "paths_between.cypher": check_paths_between,
    "paths_up_to.cypher": check_paths_up_to,
    "relation_evidence.cypher": check_relation_evidence,
    "schema.cypher": check_schema,
    "timeline.cypher": check_timeline,
    "top_actors.cypher": check_top_actors,
    "unbalanced_triangles.cypher": check_unbalanced_triangles,
}


@pytest.mark.parametrize("name", sorted(FILE_TESTS))
def test_cypher_file_answers_what_its_header_promises(sahel, embedded_graph, name):
    FILE_TESTS[name](run_file(sahel, name), embedded_graph)


def test_loading_again_through_the_command_line_changes_nothing(sahel):
    before = sahel.dump()
    result = sahel.cli("load", ROOT / "graph", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["loaded"] == 0 and counts["duplicates"] == counts["rows_read"] - counts["rejected"]
    assert sahel.dump() == before


# -- the design card's three triples, as written, by the command line ------------------------

@pytest.mark.parametrize("args, expected", [
    (("show", "Mali", "--predicate", "expels"), ("Olivier Salgado", "Malian junta")),
    (("show", "Wagner", "--predicate", "supports"), ("Malian junta", None)),
    (("show", "US", "--predicate", "sanctions"), ("Ivan Maslov", None)),
], ids=["Mali expels Salgado", "Wagner supports the junta", "US sanctions Maslov"])
def test_the_design_card_triples_answer_on_neo4j(sahel, sahel_db, args, expected):
    shown = json.loads(on_neo4j(sahel, *args, "--format", "json"))
    found = {(r["other"]["name"], r["through"] and r["through"]["name"]) for r in shown["relations"]
             if r["direction"] == "out"}
    assert expected in found
    assert canonical(shown) == canonical(json.loads(embedded(sahel_db, *args, "--format", "json")))


def test_the_readme_neo4j_lines_run_on_the_test_server(sahel, tmp_path):
    """The README's --neo4j lines (not run by tests/cli/test_readme.py) run here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "tests" / "cli" / "test_readme.py")
    readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme)
    needs_neo4j, readme_lines, run_lines = readme.needs_neo4j, readme.readme_lines, readme.run_lines

    lines = [(command.replace("neo4j://localhost:7687", sahel.uri), code)
             for command, code in readme_lines() if needs_neo4j(command)]
    assert lines
    failures = run_lines(lines, tmp_path, NEO4J_PASSWORD=sahel.password)
    assert not failures, "\n\n".join(failures)
