"""docker/compose.yaml and docker/.env.example, read as data (no Docker engine runs here),
and checked against the versions the test server runs (tests/neo4j/server/pom.xml)."""

from __future__ import annotations

from pathlib import Path

import re

import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"


def test_compose_runs_neo4j_5_with_apoc_and_gds():
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.")
    assert set(neo4j["ports"]) == {"7474:7474", "7687:7687"}
    assert yaml.safe_load(neo4j["environment"]["NEO4J_PLUGINS"]) == ["apoc", "graph-data-science"]
    assert "gds.*" in neo4j["environment"]["NEO4J_dbms_security_procedures_unrestricted"]
    assert neo4j["env_file"] == [".env"]
    assert "neo4j-data:/data" in neo4j["volumes"] and "neo4j-data" in compose["volumes"]
    assert neo4j["healthcheck"]["test"] and neo4j["healthcheck"]["retries"] >= 1
    assert "NEO4J_AUTH" not in neo4j["environment"]  # credentials come from the env file


def test_env_example_and_its_copy_stays_out_of_git():
    example = (DOCKER / ".env.example").read_text(encoding="utf-8")
    values = dict(line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#"))
    assert values["NEO4J_AUTH"].startswith("neo4j/")
    assert values["NEO4J_AUTH"].split("/", 1)[1] == values["NEO4J_PASSWORD"]
    assert {"NEO4J_URI", "NEO4J_USERNAME"} <= set(values)
    assert ".env" in (DOCKER / ".gitignore").read_text(encoding="utf-8").split()


def pom_versions() -> dict:
    pom = (DOCKER.parent / "tests" / "neo4j" / "server" / "pom.xml").read_text(encoding="utf-8")
    return dict(re.findall(r"<(neo4j|gds|apoc|browser)\.version>([^<]+)<", pom))


def test_compose_runs_the_tested_versions():
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    versions = pom_versions()
    assert compose["services"]["neo4j"]["image"] == f"neo4j:{versions['neo4j']}-community"
    assert versions["neo4j"].startswith("5.26.") and versions["apoc"] == versions["neo4j"]
    assert versions["gds"].startswith("2.13.")  # the GDS line for Neo4j 5.26
