"""build_page / render_html / show without a browser: what goes into the page."""

from __future__ import annotations

import copy
import html as html_lib
import json
import re

import networkx as nx
import pytest

from sahelgraph.errors import NotFoundError, SahelGraphError
from sahelgraph.viz import (
    LAYOUT_THRESHOLD, SIZE_MEASURES, build_page, describe_filters, node_scores, render_html, show,
)
from sahelgraph.viz.page import script_json

from nasty import XSS_IMG, XSS_SCRIPT  # noqa: E402  (tests/viz is on sys.path)


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="sahelgraph-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def node(page, id_):
    return next(n for n in page.data["nodes"] if n["id"] == id_)


def test_the_graph_is_not_changed(nasty_graph):
    before = copy.deepcopy(nasty_graph)
    build_page(nasty_graph, focus="Mali", path_between=("Maslov", "UN"), size_by="pagerank",
               layout_threshold=2).html()
    assert nx.utils.graphs_equal(before, nasty_graph)
    assert dict(before.nodes(data=True)) == dict(nasty_graph.nodes(data=True))
    assert list(before.edges(keys=True, data=True)) == list(nasty_graph.edges(keys=True, data=True))


def test_every_actor_and_relation_is_in_the_page(nasty_graph):
    page = build_page(nasty_graph)
    data = page_data(page.html())
    assert {n["id"] for n in data["nodes"]} == set(nasty_graph)
    assert len(data["edges"]) == nasty_graph.number_of_edges() == page.counts["edges"]
    edge = next(e for e in data["edges"] if data["info"]["edges"][e["id"]]["predicate"] == "expels")
    assert (edge["from"], edge["to"], edge["label"]) == ("mali", "minusma", "expels")
    assert data["info"]["edges"][edge["id"]]["evidence"][0]["quote"] == XSS_SCRIPT
    assert data["info"]["nodes"]["bold-co"]["description"] == XSS_IMG
    assert data["sources"]["wire"]["url"] == "javascript:window.__xss=5"


def test_colours_by_kind_and_polarity(nasty_graph):
    data = build_page(nasty_graph).data
    assert node(build_page(nasty_graph), "mali")["color"]["background"] == "#1f77b4"
    colors = {data["info"]["edges"][e["id"]]["predicate"]: e["color"]["color"] for e in data["edges"]}
    assert colors["expels"] == "#d62728" and colors["supports"] == "#2ca02c" and colors["leads"] == "#8c8c8c"
    kinds = {k: (color, count) for k, color, count in data["legend"]["kinds"]}
    assert kinds["igo"] == ("#9467bd", 2) and kinds["person"][1] == 2
    assert [p[0] for p in data["legend"]["predicates"]] == sorted(
        d["predicate"] for *_, d in nasty_graph.edges(data=True))


def test_symmetric_relations_have_no_arrow_and_parallel_ones_curve_apart(nasty_graph):
    data = build_page(nasty_graph).data
    by_predicate = {data["info"]["edges"][e["id"]]["predicate"]: e for e in data["edges"]}
    assert by_predicate["cooperates_with"]["arrows"] == {"to": {"enabled": False}}
    assert by_predicate["expels"]["arrows"] == "to"
    curves = [by_predicate[p]["smooth"] for p in ("demands_withdrawal_of", "criticises")]
    assert all(c["enabled"] for c in curves) and curves[0]["roundness"] != curves[1]["roundness"]
    assert "smooth" not in by_predicate["leads"]


@pytest.mark.parametrize("measure", SIZE_MEASURES)
def test_size_by_each_centrality(nasty_graph, measure):
    page = build_page(nasty_graph, size_by=measure)
    scores = node_scores(nasty_graph, measure)
    assert {n["id"]: n["value"] for n in page.data["nodes"]} == pytest.approx(scores)
    assert page.data["sizeBy"] == measure and f"size by {measure}" in page.data["subtitle"][1]


def test_size_by_scores_are_sensible(nasty_graph):
    degree = node_scores(nasty_graph, "degree")
    assert max(degree, key=degree.get) in {"mali", "minusma", "wagner-group", "mali-junta"}
    assert degree["loner"] == 0.0
    assert all(v >= 0 for v in node_scores(nasty_graph, "eigenvector").values())


def test_unknown_size_measure():
    with pytest.raises(SahelGraphError, match="unknown size measure 'fame'"):
        build_page(nx.MultiDiGraph(), size_by="fame")


def test_title_names_the_dataset_and_filters(nasty_graph):
    nasty_graph.graph["filters"] = {"predicates": ["expels", "supports"], "polarity": [-1, 1],
                                    "since": "2022", "min_confidence": 0.5}
    page = build_page(nasty_graph, title="Sahel <dataset>")
    assert page.data["title"] == "Sahel <dataset>"
    assert page.data["subtitle"][0] == ("8 actors · 8 relations · filters: predicate expels, supports · "
                                       "polarity hostile, cooperative · since 2022 · confidence ≥ 0.5")
    html = page.html()
    assert "<title>Sahel &lt;dataset&gt;</title>" in html
    assert '<h1 id="title">Sahel &lt;dataset&gt;</h1>' in html
    nasty_graph.graph["name"] = "From the graph"
    assert build_page(nasty_graph).title == "From the graph"
    assert build_page(nx.MultiDiGraph()).title == "sahelgraph"


def test_describe_filters():
    assert describe_filters(None) == "none"
    assert describe_filters({"kinds": ["state"], "as_of": "2023", "min_evidence": 2}) == \
        "kind state · as of 2023 · evidence ≥ 2"


def test_focus_resolves_aliases_and_keeps_the_neighbourhood(nasty_graph):
    page = build_page(nasty_graph, focus="u.n.", depth=1)
    assert {n["id"] for n in page.data["nodes"]} == {"united-nations", "minusma"}
    assert page.data["highlight"]["focus"] == "united-nations"
    assert node(page, "united-nations")["borderWidth"] == 4
    assert "around United Nations, 1 hop" in page.data["subtitle"][1]
    two = build_page(nasty_graph, focus="United Nations", depth=2)
    assert {n["id"] for n in two.data["nodes"]} == {"united-nations", "minusma", "mali", "mali-junta"}
    assert {n["id"] for n in build_page(nasty_graph, focus="loner", depth=0).data["nodes"]} == {"loner"}


def test_focus_on_an_unknown_actor_suggests_names(nasty_graph):
    with pytest.raises(NotFoundError, match=r"unknown actor 'Wagnr Group' \(did you mean 'Wagner Group'"):
        build_page(nasty_graph, focus="Wagnr Group")


def test_depth_must_not_be_negative(nasty_graph):
    with pytest.raises(SahelGraphError, match="depth"):
        build_page(nasty_graph, focus="Mali", depth=-1)


def test_path_is_highlighted_and_the_rest_fades(nasty_graph):
    page = build_page(nasty_graph, path_between=("Maslov", "UN"))
    path = page.data["highlight"]["path"]
    # two shortest paths (through Mali or through the junta): either, four hops
    assert path[:2] == ["ivan-maslov", "wagner-group"] and path[3:] == ["minusma", "united-nations"]
    assert path[2] in {"mali", "mali-junta"}
    names = " → ".join(nasty_graph.nodes[n]["name"] for n in path)
    assert f"path {names}" in page.data["subtitle"][1]
    for n in page.data["nodes"]:
        if n["id"] in path:
            assert n["borderWidth"] == 4 and "opacity" not in n
        else:
            assert n["opacity"] < 1
    info = page.data["info"]["edges"]
    on_path = {(info[e["id"]]["from"], info[e["id"]]["to"], info[e["id"]]["predicate"])
               for e in page.data["edges"] if e["color"]["opacity"] == 1}
    # direction is ignored, and every relation between two consecutive actors counts
    steps = {frozenset(p) for p in zip(path, path[1:])}
    assert on_path == {(u, v, k) for u, v, k in nasty_graph.edges(keys=True) if frozenset((u, v)) in steps}
    assert len(on_path) >= 4


def test_path_with_focus_keeps_both(nasty_graph):
    page = build_page(nasty_graph, focus="loner", depth=1, path_between=("Maslov", "Wagner"))
    assert {n["id"] for n in page.data["nodes"]} == {"loner", "ivan-maslov", "wagner-group"}


def test_no_path(nasty_graph):
    with pytest.raises(NotFoundError, match="No path between Loner and Mali."):
        build_page(nasty_graph, path_between=("Loner", "Mali"))
    with pytest.raises(NotFoundError, match="unknown actor 'Atlantis'"):
        build_page(nasty_graph, path_between=("Atlantis", "Mali"))


def test_max_nodes_keeps_the_most_central_and_says_so(nasty_graph):
    page = build_page(nasty_graph, max_nodes=3)
    degree = node_scores(nasty_graph, "degree")
    top = sorted(degree, key=lambda n: (-degree[n], n))[:3]
    assert {n["id"] for n in page.data["nodes"]} == set(top)
    assert page.notes == page.data["notes"]
    assert "Showing the 3 most central of 8 actors by degree" in page.notes[0]
    assert page.counts == {"nodes": 3, "edges": page.counts["edges"], "total_nodes": 8, "total_edges": 8}
    # the focus and the path always stay
    kept = build_page(nasty_graph, max_nodes=1, path_between=("Maslov", "UN"))
    assert len(kept.data["nodes"]) == 5
    assert build_page(nasty_graph, max_nodes=None).counts["nodes"] == 8
    assert build_page(nasty_graph, max_nodes=0).counts["nodes"] == 8


def test_max_relations_draws_the_strongest_and_says_so(nasty_graph):
    page = build_page(nasty_graph, max_relations=3)
    assert page.counts == {"nodes": page.counts["nodes"], "edges": 3, "total_nodes": 8, "total_edges": 8}
    assert len(page.data["edges"]) == len(page.data["info"]["edges"]) == 3
    assert "Showing the 3 strongest of 8 relations (the most evidence, the latest; at most 3" in page.notes[0]
    gone = 8 - page.counts["nodes"]
    assert gone > 0 and page.notes[0].endswith(f"; {gone} actors left with none of them are left out too.")
    # around a focus its own relations come first, and the note names it
    focused = build_page(nasty_graph, focus="Mali", max_relations=1)
    (edge,) = focused.data["info"]["edges"].values()
    assert "mali" in (edge["from"], edge["to"])
    assert "those nearest Mali first" in focused.notes[0]
    # a path's steps are never cut, whatever the limit
    path = build_page(nasty_graph, path_between=("Maslov", "UN"), max_relations=1)
    assert len(path.data["edges"]) >= len(path.data["highlight"]["path"]) - 1
    assert build_page(nasty_graph, max_relations=None).counts["edges"] == 8
    assert build_page(nasty_graph, max_relations=0).counts["edges"] == 8


def test_a_graph_a_store_cut_already_counts_what_it_left_out(nasty_graph):
    nasty_graph.graph["left_out_weakest"] = 100
    page = build_page(nasty_graph)
    assert page.counts["total_edges"] == 108
    assert "Showing the 8 strongest of 108 relations" in page.notes[0]


def test_small_graphs_use_browser_physics(nasty_graph):
    page = build_page(nasty_graph)
    assert page.data["physics"] is True and page.data["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in page.data["nodes"]) and page.notes == []


def test_large_graphs_are_laid_out_in_python(synthetic_graph):
    G = synthetic_graph(300)
    page = build_page(G, layout_threshold=200)
    assert LAYOUT_THRESHOLD == 500
    assert page.data["physics"] is False and page.data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in page.data["nodes"])
    assert page.data["options"]["interaction"]["hideEdgesOnDrag"] is True
    assert "Laid out in Python, physics off: more than 200 actors" in page.notes[0]
    again = build_page(G, layout_threshold=200)
    assert [(n["x"], n["y"]) for n in again.data["nodes"]] == [(n["x"], n["y"]) for n in page.data["nodes"]]
    moved = build_page(G, layout_threshold=200, seed=7)
    assert [(n["x"], n["y"]) for n in moved.data["nodes"]] != [(n["x"], n["y"]) for n in page.data["nodes"]]


def test_mid_sized_graphs_get_a_python_start_for_physics(synthetic_graph):
    page = build_page(synthetic_graph(150))
    assert page.data["physics"] is True and all("x" in n for n in page.data["nodes"])


def test_script_json_cannot_end_the_script_element():
    text = script_json({"a": XSS_SCRIPT, "b": "<!-- & \u2028 \u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": XSS_SCRIPT, "b": "<!-- & \u2028 \u2029 >"}
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})  # strict JSON: the page builder turns NaN into null


def test_script_json_in_pieces_is_the_json_of_the_whole():
    # large lists and dicts are encoded a batch of members at a time, the members of dicts
    # one by one: the text must be what one json.dumps writes
    value = {"big": [{"q": XSS_SCRIPT, "n": i} for i in range(1234)], 7: "int key",
             "nested": {"edges": {f"e{i}": {"evidence": [{"quote": "a<b", "x": None}]} for i in range(777)},
                        "keys": {i: i for i in range(600)}},
             "small": {"a": [1, 2.5, True, None, " "]}, "other": object()}
    whole = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    for unsafe, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028")):
        whole = whole.replace(unsafe, escaped)
    assert script_json(value) == whole
    assert json.loads(script_json({"a": value["nested"]})) == json.loads(json.dumps({"a": value["nested"]}))


def test_a_large_page_written_in_pieces_is_the_whole_page(tmp_path, synthetic_graph):
    G = synthetic_graph(700)
    page = build_page(G)
    assert page.counts["edges"] > 500  # more than one batch of edges
    assert page.write(tmp_path / "large.html").read_text(encoding="utf-8") == page.html()
    assert page_data(page.html())["nodes"] == page.data["nodes"]


def test_nan_scores_do_not_break_the_json(nasty_graph):
    nasty_graph.edges["mali", "minusma", "expels"]["confidence"] = float("nan")
    nasty_graph.edges["mali", "minusma", "expels"]["weight"] = float("inf")
    page_data(build_page(nasty_graph).html())  # strict JSON: NaN became null


def test_the_page_is_self_contained(nasty_graph):
    html = build_page(nasty_graph).html()
    assert html.startswith("<!DOCTYPE html>")
    assert XSS_SCRIPT not in html and XSS_IMG not in html and "window.__xss=2</script>" not in html
    # nothing is loaded from anywhere: no external scripts, style sheets, fonts or images
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "cdnjs" not in html and "jsdelivr" not in html
    csp = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert html.count("\n<script") == 3  # the data block, vis-network, the page script
    assert "sourceMappingURL" not in html  # DevTools would go looking for the map


def test_render_html_writes_the_file(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "sub" / "page.html", title="T")
    assert path == tmp_path / "sub" / "page.html" and path.read_text(encoding="utf-8").startswith("<!DOCTYPE")
    assert build_page(nasty_graph).write(tmp_path / "bare").name == "bare.html"


def test_show_displays_inline_in_jupyter(nasty_graph):
    view = show(nasty_graph, height="400px", title="Notebook")
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'height: 400px' in frame and 'sandbox="allow-scripts"' in frame
    srcdoc = html_lib.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert srcdoc == view.html()
    assert "<script>" not in frame.split('srcdoc="', 1)[1].split('"', 1)[0]


def test_any_networkx_graph_works():
    for G in (nx.karate_club_graph(), nx.path_graph(3, create_using=nx.DiGraph), nx.MultiGraph([(1, 2), (1, 2)])):
        page = build_page(G)
        assert page.counts["nodes"] == len(G) and page_data(page.html())["nodes"]
    assert build_page(nx.karate_club_graph(), focus=0).counts["nodes"] == 17


def test_an_empty_graph_gives_an_empty_page():
    page = build_page(nx.MultiDiGraph())
    assert page.counts == {"nodes": 0, "edges": 0, "total_nodes": 0, "total_edges": 0}
    assert page_data(page.html())["nodes"] == []
