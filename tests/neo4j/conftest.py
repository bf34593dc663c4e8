"""Fixtures for the Neo4j tests: one real Neo4j 5.26 server (OpenGDS, APOC, Browser) for the
whole session, a clean database for every test, and Neo4j's Cypher linter.

The server is the launcher in server/ (see server_process.py), started once, on free
loopback ports with a test password, and stopped when the session ends, also when it fails
or is interrupted (the JVM also stops by itself when the test process dies: it watches its
standard input).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # so the tests can import the modules here

from cypher_linter import HERE, NPM_HINT, Linter  # noqa: E402
from server_process import Neo4jServer  # noqa: E402

from sahelgraph.cli import main  # noqa: E402
from sahelgraph.stores.neo4j import Neo4jStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The running test server (see server_process.Neo4jServer)."""
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j") / "home", browser=True)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", neo4j_server.password),
                                        notifications_min_severity="OFF")
    driver.verify_connectivity()
    yield driver
    driver.close()


def clean_database(driver) -> None:
    """Leave the database as a fresh one: no GDS graphs, nodes, constraints or indexes."""
    driver.execute_query("CALL gds.graph.list() YIELD graphName "
                         "CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped "
                         "RETURN count(dropped) AS n")
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}` IF EXISTS")
    for record in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
        driver.execute_query(f"DROP INDEX `{record['name']}` IF EXISTS")


@dataclass
class Neo4jTarget:
    """The test server with a clean database: its address, a driver, stores and the CLI."""

    server: Neo4jServer
    driver: object

    @property
    def uri(self) -> str:
        return self.server.uri

    @property
    def password(self) -> str:
        return self.server.password

    def store(self, **options) -> Neo4jStore:
        return Neo4jStore(self.driver, address=self.uri, **options)

    def env(self, **more) -> dict:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": None, **more}

    def cli(self, *args, **env):
        """Run ``sahelgraph ARGS`` on this server (in-process); returns click's Result."""
        return CliRunner().invoke(main, [str(a) for a in args], env=self.env(**env), catch_exceptions=False)

    def run(self, cypher: str, **params) -> list[dict]:
        return [r.data() for r in self.driver.execute_query(cypher, params).records]

    def dump(self) -> dict:
        """Everything in the database, comparable with ==: nodes by (labels, properties),
        relationships by (start id, type, end id, properties)."""
        nodes = sorted((sorted(r["labels"]), sorted(r["props"].items()))
                       for r in self.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"))
        rels = sorted((r["s"], r["t"], r["o"], sorted(r["props"].items()))
                      for r in self.run("MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS s, type(r) AS t, "
                                        "coalesce(b.id, b.name) AS o, properties(r) AS props"))
        return {"nodes": [repr(n) for n in nodes], "relationships": [repr(r) for r in rels]}


@pytest.fixture
def neo4j_db(neo4j_server, neo4j_driver):
    """The test server with a clean database (see Neo4jTarget)."""
    clean_database(neo4j_driver)
    return Neo4jTarget(neo4j_server, neo4j_driver)


@pytest.fixture(scope="session")
def linter():
    if shutil.which("node") is None:
        pytest.fail("node is needed to lint Cypher with Neo4j's front end")
    if not (HERE / "cypherlint" / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"Neo4j's Cypher front end is not installed ({NPM_HINT})")
    service = Linter()
    yield service
    service.close()
