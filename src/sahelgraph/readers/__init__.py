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

import pyarrow as pa

from sahelgraph.bulk import paused_gc, trim_memory
from sahelgraph.errors import Diagnostic, InvalidInputError
from sahelgraph.model import Batch, GraphData
from sahelgraph.ontology import load_ontology
from sahelgraph.readers.actor_lists import read_actor_list
from sahelgraph.readers.brat import read_brat
from sahelgraph.readers.dataset import read_actors, read_sources, unsafe_file
from sahelgraph.readers.mapping import (SourceMaker, TableMapping, choose_variant, detect_preset,
                                        is_native_table, read_mapped_triples)
from sahelgraph.readers.columns import read_table_columns
from sahelgraph.readers.triples import READERS, read_table_triples
from sahelgraph.readers.validate import Validator

ACTORS_FILES = ("actors.tsv", "actors.csv")
SOURCES_FILES = ("sources.tsv", "sources.csv")
ONTOLOGY_FILES = ("ontology.yaml", "ontology.yml")
# plain tables of triples are read column-wise (readers.columns); False reads every row one
# by one, as the tests that compare the two do
COLUMN_WISE = True


def _part_of(path: Path) -> str | None:
    """Which part of a dataset a file is, by its name."""
    if path.suffix == ".ann":
        return "brat"
    if path.name == "annotation.conf":
        return "brat_conf"
    if path.suffix == ".txt" and path.with_suffix(".ann").exists():
        return "brat_text"  # a brat document's text, read with its .ann
    if path.name in ACTORS_FILES:
        return "actors"
    if path.name in SOURCES_FILES:
        return "sources"
    if path.name in ONTOLOGY_FILES:
        return "ontology"
    if path.suffix.lower() in READERS:
        return "triples"
    return None


def _collect(paths, tables: bool = False) -> tuple[dict[str, list[Path]], list[Diagnostic]]:
    """Sort the input paths into actors, sources, ontology, source texts and triple files."""
    parts: dict[str, list[Path]] = {"actors": [], "sources": [], "ontology": [], "texts": [], "triples": [],
                                    "brat": [], "brat_conf": [], "brat_text": []}
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
        elif tables:  # named with --map or --preset: a table whatever its extension
            parts["triples"].append(path)
        else:
            problems.append(Diagnostic(str(path), None, f"cannot read '{path.suffix or path.name}' files",
                                       "use .tsv, .csv, .tab, .jsonl, .txt (line notation or a table) "
                                       "or .ann (brat)"))
    return parts, problems


def read_triples(
    *paths,
    known: GraphData | None = None,
    new_actors: bool = False,
    mapping: TableMapping | dict[str, str] | None = None,
    preset: str | None = None,
    brat_kinds: dict[str, str] | None = None,
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
    mapping : TableMapping or dict, optional
        For foreign tables: a :class:`~sahelgraph.readers.mapping.TableMapping` (``--map``)
        or {field: column}, e.g. ``{"subject": "Actor1Name", "predicate": "EventCode",
        "object": "Actor2Name", "date": "SQLDATE"}``; a column is a header name or a 1-based
        position. Sources named by URL or publisher are made for the rows.
    preset : str, optional
        Read the triple files as an event export: ``gdelt``, ``icews`` or ``acled`` (see
        ``sahelgraph/presets/``). Without ``mapping`` or ``preset``, a table whose shape is
        one preset's (GDELT's columns, ICEWS's or ACLED's header) is read with that preset.
    brat_kinds : dict, optional
        brat entity type -> actor kind, over the defaults (Person -> person, GPE -> state,
        Location -> place, ...; see :mod:`sahelgraph.readers.brat`).
    progress : callable, optional
        Called as ``progress(rows)`` after each triple file with the rows it read.

    Every problem is reported in ``batch.diagnostics``; rows with errors are in
    ``batch.rejected``. A file that cannot be read at all (not UTF-8, broken YAML) raises
    InvalidInputError.
    """
    with paused_gc():
        return _read_triples(paths, known or GraphData(), new_actors, _as_mapping(mapping), preset,
                             brat_kinds, progress)


def _as_mapping(mapping) -> TableMapping | None:
    if mapping is None or isinstance(mapping, TableMapping):
        return mapping
    return TableMapping("--map", {field: [column] for field, column in mapping.items()})


TABLE_SUFFIXES = (".tsv", ".csv", ".tab", ".txt")


def _reader_for(path: Path, mapping: TableMapping | None, preset: str | None
                ) -> tuple[TableMapping | None, list[Diagnostic]]:
    """The mapping a triple file is read through (None: sahelgraph's own formats), and a
    note saying which preset was detected."""
    if mapping is not None:
        return mapping, []
    if preset is not None:
        return choose_variant(path, preset), []
    if path.suffix.lower() not in TABLE_SUFFIXES or (path.suffix.lower() != ".txt" and is_native_table(path)):
        return None, []
    found = detect_preset(path)
    if len(found) > 1:
        raise InvalidInputError([Diagnostic(str(path), 1, "the file's shape fits several presets: "
                                            + ", ".join(m.label for m in found), "name one with --preset")])
    if not found:
        return None, []
    return found[0], [Diagnostic(str(path), None, f"read as {found[0].variant or found[0].name}",
                                 f"preset {found[0].name}, detected from its columns", "note")]


def _read_triples(paths, known: GraphData, new_actors, mapping, preset, brat_kinds, progress) -> Batch:
    parts, problems = _collect(paths, tables=mapping is not None or preset is not None)
    if problems:
        raise InvalidInputError(problems)
    ontology = load_ontology(*parts["ontology"])
    package = load_ontology() if parts["ontology"] else ontology
    for name, predicate in known.predicates.items():
        # the store's vocabulary (a dataset's ontology.yaml loaded before) stands, unless an
        # ontology.yaml of this load changes the predicate
        if ontology.predicates.get(name) == package.predicates.get(name):
            ontology.predicates[name] = predicate

    actors, actor_problems = read_actors(parts["actors"], ontology, known.actors)
    if mapping is not None and mapping.lists_actors:
        # the files are lists of actors, not of triples
        for path in parts["triples"]:
            _, more = read_actor_list(path, mapping, ontology.kinds, actors, known.actors)
            actor_problems += more
        parts["triples"] = []
    sources, source_problems = read_sources(parts["sources"], parts["texts"], known.sources)
    brat_rows = []
    if parts["brat"]:
        brat_rows, _, made_sources, more = read_brat(
            parts["brat"], parts["brat_conf"], kinds=ontology.kinds, actors=actors,
            known=known.actors, sources={**known.sources, **sources}, kind_map=brat_kinds,
            predicates=ontology.predicates)
        sources.update(made_sources)
        actor_problems += more
    validator = Validator(actors=actors, sources=sources, ontology=ontology,
                          new_actors=new_actors, known=known)
    file_problems = actor_problems + source_problems
    made = SourceMaker(validator.ctx.sources)
    if brat_rows:
        count = validator.add(brat_rows)
        if progress:
            progress(count)
    # plain tables read column-wise, waiting to be checked together: each distinct name,
    # date, source... is then looked up once for all of them
    tables: list = []

    def check_tables():
        if tables:
            validator.add_table(pa.concat_tables(tables))
            if progress:
                for table in tables:
                    progress(table.num_rows)
            tables.clear()

    for path in parts["triples"]:
        through, notes = _reader_for(path, mapping, preset)
        file_problems += notes
        reader = READERS.get(path.suffix.lower())
        columns = None
        if through is None and reader is read_table_triples and COLUMN_WISE:
            columns = read_table_columns(path)
        if columns is not None:
            tables.append(columns)
            continue
        check_tables()  # the files before this one first, in order
        if through is not None:
            rows, more = read_mapped_triples(path, through, made)
        else:
            rows, more = reader(path)
        file_problems += more
        count = validator.add(rows)
        if progress:
            progress(count)
    check_tables()
    trim_memory()  # what reading the tables took and freed, back for the load that follows
    batch = validator.finish()
    # a source made for rows that were all rejected is not added either
    cited = batch.assertions.sources()
    batch.sources.update({i: s for i, s in made.made.items() if i in cited})
    batch.diagnostics = file_problems + batch.diagnostics
    return batch


__all__ = ["read_triples"]
