#!/usr/bin/env bash
# Installs what the tests need and runs them all:
#   Python packages (the package itself, editable, with its test extras),
#   Debian's chromium (the browser tests drive it headless through Playwright),
#   Neo4j's Cypher front end from npm (every Cypher statement is linted with it).
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

python3 -m pytest -q "$@"
