"""The filters every reader of the graph shares: predicates, polarity, actor kinds, time,
confidence and evidence count.

Filtering works on evidence first: a relation keeps the pieces of evidence inside the time
window and above the confidence threshold, and survives if enough of them remain.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="state"); G.add_node("b", kind="person")
>>> _ = G.add_edge("a", "b", key="expels", predicate="expels", polarity=-1,
...                evidence=[{"date": "2022-08", "confidence": 1.0, "source": "s"}])
>>> filter_graph(G, since="2023").number_of_edges()
0
>>> filter_graph(G, polarity=-1).number_of_edges()
1
"""

from __future__ import annotations

import networkx as nx

from sahelgraph import dates
from sahelgraph.errors import SahelGraphError

FILTER_NAMES = (
    "predicates", "polarity", "kinds", "since", "until", "as_of", "min_confidence", "min_evidence",
)


def _edge_summary(evidence: list[dict]) -> dict:
    first_date, last_date = dates.first_and_last(e.get("date") for e in evidence)
    return {
        "evidence": evidence,
        "weight": len(evidence),
        "sources": sorted({e["source"] for e in evidence if e.get("source")}),
        "first_date": first_date,
        "last_date": last_date,
        "confidence": max((e.get("confidence", 1.0) for e in evidence), default=1.0),
    }


def filter_graph(
    G: nx.MultiDiGraph,
    *,
    predicates=None,
    polarity=None,
    kinds=None,
    since: str | None = None,
    until: str | None = None,
    as_of: str | None = None,
    min_confidence: float | None = None,
    min_evidence: int | None = None,
) -> nx.MultiDiGraph:
    """A filtered copy of ``G`` (``G`` itself is never changed).

    Parameters
    ----------
    predicates : iterable of str, optional
        Keep only relations with these predicates.
    polarity : int or iterable of int, optional
        Keep only relations of these polarities (-1 hostile, 0 structural, +1 cooperative).
    kinds : iterable of str, optional
        Keep only actors of these kinds (and the relations between them).
    since, until : str, optional
        Keep evidence whose (partial) date overlaps the window; undated evidence is dropped
        when a window is given.
    as_of : str, optional
        The graph as known on that date: evidence dated up to it (same as ``until``).
    min_confidence : float, optional
        Keep evidence with at least this confidence.
    min_evidence : int, optional
        Keep relations with at least this many pieces of evidence left.
    """
    for name, value in (("since", since), ("until", until), ("as_of", as_of)):
        if value is not None and (problem := dates.check(value)):
            raise SahelGraphError(f"--{name.replace('_', '-')}: {problem} ({dates.FORMAT_HINT})")
    if as_of is not None:
        until = as_of if until is None else min(until, as_of, key=dates.end_key)
    if isinstance(polarity, int):
        polarity = [polarity]
    predicates = set(predicates) if predicates else None
    polarity = {int(p) for p in polarity} if polarity is not None and len(polarity) else None
    kinds = set(kinds) if kinds else None

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.graph["filters"] = {
        name: value for name, value in zip(
            FILTER_NAMES,
            (sorted(predicates) if predicates else None, sorted(polarity) if polarity else None,
             sorted(kinds) if kinds else None, since, until, as_of, min_confidence, min_evidence),
        ) if value is not None
    }
    H.add_nodes_from(
        (n, dict(d)) for n, d in G.nodes(data=True) if kinds is None or d.get("kind") in kinds
    )
    timed = since is not None or until is not None
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in H or v not in H:
            continue
        if predicates is not None and d.get("predicate", k) not in predicates:
            continue
        if polarity is not None and d.get("polarity", 0) not in polarity:
            continue
        attrs = dict(d)
        if timed or min_confidence is not None:
            evidence = [
                e for e in d.get("evidence", [])
                if (not timed or dates.overlaps(e.get("date"), since, until))
                and (min_confidence is None or e.get("confidence", 1.0) >= min_confidence)
            ]
            if not evidence:
                continue
            attrs.update(_edge_summary(evidence))
        if min_evidence is not None and attrs.get("weight", 1) < min_evidence:
            continue
        H.add_edge(u, v, key=k, **attrs)
    return H
