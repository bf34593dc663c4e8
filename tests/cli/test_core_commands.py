"""The core commands through click's runner on real embedded stores: output, exit codes,
and no traceback for any bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"


def run(*args, db=None):
    runner = CliRunner()
    prefix = ["--db", str(db)] if db else []
    return runner.invoke(main, prefix + [str(a) for a in args], catch_exceptions=False)


def test_every_command_has_help_with_an_example():
    names = main.list_commands(None)
    assert len(names) == 20  # merge-actors is the 20th
    for name in names:
        command = main.get_command(None, name)
        assert command.help and "Example" in command.help, f"{name} has no example in its help"
        result = run(name, "--help")
        assert result.exit_code == 0 and "Example" in result.output


def test_the_command_table_names_every_command_each_module_registers():
    from sahelgraph.cli import COMMANDS, command_module

    registered = {name: module for module in set(COMMANDS.values())
                  for name in command_module(module)}
    assert registered == COMMANDS


def test_load_prints_the_report(tmp_path):
    result = run("load", MINI, db=tmp_path / "g.lbdb")
    assert result.exit_code == 0, result.output
    assert "rows read   7" in result.output and "loaded      7" in result.output
    again = run("load", MINI, "--format", "json", db=tmp_path / "g.lbdb")
    counts = json.loads(again.output)
    assert (counts["loaded"], counts["duplicates"], counts["rejected"]) == (0, 7, 0)


def test_validate_clean_and_dirty(tmp_path, mini_db):
    assert run("validate", MINI, db=tmp_path / "none.lbdb").exit_code == 0
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "Mali\texpells\tjunta\t\tmini-wire\tMali expelled\t\t\n")
    result = run("validate", bad, db=mini_db)
    assert result.exit_code == 1
    assert f"{bad}:2: error: unknown predicate 'expells' (did you mean 'expels'?)" in result.output


def test_load_with_errors_changes_nothing_and_writes_rejects(tmp_path, mini_db):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "Mali\texpells\tjunta\t\tmini-wire\tMali expelled\t\t\n"
                   "Wagner\tpraises\tMali\t2023\tmini-wire\tWagner supports the junta\t\t\n")
    stamp = mini_db.stat().st_mtime_ns
    rejects = tmp_path / "fix.tsv"
    result = run("load", bad, "--rejects", rejects, db=mini_db)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"{bad}:2: error: unknown predicate 'expells' (did you mean 'expels'?)",
        "1 error(s); nothing was changed."]
    assert mini_db.stat().st_mtime_ns == stamp
    assert rejects.read_text() == (HEADER.replace("\n", "") + "\n"
                                   f"# {bad}:2: error: unknown predicate 'expells' (did you mean 'expels'?)\n"
                                   "Mali\texpells\tjunta\t\tmini-wire\tMali expelled\t\t\n")
    # fixed and loaded again, the rejects file is a normal input file
    rejects.write_text(rejects.read_text().replace("expells", "expels"))
    assert run("load", rejects, db=mini_db).exit_code == 0


def test_skip_invalid_loads_the_rest(tmp_path, mini_db):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "Mali\texpells\tjunta\t\tmini-wire\tMali expelled\t\t\n"
                   "Wagner\tpraises\tMali\t2023\tmini-wire\tWagner supports the junta\t\t\n")
    result = run("load", bad, "--skip-invalid", "--format", "json", db=mini_db)
    assert result.exit_code == 0
    counts = json.loads(result.stdout)
    assert (counts["rows_read"], counts["loaded"], counts["rejected"], counts["relations"]) == (2, 1, 1, 8)


def test_stats_actors_show_query(mini_db):
    stats = json.loads(run("stats", "--format", "json", db=mini_db).output)
    assert stats == {"actors": 9, "sources": 1, "relations": 7, "assertions": 7, "predicates": 6,
                     "store": str(mini_db)}
    persons = run("actors", "--kind", "person", "--format", "csv", db=mini_db).output.splitlines()
    assert persons[0] == "id,name,kind,country,relations,aliases"
    assert [line.split(",")[0] for line in persons[1:]] == ["assimi-goita", "ivan-maslov", "olivier-salgado"]
    shown = run("show", "goïta", "--format", "json", db=mini_db)
    data = json.loads(shown.output)
    assert data["id"] == "assimi-goita" and data["relations"] == [{
        "direction": "out", "predicate": "leads", "other": {"id": "mali-junta", "name": "Malian junta"},
        "through": None, "date": None, "source": "mini-wire", "quote": "the junta led by Colonel Assimi Goïta",
        "modality": "asserted", "confidence": 1.0}]
    rows = run("query", "MATCH (a:Actor {id: $id}) RETURN a.name AS name", "--param", "id=mali",
               "--format", "json", db=mini_db)
    assert json.loads(rows.output) == [{"name": "Mali"}]


@pytest.mark.parametrize("make_args,expected", [
    (lambda t: ["load", t / "missing.tsv"], "{t}/missing.tsv: error: no such file or directory"),
    (lambda t: ["load", t / "notes.docx"], "{t}/notes.docx: error: cannot read '.docx' files (use .tsv, .csv, .tab, .jsonl, .txt (line notation or a table) or .ann (brat))"),
    (lambda t: ["load", t / "latin1.tsv"], "{t}/latin1.tsv:2: error: not UTF-8"),
    (lambda t: ["load", t / "onto"], "{t}/onto/ontology.yaml:2: error: not valid YAML"),
    (lambda t: ["query", "MATCH (a RETURN a"], "error: query failed: Parser exception"),
    (lambda t: ["query", "CREATE (:Actor {id: 'x'})"], "(add --write to change the database)"),
    (lambda t: ["--db", t, "stats"], "is a directory, not a database file"),
])
def test_bad_input_is_one_line_and_exit_1_never_a_traceback(tmp_path, mini_db, make_args, expected):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "latin1.tsv").write_bytes((HEADER + "Goïta\tleads\tjunta\t\t\t\t\t\n").encode("latin-1"))
    (tmp_path / "onto").mkdir()
    (tmp_path / "onto" / "ontology.yaml").write_text("predicates: [unclosed\n")
    args = [str(a) for a in make_args(tmp_path)]
    proc = subprocess.run([sys.executable, "-m", "sahelgraph", "--db", str(mini_db), *args],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert expected.format(t=tmp_path) in proc.stderr


@pytest.mark.parametrize("args", [
    ["load"], ["load", "x.tsv", "--map", "subject"], ["load", "x.tsv", "--map", "subject=A,colour=B"],
    ["query", "RETURN 1", "--param", "novalue"], ["frobnicate"], ["load", "x", "--format", "xml"],
])
def test_usage_errors_exit_2(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["stats"], ["actors"], ["show", "Mali"], ["show", "Mali", "--predicate", "expels", "--kind", "state"],
    ["path", "Mali", "Wagner"], ["centrality", "--top", "3"], ["ego", "Mali"],
])
def test_a_read_command_opens_the_database_once(sahel_db, monkeypatch, args):
    # counted, not replaced: the real database answers
    import ladybug

    opened, real = [], ladybug.Database
    monkeypatch.setattr(ladybug, "Database", lambda *a, **k: opened.append(a) or real(*a, **k))
    result = run(*args, db=sahel_db)
    assert result.exit_code == 0, result.output
    assert len(opened) == 1


def test_show_lists_a_relation_made_by_hand_without_evidence(mini_db):
    made = run("query", "--write", "MATCH (a:Actor {id: 'mali'}), (b:Actor {id: 'minusma'}) "
               "CREATE (a)-[:PRAISES]->(b)", db=mini_db)
    assert made.exit_code == 0, made.output
    result = run("show", "mali", "--format", "json", db=mini_db)
    assert result.exit_code == 0, result.output
    praises = [r for r in json.loads(result.stdout)["relations"] if r["predicate"] == "praises"]
    assert [(r["other"]["id"], r["quote"], r["modality"]) for r in praises] == [("minusma", None, None)]
    assert "praises" in run("show", "mali", db=mini_db).stdout
