"""For the Neo4j tests: a stand-in for the Neo4j driver, Neo4j's own Cypher linter, and the
mini dataset as a Batch (the fixtures are in conftest.py).

Why a stand-in: no Neo4j server can run here (no Docker engine, nothing to install), and
FalkorDB's Bolt port was tried as a substitute, but its handshake hangs 60 s on half the
connections. So the store's own logic (batching, retries through execute_write, parameter
shapes, records back into networkx) is tested against :class:`FakeNeo4j`, which exposes
the driver API the store uses (``session(database=...)``, ``execute_write(fn)``,
``execute_read(fn)``, ``tx.run(query, params)`` returning results with records, keys, data
and consume, ``verify_connectivity``, ``close``), records every statement, and keeps a
small in-memory graph by interpreting *exactly* the store's statements (anything else is
an error unless a test supplies an answer). It can replay a retry: run the work function,
roll back, run it again. Every statement it records is linted by Neo4j's Cypher front end
when the test ends (see ``lint``), so what the stand-in accepts is also what Neo4j parses.
"""

from __future__ import annotations

import copy
import json
import os
import queue
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import neo4j
from neo4j import exceptions as neo4j_errors

from sahelgraph.model import Actor, Batch, Evidence, GraphData, Source, merge, to_networkx
from sahelgraph.ontology import load_ontology
from sahelgraph.stores import neo4j_cypher as cy
from sahelgraph.stores import open_store

HERE = Path(__file__).parent
LINTER = HERE / "cypherlint" / "lint.mjs"
NPM_HINT = "run: npm ci --prefix tests/neo4j/cypherlint"


# -- errors as the driver raises them (5.x and 6.x build them differently) -------------


def neo4j_error(code: str, message: str) -> Exception:
    hydrate = getattr(neo4j_errors.Neo4jError, "_hydrate_neo4j", None)
    if hydrate is not None:  # driver 5.26+ / 6.x
        return hydrate(code=code, message=message)
    return neo4j_errors.Neo4jError.hydrate(code=code, message=message)  # driver 5.x


# -- the stand-in ----------------------------------------------------------------------

WRITE_WORDS = re.compile(r"\b(MERGE|CREATE|SET|DELETE|REMOVE)\b")
QUOTED = r"`((?:[^`]|``)+)`"


def _unquote(text: str) -> str:
    return text.replace("``", "`")


def _props(row: dict, fields) -> dict:
    # SET x.p = null removes the property, as in Neo4j
    return {f: row[f] for f in fields if row.get(f) is not None}


class FakeResult:
    def __init__(self, records: list[dict]):
        self._records = [neo4j.Record(r) for r in records]
        self._keys = list(records[0].keys()) if records else []
        self.consumed = False

    def keys(self):
        return list(self._keys)

    def __iter__(self):
        return iter(self._records)

    def data(self):
        return [r.data() for r in self._records]

    def single(self):
        return self._records[0] if self._records else None

    def consume(self):
        self.consumed = True


class FakeTransaction:
    def __init__(self, fake: "FakeNeo4j", mode: str, attempt: int, database):
        self.fake, self.mode, self.attempt, self.database = fake, mode, attempt, database

    def run(self, query, parameters=None, **kwparameters):
        params = dict(parameters or {}, **kwparameters)
        self.fake.log.append({"mode": self.mode, "attempt": self.attempt, "query": query,
                              "params": copy.deepcopy(params), "database": self.database})
        if self.mode == "read" and WRITE_WORDS.search(query):
            raise neo4j_error("Neo.ClientError.Statement.AccessMode",
                              "Writing in read access mode not allowed.")
        return FakeResult(self.fake.answer(query, params))


class FakeSession:
    def __init__(self, fake: "FakeNeo4j", database):
        self.fake, self.database = fake, database

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        pass

    def _execute(self, mode, work, *args, **kwargs):
        self.fake.sessions.append(self.database)
        attempts = 2 if mode in self.fake.retry else 1
        for attempt in range(attempts):
            snapshot = copy.deepcopy(self.fake.state)
            try:
                result = work(FakeTransaction(self.fake, mode, attempt, self.database), *args, **kwargs)
            except Exception:
                self.fake.state = snapshot  # rollback
                raise
            if attempt < attempts - 1:
                # a transient failure at commit: roll back and run the work again
                self.fake.state = snapshot
        return result

    def execute_write(self, work, *args, **kwargs):
        return self._execute("write", work, *args, **kwargs)

    def execute_read(self, work, *args, **kwargs):
        return self._execute("read", work, *args, **kwargs)


class FakeDriver:
    def __init__(self, fake: "FakeNeo4j"):
        self.fake = fake
        self.closed = False

    def session(self, database=None, **config):
        return FakeSession(self.fake, database)

    def verify_connectivity(self, **config):
        if self.fake.connect_error is not None:
            raise self.fake.connect_error

    def close(self):
        self.closed = True


def empty_state() -> dict:
    return {"schema": [], "predicates": {}, "sources": {}, "actors": {}, "rels": {}}


class FakeNeo4j:
    """A stand-in for a Neo4j server behind the driver (see the module docstring)."""

    def __init__(self, *, retry=(), handlers=None):
        self.state = empty_state()
        self.log: list[dict] = []
        self.sessions: list = []
        self.retry = set(retry)  # "write" and/or "read": replay each transaction once
        self.handlers = dict(handlers or {})  # query -> fn(params) -> list of record dicts
        self.connect_error = None
        self.extra_labels: set[str] = set()
        self.extra_types: set[str] = set()

    def driver(self) -> FakeDriver:
        return FakeDriver(self)

    # what the store sent
    def statements(self, mode=None, attempt=None) -> list[str]:
        return [e["query"] for e in self.log
                if (mode is None or e["mode"] == mode) and (attempt is None or e["attempt"] == attempt)]

    def seed_relation(self, subject, rel_type, obj, props):
        self.state["rels"][(subject, rel_type, obj)] = dict(props)

    # the interpreter of the store's statements
    def answer(self, query: str, params: dict) -> list[dict]:
        if query in self.handlers:
            return self.handlers[query](params)
        s = self.state
        rows = params.get("rows", [])
        if query in cy.SCHEMA:
            if query not in s["schema"]:
                s["schema"].append(query)
            return []
        if query == cy.PING:
            return [{"ok": 1}]
        if query == cy.UPSERT_PREDICATES:
            for row in rows:
                s["predicates"][row["name"]] = _props(row, cy.PREDICATE_FIELDS)
            return []
        if query == cy.UPSERT_SOURCES:
            for row in rows:
                s["sources"][row["id"]] = _props(row, cy.SOURCE_FIELDS)
            return []
        if query == cy.READ_ACTOR_KINDS:
            return [{"id": r["id"], "kind": s["actors"][r["id"]]["props"].get("kind")}
                    for r in rows if r["id"] in s["actors"]]
        if query == cy.DELETE_BATCH:
            doomed = ([("actors", k) for k in s["actors"]] + [("sources", k) for k in s["sources"]]
                      + [("predicates", k) for k in s["predicates"]])[: params["limit"]]
            for table, key in doomed:
                del s[table][key]
                if table == "actors":
                    s["rels"] = {k: v for k, v in s["rels"].items() if key not in (k[0], k[2])}
            return [{"deleted": len(doomed)}]
        if query == cy.COUNTS:
            return [{"actors": len(s["actors"]), "sources": len(s["sources"]), "relations": len(s["rels"])}]
        if query == cy.READ_PREDICATES:
            return [{f: p.get(f) for f in cy.PREDICATE_FIELDS} for _, p in sorted(s["predicates"].items())]
        if query == cy.READ_SOURCES:
            return [{f: p.get(f) for f in cy.SOURCE_FIELDS} for _, p in sorted(s["sources"].items())]
        if query == cy.READ_ACTORS:
            return [{f: a["props"].get(f) for f in cy.ACTOR_FIELDS} for _, a in sorted(s["actors"].items())]
        if query == cy.READ_ACTORS_BY_ID:
            return [{f: s["actors"][r["id"]]["props"].get(f) for f in cy.ACTOR_FIELDS}
                    for r in rows if r["id"] in s["actors"]]
        if query == cy.READ_SOURCES_BY_ID:
            return [{f: s["sources"][r["id"]].get(f) for f in cy.SOURCE_FIELDS}
                    for r in rows if r["id"] in s["sources"]]
        if query == cy.READ_RELATIONS:
            return [self._relation_record(k, v) for k, v in sorted(s["rels"].items())]
        match = re.search(r"a:" + QUOTED + r"$", query)
        if match and query == cy.upsert_actors(_unquote(match.group(1))):
            label = _unquote(match.group(1))
            for row in rows:
                actor = s["actors"].setdefault(row["id"], {"labels": {"Actor"}, "props": {}})
                actor["props"] = _props(row, cy.ACTOR_FIELDS)
                actor["labels"].add(label)
            return []
        match = re.search(r"REMOVE a:" + QUOTED + r"$", query)
        if match and query == cy.remove_kind_label(_unquote(match.group(1))):
            for row in rows:
                if row["id"] in s["actors"]:
                    s["actors"][row["id"]]["labels"].discard(_unquote(match.group(1)))
            return []
        match = re.search(r"MERGE \(s\)-\[r:" + QUOTED + r"\]->\(o\)", query)
        if match and query == cy.merge_relations(_unquote(match.group(1))):
            rel_type = _unquote(match.group(1))
            written = 0
            for row in rows:
                if row["subject"] in s["actors"] and row["object"] in s["actors"]:
                    s["rels"][(row["subject"], rel_type, row["object"])] = _props(row, cy.RELATION_FIELDS)
                    written += 1
            return [{"written": written}]
        match = re.search(r"-\[r:" + QUOTED + r"\]->", query)
        if match and query == cy.read_relations_for(_unquote(match.group(1))):
            rel_type = _unquote(match.group(1))
            out = []
            for row in rows:
                props = s["rels"].get((row["subject"], rel_type, row["object"]))
                if props is not None:
                    out.append({"subject": row["subject"], "object": row["object"], "weight": props.get("weight"),
                                **{f: props.get(f) for f in cy.EVIDENCE_LISTS}})
            return out
        raise AssertionError(f"the stand-in does not know this statement:\n{query}")

    @staticmethod
    def _relation_record(key, props) -> dict:
        subject, rel_type, obj = key
        return {"subject": subject, "type": rel_type, "object": obj, "weight": props.get("weight"),
                **{f: props.get(f) for f in cy.EVIDENCE_LISTS}}


# -- Neo4j's Cypher front end ----------------------------------------------------------


def lint_schema(extra_labels=(), extra_types=()) -> dict:
    """What the linter may assume the database has: sahelgraph's labels (the default
    ontology's kinds), relationship types and property keys."""
    onto = load_ontology()
    labels = {"Actor", "Source", "Predicate"} | {cy.kind_label(k) for k in onto.kinds} | set(extra_labels)
    types = {p.rel_type for p in onto.predicates.values()} | set(extra_types)
    keys = set(cy.ACTOR_FIELDS + cy.SOURCE_FIELDS + cy.PREDICATE_FIELDS + cy.RELATION_FIELDS)
    return {"labels": sorted(labels), "relationshipTypes": sorted(types), "propertyKeys": sorted(keys)}


class Linter:
    """A few long-lived ``node lint.mjs --lines`` processes, used in parallel: the front end
    takes seconds to load and 0.1-2 s a statement."""

    VERSIONS = ["CYPHER 5", "CYPHER 25"]

    def __init__(self, processes: int | None = None):
        count = processes or max(1, min(4, os.cpu_count() or 1))
        self.idle: queue.Queue = queue.Queue()
        self.processes = []
        for _ in range(count):
            process = subprocess.Popen(["node", str(LINTER), "--lines"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, encoding="utf-8")
            self.processes.append(process)
            self.idle.put(process)
        self.pool = ThreadPoolExecutor(max_workers=count)
        self.cache: dict[str, object] = {}

    def _ask(self, key: str):
        process = self.idle.get()
        try:
            process.stdin.write(key + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        finally:
            self.idle.put(process)
        if not line:
            raise RuntimeError(f"the Cypher linter stopped ({NPM_HINT})")
        return json.loads(line)

    def requests(self, requests: list) -> list:
        keys = [json.dumps(r, sort_keys=True) for r in requests]
        missing = [k for k in dict.fromkeys(keys) if k not in self.cache]
        for key, answer in zip(missing, self.pool.map(self._ask, missing)):
            self.cache[key] = answer
        return [self.cache[k] for k in keys]

    def request(self, request):
        return self.requests([request])[0]

    def lint(self, queries, *, schema=None, console=False) -> list[dict]:
        """Lint [{name, query, parameters}] under Cypher 5 and Cypher 25, each distinct
        query once per session."""
        schema = schema or lint_schema()
        queries = list(queries)
        requests = []
        for item in queries:
            used = set(re.findall(r"\$(\w+)", item["query"]))
            # only the parameters the query uses matter: the same statement with more
            # parameters passed is the same request
            parameters = {k: "" for k in sorted(used & set(item.get("parameters") or {}))}
            requests.append({"schema": schema, "versions": self.VERSIONS, "console": console,
                             "queries": [{"name": "q", "query": item["query"], "parameters": parameters}]})
        results = []
        for item, answer in zip(queries, self.requests(requests)):
            results += [dict(r, name=item["name"]) for r in answer]
        return results

    def split(self, text: str) -> list[str]:
        return self.request({"op": "split", "text": text})

    def strings(self, query: str) -> list[str]:
        return self.request({"op": "strings", "query": query})

    def tokens(self, query: str) -> list[dict]:
        return self.request({"op": "tokens", "query": query})

    def close(self):
        self.pool.shutdown()
        for process in self.processes:
            process.stdin.close()
            process.wait(timeout=30)


def problems(results: list[dict], *, warnings: bool = True) -> list[str]:
    """Every error, deprecation (and warning) in lint results, one line each."""
    kinds = ("errors", "deprecations", "warnings") if warnings else ("errors", "deprecations")
    return [f"{r['name']} [{r['version']}] {kind[:-1]}: {d['message']} (line {d['line'] + 1}, col {d['column'] + 1})"
            for r in results for kind in kinds for d in r[kind]]


def parameters_of(query: str, values: dict | None = None) -> dict:
    names = set(re.findall(r"\$(\w+)", query)) | set(values or {})
    return {name: "" for name in sorted(names)}


def lint_recorded(linter: Linter, fake: FakeNeo4j) -> list[str]:
    queries, seen = [], set()
    for entry in fake.log:
        key = (entry["query"], tuple(sorted(entry["params"])))
        if key in seen:
            continue
        seen.add(key)
        queries.append({"name": f"recorded #{len(queries)}", "query": entry["query"],
                        "parameters": parameters_of(entry["query"], entry["params"])})
    if not queries:
        return []
    results = linter.lint(queries, schema=lint_schema(fake.extra_labels, fake.extra_types))
    bad = problems(results)
    return bad + [f"  in:\n{q['query']}" for q in queries if any(q["name"] + " " in b for b in bad)]


# -- the mini dataset (tests/data/mini) as the readers will make it ---------------------

MINI_ACTORS = [
    Actor("mali", "Mali", "state", ["Republic of Mali", "Malian"], "Mali", "West African state"),
    Actor("mali-junta", "Malian junta", "government", ["junta", "military government"], "Mali",
          "The military government in Bamako since 2020"),
    Actor("minusma", "MINUSMA", "igo", ["Minusma", "UN mission"], "Mali", "UN peacekeeping mission in Mali"),
    Actor("united-nations", "United Nations", "igo", ["UN", "U.N."], None, "The United Nations"),
    Actor("wagner-group", "Wagner Group", "pmc", ["Wagner"], "Russia", "Russian private military company"),
    Actor("united-states", "United States", "state", ["US", "U.S."], "United States",
          "The United States of America"),
    Actor("ivan-maslov", "Ivan Maslov", "person", ["Maslov"], "Russia", "Head of the Wagner Group in Mali"),
    Actor("assimi-goita", "Assimi Goïta", "person", ["Goïta", "Colonel Goita"], "Mali", "Leader of the Malian junta"),
    Actor("olivier-salgado", "Olivier Salgado", "person", ["Salgado"], None, "MINUSMA spokesperson"),
]

MINI_TRIPLES = [
    ("mali", "expels", "olivier-salgado", "2022-07",
     "Mali expelled MINUSMA's spokesman Olivier Salgado in July 2022.", 1.0, None),
    ("united-states", "sanctions", "ivan-maslov", "2023", "The United States sanctioned Ivan Maslov", 1.0, None),
    ("ivan-maslov", "leads", "wagner-group", None, "Ivan Maslov, the head of Wagner in Mali", 0.9, "in Mali only"),
    ("wagner-group", "supports", "mali-junta", "2023", "Wagner supports the junta", 0.8, None),
    ("assimi-goita", "leads", "mali-junta", None, "the junta led by Colonel Assimi Goïta", 1.0, None),
    ("mali-junta", "demands_withdrawal_of", "minusma", "2023-06-16",
     'The junta called for the "immediate withdrawal" of MINUSMA.', 1.0,
     "straight quotes stand for the typographic ones"),
    ("minusma", "member_of", "united-nations", None, "MINUSMA is the United Nations mission in Mali.", 1.0, None),
]


def mini_batch(triples=None, *, actors=None, file="tests/data/mini/triples.tsv") -> Batch:
    """The mini dataset as a Batch, or ``triples`` (same tuple shape) with its actors."""
    onto = load_ontology()
    batch = Batch(
        actors={a.id: copy.deepcopy(a) for a in (actors or MINI_ACTORS)},
        sources={"mini-wire": Source("mini-wire", "Mali tells UN mission to leave", "Mini Wire",
                                     "2023-06-17", None, "en", "mini.txt", "invented for tests")},
        predicates=dict(onto.predicates),
    )
    for line, (s, p, o, date, quote, confidence, note) in enumerate(triples or MINI_TRIPLES, start=2):
        batch.assertions.append((s, p, o, Evidence(date, "mini-wire", quote, confidence, note, file, line)))
    batch.rows_read = len(batch.assertions)
    return batch


# -- comparing graphs -------------------------------------------------------------------


def expected_graph(*batches):
    data = GraphData()
    for batch in batches:
        merge(data, batch)
    return to_networkx(data)


def edges(G):
    return sorted((u, v, k, repr(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


def assert_same_graph(G, H):
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert edges(G) == edges(H)
    assert G.graph == H.graph


def store_on(fake, **options):
    return open_store(driver=fake.driver(), database="sahel", **options)
