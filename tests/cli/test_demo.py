"""The README's first command: `sahelgraph demo` on the Sahel dataset, in a fresh directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_loads_ranks_explains_a_path_and_writes_the_page(tmp_path):
    shutil.copytree(ROOT / "graph", tmp_path / "graph")
    run = lambda: subprocess.run([sys.executable, "-m", "sahelgraph", "demo"], cwd=tmp_path,  # noqa: E731
                                 capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    first = run()
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Loaded graph: 227 rows read, 227 loaded, 0 duplicates merged, 0 rejected" in out
    assert "Top 10 actors by PageRank (influence) and by betweenness (brokerage)" in out
    ranking = out.split("not ranked:")[1].split("How United States")[0]
    assert "Mali (" in ranking and "MINUSMA (" in ranking
    # an agreement and a region are where things happen, not who acts (the page sizes them so too)
    assert "Algiers Agreement" not in ranking and "Northern Mali" not in ranking
    assert "(brokerage);\nplaces and agreements are not ranked:" in out  # two lines, not one of 102
    assert "How United States is connected to Malian junta" in out
    assert "  1. United States –" in out and "“" in out  # a hop with its quoted evidence
    page = tmp_path / "sahel-graph.html"
    assert page.stat().st_size > 100_000 and "Wrote sahel-graph.html (57 actors, 142 relations)" in out
    # the demo's own store, said where; the user's default store is not made
    assert "The demo's store is .sahelgraph/demo.lbdb" in out
    assert (tmp_path / ".sahelgraph" / "demo.lbdb").is_file()
    assert not (tmp_path / ".sahelgraph" / "graph.lbdb").exists()
    second = run()
    assert "227 rows read, 0 loaded, 227 duplicates merged" in second.stdout
