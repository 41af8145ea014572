"""Links of articles and fact boxes that lead to no page, file or heading of the site, found before anything is
rendered.

`check` finds the same by crawling the built pages; the build knows every path it will write and
every heading id a body gets, so it needs no crawl. Bodies are read again only when their text
holds a link that could lead inside the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any
from urllib.parse import urljoin

from careerguide.link import RESERVED_IDS, LinkTargets, RolePage, Site, role_reference
from careerguide.model.errors import ContentError, Source
from careerguide.model.yamltext import YamlProblem, parse_yaml
from careerguide.render import OVERVIEWS
from careerguide.render.crawl import page_url, why_broken
from careerguide.render.theme import asset_names
from careerguide.text.markup import body_links, inline_links, might_lead_inside, render_body, slugify

_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
"""A link with a scheme or a host: `check` follows those that lead to the site itself."""
_HEADING_ID = re.compile(r'<h[2-4] id="([^"]+)"')
_TEMPLATE_ID = re.compile(r'\bid="([A-Za-z][\w-]*)"')


def heading_ids(body_html: str) -> frozenset[str]:
    """The ids `render_body` gave a body's headings."""
    return frozenset(_HEADING_ID.findall(body_html))


_DESTINATION = re.compile(r"\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
"""Where a Markdown link may lead, read without parsing: what the parser finds is asked for only when one of these is
broken."""
_ATX_HEADING = re.compile(r"^[ ]{0,3}#{2,4}[ \t]+([^\n]*)", re.M)
_CLOSING_HASHES = re.compile(r"(?:[ \t]+#+)?[ \t]*$")


def quick_heading_ids(body: str) -> frozenset[str]:
    """The ids `render_body` gives a body's `##` to `####` headings, read without rendering it (a heading
    written another way is found when a link names an id not among these)."""
    used: set[str] = set()
    for title in _ATX_HEADING.findall(body) if "#" in body else ():
        title = _CLOSING_HASHES.sub("", title)
        slug = slugify(re.sub(r"[*_`\[\]]|\]\([^)]*\)", "", title)) or "section"
        slug = slug + "-text" if slug in RESERVED_IDS else slug
        unique, number = slug, 1
        while unique in used:
            unique, number = f"{slug}-{number}", number + 1
        used.add(unique)
    return frozenset(used)


def broken_links(site: Site) -> list[ContentError]:
    """A warning for each link of an article or a fact box that leads to no page, file or heading the build makes."""
    graph = _Graph(site)
    problems: list[ContentError] = []
    for page in site.pages:
        if page.article.links:  # seen when the file was loaded: most bodies are never read again here
            problems += _body_problems(graph, page)
        if page.factbox is not None and page.factbox.links:
            problems += _factbox_problems(graph, page)
    return problems


def _body_problems(graph: _Graph, page: RolePage) -> list[ContentError]:
    """The broken links of a page's body: each destination looked at as written, and the body parsed only when one is
    broken."""
    article, body = page.article, graph.body(page)
    if not any(graph.problem(page, a or b, article.source) for a, b in _DESTINATION.findall(body)):
        return []
    return [
        problem
        for href, line, _ in body_links(body)
        for problem in graph.problem(page, href, article.source.at(article.body_line + line))
    ]


def _factbox_problems(graph: _Graph, page: RolePage) -> list[ContentError]:
    """The broken links of a page's fact box, each at the line of the text that holds it."""
    box = page.factbox
    if box is None:
        return []
    found = [(href, text) for text in _texts(box) if might_lead_inside(text) for href in inline_links(text)]
    problems = [(problem, text) for href, text in found for problem in graph.problem(page, href, box.source)]
    if not problems:
        return []
    lines = _lines_of_texts(graph.site.content.files.text(box.source.path), box.source)
    return [
        ContentError(box.source.at(lines.get(text, 1)), p.message, warning=True, strict=p.strict)
        for p, text in problems
    ]


def _texts(value: Any) -> Iterator[str]:
    """Every text in a fact box and its parts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif is_dataclass(value):
        for item in fields(value):
            if item.name not in ("source", "digest", "lang", "role"):
                yield from _texts(getattr(value, item.name))


def _lines_of_texts(text: str | None, source: Source) -> dict[str, int]:
    """Each text of a YAML file -> the line it is written on (read only when a link in it is broken)."""
    try:
        doc = parse_yaml(text, source) if text is not None else None
    except YamlProblem:
        doc = None
    if doc is None:
        return {}
    found: dict[str, int] = {}

    def walk(value: Any, at: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            found.setdefault(value.strip(), doc.at(*at).line)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, at + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, at + (index,))

    walk(doc.value, ())
    return found


class _Ids:
    """What `crawl.why_broken` asks of a page: whether it has an id; the theme's are known, a body's headings
    are found only when a link names one that is not the theme's."""

    def __init__(self, theme_ids: frozenset[str], body: Callable[[], str]):
        self.theme_ids = theme_ids
        self.body = body
        self.quick: frozenset[str] | None = None
        self.headings: frozenset[str] | None = None

    @property
    def ids(self) -> _Ids:
        return self

    def __contains__(self, name: object) -> bool:
        if name in self.theme_ids:
            return True
        if self.quick is None:
            self.quick = quick_heading_ids(self.body())
        if name in self.quick:
            return True
        if self.headings is None:
            self.headings = heading_ids(render_body(self.body(), RESERVED_IDS))
        return name in self.headings


class _Graph:
    """The site's pages and files as the build will write them, and each role page's ids, read when first asked for."""

    def __init__(self, site: Site):
        self.site = site
        self.base_url = site.content.config.base_url
        self.targets = LinkTargets.of(site)
        self.pages = {f"{page.ref.path}index.html": page for page in site.pages}
        self.paths = set(self.pages) | set(_site_files(site))
        template_ids = frozenset(_TEMPLATE_ID.findall("\n".join(site.content.theme.templates.values())))
        self.page_ids = _PageIds(self, RESERVED_IDS | template_ids | {"top"})  # `#top`: every browser's top of the page
        self.bodies: dict[str, str] = {}

    def body(self, page: RolePage) -> str:
        path = page.article.source.path
        if path not in self.bodies:
            self.bodies[path] = self.site.content.files.body(page.article)
        return self.bodies[path]

    def problem(self, page: RolePage, href: str, source: Source) -> list[ContentError]:
        """The warning for a link written on `page` at `source`, if it leads nowhere."""
        built = self._built_href(href, page.ref.lang)
        if built is None or _ABSOLUTE.match(built):
            return []
        reason = why_broken(
            urljoin(page_url(self.base_url, page.ref.path), built), self.base_url, self.paths, self.page_ids
        )
        if reason is None:
            return []
        message = f"{href}: {reason}"
        return [
            ContentError(
                source,
                message,
                warning=True,
                strict=f"{message}; a link that leads nowhere is an error under --strict: correct it or remove it",
            )
        ]

    def _built_href(self, href: str, lang: str) -> str | None:
        """The href as the page will have it; None for a role: link, which `link.body_html` checks, unless it names a
        heading."""
        reference = role_reference(href)
        if reference is None:
            return href
        role, _, fragment = reference.partition("#")
        slug = self.targets.slug(lang, role)
        return f"../{slug}/#{fragment}" if slug is not None and fragment else None


class _PageIds(Mapping[str, _Ids]):
    """Built role page -> its ids: the theme's and its body's headings', the body rendered only when a link names
    one."""

    def __init__(self, graph: _Graph, theme_ids: frozenset[str]):
        self.graph = graph
        self.theme_ids = theme_ids
        self.known: dict[str, _Ids] = {}

    def __getitem__(self, path: str) -> _Ids:
        if path not in self.known:
            page = self.graph.pages[path]
            self.known[path] = _Ids(self.theme_ids, lambda: self.graph.body(page))
        return self.known[path]

    def __contains__(self, path: object) -> bool:
        return path in self.graph.pages

    def __iter__(self) -> Iterator[str]:
        return iter(self.graph.pages)

    def __len__(self) -> int:
        return len(self.graph.pages)


def _site_files(site: Site) -> Iterator[str]:
    """The files the build writes besides the role pages (see `Renderer.site_file_parts`)."""
    yield from ("index.html", "404.html", "sitemap.xml", "robots.txt")
    yield from asset_names(site.content.theme.assets).values()
    for lang in site.content.config.languages:
        yield f"{lang.code}/index.html"
        strings = site.content.theme.strings.get(lang.code, {})
        yield from (
            f"{lang.code}/{strings[kind + '_slug']}/index.html" for kind in OVERVIEWS if kind + "_slug" in strings
        )
