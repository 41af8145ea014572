"""Article bodies: the Rust parser and the Python one give the same HTML, and neither can crash a build."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from careerguide.text.markup import _fast_parser, _needs_python_parser, parser, render_body

PROJECT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(PROJECT.glob("content/*/*.md")) + sorted(PROJECT.glob("tests/sites/good/content/*/*.md"))


def body_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_both_parsers_render_every_article_alike(path):
    body = body_of(path)
    assert _fast_parser().render(body) == parser().render(body)


FEATURES = """## A heading with *emphasis* and [a link](https://example.org)

Text with **bold**, ~~struck~~, an autolink <https://example.org>, a hard break  
and <b>raw HTML</b> that stays text, [javascript](javascript:alert(1)) that is no link.

| Role | Pay |
|:-----|----:|
| A    | 1   |

1. one
2. two
   - nested

> quoted
"""  # noqa: W291


def test_both_parsers_agree_on_every_feature_of_the_dialect():
    assert not _needs_python_parser(FEATURES)
    html = _fast_parser().render(FEATURES)
    assert html == parser().render(FEATURES)
    assert "&lt;b&gt;raw HTML&lt;/b&gt;" in html and "javascript:" not in html.replace("[javascript](javascript:", "")
    assert '<td style="text-align:right">1</td>' in html


@pytest.mark.parametrize("text", ["[`", "see [`code", "[\\]`", "`x`[`"])
def test_text_that_makes_the_rust_parser_panic_is_rendered_by_the_python_one(text):
    assert _needs_python_parser(text)
    assert render_body(text) == parser().render(text)


@pytest.mark.parametrize("text", ["> " * 30_000 + "x", "- " * 30_000 + "x", "[" * 30_000, "*a " * 30_000])
def test_deep_nesting_goes_to_the_python_parser(text):
    assert _needs_python_parser(text)


def test_deep_nesting_does_not_crash_the_process():
    # In a child process: a stack overflow in Rust would kill it with a signal instead of failing a test.
    code = "from careerguide.text.markup import render_body; render_body('> - ' * 20_000 + 'x'); print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr[-500:]


def test_heading_ids_are_unique_and_avoid_reserved_ones():
    html = render_body(
        "## Løn\n\n## Løn\n\n### FAQ\n\n#### `kode` og ![billede](x.png)\n\n## !!!\n", frozenset({"faq"})
    )
    assert html == (
        '<h2 id="loen">Løn</h2>\n<h2 id="loen-1">Løn</h2>\n<h3 id="faq-text">FAQ</h3>\n'
        '<h4 id="kode-og"><code>kode</code> og <img src="x.png" alt="billede" /></h4>\n<h2 id="section">!!!</h2>\n'
    )


SPEC = json.loads((Path(__file__).parent / "data" / "commonmark-0.31.2.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", SPEC, ids=lambda example: f"{example['example']}-{example['section']}")
def test_commonmark_examples_render_as_markdown_it_py_renders_them(example):
    """Every example of CommonMark 0.31.2 through the article renderer: the HTML of markdown-it-py, the
    reference implementation of the dialect (raw HTML shown as text in both), heading ids aside."""
    ours = re.sub(r'<h([2-4]) id="[^"]*">', r"<h\1>", render_body(example["markdown"]))
    assert ours == parser().render(example["markdown"])


def test_symbols_are_punctuation_beside_emphasis_signs_as_in_commonmark_0_31():
    assert (
        render_body("*€*charlie. *£*bravo. _°_ and *€ 5*")
        == "<p>*€*charlie. *£*bravo. <em>°</em> and <em>€ 5</em></p>\n"
    )
    assert not _needs_python_parser("Løn: 30.000 € om måneden, *cirka*")
