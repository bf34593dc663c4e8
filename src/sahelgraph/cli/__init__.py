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


# command -> the module of sahelgraph.cli that defines it (its register() adds it); a module
# is imported only when one of its commands runs or shows its own help, so `load` does not
# pay for pyvis
COMMANDS = {
    "demo": "demo",
    "validate": "core", "load": "core", "stats": "core", "actors": "core", "show": "core",
    "query": "core", "predicates": "core", "merge-actors": "core",
    "centrality": "analysis", "path": "analysis", "ego": "analysis", "communities": "analysis",
    "allies": "analysis", "adversaries": "analysis", "balance": "analysis", "timeline": "analysis",
    "viz": "viz", "export": "export", "neo4j": "neo4j",
}

# command -> its short help in `sahelgraph --help`: the first sentence of its docstring, here
# so that the listing imports no command module (tests/cli/test_startup.py checks that it
# reads exactly as click's own listing, which imports them all)
SUMMARIES = {
    "actors": "List actors with their kind, relation count and aliases.",
    "adversaries": "ACTOR's adversaries: actors with more hostile than cooperative evidence.",
    "allies": "ACTOR's allies: actors with more cooperative than hostile evidence.",
    "balance": "Structural balance: every triangle of actors whose three pairs have a net polarity "
               "(cooperative minus hostile evidence), balanced when the product of the three signs "
               "is positive (\"the enemy of my enemy is my friend\").",
    "centrality": "Who is central, by every measure: degree (in/out/total), betweenness, closeness, "
                  "eigenvector, PageRank, in one table.",
    "communities": "Blocs: communities of actors more tied to each other than to the rest (Louvain, "
                   "reproducible with --seed).",
    "demo": "Load DATASET (default graph/) into a store of its own (.sahelgraph/demo.lbdb, not your "
            "default store; --db or --neo4j on the command line choose another), then print the most "
            "central actors by PageRank and betweenness, explain one path hop by hop with its "
            "evidence, and write the interactive page.",
    "ego": "ACTOR's neighbourhood: the actors within --depth hops (with their distance), or the "
           "relations among them (--relations).",
    "export": "Write the graph, or the filtered part of it, to a file other tools read.",
    "load": "Load files or dataset directories into the store.",
    "merge-actors": "Merge duplicate actors into one, atomically: OTHERS' names and aliases become "
                    "aliases of KEEP and their relations move to KEEP with all their evidence.",
    "neo4j": "Work with the Neo4j server given by --neo4j (or NEO4J_URI).",
    "path": "How SOURCE and TARGET are connected: the shortest path(s), each hop with the relation "
            "behind it (predicate, its stored direction, date, source, quote).",
    "predicates": "List the predicate vocabulary: polarity, symmetry, inverse, CAMEO and PLOVER codes.",
    "query": "Run a Cypher query (read-only unless --write) and print the rows.",
    "show": "Show an actor: aliases, and every relation in and out with its evidence.",
    "stats": "Count what the store holds.",
    "timeline": "ACTOR's dated relations in date order, one row per piece of evidence (a partial "
                "date such as 2022-08 sorts by its start).",
    "validate": "Check files or dataset directories and report every problem, one line each.",
    "viz": "Write an interactive HTML page of the graph: one file that opens offline.",
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

    def format_commands(self, ctx, formatter):
        """The commands in ``--help``, listed by click from their SUMMARIES (click's own
        listing would import every command module to ask each its short help)."""
        listed = click.Group(commands=[click.Command(name, help=SUMMARIES[name]) for name in COMMANDS])
        listed.format_commands(ctx, formatter)

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
