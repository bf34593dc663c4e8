"""Option bundles shared by commands, as decorators."""

from __future__ import annotations

import functools

import click

POLARITIES = {"hostile": -1, "structural": 0, "cooperative": 1, "-1": -1, "0": 0, "1": 1, "+1": 1}


def filter_options(command):
    """Add the graph filters (predicate, polarity, kind, dates, confidence, evidence) to a
    command; it receives them as one ``filters`` dict for ``store.graph(**filters)``."""

    @click.option("--predicate", "predicates", multiple=True, metavar="NAME",
                  help="Only relations with this predicate (repeatable).")
    @click.option("--polarity", "polarity", multiple=True,
                  type=click.Choice(list(POLARITIES)),
                  help="Only relations of this polarity (repeatable).")
    @click.option("--kind", "kinds", multiple=True, metavar="KIND",
                  help="Only actors of this kind (repeatable).")
    @click.option("--since", metavar="DATE", help="Only evidence dated on or after DATE (2022, 2022-08, 2022-08-15).")
    @click.option("--until", metavar="DATE", help="Only evidence dated on or before DATE.")
    @click.option("--as-of", "as_of", metavar="DATE", help="The graph as known on DATE.")
    @click.option("--min-confidence", type=float, metavar="X", help="Only evidence with confidence >= X.")
    @click.option("--min-evidence", type=int, metavar="N", help="Only relations with >= N pieces of evidence.")
    @functools.wraps(command)
    def wrapper(*args, predicates, polarity, kinds, since, until, as_of, min_confidence,
                min_evidence, **kwargs):
        filters = {
            "predicates": list(predicates) or None,
            "polarity": sorted({POLARITIES[p] for p in polarity}) or None,
            "kinds": list(kinds) or None,
            "since": since, "until": until, "as_of": as_of,
            "min_confidence": min_confidence, "min_evidence": min_evidence,
        }
        kwargs["filters"] = {k: v for k, v in filters.items() if v is not None}
        return command(*args, **kwargs)

    return wrapper


def pass_store(command):
    """Give a command the store named by the global options (opened once, closed on exit)."""

    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx, *args, **kwargs):
        return ctx.invoke(command, ctx.obj.store(ctx), *args, **kwargs)

    return wrapper
