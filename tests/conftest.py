"""Shared fixtures: real embedded stores loaded from small datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
GRAPH = ROOT / "graph"


@pytest.fixture(scope="session")
def _mini_db_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mini") / "mini.lbdb"
    EmbeddedStore(path).load(read_triples(MINI))
    return path


@pytest.fixture
def mini_db(_mini_db_master, tmp_path) -> Path:
    """A fresh copy of an embedded store holding tests/data/mini; returns its path."""
    path = tmp_path / "mini.lbdb"
    path.write_bytes(_mini_db_master.read_bytes())
    return path


@pytest.fixture
def mini_store(mini_db):
    with EmbeddedStore(mini_db) as store:
        yield store


@pytest.fixture(scope="session")
def sahel_db(tmp_path_factory) -> Path:
    """An embedded store holding the Sahel dataset in graph/ (read-only use)."""
    path = tmp_path_factory.mktemp("sahel") / "sahel.lbdb"
    EmbeddedStore(path).load(read_triples(GRAPH))
    return path
