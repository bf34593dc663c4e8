"""``sahelgraph export`` on a real embedded store holding tests/data/mini."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.export.gephi import read_gexf, read_graphml
from sahelgraph.export.node_link import read_node_link
from sahelgraph.stores import open_store

from awkward import assert_same_graph  # noqa: E402  (tests/export on sys.path)

READERS = {"graphml": read_graphml, "gexf": read_gexf, "json": read_node_link}


def run(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *[str(a) for a in args]], catch_exceptions=False)


def stored(db, **filters):
    with open_store(str(db)) as store:
        return store.graph(**filters)


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.parametrize("fmt", READERS)
def test_export_reads_back_exactly(mini_db, tmp_path, fmt):
    out = tmp_path / f"mini.{fmt}"
    result = run(mini_db, "export", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "Exported 9 actors and 7 relations" in result.stderr
    assert_same_graph(READERS[fmt](out), stored(mini_db))


@pytest.mark.parametrize("suffix, fmt", [(".graphml", "graphml"), (".GEXF", "gexf"), (".json", "json")])
def test_the_format_follows_the_file_name(mini_db, tmp_path, suffix, fmt):
    out = tmp_path / f"mini{suffix}"
    assert run(mini_db, "export", "-o", out).exit_code == 0
    assert_same_graph(READERS[fmt](out), stored(mini_db))


def test_an_unknown_suffix_needs_format(mini_db, tmp_path):
    result = run(mini_db, "export", "-o", tmp_path / "mini.xyz")
    assert result.exit_code == 2 and "cannot tell the format from 'mini.xyz': add --format" in result.output
    assert run(mini_db, "export", "--format", "pdf", "-o", tmp_path / "x").exit_code == 2
    assert run(mini_db, "export", "--format", "json").exit_code == 2  # -o is required


def test_filters_apply_and_are_recorded(mini_db, tmp_path):
    out = tmp_path / "hostile.json"
    result = run(mini_db, "export", "-o", out, "--polarity", "hostile", "--kind", "state",
                 "--kind", "person", "--kind", "igo", "--kind", "government")
    assert result.exit_code == 0, result.output
    G = read_node_link(out)
    assert {d["polarity"] for *_, d in G.edges(data=True)} == {-1}
    assert G.graph["filters"] == {"polarity": [-1], "kinds": ["government", "igo", "person", "state"]}
    assert_same_graph(G, stored(mini_db, polarity=[-1], kinds=["state", "person", "igo", "government"]))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "links", "graph"}


def test_bad_filter_values_are_one_line(mini_db, tmp_path):
    result = run(mini_db, "export", "-o", tmp_path / "x.json", "--since", "last week")
    # a usage error (exit 2) naming the option, in one line of its own
    assert result.exit_code == 2 and "--since" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["cypher", "neo4j-admin"])
def test_the_neo4j_formats_are_dispatched(mini_db, tmp_path, monkeypatch, fmt):
    calls = []

    def fake_export(G, name, path):
        calls.append((G.number_of_nodes(), name, path))
        return [path / "nodes.csv"] if name == "neo4j-admin" else [path]

    monkeypatch.setattr("sahelgraph.cli.export.export_graph", fake_export)
    out = tmp_path / ("import" if fmt == "neo4j-admin" else "mini.cypher")
    result = run(mini_db, "export", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert calls == [(9, fmt, out)]
    assert result.stdout.strip().splitlines()[0].startswith(str(out))


@pytest.mark.parametrize("fmt, target", [("cypher", "mini.cypher"), ("neo4j-admin", "import")])
def test_the_neo4j_formats_write_files(mini_db, tmp_path, fmt, target):
    result = run(mini_db, "export", "--format", fmt, "-o", tmp_path / target)
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.strip().splitlines()]
    assert written and all(path.exists() for path in written)
