"""Check everything that was loaded against the content contract and build the frozen Content."""

from __future__ import annotations

import datetime
import re
from typing import Any
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import is_currency

from careerguide.model.errors import ContentError, Source
from careerguide.validate.factbox import read_fact_box
from careerguide.validate.figures import AgeLimit
from careerguide.validate.fields import Fields, suggestion
from careerguide.text.formatting import locale_territory
from careerguide.model.content import Article, Content, Language, Role, SiteConfig, Theme
from careerguide.model.raw import RawArticle, RawSite
from careerguide.validate.sections import read_sections
from careerguide.validate.urls import base_url_problem
from careerguide.validate.uistrings import merge_strings
from careerguide.model.yamltext import YamlDoc
from careerguide.model import specs
from careerguide.validate.siteeditor import read_editor

SLUG = re.compile(specs.SLUG_PATTERN)
DESCRIPTION_LIMIT = specs.DESCRIPTION_LIMIT
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}


@cache
def iso_regions() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR's territories less its non-country codes."""
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha()) - _NOT_COUNTRIES


def validate(raw: RawSite, memo: dict | None = None, *, year: int | None = None) -> tuple[Content | None, list[ContentError]]:
    """The validated Content (None when it cannot be built at all) and every problem found.

    `memo` keeps each file's result by its loaded object, for a process that validates again and again;
    `year` is the one statistics are aged against (by default the one the load found, see `load.reference_year`).
    """
    problems = list(raw.problems)
    year = raw.year if year is None else year
    settings = _Memo(memo, (), problems)
    config = settings(raw.config, _config, raw.config) if raw.config else None
    # None when the register is missing or unreadable: its own error says so, and checking every
    # article's and fact box's role against it would bury that error under one for each of them.
    register = settings(raw.register, _register, raw.register) if raw.register else None
    roles = register if register is not None else {}
    if config is None:
        return None, problems
    codes = {lang.code for lang in config.languages}
    for code, source in raw.content_langs:
        if code not in codes:
            problems.append(ContentError(source, f"{code!r} is not a language of site.yaml ({', '.join(sorted(codes))}); rename the folder or add the language"))
    theme = _theme(raw, config, problems)
    ages = AgeLimit(year, config.stale_after_years) if year is not None else None
    remembered = _Memo(memo, (tuple(register) if register is not None else None, ages), problems)
    articles = [a for a in (remembered(r, _article, r, register) for r in raw.articles if r.lang in codes) if a]
    _check_duplicates(articles, problems)
    _check_page_slugs(raw, config, theme, articles, problems)
    boxes = {}
    for box in raw.factboxes:
        if box.lang in codes and (fact_box := remembered(box, read_fact_box, box, register, regions=iso_regions(), is_currency=_is_currency, ages=ages)):
            boxes[(box.lang, box.role)] = fact_box
    remembered.forget_the_rest(keep=settings.used)
    if register and raw.register:
        _check_no_page(raw.register, register, codes, {(a.lang, a.role) for a in articles if not a.draft}, problems)
    with_article = {(r.lang, r.front.value.get("role")) for r in raw.articles if r.front and isinstance(r.front.value, dict) and isinstance(r.front.value.get("role"), str)}
    # An article whose role cannot be read (no front matter, broken YAML, an id not in the register) may be
    # the one that names the fact box's role: its own error says what to fix, and the fact boxes of its
    # language are not also reported as without an article.
    unread = {r.lang for r in raw.articles
              if not (r.front and isinstance(r.front.value, dict) and isinstance(r.front.value.get("role"), str) and r.front.value["role"] in roles)}
    unread |= {parts[1] for p in raw.problems if not p.warning and len(parts := p.source.path.split("/")) == 3
               and parts[0] == "content" and parts[2].endswith(".md")}
    for (lang, role), box in sorted(boxes.items()):
        if (lang, role) not in with_article and role in roles and lang not in unread:
            orphan = f"fact box of {role!r} has no article in {lang!r}"
            problems.append(ContentError(box.source, f"{orphan}; it is not published until content/{lang}/<slug>.md names role: {role}", warning=True,
                                         strict=f"{orphan}, which is an error under --strict; write content/{lang}/<slug>.md with role: {role}, "
                                                f"or move the fact box out of data/{lang}/"))
    return Content(config, roles, tuple(sorted(articles, key=lambda a: (a.lang, a.slug))), dict(sorted(boxes.items())), theme, raw.root, raw.files), problems


class _Memo:
    """Calls a per-file check, or repeats its remembered result and problems for the same loaded file."""

    def __init__(self, memo: dict | None, depends: tuple, problems: list[ContentError]):
        self.memo = memo
        self.roles = hash(depends)
        """What every file's check also read: the register's role ids and the age limit of statistics."""
        self.problems = problems
        self.used: set[tuple] = set()

    def __call__(self, item: object, check, *args, **kwargs):
        key = (id(item), self.roles)
        known = self.memo.get(key) if self.memo is not None else None
        if known is not None and known[0] is item:
            self.used.add(key)
            self.problems.extend(known[2])
            return known[1]
        start = len(self.problems)
        result = check(*args, self.problems, **kwargs)
        if self.memo is not None:
            self.memo[key] = (item, result, self.problems[start:])
            self.used.add(key)
        return result

    def forget_the_rest(self, keep: set[tuple] = frozenset()) -> None:
        """Drop what belongs to files that are gone or changed."""
        if self.memo is not None:
            for key in set(self.memo) - self.used - keep:
                del self.memo[key]


def site_settings(doc: YamlDoc, problems: list[ContentError]) -> SiteConfig | None:
    """SiteConfig from a parsed site.yaml alone (None when it has problems, which go to `problems`), for tools that need only it."""
    return _config(doc, problems)


def _config(doc: YamlDoc, problems: list[ContentError]) -> SiteConfig | None:
    """SiteConfig from site.yaml."""
    site = Fields(doc, (), problems, specs.SITE.names())
    if not site.ok:
        return None
    start = len(problems)
    base_url = site.text("base_url", required=True, hint="the address the site is published at, e.g. https://example.org/karriere/")
    if base_url and (problem := base_url_problem(base_url)):
        site.fail(("base_url",), problem)
    languages = _languages(site)
    codes = [lang.code for lang in languages]
    default = site.text("default_language", required=True, hint="one of the language codes")
    if default and codes and default not in codes:
        site.fail(("default_language",), f"{default!r} is not one of the languages ({', '.join(codes)})")
    named = site.raw("languages")
    titles = _titles(site, [code for code in named if re.match(specs.LANGUAGE_CODE_PATTERN, str(code))] if isinstance(named, dict) else [])
    stale = site.number("stale_after_years", whole=True, minimum=1)
    editor = read_editor(site)
    if len(problems) > start or not base_url or not default:
        return None
    return SiteConfig(
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        default_language=default,
        title=titles,
        languages=tuple(languages),
        stale_after_years=stale or 5,
        editor=editor,
    )


def _languages(site: Fields) -> list[Language]:
    raw = site.raw("languages")
    if raw is None or raw == {}:
        site.missing("languages", "map each language code to its name and locale, e.g. da: {name: Dansk, locale: da_DK}")
        return []
    if not isinstance(raw, dict):
        site.fail(("languages",), "expected a mapping of language code to {name, locale}")
        return []
    languages = []
    for code in raw:
        if not re.match(specs.LANGUAGE_CODE_PATTERN, code):
            site.fail(("languages", code), "a language code is two or three lower-case letters, e.g. da")
            continue
        entry = Fields(site.doc, ("languages", code), site.problems, specs.LANGUAGE.names())
        name = entry.text("name", required=True, hint="the language's own name, e.g. Dansk")
        locale = entry.text("locale", required=True, hint="a locale such as da_DK")
        territory = None
        if locale:
            try:
                territory = locale_territory(locale)
            except (UnknownLocaleError, ValueError):
                entry.fail(("languages", code, "locale"), f"{locale!r} is not a locale Babel knows; use e.g. da_DK, nb_NO, de_DE")
                locale = None
        country = _country(entry, code, locale, territory)
        if name and locale and country:
            languages.append(Language(code, name, locale, country))
    return languages


def _country(entry: Fields, code: str, locale: str | None, territory: str | None) -> str | None:
    """The country a language's readers are in: its `country`, else the territory of its locale (da_DK -> DK)."""
    country = entry.text("country", hint="an ISO 3166-1 code such as DK, or remove the key to use the locale's country")
    if country is not None:
        if country not in iso_regions():
            close = [c for c in (country.upper(), territory) if c and c in iso_regions()]
            entry.fail(("languages", code, "country"), f"{country!r} is not an ISO 3166-1 alpha-2 country code"
                       + (f"; did you mean {close[0]}?" if close else " (DK, NO, DE, AT, CH, ...)"))
            return None
        return country
    if locale is not None and not Locale.parse(locale).territory:
        example = territory or "DK"
        entry.fail(("languages", code), f"the locale {locale!r} names no country; give the country its readers are in, e.g. "
                                        f"country: {example}, or a locale with one, e.g. {Locale.parse(locale).language}_{example}")
        return None
    return territory


def _titles(site: Fields, codes: list[str]) -> dict[str, str]:
    raw = site.raw("title")
    if isinstance(raw, str) and raw.strip():
        return {code: raw.strip() for code in codes}
    if not isinstance(raw, dict):
        if raw is None:
            site.missing("title", "the site's title per language, e.g. {da: Karriereguiden}")
        else:
            site.fail(("title",), "expected text or a mapping of language code to title")
        return {}
    title = Fields(site.doc, ("title",), site.problems, tuple(codes))
    return {code: text for code in codes if (text := title.text(code, required=True, hint="the site's title in that language"))}


def _register(doc: YamlDoc, problems: list[ContentError]) -> dict[str, Role] | None:
    """Roles from data/roles.yaml (None when it is no mapping); every id in `next` and `related` must be registered.

    A role whose entry has problems is still registered, without career steps, so that its
    articles and fact boxes do not each report it missing.
    """
    if doc.value is None:
        return {}
    if not isinstance(doc.value, dict):
        problems.append(ContentError(doc.source, "the register maps role ids to {isco, next, related}"))
        return None
    roles: dict[str, Role] = {}
    entries: dict[str, Fields] = {}
    for role_id in doc.value:
        if not SLUG.match(role_id):
            problems.append(ContentError(doc.at(role_id), f"{role_id!r}: invalid role id; use lower-case letters, digits and single hyphens"))
            continue
        if doc.value[role_id] is None:
            roles[role_id] = Role(role_id, doc.source)
            continue
        entry = Fields(doc, (role_id,), problems, specs.ROLE.names())
        if not entry.ok:
            roles[role_id] = Role(role_id, doc.source)
            continue
        isco = entry.raw("isco")
        if isinstance(isco, int) and not isinstance(isco, bool):
            isco = f"{isco:04d}"
        if isco is not None and not (isinstance(isco, str) and re.fullmatch(r"\d{1,4}", isco)):
            entry.fail((role_id, "isco"), f"{isco!r} is not an ISCO-08 code (one to four digits, quoted: \"4222\")")
            isco = None
        entries[role_id] = entry
        roles[role_id] = Role(role_id, doc.source, isco, entry.texts("next"), entry.texts("related"), _no_page(entry))
    for role_id, entry in entries.items():
        role = roles[role_id]
        for key in ("next", "related"):
            for index, other in enumerate(getattr(role, key)):
                if other not in roles:
                    others = tuple(known for known in roles if known != role_id)  # a role never leads to itself: not a fix to offer
                    entry.fail((role_id, key, index), f"{other!r} is not in the register" + suggestion(other, others, "known ids"))
                elif other == role_id:
                    entry.fail((role_id, key, index), "a role cannot lead to or relate to itself")
    return roles


def _no_page(entry: Fields) -> tuple[tuple[str, str], ...]:
    """The register's `no_page: {de: why}`: the languages a role deliberately has no page in, and why."""
    value = entry.raw("no_page")
    if not entry.has("no_page"):
        return ()
    if not isinstance(value, dict) or not value:
        entry.fail(entry.path + ("no_page",), "expected language codes with the reason the role has no page there, e.g. {de: No German source describes it}")
        return ()
    reasons = Fields(entry.doc, entry.path + ("no_page",), entry.problems, tuple(str(code) for code in value), value)
    why = "say why the role has no page in this language"
    return tuple((str(code), reason) for code in value if (reason := reasons.text(str(code), required=True, hint=why)))


def _check_no_page(doc: YamlDoc, roles: dict[str, Role], codes: set[str], published: set[tuple[str, str]],
                   problems: list[ContentError]) -> None:
    """A `no_page` language must be one of the site's, and a role that has a page there needs no reason."""
    for role in roles.values():
        for code, _ in role.no_page:
            source = doc.at(role.id, "no_page", code)
            if code not in codes:
                problems.append(ContentError(source, f"{role.id}.no_page.{code}: {code!r} is not a language of site.yaml ({', '.join(sorted(codes))})"))
            elif (code, role.id) in published:
                problems.append(ContentError(source, f"{role.id}.no_page.{code}: the role has a page in {code!r} now; remove this reason", warning=True))


def _theme(raw: RawSite, config: SiteConfig, problems: list[ContentError]) -> Theme:
    """Templates and per-language UI strings, the root's own strings replacing built-in ones key by key."""
    strings: dict[str, dict[str, Any]] = {}
    for lang in config.languages:
        merged = merge_strings(raw.strings.get(lang.code, ()), lang.locale, problems)
        if not merged:
            problems.append(ContentError(Source("site.yaml"), f"no UI strings for language {lang.code!r}; add templates/strings/{lang.code}.yaml"))
        strings[lang.code] = merged
    return Theme(dict(sorted(raw.templates.items())), strings, dict(sorted(raw.assets.items())))


@cache
def _is_currency(code: str) -> bool:
    """Whether Babel knows the ISO 4217 code (it lists every currency on each call)."""
    return is_currency(code)


def _article(raw: RawArticle, roles: dict[str, Role] | None, problems: list[ContentError]) -> Article | None:
    """An Article from its front matter, or None when it cannot be used; its role is checked unless the register is unknown (None)."""
    if not SLUG.match(raw.slug):
        problems.append(ContentError(raw.source, f"{raw.slug!r}: invalid slug in the file name; use lower-case letters, digits and single hyphens (æ→ae, ø→oe, å→aa)"))
        return None
    if raw.front is None:
        return None
    front = Fields(raw.front, (), problems, specs.FRONT_MATTER.names())
    if not front.ok:
        return None
    start = len(problems)
    role = front.text("role", required=True, hint="the role's id in data/roles.yaml")
    if role and roles is not None and role not in roles:
        front.fail(("role",), f"{role!r} is not in data/roles.yaml" + suggestion(role, tuple(roles), "known ids"))
    title = front.text("title", required=True, hint="the role's title in this language")
    description = front.text("description", required=True, max_length=DESCRIPTION_LIMIT, hint="one sentence for search results, at most 160 characters")
    updated = _date(front, "updated")
    draft = front.flag("draft")
    sections = read_sections(front)
    if len(problems) > start or not (role and title and description):
        return None
    return Article(raw.lang, raw.slug, role, title, description, raw.body_line, raw.source, updated, draft, raw.digest, raw.mentions,
                   raw.front_digest, links=raw.links, sections=sections)



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


def _check_page_slugs(raw: RawSite, config: SiteConfig, theme: Theme, articles: list[Article], problems: list[ContentError]) -> None:
    """Each such page has a valid slug per language, and no article takes it."""
    for lang in config.languages:
        docs = [doc for doc in raw.strings.get(lang.code, ()) if isinstance(doc.value, dict)]
        for key, page in PAGE_SLUGS.items():
            slug = theme.strings[lang.code].get(key)
            if slug is None:
                problems.append(ContentError(Source(f"templates/strings/{lang.code}.yaml"), f"{key}: is missing; the address of {page}, e.g. {key}: {key.split('_slug')[0].replace('_', '-')}"))
            elif not SLUG.match(slug):
                where = next(doc.at(key) for doc in reversed(docs) if key in doc.value)
                problems.append(ContentError(where, f"{key}: {slug!r} is not a valid slug; use lower-case letters, digits and single hyphens"))
    for article in articles:
        for key, page in PAGE_SLUGS.items():
            if theme.strings[article.lang].get(key) == article.slug:
                problems.append(ContentError(article.source, f"{article.slug!r} is the address of {page} (/{article.lang}/{article.slug}/); rename the file"))


def _check_duplicates(articles: list[Article], problems: list[ContentError]) -> None:
    first: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.source.path):
        key = (article.lang, article.role)
        if key in first:
            problems.append(ContentError(article.source, f"a second article for role {article.role!r} in {article.lang!r}; {first[key].source.path} is the first; keep one"))
        else:
            first[key] = article
