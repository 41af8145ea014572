"""Find broken internal links, anchors and missing files in built pages, as a crawler would."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
}
BROWSER_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms", "data", "ftp"})
"""Schemes a browser follows; any other (such as an unresolved `role:`) leads nowhere."""


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link in a built page that leads nowhere, and why."""

    page: str
    """The built file that holds the link, e.g. `da/kundeservicemedarbejder/index.html`."""
    line: int
    """The line of the link in the built file."""
    href: str
    """The link as written in the page."""
    target: str
    """The absolute URL the link resolves to."""
    reason: str


@dataclass(frozen=True, slots=True)
class _Page:
    """What the checks need from one HTML page: its links (line, href) and its ids."""

    links: tuple[tuple[int, str], ...]
    ids: frozenset[str]


_HTML = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def _read_page(data: bytes) -> _Page:
    if not data.strip():
        return _Page((), frozenset())
    links: list[tuple[int, str]] = []
    ids: set[str] = set()
    for element in lxml.html.document_fromstring(data, parser=_HTML).iter(tag=lxml.etree.Element):
        for name, value in element.items():
            if name == "id" or (element.tag == "a" and name == "name"):
                ids.add(value)
            elif name in LINK_ATTRIBUTES.get(element.tag, ()):
                hrefs = (
                    [part.split()[0] for part in value.split(",") if part.strip()]
                    if name == "srcset"
                    else [value.strip()]
                )
                links.extend((element.sourceline or 1, href) for href in hrefs if href)
    return _Page(tuple(links), frozenset(ids))


def page_url(base_url: str, path: str) -> str:
    """The URL a built file is served at: `da/x/index.html` is `<base_url>da/x/`."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base_url + path


def broken_links(paths: Iterable[str], read: Callable[[str], bytes], base_url: str) -> list[BrokenLink]:
    """Every link of every HTML page that leads to no built file, or to an id its page lacks.

    `paths` are the built files below the output folder; `read` gives the bytes of one of them.
    """
    paths = set(paths)
    pages = {path: _read_page(read(path)) for path in sorted(paths) if path.endswith(".html")}
    reasons: dict[str, str | None] = {}
    broken = []
    for path, page in pages.items():
        url = page_url(base_url, path)
        for line, href in page.links:
            target = urljoin(url, href)
            if target not in reasons:
                reasons[target] = why_broken(target, base_url, paths, pages)
            if reason := reasons[target]:
                broken.append(BrokenLink(path, line, href, target, reason))
    return broken


def why_broken(target: str, base_url: str, paths: set[str], pages: Mapping[str, Any]) -> str | None:
    """Why the link to `target` is broken, or None when it works or leads to another site; `pages` gives
    each HTML page's `ids` (anything that answers `in`)."""
    parts, base = urlsplit(target), urlsplit(base_url)
    if parts.scheme not in BROWSER_SCHEMES:
        if parts.scheme == "role":
            return "a role: link outside the article text is not resolved; write the page's path instead"
        return f"{parts.scheme}: is not a kind of link a browser can follow"
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    if not parts.path.startswith(base.path):
        return f"leads outside the site, which is {base_url}"
    rel = unquote(parts.path[len(base.path) :])
    if rel == "" or rel.endswith("/"):
        found = rel + "index.html" if rel + "index.html" in paths else None
    else:
        found = rel if rel in paths else (rel + "/index.html" if rel + "/index.html" in paths else None)
    if found is None:
        what = "page" if rel == "" or rel.endswith("/") or "." not in rel.rsplit("/", 1)[-1] else "file"
        return f"no such {what} in the built site"
    fragment = unquote(parts.fragment)
    if fragment and found in pages and fragment not in pages[found].ids and fragment.lower() != "top":
        return f"{page_url('', found) or 'the start page'} has no heading or anchor with the id {fragment!r}"
    return None
