"""The embedded store: a LadybugDB file database, edited on a copy under a writer lock.

Schema (the physical layout; ``store.graph()`` gives the same networkx graph as ever)::

    (:Actor {id, name, kind, aliases, country, description})
    (:Source {id, title, outlet, published, url, language, file, note, text})
    (:Predicate {name, description, symmetric, inverse, polarity, cameo, plover,
                 subject_kinds, object_kinds})                  the ontology in force
    (:Actor)-[:EXPELS {id, polarity, weight, first_date, last_date, confidence}]->(:Actor)
                                                               one table per predicate
    (:Evidence {id, relation, subject, predicate, object, date, source, quote, confidence,
                modality, place, note, attributes, file, line})  one row per assertion

A relation (one row of a predicate's table) has a store-wide number ``r.id``; its evidence
are the Evidence rows with ``e.relation = r.id``, numbered ``e.id = r.id * 10^9 + i`` for
i = 0 .. r.weight - 1 in the order loaded (so a relation's evidence is found by primary key,
and sorting by ``e.id`` lists every relation's evidence in order). ``subject``,
``predicate`` and ``object`` repeat the relation's actor ids and predicate name so the
Evidence table reads on its own. ``place`` is an actor id; ``attributes`` JSON text with
sorted keys; a missing value is NULL. Simple Cypher reads as on Neo4j::

    MATCH (a:Actor)-[r:EXPELS]->(b:Actor) RETURN a.name, b.name, r.weight
    MATCH (a:Actor)-[r:EXPELS]->(b:Actor), (e:Evidence) WHERE e.relation = r.id
    RETURN a.name, b.name, e.date, e.quote ORDER BY e.id

(Evidence is a table of its own, not lists on the relationships, because appending rows to
a node table costs what it adds, where rewriting list properties of relationships made
LadybugDB rewrite whole stretches of a table at the checkpoint; it also copies in 3x less
time.)

Writing: every write takes the store's exclusive writer lock (:mod:`.lock`), works on a
copy of the file (or a new file) and renames it over the store, so readers never wait and
always see a whole graph, and a killed or failed write leaves the previous one. A load
into an existing store first works out on a read-only connection what the batch changes
(new and changed actors, sources, predicates; new relations; relations with new evidence,
deduplicated by (date, source, quote)), then, if anything, appends it to the copy: new
rows created or COPYed, the summaries of extended relations SET. Tables and properties
added with ``query --write`` are kept; a relationship created with it has no id until a load
brings evidence for it (then numbered like the others). ``UNWIND ... MERGE`` is never sent, and no
statement names a key twice: LadybugDB 0.22.0 silently drops rows when a key repeats
within one statement (upstream LadybugDB/ladybug#285).

Examples
--------
>>> import tempfile, pathlib
>>> from sahelgraph.readers import read_triples
>>> mini = pathlib.Path(__file__).parents[3] / "tests" / "data" / "mini"
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(pathlib.Path(tmp) / "g.lbdb") as store:
...     report = store.load(read_triples(mini))
...     rows = store.query("MATCH (a:Actor)-[:EXPELS]->(b:Actor) RETURN a.name, b.name").rows
...     (report.loaded, report.duplicates, rows)
(7, 0, [['Mali', 'Olivier Salgado']])
"""

from __future__ import annotations

import errno
import functools
import glob
import json
import operator
import os
import re
import shutil
import secrets
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import ladybug
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sahelgraph import dates
from sahelgraph.bulk import merge_columns, one_array, paused_gc, trim_memory, unified
from sahelgraph.errors import StoreError
from sahelgraph.model import (Actor, Assertions, Batch, Evidence, GraphData, Relation, Source,
                              attributes_text, merge, to_networkx)
from sahelgraph.ontology import Predicate
from sahelgraph.resolve import SpelledActors, normalize_all
from sahelgraph.stores.base import LoadReport, QueryResult, Store, check_batch, path_window
from sahelgraph.stores.lock import DEFAULT_WAIT, StoreLock

_DEFAULT = object()  # "the store's own setting", for keyword defaults

ACTOR_COLUMNS = [("id", "STRING PRIMARY KEY"), ("name", "STRING"), ("kind", "STRING"),
                 ("aliases", "STRING[]"), ("country", "STRING"), ("description", "STRING")]
SOURCE_COLUMNS = [("id", "STRING PRIMARY KEY"), ("title", "STRING"), ("outlet", "STRING"),
                  ("published", "STRING"), ("url", "STRING"), ("language", "STRING"),
                  ("file", "STRING"), ("note", "STRING"), ("text", "STRING")]
PREDICATE_COLUMNS = [("name", "STRING PRIMARY KEY"), ("description", "STRING"),
                     ("symmetric", "BOOLEAN"), ("inverse", "STRING"), ("polarity", "INT64"),
                     ("cameo", "STRING"), ("plover", "STRING"), ("subject_kinds", "STRING[]"),
                     ("object_kinds", "STRING[]"), ("acts_for", "BOOLEAN")]
RELATION_COLUMNS = [("id", "INT64"), ("polarity", "INT64"), ("weight", "INT64"),
                    ("first_date", "STRING"), ("last_date", "STRING"), ("confidence", "DOUBLE")]
EVIDENCE_COLUMNS = [("id", "INT64 PRIMARY KEY"), ("relation", "INT64"), ("subject", "STRING"),
                    ("predicate", "STRING"), ("object", "STRING"), ("date", "STRING"),
                    ("source", "STRING"), ("quote", "STRING"), ("confidence", "DOUBLE"),
                    ("modality", "STRING"), ("place", "STRING"), ("note", "STRING"),
                    ("attributes", "STRING"), ("file", "STRING"), ("line", "INT64")]
NODE_TABLES = {"Actor": ACTOR_COLUMNS, "Source": SOURCE_COLUMNS, "Predicate": PREDICATE_COLUMNS,
               "Evidence": EVIDENCE_COLUMNS}
EVIDENCE_FIELDS_STORED = ("date", "source", "quote", "confidence", "modality", "place", "note",
                          "attributes", "file", "line")
PER_RELATION = 10**9  # Evidence.id = relation id * PER_RELATION + position in the relation
ARROW_TYPES = {"STRING": pa.string(), "BOOLEAN": pa.bool_(), "INT64": pa.int64(),
               "DOUBLE": pa.float64(), "STRING[]": pa.list_(pa.string()),
               "INT64[]": pa.list_(pa.int64()), "DOUBLE[]": pa.list_(pa.float64())}


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _schema(columns) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[kind.split()[0]]) for name, kind in columns])


def _select(var: str, table: str, columns, where: str | None = None) -> str:
    """``MATCH (var:table) [WHERE ...] RETURN var.c1, var.c2, ...`` (named columns, so
    properties added with query --write do not shift them)."""
    return (f"MATCH ({var}:{table})" + (f" WHERE {where}" if where else "") + " RETURN "
            + ", ".join(f"{var}.{_ident(c)}" for c, _ in columns))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _tables(conn) -> dict[str, str]:
    """{table name: 'NODE' or 'REL'} of the database."""
    return {row[1]: row[2] for row in conn.execute("CALL show_tables() RETURN *").get_all()}


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"CALL table_info('{table}') RETURN *").get_all()]


def schema_problem(conn) -> str | None:
    """What keeps the database on ``conn`` from being a sahelgraph store, or None.

    A store holds the node tables Actor, Source, Predicate and Evidence with at least their
    columns, and for every predicate a relationship table with the relation columns. Anything else
    (tables and columns added with ``query --write``) is allowed and kept by loads.
    """
    tables = _tables(conn)
    missing = [t for t in NODE_TABLES if tables.get(t) != "NODE"]
    if missing == ["Evidence"] and _list_layout(conn, tables):
        return OLD_LAYOUT
    if missing:
        return f"no node table {', '.join(missing)}"
    for table, columns in NODE_TABLES.items():
        stored = set(_columns(conn, table))  # once a table, not once a column (~1 ms each)
        absent = [c for c, _ in columns if c not in stored]
        if absent:
            return f"table {table} has no column {', '.join(absent)}"
    rel_types = [row[0] for row in conn.execute("MATCH (p:Predicate) RETURN DISTINCT upper(p.name)").get_all()]
    for rel_type in rel_types:
        if tables.get(rel_type) != "REL":
            return f"no relationship table {rel_type}"
    # the columns of one relationship table stand for all (every command pays this check)
    stored = set(_columns(conn, rel_types[0])) if rel_types else set()
    absent = [c for c, _ in RELATION_COLUMNS if rel_types and c not in stored]
    if absent:
        return f"table {rel_types[0]} has no column {', '.join(absent)}"
    return None


OLD_LAYOUT = ("written by an older sahelgraph, with evidence as lists on the relationships; "
              "any load upgrades it")
OLD_LISTS = ("dates", "sources", "quotes", "confidences", "notes", "files", "lines")


def _list_layout(conn, tables: dict) -> bool:
    """Whether the store keeps evidence as parallel lists on the relationships (before 0.2)."""
    rel = next((t for t, kind in tables.items() if kind == "REL"), None)
    return rel is not None and set(OLD_LISTS) <= set(_columns(conn, rel))


def _read_list_layout(conn) -> GraphData:
    """A store of the list layout, read whole (to be written in the new one)."""
    data = GraphData()
    stored = set(_columns(conn, "Predicate"))
    columns = [(c, t) for c, t in PREDICATE_COLUMNS if c in stored]  # older stores lack acts_for
    for values in EmbeddedStore._rows(conn, _select("p", "Predicate", columns), columns):
        data.predicates[values["name"]] = Predicate(**values)
    for values in EmbeddedStore._rows(conn, _select("a", "Actor", ACTOR_COLUMNS), ACTOR_COLUMNS):
        data.actors[values["id"]] = _actor(values)
    for values in EmbeddedStore._rows(conn, _select("s", "Source", SOURCE_COLUMNS), SOURCE_COLUMNS):
        data.sources[values["id"]] = Source(**values)
    tables = _tables(conn)
    for name, predicate in data.predicates.items():
        if tables.get(predicate.rel_type) != "REL":
            continue
        columns = _columns(conn, predicate.rel_type)
        lists = [c for c in OLD_LISTS + ("modalities", "places", "attributes") if c in columns]
        cols = conn.execute(f"MATCH (a:Actor)-[r:{_ident(predicate.rel_type)}]->(b:Actor) RETURN a.id, b.id, "
                            + ", ".join(f"r.{c}" for c in lists)).get_as_arrow().to_pydict()
        for subject, obj, *values in zip(*cols.values()):
            given = dict(zip(lists, values))
            evidence = []
            for i in range(len(given["dates"])):
                item = {c: given[c][i] for c in given}
                evidence.append(Evidence(
                    date=item["dates"] or None, source=item["sources"] or None,
                    quote=item["quotes"] or None, confidence=item["confidences"],
                    note=item["notes"] or None, file=item["files"] or None,
                    line=None if item["lines"] < 0 else item["lines"],
                    modality=item.get("modalities") or "asserted", place=item.get("places") or None,
                    attributes=json.loads(item["attributes"]) if item.get("attributes") else None))
            relation = Relation(subject, name, obj, evidence)
            data.relations[relation.key] = relation
    return data


def _actor(values: dict) -> Actor:
    return Actor(**{**values, "aliases": list(values["aliases"] or [])})


def _evidence(date, source, quote, confidence, modality, place, note, attributes, file,
              line) -> Evidence:
    """One Evidence row back as Evidence."""
    return Evidence(date=date, source=source, quote=quote,
                    confidence=1.0 if confidence is None else confidence,
                    modality=modality or "asserted", place=place, note=note,
                    attributes=json.loads(attributes) if attributes else None, file=file, line=line)


class StoredActors(SpelledActors):
    """The actors of a store as read, column-wise (``MATCH (a:Actor) RETURN a.id, a.name,
    ...``): each made an Actor when asked for, and found by spelling column-wise
    (:meth:`spelled`), so a load's names are resolved without making every actor.

    >>> import pyarrow as pa
    >>> actors = StoredActors(pa.table({"id": ["mali", "assimi-goita"], "name": ["Mali", "Assimi Goïta"],
    ...     "kind": ["state", "person"], "aliases": [[], ["Goïta", "GOITA"]],
    ...     "country": [None, "Mali"], "description": [None, None]}))
    >>> actors.spelled(["goita", "bamako", "mali"])
    {'mali': ['mali'], 'goita': ['assimi-goita']}
    >>> actors["mali"].kind, len(actors), "bamako" in actors
    ('state', 2, False)
    """

    def __init__(self, table: pa.Table):
        self._table = table.rename_columns([c for c, _ in ACTOR_COLUMNS])
        self._ids = self._table.column("id").to_pylist()
        self._rows = {actor_id: row for row, actor_id in enumerate(self._ids)}
        self._made: dict[str, Actor] = {}
        self._spellings: tuple | None = None  # (normalized spellings, their actors' rows) once asked

    def __getitem__(self, actor_id: str) -> Actor:
        if actor_id not in self._made:
            self.take([self._ids[self._rows[actor_id]]])
        return self._made[actor_id]

    def __contains__(self, actor_id) -> bool:
        return actor_id in self._rows

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def items(self):
        self.take(self._ids)
        return ((actor_id, self._made[actor_id]) for actor_id in self._ids)

    def values(self):
        return (actor for _, actor in self.items())

    def take(self, ids) -> list[Actor]:
        ids = list(ids)
        missing = [self._rows[i] for i in dict.fromkeys(ids) if i not in self._made]
        if missing:
            columns = self._table.take(pa.array(missing, pa.int64())).to_pydict()
            for values in zip(*columns.values()):
                actor = _actor(dict(zip(columns, values)))
                self._made[actor.id] = actor
        return [self._made[i] for i in ids]

    def named(self, keys) -> list[Actor]:
        ids = {actor_id for found in self.spelled(keys).values() for actor_id in found}
        return self.take(sorted(ids, key=self._rows.__getitem__))

    def spelled(self, keys) -> dict[str, list[str]]:
        keys = list(dict.fromkeys(keys))
        if not keys or not self._ids:
            return {}
        if self._spellings is None:
            # every id, name and alias, with the row of its actor
            aliases = one_array(self._table.column("aliases"))
            spellings = pa.concat_arrays([one_array(self._table.column("id")),
                                          one_array(self._table.column("name")).cast(pa.string()),
                                          pc.list_flatten(aliases)])
            rows = np.arange(len(self._ids))
            self._spellings = (normalize_all(spellings),
                               np.concatenate([rows, rows, pc.list_parent_indices(aliases).to_numpy()]))
        normalized, rows = self._spellings
        at = pc.indices_nonzero(pc.is_in(normalized, value_set=pa.array(keys, pa.string()))).to_numpy()
        found: dict[str, list[str]] = {}
        for key, row in sorted(zip(normalized.take(at).to_pylist(), rows[at].tolist()), key=lambda p: p[1]):
            owners = found.setdefault(key, [])
            if not owners or owners[-1] != self._ids[row]:
                owners.append(self._ids[row])
        return found


def evidence_of(conn, relations: dict[int, int]) -> dict[int, list[Evidence]]:
    """The evidence of relations given as {relation id: weight}, in order, looked up by
    primary key: {relation id: [Evidence]}."""
    ids = [rid * PER_RELATION + i for rid, weight in relations.items() for i in range(weight)]
    found: dict[int, list] = {rid: [] for rid in relations}
    for start in range(0, len(ids), LOOKUP_ROWS):
        cols = conn.execute(
            "UNWIND $ids AS i MATCH (e:Evidence {id: i}) RETURN e.id, "
            + ", ".join(f"e.{c}" for c in EVIDENCE_FIELDS_STORED),
            {"ids": ids[start:start + LOOKUP_ROWS]}).get_as_arrow().to_pydict()
        for eid, *values in zip(*cols.values()):
            found[eid // PER_RELATION].append((eid, _evidence(*values)))
    return {rid: [e for _, e in sorted(pieces, key=lambda p: p[0])] for rid, pieces in found.items()}


LOOKUP_ROWS = 5000  # keys per UNWIND lookup statement
LARGE_READ = 10_000  # pieces of evidence read from which the read connection is let go
# A read-only connection's buffer pool: room for every page of the file twice over, plus some
# for the query's own buffers. LadybugDB's default reserves 80% of the RAM, and its frame table
# alone costs ~2 MB of memory per GB reserved (37 MB more than this bound on a 1M-row store,
# on a 24 GB machine) before a page is read. A read that outgrows the bound runs again on the
# default (see _roomy_when_full).
READ_POOL_FILES, READ_POOL_ROOM = 2, 256 * 2**20
POOL_FULL = "buffer pool is full"  # what LadybugDB says when a query outgrows its pool


def _roomy_when_full(read):
    """A read of the store run again, once, on LadybugDB's default buffer pool when the
    bounded pool of a read-only connection (READ_POOL_FILES, READ_POOL_ROOM) could not hold
    a query's own buffers; the store's later reads use the default pool too."""
    @functools.wraps(read)
    def reading(self, *args, **kwargs):
        try:
            return read(self, *args, **kwargs)
        except (StoreError, RuntimeError) as exc:
            if self._roomy or POOL_FULL not in str(exc):
                raise
        self.close()
        self._roomy = True
        return read(self, *args, **kwargs)
    return reading


class EmbeddedStore(Store):
    """The graph in a LadybugDB file at ``path`` (created by the first load).

    Reads share one read-only connection, opened by the first and kept while the file is
    unchanged; :meth:`close` (or leaving a ``with`` block) closes it."""

    def __init__(self, path: str | os.PathLike, *, wait: float | None = DEFAULT_WAIT, on_wait=None):
        if path is None:
            raise StoreError("the embedded store needs a file path, e.g. .sahelgraph/graph.lbdb")
        self.path = Path(path)
        self._cache: tuple[tuple, GraphData] | None = None
        self._checked: tuple | None = None  # the stamp of the file last found to hold a sahelgraph graph
        self.lock = StoreLock(self.path)
        self.wait, self.on_wait = wait, on_wait
        self._writing = 0
        self._kept: tuple | None = None  # (stamp, database, connection): see _read_connection
        self._roomy = False  # reads on LadybugDB's default buffer pool (see _roomy_when_full)

    @contextmanager
    def writing(self, wait: float | None | object = _DEFAULT, on_wait=None):
        """Hold the store's exclusive writer lock for a ``with`` block.

        Every write (load, ``query(write=True)``, ``write``) takes it; inside the block they
        do not take it again, so a read-change-write cycle (merging actors, say) is one
        unit no other writer can come between. Another writer holding it is waited for
        ``wait`` seconds (default the store's, 60 s; None waits for ever, 0 not at all),
        telling ``on_wait`` for whom; then StoreError. Readers never wait.

        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     store = EmbeddedStore(pathlib.Path(tmp) / "g.lbdb")
        ...     with store.writing(wait=0):
        ...         held = store.lock.busy()
        ...     (held, store.lock.busy())
        (True, False)
        """
        if self._writing:
            self._writing += 1
            try:
                yield self
            finally:
                self._writing -= 1
            return
        self.lock.acquire(self.wait if wait is _DEFAULT else wait, on_wait or self.on_wait)
        self._writing = 1
        try:
            self._clean_leftovers()
            yield self
        finally:
            self._writing = 0
            self.lock.release()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # reading ---------------------------------------------------------------------------

    def _stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connect(self, read_only: bool = True, *, check: bool = True, old_ok: bool = False):
        """An open (database, connection) on the store; with ``check``, StoreError unless
        the file holds a sahelgraph graph (checked once per version of the file; ``old_ok``
        lets a store of the older list layout through, for reading its node tables)."""
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a database file (pass a file path with --db)")
        stamp = self._stamp()
        bounded = read_only and not self._roomy and stamp is not None
        pool = {"buffer_pool_size": READ_POOL_FILES * stamp[2] + READ_POOL_ROOM} if bounded else {}
        try:
            database = ladybug.Database(str(self.path), read_only=read_only, **pool)
            conn = ladybug.Connection(database)
        except RuntimeError as exc:
            raise StoreError(f"cannot open {self.path}: {_first_line(exc)} "
                             "(is it a sahelgraph store? pass another path with --db)") from None
        if check and stamp != self._checked:
            try:
                problem = schema_problem(conn)
            except RuntimeError as exc:
                problem = _first_line(exc)
            if problem == OLD_LAYOUT and old_ok:
                return database, conn
            if problem:
                conn.close()
                database.close()
                raise StoreError(f"{self.path} holds no sahelgraph graph ({problem}): pass another "
                                 "path with --db, or rebuild it with load --replace")
            self._checked = stamp
        return database, conn

    def _read_connection(self):
        """A read-only connection on the store as it is now (checked as :meth:`_connect`
        checks), kept open for the next question while the file stays the same: a command
        asks several (``show`` nine), and each open cost ~35 ms on a 100k-row store.
        :meth:`close` closes it; a write replacing the file drops it."""
        stamp = self._stamp()
        if self._kept is not None and self._kept[0] != stamp:
            self.close()
        if self._kept is None:
            self._kept = (stamp, *self._connect())
        return self._kept[2]

    def _current_connection(self):
        """The read connection, or None if the store is of the older list layout (which a
        load upgrades); StoreError for anything else that is not a sahelgraph graph."""
        try:
            return self._read_connection()
        except StoreError as exc:
            if OLD_LAYOUT not in str(exc):
                raise
            return None

    def close(self) -> None:
        """Close the connection kept for reads, if any (the next read opens one again)."""
        kept, self._kept = self._kept, None
        if kept is not None:
            kept[2].close()
            kept[1].close()

    def exists(self) -> bool:
        return self.path.is_file()

    @_roomy_when_full
    def read(self) -> GraphData:
        stamp = self._stamp()
        if stamp is None:
            return GraphData()
        if self._cache and self._cache[0] == stamp:
            return self._cache[1]
        data = self._read(self._read_connection())
        self._cache = (stamp, data)
        return data

    def _read(self, conn) -> GraphData:
        data = self._read_nodes(conn, ("Actor", "Source", "Predicate"))
        keys: dict[int, tuple] = {}
        for name in sorted(data.predicates):
            table = data.predicates[name].rel_type
            cols = conn.execute(f"MATCH (a:Actor)-[r:{_ident(table)}]->(b:Actor) RETURN r.id, a.id, b.id"
                                ).get_as_arrow().to_pydict()
            for rid, subject, obj in zip(*cols.values()):
                relation = Relation(subject, name, obj, [])
                data.relations[relation.key] = relation
                keys[rid] = relation.evidence
        cols = conn.execute("MATCH (e:Evidence) RETURN e.relation, "
                            + ", ".join(f"e.{c}" for c in EVIDENCE_FIELDS_STORED)
                            + " ORDER BY e.id").get_as_arrow().to_pydict()
        for rid, *values in zip(*cols.values()):
            keys[rid].append(_evidence(*values))
        return data

    def _read_tables(self, *tables: str) -> GraphData:
        """Only some node tables (Actor, Source, Predicate), for questions that need no
        relations (of a store of the older list layout too, which a load then upgrades)."""
        conn = self._current_connection()
        if conn is not None:
            return self._read_nodes(conn, tables)
        database, conn = self._connect(old_ok=True)
        try:
            return self._read_nodes(conn, tables)
        finally:
            conn.close()
            database.close()

    def _read_nodes(self, conn, tables) -> GraphData:
        data = GraphData()
        if "Predicate" in tables:
            stored = set(_columns(conn, "Predicate"))
            columns = [(c, t) for c, t in PREDICATE_COLUMNS if c in stored]  # older stores lack acts_for
            for values in self._rows(conn, _select("p", "Predicate", columns), columns):
                data.predicates[values["name"]] = Predicate(**values)
        if "Actor" in tables:
            for values in self._rows(conn, _select("a", "Actor", ACTOR_COLUMNS), ACTOR_COLUMNS):
                data.actors[values["id"]] = _actor(values)
        if "Source" in tables:
            for values in self._rows(conn, _select("s", "Source", SOURCE_COLUMNS), SOURCE_COLUMNS):
                data.sources[values["id"]] = Source(**values)
        return data

    @classmethod
    def _rows(cls, conn, query: str, columns, params=None):
        cols = conn.execute(query, params or {}).get_as_arrow().to_pydict()
        names = [c for c, _ in columns]
        return (dict(zip(names, row)) for row in zip(*cols.values()))

    @_roomy_when_full
    def known(self) -> GraphData:
        """Actors, sources and predicates, without the relations (what reading input needs).

        The actors are a :class:`StoredActors`: read as columns, made actors only as the
        names read ask for them (20,000 actors made and indexed cost ~0.3 s of a load)."""
        if self._cache and self._cache[0] == self._stamp():
            return self._cache[1]
        if not self.exists():
            return GraphData()
        conn = self._current_connection()
        if conn is None:
            return self._read_tables("Actor", "Source", "Predicate")
        data = self._read_nodes(conn, ("Source", "Predicate"))
        data.actors = StoredActors(conn.execute(_select("a", "Actor", ACTOR_COLUMNS)).get_as_arrow())
        return data

    @_roomy_when_full
    def actors(self) -> dict[str, Actor]:
        if self._cache and self._cache[0] == self._stamp():
            return self._cache[1].actors
        return self._read_tables("Actor").actors if self.exists() else {}

    @_roomy_when_full
    def resolve_actors(self, names: list[str]) -> list[str]:
        """Names spelled exactly as an id, name or alias are looked up in the database; only
        other spellings need every actor read (the spellings of a store never name two
        actors, so an exact match is the only one)."""
        if not self.exists() or (self._cache and self._cache[0] == self._stamp()):
            return super().resolve_actors(names)
        conn = self._read_connection()
        exact = [[row[0] for row in conn.execute(
            "MATCH (a:Actor) WHERE a.id = $n OR a.name = $n OR list_contains(a.aliases, $n) "
            "RETURN a.id", {"n": name}).get_all()] for name in names]
        if all(len(found) == 1 for found in exact):
            return [found[0] for found in exact]
        return super().resolve_actors(names)

    @_roomy_when_full
    def predicates(self) -> dict:
        return self._read_tables("Predicate").predicates if self.exists() else {}

    # questions asked of the database (sahelgraph.stores.embedded_read) ----------------------

    def _reader(self):
        from sahelgraph.stores.embedded_read import GraphReader

        # one clear line for a directory, a foreign file or database (checked on opening)
        return nullcontext(GraphReader(self._read_connection()))

    def _let_go_after(self, G):
        """``G``, after closing the kept read connection if ``G`` is a large read with
        evidence (LARGE_READ pieces or more): the pages read stay in LadybugDB's buffer
        pool, which the caller's work on the graph should not carry (``viz --focus`` at 1M
        rows, 5,000 relations with 74,402 pieces: 544 MB kept, 404 MB closed). A small
        read keeps it for the next question."""
        if G.number_of_edges() >= LARGE_READ or sum(
                w for *_, w in G.edges(data="weight") if isinstance(w, int)) >= LARGE_READ:
            self.close()
        return G

    @_roomy_when_full
    def graph(self, **filters):
        if not self.exists():
            return super().graph(**filters)
        with self._reader() as reader:
            return self._let_go_after(reader.graph(**filters))

    @_roomy_when_full
    def stats(self) -> dict:
        if not self.exists():
            return super().stats()
        with self._reader() as reader:
            return reader.stats()

    @_roomy_when_full
    def relation_counts(self) -> dict[str, int]:
        if not self.exists():
            return {}
        with self._reader() as reader:
            return reader.relation_counts()

    @_roomy_when_full
    def subgraph(self, actor_ids, *, depth: int = 1, induced: bool = False, evidence: bool = True,
                 attributes: bool = True, max_relations: int | None = None, **filters):
        if not self.exists():
            return super().subgraph(actor_ids, depth=depth, induced=induced, **filters)
        with self._reader() as reader:
            G = reader.subgraph(actor_ids, depth=depth, induced=induced, evidence=evidence,
                                attributes=attributes, max_relations=max_relations, **filters)
        return self._let_go_after(G) if evidence else G

    @_roomy_when_full
    def parts_of(self, actor_id: str) -> set[str]:
        if not self.exists():
            return set()
        with self._reader() as reader:
            return reader.parts_of(actor_id)

    @_roomy_when_full
    def path_graph(self, source: str, target: str, *, max_hops: int | None = None,
                   all_paths: bool = False, directed: bool = False, **filters):
        """The relations on the paths between two actors, found by LadybugDB itself, so a
        path question on a large store does not read the whole graph.

        Breadth-first from both ends, one query per hop: an actor is kept when its distance
        from ``source`` plus its distance to ``target`` fits (equals the shortest length, or
        with ``all_paths`` is at most ``max_hops``), a relation when the hop it makes does.
        The work and memory grow with the relations near the two actors, never with the
        number of paths (which grows exponentially with the hops). Filters other than
        predicates and polarity fall back to filtering the whole graph."""
        cached = self._cache and self._cache[0] == self._stamp()
        if cached or not self.exists() or set(filters) - {"predicates", "polarity"}:
            return super().path_graph(source, target, max_hops=max_hops, all_paths=all_paths,
                                      directed=directed, **filters)
        data = self._read_tables("Predicate", "Source")
        wanted = set(filters.get("predicates") or data.predicates)
        polarity = filters.get("polarity")
        polarity = {polarity} if isinstance(polarity, int) else set(polarity or (-1, 0, 1))
        chosen = [p for name, p in data.predicates.items() if name in wanted and p.polarity in polarity]
        by_type = {p.rel_type: name for name, p in data.predicates.items()}
        # relations walked either way (all when undirected, symmetric ones when directed)
        # and relations walked only from subject to object
        both = "|".join(_ident(p.rel_type) for p in chosen if not directed or p.symmetric)
        one = "|".join(_ident(p.rel_type) for p in chosen if directed and not p.symmetric)
        both_types = {p.rel_type for p in chosen if not directed or p.symmetric}

        def step(conn, ids: list[str], forward: bool) -> set[str]:
            """The actors one hop from ``ids`` (towards ``target`` when ``forward``)."""
            found = set()
            patterns = ([f"-[:{both}]-"] if both else []) + ([f"-[:{one}]->" if forward else f"<-[:{one}]-"] if one else [])
            for pattern in patterns:
                found.update(row[0] for row in conn.execute(
                    f"MATCH (a:Actor){pattern}(b:Actor) WHERE a.id IN $ids RETURN DISTINCT b.id",
                    {"ids": ids}).get_all())
            return found

        conn = self._read_connection()
        try:
            for values in self._rows(conn, _select("a", "Actor", ACTOR_COLUMNS, "a.id IN $ids"),
                                     ACTOR_COLUMNS, {"ids": [source, target]}):
                data.actors[values["id"]] = _actor(values)
            if chosen and source in data.actors and target in data.actors and source != target:
                kept, fits = path_window(lambda ids, forward: step(conn, ids, forward), source, target,
                                         max_hops=max_hops, all_paths=all_paths)
                if kept:
                    for values in self._rows(conn, _select("a", "Actor", ACTOR_COLUMNS, "a.id IN $ids"),
                                             ACTOR_COLUMNS, {"ids": kept}):
                        data.actors[values["id"]] = _actor(values)
                    labels = "|".join(_ident(p.rel_type) for p in chosen)
                    result = conn.execute(
                        f"MATCH (x:Actor)-[r:{labels}]->(y:Actor) WHERE x.id IN $ids AND y.id IN $ids "
                        "RETURN x.id, y.id, label(r), r.id, r.weight", {"ids": kept})
                    found: dict[int, Relation] = {}
                    weights: dict[int, int] = {}
                    for subject, obj, label, rid, weight in result.get_all():
                        if subject != obj and (fits(subject, obj) or (label in both_types and fits(obj, subject))):
                            relation = Relation(subject, by_type[label], obj)
                            if rid is None:  # made by hand (query --write): no id, no evidence
                                data.relations[relation.key] = relation
                                continue
                            found[rid] = relation
                            weights[rid] = weight or 0
                    for rid, evidence in evidence_of(conn, weights).items():
                        found[rid].evidence = evidence
                        data.relations[found[rid].key] = found[rid]
        except RuntimeError as exc:
            raise StoreError(f"path query failed: {str(exc).splitlines()[0]}") from None
        G = to_networkx(data)
        G.graph["filters"] = {k: v for k, v in filters.items() if v is not None}
        return G

    # Cypher ------------------------------------------------------------------------------

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> QueryResult:
        """Run Cypher on the database.

        Without ``write`` nothing on disk changes: the database is opened read-only and
        statements that write files or database state (``COPY ... TO``, ``EXPORT DATABASE``,
        ``IMPORT``, ``ATTACH``, ``CHECKPOINT``, ``INSTALL``, ``LOAD EXTENSION``) are refused.
        With ``write`` the query runs under the writer lock on a copy of the store, which
        then replaces it whole (a killed or failed query changes nothing).
        """
        if not self.exists():
            what = "write into" if write else "query"
            raise StoreError(f"no database at {self.path} to {what} (load some data first: "
                             "sahelgraph load graph/)")
        if not write:
            refused = refused_statement(cypher)
            if refused:
                raise StoreError(f"{refused} writes to disk, which a query without --write never "
                                 "does (add --write to run it)")
            return self._read_query(cypher, params)
        with self.writing():
            self._check_schema()
            with self._swap(copy=True) as (conn, _):
                answer = _run(conn, cypher, params)
        return answer

    def _check_schema(self) -> None:
        """StoreError unless the file holds a sahelgraph graph."""
        self._read_connection()

    @_roomy_when_full
    def _read_query(self, cypher: str, params: dict | None) -> QueryResult:
        journal = self._journal()
        before = {p for p in journal if p.exists()}
        database, conn = self._connect()
        try:
            return _run(conn, cypher, params)
        finally:
            conn.close()
            database.close()
            # a read-only connection cannot change the database file; journal files it
            # left (a statement that slipped past refused_statement) would only keep
            # later readers from opening the store
            stray = [p for p in journal if p.exists() and p not in before]
            if stray and not self.lock.busy():
                for path in stray:
                    path.unlink(missing_ok=True)

    def _journal(self) -> list[Path]:
        return [self.path.with_name(self.path.name + suffix)
                for suffix in (".wal", ".shadow", ".wal.checkpoint")]

    # writing -----------------------------------------------------------------------------

    def load(self, batch: Batch, *, replace: bool = False, skip_invalid: bool = False,
             progress=None) -> LoadReport:
        """Add a batch to the store, writing only what it changes (see the module docstring).

        With ``replace`` (or into a new file) the database is built anew from the batch;
        then ``batch.assertions`` is emptied once written, to leave its memory to the
        database (read the files again to load them elsewhere).
        """
        check_batch(batch, skip_invalid)
        report = LoadReport(rows_read=batch.rows_read, rejected=list(batch.rejected),
                            new_actors=list(batch.new_actors), diagnostics=list(batch.diagnostics))
        with paused_gc(), self.writing():
            if replace or not self.exists():
                self._rebuild(batch, report)
            elif self._old_layout():
                self._upgrade(batch, report)
            else:
                self._add(batch, report)
        if progress:
            progress(batch.rows_read)
        report.written = True
        return report

    def write(self, data: GraphData) -> list[str]:
        """Replace the whole database with ``data``, atomically (under the writer lock).

        Returns warnings naming what the old database held that sahelgraph did not write
        (tables and properties added with ``query --write``), which are gone.
        """
        with self.writing():
            warnings = self._outside_the_model() if self.exists() else []
            with self._swap(copy=False) as (conn, staging):
                _build(conn, staging, data)
        self._cache = (self._stamp(), data)
        return warnings

    @contextmanager
    def edit(self, wait: float | None | object = _DEFAULT, on_wait=None):
        """A LadybugDB connection on a copy of the store, for changes in Cypher; the copy
        replaces the store, whole, when the block ends without an error (under the writer
        lock: see :meth:`writing`).

        >>> import tempfile, pathlib
        >>> from sahelgraph.readers import read_triples
        >>> mini = pathlib.Path(__file__).parents[3] / "tests" / "data" / "mini"
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     store = EmbeddedStore(pathlib.Path(tmp) / "g.lbdb")
        ...     _ = store.load(read_triples(mini))
        ...     with store.edit() as conn:
        ...         _ = conn.execute("MATCH (a:Actor {id: 'mali'}) SET a.name = 'Mali (state)'")
        ...     store.query("MATCH (a:Actor {id: 'mali'}) RETURN a.name").rows
        [['Mali (state)']]
        """
        with self.writing(wait, on_wait):
            self._check_schema()
            with self._swap(copy=True) as (conn, _):
                yield conn

    def _rebuild(self, batch: Batch, report: LoadReport) -> None:
        nodes = GraphData(actors=batch.actors, sources=batch.sources, predicates=batch.predicates)
        if not isinstance(batch.assertions, Assertions):
            batch.assertions = Assertions(batch.assertions)
        with self.writing():
            report.warnings += self._outside_the_model() if self.exists() else []
            with self._swap(copy=False) as (conn, staging):
                # the assertions are emptied once in Parquet files, to leave their memory to
                # the database's COPY
                merged = _build(conn, staging, nodes, batch.assertions)
        report.loaded, report.duplicates = merged.loaded, merged.duplicates
        report.actors, report.sources, report.relations = (
            len(nodes.actors), len(nodes.sources), merged.relations)

    def _outside_the_model(self) -> list[str]:
        """Warnings naming what a rebuild drops that sahelgraph did not write (tables and
        columns added with query --write); StoreError if the file is no database at all."""
        try:
            database, conn = self._connect(check=False)
        except StoreError:
            raise StoreError(f"{self.path} is not a LadybugDB database; refusing to overwrite it "
                             "(pass another path with --db, or remove the file first)") from None
        try:
            extra = [] if schema_problem(conn) == OLD_LAYOUT else extra_schema(conn)
        except RuntimeError:
            extra = []
        finally:
            conn.close()
            database.close()
        if not extra:
            return []
        return [f"--replace drops what sahelgraph did not write in {self.path}: {', '.join(extra)} "
                "(a load without --replace keeps them)"]

    def _old_layout(self) -> bool:
        return self._current_connection() is None

    def _upgrade(self, batch: Batch, report: LoadReport) -> None:
        """Load into a store of the list layout: read it whole, merge, write the new layout."""
        database, conn = self._connect(check=False)
        try:
            data = _read_list_layout(conn)
            lists = {f".{c}" for c in OLD_LISTS + ("modalities", "places", "attributes")}
            extra = [e for e in extra_schema(conn) if not e.startswith("table Evidence")
                     and not any(e.endswith(c) for c in lists)]
        finally:
            conn.close()
            database.close()
        data, report.loaded, report.duplicates = merge(data, batch)
        with self._swap(copy=False) as (conn, staging):
            _build(conn, staging, data)
        report.actors, report.sources, report.relations = (
            len(data.actors), len(data.sources), len(data.relations))
        report.warnings.append(f"upgraded {self.path} to the layout with evidence in a table of its own"
                               + (f"; dropped what sahelgraph did not write: {', '.join(extra)}" if extra else ""))

    def _add(self, batch: Batch, report: LoadReport) -> None:
        plan = _plan(self._read_connection(), batch)
        report.loaded, report.duplicates = plan.loaded, plan.duplicates
        report.actors, report.sources, report.relations = plan.totals
        if plan.changes:
            # the pages read for the plan are not needed by the write: let them go, not hold
            # them beside the writing database's (a +1,000-row load into 1M: 1,029 MB held)
            self.close()
            with self._swap(copy=True) as (conn, staging):
                _apply(conn, staging, plan)
            self._cache = None

    @contextmanager
    def _swap(self, *, copy: bool):
        """(connection, staging folder) on a new version of the database, a copy of the
        store's (``copy``) or an empty one. When the block ends without an error it is
        checkpointed and renamed over the store, whole; otherwise it is thrown away."""
        if not self._writing:
            raise RuntimeError("_swap needs the writer lock (with store.writing(): ...)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
        staging = tmp.with_name(tmp.name + "-staging")
        try:
            staging.mkdir()
            if copy:
                shutil.copyfile(self.path, tmp)
            database = ladybug.Database(str(tmp))
            try:
                conn = ladybug.Connection(database)
                try:
                    yield conn, staging
                    conn.execute("CHECKPOINT")
                finally:
                    conn.close()
            finally:
                database.close()
            os.replace(tmp, self.path)
        except (RuntimeError, OSError) as exc:
            raise self._write_error(exc) from None
        finally:
            _remove(staging)
            for leftover in self.path.parent.glob(glob.escape(tmp.name) + "*"):
                _remove(leftover)
            self._cache = None
            self.close()  # on the version replaced

    def _write_error(self, exc: BaseException) -> StoreError:
        code, text = getattr(exc, "errno", None), str(exc)
        if code == errno.ENOSPC or "No space left on device" in text:
            return StoreError(f"no space left on device writing {self.path}; nothing was changed")
        if code == errno.EFBIG or "File too large" in text:
            return StoreError(f"file size limit reached writing {self.path}; nothing was changed")
        return StoreError(f"writing {self.path} failed: {_first_line(exc)}; nothing was changed")

    def _clean_leftovers(self) -> None:
        """With the lock held: delete what writers killed midway left behind (every writer
        makes its files under the lock, so whatever is there now belongs to a dead one), and
        fold a journal left on the store itself into it before it is copied."""
        for leftover in self.path.parent.glob(glob.escape(self.path.name) + TEMP_MARK + "*"):
            _remove(leftover)
        if self.exists() and any(p.exists() for p in self._journal()):
            self.close()  # the store is changed in place: not under a connection reading it
            try:
                database, conn = self._connect(read_only=False, check=False)
            except StoreError:
                return
            try:
                conn.execute("CHECKPOINT")
            except RuntimeError:
                pass
            finally:
                conn.close()
                database.close()


TEMP_MARK = ".tmp-"  # <store>.tmp-<pid>-<random>: a writer's new version of the store


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _run(conn, cypher: str, params: dict | None) -> QueryResult:
    try:
        result = conn.execute(cypher, params or {})
        results = result if isinstance(result, list) else [result]
        last = results[-1]
        return QueryResult(last.get_column_names(), last.get_all())
    except (RuntimeError, TypeError, ValueError) as exc:
        message = _first_line(exc)
        if "read-only" in message:
            raise StoreError(f"{message} (add --write to change the database)") from None
        raise StoreError(f"query failed: {message}") from None


# statements that write outside the database or change its state on disk even on a
# read-only connection (CHECKPOINT there leaves a journal that keeps the store from opening)
_REFUSED = {"COPY": "COPY", "EXPORT": "EXPORT DATABASE", "IMPORT": "IMPORT DATABASE",
            "ATTACH": "ATTACH", "DETACH": "DETACH", "CHECKPOINT": "CHECKPOINT",
            "INSTALL": "INSTALL", "UNINSTALL": "UNINSTALL", "USE": "USE"}
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/",
                       re.S)


def refused_statement(cypher: str) -> str | None:
    """The first statement of ``cypher`` a read-only query may not run, named, or None.

    >>> refused_statement("COPY (MATCH (a:Actor) RETURN a.id) TO 'out.csv'")
    'COPY'
    >>> refused_statement("MATCH (a:Actor) WHERE a.name = 'COPY; CHECKPOINT' RETURN a")
    >>> refused_statement("RETURN 1; load extension json")
    'LOAD EXTENSION'
    """
    text = _LITERALS.sub(lambda m: " " if m.group().startswith("/") else " '' ", cypher)
    for statement in text.split(";"):
        words = statement.split()
        while words and words[0].upper() in ("EXPLAIN", "PROFILE"):
            words = words[1:]
        if not words:
            continue
        head = words[0].upper()
        if head == "LOAD" and len(words) > 1 and words[1].upper().startswith("EXTENSION"):
            return "LOAD EXTENSION"
        if head in _REFUSED:
            return _REFUSED[head]
        if head == "CALL" and re.match(r"(?i)call\s+\w+\s*=", statement.strip()):
            return "CALL (a database setting)"
    return None


def extra_schema(conn) -> list[str]:
    """Tables and columns sahelgraph did not make (added with ``query --write``)."""
    tables = _tables(conn)
    ours = set(NODE_TABLES)
    if tables.get("Predicate") == "NODE":
        ours |= {row[0] for row in conn.execute(
            "MATCH (p:Predicate) RETURN DISTINCT upper(p.name)").get_all()}
    extra = [f"table {name}" for name in sorted(tables) if name not in ours]
    for name in sorted(t for t in ours if t in tables):
        known = {c for c, _ in NODE_TABLES.get(name, RELATION_COLUMNS)}
        extra += [f"column {name}.{c}" for c in _columns(conn, name) if c not in known]
    return extra


@dataclass
class _Built:
    """What a build wrote: rows loaded and merged as duplicates, relations."""

    loaded: int
    duplicates: int
    relations: int


def _build(conn, staging: Path, data: GraphData, assertions: Assertions | None = None) -> _Built:
    """Write ``data`` into the empty database on ``conn``: its actors, sources and
    predicates, and either its relations or, given ``assertions``, those rows merged into
    relations (:func:`sahelgraph.bulk.merge_columns`, duplicates dropped).

    Everything is first written to Parquet files column-wise; then ``assertions`` is emptied
    and memory handed back, so that the Python side and LadybugDB's COPY do not hold memory
    at the same time."""
    for table, columns in NODE_TABLES.items():
        conn.execute(f"CREATE NODE TABLE {table}("
                     + ", ".join(f"{_ident(c)} {t}" for c, t in columns) + ")")
    for predicate in data.predicates.values():
        _create_relation_table(conn, predicate)
    # Neo4j's name for a relationship's type, so one Cypher text runs on both stores
    conn.execute("CREATE MACRO type(r) AS label(r)")
    # no enclosing transaction: one would hold every table in memory until its commit
    # (measured: +550 MB at 200k rows); Parquet files rather than in-memory Arrow
    # tables for the same reason (-120 MB at 200k rows)
    _copy_rows(conn, staging, "Actor", ACTOR_COLUMNS, [_actor_row(a) for a in data.actors.values()])
    _copy_rows(conn, staging, "Source", SOURCE_COLUMNS, [_source_row(s) for s in data.sources.values()])
    _copy_rows(conn, staging, "Predicate", PREDICATE_COLUMNS,
               [_predicate_row(p) for p in data.predicates.values()])
    if assertions is None:
        rows = Assertions((r.subject, r.predicate, r.object, e)
                          for r in data.relations.values() for e in r.evidence).table()
    else:
        rows = assertions.table()
    rows = unified(rows)  # one dictionary per column: written once per row group
    merged = merge_columns(rows, dedupe=assertions is not None)
    built = _Built(merged.loaded, merged.duplicates, merged.relations.num_rows)
    blocks = {name: [relations] for name, relations in _by_predicate(merged.relations)}
    # relations without evidence (made by hand with query --write) keep a row, numbered after
    # the others
    bare = [r for r in data.relations.values() if not r.evidence] if assertions is None else []
    for rid, relation in enumerate(bare, start=built.relations):
        blocks.setdefault(relation.predicate, []).append(pa.table({
            "predicate": [relation.predicate], "from": [relation.subject], "to": [relation.object],
            "id": pa.array([rid], pa.int64()), "weight": pa.array([0], pa.int64()),
            "first_date": pa.nulls(1, pa.string()), "last_date": pa.nulls(1, pa.string()),
            "confidence": pa.array([1.0])}))
    built.relations += len(bare)
    files = []
    for name, parts in blocks.items():
        predicate = data.predicates[name]
        path = staging / f"{predicate.rel_type}.parquet"
        relations = pa.concat_tables([part.cast(parts[0].schema) for part in parts])
        pq.write_table(_relation_columns(relations, predicate.polarity), path, **STAGING_PARQUET)
        files.append((predicate.rel_type, path))
    if built.loaded:
        path = staging / "Evidence.parquet"
        with pq.ParquetWriter(path, _evidence_schema(), use_dictionary=list(CODED_EVIDENCE),
                              **STAGING_PARQUET) as evidence_file:
            for start in range(0, rows.num_rows, EVIDENCE_BATCH):
                part = rows.slice(start, EVIDENCE_BATCH)
                evidence_file.write_table(_evidence_columns(part, merged, start, start + part.num_rows))
        files.append(("Evidence", path))
    del rows, merged
    if assertions is not None:
        assertions.clear()
    trim_memory()
    for table, path in files:
        _copy_file(conn, table, path)
        path.unlink()
    return built


EVIDENCE_BATCH = 200_000  # evidence rows written to Parquet at a time
# Parquet files made only for the COPY that follows: uncompressed and without statistics,
# measured (1M rows of evidence) to write in 0.3 s instead of 1.1 s and to COPY in 5.0 s of
# CPU instead of 5.6 s
STAGING_PARQUET = {"compression": "none", "write_statistics": False}
# Evidence columns that repeat a few values: written from dictionary arrays, as dictionaries
CODED_EVIDENCE = ("subject", "predicate", "object", "date", "source", "modality", "place", "note", "file")


def _evidence_schema() -> pa.Schema:
    schema = _schema(EVIDENCE_COLUMNS)
    coded = pa.dictionary(pa.int32(), pa.string())
    return pa.schema([pa.field(f.name, coded) if f.name in CODED_EVIDENCE else f for f in schema])


def _by_predicate(relations: pa.Table):
    """(predicate name, its relations) for each run of one predicate in ``relations``."""
    if not relations.num_rows:
        return
    runs = pc.run_end_encode(one_array(relations.column("predicate")))
    start = 0
    for name, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
        yield name, relations.slice(start, end - start)
        start = end


def _relation_columns(relations: pa.Table, polarity: int) -> pa.Table:
    """One relationship table's rows, from merged relations (:func:`merge_columns`)."""
    count = relations.num_rows
    return pa.table({
        "from": relations.column("from"), "to": relations.column("to"), "id": relations.column("id"),
        "polarity": pa.array(np.full(count, polarity, dtype=np.int64)),
        "weight": relations.column("weight"), "first_date": relations.column("first_date"),
        "last_date": relations.column("last_date"), "confidence": relations.column("confidence"),
    })


def _evidence_columns(table: pa.Table, merged, start: int, end: int) -> pa.Table:
    """The Evidence rows of assertion rows ``start``..``end`` (``table``): the kept ones, with
    their ids, in the schema of the Evidence table."""
    kept = merged.kept[start:end]
    relation = merged.relation[start:end][kept]
    if not kept.all():
        table = table.filter(pa.array(kept))
    schema = _evidence_schema()
    columns = {
        "id": pa.array(relation * PER_RELATION + merged.position[start:end][kept]),
        "relation": pa.array(relation),
        "modality": pa.chunked_array([_with_default(chunk, "asserted") for chunk in table.column("modality").chunks],
                                     schema.field("modality").type),
    }
    return pa.table([columns[f.name] if f.name in columns else table.column(f.name).cast(f.type)
                     for f in schema], schema=schema)


def _with_default(values: pa.DictionaryArray, default: str) -> pa.DictionaryArray:
    """Dictionary-encoded strings with null and empty ones replaced by ``default``."""
    dictionary = [v or default for v in values.dictionary.to_pylist()] + [default]
    indices = pc.fill_null(values.indices, len(dictionary) - 1)
    return pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, pa.string()))


def _create_relation_table(conn, predicate: Predicate) -> None:
    conn.execute(f"CREATE REL TABLE {_ident(predicate.rel_type)}(FROM Actor TO Actor, "
                 + ", ".join(f"{_ident(c)} {t}" for c, t in RELATION_COLUMNS) + ")")


def _actor_row(a: Actor) -> tuple:
    return (a.id, a.name, a.kind, list(a.aliases), a.country, a.description)


def _source_row(s: Source) -> tuple:
    return (s.id, s.title, s.outlet, s.published, s.url, s.language, s.file, s.note, s.text)


def _predicate_row(p: Predicate) -> tuple:
    return (p.name, p.description, p.symmetric, p.inverse, p.polarity, p.cameo, p.plover,
            p.subject_kinds, p.object_kinds, p.acts_for)


def _copy_rows(conn, staging: Path, table: str, columns, rows: list[tuple]) -> None:
    if rows:
        schema = _schema(columns)
        _copy_arrow(conn, staging, table, pa.table(
            [pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(zip(*rows))],
            schema=schema))


def _copy_arrow(conn, staging: Path, table: str, arrow: pa.Table) -> None:
    path = staging / f"{table}.parquet"
    pq.write_table(arrow, path)
    _copy_file(conn, table, path)
    path.unlink()


def _copy_file(conn, table: str, path: Path) -> None:
    literal = path.as_posix().replace("\\", "\\\\").replace("'", "\\'")
    conn.execute(f"COPY {_ident(table)} FROM '{literal}'")


def _relation_table(relations: list[Relation], ids, polarity: int) -> pa.Table:
    """The rows of one relationship table: ids, ends and each relation's summary."""
    firsts, lasts, confidences = [], [], []
    for relation in relations:
        evidence = relation.evidence
        if len(evidence) == 1:  # most relations: the span of one date is that date
            first = last = evidence[0].date or None
            confidence = evidence[0].confidence
        else:
            first, last = relation.date_span
            confidence = relation.confidence
        firsts.append(first)
        lasts.append(last)
        confidences.append(confidence)
    return pa.table({
        "from": pa.array([r.subject for r in relations], pa.string()),
        "to": pa.array([r.object for r in relations], pa.string()),
        "id": pa.array(list(ids), pa.int64()),
        "polarity": pa.array([polarity] * len(relations), pa.int64()),
        "weight": pa.array([len(r.evidence) for r in relations], pa.int64()),
        "first_date": pa.array(firsts, pa.string()), "last_date": pa.array(lasts, pa.string()),
        "confidence": pa.array(confidences, pa.float64()),
    })


_EVIDENCE_VALUES = operator.attrgetter(*EVIDENCE_FIELDS_STORED)


class _EvidenceRows:
    """Evidence rows gathered relation by relation, then made one Arrow table column-wise."""

    def __init__(self):
        self.pieces: list[Evidence] = []
        self.relations: list[tuple[int, int, int, str, str, str]] = []  # id, start, count, s, p, o

    def __len__(self) -> int:
        return len(self.pieces)

    def add(self, rid: int, relation: Relation, start: int) -> None:
        """The evidence of ``relation``, at positions ``start`` on in the relation."""
        pieces = relation.evidence
        if pieces:
            self.pieces += pieces
            self.relations.append((rid, start, len(pieces), relation.subject, relation.predicate,
                                   relation.object))

    def table(self) -> pa.Table:
        schema = _schema(EVIDENCE_COLUMNS)
        if not self.pieces:
            return schema.empty_table()
        rids, starts, counts, subjects, predicates, objects = zip(*self.relations)
        counts = np.array(counts, dtype=np.int64)
        which = np.repeat(np.arange(len(counts)), counts)  # the relation of each piece
        first = np.cumsum(counts) - counts
        position = np.arange(len(self.pieces)) - first[which] + np.array(starts, dtype=np.int64)[which]
        rid = np.array(rids, dtype=np.int64)[which]
        date, source, quote, confidence, modality, place, note, attributes, file, line = zip(
            *map(_EVIDENCE_VALUES, self.pieces))
        columns = {
            "id": pa.array(rid * PER_RELATION + position), "relation": pa.array(rid),
            "subject": pa.array(subjects, pa.string()).take(which),
            "predicate": pa.array(predicates, pa.string()).take(which),
            "object": pa.array(objects, pa.string()).take(which),
            "date": date, "source": source, "quote": quote, "confidence": confidence,
            "modality": pc.fill_null(pc.if_else(pc.equal(pa.array(modality, pa.string()), ""), None,
                                                pa.array(modality, pa.string())), "asserted"),
            "place": place, "note": note,
            "attributes": ([attributes_text(a) if a else None for a in attributes]
                           if any(attributes) else pa.nulls(len(attributes), pa.string())),
            "file": file, "line": line,
        }
        return pa.table([pa.array(columns[f.name], f.type) for f in schema], schema=schema)

    def rows(self) -> list[dict]:
        return self.table().to_pylist()


# incremental loads ------------------------------------------------------------------------

@dataclass(slots=True)
class _StoredRelation:
    """What a load needs of a stored relation: its id (None if made by hand with query
    --write), weight, and of its evidence, in order, the dates, the highest confidence and
    the keys (date, source, quote)."""

    id: int | None
    weight: int = 0
    dates: list = field(default_factory=list)
    confidence: float | None = None
    keys: set = field(default_factory=set)

    def extended(self, relation: Relation) -> tuple[int, str | None, str | None, float]:
        """(weight, first date, last date, confidence) with ``relation``'s evidence added, as
        worked out over a relation's evidence (dates.first_and_last; the highest confidence)."""
        first, last = dates.first_and_last(self.dates + [e.date for e in relation.evidence])
        confidence = relation.confidence
        if self.confidence is not None:
            confidence = max(self.confidence, confidence)
        return self.weight + relation.weight, first, last, confidence


@dataclass
class _Plan:
    """What a load changes in a store, worked out on a read-only connection first."""

    new_tables: list[Predicate] = field(default_factory=list)
    # {table: (columns, new rows, changed rows)}
    nodes: dict[str, tuple[list, list[tuple], list[tuple]]] = field(default_factory=dict)
    polarity_changed: list[Predicate] = field(default_factory=list)
    # {predicate name: (predicate, new relations with their ids, extended relations with theirs
    # and what is stored of them)}: a relation holds the batch's new evidence only
    relations: dict[str, tuple[Predicate, list[tuple[int, Relation]],
                               list[tuple[int, Relation, _StoredRelation]]]] = field(default_factory=dict)
    # {predicate name: [(id, subject, object)]}: relations made by hand (query --write: no id)
    # that the load gives evidence, numbered first
    numbered: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    evidence: _EvidenceRows = field(default_factory=_EvidenceRows)
    loaded: int = 0
    duplicates: int = 0
    totals: tuple[int, int, int] = (0, 0, 0)  # actors, sources, relations after the load

    @property
    def changes(self) -> bool:
        return bool(self.new_tables or self.polarity_changed or len(self.evidence)
                    or any(new or changed for _, new, changed in self.nodes.values()))


def _stored(conn, table: str, columns, key: str, ids: list[str]) -> dict[str, dict]:
    """The stored rows of a node table whose key is among ``ids``, as {key: values}."""
    found = {}
    names = [c for c, _ in columns]
    for start in range(0, len(ids), LOOKUP_ROWS):
        cols = conn.execute(f"UNWIND $ids AS i MATCH (n:{table} {{{key}: i}}) RETURN "
                            + ", ".join(f"n.{_ident(c)}" for c in names),
                            {"ids": ids[start:start + LOOKUP_ROWS]}).get_as_arrow().to_pydict()
        found.update((row[0], dict(zip(names, row))) for row in zip(*cols.values()))
    return found


def _count(conn, pattern: str) -> int:
    return conn.execute(f"MATCH {pattern} RETURN count(*)").get_all()[0][0]


def _plan(conn, batch: Batch) -> _Plan:
    """Diff a batch against the store on ``conn``: nodes new or changed, relations new or
    with new evidence (deduplicated by (date, source, quote)), as model.merge does."""
    plan = _Plan()
    tables = _tables(conn)
    stored = _stored(conn, "Predicate", PREDICATE_COLUMNS, "name", list(batch.predicates))
    predicates = {name: Predicate(**values) for name, values in stored.items()}
    for name, predicate in batch.predicates.items():
        before = predicates.get(name)
        if before is not None and before.polarity != predicate.polarity:
            plan.polarity_changed.append(predicate)
        if tables.get(predicate.rel_type) is None:
            plan.new_tables.append(predicate)
    _diff_nodes(plan, "Predicate", PREDICATE_COLUMNS, stored,
                {name: _predicate_row(p) for name, p in batch.predicates.items()})
    predicates.update(batch.predicates)
    _diff_nodes(plan, "Actor", ACTOR_COLUMNS,
                _stored(conn, "Actor", ACTOR_COLUMNS, "id", list(batch.actors)),
                {i: _actor_row(a) for i, a in batch.actors.items()})
    _diff_nodes(plan, "Source", SOURCE_COLUMNS,
                _stored(conn, "Source", SOURCE_COLUMNS, "id", list(batch.sources)),
                {i: _source_row(s) for i, s in batch.sources.items()})

    by_predicate: dict[str, list] = {}
    for subject, name, obj, evidence in batch.assertions:
        by_predicate.setdefault(name, []).append((subject, obj, evidence))
    stored_tables = sorted({p.rel_type for p in predicates.values() if tables.get(p.rel_type) == "REL"})
    stored_count, highest = conn.execute(
        f"MATCH ()-[r:{'|'.join(map(_ident, stored_tables))}]->() RETURN count(*), max(r.id)"
    ).get_all()[0] if stored_tables else (0, None)
    # new ids go on past every id in use: on relationships (a full build numbers relations
    # without evidence after the others) and in Evidence
    in_evidence = conn.execute("MATCH (e:Evidence) RETURN max(e.relation)").get_all()[0][0]
    next_id = max((i for i in (highest, in_evidence) if i is not None), default=0) + 1
    new_relations = 0
    wanted: dict[str, set] = {}  # {relationship table: pairs}, both ways for a symmetric predicate
    for name, rows in by_predicate.items():
        predicate = predicates[name]
        if tables.get(predicate.rel_type) == "REL":
            pairs = wanted.setdefault(predicate.rel_type, set())
            pairs.update((s, o) for s, o, _ in rows)
            if predicate.symmetric:
                pairs.update((o, s) for s, o, _ in rows)
    stored_relations = _stored_relations(conn, wanted)
    for name, rows in by_predicate.items():
        predicate = predicates[name]
        existing = stored_relations.get(predicate.rel_type, {})
        # {key: (id, the relation with the batch's new evidence, the stored one or None)}
        relations: dict[tuple, tuple[int, Relation, _StoredRelation | None]] = {}
        keys: dict[tuple, set] = {}
        for subject, obj, evidence in rows:
            key = (subject, obj)
            if predicate.symmetric and key not in existing and (obj, subject) in existing:
                key = (obj, subject)  # a symmetric relation stays in the orientation stored
            entry = relations.get(key)
            if entry is None:
                stored = existing.get(key)
                rid = None if stored is None else stored.id
                if rid is None:  # new, or made by hand (numbered now, then given its evidence)
                    rid = next_id
                    next_id += 1
                    if stored is not None:
                        plan.numbered.setdefault(name, []).append((rid, *key))
                entry = relations[key] = (rid, Relation(key[0], name, key[1], []), stored)
                keys[key] = set(stored.keys) if stored is not None else set()
            if evidence.key() in keys[key]:
                plan.duplicates += 1
                continue
            keys[key].add(evidence.key())
            entry[1].evidence.append(evidence)
            plan.loaded += 1
        new, extended = [], []
        for key, (rid, relation, stored) in relations.items():
            if not relation.evidence:
                continue
            if stored is None:
                new.append((rid, relation))
            else:
                extended.append((rid, relation, stored))
            plan.evidence.add(rid, relation, 0 if stored is None else stored.weight)
        new_relations += len(new)
        plan.relations[name] = (predicate, new, extended)

    added = {table: len(new) for table, (_, new, _) in plan.nodes.items()}
    plan.totals = (_count(conn, "(a:Actor)") + added.get("Actor", 0),
                   _count(conn, "(s:Source)") + added.get("Source", 0), stored_count + new_relations)
    return plan


def _diff_nodes(plan: _Plan, table: str, columns, stored: dict[str, dict], rows: dict[str, tuple]) -> None:
    names = [c for c, _ in columns]
    new, changed = [], []
    for key, row in rows.items():
        before = stored.get(key)
        if before is None:
            new.append(row)
        elif tuple(before[c] for c in names) != _normal(row):
            changed.append(row)
    plan.nodes[table] = (columns, new, changed)


def _normal(row: tuple) -> tuple:
    """A row as the database gives it back (lists as lists)."""
    return tuple(list(v) if isinstance(v, tuple) else v for v in row)


def _stored_relations(conn, wanted: dict[str, set[tuple[str, str]]]
                      ) -> dict[str, dict[tuple, _StoredRelation]]:
    """The stored relations among the pairs of ``wanted`` ({relationship table: {(subject,
    object)}}): {table: {(subject, object): _StoredRelation}}.

    One query for every table (a query per table cost ~5 ms each, mostly preparing it, at
    59 tables), then one primary-key lookup of what the load needs of their evidence (not
    the whole evidence, made Python objects: 4,300 pieces for 1,000 rows into the 1M store)."""
    found: dict[str, dict] = {table: {} for table in wanted}
    if not wanted:
        return found
    # one scan of the (small, scalar) relation tables per chunk of subjects, filtered
    # column-wise: measured 2-3x faster than looking each pair up from its subject (1,000
    # rows into the 1M store: 123,000 relations among their subjects and objects, 1,000 kept)
    by_subject: dict[str, set] = {}
    for pairs in wanted.values():
        for subject, obj in pairs:
            by_subject.setdefault(subject, set()).add(obj)
    labels = "|".join(_ident(table) for table in sorted(wanted))
    subjects = sorted(by_subject)
    wanted_keys = pa.array([f"{table}\x1f{subject}\x1f{obj}" for table, pairs in wanted.items()
                            for subject, obj in pairs], pa.string())
    stored: dict[int, _StoredRelation] = {}
    for start in range(0, len(subjects), LOOKUP_ROWS):
        chunk = subjects[start:start + LOOKUP_ROWS]
        objects = sorted({o for s in chunk for o in by_subject[s]})
        rows = conn.execute(
            f"MATCH (a:Actor)-[r:{labels}]->(b:Actor) WHERE a.id IN $subjects AND b.id IN $objects "
            "RETURN label(r) AS t, r.id AS id, r.weight AS w, a.id AS s, b.id AS o",
            {"subjects": chunk, "objects": objects}).get_as_arrow()
        keys = pc.binary_join_element_wise(rows.column("t"), rows.column("s"), rows.column("o"), "\x1f")
        rows = rows.filter(pc.is_in(keys, value_set=wanted_keys)).to_pydict()
        for table, rid, weight, subject, obj in zip(*rows.values()):
            if rid is None:
                found[table].setdefault((subject, obj), _StoredRelation(None))
            else:
                found[table][(subject, obj)] = stored[rid] = _StoredRelation(rid, weight or 0)
    ids = [rid * PER_RELATION + i for rid, relation in stored.items() for i in range(relation.weight)]
    for start in range(0, len(ids), LOOKUP_ROWS):
        rows = conn.execute("UNWIND $ids AS i MATCH (e:Evidence {id: i}) "
                            "RETURN e.id AS id, e.date, e.source, e.quote, e.confidence",
                            {"ids": ids[start:start + LOOKUP_ROWS]}).get_as_arrow()
        rows = rows.take(pc.sort_indices(rows, [("id", "ascending")])).to_pydict()
        for eid, date, source, quote, confidence in zip(*rows.values()):
            relation = stored[eid // PER_RELATION]
            relation.dates.append(date)
            relation.keys.add((date, source, quote))
            confidence = 1.0 if confidence is None else confidence
            if relation.confidence is not None:
                confidence = max(relation.confidence, confidence)
            relation.confidence = confidence
    return found


# how a statement over many relations starts: the subject by primary key, then on from it
# (measured 10x faster than matching both ends in one pattern, which LadybugDB joins by scans)
_FROM_KEY = "MATCH (a:Actor {{id: {key}.{subject}}}) WITH a, {key}"

BULK_ROWS = 5000  # from this many rows on, new rows are COPYed rather than created
SET_ROWS = 1000  # relations per statement setting their summaries (each row finds its values by a list scan)


def _apply(conn, staging: Path, plan: _Plan) -> None:
    """Write a plan into the (copied) database on ``conn``.

    Statement by statement, each its own transaction: one transaction for the whole plan
    commits ~0.3 s faster on the 1M store, but LadybugDB 0.22.0 then ends the process
    (std::terminate) when a write fails (disk full) instead of raising."""
    for predicate in plan.new_tables:
        _create_relation_table(conn, predicate)
    for table, (columns, new, changed) in plan.nodes.items():
        _copy_rows(conn, staging, table, columns, new)
        key, *rest = [c for c, _ in columns]
        types = dict(columns)
        # typed: a parameter whose values are all null would otherwise be taken for a string
        assign = ", ".join(f"n.{_ident(c)} = CAST(row.{_ident(c)} AS {types[c].split()[0]})" for c in rest)
        for start in range(0, len(changed), LOOKUP_ROWS):
            rows = [dict(zip([key, *rest], row)) for row in changed[start:start + LOOKUP_ROWS]]
            conn.execute(f"UNWIND $rows AS row MATCH (n:{table} {{{key}: row.{key}}}) SET {assign}",
                         {"rows": rows})
    for predicate in plan.polarity_changed:
        conn.execute(f"MATCH ()-[r:{_ident(predicate.rel_type)}]->() SET r.polarity = $p",
                     {"p": predicate.polarity})
    for name, (predicate, _, _) in plan.relations.items():
        if name in plan.numbered:  # before their summaries are set by id
            conn.execute(f"UNWIND $rows AS row {_FROM_KEY.format(key='row', subject='from')} "
                         f"MATCH (a)-[r:{_ident(predicate.rel_type)}]->(b:Actor {{id: row.to}}) "
                         "WHERE r.id IS NULL SET r.id = row.id, r.polarity = $polarity",
                         {"rows": [{"id": rid, "from": s, "to": o} for rid, s, o in plan.numbered[name]],
                          "polarity": predicate.polarity})
    # the summaries of extended relations before any relation is created: measured on the
    # 1M store, the same statements cost 1.5x after CREATEs on their tables
    _set_summaries(conn, plan)
    for name, (predicate, new, _) in plan.relations.items():
        if len(new) >= BULK_ROWS:
            _copy_arrow(conn, staging, predicate.rel_type, _relation_table(
                [r for _, r in new], [rid for rid, _ in new], predicate.polarity))
        elif new:
            rows = _relation_table([r for _, r in new], [rid for rid, _ in new],
                                   predicate.polarity).to_pylist()
            _unique(rows, predicate)
            conn.execute(f"UNWIND $rows AS row {_FROM_KEY.format(key='row', subject='from')} "
                         "MATCH (b:Actor {id: row.to}) "
                         f"CREATE (a)-[:{_ident(predicate.rel_type)} {{"
                         + ", ".join(f"{_ident(c)}: row.{_ident(c)}" for c, _ in RELATION_COLUMNS)
                         + "}]->(b)", {"rows": rows})
    if len(plan.evidence) >= BULK_ROWS:
        _copy_arrow(conn, staging, "Evidence", plan.evidence.table())
    elif len(plan.evidence):
        conn.execute("UNWIND $rows AS row CREATE (:Evidence {"
                     + ", ".join(f"{_ident(c)}: row.{_ident(c)}" for c, _ in EVIDENCE_COLUMNS) + "})",
                     {"rows": plan.evidence.rows()})


def _unique(rows: list[dict], predicate: Predicate) -> None:
    """No (subject, object) twice in one statement (LadybugDB#285 drops such rows)."""
    if len({(r["from"], r["to"]) for r in rows}) != len(rows):
        raise RuntimeError(f"a relation repeats within one statement on {predicate.rel_type}")


def _set_summaries(conn, plan: _Plan) -> None:
    """SET the weight, dates and confidence of the relations a plan extends, by relation id,
    SET_ROWS relations per statement over every table they are in.

    Each row finds its values at its id's position in $id. One statement for all the tables
    (a statement per table cost ~6 ms each on the 1M store, 54 tables for 1,000 random
    rows), from the subjects' keys: LadybugDB then reads the relations of those actors
    only, where a scan of the tables cost 1.5x (and matching each row from its subject,
    which walks all that actor's relations, 4x)."""
    extended = [(predicate.rel_type, rid, relation, stored)
                for predicate, _, relations in plan.relations.values() for rid, relation, stored in relations]
    if not extended:
        return
    summary = [c for c, _ in RELATION_COLUMNS if c not in ("id", "polarity")]
    if len({rid for _, rid, _, _ in extended}) != len(extended):
        raise RuntimeError("a relation id repeats among the relations extended")
    for start in range(0, len(extended), SET_ROWS):
        chunk = extended[start:start + SET_ROWS]
        weight, first_date, last_date, confidence = zip(*(stored.extended(relation)
                                                          for _, _, relation, stored in chunk))
        values = {"from": [relation.subject for _, _, relation, _ in chunk],
                  "id": [rid for _, rid, _, _ in chunk], "weight": list(weight),
                  "first_date": list(first_date), "last_date": list(last_date),
                  "confidence": [float(c) for c in confidence]}
        labels = "|".join(_ident(table) for table in sorted({table for table, _, _, _ in chunk}))
        conn.execute(f"MATCH (a:Actor)-[r:{labels}]->() WHERE a.id IN $subjects AND r.id IN $id "
                     # the table named too: an id set by hand (query --write) may repeat in another
                     "WITH r, list_position($id, r.id) AS i WHERE label(r) = $label[i] SET "
                     + ", ".join(f"r.{_ident(c)} = ${c}[i]" for c in summary),
                     {"subjects": sorted(set(values["from"])), "label": [table for table, _, _, _ in chunk],
                      **{c: values[c] for c in ("id", *summary)}})
