"""Writers of one embedded store, as real processes: the lock, concurrent loads, a query
--write during a load, SIGKILL while the lock is held."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sahelgraph.errors import StoreError
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.stores.lock import StoreLock

from .datasets import BIN, cli_env, dataset, snapshot

HOLD = """
import sys, time
from sahelgraph.stores.lock import StoreLock
lock = StoreLock(sys.argv[1])
lock.acquire(wait=0)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the store's writer lock for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_fails_with_one_line_naming_the_first(mini_db):
    holder = hold_lock(mini_db, 30)
    try:
        with pytest.raises(StoreError) as info:
            EmbeddedStore(mini_db, wait=0).query("RETURN 1", write=True)
        message = str(info.value)
        assert "\n" not in message
        assert f"is being written by another writer (pid {holder.pid} on " in message
        assert "HOLD" not in message and "-c" in message  # the holder's command line
        assert "gave up after 0 s (try again later, or wait longer with --wait SECONDS)" in message
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_waits_and_says_for_whom(mini_db):
    holder = hold_lock(mini_db, 1.5)
    told = []
    try:
        started = time.monotonic()
        result = EmbeddedStore(mini_db, wait=60, on_wait=told.append).query(
            "MATCH (a:Actor {id: 'mali'}) SET a.name = 'Mali!' RETURN a.name", write=True)
        assert result.rows == [["Mali!"]]
        assert time.monotonic() - started >= 1.0  # it did wait for the holder
    finally:
        holder.wait()
    assert len(told) == 1 and told[0].startswith(f"waiting for another writer (pid {holder.pid} on ")
    assert "up to 60 s; --wait SECONDS to change" in told[0]


def test_the_cli_waits_with_wait_and_fails_with_one_line(mini_db):
    holder = hold_lock(mini_db, 30)
    try:
        done = subprocess.run([str(BIN / "sahelgraph"), "--db", str(mini_db), "query", "--write",
                               "RETURN 1", "--wait", "0.5"], capture_output=True, text=True,
                              env=cli_env(), timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"waiting for another writer (pid {holder.pid}")
    assert lines[-1].startswith("error: ") and "gave up after 0.5 s" in lines[-1]
    assert "Traceback" not in done.stderr


def test_a_killed_holder_releases_the_lock_and_its_files_are_cleaned(mini_db):
    holder = hold_lock(mini_db, 60)
    leftover = mini_db.with_name(mini_db.name + f".tmp-{holder.pid}-deadbeef")
    leftover.write_bytes(b"half a database")
    # a live writer's files stay, even when its pid means nothing here (another PID namespace)
    foreign = mini_db.with_name(mini_db.name + ".tmp-999999999-cafe")
    foreign.write_bytes(b"a writer in a container")
    with pytest.raises(StoreError):
        EmbeddedStore(mini_db, wait=0).query("RETURN 1", write=True)
    assert leftover.exists() and foreign.exists()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert not StoreLock(mini_db).busy()
    assert EmbeddedStore(mini_db, wait=0).query("RETURN 1", write=True).rows == [[1]]
    assert not leftover.exists() and not foreign.exists()
    assert not StoreLock(mini_db).path.exists()


def test_the_lock_file_is_gone_after_every_write(mini_db):
    store = EmbeddedStore(mini_db)
    store.query("RETURN 1", write=True)
    with store.writing():
        assert store.lock.busy()
        store.query("RETURN 1", write=True)  # re-entrant: the block's lock serves it
    assert sorted(p.name for p in mini_db.parent.iterdir()) == ["mini.lbdb"]


def _rows(k: int, n: int) -> list[tuple]:
    """Rows of loader k: n relations of its own and evidence on one relation every loader shares."""
    own = [(f"x{i % 10}", "praises", f"x{10 + (i + 7 * k) % 30}", "2020", f"loader {k} row {i}")
           for i in range(n)]
    return own + [("x0", "cooperates_with", "x1", "2021", f"loader {k} on the shared relation")]


def test_concurrent_loads_keep_every_row(tmp_path):
    """N real `sahelgraph load` processes into one store at once: the union, nothing lost."""
    db, loaders = tmp_path / "g.lbdb", 4
    folders = [dataset(tmp_path / f"d{k}", _rows(k, 30)) for k in range(loaders)]
    procs = [subprocess.Popen([str(BIN / "sahelgraph"), "--db", str(db), "load", str(folder),
                               "--format", "json", "--wait", "300"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env())
             for folder in folders]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))  # load --format json prints one object
    for report in reports:
        assert report["rows_read"] == report["loaded"] + report["duplicates"] + report["rejected"]
    assert sum(r["loaded"] for r in reports) == loaders * 31
    G = EmbeddedStore(db).graph()
    quotes = {e["quote"] for _, _, d in G.edges(data=True) for e in d["evidence"]}
    assert quotes == {row[4] for k in range(loaders) for row in _rows(k, 30)}
    # a symmetric relation loaded from several processes stays one relation
    shared = [(u, v) for u, v, k in G.edges(keys=True) if k == "cooperates_with"]
    assert len(shared) == 1 and G.edges[(*shared[0], "cooperates_with")]["weight"] == loaders
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("g.lbdb")) == ["g.lbdb"]


def test_a_query_write_during_a_load_is_not_lost(tmp_path, mini_db):
    big = dataset(tmp_path / "big", [(f"x{i % 50}", "praises", f"x{(i * 7 + 1) % 50}", "2020", f"quote {i}")
                                     for i in range(60_000) if i % 50 != (i * 7 + 1) % 50])
    load = subprocess.Popen([str(BIN / "sahelgraph"), "--db", str(mini_db), "load", str(big),
                             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=cli_env())
    lock = StoreLock(mini_db)
    deadline = time.monotonic() + 300
    while not lock.busy() and load.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert load.poll() is None, "the load finished before the query could run"
    query = subprocess.run([str(BIN / "sahelgraph"), "--db", str(mini_db), "query", "--write",
                            "CREATE (:Actor {id: 'added-during', name: 'Added', kind: 'state', aliases: []})",
                            "--wait", "300"], capture_output=True, text=True, env=cli_env(), timeout=600)
    out, err = load.communicate(timeout=600)
    assert load.returncode == 0 and query.returncode == 0, err + query.stderr
    assert "waiting for another writer" in query.stderr
    G = EmbeddedStore(mini_db).graph()
    assert "added-during" in G.nodes
    assert json.loads(out)["loaded"] == sum(
        d["weight"] for u, v, d in G.edges(data=True) if u.startswith("x"))


KILLED_LOAD = """
import sys
from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
batch = read_triples(sys.argv[2], known=store.known())
print("read", flush=True)
store.load(batch)
"""


@pytest.mark.parametrize("rows", [300, 120_000])
def test_an_incremental_load_killed_holding_the_lock_leaves_the_previous_graph(mini_db, tmp_path, rows):
    """SIGKILL once the new version is being written (small loads create rows, large ones COPY)."""
    big = dataset(tmp_path / "big", [(f"x{i % 300}", "praises", f"x{(i * 7 + 1) % 300}", "2020", f"q {i}")
                                     for i in range(rows) if i % 300 != (i * 7 + 1) % 300], actors=300)
    before = snapshot(EmbeddedStore(mini_db).graph())
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, str(mini_db), str(big)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "read"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith("mini.lbdb.tmp-") and p.suffix != ".lock" and not p.is_dir()
                   for p in mini_db.parent.iterdir()):
                break
            time.sleep(0.002)
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(EmbeddedStore(mini_db).graph()) == before
    # the lock died with the process; the next writer cleans up and loads
    store = EmbeddedStore(mini_db, wait=0)
    report = store.load(read_triples(big, known=store.known()))
    assert report.loaded == len([r for r in range(rows) if r % 300 != (r * 7 + 1) % 300])
    assert sorted(p.name for p in mini_db.parent.iterdir()) == ["big", "mini.lbdb"]
