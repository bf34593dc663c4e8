"""Graphs for the viz tests, built by hand in the shape of sahelgraph.model, with quotes,
names and descriptions that would run script if a page ever treated them as HTML."""

from __future__ import annotations

import networkx as nx

XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "</script><script>window.__xss=2</script>"
XSS_NAME = "<b onmouseover=window.__xss=3>Bold</b> & Co"
XSS_TITLE = "</title><script>window.__xss=4</script>"


def evidence(quote, date="2023", source="wire", confidence=1.0, note=None, line=1):
    return {"date": date, "source": source, "quote": quote, "confidence": confidence,
            "note": note, "file": "graph/t.tsv", "line": line}


def relation(G, u, v, predicate, polarity, items, symmetric=False):
    dated = [e["date"] for e in items if e["date"]]
    G.add_edge(u, v, key=predicate, predicate=predicate, polarity=polarity, symmetric=symmetric,
               weight=len(items), first_date=min(dated) if dated else None,
               last_date=max(dated) if dated else None,
               confidence=max(e["confidence"] for e in items),
               sources=sorted({e["source"] for e in items}), evidence=items)


def nasty() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.graph["sources"] = {
        "wire": {"title": XSS_TITLE, "outlet": "Wire <i>", "published": "2023-06-17",
                 "url": "javascript:window.__xss=5", "language": "en", "file": None, "note": None},
        "paper": {"title": "Paper", "outlet": "Daily", "published": "2022", "url": "https://example.org/a",
                  "language": "fr", "file": None, "note": None},
    }
    G.graph["predicates"] = {"expels": {"polarity": -1}, "supports": {"polarity": 1}}
    G.graph["filters"] = {}
    actors = [
        ("mali", "Mali", "state", ["Republic of Mali", "Malian"], "Mali", "West African state"),
        ("mali-junta", "Malian junta", "government", ["junta"], "Mali", "Military government\u2028since 2020"),
        ("wagner-group", "Wagner Group", "pmc", ["Wagner"], "Russia", "Russian PMC <!-- not a comment"),
        ("ivan-maslov", "Ivan Maslov", "person", ["Maslov"], "Russia", None),
        ("minusma", "MINUSMA", "igo", ["UN mission"], "Mali", "UN peacekeeping mission"),
        ("united-nations", "United Nations", "igo", ["UN", "U.N."], None, "The United Nations"),
        ("bold-co", XSS_NAME, "armed_group", [], None, XSS_IMG),
        ("loner", "Loner", "person", [], None, None),
    ]
    for id_, name, kind, aliases, country, description in actors:
        G.add_node(id_, name=name, kind=kind, aliases=aliases, country=country, description=description)
    relation(G, "mali", "minusma", "expels", -1, [evidence(XSS_SCRIPT, "2022-07")])
    relation(G, "wagner-group", "mali-junta", "supports", 1,
             [evidence(XSS_IMG, "2023"), evidence("Wagner backs the junta", "2022-12", "paper", 0.8),
              evidence("again", "2023-02", "paper"), evidence("and again", "2023-03", "paper"),
              evidence("fifth", None, "paper", note="undated")])
    relation(G, "ivan-maslov", "wagner-group", "leads", 0, [evidence("Maslov heads Wagner", None)])
    relation(G, "minusma", "united-nations", "member_of", 0, [evidence("part of the UN", None)])
    relation(G, "mali-junta", "minusma", "demands_withdrawal_of", -1, [evidence("leave now", "2023-06-16")])
    relation(G, "mali-junta", "minusma", "criticises", -1, [evidence("criticised", "2023-05")])
    relation(G, "mali", "wagner-group", "cooperates_with", 1, [evidence("together", "2022")], symmetric=True)
    relation(G, "bold-co", "mali", "attacks", -1, [evidence("<script>window.__xss=6</script>", "2023")])
    return G


def synthetic(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A contract-shaped graph of ``n`` actors and about 2.5 relations per actor."""
    import random

    rng = random.Random(seed)
    kinds = ["state", "government", "armed_group", "person", "igo", "pmc"]
    predicates = [("supports", 1), ("expels", -1), ("leads", 0), ("sanctions", -1), ("member_of", 0)]
    G = nx.MultiDiGraph(sources={"s": {"title": "S"}}, predicates={}, filters={})
    for i in range(n):
        G.add_node(f"a{i}", name=f"Actor {i}", kind=rng.choice(kinds), aliases=[], country=None,
                   description=f"actor number {i}")
    for i in range(int(n * 2.5)):
        u, v = rng.randrange(n), rng.randrange(n)
        if u == v:
            continue
        predicate, polarity = rng.choice(predicates)
        relation(G, f"a{u}", f"a{v}", predicate, polarity, [evidence(f"quote {i}", "2023", "s")])
    return G
