"""The one Markdown dialect of the site: CommonMark with tables and strikethrough, raw HTML shown as text."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache

import markdown_it_pyrs
from markdown_it import MarkdownIt

_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(text: str) -> str:
    """A URL slug from a title: lower case, æ→ae, ø→oe, å→aa, ä→ae, ö→oe, ü→ue, ß→ss, other accents dropped."""
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_BODY_RULES = [
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
    "table",
    "strikethrough",
]
"""CommonMark without its two raw-HTML rules, plus GFM tables and strikethrough."""


@cache
def _fast_parser() -> markdown_it_pyrs.MarkdownIt:
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_BODY_RULES)  # type: ignore[arg-type]  # the rule names are those literals


@cache
def parser() -> MarkdownIt:
    """The pure-Python parser of the same dialect: for inline fields, link lines, and pathological nesting."""
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])


FAST_MAX_DEPTH = 1000
"""The Rust parser recurses once per level of nesting and crashes the process near 20,000 levels;
text that could nest deeper than this is rendered by the Python parser, which stops nesting at 20."""

_CONTAINER_PREFIX = re.compile(r"^[ \t>*+\-.)0-9]*", re.M)


_SIGN_BY_DELIMITER = re.compile(r"[*_][^\x00-\x7f]|[^\x00-\x7f][*_]")


def _symbol_by_delimiter(text: str) -> bool:
    """Whether a `*` or `_` touches a non-ASCII symbol (€, £, °): CommonMark 0.31 counts symbols as
    punctuation when it decides what may open or close emphasis, and markdown-it-pyrs 0.4 does not."""
    return any(
        unicodedata.category(next(c for c in match[0] if c not in "*_"))[0] == "S"
        for match in _SIGN_BY_DELIMITER.finditer(text)
    )


def _needs_python_parser(text: str) -> bool:
    """Whether the text may trip the Rust parser: a backtick after a bracket makes markdown-it-pyrs 0.4
    panic (`[` then `` ` ``), a symbol beside an emphasis sign it reads as an older CommonMark did, and
    quotes, lists, brackets or emphasis may nest past FAST_MAX_DEPTH."""
    if "`" in text and "[" in text:
        return True
    if _symbol_by_delimiter(text):
        return True
    if text.count("[") + text.count("*") + text.count("_") + text.count("~") > FAST_MAX_DEPTH:
        return True
    return any(len(prefix) > FAST_MAX_DEPTH for prefix in _CONTAINER_PREFIX.findall(text))


def _render_html(text: str) -> str:
    """The body's HTML from the Rust parser (13 times faster), or the Python one where that is safer."""
    if _needs_python_parser(text):
        return parser().render(text)
    try:
        # the one other difference from markdown-it-py in CommonMark's examples: an empty block quote
        return _fast_parser().render(text).replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")
    except BaseException as exc:  # a Rust panic arrives as pyo3's PanicException, a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return parser().render(text)


_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]*>")


def render_body(text: str, reserved_ids: frozenset[str] = frozenset()) -> str:
    """An article body as HTML; h2–h4 get ids from their text, unique, `-text` appended to a reserved one."""
    rendered = _render_html(text)
    used: set[str] = set()

    def add_id(match: re.Match[str]) -> str:
        title = html.unescape(_TAG.sub("", match[2]).replace("\n", ""))
        slug = slugify(title) or "section"
        if slug in reserved_ids:
            slug += "-text"
        unique, number = slug, 1
        while unique in used:
            unique, number = f"{slug}-{number}", number + 1
        used.add(unique)
        return f'<h{match[1]} id="{unique}">{match[2]}</h{match[1]}>'

    return _HEADING.sub(add_id, rendered)


_SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*:"
_INSIDE = re.compile(
    rf"\]\(\s*<?(?!{_SCHEME})"  # [text](../page/) or (#anchor): no scheme
    r"|\]\(\s*<?(?i:role):[^)\s#]*#"  # [text](role:id#heading), ROLE: too
    rf"|^[ ]{{0,3}}\[[^\]]+\]:\s*<?(?!{_SCHEME})",  # [label]: ../page/
    re.M,
)


def might_lead_inside(text: str) -> bool:
    """Whether Markdown text may hold a link to a page, file or heading of the site (a relative link, or a
    role: link to a heading), found without parsing it; absolute links are left to `check`."""
    return _INSIDE.search(text) is not None


def body_links(text: str) -> list[tuple[str, int, bool]]:
    """(href, line within the text from 0, whether an image) of every link and image of a body, in order."""
    found = []
    for block in parser().parse(text):
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type in ("link_open", "image"):
                found.append((str(child.attrGet("href") or child.attrGet("src") or ""), line, child.type == "image"))
    return found


def inline_links(text: str) -> list[str]:
    """The hrefs of the links and images in a text read as inline Markdown."""
    return [
        str(child.attrGet("href") or child.attrGet("src") or "")
        for block in parser().parseInline(text)
        for child in block.children or ()
        if child.type in ("link_open", "image")
    ]


_MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]<>&!~|]|https?:|www\.|  \n|\n")


@lru_cache(maxsize=4096)  # labels, sources and list items recur across a guide's pages
def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, links, code) to HTML, for short fields such as FAQ answers."""
    if not _MARKDOWN_SIGNS.search(text):
        return text.replace('"', "&quot;")  # plain text: the same HTML as the parser's, without its cost
    return parser().renderInline(text)
