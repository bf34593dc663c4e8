"""The mini dataset (tests/data/mini) as the readers make it, and graph comparisons, for the
Neo4j tests."""

from __future__ import annotations

import copy

from sahelgraph.model import Actor, Batch, Evidence, GraphData, Source, merge, to_networkx
from sahelgraph.ontology import load_ontology


# -- the mini dataset (tests/data/mini) as the readers will make it ---------------------

MINI_ACTORS = [
    Actor("mali", "Mali", "state", ["Republic of Mali", "Malian"], "Mali", "West African state"),
    Actor("mali-junta", "Malian junta", "government", ["junta", "military government"], "Mali",
          "The military government in Bamako since 2020"),
    Actor("minusma", "MINUSMA", "igo", ["Minusma", "UN mission"], "Mali", "UN peacekeeping mission in Mali"),
    Actor("united-nations", "United Nations", "igo", ["UN", "U.N."], None, "The United Nations"),
    Actor("wagner-group", "Wagner Group", "pmc", ["Wagner"], "Russia", "Russian private military company"),
    Actor("united-states", "United States", "state", ["US", "U.S."], "United States",
          "The United States of America"),
    Actor("ivan-maslov", "Ivan Maslov", "person", ["Maslov"], "Russia", "Head of the Wagner Group in Mali"),
    Actor("assimi-goita", "Assimi Goïta", "person", ["Goïta", "Colonel Goita"], "Mali", "Leader of the Malian junta"),
    Actor("olivier-salgado", "Olivier Salgado", "person", ["Salgado"], None, "MINUSMA spokesperson"),
]

MINI_TRIPLES = [
    ("mali", "expels", "olivier-salgado", "2022-07",
     "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022.", 1.0, None),
    ("united-states", "sanctions", "ivan-maslov", "2023", "The United States sanctioned Ivan Maslov", 1.0, None),
    ("ivan-maslov", "leads", "wagner-group", None, "Ivan Maslov, the head of Wagner in Mali", 0.9, "in Mali only"),
    ("wagner-group", "supports", "mali-junta", "2023", "Wagner supports the junta", 0.8, None),
    ("assimi-goita", "leads", "mali-junta", None, "the junta led by Colonel Assimi Goïta", 1.0, None),
    ("mali-junta", "demands_withdrawal_of", "minusma", "2023-06-16",
     'The junta called for the "immediate withdrawal" of MINUSMA.', 1.0,
     "straight quotes stand for the typographic ones"),
    ("minusma", "member_of", "united-nations", None, "MINUSMA is the United Nations mission in Mali.", 1.0, None),
]


def mini_batch(triples=None, *, actors=None, file="tests/data/mini/triples.tsv") -> Batch:
    """The mini dataset as a Batch, or ``triples`` (same tuple shape) with its actors."""
    onto = load_ontology()
    batch = Batch(
        actors={a.id: copy.deepcopy(a) for a in (actors or MINI_ACTORS)},
        sources={"mini-wire": Source("mini-wire", "Mali tells UN mission to leave", "Mini Wire",
                                     "2023-06-17", None, "en", "mini.txt", "invented for tests")},
        predicates=dict(onto.predicates),
    )
    for line, (s, p, o, date, quote, confidence, note) in enumerate(triples or MINI_TRIPLES, start=2):
        batch.assertions.append((s, p, o, Evidence(date, "mini-wire", quote, confidence, note, file, line)))
    batch.rows_read = len(batch.assertions)
    return batch


# -- comparing graphs -------------------------------------------------------------------


def expected_graph(*batches):
    data = GraphData()
    for batch in batches:
        merge(data, batch)
    return to_networkx(data)


def edges(G):
    return sorted((u, v, k, repr(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


def assert_same_graph(G, H):
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert edges(G) == edges(H)
    assert G.graph == H.graph
