"""Paths as people read them (hop by hop, with the evidence) and as scripts read them (JSON).

A path is what :func:`sahelgraph.analysis.shortest_paths` returns: ``{"length", "hops"}``,
each hop ``{"from", "to", "relations"}``, each relation with its subject, predicate,
object, the direction it was walked in and its lead piece of evidence.

>>> import networkx as nx
>>> from sahelgraph.analysis import shortest_paths
>>> G = nx.MultiDiGraph()
>>> G.add_node("us", name="United States"); G.add_node("maslov", name="Ivan Maslov")
>>> G.add_node("wagner", name="Wagner Group")
>>> _ = G.add_edge("us", "maslov", key="sanctions", predicate="sanctions",
...                evidence=[{"date": "2023", "source": "wire", "quote": "The US sanctioned Maslov"}])
>>> _ = G.add_edge("maslov", "wagner", key="official_of", predicate="official_of",
...                evidence=[{"date": None, "source": "wire", "quote": "Maslov, Wagner's man in Mali",
...                           "modality": "alleged"}])
>>> path = shortest_paths(G, "wagner", "us")[0]
>>> print("\\n".join(explain_path(G, path)))
  1. Ivan Maslov –official_of→ Wagner Group  (walked backward, against its direction)
     wire, alleged: “Maslov, Wagner's man in Mali”
  2. United States –sanctions→ Ivan Maslov  (walked backward, against its direction)
     2023, wire: “The US sanctioned Maslov”
>>> record = path_record(G, path, 1)
>>> record["actors"][0], record["hops"][0]["relations"][0]["direction"]
({'id': 'wagner', 'name': 'Wagner Group'}, 'backward')
"""

from __future__ import annotations

import textwrap

from sahelgraph.cli.output import actor_ref


def _name(G, node) -> str:
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def _arrow(G, relation: dict) -> str:
    head = "–" if relation.get("symmetric") else "→"
    return f"{_name(G, relation['subject'])} –{relation['predicate']}{head} {_name(G, relation['object'])}"


def _lead(relation: dict) -> dict:
    """The relation's lead evidence (the one the path reports), with its modality."""
    for e in relation.get("evidence") or []:
        if (e.get("date"), e.get("source"), e.get("quote")) == (relation.get("date"), relation.get("source"),
                                                                  relation.get("quote")):
            return e
    return {}


def _modality(relation: dict) -> str:
    return _lead(relation).get("modality") or "asserted"


def explain_path(G, path: dict, *, width: int | None = None, every_relation: bool = False) -> list[str]:
    """A path as lines of text: each hop, the relation behind it (its predicate and stored
    direction; "walked backward" when the path goes against it), the date, source,
    modality when not asserted, and quote of its lead evidence.

    ``every_relation``: list every relation between the two actors of a hop, not only the
    first; ``width``: wrap the quotes to this many characters.
    """
    lines = []
    for step, hop in enumerate(path["hops"], 1):
        relations = hop["relations"] if every_relation else hop["relations"][:1]
        others = len(hop["relations"]) - len(relations)
        for i, relation in enumerate(relations):
            more = f"  (+{others} more relation{'s' if others > 1 else ''})" if others else ""
            backward = ("  (walked backward, against its direction)"
                        if relation.get("direction") == "backward" and not relation.get("symmetric") else "")
            number = f"{step}." if i == 0 else "  "
            lines.append(f"  {number} {_arrow(G, relation)}{backward}{more}")
            modality = _modality(relation)
            where = ", ".join(x for x in (relation.get("date") or relation.get("first_date"), relation.get("source"),
                                          modality if modality != "asserted" else None) if x)
            text = f"{where}: “{relation['quote']}”" if relation.get("quote") else where
            if not text:
                continue
            if width:
                lines += textwrap.wrap(text, max(width - 5, 30), initial_indent="     ", subsequent_indent="       ")
            else:
                lines.append("     " + text)
    return lines


def path_record(G, path: dict, number: int) -> dict:
    """A path as JSON: its number, length, actors in order and hops, every actor as
    ``{"id", "name"}``, every relation with direction ``forward``/``backward``."""
    hops = []
    actors = [actor_ref(G, path["hops"][0]["from"])] if path["hops"] else []
    for step, hop in enumerate(path["hops"], 1):
        actors.append(actor_ref(G, hop["to"]))
        hops.append({
            "hop": step, "from": actor_ref(G, hop["from"]), "to": actor_ref(G, hop["to"]),
            "relations": [{
                "subject": actor_ref(G, r["subject"]), "predicate": r["predicate"],
                "object": actor_ref(G, r["object"]), "direction": r["direction"],
                "symmetric": bool(r.get("symmetric")), "polarity": r.get("polarity", 0),
                "evidence": r.get("weight"), "date": r.get("date"), "source": r.get("source"),
                "quote": r.get("quote"), "modality": _modality(r),
            } for r in hop["relations"]],
        })
    return {"path": number, "length": path["length"], "actors": actors, "hops": hops}
