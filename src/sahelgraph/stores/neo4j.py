"""The Neo4j store: the graph in a Neo4j database over Bolt, with the official driver.

The store takes an open ``neo4j.Driver`` from its caller and never reads credentials (the
CLI resolves NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE).

Storage shape (the same property names as the embedded store)::

    (:Actor:<Kind> {id, name, kind, aliases, country, description})
    (:Source {id, title, outlet, published, url, language, file, note})
    (:Predicate {name, description, symmetric, inverse, polarity, cameo, plover,
                 subject_kinds, object_kinds})
    (:Actor)-[:<PREDICATE> {polarity, weight, first_date, last_date, confidence,
                            dates, sources, quotes, confidences, notes, files, lines}]->(:Actor)

``<Kind>`` is the actor kind in PascalCase (``armed_group`` -> ``ArmedGroup``) and
``<PREDICATE>`` the predicate in upper case (``expels`` -> ``EXPELS``).

How a load works: constraints and indexes first (``IF NOT EXISTS``), then, in one managed
transaction (``session.execute_write``, which the driver retries on transient errors), the
actors, sources and predicates are MERGEd and each relation is looked up from its two
actors (``neo4j_cypher.FIND_RELATIONS``), then created (``CREATE_RELATIONS``) or given its new
evidence in the database (``APPEND_EVIDENCE``: evidence whose key (date, source, quote) is
there already is left out), so a load reads and writes what it adds, not what the database
holds. Every statement is ``UNWIND $rows`` over at most ``batch_size`` rows, one text for
every predicate and kind (so Neo4j plans it once), and a retried transaction starts again
from the graph of before, so it writes the same graph. One transaction makes the load atomic;
``atomic=False`` commits each batch on its own for loads too big for one transaction (still
idempotent: run it again to finish an interrupted load).

Examples
--------
With a Neo4j server running (none runs where the tests run, so this is not a doctest)::

    import neo4j
    driver = neo4j.GraphDatabase.driver("neo4j://localhost:7687", auth=("neo4j", "..."))
    with Neo4jStore(driver, close_driver=True) as store:
        store.graph(predicates=["expels"]).number_of_edges()
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict

import networkx as nx

from sahelgraph import dates
from sahelgraph.errors import Diagnostic, InvalidInputError, SahelGraphError, StoreError
from sahelgraph.filters import filter_graph
from sahelgraph.model import Batch, GraphData, Rejected, merge, to_networkx
from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores import neo4j_rows as rows
from sahelgraph.stores.base import LoadReport, QueryResult, Store, check_batch, path_window

GDS_MEASURES = {
    # measure: (procedure, configuration); scores are then brought to the conventions of
    # sahelgraph.analysis (networkx's), see Neo4jStore.gds_centrality
    "pagerank": ("gds.pageRank.stream",
                 {"dampingFactor": 0.85, "maxIterations": 1000, "tolerance": 1e-10, "scaler": "L1Norm"}),
    "betweenness": ("gds.betweenness.stream", {}),
    "closeness": ("gds.closeness.stream", {"useWassermanFaust": True}),
    "eigenvector": ("gds.eigenvector.stream", {"maxIterations": 1000, "tolerance": 1e-10, "scaler": "L2Norm"}),
    "degree": ("gds.degree.stream", {"orientation": "UNDIRECTED"}),
    "in_degree": ("gds.degree.stream", {"orientation": "REVERSE"}),
    "out_degree": ("gds.degree.stream", {"orientation": "NATURAL"}),
}
# the relationship property a weighted measure reads: a strength, or a length (1 / weight)
GDS_WEIGHT = {"pagerank": "weight", "eigenvector": "weight", "degree": "weight", "in_degree": "weight",
              "out_degree": "weight", "betweenness": "distance"}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _first_line(text) -> str:
    text = str(text or "").strip()
    return text.splitlines()[0] if text else ""


def describe_driver_error(exc: Exception, *, database: str | None = None) -> str:
    """One line saying what went wrong talking to Neo4j and what to do about it.

    Driver messages never carry the password, and this never adds anything that could.
    """
    from neo4j import exceptions as errors

    code = getattr(exc, "code", None) or ""
    if isinstance(exc, errors.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return ("Neo4j refused the user name or password: set NEO4J_USERNAME and NEO4J_PASSWORD "
                "(or --username / --password)")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        name = f"'{database}'" if database else "the requested database"
        return (f"Neo4j has no database {name}: pick one that SHOW DATABASES lists with "
                "NEO4J_DATABASE / --database, or leave it unset for the server's default")
    if isinstance(exc, (errors.ServiceUnavailable, errors.SessionExpired)):
        return (f"cannot reach Neo4j ({_first_line(exc) or type(exc).__name__}): is the server "
                "running? (docker compose -f docker/compose.yaml up -d)")
    if isinstance(exc, errors.Neo4jError):
        message = _first_line(getattr(exc, "message", None)) or _first_line(exc)
        return f"Neo4j: {message}" + (f" [{code}]" if code else "")
    return f"Neo4j driver: {_first_line(exc) or type(exc).__name__}"


class _Progress:
    """Reports rows as they are written, once each even when the driver retries the
    transaction (a retry replays work already counted)."""

    def __init__(self, callback):
        self.callback = callback
        self.done = 0
        self.reported = 0

    def restart(self):
        self.done = 0

    def advance(self, n: int):
        self.done += n
        if self.callback is not None and self.done > self.reported:
            self.callback(self.done - self.reported)
            self.reported = self.done


class Neo4jStore(Store):
    """The graph in a Neo4j database, reached through an open ``neo4j.Driver``.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver; the store closes it only with ``close_driver=True``.
    database : str, optional
        The database to use (default: the server's default database).
    batch_size : int
        Rows per ``UNWIND $rows`` statement.
    atomic : bool
        Load in one transaction (default), or commit each batch on its own.
    close_driver : bool
        Close the driver when the store is closed (for a driver made for this store).
    address : str, optional
        Where the server is, for messages only (a URI without credentials).
    """

    def __init__(self, driver, *, database: str | None = None, batch_size: int = 1000,
                 atomic: bool = True, close_driver: bool = False, address: str | None = None):
        if int(batch_size) < 1:
            raise ValueError("batch_size must be at least 1")
        self.driver = driver
        self.database = database
        self.batch_size = int(batch_size)
        self.atomic = atomic
        self.close_driver = close_driver
        self.address = address
        self._schema_done = False
        self._known_actors: dict = {}  # as known() read them: a load need not write them again

    def __repr__(self) -> str:
        return f"Neo4jStore(address={self.address!r}, database={self.database!r}, batch_size={self.batch_size})"

    def __str__(self) -> str:
        where = f"Neo4j at {self.address}" if self.address else "Neo4j"
        return f"{where} (database {self.database})" if self.database else f"{where} (default database)"

    # -- plumbing ---------------------------------------------------------------------

    def close(self) -> None:
        if self.close_driver:
            self.driver.close()

    def _session(self):
        return self.driver.session(database=self.database)

    @contextlib.contextmanager
    def _errors(self):
        """Driver errors become one-line StoreErrors; our own errors pass through."""
        from neo4j import exceptions as errors

        try:
            yield
        except SahelGraphError:
            raise
        except (errors.Neo4jError, errors.DriverError) as exc:
            raise StoreError(describe_driver_error(exc, database=self.database)) from None

    def _read(self, work):
        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def _write(self, work):
        with self._errors(), self._session() as session:
            return session.execute_write(work)

    @staticmethod
    def _run(tx, statement: str, params: dict | None = None) -> list:
        """Run one statement and return its records (a managed transaction's results must
        be consumed inside the transaction function)."""
        return list(tx.run(statement, params or {}))

    def _batches(self, tx, statement: str, batch_rows: list[dict]) -> list:
        out = []
        for chunk in _chunks(batch_rows, self.batch_size):
            out.extend(self._run(tx, statement, {"rows": chunk}))
        return out

    # -- schema and server ------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` if missing.

        Schema changes cannot share a transaction with data, so each is its own.
        """
        for statement in cy.SCHEMA:
            self._write(lambda tx, s=statement: self._run(tx, s))
        self._schema_done = True

    def verify(self) -> None:
        """Check that the database answers (raises StoreError saying why not)."""
        self._read(lambda tx: self._run(tx, cy.PING))

    def server_info(self) -> dict:
        """Server name, version and edition, the database, and the GDS version (or None)."""
        components = self._read(lambda tx: self._run(tx, cy.SERVER_COMPONENTS))
        info = {"database": self.database, "gds": self.gds_version()}
        if components:
            first = components[0]
            info.update(server=first["name"], version=", ".join(first["versions"] or []),
                        edition=first["edition"])
        return info

    def counts(self) -> dict:
        """How many actors, sources and relations the database holds."""
        return dict(self._read(lambda tx: self._run(tx, cy.COUNTS))[0])

    # -- reading ----------------------------------------------------------------------

    def actors(self) -> dict:
        """Every actor by id, without reading the relations."""
        return self._read(self._read_actors)

    def _read_actors(self, tx) -> dict:
        records = (dict(zip(cy.ACTOR_FIELDS, values)) for values in self._run(tx, cy.READ_ACTORS)[0]["actors"])
        return {a.id: a for a in map(rows.actor_from_record, records)}

    def _read_nodes(self, tx) -> GraphData:
        """The predicates, sources and actors, in one transaction."""
        data = GraphData()
        for record in self._run(tx, cy.READ_PREDICATES):
            predicate = rows.predicate_from_record(record)
            data.predicates[predicate.name] = predicate
        for record in self._run(tx, cy.READ_SOURCES):
            source = rows.source_from_record(record)
            data.sources[source.id] = source
        data.actors.update(self._read_actors(tx))
        return data

    def read(self) -> GraphData:
        def work(tx):
            data = self._read_nodes(tx)
            for record in self._run(tx, cy.READ_RELATIONS):
                rows.add_relation_record(data, record)
            return data

        return self._read(work)

    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> QueryResult:
        """Run Cypher in a read transaction (a write transaction with ``write=True``).

        Node, relationship and temporal values come back as plain Python (see
        :func:`sahelgraph.stores.neo4j_rows.plain`).
        """
        def work(tx):
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            return QueryResult(columns, [[rows.plain(v) for v in record.values()] for record in result])

        return self._write(work) if write else self._read(work)

    # -- loading ----------------------------------------------------------------------

    def _vet(self, batch: Batch, skip_invalid: bool) -> tuple[list, list[Rejected], list[Diagnostic]]:
        """Rows the store itself cannot write: a predicate outside the batch's ontology or an
        actor kind that is not a kind name. Returns (good assertions, rejected, diagnostics)."""
        problems: list[Diagnostic] = []
        for actor in batch.actors.values():
            try:
                cy.kind_label(actor.kind)
            except ValueError:
                problems.append(Diagnostic(None, None, f"actor '{actor.id}' has kind '{actor.kind}', "
                                           "which is not an ontology kind", "declare it under actor_kinds"))
        if problems:
            raise InvalidInputError(problems)
        return _partition(batch.assertions, skip_invalid, lambda subject, predicate, obj: (
            None if predicate in batch.predicates and batch.predicates[predicate].rel_type else
            (f"unknown predicate '{predicate}'", "it is not in the ontology the batch was validated with")))

    def _check_endpoints(self, tx, batch: Batch, assertions: list, changed: list, replace: bool,
                         skip_invalid: bool) -> tuple[list, list[Rejected], list[Diagnostic], dict]:
        """Actors the relations point at must be in the batch or already stored. Returns the
        assertions that pass, the rejected rows, diagnostics, and the stored kind of every
        actor of the batch that is already there (of the ``changed`` ones and the ends)."""
        wanted = {a.id for a in changed}
        for subject, _, obj, _ in assertions:
            wanted.update((subject, obj))
        stored: dict[str, str] = {}
        if not replace and wanted:
            for record in self._batches(tx, cy.READ_ACTOR_KINDS, [{"id": i} for i in sorted(wanted)]):
                stored[record["id"]] = record["kind"]
        missing = lambda *ids: [a for a in ids if a not in batch.actors and a not in stored]  # noqa: E731
        good, rejected, diagnostics = _partition(assertions, skip_invalid, lambda subject, _, obj: (
            (f"actor '{missing(subject, obj)[0]}' is neither in the batch nor in the store",
             "add it to actors.tsv") if missing(subject, obj) else None))
        return good, rejected, diagnostics, stored

    def _write_nodes(self, tx, batch: Batch, changed: list, stored_kinds: dict) -> None:
        """The batch's predicates and sources, and its ``changed`` actors (see _changed_actors)."""
        self._batches(tx, cy.UPSERT_PREDICATES,
                      [rows.predicate_row(p) for p in batch.predicates.values()])
        self._batches(tx, cy.UPSERT_SOURCES, [rows.source_row(s) for s in batch.sources.values()])
        # an actor whose kind changed loses the old kind's label
        old_labels = [{"id": actor.id, "label": cy.kind_label(stored_kinds[actor.id])} for actor in changed
                      if stored_kinds.get(actor.id) not in (None, actor.kind) and cy.NAME.match(stored_kinds[actor.id])]
        self._batches(tx, cy.REMOVE_KIND_LABELS, old_labels)
        self._batches(tx, cy.UPSERT_ACTORS, [{**rows.actor_row(actor), "label": cy.kind_label(actor.kind)}
                                             for actor in changed])

    def _write_relations(self, tx, batch: Batch, keys: list, assertions_by_key: dict,
                         stored: dict, progress: _Progress) -> tuple[int, int]:
        """Create up to batch_size relations or append their evidence in the database
        (cy.APPEND_EVIDENCE: evidence already there is left out). ``stored``: the actors the
        database held before the load; a relation to any other actor is new, and is not
        looked up (an actor this transaction creates stays locked, invisible to other
        loads, until it commits). Returns (loaded, duplicates)."""
        part = Batch(assertions=[a for key in keys for a in assertions_by_key[key]])
        new, _, _ = merge(GraphData(), part)  # one row per relation, repeats within the input dropped
        relation_rows = []
        for i, key in enumerate(keys):
            predicate = batch.predicates[key[1]]
            relation_rows.append({**rows.relation_row(new.relations[key], predicate.polarity),
                                  "type": predicate.rel_type, "key": i})
        found = {}
        wanted = [{name: row[name] for name in ("key", "subject", "type", "object")} for row in relation_rows
                  if row["subject"] in stored and row["object"] in stored]
        for record in self._run(tx, cy.FIND_RELATIONS, {"rows": wanted}) if wanted else []:
            found.setdefault(record["key"], record["relation"])
        fresh = [row for row in relation_rows if found.get(row["key"]) is None]
        known = [row for row in relation_rows if found.get(row["key"]) is not None]
        count = loaded = 0
        for statement, part_rows in ((cy.CREATE_RELATIONS, fresh), (cy.APPEND_EVIDENCE, known)):
            written = self._run(tx, statement, {"rows": part_rows}) if part_rows else []
            if written:
                count += written[0]["written"]
                loaded += written[0]["appended"] or 0
        if count != len(relation_rows):
            # an endpoint vanished between the check and the write (a concurrent delete)
            raise StoreError(f"wrote {count} of {len(relation_rows)} relations "
                             "(an actor they point at is missing); nothing was changed")
        progress.advance(len(part.assertions))
        return loaded, len(part.assertions) - loaded

    def _orient_symmetric(self, tx, batch: Batch, assertions: list) -> list:
        """Assertions of a symmetric predicate turned round when the database holds the
        relation the other way (it is kept in the orientation first loaded)."""
        wanted = set()
        for subject, predicate, obj, _ in assertions:
            spec = batch.predicates.get(predicate)
            if spec is not None and spec.symmetric:
                wanted.add((subject, predicate, obj))
        names = {batch.predicates[p].rel_type: p for _, p, _ in wanted}
        flip = set()
        for record in self._batches(tx, cy.REVERSED_RELATIONS, [
                {"subject": s, "type": batch.predicates[p].rel_type, "object": o} for s, p, o in sorted(wanted)]):
            flip.add((record["subject"], names[record["type"]], record["object"]))
        if not flip:
            return assertions
        return [(a[2], a[1], a[0], a[3]) if a[:3] in flip else a for a in assertions]

    def known(self) -> GraphData:
        """What reading new input needs from the database to resolve names: the actors,
        sources and predicates, not the relations (the load merges those in the database)."""
        data = self._read(self._read_nodes)
        self._known_actors = {i: rows.actor_row(a) for i, a in data.actors.items()}  # a copy, cheaper than deepcopy
        return data

    def _changed_actors(self, batch: Batch, replace: bool) -> list:
        """The batch's actors that differ from what known() read (all of them with replace):
        input read against the database carries every stored actor, and rewriting the
        unchanged ones would make a small load cost the whole actor table."""
        if replace:
            return list(batch.actors.values())
        return [a for i, a in batch.actors.items() if self._known_actors.get(i) != rows.actor_row(a)]

    def load(self, batch: Batch, *, replace: bool = False, skip_invalid: bool = False,
             progress=None) -> LoadReport:
        """Add a batch to the database (replace sahelgraph's data in it with ``replace``).

        ``progress``, if given, is called with the number of input rows just accounted for
        (``click.progressbar(length=batch.rows_read).update`` fits); the calls add up to
        ``batch.rows_read``.
        """
        check_batch(batch, skip_invalid)
        assertions, rejected, diagnostics = self._vet(batch, skip_invalid)
        report = LoadReport(rows_read=batch.rows_read, new_actors=list(batch.new_actors),
                            diagnostics=list(batch.diagnostics) + diagnostics)
        tracker = _Progress(progress)
        if not self._schema_done:
            self.ensure_schema()
        changed = self._changed_actors(batch, replace)

        def plan(tx):
            good, more_rejected, more_diagnostics, stored = self._check_endpoints(
                tx, batch, assertions, changed, replace, skip_invalid)
            if not replace:
                good = self._orient_symmetric(tx, batch, good)
            by_key: dict[tuple, list] = defaultdict(list)
            for assertion in good:
                by_key[assertion[:3]].append(assertion)
            chunks = list(_chunks(sorted(by_key, key=lambda k: (k[1], k[0], k[2])), self.batch_size))
            return more_rejected, more_diagnostics, stored, by_key, chunks

        def clear(tx):
            while True:
                deleted = self._run(tx, cy.DELETE_BATCH, {"limit": self.batch_size})
                if not deleted or not deleted[0]["deleted"]:
                    return

        def everything(tx):
            tracker.restart()  # a retried transaction replays rows already reported
            tracker.advance(len(batch.rejected) + len(rejected))
            planned = plan(tx)
            more_rejected, _, stored, by_key, chunks = planned
            tracker.advance(len(more_rejected))
            if replace:
                clear(tx)
            self._write_nodes(tx, batch, changed, stored)
            loaded = duplicates = 0
            for keys in chunks:
                n_loaded, n_duplicates = self._write_relations(tx, batch, keys, by_key, stored, tracker)
                loaded += n_loaded
                duplicates += n_duplicates
            counts = self._run(tx, cy.COUNTS)[0]
            return planned, loaded, duplicates, counts

        if self.atomic:
            planned, loaded, duplicates, counts = self._write(everything)
        else:
            tracker.advance(len(batch.rejected) + len(rejected))
            planned = self._read(plan)
            more_rejected, _, stored, by_key, chunks = planned
            tracker.advance(len(more_rejected))
            if replace:
                self._write(clear)
            self._write(lambda tx: self._write_nodes(tx, batch, changed, stored))
            loaded = duplicates = 0
            for keys in chunks:
                n_loaded, n_duplicates = self._write(
                    lambda tx, keys=keys: self._write_relations(tx, batch, keys, by_key, stored, tracker))
                loaded += n_loaded
                duplicates += n_duplicates
            counts = self._read(lambda tx: self._run(tx, cy.COUNTS)[0])

        more_rejected, more_diagnostics = planned[0], planned[1]
        report.rejected = list(batch.rejected) + rejected + more_rejected
        report.diagnostics += more_diagnostics
        report.loaded, report.duplicates = loaded, duplicates
        report.actors, report.sources, report.relations = counts["actors"], counts["sources"], counts["relations"]
        report.written = True
        return report

    # -- filters pushed down ----------------------------------------------------------

    def _filter_params(self, filters: dict) -> dict:
        """The parameters of the filter expressions in neo4j_cypher, from the keywords of
        :func:`sahelgraph.filters.filter_graph` (checked by it: same errors, same meaning)."""
        filter_graph(nx.MultiDiGraph(), **filters)  # validates names and dates
        predicates = filters.get("predicates")
        polarity = filters.get("polarity")
        if isinstance(polarity, int):
            polarity = [polarity]
        types = None
        if predicates or (polarity is not None and len(polarity)):
            stored = self._read(lambda tx: [rows.predicate_from_record(r)
                                            for r in self._run(tx, cy.READ_PREDICATES)])
            wanted = set(predicates) if predicates else None
            polarities = {int(p) for p in polarity} if polarity is not None and len(polarity) else None
            types = sorted(p.rel_type for p in stored
                           if (wanted is None or p.name in wanted)
                           and (polarities is None or p.polarity in polarities))
        since, until, as_of = filters.get("since"), filters.get("until"), filters.get("as_of")
        if as_of is not None:
            until = as_of if until is None else min(until, as_of, key=dates.end_key)
        min_confidence = filters.get("min_confidence")
        modalities = sorted(filters["modalities"]) if filters.get("modalities") else None
        by_evidence = since is not None or until is not None or min_confidence is not None or bool(modalities)
        min_evidence = filters.get("min_evidence")
        return {
            "types": types,
            "kinds": sorted(filters["kinds"]) if filters.get("kinds") else None,
            "since": dates.span(since)[0].isoformat() if since is not None else None,
            "until": dates.span(until)[1].isoformat() if until is not None else None,
            "min_confidence": float(min_confidence) if min_confidence is not None else None,
            "modalities": modalities,
            "by_evidence": by_evidence,
            "min_weight": max(1 if by_evidence else 0, int(min_evidence or 0)),
        }

    # -- paths ------------------------------------------------------------------------

    def path_graph(self, source: str, target: str, *, max_hops: int | None = None,
                   all_paths: bool = False, directed: bool = False, **filters) -> nx.MultiDiGraph:
        """The relations on the paths between two actors, found by Neo4j.

        Breadth-first from both ends, one query per hop (cy.PATH_STEP), as the embedded
        store does: an actor is kept when its distance from ``source`` plus its distance to
        ``target`` fits (equals the shortest length, or with ``all_paths`` is at most
        ``max_hops``, default 3), a relation when the hop it makes does; either way round,
        or subject to object only with ``directed`` (symmetric predicates both ways). The
        graph holds those relations and their actors, filtered as :meth:`graph` would: a
        superset of the relations on the shortest (or simple) paths, which sahelgraph.analysis
        then finds. The work grows with the relations near the two actors, never with the
        number of paths.
        """
        params = self._filter_params(filters)

        def work(tx):
            data = GraphData()
            for record in self._run(tx, cy.READ_PREDICATES):
                predicate = rows.predicate_from_record(record)
                data.predicates[predicate.name] = predicate
            allowed = [p for p in data.predicates.values()
                       if params["types"] is None or p.rel_type in params["types"]]
            both = sorted(p.rel_type for p in allowed if not directed or p.symmetric)
            one = sorted(p.rel_type for p in allowed if directed and not p.symmetric)
            walk = {**params, "both": both, "one": one}
            ends = self._run(tx, cy.READ_ACTORS_BY_ID, {"rows": [{"id": source}, {"id": target}]})
            for record in ends:
                actor = rows.actor_from_record(record)
                data.actors[actor.id] = actor
            kinds = params["kinds"]
            found = {source, target} <= data.actors.keys() and source != target and (both or one) and (
                kinds is None or all(data.actors[a].kind in kinds for a in (source, target)))

            def step(ids: list[str], forward: bool) -> set[str]:
                return {r["id"] for r in self._run(tx, cy.PATH_STEP, {**walk, "ids": ids, "forward": forward})}

            if found:
                kept, fits = path_window(step, source, target, max_hops=max_hops, all_paths=all_paths)
                symmetric = set(both)
                for record in (self._run(tx, cy.PATH_RELATIONS, {**walk, "ids": kept}) if kept else []):
                    subject, obj = record["subject"], record["object"]
                    if fits(subject, obj) or (record["type"] in symmetric and fits(obj, subject)):
                        rows.add_relation_record(data, record)
            ids = {a for key in data.relations for a in (key[0], key[2])} - data.actors.keys()
            for record in self._batches(tx, cy.READ_ACTORS_BY_ID, [{"id": i} for i in sorted(ids)]):
                actor = rows.actor_from_record(record)
                data.actors[actor.id] = actor
            cited = sorted({e.source for r in data.relations.values() for e in r.evidence if e.source})
            for record in self._batches(tx, cy.READ_SOURCES_BY_ID, [{"id": i} for i in cited]):
                src = rows.source_from_record(record)
                data.sources[src.id] = src
            return data

        G = to_networkx(self._read(work))
        return filter_graph(G, **filters) if filters else G

    # -- Graph Data Science -----------------------------------------------------------

    def gds_version(self) -> str | None:
        """The version of the GDS plugin, or None when it is not installed."""
        names = self._read(lambda tx: self._run(tx, cy.GDS_PROCEDURES))
        if not names or "gds.version" not in (names[0]["names"] or []):
            return None
        return self._read(lambda tx: self._run(tx, cy.GDS_VERSION))[0]["version"]

    def gds_centrality(self, measures, *, weighted: bool = False, directed: bool = True,
                       **filters) -> dict:
        """Centrality computed by Neo4j Graph Data Science; ``{measure: {actor id: score}}``.

        Measures: pagerank, betweenness, closeness, eigenvector, degree, in_degree,
        out_degree. GDS runs on the simple graph of actor ties that
        :mod:`sahelgraph.analysis` uses (one tie per pair of actors, weight = the evidence
        behind it, distance = 1 / weight), projected from the filtered actors and relations
        with a Cypher projection and dropped afterwards. Scores follow networkx's
        conventions: degree divided by n - 1 (weighted: the strength), betweenness divided
        by (n - 1)(n - 2), closeness Wasserman-Faust towards the actor, PageRank summing
        to 1 (damping 0.85), eigenvector of Euclidean norm 1. Weighted closeness is not
        in GDS.
        """
        if isinstance(measures, str):
            measures = [measures]
        measures = list(dict.fromkeys(measures))
        unknown = [m for m in measures if m not in GDS_MEASURES]
        if unknown:
            raise StoreError(f"no GDS measure '{unknown[0]}' (known: {', '.join(GDS_MEASURES)})")
        if weighted and "closeness" in measures:
            raise StoreError("GDS closeness has no weighted variant: drop --weighted for closeness, "
                             "or use --engine networkx")
        if not directed and {"in_degree", "out_degree"} & set(measures):
            raise StoreError("in/out degree need a directed graph: drop --undirected")
        available = self._read(lambda tx: self._run(tx, cy.GDS_PROCEDURES))
        names = set(available[0]["names"] or []) if available else set()
        if "gds.version" not in names:
            raise StoreError("this Neo4j server has no Graph Data Science plugin (gds.*): install it "
                             "(docker/compose.yaml sets NEO4J_PLUGINS='[\"apoc\", \"graph-data-science\"]') "
                             "or use --engine networkx")
        for measure in measures:
            if GDS_MEASURES[measure][0] not in names:
                raise StoreError(f"the GDS plugin here lacks {GDS_MEASURES[measure][0]} "
                                 "(allow it with dbms.security.procedures.unrestricted=gds.*)")
        params = self._filter_params(filters)
        predicates = self._read(lambda tx: [rows.predicate_from_record(r)
                                            for r in self._run(tx, cy.READ_PREDICATES)])
        params["symmetric"] = sorted(p.rel_type for p in predicates if p.symmetric)
        params["undirected"] = not directed

        def project(tx, reverse: bool) -> tuple[str, int]:
            graph = f"sahelgraph-{uuid.uuid4().hex}"  # new each attempt: a retry starts afresh
            configuration = {"undirectedRelationshipTypes": ["*"]} if not directed else {}
            projected = self._run(tx, cy.GDS_PROJECT, {**params, "graph": graph, "reverse": reverse,
                                                        "configuration": configuration})
            return graph, int(projected[0]["nodes"]) if projected else 0

        def stream(tx, graph: str, measure: str, n: int) -> dict:
            procedure, configuration = GDS_MEASURES[measure]
            configuration = dict(configuration)
            if weighted and measure in GDS_WEIGHT:
                configuration["relationshipWeightProperty"] = GDS_WEIGHT[measure]
            if not directed and procedure == "gds.degree.stream":
                configuration.pop("orientation")  # undirected: every tie counts once
            records = self._run(tx, cy.GDS_STREAM[procedure], {"graph": graph, "configuration": configuration})
            scores = {r["id"]: float(r["score"]) for r in records}
            scale = 1.0
            if measure in ("degree", "in_degree", "out_degree") and not weighted:
                scale = 1 / (n - 1) if n > 1 else 1.0
            elif measure == "betweenness":
                # GDS counts each pair once (as networkx's raw counts); networkx normalises
                # directed graphs by (n - 1)(n - 2) and undirected ones by half that
                scale = (1 if directed else 2) / ((n - 1) * (n - 2)) if n > 2 else 1.0
            return {actor: score * scale for actor, score in scores.items()}

        def work(tx):
            scores = {}
            graphs = []
            try:
                graph, n = project(tx, reverse=False)
                graphs.append(graph)
                for measure in measures:
                    if measure == "closeness" and directed:
                        continue
                    scores[measure] = stream(tx, graph, measure, n)
                if "closeness" in measures and directed:
                    # networkx's closeness on a directed graph counts distances towards the
                    # actor; GDS counts them from it, so it runs on the reversed ties
                    reversed_graph, n = project(tx, reverse=True)
                    graphs.append(reversed_graph)
                    scores["closeness"] = stream(tx, reversed_graph, "closeness", n)
                return {measure: scores[measure] for measure in measures}
            finally:
                for graph in graphs:
                    self._run(tx, cy.GDS_DROP, {"graph": graph})

        return self._read(work)


def _partition(assertions, skip_invalid: bool, problem) -> tuple[list, list[Rejected], list[Diagnostic]]:
    """Split assertions into those ``problem(subject, predicate, object)`` finds nothing wrong
    with and rejected rows (with a diagnostic from its (message, hint)); raise when any is
    rejected and the caller does not skip invalid rows."""
    good, rejected, diagnostics = [], [], []
    for assertion in assertions:
        subject, predicate, obj, evidence = assertion
        found = problem(subject, predicate, obj)
        if found is None:
            good.append(assertion)
            continue
        diagnostic = Diagnostic(evidence.file, evidence.line, *found)
        diagnostics.append(diagnostic)
        rejected.append(Rejected(evidence.file, evidence.line,
                                 {"subject": subject, "predicate": predicate, "object": obj,
                                  **evidence.as_dict()}, [diagnostic]))
    if diagnostics and not skip_invalid:
        raise InvalidInputError(diagnostics)
    return good, rejected, diagnostics
