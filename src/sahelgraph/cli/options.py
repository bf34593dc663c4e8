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


# commands that work on a store that does not exist yet (they create it, or need none)
MAY_CREATE_STORE = {"load", "validate", "demo", "predicates"}

DATE_FILTERS = ("since", "until", "as_of")


class ArgumentProblem(click.UsageError):
    """A value typed on the command line names nothing (an unknown actor, a bad date):
    a usage error (exit 2), printed as one line ``error: message (hint)``."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def check_filter_dates(filters: dict) -> None:
    """ArgumentProblem for a ``--since/--until/--as-of`` value that is not a date."""
    from sahelgraph import dates

    for name in DATE_FILTERS:
        value = filters.get(name)
        problem = dates.check(value) if isinstance(value, str) else None
        if problem:
            raise ArgumentProblem(f"--{name.replace('_', '-')} {value}: {problem} ({dates.FORMAT_HINT})")


def resolve_names(store, names: list[str]) -> list[str]:
    """Actor ids for names typed on the command line (id, name or alias); an unknown or
    ambiguous name is an ArgumentProblem (exit 2) with the closest names suggested."""
    from sahelgraph.errors import NotFoundError

    try:
        return store.resolve_actors(list(names))
    except NotFoundError as exc:
        raise ArgumentProblem(str(exc)) from None


def pass_store(command):
    """Give a command the store named by the global options (opened once, closed on exit).

    A command that reads (all but :data:`MAY_CREATE_STORE`, and ``query`` without
    ``--write``) refuses a store that does not exist rather than reading it as empty; date
    filters are checked before anything is read."""

    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx, *args, **kwargs):
        check_filter_dates(kwargs.get("filters") or {})
        must_exist = ctx.command.name not in MAY_CREATE_STORE and not kwargs.get("write")
        return ctx.invoke(command, ctx.find_root().obj.store(ctx, must_exist=must_exist), *args, **kwargs)

    return wrapper
