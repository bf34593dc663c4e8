"""The neo4j-admin CSVs of ``export --format neo4j-admin`` imported by Neo4j's own bulk
importer (``neo4j-admin database import full``, run from the launcher's classpath on a
stopped DBMS home), then served by a second test server and read back: the same graph as
the embedded store's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import neo4j
from click.testing import CliRunner
from datasets import assert_same_graph
from server_process import Neo4jServer, java_command

from sahelgraph.cli import main
from sahelgraph.export.neo4j_admin import FILES, import_command
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.stores.neo4j import Neo4jStore


def bulk_import(home: Path, directory: Path) -> subprocess.CompletedProcess:
    """Run Neo4j's importer into the database 'neo4j' of ``home`` (which no server runs)."""
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text("server.memory.pagecache.size=128m\n", encoding="utf-8")
    arguments = import_command([directory / name for name in FILES]).split()[1:]  # without "neo4j-admin"
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    return subprocess.run(java_command("org.neo4j.cli.AdminTool", *arguments, heap="512m"), env=env,
                          capture_output=True, text=True, cwd=home, timeout=900)


def test_bulk_imported_sahel_graph_reads_back_the_same(sahel_db, tmp_path, neo4j_server):
    exported = CliRunner().invoke(main, ["--db", str(sahel_db), "export", "--format", "neo4j-admin",
                                         "-o", str(tmp_path / "csv")], env={"NEO4J_URI": None})
    assert exported.exit_code == 0, exported.output
    home = tmp_path / "imported"
    done = bulk_import(home, tmp_path / "csv")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout + done.stderr
    with EmbeddedStore(sahel_db) as store:
        expected = store.graph()
    with Neo4jServer(home) as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=("neo4j", server.password))
        try:
            store = Neo4jStore(driver)
            assert_same_graph(store.graph(), expected)
            store.ensure_schema()  # what `sahelgraph neo4j schema --apply` does after an import
            assert_same_graph(store.graph(), expected)
            counts = store.counts()
        finally:
            driver.close()
    assert counts["relations"] == expected.number_of_edges()
