"""The written page in real headless Chromium: it draws, stays offline, and runs no text."""

from __future__ import annotations

import pytest

from sahelgraph.viz import build_page, render_html

from browser import distinct_colors, inspect_page, open_page  # noqa: E402  (tests/viz on sys.path)
from nasty import XSS_IMG, XSS_NAME, XSS_SCRIPT, XSS_TITLE  # noqa: E402

pytestmark = pytest.mark.usefixtures("chromium")


def visible(session) -> dict:
    return session.page.evaluate(
        """() => ({
            nodes: window.sahelgraph.nodes.get({filter: (n) => !n.hidden}).length,
            edges: window.sahelgraph.edges.get({filter: (e) => !e.hidden}).length,
        })""")


def edge_id(session, predicate) -> str:
    return session.page.evaluate(
        "(p) => Object.keys(window.sahelgraph.data.info.edges).find("
        "(id) => window.sahelgraph.data.info.edges[id].predicate === p)", predicate)


def test_the_page_draws_offline_without_errors(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "nasty.html", title="Nasty " + XSS_TITLE)
    result = inspect_page(path, screenshot=tmp_path / "nasty.png")
    assert (result["nodes"], result["edges"]) == (nasty_graph.number_of_nodes(), nasty_graph.number_of_edges())
    assert result["canvas"] and min(result["canvas"]) > 100
    assert result["console_errors"] == []
    assert result["requests"] == [] and result["blocked"] == []
    assert result["xss"] is None
    assert result["title"] == "Nasty " + XSS_TITLE

    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title><body></body>")
    with open_page(blank, wait=False) as session:
        blank_colors = distinct_colors(session.page, session.page.screenshot())
    # a drawn graph, legend and text: many colours where a blank page has one
    assert blank_colors <= 2 and result["colors"] > 200


def test_markup_in_the_data_shows_as_text_and_runs_nothing(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "nasty.html")
    with open_page(path) as s:
        point = s.dom_point("bold-co")
        text = s.hover(point["x"], point["y"])
        assert text is not None and XSS_IMG in text and XSS_NAME in text

        a, b = s.dom_point("mali"), s.dom_point("minusma")
        text = s.hover((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
        assert text is not None and "expels" in text and XSS_SCRIPT in text
        assert XSS_TITLE in text  # the source's title, as text

        # click the relation: every piece of evidence in the details panel, still as text
        s.page.mouse.click((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
        details = s.page.text_content("#details")
        assert XSS_SCRIPT in details
        s.page.evaluate("(id) => window.sahelgraph.network.selectEdges([id])", edge_id(s, "attacks"))

        # nothing from the data became an element, and nothing ran
        assert s.page.evaluate("document.querySelectorAll('img, #details script, #tooltip script, b').length") == 0
        assert s.page.evaluate("window.__xss") is None
        assert s.console_errors == [] and s.requests == [] and s.blocked == []


def test_details_list_all_evidence_and_only_safe_links(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "nasty.html")
    with open_page(path) as s:
        s.page.evaluate("""(id) => {
            window.sahelgraph.network.selectEdges([id]);
            window.sahelgraph.network.body.emitter.emit('click', {nodes: [], edges: [id]});
        }""", edge_id(s, "supports"))
        assert s.page.locator("#details ol.evidence li").count() == 5
        links = s.page.evaluate("[...document.querySelectorAll('#details a')].map((a) => a.href)")
        assert links == ["https://example.org/a"] * 4  # the javascript: URL stays text
        s.page.evaluate("""(id) => window.sahelgraph.network.body.emitter.emit('click', {nodes: [], edges: [id]})""",
                        edge_id(s, "expels"))
        assert "javascript:window.__xss=5" in s.page.text_content("#details")
        assert s.page.locator("#details a").count() == 0
        assert s.page.evaluate("window.__xss") is None


def test_the_in_page_filters_hide_and_show(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "nasty.html")
    with open_page(path) as s:
        assert visible(s) == {"nodes": 8, "edges": 8}
        s.page.check('input[data-group="kind"][value="igo"]')  # already checked: no change
        s.page.uncheck('input[data-group="kind"][value="igo"]')
        # MINUSMA and the UN go, and the four relations that touch them
        assert visible(s) == {"nodes": 6, "edges": 4}
        assert "Showing 6 actors and 4 relations." in s.page.text_content("#legend")
        s.page.uncheck('input[data-group="predicate"][value="supports"]')
        assert visible(s) == {"nodes": 6, "edges": 3}
        s.page.check('input[data-group="kind"][value="igo"]')
        assert visible(s) == {"nodes": 8, "edges": 7}
        s.page.click("#legend .legend-actions >> nth=1 >> text=all")
        assert visible(s) == {"nodes": 8, "edges": 8}
        s.page.click("#legend .legend-actions >> nth=0 >> text=none")
        assert visible(s) == {"nodes": 0, "edges": 0}
        assert s.console_errors == []


def test_search_focuses_an_actor(tmp_path, nasty_graph):
    path = render_html(nasty_graph, tmp_path / "nasty.html")
    with open_page(path) as s:
        s.page.fill("#search", "u.n.")
        s.page.dispatch_event("#search", "change")
        assert s.page.evaluate("window.sahelgraph.network.getSelectedNodes()") == ["united-nations"]
        assert "The United Nations" in s.page.text_content("#details")


def test_focus_and_path_pages(tmp_path, nasty_graph):
    page = build_page(nasty_graph, focus="Wagner", depth=1, path_between=("Maslov", "UN"))
    result = inspect_page(page.write(tmp_path / "path.html"))
    assert result["nodes"] == page.counts["nodes"] and result["edges"] == page.counts["edges"]
    assert result["console_errors"] == [] and result["requests"] == []


def test_a_large_graph_is_drawn_without_browser_physics(tmp_path, synthetic_graph):
    G = synthetic_graph(2000)
    path = render_html(G, tmp_path / "large.html")
    with open_page(path) as s:
        assert s.page.evaluate("window.sahelgraph.network.physics.options.enabled") is False
        assert s.page.evaluate("window.sahelgraph.nodes.length") == 2000
        assert "Laid out in Python" in s.page.text_content("#notes")
        assert s.console_errors == [] and s.requests == []
    assert s.load_seconds < 30  # generous: benchmarks/viz.py measures it


def test_an_empty_page(tmp_path):
    import networkx as nx

    result = inspect_page(render_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    assert (result["nodes"], result["edges"], result["console_errors"], result["requests"]) == (0, 0, [], [])


def test_the_jupyter_iframe_renders(tmp_path, nasty_graph):
    from sahelgraph.viz import show

    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!DOCTYPE html><title>notebook</title><body>"
                        + show(nasty_graph)._repr_html_() + "</body>", encoding="utf-8")
    with open_page(notebook, wait=False) as s:
        frame = s.page.frames[1]
        frame.wait_for_function("() => window.__sahelgraphReady === true", timeout=30_000)
        assert frame.evaluate("window.sahelgraph.nodes.length") == 8
        assert frame.evaluate("window.__xss") is None
        assert s.console_errors == [] and s.requests == []
