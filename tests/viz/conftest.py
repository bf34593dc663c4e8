"""Fixtures of the viz tests; the graphs are in nasty.py, the browser helper in browser.py."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so the tests can import browser and nasty

from browser import browser_available  # noqa: E402
from nasty import nasty, synthetic  # noqa: E402


@pytest.fixture
def nasty_graph() -> nx.MultiDiGraph:
    return nasty()


@pytest.fixture
def synthetic_graph():
    """``synthetic_graph(n, seed=0)``: a contract-shaped graph of n actors."""
    return synthetic


@pytest.fixture(scope="session")
def chromium():
    if not browser_available():
        pytest.fail("the browser tests need Playwright (pip install playwright) and Debian's "
                    "chromium at /usr/bin/chromium (apt-get install chromium); see tests/run.sh")
    return True
