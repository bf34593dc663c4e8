"""GraphML and GEXF files for Gephi (and yEd, Cytoscape, igraph), read back exactly.

Both formats hold only strings, numbers and booleans, so the writer encodes the rest and
records how in the file itself, and :func:`read_graphml` / :func:`read_gexf` undo it to give
back the graph shape of :mod:`sahelgraph.model` attribute for attribute:

- lists and dicts (``aliases``, ``sources``, ``evidence``) become JSON strings, and so does
  every value of an attribute whose text XML cannot hold as is (control characters, ``\\r``)
  or whose values are of more than one type (``1`` among floats would come back ``1.0``);
- ``None`` is left out (GraphML and GEXF have no null) and restored on read;
- ``G.graph`` (sources, predicates, filters) and this recipe are one JSON string: a graph
  ``<data key="sahelgraph">`` in GraphML, the ``<meta><description>`` in GEXF;
- for Gephi, nodes get a ``label`` (the actor's name) and edges a ``label`` (the predicate)
  and a unique ``id``; the edge key is kept in ``edge_key`` (as JSON).

Kinds, polarity, weight, confidence and dates stay plain typed columns, so Gephi can colour
by ``kind``, filter on ``polarity`` and size edges by ``weight`` straight away.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph(sources={"s": {"title": "T"}}, predicates={}, filters={})
>>> G.add_node("mali", name="Mali", kind="state", aliases=["Malian"], country=None, description=None)
>>> G.add_node("minusma", name="MINUSMA", kind="igo", aliases=[], country="Mali", description=None)
>>> _ = G.add_edge("mali", "minusma", key="expels", predicate="expels", polarity=-1, weight=1,
...                evidence=[{"date": "2023-06", "source": "s", "quote": "<b>leave</b>"}])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
>>> _ = write_graphml(G, path)
>>> H = read_graphml(path)
>>> H.nodes["mali"] == G.nodes["mali"]
True
>>> H.edges["mali", "minusma", "expels"] == G.edges["mali", "minusma", "expels"]
True
>>> H.graph == G.graph
True
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from sahelgraph.errors import SahelGraphError
from sahelgraph.evidence_list import plain_or_text

FORMAT = "sahelgraph"
VERSION = 1

# attribute names the writers or readers of networkx treat specially: an original attribute
# of that name is stored renamed, so that it comes back untouched
_RESERVED = {
    "graphml": {"node": {"label"}, "edge": {"id", "label", "edge_key"}},
    "gexf": {
        "node": {"id", "label", "pid", "start", "end", "viz", "spells", "slices", "parents"},
        "edge": {"id", "key", "networkx_key", "label", "type", "start", "end", "viz", "spells", "slices",
                 "edge_key"},
    },
}
_RENAMED = "original."
# characters XML 1.0 cannot hold, or that a parser rewrites (\r becomes \n)
_NOT_XML_SAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_GEXF_NS = "http://www.gexf.net/1.2draft"


def write_graphml(G: nx.Graph, path) -> list[Path]:
    """Write ``G`` as GraphML for Gephi; :func:`read_graphml` gives it back exactly."""
    path = _target(path, "graphml")
    H, recipe = _encode(G, "graphml")
    H.graph = {FORMAT: _json(recipe)}
    nx.write_graphml(H, path, edge_id_from_attribute="id")
    return [path]


def read_graphml(path) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml` back into the sahelgraph shape.

    A GraphML file from elsewhere is read as networkx reads it (as a multigraph).
    """
    H = nx.read_graphml(_existing(path), force_multigraph=True)
    blob = H.graph.get(FORMAT)
    if blob is None:
        return H
    return _decode(H, _recipe(blob, path), "graphml")


def write_gexf(G: nx.Graph, path) -> list[Path]:
    """Write ``G`` as GEXF 1.2 for Gephi; :func:`read_gexf` gives it back exactly."""
    path = _target(path, "gexf")
    H, recipe = _encode(G, "gexf")
    name = G.graph.get("name")
    H.graph = {"name": name} if isinstance(name, str) else {}
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    # the graph attributes and the recipe travel in <meta><description>, which Gephi shows
    meta = writer.xml.find("meta")
    ET.SubElement(meta, "description").text = _json(recipe)
    writer.write(path)
    return [path]


def read_gexf(path) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`write_gexf` back into the sahelgraph shape.

    A GEXF file from elsewhere is read as networkx reads it.
    """
    path = _existing(path)
    H = nx.read_gexf(path)
    description = ET.parse(path).getroot().find(f"{{{_GEXF_NS}}}meta/{{{_GEXF_NS}}}description")
    if description is None or not (description.text or "").startswith("{"):
        return H
    try:
        recipe = _recipe(description.text, path)
    except SahelGraphError:
        return H  # a description of someone else's
    return _decode(H, recipe, "gexf")


def _target(path, extension: str) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / f"sahelgraph.{extension}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _existing(path) -> Path:
    path = Path(path)
    if not path.is_file():
        from sahelgraph.errors import NotFoundError

        raise NotFoundError(f"no such file: {path}")
    return path


def _recipe(blob: str, path) -> dict:
    try:
        recipe = json.loads(blob)
    except ValueError as exc:
        raise SahelGraphError(f"{path}: the {FORMAT} description is not valid JSON ({exc})") from None
    if not isinstance(recipe, dict) or recipe.get("format") != FORMAT:
        raise SahelGraphError(f"{path}: not written by sahelgraph")
    if recipe.get("version", 0) > VERSION:
        raise SahelGraphError(f"{path}: written by a newer sahelgraph (format version "
                              f"{recipe['version']}); upgrade sahelgraph to read it")
    return recipe


def _json(value) -> str:
    """JSON text XML can hold: what XML cannot is written as a JSON ``\\uXXXX`` escape."""
    text = json.dumps(value, ensure_ascii=False, default=plain_or_text)
    return _NOT_XML_SAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _xml_text(text: str) -> str:
    """``text`` for a label only (never read back): characters XML cannot hold dropped."""
    return _NOT_XML_SAFE.sub("", text)


def _needs_json(value) -> bool:
    if value is None or isinstance(value, (bool, int, float)):
        return False
    if isinstance(value, str):
        return bool(_NOT_XML_SAFE.search(value))
    return True


def _plan(items, reserved: set[str]) -> dict:
    """How to store one kind of element's attributes: which as JSON, which were None, which
    were all ints (GEXF reads an edge weight back as a float), which to rename."""
    as_json, nones, types = set(), set(), {}
    for data in items:
        for name, value in data.items():
            if value is None:
                nones.add(name)
                continue
            if _needs_json(value):
                as_json.add(name)
            types.setdefault(name, set()).add(type(value).__name__)
    # a column holds one type: 1 among floats would come back 1.0, so mixed ones go as JSON
    as_json.update(name for name, seen in types.items() if len(seen) > 1)
    ints = sorted(name for name, seen in types.items() if seen == {"int"})
    renamed = {name: _RENAMED + name for name in sorted(set(types) | nones) if name in reserved}
    return {"json": sorted(as_json), "none": sorted(nones), "int": ints, "renamed": renamed}


def _store(data: dict, plan: dict) -> dict:
    out = {}
    as_json, renamed = set(plan["json"]), plan["renamed"]
    for name, value in data.items():
        if value is None:
            continue
        if name in as_json:
            value = _json(value)
        out[renamed.get(name, name)] = value
    return out


def _encode(G: nx.Graph, fmt: str) -> tuple[nx.MultiDiGraph, dict]:
    node_plan = _plan((d for _, d in G.nodes(data=True)), _RESERVED[fmt]["node"])
    edge_plan = _plan((d for *_, d in G.edges(data=True)), _RESERVED[fmt]["edge"])
    node_ids = "int" if len(G) and all(type(n) is int for n in G) else "str"
    H = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    for node, data in G.nodes(data=True):
        if _NOT_XML_SAFE.search(str(node)):
            raise SahelGraphError(f"actor id {str(node)!r} holds characters XML cannot: it cannot "
                                  "be written as GraphML or GEXF (use --format json)")
        attrs = _store(data, node_plan)
        name = data.get("name")
        attrs["label"] = _xml_text(name if isinstance(name, str) and name else str(node))
        H.add_node(str(node), **attrs)
    keyed = G.edges(keys=True, data=True) if G.is_multigraph() else (
        (u, v, None, d) for u, v, d in G.edges(data=True))
    for i, (u, v, key, data) in enumerate(keyed):
        attrs = _store(data, edge_plan)
        attrs["id"] = f"e{i}"  # unique: Gephi drops edges whose id repeats
        attrs["label"] = _xml_text(str(data.get("predicate", key if key is not None else "")))
        attrs["edge_key"] = json.dumps(key)
        H.add_edge(str(u), str(v), key=attrs["id"], **attrs)
    recipe = {
        "format": FORMAT, "version": VERSION,
        "graph": G.graph, "directed": G.is_directed(), "multigraph": G.is_multigraph(),
        "node_ids": node_ids, "node": node_plan, "edge": edge_plan,
    }
    return H, recipe


def _restore(data: dict, plan: dict, added: set[str]) -> dict:
    back = {new: old for old, new in plan["renamed"].items()}
    as_json, ints = set(plan["json"]), set(plan["int"])
    out = {}
    for name, value in data.items():
        if name in added:
            continue
        name = back.get(name, name)
        if name in as_json:
            value = json.loads(value)
        elif name in ints and isinstance(value, float) and value.is_integer():
            value = int(value)
        out[name] = value
    for name in plan["none"]:
        out.setdefault(name, None)
    return out


def _decode(H: nx.Graph, recipe: dict, fmt: str) -> nx.Graph:
    directed, multigraph = recipe.get("directed", True), recipe.get("multigraph", True)
    G = {(True, True): nx.MultiDiGraph, (True, False): nx.DiGraph,
         (False, True): nx.MultiGraph, (False, False): nx.Graph}[(directed, multigraph)]()
    G.graph.update(recipe.get("graph") or {})
    node_id = int if recipe.get("node_ids") == "int" else str
    node_plan, edge_plan = recipe["node"], recipe["edge"]
    for node, data in H.nodes(data=True):
        G.add_node(node_id(node), **_restore(data, node_plan, {"label"}))
    # what the writer added for Gephi (and networkx's GEXF reader for itself)
    added = {"id", "label", "edge_key"} | ({"networkx_key"} if fmt == "gexf" else set())
    for u, v, data in H.edges(data=True):
        attrs = _restore(data, edge_plan, added)
        if multigraph:
            G.add_edge(node_id(u), node_id(v), key=json.loads(data["edge_key"]), **attrs)
        else:
            G.add_edge(node_id(u), node_id(v), **attrs)
    return G
