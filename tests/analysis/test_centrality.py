import itertools
import math

import networkx as nx
import pytest

from sahelgraph.analysis import (
    MEASURES, betweenness_centrality, centrality, closeness_centrality, degree_centrality,
    eigenvector_centrality, pagerank, simple_graph,
)
from sahelgraph.errors import NotFoundError, SahelGraphError

from .conftest import random_graph, relation_graph

OPTIONS = list(itertools.product([False, True], [False, True]))  # (weighted, directed)


def assert_close(ours, reference, tol=1e-9):
    assert ours.keys() == reference.keys()
    assert max(abs(ours[k] - reference[k]) for k in reference) <= tol


def networkx_reference(G, measure, weighted, directed):
    """The same measure computed by plain networkx on the simple graph."""
    H = simple_graph(G, weighted=weighted, directed=directed)
    weight = "weight" if weighted else None
    if measure == "degree":
        return dict(H.degree(weight="weight")) if weighted else nx.degree_centrality(H)
    if measure == "in_degree":
        return dict(H.in_degree(weight="weight")) if weighted else nx.in_degree_centrality(H)
    if measure == "out_degree":
        return dict(H.out_degree(weight="weight")) if weighted else nx.out_degree_centrality(H)
    if measure == "betweenness":
        if weighted:
            # exact lengths: lcm / weight is 1 / weight up to a constant factor
            lcm = math.lcm(*{w for _, _, w in H.edges(data="weight")})
            for _, _, d in H.edges(data=True):
                d["length"] = lcm // d["weight"]
            return nx.betweenness_centrality(H, weight="length")
        return nx.betweenness_centrality(H)
    if measure == "closeness":
        return nx.closeness_centrality(H, distance="distance" if weighted else None)
    if measure == "eigenvector":
        return nx.eigenvector_centrality(H, weight=weight, tol=1e-10, max_iter=1000)
    if measure == "pagerank":
        return nx.pagerank(H, weight=weight, tol=1e-10, max_iter=1000)
    raise AssertionError(measure)


@pytest.fixture(scope="module")
def big():
    return random_graph()


@pytest.mark.parametrize("measure,weighted,directed", [
    (m, w, d) for m in MEASURES for w, d in OPTIONS if d or m not in ("in_degree", "out_degree")
])
def test_random_graph_equals_networkx(big, measure, weighted, directed):
    ours = centrality(big, [measure], weighted=weighted, directed=directed)[measure]
    assert_close(ours, networkx_reference(big, measure, weighted, directed))


@pytest.mark.parametrize("weighted,directed", OPTIONS)
def test_all_measures_in_one_call(big, weighted, directed):
    scores = centrality(big, weighted=weighted, directed=directed)
    assert list(scores) == ["degree", "betweenness", "closeness", "eigenvector", "pagerank"]
    for measure, values in scores.items():
        assert_close(values, networkx_reference(big, measure, weighted, directed))


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("weighted,directed", OPTIONS)
def test_betweenness_normalisation_matches_networkx(big, weighted, directed, normalized):
    H = simple_graph(big, weighted=weighted, directed=directed)
    lcm = math.lcm(*{w for _, _, w in H.edges(data="weight")})
    for _, _, d in H.edges(data=True):
        d["length"] = lcm // d["weight"]
    reference = nx.betweenness_centrality(H, weight="length" if weighted else None, normalized=normalized)
    ours = betweenness_centrality(big, weighted=weighted, directed=directed, normalized=normalized)
    assert_close(ours, reference, tol=1e-9 if normalized else 1e-7)


# -- small graphs checked by hand -----------------------------------------------------------

@pytest.fixture
def chain():
    # wagner -> junta -> minusma -> un, and goita -> junta
    return relation_graph([
        ("wagner", "supports", "junta", 3, 1),
        ("goita", "leads", "junta", 1, 0),
        ("junta", "demands_withdrawal_of", "minusma", 1, -1),
        ("minusma", "member_of", "un", 2, 0),
    ])


def test_degree_by_hand(chain):
    assert degree_centrality(chain)["junta"] == 3 / 4
    assert degree_centrality(chain, mode="in")["junta"] == 2 / 4
    assert degree_centrality(chain, mode="out")["junta"] == 1 / 4
    assert degree_centrality(chain, weighted=True)["junta"] == 5.0
    assert degree_centrality(chain, weighted=True, mode="in")["junta"] == 4.0
    assert degree_centrality(chain, directed=False)["minusma"] == 2 / 4


def test_betweenness_by_hand(chain):
    # directed: junta lies on wagner->minusma, wagner->un, goita->minusma, goita->un
    scores = betweenness_centrality(chain, normalized=False)
    assert scores == {"goita": 0.0, "junta": 4.0, "minusma": 3.0, "un": 0.0, "wagner": 0.0}
    assert betweenness_centrality(chain)["junta"] == 4 / (4 * 3)
    # undirected adds wagner-goita through junta
    assert betweenness_centrality(chain, directed=False, normalized=False)["junta"] == 5.0


def test_weighted_betweenness_prefers_strong_ties():
    # a-b-d (weights 2 and 2: length 1/2 + 1/2 = 1) against a-c-d (1 + 1 = 2)
    G = relation_graph([("a", "r", "b", 2, 0), ("b", "r", "d", 2, 0), ("a", "r", "c", 1, 0),
                        ("c", "r", "d", 1, 0)])
    unweighted = betweenness_centrality(G, normalized=False, directed=False)
    assert unweighted["b"] == unweighted["c"] == 0.5
    weighted = betweenness_centrality(G, normalized=False, directed=False, weighted=True)
    assert weighted["b"] == 1.0 and weighted["c"] == 0.0


def test_weighted_betweenness_counts_ties_that_floats_would_miss():
    # a-b-d is 1/10 + 1/15 = 1/6 long, a-x-d 1/12 + 1/12 = 1/6: both shortest, but
    # 1/10 + 1/15 = 0.16666666666666669 in floating point
    G = relation_graph([("a", "r", "b", 10, 0), ("b", "r", "d", 15, 0), ("a", "r", "x", 12, 0),
                        ("x", "r", "d", 12, 0)])
    scores = betweenness_centrality(G, weighted=True, directed=False, normalized=False)
    assert scores["x"] == scores["b"] == 0.5
    exact = nx.Graph([("a", "b", {"length": 6}), ("b", "d", {"length": 4}), ("a", "x", {"length": 5}),
                      ("x", "d", {"length": 5})])  # 60 / weight
    assert scores == nx.betweenness_centrality(exact, weight="length", normalized=False)
    rounded = nx.betweenness_centrality(simple_graph(G, weighted=True, directed=False), weight="distance",
                                        normalized=False)
    assert rounded["x"] == 1.0  # networkx with float 1 / weight misses the tie


def test_closeness_by_hand(chain):
    undirected = closeness_centrality(chain, directed=False)
    assert undirected["junta"] == 4 / (1 + 1 + 1 + 2)
    # directed: distances *to* the actor; un is reached by minusma (1), junta (2), wagner and goita (3)
    directed = closeness_centrality(chain)
    assert directed["un"] == pytest.approx((4 / 4) * 4 / (1 + 2 + 3 + 3))
    assert directed["wagner"] == 0.0
    weighted = closeness_centrality(chain, directed=False, weighted=True)
    # junta: wagner 1/3, goita 1, minusma 1, un 1 + 1/2
    assert weighted["junta"] == pytest.approx(4 / (1 / 3 + 1 + 1 + 1.5))


def test_pagerank_sums_to_one_and_matches_networkx(chain):
    for weighted, directed in OPTIONS:
        scores = pagerank(chain, weighted=weighted, directed=directed)
        assert sum(scores.values()) == pytest.approx(1.0)
        assert_close(scores, networkx_reference(chain, "pagerank", weighted, directed))


def test_eigenvector_undirected_matches_networkx(chain):
    for weighted in (False, True):
        assert_close(eigenvector_centrality(chain, weighted=weighted, directed=False),
                     networkx_reference(chain, "eigenvector", weighted, False))


def test_parallel_relations_collapse_into_one_tie():
    G = relation_graph([("mali", "expels", "france", 3, -1), ("mali", "accuses", "france", 2, -1),
                        ("france", "sanctions", "mali", 1, -1), ("mali", "praises", "mali", 1, 1)])
    H = simple_graph(G, weighted=True)
    assert sorted(H.edges(data="weight")) == [("france", "mali", 1), ("mali", "france", 5)]
    assert H["mali"]["france"]["distance"] == 1 / 5
    U = simple_graph(G, weighted=True, directed=False)
    assert list(U.edges(data="weight")) == [("france", "mali", 6)]
    assert simple_graph(G).number_of_edges() == 2 and simple_graph(G)["mali"]["france"]["weight"] == 1


def test_symmetric_relations_count_both_ways():
    G = relation_graph([("mali", "cooperates_with", "russia", 2, 1, True)])
    H = simple_graph(G, weighted=True)
    assert H["russia"]["mali"]["weight"] == H["mali"]["russia"]["weight"] == 2
    assert degree_centrality(G, mode="in") == {"mali": 1.0, "russia": 1.0}


def test_node_order_does_not_matter(big):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(big.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(big.edges(keys=True, data=True))))
    for weighted in (False, True):
        # weighted betweenness sums in parallel (networkit): equal up to the order of the sums
        ours, again = (centrality(g, ["betweenness"], weighted=weighted)["betweenness"] for g in (shuffled, big))
        assert_close(ours, again, tol=1e-15)
    assert centrality(shuffled, ["closeness"], weighted=True) == centrality(big, ["closeness"], weighted=True)


def test_empty_and_tiny_graphs():
    assert centrality(nx.MultiDiGraph()) == {m: {} for m in
                                             ("degree", "betweenness", "closeness", "eigenvector", "pagerank")}
    one = relation_graph([], actors=["mali"])
    scores = centrality(one)
    assert scores["degree"] == nx.degree_centrality(nx.Graph([("mali", "mali")])) == {"mali": 1.0}
    assert scores["pagerank"] == {"mali": 1.0}
    two = relation_graph([("a", "r", "b", 1, 0)])
    assert betweenness_centrality(two, weighted=True) == {"a": 0.0, "b": 0.0}


# -- errors ---------------------------------------------------------------------------------

def test_unknown_measure(chain):
    with pytest.raises(SahelGraphError, match="unknown centrality measure 'katz'.*pagerank"):
        centrality(chain, ["katz"])


def test_in_degree_needs_directed(chain):
    with pytest.raises(SahelGraphError, match="in-degree needs a directed graph"):
        centrality(chain, ["in_degree"], directed=False)
    with pytest.raises(SahelGraphError, match="unknown degree mode"):
        degree_centrality(chain, mode="sideways")


def test_eigenvector_on_acyclic_directed_graph_is_a_clear_error(chain):
    with pytest.raises(SahelGraphError, match="did not converge.*--undirected"):
        eigenvector_centrality(chain)


def test_string_measure_is_one_measure(chain):
    assert list(centrality(chain, "pagerank")) == ["pagerank"]


def test_errors_are_sahelgraph_errors():
    assert issubclass(NotFoundError, SahelGraphError)


def test_weighted_betweenness_with_non_integer_weights():
    # weights that are not evidence counts fall back to 1 / weight with a relative tolerance
    import random

    rnd = random.Random(7)
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(60))
    for _ in range(240):
        G.add_edge(rnd.randrange(60), rnd.randrange(60), weight=rnd.uniform(0.5, 4.0))
    for directed in (True, False):
        H = simple_graph(G, weighted=True, directed=directed)
        assert_close(betweenness_centrality(G, weighted=True, directed=directed),
                     nx.betweenness_centrality(H, weight="distance"))


def test_lengths_are_exact_integers_when_they_can_be():
    import numpy as np

    from sahelgraph.analysis.betweenness import _lengths

    lengths, tolerance = _lengths(np.array([1.0, 2.0, 3.0, 4.0]), 100)
    assert lengths.tolist() == [12.0, 6.0, 4.0, 3.0] and tolerance == 0.0
    primes = [p for p in range(2, 200) if all(p % d for d in range(2, p))]
    lengths, tolerance = _lengths(np.array(primes, dtype=float), 100)
    assert lengths[0] == 0.5 and tolerance > 0
    lengths, tolerance = _lengths(np.array([0.5, 2.0]), 10)
    assert lengths.tolist() == [2.0, 0.5] and tolerance > 0
