"""Printing results: one function for every command, in table, CSV or JSON.

Rows are dicts of plain values: an actor is ``{"id": ..., "name": ...}`` (see
:func:`actor_ref`), booleans are booleans, signs are numbers. JSON prints them as they are
(the shapes are in docs/json.md); CSV flattens an actor into two columns (``subject_id``,
``subject``); a table shows names, ``yes``/``no``, and fits the terminal: long cells are
cut with ``…`` and the text columns (quotes, descriptions) wrap, unless ``--wide``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap

import click

from sahelgraph.cli.terminal import printable
from sahelgraph.evidence_list import plain_or_text

FORMATS = ("table", "csv", "json")

# columns whose text wraps onto more lines when the table is too wide (others are cut)
WRAPPED = {"quote", "description", "relations", "aliases", "note", "evidence", "sources"}
MIN_WIDTH = 6


def _remember_wide(ctx: click.Context, param, value) -> None:
    if value:
        ctx.meta["sahelgraph.wide"] = True


def format_option(command):
    """``--format table|csv|json`` (the command receives ``fmt``) and ``--wide`` (tables
    are not fitted to the terminal)."""
    command = click.option("--wide", is_flag=True, expose_value=False, callback=_remember_wide,
                           help="Tables: print every cell whole instead of fitting the terminal.")(command)
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="How to print the results (JSON shapes: docs/json.md).",
    )(command)


def actor_ref(G, node) -> dict:
    """An actor as every JSON output shows it: ``{"id": ..., "name": ...}``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("mali", name="Mali")
    >>> actor_ref(G, "mali")
    {'id': 'mali', 'name': 'Mali'}
    """
    name = G.nodes[node].get("name") if node in G else None
    return {"id": node, "name": name or str(node)}


def through_ref(G, actor, evidence: dict, outgoing: bool) -> dict | None:
    """The part of ``actor`` a piece of evidence names, as ``{"id", "name"}`` (None when it
    names ``actor`` itself), on a graph rolled up into ``actor``: ``through`` on the subject's
    side when ``outgoing``, ``through_object`` otherwise.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("mali", name="Mali", part_names={"junta": "Malian junta"})
    >>> through_ref(G, "mali", {"through": "junta"}, outgoing=True)
    {'id': 'junta', 'name': 'Malian junta'}
    """
    part = evidence.get("through" if outgoing else "through_object")
    if not part:
        return None
    return {"id": part, "name": (G.nodes[actor].get("part_names") or {}).get(part, part)}


def _is_actor(value) -> bool:
    return isinstance(value, dict) and set(value) == {"id", "name"}


def _is_relation(value) -> bool:
    return isinstance(value, dict) and {"subject", "predicate", "object"} <= set(value)


def display(value, digits: int = 6) -> str:
    """A value as a table or CSV cell shows it.

    >>> display({"id": "mali", "name": "Mali"}), display(True), display(0.5), display(None)
    ('Mali', 'yes', '0.5', '')
    >>> display({"subject": {"id": "a", "name": "A"}, "predicate": "supports",
    ...          "object": {"id": "b", "name": "B"}, "evidence": 2})
    'A supports B (2)'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    if _is_actor(value):
        return str(value["name"])
    if _is_relation(value):
        count = f" ({value['evidence']})" if value.get("evidence") is not None else ""
        return f"{display(value['subject'])} {value['predicate']} {display(value['object'])}{count}"
    if isinstance(value, (list, tuple)):
        return "; ".join(display(v, digits) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=plain_or_text)
    return str(value)


def terminal_width() -> int:
    """The terminal's width: $COLUMNS, else the terminal on stdout, stderr or stdin, else 100."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for fd in (1, 2, 0):
        try:
            return os.get_terminal_size(fd).columns
        except OSError:
            continue
    return 100


def _wide() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("sahelgraph.wide"))


def _fit(widths: list[int], columns: list[str], width: int, numeric: list[int]) -> list[int]:
    """Column widths that fit ``width`` characters: the text columns (which wrap) give way
    first, down to a readable 30 then 24 characters, then the widest of the others (cut with …;
    numbers are never cut, only their headers), then the text columns again."""
    natural, widths = widths, list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - width

    def shrink(candidates: list[int], floor) -> None:
        nonlocal excess
        while excess > 0:
            room = [i for i in candidates if widths[i] > floor(i)]
            if not room:
                return
            i = max(room, key=lambda j: (widths[j], j))
            widths[i] -= 1
            excess -= 1

    text = [i for i, c in enumerate(columns) if c in WRAPPED]
    others = [i for i, c in enumerate(columns) if c not in WRAPPED]
    shrink(text, lambda i: 30)
    shrink(others, lambda i: max(MIN_WIDTH, numeric[i] or min(natural[i], 14)))
    shrink(text, lambda i: 24)
    shrink(others, lambda i: max(MIN_WIDTH, numeric[i] or min(natural[i], 10)))
    shrink(text, lambda i: MIN_WIDTH)
    shrink(others, lambda i: max(MIN_WIDTH, numeric[i]))
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def table(rows: list[dict], columns: list[str], *, width: int | None = None) -> str:
    """Rows as an aligned text table no wider than ``width`` (None: as wide as it takes).

    >>> print(table([{"id": "mali", "quote": "Mali asks MINUSMA to leave without delay"}],
    ...             ["id", "quote"], width=30))
    id    quote
    ----  ------------------------
    mali  Mali asks MINUSMA to
          leave without delay
    """
    cells = [[display(r.get(c), 3).replace("\n", " ") for c in columns] for r in rows]
    natural = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [max((len(row[i]) for row in cells), default=0)
               if all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) else 0
               for i, c in enumerate(columns)]
    widths = natural if width is None else _fit(natural, columns, width, numeric)
    head = ["  ".join(_cut(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip(),
            "  ".join("-" * w for w in widths)]
    lines = []
    for row in cells:
        parts = []
        for text, w, column in zip(row, widths, columns):
            if len(text) > w and column in WRAPPED and w >= MIN_WIDTH:
                parts.append(textwrap.wrap(text, w, break_long_words=True) or [""])
            else:
                parts.append([_cut(text, w)])
        for k in range(max(len(p) for p in parts)):
            lines.append("  ".join((p[k] if k < len(p) else "").ljust(w)
                                   for p, w in zip(parts, widths)).rstrip())
    return "\n".join(head + lines)


def _csv_columns(rows: list[dict], columns: list[str]) -> list[tuple[str, str, str | None]]:
    """(header, column, part): an actor column becomes ``<column>_id`` and ``<column>``."""
    out = []
    for column in columns:
        if any(_is_actor(r.get(column)) for r in rows):
            out += [(f"{column}_id", column, "id"), (column, column, "name")]
        else:
            out.append((column, column, None))
    return out


def render(rows: list[dict], columns: list[str], fmt: str, *, width: int | None = None) -> str:
    """Rows (dicts) as a table, CSV or JSON text.

    >>> print(render([{"id": "mali", "degree": 3}], ["id", "degree"], "table"))
    id    degree
    ----  ------
    mali  3
    >>> print(render([{"subject": {"id": "mali", "name": "Mali"}, "hops": 1}], ["subject", "hops"], "csv"))
    subject_id,subject,hops
    mali,Mali,1
    """
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows],
                          ensure_ascii=False, indent=2, default=plain_or_text)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        spec = _csv_columns(rows, columns)
        writer.writerow([header for header, _, _ in spec])
        for r in rows:
            writer.writerow([display((r.get(column) or {}).get(part) if part and _is_actor(r.get(column))
                                     else r.get(column)) for _, column, part in spec])
        return buffer.getvalue().rstrip("\n")
    return table([{c: _shown(r.get(c)) for c in columns} for r in rows], columns, width=width)


def _shown(value):
    """A cell as a terminal may show it: control characters from the data made visible."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def table_width() -> int | None:
    """How wide a table may be: the terminal's width, or None (no limit) with ``--wide``."""
    return None if _wide() else terminal_width()


def echo_wrapped(text: str, indent: str = "") -> None:
    """Print a line of prose wrapped to the table width (whole with ``--wide``)."""
    width, text = table_width(), printable(text) if text else text
    click.echo("\n".join(textwrap.wrap(text, width, subsequent_indent=indent)) if width and text else text)


def emit(rows: list[dict], columns: list[str], fmt: str) -> None:
    """Print rows; a table fits the terminal unless ``--wide``."""
    click.echo(render(rows, columns, fmt, width=table_width()))


def emit_object(record: dict, fmt: str) -> None:
    """Print one record: a JSON object, a CSV header and row, or a two-column table.

    Used where a command answers with one thing (``stats``, ``load``)."""
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2, default=plain_or_text))
    elif fmt == "csv":
        emit([record], list(record), "csv")
    else:
        emit([{"item": k.replace("_", " "), "value": v} for k, v in record.items()], ["item", "value"], fmt)
