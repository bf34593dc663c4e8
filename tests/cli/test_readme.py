"""The README's examples run as written.

Every line of a fenced ``bash`` block of README.md that starts with ``sahelgraph `` (or runs it
after ``&&``) is run by bash, in README order, in one fresh directory holding a copy of
``graph/`` and ``tests/data/``, with this checkout's ``sahelgraph`` first on PATH. A line must
exit 0, or the code its comment names: ``sahelgraph show Goitta   # exit 2: unknown actor``.

Lines with ``--neo4j`` need a Neo4j server. They are recognised by that option and are not run
here; :func:`test_the_lines_not_run_are_the_neo4j_ones` holds that list to exactly those lines,
so no other line can slip out of the test. tests/neo4j/test_sahel.py runs them against the Neo4j
test server with :func:`run_lines`, ``neo4j://localhost:7687`` replaced by the server's URI and
its password in NEO4J_PASSWORD.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.M | re.S)
EXPECTED = re.compile(r"#\s*exit\s+(\d+)")


def readme_lines() -> list[tuple[str, int]]:
    """(command, expected exit code) for every sahelgraph line of the README's bash blocks."""
    found = []
    for block in FENCE.findall(README.read_text(encoding="utf-8")):
        text = re.sub(r"\\\n\s*", " ", block)  # continuation lines
        for line in text.splitlines():
            line = line.strip()
            commands = [part.strip() for part in line.split("&&")]
            for command in commands:
                if command.startswith("sahelgraph "):
                    expected = EXPECTED.search(command)
                    found.append((command, int(expected.group(1)) if expected else 0))
    return found


def needs_neo4j(command: str) -> bool:
    return "--neo4j" in command.split("#")[0]


def test_the_readme_has_examples_and_marks_its_non_zero_codes():
    lines = readme_lines()
    assert len(lines) >= 25
    assert any(code == 2 for _, code in lines) and any(code == 1 for _, code in lines)


def test_the_lines_not_run_are_the_neo4j_ones():
    skipped = [command for command, _ in readme_lines() if needs_neo4j(command)]
    assert all("--neo4j neo4j://localhost:7687" in command for command in skipped)
    assert len(skipped) <= 4, "more README lines need Neo4j: run them against the Neo4j test server"


def run_lines(lines: list[tuple[str, int]], folder: Path, **env_vars) -> list[str]:
    """Run README lines in ``folder`` (given a copy of graph/ and tests/data/) with this
    checkout's sahelgraph; what went wrong with each line that did not exit as expected."""
    shutil.copytree(ROOT / "graph", folder / "graph", dirs_exist_ok=True)
    shutil.copytree(ROOT / "tests" / "data", folder / "tests" / "data", dirs_exist_ok=True)
    bindir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items()
           if k not in ("SAHELGRAPH_DB", "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")}
    env.update(PATH=bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"), COLUMNS="100", **env_vars)
    assert shutil.which("sahelgraph", path=env["PATH"]).startswith(bindir)
    failures = []
    for command, expected in lines:
        proc = subprocess.run(["bash", "-c", command], cwd=folder, env=env, capture_output=True,
                              text=True, timeout=600)
        if proc.returncode != expected or "Traceback" in proc.stderr:
            failures.append(f"{command}\n  exit {proc.returncode}, expected {expected}\n  "
                            + (proc.stderr.strip() or proc.stdout.strip())[-600:])
    return failures


def test_every_readme_example_runs_as_written(tmp_path):
    lines = [(command, code) for command, code in readme_lines() if not needs_neo4j(command)]
    assert len(lines) >= 25
    failures = run_lines(lines, tmp_path)
    assert not failures, "README examples that do not run as written:\n\n" + "\n\n".join(failures)
