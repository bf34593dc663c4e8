"""Write the screenshots of the Sahel page that docs/ and the README show.

    python tests/viz/screenshots.py docs/

Loads graph/ into a temporary store, writes the pages with ``sahelgraph viz`` and takes,
in headless Chromium at 1280x800: the page at its opening zoom (sahel-graph.png), the page
written with ``--focus Goita --depth 2`` (sahel-focus-goita.png), and the page with the time
window on 2022, dated relations only (sahel-2022.png).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from browser import open_page  # noqa: E402

from sahelgraph.cli import main  # noqa: E402


def viz(db: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["--db", str(db), "viz", "-o", str(out), "--title", "sahelgraph · Sahel",
                                       *args])
    if result.exit_code:
        raise SystemExit(result.output)
    return out


def main_(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sahel.lbdb"
        loaded = CliRunner().invoke(main, ["--db", str(db), "load", str(ROOT / "graph")])
        if loaded.exit_code:
            raise SystemExit(loaded.output)
        with open_page(viz(db, Path(tmp) / "sahel.html")) as s:
            s.page.screenshot(path=str(target / "sahel-graph.png"))
        with open_page(viz(db, Path(tmp) / "goita.html", "--focus", "Goita", "--depth", "2")) as s:
            s.page.screenshot(path=str(target / "sahel-focus-goita.png"))
        with open_page(viz(db, Path(tmp) / "sahel.html")) as s:
            s.page.evaluate("window.sahelgraph.setTime('2022-12', 12, false)")
            s.page.wait_for_timeout(200)
            s.page.screenshot(path=str(target / "sahel-2022.png"))
    print(f"wrote {target}/sahel-graph.png, sahel-focus-goita.png, sahel-2022.png")


if __name__ == "__main__":
    main_(sys.argv[1] if len(sys.argv) > 1 else "docs")
