"""The Neo4j store and the embedded store give analysis and viz the same graph.

The readers' Batch for tests/data/mini and for the Sahel dataset in graph/ is loaded into
the Neo4j store (through the stand-in for the driver, standin.py: no Neo4j server can run
here) and into the real embedded LadybugDB store; both must read back the same networkx
graph and report the same accounting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from standin import assert_same_graph, store_on

from sahelgraph.readers import read_triples
from sahelgraph.stores.embedded import EmbeddedStore
from sahelgraph.stores.neo4j_cypher import kind_label

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("dataset", ["tests/data/mini", "graph"])
def test_same_graph_as_the_embedded_store(fake, tmp_path, dataset):
    batch = read_triples(ROOT / dataset)
    # the dataset's own ontology.yaml may add predicates and kinds: the linter should know them
    fake.extra_types |= {p.rel_type for p in batch.predicates.values()}
    fake.extra_labels |= {kind_label(a.kind) for a in batch.actors.values()}
    neo4j_report = store_on(fake, batch_size=50).load(batch)
    with EmbeddedStore(tmp_path / "g.lbdb") as embedded:
        embedded_report = embedded.load(read_triples(ROOT / dataset))
        expected = embedded.graph()
    for field in ("rows_read", "loaded", "duplicates", "actors", "relations", "sources"):
        assert getattr(neo4j_report, field) == getattr(embedded_report, field), field
    assert len(neo4j_report.rejected) == len(embedded_report.rejected)
    assert_same_graph(store_on(fake).graph(), expected)
    # and again: a second load changes neither
    store_on(fake, batch_size=50).load(read_triples(ROOT / dataset))
    assert_same_graph(store_on(fake).graph(), expected)
