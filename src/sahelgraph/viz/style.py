"""Colours of the page: actor kinds, relation polarity, highlights.

Kinds get fixed colours (the actor kinds of the ontology) so that the same kind looks the
same on every page; a kind the ontology does not know gets one from a spare palette, chosen
by its name. Red and green are kept for relations (hostile, cooperative).

>>> kind_color("state"), polarity_color(-1)
('#1f77b4', '#d62728')
>>> kind_color("militia") == kind_color("militia")
True
"""

from __future__ import annotations

import zlib

KIND_COLORS = {
    "state": "#1f77b4",
    "government": "#6baed6",
    "military": "#393b79",
    "military_unit": "#9c9ede",
    "armed_group": "#8c564b",
    "coalition": "#17becf",
    "pmc": "#e6550d",
    "igo": "#9467bd",
    "ngo": "#e377c2",
    "media": "#bcbd22",
    "company": "#a6761d",
    "person": "#fdae6b",
    "agreement": "#c49c94",
    "place": "#8ca252",
    "unknown": "#bdbdbd",
}
_SPARE = ("#7570b3", "#66a61e", "#e7298a", "#1b9e77", "#d95f02", "#e6ab02", "#666666",
          "#a6cee3", "#fb9a99", "#cab2d6", "#ffff99", "#b15928")

POLARITY_COLORS = {-1: "#d62728", 1: "#2ca02c", 0: "#8c8c8c"}
POLARITY_NAMES = {-1: "hostile", 1: "cooperative", 0: "structural"}

HIGHLIGHT = "#111111"   # border of the focus actor and of the actors on a highlighted path
FADED_OPACITY = 0.25    # everything off a highlighted path


def kind_color(kind: str | None) -> str:
    """The colour of an actor kind."""
    kind = kind or "unknown"
    if kind in KIND_COLORS:
        return KIND_COLORS[kind]
    return _SPARE[zlib.crc32(kind.encode("utf-8")) % len(_SPARE)]


def polarity_of(value) -> int:
    """-1, 0 or +1 from whatever the edge holds (missing or odd values are structural)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return (number > 0) - (number < 0)


def polarity_color(value) -> str:
    return POLARITY_COLORS[polarity_of(value)]
