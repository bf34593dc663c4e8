"""Hand-made graphs in the shape of sahelgraph.model for the analysis tests.

The CLI tests use ``mini_db`` from tests/conftest.py: a real embedded store holding
tests/data/mini.
"""

from __future__ import annotations

import networkx as nx


def relation_graph(relations, actors=()) -> nx.MultiDiGraph:
    """A graph in the shape of sahelgraph.model from (subject, predicate, object, weight,
    polarity[, symmetric]) tuples; each relation gets ``weight`` pieces of evidence."""
    G = nx.MultiDiGraph()
    for actor in actors:
        G.add_node(actor, name=actor.title(), kind="state", aliases=[])
    for subject, predicate, obj, weight, polarity, *rest in relations:
        for node in (subject, obj):
            if node not in G:
                G.add_node(node, name=node.title(), kind="state", aliases=[])
        evidence = [{"date": f"202{i % 4}", "source": "wire", "quote": f"{subject} {predicate} {obj} #{i}",
                     "confidence": 1.0, "note": None, "file": None, "line": None} for i in range(weight)]
        G.add_edge(subject, obj, key=predicate, predicate=predicate, polarity=polarity,
                   symmetric=bool(rest and rest[0]), weight=weight, evidence=evidence,
                   first_date=min((e["date"] for e in evidence), default=None),
                   last_date=max((e["date"] for e in evidence), default=None),
                   confidence=1.0, sources=["wire"])
    return G


def random_graph(n=300, m=1200, seed=1) -> nx.MultiDiGraph:
    """A random relation graph: parallel relations, both directions, symmetric predicates,
    evidence counts 1-4, an isolated actor and a self-loop."""
    import random

    rnd = random.Random(seed)
    predicates = [("supports", 1, False), ("expels", -1, False), ("leads", 0, False),
                  ("cooperates_with", 1, True)]
    relations = set()
    while len(relations) < m:
        u, v = f"a{rnd.randrange(n):03d}", f"a{rnd.randrange(n):03d}"
        predicate, polarity, symmetric = rnd.choice(predicates)
        relations.add((u, predicate, v, rnd.randint(1, 4), polarity, symmetric))
    return relation_graph(sorted(relations), actors=[f"a{i:03d}" for i in range(n)] + ["isolated"])
