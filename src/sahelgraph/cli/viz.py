"""Command: viz (an interactive HTML page of the graph)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from sahelgraph.cli.options import (filter_options, pass_store, report_left_out, resolve_names,
                                     roll_up_option, rolled_up)
from sahelgraph.errors import NotFoundError
from sahelgraph.viz import MAX_NODES, MAX_RELATIONS, SIZE_MEASURES, build_page, describe_filters


def dataset_name(ctx: click.Context) -> str:
    """What the page title calls the dataset: the Neo4j database or URI; for the embedded
    store, the project folder when the store is in its default place, else the file's name."""
    config = ctx.find_root().obj
    if getattr(config, "neo4j_uri", None):
        from sahelgraph.cli.neo4j_config import safe_uri

        return config.neo4j_database or safe_uri(config.neo4j_uri)
    db = Path(getattr(config, "db", "") or "sahelgraph")
    if db.parent.name == ".sahelgraph":
        return db.resolve().parent.parent.name or db.stem
    return db.stem


@click.command()
@click.option("-o", "--output", default="sahelgraph.html", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The HTML file to write.")
@click.option("--title", metavar="TEXT", help="Page title (default: sahelgraph and the store's name).")
@click.option("--size-by", type=click.Choice(SIZE_MEASURES), default="degree", show_default=True,
              help="Centrality that sizes the actors.")
@click.option("--focus", metavar="ACTOR", help="Only this actor (id, name or alias) and its neighbourhood.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus.")
@click.option("--path", "path_between", nargs=2, metavar="A B",
              help="Highlight the shortest path between two actors (direction ignored).")
@click.option("--max-nodes", type=click.IntRange(min=0), default=MAX_NODES, show_default=True,
              help="Show at most N actors, the most central by --size-by (0: all).")
@click.option("--max-relations", type=click.IntRange(min=0), default=MAX_RELATIONS, show_default=True,
              help="Draw at most N relations, the strongest: nearest --focus, then most evidence (0: all).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser.")
@roll_up_option(False)
@filter_options
@pass_store
@click.pass_context
def viz(ctx, store, output, title, size_by, focus, depth, path_between, max_nodes, max_relations,
        open_page, roll_up, filters):
    """Write an interactive HTML page of the graph: one file that opens offline.

    Actors are coloured by kind and sized by a centrality, relations coloured by polarity
    (hostile red, cooperative green, structural grey) and labelled with their predicate;
    hovering shows descriptions and evidence, the legend filters by kind and predicate.
    Above 500 actors the layout is computed before the page opens (physics off);
    above --max-nodes only the most central actors are shown, and above --max-relations only
    the strongest relations (a browser draws about 10,000 smoothly); the page says so.

    \b
    Example:
      sahelgraph viz -o sahel.html
      sahelgraph viz --focus Goita --depth 2 --size-by betweenness -o goita.html
      sahelgraph viz --path Wagner MINUSMA --polarity hostile -o path.html
      sahelgraph viz --since 2022 --kind state --kind armed_group --open
      sahelgraph viz --roll-up -o states.html
    """
    # names typed on the command line are checked first: a misspelt one is a usage error
    typed = {}
    if focus is not None:
        (focus_id,) = resolve_names(store, [focus])
        typed[focus_id], focus = focus, focus_id
    if path_between:
        ids = tuple(resolve_names(store, list(path_between)))
        typed.update(zip(ids, path_between))
        path_between = ids
    if focus is not None and path_between is None and not roll_up:
        # only the neighbourhood, and of a hub's only what the page draws
        G = store.subgraph([focus], depth=depth, induced=True, max_relations=max_relations or None, **filters)
    else:
        G = store.graph(**filters)
    report_left_out(G)
    if roll_up:
        G = rolled_up(store, G)
    missing = [n for n in [*([focus] if focus else []), *(path_between or ())] if n not in G]
    if missing and not roll_up:  # (rolled up, an actor may stand for its principal)
        names = ", ".join(f"'{typed.get(n, n)}' ({n})" for n in missing)
        raise NotFoundError(f"actor {names} is not in the graph under these filters "
                            f"({describe_filters(G.graph.get('filters'))})")
    page = build_page(G, title=title or f"sahelgraph · {dataset_name(ctx)}", size_by=size_by,
                      focus=focus, depth=depth, path_between=path_between,
                      max_nodes=max_nodes or None, max_relations=max_relations or None)
    path = page.write(output)
    for note in page.notes:
        click.echo(f"note: {note}", err=True)
    counts = page.counts
    click.echo(f"Wrote {path}: {counts['nodes']:,} of {counts['total_nodes']:,} actors, "
               f"{counts['edges']:,} of {counts['total_edges']:,} relations.")
    if open_page:
        webbrowser.open(path.resolve().as_uri())


def register(group: click.Group) -> None:
    group.add_command(viz)
