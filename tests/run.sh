#!/usr/bin/env bash
# Installs what the tests need and runs them all:
#   Python packages (the package itself, editable, with its test extras),
#   Debian's chromium (the browser tests drive it headless through Playwright),
#   Neo4j's Cypher front end from npm (every Cypher statement is linted with it),
#   the Neo4j 5.26 launcher (tests/neo4j/server: Neo4j Community, OpenGDS, APOC, Browser
#   from Maven Central; jars cached in ~/.m2, offline after the first build). The tests
#   start that server themselves and stop it at the end.
# Extra arguments go to pytest, e.g. `bash tests/run.sh -x -k viz`.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

if [ -f tests/neo4j/cypherlint/package.json ]; then
    npm ci --prefix tests/neo4j/cypherlint --no-audit --no-fund --loglevel=error >/dev/null
fi

for tool in javac mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        sudo=""
        if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
        break
    fi
done
mvn -q -B -o -f tests/neo4j/server/pom.xml package >/dev/null 2>&1 \
    || mvn -q -B -f tests/neo4j/server/pom.xml package

python3 -m pytest -q "$@"
