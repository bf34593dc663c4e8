"""The ``sahelgraph`` command line: one thin command per library call.

Library errors become one clear line each on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field

import click

from sahelgraph.cli.terminal import printable, undecodable
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


# command -> the module of sahelgraph.cli that defines it (its register() adds it); modules
# are imported only when one of their commands runs, so `load` does not pay for pyvis
COMMANDS = {
    "demo": "demo",
    "validate": "core", "load": "core", "stats": "core", "actors": "core", "show": "core",
    "query": "core", "predicates": "core",
    "centrality": "analysis", "path": "analysis", "ego": "analysis", "communities": "analysis",
    "allies": "analysis", "adversaries": "analysis", "balance": "analysis", "timeline": "analysis",
    "viz": "viz", "export": "export", "neo4j": "neo4j",
}


def command_module(module: str) -> dict[str, click.Command]:
    """The commands one module of sahelgraph.cli registers."""
    group = click.Group()
    importlib.import_module(f"sahelgraph.cli.{module}").register(group)
    return group.commands


class SahelGraphGroup(click.Group):
    """Loads commands on demand; turns library errors into one line per problem and exit 1."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        return command_module(module).get(name) if module else None

    def invoke(self, ctx):
        if (bad := undecodable([*ctx.protected_args, *ctx.args])) is not None:
            raise click.UsageError(f"argument '{bad}' is not UTF-8 (check the terminal's encoding)")
        try:
            return super().invoke(ctx)
        except InvalidInputError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(printable(str(diagnostic)), err=True)
            errors = sum(d.severity == "error" for d in exc.diagnostics)
            click.echo(f"{errors} error(s); nothing was changed.", err=True)
            sys.exit(1)
        except SahelGraphError as exc:
            click.echo(f"error: {printable(str(exc), newlines=True)}", err=True)
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
