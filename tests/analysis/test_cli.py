"""The analysis commands against a store holding tests/data/mini (see conftest.py)."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.cli.analysis import COMMANDS


@pytest.fixture
def run(mini_db):
    def run(*args, code=0):
        result = CliRunner().invoke(main, ["--db", str(mini_db), *args])
        assert result.exit_code == code, result.output
        return result

    return run


def rows(result, fmt="json"):
    text = result.stdout
    return json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command.name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "--format" in result.output


def test_centrality_table_has_every_measure(run):
    result = run("centrality", "--wide")
    header = result.stdout.splitlines()[0].split()
    assert header == ["name", "kind", "degree", "in_degree", "out_degree", "betweenness", "closeness",
                      "eigenvector", "pagerank"]
    # the mini graph is acyclic: directed eigenvector centrality does not exist, said on stderr
    assert "eigenvector" in result.stderr and "--undirected" in result.stderr
    assert result.stdout.splitlines()[2].startswith("Malian junta")


def test_centrality_options(run):
    data = rows(run("centrality", "--undirected", "--weighted", "--top", "3", "--format", "json"))
    assert len(data) == 3 and data[0]["id"] == "mali-junta"
    assert set(data[0]) == {"id", "name", "kind", "degree", "betweenness", "closeness", "eigenvector", "pagerank"}
    assert data[0]["degree"] == 3.0  # weighted degree: evidence of its three relations
    data = rows(run("centrality", "-m", "pagerank", "-m", "betweenness", "--sort", "betweenness", "--format", "csv"),
                "csv")
    assert list(data[0]) == ["id", "name", "kind", "pagerank", "betweenness"]
    assert data[0]["id"] == "mali-junta"


def test_centrality_explicit_eigenvector_on_acyclic_graph_is_an_error(run):
    result = run("centrality", "-m", "eigenvector", code=1)
    assert "did not converge" in result.output


def test_centrality_sort_must_be_shown(run):
    result = run("centrality", "-m", "degree", "--sort", "pagerank", code=2)
    assert "not among the measures shown" in result.output


def test_centrality_filters(run):
    data = rows(run("centrality", "--kind", "person", "-m", "degree", "--format", "json"))
    assert {r["id"] for r in data} == {"ivan-maslov", "assimi-goita", "olivier-salgado"}
    assert all(r["degree"] == 0 for r in data)


def test_centrality_gds_engine_needs_neo4j(run):
    result = run("centrality", "--engine", "gds", code=1)
    assert "gds" in result.output and "Neo4j" in result.output


def test_path_through_aliases(run):
    result = run("path", "US", "Goita", "--format", "json")
    (path,) = rows(result)
    data = [rel for hop in path["hops"] for rel in hop["relations"]]
    assert [r["predicate"] for r in data] == ["sanctions", "leads", "supports", "leads"]
    assert data[-1]["direction"] == "backward"
    assert data[0]["quote"] == "The United States sanctioned Ivan Maslov"
    assert data[0]["date"] == "2023" and data[0]["source"] == "mini-wire"
    assert path["actors"][0] == {"id": "united-states", "name": "United States"}
    text = run("path", "US", "Goita").stdout
    assert text.startswith("1 shortest path between United States and Assimi Goïta, 4 hops")
    assert "  1. United States –sanctions→ Ivan Maslov" in text
    assert "     2023, mini-wire: “The United States sanctioned Ivan Maslov”" in text
    assert "Assimi Goïta –leads→ Malian junta  (walked backward, against its direction)" in text


def test_path_all_and_directed(run):
    data = rows(run("path", "Wagner", "MINUSMA", "--all", "--max-hops", "2", "--format", "json"))
    assert [(p["path"], h["hop"], r["predicate"]) for p in data for h in p["hops"] for r in h["relations"]] == [
        (1, 1, "supports"), (1, 2, "demands_withdrawal_of")]
    run("path", "Wagner", "MINUSMA", "--directed")
    result = run("path", "MINUSMA", "Wagner", "--directed", code=1)
    assert "No path between MINUSMA (minusma) and Wagner Group (wagner-group)" in result.output


def test_path_errors_are_one_clear_line(run):
    result = run("path", "Mali", "Goita", code=1)
    assert result.output.strip().startswith("error: No path between Mali")
    result = run("path", "USA", "Goitta", code=2)
    assert "unknown actor 'USA'" in result.output and "did you mean" in result.output
    assert "Traceback" not in result.output
    result = run("path", "US", "Goita", "--max-hops", "2", code=1)
    assert "within 2 hops" in result.output
    result = run("path", "US", "Goita", "--kind", "state", code=1)
    assert "not in the graph under these filters" in result.output


def test_ego(run):
    data = rows(run("ego", "Wagner", "--depth", "2", "--format", "json"))
    assert {r["id"]: r["hops"] for r in data} == {
        "wagner-group": 0, "mali-junta": 1, "ivan-maslov": 1, "assimi-goita": 2, "minusma": 2, "united-states": 2}
    data = rows(run("ego", "junta", "--relations", "--format", "csv"), "csv")
    assert sorted(r["predicate"] for r in data) == ["demands_withdrawal_of", "leads", "supports"]
    data = rows(run("ego", "Maslov", "--directed", "--format", "json"))
    assert {r["id"] for r in data} == {"ivan-maslov", "wagner-group"}


def test_communities(run):
    data = rows(run("communities", "--seed", "1", "--format", "json"))
    assert sorted(r["id"] for r in data) == sorted(
        ["mali", "mali-junta", "minusma", "united-nations", "wagner-group", "united-states", "ivan-maslov",
         "assimi-goita", "olivier-salgado"])
    assert data == rows(run("communities", "--seed", "1", "--format", "json"))
    groups = {}
    for r in data:
        groups.setdefault(r["community"], set()).add(r["id"])
    assert {"mali", "olivier-salgado"} in groups.values()
    run("communities", "--resolution", "2", "--weighted")


def test_allies_and_adversaries(run):
    (ally,) = rows(run("allies", "junta", "--format", "json"))
    assert (ally["id"], ally["name"], ally["net"], ally["cooperative"]) == ("wagner-group", "Wagner Group", 1, 1)
    assert ally["relations"] == [{"subject": {"id": "wagner-group", "name": "Wagner Group"},
                                  "predicate": "supports", "object": {"id": "mali-junta", "name": "Malian junta"},
                                  "polarity": 1, "evidence": 1}]
    assert "Wagner Group supports Malian junta (1)" in run("allies", "junta").stdout
    (adversary,) = rows(run("adversaries", "Malian junta", "--format", "json"))
    assert (adversary["id"], adversary["net"], adversary["hostile"]) == ("minusma", -1, 1)
    assert rows(run("allies", "US", "--format", "json")) == []
    assert [r["id"] for r in rows(run("adversaries", "US", "--format", "json"))] == ["ivan-maslov"]
    run("allies", "Nobody", code=2)


def test_balance(run):
    result = run("balance")
    assert "0 signed triads: 0 balanced, 0 unbalanced" in result.stderr
    assert rows(run("balance", "--unbalanced", "--format", "json")) == []


def test_timeline(run):
    data = rows(run("timeline", "junta", "--format", "json"))
    assert [(r["date"], r["predicate"]) for r in data] == [("2023", "supports"), ("2023-06-16", "demands_withdrawal_of")]
    data = rows(run("timeline", "junta", "--undated", "--no-roll-up", "--format", "json"))
    assert data[-1]["predicate"] == "leads" and not data[-1]["date"]
    # rolled up (the default), Goïta is part of the junta: his leading it is its inner business
    assert "leads" not in {r["predicate"] for r in rows(run("timeline", "junta", "--undated", "--format", "json"))}
    # a partial date overlaps a window it is partly in: 2023 is kept after 2023-06
    assert len(rows(run("timeline", "junta", "--since", "2023-06", "--format", "json"))) == 2
    assert rows(run("timeline", "junta", "--as-of", "2022", "--format", "json")) == []


def test_bad_filter_date_is_a_clear_error(run):
    result = run("centrality", "--since", "2023-02-30", code=2)
    assert "February 2023 has 28 days" in result.output


def test_centrality_gds_engine_asks_the_store(run, monkeypatch):
    from sahelgraph.stores.base import Store

    calls = []

    def gds_centrality(self, measures, **options):
        calls.append((list(measures), options))
        return {"pagerank": {"mali": 0.3, "minusma": 0.7}}

    monkeypatch.setattr(Store, "gds_centrality", gds_centrality)
    data = rows(run("centrality", "--engine", "gds", "-m", "pagerank", "--undirected", "--since", "2022",
                    "--format", "json"))
    assert [(r["id"], r["pagerank"]) for r in data] == [("minusma", 0.7), ("mali", 0.3)]
    assert calls == [(["pagerank"], {"weighted": False, "directed": False, "since": "2022",
                                     "modalities": ["asserted", "alleged"]})]


def test_path_limit_and_csv(run):
    data = rows(run("path", "US", "Goita", "--all", "--max-hops", "5", "--limit", "1", "--format", "csv"), "csv")
    assert {r["path"] for r in data} == {"1"} and len(data) == 4
    assert data[0]["from"] == "United States" and data[-1]["to"] == "Assimi Goïta"


def test_actor_commands_name_unknown_actors(run):
    for command in ("ego", "allies", "adversaries", "timeline"):
        result = run(command, "Wagnr", code=2)
        assert "unknown actor 'Wagnr'" in result.output and "Wagner" in result.output
