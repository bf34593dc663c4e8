"""The demo: load the Sahel dataset and show what an analyst wants first."""

from __future__ import annotations

import os
from pathlib import Path

import click

from sahelgraph.cli.explain import explain_path
from sahelgraph.cli.output import emit, terminal_width

DEMO_DB = os.path.join(".sahelgraph", "demo.lbdb")
"""The demo's own store: the user's default store (or SAHELGRAPH_DB, NEO4J_URI) is left alone."""


@click.command()
@click.argument("dataset", default="graph", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", default="sahel-graph.html", show_default=True, type=click.Path(path_type=Path),
              help="Where to write the interactive page.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many actors to list.")
@click.option("--from", "source", default="United States", show_default=True, metavar="ACTOR",
              help="Start of the path to explain.")
@click.option("--to", "target", default="junta", show_default=True, metavar="ACTOR",
              help="End of the path to explain.")
@click.pass_context
def demo(ctx, dataset, output, top, source, target):
    """Load DATASET (default graph/) into a store of its own (.sahelgraph/demo.lbdb, not
    your default store; --db or --neo4j on the command line choose another), then print the most central actors by
    PageRank and betweenness, explain one path hop by hop with its evidence, and write the
    interactive page.

    Loading merges: running the demo twice changes nothing.

    \b
    Example:
      sahelgraph demo
      sahelgraph demo --from Wagner --to MINUSMA -o wagner.html
    """
    from sahelgraph.analysis import centrality, shortest_paths
    from sahelgraph.readers import read_triples
    from sahelgraph.resolve import ActorIndex
    from sahelgraph.viz import render_html
    from sahelgraph.viz.sizing import acting as acting_actors

    config = ctx.find_root().obj
    if "command line" not in (config.sources.get("db"), config.sources.get("neo4j_uri")):
        config.db, config.neo4j_uri, config.sources = DEMO_DB, None, {"db": "command line"}
    store = config.store(ctx)
    where = config.neo4j_uri or config.db
    report = store.load(read_triples(dataset, known=store.read()))
    click.echo(f"The demo's store is {where} (your own store is not touched).")
    click.echo(f"Loaded {dataset}: {report.rows_read} rows read, {report.loaded} loaded, "
               f"{report.duplicates} duplicates merged, {len(report.rejected)} rejected; the store "
               f"holds {report.actors} actors, {report.relations} relations, {report.sources} sources.")

    G = store.graph()
    # ranked among the actors that act, as the page sizes them: an agreement or a region
    # many parties point at is where or what things happen, not who does them
    acting = G.subgraph(acting_actors(G))
    scores = centrality(acting, ["pagerank", "betweenness"])
    by_pagerank = sorted(acting, key=lambda n: -scores["pagerank"][n])[:top]
    by_betweenness = sorted(acting, key=lambda n: -scores["betweenness"][n])[:top]
    click.echo(f"\nTop {top} actors by PageRank (influence) and by betweenness (brokerage);\n"
               "places and agreements are not ranked:\n")
    emit([{"rank": i + 1,
           "pagerank": f"{G.nodes[p]['name']} ({scores['pagerank'][p]:.3f})",
           "betweenness": f"{G.nodes[b]['name']} ({scores['betweenness'][b]:.3f})"}
          for i, (p, b) in enumerate(zip(by_pagerank, by_betweenness))],
         ["rank", "pagerank", "betweenness"], "table")

    index = ActorIndex(store.actors().values())
    a, b = index.resolve(source), index.resolve(target)
    path = shortest_paths(G, a, b, limit=1)[0]
    click.echo(f"\nHow {G.nodes[a]['name']} is connected to {G.nodes[b]['name']} "
               f"(a shortest path, {path['length']} hops, relations followed either way):\n")
    click.echo("\n".join(explain_path(G, path, width=terminal_width())))

    written = render_html(G, output, title=f"sahelgraph · {dataset.resolve().name}")
    click.echo(f"\nWrote {written} ({G.number_of_nodes()} actors, {G.number_of_edges()} relations): "
               "open it in a browser, it works offline.")
    db = f"--db {where} " if not config.neo4j_uri else ""
    click.echo(f"Next: sahelgraph {db}show Goita · sahelgraph {db}path Wagner MINUSMA · "
               f"sahelgraph {db}centrality --top 5")


def register(group):
    group.add_command(demo)
