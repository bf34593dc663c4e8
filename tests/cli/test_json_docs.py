"""docs/json.md documents each command's JSON; this runs every command it shows on the Sahel
dataset and checks that the output parses and has exactly the documented keys, at every level
(every item of every list is checked against the documented first item)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahelgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "json.md"
SECTION = re.compile(r"^### `sahelgraph (?P<command>.+?)`\n(?P<body>.*?)```json\n(?P<json>.*?)```", re.M | re.S)


def documented() -> list[tuple[str, object]]:
    return [(m["command"], json.loads(m["json"])) for m in SECTION.finditer(DOC.read_text(encoding="utf-8"))]


def same_shape(doc, real, where="") -> None:
    if isinstance(doc, dict):
        assert isinstance(real, dict), f"{where}: expected an object, got {real!r}"
        assert set(real) == set(doc), f"{where}: keys {sorted(real)} != documented {sorted(doc)}"
        for key in doc:
            if doc[key] is not None and real[key] is not None:
                same_shape(doc[key], real[key], f"{where}.{key}")
    elif isinstance(doc, list):
        assert isinstance(real, list), f"{where}: expected a list, got {real!r}"
        if doc:
            for i, item in enumerate(real):
                same_shape(doc[0], item, f"{where}[{i}]")
    else:
        assert not isinstance(real, (dict, list)), f"{where}: expected a value, got {real!r}"
        if isinstance(doc, bool) or isinstance(real, bool):
            assert isinstance(doc, bool) and isinstance(real, bool), f"{where}: {real!r} vs {doc!r}"


def test_the_page_documents_every_command_that_prints_json():
    commands = {command.split()[0] for command, _ in documented()}
    assert commands >= {"stats", "load", "validate", "actors", "show", "query", "predicates", "centrality",
                        "path", "ego", "communities", "allies", "adversaries", "balance", "timeline"}


@pytest.mark.parametrize("command,example", documented(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_command_prints_its_documented_json(command, example, sahel_db, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "graph", tmp_path / "graph")
    db = tmp_path / "sahel.lbdb"
    db.write_bytes(sahel_db.read_bytes())
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)
    assert args[-2:] == ["--format", "json"]
    result = CliRunner(env={"SAHELGRAPH_DB": None, "NEO4J_URI": None}).invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    real = json.loads(result.stdout)
    assert isinstance(real, type(example))
    assert real or args[0] == "validate", "the example command should print something"
    same_shape(example, real, args[0])
    if args[0] == "validate":  # the clean dataset has no diagnostics: check a file that has
        bad = tmp_path / "extra.tsv"
        bad.write_text("subject\tpredicate\tobject\nMali\texpells\tjunta\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["--db", str(db), "validate", str(bad), "--format", "json"])
        assert result.exit_code == 1
        diagnostics = json.loads(result.stdout)
        assert diagnostics
        same_shape(example, diagnostics, "validate")
