"""Analysis of the actor graph, networkx style: every function takes a networkx graph
first (usually ``store.graph(...)``, see :mod:`sahelgraph.model`), keyword options with
stated defaults, and returns plain dicts and lists.

- centrality: :func:`centrality` (all measures at once), :func:`degree_centrality`,
  :func:`betweenness_centrality`, :func:`closeness_centrality`,
  :func:`eigenvector_centrality`, :func:`pagerank`; the heavy ones run on rustworkx;
- connections: :func:`shortest_paths`, :func:`all_paths`, :func:`explain_hop`,
  :func:`ego_network`, :func:`ego_members`;
- blocs and sides: :func:`communities`, :func:`allies`, :func:`adversaries`,
  :func:`balance`, :func:`signed_graph`;
- who acts for whom: :func:`roll_up` (attribute the acts of a state's government,
  ministries, forces and officials to the state), :func:`principals`, :func:`parts`;
- time: :func:`timeline` (filter the graph by date with
  :func:`sahelgraph.filters.filter_graph` to compare before and after).

Measures and paths run on :func:`simple_graph`: one tie per pair of actors.

Examples
--------
>>> import networkx as nx
>>> from sahelgraph.analysis import centrality
>>> G = nx.MultiDiGraph([("wagner", "junta", "supports"), ("goita", "junta", "leads")])
>>> centrality(G, ["pagerank"])["pagerank"]["junta"] > 0.5
True
"""

from sahelgraph.analysis.betweenness import betweenness_centrality
from sahelgraph.analysis.closeness import closeness_centrality
from sahelgraph.analysis.communities import communities
from sahelgraph.analysis.degree import degree_centrality
from sahelgraph.analysis.ego import ego_members, ego_network
from sahelgraph.analysis.eigenvector import eigenvector_centrality
from sahelgraph.analysis.measures import DEFAULT_MEASURES, MEASURES, centrality
from sahelgraph.analysis.pagerank import pagerank
from sahelgraph.analysis.paths import NoPathError, PathSearchStopped, all_paths, explain_hop, shortest_paths
from sahelgraph.analysis.polarity import adversaries, allies, balance, signed_graph, ties
from sahelgraph.analysis.rollup import describe, parts, principals, roll_up
from sahelgraph.analysis.simple import simple_graph
from sahelgraph.analysis.timeline import timeline

__all__ = [
    "DEFAULT_MEASURES", "MEASURES", "NoPathError", "PathSearchStopped", "adversaries", "all_paths", "allies",
    "balance", "betweenness_centrality", "centrality", "closeness_centrality", "communities",
    "degree_centrality", "describe", "ego_members", "ego_network", "eigenvector_centrality", "explain_hop", "pagerank",
    "parts", "principals", "roll_up", "shortest_paths", "signed_graph", "simple_graph", "ties",
    "timeline",
]
