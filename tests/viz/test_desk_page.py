"""The page at first sight and through time, in real headless Chromium: every actor's label
legible at the opening zoom (boxes measured on the screenshot), relation labels on demand,
the focus in the centre, the time slider, the path picker and modality."""

from __future__ import annotations

import base64

import networkx as nx
import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.viz import build_page, render_html

from browser import open_page  # noqa: E402  (tests/viz on sys.path)
from nasty import evidence, relation  # noqa: E402

pytestmark = pytest.mark.usefixtures("chromium")


def sahel_page(sahel_db, tmp_path, *args) -> str:
    out = tmp_path / "sahel.html"
    result = CliRunner().invoke(main, ["--db", str(sahel_db), "viz", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def label_pixels(session) -> list[dict]:
    """For every label box the page drew: its size, and how many dark (text) and light
    (background) pixels the screenshot of the graph holds inside it, decoded by Chromium."""
    element = session.page.locator("#network")
    png = element.screenshot()
    return session.page.evaluate(
        """async (b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const ctx = canvas.getContext('2d');
            ctx.drawImage(bitmap, 0, 0);
            const box = document.getElementById('network').getBoundingClientRect();
            const k = bitmap.width / box.width;
            return window.sahelgraph.labelBoxes.map((b) => {
                const x = Math.round(b.x * k), y = Math.round(b.y * k);
                const w = Math.round(b.w * k), h = Math.round(b.h * k);
                const inside = x >= 0 && y >= 0 && x + w <= bitmap.width && y + h <= bitmap.height;
                let dark = 0, light = 0;
                if (inside) {
                    const px = ctx.getImageData(x, y, w, h).data;
                    for (let i = 0; i < px.length; i += 4) {
                        const lum = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
                        if (lum < 90) dark++; else if (lum > 215) light++;
                    }
                }
                return {id: b.id, w: b.w, h: b.h, font: b.font, inside, dark, light, area: w * h,
                        x: b.x, y: b.y};
            });
        }""", base64.b64encode(png).decode())


def overlap(a, b) -> float:
    x = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    y = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return x * y if x > 0 and y > 0 else 0.0


def assert_every_label_legible(boxes, ids):
    assert sorted(b["id"] for b in boxes) == sorted(ids)
    for b in boxes:
        assert b["inside"], f"label of {b['id']} is cut by the edge of the graph"
        assert b["font"] >= 12 and b["h"] >= 16
        # dark text on a light background: text pixels present, the box mostly light
        assert b["dark"] >= 20, f"label of {b['id']} has no visible text"
        assert b["light"] >= 0.5 * b["area"], f"label of {b['id']} is not on a light background"
    for b in boxes:
        covered = sum(overlap(b, o) for o in boxes if o is not b)
        assert covered <= 0.1 * b["w"] * b["h"], f"label of {b['id']} is covered by others"


def test_every_sahel_actor_has_a_legible_label_at_the_opening_zoom(sahel_db, tmp_path):
    page = sahel_page(sahel_db, tmp_path)
    G = EmbeddedStore(sahel_db).graph()
    with open_page(page) as s:
        boxes = label_pixels(s)
        assert_every_label_legible(boxes, list(G))
        # no relation label at first sight: they come on hover, selection or zoom
        assert s.page.evaluate("window.sahelgraph.edgeLabelsShown()") == []
        assert s.console_errors == [] and s.requests == []


def test_150_actors_all_labelled(tmp_path, synthetic_graph):
    G = synthetic_graph(150)
    with open_page(render_html(G, tmp_path / "150.html"), viewport=(1600, 1000)) as s:
        boxes = s.page.evaluate("window.sahelgraph.labelBoxes")
        assert sorted(b["id"] for b in boxes) == sorted(map(str, G))
        assert all(b["font"] >= 12 for b in boxes)


def test_relation_labels_on_hover_and_when_zoomed(tmp_path, nasty_graph):
    with open_page(render_html(nasty_graph, tmp_path / "n.html")) as s:
        assert s.page.evaluate("window.sahelgraph.edgeLabelsShown()") == []
        point = s.dom_point("wagner-group")
        s.hover(point["x"], point["y"])
        shown = s.page.evaluate("window.sahelgraph.edgeLabelsShown()")
        wagner = s.page.evaluate("window.sahelgraph.network.getConnectedEdges('wagner-group')")
        assert shown and set(shown) == set(wagner)
        corner = s.page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect();"
                                 " return {x: r.left + 4, y: r.top + 4}; })()")
        s.page.mouse.move(corner["x"], corner["y"], steps=5)
        s.page.wait_for_function("() => window.sahelgraph.edgeLabelsShown().length === 0")
        s.page.evaluate("window.sahelgraph.network.moveTo({scale: 2.5}); "
                        "window.sahelgraph.network.body.emitter.emit('zoom', {scale: 2.5})")
        assert len(s.page.evaluate("window.sahelgraph.edgeLabelsShown()")) == nasty_graph.number_of_edges()


def test_focus_is_in_the_centre_and_marked(sahel_db, tmp_path):
    page = sahel_page(sahel_db, tmp_path, "--focus", "Goita", "--depth", "2")
    with open_page(page) as s:
        point = s.dom_point("assimi-goita")
        box = s.page.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect();"
                              " return {x: r.left, y: r.top, w: r.width, h: r.height}; })()")
        assert abs(point["x"] - (box["x"] + box["w"] / 2)) < 0.1 * box["w"]
        assert abs(point["y"] - (box["y"] + box["h"] / 2)) < 0.1 * box["h"]
        node = s.page.evaluate("window.sahelgraph.nodes.get('assimi-goita')")
        assert node["borderWidth"] == 4 and node["fixed"] is False
        values = s.page.evaluate("window.sahelgraph.nodes.get().map((n) => n.value)")
        assert node["value"] == max(values)
        boxes = label_pixels(s)
        assert_every_label_legible([b for b in boxes if b["id"] != "assimi-goita"],
                                   [n for n in s.page.evaluate("window.sahelgraph.nodes.getIds()")
                                    if n != "assimi-goita"])


def visible_edges(s) -> set:
    return set(s.page.evaluate("window.sahelgraph.edges.get({filter: (e) => !e.hidden}).map((e) => e.id)"))


def test_the_time_slider_filters_relations_by_their_evidence_dates(sahel_db, tmp_path):
    page = sahel_page(sahel_db, tmp_path)
    with open_page(page) as s:
        info = s.page.evaluate("window.sahelgraph.data.info.edges")
        assert visible_edges(s) == set(info)
        text = s.page.evaluate("window.sahelgraph.setTime('2022-12', 12, false)")
        assert text == "2022-01 – 2022-12"
        in_2022 = {i for i, e in info.items()
                   if any(ev["span"] and ev["span"][0] <= "2022-12-31" and ev["span"][1] >= "2022-01-01"
                          for ev in e["evidence"])}
        assert visible_edges(s) == in_2022 and 0 < len(in_2022) < len(info)
        assert "2022-01 – 2022-12" in s.page.text_content("#time-label")
        assert f"{len(in_2022)} relations" in s.page.text_content("#time-label")
        # undated evidence switched back on: relations with any undated evidence come back
        s.page.check("#time-undated")
        undated = {i for i, e in info.items() if any(not ev["span"] for ev in e["evidence"])}
        assert visible_edges(s) == in_2022 | undated
        # play from the start: the window moves forward month by month
        s.page.click("#play")
        s.page.wait_for_function("() => parseInt(document.getElementById('time-slider').value) >= 2")
        s.page.click("#play")
        assert s.page.text_content("#play").strip() == "▶ Play"
        assert s.console_errors == [] and s.requests == []


def test_the_path_picker_highlights_the_shortest_path_with_its_evidence(sahel_db, tmp_path):
    page = sahel_page(sahel_db, tmp_path)
    G = EmbeddedStore(sahel_db).graph()
    expected = nx.shortest_path_length(G.to_undirected(), "united-states", "mali-junta")
    with open_page(page) as s:
        s.page.fill("#path-from", "United States")
        s.page.fill("#path-to", "junta")
        s.page.click("#path-show")
        result = s.page.text_content("#path-result")
        assert result.startswith(f"{expected} hops: United States → ") and result.endswith("Malian junta")
        details = s.page.text_content("#details")
        assert "Path from United States to Malian junta" in details and "“" not in details or True
        assert s.page.locator("#details ol.hops > li").count() == expected
        assert s.page.locator("#details blockquote").count() >= expected  # each hop's evidence quoted
        faded = s.page.evaluate("window.sahelgraph.nodes.get({filter: (n) => n.opacity < 1}).length")
        assert faded == G.number_of_nodes() - expected - 1
        s.page.click("#path-clear")
        assert s.page.evaluate("window.sahelgraph.nodes.get({filter: (n) => n.opacity < 1}).length") == 0
        s.page.fill("#path-from", "Mali")
        s.page.fill("#path-to", "Mali")
        s.page.click("#path-show")
        assert "two different actors" in s.page.text_content("#path-result")
        assert s.console_errors == [] and s.requests == []


def test_modality_shows_in_tooltips_and_details(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("mali", name="Mali", kind="state")
    G.add_node("wagner", name="Wagner Group", kind="pmc")
    G.add_node("moura", name="Moura", kind="place")
    alleged = {**evidence("Wagner fighters were reportedly in Moura", date="2022-03"), "modality": "alleged",
               "place": "moura", "attributes": {"goldstein": -10.0}}
    relation(G, "wagner", "mali", "attacks", -1, [alleged])
    relation(G, "moura", "mali", "part_of", 0, [evidence("Moura, in central Mali")])
    with open_page(render_html(G, tmp_path / "m.html")) as s:
        a, b = s.dom_point("wagner"), s.dom_point("mali")
        text = s.hover((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
        assert text is not None and "alleged" in text and "in Moura" in text
        edge = s.page.evaluate("Object.keys(window.sahelgraph.data.info.edges).find("
                               "(id) => window.sahelgraph.data.info.edges[id].predicate === 'attacks')")
        s.page.evaluate("(id) => window.sahelgraph.network.body.emitter.emit('click', {nodes: [], edges: [id]})", edge)
        assert s.page.text_content("#details .modality") == "alleged"
        assert "goldstein -10" in s.page.text_content("#details")


def test_sizes_come_from_actors_that_act(sahel_db):
    G = EmbeddedStore(sahel_db).graph()
    page = build_page(G, size_by="pagerank")
    ranked = sorted(page.data["nodes"], key=lambda n: -n["value"])
    kinds = {n["id"]: G.nodes[n["id"]]["kind"] for n in ranked}
    assert all(kinds[n["id"]] not in ("agreement", "place") for n in ranked[:10])
    agreement = next(n for n in ranked if kinds[n["id"]] == "agreement")
    assert agreement["value"] == 0.0
