"""fast_layout: complete, deterministic, and a layout (neighbours close, components apart)."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from sahelgraph.viz.layout import fast_layout


def lengths(G, pos):
    return [math.dist(pos[u], pos[v]) for u, v in G.edges() if u != v]


def test_every_node_gets_a_finite_position():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "b"), ("b", "a"), ("a", "a"), ("c", "d")])
    G.add_node("alone")
    pos = fast_layout(G)
    assert set(pos) == set(G)
    assert all(len(p) == 2 and all(math.isfinite(c) for c in p) for p in pos.values())
    assert fast_layout(nx.Graph()) == {}
    assert set(fast_layout(nx.empty_graph(1))) == {0}


def test_the_same_seed_gives_the_same_picture():
    G = nx.gnm_random_graph(300, 700, seed=4)
    assert fast_layout(G, seed=3) == fast_layout(G, seed=3)
    assert fast_layout(G, seed=3) != fast_layout(G, seed=4)


# networkx's spring_layout and kamada_kawai_layout reach about 0.47 on the scale-free graph:
# an expander has no layout where all neighbours are close
@pytest.mark.parametrize("G, ratio", [(nx.grid_2d_graph(15, 15), 0.25), (nx.random_labeled_tree(400, seed=1), 0.1),
                                      (nx.barabasi_albert_graph(600, 2, seed=2), 0.55)],
                         ids=["grid", "tree", "scale-free"])
def test_neighbours_are_closer_than_strangers(G, ratio):
    pos = fast_layout(G, seed=0)
    nodes = list(G)
    rng = random.Random(0)
    strangers = [math.dist(pos[rng.choice(nodes)], pos[rng.choice(nodes)]) for _ in range(2000)]
    assert np.median(lengths(G, pos)) < ratio * np.median(strangers)


def test_edges_are_about_scale_long_and_nodes_do_not_pile_up():
    G = nx.grid_2d_graph(12, 12)
    pos = fast_layout(G, scale=100.0)
    assert np.median(lengths(G, pos)) == pytest.approx(100.0)
    xy = np.array(list(pos.values()))
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) + np.eye(len(xy)) * 1e9
    assert d.min() > 10
    doubled = fast_layout(G, scale=200.0)
    assert np.median(lengths(G, doubled)) == pytest.approx(2 * np.median(lengths(G, pos)))


def test_components_do_not_overlap():
    G = nx.disjoint_union_all([nx.complete_graph(30), nx.cycle_graph(40), nx.path_graph(5), nx.empty_graph(10)])
    pos = fast_layout(G)
    boxes = []
    for component in nx.connected_components(G):
        xy = np.array([pos[n] for n in component])
        if len(component) > 1:
            boxes.append((xy.min(0), xy.max(0)))
    for i, (low_a, high_a) in enumerate(boxes):
        for low_b, high_b in boxes[i + 1:]:
            assert (high_a < low_b).any() or (high_b < low_a).any(), "two components overlap"


def test_large_graphs_are_handled():
    G = nx.gnm_random_graph(5000, 12500, seed=1)
    pos = fast_layout(G)
    assert len(pos) == 5000 and np.isfinite(np.array(list(pos.values()))).all()
