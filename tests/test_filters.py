"""Filters on evidence: modality, place, undated evidence, what sources knew by a date."""

from __future__ import annotations

import networkx as nx
import pytest

from sahelgraph.errors import SahelGraphError
from sahelgraph.filters import filter_graph


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
