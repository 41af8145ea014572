"""Every kind of bad input under tests/sites/bad/ fails with its exact messages and leaves the output alone."""

from __future__ import annotations

import shutil

import pytest
from conftest import SITES, names_when_settled, tree

from careerguide.write.folder import MARKER

CASES = sorted(p.name for p in (SITES / "bad").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_bad_site_reports_exact_problems_and_keeps_output(case, tmp_path, make_root, cli):
    root = make_root()
    shutil.copytree(SITES / "bad" / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("")  # a site the generator built
    (out / "sitemap.xml").write_text("previous site")
    (out / "index.html").write_text("previous index")
    before = tree(out)

    run = cli("build", "--root", root, "--out", out, "--strict")

    expected = (SITES / "bad" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert run.code == 1
    assert run.problems == expected
    assert "Traceback" not in run.err
    assert tree(out) == before
    assert [name for name in names_when_settled(tmp_path) if name.startswith(".out")] == []


def test_every_bad_case_has_expectations():
    for case in CASES:
        lines = (SITES / "bad" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines, case
        assert all(line.split(":")[1].isdigit() for line in lines), case
