"""``sahelgraph viz`` on a real embedded store holding tests/data/mini."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main


def run(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *[str(a) for a in args]], catch_exceptions=False)


def page_data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="sahelgraph-data">(.*?)</script>', html, re.S).group(1))


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["viz", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--size-by" in result.output


def test_viz_writes_the_whole_graph(mini_db, tmp_path):
    out = tmp_path / "mini.html"
    result = run(mini_db, "viz", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote {out}: 9 of 9 actors, 7 of 7 relations."
    data = page_data(out)
    assert len(data["nodes"]) == 9 and len(data["edges"]) == 7
    assert data["title"] == "sahelgraph · mini"
    assert data["subtitle"][0] == "9 actors · 7 relations · filters: none"


def test_the_default_store_is_named_after_its_project(mini_db, tmp_path, monkeypatch):
    project = tmp_path / "sahel-project"
    (project / ".sahelgraph").mkdir(parents=True)
    (project / ".sahelgraph" / "graph.lbdb").write_bytes(mini_db.read_bytes())
    monkeypatch.chdir(project)
    result = CliRunner(env={"SAHELGRAPH_DB": None, "NEO4J_URI": None}).invoke(
        main, ["viz", "-o", "p.html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert page_data(project / "p.html")["title"] == "sahelgraph · sahel-project"


def test_viz_title_and_suffix(mini_db, tmp_path):
    result = run(mini_db, "viz", "-o", tmp_path / "deep" / "page", "--title", "Mini <test>")
    assert result.exit_code == 0, result.output
    assert page_data(tmp_path / "deep" / "page.html")["title"] == "Mini <test>"


def test_viz_focus_resolves_aliases(mini_db, tmp_path):
    out = tmp_path / "goita.html"
    result = run(mini_db, "viz", "-o", out, "--focus", "Colonel Goita", "--depth", "1")
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert {n["id"] for n in data["nodes"]} == {"assimi-goita", "mali-junta"}
    assert data["highlight"]["focus"] == "assimi-goita"
    two = tmp_path / "two.html"
    assert run(mini_db, "viz", "-o", two, "--focus", "goita", "--depth", "2").exit_code == 0
    assert {n["id"] for n in page_data(two)["nodes"]} == {
        "assimi-goita", "mali-junta", "wagner-group", "minusma"}


def test_viz_path(mini_db, tmp_path):
    out = tmp_path / "path.html"
    result = run(mini_db, "viz", "-o", out, "--path", "US", "UN")
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert data["highlight"]["path"] == ["united-states", "ivan-maslov", "wagner-group", "mali-junta",
                                         "minusma", "united-nations"]
    assert "path United States → Ivan Maslov → Wagner Group" in data["subtitle"][1]


@pytest.mark.parametrize("args, message", [
    (["--focus", "Wagnr"], "error: unknown actor 'Wagnr' (did you mean"),
    (["--path", "Mali", "junta"], "error: No path between Mali and Malian junta."),
    (["--path", "Mali", "Atlantis"], "error: unknown actor 'Atlantis'"),
])
def test_viz_errors_are_one_line(mini_db, tmp_path, args, message):
    result = run(mini_db, "viz", "-o", tmp_path / "x.html", *args)
    # a name that matches no actor is a usage error (2); a question with no answer a data error (1)
    assert result.exit_code == (1 if "No path" in message else 2)
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()


def test_viz_usage_errors_exit_2(mini_db, tmp_path):
    assert run(mini_db, "viz", "--size-by", "fame").exit_code == 2
    assert run(mini_db, "viz", "--depth", "-1").exit_code == 2
    assert run(mini_db, "viz", "--path", "Mali").exit_code == 2


def test_viz_filters(mini_db, tmp_path):
    out = tmp_path / "hostile.html"
    result = run(mini_db, "viz", "-o", out, "--polarity", "hostile", "--since", "2023")
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert {e["predicate"] for e in data["info"]["edges"].values()} == {"sanctions", "demands_withdrawal_of"}
    assert all(e["polarity"] == -1 for e in data["info"]["edges"].values())
    assert "filters: polarity hostile · since 2023" in data["subtitle"][0]
    kinds = tmp_path / "kinds.html"
    assert run(mini_db, "viz", "-o", kinds, "--kind", "person", "--kind", "pmc").exit_code == 0
    assert {n["kind"] for n in page_data(kinds)["info"]["nodes"].values()} == {"person", "pmc"}
    assert run(mini_db, "viz", "-o", kinds, "--predicate", "leads", "--min-confidence", "0.95").exit_code == 0
    assert [e["from"] for e in page_data(kinds)["info"]["edges"].values()] == ["assimi-goita"]


def test_viz_size_by(mini_db, tmp_path):
    out = tmp_path / "b.html"
    assert run(mini_db, "viz", "-o", out, "--size-by", "betweenness").exit_code == 0
    data = page_data(out)
    assert data["sizeBy"] == "betweenness"
    values = {n["id"]: n["value"] for n in data["nodes"]}
    assert max(values, key=values.get) in {"mali-junta", "wagner-group", "minusma"}


def test_viz_max_nodes_says_so(mini_db, tmp_path):
    out = tmp_path / "top.html"
    result = run(mini_db, "viz", "-o", out, "--max-nodes", "3")
    assert result.exit_code == 0, result.output
    assert "note: Showing the 3 most central of 9 actors by degree" in result.stderr
    assert "3 of 9 actors" in result.stdout
    assert len(page_data(out)["nodes"]) == 3 and "most central" in page_data(out)["notes"][0]
    assert run(mini_db, "viz", "-o", out, "--max-nodes", "0").exit_code == 0
    assert len(page_data(out)["nodes"]) == 9


def test_viz_max_relations_says_so(mini_db, tmp_path):
    out = tmp_path / "strong.html"
    result = run(mini_db, "viz", "-o", out, "--focus", "junta", "--max-relations", "2")
    assert result.exit_code == 0, result.output
    assert "note: Showing the 2 strongest of" in result.stderr and "those nearest" in result.stderr
    assert ", 2 of " in result.stdout
    data = page_data(out)
    assert len(data["info"]["edges"]) == 2 and "strongest" in data["notes"][0]
    assert all("mali-junta" in (e["from"], e["to"]) for e in data["info"]["edges"].values())
    assert run(mini_db, "viz", "-o", out, "--max-relations", "0").exit_code == 0
    assert len(page_data(out)["info"]["edges"]) == 7  # all of the mini graph's
    result = run(mini_db, "viz", "-o", out, "--max-relations", "-1")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_viz_open(mini_db, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    assert run(mini_db, "viz", "-o", tmp_path / "o.html", "--open").exit_code == 0
    assert opened == [(tmp_path / "o.html").resolve().as_uri()]
