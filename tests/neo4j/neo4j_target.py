"""The test server seen from a test: a clean database, stores, the command line, a dump."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner
from server_process import Neo4jServer

from sahelgraph.cli import main
from sahelgraph.stores.neo4j import Neo4jStore


def clean_database(driver) -> None:
    """Leave the database as a fresh one: no GDS graphs, nodes, constraints or indexes."""
    driver.execute_query("CALL gds.graph.list() YIELD graphName "
                         "CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped "
                         "RETURN count(dropped) AS n")
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}` IF EXISTS")
    for record in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
        driver.execute_query(f"DROP INDEX `{record['name']}` IF EXISTS")


@dataclass
class Neo4jTarget:
    """The test server with a clean database: its address, a driver, stores and the CLI."""

    server: Neo4jServer
    driver: object

    @property
    def uri(self) -> str:
        return self.server.uri

    @property
    def password(self) -> str:
        return self.server.password

    def store(self, **options) -> Neo4jStore:
        return Neo4jStore(self.driver, address=self.uri, **options)

    def env(self, **more) -> dict:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": self.password,
                "NEO4J_DATABASE": None, **more}

    def cli(self, *args, **env):
        """Run ``sahelgraph ARGS`` on this server (in-process); returns click's Result."""
        return CliRunner().invoke(main, [str(a) for a in args], env=self.env(**env), catch_exceptions=False)

    def run(self, cypher: str, **params) -> list[dict]:
        return [r.data() for r in self.driver.execute_query(cypher, params).records]

    def dump(self) -> dict:
        """Everything in the database, comparable with ==: nodes by (labels, properties),
        relationships by (start id, type, end id, properties)."""
        nodes = sorted((sorted(r["labels"]), sorted(r["props"].items()))
                       for r in self.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"))
        rels = sorted((r["s"], r["t"], r["o"], sorted(r["props"].items()))
                      for r in self.run("MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS s, type(r) AS t, "
                                        "coalesce(b.id, b.name) AS o, properties(r) AS props"))
        return {"nodes": [repr(n) for n in nodes], "relationships": [repr(r) for r in rels]}
