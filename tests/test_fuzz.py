"""Property-based tests: whatever an editor saves in a content or data file, the build either makes a site
or reports problems as `path:line: message` with a real path and line, never another exception.

Every example rewrites one file of a small site root and builds it in memory with `make_site`.
FUZZ_SCALE=10 runs ten times as many examples.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path, PurePosixPath

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from careerguide.build import make_site
from careerguide.model.errors import BuildFailed, ContentError

settings.register_profile(
    "careerguide-fuzz",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """The shared profile with this many examples (times FUZZ_SCALE)."""
    return settings(settings.get_profile("careerguide-fuzz"), max_examples=max(1, int(examples * SCALE)))


FACT_BOX = """\
summary: Hjælper kunder med spørgsmål.
education:
  required: Ingen bestemt uddannelse.
  paths: [Gymnasium, Oplæring]
  certifications:
    - {name: Certificering, issuer: Institut, note: To år.}
salary:
  - {region: DK, currency: DKK, period: month, range: typical, low: 28000, median: 31250, high: 36000, label: Kundecenter, year: 2024, source: Kilde}
outlook:
  - {region: DK, change: -2.5, from: 2024, to: 2030, source: Kilde}
employment:
  - {region: DK, count: 12000, year: 2023, source: Kilde}
hours: {text: Hverdage., source: Kilde}
skills: [Tålmodighed]
duties: [Besvare opkald, "*Behandle* klager"]
myths:
  - {myth: Det er let., fact: Det er det ikke.}
faq:
  - {question: Skal jeg have en uddannelse?, answer: "Nej, [se her](role:supervisor)."}
sources:
  - {title: Kilde, url: "https://example.org/"}
"""  # noqa: E501

FILES = {
    "site.yaml": "base_url: https://example.org/guide/\ndefault_language: da\ntitle: {da: Guiden, 'no': Guiden}\n"
    "languages:\n  da: {name: Dansk, locale: da_DK}\n  'no': {name: Norsk, locale: nb_NO}\n",
    "data/roles.yaml": 'agent:\n  isco: "4222"\n  next: [supervisor]\n  related: [support]\nsupervisor:\nsupport:\n',
    "content/da/kundeagent.md": "---\nrole: agent\ntitle: Kundeagent\ndescription: Hvad laver en "
    "kundeagent?\nupdated: 2026-01-02\n---\n"
    "Tekst med [en leder](role:supervisor) og [opgaverne](#opgaver).\n\n## Opgaver\n\n| A | B |\n|---|---|\n| 1 | 2 "
    "|\n",
    "content/da/leder.md": "---\nrole: supervisor\ntitle: Leder\ndescription: Leder et team.\n---\nLeder "
    "[agenter](role:agent).\n",
    "content/no/kundeagent.md": "---\nrole: agent\ntitle: Kundeagent\ndescription: Hva gjør en "
    "kundeagent?\n---\nTekst.\n",
    "data/da/agent.yaml": FACT_BOX,
    "data/no/agent.yaml": "summary: Hjelper kunder.\n",
}
TARGETS = sorted(FILES)
PROBLEM = re.compile(r"(?P<path>[^\n]+?):(?P<line>[0-9]+): (?P<message>[^\n]+)")
LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Line breaks as the build counts them: YAML also breaks lines at NEL, LS and PS."""


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "root"
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def check_problem(root: Path, problem: ContentError) -> None:
    """A problem an editor can act on: one line, a path in the site root, a line inside that file."""
    text = str(problem)
    match = PROBLEM.fullmatch(text)
    assert match, f"not one `path:line: message` line: {text!r}"
    path, line = match["path"], int(match["line"])
    assert not PurePosixPath(path).is_absolute() and ".." not in PurePosixPath(path).parts, text
    if (
        path.startswith(("(built-in theme) ", "templates/"))
        or path in ("site.yaml", "data/roles.yaml")
        and not (root / path).exists()
    ):
        return
    file = root / path
    assert file.exists(), f"names a file that is not there: {text}"
    if file.is_file():
        lines = len(LINE_BREAKS.split(file.read_bytes().decode("utf-8", "replace")))
        assert 1 <= line <= lines, f"line {line} of a {lines}-line file: {text}"


def build(root: Path) -> None:
    """Build in memory; any outcome but a site or BuildFailed with well-formed problems fails the test."""
    try:
        result = make_site(root)
    except BuildFailed as failed:
        assert failed.problems, "a failed build must say why"
        for problem in failed.problems:
            check_problem(root, problem)
        return
    for problem in result.warnings:
        check_problem(root, problem)
    for file in result.files:
        path = PurePosixPath(file.path)
        assert not path.is_absolute() and ".." not in path.parts and "\\" not in file.path, file.path


def build_with(root: Path, name: str, data: bytes) -> None:
    """Build with one file's bytes replaced, then put the file back."""
    path = root / name
    try:
        path.write_bytes(data)
        build(root)
    finally:
        path.write_text(FILES[name], encoding="utf-8")


def test_the_fuzzed_site_builds_as_it_is(root):
    result = make_site(root, strict=True)
    assert len(result.site.pages) == 3


@fuzz(500)
@given(name=st.sampled_from(TARGETS), data=st.binary(max_size=600))
@example(name="data/da/agent.yaml", data=b"\x00")  # PyYAML's reader error spans two lines
def test_any_bytes_in_any_file(root, name, data):
    build_with(root, name, data)


@fuzz(500)
@given(name=st.sampled_from(TARGETS), text=st.text(max_size=400))
@example(name="data/da/agent.yaml", text="\r0")  # an old Mac line end is a line
def test_any_text_in_any_file(root, name, text):
    build_with(root, name, text.encode("utf-8"))


SYNTAX = ":-[]{}#&*!|>'\"%@`,?\n\n  \t\\~^_=()<>/.0123456789eE+ abcxyzæøåÄß\u0301\ufeff\r\u2028\x00"


@st.composite
def edited(draw, name: str) -> str:
    """The file with a few insertions, deletions and replacements, written from YAML and Markdown syntax."""
    text = FILES[name]
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(st.text(alphabet=SYNTAX, max_size=8)) + text[end:]
    return text


@fuzz(450)
@given(data=st.data(), name=st.sampled_from(TARGETS))
def test_small_edits_to_valid_files(root, data, name):
    build_with(root, name, data.draw(edited(name)).encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    ["summary: Hjel\u20280", FACT_BOX.replace("summary: Hjælper kunder med spørgsmål.", "summary: Hjel\u20280")],
    ids=["alone", "in-a-fact-box"],
)
def test_a_line_separator_in_a_fact_box_is_told_at_its_line(root, text):
    # was an IndexError: the hint counted lines at "\n" only, the parser at U+2028 too
    path = root / "data/da/agent.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BuildFailed) as failed:
            make_site(root)
    finally:
        path.write_text(FILES["data/da/agent.yaml"], encoding="utf-8")
    problems = [str(problem) for problem in failed.value.problems]
    assert problems[0].startswith("data/da/agent.yaml:2: this line is neither `key: value` nor a list item;"), problems
    assert "LINE SEPARATOR (U+2028)" in problems[0]


SECTION_KEYS = [
    "summary",
    "education",
    "salary",
    "outlook",
    "employment",
    "hours",
    "skills",
    "duties",
    "myths",
    "faq",
    "sources",
    "required",
    "paths",
    "certifications",
    "name",
    "issuer",
    "note",
    "region",
    "currency",
    "period",
    "low",
    "p25",
    "median",
    "mean",
    "p75",
    "high",
    "label",
    "year",
    "source",
    "change",
    "from",
    "to",
    "count",
    "text",
    "myth",
    "fact",
    "question",
    "answer",
    "title",
    "url",
    "role",
    "description",
    "updated",
    "draft",
    "base_url",
    "default_language",
    "languages",
    "locale",
    "isco",
    "next",
    "related",
    "stale_after_years",
    "da",
    "no",
    "agent",
    "supervisor",
    "support",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.inf, -0.0, 1e300]),
    st.text(max_size=30),
    st.sampled_from(["DK", "NOK", "month", "2024", "2026-02-30", "agent", "role:agent", "https://x", "no", "NO"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(SECTION_KEYS) | st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=25,
)


@fuzz(400)
@given(
    name=st.sampled_from(["data/da/agent.yaml", "data/roles.yaml", "site.yaml"]),
    value=st.dictionaries(st.sampled_from(SECTION_KEYS), VALUES, max_size=8),
)
@example(name="data/da/agent.yaml", value={"education": {"\n": None}})  # a key with a line break in a message
def test_any_structure_in_yaml_files(root, name, value):
    build_with(root, name, yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@fuzz(250)
@given(
    front=st.dictionaries(
        st.sampled_from(["role", "title", "description", "updated", "draft", "summary"]), VALUES, max_size=6
    ),
    body=st.text(max_size=200),
)
@example(front={"role": []}, body="")  # was a TypeError in validate
def test_any_front_matter_and_body(root, front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    build_with(root, "content/da/leder.md", text.encode("utf-8"))


MARKDOWN = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "[a](role:agent)",
                "[b](role:supervisor#opgaver)",
                "[c](role:nobody)",
                "[d](role:support#x)",
                "](role:",
                "## Opgaver",
                "\n\n",
                "\n",
                "> ",
                "- ",
                "1. ",
                "| a | b |\n|---|---|\n",
                "```\n",
                "`",
                "*",
                "_",
                "<",
                "&amp;",
                "![x](y)",
                "[ref]: role:agent\n",
                "[ref]",
                "\\",
                "    ",
                "<script>",
                "---\n",
            ]
        ),
        st.text(max_size=10),
    ),
    max_size=30,
).map("".join)


@fuzz(100)
@given(body=MARKDOWN)
def test_any_markdown_body(root, body):
    text = FILES["content/da/kundeagent.md"].split("---\n", 2)
    build_with(root, "content/da/kundeagent.md", ("---\n" + text[1] + "---\n" + body).encode("utf-8"))
