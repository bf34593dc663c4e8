"""The ``sahelgraph`` command line: one thin command per library call.

Library errors become one clear line each on stderr and exit 1; usage errors exit 2.
The global options (``--db``, ``--neo4j``, ``--username``, ``--password``, ``--database``)
may come before or after the command: ``sahelgraph show Goita --db x.lbdb``.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from sahelgraph.cli.terminal import printable, undecodable
from sahelgraph.errors import InvalidInputError, NotFoundError, SahelGraphError

DEFAULT_DB = os.path.join(".sahelgraph", "graph.lbdb")


@dataclass
class Config:
    """What the global options say; the store is opened on first use.

    ``sources`` says where ``db`` and ``neo4j_uri`` came from ("command line",
    "environment" or "default"): the command line beats the environment, and two stores
    named at the same level are a usage error.
    """

    db: str
    neo4j_uri: str | None = field(default=None, repr=False)  # may hold user:password@
    neo4j_user: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str | None = None
    sources: dict = field(default_factory=dict)
    _store: object = field(default=None, repr=False)

    def __repr__(self) -> str:
        """The options without secrets: the URI's credentials are cut and the password left out.

        >>> Config("x.lbdb", "bolt://neo4j:s3cret@localhost:7687", "neo4j", "s3cret")
        Config(db='x.lbdb', neo4j='bolt://localhost:7687', neo4j_user='neo4j', neo4j_database=None)
        """
        from sahelgraph.cli.neo4j_config import safe_uri

        neo4j = safe_uri(self.neo4j_uri) if self.neo4j_uri else None
        return (f"Config(db={self.db!r}, neo4j={neo4j!r}, neo4j_user={self.neo4j_user!r}, "
                f"neo4j_database={self.neo4j_database!r})")

    def use_neo4j(self) -> bool:
        """True for the Neo4j store, False for the embedded one; UsageError when both are
        named with the same authority."""
        if not self.neo4j_uri:
            return False
        db_from = self.sources.get("db", "default")
        neo4j_from = self.sources.get("neo4j_uri", "command line")
        if db_from == "default" or (neo4j_from == "command line" and db_from == "environment"):
            return True
        if db_from == "command line" and neo4j_from == "environment":
            return False
        if db_from == "command line":
            raise click.UsageError("--neo4j and --db name two stores: give one of them")
        raise click.UsageError("SAHELGRAPH_DB and NEO4J_URI are both set: unset one, or choose "
                               "the store with --db PATH or --neo4j URI")

    def store(self, ctx: click.Context, *, must_exist: bool = False):
        """The store, opened once; with ``must_exist``, an embedded store that is not there
        is an error saying where it was looked for and how to make it."""
        if self._store is None:
            if self.use_neo4j():
                from sahelgraph.cli.neo4j_config import open_neo4j_store

                self._store = open_neo4j_store(self)
            else:
                from sahelgraph.stores import open_store

                if must_exist:
                    require_store(self.db)
                self._store = open_store(self.db)
            ctx.call_on_close(self._store.close)
        return self._store


def require_store(db: str) -> None:
    """NotFoundError unless an embedded store exists at ``db``."""
    path = Path(db)
    if path.is_dir() or path.exists():
        return  # a directory is reported by the store itself, with its own fix
    where = str(path) if path.is_absolute() else f"{path} ({path.resolve()})"
    raise NotFoundError(f"no store at {where}: load a dataset into it first "
                        f"(sahelgraph{' --db ' + str(path) if str(path) != DEFAULT_DB else ''} "
                        "load graph/), or name an existing store with --db PATH or SAHELGRAPH_DB")


# the global options a command also accepts after its name: option -> Config attribute
GLOBAL_OPTIONS = (
    (("--db",), "db", "PATH", "Embedded database file (env SAHELGRAPH_DB)."),
    (("--neo4j",), "neo4j_uri", "URI", "Use a Neo4j server instead (env NEO4J_URI)."),
    (("--username",), "neo4j_user", "USER", "Neo4j user (env NEO4J_USERNAME)."),
    (("--password",), "neo4j_password", "PASSWORD", "Neo4j password (env NEO4J_PASSWORD)."),
    (("--database",), "neo4j_database", "NAME", "Neo4j database (env NEO4J_DATABASE)."),
)


def _set_global(ctx: click.Context, param: click.Parameter, value):
    if value is not None:
        config = ctx.find_root().obj
        setattr(config, param.name, value)
        config.sources[param.name] = "command line"


def accept_global_options(command: click.Command) -> click.Command:
    """Let ``command`` (and a group's subcommands) take the global options after its name."""
    if getattr(command, "_sahelgraph_globals", False):
        return command
    taken = {opt for p in command.params for opt in getattr(p, "opts", [])}
    for decls, dest, metavar, help_text in GLOBAL_OPTIONS:
        if not taken.intersection(decls):
            command.params.append(click.Option(
                [*decls, dest], metavar=metavar, help=help_text, hidden=True,
                expose_value=False, is_eager=True, callback=_set_global))
    command._sahelgraph_globals = True
    for sub in getattr(command, "commands", {}).values():
        accept_global_options(sub)
    return command


# command -> the module of sahelgraph.cli that defines it (its register() adds it); modules
# are imported only when one of their commands runs, so `load` does not pay for pyvis
COMMANDS = {
    "demo": "demo",
    "validate": "core", "load": "core", "stats": "core", "actors": "core", "show": "core",
    "query": "core", "predicates": "core", "merge-actors": "core",
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
        command = command_module(module).get(name) if module else None
        return accept_global_options(command) if command is not None else None

    def parse_args(self, ctx, args):
        if (bad := undecodable(args)) is not None:
            raise click.UsageError(f"argument '{bad}' is not UTF-8 (check the terminal's encoding)", ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
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

    The options above may also come after the command (sahelgraph show Goita --db x.lbdb).

    \b
    Examples:
      sahelgraph validate graph/
      sahelgraph load graph/
      sahelgraph show Goita
      sahelgraph query "MATCH (a:Actor)-[r:EXPELS]->(b) RETURN a.name, b.name"
    """
    sources = {name: SOURCE_NAMES.get(ctx.get_parameter_source(name), "default")
               for name in ("db", "neo4j_uri")}
    ctx.obj = Config(db, neo4j_uri, neo4j_user, neo4j_password, neo4j_database, sources=sources)


SOURCE_NAMES = {click.core.ParameterSource.COMMANDLINE: "command line",
                click.core.ParameterSource.ENVIRONMENT: "environment"}
