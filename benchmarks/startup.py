"""Benchmark: what a command costs before it does anything, against what every command must
import, in the same run.

Each case runs in a subprocess of its own (wall time, CPU time, peak RSS of that child from
``os.wait4``, with load.py's ``measured``):

- the reference: ``python -c "import ladybug, pyarrow"``: the interpreter and the two
  libraries any command that touches a store or reads a file imports;
- ``python -m sahelgraph --help``;
- ``load`` of tests/data/mini (7 rows) into a fresh store, then the same again into that
  store (the incremental case: every row already there);
- ``stats``, ``show ACTOR`` and ``timeline ACTOR`` on that store.

The data is tiny on purpose: what is left is interpreter start, imports, opening the store
and printing. Prints each case's times, its ratios to the reference (wall and CPU: a busy
machine stretches wall times) and both peak RSS.

Usage::

    python benchmarks/startup.py                 # best of 5 of each, alternating
    python benchmarks/startup.py --repeat 10 --actor Wagner
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import _fmt_rows, _package_state, measured  # noqa: E402  (the load benchmark's tools)

MINI = Path(__file__).resolve().parents[1] / "tests" / "data" / "mini"
REFERENCE = [sys.executable, "-c", "import ladybug, pyarrow"]


def attempt(tmp: Path, number: int, actor: str) -> dict[str, dict]:
    """One run of every case, the reference first: {case: measured(...)}."""
    db = tmp / f"startup-{number}.lbdb"
    me = [sys.executable, "-m", "sahelgraph", "--db", str(db)]
    cases = [
        ("reference", REFERENCE),
        ("--help", [sys.executable, "-m", "sahelgraph", "--help"]),
        ("load (new store)", me + ["load", str(MINI)]),
        ("load (incremental)", me + ["load", str(MINI)]),
        ("stats", me + ["stats"]),
        (f"show {actor}", me + ["show", actor]),
        (f"timeline {actor}", me + ["timeline", actor]),
    ]
    runs = {name: measured(cmd, tmp / f"{number}-{i}") for i, (name, cmd) in enumerate(cases)}
    shutil.rmtree(db, ignore_errors=True)
    if db.exists():
        db.unlink()
    return runs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="best of N of each case (default 5)")
    parser.add_argument("--actor", default="Mali", help="the actor show and timeline ask about (default Mali)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="sahelgraph-startup-"))
    try:
        load_before = os.getloadavg()[0]
        best: dict[str, dict] = {}
        for number in range(args.repeat):
            for name, run in attempt(tmp, number, args.actor).items():
                if name not in best or run["wall"] < best[name]["wall"]:
                    best[name] = run
        ref = best["reference"]
        table = [["case", "wall s", "CPU s", "wall ratio", "CPU ratio", "peak MB", "+MB vs ref"]]
        for name, run in best.items():
            table.append([name, f"{run['wall']:.3f}", f"{run['cpu']:.3f}",
                          f"{run['wall'] / ref['wall']:.2f}", f"{run['cpu'] / max(ref['cpu'], 1e-9):.2f}",
                          f"{run['rss_mb']:.0f}", f"{run['rss_mb'] - ref['rss_mb']:+.0f}"])
        print()
        print(_fmt_rows(table))
        print()
        print(f'reference: python -c "import ladybug, pyarrow"; best of {args.repeat}, each case '
              f"in a subprocess (interpreter start included); data: {MINI} (loaded twice)")
        print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        print(f"package: {_package_state()}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
