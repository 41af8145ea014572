"""Check everything that was loaded against the content contract and build the frozen Content."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, Protocol, TypeVar

from babel.numbers import is_currency

from careerguide.model import specs
from careerguide.model.content import Article, Content, FactBox, Role, SiteConfig, Theme
from careerguide.model.errors import ContentError, Source
from careerguide.model.raw import RawArticle, RawSite
from careerguide.validate.factbox import read_fact_box
from careerguide.validate.fields import Fields, suggestion
from careerguide.validate.figures import AgeLimit
from careerguide.validate.register import check_no_page, read_register
from careerguide.validate.sections import read_sections
from careerguide.validate.settings import iso_regions, read_config
from careerguide.validate.uistrings import merge_strings

DESCRIPTION_LIMIT = specs.DESCRIPTION_LIMIT
T = TypeVar("T")


class FileCheck(Protocol):
    """How validation checks each file: `check(*args, problems, **kwargs)` for the file loaded as `item`, whose result
    depends besides it on `depends` only (see `each_file`; the incremental layer passes one that remembers)."""

    def __call__(
        self,
        problems: list[ContentError],
        item: object,
        depends: Hashable,
        check: Callable[..., T],
        *args: Any,
        **kwargs: Any,
    ) -> T: ...


def each_file(
    problems: list[ContentError], item: object, depends: Hashable, check: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Check a file: the check, called."""
    return check(*args, problems, **kwargs)


def validate(
    raw: RawSite, *, year: int | None = None, each: FileCheck = each_file
) -> tuple[Content | None, list[ContentError]]:
    """The validated Content (None when it cannot be built at all) and every problem found.

    `year` is the one statistics are aged against (by default the one the load found, see `load.reference_year`);
    every file is checked through `each` (see `FileCheck`).
    """
    problems = list(raw.problems)
    year = raw.year if year is None else year
    config = each(problems, raw.config, (), read_config, raw.config) if raw.config else None
    # None when the register is missing or unreadable: its own error says so, and checking every
    # article's and fact box's role against it would bury that error under one for each of them.
    register = each(problems, raw.register.parts, (), read_register, raw.register) if raw.register else None
    roles = register if register is not None else {}
    if config is None:
        return None, problems
    codes = {lang.code for lang in config.languages}
    _check_content_languages(raw, codes, problems)
    theme = _theme(raw, config, problems)
    ages = AgeLimit(year, config.stale_after_years) if year is not None else None
    depends = (tuple(register) if register is not None else None, ages)  # what every file's check also reads
    articles = [
        a for a in (each(problems, r, depends, _article, r, register) for r in raw.articles if r.lang in codes) if a
    ]
    _check_duplicates(articles, problems)
    _check_page_slugs(raw, config, theme, articles, problems)
    boxes = {}
    for box in raw.factboxes:
        if box.lang in codes and (
            fact_box := each(
                problems,
                box,
                depends,
                read_fact_box,
                box,
                register,
                regions=iso_regions(),
                is_currency=_is_currency,
                ages=ages,
            )
        ):
            boxes[(box.lang, box.role)] = fact_box
    if register and raw.register:
        check_no_page(raw.register, register, codes, {(a.lang, a.role) for a in articles if not a.draft}, problems)
    _check_orphan_boxes(raw, roles, boxes, problems)
    return Content(
        config,
        roles,
        tuple(sorted(articles, key=lambda a: (a.lang, a.slug))),
        dict(sorted(boxes.items())),
        theme,
        raw.root,
        raw.files,
    ), problems


def _check_content_languages(raw: RawSite, codes: set[str], problems: list[ContentError]) -> None:
    """An error for each content folder of a language site.yaml does not have."""
    for code, source in raw.content_langs:
        if code not in codes:
            problems.append(
                ContentError(
                    source,
                    f"{code!r} is not a language of site.yaml ({', '.join(sorted(codes))}); rename the folder or add "
                    "the language",
                )
            )


def _check_orphan_boxes(
    raw: RawSite, roles: dict[str, Role], boxes: dict[tuple[str, str], FactBox], problems: list[ContentError]
) -> None:
    """A warning for each fact box whose role has no article in its language (it is not published)."""
    with_article = {
        (r.lang, r.front.value.get("role"))
        for r in raw.articles
        if r.front and isinstance(r.front.value, dict) and isinstance(r.front.value.get("role"), str)
    }
    # An article whose role cannot be read (no front matter, broken YAML, an id not in the register) may be
    # the one that names the fact box's role: its own error says what to fix, and the fact boxes of its
    # language are not also reported as without an article.
    unread = {
        r.lang
        for r in raw.articles
        if not (
            r.front
            and isinstance(r.front.value, dict)
            and isinstance(r.front.value.get("role"), str)
            and r.front.value["role"] in roles
        )
    }
    unread |= {
        parts[1]
        for p in raw.problems
        if not p.warning
        and len(parts := p.source.path.split("/")) == 3
        and parts[0] == "content"
        and parts[2].endswith(".md")
    }
    for (lang, role), box in sorted(boxes.items()):
        if (lang, role) not in with_article and role in roles and lang not in unread:
            orphan = f"fact box of {role!r} has no article in {lang!r}"
            problems.append(
                ContentError(
                    box.source,
                    f"{orphan}; it is not published until content/{lang}/<slug>.md names role: {role}",
                    warning=True,
                    strict=f"{orphan}, which is an error under --strict; write content/{lang}/<slug>.md with role: "
                    f"{role}, or move the fact box out of data/{lang}/",
                )
            )


def _theme(raw: RawSite, config: SiteConfig, problems: list[ContentError]) -> Theme:
    """Templates and per-language UI strings, the root's own strings replacing built-in ones key by key."""
    strings: dict[str, dict[str, str]] = {}
    hyphenation: dict[str, tuple[str, ...]] = {}
    for lang in config.languages:
        merged, hyphenation[lang.code] = merge_strings(raw.strings.get(lang.code, ()), lang.locale, problems)
        if not merged:
            problems.append(
                ContentError(
                    Source("site.yaml"),
                    f"no UI strings for language {lang.code!r}; add templates/strings/{lang.code}.yaml",
                )
            )
        strings[lang.code] = merged
    return Theme(dict(sorted(raw.templates.items())), strings, dict(sorted(raw.assets.items())), hyphenation)


@cache
def _is_currency(code: str) -> bool:
    """Whether Babel knows the ISO 4217 code (it lists every currency on each call)."""
    return is_currency(code)


def _article(raw: RawArticle, roles: dict[str, Role] | None, problems: list[ContentError]) -> Article | None:
    """An Article from its front matter, or None when it cannot be used; its role is checked unless the register is
    unknown (None)."""
    if not specs.SLUG.match(raw.slug):
        problems.append(
            ContentError(
                raw.source,
                f"{raw.slug!r}: invalid slug in the file name; use lower-case letters, digits and single hyphens "
                "(æ→ae, ø→oe, å→aa)",
            )
        )
        return None
    if raw.front is None:
        return None
    front = Fields(raw.front, (), problems, specs.FRONT_MATTER.names())
    if not front.ok:
        return None
    start = len(problems)
    role = front.text("role", required=True, hint="the role's id in the register")
    if role and roles is not None and role not in roles:
        front.fail(("role",), f"{role!r} is not in the register" + suggestion(role, tuple(roles), "known ids"))
    title = front.text("title", required=True, hint="the role's title in this language")
    description = front.text(
        "description",
        required=True,
        max_length=DESCRIPTION_LIMIT,
        hint="one sentence for search results, at most 160 characters",
    )
    updated = _date(front, "updated")
    draft = front.flag("draft")
    sections = read_sections(front)
    if len(problems) > start or not (role and title and description):
        return None
    return Article(
        raw.lang,
        raw.slug,
        role,
        title,
        description,
        raw.body_line,
        raw.source,
        updated,
        draft,
        raw.digest,
        raw.front_digest,
        links=raw.links,
        sections=sections,
    )


def _date(fields: Fields, key: str) -> datetime.date | None:
    value = fields.text(key)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        fields.fail((key,), f"{value!r} is not an ISO date; write it as 2026-11-01")
        return None


PAGE_SLUGS = {"comparison_slug": "the salary comparison page", "career_map_slug": "the career map page"}
"""UI strings that are the addresses of pages the site makes beside the role pages."""


def _check_page_slugs(
    raw: RawSite, config: SiteConfig, theme: Theme, articles: list[Article], problems: list[ContentError]
) -> None:
    """Each such page has a valid slug per language, and no article takes it."""
    for lang in config.languages:
        docs = [doc for doc in raw.strings.get(lang.code, ()) if isinstance(doc.value, dict)]
        for key, page in PAGE_SLUGS.items():
            slug = theme.strings[lang.code].get(key)
            if slug is None:
                problems.append(
                    ContentError(
                        Source(f"templates/strings/{lang.code}.yaml"),
                        f"{key}: is missing; the address of {page}, e.g. {key}: "
                        f"{key.split('_slug')[0].replace('_', '-')}",
                    )
                )
            elif not specs.SLUG.match(slug):
                where = next(doc.at(key) for doc in reversed(docs) if key in doc.value)
                problems.append(
                    ContentError(
                        where, f"{key}: {slug!r} is not a valid slug; use lower-case letters, digits and single hyphens"
                    )
                )
    for article in articles:
        for key, page in PAGE_SLUGS.items():
            if theme.strings[article.lang].get(key) == article.slug:
                problems.append(
                    ContentError(
                        article.source,
                        f"{article.slug!r} is the address of {page} (/{article.lang}/{article.slug}/); rename the file",
                    )
                )


def _check_duplicates(articles: list[Article], problems: list[ContentError]) -> None:
    first: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.source.path):
        key = (article.lang, article.role)
        if key in first:
            problems.append(
                ContentError(
                    article.source,
                    f"a second article for role {article.role!r} in {article.lang!r}; {first[key].source.path} is "
                    "the first; keep one",
                )
            )
        else:
            first[key] = article
