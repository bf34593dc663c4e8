"""Read-only queries change nothing on disk; a file that is no sahelgraph store gets one
clear line from every command; a full disk changes nothing and leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys

import ladybug
import pytest

from sahelgraph.errors import StoreError
from sahelgraph.stores.embedded import EmbeddedStore

from .datasets import BIN, cli_env, dataset


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("cypher,named", [
    ("COPY (MATCH (a:Actor) RETURN a.id) TO '{out}/out.csv'", "COPY"),
    ("EXPORT DATABASE '{out}/export'", "EXPORT DATABASE"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("MATCH (a:Actor) RETURN count(a); checkpoint", "CHECKPOINT"),
    ("/* a comment */ copy (RETURN 1) TO '{out}/x.parquet'", "COPY"),
    ("IMPORT DATABASE '{out}/export'", "IMPORT DATABASE"),
    ("ATTACH '{out}/other.lbdb' AS other (dbtype lbug)", "ATTACH"),
    ("INSTALL json", "INSTALL"),
    ("LOAD EXTENSION json", "LOAD EXTENSION"),
    ("CALL force_checkpoint_on_close=true", "CALL (a database setting)"),
])
def test_a_read_only_query_writing_to_disk_is_refused(mini_db, tmp_path, cypher, named):
    out = tmp_path / "out"
    out.mkdir()
    before = _files(tmp_path)
    with pytest.raises(StoreError) as info:
        EmbeddedStore(mini_db).query(cypher.format(out=out))
    assert str(info.value) == (f"{named} writes to disk, which a query without --write never does "
                               "(add --write to run it)")
    assert _files(tmp_path) == before
    assert EmbeddedStore(mini_db).query("MATCH (a:Actor) RETURN count(a)").rows[0][0] > 0


def test_words_inside_strings_are_not_statements(mini_db):
    rows = EmbeddedStore(mini_db).query("RETURN 'COPY x TO y; CHECKPOINT' AS text, \"EXPORT\" AS e").rows
    assert rows == [["COPY x TO y; CHECKPOINT", "EXPORT"]]


def test_checkpoint_with_write_is_fine_and_the_store_opens_after(mini_db):
    EmbeddedStore(mini_db).query("CHECKPOINT", write=True)
    assert EmbeddedStore(mini_db).stats()["actors"] > 0


def test_a_database_without_the_sahelgraph_schema_gets_one_line_everywhere(tmp_path):
    db = tmp_path / "other.lbdb"
    database = ladybug.Database(str(db))
    conn = ladybug.Connection(database)
    conn.execute("CREATE NODE TABLE Thing(id STRING PRIMARY KEY)")
    conn.close()
    database.close()
    before = db.read_bytes()
    for args in (["stats"], ["actors"], ["show", "x"], ["query", "RETURN 1"],
                 ["query", "--write", "RETURN 1"], ["load", str(dataset(tmp_path / "d", [("x0", "praises", "x1", "2020", "q")]))],
                 ["path", "x0", "x1"], ["centrality"]):
        done = subprocess.run([str(BIN / "sahelgraph"), "--db", str(db), *args], capture_output=True,
                              text=True, env=cli_env(), timeout=120)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert done.stderr.strip().splitlines() == [
            f"error: {db} holds no sahelgraph graph (no node table Actor, Source, Predicate, Evidence): "
            "pass another path with --db, or rebuild it with load --replace"], (args, done.stderr)
        assert db.read_bytes() == before
    done = subprocess.run([str(BIN / "sahelgraph"), "--db", str(db), "load", "--replace", str(tmp_path / "d")],
                          capture_output=True, text=True, env=cli_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert "warning: --replace drops what sahelgraph did not write in" in done.stderr
    assert EmbeddedStore(db).stats()["assertions"] == 1


def test_a_file_that_is_no_database_is_never_overwritten(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("my notes, not a database\n")
    store = EmbeddedStore(db)
    with pytest.raises(StoreError, match=r"cannot open .*notes.txt: .* \(is it a sahelgraph store\? pass another path with --db\)"):
        store.stats()
    folder = dataset(tmp_path / "d", [("x0", "praises", "x1", "2020", "q")])
    from sahelgraph.readers import read_triples

    with pytest.raises(StoreError, match=r"is not a LadybugDB database; refusing to overwrite it"):
        store.load(read_triples(folder), replace=True)
    assert db.read_text() == "my notes, not a database\n"


def test_query_write_on_a_new_path_creates_nothing(tmp_path):
    db = tmp_path / "new" / "g.lbdb"
    with pytest.raises(StoreError, match=r"no database at .*g.lbdb to write into \(load some data first"):
        EmbeddedStore(db).query("RETURN 1", write=True)
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").iterdir())


FULL_DISK = """
import resource, signal, sys
from sahelgraph.errors import StoreError
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
batch = read_triples(sys.argv[2], known=store.known())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail instead
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), int(sys.argv[3])))
try:
    store.load(batch)
except StoreError as exc:
    print(exc)
"""


def test_a_load_that_runs_out_of_space_changes_nothing_and_cleans_up(mini_db, tmp_path):
    folder = dataset(tmp_path / "d", [(f"x{i % 40}", "praises", f"x{40 + i % 10}", "2020", f"quote {i}" * 20)
                                      for i in range(3000)])
    before = mini_db.read_bytes()
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(mini_db), str(folder),
                           str(mini_db.stat().st_size + 4096)], capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == f"file size limit reached writing {mini_db}; nothing was changed", done.stderr
    assert "committed" not in done.stdout + done.stderr
    assert mini_db.read_bytes() == before
    assert sorted(p.name for p in mini_db.parent.iterdir()) == ["d", "mini.lbdb"]
