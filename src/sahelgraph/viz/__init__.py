"""Interactive pages of the graph: one self-contained HTML file, offline, safe with any text.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("mali", "minusma", key="expels", predicate="expels", polarity=-1)
>>> build_page(G).counts["edges"]
1

See :func:`render_html` (write a page), :func:`show` (display in Jupyter) and
:func:`build_page` (the page, to write or inspect).
"""

from sahelgraph.viz.layout import fast_layout
from sahelgraph.viz.page import (
    LAYOUT_THRESHOLD,
    MAX_NODES,
    MAX_RELATIONS,
    GraphPage,
    build_page,
    describe_filters,
    render_html,
    show,
)
from sahelgraph.viz.sizing import SIZE_MEASURES, node_scores

__all__ = [
    "LAYOUT_THRESHOLD", "MAX_NODES", "MAX_RELATIONS", "SIZE_MEASURES", "GraphPage", "build_page",
    "describe_filters", "fast_layout", "node_scores", "render_html", "show",
]
