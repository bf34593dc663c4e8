"""One self-contained HTML page of a graph, built with pyvis (vis-network).

The page holds everything it needs: vis-network's script and style sheet are copied in from
the pyvis package (pyvis's own ``local`` and ``in_line`` templates still fetch vis-network
or Bootstrap from a CDN), so it opens offline and makes no network request, which its
Content-Security-Policy also forbids. The graph travels as one JSON data block, escaped so
that no text in it can end the block; the page script puts every name, description and
quote on screen with ``textContent``, never as HTML, so a quote holding markup shows as
markup and runs nothing.

Large graphs: vis-network's physics takes seconds at a few hundred actors and minutes past
about 1,500, so above ``layout_threshold`` (:data:`LAYOUT_THRESHOLD`, 500) actors the layout
is computed in Python (:func:`sahelgraph.viz.layout.fast_layout`) and physics is off; above
``max_nodes`` (:data:`MAX_NODES`, 5,000) only the most central actors are kept, and the
page and the command say so. Pages become interactive within a few seconds either way.

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("mali", name="Mali", kind="state", description="<b>West</b> African state")
>>> G.add_node("minusma", name="MINUSMA", kind="igo")
>>> _ = G.add_edge("mali", "minusma", key="expels", predicate="expels", polarity=-1,
...                evidence=[{"date": "2023-06", "source": "s", "quote": "</script><b>leave</b>"}])
>>> page = build_page(G, title="Mini")
>>> page.counts
{'nodes': 2, 'edges': 1, 'total_nodes': 2, 'total_edges': 1}
>>> html = page.html()
>>> "</script><b>" in html, "vis.Network" in html
(False, True)
>>> path = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "mini.html")
>>> path.name
'mini.html'
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from sahelgraph import dates
from sahelgraph.bulk import paused_gc
from sahelgraph.errors import NotFoundError, SahelGraphError
from sahelgraph.evidence_list import plain_or_text
from sahelgraph.filters import strongest_relations
from sahelgraph.model import EVIDENCE_FIELDS
from sahelgraph.resolve import resolve_actor
from sahelgraph.viz import style
from sahelgraph.viz.layout import fast_layout
from sahelgraph.viz.sizing import NOT_ACTING, SIZE_MEASURES, node_scores

LAYOUT_THRESHOLD = 500
"""Above this many actors the layout is computed in Python and physics is off.

Measured in headless Chromium (benchmarks/viz.py, docs/viz.md): browser physics makes a
page of 500 actors interactive in 1.5-3 s, 1,000 in 3-4 s, 1,500 in 6 s or more; with the
Python layout 2,000 actors are interactive in about 1.5 s."""

MAX_NODES = 5000
"""Above this many actors only the most central ones are shown (``max_nodes=None``: all)."""

MAX_RELATIONS = 10_000
"""Above this many relations only the strongest are drawn (``max_relations=None``: all).

Measured in headless Chromium at 1M rows, around the actor with the most relations (868
actors): 128,251 relations made a 209 MB page, interactive after 32 s and 2.5-3.3 s per frame
when zoomed; 5,000 relations a 38 MB page, interactive after 2 s, 0.15-0.18 s per frame."""

_FILTER_LABELS = {
    "predicates": "predicate", "polarity": "polarity", "kinds": "kind", "since": "since",
    "until": "until", "as_of": "as of", "min_confidence": "confidence ≥",
    "min_evidence": "evidence ≥",
}


class _Network(Network):
    """pyvis's Network with constant-time checks: its ``add_node`` and ``add_edge`` search
    lists for every call, which is quadratic (minutes at 20,000 actors)."""

    def add_node(self, n_id, label=None, shape="dot", **options):
        if n_id in self.node_map:
            return
        node = Node(n_id, shape, label=label if label is not None else n_id,
                    font_color=self.font_color, **options)
        self.nodes.append(node.options)
        self.node_ids.append(n_id)
        self.node_map[n_id] = node.options

    def add_edge(self, source, to, **options):
        if source not in self.node_map or to not in self.node_map:
            raise KeyError(f"edge {source!r} -> {to!r}: unknown node")
        self.edges.append(Edge(source, to, self.directed, **options).options)


@dataclass
class GraphPage:
    """A built page: write it with :meth:`write`; in Jupyter it displays itself inline."""

    title: str
    data: dict
    network: Network
    notes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    height: str = "650px"

    def html(self) -> str:
        """The whole page, as one string."""
        return "".join(_render(self.title, self.data, self.network))

    def write(self, path) -> Path:
        """Write the page to ``path`` (``.html`` added if it has no suffix); return the path."""
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        # piece by piece: a page of 100k relations is hundreds of MB, not to be held whole
        with paused_gc(), path.open("w", encoding="utf-8") as file:
            file.writelines(_render(self.title, self.data, self.network))
        return path

    def _repr_html_(self) -> str:
        # an iframe keeps the page's script, styles and CSP apart from the notebook's
        return (f'<iframe srcdoc="{html_lib.escape(self.html(), quote=True)}" '
                f'style="width: 100%; height: {html_lib.escape(self.height)}; border: 0" '
                f'sandbox="allow-scripts" title="{html_lib.escape(self.title)}"></iframe>')


def render_html(G: nx.Graph, path, *, title: str | None = None, size_by: str = "degree",
                focus: str | None = None, depth: int = 1, path_between=None,
                max_nodes: int | None = MAX_NODES, max_relations: int | None = MAX_RELATIONS,
                layout_threshold: int = LAYOUT_THRESHOLD, seed: int = 0) -> Path:
    """Write an interactive, self-contained HTML page of ``G`` to ``path``; return the path.

    Parameters
    ----------
    G : networkx graph
        As a store returns it (see :mod:`sahelgraph.model`); other graphs work too, with
        missing attributes shown as unknown. ``G`` is not changed.
    path : str or Path
        The file to write.
    title : str, optional
        The page title; default ``G.graph["name"]`` or ``"sahelgraph"``. The filters the graph
        was read with (``G.graph["filters"]``) are listed under it.
    size_by : {"degree", "betweenness", "closeness", "eigenvector", "pagerank"}
        The centrality that sizes the actors (computed on the whole of ``G``).
    focus : str, optional
        Show only this actor (id, name or alias) and its neighbours up to ``depth`` hops,
        whatever the direction of the relations.
    depth : int
        Hops around ``focus``.
    path_between : (str, str), optional
        Highlight the shortest path between two actors, ignoring direction; the rest fades.
    max_nodes : int or None
        Show at most this many actors, the most central by ``size_by`` (the focus and path
        actors always stay); ``None`` or 0 shows all.
    max_relations : int or None
        Draw at most this many relations among them, the strongest as
        :func:`sahelgraph.filters.strongest_relations` cuts: the path's first, then those
        nearest the focus, then by evidence count and recency; an actor every relation of
        which is cut goes with them. ``None`` or 0 draws all.
    layout_threshold : int
        Above this many actors, lay out in Python and turn physics off.
    seed : int
        Seed of the layout, so the same graph gives the same picture.

    Raises
    ------
    NotFoundError
        An actor name matches no actor (the message suggests close names), or there is no
        path between the two actors.
    """
    return build_page(G, title=title, size_by=size_by, focus=focus, depth=depth,
                      path_between=path_between, max_nodes=max_nodes, max_relations=max_relations,
                      layout_threshold=layout_threshold, seed=seed).write(path)


def show(G: nx.Graph, *, height: str = "650px", **options) -> GraphPage:
    """The page of ``G`` for Jupyter: the returned object displays inline (an iframe).

    Takes the keyword options of :func:`render_html`.

    >>> import networkx as nx
    >>> show(nx.MultiDiGraph([("a", "b")]))._repr_html_().startswith("<iframe srcdoc=")
    True
    """
    page = build_page(G, **options)
    page.height = height
    return page


def build_page(G: nx.Graph, *, title: str | None = None, size_by: str = "degree",
               focus: str | None = None, depth: int = 1, path_between=None,
               max_nodes: int | None = MAX_NODES, max_relations: int | None = MAX_RELATIONS,
               layout_threshold: int = LAYOUT_THRESHOLD, seed: int = 0) -> GraphPage:
    """The page of ``G`` as a :class:`GraphPage`, not yet written; options as :func:`render_html`."""
    with paused_gc():
        return _build_page(G, title=title, size_by=size_by, focus=focus, depth=depth,
                           path_between=path_between, max_nodes=max_nodes,
                           max_relations=max_relations, layout_threshold=layout_threshold, seed=seed)


def _build_page(G, *, title, size_by, focus, depth, path_between, max_nodes, max_relations,
                layout_threshold, seed) -> GraphPage:
    if size_by not in SIZE_MEASURES:
        raise SahelGraphError(f"unknown size measure '{size_by}' (one of {', '.join(SIZE_MEASURES)})")
    if depth < 0:
        raise SahelGraphError(f"depth must be 0 or more, not {depth}")
    undirected = G.to_undirected(as_view=True)
    notes: list[str] = []

    focus_id = _actor(G, focus) if focus is not None else None
    path_nodes: list = []
    if path_between is not None:
        if len(path_between) != 2:
            raise SahelGraphError("path_between takes two actors")
        a, b = (_actor(G, name) for name in path_between)
        try:
            path_nodes = nx.shortest_path(undirected, a, b)
        except nx.NetworkXNoPath:
            raise NotFoundError(f"No path between {_name(G, a)} and {_name(G, b)}.") from None

    if focus_id is not None:
        shown = set(nx.single_source_shortest_path_length(undirected, focus_id, cutoff=depth))
    else:
        shown = set(G)
    shown.update(path_nodes)
    scores = node_scores(G, size_by)
    if max_nodes and len(shown) > max_nodes:
        kept = {n for n in (focus_id, *path_nodes) if n is not None}
        ranked = sorted(shown - kept, key=lambda n: (-scores.get(n, 0.0), str(n)))
        kept.update(ranked[:max(max_nodes - len(kept), 0)])
        notes.append(f"Showing the {len(kept):,} most central of {len(shown):,} actors by "
                     f"{size_by} (at most {max_nodes:,}: raise --max-nodes, or narrow the graph "
                     "with filters or --focus).")
        shown = kept
    if len(shown) == len(G):
        view = G
    else:  # a copy (of the structure; attribute values are shared): views are slow to walk
        order = {n: i for i, n in enumerate(G)}
        view = G.subgraph(sorted(shown, key=order.__getitem__)).copy()
    actors = len(view)
    view = strongest_relations(view, max_relations, around=[focus_id] if focus_id is not None else [],
                               pairs=zip(path_nodes, path_nodes[1:]))
    total_edges = G.number_of_edges() + G.graph.get("left_out_weakest", 0)
    cut = view.graph.get("left_out_weakest", 0)
    if cut:
        first = f"those nearest {_name(G, focus_id)} first, then " if focus_id is not None else ""
        gone = actors - len(view)
        notes.append(f"Showing the {view.number_of_edges():,} strongest of {view.number_of_edges() + cut:,} "
                     f"relations ({first}the most evidence, the latest; at most "
                     f"{max_relations or view.number_of_edges():,}: raise --max-relations, or narrow "
                     "the graph with filters)"
                     + (f"; {_count(gone, 'actor')} left with none of them {'is' if gone == 1 else 'are'} "
                        "left out too." if gone else "."))

    physics = len(view) <= layout_threshold
    positions = {}
    if not physics:
        positions = fast_layout(view, seed=seed)
        notes.append(f"Laid out in Python, physics off: more than {layout_threshold:,} actors "
                     "are too many for the browser to lay out. Drag actors to move them.")
    elif focus_id is not None:
        positions = _rings(view, focus_id)
    elif len(view) > 100:
        # a good start spares most of the browser's layout work (at its spring length)
        positions = fast_layout(view, seed=seed, scale=150.0)

    title = title or G.graph.get("name") or "sahelgraph"
    network, data = _network(G, view, scores, size_by, positions, focus_id, path_nodes)
    data.update(
        title=title,
        subtitle=_subtitle(G, view, size_by, focus_id, depth, path_nodes),
        time=_time_range(data["info"]["edges"]),
        notes=notes,
        sizeBy=size_by,
        physics=physics,
        options=_options(physics, large=len(view) > layout_threshold, seed=seed),
    )
    if positions and physics:
        data["options"]["physics"]["stabilization"]["iterations"] = 100  # a good start already
    network.options = data["options"]
    counts = {"nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
              "total_nodes": G.number_of_nodes(), "total_edges": total_edges}
    return GraphPage(title=title, data=data, network=network, notes=notes, counts=counts)


def _rings(G: nx.Graph, centre) -> dict:
    """Positions with ``centre`` at the origin and every other actor on a ring by its
    distance from it (hops, either direction), spread evenly: where physics starts from
    when a page focuses on one actor."""
    hops = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), centre)
    rings = defaultdict(list)
    for node in G:
        rings[hops.get(node, max(hops.values(), default=0) + 1)].append(node)
    positions = {}
    for distance, members in rings.items():
        radius = 260.0 * distance
        for i, node in enumerate(sorted(members, key=str)):
            angle = 2 * math.pi * i / len(members) + 0.3 * distance
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def _actor(G: nx.Graph, name):
    if name in G:
        return name
    return resolve_actor(G, str(name))


def _name(G: nx.Graph, node) -> str:
    return str(G.nodes[node].get("name") or node)


def describe_filters(filters: dict | None) -> str:
    """The filters a graph was read with, in one line.

    >>> describe_filters({"predicates": ["expels", "supports"], "polarity": [-1], "since": "2022"})
    'predicate expels, supports · polarity hostile · since 2022'
    >>> describe_filters({})
    'none'
    """
    parts = []
    for name, value in (filters or {}).items():
        if value is None:
            continue
        if name == "polarity":
            value = [style.POLARITY_NAMES.get(style.polarity_of(p), str(p)) for p in
                     (value if isinstance(value, (list, tuple, set)) else [value])]
        if isinstance(value, (list, tuple, set)):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{_FILTER_LABELS.get(name, name.replace('_', ' '))} {value}")
    return " · ".join(parts) or "none"


def _subtitle(G, view, size_by, focus_id, depth, path_nodes) -> list[str]:
    lines = [f"{_count(view.number_of_nodes(), 'actor')} · {_count(view.number_of_edges(), 'relation')}"
             f" · filters: {describe_filters(G.graph.get('filters'))}"]
    view_parts = []
    if focus_id is not None:
        view_parts.append(f"around {_name(G, focus_id)}, {depth} hop{'s' if depth != 1 else ''}")
    if path_nodes:
        view_parts.append("path " + " → ".join(_name(G, n) for n in path_nodes))
    view_parts.append(f"size by {size_by}")
    lines.append(" · ".join(view_parts))
    return lines


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _text(value):
    """A value for the page's JSON: None, or a plain str/number/bool."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def _network(G, view, scores, size_by, positions, focus_id, path_nodes):
    """The pyvis network (what vis-network draws) and the page data (what the page shows)."""
    network = _Network(directed=G.is_directed(), cdn_resources="in_line")
    on_path = set(path_nodes)
    path_pairs = {frozenset(p) for p in zip(path_nodes, path_nodes[1:])}
    ids = {n: str(n) for n in view}
    node_info = {}
    kinds = Counter()
    for n, d in view.nodes(data=True):
        kind = str(d.get("kind") or "unknown")
        kinds[kind] += 1
        color = style.kind_color(kind)
        options = {
            "color": {"background": color, "border": color,
                      "highlight": {"background": color, "border": style.HIGHLIGHT},
                      "hover": {"background": color, "border": style.HIGHLIGHT}},
            # the focus is drawn as large as the largest actor: it is what the page is about
            "value": max(scores.values(), default=0.0) if n == focus_id else scores.get(n, 0.0),
        }
        if n == focus_id and positions:
            options["fixed"] = True  # the centre while the layout settles; the page frees it
        if n == focus_id or n in on_path:
            options["borderWidth"] = 4
            options["color"]["border"] = style.HIGHLIGHT
        elif path_nodes:
            options["opacity"] = style.FADED_OPACITY
        if n in positions:
            options["x"], options["y"] = (round(c, 1) for c in positions[n])
        network.add_node(ids[n], label=str(d.get("name") or n), **options)
        aliases = d.get("aliases")
        node_info[ids[n]] = {
            "id": _text(n), "name": str(d.get("name") or n), "kind": kind,
            "country": _text(d.get("country")), "description": _text(d.get("description")),
            "aliases": [str(a) for a in aliases] if isinstance(aliases, (list, tuple)) else [],
            "score": scores.get(n, 0.0), "acts": kind not in NOT_ACTING,
        }

    edge_info = {}
    predicates = Counter()
    polarity_of_predicate = {}
    used_sources = set()
    parallel = defaultdict(int)
    between = Counter(frozenset((u, v)) for u, v in view.edges())
    spans = {}
    keyed = view.edges(keys=True, data=True) if view.is_multigraph() else (
        (u, v, None, d) for u, v, d in view.edges(data=True))
    for i, (u, v, key, d) in enumerate(keyed):
        predicate = str(d.get("predicate") or (key if key is not None else "related_to"))
        polarity = style.polarity_of(d.get("polarity"))
        predicates[predicate] += 1
        polarity_of_predicate.setdefault(predicate, polarity)
        color = style.polarity_color(polarity)
        weight = d.get("weight")
        if not isinstance(weight, (int, float)) or not math.isfinite(weight):
            weight = 1
        edge_id = f"e{i}"
        options = {
            "id": edge_id, "label": predicate.replace("_", " "),
            "color": {"color": color, "highlight": color, "hover": color, "opacity": 1.0},
            "width": 1.5 + 0.75 * min(max(weight - 1, 0), 4),
        }
        if d.get("symmetric") or not G.is_directed():
            options["arrows"] = {"to": {"enabled": False}}
        pair = frozenset((u, v))
        if pair in path_pairs:
            options["width"] += 4
        elif path_nodes:
            options["color"]["opacity"] = style.FADED_OPACITY
        # parallel relations between the same two actors curve apart instead of overlapping
        rank = parallel[pair]
        parallel[pair] += 1
        if rank or between[pair] > 1:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 + 0.2 * rank}
        network.add_edge(ids[u], ids[v], **options)
        evidence = []
        for e in d.get("evidence") or []:
            if not isinstance(e, dict):
                continue
            item = dict(zip(_EVIDENCE_KEYS, map(_text, map(e.get, _EVIDENCE_KEYS))))
            item["modality"] = item["modality"] or "asserted"
            date = e.get("date")
            date = date if isinstance(date, str) else None
            if date not in spans:  # (dates repeat: each is parsed once)
                spans[date] = _span(date)
            item["span"] = spans[date]
            attributes = e.get("attributes")
            if isinstance(attributes, str):
                try:
                    attributes = json.loads(attributes)
                except ValueError:
                    attributes = None
            item["attributes"] = ({str(k): _text(v) for k, v in sorted(attributes.items())}
                                  if isinstance(attributes, dict) and attributes else None)
            if item["place"] is not None and item["place"] in G:
                item["place_name"] = _name(G, item["place"])
            evidence.append(item)
            if e.get("source"):
                used_sources.add(e["source"])
        used_sources.update(s for s in d.get("sources") or [] if isinstance(s, str))
        edge_info[edge_id] = {
            "from": ids[u], "to": ids[v], "predicate": predicate, "polarity": polarity,
            "symmetric": bool(d.get("symmetric")),
            "first_date": _text(d.get("first_date")), "last_date": _text(d.get("last_date")),
            "confidence": _text(d.get("confidence")), "weight": _text(weight),
            "sources": [str(s) for s in d.get("sources") or []],
            "evidence": evidence,
        }

    sources = {}
    for source_id, s in (G.graph.get("sources") or {}).items():
        if source_id in used_sources and isinstance(s, dict):
            sources[str(source_id)] = {k: _text(s.get(k)) for k in ("title", "outlet", "published", "url")}
    legend = {
        "kinds": [[k, style.kind_color(k), c] for k, c in sorted(kinds.items())],
        "predicates": [[p, polarity_of_predicate[p], style.polarity_color(polarity_of_predicate[p]), c]
                       for p, c in sorted(predicates.items())],
        "polarity": [[style.POLARITY_NAMES[p], style.POLARITY_COLORS[p]] for p in (-1, 1, 0)],
    }
    data = {
        "nodes": network.nodes, "edges": network.edges,
        "info": {"nodes": node_info, "edges": edge_info}, "sources": sources, "legend": legend,
        "highlight": {"focus": ids.get(focus_id), "path": [ids[n] for n in path_nodes]},
    }
    return network, data


# what the page shows of a piece of evidence: its fields but the attributes, which it shows apart
_EVIDENCE_KEYS = tuple(f for f in EVIDENCE_FIELDS if f != "attributes")


def _span(date) -> list | None:
    """[first day, last day] (ISO) an evidence date covers, for the page's time slider."""
    if not isinstance(date, str) or not date.strip():
        return None
    try:
        first, last = dates.span(date)
    except ValueError:
        return None
    return [first.isoformat(), last.isoformat()]


def _time_range(edges: dict) -> dict:
    """The months the evidence covers (``first``, ``last``, as YYYY-MM) and how many
    relations have undated evidence, for the time slider; None without dated evidence."""
    spans = [e["span"] for info in edges.values() for e in info["evidence"] if e.get("span")]
    undated = sum(any(not e.get("span") for e in info["evidence"]) or not info["evidence"]
                  for info in edges.values())
    if not spans:
        return {"first": None, "last": None, "undated": undated}
    return {"first": min(s[0] for s in spans)[:7], "last": max(s[1] for s in spans)[:7], "undated": undated}


def _options(physics: bool, *, large: bool, seed: int) -> dict:
    """vis-network options."""
    options = {
        "autoResize": True,
        "nodes": {
            "shape": "dot", "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            # labels smaller than this many pixels on screen are not drawn: they cannot be
            # read, and Chromium draws tiny text slowly (seconds for a few thousand)
            "scaling": {"min": 8, "max": 40,
                        "label": {"enabled": True, "min": 12, "max": 24, "drawThreshold": 8,
                                  "maxVisible": 28}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "face": "system-ui, sans-serif"},
            "scaling": {"label": {"drawThreshold": 8}},
            "selectionWidth": 2, "hoverWidth": 1.5,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": False, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
        "layout": {"randomSeed": seed, "improvedLayout": False},
    }
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 150,
                                 "springConstant": 0.05, "avoidOverlap": 0.6, "centralGravity": 0.01},
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 20, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
    return options


# -- the HTML ------------------------------------------------------------------------------

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_OPTIONS = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False, "default": plain_or_text}


def script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` (so no
    ``</script>`` or ``<!--`` can end or bend the element) and no U+2028/U+2029.

    >>> script_json({"q": "</script><script>alert(1)</script>"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    return "".join(script_json_pieces(value))


def script_json_pieces(value, levels: int = 2):
    """:func:`script_json` of ``value`` in pieces: the members of a dict are encoded one by
    one (``levels`` deep), large lists and dicts a batch of members at a time (a page's data
    is hundreds of MB at 100k relations)."""
    if levels and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        yield "{"
        for i, (key, member) in enumerate(value.items()):
            yield ("," if i else "") + _safe(json.dumps(key, **_JSON_OPTIONS)) + ":"
            yield from script_json_pieces(member, levels - 1)
        yield "}"
    elif isinstance(value, (dict, list)) and len(value) > _BATCH:
        members = list(value.items()) if isinstance(value, dict) else value
        batch = dict if isinstance(value, dict) else list
        yield "{" if isinstance(value, dict) else "["
        for start in range(0, len(members), _BATCH):
            # the JSON of a batch without its brackets: its members, as the whole would write them
            text = json.dumps(batch(members[start:start + _BATCH]), **_JSON_OPTIONS)[1:-1]
            yield ("," if start else "") + _safe(text)
        yield "}" if isinstance(value, dict) else "]"
    else:
        yield _safe(json.dumps(value, **_JSON_OPTIONS))


_BATCH = 500  # members of a large list or dict encoded at a time


def _safe(text: str) -> str:
    for unsafe, escaped in _JSON_ESCAPES.items():
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("sahelgraph.viz").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def vis_network_files() -> tuple[str, str]:
    """vis-network's script and style sheet: from ``viz/assets/`` when vendored there, else
    the newest copy inside the installed pyvis package (``pyvis/lib/vis-*``)."""
    assets = resources.files("sahelgraph.viz").joinpath("assets")
    if assets.joinpath("vis-network.min.js").is_file():
        folder = assets
    else:
        import pyvis

        lib = Path(pyvis.__file__).parent / "lib"
        versions = sorted(lib.glob("vis-*/vis-network.min.js"),
                          key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
        if not versions:
            raise SahelGraphError(f"vis-network not found in {lib} (reinstall pyvis, or copy "
                                  "vis-network.min.js and vis-network.css into sahelgraph/viz/assets)")
        folder = versions[-1].parent
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    # a source map comment makes an open DevTools fetch a file that is not there
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    if "</script" in js.lower() or "</style" in css.lower():
        raise SahelGraphError("this vis-network cannot be inlined (it contains </script> or </style>)")
    return js, css


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=None)
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_asset("page.html"))


def _render(title: str, data: dict, network: Network):
    """The page in pieces (their concatenation is the page)."""
    vis_js, vis_css = vis_network_files()
    page_js, page_css = _asset("page.js"), _asset("page.css")
    # only these two scripts may run: an injected inline handler or script would be refused
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(page_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "base-uri 'none'; form-action 'none'")
    html = _template().render(
        title=title, csp=csp,
        vis_css=Markup(vis_css), page_css=Markup(page_css),
        vis_js=Markup(vis_js), page_js=Markup(page_js),
        data_json=Markup(_DATA_HERE),
    )
    before, _, after = html.rpartition(_DATA_HERE)  # (only our scripts follow it)
    yield before
    # many small pieces written one by one cost more than a few joined ones
    batch, size = [], 0
    for piece in script_json_pieces(data):
        batch.append(piece)
        size += len(piece)
        if size > 1 << 20:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)
    yield after


_DATA_HERE = "\x00sahelgraph-data\x00"  # where the data goes in the rendered template
