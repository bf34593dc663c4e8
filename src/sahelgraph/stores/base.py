"""The store interface both stores implement, and the load report."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import networkx as nx

from sahelgraph.errors import InvalidInputError
from sahelgraph.filters import filter_graph
from sahelgraph.model import Batch, GraphData, Rejected, to_networkx


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

    def resolve_actors(self, names: list[str]) -> list[str]:
        """The actor id each name (id, name or any alias, matched as
        :mod:`sahelgraph.resolve` matches) refers to; NotFoundError with suggestions if none."""
        from sahelgraph.resolve import ActorIndex

        index = ActorIndex(self.actors().values())
        return [index.resolve(name) for name in names]

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

    def stats(self) -> dict:
        data = self.read()
        evidence = sum(r.weight for r in data.relations.values())
        return {
            "actors": len(data.actors), "sources": len(data.sources),
            "relations": len(data.relations), "assertions": evidence,
            "predicates": len({r.predicate for r in data.relations.values()}),
        }


def check_batch(batch: Batch, skip_invalid: bool) -> None:
    """Refuse a batch with errors unless the caller asked to skip invalid rows."""
    if batch.errors and not skip_invalid:
        raise InvalidInputError(batch.diagnostics)
    of_rows = {d for row in batch.rejected for d in row.diagnostics}
    file_level = [d for d in batch.errors if d not in of_rows]
    if file_level:
        # problems not tied to one row (a broken actors.tsv) cannot be skipped row by row
        raise InvalidInputError(file_level)
