"""Who acts for whom: the roll-up that asks a question at the level the analyst means.

A government acts for its state, a ministry or armed force for its government, an official
for the body they serve: the relations whose predicate has ``acts_for`` in the ontology
(``government_of``, ``part_of``, ``official_of``, ``leads``, ``represents``; see
``G.graph["predicates"]``) say so. "What did Mali do?" then includes what the Malian junta,
its Foreign Ministry, its armed forces and its officials did — as CAMEO's actor codes count
MLIGOV and MLIMIL as Mali.

:func:`roll_up` attributes the acts of the parts to their principal. The acts stay on the
actor the text names in the stored graph; the rolled-up graph says through whom: each piece
of evidence of a rolled-up relation gains ``through`` (the subject the source named, when it
differs) and ``through_object`` (likewise for the object), and the edge lists them in
``through``.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(predicates={"government_of": {"acts_for": True}})
>>> G.add_node("mali", name="Mali"); G.add_node("junta", name="Malian junta")
>>> G.add_node("salgado", name="Olivier Salgado")
>>> _ = G.add_edge("junta", "mali", key="government_of", predicate="government_of", evidence=[{}])
>>> _ = G.add_edge("junta", "salgado", key="expels", predicate="expels", polarity=-1,
...                weight=1, evidence=[{"date": "2022-07-20", "source": "dw"}])
>>> H = roll_up(G)
>>> list(H.edges(keys=True))
[('mali', 'salgado', 'expels')]
>>> H["mali"]["salgado"]["expels"]["evidence"][0]["through"]
'junta'
>>> describe(H, "mali", "salgado", "expels")
'Mali (through Malian junta) –expels→ Olivier Salgado'
"""

from __future__ import annotations

import networkx as nx

from sahelgraph.filters import ACTUAL_MODALITIES, _edge_summary
from sahelgraph.model import DEFAULT_MODALITY


def acts_for_predicates(G) -> set[str]:
    """The predicates of ``G`` whose subject acts for their object: those the graph's
    ontology marks ``acts_for``, and those the package ontology marks (a store written
    before predicates recorded it reads them back unmarked)."""
    from sahelgraph.ontology import package_ontology

    package = package_ontology().predicates
    return {name for name, p in G.graph.get("predicates", {}).items()
            if p.get("acts_for") or (name in package and package[name].acts_for)}


def principals(G, actor=None) -> dict:
    """For each actor (or only ``actor``), the actors at the top of its chains of
    acts-for relations: ``{actor: [top principal, ...]}``; an actor that acts for nobody
    is its own principal. Cycles stop where they close.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(predicates={"part_of": {"acts_for": True}})
    >>> G.add_edges_from([("diop", "ministry", "part_of"), ("ministry", "junta", "part_of")])
    ['part_of', 'part_of']
    >>> principals(G)["diop"]
    ['junta']
    """
    structural = acts_for_predicates(G)
    up: dict = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if d.get("predicate", k) in structural and u != v and not _is_place(G, u) and _established(d):
            up.setdefault(u, set()).add(v)
    found: dict = {}

    def tops(node, seen):
        if node in found:
            return found[node]
        above = [p for p in up.get(node, ()) if p not in seen]
        if not above:
            result = [node]
        else:
            result = sorted({t for p in above for t in tops(p, seen | {node})}, key=str)
        found[node] = result
        return result

    nodes = [actor] if actor is not None else list(G.nodes)
    return {n: tops(n, frozenset()) for n in nodes}


def parts(G, actor) -> set:
    """Every actor that acts for ``actor``, directly or through others (not ``actor``).
    Places are never parts: a town lies within a region (``part_of``) but does not act for it;
    an acts-for relation known only as intended, hypothetical or denied is not followed.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(predicates={"part_of": {"acts_for": True}})
    >>> G.add_edges_from([("diop", "ministry", "part_of"), ("ministry", "junta", "part_of")])
    ['part_of', 'part_of']
    >>> sorted(parts(G, "junta"))
    ['diop', 'ministry']
    """
    structural = acts_for_predicates(G)
    found, todo = set(), [actor]
    while todo:
        here = todo.pop()
        if here not in G:
            continue
        for u, _, k, d in G.in_edges(here, keys=True, data=True):
            if d.get("predicate", k) in structural and u not in found and u != actor \
                    and not _is_place(G, u) and _established(d):
                found.add(u)
                todo.append(u)
    return found


def _established(relation: dict) -> bool:
    """Who acts for whom follows what is asserted (or alleged), not a body still to be
    formed or a post denied: an acts-for relation counts unless all its evidence is
    intended, hypothetical or denied."""
    evidence = relation.get("evidence")
    if not evidence:
        return True
    return any((e.get("modality") or DEFAULT_MODALITY) in ACTUAL_MODALITIES for e in evidence)


def _is_place(G, node) -> bool:
    """A place lies within another (part_of) but acts for no one."""
    return G.nodes[node].get("kind") == "place" if node in G else False


def roll_up(G, actors=None, *, hierarchy=None) -> nx.MultiDiGraph:
    """``G`` with the acts of every actor's parts attributed to the actor.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph shape of :mod:`sahelgraph.model`.
    actors : iterable of node, optional
        Roll up only into these actors (their parts are absorbed, everyone else stays as
        named); by default every actor is rolled up into its top principals. An actor in
        ``actors`` that acts for another in ``actors`` is absorbed by it.
    hierarchy : networkx.MultiDiGraph, optional
        Where to read who acts for whom, when ``G`` is filtered (a date window or a
        predicate filter would otherwise drop the structure it rolls up along): usually
        the store's graph of the acts-for predicates alone. Default: ``G`` itself.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph: the acts-for relations inside a rolled-up actor disappear, relations
        of the same (subject, predicate, object) merge with their evidence concatenated,
        each piece of evidence marked with ``through`` / ``through_object`` when the source
        named a part; edges carry ``through`` (sorted ids of the parts that acted), nodes
        of principals ``parts`` (the ids they absorbed) and ``part_names`` ({id: name}).
        ``graph["rolled_up"]`` is True.
    """
    structure = G if hierarchy is None else hierarchy
    if actors is None:
        into = {n: tops for n, tops in principals(structure).items()}
    else:
        into = {}
        for actor in actors:
            for part in parts(structure, actor):
                into[part] = sorted((set(into.get(part, [])) - {part}) | {actor}, key=str)
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.graph["rolled_up"] = True
    for n, d in G.nodes(data=True):
        if into.get(n, [n]) == [n]:
            H.add_node(n, **d)

    def node(n):
        """A principal the filters left out of ``G`` still stands for its parts."""
        if n not in H:
            H.add_node(n, **(structure.nodes[n] if n in structure else {}))
        return n

    for n, tops in into.items():
        if n not in G:
            continue
        for top in tops:
            if top != n:
                names = H.nodes[node(top)].setdefault("part_names", {})
                names[n] = G.nodes[n].get("name", n)
    for n in H:
        if "part_names" in H.nodes[n]:
            H.nodes[n]["parts"] = sorted(H.nodes[n]["part_names"], key=str)
    merged: dict = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        for top_u in into.get(u, [u]):
            for top_v in into.get(v, [v]):
                if top_u == top_v:
                    continue  # within one actor: the structure of the actor, or its inner business
                evidence = []
                for e in d.get("evidence", []):
                    e = dict(e)
                    if top_u != u:
                        e["through"] = u
                    if top_v != v:
                        e["through_object"] = v
                    evidence.append(e)
                key = (top_u, top_v, k)
                if key not in merged:
                    merged[key] = (dict(d), [], set())
                attrs, pieces, through = merged[key]
                pieces += evidence
                through.update(x for x, top in ((u, top_u), (v, top_v)) if x != top)
    for (u, v, k), (attrs, pieces, through) in merged.items():
        attrs.update(_edge_summary(pieces) if pieces else {})
        attrs["through"] = sorted(through, key=str)
        H.add_edge(u, v, key=k, **attrs)
    return H


def describe(G, u, v, key) -> str:
    """One relation of a rolled-up graph in words, saying through whom.

    ``"Mali (through Malian junta) –expels→ Olivier Salgado"``
    """
    d = G.edges[u, v, key]

    def side(node, field):
        name = G.nodes[node].get("name", node)
        via = sorted({e[field] for e in d.get("evidence", []) if e.get(field)}, key=str)
        if not via:
            return name
        part_names = G.nodes[node].get("part_names") or {}  # the parts it absorbed, by id
        return f"{name} (through {', '.join(part_names.get(p, str(p)) for p in via)})"

    return f"{side(u, 'through')} –{d.get('predicate', key)}→ {side(v, 'through_object')}"
