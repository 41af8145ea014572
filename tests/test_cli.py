"""The command line as editors and CI use it."""

import socket
import subprocess
import sys

import pytest
from conftest import REPO, run_build_py

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.model.errors import BuildFailed


def test_plain_build_py_builds_the_current_folder_into_site(make_root):
    root = make_root()
    done = run_build_py(cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "da" / "kundeservicemedarbejder" / "index.html").is_file()
    assert done.stdout.startswith("built 7 role pages (da 5, no 1, de 1) into site; 0 warning(s), 0 errors; ")


def test_build_options_without_the_command_build(make_root):
    """`python build.py --strict`, as editors type it after reading of `build --strict`."""
    root = make_root({"data/de/oesters-role.yaml": "summary: A fact box without an article.\n"})
    done = run_build_py("--strict", "--no-search", cwd=root)
    assert done.returncode == 1
    assert "unrecognized arguments" not in done.stderr
    assert done.stderr.splitlines()[-1] == "build failed: 1 error(s), 0 warning(s); site is unchanged"


def test_summary_line_counts_pages_per_language(make_root, cli, tmp_path):
    run = cli("build", "--root", make_root(), "--out", tmp_path / "out")
    assert run.code == 0
    assert run.out.startswith(
        f"built 7 role pages (da 5, no 1, de 1) into {tmp_path / 'out'}; 0 warning(s), 0 errors; "
    )


def test_failed_build_prints_problems_and_a_closing_line(make_root, cli, tmp_path):
    root = make_root({"data/da/customer-service-representative.yaml": "dutys: [x]\n"})
    run = cli("build", "--root", root, "--out", tmp_path / "out")
    assert run.code == 1
    assert run.err.splitlines() == [
        "data/da/customer-service-representative.yaml:1: dutys: unknown key; did you mean duties?",
        f"build failed: 1 error(s), 0 warning(s); {tmp_path / 'out'} is unchanged",
    ]
    assert not (tmp_path / "out").exists()


def test_missing_site_root_files_are_errors_not_tracebacks(tmp_path, cli):
    (tmp_path / "content").mkdir()
    run = cli("build", "--root", tmp_path, "--out", tmp_path / "out")
    assert run.code == 1
    assert run.problems == [
        "data/roles.yaml:1: data/roles.yaml is missing: the register of roles; write it (each role id with its "
        "entry), or a file per role in data/roles/ (data/roles/<role-id>.yaml)",
        "site.yaml:1: site.yaml is missing: a site root needs its settings (see the content contract)",
    ]


def test_run_from_another_folder_says_where_to_run_it(tmp_path, cli, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for command in (["build", "--out", str(tmp_path / "out")], ["check"]):
        run = cli(*command)
        assert run.code == 1
        assert run.err.splitlines()[0] == (
            f"site.yaml:1: site.yaml is missing: {elsewhere} is not a guide's folder; run the command in "
            "the folder that holds site.yaml, content/ and data/, or pass that folder with --root"
        )
        assert "roles.yaml" not in run.err


def test_repository_readme_commands_are_true():
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    head = "\n".join(readme[:8])
    assert "pip install -e . && python build.py" in head
    assert 'pip install -e ".[test]" && pytest' in head


def test_a_render_worker_killed_mid_build_is_an_error_not_a_hang(make_root, cli, tmp_path, monkeypatch):
    import os
    import signal

    from careerguide.parallel import forking, rendering

    root, out = make_root(), tmp_path / "out"
    assert cli("build", "--root", root, "--out", out, "--jobs", "1").code == 0
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    monkeypatch.setattr(forking, "PARALLEL_FROM", 2)
    monkeypatch.setattr(rendering, "render_pages", lambda state, pages: os.kill(os.getpid(), signal.SIGKILL))
    run = cli("build", "--root", root, "--out", out, "--no-cache", "--jobs", "2")
    assert run.code == 1
    assert (
        run.err.splitlines()[-1]
        == f"error: a worker process stopped before it finished its task (killed, or out of memory); {out} is unchanged"
    )
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_base_url_option_replaces_site_yaml_s_address(make_root, cli, tmp_path):
    """A fork publishes at its own address without editing site.yaml (as Hugo's --baseURL)."""
    out = tmp_path / "out"
    assert (
        cli(
            "build", "--root", make_root(), "--out", out, "--no-search", "--base-url", "https://fork.github.io/guide"
        ).code
        == 0
    )
    page = (out / "da" / "kundeservicemedarbejder" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://fork.github.io/guide/da/kundeservicemedarbejder/">' in page
    assert "https://fork.github.io/guide/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")


def test_base_url_option_is_checked_like_site_yaml_s(make_root, tmp_path):
    done = run_build_py("build", "--out", str(tmp_path / "out"), "--base-url", "https://x.org/?a=1", cwd=make_root())
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "careerguide build: error: argument --base-url: 'https://x.org/?a=1' has a query or fragment; "
        "give the folder the site is published at, e.g. https://example.org/karriere/"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["build", "--out", "{tmp}/out"],
        ["check"],
        ["serve", "--port", "{port}"],
        ["new", "chef", "--lang", "da"],
    ],
)
def test_a_root_that_does_not_exist_is_an_error_that_creates_nothing(command, tmp_path):
    root = tmp_path / "no" / "such root"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [part.format(tmp=tmp_path, port=port) for part in command]
    try:
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command[0]} with a missing --root kept running")
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr
        == f"error: --root {root} does not exist; name the site root, the folder that holds site.yaml (nothing was "
        "written)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_root_that_is_a_file_is_refused(tmp_path, cli):
    (tmp_path / "site.yaml").write_text("base_url: https://example.org/\n")
    run = cli("build", "--root", tmp_path / "site.yaml", "--out", tmp_path / "out")
    assert (run.code, run.out) == (2, "")
    assert (
        run.err == f"error: --root {tmp_path / 'site.yaml'} is not a folder; name the site root, the folder that holds "
        "site.yaml (nothing was written)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.yaml"]


def test_a_build_of_a_missing_root_leaves_no_cache_behind(tmp_path):
    # The library is held to it too: the cache makes its folder below the root, never the root.
    root = tmp_path / "missing"
    with pytest.raises(BuildFailed):
        build_site(root, tmp_path / "out", cache=Cache(root))
    assert list(tmp_path.iterdir()) == []
