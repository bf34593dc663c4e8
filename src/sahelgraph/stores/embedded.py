"""The embedded store: a LadybugDB file database, built, not edited.

A load reads what the store holds (unless replacing), merges the new assertions in Python,
bulk-writes a fresh database next to the old one with ``COPY FROM`` (Parquet files) and
renames it over the old one. A load is therefore atomic (a killed load leaves the previous
database untouched) and idempotent (the same input merges to the same graph).

``UNWIND ... MERGE`` is never sent: LadybugDB 0.22.0 silently drops rows when a key repeats
within one statement (upstream LadybugDB/ladybug#285).

Schema: node tables ``Actor`` and ``Source`` (and ``Predicate``, the ontology in force), and
one relationship table per predicate (``EXPELS``...), so Cypher reads as on Neo4j::

    MATCH (a:Actor)-[r:EXPELS]->(b:Actor) RETURN a.name, b.name, r.quotes

Relationship properties: polarity, weight, first_date, last_date, confidence, and the
evidence as parallel lists (item i is evidence i): dates, sources, quotes, confidences,
modalities, places (actor ids), notes, attributes (JSON text with sorted keys), files, lines.
A missing string is stored as "" and a missing line as -1.

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

import json
import os
import shutil
import secrets
from pathlib import Path

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

from sahelgraph.bulk import paused_gc
from sahelgraph.errors import StoreError
from sahelgraph.model import Actor, Batch, Evidence, GraphData, Relation, Source, merge, to_networkx
from sahelgraph.ontology import Predicate
from sahelgraph.stores.base import LoadReport, QueryResult, Store, check_batch

ACTOR_COLUMNS = [("id", "STRING PRIMARY KEY"), ("name", "STRING"), ("kind", "STRING"),
                 ("aliases", "STRING[]"), ("country", "STRING"), ("description", "STRING")]
SOURCE_COLUMNS = [("id", "STRING PRIMARY KEY"), ("title", "STRING"), ("outlet", "STRING"),
                  ("published", "STRING"), ("url", "STRING"), ("language", "STRING"),
                  ("file", "STRING"), ("note", "STRING"), ("text", "STRING")]
PREDICATE_COLUMNS = [("name", "STRING PRIMARY KEY"), ("description", "STRING"),
                     ("symmetric", "BOOLEAN"), ("inverse", "STRING"), ("polarity", "INT64"),
                     ("cameo", "STRING"), ("plover", "STRING"), ("subject_kinds", "STRING[]"),
                     ("object_kinds", "STRING[]"), ("acts_for", "BOOLEAN")]
RELATION_COLUMNS = [("polarity", "INT64"), ("weight", "INT64"), ("first_date", "STRING"),
                    ("last_date", "STRING"), ("confidence", "DOUBLE"), ("dates", "STRING[]"),
                    ("sources", "STRING[]"), ("quotes", "STRING[]"), ("confidences", "DOUBLE[]"),
                    ("modalities", "STRING[]"), ("places", "STRING[]"), ("notes", "STRING[]"),
                    ("attributes", "STRING[]"), ("files", "STRING[]"), ("lines", "INT64[]")]
EVIDENCE_LISTS = ("dates", "sources", "quotes", "confidences", "modalities", "places", "notes",
                  "attributes", "files", "lines")
ARROW_TYPES = {"STRING": pa.string(), "BOOLEAN": pa.bool_(), "INT64": pa.int64(),
               "DOUBLE": pa.float64(), "STRING[]": pa.list_(pa.string()),
               "INT64[]": pa.list_(pa.int64()), "DOUBLE[]": pa.list_(pa.float64())}


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _schema(columns) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[kind.split()[0]]) for name, kind in columns])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _actor(values: dict) -> Actor:
    return Actor(**{**values, "aliases": list(values["aliases"] or [])})


def _evidence(dates, sources, quotes, confidences, modalities, places, notes, attributes,
              files, lines) -> list[Evidence]:
    """The parallel evidence lists of a relation back as Evidence ("" and -1 mean missing)."""
    return [Evidence(date=_none(d), source=_none(s), quote=_none(q), confidence=c,
                     modality=m or "asserted", place=_none(p), note=_none(n),
                     attributes=json.loads(a) if a else None, file=_none(f),
                     line=None if ln < 0 else ln)
            for d, s, q, c, m, p, n, a, f, ln in zip(dates, sources, quotes, confidences, modalities,
                                                     places, notes, attributes, files, lines)]


def _none(value: str):
    return value if value != "" else None


def attributes_text(attributes: dict | None) -> str:
    """Evidence attributes as stored: JSON with sorted keys, "" for none.

    >>> attributes_text({"tone": -3.1, "goldstein": -5.0})
    '{"goldstein": -5.0, "tone": -3.1}'
    """
    if not attributes:
        return ""
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False)


class EmbeddedStore(Store):
    """The graph in a LadybugDB file at ``path`` (created by the first load)."""

    def __init__(self, path: str | os.PathLike):
        if path is None:
            raise StoreError("the embedded store needs a file path, e.g. .sahelgraph/graph.lbdb")
        self.path = Path(path)
        self._cache: tuple[tuple, GraphData] | None = None

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    # reading ---------------------------------------------------------------------------

    def _stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _connect(self, read_only: bool = True):
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a database file (pass a file path with --db)")
        try:
            database = ladybug.Database(str(self.path), read_only=read_only)
            return database, ladybug.Connection(database)
        except RuntimeError as exc:
            raise StoreError(f"cannot open {self.path}: {str(exc).splitlines()[0]}") from None

    def exists(self) -> bool:
        return self.path.is_file()

    def read(self) -> GraphData:
        stamp = self._stamp()
        if stamp is None:
            return GraphData()
        if self._cache and self._cache[0] == stamp:
            return self._cache[1]
        database, conn = self._connect()
        try:
            data = self._read(conn)
        finally:
            conn.close()
            database.close()
        self._cache = (stamp, data)
        return data

    def _read(self, conn) -> GraphData:
        data = self._read_nodes(conn, ("Actor", "Source", "Predicate"))
        for name in sorted(data.predicates):
            table = data.predicates[name].rel_type
            cols = conn.execute(
                f"MATCH (a:Actor)-[r:{_ident(table)}]->(b:Actor) RETURN a.id, b.id, "
                + ", ".join(f"r.{c}" for c in EVIDENCE_LISTS)).get_as_arrow().to_pydict()
            for subject, obj, *evidence in zip(*cols.values()):
                relation = Relation(subject, name, obj, _evidence(*evidence))
                data.relations[relation.key] = relation
        return data

    def _read_tables(self, *tables: str) -> GraphData:
        """Only some node tables (Actor, Source, Predicate), for questions that need no relations."""
        database, conn = self._connect()
        try:
            return self._read_nodes(conn, tables)
        finally:
            conn.close()
            database.close()

    def _read_nodes(self, conn, tables) -> GraphData:
        data = GraphData()
        if "Predicate" in tables:
            for values in self._rows(conn, "MATCH (p:Predicate) RETURN p.*", PREDICATE_COLUMNS):
                data.predicates[values["name"]] = Predicate(**values)
        if "Actor" in tables:
            for values in self._rows(conn, "MATCH (a:Actor) RETURN a.*", ACTOR_COLUMNS):
                data.actors[values["id"]] = _actor(values)
        if "Source" in tables:
            for values in self._rows(conn, "MATCH (s:Source) RETURN s.*", SOURCE_COLUMNS):
                data.sources[values["id"]] = Source(**values)
        return data

    @classmethod
    def _rows(cls, conn, query: str, columns, params=None):
        cols = conn.execute(query, params or {}).get_as_arrow().to_pydict()
        names = [c for c, _ in columns]
        return (dict(zip(names, row)) for row in zip(*cols.values()))

    def actors(self) -> dict[str, Actor]:
        if self._cache and self._cache[0] == self._stamp():
            return self._cache[1].actors
        return self._read_tables("Actor").actors if self.exists() else {}

    def predicates(self) -> dict:
        return self._read_tables("Predicate").predicates if self.exists() else {}

    def resolve_actors(self, names: list[str]) -> list[str]:
        """Names spelled exactly as an id, name or alias are looked up in the database; only
        other spellings need every actor read (the spellings of a store never name two
        actors, so an exact match is the only one)."""
        if not self.exists() or (self._cache and self._cache[0] == self._stamp()):
            return super().resolve_actors(names)
        database, conn = self._connect()
        try:
            exact = [[row[0] for row in conn.execute(
                "MATCH (a:Actor) WHERE a.id = $n OR a.name = $n OR list_contains(a.aliases, $n) "
                "RETURN a.id", {"n": name}).get_all()] for name in names]
        finally:
            conn.close()
            database.close()
        if all(len(found) == 1 for found in exact):
            return [found[0] for found in exact]
        return super().resolve_actors(names)

    # questions asked of the database (sahelgraph.stores.embedded_read) ----------------------

    def _reader(self):
        from sahelgraph.stores.embedded_read import GraphReader

        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a database file (pass a file path with --db)")
        return GraphReader.open(self.path)

    def graph(self, **filters):
        if not self.exists():
            return super().graph(**filters)
        with self._reader() as reader:
            return reader.graph(**filters)

    def stats(self) -> dict:
        if not self.exists():
            return super().stats()
        with self._reader() as reader:
            return reader.stats()

    def relation_counts(self) -> dict[str, int]:
        if not self.exists():
            return {}
        with self._reader() as reader:
            return reader.relation_counts()

    def subgraph(self, actor_ids, *, depth: int = 1, induced: bool = False, evidence: bool = True,
                 **filters):
        if not self.exists():
            return super().subgraph(actor_ids, depth=depth, induced=induced, **filters)
        with self._reader() as reader:
            return reader.subgraph(actor_ids, depth=depth, induced=induced, evidence=evidence, **filters)

    def parts_of(self, actor_id: str) -> set[str]:
        if not self.exists():
            return set()
        with self._reader() as reader:
            return reader.parts_of(actor_id)

    def path_graph(self, source: str, target: str, *, max_hops: int | None = None,
                   all_paths: bool = False, directed: bool = False, **filters):
        """The relations on the paths between two actors, found by LadybugDB itself
        (``ALL SHORTEST``, or ``TRAIL`` up to ``max_hops`` with ``all_paths``), so a path
        question on a large store does not read the whole graph. Filters other than
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
        if directed and any(p.symmetric for p in chosen):
            # a symmetric relation is walked both ways; one directed pattern cannot say that
            return super().path_graph(source, target, max_hops=max_hops, all_paths=all_paths,
                                      directed=directed, **filters)
        labels = sorted(p.rel_type for p in chosen)
        by_type = {p.rel_type: name for name, p in data.predicates.items()}
        database, conn = self._connect()
        try:
            for actor_id in (source, target):
                for values in self._rows(conn, "MATCH (a:Actor) WHERE a.id = $id RETURN a.*",
                                         ACTOR_COLUMNS, {"id": actor_id}):
                    data.actors[actor_id] = _actor(values)
            if labels and source in data.actors and target in data.actors and source != target:
                # TRAIL (no repeated relation) holds every simple path; ACYCLIC in 0.22.0
                # returns paths that revisit the end node, so it is not used
                mode = "TRAIL" if all_paths else "ALL SHORTEST"
                hops = max_hops or 30
                arrow = ">" if directed else ""
                result = conn.execute(
                    f"MATCH p = (a:Actor)-[:{'|'.join(_ident(l) for l in labels)}* {mode} 1..{int(hops)}]-{arrow}(b:Actor) "
                    "WHERE a.id = $a AND b.id = $b RETURN nodes(p), rels(p)", {"a": source, "b": target})
                for nodes, rels in result.get_all():
                    ids = {}
                    for node in nodes:
                        ids[(node["_ID"]["table"], node["_ID"]["offset"])] = node["id"]
                        data.actors[node["id"]] = _actor({c: node[c] for c, _ in ACTOR_COLUMNS})
                    for rel in rels:
                        subject = ids[(rel["_SRC"]["table"], rel["_SRC"]["offset"])]
                        obj = ids[(rel["_DST"]["table"], rel["_DST"]["offset"])]
                        relation = Relation(subject, by_type[rel["_LABEL"]], obj, _evidence(
                            *(rel[c] for c in EVIDENCE_LISTS)))
                        data.relations[relation.key] = relation
        except RuntimeError as exc:
            raise StoreError(f"path query failed: {str(exc).splitlines()[0]}") from None
        finally:
            conn.close()
            database.close()
        G = to_networkx(data)
        G.graph["filters"] = {k: v for k, v in filters.items() if v is not None}
        return G

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> QueryResult:
        """Run Cypher on the database; read-only unless ``write`` (then checkpointed)."""
        if not self.exists():
            if not write:
                raise StoreError(f"no database at {self.path} (load some data first: sahelgraph load graph/)")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        database, conn = self._connect(read_only=not write)
        try:
            result = conn.execute(cypher, params or {})
            results = result if isinstance(result, list) else [result]
            last = results[-1]
            answer = QueryResult(last.get_column_names(), last.get_all())
            if write:
                conn.execute("CHECKPOINT")
        except RuntimeError as exc:
            message = str(exc).splitlines()[0]
            if "read-only" in message:
                raise StoreError(f"{message} (add --write to change the database)") from None
            raise StoreError(f"query failed: {message}") from None
        finally:
            conn.close()
            database.close()
            self._cache = None if write else self._cache
        return answer

    # writing ---------------------------------------------------------------------------

    def load(self, batch: Batch, *, replace: bool = False, skip_invalid: bool = False,
             progress=None) -> LoadReport:
        check_batch(batch, skip_invalid)
        with paused_gc():
            return self._load(batch, replace, progress)

    def _load(self, batch: Batch, replace: bool, progress) -> LoadReport:
        data = GraphData() if replace else self.read()
        data = GraphData(dict(data.actors), dict(data.sources),
                         {k: Relation(*k, list(r.evidence)) for k, r in data.relations.items()},
                         dict(data.predicates))
        data, loaded, duplicates = merge(data, batch)
        report = LoadReport(rows_read=batch.rows_read, loaded=loaded, duplicates=duplicates,
                            rejected=list(batch.rejected), new_actors=list(batch.new_actors),
                            diagnostics=list(batch.diagnostics))
        self.write(data)
        if progress:
            progress(batch.rows_read)  # one step: the database is written whole
        report.written = True
        report.actors, report.sources, report.relations = (
            len(data.actors), len(data.sources), len(data.relations))
        return report

    def write(self, data: GraphData) -> None:
        """Replace the whole database with ``data``, atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_stale()
        tmp = self.path.parent / f"{self.path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        self._staging = Path(str(tmp) + "-staging")
        self._staging.mkdir()
        try:
            self._build(tmp, data)
            self._settle_wal()
            os.replace(tmp, self.path)
        except RuntimeError as exc:
            raise StoreError(f"writing {self.path} failed: {str(exc).splitlines()[0]}") from None
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)
            for leftover in (tmp, Path(str(tmp) + ".wal")):
                leftover.unlink(missing_ok=True)
        self._cache = (self._stamp(), data)

    def _remove_stale(self) -> None:
        """Delete what loads killed midway left behind (their process is gone)."""
        for leftover in self.path.parent.glob(self.path.name + ".*-*-*"):
            kind, _, rest = leftover.name[len(self.path.name) + 1:].partition("-")
            pid = rest.partition("-")[0]
            if kind != "tmp" or not pid.isdigit() or _alive(int(pid)):
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)

    def _settle_wal(self) -> None:
        """Fold a pending write-ahead log into the live file before it is replaced, so the
        old log can never be replayed onto the new database."""
        if Path(str(self.path) + ".wal").exists() and self.exists():
            database, conn = self._connect(read_only=False)
            try:
                conn.execute("CHECKPOINT")
            finally:
                conn.close()
                database.close()
            Path(str(self.path) + ".wal").unlink(missing_ok=True)

    def _build(self, target: Path, data: GraphData) -> None:
        database = ladybug.Database(str(target))
        conn = ladybug.Connection(database)
        try:
            for table, columns in (("Actor", ACTOR_COLUMNS), ("Source", SOURCE_COLUMNS),
                                   ("Predicate", PREDICATE_COLUMNS)):
                conn.execute(f"CREATE NODE TABLE {table}("
                             + ", ".join(f"{_ident(c)} {t}" for c, t in columns) + ")")
            for predicate in data.predicates.values():
                conn.execute(f"CREATE REL TABLE {_ident(predicate.rel_type)}(FROM Actor TO Actor, "
                             + ", ".join(f"{_ident(c)} {t}" for c, t in RELATION_COLUMNS) + ")")
            # no enclosing transaction: one would hold every table in memory until its commit
            # (measured: +550 MB at 200k rows); Parquet files rather than in-memory Arrow
            # tables for the same reason (-120 MB at 200k rows)
            self._copy(conn, "Actor", ACTOR_COLUMNS, [
                (a.id, a.name, a.kind, list(a.aliases), a.country, a.description)
                for a in data.actors.values()])
            self._copy(conn, "Source", SOURCE_COLUMNS, [
                (s.id, s.title, s.outlet, s.published, s.url, s.language, s.file, s.note, s.text)
                for s in data.sources.values()])
            self._copy(conn, "Predicate", PREDICATE_COLUMNS, [
                (p.name, p.description, p.symmetric, p.inverse, p.polarity, p.cameo, p.plover,
                 p.subject_kinds, p.object_kinds, p.acts_for) for p in data.predicates.values()])
            by_predicate: dict[str, list[Relation]] = {}
            for relation in data.relations.values():
                by_predicate.setdefault(relation.predicate, []).append(relation)
            for name, relations in by_predicate.items():
                predicate = data.predicates[name]
                self._copy_arrow(conn, predicate.rel_type, _relation_table(relations, predicate.polarity))
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
            database.close()

    def _copy(self, conn, table: str, columns, rows: list[tuple]) -> None:
        if rows:
            schema = _schema(columns)
            self._copy_arrow(conn, table, pa.table(
                [pa.array(list(col), type=schema.field(i).type) for i, col in enumerate(zip(*rows))],
                schema=schema))

    def _copy_arrow(self, conn, table: str, arrow: pa.Table) -> None:
        path = self._staging / f"{table}.parquet"
        pq.write_table(arrow, path)
        literal = path.as_posix().replace("\\", "\\\\").replace("'", "\\'")
        conn.execute(f"COPY {_ident(table)} FROM '{literal}'")
        path.unlink()


def _relation_table(relations: list[Relation], polarity: int) -> pa.Table:
    """The rows of one relationship table as Arrow columns, built in one pass: the relation's
    summary (weight, first/last date, confidence) and its evidence as list columns."""
    subjects, objects, weights, firsts, lasts, confidences = [], [], [], [], [], []
    offsets = [0]
    ev_dates, ev_sources, ev_quotes, ev_confidences, ev_notes, ev_files, ev_lines = (
        [], [], [], [], [], [], [])
    ev_modalities, ev_places, ev_attributes = [], [], []
    for relation in relations:
        subjects.append(relation.subject)
        objects.append(relation.object)
        first, last = relation.date_span
        for e in relation.evidence:
            ev_dates.append(e.date or "")
            ev_sources.append(e.source or "")
            ev_quotes.append(e.quote or "")
            ev_confidences.append(e.confidence)
            ev_modalities.append(e.modality or "asserted")
            ev_places.append(e.place or "")
            ev_notes.append(e.note or "")
            ev_attributes.append(attributes_text(e.attributes))
            ev_files.append(e.file or "")
            ev_lines.append(-1 if e.line is None else e.line)
        weights.append(len(relation.evidence))
        firsts.append(first)
        lasts.append(last)
        confidences.append(relation.confidence)
        offsets.append(len(ev_dates))
    offsets = pa.array(offsets, type=pa.int32())

    def listed(values, kind):
        return pa.ListArray.from_arrays(offsets, pa.array(values, type=kind))

    return pa.table({
        "from": pa.array(subjects, pa.string()), "to": pa.array(objects, pa.string()),
        "polarity": pa.array([polarity] * len(subjects), pa.int64()),
        "weight": pa.array(weights, pa.int64()),
        "first_date": pa.array(firsts, pa.string()), "last_date": pa.array(lasts, pa.string()),
        "confidence": pa.array(confidences, pa.float64()),
        "dates": listed(ev_dates, pa.string()), "sources": listed(ev_sources, pa.string()),
        "quotes": listed(ev_quotes, pa.string()), "confidences": listed(ev_confidences, pa.float64()),
        "modalities": listed(ev_modalities, pa.string()), "places": listed(ev_places, pa.string()),
        "notes": listed(ev_notes, pa.string()), "attributes": listed(ev_attributes, pa.string()),
        "files": listed(ev_files, pa.string()),
        "lines": listed(ev_lines, pa.int64()),
    })
