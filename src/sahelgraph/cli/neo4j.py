"""Commands for a Neo4j server: ``sahelgraph --neo4j URI neo4j status|schema``."""

from __future__ import annotations

import click

from sahelgraph.cli.output import emit_object, format_option


def _neo4j_store(ctx: click.Context):
    config = ctx.obj
    if not config.neo4j_uri:
        raise click.UsageError("this command needs a Neo4j server: pass --neo4j URI or set NEO4J_URI")
    return config.store(ctx)


@click.group("neo4j")
def neo4j_group():
    """Work with the Neo4j server given by --neo4j (or NEO4J_URI).

    \b
    Examples:
      sahelgraph --neo4j neo4j://localhost:7687 neo4j status
      sahelgraph neo4j schema > schema.cypher
      sahelgraph --neo4j neo4j://localhost:7687 neo4j schema --apply
    """


@neo4j_group.command("status")
@format_option
@click.pass_context
def status(ctx, fmt):
    """Show the server, the database, the GDS plugin and what the graph holds.

    \b
    Example:
      sahelgraph --neo4j neo4j://localhost:7687 neo4j status
    """
    store = _neo4j_store(ctx)
    info = store.server_info()
    counts = store.counts()
    row = {
        "server": f"{info.get('server', 'Neo4j')} {info.get('version', '')} {info.get('edition', '')}".strip(),
        "database": info["database"] or "(default)",
        "gds": info["gds"] or "not installed",
        **counts,
    }
    emit_object(row, fmt)


@neo4j_group.command("schema")
@click.option("--apply", is_flag=True, help="Create the constraints and indexes on the server.")
@click.pass_context
def schema(ctx, apply):
    """Print the constraints and indexes sahelgraph uses (cypher/schema.cypher).

    Loading creates them anyway; --apply creates them now, e.g. after neo4j-admin import.

    \b
    Examples:
      sahelgraph neo4j schema
      sahelgraph --neo4j neo4j://localhost:7687 neo4j schema --apply
    """
    from sahelgraph.stores.neo4j_cypher import SCHEMA

    if apply:
        _neo4j_store(ctx).ensure_schema()
        click.echo(f"{len(SCHEMA)} constraints and indexes in place.", err=True)
        return
    for statement in SCHEMA:
        click.echo(statement + ";")


def register(group):
    group.add_command(neo4j_group)
