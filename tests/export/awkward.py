"""A graph in the shape of sahelgraph.model with every awkward value an export must keep."""

from __future__ import annotations

import networkx as nx

from sahelgraph.evidence_list import EvidenceList


def awkward() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["sources"] = {
        "wire": {"title": "Mali tells UN <mission> to leave & \"go\"", "outlet": "Wire", "published": "2023-06",
                 "url": "https://example.org/?a=1&b=2", "language": "en", "file": "wire.txt", "note": None},
        "blank": {"title": None, "outlet": None, "published": None, "url": None, "language": None,
                  "file": None, "note": None},
    }
    G.graph["predicates"] = {
        "expels": {"description": "orders out", "symmetric": False, "inverse": "expelled_by",
                   "polarity": -1, "cameo": "174", "plover": "COERCE"},
        "cooperates_with": {"description": "works with", "symmetric": True, "inverse": None,
                            "polarity": 1, "cameo": "06", "plover": "COOPERATE"},
    }
    G.graph["filters"] = {"since": "2022", "polarity": [-1, 1], "min_confidence": 0.5}
    G.add_node("mali", name="Mali", kind="state", aliases=["Republic of Mali", "Malian"], country="Mali",
               description="West African state")
    G.add_node("assimi-goita", name="Assimi Goïta", kind="person", aliases=["Goïta", "Col. Goita"],
               country="Mali", description="Line one\nline two\r\nline three\ttab  ")
    G.add_node("odd", name="", kind="unknown", aliases=[], country=None, description=None)
    G.add_node("ctrl", name="Ctrl\x01\x0b char", kind="armed_group", aliases=["a|b", "c;d", "\"q\""],
               country=" ", description="<b>bold</b> ]]> &amp; \u2028 \U0001F600")
    ev = lambda **kw: {"date": None, "source": "wire", "quote": None, "confidence": 1.0, "note": None,
                       "file": "graph/t.tsv", "line": 2, **kw}
    G.add_edge("mali", "assimi-goita", key="expels", predicate="expels", polarity=-1, symmetric=False,
               weight=2, first_date="2022-07", last_date="2022-08-15", confidence=0.30000000000000004,
               sources=["wire"], evidence=[ev(date="2022-07", quote="He said: \"leave\" <now>", confidence=0.1 + 0.2),
                                           ev(date="2022-08-15", quote="again", note="n", line=9)])
    G.add_edge("mali", "assimi-goita", key="cooperates_with", predicate="cooperates_with", polarity=1,
               symmetric=True, weight=1, first_date="2022/2023", last_date="2022/2023", confidence=1.0,
               sources=[], evidence=[ev(date="2022/2023", source=None, quote="", line=None)])
    G.add_edge("assimi-goita", "mali", key="leads", predicate="leads", polarity=0, symmetric=False,
               weight=1, first_date=None, last_date=None, confidence=1, sources=["wire"],
               evidence=[ev(quote="x\x02y\r\nz", confidence=1)])
    G.add_edge("ctrl", "ctrl", key="leads", predicate="leads", polarity=0, symmetric=False, weight=1,
               first_date=None, last_date=None, confidence=0.9, sources=["wire"], evidence=[ev(confidence=0.9)])
    return G


def typed(value):
    """``value`` with every scalar tagged by its type, so 1 and 1.0 and True differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, EvidenceList):  # a store's evidence list reads back as the list it is
        return typed(value.copy())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(v) for v in value])
    return (type(value).__name__, value)


def assert_same_graph(H, G):
    """H is G: same class, graph attributes, nodes, edges with keys, every value and its type."""
    assert type(H) is type(G)
    assert typed(H.graph) == typed(G.graph)
    assert list(H.nodes) == list(G.nodes)
    assert typed(dict(H.nodes(data=True))) == typed(dict(G.nodes(data=True)))
    if G.is_multigraph():
        edges = lambda X: {(u, v, k): typed(d) for u, v, k, d in X.edges(keys=True, data=True)}
    else:
        edges = lambda X: {(u, v): typed(d) for u, v, d in X.edges(data=True)}
    assert edges(H) == edges(G)
    assert H.number_of_edges() == G.number_of_edges()
