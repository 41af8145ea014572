"""Builds stopped halfway leave the previous site complete, and the next build leaves no temporary folders.

A build is stopped before each of its file operations in turn (in a forked child, by SIGKILL or by
the KeyboardInterrupt that Ctrl+C raises) and, for a large parallel build, by real signals sent to
its whole process group as a terminal does.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from conftest import REPO, SITES, run_build_py, tree

from careerguide.commands.cli import main

FILE_OPERATIONS = [
    (os, "mkdir"),
    (os, "rename"),
    (os, "replace"),
    (os, "link"),
    (os, "rmdir"),
    (os, "unlink"),
    (os, "chmod"),
    (Path, "write_bytes"),
    (Path, "write_text"),
    (subprocess, "Popen"),
]
"""Everything a build does to the disk goes through one of these."""


def build_stopped_at(step: int, how: str, args: list[str], log: Path) -> int:
    """Run the build command in a forked child that is stopped just before its `step`-th file operation.

    `kill` sends it SIGKILL there; `interrupt` raises KeyboardInterrupt there, which is what
    Python makes of Ctrl+C. Returns the child's wait status.
    """
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 70
        try:
            sys.stdout = sys.stderr = open(log, "w", encoding="utf-8")  # noqa: SIM115  (open until the child exits)
            counter = itertools.count(1)

            def stopping(function):
                def operation(*a, **kw):
                    if next(counter) == step:
                        if how == "kill":
                            os.kill(os.getpid(), signal.SIGKILL)
                        raise KeyboardInterrupt
                    return function(*a, **kw)

                return operation

            for owner, name in FILE_OPERATIONS:
                setattr(owner, name, stopping(getattr(owner, name)))
            code = main(args)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            os._exit(code)
    return os.waitpid(pid, 0)[1]


def settled(out: Path, seconds: float = 20) -> list[str]:
    """The temporary folders left beside `out`, once background deletions had time to finish."""
    deadline = time.monotonic() + seconds
    while True:
        strays = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))
        if not strays or time.monotonic() > deadline:
            return strays
        time.sleep(0.02)


SMALL_SITE = {
    "site.yaml": "base_url: https://example.org/\ndefault_language: da\ntitle: Guide\nlanguages:\n  da: {name: "
    "Dansk, locale: da_DK}\n",
    "data/roles.yaml": "a-role:\n  next: [b-role]\nb-role:\n",
    "content/da/a.md": "---\nrole: a-role\ntitle: A\ndescription: D\n---\nTekst om [b](role:b-role).\n",
    "content/da/b.md": "---\nrole: b-role\ntitle: B\ndescription: D\n---\nTekst.\n",
}
EDITED = {"content/da/a.md": "---\nrole: a-role\ntitle: A2\ndescription: D2\n---\nNy tekst.\n", "content/da/b.md": None}
"""What an editor changed between the published build and the one that is stopped."""


def write_files(root: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        (root / name).unlink(missing_ok=True)
        if text is not None:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_a_build_stopped_before_any_file_operation_leaves_a_complete_site(how, cli, tmp_path):
    root, out = tmp_path / "root", tmp_path / "published" / "site"
    args = ["build", "--root", str(root), "--out", str(out), "--no-search"]
    versions = [SMALL_SITE, {**SMALL_SITE, **EDITED}]
    trees = []
    for files in versions:
        write_files(root, files)
        assert cli(*args).code == 0
        trees.append(tree(out))
    assert trees[0] != trees[1]
    # Each round stops a build from the published version to the other one, then lets the next build
    # finish; the next round starts from there and goes back.
    for step in itertools.count(1):
        old, new = trees[step % 2], trees[(step + 1) % 2]
        assert tree(out) == old
        write_files(root, versions[(step + 1) % 2])
        status = build_stopped_at(step, how, args, tmp_path / "log")
        log = (tmp_path / "log").read_text(encoding="utf-8")
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            break  # the build got through all its operations
        if how == "kill":
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, log
        else:
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 130, log
            assert "build interrupted" in log and "Traceback" not in log, log
        assert out.is_dir(), f"stopped before operation {step}: no site at all"
        assert tree(out) in (old, new), f"stopped before operation {step}: a mix of two builds"
        assert cli(*args).code == 0
        assert tree(out) == new
        assert settled(out) == [], f"stopped before operation {step}: temporary folders stay behind"
    assert step > 20, "the build did fewer file operations than the site has files"


def big_root(tmp_path: Path, roles: int) -> Path:
    """A site root with enough pages that a build runs its worker processes for a while."""
    root = tmp_path / "big"
    shutil.copytree(SITES / "good", root, ignore=shutil.ignore_patterns("expected"))
    body = "\n".join(
        f"## Afsnit {n}\n\n"
        + "Tekst om arbejdet, med *vægt* og [et link](role:customer-service-supervisor). " * 12
        + "\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
        for n in range(8)
    )
    register = [(root / "data/roles.yaml").read_text(encoding="utf-8")]
    for n in range(roles):
        register.append(f"role-{n:04d}:\n  next: [customer-service-supervisor]\n")
        (root / f"content/da/rolle-{n:04d}.md").write_text(
            f"---\nrole: role-{n:04d}\ntitle: Rolle {n}\ndescription: Rolle nummer {n}.\n---\n{body}\n",
            encoding="utf-8",
        )
    (root / "data/roles.yaml").write_text("".join(register), encoding="utf-8")
    return root


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_parallel_build_stopped_by_a_signal_leaves_the_previous_site(signum, tmp_path):
    root = big_root(tmp_path, roles=250)
    out = tmp_path / "site"
    first = run_build_py("build", "--root", str(root), "--out", str(out), "--no-search")
    assert first.returncode == 0, first.stderr
    old = tree(out)
    build = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "build",
            "--root",
            str(root),
            "--out",
            str(out),
            "--no-cache",
            "--no-search",
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while build.poll() is None and time.monotonic() < deadline:
        temps = list(tmp_path.glob(".site.tmp-*/da"))
        if temps and len(list(temps[0].iterdir())) > 20:
            break
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be stopped"
    os.killpg(build.pid, signum)  # what Ctrl+C in a terminal does: the signal goes to the whole group
    stdout, stderr = build.communicate(timeout=60)

    if signum == signal.SIGINT:
        assert build.returncode == 130, stderr
        assert "Traceback" not in stderr, stderr
        assert stderr.rstrip().endswith(f"build interrupted; {out} holds the last complete build"), stderr
    else:
        assert build.returncode == -signal.SIGKILL
    assert tree(out) == old
    again = run_build_py("build", "--root", str(root), "--out", str(out), "--no-search")
    assert again.returncode == 0, again.stderr
    assert settled(out) == []
    assert tree(out) == old
