"""Neo4j's own Cypher front end (@neo4j-cypher/language-support, the parser and semantic
analysis of Neo4j Browser) as a linter for the tests: a few long-lived ``node lint.mjs``
processes. It catches what a parse on the server would not: deprecations and warnings."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sahelgraph.ontology import load_ontology
from sahelgraph.stores import neo4j_cypher as cy

HERE = Path(__file__).parent
LINTER = HERE / "cypherlint" / "lint.mjs"
NPM_HINT = "run: npm ci --prefix tests/neo4j/cypherlint"


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
