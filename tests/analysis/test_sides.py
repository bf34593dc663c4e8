import networkx as nx
import pytest

from sahelgraph.analysis import adversaries, allies, balance, communities, signed_graph, timeline
from sahelgraph.errors import NotFoundError

from .conftest import random_graph, relation_graph


@pytest.fixture
def G():
    return relation_graph([
        ("wagner", "supports", "junta", 3, 1),
        ("junta", "accuses", "wagner", 1, -1),
        ("junta", "expels", "minusma", 2, -1),
        ("minusma", "supports", "junta", 2, 1),   # net 0 with the junta: neither side
        ("france", "sanctions", "junta", 1, -1),
        ("junta", "allied_with", "russia", 1, 1, True),
        ("goita", "leads", "junta", 1, 0),        # structural: no side
    ])


def test_allies_and_adversaries_with_evidence_counts(G):
    assert [(t["actor"], t["net"], t["cooperative"], t["hostile"]) for t in allies(G, "junta")] == [
        ("wagner", 2, 3, 1), ("russia", 1, 1, 0)]
    (france,) = adversaries(G, "junta")
    assert (france["actor"], france["net"], france["hostile"], france["name"]) == ("france", -1, 1, "France")
    assert [r["predicate"] for r in allies(G, "junta")[0]["relations"]] == ["supports", "accuses"]
    assert allies(G, "goita") == [] and adversaries(G, "goita") == []
    assert [t["actor"] for t in adversaries(G, "minusma")] == []
    with pytest.raises(NotFoundError):
        allies(G, "nobody")


def test_signed_graph_nets_both_directions(G):
    S = signed_graph(G)
    assert S["junta"]["wagner"] == {"net": 2, "sign": 1}
    assert not S.has_edge("junta", "minusma") and not S.has_edge("junta", "goita")


def test_balance_counts_triads():
    G = relation_graph([
        ("a", "allied_with", "b", 1, 1), ("b", "allied_with", "c", 1, 1), ("a", "allied_with", "c", 1, 1),  # +++
        ("c", "expels", "d", 1, -1), ("a", "expels", "d", 1, -1),    # a c d: + - - balanced
        ("b", "supports", "d", 1, 1),                                # b c d: + + - unbalanced; a b d: + - + unbalanced
        ("x", "expels", "y", 1, -1), ("y", "expels", "z", 1, -1), ("x", "expels", "z", 1, -1),  # --- unbalanced
    ])
    result = balance(G)
    by_actors = {tuple(t["actors"]): t for t in result["triads"]}
    assert sorted(by_actors) == [("a", "b", "c"), ("a", "b", "d"), ("a", "c", "d"), ("b", "c", "d"), ("x", "y", "z")]
    assert by_actors["a", "b", "c"]["balanced"] and by_actors["a", "c", "d"]["balanced"]
    assert not by_actors["b", "c", "d"]["balanced"] and not by_actors["x", "y", "z"]["balanced"]
    assert by_actors["a", "c", "d"]["signs"] == [1, -1, -1]
    assert (result["balanced"], result["unbalanced"]) == (2, 3)


def test_balance_ignores_pairs_with_zero_net():
    G = relation_graph([("a", "supports", "b", 1, 1), ("b", "accuses", "a", 1, -1),
                        ("b", "supports", "c", 1, 1), ("a", "supports", "c", 1, 1)])
    assert balance(G) == {"triads": [], "balanced": 0, "unbalanced": 0}


def test_balance_matches_brute_force():
    G = random_graph(60, 400, seed=3)
    S = signed_graph(G)
    triangles = [c for c in nx.enumerate_all_cliques(S) if len(c) == 3]
    result = balance(G)
    assert len(result["triads"]) == len(triangles)
    for t in result["triads"]:
        a, b, c = t["actors"]
        assert t["balanced"] == (S[a][b]["sign"] * S[a][c]["sign"] * S[b][c]["sign"] > 0)


def test_communities_are_reproducible_and_cover_every_actor():
    G = random_graph(200, 500, seed=5)
    found = communities(G, seed=3)
    assert sorted(n for c in found for n in c) == sorted(G)
    assert found == communities(G, seed=3)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(G.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert communities(shuffled, seed=3) == found
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    assert len(communities(G, resolution=3.0)) > len(communities(G, resolution=0.3))
    assert communities(G, weighted=True, seed=3) != []


def test_communities_by_hand():
    G = relation_graph([("a", "r", "b", 1, 0), ("b", "r", "c", 1, 0), ("c", "r", "a", 1, 0),
                        ("x", "r", "y", 1, 0), ("y", "r", "z", 1, 0), ("z", "r", "x", 1, 0),
                        ("c", "r", "x", 1, 0)], actors=["loner"])
    assert communities(G) == [["a", "b", "c"], ["x", "y", "z"], ["loner"]]


def test_timeline_in_date_order():
    G = relation_graph([])
    G.add_node("junta", name="Junta")
    G.add_node("minusma", name="MINUSMA")
    G.add_node("wagner", name="Wagner")
    G.add_edge("junta", "minusma", key="expels", predicate="expels", polarity=-1, evidence=[
        {"date": "2023-06-16", "source": "a", "quote": "q1"}, {"date": "2023", "source": "b", "quote": "q2"},
        {"date": None, "source": "c", "quote": "undated"}])
    G.add_edge("wagner", "junta", key="supports", predicate="supports", polarity=1, evidence=[
        {"date": "2021-12/2022-02", "source": "d", "quote": "q3"}, {"date": "2023-06", "source": "e", "quote": "q4"}])
    rows = timeline(G, "junta")
    assert [r["date"] for r in rows] == ["2021-12/2022-02", "2023", "2023-06", "2023-06-16"]
    assert [(r["other"], r["direction"]) for r in rows[:2]] == [("wagner", "in"), ("minusma", "out")]
    assert timeline(G, "junta", undated=True)[-1]["quote"] == "undated"
    assert timeline(G, "minusma")[0]["source"] == "b"
    with pytest.raises(NotFoundError):
        timeline(G, "nobody")
