"""Fixtures of the export tests; the graph and the comparison are in awkward.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so the tests can import awkward

from awkward import awkward  # noqa: E402


@pytest.fixture
def awkward_graph():
    return awkward()
