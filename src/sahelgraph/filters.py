"""The filters every reader of the graph shares: predicates, polarity, actor kinds, time,
what the sources knew by a date, confidence, modality, place and evidence count.

Filtering works on evidence first: a relation keeps the pieces of evidence inside the time
window, above the confidence threshold, of the modalities asked for and at the place asked
for, and survives if enough of them remain. A time window never drops undated evidence
quietly: the filtered graph counts the relations it left out only for lacking dates in
``H.graph["left_out_undated"]``, and ``include_undated=True`` keeps them.

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
>>> filter_graph(G, modalities=["alleged"]).number_of_edges()
0
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahelgraph import dates
from sahelgraph.errors import SahelGraphError
from sahelgraph.model import DEFAULT_MODALITY, MODALITIES

if TYPE_CHECKING:
    import networkx as nx

FILTER_NAMES = (
    "predicates", "polarity", "kinds", "since", "until", "as_of", "min_confidence", "min_evidence",
    "modalities", "where", "include_undated",
)
# what the questions of sides (allies, adversaries, balance) and centrality count by default:
# what happened or is alleged to have happened, not what was intended, imagined or denied
ACTUAL_MODALITIES = ("asserted", "alleged")


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
    modalities=None,
    where: str | None = None,
    include_undated: bool = False,
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
        Keep evidence whose (partial) date overlaps the window. Undated evidence is left out
        (and the relations that had nothing else counted in ``graph["left_out_undated"]``)
        unless ``include_undated``.
    as_of : str, optional
        What the sources published by that date knew: evidence whose source's publication
        date is on or before it. Evidence from sources with no publication date is left out
        (counted as above) unless ``include_undated``.
    min_confidence : float, optional
        Keep evidence with at least this confidence.
    min_evidence : int, optional
        Keep relations with at least this many pieces of evidence left.
    modalities : iterable of str, optional
        Keep evidence of these modalities (asserted, alleged, intended, hypothetical, denied).
    where : str, optional
        Keep evidence located at this place (an actor id) or at a place that lies within it
        (``part_of`` relations between places).
    include_undated : bool, default False
        With ``since``/``until``/``as_of``, keep evidence that has no date.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(sources={"s": {"published": "2023-06-17"}})
    >>> _ = G.add_edge("a", "b", key="expels", predicate="expels", polarity=-1,
    ...                evidence=[{"date": None, "source": "s"}])
    >>> H = filter_graph(G, since="2023")
    >>> H.number_of_edges(), H.graph["left_out_undated"]
    (0, 1)
    >>> filter_graph(G, since="2023", include_undated=True).number_of_edges()
    1
    >>> filter_graph(G, as_of="2023-06-16").number_of_edges(), filter_graph(G, as_of="2023-06-17").number_of_edges()
    (0, 1)
    """
    for name, value in (("since", since), ("until", until), ("as_of", as_of)):
        if value is not None and (problem := dates.check(value)):
            raise SahelGraphError(f"--{name.replace('_', '-')}: {problem} ({dates.FORMAT_HINT})")
    if isinstance(polarity, int):
        polarity = [polarity]
    predicates = set(predicates) if predicates else None
    polarity = {int(p) for p in polarity} if polarity is not None and len(polarity) else None
    kinds = set(kinds) if kinds else None
    if isinstance(modalities, str):
        modalities = [modalities]
    modalities = set(modalities) if modalities else None
    if modalities and (unknown := modalities - set(MODALITIES)):
        raise SahelGraphError(f"unknown modality '{sorted(unknown)[0]}' (one of {', '.join(MODALITIES)})")
    places = _within(G, where) if where is not None else None
    published = {sid: s.get("published") for sid, s in G.graph.get("sources", {}).items()}

    import networkx as nx  # here, so that loading (which builds no graph) does not import it

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.graph["filters"] = {
        name: value for name, value in zip(
            FILTER_NAMES,
            (sorted(predicates) if predicates else None, sorted(polarity) if polarity else None,
             sorted(kinds) if kinds else None, since, until, as_of, min_confidence, min_evidence,
             sorted(modalities) if modalities else None, where, include_undated or None),
        ) if value is not None
    }
    H.add_nodes_from(
        (n, dict(d)) for n, d in G.nodes(data=True) if kinds is None or d.get("kind") in kinds
    )
    timed = since is not None or until is not None
    by_evidence = timed or as_of is not None or min_confidence is not None or modalities or places
    left_out_undated = 0
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in H or v not in H:
            continue
        if predicates is not None and d.get("predicate", k) not in predicates:
            continue
        if polarity is not None and d.get("polarity", 0) not in polarity:
            continue
        attrs = dict(d)
        if by_evidence:
            evidence, undated = [], 0
            for e in d.get("evidence", []):
                if min_confidence is not None and e.get("confidence", 1.0) < min_confidence:
                    continue
                if modalities and (e.get("modality") or DEFAULT_MODALITY) not in modalities:
                    continue
                if places is not None and e.get("place") not in places:
                    continue
                if timed or as_of is not None:
                    date = e.get("date") if timed else None
                    known = published.get(e.get("source")) if as_of is not None else None
                    if (timed and date is None) or (as_of is not None and known is None):
                        if not include_undated:
                            undated += 1
                            continue
                    if timed and date is not None and not dates.overlaps(date, since, until):
                        continue
                    if known is not None and dates.start_key(known) > dates.end_key(as_of):
                        continue
                evidence.append(e)
            if not evidence:
                left_out_undated += bool(undated)
                continue
            attrs.update(_edge_summary(evidence))
        if min_evidence is not None and attrs.get("weight", 1) < min_evidence:
            continue
        H.add_edge(u, v, key=k, **attrs)
    if timed or as_of is not None:
        H.graph["left_out_undated"] = left_out_undated
    return H


def _within(G: nx.MultiDiGraph, place: str) -> set:
    """``place`` and every place that lies within it, following ``part_of`` towards it."""
    found, todo = {place}, [place] if place in G else []
    while todo:
        here = todo.pop()
        for u, _, k, d in G.in_edges(here, keys=True, data=True):
            if d.get("predicate", k) == "part_of" and u not in found:
                found.add(u)
                todo.append(u)
    return found


def strongest_order(near, weight, last_date, subject, predicate, object_) -> np.ndarray:
    """The positions of relations, the strongest first: the nearest (``near``, hops from the
    actors a view is about; smallest first), then the most evidence (``weight``; None counts
    0), the latest ``last_date`` (ISO text; None oldest), then by subject, predicate and
    object, so that every reader of the graph cuts it the same way.

    Each argument holds one value per relation: a sequence, or an Arrow array (so a store
    ranks the relations it read without a Python object each).

    >>> strongest_order(near=[1, 0, 1, 1], weight=[5, 1, 5, 7], last_date=["2022", None, "2023", None],
    ...                 subject=["a", "b", "c", "d"], predicate=["x"] * 4, object_=["e"] * 4).tolist()
    [1, 3, 2, 0]
    """
    def column(values, kind):
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        return values.cast(kind) if isinstance(values, pa.Array) else pa.array(values, kind)

    table = pa.table({
        "near": column(near, pa.int64()),
        "weight": pc.fill_null(column(weight, pa.float64()), 0.0),
        "last_date": pc.fill_null(column(last_date, pa.string()), ""),
        "subject": column(subject, pa.string()), "predicate": column(predicate, pa.string()),
        "object": column(object_, pa.string()),
    })
    return pc.sort_indices(table, sort_keys=[
        ("near", "ascending"), ("weight", "descending"), ("last_date", "descending"),
        ("subject", "ascending"), ("predicate", "ascending"), ("object", "ascending")]).to_numpy()


def strongest_relations(G: nx.MultiDiGraph, max_relations: int | None, *, around=(),
                        pairs=()) -> nx.MultiDiGraph:
    """``G`` cut to its ``max_relations`` strongest relations, in the order of
    :func:`strongest_order`: the relations between two actors of ``pairs`` (pairs of actors,
    a highlighted path's steps: these all stay, past the limit if need be) first, then those
    nearest the actors ``around`` (hops either way; all equally near without them), then the
    most evidence, the latest. An actor every relation of which was cut goes with them (not
    those ``around``). ``G`` itself when it has no more relations than that, or
    ``max_relations`` is None or 0; otherwise a new graph sharing ``G``'s attribute values,
    whose ``graph["left_out_weakest"]`` counts the relations cut (added to ``G``'s count, if a
    store cut some already).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("mali", "france", key="expels", weight=1)
    'expels'
    >>> G.add_edge("wagner", "junta", key="supports", weight=9)
    'supports'
    >>> H = strongest_relations(G, 1)
    >>> list(H.edges(keys=True)), sorted(H), H.graph["left_out_weakest"]
    ([('wagner', 'junta', 'supports')], ['junta', 'wagner'], 1)
    >>> list(strongest_relations(G, 1, around=["mali"]).edges(keys=True))
    [('mali', 'france', 'expels')]
    """
    if not max_relations or G.number_of_edges() <= max_relations:
        return G
    around = [a for a in around if a in G]
    hops = hops_from(G, around) if around else dict.fromkeys(G, 0)
    far = len(G) + 1
    steps = {frozenset(p) for p in pairs}
    edges = list(G.edges(keys=True, data=True))
    near = np.array([-1 if frozenset((u, v)) in steps else min(hops.get(u, far), hops.get(v, far))
                     for u, v, _, _ in edges], dtype=np.int64)
    order = strongest_order(
        near=near,
        weight=[_count(d.get("weight", 1)) for _, _, _, d in edges],
        last_date=[d.get("last_date") if isinstance(d.get("last_date"), str) else None for _, _, _, d in edges],
        subject=[str(u) for u, _, _, _ in edges], predicate=[str(d.get("predicate", k)) for _, _, k, d in edges],
        object_=[str(v) for _, v, _, _ in edges])
    # the steps of ``pairs`` come first and all stay, past the limit if need be
    kept = np.sort(order[:max(max_relations, int((near < 0).sum()))])  # in G's order
    ends = {n for i in kept.tolist() for n in edges[i][:2]}
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True)
                     if n in ends or n in around or not G.degree(n))
    H.add_edges_from(edges[i] for i in kept.tolist())
    H.graph["left_out_weakest"] = G.graph.get("left_out_weakest", 0) + len(edges) - len(kept)
    return H


def _count(weight) -> float:
    """A relation's weight as a number (0 for anything else: a graph not made by a store)."""
    return float(weight) if isinstance(weight, (int, float)) and math.isfinite(weight) else 0.0


def hops_from(G: nx.Graph, actors, *, depth: int | None = None, neighbours=None) -> dict:
    """{actor: hops from the nearest of ``actors``} for every actor within ``depth`` hops
    (all that are reached with None), breadth first, following relations either way, or as
    ``neighbours(actor)`` (the actors one hop on) says.

    >>> import networkx as nx
    >>> hops_from(nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")]), ["a"], depth=2)
    {'a': 0, 'b': 1, 'c': 2}
    """
    def both_ways(x):
        return (*G.successors(x), *G.predecessors(x)) if G.is_directed() else G.neighbors(x)

    neighbours = neighbours or both_ways
    hops = {a: 0 for a in actors if a in G}
    frontier, hop = list(hops), 0
    while frontier and (depth is None or hop < depth):
        hop += 1
        new = []
        for x in frontier:
            for y in neighbours(x):
                if y not in hops:
                    hops[y] = hop
                    new.append(y)
        frontier = new
    return hops
