"""Printing results: one function for every command, in table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import click

FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="How to print the results.",
)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def render(rows: list[dict], columns: list[str], fmt: str) -> str:
    """Rows (dicts) as a table, CSV or JSON text.

    >>> print(render([{"id": "mali", "degree": 3}], ["id", "degree"], "table"))
    id    degree
    ----  ------
    mali  3
    """
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows],
                          ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(r.get(c)) for c in columns] for r in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def emit(rows: list[dict], columns: list[str], fmt: str) -> None:
    click.echo(render(rows, columns, fmt))
