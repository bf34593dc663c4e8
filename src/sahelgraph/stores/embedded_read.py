"""Questions the embedded store answers in the database: counts, actors, a neighbourhood,
who acts for whom, and the (filtered) graph built column-wise from Arrow.

Every question asks LadybugDB for the part of the graph it needs: ``stats`` counts with
Cypher, ``subgraph`` walks out from some actors hop by hop, ``graph`` reads only the
relationship tables and actors its filters keep. Results come back as Arrow columns and are
turned into the networkx shape of :mod:`sahelgraph.model` a column at a time, not a row
at a time.

Filters are applied in two steps. What the database can decide exactly (predicates,
polarity, actor kinds) or safely too widely (a relation whose best confidence, evidence
count or date span cannot pass) goes into the query; what depends on each piece of
evidence (dates, confidence, modality, place, ...) is then decided by
:func:`sahelgraph.filters.filter_graph` on the part read, so the answer is exactly the
whole graph's filtered. Only the small functions at the top know the physical schema
(column and table names), so a change of schema changes them alone.

Examples
--------
>>> import tempfile, pathlib
>>> from sahelgraph.readers import read_triples
>>> from sahelgraph.stores.embedded import EmbeddedStore
>>> mini = pathlib.Path(__file__).parents[3] / "tests" / "data" / "mini"
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(pathlib.Path(tmp) / "g.lbdb") as store:
...     _ = store.load(read_triples(mini))
...     with GraphReader.open(store.path) as reader:
...         G = reader.subgraph(["mali"])
...         counts = reader.stats()
...     (sorted(G.successors("mali")), counts["relations"])
(['olivier-salgado'], 7)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import ladybug
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sahelgraph.bulk import one_array, paused_gc
from sahelgraph.errors import StoreError
from sahelgraph.evidence_list import EvidenceList, StoredEvidence
from sahelgraph.filters import filter_graph, strongest_order, strongest_relations
from sahelgraph.model import EVIDENCE_FIELDS, Evidence
from sahelgraph.ontology import Predicate
from sahelgraph.stores.embedded import LOOKUP_ROWS, PER_RELATION  # the Evidence key layout

if TYPE_CHECKING:  # (networkx is imported where a graph is built: stats and counts need none)
    import networkx as nx

# -- the physical schema: the only place that names tables and columns -------------------------

# evidence sits in a node table of its own, one row per piece, keyed relation id * PER_RELATION +
# position (see sahelgraph.stores.embedded); each relationship carries its id (``r.id``)
EVIDENCE_TABLE = "Evidence"
WHOLE_SCAN = 20000  # from this many pieces of evidence on, scan the table instead of looking up
READ_LOOKUP_ROWS = 20000  # keys per lookup statement when many pieces are looked up
SUMMARY_COLUMNS = ("weight", "first_date", "last_date", "confidence")
SOURCE_FIELDS = ("title", "outlet", "published", "url", "language", "file", "note")
ACTOR_FIELDS = ("name", "kind", "aliases", "country", "description")
# filters the query decides exactly, so that filter_graph need not see every relation again
EXACT_IN_QUERY = frozenset({"predicates", "polarity", "kinds", "min_evidence"})
# evidence text that is (nearly) always different: not worth looking for repeats in
UNIQUE_TEXT = frozenset({"quote", "note"})


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _table(conn, query: str, params: dict | None = None) -> pa.Table:
    try:
        return conn.execute(query, params or {}).get_as_arrow(chunk_size=-1)
    except RuntimeError as exc:
        raise StoreError(f"reading the store failed: {str(exc).splitlines()[0]}") from None


def _records(table: pa.Table, prefix: str) -> list[dict]:
    """Rows of a ``RETURN x.*`` table as dicts keyed by property name (prefix stripped)."""
    names = [c[len(prefix):] if c.startswith(prefix) else c for c in table.column_names]
    return [dict(zip(names, row)) for row in zip(*table.to_pydict().values())]


def _anchored(var: str, ids, params: dict, where: list[str], *, lookup: bool = True) -> tuple[str, str]:
    """The start of a query (``UNWIND ...`` or "") and the node pattern that restrict the
    Actor ``var`` to ``ids`` (all actors if None; a list test may be added to ``where``):
    with ``lookup``, a primary-key lookup per id for many ids (a list test on every actor
    costs ids x actors), a list test for a few."""
    if ids is None:
        return "", f"({var}:Actor)"
    params[f"{var}_ids"] = sorted(ids)
    if lookup and len(params[f"{var}_ids"]) > 32:
        return f"UNWIND ${var}_ids AS {var}_id ", f"({var}:Actor {{id: {var}_id}})"
    where.insert(0, f"{var}.id IN ${var}_ids")
    return "", f"({var}:Actor)"


# -- the reader -----------------------------------------------------------------------------------

class GraphReader:
    """Read questions on one open LadybugDB connection (use :meth:`open` as a context manager)."""

    def __init__(self, conn):
        self.conn = conn
        self._predicates: dict[str, Predicate] | None = None

    @classmethod
    def open(cls, path) -> "_Opened":
        return _Opened(path)

    # what the schema holds

    @property
    def predicates(self) -> dict[str, Predicate]:
        """The ontology stored with the graph, by name."""
        if self._predicates is None:
            records = _records(_table(self.conn, "MATCH (p:Predicate) RETURN p.*"), "p.")
            known = set(Predicate.__dataclass_fields__)
            self._predicates = {r["name"]: Predicate(**{k: v for k, v in r.items() if k in known})
                                for r in records}
        return self._predicates

    def evidence_table(self, relations: pa.Table, fields=EVIDENCE_FIELDS, *, most: bool | str = True) -> pa.Table:
        """The evidence of the relations of ``relations`` (columns ``rel_id``, ``weight``):
        a table of ``e_id`` and ``e_<field>`` for each of ``fields``, in any order. Without
        ``most`` (the relations are not most of the store's), much evidence is looked up by
        key too, not read whole and filtered here; with ``most="all"`` (they are every
        relation) the whole table is the answer (pieces of no relation among them are not
        looked at by :func:`build_graph`)."""
        rids = relations.column("rel_id").to_pylist()
        weights = [w or 0 for w in relations.column("weight").to_pylist()]  # None: made by hand
        returned = ", ".join(f"e.{_ident(f)} AS e_{f}" for f in fields)
        if sum(weights) >= WHOLE_SCAN and most:
            table = _table(self.conn, f"MATCH (e:{EVIDENCE_TABLE}) RETURN e.id AS e_id, {returned}")
            if most == "all":  # every relation: the evidence of each is all there is
                return table
            wanted = pa.array(rids, pa.int64())
            return table.filter(pc.is_in(pc.divide(table.column("e_id"), PER_RELATION), value_set=wanted))
        # looked up by key, a batch at a time: for 314k of 985k pieces with their quotes, 3.1 s
        # and 0.57 GB against 2.7 s and 1.42 GB for the whole table read and filtered here
        batch = LOOKUP_ROWS if sum(weights) < WHOLE_SCAN else READ_LOOKUP_ROWS
        keys = sorted(rid * PER_RELATION + i for rid, weight in zip(rids, weights) for i in range(weight))
        parts = [_table(self.conn, f"UNWIND $ids AS i MATCH (e:{EVIDENCE_TABLE} {{id: i}}) "
                                   f"RETURN e.id AS e_id, {returned}",
                        {"ids": keys[start:start + batch]})
                 for start in range(0, len(keys), batch)]
        return pa.concat_tables(parts) if parts else _table(
            self.conn, f"MATCH (e:{EVIDENCE_TABLE}) WHERE false RETURN e.id AS e_id, {returned}")

    def evidence_lists(self, relations: pa.Table, fields=EVIDENCE_FIELDS, *, most: bool | str = True
                       ) -> tuple[dict[int, EvidenceList], dict[int, tuple[int, list[str]]]]:
        """The evidence of the relations of ``relations`` (columns ``rel_id``, ``weight``):
        {relation id: its evidence in the order loaded, an :class:`EvidenceList` of dicts with
        ``fields`` (default all of :data:`sahelgraph.model.EVIDENCE_FIELDS`) made from the
        columns read here when first used}, and its summary as :meth:`evidence_summary` gives
        it; relations without evidence are left out of both. ``most`` as :meth:`evidence_table`."""
        if not relations.num_rows:
            return {}, {}
        table = self.evidence_table(relations, fields, most=most)
        if not table.num_rows:
            return {}, {}
        key, order = table.column("e_id").to_numpy(), None
        if not (np.diff(key) > 0).all():  # a parallel scan returns rows in any order
            order = np.argsort(key, kind="stable")
            key = key[order]
        source = table.column("e_source")
        summary = _summary(key // PER_RELATION, source if order is None else source.take(order))
        # (the summary is in relation id order, the order of the rows sorted by key)
        stored = StoredEvidence([count for count, _ in summary.values()], _EvidenceRecords(table, fields, order))
        return dict(zip(summary, stored.lists())), summary

    def evidence_summary(self, relations: pa.Table) -> dict[int, tuple[int, list[str]]]:
        """For each relation of ``relations`` with evidence: (how many pieces, its distinct
        sources sorted), worked out on Arrow columns without a Python object per piece."""
        if not relations.num_rows:
            return {}
        table = self.evidence_table(relations, ("source",))
        if not table.num_rows:
            return {}
        return _summary(table.column("e_id").to_numpy() // PER_RELATION, table.column("e_source"))

    def sources(self) -> dict[str, dict]:
        records = _records(_table(self.conn, "MATCH (s:Source) RETURN s.*"), "s.")
        return {r["id"]: {k: r.get(k) for k in SOURCE_FIELDS} for r in records}

    def actor_table(self, ids: Iterable[str] | None = None, kinds=None) -> pa.Table:
        """Actors (all, or those of ``ids``), optionally only of some kinds: id + ACTOR_FIELDS."""
        where, params = [], {}
        if kinds:
            where.append("a.kind IN $kinds")
            params["kinds"] = sorted(kinds)
        start, node = _anchored("a", ids, params, where)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        columns = ", ".join(f"a.{c} AS {c}" for c in ("id", *ACTOR_FIELDS))
        # in the order stored (a parallel scan returns rows in a different order each time)
        return _table(self.conn, f"{start}MATCH {node} {clause}RETURN {columns} ORDER BY offset(id(a))",
                      params)

    # counts

    def stats(self) -> dict:
        """Actors, sources, relations, assertions (pieces of evidence) and predicates in use."""
        actors = _table(self.conn, "MATCH (a:Actor) RETURN count(*)").column(0)[0].as_py()
        sources = _table(self.conn, "MATCH (s:Source) RETURN count(*)").column(0)[0].as_py()
        per_table = _table(self.conn, "MATCH (:Actor)-[r]->(:Actor) "
                                      "RETURN label(r) AS t, count(*) AS n, sum(r.weight) AS w")
        return {"actors": actors, "sources": sources,
                "relations": sum(per_table.column("n").to_pylist()),
                # None: a table holding only relations made by hand (query --write)
                "assertions": int(sum(w or 0 for w in per_table.column("w").to_pylist())),
                "predicates": per_table.num_rows}

    def relation_counts(self) -> dict[str, int]:
        """How many relations each actor is in (a relation to itself counts twice, as in
        networkx's degree); actors without relations are left out."""
        counts: dict[str, int] = {}
        for end in ("a", "b"):
            table = _table(self.conn, f"MATCH (a:Actor)-[r]->(b:Actor) RETURN {end}.id, count(*)")
            for actor, n in zip(*(c.to_pylist() for c in table.columns)):
                counts[actor] = counts.get(actor, 0) + n
        return counts

    # relations

    def _labels(self, filters: dict) -> list[str] | None:
        """The relationship tables the filters keep (None: all of them)."""
        wanted, polarity = filters.get("predicates"), filters.get("polarity")
        if not wanted and polarity is None:
            return None
        if isinstance(polarity, int):
            polarity = [polarity]
        polarity = {int(p) for p in polarity} if polarity is not None and len(polarity) else None
        return sorted(p.rel_type for name, p in self.predicates.items()
                      if (not wanted or name in set(wanted))
                      and (polarity is None or p.polarity in polarity))

    @staticmethod
    def _relation_conditions(filters: dict) -> tuple[list[str], dict]:
        """Conditions a relation must meet to have any chance of passing the filters: exact for
        kinds, too wide (never too narrow) for the others, which filter_graph then decides."""
        where, params = [], {}
        if filters.get("kinds"):
            where.append("a.kind IN $kinds AND b.kind IN $kinds")
            params["kinds"] = sorted(filters["kinds"])
        if filters.get("min_confidence") is not None:
            where.append("r.confidence >= $min_confidence")
            params["min_confidence"] = float(filters["min_confidence"])
        if filters.get("min_evidence") is not None:
            where.append("r.weight >= $min_evidence")
            params["min_evidence"] = int(filters["min_evidence"])
        # a time window is decided on the evidence by filter_graph: a relation's summary dates
        # do not say whether some of its evidence is undated (counted, or kept on request)
        return where, params

    def relation_table(self, filters: dict, *, end: str | None = None, ids=None,
                       among: bool = False, none: bool = False, summary: bool = True) -> pa.Table:
        """The relations that may pass ``filters`` (only those whose ``end``, "a" the subject
        or "b" the object, is one of ``ids``, and with ``among`` the other end too; none at
        all with ``none``), with their summary columns unless not ``summary``."""
        labels = self._labels(filters)
        if labels == [] and not none:
            return self._empty_relations()
        where, values = self._relation_conditions(filters)
        if none:
            where.insert(0, "false")
        start, a, b = "", "(a:Actor)", "(b:Actor)"
        if end == "a":
            # relations among a few thousand actors: list tests on both ends read half the
            # pages a lookup per actor does (measured: 52 MB against 136 MB, and faster, for
            # the 130k relations among the 923 neighbours of a hub at 1M)
            start, a = _anchored("a", ids, values, where, lookup=not among)
        elif end == "b":
            start, b = _anchored("b", ids, values, where)
        if among:
            where.insert(0, f"{'b' if end == 'a' else 'a'}.id IN $among")
            values["among"] = sorted(ids)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        columns = ["label(r) AS rel_type", "r.id AS rel_id", "a.id AS subject", "b.id AS object",
                   *(f"r.{c} AS {c}" for c in (SUMMARY_COLUMNS if summary else ()))]
        rel = "[r]" if labels is None else f"[r:{'|'.join(_ident(t) for t in labels)}]"
        return _table(self.conn, f"{start}MATCH {a}-{rel}->{b} {clause}RETURN {', '.join(columns)}", values)

    def _empty_relations(self, summary: bool = True) -> pa.Table:
        return self.relation_table({}, none=True, summary=summary)

    def neighbours(self, ids: list[str], filters: dict, direction: str, *, summary: bool = True) -> pa.Table:
        """Relations (that may pass ``filters``) leaving (``out``) or reaching (``in``) ``ids``."""
        return self.relation_table(filters, end="a" if direction == "out" else "b", ids=ids, summary=summary)

    def relations_among(self, ids: list[str], filters: dict, *, summary: bool = True) -> pa.Table:
        """Relations (that may pass ``filters``) from one of ``ids`` to another."""
        if len(ids) <= 2000:  # a list test per relation read is cheap enough
            return self.relation_table(filters, end="a", ids=ids, among=True, summary=summary)
        table = self.relation_table(filters, end="a", ids=ids, summary=summary)
        return table.filter(pc.is_in(table.column("object"), pa.array(sorted(ids), pa.string())))

    # graphs

    def graph(self, **filters) -> nx.MultiDiGraph:
        """The stored graph, filtered (the keywords of :func:`sahelgraph.filters.filter_graph`)."""
        import networkx as nx

        declared = filter_graph(nx.MultiDiGraph(), **filters).graph["filters"]  # checks them too
        actors = self.actor_table(kinds=filters.get("kinds"))
        relations = self.relation_table(filters)
        with paused_gc():
            lists, summary = self.evidence_lists(relations, most="all" if not filters else True)
            G = build_graph(actors, relations, self.sources(), self.predicates, summary=summary, evidence=lists)
        return _finish(G, filters, declared, self)

    def subgraph(self, actor_ids: Iterable[str], *, depth: int = 1, induced: bool = False,
                 evidence: bool = True, attributes: bool = True, max_relations: int | None = None,
                 **filters) -> nx.MultiDiGraph:
        """See :meth:`sahelgraph.stores.base.Store.subgraph`."""
        import networkx as nx

        from sahelgraph.stores.base import neighbourhood

        exact = not set(filters) - EXACT_IN_QUERY
        evidence = evidence or not exact  # filters on evidence need it
        attributes = attributes or not exact or bool(max_relations)  # (the cut weighs them)
        declared = filter_graph(nx.MultiDiGraph(), **filters).graph["filters"]
        start = sorted(set(actor_ids))
        found = self.actor_table(ids=start, kinds=filters.get("kinds")).column("id").to_pylist()
        reached, frontier = set(found), list(found)
        parts, seen = [], np.empty(0, dtype=np.int64)  # relation ids read
        near = []  # for each part, the hops of its nearer end from the actors asked about
        # walk out hop by hop; with ``induced`` one more hop reads the relations among the last
        # actors reached (those with an end among earlier ones were read on the way)
        for hop in range(depth + (1 if induced else 0)):
            if not frontier:
                break
            last = induced and hop == depth
            for direction in (("among",) if last else ("out", "in")):
                if direction == "among":
                    table = self.relations_among(frontier, filters, summary=attributes)
                else:
                    table = self.neighbours(frontier, filters, direction, summary=attributes)
                # a relation's id is unique across predicates
                ids = table.column("rel_id").to_numpy()
                fresh = ~np.isin(ids, seen)
                seen = np.concatenate((seen, ids))
                if not fresh.all():
                    table = table.filter(pa.array(fresh))
                parts.append(table)
                near.append(np.full(table.num_rows, hop))
            if last:
                break
            new = set()
            for table in parts[-2:]:
                for end in ("subject", "object"):
                    new.update(pc.unique(table.column(end)).to_pylist())
            frontier = sorted(new - reached)
            reached |= new
        relations = pa.concat_tables(parts) if parts else self._empty_relations(attributes)
        left_out = 0
        if exact and max_relations and relations.num_rows > max_relations:
            left_out = relations.num_rows - max_relations
            relations = self._strongest(relations, np.concatenate(near), max_relations)
            # an actor every relation of which was cut goes with them
            reached = set(found) | {n for end in ("subject", "object")
                                    for n in pc.unique(relations.column(end)).to_pylist()}
        actors = self.actor_table(ids=reached, kinds=filters.get("kinds"))
        with paused_gc():
            if evidence:
                lists, summary = self.evidence_lists(relations, most=False)
                G = build_graph(actors, relations, self.sources(), self.predicates, summary=summary,
                                evidence=lists)
            elif attributes:  # each relation's sources and count are read, not its evidence
                G = build_graph(actors, relations, self.sources(), self.predicates,
                                summary=self.evidence_summary(relations))
            else:
                G = build_graph(actors, relations, self.sources(), self.predicates)
        if exact:  # the walk followed exactly the relations kept
            G.graph["filters"] = declared
            if left_out:
                G.graph["left_out_weakest"] = left_out
            return G
        # the walk followed every relation that might pass; which ones do is known now
        G = _finish(G, filters, declared, self)
        around = [a for a in start if a in G]
        return strongest_relations(neighbourhood(G, around, depth=depth, induced=induced),
                                   max_relations, around=around)

    def _strongest(self, relations: pa.Table, near: np.ndarray, count: int) -> pa.Table:
        """The ``count`` strongest of ``relations`` (``near``: the hops of each from the
        actors asked about), cut as :func:`sahelgraph.filters.strongest_relations` cuts a graph."""
        types = relations.column("rel_type")
        known = self.predicates.items()
        found = pc.index_in(types, value_set=pa.array([p.rel_type for _, p in known], pa.string()))
        names = pc.if_else(pc.is_null(found), pc.utf8_lower(types),  # (named as build_graph names them)
                           pc.take(pa.array([name for name, _ in known], pa.string()), found))
        order = strongest_order(near=near, weight=relations.column("weight"),
                                last_date=relations.column("last_date"), subject=relations.column("subject"),
                                predicate=names, object_=relations.column("object"))
        return relations.take(pa.array(np.sort(order[:count])))

    def within(self, place: str) -> list[tuple[str, str]]:
        """The part_of relations (subject, object) on the chains leading into ``place``."""
        if "part_of" not in self.predicates:
            return []
        found, seen, frontier = [], {place}, [place]
        while frontier:
            table = _table(self.conn, f"MATCH (a:Actor)-[:{_ident(self.predicates['part_of'].rel_type)}]->(b:Actor) "
                                      "WHERE b.id IN $ids RETURN a.id, b.id", {"ids": frontier})
            pairs = list(zip(*(c.to_pylist() for c in table.columns)))
            found += pairs
            frontier = sorted({a for a, _ in pairs} - seen)
            seen.update(frontier)
        return found

    def parts_of(self, actor_id: str) -> set[str]:
        """See :meth:`sahelgraph.stores.base.Store.parts_of`."""
        from sahelgraph.stores.base import acting_predicates

        labels = sorted(self.predicates[name].rel_type for name in acting_predicates(self.predicates))
        if not labels:
            return set()
        pattern = f"(a:Actor)-[r:{'|'.join(_ident(t) for t in labels)}]->(b:Actor)"
        found, frontier = set(), [actor_id]
        while frontier:
            table = _table(self.conn, f"MATCH {pattern} WHERE b.id IN $ids RETURN DISTINCT a.id",
                           {"ids": frontier})
            new = set(table.column(0).to_pylist()) - found - {actor_id}
            found |= new
            frontier = sorted(new)
        return found


class _Opened:
    """``with GraphReader.open(path) as reader``: a read-only connection, closed on exit."""

    def __init__(self, path):
        self.path = path

    def __enter__(self) -> GraphReader:
        try:
            self.database = ladybug.Database(str(self.path), read_only=True)
            self.conn = ladybug.Connection(self.database)
        except RuntimeError as exc:
            raise StoreError(f"cannot open {self.path}: {str(exc).splitlines()[0]}") from None
        return GraphReader(self.conn)

    def __exit__(self, *exc):
        self.conn.close()
        self.database.close()


def _finish(G: nx.MultiDiGraph, filters: dict, declared: dict, reader: GraphReader) -> nx.MultiDiGraph:
    """The graph read with the filters the query could not decide exactly applied on it."""
    if not set(filters) - EXACT_IN_QUERY:
        G.graph["filters"] = declared
        return G
    if filters.get("where") is None:
        return filter_graph(G, **filters)
    # ``where`` follows part_of relations between places, which the part read may lack: they
    # are lent to filter_graph without evidence, so none of them can come out of it
    lent_nodes = set()
    for u, v in reader.within(filters["where"]):
        if not G.has_edge(u, v, "part_of"):
            lent_nodes.update(n for n in (u, v) if n not in G)
            G.add_edge(u, v, key="part_of", predicate="part_of", evidence=[])
    H = filter_graph(G, **filters)
    H.remove_nodes_from([n for n in lent_nodes if n in H])
    return H


# -- the networkx graph, column-wise -------------------------------------------------------------

def _strings(column, *, shared: bool = False, order=None) -> list:
    """A string column as Python values, "" (the stored "missing") as None; ``shared`` and
    ``order`` as :func:`_values`."""
    column = one_array(column)
    column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
    return _values(column, shared=shared, order=order)


def _values(column, *, shared: bool = True, order=None) -> list:
    """A column as Python values, in ``order`` (positions, default as stored); with
    ``shared``, equal values are one Python object (decoded once) when they repeat enough
    for that to pay: less memory and time."""
    column = one_array(column)
    if pa.types.is_nested(column.type):
        return (column if order is None else column.take(order)).to_pylist()
    if shared and len(column) >= 64:
        encoded = pc.dictionary_encode(column)
        if len(encoded.dictionary) * 4 <= len(column):
            positions, decoded = _decoded(encoded)
            return decoded[positions if order is None else positions[order]].tolist()
    if order is None:
        return column.to_pylist()
    values = column.to_numpy(zero_copy_only=False)
    if column.null_count and values.dtype != object:  # numbers with gaps: None, not NaN
        values = np.asarray(column.to_pylist(), dtype=object)
    return values[order].tolist()


def _summary(relation: np.ndarray, source) -> dict[int, tuple[int, list[str]]]:
    """{relation id: (pieces of evidence, distinct sources sorted)}, in relation id order,
    from an evidence table's relation ids and source column."""
    rids, counts = np.unique(relation, return_counts=True)
    sources = _sources_by_relation(relation, source)
    return {rid: (count, sources.get(rid, [])) for rid, count in zip(rids.tolist(), counts.tolist())}


def _sources_by_relation(relation: np.ndarray, source) -> dict[int, list[str]]:
    """{relation id: its distinct sources, sorted} from an evidence table's relation ids and
    source column, worked out on the columns (not a Python object per piece of evidence);
    relations whose evidence names no source are left out."""
    source = one_array(source)
    encoded = pc.dictionary_encode(pc.if_else(pc.equal(source, ""), pa.scalar(None, source.type), source))
    names = encoded.dictionary.to_pylist()
    # rank sources by name, so that sorting (relation, rank) sorts each relation's sources
    by_name = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int64)
    rank[by_name] = np.arange(len(names))
    present = encoded.indices.is_valid().to_numpy(zero_copy_only=False)
    pairs_rel = relation[present]
    pairs_rank = rank[encoded.indices.drop_null().to_numpy()] if len(names) else np.empty(0, np.int64)
    order = np.lexsort((pairs_rank, pairs_rel))
    pairs_rel, pairs_rank = pairs_rel[order], pairs_rank[order]
    fresh = np.ones(len(pairs_rel), dtype=bool)
    fresh[1:] = (np.diff(pairs_rel) != 0) | (np.diff(pairs_rank) != 0)
    pairs_rel, pairs_rank = pairs_rel[fresh], pairs_rank[fresh]
    decoded = np.empty(len(names), dtype=object)
    decoded[:] = [names[i] for i in by_name]
    return _runs(pairs_rel, decoded[pairs_rank].tolist()) if len(pairs_rel) else {}


class _EvidenceRecords:
    """The evidence dicts of rows ``start`` to ``stop`` of an evidence table (``e_<field>``
    columns), for :class:`StoredEvidence`: missing values as :class:`Evidence` has them
    (modality asserted, confidence 1.0, no line). A text that repeats (a date, a source) is
    one Python string however many pieces hold it."""

    def __init__(self, table: pa.Table, fields, order: np.ndarray | None = None):
        self.fields = tuple(fields)
        self.columns = {f: one_array(table.column(f"e_{f}")) for f in self.fields}
        self.order = order  # the table's rows in the order asked for (None: as they are)
        self.decoders: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.defaults = Evidence().as_dict()

    def __call__(self, start: int, stop: int) -> list[dict]:
        columns = [self._values(f, start, stop) for f in self.fields]
        return list(map(_record_maker(self.fields), *columns))

    def _values(self, field: str, start: int, stop: int) -> list:
        column = self.columns[field]
        rows = slice(start, stop) if self.order is None else self.order[start:stop]
        if pa.types.is_string(column.type) and field not in UNIQUE_TEXT and field != "attributes":
            positions, decoded = self._decoder(field)
            return decoded[positions[rows]].tolist()
        if self.order is None:
            values = column.slice(start, stop - start).to_pylist()
        else:
            values = column.take(rows).to_pylist()
        if field == "attributes":
            return [json.loads(v) if v else None for v in values]
        if field == "line":
            return [None if v is None or v < 0 else v for v in values]
        if field == "confidence":
            return [1.0 if v is None else v for v in values]
        if pa.types.is_string(column.type):
            return [v or None for v in values]  # "" is how the store writes "missing"
        return values

    def _decoder(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """Each row's position in the column's distinct values, and those values decoded
        once (missing as None, or as the field's default)."""
        if field not in self.decoders:
            default = self.defaults.get(field)
            self.decoders[field] = _decoded(pc.dictionary_encode(self.columns[field]),
                                            lambda v: v or default)  # "": missing
        return self.decoders[field]


def _decoded(encoded: pa.DictionaryArray, convert=None) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary-encoded column as each row's position among its distinct values (missing:
    the last one) and those values as Python objects, each decoded once (through
    ``convert``, which also gives the missing one, if given; else missing is None)."""
    distinct = encoded.dictionary.to_pylist()
    decoded = np.empty(len(distinct) + 1, dtype=object)
    decoded[:] = [*map(convert, distinct), convert(None)] if convert else [*distinct, None]
    positions = encoded.indices.fill_null(len(distinct)).to_numpy(zero_copy_only=False)
    return positions, decoded


@lru_cache(maxsize=None)
def _record_maker(fields: tuple[str, ...]):
    """A function making the dict {fields[0]: first argument, ...}: a dict display with
    constant keys builds a million records in half the time of ``dict(zip(...))``."""
    arguments = [f"v{i}" for i in range(len(fields))]
    body = ", ".join(f"{field!r}: {argument}" for field, argument in zip(fields, arguments))
    return eval(f"lambda {', '.join(arguments)}: {{{body}}}")  # noqa: S307 (names made here)


def build_graph(actors: pa.Table, relations: pa.Table, sources: dict, predicates: dict, *,
                summary: dict[int, tuple[int, list]] | None = None,
                evidence: dict[int, EvidenceList] | None = None) -> nx.MultiDiGraph:
    """The networkx shape of :mod:`sahelgraph.model` from Arrow tables of actors (id and
    ACTOR_FIELDS) and relations (rel_type, rel_id, subject, object, summary columns), with
    each relation's ``summary`` ((count, sources) by relation id,
    :meth:`GraphReader.evidence_summary`) and, given ``evidence`` (by relation id,
    :meth:`GraphReader.evidence_lists`), its evidence list; given no summary, edges with only
    ``predicate``, ``polarity`` and ``symmetric``.
    Relations whose ends are not among ``actors`` are left out."""
    import networkx as nx

    G = nx.MultiDiGraph()
    G.graph["sources"] = sources
    G.graph["predicates"] = {name: p.as_dict() for name, p in predicates.items()}
    G.graph["filters"] = {}
    ids = actors.column("id").to_pylist()
    names, kinds, aliases, countries, descriptions = (
        actors.column(c).to_pylist() for c in ACTOR_FIELDS)
    G.add_nodes_from(
        (i, {"name": n, "kind": k, "aliases": list(a or []), "country": c, "description": d})
        for i, n, k, a, c, d in zip(ids, names, kinds, aliases, countries, descriptions))
    if not relations.num_rows:
        return G
    # only the relations between two of the actors
    kept = pa.array(ids, pa.string())
    relations = relations.filter(pc.and_(pc.is_in(relations.column("subject"), value_set=kept),
                                         pc.is_in(relations.column("object"), value_set=kept)))
    by_type = {p.rel_type: (name, p.polarity, p.symmetric) for name, p in predicates.items()}
    # by predicate, then in the order loaded: the same order on every read (a parallel scan
    # returns rows in a different order each time)
    by_name = pa.array(sorted(by_type, key=lambda t: by_type[t][0]), pa.string())
    rank = pc.index_in(relations.column("rel_type"), value_set=by_name).fill_null(len(by_name)).to_numpy()
    rids = relations.column("rel_id").to_numpy()
    order = np.lexsort((rids, rank))
    types = _values(relations.column("rel_type"), order=order)
    described = {t: by_type.get(t) or (t.lower(), 0, False) for t in set(types)}
    names, polarities, symmetric = (
        [described[t][i] for t in types] for i in range(3))
    subjects = _values(relations.column("subject"), order=order)
    objects = _values(relations.column("object"), order=order)
    if summary is None:
        _add_edges(G, subjects, objects, names, map(_record_maker(("predicate", "polarity", "symmetric")),
                                                    names, polarities, symmetric))
        return G
    first, last = (_strings(relations.column(c), shared=True, order=order) for c in ("first_date", "last_date"))
    confidence = [1.0 if c is None else c for c in _values(relations.column("confidence"), order=order)]
    in_order = rids[order].tolist()
    counted = [summary.get(rid) for rid in in_order]
    weights = [c[0] if c else 0 for c in counted]
    sources = [c[1] if c else [] for c in counted]  # (a list of each relation's own)
    columns = {"predicate": names, "polarity": polarities, "symmetric": symmetric, "weight": weights,
               "first_date": first, "last_date": last, "confidence": confidence, "sources": sources}
    if evidence is not None:
        found = evidence.get  # (not ``or []``: that would ask each list its length)
        columns["evidence"] = [e if (e := found(rid)) is not None else [] for rid in in_order]
    _add_edges(G, subjects, objects, names, map(_record_maker(tuple(columns)), *columns.values()))
    return G


def _add_edges(G: nx.MultiDiGraph, subjects, objects, keys, attributes) -> None:
    """Edges straight into networkx's adjacency (what add_edges_from does, without its
    per-edge checks: a third of the build at 1M relations); both ends are nodes already."""
    succ, pred, new_keys = G._succ, G._pred, G.edge_key_dict_factory
    for u, v, key, data in zip(subjects, objects, keys, attributes):
        found = succ[u].get(v)
        if found is None:
            found = succ[u][v] = pred[v][u] = new_keys()
        found[key] = data
    import networkx as nx

    nx._clear_cache(G)


def _runs(keys: np.ndarray, values: list) -> dict:
    """{key: the values at its positions} for ``keys`` sorted (each key's values one run)."""
    if not len(values):
        return {}
    cuts = np.flatnonzero(np.diff(keys)) + 1
    starts, ends = np.concatenate(([0], cuts)), np.concatenate((cuts, [len(values)]))
    return {k: values[a:b] for k, a, b in zip(keys[starts].tolist(), starts.tolist(), ends.tolist())}

