"""The Neo4j exports: the Cypher script and the neo4j-admin import files.

The script is run statement by statement on an empty database of the real test server and
read back (parity with the graph exported); Neo4j's own front end also lints it. The
neo4j-admin files are imported by Neo4j's own bulk importer in test_bulk_import.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cypher_linter import problems
from datasets import assert_same_graph, expected_graph, mini_batch

from sahelgraph.export import export_graph
from sahelgraph.export.cypher_script import cypher_literal, cypher_statements, write_cypher_script
from sahelgraph.export.neo4j_admin import (
    ACTOR_HEADER, ARRAY_DELIMITER, FILES, RELATION_HEADER, import_command, read_neo4j_admin,
    write_neo4j_admin,
)
from sahelgraph.model import Actor, Evidence
from sahelgraph.ontology import Predicate
from sahelgraph.stores import neo4j_cypher as cy

NASTY = [
    "x'}) DETACH DELETE n //", 'say "hi", then; leave', "back\\slash \\' \\n \\u0041", "two\nlines\r\nand\ttab",
    "Goïta – «Bamako» 🇲🇱 ✓", "`backtick`", "comma, semi; pipe | end", "\u2028sep\u0085\u0000nul\x1b",
    "", " padded ", "/* not a comment */", ":param x => 1",
]


def nasty_graph():
    actors = [Actor(f"actor-{i}", text or "empty", "armed_group", [text, "other"] if text else [],
                    text or None, text or None) for i, text in enumerate(NASTY)]
    triples = [(f"actor-{i}", "accuses", f"actor-{(i + 1) % len(NASTY)}", "2023-0" + str(i % 9 + 1), text or None,
                0.5 + i / 100, text or None) for i, text in enumerate(NASTY)]
    batch = mini_batch(triples, actors=actors, file="dir, with 'quotes'/t.tsv")
    # a relation with several pieces of evidence, some values missing in the middle
    batch.assertions += [
        ("actor-0", "accuses", "actor-1", Evidence("2024", "mini-wire", "second", 1.0, None, "f.tsv", 3)),
        ("actor-0", "accuses", "actor-1", Evidence(None, None, None, 0.25, "third", None, None)),
    ]
    batch.sources["mini-wire"].title = NASTY[0]
    batch.sources["mini-wire"].note = NASTY[3]
    batch.predicates["accuses"] = Predicate("accuses", description=NASTY[1], polarity=-1,
                                            subject_kinds=["armed_group", "state"], inverse="accused_by")
    return expected_graph(batch)


def mini_graph():
    return expected_graph(mini_batch())


# -- neo4j-admin -------------------------------------------------------------------------


@pytest.mark.parametrize("make", [mini_graph, nasty_graph])
def test_neo4j_admin_files_round_trip(tmp_path, make):
    G = make()
    files = write_neo4j_admin(G, tmp_path)
    assert [f.name for f in files] == list(FILES)
    assert_same_graph(read_neo4j_admin(tmp_path), G)


def test_neo4j_admin_headers_and_cells(tmp_path):
    write_neo4j_admin(mini_graph(), tmp_path)
    with (tmp_path / "actors.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ACTOR_HEADER
    wagner = next(r for r in rows if r[0] == "wagner-group")
    assert wagner[3] == "Wagner" and wagner[6] == ARRAY_DELIMITER.join(["Actor", "Pmc"])
    with (tmp_path / "relations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == RELATION_HEADER
    leads = next(r for r in rows if r[:3] == ["ivan-maslov", "wagner-group", "LEADS"])
    assert dict(zip(rows[0], leads))["dates:string[]"] == ""  # only missing dates: no property
    assert dict(zip(rows[0], leads))["lines:long[]"] == "4"


def test_neo4j_admin_refuses_the_array_delimiter_in_data(tmp_path):
    batch = mini_batch()
    batch.actors["mali"].name = "Ma\x1fli"
    with pytest.raises(ValueError, match="U\\+001F"):
        write_neo4j_admin(expected_graph(batch), tmp_path)


def test_import_command_in_the_docs():
    docs = (Path(__file__).parents[2] / "docs" / "neo4j.md").read_text(encoding="utf-8")
    assert import_command(FILES, directory="/import") in docs


def test_exporters_are_registered(tmp_path):
    G = mini_graph()
    assert [p.name for p in export_graph(G, "cypher", tmp_path / "sahel.cypher")] == ["sahel.cypher"]
    assert [p.name for p in export_graph(G, "neo4j-admin", tmp_path / "admin")] == list(FILES)


# -- the Cypher script ---------------------------------------------------------------------

ESCAPES = {"\\": "\\", "'": "'", '"': '"', "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def decode_string(token: str) -> str:
    """A Cypher string literal's value (the escapes of the Cypher manual)."""
    assert token[0] == token[-1] and token[0] in "'\""
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
        elif body[i + 1] in ESCAPES:
            out.append(ESCAPES[body[i + 1]])
            i += 2
        elif body[i + 1] == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:
            assert body[i + 1] == "U"
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
    return "".join(out)


@pytest.mark.parametrize("make", [mini_graph, nasty_graph])
def test_script_recreates_the_graph_on_an_empty_database(linter, neo4j_db, tmp_path, make):
    G = make()
    [path] = write_cypher_script(G, tmp_path)
    text = path.read_text(encoding="utf-8")
    # the statements as Neo4j's parser splits the file, without the header comment
    statements = ["\n".join(line for line in s.splitlines() if not line.startswith("//")).strip()
                  for s in linter.split(text)]
    assert [s for s in statements if s] == cypher_statements(G)
    with neo4j_db.driver.session() as session:  # as cypher-shell -f runs a file: one by one
        for statement in (s for s in statements if s):
            session.run(statement.rstrip(";")).consume()
    assert_same_graph(neo4j_db.store().graph(), G)


def test_script_lints_clean_with_nasty_strings(linter):
    statements = cypher_statements(nasty_graph())
    results = linter.lint([{"name": f"script #{i}", "query": s} for i, s in enumerate(statements)],
                          schema=None)
    assert problems(results) == []
    # every string the lexer sees is a whole value: none ends early
    strings = [decode_string(t) for s in statements for t in linter.strings(s)]
    for text in NASTY:
        if text:
            assert text in strings


def test_cypher_literals():
    assert cypher_literal("it's") == "'it\\'s'"
    assert cypher_literal("a\\b") == "'a\\\\b'"
    assert cypher_literal("\u2028\x00") == "'\\u2028\\u0000'"
    assert cypher_literal([1, 1.0, True, None]) == "[1, 1.0, true, null]"
    assert cypher_literal({"odd key": 1}) == "{`odd key`: 1}"
    assert cypher_literal(float("nan")) == "0.0 / 0.0"
    with pytest.raises(TypeError):
        cypher_literal(object())
