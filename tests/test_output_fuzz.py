"""Property-based: whatever is edited, deleted or added in the output folder, and whichever root was built into
it last, every build with the cache leaves exactly the bytes a build without one writes for its root.

FUZZ_SCALE=10 runs ten times as many examples.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import SITES, tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.write.folder import MARKER

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
ARTICLE = "content/da/teamleder.md"
BODIES = ("", "\nEn sætning mere i brødteksten.\n")
"""What is appended to one article of root A: a change of its body alone, which a build patches in place."""

index = st.integers(min_value=0, max_value=10_000)
STEPS = st.one_of(
    st.tuples(st.just("build"), st.sampled_from("AB")),
    st.tuples(st.just("body"), st.sampled_from([0, 1])),
    st.tuples(st.just("touch")),
    st.tuples(st.just("edit"), index, st.sampled_from(["same size", "longer", "empty"])),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("delete folder"), index),
    st.tuples(st.just("add"), index, st.sampled_from(["x.html", "index.html.bak", ".hidden", "sitemap.xml.old"])),
    st.tuples(st.just("add folder"), index),
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Roots A and B, and the bytes a build without a cache writes for each of their states."""
    base = tmp_path_factory.mktemp("output-fuzz")
    a, b = base / "A", base / "B"
    for root in (a, b):
        shutil.copytree(SITES / "good", root, ignore=shutil.ignore_patterns("expected"))
    (b / "content/da/zebra.md").unlink()
    article = b / ARTICLE
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Teamleder i kundeservice", "title: Holdleder"),
        encoding="utf-8",
    )
    original = (a / ARTICLE).read_text(encoding="utf-8")
    expected = {}
    for state, root in (("A0", a), ("A1", a), ("B", b)):
        if root is a:
            (a / ARTICLE).write_text(original + BODIES[int(state[1])], encoding="utf-8")
        build_site(root, base / f"cold-{state}", cache=None)
        expected[state] = tree(base / f"cold-{state}")
    return base, {"A": a, "B": b}, original, expected


def files_in(out: Path) -> list[Path]:
    """The output's files but the marker, whose loss makes the folder one the generator no longer replaces."""
    return sorted(path for path in out.rglob("*") if path.is_file() and path.name != MARKER) if out.is_dir() else []


def apply(step: tuple, out: Path, roots: dict[str, Path], original: str) -> None:
    """Do one step that is not a build: to the output folder, or to root A's files."""
    kind, *args = step
    if kind == "body":
        (roots["A"] / ARTICLE).write_text(original + BODIES[args[0]], encoding="utf-8")
        return
    if kind == "touch":  # saved unchanged: a new stamp, the same bytes
        os.utime(roots["A"] / "data/roles.yaml")
        return
    files = files_in(out)
    if not files:
        return
    chosen = files[args[0] % len(files)]
    if kind == "edit":
        data = chosen.read_bytes()
        if args[1] == "same size" and data:
            chosen.write_bytes(bytes([data[0] ^ 1]) + data[1:])
        else:
            chosen.write_bytes(data + b"<!-- edited -->" if args[1] == "longer" else b"")
    elif kind == "delete":
        chosen.unlink()
    elif kind == "delete folder" and chosen.parent != out:
        shutil.rmtree(chosen.parent)
    elif kind == "add":
        (chosen.parent / args[1]).write_bytes(b"added by hand")
    elif kind == "add folder":
        (chosen.parent / "added").mkdir(exist_ok=True)
        (chosen.parent / "added" / "index.html").write_bytes(b"added by hand")


@settings(
    max_examples=max(1, int(30 * SCALE)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=7))
def test_every_build_leaves_exactly_what_a_cold_build_writes(sites, steps):
    base, roots, original, expected = sites
    (roots["A"] / ARTICLE).write_text(original, encoding="utf-8")
    body = 0
    out = Path(tempfile.mkdtemp(dir=base)) / "out"
    last = "A"
    for step in [*steps, ("build", "A"), ("build", "B")]:  # each ends with a build of both roots
        if step[0] != "build":
            apply(step, out, roots, original)
            body = step[1] if step[0] == "body" else body
            continue
        last = step[1]
        build_site(roots[last], out, cache=Cache(roots[last], keep_loaded=False))
        assert tree(out) == expected[f"A{body}" if last == "A" else "B"], steps
    shutil.rmtree(out.parent, ignore_errors=True)
