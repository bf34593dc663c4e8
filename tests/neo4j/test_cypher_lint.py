"""Every piece of Cypher sahelgraph sends or ships, checked by Neo4j's own Cypher front end
(@neo4j-cypher/language-support, the parser and semantic analysis of Neo4j Browser): the
store's statements, the Browser library in cypher/, and the exported script. Zero errors,
zero deprecations and zero warnings, under Cypher 5 and Cypher 25. (The real server runs
them all in the other tests; the linter also catches deprecations and warnings.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cypher_linter import parameters_of, problems
from datasets import mini_batch

from sahelgraph.export.cypher_script import cypher_statements
from sahelgraph.model import GraphData, merge, to_networkx
from sahelgraph.stores import neo4j_cypher as cy

CYPHER_DIR = Path(__file__).parents[2] / "cypher"
PARAM_LINE = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?);?\s*$", re.M)


def test_the_front_end_is_alive(linter):
    # a broken install would pass everything: prove it finds an error and a deprecation
    results = linter.lint([
        {"name": "undefined", "query": "MATCH (n:Actor) RETURN m"},
        {"name": "deprecated", "query": "MATCH (n:Actor) RETURN id(n) AS i"},
        {"name": "bad procedure", "query": "CALL gds.pageRank.streem('g') YIELD nodeId RETURN nodeId"},
        {"name": "no param", "query": "MATCH (n:Actor {id: $actor}) RETURN n"},
        {"name": "typo label", "query": "MATCH (n:Actr) RETURN n"},
    ])
    by_name = {}
    for r in results:
        by_name.setdefault(r["name"], []).append(r)
    assert all(r["errors"] for r in by_name["undefined"])
    assert all(r["deprecations"] for r in by_name["deprecated"])
    assert all(r["errors"] for r in by_name["bad procedure"])
    assert all(r["errors"] for r in by_name["no param"])
    assert all(r["warnings"] for r in by_name["typo label"])


def test_every_store_statement_lints_clean(linter):
    statements = cy.statements_for_lint()
    results = linter.lint([{"name": name, "query": q, "parameters": parameters_of(q)}
                           for name, q in statements.items()])
    assert len(results) == 2 * len(statements)
    assert problems(results) == []


def test_schema_file_is_the_store_schema(linter):
    text = (CYPHER_DIR / "schema.cypher").read_text(encoding="utf-8")
    statements = [s.strip().rstrip(";").strip() for s in linter.split(_strip_comments(text))]
    assert [s for s in statements if s] == list(cy.SCHEMA)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def _library_files():
    return sorted(p for p in CYPHER_DIR.glob("*.cypher"))


@pytest.mark.parametrize("path", _library_files(), ids=lambda p: p.name)
def test_library_file_lints_clean(linter, path):
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("//")]
    assert header and any("Answers:" in h for h in header) and any("Parameters:" in h for h in header), \
        f"{path.name} needs a header comment saying what it answers and which parameters it takes"
    params = {name: value for name, value in PARAM_LINE.findall(text)}
    body = PARAM_LINE.sub("", text)  # Browser commands, not Cypher
    statements = [s for s in linter.split(body) if _strip_comments(s).strip().rstrip(";").strip()]
    assert statements, f"{path.name} has no statement"
    used = set()
    for statement in statements:
        used |= set(re.findall(r"\$(\w+)", _strip_comments(statement)))
    assert used <= set(params), f"{path.name}: add :param lines for {sorted(used - set(params))}"
    for name in used:
        assert f"${name}" in " ".join(header), f"{path.name}: the header should name ${name}"
    results = linter.lint([{"name": f"{path.name} #{i + 1}", "query": s,
                            "parameters": {n: "" for n in params}} for i, s in enumerate(statements)])
    assert problems(results) == []
    # the :param lines as Browser reads them
    if params:
        lines = "\n".join(m.group(0) for m in PARAM_LINE.finditer(text))
        results = linter.lint([{"name": f"{path.name} :param", "query": lines}], console=True)
        assert problems(results) == []


def test_library_uses_dataset_actor_ids():
    ids = set()
    for path in _library_files():
        ids |= {value.strip("'") for name, value in PARAM_LINE.findall(path.read_text(encoding="utf-8"))
                if name in ("actor", "source", "target")}
    assert ids and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_exported_script_lints_clean(linter):
    batch = mini_batch()
    G = to_networkx(merge(GraphData(predicates=dict(batch.predicates)), batch)[0])
    statements = cypher_statements(G)
    assert linter.split("\n\n".join(statements)) == [s if i == 0 else "\n\n" + s
                                                     for i, s in enumerate(statements)]
    results = linter.lint([{"name": f"script #{i}", "query": s} for i, s in enumerate(statements)])
    assert problems(results) == []
