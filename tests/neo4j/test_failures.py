"""What a user sees when Neo4j is not as expected, against real servers: a wrong password, an
unknown database, nothing listening, the client killed in the middle of a load, and the
server stopped in the middle of one (a second server, started and killed here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from datasets import MINI_ACTORS
from server_process import Neo4jServer

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini"
WRONG = "not-the-password-Zq9"


def one_error_line(result_output: str) -> str:
    lines = [line for line in result_output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result_output
    return lines[0]


def test_wrong_password(neo4j_db):
    result = neo4j_db.cli("neo4j", "status", NEO4J_PASSWORD=WRONG)
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert line == (f"error: Neo4j at {neo4j_db.uri} refused user 'neo4j': wrong user name or password "
                    "(NEO4J_USERNAME / NEO4J_PASSWORD, or --username / --password)")
    assert WRONG not in result.output and neo4j_db.password not in result.output


def test_unknown_database(neo4j_db):
    result = neo4j_db.cli("stats", NEO4J_DATABASE="sahle")
    assert result.exit_code == 1
    assert one_error_line(result.output) == (
        "error: Neo4j has no database 'sahle': pick one that SHOW DATABASES lists with NEO4J_DATABASE / "
        "--database, or leave it unset for the server's default")
    assert neo4j_db.password not in result.output


def test_nothing_listening(neo4j_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = neo4j_db.cli("stats", NEO4J_URI=f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert one_error_line(result.output).startswith(f"error: cannot reach Neo4j at bolt://127.0.0.1:{port}")
    assert neo4j_db.password not in result.output


def big_dataset(path: Path, relations: int = 20000) -> Path:
    """The mini dataset plus many people criticising each other: a load that takes a while."""
    path.mkdir()
    for name in ("sources.tsv",):
        (path / name).write_text((MINI / name).read_text(encoding="utf-8"), encoding="utf-8")
    (path / "sources").mkdir()
    header = (MINI / "actors.tsv").read_text(encoding="utf-8").splitlines()[0]
    people = [f"p{i}\tPerson {i}\tperson\t\t\t" for i in range(2000)]
    (path / "actors.tsv").write_text("\n".join([header, *(MINI / "actors.tsv").read_text(
        encoding="utf-8").splitlines()[1:], *people]) + "\n", encoding="utf-8")
    rows = ["subject\tpredicate\tobject\tdate\tsource\tquote"]
    rows += [f"p{i % 2000}\tcriticizes\tp{(i * 7 + 1) % 2000}\t2023\tmini-wire\t" for i in range(relations)
             if i % 2000 != (i * 7 + 1) % 2000]
    (path / "triples.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def start_load(uri: str, password: str, dataset: Path) -> subprocess.Popen:
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": password}
    env.pop("NEO4J_DATABASE", None)
    return subprocess.Popen([sys.executable, "-m", "sahelgraph", "load", str(dataset)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_write(run, process: subprocess.Popen, timeout: float = 300) -> None:
    """Until the load's transaction is writing relations on the server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        rows = run("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'CRITICIZES' "
                   "RETURN count(*) AS n")
        if rows[0]["n"]:
            return
        time.sleep(0.2)
    raise AssertionError("the load never started writing")


def test_a_load_killed_midway_leaves_the_previous_graph(neo4j_db, tmp_path):
    neo4j_db.cli("load", MINI)
    before = neo4j_db.dump()
    process = start_load(neo4j_db.uri, neo4j_db.password, big_dataset(tmp_path / "big"))
    wait_for_write(neo4j_db.run, process)
    process.kill()
    process.wait()
    # the server rolls the transaction back when the client's connection drops
    deadline = time.monotonic() + 120
    while neo4j_db.run("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'CRITICIZES' "
                       "RETURN count(*) AS n")[0]["n"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert neo4j_db.dump() == before
    assert len(MINI_ACTORS) == neo4j_db.run("MATCH (a:Actor) RETURN count(a) AS n")[0]["n"]


@pytest.fixture(scope="module")
def second_server(tmp_path_factory, neo4j_server):
    server = Neo4jServer(tmp_path_factory.mktemp("second") / "home")
    try:
        yield server.start()
    finally:
        server.stop()


def test_server_stopped_midway_is_one_line_and_the_graph_survives(second_server, tmp_path):
    import neo4j

    password = second_server.password
    first = subprocess.run([sys.executable, "-m", "sahelgraph", "load", str(MINI)], capture_output=True, text=True,
                           env={**os.environ, "NEO4J_URI": second_server.uri, "NEO4J_PASSWORD": password})
    assert first.returncode == 0, first.stderr

    def run(cypher):  # the server's address now (a restart picks a new free port)
        with neo4j.GraphDatabase.driver(second_server.uri, auth=("neo4j", password)) as driver:
            return [r.data() for r in driver.execute_query(cypher).records]

    process = start_load(second_server.uri, password, big_dataset(tmp_path / "big"))
    wait_for_write(run, process)
    second_server.kill()  # SIGKILL: as a crash or an operator would stop it
    out, err = process.communicate(timeout=300)
    assert process.returncode == 1, (out, err)
    lines = [line for line in err.strip().splitlines() if line.strip() and not line.startswith("writing")]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "cannot reach Neo4j" in lines[0] or "Neo4j" in lines[0]
    assert password not in out + err
    # started again, the server recovers the graph of before the load
    second_server.start()
    assert run("MATCH (a:Actor) RETURN count(a) AS n") == [{"n": len(MINI_ACTORS)}]
    assert run("MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 7}]


def test_bad_uri_is_one_line_without_credentials(neo4j_db):
    result = neo4j_db.cli("--neo4j", f"http2://analyst:{WRONG}@example.org:7687", "neo4j", "status")
    assert result.exit_code == 1
    assert one_error_line(result.output).startswith(
        "error: --neo4j http2://example.org:7687: URI scheme 'http2' is not supported")
    assert WRONG not in result.output and "analyst" not in result.output


def test_neo4j_commands_need_a_server(neo4j_db):
    result = neo4j_db.cli("neo4j", "status", NEO4J_URI=None)
    assert result.exit_code == 2 and "needs a Neo4j server: pass --neo4j URI or set NEO4J_URI" in result.output


def test_status_and_schema_commands(neo4j_db):
    result = neo4j_db.cli("neo4j", "schema", "--apply")
    assert result.exit_code == 0, result.output
    assert len(neo4j_db.run("SHOW CONSTRAINTS YIELD name")) == 3
    result = neo4j_db.cli("neo4j", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"server": "Neo4j Kernel 5.26.19 community"' in result.stdout and '"gds": "2.13.9"' in result.stdout
    assert neo4j_db.password not in result.output
