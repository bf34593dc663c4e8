"""An actor's dated relations in date order."""

from __future__ import annotations

from sahelgraph import dates
from sahelgraph.analysis.simple import relations_of, require_node


def timeline(G, actor, *, undated: bool = False) -> list[dict]:
    """Each dated piece of evidence of the relations of ``actor`` (either direction), in
    date order.

    A partial date sorts by its start (``2022`` before ``2022-03``, which comes before
    ``2022-03-15``), then by its end (the shorter span first), then by predicate.

    Parameters
    ----------
    G : networkx graph
        Relations carry an ``evidence`` list (see :mod:`sahelgraph.model`).
    actor : node of ``G``
    undated : bool, default False
        Also list undated evidence, after the dated.

    Returns
    -------
    list of dict
        ``date``, ``subject``, ``predicate``, ``object``, ``other`` (the other actor),
        ``direction`` ("out" when ``actor`` is the subject, else "in"), ``polarity``,
        ``source``, ``quote``, ``confidence``, ``modality``, ``place``, and on a rolled-up
        graph (:func:`sahelgraph.analysis.roll_up`) ``through`` / ``through_object``: the
        part of the subject / object the source named (None when the actor itself).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("junta", "minusma", key="expels", predicate="expels", polarity=-1,
    ...                evidence=[{"date": "2023-06-16", "source": "s"}, {"date": "2023", "source": "t"}])
    >>> _ = G.add_edge("wagner", "junta", key="supports", predicate="supports", polarity=1,
    ...                evidence=[{"date": "2022-12", "source": "s"}])
    >>> [(e["date"], e["predicate"], e["direction"]) for e in timeline(G, "junta")]
    [('2022-12', 'supports', 'in'), ('2023', 'expels', 'out'), ('2023-06-16', 'expels', 'out')]
    """
    require_node(G, actor)
    events = []
    for u, v, k, d in relations_of(G, actor):
        for e in d.get("evidence") or []:
            if not e.get("date") and not undated:
                continue
            events.append({
                "date": e.get("date"), "subject": u, "predicate": d.get("predicate", k), "object": v,
                "other": v if u == actor else u, "direction": "out" if u == actor else "in",
                "polarity": d.get("polarity", 0), "source": e.get("source"), "quote": e.get("quote"),
                "confidence": e.get("confidence"), "modality": e.get("modality") or "asserted",
                "place": e.get("place"), "through": e.get("through"),
                "through_object": e.get("through_object"),
            })

    def key(event):
        when = event["date"]
        span = dates.span(when) if when else None
        return (span is None, span or (), event["predicate"], str(event["other"]))

    return sorted(events, key=key)
