"""Core commands: validate, load, stats, actors, show, query."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sahelgraph.cli.options import pass_store
from sahelgraph.cli.output import emit, format_option
from sahelgraph.errors import InvalidInputError, StoreError

MAP_FIELDS = ("subject", "predicate", "object", "date", "source", "quote", "confidence", "note")


def parse_mapping(ctx, param, value):
    """``subject=Actor1Name,predicate=EventCode`` -> {"subject": "Actor1Name", ...}."""
    if not value:
        return None
    mapping = {}
    for part in value.split(","):
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise click.BadParameter(f"'{part}' is not FIELD=COLUMN")
        if field not in MAP_FIELDS:
            raise click.BadParameter(f"unknown field '{field}' (fields: {', '.join(MAP_FIELDS)})")
        mapping[field] = column
    missing = [f for f in ("subject", "predicate", "object") if f not in mapping]
    if missing:
        raise click.BadParameter(f"map {', '.join(missing)} too")
    return mapping


def input_options(command):
    command = click.option("--new-actors", is_flag=True,
                           help="Add unknown names as actors of kind 'unknown' (each is reported).")(command)
    command = click.option("--map", "mapping", callback=parse_mapping, metavar="FIELD=COLUMN,...",
                           help="Read foreign tables (GDELT/ICEWS-style) through a column mapping.")(command)
    return click.argument("paths", nargs=-1, required=True,
                          type=click.Path(path_type=Path))(command)


def _read(store, paths, new_actors, mapping, progress=None):
    from sahelgraph.readers import read_triples

    return read_triples(*paths, known=store.known(), new_actors=new_actors, mapping=mapping, progress=progress)


def _print_diagnostics(diagnostics) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


@click.command()
@input_options
@format_option
@pass_store
def validate(store, paths, new_actors, mapping, fmt):
    """Check files or dataset directories and report every problem, one line each.

    Names resolve against the files and what the store already holds.

    \b
    Example:
      sahelgraph validate graph/
      sahelgraph validate extra.tsv --new-actors
    """
    batch = _read(store, paths, new_actors, mapping)
    errors = len(batch.errors)
    warnings = sum(d.severity == "warning" for d in batch.diagnostics)
    if fmt == "json":
        click.echo(json.dumps([{"file": d.file, "line": d.line, "severity": d.severity,
                                "message": d.message, "hint": d.hint} for d in batch.diagnostics],
                              ensure_ascii=False, indent=2))
    else:
        _print_diagnostics(batch.diagnostics)
        for actor in batch.new_actors:
            click.echo(f"new actor '{actor.name}' ({actor.id}) will be added as kind unknown", err=True)
        emit([{"rows": batch.rows_read, "valid": len(batch.assertions),
               "rejected": len(batch.rejected), "errors": errors, "warnings": warnings}],
             ["rows", "valid", "rejected", "errors", "warnings"], fmt)
    if errors:
        raise SystemExit(1)


def write_rejects(path: Path, rejected) -> None:
    """Rejected rows as a file to fix and load again: TSV (each row under comment lines giving
    its problems) or, for a .jsonl name, JSON Lines with the problems under "_errors"."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        if path.suffix.lower() == ".jsonl":
            for row in rejected:
                record = {k: v for k, v in row.row.items() if v is not None}
                record["_errors"] = [str(d) for d in row.diagnostics]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        out.write("\t".join(MAP_FIELDS) + "\n")
        for row in rejected:
            for diagnostic in row.diagnostics:
                out.write(f"# {diagnostic}\n")
            out.write("\t".join(str(row.row.get(f) or "").replace("\t", " ").replace("\n", " ")
                                for f in MAP_FIELDS) + "\n")


@click.command()
@input_options
@click.option("--replace", is_flag=True, help="Replace everything the store holds instead of merging.")
@click.option("--skip-invalid", is_flag=True, help="Load the valid rows and report the rest.")
@click.option("--rejects", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the rejected rows, with their problems, to FILE (TSV, or .jsonl).")
@format_option
@pass_store
def load(store, paths, new_actors, mapping, replace, skip_invalid, rejects, fmt):
    """Load files or dataset directories into the store.

    Every row is accounted for: rows read = loaded + duplicates merged + rejected. By
    default a load with errors changes nothing. Loading the same files again changes
    nothing either.

    \b
    Example:
      sahelgraph load graph/
      sahelgraph load new.tsv --skip-invalid --rejects fixme.tsv
      sahelgraph load events.csv --map subject=Actor1Name,predicate=EventCode,object=Actor2Name,date=SQLDATE,source=SOURCEURL --new-actors
    """
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    show_progress = total > 5_000_000
    with click.progressbar(length=total, label="reading", file=click.get_text_stream("stderr"),
                           hidden=not show_progress) as bar:
        batch = _read(store, paths, new_actors, mapping,
                      progress=lambda rows: bar.update(total // max(len(files), 1)))
    if rejects:
        write_rejects(rejects, batch.rejected)
    if batch.errors and not skip_invalid:
        raise InvalidInputError(batch.diagnostics)  # printed by the group, with a summary
    _print_diagnostics(batch.diagnostics)
    for actor in batch.new_actors:
        click.echo(f"new actor '{actor.name}' added as {actor.id} (kind unknown)", err=True)
    with click.progressbar(length=batch.rows_read, label="writing", file=click.get_text_stream("stderr"),
                           hidden=not show_progress) as bar:
        report = store.load(batch, replace=replace, skip_invalid=skip_invalid, progress=bar.update)
    rows = [
        {"item": "rows read", "count": report.rows_read},
        {"item": "loaded", "count": report.loaded},
        {"item": "duplicates merged", "count": report.duplicates},
        {"item": "rejected", "count": len(report.rejected)},
        {"item": "actors", "count": report.actors},
        {"item": "relations", "count": report.relations},
        {"item": "sources", "count": report.sources},
    ]
    emit(rows, ["item", "count"], fmt)
    if fmt == "table":
        click.echo(f"loaded into {getattr(store, 'path', store)}")


@click.command()
@format_option
@pass_store
def stats(store, fmt):
    """Count what the store holds.

    \b
    Example:
      sahelgraph stats --format json
    """
    emit([{"item": k, "count": v} for k, v in store.stats().items()], ["item", "count"], fmt)


@click.command()
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only actors of this kind (repeatable).")
@format_option
@pass_store
def actors(store, kinds, fmt):
    """List actors with their kind, relation count and aliases.

    \b
    Example:
      sahelgraph actors --kind person
    """
    G = store.graph()
    rows = [{"id": n, "name": d["name"], "kind": d["kind"], "country": d.get("country"),
             "relations": G.degree(n), "aliases": d.get("aliases")}
            for n, d in sorted(G.nodes(data=True)) if not kinds or d["kind"] in kinds]
    emit(rows, ["id", "name", "kind", "country", "relations", "aliases"], fmt)


@click.command()
@click.argument("actor")
@format_option
@pass_store
def show(store, actor, fmt):
    """Show an actor: aliases, and every relation in and out with its evidence.

    ACTOR is an id, a name or any alias (case, accents and punctuation do not matter).

    \b
    Example:
      sahelgraph show Goita
      sahelgraph show "U.N." --format json
    """
    from sahelgraph.resolve import resolve_actor

    G = store.graph()
    node = resolve_actor(G, actor)
    d = G.nodes[node]
    rows = []
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)),
                             ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, e in edges:
            other = v if direction == "out" else u
            for ev in e["evidence"]:
                rows.append({"direction": direction, "predicate": key,
                             "actor": G.nodes[other]["name"], "date": ev["date"],
                             "source": ev["source"], "quote": ev["quote"]})
    if fmt == "json":
        click.echo(json.dumps({"id": node, **d, "relations": rows}, ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo(f"{d['name']} ({node}), {d['kind']}" + (f", {d['country']}" if d.get("country") else ""))
        if d.get("description"):
            click.echo(d["description"])
        click.echo("aliases: " + (", ".join(d.get("aliases") or []) or "-"))
        click.echo()
    emit(rows, ["direction", "predicate", "actor", "date", "source", "quote"], fmt)


def parse_params(ctx, param, values):
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"'{value}' is not NAME=VALUE")
        try:
            params[name] = json.loads(text)
        except json.JSONDecodeError:
            params[name] = text
    return params


@click.command()
@click.argument("cypher")
@click.option("--param", "params", multiple=True, callback=parse_params, metavar="NAME=VALUE",
              help="A query parameter ($NAME); VALUE is JSON if it parses, else a string.")
@click.option("--write", is_flag=True, help="Allow the query to change the database.")
@format_option
@pass_store
def query(store, cypher, params, write, fmt):
    """Run a Cypher query (read-only unless --write) and print the rows.

    \b
    Example:
      sahelgraph query "MATCH (a:Actor)-[r:EXPELS]->(b:Actor) RETURN a.name, b.name, r.dates"
      sahelgraph query "MATCH (a:Actor {id: \\$id}) RETURN a.name" --param id=minusma
    """
    try:
        result = store.query(cypher, params, write=write)
    except StoreError:
        raise
    emit(result.dicts(), result.columns, fmt)


@click.command()
@click.argument("dataset", required=False, type=click.Path(exists=True, path_type=Path))
@format_option
@pass_store
def predicates(store, dataset, fmt):
    """List the predicate vocabulary: polarity, symmetry, inverse, CAMEO and PLOVER codes.

    Without DATASET: the predicates of the store (or the package's if it is empty); with a
    dataset directory or an ontology.yaml: the package's extended by that dataset's.

    \b
    Example:
      sahelgraph predicates graph/
      sahelgraph predicates --format csv
    """
    from sahelgraph.ontology import load_ontology

    if dataset is not None:
        extra = dataset / "ontology.yaml" if dataset.is_dir() else dataset
        vocabulary = load_ontology(*([extra] if extra.exists() else [])).predicates
    else:
        vocabulary = store.read().predicates or load_ontology().predicates
    rows = [{"predicate": name, **p.as_dict()} for name, p in sorted(vocabulary.items())]
    emit(rows, ["predicate", "polarity", "symmetric", "inverse", "cameo", "plover",
                "subject_kinds", "object_kinds", "description"], fmt)


def register(group):
    for command in (validate, load, stats, actors, show, query, predicates):
        group.add_command(command)
