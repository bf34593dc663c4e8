"""The CLI as an analyst meets it: global options anywhere, no silent empty store, the
README's exit codes, tables that fit the terminal, paths hop by hop, columns as written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main

NO_ENV = {"SAHELGRAPH_DB": None, "NEO4J_URI": None, "COLUMNS": None}


def run(*args, env=None, code=0):
    result = CliRunner(env={**NO_ENV, **(env or {})}).invoke(main, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def test_global_options_come_before_or_after_the_command(sahel_db):
    before = run("--db", sahel_db, "show", "Goita", "--format", "json")
    after = run("show", "Goita", "--db", sahel_db, "--format", "json")
    assert json.loads(before.stdout) == json.loads(after.stdout)
    from sahelgraph.stores.embedded import EmbeddedStore

    actors = EmbeddedStore(sahel_db).stats()["actors"]
    assert json.loads(run("stats", "--format", "json", "--db", sahel_db).stdout)["actors"] == actors > 0
    assert "--db" in run("--help").output and "after the command" in run("--help").output


def test_neo4j_and_db_together_is_a_usage_error(sahel_db):
    result = run("--neo4j", "bolt://localhost:1", "--db", sahel_db, "stats", code=2)
    assert "--neo4j and --db name two stores" in result.output
    result = run("stats", "--db", sahel_db, "--neo4j", "bolt://localhost:1", code=2)
    assert "--neo4j and --db name two stores" in result.output
    result = run("stats", env={"SAHELGRAPH_DB": str(sahel_db), "NEO4J_URI": "bolt://localhost:1"}, code=2)
    assert "SAHELGRAPH_DB and NEO4J_URI are both set" in result.output
    # the command line beats the environment
    ok = run("stats", "--db", sahel_db, "--format", "json", env={"NEO4J_URI": "bolt://localhost:1"})
    assert json.loads(ok.stdout)["store"] == str(sahel_db)


READ_COMMANDS = [
    ["stats"], ["actors"], ["show", "Goita"], ["query", "MATCH (a:Actor) RETURN a.name"],
    ["centrality"], ["path", "US", "junta"], ["ego", "Goita"], ["communities"], ["allies", "Mali"],
    ["adversaries", "Mali"], ["balance"], ["timeline", "Diop"], ["viz", "-o", "page.html"],
    ["export", "-o", "out.graphml"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_a_read_command_on_a_missing_store_says_so(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--db", tmp_path / "nothing.lbdb", code=1)
    assert result.output.strip().splitlines() == [
        f"error: no store at {tmp_path / 'nothing.lbdb'}: load a dataset into it first "
        f"(sahelgraph --db {tmp_path / 'nothing.lbdb'} load graph/), or name an existing store "
        "with --db PATH or SAHELGRAPH_DB"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no page, no export, no store


def test_the_default_store_missing_says_where_it_was_looked_for(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("stats", code=1)
    assert f"no store at .sahelgraph/graph.lbdb ({tmp_path}/.sahelgraph/graph.lbdb)" in result.output
    assert "(sahelgraph load graph/)" in result.output


def test_commands_that_need_no_store_do_not_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("predicates", "--format", "json")
    assert not (tmp_path / ".sahelgraph").exists()


@pytest.mark.parametrize("args,message", [
    (["show", "Zorro"], "error: unknown actor 'Zorro'"),
    (["show", "Goitta"], "error: unknown actor 'Goitta' (did you mean 'Goïta' (alias of 'Assimi Goïta')?)"),
    (["path", "USA", "Goita"], "error: unknown actor 'USA'"),
    (["path", "Mali", "mali"], "error: 'Mali' and 'mali' are the same actor (mali)"),
    (["centrality", "--since", "2022-13"], "error: --since 2022-13: impossible date: there is no month 13"),
    (["timeline", "Diop", "--until", "June"], "error: --until June: bad date 'June'"),
    (["viz", "--focus", "Zorro", "-o", "x.html"], "error: unknown actor 'Zorro'"),
])
def test_usage_errors_exit_2_in_one_line(sahel_db, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("--db", sahel_db, *args, code=2)
    assert result.output.startswith(message) and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("args", [
    ["show", "Diop"], ["path", "US", "junta"], ["centrality"], ["timeline", "Diop"], ["allies", "Mali"],
    ["actors"], ["ego", "Goita", "--relations"], ["balance"], ["query", "MATCH (a:Actor) RETURN a.name, a.description"],
], ids=lambda a: a[0])
def test_tables_fit_the_terminal_unless_wide(sahel_db, args):
    narrow = run("--db", sahel_db, *args, env={"COLUMNS": "80"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    wide = run("--db", sahel_db, *args, "--wide", env={"COLUMNS": "80"})
    if args[0] != "path":  # a path is text: its quotes wrap, --wide leaves them on one line
        assert "…" not in wide.stdout
    assert max(len(line) for line in wide.stdout.splitlines()) > 80


def test_show_wraps_the_quote_and_cuts_the_rest(sahel_db):
    text = run("--db", sahel_db, "show", "Diop", env={"COLUMNS": "100"}).stdout
    assert "Diop addressed the UN Security Council" in " ".join(text.split())
    assert "…" in text  # a long source id is cut, not wrapped


def test_path_prints_each_hop_with_its_evidence(sahel_db):
    text = run("--db", sahel_db, "path", "United States", "junta", env={"COLUMNS": "200"}).stdout
    lines = text.splitlines()
    assert lines[0] == ("1 shortest path between United States and Malian junta, 2 hops, "
                        "relations followed either way:")
    assert "  1. United States –praises→ United Nations" in lines
    assert any(line.startswith("     2023-01, 2023-01-diop-rejects-guterres-minusma-options: “Richard Mills") for line in lines)
    assert any(line.startswith("  2. United Nations –") for line in lines)


def test_path_all_has_a_default_limit_and_says_when_it_cut(sahel_db):
    result = run("--db", sahel_db, "path", "Wagner", "MINUSMA", "--all", "--max-hops", "4", "--format", "json")
    assert len(json.loads(result.stdout)) == 20
    assert "note: showing the first 20 paths; there are more (--limit N shows N)" in result.stderr
    result = run("--db", sahel_db, "path", "Wagner", "MINUSMA", "--all", "--max-hops", "4", "--limit", "500",
                 "--format", "json")
    assert 20 < len(json.loads(result.stdout)) < 500 and "note:" not in result.stderr


def test_query_columns_are_what_the_user_wrote(sahel_db):
    result = run("--db", sahel_db, "query",
                 "MATCH (a:Actor {id: $id})-[r]-(b:Actor) RETURN label(r), b.name, count(*) AS n "
                 "ORDER BY n DESC, b.name LIMIT 3", "--param", "id=minusma", "--format", "json")
    assert list(json.loads(result.stdout)[0]) == ["label(r)", "b.name", "n"]
    assert run("--db", sahel_db, "query", "MATCH (a:Actor) RETURN a.id LIMIT 1").stdout.startswith("a.id")


def test_show_csv_keeps_the_actor(sahel_db):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("--db", sahel_db, "show", "Goita", "--format", "csv").stdout)))
    assert rows and {r["actor_id"] for r in rows} == {"assimi-goita"}
    assert rows[0]["actor_name"] == "Assimi Goïta" and rows[0]["actor_kind"] == "person"
    assert "Goita" in rows[0]["actor_aliases"] and rows[0]["other_id"] and rows[0]["other"]


def test_balance_json_has_signs_and_booleans(sahel_db):
    triads = json.loads(run("--db", sahel_db, "balance", "--format", "json").stdout)
    assert triads and all(t[k] in (1, -1) for t in triads for k in ("ab", "ac", "bc"))
    assert all(isinstance(t["balanced"], bool) and set(t["a"]) == {"id", "name"} for t in triads)


def test_viz_focus_left_out_by_the_filters_says_so(sahel_db, tmp_path):
    page = tmp_path / "p.html"
    result = run("--db", sahel_db, "viz", "--focus", "Goita", "--kind", "state", "-o", page, code=1)
    assert result.output.strip() == ("error: actor 'Goita' (assimi-goita) is not in the graph under these "
                                     "filters (kind state)")
    assert not page.exists()
