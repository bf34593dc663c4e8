"""Neo4j Browser (5.24.0, served by the launcher next to the test server) in Debian's
chromium: log in, run files of cypher/ with their :param lines, see the actors' names."""

from __future__ import annotations

import re
from pathlib import Path

from browser_session import browser_page, log_in, run_in_editor
from datasets import mini_batch

CYPHER = Path(__file__).resolve().parents[2] / "cypher"


def run_file(page, name: str) -> None:
    """Each :param line as its own command (as a user pastes them), then the query."""
    text = (CYPHER / name).read_text(encoding="utf-8")
    for line in re.findall(r"^:param .*$", text, re.M):
        run_in_editor(page, line)
        page.get_by_text("for usage of the :param command").first.wait_for(timeout=60_000)
    query = "\n".join(line for line in text.splitlines()
                      if not line.startswith((":param", "//"))).strip()
    run_in_editor(page, query)


def test_browser_logs_in_and_runs_a_library_file(neo4j_db, tmp_path):
    neo4j_db.store().load(mini_batch())
    with browser_page(neo4j_db.server.browser_url) as page:
        log_in(page, neo4j_db.password)
        page.get_by_text("You are connected as user neo4j").wait_for(timeout=60_000)
        run_file(page, "actor_relations.cypher")  # :param actor => 'minusma'
        page.get_by_role("cell", name="United Nations").first.wait_for(timeout=120_000)
        cells = {text.strip('"') for text in page.get_by_role("cell").all_inner_texts()}  # JSON strings
        assert {"United Nations", "Malian junta", "member_of", "demands_withdrawal_of"} <= cells
        page.screenshot(path=str(tmp_path / "actor_relations.png"))
        run_file(page, "neighbourhood.cypher")  # :param actor => 'wagner-group': a drawn graph
        page.locator("svg .node").first.wait_for(timeout=120_000)
        captions = " ".join(t or "" for t in page.locator("svg .node text").all_text_contents())
        assert "Wagner" in captions and "Malian" in captions
        page.screenshot(path=str(tmp_path / "neighbourhood.png"))
