"""A command imports what it runs: ``sahelgraph --help`` imports no command module, and the
everyday commands import none of the libraries of the centralities and the page (scipy,
pyvis, jinja2, rustworkx, networkit). Each case runs in a fresh interpreter, the real CLI
on a real embedded store, and lists the libraries left in ``sys.modules``."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from sahelgraph.cli import COMMANDS, SUMMARIES, SahelGraphGroup, main

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"

# what only centralities (rustworkx, networkit), page layout (scipy) and pages (pyvis, jinja2) need
HEAVY = {"scipy", "pyvis", "jinja2", "rustworkx", "networkit"}
# what a command that builds no graph and opens no store does not need either
STORE_AND_GRAPH = {"networkx", "ladybug", "pyarrow", "numpy", "neo4j"}

# runs the CLI as `sahelgraph` does, then prints the top-level packages imported
CHILD = """
import json, sys
from sahelgraph.cli import main
try:
    main(sys.argv[1:], prog_name="sahelgraph")
    code = 0
except SystemExit as exc:
    code = exc.code
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
sys.exit(code)
"""


def imported(*args, cwd: Path) -> set[str]:
    """The top-level packages a fresh interpreter imported to run ``sahelgraph ARGS``."""
    run = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], cwd=cwd,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.splitlines()[-1]))


def test_help_imports_no_command_module(tmp_path):
    packages = imported("--help", cwd=tmp_path)
    assert packages & (HEAVY | STORE_AND_GRAPH | {"yaml"}) == set()


def test_load_imports_neither_graph_nor_page_libraries(tmp_path):
    db = tmp_path / "new.lbdb"
    assert imported("--db", db, "load", MINI, cwd=tmp_path) & (HEAVY | {"networkx"}) == set()
    # the second load of the same rows: incremental, every row already there
    assert imported("--db", db, "load", MINI, cwd=tmp_path) & (HEAVY | {"networkx"}) == set()


@pytest.mark.parametrize("args", [
    ["stats"], ["actors"], ["show", "Mali"], ["show", "Goita", "--no-roll-up"], ["timeline", "Mali"],
    ["allies", "Wagner"], ["adversaries", "Mali"], ["balance"], ["ego", "Mali"], ["communities"],
    ["path", "Wagner", "MINUSMA"], ["query", "MATCH (a:Actor) RETURN count(a)"], ["predicates"],
    ["validate", str(MINI)], ["export", "-o", "graph.json"], ["stats", "--help"], ["timeline", "--help"],
], ids=" ".join)
def test_a_command_that_measures_no_centrality_and_writes_no_page_imports_none_of_their_libraries(
        args, mini_db, tmp_path):
    assert imported("--db", mini_db, *args, cwd=tmp_path) & HEAVY == set()


def test_help_lists_every_command_with_the_summary_its_own_help_gives():
    """The listing comes from SUMMARIES, not from the command modules: it must read exactly
    as click's own listing, which imports every command to ask for its short help."""

    class ClickListing(SahelGraphGroup):
        format_commands = click.Group.format_commands

    loaded = copy.copy(main)
    loaded.__class__ = ClickListing
    assert set(SUMMARIES) == set(COMMANDS)
    for width in (50, 80, 100, 200):
        ours = main.get_help(click.Context(main, info_name="sahelgraph", terminal_width=width))
        clicks = loaded.get_help(click.Context(loaded, info_name="sahelgraph", terminal_width=width))
        assert ours == clicks
        assert all(f"  {name} " in ours for name in COMMANDS)


@pytest.mark.parametrize("args, needed", [
    (["centrality"], {"rustworkx"}),  # networkit (and the scipy it imports) only when --weighted
    (["viz", "-o", "mini.html"], {"pyvis", "jinja2"}),  # scipy only to lay out more than 100 actors
], ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_centrality_and_pages_import_only_what_they_use(args, needed, mini_db, tmp_path):
    assert imported("--db", mini_db, *args, cwd=tmp_path) & HEAVY == needed


@pytest.mark.parametrize("args", [["stats"], ["query", "MATCH (a:Actor) RETURN count(a)"]], ids=" ".join)
def test_a_command_that_only_counts_builds_no_graph_and_imports_no_networkx(args, mini_db, tmp_path):
    assert "networkx" not in imported("--db", mini_db, *args, cwd=tmp_path)
