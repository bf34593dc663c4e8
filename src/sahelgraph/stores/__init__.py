"""Stores: where the graph lives. One interface (:class:`Store`), two implementations."""

from __future__ import annotations

from sahelgraph.stores.base import LoadReport, Store


def open_store(path=None, *, driver=None, database=None, **options) -> Store:
    """Open the embedded store at ``path``, or a Neo4j store on an open ``driver``.

    The library never reads credentials: the caller makes the neo4j driver.
    """
    if driver is not None:
        from sahelgraph.stores.neo4j import Neo4jStore

        return Neo4jStore(driver, database=database, **options)
    from sahelgraph.stores.embedded import EmbeddedStore

    return EmbeddedStore(path, **options)


__all__ = ["LoadReport", "Store", "open_store"]
