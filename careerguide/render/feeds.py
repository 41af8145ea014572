"""An Atom feed (RFC 4287) per language of its role pages, newest first, dated by the content alone."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from careerguide.link import RolePage
from careerguide.model.content import SiteConfig
from careerguide.text.collate import sort_key

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
"""The feed's file name in its language's folder; no article can take it, for a slug has no dot."""
UNDATED = datetime.date(1970, 1, 1)
"""The `updated` of a feed none of whose pages has a date: a fixed day, so the feed never depends on the clock."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One role page as the feed lists it."""

    title: str
    summary: str
    url: str
    updated: datetime.date
    dated: bool
    """Whether the article's front matter gave `updated`; an undated page is listed after the dated ones."""


def feed_path(code: str) -> str:
    """Where a language's feed is written below the output folder, e.g. `da/feed.xml`."""
    return f"{code}/{FEED_FILE}"


def feed_entries(pages: Sequence[RolePage], base: str, code: str) -> list[FeedEntry]:
    """The role pages of a language, newest `updated` first, then undated ones; ties by title, then address.

    An article without `updated` is dated like the oldest dated page of its language (it is not
    news, and the feed must not claim it is), or UNDATED when no page has a date.
    """
    dates = [page.article.updated for page in pages if page.article.updated]
    fallback = min(dates) if dates else UNDATED
    entries = [
        FeedEntry(
            page.ref.title,
            page.article.description,
            base + page.ref.path,
            page.article.updated or fallback,
            page.article.updated is not None,
        )
        for page in pages
    ]
    entries.sort(key=lambda e: (not e.dated, -e.updated.toordinal(), sort_key(e.title, code), e.url))
    return entries


def feed_link(code: str, prefix: str, strings: dict[str, str]) -> dict[str, str]:
    """What a page's `<link rel="alternate" type="application/atom+xml">` to a language's feed shows."""
    return {"lang": code, "title": strings["feed_title"], "href": prefix + feed_path(code)}


def atom_feed(pages: Sequence[RolePage], config: SiteConfig, code: str, heading: str) -> bytes:
    """The Atom feed of a language's role `pages` as UTF-8 XML; its `updated` is that of its newest entry.
    Its title is the site's title and `heading`; its author, whom RFC 4287 requires, is the site."""
    base = config.base_url
    author = config.title.get(code, "")
    title = f"{author}: {heading}" if author else heading
    entries = feed_entries(pages, base, code)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", code)
    own = base + feed_path(code)
    _child(feed, "id", own)
    _child(feed, "title", title)
    _child(feed, "updated", _timestamp(entries[0].updated if entries else UNDATED))
    _child(feed, "link", rel="self", type="application/atom+xml", href=own)
    _child(feed, "link", rel="alternate", type="text/html", hreflang=code, href=f"{base}{code}/")
    _child(_child(feed, "author"), "name", author)
    for entry in entries:
        item = _child(feed, "entry")
        _child(item, "id", entry.url)
        _child(item, "title", entry.title)
        _child(item, "updated", _timestamp(entry.updated))
        _child(item, "link", rel="alternate", type="text/html", hreflang=code, href=entry.url)
        _child(item, "summary", entry.summary)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _child(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _timestamp(day: datetime.date) -> str:
    """An RFC 3339 date-time for a day: front matter dates a page by the day, so its midnight in UTC."""
    return f"{day.isoformat()}T00:00:00Z"
