"""Benchmark: a GDELT-shaped export whose actors are all new (``--new-actors``) against the same
rows whose actors are already declared.

One run generates, in a temporary directory, N rows of a GDELT 1.0 daily export (58
tab-separated columns, no header; default 1,000,000 rows) naming ~N/10 distinct actors
(default 100,000; GDELT's upper-case names such as ``AMADOU KONE``), CAMEO codes drawn from
the whole codebook, ~N/20 distinct SOURCEURLs, then times, each in a subprocess of its own:

1. known: ``sahelgraph load DIR`` where DIR holds the export and an actors.tsv declaring
   every name (kind person), into an empty store;
2. new: ``sahelgraph load export.CSV --new-actors`` into an empty store: every name becomes
   an actor of kind unknown.

Both loads write the same actors, sources and relations; the script checks that (stats of
both stores) and prints both wall times, the ratio new/known (target <= 2.0) and both
peak RSS. Before issue 12, --new-actors worked out a "did you mean" hint (difflib over every
known spelling) for each new name and threw it away: 500/1k/2k/4k new names took
11/29/64/223 s.

Usage::

    python benchmarks/new_actors.py                       # 1,000,000 rows, 100,000 actors
    python benchmarks/new_actors.py --rows 100000         # actors default to rows / 10
    python benchmarks/new_actors.py --rows 20000 --keep   # keep the files and stores
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RATIO_TARGET = 2.0
ROOT = Path(__file__).resolve().parents[1]
GDELT_COLUMNS = 58
SYLLABLES = ("ba ko ma li sa di ou ga ne ta mo ha ra ki su ya de fa lo bi no ze ka"
             " tou ma dou se ni ab dou la ye mi ra si").split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).upper()


def generate(root: Path, rows: int, actors: int, seed: int = 12) -> None:
    """The export (root/new/...export.CSV, also linked into root/known/) and actors.tsv."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < actors:
        names.add(f"{_word(rng)} {_word(rng)}")
    names = sorted(names)
    codes = [line.split("\t")[0] for line in
             (ROOT / "src" / "sahelgraph" / "cameo.tsv").read_text().splitlines()
             if line and not line.startswith(("#", "code"))]
    urls = [f"https://news{i % 97}.example.com/{2023 - i % 5}/story-{i}" for i in range(max(rows // 20, 1))]
    (root / "new").mkdir(parents=True)
    (root / "known").mkdir()
    export = root / "new" / "20230616.export.CSV"
    with open(export, "w", encoding="utf-8") as out:
        for i in range(rows):
            a, b = rng.sample(range(actors), 2)
            day = f"2023{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            code = rng.choice(codes)
            fields = [""] * GDELT_COLUMNS
            fields[0], fields[1], fields[2], fields[3] = str(100000 + i), day, day[:6], day[:4]
            fields[6], fields[16] = names[a], names[b]            # Actor1Name, Actor2Name
            fields[25], fields[26], fields[27], fields[28] = "1", code, code[:3], code[:2]
            fields[29], fields[30] = str(rng.randint(1, 4)), f"{rng.uniform(-10, 10):.1f}"
            fields[31], fields[32], fields[33] = "3", "1", "3"
            fields[34] = f"{rng.uniform(-10, 10):.2f}"
            fields[56], fields[57] = day, rng.choice(urls)       # DATEADDED, SOURCEURL
            out.write("\t".join(fields) + "\n")
    os.link(export, root / "known" / export.name)
    with open(root / "known" / "actors.tsv", "w", encoding="utf-8") as out:
        out.write("id\tname\tkind\n")
        for index, name in enumerate(names):
            out.write(f"actor-{index}\t{name}\tperson\n")


def measured(cmd: list[str], log: Path) -> dict:
    """Run ``cmd`` as a child: its wall time and peak RSS."""
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{log.with_suffix('.err').read_text()[-3000:]}")
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024}


def stats(db: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "sahelgraph", "--db", str(db), "stats", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    answer = json.loads(out)
    return answer if isinstance(answer, dict) else {r["item"]: r["count"] for r in answer}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, help="distinct names (default rows / 10)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    actors = args.actors or max(args.rows // 10, 2)
    root = Path(tempfile.mkdtemp(prefix="sahelgraph-new-actors-"))
    try:
        started = time.perf_counter()
        generate(root, args.rows, actors)
        print(f"{args.rows:,} rows, {actors:,} names generated in {time.perf_counter() - started:.1f} s ({root})",
              flush=True)
        cli = [sys.executable, "-m", "sahelgraph"]
        known = measured(cli + ["--db", str(root / "known.lbdb"), "load", str(root / "known")], root / "known")
        print(f"known actors: {known['wall']:.1f} s", flush=True)
        new = measured(cli + ["--db", str(root / "new.lbdb"), "load", str(root / "new"), "--new-actors"],
                       root / "new")
        print(f"new actors: {new['wall']:.1f} s", flush=True)
        a, b = stats(root / "known.lbdb"), stats(root / "new.lbdb")
        same = all(a[k] == b[k] for k in ("actors", "relations", "assertions", "sources"))
        ratio = new["wall"] / known["wall"]
        print(f"known actors:  {known['wall']:7.1f} s  peak {known['rss_mb']:6.0f} MB   {a}")
        print(f"new actors:    {new['wall']:7.1f} s  peak {new['rss_mb']:6.0f} MB   {b}")
        print(f"ratio new/known: {ratio:.2f} (target <= {RATIO_TARGET}); same graph size: {same}")
        return 0 if ratio <= RATIO_TARGET and same else 1
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
