import pytest

import networkx as nx

from sahelgraph.analysis import NoPathError, all_paths, ego_members, ego_network, explain_hop, shortest_paths
from sahelgraph.errors import NotFoundError, SahelGraphError

from .conftest import relation_graph


@pytest.fixture
def G():
    # us -sanctions-> maslov -leads-> wagner -supports-> junta <-leads- goita
    # junta -demands_withdrawal_of-> minusma; mali <-cooperates_with-> russia (symmetric)
    return relation_graph([
        ("us", "sanctions", "maslov", 1, -1),
        ("maslov", "leads", "wagner", 2, 0),
        ("wagner", "supports", "junta", 3, 1),
        ("goita", "leads", "junta", 1, 0),
        ("junta", "demands_withdrawal_of", "minusma", 1, -1),
        ("russia", "cooperates_with", "junta", 1, 1, True),
        ("russia", "supports", "wagner", 1, 1),
    ])


def test_shortest_path_explains_each_hop(G):
    (path,) = shortest_paths(G, "us", "goita")
    assert path["nodes"] == ["us", "maslov", "wagner", "junta", "goita"]
    assert path["length"] == 4
    first, *_, last = path["hops"]
    (sanctions,) = first["relations"]
    assert (sanctions["subject"], sanctions["predicate"], sanctions["object"]) == ("us", "sanctions", "maslov")
    assert sanctions["direction"] == "forward"
    assert sanctions["date"] == "2020" and sanctions["source"] == "wire"
    assert sanctions["quote"] == "us sanctions maslov #0"
    (leads,) = last["relations"]
    assert (leads["subject"], leads["object"], leads["direction"]) == ("goita", "junta", "backward")


def test_directed_search_follows_stored_direction(G):
    with pytest.raises(NoPathError, match=r"No path between Us \(us\) and Goita \(goita\) "
                                          r"\(following relations from subject to object\)"):
        shortest_paths(G, "us", "goita", directed=True)
    (path,) = shortest_paths(G, "us", "junta", directed=True)
    assert path["nodes"] == ["us", "maslov", "wagner", "junta"]


def test_symmetric_relation_can_be_walked_both_ways_when_directed(G):
    (path,) = shortest_paths(G, "junta", "russia", directed=True)
    (relation,) = path["hops"][0]["relations"]
    assert relation["predicate"] == "cooperates_with" and relation["direction"] == "backward"
    assert relation["symmetric"] is True


def test_all_shortest_paths_in_stable_order(G):
    paths = shortest_paths(G, "maslov", "junta")
    assert [p["nodes"] for p in paths] == [["maslov", "wagner", "junta"]]
    paths = shortest_paths(G, "russia", "minusma")
    assert [p["nodes"] for p in paths] == [["russia", "junta", "minusma"]]
    two = shortest_paths(G, "wagner", "russia", max_hops=1)
    assert [p["nodes"] for p in two] == [["wagner", "russia"]]
    assert len(shortest_paths(G, "us", "us")) == 1


def test_hop_lists_relations_both_ways():
    G = relation_graph([("mali", "expels", "france", 2, -1), ("france", "sanctions", "mali", 1, -1)])
    hop = explain_hop(G, "mali", "france")
    assert [(r["predicate"], r["direction"]) for r in hop["relations"]] == [("expels", "forward"),
                                                                           ("sanctions", "backward")]
    assert [r["predicate"] for r in explain_hop(G, "mali", "france", directed=True)["relations"]] == ["expels"]


def test_lead_evidence_is_the_earliest_quoted():
    G = relation_graph([("a", "r", "b", 1, 0)])
    G["a"]["b"]["r"]["evidence"] = [{"date": "2023", "source": "late", "quote": "late"},
                                    {"date": "2021-05", "source": "no quote", "quote": None},
                                    {"date": "2022-01", "source": "early", "quote": "early"}]
    (relation,) = explain_hop(G, "a", "b")["relations"]
    assert (relation["date"], relation["source"], relation["quote"]) == ("2022-01", "early", "early")
    assert len(relation["evidence"]) == 3


def test_max_hops_limits_shortest_paths(G):
    with pytest.raises(NoPathError, match="within 3 hops"):
        shortest_paths(G, "us", "goita", max_hops=3)


def test_all_simple_paths(G):
    paths = all_paths(G, "maslov", "junta", max_hops=3)
    assert [p["nodes"] for p in paths] == [["maslov", "wagner", "junta"], ["maslov", "wagner", "russia", "junta"]]
    assert [p["nodes"] for p in all_paths(G, "maslov", "junta", max_hops=2)] == [["maslov", "wagner", "junta"]]
    assert len(all_paths(G, "maslov", "junta", limit=1)) == 1
    assert all_paths(G, "maslov", "junta", directed=True)[0]["nodes"] == ["maslov", "wagner", "junta"]
    with pytest.raises(NoPathError):
        all_paths(G, "us", "goita", max_hops=2)
    with pytest.raises(SahelGraphError, match="max_hops must be at least 1"):
        all_paths(G, "us", "goita", max_hops=0)


def test_unknown_actor_is_named_with_suggestions(G):
    with pytest.raises(NotFoundError, match=r"actor 'wagnr' is not in the graph \(did you mean 'Wagner'\?\)"):
        shortest_paths(G, "wagnr", "junta")
    with pytest.raises(NotFoundError, match="actor 'nobody' is not in the graph"):
        all_paths(G, "junta", "nobody")


def test_unconnected_actors():
    G = relation_graph([("a", "r", "b", 1, 0), ("c", "r", "d", 1, 0)])
    with pytest.raises(NoPathError, match=r"No path between A \(a\) and D \(d\) \(following relations either way\)\."):
        shortest_paths(G, "a", "d")
    assert issubclass(NoPathError, NotFoundError)


def test_ego_network(G):
    E = ego_network(G, "junta")
    assert dict(E.nodes(data="hops")) == {"junta": 0, "wagner": 1, "goita": 1, "minusma": 1, "russia": 1}
    assert E.number_of_edges() == 5  # every relation among them, wagner-russia included
    assert sorted(ego_network(G, "wagner", directed=True)) == ["junta", "wagner"]
    assert sorted(ego_network(G, "junta", depth=0)) == ["junta"]
    assert len(ego_network(G, "junta", depth=3)) == 7
    E.nodes["junta"]["name"] = "changed"
    assert G.nodes["junta"]["name"] == "Junta"
    with pytest.raises(SahelGraphError, match="depth must be 0 or more"):
        ego_network(G, "junta", depth=-1)
    with pytest.raises(NotFoundError):
        ego_network(G, "nobody")


def _with_loops_and_parallels(G):
    G = G.copy()
    G.add_edge("junta", "junta", key="purges", predicate="purges", polarity=-1)
    G.add_edge("wagner", "junta", key="trains", predicate="trains", polarity=1)
    return G


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("kind", ["multidigraph", "digraph", "graph", "multigraph"])
def test_ego_members_are_the_ego_network_with_its_degrees(G, depth, directed, kind):
    G = _with_loops_and_parallels(G)
    G = {"multidigraph": G, "digraph": nx.DiGraph(G), "graph": nx.Graph(G), "multigraph": nx.MultiGraph(G)}[kind]
    for actor in G:
        E = ego_network(G, actor, depth=depth, directed=directed)
        assert ego_members(G, actor, depth=depth, directed=directed) == {
            n: (E.nodes[n]["hops"], E.degree(n)) for n in E}, actor


def test_ego_network_follows_symmetric_relations_either_way_when_directed(G):
    # russia -cooperates_with-> junta is symmetric: from junta, russia is one hop on
    assert dict(ego_network(G, "junta", directed=True).nodes(data="hops")) == {
        "junta": 0, "minusma": 1, "russia": 1}
    assert ego_members(G, "junta", directed=True) == {"junta": (0, 2), "minusma": (1, 1), "russia": (1, 1)}
