"""Templates render in a sandbox: no Python internals, no Jinja globals, bounded arithmetic, a time limit per page."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from careerguide.build import make_site
from careerguide.model.errors import BuildFailed
from careerguide.render import sandbox
from careerguide.render.theme import make_environment

REPO = Path(__file__).parent.parent
PWNED = Path("/tmp/careerguide-pwned")


def problems(root: Path) -> list[str]:
    """The problems of building `root` in memory (which must fail)."""
    with pytest.raises(BuildFailed) as failed:
        make_site(root)
    return [str(problem) for problem in failed.value.problems]


ESCAPES = [
    (
        "{{ cycler.__init__.__globals__.os.popen('touch /tmp/careerguide-pwned').read() }}",
        "'cycler' is not available to templates",
    ),
    (
        "{{ joiner.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
        "'joiner' is not available to templates",
    ),
    ("{{ lipsum.__globals__['os'].system('touch /tmp/careerguide-pwned') }}", "'lipsum' is not available to templates"),
    ("{{ namespace.__init__.__globals__ }}", "'namespace' is not available to templates"),
    (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "refused by the sandbox: access to attribute '__class__' of 'str' object is unsafe",
    ),
    (
        "{{ url.__globals__ }}",
        "refused by the sandbox: access to attribute '__globals__' of 'function' object is unsafe",
    ),
    (
        "{{ fmt.money.__func__.__globals__ }}",
        "refused by the sandbox: access to attribute '__func__' of 'method' object is unsafe",
    ),
    (
        "{{ '{0.__class__.__init__.__globals__}'.format(t) }}",
        "refused by the sandbox: access to attribute '__class__' of 'dict' object is unsafe",
    ),
    ("{{ languages.append(1) }}", "refused by the sandbox: access to attribute 'append' of 'list' object is unsafe"),
    (
        "{{ t.update({'all_roles': 'x'}) }}",
        "refused by the sandbox: access to attribute 'update' of 'dict' object is unsafe",
    ),
    (
        "{{ 'x' * 10**9 }}",
        "refused by the sandbox: repeating 1 item(s) 1,000,000,000 times makes more than the 100,000",
    ),
    ("{{ 7 ** 100000 }}", "refused by the sandbox: 7 ** 100000 is a number of over 4,300 digits"),
    ("{% for i in range(10**9) %}{% endfor %}", "'range' is not available to templates"),
]


@pytest.mark.parametrize("line, message", ESCAPES, ids=[message for _, message in ESCAPES])
def test_a_template_that_reaches_past_the_sandbox_fails_on_its_line(line, message, make_root):
    root = make_root({"templates/404.html": f"<!doctype html>\n<title>404</title>\n{line}\n"})
    found = problems(root)
    assert len(found) == 1 and found[0].startswith(f"templates/404.html:3: {message}"), found
    assert found[0].endswith("(see docs/security.md)")
    assert not PWNED.exists()


def test_what_a_theme_may_use_still_works():
    env = make_environment(
        {
            "t.html": "{% for k, v in t | dictsort %}{{ k }}={{ v }};{% endfor %}"
            "{{ t.greeting.format(name='Ada') }}|{{ 2 ** 10 }}|{{ '-' * 5 }}|{{ [0] * 3 }}|"
            "{% for x in items recursive %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},{% endif %}{% "
            "endfor %}|"
            "{{ items | map('string') | join(' ') }}|{{ day.isoformat() }}"
        }
    )
    import datetime

    with sandbox.time_limit():
        text = env.get_template("t.html").render(
            t={"greeting": "Hi {name}"}, items=list(range(100)), day=datetime.date(2026, 11, 1)
        )
    assert text.startswith("greeting=Hi {name};Hi Ada|1024|-----|[0, 0, 0]|1/100,2/100,")
    assert text.endswith("100/100|" + " ".join(map(str, range(100))) + "|2026-11-01")


def test_the_environment_has_no_jinja_globals():
    assert make_environment({}).globals == {}
    assert {"range", "dict", "lipsum", "cycler", "joiner", "namespace"} <= sandbox.WITHHELD


SHORT = 2.0
"""The time limit in these tests: far shorter than a build's, far longer than any good page takes on a busy machine."""
LOOP = "{% set s = 'x' * 100000 %}\n{% for a in s %}\n{% for b in s %}{{ b }}{% endfor %}\n{% endfor %}\n"


def test_a_page_that_renders_too_long_ends_with_the_template_and_page(make_root, monkeypatch):
    monkeypatch.setattr(sandbox, "PAGE_SECONDS", SHORT)
    root = make_root({"templates/role.html": LOOP})
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith("templates/role.html:3: rendering ")
    assert "/index.html took over 2 s, the time limit of one page; look for a loop that runs far too often" in found[0]


def test_a_macro_that_calls_itself_and_a_loop_of_includes_are_messages(make_root):
    root = make_root({"templates/404.html": "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n{{ down(1) }}\n"})
    assert problems(root) == [
        "templates/404.html:1: a macro calls itself without end; give it a condition on which it stops calling itself"
    ]
    root = make_root(
        {"templates/404.html": "{% include 'base.html' %}\n", "templates/base.html": "\n{% include '404.html' %}\n"}
    )
    [found] = problems(root)
    assert found.endswith(
        ": the template includes itself without end (directly, through other templates, or by extending itself); "
        "remove the include, import or extends that leads back to it"
    )
    root = make_root({"templates/role.html": "{% extends 'role.html' %}\n"})
    assert problems(root) == [
        "templates/role.html:1: the template includes itself without end (directly, through other templates, "
        "or by extending itself); remove the include, import or extends that leads back to it"
    ]


def test_the_time_limit_holds_in_a_thread_as_the_preview_renders():
    env = make_environment({"slow.html": LOOP})
    caught: list[BaseException] = []

    def render() -> None:
        try:
            with sandbox.time_limit(0.2):
                env.get_template("slow.html").render()
        except sandbox.RenderTimeout as exc:
            caught.append(exc)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join(120)
    assert not thread.is_alive() and len(caught) == 1 and caught[0].seconds == 0.2


def test_a_template_outside_a_render_has_no_time_limit():
    env = make_environment({"t.html": "{% for a in 'x' * 1000 %}{% endfor %}done"})
    assert env.get_template("t.html").render() == "done"


def test_an_endless_loop_ends_the_build_from_the_command_line(tmp_path):
    root = tmp_path / "root"
    subprocess.run(["cp", "-r", str(REPO / "tests" / "sites" / "good"), str(root)], check=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "404.html").write_text(LOOP, encoding="utf-8")
    # The limit is shortened inside the child process only, so that the test is quick; it proves that the
    # build ends by itself (the timeout of `run` is only the test's own guard against a hang).
    script = (
        f"import sys; from careerguide.render import sandbox; sandbox.PAGE_SECONDS = {SHORT}; from "
        "careerguide.commands.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert run.returncode == 1
    assert "templates/404.html:3: rendering 404.html took over 2 s, the time limit of one page" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_the_time_limit_holds_in_the_worker_processes_that_render_role_pages(tmp_path):
    root = tmp_path / "root"
    subprocess.run(["cp", "-r", str(REPO / "tests" / "sites" / "good"), str(root)], check=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "role.html").write_text(LOOP, encoding="utf-8")
    script = (
        f"import sys; from careerguide.render import sandbox; sandbox.PAGE_SECONDS = {SHORT}; from "
        "careerguide.commands.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "build",
            "--root",
            str(root),
            "--out",
            str(tmp_path / "out"),
            "--no-search",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert run.returncode == 1, run.stderr
    [problem] = [line for line in run.stderr.splitlines() if not line.startswith("build failed")]
    assert (
        problem.startswith("templates/role.html:3: rendering ")
        and "/index.html took over 2 s, the time limit of one page" in problem
    )
    assert "Traceback" not in run.stderr


def test_the_quick_attribute_reads_still_wrap_a_format_method_kept_as_data():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Box:
        fn: object

    env = make_environment({"d.html": "{{ d.f(d) }}", "b.html": "{{ b.fn(b) }}{{ b.fn(b) }}"})
    with pytest.raises(sandbox.SecurityError, match="'__class__' of 'dict' object is unsafe"):
        env.get_template("d.html").render(d={"f": "{0.__class__}".format})
    with pytest.raises(sandbox.SecurityError, match="'__class__' of 'Box' object is unsafe"):
        env.get_template("b.html").render(b=Box("{0.__class__}".format))
