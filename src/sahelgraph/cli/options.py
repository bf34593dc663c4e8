"""Option bundles shared by commands, as decorators."""

from __future__ import annotations

import difflib
import functools

import click

from sahelgraph.model import MODALITIES
from sahelgraph.ontology import package_ontology

POLARITIES = {"hostile": -1, "structural": 0, "cooperative": 1, "-1": -1, "0": 0, "1": 1, "+1": 1}


def _spelling(value: str) -> str:
    """A predicate or kind as the data files accept it: ``EXPELS``, ``demands withdrawal of``."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def _check_names(option: str, values, known, what: str) -> list[str]:
    """The values in their canonical spelling; a usage error (exit 2) with a did-you-mean
    for one that names nothing."""
    checked = []
    for value in values:
        name = _spelling(value)
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"known {what}: {', '.join(sorted(known))}"
            raise ArgumentProblem(f"{option} {value}: unknown {what[:-1] if what.endswith('s') else what} "
                                  f"'{value}' ({hint})")
        checked.append(name)
    return checked


def filter_options(command):
    """Add the graph filters (predicate, polarity, kind, dates, confidence, evidence,
    modality, place) to a command; it receives them as one ``filters`` dict for
    ``store.graph(**filters)``. Predicate and kind names are checked against the store
    (any spelling the data files accept; a name that matches nothing is a usage error with
    a did-you-mean), ``--where`` resolves like an actor name."""

    @click.option("--predicate", "predicates", multiple=True, metavar="NAME",
                  help="Only relations with this predicate (repeatable; 'EXPELS' and "
                       "'demands withdrawal of' are accepted).")
    @click.option("--polarity", "polarity", multiple=True,
                  type=click.Choice(list(POLARITIES), case_sensitive=False),
                  help="Only relations of this polarity (repeatable).")
    @click.option("--kind", "kinds", multiple=True, metavar="KIND",
                  help="Only actors of this kind (repeatable), e.g. state, person, armed_group.")
    @click.option("--modality", "modalities", multiple=True,
                  type=click.Choice(list(MODALITIES), case_sensitive=False),
                  help="Only evidence of this modality (repeatable). Allies, adversaries, balance "
                       "and centrality count asserted and alleged evidence unless told otherwise.")
    @click.option("--where", metavar="PLACE",
                  help="Only evidence located at PLACE or within it (a place actor: Moura, Gao).")
    @click.option("--since", metavar="DATE", help="Only evidence dated on or after DATE (2022, 2022-08, 2022-08-15).")
    @click.option("--until", metavar="DATE", help="Only evidence dated on or before DATE.")
    @click.option("--as-of", "as_of", metavar="DATE",
                  help="What the sources published by DATE knew (by each source's publication date).")
    @click.option("--include-undated", is_flag=True,
                  help="With --since/--until/--as-of, keep evidence that has no date "
                       "(left out otherwise, and counted on stderr).")
    @click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
                  help="Only evidence with confidence >= X (0 to 1).")
    @click.option("--min-evidence", type=click.IntRange(min=1), metavar="N",
                  help="Only relations with >= N pieces of evidence.")
    @functools.wraps(command)
    def wrapper(*args, predicates, polarity, kinds, modalities, where, since, until, as_of,
                include_undated, min_confidence, min_evidence, **kwargs):
        check_filter_dates({"since": since, "until": until, "as_of": as_of})
        ctx = click.get_current_context()
        if predicates or kinds or where:
            store = ctx.obj.store(ctx)
            if predicates:
                predicates = _check_names("--predicate", predicates, set(store.predicates()), "predicates")
            if kinds:
                known = {a.kind for a in store.actors().values()} | set(package_ontology().kinds)
                kinds = _check_names("--kind", kinds, known, "kinds")
            if where:
                (where,) = resolve_names(store, [where])
        filters = {
            "predicates": list(predicates) or None,
            "polarity": sorted({POLARITIES[p.lower()] for p in polarity}) or None,
            "kinds": list(kinds) or None,
            "modalities": sorted({m.lower() for m in modalities}) or None,
            "where": where,
            "since": since, "until": until, "as_of": as_of,
            "include_undated": include_undated or None,
            "min_confidence": min_confidence, "min_evidence": min_evidence,
        }
        kwargs["filters"] = {k: v for k, v in filters.items() if v is not None}
        return command(*args, **kwargs)

    return wrapper


def roll_up_option(default: bool):
    """``--roll-up/--no-roll-up``: attribute the acts of an actor's government, ministries,
    forces and officials to the actor (see :mod:`sahelgraph.analysis.rollup`)."""
    return click.option(
        "--roll-up/--no-roll-up", "roll_up", default=default, show_default=True,
        help="Attribute what an actor's government, ministries, forces and officials did to the "
             "actor (each relation says through whom).")


def rolled_up(store, G, into=None):
    """``G`` rolled up (into the actors ``into``, or everyone into their principals) along
    the store's whole structure of who acts for whom, whatever ``G`` was filtered by."""
    from sahelgraph.analysis.rollup import acts_for_predicates, roll_up

    structural = sorted(acts_for_predicates(G))
    if not structural:
        hierarchy = G
    elif into is not None:  # the chains up to these actors lie among them and their parts
        members = set(into).union(*(store.parts_of(a) for a in into))
        hierarchy = store.subgraph(members, depth=0, induced=True, predicates=structural)
    else:
        hierarchy = store.graph(predicates=structural)
    return roll_up(G, actors=into, hierarchy=hierarchy)


def report_left_out(G) -> None:
    """Say on stderr how many relations a date window left out for having no date."""
    left_out = G.graph.get("left_out_undated")
    if left_out:
        click.echo(f"note: {left_out} relation(s) left out for having no date "
                   "(--include-undated keeps them)", err=True)


# commands that work on a store that does not exist yet (they create it, or need none)
MAY_CREATE_STORE = {"load", "validate", "demo", "predicates"}

DATE_FILTERS = ("since", "until", "as_of")


class ArgumentProblem(click.UsageError):
    """A value typed on the command line names nothing (an unknown actor, a bad date):
    a usage error (exit 2), printed as one line ``error: message (hint)``."""

    def show(self, file=None) -> None:
        from sahelgraph.cli.terminal import printable

        click.echo(f"error: {printable(self.format_message(), newlines=True)}", err=True, file=file)


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
