"""Shared helpers: site roots made from tests/sites/ plus inline files, and an in-process CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from careerguide.commands.cli import main

SITES = Path(__file__).parent / "sites"
REPO = Path(__file__).parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[str]:
        """The `path:line: message` lines a build printed, without its closing summary."""
        return [line for line in self.err.splitlines() if not line.startswith("build failed:")]


TEST_EPOCH = "1609459200"
"""2021-01-01: salary statistics are aged against this year in every test unless it sets another, so that no
result depends on the day the tests run (the good site's 2016 figures are five years old, not yet stale)."""


@pytest.fixture(autouse=True)
def fixed_year(monkeypatch):
    """Age salary statistics against 2021 (see TEST_EPOCH); a test may set SOURCE_DATE_EPOCH itself."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_EPOCH)


@pytest.fixture
def cli(capsys):
    """Run the command line in-process and capture what it printed."""

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def make_root(tmp_path):
    """A site root: a copy of tests/sites/<base> with files replaced (text) or removed (None)."""

    def make(files: dict[str, str | None] | None = None, base: str = "good") -> Path:
        root = tmp_path / "root"
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(SITES / base, root, ignore=shutil.ignore_patterns("expected", "expected.txt", ".cache", "site"))
        for name, text in (files or {}).items():
            path = root / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return root

    return make


def names_when_settled(folder: Path, seconds: float = 20.0) -> list[str]:
    """The names in `folder` once the background deletion of old output folders has finished."""
    deadline = time.monotonic() + seconds
    while True:
        names = sorted(p.name for p in folder.iterdir())
        if not any(".tmp-" in n or ".old-" in n for n in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build_py(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python build.py ...` as a user would."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
