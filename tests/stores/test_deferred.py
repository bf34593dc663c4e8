"""Loads that defer the checkpoint: their changes in the store's log (<store>.wal), seen by
every reader, folded into the file later, atomic under SIGKILL, repaired if a fold is cut
short between its two renames. (The store size from which loads defer is set to 0 here, so
the small stores of the tests defer as a large one does.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import ladybug
import pytest

from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.stores.embedded_read import GraphReader
from sahelgraph.stores.lock import fold_aside, opening, wal_path

from .datasets import dataset, snapshot

FIRST = [("x0", "praises", "x1", "2020", "a"), ("x1", "cooperates_with", "x2", "2020-05", "b"),
         ("x2", "criticizes", "x3", None, "c")]
SECOND = [("x0", "praises", "x1", "2021", "e"), ("x3", "criticizes", "x4", "2023", "g"),
          ("x5", "accuses", "x6", "2023", "h")]
THIRD = [("x0", "praises", "x1", "2022", "i"), ("x7", "praises", "x8", "2024", "j")]


@pytest.fixture(autouse=True)
def deferring(monkeypatch):
    monkeypatch.setattr(EmbeddedStore, "defer_from", 0)


def _load(db, folder, **options):
    store = EmbeddedStore(db)
    return store.load(read_triples(folder, known=store.known()), **options)


def _graph(db):
    return snapshot(EmbeddedStore(db).graph())


def _folders(tmp_path):
    return [dataset(tmp_path / name, rows) for name, rows in
            (("first", FIRST), ("second", SECOND), ("third", THIRD), ("all", FIRST + SECOND + THIRD))]


def _without_origin(db):
    G = EmbeddedStore(db).graph()
    for _, _, d in G.edges(data=True):
        d["evidence"] = [{k: v for k, v in e.items() if k not in ("file", "line")} for e in d["evidence"]]
    return snapshot(G)


def test_deferred_loads_leave_the_file_alone_and_every_reader_sees_them(tmp_path):
    first, second, third, everything = _folders(tmp_path)
    db = tmp_path / "g.lbdb"
    _load(db, first)
    assert not wal_path(db).exists()  # a new store is built and checkpointed
    file_bytes = db.read_bytes()
    _load(db, second)
    report = _load(db, third)
    assert (report.loaded, report.relations) == (2, 6)
    assert wal_path(db).exists() and db.read_bytes() == file_bytes
    _load(tmp_path / "once.lbdb", everything)
    assert _without_origin(db) == _without_origin(tmp_path / "once.lbdb")
    # every way of reading sees the logged loads
    assert EmbeddedStore(db).stats()["relations"] == 6
    assert EmbeddedStore(db).query("MATCH (:Actor)-[r:PRAISES]->(:Actor) RETURN sum(r.weight)").rows == [[4]]
    with GraphReader.open(db) as reader:
        assert reader.stats()["relations"] == 6
    database = ladybug.Database(str(db), read_only=True)  # LadybugDB itself, as any user opens it
    conn = ladybug.Connection(database)
    assert conn.execute("MATCH (e:Evidence) RETURN count(*)").get_all() == [[8]]
    conn.close()
    database.close()


def test_the_same_file_twice_and_a_long_lived_store_object(tmp_path):
    first, second, _, _ = _folders(tmp_path)
    db = tmp_path / "g.lbdb"
    _load(db, first)
    reader = EmbeddedStore(db)
    before = snapshot(reader.graph())
    assert reader.read() is reader.read()  # cached while the store is unchanged
    _load(db, second)
    after = _graph(db)
    assert before != after and snapshot(reader.graph()) == after  # the log is part of the version
    assert len(reader.read().relations) == 5
    log = wal_path(db).read_bytes()
    report = _load(db, second)
    assert (report.loaded, report.duplicates) == (0, 3)
    assert wal_path(db).read_bytes() == log and _graph(db) == after


def test_the_log_is_folded_past_its_limit_and_by_full_writes(tmp_path, monkeypatch):
    first, second, third, everything = _folders(tmp_path)
    db = tmp_path / "g.lbdb"
    _load(db, first)
    _load(db, second)
    assert wal_path(db).exists()
    monkeypatch.setattr(EmbeddedStore, "fold_bytes", 0)
    _load(db, third)
    assert not wal_path(db).exists()
    _load(tmp_path / "once.lbdb", everything)
    assert _without_origin(db) == _without_origin(tmp_path / "once.lbdb")
    monkeypatch.undo()
    monkeypatch.setattr(EmbeddedStore, "defer_from", 0)
    # a query --write and a --replace over a logged load: folded, nothing lost or replayed twice
    _load(db, dataset(tmp_path / "fourth", [("x9", "praises", "x0", "2025", "k")]))
    assert wal_path(db).exists()
    EmbeddedStore(db).query("MATCH (a:Actor {id: 'x9'}) SET a.name = 'Nine'", write=True)
    assert not wal_path(db).exists()
    assert EmbeddedStore(db).query("MATCH (a:Actor {id: 'x9'})-[r:PRAISES]->() RETURN a.name, r.weight").rows == [["Nine", 1]]
    _load(db, second)
    assert wal_path(db).exists() or _load(db, second).loaded == 0
    EmbeddedStore(db).load(read_triples(first), replace=True)  # as the CLI does: names from the files alone
    assert not wal_path(db).exists()
    _load(tmp_path / "first.lbdb", first)
    assert _graph(db) == _graph(tmp_path / "first.lbdb")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("g.lbdb")) == ["g.lbdb"]


@pytest.mark.parametrize("published", [False, True])
def test_a_fold_killed_between_its_two_renames_is_repaired_by_the_next_reader(tmp_path, published):
    """The two states SIGKILL can leave between moving the log aside and renaming the new file
    over the store, made by hand: the log goes back, or the stale one goes."""
    first, second, _, _ = _folders(tmp_path)
    db = tmp_path / "g.lbdb"
    _load(db, first)
    _load(db, second)
    expected = _graph(db)
    new = tmp_path / "g.lbdb.tmp-1-ab"  # the folded version a killed writer had made
    shutil.copyfile(db, new)
    shutil.copyfile(wal_path(db), wal_path(new))
    database = ladybug.Database(str(new))
    conn = ladybug.Connection(database)
    conn.execute("CHECKPOINT")
    conn.close()
    database.close()
    aside = fold_aside(db, ".tmp-1-ab", new.stat().st_ino)
    os.replace(wal_path(db), aside)
    if published:
        os.replace(new, db)
    with opening(db):
        assert not aside.exists()
    assert _graph(db) == expected
    assert wal_path(db).exists() != published
    # and the next writer carries on from there
    report = _load(db, dataset(tmp_path / "more", [("x9", "praises", "x0", "2025", "k")]))
    assert (report.loaded, report.relations) == (1, 6)


KILLED_LOAD = """
import sys
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
EmbeddedStore.defer_from = 0
store = EmbeddedStore(sys.argv[1])
batch = read_triples(sys.argv[2], known=store.known())
print("read", flush=True)
store.load(batch)
"""


@pytest.mark.parametrize("rows", [300, 20_000])
def test_a_deferred_load_killed_midway_leaves_the_previous_graph(tmp_path, rows):
    """SIGKILL while the copy and its log are written, over a store with a logged load."""
    first, second, _, _ = _folders(tmp_path)
    db = tmp_path / "g.lbdb"
    _load(db, first)
    _load(db, second)
    assert wal_path(db).exists()
    before = _graph(db)
    big = dataset(tmp_path / "big", [(f"x{i % 300}", "praises", f"x{(i * 7 + 1) % 300}", "2020", f"q {i}")
                                     for i in range(rows) if i % 300 != (i * 7 + 1) % 300], actors=300)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, str(db), str(big)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "read"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith("g.lbdb.tmp-") and p.name.endswith(".wal") for p in tmp_path.iterdir()):
                break
            time.sleep(0.001)
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _graph(db) == before
    report = _load(db, big)
    assert report.loaded == len([r for r in range(rows) if r % 300 != (r * 7 + 1) % 300])
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
