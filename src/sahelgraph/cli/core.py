"""Core commands: validate, load, stats, actors, show, query."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from sahelgraph.cli.options import filter_options, pass_store, resolve_names, roll_up_option
from sahelgraph.cli.output import actor_ref, echo_wrapped, emit, emit_object, format_option, through_ref
from sahelgraph.cli.terminal import printable
from sahelgraph.errors import InvalidInputError, NotFoundError
from sahelgraph.evidence_list import plain_or_text
from sahelgraph.stores.lock import DEFAULT_WAIT

MAP_FIELDS = ("subject", "predicate", "object", "date", "source", "quote", "confidence", "note")
SUMMARY_AT = 5  # a warning repeated more often than this is printed once, with its count
NEW_ACTORS_SHOWN = 20


def check_mapping(ctx, param, value):
    """Check ``--map`` early (a usage error, exit 2); it is parsed with the other options."""
    if value:
        from sahelgraph.readers.mapping import parse_map

        try:
            parse_map(value)
        except ValueError as exc:
            if "without a header" not in str(exc):
                raise click.BadParameter(str(exc)) from None
    return value


def parse_brat_kinds(ctx, param, value):
    """``Militia=armed_group,Org=igo`` -> {"Militia": "armed_group", "Org": "igo"}."""
    if not value:
        return None
    kinds = {}
    for part in value.split(","):
        name, sep, kind = part.partition("=")
        if not sep or not name.strip() or not kind.strip():
            raise click.BadParameter(f"'{part}' is not TYPE=KIND")
        kinds[name.strip()] = kind.strip()
    return kinds


def input_options(command):
    from sahelgraph.readers.mapping import PRESETS

    for option in reversed([
        click.option("--new-actors", is_flag=True,
                     help="Add unknown names as actors of kind 'unknown' (each is reported)."),
        click.option("--map", "mapping", callback=check_mapping, metavar="FIELD=COLUMN,...",
                     help="Read a foreign table through a column mapping; a COLUMN is a header "
                          "name or a 1-based position (subject=7,predicate=27,object=17). "
                          "name=...,aliases=...,kind=... reads a list of actors."),
        click.option("--preset", type=click.Choice(PRESETS),
                     help="Read event exports: gdelt (1.0/2.0), icews (events or quadruples), acled. "
                          "Detected from the file when unambiguous."),
        click.option("--no-header", is_flag=True, help="The --map table has no header line."),
        click.option("--delimiter", metavar="CHAR",
                     help="The --map table's delimiter: tab, comma, semicolon, pipe or one character "
                          "(default: sniffed)."),
        click.option("--brat-kinds", "brat_kinds", callback=parse_brat_kinds, metavar="TYPE=KIND,...",
                     help="brat entity types -> actor kinds, over the defaults (Person=person, "
                          "GPE=state, Location=place, ...)."),
        click.option("--verbose", "-v", is_flag=True,
                     help="List every warning and new actor instead of summarising repeats."),
    ]):
        command = option(command)
    return click.argument("paths", nargs=-1, required=True,
                          type=click.Path(path_type=Path))(command)


def _table_mapping(mapping, no_header, delimiter):
    from sahelgraph.readers.mapping import parse_map

    if mapping is None:
        if no_header or delimiter:
            raise click.UsageError("--no-header and --delimiter go with --map")
        return None
    try:
        return parse_map(mapping, header=not no_header, delimiter=delimiter)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--map'") from None


def _read(store, paths, new_actors, mapping, preset=None, no_header=False, delimiter=None,
          brat_kinds=None, progress=None, replace=False):
    """The files read, names resolved against the store (unless it is being replaced)."""
    from sahelgraph.model import GraphData
    from sahelgraph.readers import read_triples

    if mapping is not None and preset is not None:
        raise click.UsageError("give --map or --preset, not both")
    known = GraphData() if replace else store.known()
    return read_triples(*paths, known=known, new_actors=new_actors,
                        mapping=_table_mapping(mapping, no_header, delimiter), preset=preset,
                        brat_kinds=brat_kinds, progress=progress)


def wait_option(command):
    """``--wait SECONDS``: how long a writer waits for another writer of the same store."""
    return click.option("--wait", "wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT,
                        show_default=True, metavar="SECONDS",
                        help="Wait this long for another writer of the store to finish.")(command)


def _writing(store, wait):
    """The store's writer lock, saying on stderr for whom it waits."""
    return store.writing(wait=wait, on_wait=lambda message: click.echo(message, err=True))


def summarise(diagnostics, verbose: bool = False) -> list[str]:
    """The lines to print for some diagnostics: every error, and each warning or note that
    repeats more than SUMMARY_AT times once, with its count ("17,904 rows: missing quote").

    >>> from sahelgraph.errors import Diagnostic
    >>> lines = summarise([Diagnostic("t.tsv", n, "missing quote", "add it", "warning") for n in range(1, 9)])
    >>> lines
    ['t.tsv:1: warning: missing quote (add it) [and 7 more rows like it: 8 in all; --verbose lists them]']
    """
    if verbose:
        return [str(d) for d in diagnostics]
    groups: dict[tuple, list] = {}
    for d in diagnostics:
        if d.severity != "error":
            groups.setdefault((d.severity, d.message, d.hint), []).append(d)
    lines = []
    shown: set[tuple] = set()
    for d in diagnostics:
        key = (d.severity, d.message, d.hint)
        group = groups.get(key) if d.severity != "error" else None
        if group is None or len(group) <= SUMMARY_AT:
            lines.append(str(d))
        elif key not in shown:
            shown.add(key)
            lines.append(f"{d} [and {len(group) - 1:,} more rows like it: {len(group):,} in all; "
                         "--verbose lists them]")
    return lines


def _print_diagnostics(diagnostics, verbose: bool = True) -> None:
    for line in summarise(diagnostics, verbose):
        click.echo(printable(line), err=True)


def _print_new_actors(actors, verb: str, verbose: bool) -> None:
    shown = actors if verbose or len(actors) <= NEW_ACTORS_SHOWN else actors[:NEW_ACTORS_SHOWN // 2]
    for actor in shown:
        click.echo(printable(f"new actor '{actor.name}' {verb} {actor.id} (kind {actor.kind})"), err=True)
    if len(shown) < len(actors):
        click.echo(f"... and {len(actors) - len(shown):,} more new actors ({len(actors):,} in all; "
                   "--verbose lists them, 'sahelgraph actors --kind unknown' too)", err=True)


@click.command()
@input_options
@format_option
@pass_store
def validate(store, paths, new_actors, mapping, preset, no_header, delimiter, brat_kinds, verbose, fmt):
    """Check files or dataset directories and report every problem, one line each.

    Names resolve against the files and what the store already holds.

    \b
    Example:
      sahelgraph validate graph/
      sahelgraph validate extra.tsv --new-actors
      sahelgraph validate 20230616.export.CSV --preset gdelt --new-actors
    """
    batch = _read(store, paths, new_actors, mapping, preset, no_header, delimiter, brat_kinds)
    errors = len(batch.errors)
    warnings = sum(d.severity == "warning" for d in batch.diagnostics)
    if fmt == "json":
        click.echo(json.dumps([{"file": d.file, "line": d.line, "severity": d.severity,
                                "message": d.message, "hint": d.hint} for d in batch.diagnostics],
                              ensure_ascii=False, indent=2))
    else:
        _print_diagnostics(batch.diagnostics, verbose)
        _print_new_actors(batch.new_actors, "would be added as", verbose)
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
@wait_option
@format_option
@pass_store
def load(store, paths, new_actors, mapping, preset, no_header, delimiter, brat_kinds, verbose,
         replace, skip_invalid, rejects, wait, fmt):
    """Load files or dataset directories into the store.

    Every row is accounted for: rows read = loaded + duplicates merged + rejected. By
    default a load with errors changes nothing. Loading the same files again changes
    nothing either.

    \b
    Example:
      sahelgraph load graph/
      sahelgraph load new.tsv --skip-invalid --rejects fixme.tsv
      sahelgraph load 20230616.export.CSV --new-actors          # GDELT: detected
      sahelgraph load events.tab --preset icews --new-actors
      sahelgraph load table.txt --map subject=3,predicate=2,object=5,date=1 --no-header --new-actors
    """
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    show_progress = total > 5_000_000
    with click.progressbar(length=total, label="reading", file=sys.stderr,
                           hidden=not show_progress) as bar:
        batch = _read(store, paths, new_actors, mapping, preset, no_header, delimiter, brat_kinds,
                      progress=lambda rows: bar.update(total // max(len(files), 1)), replace=replace)
    if rejects:
        write_rejects(rejects, batch.rejected)
    if batch.errors and not skip_invalid:
        # warnings summarised here; the errors are printed by the group, with a summary
        _print_diagnostics([d for d in batch.diagnostics if d.severity != "error"], verbose)
        raise InvalidInputError(batch.errors)
    _print_diagnostics(batch.diagnostics, verbose)
    _print_new_actors(batch.new_actors, "added as", verbose)
    with click.progressbar(length=batch.rows_read, label="writing", file=sys.stderr,
                           hidden=not show_progress) as bar:
        with _writing(store, wait):
            report = store.load(batch, replace=replace, skip_invalid=skip_invalid, progress=bar.update)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
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
@click.option("--duplicates", is_flag=True,
              help="List probable duplicate actors (reordered names, initials, transliterations, "
                   "shared spellings, partial names of new actors) and the command merging each pair.")
@format_option
@pass_store
def actors(store, kinds, duplicates, fmt):
    """List actors with their kind, relation count and aliases.

    \b
    Example:
      sahelgraph actors --kind person
      sahelgraph actors --duplicates
    """
    counts = store.relation_counts()
    if duplicates:
        from sahelgraph.resolve import probable_duplicates

        listed = {i: a for i, a in store.actors().items() if not kinds or a.kind in kinds}
        rows = probable_duplicates(listed, counts)
        emit(rows, ["keep", "keep_name", "other", "other_name", "reason", "merge"], fmt)
        return
    rows = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
             "relations": counts.get(a.id, 0), "aliases": a.aliases}
            for _, a in sorted(store.actors().items()) if not kinds or a.kind in kinds]
    emit(rows, ["id", "name", "kind", "country", "relations", "aliases"], fmt)


@click.command()
@click.argument("actor")
@roll_up_option(True)
@filter_options
@format_option
@pass_store
def show(store, actor, roll_up, filters, fmt):
    """Show an actor: aliases, and every relation in and out with its evidence.

    ACTOR is an id, a name or any alias (case, accents and punctuation do not matter).
    By default the relations include what ACTOR's government, ministries, forces and
    officials did, each saying through whom (--no-roll-up: only what names ACTOR).

    \b
    Example:
      sahelgraph show Goita
      sahelgraph show Mali --since 2023-06
      sahelgraph show "U.N." --format json --no-roll-up
    """
    from sahelgraph.cli.options import report_left_out, rolled_up

    (node,) = resolve_names(store, [actor])
    members = [node, *sorted(store.parts_of(node))] if roll_up else [node]
    G = store.subgraph(members, **filters)  # their relations, not the whole graph
    report_left_out(G)
    if roll_up:
        G = rolled_up(store, G, into=[node])
    if node not in G:
        raise NotFoundError(f"actor '{actor}' ({node}) is not in the graph under these filters")
    d = G.nodes[node]
    part_names = d.get("part_names") or {}
    details = {"id": node, "name": d.get("name") or node, "kind": d.get("kind"),
               "country": d.get("country"), "aliases": list(d.get("aliases") or []),
               "description": d.get("description")}
    rows = []
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)),
                             ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, e in edges:
            other = v if direction == "out" else u
            # a relation without evidence (made with query --write) still gets its line
            for ev in e["evidence"] or [{}]:
                rows.append({"direction": direction, "predicate": e.get("predicate", key),
                             "other": actor_ref(G, other),
                             "through": through_ref(G, node, ev, outgoing=direction == "out"),
                             "date": ev.get("date"), "source": ev.get("source"), "quote": ev.get("quote"),
                             "modality": (ev.get("modality") or "asserted") if ev else None,
                             "confidence": ev.get("confidence")})
    relation_columns = ["direction", "predicate", "other", "through", "date", "modality", "source", "quote"]
    if fmt == "json":
        parts = [{"id": part, "name": part_names[part]} for part in sorted(part_names)]
        click.echo(json.dumps({**details, "parts": parts, "relations": rows},
                              ensure_ascii=False, indent=2, default=plain_or_text))
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
    if part_names:
        echo_wrapped("acting through: " + ", ".join(sorted(part_names.values())), indent="  ")
    click.echo()
    if all(r["modality"] == "asserted" for r in rows):
        relation_columns.remove("modality")  # the table says it only where it matters
    if not any(r["through"] for r in rows):
        relation_columns.remove("through")
    emit(rows, relation_columns, fmt)


class _MixedTypes(ValueError):
    pass


def _value_type(value):
    """The type of a JSON value as LadybugDB sees it: a list's items must share one (numbers
    count as one type, null goes with any), or it cannot take the list as a parameter."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return {key: _value_type(item) for key, item in value.items()}
    found = None
    for item in value:
        found = _common_type(found, _value_type(item), value)
    return [found]


def _common_type(a, b, where):
    if a is None or b is None or a == b:
        return b if a is None else a
    if isinstance(a, list) and isinstance(b, list):
        return [_common_type(a[0], b[0], where)]
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return {key: _common_type(a[key], b[key], where) for key in a}
    raise _MixedTypes(json.dumps(where, ensure_ascii=False)[:80])
@click.command("merge-actors")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@wait_option
@format_option
@pass_store
def merge_actors(store, keep, others, wait, fmt):
    """Merge duplicate actors into one, atomically: OTHERS' names and aliases become aliases
    of KEEP and their relations move to KEEP with all their evidence.

    Each actor is an id, a name or an alias. Relations between the merged actors themselves
    (they would be self-loops) are left out, and listed.

    \b
    Example:
      sahelgraph actors --duplicates
      sahelgraph merge-actors ivan-maslov "MASLOV, Ivan Aleksandrovich"
    """
    keep_id, *other_ids = store.resolve_actors([keep, *others])
    with _writing(store, wait):
        report = store.merge_actors(keep_id, list(dict.fromkeys(other_ids)))
    for line in report.pop("left_out"):
        click.echo(f"left out (a self-loop now): {line}", err=True)
    emit_object(report, fmt)


def parse_params(ctx, param, values):
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"'{value}' is not NAME=VALUE")
        try:
            params[name] = json.loads(text)
        except (json.JSONDecodeError, RecursionError, ValueError):
            params[name] = text
        try:
            _value_type(params[name])
        except _MixedTypes as exc:
            raise click.BadParameter(f"'{value}': the list {exc} mixes types; a list must hold "
                                     "values of one type (all numbers, all strings...)") from None
        if "\\ud" in text.lower() and any(0xD800 <= ord(c) <= 0xDFFF for c in json.dumps(params[name], ensure_ascii=False)):
            raise click.BadParameter(f"'{value}': a lone surrogate (\\ud800-\\udfff) cannot be passed; "
                                     "write the character itself")
    return params


@click.command()
@click.argument("cypher")
@click.option("--param", "params", multiple=True, callback=parse_params, metavar="NAME=VALUE",
              help="A query parameter ($NAME); VALUE is JSON if it parses, else a string.")
@click.option("--write", is_flag=True, help="Allow the query to change the database.")
@wait_option
@format_option
@pass_store
def query(store, cypher, params, write, wait, fmt):
    """Run a Cypher query (read-only unless --write) and print the rows.

    Without --write nothing on disk changes: statements that write files or database state
    (COPY ... TO, EXPORT DATABASE, CHECKPOINT, ...) are refused.

    \b
    Example:
      sahelgraph query "MATCH (a:Actor)-[r:EXPELS]->(b:Actor) RETURN a.name, b.name, r.first_date"
      sahelgraph query "MATCH (e:Evidence {predicate: 'expels'}) RETURN e.subject, e.date, e.quote"
      sahelgraph query "MATCH (a:Actor {id: \\$id}) RETURN a.name" --param id=minusma
    """
    if write:
        with _writing(store, wait):
            result = store.query(cypher, params, write=True)
    else:
        result = store.query(cypher, params)
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
    for command in (validate, load, stats, actors, merge_actors, show, query, predicates):
        group.add_command(command)
