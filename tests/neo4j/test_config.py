"""The command line's Neo4j configuration: flags and NEO4J_* variables, one-line errors with
the fix, and a password that is never printed.

The unreachable-server case uses the real driver against a closed local port; the others
need a server that answers, so they use the stand-in for the driver (standin.py: no Neo4j
server can run here, and FalkorDB's Bolt port, tried instead, hangs 60 s in the handshake on
half the connections).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from standin import neo4j_error

from sahelgraph.cli import Config, main
from sahelgraph.cli.neo4j_config import open_neo4j_store, safe_uri
from sahelgraph.errors import StoreError
from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores.neo4j import Neo4jStore

PASSWORD = "S3cret-pässword'\""


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def run(args, env=None):
    environment = dict.fromkeys(NEO4J_VARIABLES)  # None: unset whatever the shell has
    environment.update(env or {})
    result = CliRunner().invoke(main, args, env=environment)
    return result.exit_code, result.output  # stdout and stderr as the user sees them


@pytest.mark.parametrize("scheme", ["neo4j", "bolt"])
def test_unreachable_server_is_one_line(scheme):
    uri = f"{scheme}://127.0.0.1:{closed_port()}"
    code, output = run(["--neo4j", uri, "--password", PASSWORD, "neo4j", "status"])
    assert code == 1
    assert output.strip() == (f"error: cannot reach Neo4j at {uri}: start the server "
                              "(docker compose -f docker/compose.yaml up -d) or fix --neo4j / NEO4J_URI")
    assert PASSWORD not in output


def test_environment_variables_are_read():
    uri = f"bolt://127.0.0.1:{closed_port()}"
    code, output = run(["neo4j", "status"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": PASSWORD,
                                                 "NEO4J_USERNAME": "analyst"})
    assert code == 1 and f"cannot reach Neo4j at {uri}" in output and PASSWORD not in output


def test_bad_uri_is_one_line_without_credentials():
    code, output = run(["--neo4j", f"http2://analyst:{PASSWORD}@example.org:7687", "--password", PASSWORD,
                        "neo4j", "status"])
    assert code == 1 and len(output.strip().splitlines()) == 1
    assert output.startswith("error: --neo4j http2://example.org:7687: URI scheme 'http2' is not supported")
    assert PASSWORD not in output and "analyst" not in output
    assert safe_uri("neo4j+s://u:p@host:7687/x") == "neo4j+s://host:7687/x"


@pytest.fixture
def fake_server(monkeypatch, fake):
    """GraphDatabase.driver answering with the stand-in; records how it was called."""
    server = fake
    server.calls = []

    def driver(uri, auth=None, **config):
        server.calls.append((uri, auth))
        return server.driver()

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", driver)
    return server


def config(**kw) -> Config:
    values = dict(db="unused", neo4j_uri="neo4j://localhost:7687", neo4j_user=None,
                  neo4j_password=PASSWORD, neo4j_database=None)
    values.update(kw)
    return Config(**values)


def test_opens_a_checked_store(fake_server):
    store = open_neo4j_store(config(neo4j_database="sahel"))
    assert isinstance(store, Neo4jStore) and store.database == "sahel" and store.close_driver
    assert fake_server.calls == [("neo4j://localhost:7687", ("neo4j", PASSWORD))]  # default user
    assert fake_server.statements() == [cy.PING] and fake_server.sessions == ["sahel"]
    assert PASSWORD not in repr(store) and PASSWORD not in repr(config())
    store.close()


def test_no_password_means_no_auth(fake_server):
    open_neo4j_store(config(neo4j_password=None, neo4j_user="analyst"))
    assert fake_server.calls[0][1] is None


def test_bad_credentials(fake_server):
    fake_server.connect_error = neo4j_error("Neo.ClientError.Security.Unauthorized",
                                            "The client is unauthorized due to authentication failure.")
    with pytest.raises(StoreError) as error:
        open_neo4j_store(config(neo4j_user="analyst"))
    assert str(error.value) == ("Neo4j at neo4j://localhost:7687 refused user 'analyst': wrong user name "
                                "or password (NEO4J_USERNAME / NEO4J_PASSWORD, or --username / --password)")
    with pytest.raises(StoreError, match="no password given: set NEO4J_PASSWORD or pass --password"):
        open_neo4j_store(config(neo4j_password=None))


def test_missing_database(fake_server):
    def not_found(params):
        raise neo4j_error("Neo.ClientError.Database.DatabaseNotFound",
                          "Database does not exist. Database name: 'sahle'.")

    fake_server.handlers[cy.PING] = not_found
    code, output = run(["--neo4j", "neo4j://localhost:7687", "--password", PASSWORD, "--database", "sahle",
                        "neo4j", "status"])
    assert code == 1
    assert output.strip() == ("error: Neo4j has no database 'sahle': pick one that SHOW DATABASES lists "
                              "with NEO4J_DATABASE / --database, or leave it unset for the server's default")


def test_status_and_schema_commands(fake_server):
    fake_server.handlers[cy.SERVER_COMPONENTS] = lambda p: [
        {"name": "Neo4j Kernel", "versions": ["5.26.0"], "edition": "community"}]
    fake_server.handlers[cy.GDS_PROCEDURES] = lambda p: [{"names": []}]
    code, output = run(["--neo4j", "neo4j://localhost:7687", "neo4j", "status", "--format", "json"],
                       env={"NEO4J_PASSWORD": PASSWORD})
    assert code == 0, output
    assert '"server": "Neo4j Kernel 5.26.0 community"' in output and '"gds": "not installed"' in output
    assert PASSWORD not in output
    code, output = run(["neo4j", "schema"])
    assert code == 0 and output.splitlines() == [s + ";" for s in cy.SCHEMA]
    code, output = run(["--neo4j", "neo4j://localhost:7687", "neo4j", "schema", "--apply"])
    assert code == 0 and fake_server.state["schema"] == list(cy.SCHEMA)


def test_neo4j_commands_need_a_server():
    code, output = run(["neo4j", "status"])
    assert code == 2 and "needs a Neo4j server: pass --neo4j URI or set NEO4J_URI" in output


def test_load_and_query_through_the_command_line(fake_server):
    mini = Path(__file__).resolve().parents[1] / "data" / "mini"
    base = ["--neo4j", "neo4j://localhost:7687"]
    env = {"NEO4J_PASSWORD": PASSWORD}
    code, output = run(base + ["load", str(mini)], env=env)
    assert code == 0, output
    assert "loaded             7" in output
    assert "loaded into Neo4j at neo4j://localhost:7687 (default database)" in output
    assert PASSWORD not in output
    code, output = run(base + ["load", str(mini), "--format", "json"], env=env)
    counts = {r["item"]: r["count"] for r in json.loads(output)}
    assert (counts["loaded"], counts["duplicates merged"], counts["relations"]) == (0, 7, 7)
    fake_server.handlers["MATCH (a:Actor)-[:EXPELS]->(b:Actor) RETURN a.name AS a, b.name AS b"] = \
        lambda p: [{"a": "Mali", "b": "Olivier Salgado"}]
    code, output = run(base + ["query", "MATCH (a:Actor)-[:EXPELS]->(b:Actor) RETURN a.name AS a, b.name AS b",
                               "--format", "csv"], env=env)
    assert code == 0, output
    assert output.splitlines()[-2:] == ["a,b", "Mali,Olivier Salgado"]
