"""Commands: centrality, path, ego, communities, allies, adversaries, balance, timeline.

Each one reads the filtered graph from the store, makes one call to
:mod:`sahelgraph.analysis` and prints its rows with ``--format``. Actor names resolve
through ids, names and aliases (``path US Goita``).
"""

from __future__ import annotations

import click

from sahelgraph import analysis
from sahelgraph.cli.explain import explain_path, path_record
from sahelgraph.cli.options import (ArgumentProblem, filter_options, pass_store, report_left_out,
                                    resolve_names, roll_up_option, rolled_up)
from sahelgraph.cli.output import actor_ref, echo_wrapped, emit, format_option, table_width, through_ref
from sahelgraph.filters import ACTUAL_MODALITIES
from sahelgraph.errors import NotFoundError, SahelGraphError
from sahelgraph.evidence_list import plain_or_text

DEFAULT_PATH_LIMIT = 20
"""Paths printed when --limit is not given; the command says when there are more."""

MEASURE_NAMES = list(analysis.MEASURES)

directed_option = click.option(
    "--directed/--undirected", default=True, show_default=True,
    help="Follow relations from subject to object only, or either way.",
)
weighted_option = click.option(
    "--weighted/--unweighted", default=False, show_default=True,
    help="Count ties by their evidence (more evidence = stronger, shorter tie).",
)


def _resolve(store, names: list[str]) -> list[str]:
    """Actor ids for names as an analyst types them (id, name or alias), looked up among
    all the actors of the store whatever the filters."""
    return resolve_names(store, names)


def _graph(store, filters: dict, roll_up: bool = False, into=None):
    """The filtered graph (rolled up into ``into``, or every actor into its principals),
    saying on stderr what a date window left out."""
    G = store.graph(**filters)
    report_left_out(G)
    return rolled_up(store, G, into) if roll_up else G


def _graph_and_actor(store, name: str, filters: dict, roll_up: bool = False, *, depth: int = 1,
                     induced: bool = False, evidence: bool = True, attributes: bool = True):
    """The filtered part of the graph around the actor ``name`` (``store.subgraph``: its
    relations, out to ``depth`` hops) and the actor's id; with ``roll_up``, the part around
    the actor and everything that acts for it, the actor having absorbed the acts of its
    government, ministries, forces and officials."""
    (actor,) = _resolve(store, [name])
    members = [actor, *sorted(store.parts_of(actor))] if roll_up else [actor]
    # rolling up merges relations, evidence and all
    G = store.subgraph(members, depth=depth, induced=induced, evidence=evidence or roll_up,
                       attributes=attributes or roll_up, **filters)
    report_left_out(G)
    if roll_up:
        G = rolled_up(store, G, into=[actor])
    _require(G, actor, name, filters)
    return G, actor


def _actual(filters: dict) -> dict:
    """Sides and centrality count what happened or is alleged to have happened: an
    intention to cooperate is not cooperation (``--modality`` overrides)."""
    return filters if "modalities" in filters else {**filters, "modalities": list(ACTUAL_MODALITIES)}


def _require(G, actor: str, name: str, filters: dict) -> None:
    if actor not in G:
        raise NotFoundError(f"actor '{name}' ({actor}) is not in the graph under these filters "
                            f"({', '.join(f'{k}={v}' for k, v in filters.items())})")


def _name(G, node) -> str:
    return G.nodes[node].get("name") or str(node) if node in G else str(node)


# -- centrality ----------------------------------------------------------------------------

@click.command()
@click.option("--measure", "-m", "measures", multiple=True, type=click.Choice(MEASURE_NAMES),
              help="Measure to compute (repeatable). Default: all (in/out degree when directed).")
@weighted_option
@directed_option
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N highest actors.")
@click.option("--sort", "sort_by", type=click.Choice(MEASURE_NAMES), metavar="MEASURE",
              help="Rank by this measure (default: the first one shown).")
@click.option("--engine", type=click.Choice(["networkx", "gds"]), default="networkx", show_default=True,
              help="networkx: computed here (heavy measures on rustworkx); gds: inside Neo4j (GDS plugin).")
@roll_up_option(False)
@filter_options
@format_option
@pass_store
def centrality(store, measures, weighted, directed, top, sort_by, engine, roll_up, filters, fmt):
    """Who is central, by every measure: degree (in/out/total), betweenness, closeness,
    eigenvector, PageRank, in one table.

    Measures run on the simple graph of actor ties: one tie per pair of actors, weighted
    by the sum of the evidence counts of the relations between them (--weighted).
    Weighted betweenness and closeness treat a tie of weight w as 1/w long. Only asserted
    and alleged evidence counts unless --modality says otherwise; --roll-up measures
    states and organisations with their governments, forces and officials folded in.

    \b
    Examples:
      sahelgraph centrality --top 10
      sahelgraph centrality --roll-up --top 5
      sahelgraph centrality -m betweenness -m pagerank --weighted --undirected
      sahelgraph centrality --since 2022 --polarity hostile --format csv
    """
    explicit = bool(measures)
    if not measures:
        measures = (["degree", "in_degree", "out_degree"] if directed else ["degree"]) + \
                   ["betweenness", "closeness", "eigenvector", "pagerank"]
    measures = list(dict.fromkeys(measures))
    if sort_by is not None and sort_by not in measures:
        raise click.UsageError(f"--sort {sort_by}: not among the measures shown ({', '.join(measures)})")
    sort_by = sort_by or measures[0]
    filters = _actual(filters)
    if engine == "gds":
        if roll_up:
            raise click.UsageError("--roll-up is computed here: use it with --engine networkx")
        G = None
        found = store.gds_centrality(measures, weighted=weighted, directed=directed, **filters)
        scores = {m: found.get(m, {}) for m in measures}
        known = store.actors()  # names and kinds, without reading the relations
    else:
        G = _graph(store, filters, roll_up)
        H = analysis.simple_graph(G, weighted=weighted, directed=directed)  # collapsed once
        scores = {}
        for measure in measures:
            try:
                scores.update(analysis.centrality(H, [measure], weighted=weighted, directed=directed))
            except SahelGraphError as exc:
                if explicit or measure != "eigenvector":
                    raise
                click.echo(f"warning: {exc}; eigenvector left empty", err=True)
                scores[measure] = {}
    actors = set().union(*(s.keys() for s in scores.values())) if G is None else list(G)
    rows = [
        {"id": a, "name": (G.nodes[a].get("name") or a) if G is not None else getattr(known.get(a), "name", a),
         "kind": G.nodes[a].get("kind") if G is not None else getattr(known.get(a), "kind", None),
         **{m: scores[m].get(a) for m in measures}}
        for a in actors
    ]
    rows.sort(key=lambda r: (-(r[sort_by] if r[sort_by] is not None else float("-inf")),
                             str(r["name"] or r["id"])))
    # a table names the actors; CSV and JSON give their ids too
    emit(rows[:top], (["id"] if fmt != "table" else []) + ["name", "kind", *measures], fmt)


# -- paths ---------------------------------------------------------------------------------

def _hop_rows(G, paths: list[dict]) -> list[dict]:
    """One row per relation of each hop, for CSV."""
    return [{"path": record["path"], "hop": hop["hop"], "from": hop["from"], "to": hop["to"], **rel}
            for record in (path_record(G, p, n) for n, p in enumerate(paths, 1))
            for hop in record["hops"] for rel in hop["relations"]]


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--all", "all_simple", is_flag=True,
              help="All simple paths up to --max-hops (default 3), not only the shortest.")
@click.option("--max-hops", type=click.IntRange(min=1), metavar="N",
              help="Longest path to consider (with --all: default 3).")
@click.option("--directed/--undirected", default=False, show_default=True,
              help="Follow relations from subject to object only, or either way.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N paths.")
@roll_up_option(False)
@filter_options
@format_option
@pass_store
def path(store, source, target, all_simple, max_hops, directed, limit, roll_up, filters, fmt):
    """How SOURCE and TARGET are connected: the shortest path(s), each hop with the
    relation behind it (predicate, its stored direction, date, source, quote).

    By default relations are followed either way; a hop that walks a relation against
    its stored direction says "backward". Names resolve through aliases. At most 20
    paths are printed unless --limit says otherwise (the command says when it cut).

    \b
    Examples:
      sahelgraph path US Goita
      sahelgraph path Wagner MINUSMA --all --max-hops 4
      sahelgraph path Mali "United Nations" --directed --as-of 2022-12
    """
    a, b = _resolve(store, [source, target])
    if a == b:
        raise ArgumentProblem(f"'{source}' and '{target}' are the same actor ({a}): a path needs two actors")
    if all_simple and max_hops is None:
        max_hops = 3
    wanted = limit or DEFAULT_PATH_LIMIT
    if roll_up:
        G = _graph(store, filters, roll_up=True, into=[a, b])
    else:
        G = store.path_graph(a, b, max_hops=max_hops, all_paths=all_simple, directed=directed, **filters)
        report_left_out(G)
    _require(G, a, source, filters)
    _require(G, b, target, filters)
    search = analysis.all_paths if all_simple else analysis.shortest_paths
    try:  # one path more than shown says whether there are more
        paths = search(G, a, b, max_hops=max_hops, directed=directed, limit=wanted + 1)
    except analysis.PathSearchStopped as exc:  # a search that ran too long: what it found
        if not exc.paths:
            raise
        click.echo(f"warning: {exc}", err=True)
        paths = exc.paths
    cut = len(paths) > wanted
    paths = paths[:wanted]
    kind = "simple" if all_simple else "shortest"
    summary = (f"{len(paths)}{'+' if cut else ''} {kind} path{'s' if len(paths) != 1 or cut else ''} "
               f"between {_name(G, a)} and {_name(G, b)}"
               + (f" up to {max_hops} hops" if all_simple else f", {paths[0]['length']} hops" if paths else "")
               + (", following relations from subject to object" if directed
                  else ", relations followed either way"))
    if cut:
        click.echo(f"note: showing the first {wanted} paths; there are more (--limit N shows N)", err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps([path_record(G, p, n) for n, p in enumerate(paths, 1)],
                              ensure_ascii=False, indent=2, default=plain_or_text))
    elif fmt == "csv":
        emit(_hop_rows(G, paths), ["path", "hop", "from", "to", "subject", "predicate", "object",
                                   "direction", "modality", "date", "source", "quote", "evidence"], fmt)
    else:
        echo_wrapped(summary + ":")
        width = table_width()
        for number, found in enumerate(paths, 1):
            click.echo(f"\nPath {number}:" if len(paths) > 1 else "")
            click.echo("\n".join(explain_path(G, found, width=width, every_relation=True)))


@click.command()
@click.argument("actor")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
              help="How many hops out.")
@click.option("--directed/--undirected", default=False, show_default=True,
              help="Only the actors ACTOR reaches following relations from subject to object.")
@click.option("--relations", "show_relations", is_flag=True,
              help="List the relations among them instead of the actors.")
@roll_up_option(False)
@filter_options
@format_option
@pass_store
def ego(store, actor, depth, directed, show_relations, roll_up, filters, fmt):
    """ACTOR's neighbourhood: the actors within --depth hops (with their distance), or
    the relations among them (--relations).

    \b
    Examples:
      sahelgraph ego Wagner
      sahelgraph ego junta --depth 2 --relations --format csv
    """
    # the relations' counts, dates and sources are enough to list them; who is tied to whom, to
    # list the actors
    G, a = _graph_and_actor(store, actor, filters, roll_up, depth=depth, induced=True,
                            evidence=False, attributes=show_relations)
    if not show_relations:
        rows = [{"id": n, "name": G.nodes[n].get("name") or n, "kind": G.nodes[n].get("kind"), "hops": hops,
                 "relations": degree}
                for n, (hops, degree) in analysis.ego_members(G, a, depth=depth, directed=directed).items()]
        rows.sort(key=lambda r: (r["hops"], -r["relations"], str(r["name"])))
        emit(rows, ["id", "name", "kind", "hops", "relations"], fmt)
        return
    E = analysis.ego_network(G, a, depth=depth, directed=directed)
    rows = [{"subject": actor_ref(E, u), "predicate": d.get("predicate", k), "object": actor_ref(E, v),
             "polarity": d.get("polarity"), "evidence": d.get("weight"),
             "first_date": d.get("first_date"), "last_date": d.get("last_date"),
             "sources": d.get("sources")}
            for u, v, k, d in sorted(E.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))]
    emit(rows, ["subject", "predicate", "object", "polarity", "evidence", "first_date", "last_date",
                "sources"], fmt)


# -- blocs and sides -----------------------------------------------------------------------

@click.command()
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of Louvain's random order.")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Above 1: smaller communities; below 1: larger.")
@weighted_option
@roll_up_option(False)
@filter_options
@format_option
@pass_store
def communities(store, seed, resolution, weighted, roll_up, filters, fmt):
    """Blocs: communities of actors more tied to each other than to the rest (Louvain,
    reproducible with --seed). Ties only, not their polarity: add --polarity cooperative
    for blocs of allies.

    \b
    Examples:
      sahelgraph communities
      sahelgraph communities --polarity cooperative --resolution 1.5 --seed 7
    """
    G = _graph(store, filters, roll_up)
    found = analysis.communities(G, weighted=weighted, resolution=resolution, seed=seed)
    rows = [{"community": i, "size": len(members), "id": n, "name": G.nodes[n].get("name") or n,
             "kind": G.nodes[n].get("kind")}
            for i, members in enumerate(found, 1) for n in members]
    emit(rows, ["community", "size", "id", "name", "kind"], fmt)


def _side_command(name: str, function, summary: str, example: str):
    @click.command(name=name, help=f"""{summary}

    From the polarity of ACTOR's relations in either direction: net = cooperative minus
    hostile evidence (an actor with both counts on the side of the larger). Only asserted
    and alleged evidence counts (a stated intention to cooperate is not cooperation) unless
    --modality says otherwise. By default ACTOR includes its government, ministries, forces
    and officials (--no-roll-up: only what names ACTOR itself).

    \b
    Examples:
      {example}
      sahelgraph {name} junta --since 2023 --format json
      sahelgraph {name} junta --modality asserted --modality intended
    """)
    @click.argument("actor")
    @roll_up_option(True)
    @filter_options
    @format_option
    @pass_store
    def command(store, actor, roll_up, filters, fmt):
        G, a = _graph_and_actor(store, actor, _actual(filters), roll_up)
        rows = [{"id": t["actor"], "name": t.get("name") or t["actor"], "kind": t.get("kind"),
                 "net": t["net"], "cooperative": t["cooperative"], "hostile": t["hostile"],
                 "relations": [{"subject": actor_ref(G, r["subject"]), "predicate": r["predicate"],
                                "object": actor_ref(G, r["object"]), "polarity": r["polarity"],
                                "evidence": r["weight"]} for r in t["relations"]]}
                for t in function(G, a)]
        emit(rows, ["id", "name", "kind", "net", "cooperative", "hostile", "relations"], fmt)

    return command


allies = _side_command("allies", analysis.allies,
                       "ACTOR's allies: actors with more cooperative than hostile evidence.",
                       "sahelgraph allies Wagner")
adversaries = _side_command("adversaries", analysis.adversaries,
                            "ACTOR's adversaries: actors with more hostile than cooperative evidence.",
                            "sahelgraph adversaries Mali")


@click.command()
@click.option("--unbalanced", "only_unbalanced", is_flag=True, help="Only the unbalanced triads.")
@roll_up_option(False)
@filter_options
@format_option
@pass_store
def balance(store, only_unbalanced, roll_up, filters, fmt):
    """Structural balance: every triangle of actors whose three pairs have a net polarity
    (cooperative minus hostile evidence), balanced when the product of the three signs is
    positive ("the enemy of my enemy is my friend"). Counts go to stderr. Only asserted
    and alleged evidence counts unless --modality says otherwise.

    \b
    Examples:
      sahelgraph balance
      sahelgraph balance --unbalanced --since 2022 --format csv
    """
    G = _graph(store, _actual(filters), roll_up)
    result = analysis.balance(G)
    rows = [{"a": actor_ref(G, t["actors"][0]), "b": actor_ref(G, t["actors"][1]),
             "c": actor_ref(G, t["actors"][2]),
             "ab": t["signs"][0], "ac": t["signs"][1], "bc": t["signs"][2], "balanced": bool(t["balanced"])}
            for t in result["triads"] if not (only_unbalanced and t["balanced"])]
    if fmt == "table":
        rows = [{**r, **{k: "+" if r[k] > 0 else "-" for k in ("ab", "ac", "bc")}} for r in rows]
    total = result["balanced"] + result["unbalanced"]
    click.echo(f"{total} signed triads: {result['balanced']} balanced, {result['unbalanced']} unbalanced",
               err=True)
    emit(rows, ["a", "b", "c", "ab", "ac", "bc", "balanced"], fmt)


@click.command()
@click.argument("actor")
@click.option("--undated", is_flag=True, help="Also list undated evidence, at the end.")
@roll_up_option(True)
@filter_options
@format_option
@pass_store
def timeline(store, actor, undated, roll_up, filters, fmt):
    """ACTOR's dated relations in date order, one row per piece of evidence (a partial
    date such as 2022-08 sorts by its start). By default ACTOR includes what its
    government, ministries, forces and officials did ("through" names them).

    \b
    Examples:
      sahelgraph timeline junta
      sahelgraph timeline Wagner --since 2022 --until 2023-06 --format csv
    """
    G, a = _graph_and_actor(store, actor, filters, roll_up)
    rows = [{**e, "subject": actor_ref(G, e["subject"]), "object": actor_ref(G, e["object"]),
             "through": through_ref(G, a, e, outgoing=e["direction"] == "out"),
             "modality": e.get("modality") or "asserted"}
            for e in analysis.timeline(G, a, undated=undated)]
    columns = ["date", "subject", "predicate", "object", "through", "polarity", "modality", "source", "quote"]
    if fmt == "table" and all(r["modality"] == "asserted" for r in rows):
        columns.remove("modality")
    if fmt == "table":
        columns.remove("polarity")  # the predicate says it; the quote needs the room
        if not any(r["through"] for r in rows):
            columns.remove("through")
    emit(rows, columns, fmt)


COMMANDS = (centrality, path, ego, communities, allies, adversaries, balance, timeline)


def register(group):
    for command in COMMANDS:
        group.add_command(command)
