"""Resolve role: links and compute every page's translations and career paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from careerguide.collate import sort_key
from careerguide.errors import ContentError
from careerguide.markup import parser
from careerguide.model import Article, Content, FactBox, Role

ROLE_SCHEME = "role:"
ROLE_MENTION = re.compile(r"role:([^\s)#>\]]+)")
RESERVED_IDS = frozenset({
    "main", "quick-facts", "duties", "skills", "education", "salary", "outlook", "employment", "hours",
    "myths", "faq", "career", "other-languages", "sources",
})
"""Ids of the role page's own sections; a body heading with the same slug gets `-text` appended."""


@dataclass(frozen=True, slots=True)
class PageRef:
    """A link target: a published role page."""

    lang: str
    slug: str
    role: str
    title: str

    @property
    def path(self) -> str:
        """The page's folder below the site root, e.g. `da/kundeservicemedarbejder/`."""
        return f"{self.lang}/{self.slug}/"


@dataclass(frozen=True, slots=True)
class RolePage:
    """A published role page with everything it links to."""

    ref: PageRef
    article: Article
    role: Role
    factbox: FactBox | None
    translations: tuple[PageRef, ...]
    next_steps: tuple[PageRef, ...]
    leads_from: tuple[PageRef, ...]
    related: tuple[PageRef, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """The linked site: the input of rendering."""

    content: Content
    pages: tuple[RolePage, ...]
    """Every role page, by language in site.yaml order, then alphabetically by title."""
    refs: dict[tuple[str, str], PageRef]
    """(lang, role id) -> the published page: what role: links point at."""

    def in_language(self, lang: str) -> tuple[RolePage, ...]:
        """The role pages of one language in its alphabetical order."""
        return tuple(page for page in self.pages if page.ref.lang == lang)


def link(content: Content) -> Site:
    """The linked Site: every published page with its translations and career paths."""
    refs = {
        (a.lang, a.role): PageRef(a.lang, a.slug, a.role, a.title)
        for a in content.articles
        if not a.draft
    }
    leads_from: dict[str, list[str]] = {}
    related_back: dict[str, list[str]] = {}
    for role in content.roles.values():
        for target in role.next:
            leads_from.setdefault(target, []).append(role.id)
        for target in role.related:
            related_back.setdefault(target, []).append(role.id)

    def published(lang: str, ids: list[str] | tuple[str, ...]) -> tuple[PageRef, ...]:
        unique = dict.fromkeys(ids)
        return tuple(refs[(lang, i)] for i in unique if (lang, i) in refs)

    order = {lang.code: index for index, lang in enumerate(content.config.languages)}
    versions: dict[str, list[PageRef]] = {}
    for ref in sorted(refs.values(), key=lambda r: order[r.lang]):
        versions.setdefault(ref.role, []).append(ref)
    pages = []
    for article in content.articles:
        if article.draft:
            continue
        role = content.roles[article.role]
        ref = refs[(article.lang, article.role)]
        pages.append(RolePage(
            ref=ref,
            article=article,
            role=role,
            factbox=content.factboxes.get((article.lang, article.role)),
            translations=tuple(r for r in versions[role.id] if r.lang != article.lang),
            next_steps=published(article.lang, role.next),
            leads_from=published(article.lang, leads_from.get(role.id, [])),
            related=published(article.lang, [*role.related, *related_back.get(role.id, [])]),
        ))
    pages.sort(key=lambda p: (order[p.ref.lang], sort_key(p.ref.title, p.ref.lang), p.ref.slug))
    return Site(content, tuple(pages), refs)


def parse_body(article: Article, site: Site) -> tuple[list[Token], list[ContentError]]:
    """The article body as Markdown tokens, each role: link pointing at its page or dropped with its text kept."""
    problems: list[ContentError] = []
    content, refs = site.content, site.refs
    tokens = parser().parse(article.body)
    for block in tokens:
        if block.type == "heading_open" and block.attrGet("id") in RESERVED_IDS:
            block.attrSet("id", f"{block.attrGet('id')}-text")
        if block.type != "inline" or not block.children:
            continue
        kept: list[Token] = []
        drop_close: list[bool] = []
        line = article.body_line + (block.map[0] if block.map else 0)
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(ROLE_SCHEME):
                    target = _target(href, article, content, refs, problems, line)
                    if target is None:
                        drop_close.append(True)
                        continue
                    child.attrSet("href", target)
                drop_close.append(False)
            elif child.type == "link_close" and drop_close.pop():
                continue
            kept.append(child)
        block.children = kept
    return tokens, problems


def mentioned_roles(article: Article) -> tuple[str, ...]:
    """The role ids the body's role: links name, found without parsing (for cache keys)."""
    return tuple(sorted(set(ROLE_MENTION.findall(article.body))))


def _target(href: str, article: Article, content: Content, refs: dict[tuple[str, str], PageRef], problems: list[ContentError], line: int) -> str | None:
    """The relative URL of a role: link from a role page, or None after recording why it has none."""
    role_id, _, fragment = href.removeprefix(ROLE_SCHEME).partition("#")
    source = article.source.at(line)
    if role_id not in content.roles:
        problems.append(ContentError(source, f"role:{role_id}: no such role in data/roles.yaml; check the id"))
        return None
    ref = refs.get((article.lang, role_id))
    if ref is None:
        problems.append(ContentError(source, f"role:{role_id}: the role has no page in {article.lang!r} yet; the text stays unlinked", warning=True))
        return None
    return f"../{ref.slug}/" + (f"#{fragment}" if fragment else "")
