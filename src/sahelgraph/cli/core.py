"""Core commands: validate, load, stats, actors, show, query."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from sahelgraph.cli.options import pass_store, resolve_names
from sahelgraph.cli.output import actor_ref, echo_wrapped, emit, emit_object, format_option
from sahelgraph.errors import InvalidInputError

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

    return read_triples(*paths, known=store.read(), new_actors=new_actors, mapping=mapping, progress=progress)


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
    with click.progressbar(length=total, label="reading", file=sys.stderr,
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
    with click.progressbar(length=batch.rows_read, label="writing", file=sys.stderr,
                           hidden=not show_progress) as bar:
        report = store.load(batch, replace=replace, skip_invalid=skip_invalid, progress=bar.update)
    emit_object({
        "rows_read": report.rows_read, "loaded": report.loaded, "duplicates": report.duplicates,
        "rejected": len(report.rejected), "actors": report.actors, "relations": report.relations,
        "sources": report.sources, "store": str(getattr(store, "path", store)),
    }, fmt)


@click.command()
@format_option
@pass_store
def stats(store, fmt):
    """Count what the store holds.

    \b
    Example:
      sahelgraph stats --format json
    """
    emit_object({**store.stats(), "store": str(getattr(store, "path", store))}, fmt)


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
    (node,) = resolve_names(store, [actor])
    G = store.graph()
    d = G.nodes[node]
    details = {"id": node, "name": d.get("name") or node, "kind": d.get("kind"),
               "country": d.get("country"), "aliases": list(d.get("aliases") or []),
               "description": d.get("description")}
    rows = []
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)),
                             ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, e in edges:
            other = v if direction == "out" else u
            for ev in e["evidence"]:
                rows.append({"direction": direction, "predicate": e.get("predicate", key),
                             "other": actor_ref(G, other), "date": ev.get("date"),
                             "source": ev.get("source"), "quote": ev.get("quote"),
                             "modality": ev.get("modality") or "asserted",
                             "confidence": ev.get("confidence")})
    relation_columns = ["direction", "predicate", "other", "date", "modality", "source", "quote"]
    if fmt == "json":
        click.echo(json.dumps({**details, "relations": rows}, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == "csv":
        # the actor's own details on every row, so the file stands alone
        own = {f"actor_{k}": v for k, v in details.items()}
        emit([{**own, **r} for r in rows] or [own], [*own, *relation_columns, "confidence"], fmt)
        return
    echo_wrapped(f"{details['name']} ({node}), {details['kind']}"
                 + (f", {details['country']}" if details["country"] else ""))
    if details["description"]:
        echo_wrapped(details["description"])
    echo_wrapped("aliases: " + (", ".join(details["aliases"]) or "-"), indent="  ")
    click.echo()
    if all(r["modality"] == "asserted" for r in rows):
        relation_columns.remove("modality")  # the table says it only where it matters
    emit(rows, relation_columns, fmt)


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
    result = store.query(cypher, params, write=write)
    columns = written_columns(cypher, result.columns)
    emit([dict(zip(columns, row)) for row in result.rows], columns, fmt)


_CLAUSE_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.I)
_ALIAS = re.compile(r"\s+AS\s+(`[^`]+`|\w+)\s*$", re.I)


def _top_level_split(text: str, sep: str = ",") -> list[str]:
    """``text`` split at ``sep`` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def written_columns(cypher: str, columns: list[str]) -> list[str]:
    """The result's column names as the query wrote them: the database may rename an
    expression (LadybugDB returns ``label(r)`` as ``LABEL(r._ID,[,,,EXPELS...])``).

    >>> written_columns("MATCH (a)-[r]->(b) RETURN label(r), b.name AS who LIMIT 3",
    ...                 ["LABEL(r._ID,[,EXPELS])", "who"])
    ['label(r)', 'who']
    >>> written_columns("MATCH (a) RETURN *", ["a"])
    ['a']
    """
    matches = list(re.finditer(r"\bRETURN\s+(DISTINCT\s+)?", cypher, re.I))
    if not matches:
        return list(columns)
    tail = cypher[matches[-1].end():]
    end = _CLAUSE_END.search(tail)
    items = [item.strip() for item in _top_level_split(tail[:end.start()] if end else tail)]
    if len(items) != len(columns) or any(item == "*" for item in items):
        return list(columns)
    named = []
    for item, column in zip(items, columns):
        alias = _ALIAS.search(item)
        named.append(alias.group(1).strip("`") if alias else " ".join(item.split()) or column)
    return named if len(set(named)) == len(named) else list(columns)


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
