"""Reading a dataset: files of annotated triples plus actors.tsv, sources.tsv, sources/<id>.txt
and ontology.yaml, resolved and validated into a :class:`~sahelgraph.model.Batch`.

Examples
--------
>>> from pathlib import Path
>>> batch = read_triples(Path(__file__).parents[3] / "tests" / "data" / "mini")
>>> batch.rows_read, len(batch.assertions), len(batch.errors)
(7, 7, 0)
>>> subject, predicate, obj, evidence = batch.assertions[0]
>>> subject, predicate, obj, evidence.date
('mali', 'expels', 'olivier-salgado', '2022-07')
"""

from __future__ import annotations

from pathlib import Path

from sahelgraph.bulk import paused_gc
from sahelgraph.errors import Diagnostic, InvalidInputError
from sahelgraph.model import Batch, GraphData
from sahelgraph.ontology import load_ontology
from sahelgraph.readers.dataset import read_actors, read_sources, unsafe_file
from sahelgraph.readers.triples import READERS, read_table_triples
from sahelgraph.readers.validate import Validator

ACTORS_FILES = ("actors.tsv", "actors.csv")
SOURCES_FILES = ("sources.tsv", "sources.csv")
ONTOLOGY_FILES = ("ontology.yaml", "ontology.yml")


def _part_of(path: Path) -> str | None:
    """Which part of a dataset a file is, by its name."""
    if path.name in ACTORS_FILES:
        return "actors"
    if path.name in SOURCES_FILES:
        return "sources"
    if path.name in ONTOLOGY_FILES:
        return "ontology"
    if path.suffix.lower() in READERS:
        return "triples"
    return None


def _collect(paths) -> tuple[dict[str, list[Path]], list[Diagnostic]]:
    """Sort the input paths into actors, sources, ontology, source texts and triple files."""
    parts: dict[str, list[Path]] = {"actors": [], "sources": [], "ontology": [], "texts": [], "triples": []}
    problems: list[Diagnostic] = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.name.startswith("."):
                    continue
                if problem := unsafe_file(child, path):
                    problems.append(problem)
                    continue
                relative = child.relative_to(path)
                if relative.parts[0] == "sources" and len(relative.parts) > 1:
                    if child.suffix == ".txt":
                        parts["texts"].append(child)
                elif part := _part_of(child):
                    parts[part].append(child)
        elif not path.exists():
            problems.append(Diagnostic(str(path), None, "no such file or directory"))
        elif problem := unsafe_file(path):
            problems.append(problem)
        elif part := _part_of(path):
            parts[part].append(path)
        else:
            problems.append(Diagnostic(str(path), None, f"cannot read '{path.suffix or path.name}' files",
                                       "use .tsv, .csv, .jsonl or .txt (line notation)"))
    return parts, problems


def read_triples(
    *paths,
    known: GraphData | None = None,
    new_actors: bool = False,
    mapping: dict[str, str] | None = None,
    progress=None,
) -> Batch:
    """Read, resolve and validate files or dataset directories into a Batch.

    Parameters
    ----------
    *paths : str or Path
        Triple files (.tsv, .csv, .jsonl, .txt line notation) and/or dataset directories
        (actors.tsv, sources.tsv, sources/<id>.txt, ontology.yaml and every triple file).
    known : GraphData, optional
        What the store already holds: its actors, sources and predicates resolve names too.
    new_actors : bool
        Add unknown names as actors of kind ``unknown`` (listed in ``batch.new_actors``)
        instead of rejecting their rows.
    mapping : dict, optional
        For foreign tables: {field: column}, e.g. ``{"subject": "Actor1Name",
        "predicate": "EventCode", "object": "Actor2Name", "date": "SQLDATE"}``.
    progress : callable, optional
        Called as ``progress(rows)`` after each triple file with the rows it read.

    Every problem is reported in ``batch.diagnostics``; rows with errors are in
    ``batch.rejected``. A file that cannot be read at all (not UTF-8, broken YAML) raises
    InvalidInputError.
    """
    with paused_gc():
        return _read_triples(paths, known or GraphData(), new_actors, mapping, progress)


def _read_triples(paths, known: GraphData, new_actors, mapping, progress) -> Batch:
    parts, problems = _collect(paths)
    if problems:
        raise InvalidInputError(problems)
    ontology = load_ontology(*parts["ontology"])
    for name, predicate in known.predicates.items():
        ontology.predicates.setdefault(name, predicate)

    actors, actor_problems = read_actors(parts["actors"], ontology, known.actors)
    sources, source_problems = read_sources(parts["sources"], parts["texts"], known.sources)
    validator = Validator(actors=actors, sources=sources, ontology=ontology,
                          new_actors=new_actors, known=known)
    file_problems = actor_problems + source_problems
    for path in parts["triples"]:
        if mapping:
            rows, more = read_table_triples(path, mapping=mapping)
        else:
            rows, more = READERS[path.suffix.lower()](path)
        file_problems += more
        count = validator.add(rows)
        if progress:
            progress(count)
    batch = validator.finish()
    batch.diagnostics = file_problems + batch.diagnostics
    return batch


__all__ = ["read_triples"]
