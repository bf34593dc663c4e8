"""Inputs that once got a traceback or broke a load: each now gets one clear line per
problem, exit 1, and the store is left byte-identical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.readers import read_triples

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
GOOD = {"subject": "Mali", "predicate": "expels", "object": "MINUSMA", "date": "2023",
        "source": "mini-wire", "quote": "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022."}


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *map(str, args)])


def assert_one_clear_line_per_problem(result, *expected):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for text in expected:
        assert text in result.output, result.output


def jsonl(tmp_path, text: str) -> Path:
    path = tmp_path / "hostile.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_nested_2000_deep_is_one_line(tmp_path, mini_db):
    path = jsonl(tmp_path, '{"subject": ' + "[" * 2000 + "]" * 2000 + "}\n" + json.dumps(GOOD) + "\n")
    before = mini_db.read_bytes()
    for command in ("validate", "load"):
        result = run(command, path, db=mini_db)
        assert_one_clear_line_per_problem(result, f"{path}:1: error: JSON nested too deeply")
    assert mini_db.read_bytes() == before


@pytest.mark.parametrize("where", ["confidence", "subject"])
def test_jsonl_number_of_4300_digits_is_one_line(tmp_path, mini_db, where):
    record = json.dumps({**GOOD, where: 0}).replace(f'"{where}": 0', f'"{where}": ' + "7" * 4301)
    path = jsonl(tmp_path, record + "\n")
    before = mini_db.read_bytes()
    result = run("load", path, db=mini_db)
    assert_one_clear_line_per_problem(result, f"{path}:1: error: a number of 4301 digits")
    assert mini_db.read_bytes() == before


def test_lone_surrogates_are_refused_at_read_time(tmp_path, mini_db):
    path = jsonl(tmp_path, json.dumps(GOOD)[:-1] + ', "note": "a\\ud800b"}\n'
                 + json.dumps(GOOD)[:-1] + ', "n\\udc00te": "x"}\n')
    batch = read_triples(MINI / "actors.tsv", MINI / "sources.tsv", path)
    assert [d.line for d in batch.errors] == [1, 2, 2]
    assert "'note' holds a lone surrogate \\ud800" in str(batch.errors[0])
    before = mini_db.read_bytes()
    assert_one_clear_line_per_problem(run("validate", path, db=mini_db),
                                      f"{path}:1: error: 'note' holds a lone surrogate \\ud800 (")
    result = run("validate", "--format", "json", path, db=mini_db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert json.loads(result.stdout)[0]["message"] == "'note' holds a lone surrogate \\ud800"
    assert_one_clear_line_per_problem(run("load", path, db=mini_db), "3 error(s); nothing was changed.")
    rejects = tmp_path / "fix.tsv"
    result = run("load", path, "--skip-invalid", "--rejects", rejects, db=mini_db)
    assert result.exit_code == 0, result.output
    assert "a\ufffdb" in rejects.read_text(encoding="utf-8")
    assert run("stats", db=mini_db).exit_code == 0


def test_long_values_are_cut_in_messages(tmp_path, mini_db):
    path = jsonl(tmp_path, json.dumps({**GOOD, "confidence": "9" * 100_000}) + "\n")
    result = run("validate", path, db=mini_db)
    assert_one_clear_line_per_problem(result, "bad confidence '99999")
    assert max(map(len, result.output.splitlines())) < 1000


def test_tsv_field_over_the_csv_limit_is_read(tmp_path, mini_db):
    quote = "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022. " * 3000  # 195,000 chars
    path = tmp_path / "long.tsv"
    path.write_text("subject\tpredicate\tobject\tsource\tquote\n"
                    f"Mali\texpels\tMINUSMA\tmini-wire\t{quote}\n", encoding="utf-8")
    batch = read_triples(MINI / "actors.tsv", MINI / "sources.tsv", path)
    assert len(batch.assertions) == 1 and not batch.errors
    assert len(batch.assertions[0][3].quote) == len(quote.strip())


def test_mapped_table_field_over_the_csv_limit_is_read(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("A,B,C,Q\nMali,expels,MINUSMA," + "q" * 200_000 + "\n", encoding="utf-8")
    batch = read_triples(MINI / "actors.tsv", path, new_actors=True,
                         mapping={"subject": "A", "predicate": "B", "object": "C", "quote": "Q"})
    assert len(batch.assertions) == 1 and len(batch.assertions[0][3].quote) == 200_000


def test_query_param_list_mixing_types_is_one_line(mini_db):
    result = run("query", "RETURN $n", "--param", 'n=[1,"a"]', db=mini_db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "n=[1,\"a\"]" in result.output and "one type" in result.output
    result = run("query", "RETURN $n", "--param", 'n={"a": [{"b": 1}, {"b": "x"}]}', db=mini_db)
    assert result.exit_code == 2 and "one type" in result.output
    ok = run("query", "RETURN $n", "--param", "n=[1, 2.5, null]", "--format", "json", db=mini_db)
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize("args", [["query", 'RETURN "\udcff"'], ["show", "Mal\udcffi"],
                                  ["path", "Mal\udcffi", "MINUSMA"], ["query", "RETURN $n", "--param", "n=\udcff"]])
def test_command_line_text_that_is_not_utf8_is_one_line(mini_db, args):
    result = run(*args, db=mini_db)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (TypeError, RuntimeError))
    assert "is not UTF-8 (check the terminal's encoding)" in result.output and "\\xff" in result.output


def test_columns_past_the_end_of_a_headerless_row_are_one_line(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("Mali\texpels\tMINUSMA\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.lbdb"), "validate", str(path), "--map",
                                       "subject=1,predicate=2,object=3", "--no-header", "--delimiter", ";",
                                       "--new-actors"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"{path}:1: error: row has 1 field(s); the mapping reads column 3 " \
           "(check --delimiter and the column positions in --map)" in result.output
