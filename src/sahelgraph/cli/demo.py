"""The demo: load the Sahel dataset and show what an analyst wants first."""

from __future__ import annotations

from pathlib import Path

import click

from sahelgraph.cli.options import pass_store
from sahelgraph.cli.output import emit


def _arrow(G, relation: dict) -> str:
    name = lambda node: G.nodes[node].get("name") or node  # noqa: E731
    head = "–" if relation["symmetric"] else "→"
    return f"{name(relation['subject'])} –{relation['predicate']}{head} {name(relation['object'])}"


def explain_path(G, path: dict) -> list[str]:
    """A path as lines of text: each hop, the relation behind it and its best evidence."""
    lines = []
    for step, hop in enumerate(path["hops"], 1):
        first, *others = hop["relations"]
        more = f"  (+{len(others)} more relation{'s' if len(others) > 1 else ''})" if others else ""
        lines.append(f"  {step}. {_arrow(G, first)}{more}")
        where = ", ".join(x for x in (first["date"] or first["first_date"], first["source"]) if x)
        if first["quote"]:
            lines.append(f"     {where}: “{first['quote']}”")
        elif where:
            lines.append(f"     {where}")
    return lines


@click.command()
@click.argument("dataset", default="graph", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", default="sahel-graph.html", show_default=True, type=click.Path(path_type=Path),
              help="Where to write the interactive page.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="How many actors to list.")
@click.option("--from", "source", default="United States", show_default=True, metavar="ACTOR",
              help="Start of the path to explain.")
@click.option("--to", "target", default="junta", show_default=True, metavar="ACTOR",
              help="End of the path to explain.")
@pass_store
def demo(store, dataset, output, top, source, target):
    """Load DATASET (default graph/) into the store, then print the most central actors by
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

    report = store.load(read_triples(dataset, known=store.read()))
    click.echo(f"Loaded {dataset}: {report.rows_read} rows read, {report.loaded} loaded, "
               f"{report.duplicates} duplicates merged, {len(report.rejected)} rejected; the store "
               f"holds {report.actors} actors, {report.relations} relations, {report.sources} sources.")

    G = store.graph()
    scores = centrality(G, ["pagerank", "betweenness"])
    by_pagerank = sorted(G, key=lambda n: -scores["pagerank"][n])[:top]
    by_betweenness = sorted(G, key=lambda n: -scores["betweenness"][n])[:top]
    click.echo(f"\nTop {top} actors by PageRank (influence) and by betweenness (brokerage):\n")
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
    click.echo("\n".join(explain_path(G, path)))

    written = render_html(G, output, title=f"sahelgraph · {dataset.resolve().name}", size_by="pagerank")
    click.echo(f"\nWrote {written} ({G.number_of_nodes()} actors, {G.number_of_edges()} relations): "
               "open it in a browser, it works offline.")
    click.echo("Next: sahelgraph show Goita · sahelgraph path Wagner MINUSMA · sahelgraph centrality --top 5")


def register(group):
    group.add_command(demo)
