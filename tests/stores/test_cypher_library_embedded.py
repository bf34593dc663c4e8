"""Files of cypher/ that promise to run as written on the embedded store do."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?);?\s*$")


def cypher_file(name: str) -> tuple[str, dict]:
    """The statement of a cypher/ file and the parameters its :param lines set (as Browser would)."""
    params, lines = {}, []
    for line in (ROOT / "cypher" / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("//"):
            continue
        if match := PARAM.match(line):
            params[match.group(1)] = json.loads(match.group(2).replace("'", '"'))
            continue
        lines.append(line)
    return "\n".join(lines).strip().rstrip(";"), params


def test_what_did_a_state_do_runs_on_the_embedded_store(tmp_path):
    store = EmbeddedStore(tmp_path / "acts.lbdb")
    store.load(read_triples(ROOT / "tests" / "data" / "acts"))
    statement, params = cypher_file("what_did_a_state_do.cypher")
    assert params == {"actor": "mali", "predicate": "EXPELS"}
    assert store.query(statement, params).dicts() == [{
        "actor": "Mali", "through": "Malian junta", "predicate": "expels", "target": "Olivier Salgado",
        "first_date": "2022-07-20", "last_date": "2022-07-20", "evidence": 1}]
    every = store.query(statement, {**params, "predicate": None}).dicts()
    assert {(r["through"], r["predicate"], r["target"]) for r in every} == {
        ("Malian junta", "expels", "Olivier Salgado"),
        ("Abdoulaye Diop", "demands_withdrawal_of", "MINUSMA"),
        ("Malian junta", "cooperates_with", "United Nations"),
        ("Malian armed forces", "attacks", "Civilians of Moura"),
    }
