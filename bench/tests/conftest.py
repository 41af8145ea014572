"""The benchmark harness's tests import its modules from bench/ and share one small corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

ROLES = 12


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """A corpus of 12 roles (36 pages) in all four formats."""
    import corpus

    out = tmp_path_factory.mktemp("corpus")
    corpus.write_all(ROLES, out)
    return out
