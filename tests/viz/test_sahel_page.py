"""The page of the Sahel dataset (graph/), written by `sahelgraph viz` from a real embedded
store and opened in real headless Chromium."""

from __future__ import annotations

from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.stores.embedded import EmbeddedStore

from browser import inspect_page  # noqa: E402  (tests/viz on sys.path)


def test_the_sahel_page_renders_offline(sahel_db, tmp_path, chromium):
    page = tmp_path / "sahel.html"
    result = CliRunner().invoke(main, ["--db", str(sahel_db), "viz", "-o", str(page)])
    assert result.exit_code == 0, result.output
    G = EmbeddedStore(sahel_db).graph()
    seen = inspect_page(page, screenshot=tmp_path / "sahel.png")
    assert (seen["nodes"], seen["edges"]) == (G.number_of_nodes(), G.number_of_edges()) == (57, 142)
    assert seen["console_errors"] == []
    assert seen["requests"] == [] and seen["blocked"] == []
    assert seen["xss"] is None
    assert seen["colors"] > 200  # a drawn graph, not a blank page
