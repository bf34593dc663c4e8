"""Path questions on the real Neo4j test server give the graph the embedded store gives:
both search breadth-first from the two ends and keep a relation when the hop it makes lies
on a path short enough (neither enumerates the paths, whose number grows exponentially
with the hops)."""

from __future__ import annotations

import pytest
from datasets import edges, mini_batch

from sahelgraph.model import Actor
from sahelgraph.stores.embedded import EmbeddedStore

# s - u - t with a dead end u - v hanging off the short path, a longer way s - x - y - t,
# a symmetric tie y = t (stored t -> y), and z far away
ACTORS = [Actor(i, i.upper(), "person") for i in ("s", "u", "t", "v", "x", "y", "z", "w")]
TRIPLES = [
    ("s", "criticizes", "u", "2023", "q1", 1.0, None),
    ("u", "criticizes", "t", "2023", "q2", 1.0, None),
    ("u", "criticizes", "v", "2023", "q3", 1.0, None),
    ("s", "criticizes", "x", "2023", "q4", 1.0, None),
    ("x", "criticizes", "y", "2022", "q5", 1.0, None),
    ("t", "allied_with", "y", "2023", "q6", 1.0, None),
    ("z", "criticizes", "w", "2023", "q7", 1.0, None),
]
SEARCHES = [(all_paths, hops, directed) for directed in (False, True)
            for all_paths, hops in ((False, None), (False, 1), (False, 2), (True, 1), (True, 2), (True, 3),
                                    (True, 4), (True, 5))]


@pytest.fixture
def both(neo4j_db, tmp_path):
    batch = mini_batch(TRIPLES, actors=ACTORS)
    neo4j_db.store().load(batch)
    embedded = EmbeddedStore(tmp_path / "e.lbdb")
    embedded.load(mini_batch(TRIPLES, actors=ACTORS))
    yield neo4j_db.store(), embedded
    embedded.close()


def answer(store, source, target, **options):
    G = store.path_graph(source, target, **options)
    return sorted(G.nodes), edges(G)


@pytest.mark.parametrize("all_paths, max_hops, directed", SEARCHES)
def test_path_graph_is_the_embedded_one(both, all_paths, max_hops, directed):
    neo4j, embedded = both
    for source, target in (("s", "t"), ("t", "s"), ("s", "y"), ("v", "y"), ("s", "z")):
        options = dict(all_paths=all_paths, max_hops=max_hops, directed=directed)
        assert answer(neo4j, source, target, **options) == answer(embedded, source, target, **options), \
            (source, target)


def test_the_bound_keeps_a_hop_only_when_it_lies_on_a_path_short_enough(both):
    neo4j, _ = both
    nodes, _ = answer(neo4j, "s", "t", all_paths=True, max_hops=3)
    assert nodes == ["s", "t", "u", "x", "y"]  # s-u-t and s-x-y-t; s-u-v-u-t would take 4 hops
    nodes, _ = answer(neo4j, "s", "t", all_paths=True, max_hops=2)
    assert nodes == ["s", "t", "u"]
    nodes, _ = answer(neo4j, "s", "t", all_paths=False)
    assert nodes == ["s", "t", "u"]
    # directed: the symmetric tie t = y is walked y -> t although it is stored t -> y
    nodes, _ = answer(neo4j, "x", "t", all_paths=False, directed=True)
    assert nodes == ["t", "x", "y"]
    nodes, _ = answer(neo4j, "s", "t", all_paths=True, max_hops=4)
    assert nodes == ["s", "t", "u", "v", "x", "y"]  # a superset: analysis then finds the simple paths
    nodes, relations = answer(neo4j, "s", "z", all_paths=True, max_hops=5)
    assert (nodes, relations) == (["s", "z"], [])


def test_filters_apply_to_the_search(both):
    neo4j, embedded = both
    for options in ({"since": "2023"}, {"predicates": ["criticizes"]}, {"kinds": ["person"]}):
        ours = answer(neo4j, "s", "t", all_paths=True, max_hops=3, **options)
        theirs = answer(embedded, "s", "t", all_paths=True, max_hops=3, **options)
        assert ours[1] == theirs[1] or set(ours[1]) <= set(theirs[1]), options
    # since 2023 drops x - y (2022): the only way left is s - u - t
    assert answer(neo4j, "s", "t", all_paths=True, max_hops=3, since="2023")[0] == ["s", "t", "u"]
