"""Fixtures for the Neo4j tests; the stand-in driver and the linter are in standin.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so the tests can import standin

from standin import HERE, NPM_HINT, FakeNeo4j, Linter, lint_recorded  # noqa: E402


@pytest.fixture(scope="session")
def linter():
    if shutil.which("node") is None:
        pytest.fail("node is needed to lint Cypher with Neo4j's front end")
    if not (HERE / "cypherlint" / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"Neo4j's Cypher front end is not installed ({NPM_HINT})")
    service = Linter()
    yield service
    service.close()


@pytest.fixture
def fake(linter):
    """A FakeNeo4j; every statement it records is linted when the test ends."""
    instance = FakeNeo4j()
    yield instance
    bad = lint_recorded(linter, instance)
    assert not bad, "Neo4j's front end rejects a statement the store sent:\n" + "\n".join(bad)


