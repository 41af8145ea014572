"""The commit hooks other guides use (.pre-commit-hooks.yaml), run by pre-commit on a guide's own repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SITES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Editor",
            "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "Editor",
            "GIT_COMMITTER_EMAIL": "editor@example.org",
        },
    )


def _hook(guide: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    """Run one of this repository's hooks on every file of the guide, as `pre-commit try-repo` does
    (it installs careerguide from this checkout, uncommitted changes included, into its own environment)."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files", "--color", "never"],
        cwd=guide,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        timeout=600,
    )


def test_a_guide_s_repository_runs_the_hooks_and_a_mistake_stops_the_commit(tmp_path):
    guide = tmp_path / "guide"
    shutil.copytree(SITES / "good", guide, ignore=shutil.ignore_patterns("expected", ".cache", "site"))
    _git(guide, "init", "-q")
    _git(guide, "add", "-A")
    _git(guide, "commit", "-qm", "A guide")
    home = tmp_path / "pre-commit-home"

    # pre-commit installs careerguide from a wheel, not this checkout: the built-in theme travels with it
    for hook in ("careerguide-build", "careerguide-check"):
        passed = _hook(guide, home, hook)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "Passed" in passed.stdout
        if hook == "careerguide-build":
            assert not (guide / "site").exists() and not (guide / ".cache").exists()  # a dry run writes nothing

    box = guide / "data" / "da" / "customer-service-representative.yaml"
    box.write_text(box.read_text(encoding="utf-8") + "dutys: [Svare på spørgsmål]\n", encoding="utf-8")
    failed = _hook(guide, home, "careerguide-build")
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "data/da/customer-service-representative.yaml:" in failed.stdout
    assert "dutys: unknown key; did you mean duties?" in failed.stdout


def test_the_hooks_and_this_repository_s_own_config_name_the_same_commands():
    import yaml

    offered = {
        hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    own = {
        hook["id"]: hook
        for repo in yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
        for hook in repo["hooks"]
    }
    assert set(offered) == set(own) == {"careerguide-build", "careerguide-check"}
    for name, hook in offered.items():
        assert own[name]["entry"] == hook["entry"].replace("careerguide ", "python build.py ", 1)
        assert hook["pass_filenames"] is False and own[name]["pass_filenames"] is False
