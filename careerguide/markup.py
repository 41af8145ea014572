"""The one Markdown dialect of the site: CommonMark with tables, raw HTML shown as text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(text: str) -> str:
    """A URL slug from a title: lower case, æ→ae, ø→oe, å→aa, ä→ae, ö→oe, ü→ue, ß→ss, other accents dropped."""
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@cache
def parser() -> MarkdownIt:
    """The shared parser: CommonMark, GFM tables and strikethrough, heading ids, no raw HTML."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])
    anchors_plugin(md, min_level=2, max_level=4, slug_func=slugify)
    return md


_MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]<>&!~|]|https?:|www\.|  \n|\n")


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, links, code) to HTML, for short fields such as FAQ answers."""
    if not _MARKDOWN_SIGNS.search(text):
        return text.replace('"', "&quot;")  # plain text: the same HTML as the parser's, without its cost
    return parser().renderInline(text)
