"""Who acts for whom: roll_up on small hand-checkable graphs."""

from __future__ import annotations

import networkx as nx

from sahelgraph.analysis import adversaries, parts, principals, roll_up
from sahelgraph.analysis.rollup import describe
from sahelgraph.filters import filter_graph

ACTS_FOR = {"government_of": {"acts_for": True}, "part_of": {"acts_for": True},
            "official_of": {"acts_for": True}, "expels": {"polarity": -1},
            "seizes_power_in": {"polarity": -1}, "supports": {"polarity": 1}}


def state_graph() -> nx.MultiDiGraph:
    """Mali <- junta <- ministry <- Diop; the junta expels Salgado, Diop demands MINUSMA leave,
    the junta seized power in Mali (hostile, inside the hierarchy), Wagner supports the junta."""
    G = nx.MultiDiGraph(predicates=ACTS_FOR)
    for n, name in [("mali", "Mali"), ("junta", "Malian junta"), ("ministry", "Foreign Ministry"),
                    ("diop", "Abdoulaye Diop"), ("salgado", "Olivier Salgado"), ("minusma", "MINUSMA"),
                    ("wagner", "Wagner Group")]:
        G.add_node(n, name=name)

    def edge(u, v, p, polarity=0, date=None):
        G.add_edge(u, v, key=p, predicate=p, polarity=polarity, weight=1,
                   evidence=[{"date": date, "source": "s", "quote": f"{u} {p} {v}"}])

    edge("junta", "mali", "government_of")
    edge("ministry", "junta", "part_of")
    edge("diop", "ministry", "official_of")
    edge("junta", "salgado", "expels", -1, "2022-07")
    edge("diop", "minusma", "expels", -1, "2023-06-16")
    edge("junta", "mali", "seizes_power_in", -1, "2021-05")
    edge("wagner", "junta", "supports", 1, "2022")
    return G


def test_principals_and_parts():
    G = state_graph()
    assert principals(G)["diop"] == ["mali"]
    assert principals(G)["wagner"] == ["wagner"]
    assert parts(G, "mali") == {"junta", "ministry", "diop"}
    assert parts(G, "ministry") == {"diop"}


def test_roll_up_everyone_attributes_acts_to_the_state_and_says_through_whom():
    H = roll_up(state_graph())
    assert sorted(H.edges(keys=True)) == [
        ("mali", "minusma", "expels"), ("mali", "salgado", "expels"), ("wagner", "mali", "supports")]
    assert describe(H, "mali", "salgado", "expels") == "Mali (through Malian junta) –expels→ Olivier Salgado"
    assert H["mali"]["minusma"]["expels"]["evidence"][0]["through"] == "diop"
    assert H["wagner"]["mali"]["supports"]["evidence"][0]["through_object"] == "junta"
    assert H.nodes["mali"]["parts"] == ["diop", "junta", "ministry"]
    assert "junta" not in H


def test_roll_up_into_one_actor_leaves_the_others_as_named():
    H = roll_up(state_graph(), actors=["ministry"])
    assert ("ministry", "minusma", "expels") in H.edges(keys=True)
    assert ("junta", "salgado", "expels") in H.edges(keys=True)
    assert "diop" not in H and "junta" in H


def test_the_own_government_is_not_an_adversary_once_rolled_up():
    G = state_graph()
    assert [t["actor"] for t in adversaries(G, "mali")] == ["junta"]  # as named: the coup
    assert [t["actor"] for t in adversaries(roll_up(G, actors=["mali"]), "mali")] == ["minusma", "salgado"]


def test_a_filtered_graph_rolls_up_along_the_whole_hierarchy():
    G = state_graph()
    windowed = filter_graph(G, since="2023")  # the undated structure is left out
    assert windowed.graph["left_out_undated"] == 3
    assert list(roll_up(windowed).edges(keys=True)) == [("diop", "minusma", "expels")]
    H = roll_up(windowed, hierarchy=G)
    assert list(H.edges(keys=True)) == [("mali", "minusma", "expels")]
    assert H.nodes["mali"]["name"] == "Mali"


def test_relations_of_several_parts_merge_with_all_their_evidence():
    G = state_graph()
    G.add_edge("ministry", "salgado", key="expels", predicate="expels", polarity=-1, weight=1,
               evidence=[{"date": "2022-07-21", "source": "t", "quote": "the ministry expelled him"}])
    rel = roll_up(G)["mali"]["salgado"]["expels"]
    assert rel["weight"] == 2 and rel["through"] == ["junta", "ministry"]
    assert rel["first_date"] == "2022-07" and rel["sources"] == ["s", "t"]


def test_a_cycle_of_acts_for_does_not_loop():
    G = nx.MultiDiGraph(predicates=ACTS_FOR)
    G.add_edge("a", "b", key="part_of", predicate="part_of")
    G.add_edge("b", "a", key="part_of", predicate="part_of")
    assert sorted(principals(G)) == ["a", "b"]
    roll_up(G)


def test_an_intended_body_does_not_act_for_the_state_yet():
    G = state_graph()
    G.add_node("assembly", name="National Assembly")
    G.add_edge("assembly", "mali", key="part_of", predicate="part_of",
               evidence=[{"modality": "intended", "source": "s"}])
    assert "assembly" not in parts(G, "mali") and principals(G)["assembly"] == ["assembly"]
