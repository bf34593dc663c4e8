"""The store interface both stores implement, and the load report."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahelgraph.errors import InvalidInputError, SahelGraphError
from sahelgraph.filters import filter_graph, hops_from, strongest_relations
from sahelgraph.model import Batch, GraphData, Rejected, to_networkx

if TYPE_CHECKING:
    import networkx as nx


@dataclass
class LoadReport:
    """How a load accounted for every row: rows_read = loaded + duplicates + rejected."""

    rows_read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    actors: int = 0
    relations: int = 0
    sources: int = 0
    new_actors: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    written: bool = False
    warnings: list[str] = field(default_factory=list)  # what the user should know (one line each)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.loaded + self.duplicates + len(self.rejected)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class Store(ABC):
    """Where a graph lives. ``load`` adds a Batch, ``graph`` reads it back as networkx."""

    @abstractmethod
    def read(self) -> GraphData:
        """Everything the store holds."""

    @abstractmethod
    def load(self, batch: Batch, *, replace: bool = False, skip_invalid: bool = False,
             progress=None) -> LoadReport:
        """Add a batch's valid assertions (all of the store is replaced with ``replace``).

        With errors in the batch nothing changes (InvalidInputError) unless ``skip_invalid``.
        ``progress``, if given, is called with the number of input rows just accounted for;
        the calls add up to ``batch.rows_read`` (``click.progressbar(...).update`` fits).
        """

    @abstractmethod
    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> QueryResult:
        """Run Cypher; read-only unless ``write``."""

    def close(self) -> None:
        pass

    @contextmanager
    def writing(self, wait=None, on_wait=None):
        """Hold the store's exclusive writer lock for a ``with`` block (stores whose
        database serialises writers itself, as Neo4j does, need none)."""
        yield self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def graph(self, **filters) -> nx.MultiDiGraph:
        """The stored graph as a networkx.MultiDiGraph (see sahelgraph.model), filtered by
        the keywords of :func:`sahelgraph.filters.filter_graph`."""
        G = to_networkx(self.read())
        return filter_graph(G, **filters) if filters else G

    def known(self) -> GraphData:
        """What reading new input needs from the store to resolve names and orient
        relations (``read_triples(known=...)``); stores that merge in the database return
        less than everything."""
        return self.read()

    def actors(self) -> dict:
        """Every actor, by id (what name resolution needs, without the relations)."""
        return self.read().actors

    def predicates(self) -> dict:
        """The ontology in force in the store: {name: Predicate}."""
        return self.read().predicates

    def resolve_actors(self, names: list[str]) -> list[str]:
        """The actor id each name (id, name or any alias, matched as
        :mod:`sahelgraph.resolve` matches) refers to; NotFoundError with suggestions if none."""
        from sahelgraph.resolve import ActorIndex

        index = ActorIndex(self.actors().values())
        return [index.resolve(name) for name in names]

    def merge_actors(self, keep: str, others: list[str]) -> dict:
        """Merge the actors ``others`` into ``keep`` (ids), atomically: their names and
        aliases become aliases of ``keep``, their relations move to it with all their
        evidence (relations that meet become one), and relations between the merged actors
        themselves, which would be self-loops, are left out and listed in the report.

        Written generically: under the writer lock, the store's graph is read, merged in Python
        (:func:`sahelgraph.resolve.merge_actor_records`) and written back through the
        store's own ``load(..., replace=True)``, so it is as atomic as a replacing load.
        Returns a report dict (counts, and the relations left out).
        """
        from sahelgraph.resolve import merge_actor_records

        with self.writing():  # no other writer between the read and the write
            merged, report = merge_actor_records(self.read(), keep, list(others))
            assertions = [(r.subject, r.predicate, r.object, e)
                          for r in merged.relations.values() for e in r.evidence]
            batch = Batch(actors=merged.actors, sources=merged.sources, predicates=merged.predicates,
                          assertions=assertions, rows_read=len(assertions))
            self.load(batch, replace=True)
        return report

    def path_graph(self, source: str, target: str, *, max_hops: int | None = None,
                   all_paths: bool = False, directed: bool = False, **filters) -> nx.MultiDiGraph:
        """A graph holding at least every relation on the shortest paths (or with
        ``all_paths``, on every simple path of up to ``max_hops``) between two actor ids.

        Stores override this to answer from the database without materialising the whole
        graph; the default is the whole filtered graph, which holds them all."""
        return self.graph(**filters)

    def gds_centrality(self, measures, **options) -> dict:
        """Centrality computed inside the database (Neo4j GDS); {measure: {actor id: score}}."""
        from sahelgraph.errors import StoreError

        raise StoreError(f"{type(self).__name__} has no in-database centrality "
                         "(--engine gds needs a Neo4j store with the GDS plugin: use --neo4j URI)")

    # -- parts of the graph -----------------------------------------------------------------
    # Stores answer these from the database; the defaults here derive them from graph(), so
    # a store that has not pushed a question down yet still answers it the same way.

    def stats(self) -> dict:
        """Counts of what the store holds: actors, sources, relations, assertions (pieces of
        evidence) and predicates (those with at least one relation)."""
        G = self.graph()
        return {
            "actors": G.number_of_nodes(), "sources": len(G.graph["sources"]),
            "relations": G.number_of_edges(),
            "assertions": sum(w for _, _, w in G.edges(data="weight")),
            "predicates": len({k for _, _, k in G.edges(keys=True)}),
        }

    def relation_counts(self) -> dict[str, int]:
        """How many relations each actor is in (its degree; a relation to itself counts
        twice), by actor id; actors without relations may be left out."""
        return {n: d for n, d in self.graph().degree() if d}

    def subgraph(self, actor_ids, *, depth: int = 1, induced: bool = False, evidence: bool = True,
                 attributes: bool = True, max_relations: int | None = None, **filters) -> nx.MultiDiGraph:
        """The part of the filtered graph around some actors, in the shape of
        :meth:`graph`: the actors given, every relation with an end among them and the
        actors at the other ends; with ``depth=2`` also every relation of those, and so on
        (relations followed either way). With ``induced``, also the relations among the
        actors reached at the last hop, i.e. everything among the actors within ``depth``
        hops (an ego network). Ids that are not actors (or that ``kinds`` leaves out) are
        ignored. With ``evidence=False`` a store may leave out each relation's ``evidence``
        list (every other attribute stays) when the filters do not need it; with
        ``attributes=False`` also every attribute of a relation but ``predicate``, ``polarity``
        and ``symmetric`` (a question of structure: who is tied to whom). With a date window, ``graph["left_out_undated"]`` counts the relations
        around the actors left out for lacking dates (exactly their own with ``depth=1``).
        With ``max_relations``, at most that many: the strongest, nearest ``actor_ids`` first, as
        :func:`sahelgraph.filters.strongest_relations` cuts (``graph["left_out_weakest"]``
        counts the others), so a page of a hub's neighbourhood reads what it can draw.

        Equal to ``strongest_relations(neighbourhood(self.graph(**filters), actor_ids, ...),
        max_relations, around=actor_ids)``; stores answer it from the database without
        reading the whole graph.

        >>> import tempfile, pathlib
        >>> from sahelgraph.readers import read_triples
        >>> from sahelgraph.stores import open_store
        >>> mini = pathlib.Path(__file__).parents[3] / "tests" / "data" / "mini"
        >>> with tempfile.TemporaryDirectory() as tmp, open_store(pathlib.Path(tmp) / "g.lbdb") as store:
        ...     _ = store.load(read_triples(mini))
        ...     G = store.subgraph(["olivier-salgado"])
        >>> sorted(G.edges(keys=True))
        [('mali', 'olivier-salgado', 'expels')]
        """
        return strongest_relations(neighbourhood(self.graph(**filters), actor_ids, depth=depth, induced=induced),
                                   max_relations, around=actor_ids)

    def parts_of(self, actor_id: str) -> set[str]:
        """The actors that act for ``actor_id``, directly or through others: subjects of its
        incoming relations whose predicate has ``acts_for`` in the ontology (government_of,
        part_of, official_of, leads, represents), followed transitively. ``actor_id`` itself
        is left out. ``subgraph(parts_of(x) | {x})`` holds what x did, itself or through them."""
        G = self.graph()
        acting = acting_predicates(G.graph["predicates"])
        found, frontier = set(), [actor_id] if actor_id in G else []
        while frontier:
            new = {u for x in frontier for u, _, k in G.in_edges(x, keys=True) if k in acting}
            new -= found | {actor_id}
            found |= new
            frontier = list(new)
        return found


def acting_predicates(predicates: dict) -> set[str]:
    """The names among ``predicates`` (name -> Predicate or its dict) whose subject acts for
    their object: marked ``acts_for`` in the store's ontology or in the package's (a store
    written before predicates recorded it reads them back unmarked)."""
    from sahelgraph.ontology import package_ontology

    package = package_ontology().predicates

    def marked(p) -> bool:
        return bool(p.get("acts_for") if isinstance(p, dict) else getattr(p, "acts_for", False))

    return {name for name, p in predicates.items()
            if marked(p) or (name in package and package[name].acts_for)}


def path_window(step, source: str, target: str, *, max_hops: int | None, all_paths: bool
                ) -> tuple[list[str], object]:
    """What a path question keeps, from two breadth-first searches (one from each end), so
    that no store enumerates paths: the actors on some path short enough, sorted, and
    ``fits(u, v)``, whether a hop from u to v lies on such a path. Short enough: of at most
    ``max_hops`` (3 by default) hops with ``all_paths``, else exactly the shortest length.

    ``step(ids, forward)`` gives the actors one hop from ``ids`` (towards the target when
    ``forward``); a store answers it with one query per hop.

    >>> edges = {("s", "a"), ("a", "t"), ("s", "b"), ("b", "c"), ("c", "t"), ("a", "d")}
    >>> def step(ids, forward):
    ...     return {y if forward else x for x, y in edges if (x if forward else y) in ids}
    >>> kept, fits = path_window(step, "s", "t", max_hops=None, all_paths=False)
    >>> kept, fits("s", "a"), fits("s", "b")
    (['a', 's', 't'], True, False)
    >>> kept, fits = path_window(step, "s", "t", max_hops=3, all_paths=True)
    >>> kept, fits("b", "c"), fits("a", "d")
    (['a', 'b', 'c', 's', 't'], True, False)
    """
    def distances(start: str, forward: bool, cutoff: int | None, stop: str | None = None) -> dict:
        seen, frontier, hops = {start: 0}, [start], 0
        while frontier and (cutoff is None or hops < cutoff) and (stop is None or stop not in seen):
            hops += 1
            frontier = sorted(step(frontier, forward) - seen.keys())
            seen.update(dict.fromkeys(frontier, hops))
        return seen

    if all_paths:
        bound = int(max_hops or 3)
        from_source = distances(source, True, bound)
        to_target = distances(target, False, bound)
    else:
        from_source = distances(source, True, max_hops, stop=target)
        bound = from_source.get(target, -1)
        to_target = distances(target, False, bound) if bound > 0 else {}
    far = bound + 1

    def fits(u, v) -> bool:
        length = from_source.get(u, far) + 1 + to_target.get(v, far)
        return length <= bound if all_paths else length == bound

    kept = sorted(a for a in from_source.keys() & to_target.keys()
                  if from_source[a] + to_target[a] <= bound)
    return kept, fits


def neighbourhood(G: nx.MultiDiGraph, actor_ids, *, depth: int = 1,
                  induced: bool = False) -> nx.MultiDiGraph:
    """The part of ``G`` around ``actor_ids`` that :meth:`Store.subgraph` describes (a new
    graph sharing ``G``'s attribute values; ``G.graph`` is copied).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b", "x"), ("b", "c", "x"), ("c", "a", "x"), ("c", "d", "x")])
    >>> sorted(neighbourhood(G, ["a"]).edges(keys=True))
    [('a', 'b', 'x'), ('c', 'a', 'x')]
    >>> sorted(neighbourhood(G, ["a"], induced=True).edges(keys=True))
    [('a', 'b', 'x'), ('b', 'c', 'x'), ('c', 'a', 'x')]
    """
    if depth < 0:
        raise SahelGraphError(f"depth must be 0 or more (got {depth})")
    hops = hops_from(G, actor_ids, depth=depth)
    import networkx as nx  # here, so that loading (which builds no graph) does not import it

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in G if n in hops)
    # a relation is walked when one end is reached before the last hop; with ``induced``
    # every relation between two reached actors is kept
    inner = {n for n, h in hops.items() if h < depth}
    H.add_edges_from(
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
        if u in hops and v in hops and (induced or u in inner or v in inner))
    return H


def check_batch(batch: Batch, skip_invalid: bool) -> None:
    """Refuse a batch with errors unless the caller asked to skip invalid rows."""
    if batch.errors and not skip_invalid:
        raise InvalidInputError(batch.diagnostics)
    of_rows = {d for row in batch.rejected for d in row.diagnostics}
    file_level = [d for d in batch.errors if d not in of_rows]
    if file_level:
        # problems not tied to one row (a broken actors.tsv) cannot be skipped row by row
        raise InvalidInputError(file_level)
