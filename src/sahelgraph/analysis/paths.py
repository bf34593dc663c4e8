"""How two actors are connected: shortest paths and all simple paths, each hop explained
by the relations behind it and their evidence.

A path is a plain dict::

    {"nodes": [actor, ..., actor], "length": hops, "hops": [hop, ...]}

and each hop ``{"from": u, "to": v, "relations": [relation, ...]}`` lists every relation
between the two actors that the hop may follow: ``subject``, ``predicate``, ``object`` as
stored, ``direction`` ("forward" when stored from ``u`` to ``v``, "backward" when the hop
walks it against its stored direction; only an undirected search or a symmetric
predicate does that), ``symmetric``, ``polarity``, ``weight`` (evidence count),
``first_date``, ``last_date``, ``sources``, and ``date``, ``source``, ``quote`` of its
leading piece of evidence (the earliest dated one with a quote), plus the full
``evidence`` list.
"""

from __future__ import annotations

import networkx as nx

from sahelgraph import dates
from sahelgraph.analysis.simple import require_node, simple_graph
from sahelgraph.errors import NotFoundError, SahelGraphError


class NoPathError(NotFoundError):
    """Two actors are not connected (under the filters and options given)."""

    __module__ = "sahelgraph.analysis"


def _label(G, node) -> str:
    name = G.nodes[node].get("name")
    return f"{name} ({node})" if name and name != node else str(node)


def _lead_evidence(evidence: list[dict]) -> dict:
    def key(e):
        return (not e.get("quote"), e.get("date") is None,
                dates.start_key(e["date"]) if e.get("date") else None)

    return min(evidence, key=key) if evidence else {}


def _relation(u, v, k, d, direction: str) -> dict:
    evidence = list(d.get("evidence") or [])
    lead = _lead_evidence(evidence)
    return {
        "subject": u, "predicate": d.get("predicate", k), "object": v, "direction": direction,
        "symmetric": bool(d.get("symmetric")), "polarity": d.get("polarity", 0),
        "weight": d.get("weight", len(evidence) or 1),
        "first_date": d.get("first_date"), "last_date": d.get("last_date"),
        "sources": list(d.get("sources") or []),
        "date": lead.get("date"), "source": lead.get("source"), "quote": lead.get("quote"),
        "evidence": evidence,
    }


def _stored(G, u, v):
    """(key, data) of every relation stored from u to v."""
    if not G.has_edge(u, v):
        return []
    if G.is_multigraph():
        return sorted(G[u][v].items(), key=lambda kd: str(kd[0]))
    return [(None, G[u][v])]


def explain_hop(G, u, v, *, directed: bool = False) -> dict:
    """The relations of ``G`` behind a hop from actor ``u`` to actor ``v``.

    Parameters
    ----------
    G : networkx graph
    u, v : actors
    directed : bool, default False
        Only relations stored from ``u`` to ``v`` (and symmetric ones stored the other
        way); else relations either way, the reversed ones marked "backward".

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("us", "maslov", key="sanctions", predicate="sanctions", weight=1,
    ...                evidence=[{"date": "2023", "source": "wire", "quote": "US sanctioned Maslov"}])
    >>> hop = explain_hop(G, "maslov", "us")
    >>> [(r["predicate"], r["direction"], r["date"], r["quote"]) for r in hop["relations"]]
    [('sanctions', 'backward', '2023', 'US sanctioned Maslov')]
    """
    relations = [_relation(u, v, k, d, "forward") for k, d in _stored(G, u, v)]
    relations += [
        _relation(v, u, k, d, "backward") for k, d in _stored(G, v, u)
        if not directed or d.get("symmetric") or not G.is_directed()
    ]
    return {"from": u, "to": v, "relations": relations}


def _explain(G, nodes, directed) -> dict:
    return {"nodes": list(nodes), "length": len(nodes) - 1,
            "hops": [explain_hop(G, u, v, directed=directed) for u, v in zip(nodes, nodes[1:])]}


def _no_path(G, source, target, directed, max_hops):
    how = "following relations from subject to object" if directed else "following relations either way"
    within = f", within {max_hops} hops" if max_hops is not None else ""
    return NoPathError(f"No path between {_label(G, source)} and {_label(G, target)} ({how}{within}).")


DEFAULT_LIMIT = 100
MAX_STEPS = 2_000_000  # partial paths a search extends before it gives up (a second or two)


class PathSearchStopped(SahelGraphError):
    """A path search extended ``max_steps`` partial paths without finishing; ``paths``
    holds the paths it had found, which come first in the order promised."""

    __module__ = "sahelgraph.analysis"

    def __init__(self, message: str, paths: list[dict]):
        super().__init__(message)
        self.paths = paths


class _Budget(Exception):
    pass


def _ordered_paths(H, source, target, lengths, max_steps: int):
    """Simple paths of ``H`` from ``source`` to ``target``, lazily: by length (each of
    ``lengths``), then by the actors' ids along the way.

    A depth-first search per length that only steps to actors close enough to ``target``
    to end there in time: memory is the current path, never the paths found, and the
    caller stops it when it has enough. Raises _Budget after ``max_steps`` steps."""
    reverse = H.reverse(copy=False) if H.is_directed() else H
    distance = nx.single_source_shortest_path_length(reverse, target, cutoff=max(lengths, default=0))
    if source not in distance:
        return
    neighbours: dict = {}

    def ahead(node):
        if node not in neighbours:
            neighbours[node] = sorted((n for n in H[node] if n in distance), key=str)
        return neighbours[node]

    steps = 0
    for length in lengths:
        if length < distance[source]:
            continue
        path, on_path, stack = [source], {source}, [iter(ahead(source))]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            steps += 1
            if steps > max_steps:
                raise _Budget(steps)
            left = length - len(path)  # hops left once at ``node``
            if node == target:
                if left == 0:
                    yield path + [node]
            elif node not in on_path and distance[node] <= left:
                path.append(node)
                on_path.add(node)
                stack.append(iter(ahead(node)))


def _collect(G, paths, directed, limit, max_steps, source, target, max_hops) -> list[dict]:
    found = []
    try:
        for nodes in paths:
            if limit is not None and len(found) >= limit:
                break
            found.append(_explain(G, nodes, directed))
    except _Budget:
        within = f" within {max_hops} hops" if max_hops is not None else ""
        raise PathSearchStopped(
            f"stopped after {max_steps:,} steps of the search for paths between {_label(G, source)} "
            f"and {_label(G, target)}{within}, with {len(found)} found: lower the hops, or narrow "
            "the graph with filters (--predicate, --since)", found) from None
    return found


def shortest_paths(G, source, target, *, directed: bool = False, max_hops: int | None = None,
                   limit: int | None = DEFAULT_LIMIT, max_steps: int = MAX_STEPS) -> list[dict]:
    """Every shortest path (fewest hops) from actor ``source`` to actor ``target``, each hop
    explained (see the module docstring for the shape).

    Parameters
    ----------
    G : networkx graph
    source, target : actors (node ids of ``G``)
    directed : bool, default False
        False: how are they connected, whatever the direction of the relations. True:
        follow relations from subject to object only (symmetric predicates both ways).
    max_hops : int, optional
        Longest path accepted.
    limit : int or None, default 100
        At most this many paths (they can be many in dense graphs); paths come in a
        stable order (by the actors' ids along the way) and the search stops at the limit.
        None: all of them.
    max_steps : int, default 2,000,000
        Give up (PathSearchStopped, holding the paths found) after extending this many
        partial paths.

    Returns
    -------
    list of dict

    Raises
    ------
    NotFoundError
        An actor is not in ``G``.
    NoPathError
        No path (within ``max_hops``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("wagner", "junta", key="supports", predicate="supports")
    >>> _ = G.add_edge("junta", "minusma", key="expels", predicate="expels")
    >>> [p["nodes"] for p in shortest_paths(G, "minusma", "wagner")]
    [['minusma', 'junta', 'wagner']]
    >>> shortest_paths(G, "minusma", "wagner", directed=True)
    Traceback (most recent call last):
    ...
    sahelgraph.analysis.NoPathError: No path between minusma and wagner (following relations from subject to object).
    """
    require_node(G, source)
    require_node(G, target)
    if source == target:
        return [_explain(G, [source], directed)][:limit]
    H = simple_graph(G, directed=directed)
    try:
        length = nx.shortest_path_length(H, source, target)
    except nx.NetworkXNoPath:
        raise _no_path(G, source, target, directed, max_hops) from None
    if max_hops is not None and length > max_hops:
        raise _no_path(G, source, target, directed, max_hops)
    return _collect(G, _ordered_paths(H, source, target, [length], max_steps), directed, limit,
                    max_steps, source, target, max_hops)


def all_paths(G, source, target, *, max_hops: int = 3, directed: bool = False,
              limit: int | None = DEFAULT_LIMIT, max_steps: int = MAX_STEPS) -> list[dict]:
    """Every simple path (no actor twice) of at most ``max_hops`` hops from ``source`` to
    ``target``, shortest first, each hop explained (see the module docstring).

    Parameters
    ----------
    G : networkx graph
    source, target : actors (node ids of ``G``)
    max_hops : int, default 3
    directed : bool, default False
        As in :func:`shortest_paths`.
    limit : int or None, default 100
        At most this many paths: the search streams, shortest first, and stops there, so
        its work and memory do not grow with the number of paths (which grows
        exponentially with ``max_hops``). None: all of them.
    max_steps : int, default 2,000,000
        Give up (PathSearchStopped, holding the paths found) after extending this many
        partial paths.

    Returns
    -------
    list of dict

    Raises
    ------
    NotFoundError, NoPathError

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    >>> [p["nodes"] for p in all_paths(G, "a", "c")]
    [['a', 'c'], ['a', 'b', 'c']]
    >>> [p["nodes"] for p in all_paths(G, "a", "c", max_hops=1)]
    [['a', 'c']]
    """
    require_node(G, source)
    require_node(G, target)
    if max_hops < 1:
        raise SahelGraphError(f"max_hops must be at least 1 (got {max_hops})")
    if source == target:
        return [_explain(G, [source], directed)][:limit]
    H = simple_graph(G, directed=directed)
    paths = _collect(G, _ordered_paths(H, source, target, range(1, max_hops + 1), max_steps),
                     directed, limit, max_steps, source, target, max_hops)
    if not paths and limit != 0:
        raise _no_path(G, source, target, directed, max_hops)
    return paths
