"""Resolve role: links and compute every page's translations and career paths."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from careerguide.link.grouping import shared_anchors
from careerguide.model.content import Article, Content, FactBox, Role, Salary, pickled_by_fields
from careerguide.model.errors import ContentError, Source
from careerguide.text.collate import sort_key
from careerguide.text.markup import body_links, render_body
from careerguide.validate.sections import RESERVED_IDS

ROLE_SCHEME = "role:"
"""The scheme of a link to another role's page; like every URL scheme it is matched without regard to case."""


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
    compare: str | None = None
    """The anchor of the first comparison group where this role's figures stand beside another role's;
    None when the comparison shows no other role next to them (then the page does not link to it)."""


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

    def for_role_pages(self) -> Site:
        """The site without its pages, articles, fact boxes, register and links: what rendering a role page
        needs besides the page itself and the LinkTargets, small enough to send to a worker process."""
        return Site(replace(self.content, articles=(), factboxes={}, roles={}), (), {})


pickled_by_fields(PageRef, RolePage)


def link(content: Content) -> Site:
    """The linked Site: every published page with its translations and career paths."""
    refs = {(a.lang, a.role): PageRef(a.lang, a.slug, a.role, a.title) for a in content.articles if not a.draft}
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
        pages.append(
            RolePage(
                ref=ref,
                article=article,
                role=role,
                factbox=content.factboxes.get((article.lang, article.role)),
                translations=tuple(r for r in versions[role.id] if r.lang != article.lang),
                next_steps=published(article.lang, role.next),
                leads_from=published(article.lang, leads_from.get(role.id, [])),
                related=published(article.lang, [*role.related, *related_back.get(role.id, [])]),
            )
        )
    pages.sort(key=lambda p: (order[p.ref.lang], sort_key(p.ref.title, p.ref.lang), p.ref.slug))
    return Site(content, _with_comparison(pages), refs)


def _with_comparison(pages: list[RolePage]) -> tuple[RolePage, ...]:
    """The pages, each knowing where the comparison of its language shows its figures beside another role's."""
    anchors: dict[tuple[str, str], str | None] = {}
    by_language: dict[str, list[tuple[str, tuple[Salary, ...]]]] = {}
    for page in pages:
        by_language.setdefault(page.ref.lang, []).append((page.ref.role, page.factbox.salary if page.factbox else ()))
    for lang, entries in by_language.items():
        anchors.update(((lang, role), anchor) for role, anchor in shared_anchors(entries).items())
    return tuple(
        page if page.compare == (anchor := anchors[(page.ref.lang, page.ref.role)]) else replace(page, compare=anchor)
        for page in pages
    )


def link_inputs(content: Content) -> tuple[object, ...]:
    """What of the content `link` reads besides the articles' and fact boxes' other fields: two contents with equal
    inputs link alike (see `link_again`)."""
    return (
        content.roles,
        content.config.languages,
        tuple(content.factboxes),
        tuple((a.lang, a.slug, a.role, a.title, a.draft) for a in content.articles),
    )


def link_again(previous: Site, content: Content) -> Site:
    """`link(content)` for content whose `link_inputs` are those of the content `previous` was linked from: its links
    are kept and only its pages' articles and fact boxes replaced, which costs a lookup per page, not a new site."""
    articles = {(a.lang, a.slug): a for a in content.articles}
    pages, boxes_changed = [], False
    for page in previous.pages:
        article, box = articles[(page.ref.lang, page.ref.slug)], content.factboxes.get((page.ref.lang, page.ref.role))
        boxes_changed |= box is not page.factbox
        pages.append(
            page if article is page.article and box is page.factbox else replace(page, article=article, factbox=box)
        )
    # Only a fact box can move what the comparison sets beside what; a saved article keeps every page's link.
    return Site(content, _with_comparison(pages) if boxes_changed else tuple(pages), previous.refs)


_ROLE_LINK = re.compile(r'<a href="(?i:role):([^"]*)">(.*?)</a>', re.S)
_ROLE_HREF = re.compile(r'href="role:', re.I)


def role_reference(href: str) -> str | None:
    """What a `role:` link names (`id` or `id#fragment`), the scheme in any case (`ROLE:`, `Role:`); None for other
    links."""
    return href[len(ROLE_SCHEME) :] if href[: len(ROLE_SCHEME)].lower() == ROLE_SCHEME else None


@dataclass(frozen=True)
class LinkTargets:
    """What the role: links of a body resolve against: the register's role ids and each published page's slug."""

    roles: frozenset[str]
    slugs: dict[str, dict[str, str]]
    """Language -> role id -> the slug of the role's page in that language (as the manifest keeps it)."""

    @classmethod
    def of(cls, site: Site) -> LinkTargets:
        """The targets of a linked site."""
        slugs: dict[str, dict[str, str]] = {}
        for (lang, role_id), ref in sorted(site.refs.items()):
            slugs.setdefault(lang, {})[role_id] = ref.slug
        return cls(frozenset(site.content.roles), slugs)

    def slug(self, lang: str, role_id: str) -> str | None:
        """The slug of the role's page in `lang`, if it has one."""
        return self.slugs.get(lang, {}).get(role_id)

    def resolution(self, lang: str, role_id: str) -> str:
        """What a `role:` link to `role_id` on a page in `lang` resolves to, in one string: unregistered, no page, or
        the page's slug."""
        return "unregistered" if role_id not in self.roles else f"/{self.slug(lang, role_id) or ''}"


def body_html(
    body: str, lang: str, body_line: int, source: Source, targets: LinkTargets
) -> tuple[str, list[ContentError], tuple[str, ...]]:
    """An article's Markdown `body` (its file from line `body_line` on) as HTML, each role: link pointing
    at its page in `lang` or dropped with its text kept; with the problems, and the role ids the links named."""
    rendered = render_body(body, RESERVED_IDS)
    if not _ROLE_HREF.search(rendered):
        return rendered, [], ()
    problems: list[ContentError] = []
    named: dict[str, None] = {}
    lines: list[int] | None = None
    count = 0

    def resolve(match: re.Match[str]) -> str:
        nonlocal lines, count
        reference = html.unescape(match[1])
        named[reference.partition("#")[0]] = None
        target, problem = _target(reference, lang, targets)
        count += 1
        if problem is not None:
            if lines is None:  # where the links are written is only worth a second parse when one is wrong
                lines = [
                    line for href, line, image in body_links(body) if role_reference(href) is not None and not image
                ]
            line = body_line + lines[count - 1] if count <= len(lines) else body_line
            problems.append(ContentError(source.at(line), problem[0], warning=problem[1], strict=problem[2]))
        return match[2] if target is None else f'<a href="{html.escape(target)}">{match[2]}</a>'

    linked = _ROLE_LINK.sub(resolve, rendered)
    return linked, problems, tuple(named)


def _target(reference: str, lang: str, targets: LinkTargets) -> tuple[str | None, tuple[str, bool, str] | None]:
    """The relative URL of a role: link from a role page, and the problem (message, warning, message under
    --strict) when it has none."""
    role_id, _, fragment = reference.partition("#")
    if role_id not in targets.roles:
        return None, (f"role:{role_id}: no such role in the register; check the id", False, "")
    slug = targets.slug(lang, role_id)
    if slug is None:
        missing = f"role:{role_id}: the role has no page in {lang!r} yet"
        return None, (
            f"{missing}; the text stays unlinked",
            True,
            f"{missing}, which is an error under --strict; write its page in {lang!r}, or remove the link and keep "
            "the text",
        )
    return f"../{slug}/" + (f"#{fragment}" if fragment else ""), None
