"""Node-link JSON for D3: nodes and links, read back exactly."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from sahelgraph.errors import SahelGraphError
from sahelgraph.export import export_graph
from sahelgraph.export.node_link import read_node_link, write_node_link

from awkward import assert_same_graph  # noqa: E402  (tests/export on sys.path)


def test_round_trip_is_exact(tmp_path, awkward_graph):
    assert write_node_link(awkward_graph, tmp_path / "g.json") == [tmp_path / "g.json"]
    assert_same_graph(read_node_link(tmp_path / "g.json"), awkward_graph)
    # plain networkx reads it too
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert_same_graph(nx.node_link_graph(data, edges="links"), awkward_graph)


def test_the_shape_d3_expects(tmp_path, awkward_graph):
    data = json.loads(write_node_link(awkward_graph, tmp_path / "g.json")[0].read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    ids = [n["id"] for n in data["nodes"]]
    assert ids == list(awkward_graph)
    assert all(link["source"] in ids and link["target"] in ids for link in data["links"])
    link = next(link for link in data["links"] if link["key"] == "expels")
    assert link["evidence"][0]["quote"] == 'He said: "leave" <now>' and link["sources"] == ["wire"]
    assert data["graph"]["sources"]["wire"]["outlet"] == "Wire"
    assert data["nodes"][0]["aliases"] == ["Republic of Mali", "Malian"]


def test_round_trip_of_the_mini_store(tmp_path, mini_store):
    G = mini_store.graph(kinds=["person", "pmc", "government"])
    assert_same_graph(read_node_link(export_graph(G, "json", tmp_path / "mini.json")[0]), G)


def test_strict_json(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", score=float("nan"))
    with pytest.raises(SahelGraphError, match="NaN"):
        write_node_link(G, tmp_path / "nan.json")


def test_directory_target(tmp_path, awkward_graph):
    assert write_node_link(awkward_graph, tmp_path) == [tmp_path / "sahelgraph.json"]
