"""Small datasets written on the fly for store tests, and a way to compare graphs whole."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import networkx as nx

HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"
BIN = Path(sys.executable).parent


def snapshot(G: nx.MultiDiGraph):
    """Everything in a graph, in a form == compares."""
    return (G.graph, sorted(G.nodes(data=True)),
            sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]))


def dataset(folder: Path, rows: list[tuple], actors: int = 50, kinds: dict | None = None) -> Path:
    """A dataset directory: actors x0..x{actors-1} (kind state unless ``kinds`` says),
    one source ``s`` without text, and ``rows`` of (subject, predicate, object, date, quote)
    in triples.tsv. Returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = kinds or {}
    (folder / "actors.tsv").write_text("id\tname\tkind\n" + "".join(
        f"x{i}\tX{i}\t{kinds.get(f'x{i}', 'state')}\n" for i in range(actors)), encoding="utf-8")
    (folder / "sources.tsv").write_text("id\ttitle\ns\tThe source\n", encoding="utf-8")
    triples(folder / "triples.tsv", rows)
    return folder


def triples(path: Path, rows: list[tuple]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for subject, predicate, obj, date, quote in rows:
            out.write(f"{subject}\t{predicate}\t{obj}\t{date or ''}\ts\t{quote}\t\t\n")
    return path


def cli_env() -> dict:
    """The environment for a ``sahelgraph`` subprocess running this checkout."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
