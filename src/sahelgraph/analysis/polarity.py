"""Who sides with whom: allies and adversaries, and structural balance, from the polarity
of relations (+1 cooperative, -1 hostile, 0 structural).

Two actors' *net polarity* is the sum, over the relations between them in either
direction, of polarity x evidence count: three statements that Wagner supports the junta
and one that it threatens it give +3 - 1 = +2.
"""

from __future__ import annotations

import itertools

import networkx as nx

from sahelgraph.analysis.simple import relations_of, require_node


def _edges(G):
    if G.is_multigraph():
        return ((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True))
    return ((u, v, None, d) for u, v, d in G.edges(data=True))


def ties(G, actor) -> list[dict]:
    """Every actor that ``actor`` has cooperative or hostile relations with (either
    direction), with the evidence behind them; strongest net polarity first (see
    :func:`allies`)."""
    require_node(G, actor)
    found: dict = {}
    for u, v, k, d in relations_of(G, actor):
        other = v if u == actor else u
        polarity = d.get("polarity", 0)
        if other == actor or not polarity:
            continue
        weight = d.get("weight", 1)
        tie = found.setdefault(other, {
            "actor": other, "name": G.nodes[other].get("name", other),
            "kind": G.nodes[other].get("kind"), "net": 0, "cooperative": 0, "hostile": 0,
            "relations": [],
        })
        tie["net"] += polarity * weight
        tie["cooperative" if polarity > 0 else "hostile"] += weight
        tie["relations"].append({"subject": u, "predicate": d.get("predicate", k), "object": v,
                                 "polarity": polarity, "weight": weight})
    for tie in found.values():
        tie["relations"].sort(key=lambda r: (-r["weight"], r["predicate"], str(r["subject"])))
    return sorted(found.values(), key=lambda t: (-abs(t["net"]), -(t["cooperative"] + t["hostile"]),
                                                 str(t["name"]), str(t["actor"])))


def allies(G, actor) -> list[dict]:
    """The actors whose net polarity with ``actor`` is positive, strongest first.

    Parameters
    ----------
    G : networkx graph
    actor : node of ``G``

    Returns
    -------
    list of dict
        ``actor``, ``name``, ``kind``, ``net`` (net polarity), ``cooperative`` and
        ``hostile`` (evidence counts), ``relations`` (subject, predicate, object,
        polarity, weight of each relation counted).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("wagner", "junta", key="supports", polarity=1, weight=3)
    >>> _ = G.add_edge("junta", "wagner", key="accuses", polarity=-1, weight=1)
    >>> _ = G.add_edge("junta", "minusma", key="expels", polarity=-1, weight=2)
    >>> [(t["actor"], t["net"], t["cooperative"], t["hostile"]) for t in allies(G, "junta")]
    [('wagner', 2, 3, 1)]
    >>> [(t["actor"], t["net"]) for t in adversaries(G, "junta")]
    [('minusma', -2)]
    """
    return [t for t in ties(G, actor) if t["net"] > 0]


def adversaries(G, actor) -> list[dict]:
    """The actors whose net polarity with ``actor`` is negative, most hostile first; same
    rows as :func:`allies`."""
    return [t for t in ties(G, actor) if t["net"] < 0]


def signed_graph(G) -> nx.Graph:
    """An undirected graph of the pairs of actors with non-zero net polarity, each edge
    with ``net`` and ``sign`` (+1 or -1).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="supports", polarity=1, weight=1)
    >>> _ = G.add_edge("b", "a", key="threatens", polarity=-1, weight=1)
    >>> signed_graph(G).number_of_edges()
    0
    """
    net: dict = {}
    for u, v, k, d in _edges(G):
        if u != v and d.get("polarity", 0):
            pair = (u, v) if str(u) <= str(v) else (v, u)
            net[pair] = net.get(pair, 0) + d["polarity"] * d.get("weight", 1)
    S = nx.Graph()
    S.add_nodes_from(sorted(G, key=str))
    S.add_edges_from((u, v, {"net": x, "sign": 1 if x > 0 else -1})
                     for (u, v), x in sorted(net.items(), key=lambda item: [str(n) for n in item[0]]) if x)
    return S


def balance(G) -> dict:
    """Structural balance: every triangle of actors whose three pairs have a non-zero net
    polarity, balanced when the product of the three signs is positive (the friend of my
    friend is my friend; the enemy of my enemy is my friend).

    Parameters
    ----------
    G : networkx graph

    Returns
    -------
    dict
        ``triads``: list of ``{"actors": [a, b, c], "signs": [sign(a,b), sign(a,c),
        sign(b,c)], "balanced": bool}`` with actors sorted; ``balanced`` and
        ``unbalanced``: how many of each.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("junta", "wagner", key="allied_with", polarity=1)
    >>> _ = G.add_edge("junta", "minusma", key="expels", polarity=-1)
    >>> _ = G.add_edge("wagner", "minusma", key="threatens", polarity=-1)
    >>> result = balance(G)
    >>> result["balanced"], result["unbalanced"], result["triads"][0]["signs"]
    (1, 0, [-1, 1, -1])
    """
    S = signed_graph(G)
    order = {node: i for i, node in enumerate(S)}
    triads = []
    for a in S:
        later = [n for n in S[a] if order[n] > order[a]]
        for b, c in itertools.combinations(sorted(later, key=order.get), 2):
            if S.has_edge(b, c):
                signs = [S[a][b]["sign"], S[a][c]["sign"], S[b][c]["sign"]]
                triads.append({"actors": [a, b, c], "signs": signs,
                               "balanced": signs[0] * signs[1] * signs[2] > 0})
    balanced = sum(t["balanced"] for t in triads)
    return {"triads": triads, "balanced": balanced, "unbalanced": len(triads) - balanced}
