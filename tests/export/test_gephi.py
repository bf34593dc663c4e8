"""GraphML and GEXF: Gephi-ready files that read back into exactly the graph written."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from sahelgraph.errors import NotFoundError
from sahelgraph.export import export_graph
from sahelgraph.export.gephi import read_gexf, read_graphml, write_gexf, write_graphml

from awkward import assert_same_graph, awkward  # noqa: E402  (tests/export on sys.path)

FORMATS = {"graphml": (write_graphml, read_graphml), "gexf": (write_gexf, read_gexf)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_is_exact(tmp_path, awkward_graph, fmt):
    write, read = FORMATS[fmt]
    assert write(awkward_graph, tmp_path / f"g.{fmt}") == [tmp_path / f"g.{fmt}"]
    assert_same_graph(read(tmp_path / f"g.{fmt}"), awkward_graph)
    assert_same_graph(awkward_graph, awkward())  # and the graph written is untouched


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_mini_store(tmp_path, mini_store, fmt):
    G = mini_store.graph()
    write, read = FORMATS[fmt]
    write(G, tmp_path / f"mini.{fmt}")
    assert_same_graph(read(tmp_path / f"mini.{fmt}"), G)
    filtered = mini_store.graph(polarity=[-1], since="2022")
    write(filtered, tmp_path / f"hostile.{fmt}")
    back = read(tmp_path / f"hostile.{fmt}")
    assert_same_graph(back, filtered)
    assert back.graph["filters"] == {"polarity": [-1], "since": "2022"}


def test_graphml_is_plain_graphml_with_typed_columns(tmp_path, awkward_graph, mini_store):
    path = write_graphml(awkward_graph, tmp_path / "g.graphml")[0]
    plain = nx.read_graphml(path, force_multigraph=True)  # any GraphML reader, no decoder
    assert plain.nodes["mali"]["kind"] == "state" and plain.nodes["mali"]["label"] == "Mali"
    assert plain.nodes["mali"]["aliases"] == '["Republic of Mali", "Malian"]'
    edges = list(plain.edges(data=True))
    assert {d["polarity"] for *_, d in edges} == {-1, 0, 1}
    assert {d["label"] for *_, d in edges} == {"expels", "cooperates_with", "leads"}
    assert len({d["id"] for *_, d in edges}) == len(edges) == 4  # unique edge ids (Gephi needs them)
    keys = lambda path: {(k.get("for"), k.get("attr.name")): k.get("attr.type")
                         for k in ET.parse(path).getroot() if k.tag.endswith("key")}
    # confidence is 1 on one edge and floats elsewhere: one column cannot hold both, so JSON
    assert keys(path)[("edge", "confidence")] == "string"
    keys = keys(write_graphml(mini_store.graph(), tmp_path / "mini.graphml")[0])
    assert keys[("node", "kind")] == "string" and keys[("node", "country")] == "string"
    assert keys[("edge", "polarity")] in {"int", "long"} and keys[("edge", "weight")] in {"int", "long"}
    assert keys[("edge", "confidence")] == "double" and keys[("edge", "first_date")] == "string"
    assert keys[("edge", "symmetric")] == "boolean"


def test_gexf_is_plain_gexf_for_gephi(tmp_path, awkward_graph):
    path = write_gexf(awkward_graph, tmp_path / "g.gexf")[0]
    plain = nx.read_gexf(path)
    assert plain.nodes["assimi-goita"]["label"] == "Assimi Goïta"
    assert plain.nodes["assimi-goita"]["kind"] == "person"
    root = ET.parse(path).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft"}
    assert root.find("g:meta/g:description", ns).text.startswith('{"format": "sahelgraph"')
    edges = root.findall("g:graph/g:edges/g:edge", ns)
    assert len({e.get("id") for e in edges}) == 4 and {e.get("label") for e in edges} == {
        "expels", "cooperates_with", "leads"}
    assert {e.get("weight") for e in edges} == {"2", "1"}  # Gephi's edge weight


def test_values_xml_cannot_hold_travel_as_json(tmp_path, awkward_graph):
    path = write_graphml(awkward_graph, tmp_path / "g.graphml")[0]
    plain = nx.read_graphml(path, force_multigraph=True)
    assert plain.nodes["ctrl"]["name"] == '"Ctrl\\u0001\\u000b char"'
    assert read_graphml(path).nodes["ctrl"]["name"] == "Ctrl\x01\x0b char"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reserved_attribute_names_survive(tmp_path, fmt):
    G = nx.MultiDiGraph()
    G.add_node("a", label="my label", id=7, name="A")
    G.add_node("b")
    G.add_edge("a", "b", key=3, id="mine", label="L", key_="k", networkx_key="n", edge_key="e", type="t")
    write, read = FORMATS[fmt]
    write(G, tmp_path / f"r.{fmt}")
    assert_same_graph(read(tmp_path / f"r.{fmt}"), G)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("make", [nx.Graph, nx.DiGraph, nx.MultiGraph])
def test_other_graph_classes(tmp_path, fmt, make):
    G = make()
    G.add_edge(1, 2, weight=3, tags=["x"])
    G.add_edge(2, 3)
    G.graph["name"] = "small"
    write, read = FORMATS[fmt]
    write(G, tmp_path / f"o.{fmt}")
    assert_same_graph(read(tmp_path / f"o.{fmt}"), G)


def test_foreign_files_are_read_as_networkx_reads_them(tmp_path):
    G = nx.MultiDiGraph([("a", "b")])
    nx.write_graphml(G, tmp_path / "f.graphml")
    nx.write_gexf(G, tmp_path / "f.gexf")
    assert list(read_graphml(tmp_path / "f.graphml").edges()) == [("a", "b")]
    assert list(read_gexf(tmp_path / "f.gexf").edges()) == [("a", "b")]
    with pytest.raises(NotFoundError, match="no such file"):
        read_graphml(tmp_path / "missing.graphml")


def test_registry_and_directories(tmp_path, awkward_graph):
    assert export_graph(awkward_graph, "graphml", tmp_path / "a.graphml") == [tmp_path / "a.graphml"]
    assert export_graph(awkward_graph, "gexf", tmp_path) == [tmp_path / "sahelgraph.gexf"]
    assert export_graph(awkward_graph, "gexf", tmp_path / "new" / "g.gexf") == [tmp_path / "new" / "g.gexf"]
    assert_same_graph(read_gexf(tmp_path / "sahelgraph.gexf"), awkward_graph)
