"""Command: export (GraphML, GEXF, node-link JSON, Cypher, neo4j-admin CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from sahelgraph.cli.options import filter_options, pass_store, report_left_out, roll_up_option, rolled_up
from sahelgraph.export import EXPORTERS, export_graph

# the format an output path implies when --format is not given
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".cypher": "cypher", ".cql": "cypher"}


@click.command()
@click.option("--format", "fmt", type=click.Choice(list(EXPORTERS)),
              help="Output format (default: from the file name: .graphml .gexf .json .cypher).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="PATH",
              help="File to write (a directory for neo4j-admin).")
@roll_up_option(False)
@filter_options
@pass_store
def export(store, fmt, output, roll_up, filters):
    """Write the graph, or the filtered part of it, to a file other tools read.

    \b
    graphml, gexf  Gephi, yEd, Cytoscape: kinds, polarity, dates as columns; lists and
                   evidence as JSON text (sahelgraph.export.gephi.read_graphml/read_gexf
                   read them back exactly)
    json           node-link JSON ({"nodes", "links"}) for D3 and web pages
    cypher         a Cypher script that recreates the graph in Neo4j
    neo4j-admin    CSV files for neo4j-admin database import

    \b
    Example:
      sahelgraph export -o sahel.gexf
      sahelgraph export --format graphml -o hostile.graphml --polarity hostile --since 2022
      sahelgraph export --format json -o web/graph.json
      sahelgraph export --format neo4j-admin -o import/
      sahelgraph export --roll-up -o states.gexf
    """
    if fmt is None:
        fmt = SUFFIXES.get(output.suffix.lower())
        if fmt is None:
            raise click.UsageError(f"cannot tell the format from '{output.name}': add --format "
                                   f"({', '.join(EXPORTERS)})")
    G = store.graph(**filters)
    report_left_out(G)
    if roll_up:
        G = rolled_up(store, G)
        for _, d in G.nodes(data=True):
            d.pop("part_names", None)  # the ids stay in "parts"; exporters take flat values
    files = export_graph(G, fmt, output)
    for path in files:
        click.echo(str(path))
    click.echo(f"Exported {G.number_of_nodes():,} actors and {G.number_of_edges():,} relations "
               f"as {fmt}.", err=True)


def register(group: click.Group) -> None:
    group.add_command(export)
