"""A password inside a Neo4j URI never reaches a message, whatever it holds ("/", "?", "#",
"@", percent escapes), whatever the scheme, and no URI form gets a traceback. Runs the real
driver against a closed local port."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.cli.neo4j_config import safe_uri

SECRET = "SECRETPW123"
NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = closed_port()
URIS = [
    f"{scheme}://admin:{before}{SECRET}{after}@127.0.0.1:{PORT}"
    for scheme in ("bolt", "neo4j", "bolt+s", "neo4j+ssc", "http")
    for before, after in (("12/", ""), ("12?", ""), ("12#", ""), ("", "@x"), ("12%2F", ""), ("", ""),
                          ("a:b", ""), ("12?x=", "&y=1"))
] + [
    f"bolt:/admin:{SECRET}@127.0.0.1:{PORT}",
    f"admin:{SECRET}@127.0.0.1:{PORT}",
    f"bolt://{SECRET}@127.0.0.1:{PORT}",
    f"BOLT://admin:{SECRET}@[::1]:{PORT}",
    f"neo4j://admin:12?{SECRET}@127.0.0.1:{PORT}?routing=yes",
]


@pytest.mark.parametrize("uri", URIS)
def test_password_in_uri_is_never_printed(uri):
    environment = dict.fromkeys(NEO4J_VARIABLES)
    for args, env in ((["--neo4j", uri, "stats"], {}), (["neo4j", "status"], {"NEO4J_URI": uri})):
        result = CliRunner().invoke(main, args, env={**environment, **env})
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert SECRET not in result.output and "SECRET" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("error: ")


@pytest.mark.parametrize("uri, shown", [
    ("bolt://admin:12/SECRETPW123@127.0.0.1:9", "bolt://127.0.0.1:9"),
    ("bolt://admin:12?SECRETPW123@127.0.0.1:9", "bolt://127.0.0.1:9"),
    ("bolt://admin:12#SECRETPW123@127.0.0.1:9", "bolt://127.0.0.1:9"),
    ("neo4j+s://a:b@c@host.example:7687/db?x=1", "neo4j+s://host.example:7687/db?x=1"),
    ("bolt:/admin:pw@h:1", "bolt:/h:1"),
    ("neo4j://localhost:7687", "neo4j://localhost:7687"),
    ("", ""),
])
def test_safe_uri_drops_userinfo_in_every_form(uri, shown):
    assert safe_uri(uri) == shown


def test_the_page_title_names_the_server_without_its_password():
    from click import Context

    from sahelgraph.cli import Config
    from sahelgraph.cli.viz import dataset_name

    ctx = Context(main, obj=Config("g.lbdb", neo4j_uri=f"neo4j://admin:12/{SECRET}@db.example:7687"))
    assert dataset_name(ctx) == "neo4j://db.example:7687"


def test_the_options_repr_shows_neither_password():
    from sahelgraph.cli import Config

    config = Config("g.lbdb", f"neo4j://admin:{SECRET}@db.example:7687", "admin", SECRET)
    assert SECRET not in repr(config)
    assert "neo4j://db.example:7687" in repr(config)
