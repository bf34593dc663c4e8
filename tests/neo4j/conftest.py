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
from pathlib import Path

import neo4j
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so the tests can import the modules here

from cypher_linter import HERE, NPM_HINT, Linter  # noqa: E402
from neo4j_target import Neo4jTarget, clean_database  # noqa: E402
from server_process import Neo4jServer  # noqa: E402

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
