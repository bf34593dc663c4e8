"""The ``sahelgraph`` command line: one thin command per library call.

Library errors become one clear line each on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import click

from sahelgraph.errors import InvalidInputError, SahelGraphError

DEFAULT_DB = os.path.join(".sahelgraph", "graph.lbdb")


@dataclass
class Config:
    """What the global options say; the store is opened on first use."""

    db: str
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str | None = None
    _store: object = field(default=None, repr=False)

    def store(self, ctx: click.Context):
        if self._store is None:
            if self.neo4j_uri:
                from sahelgraph.cli.neo4j_config import open_neo4j_store

                self._store = open_neo4j_store(self)
            else:
                from sahelgraph.stores import open_store

                self._store = open_store(self.db)
            ctx.call_on_close(self._store.close)
        return self._store


class SahelGraphGroup(click.Group):
    """Turns library errors into one line per problem and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InvalidInputError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            errors = sum(d.severity == "error" for d in exc.diagnostics)
            click.echo(f"{errors} error(s); nothing was changed.", err=True)
            sys.exit(1)
        except SahelGraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=SahelGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="SAHELGRAPH_DB", default=DEFAULT_DB, show_default=True,
              metavar="PATH", help="Embedded database file (env SAHELGRAPH_DB).")
@click.option("--neo4j", "neo4j_uri", envvar="NEO4J_URI", metavar="URI",
              help="Use a Neo4j server instead, e.g. neo4j://localhost:7687 (env NEO4J_URI).")
@click.option("--username", "neo4j_user", envvar="NEO4J_USERNAME", metavar="USER",
              help="Neo4j user (env NEO4J_USERNAME, default neo4j).")
@click.option("--password", "neo4j_password", envvar="NEO4J_PASSWORD", metavar="PASSWORD",
              help="Neo4j password (env NEO4J_PASSWORD; never printed).")
@click.option("--database", "neo4j_database", envvar="NEO4J_DATABASE", metavar="NAME",
              help="Neo4j database (env NEO4J_DATABASE, default the server's default).")
@click.version_option(package_name="sahelgraph")
@click.pass_context
def main(ctx, db, neo4j_uri, neo4j_user, neo4j_password, neo4j_database):
    """sahelgraph: a graph database of political actors and their relations.

    \b
    Examples:
      sahelgraph validate graph/
      sahelgraph load graph/
      sahelgraph show Goita
      sahelgraph query "MATCH (a:Actor)-[r:EXPELS]->(b) RETURN a.name, b.name"
    """
    ctx.obj = Config(db, neo4j_uri, neo4j_user, neo4j_password, neo4j_database)


def _register() -> None:
    # each module adds its commands to the group; the order is the order of --help
    from sahelgraph.cli import analysis, core, demo, export, neo4j, viz

    for module in (core, analysis, viz, export, neo4j, demo):
        module.register(main)


_register()
