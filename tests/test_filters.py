"""Filters on evidence: modality, place, undated evidence, what sources knew by a date."""

from __future__ import annotations

import networkx as nx
import pytest

from sahelgraph.errors import SahelGraphError
from sahelgraph.filters import filter_graph, hops_from, strongest_relations


def graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(sources={"early": {"published": "2022-07-21"}, "late": {"published": "2023-06-17"},
                                 "nodate": {"published": None}})
    G.add_edge("moura", "mopti", key="part_of", predicate="part_of", polarity=0,
               evidence=[{"date": None, "source": "late"}])
    G.add_edge("fama", "civilians", key="attacks", predicate="attacks", polarity=-1, evidence=[
        {"date": "2022-03", "source": "late", "modality": "alleged", "place": "moura"},
        {"date": "2022-03", "source": "early", "modality": "denied", "place": "moura"}])
    G.add_edge("junta", "un", key="cooperates_with", predicate="cooperates_with", polarity=1, evidence=[
        {"date": "2023-06", "source": "late", "modality": "intended"}])
    G.add_edge("junta", "salgado", key="expels", predicate="expels", polarity=-1, evidence=[
        {"date": None, "source": "early"}, {"date": "2022-07-20", "source": "nodate"}])
    return G


def edges(H):
    return sorted((u, k, v, d["weight"]) for u, v, k, d in H.edges(keys=True, data=True))


def test_modality_keeps_the_evidence_of_those_modalities():
    assert edges(filter_graph(graph(), modalities=["alleged"])) == [("fama", "attacks", "civilians", 1)]
    # evidence without a modality is asserted
    assert ("junta", "expels", "salgado", 2) in edges(filter_graph(graph(), modalities=["asserted"]))
    with pytest.raises(SahelGraphError, match="unknown modality 'sure'"):
        filter_graph(graph(), modalities=["sure"])


def test_where_takes_places_within_the_place():
    assert edges(filter_graph(graph(), where="mopti")) == [("fama", "attacks", "civilians", 2)]
    assert edges(filter_graph(graph(), where="gao")) == []


def test_a_date_window_counts_what_it_leaves_out_for_lacking_dates():
    H = filter_graph(graph(), since="2022-07")
    assert H.graph["left_out_undated"] == 1  # the part_of; expels keeps its dated evidence
    assert ("junta", "expels", "salgado", 1) in edges(H)
    H = filter_graph(graph(), since="2022-07", include_undated=True)
    assert ("moura", "part_of", "mopti", 1) in edges(H) and ("junta", "expels", "salgado", 2) in edges(H)
    assert "left_out_undated" not in filter_graph(graph()).graph


def test_as_of_is_what_the_sources_published_by_then_knew():
    H = filter_graph(graph(), as_of="2022-12-31")
    # only the 2022-07-21 article was out: its denial, and its undated report of the expulsion
    assert edges(H) == [("fama", "attacks", "civilians", 1), ("junta", "expels", "salgado", 1)]
    assert H.graph["left_out_undated"] == 0
    # a source with no publication date is not known to have been out: left out and counted
    assert filter_graph(graph(), as_of="2030").graph["left_out_undated"] == 0
    H = filter_graph(graph(), as_of="2030")
    assert ("junta", "expels", "salgado", 1) in edges(H)
    assert len(filter_graph(graph(), as_of="2030", include_undated=True)["junta"]["salgado"]["expels"]["evidence"]) == 2


# the strongest relations (what a page draws of a hub's neighbourhood) ---------------------------

def ranked() -> nx.MultiDiGraph:
    """mali and its ring; the weights and dates decide the order, then the names."""
    G = nx.MultiDiGraph()
    G.add_node("loner")  # no relation at all: never cut
    for u, v, k, w, last in [
        ("mali", "france", "expels", 1, "2022-01"),
        ("wagner", "junta", "supports", 9, "2023"),
        ("junta", "minusma", "demands_withdrawal_of", 4, "2023-06"),
        ("us", "wagner", "sanctions", 4, "2023-05"),
        ("junta", "mali", "government_of", 2, None),
        ("france", "minusma", "supports", 4, "2023-06"),
    ]:
        G.add_edge(u, v, key=k, predicate=k, weight=w, last_date=last)
    return G


def test_the_strongest_relations_are_the_heaviest_then_the_latest_then_by_name():
    G = ranked()
    H = strongest_relations(G, 3)
    # 9, then the three of 4: the two of 2023-06 before 2023-05, france before junta
    assert set(H.edges(keys=True)) == {("wagner", "junta", "supports"), ("france", "minusma", "supports"),
                                       ("junta", "minusma", "demands_withdrawal_of")}
    assert H.graph["left_out_weakest"] == 3
    # an actor all of whose relations were cut goes with them; one that had none stays
    assert sorted(H) == ["france", "junta", "loner", "minusma", "wagner"]
    assert G.number_of_edges() == 6 and "left_out_weakest" not in G.graph  # G is not changed


def test_the_relations_nearest_the_actors_asked_about_come_first():
    H = strongest_relations(ranked(), 3, around=["mali"])
    # mali's own two (however light), then one hop away the heaviest
    assert sorted(H.edges(keys=True)) == [("junta", "mali", "government_of"), ("mali", "france", "expels"),
                                           ("wagner", "junta", "supports")]


def test_the_steps_of_a_path_are_never_cut():
    H = strongest_relations(ranked(), 2, around=["mali"], pairs=[("us", "wagner")])
    assert set(H.edges(keys=True)) == {("us", "wagner", "sanctions"), ("junta", "mali", "government_of")}


def test_a_graph_within_the_limit_is_returned_as_it_is_and_cuts_add_up():
    G = ranked()
    assert strongest_relations(G, 6) is G and strongest_relations(G, None) is G and strongest_relations(G, 0) is G
    G.graph["left_out_weakest"] = 10  # a store cut ten already
    assert strongest_relations(G, 5).graph["left_out_weakest"] == 11


def test_weights_that_are_not_numbers_count_nothing():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", weight="heavy")
    G.add_edge("c", "d", weight=float("nan"))
    G.add_edge("e", "f", weight=0.5)
    G.add_edge(1, 2)  # no weight: counts 1; ids need not be text
    assert set(strongest_relations(G, 2).edges()) == {("e", "f"), (1, 2)}


def test_hops_follow_relations_either_way_up_to_a_depth():
    G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    assert hops_from(G, ["a"]) == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert hops_from(G, ["a", "d"], depth=1) == {"a": 0, "d": 0, "b": 1, "c": 1}
    assert hops_from(nx.Graph([("a", "b")]), ["b", "nobody"]) == {"b": 0, "a": 1}
