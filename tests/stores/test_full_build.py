"""The full build of the embedded store (a new store, or --replace): relations merged
column-wise, written from Arrow."""

from __future__ import annotations

from sahelgraph.model import Actor, Evidence, GraphData, Relation
from sahelgraph.ontology import load_ontology
from sahelgraph.stores.embedded import EmbeddedStore


def test_write_keeps_relations_without_evidence(tmp_path):
    # a relation made by hand (query --write) has no evidence; rewriting the store keeps it
    data = GraphData(actors={i: Actor(i, i.upper(), "state") for i in "abc"},
                     predicates=dict(load_ontology().predicates))
    data.relations[("a", "expels", "b")] = Relation("a", "expels", "b", [Evidence("2022", "s", "q", 0.5)])
    data.relations[("b", "expels", "c")] = Relation("b", "expels", "c", [])
    data.relations[("a", "sanctions", "c")] = Relation("a", "sanctions", "c", [])
    store = EmbeddedStore(tmp_path / "g.lbdb")
    store.write(data)
    rows = store.query("MATCH (a:Actor)-[r]->(b:Actor) RETURN a.id, label(r), b.id, r.weight, "
                       "r.first_date, r.confidence ORDER BY r.id").rows
    assert rows == [["a", "EXPELS", "b", 1, "2022", 0.5], ["b", "EXPELS", "c", 0, None, 1.0],
                    ["a", "SANCTIONS", "c", 0, None, 1.0]]
    assert store.stats()["assertions"] == 1
