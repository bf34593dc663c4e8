"""Escape sequences in the data are not echoed raw in messages: a quote or a name that
clears the screen, retitles the window or overwrites lines is shown as visible escapes,
while JSON output and the store keep the data as it is."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sahelgraph.cli import main
from sahelgraph.cli.terminal import printable

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
HOSTILE = "Mal\x1b[2J\x1b]0;pwned\x07i\x08\x9b31m\u202e"
HEADER = "subject\tpredicate\tobject\tdate\tsource\tquote\tconfidence\tnote\n"


def run(*args, db):
    return CliRunner().invoke(main, ["--db", str(db), *map(str, args)])


def assert_no_control_characters(text: str) -> None:
    assert not [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
                or c in "\u202a\u202b\u202c\u202d\u202e"], repr(text)


def test_diagnostics_show_escape_sequences_as_text(tmp_path, mini_db):
    path = tmp_path / "t.tsv"
    path.write_text(HEADER + f"{HOSTILE}\texpels\tjunta\t\tmini-wire\tq\t\t\n", encoding="utf-8")
    for command in ("validate", "load"):
        result = run(command, path, db=mini_db)
        assert result.exit_code == 1
        assert_no_control_characters(result.output)
        assert "Mal\\x1b[2J\\x1b]0;pwned\\x07i\\x08\\x9b31m\\u202e" in result.output
    result = run("validate", "--format", "json", path, db=mini_db)
    assert HOSTILE in json.loads(result.stdout)[0]["message"]  # JSON keeps the data


def test_new_actor_names_are_shown_as_text(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(HEADER + f"{HOSTILE}\texpels\tjunta\t2023\tmini-wire\t\t\t\n", encoding="utf-8")
    db = tmp_path / "g.lbdb"
    assert run("load", MINI, db=db).exit_code == 0
    result = run("load", path, "--new-actors", db=db)
    assert result.exit_code == 0, result.output
    assert_no_control_characters(result.output)
    assert "new actor 'Mal\\x1b[2J" in result.output
    names = run("query", "MATCH (a:Actor) WHERE a.kind = 'unknown' RETURN a.name", "--format", "json", db=db)
    assert json.loads(names.stdout) == [{"a.name": HOSTILE}]  # the store keeps the data


def test_errors_show_escape_sequences_as_text(mini_db):
    result = run("show", HOSTILE, db=mini_db)
    assert result.exit_code == 2  # an unknown actor is a usage error
    assert "error: unknown actor 'Mal\\x1b[2J" in result.output
    assert_no_control_characters(result.output)
    assert printable("\x1b[2J") == "\\x1b[2J"


def test_table_cells_show_escapes_from_the_data(tmp_path):
    """A name holding an escape sequence is shown escaped in a table, kept in JSON."""
    import json

    from click.testing import CliRunner

    from sahelgraph.cli import main

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "actors.tsv").write_text("id\tname\tkind\tcountry\taliases\tdescription\n"
                                       "x\tEvil\x1b[2J\tstate\t\t\t\n", encoding="utf-8")
    (folder / "triples.tsv").write_text("subject\tpredicate\tobject\n", encoding="utf-8")
    db = str(tmp_path / "g.lbdb")
    assert CliRunner().invoke(main, ["--db", db, "load", str(folder)]).exit_code == 0
    shown = CliRunner().invoke(main, ["--db", db, "actors"]).output
    assert "\x1b" not in shown and "Evil\\x1b[2J" in shown
    data = json.loads(CliRunner().invoke(main, ["--db", db, "actors", "--format", "json"]).output)
    assert data[0]["name"] == "Evil\x1b[2J"
