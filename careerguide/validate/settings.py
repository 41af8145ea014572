"""site.yaml checked: the address, the languages with their locales and countries, the titles."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

from careerguide.model import sitespecs
from careerguide.model.content import Language, SiteConfig
from careerguide.model.errors import ContentError
from careerguide.model.yamltext import YamlDoc
from careerguide.text.formatting import locale_territory
from careerguide.validate.fields import Fields
from careerguide.validate.siteeditor import read_editor
from careerguide.validate.urls import base_url_problem

_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}


@cache
def iso_regions() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR's territories less its non-country codes."""
    codes = Locale("en").territories
    return (
        frozenset(code for code in codes if isinstance(code, str) and len(code) == 2 and code.isalpha())
        - _NOT_COUNTRIES
    )


def site_settings(doc: YamlDoc, problems: list[ContentError]) -> SiteConfig | None:
    """SiteConfig from a parsed site.yaml alone (None when it has problems, which go to `problems`), for tools that
    need only it."""
    return read_config(doc, problems)


def read_config(doc: YamlDoc, problems: list[ContentError]) -> SiteConfig | None:
    """SiteConfig from site.yaml."""
    site = Fields(doc, (), problems, sitespecs.SITE.names())
    if not site.ok:
        return None
    start = len(problems)
    base_url = site.text(
        "base_url", required=True, hint="the address the site is published at, e.g. https://example.org/karriere/"
    )
    if base_url and (problem := base_url_problem(base_url)):
        site.fail(("base_url",), problem)
    languages = _languages(site)
    codes = [lang.code for lang in languages]
    default = site.text("default_language", required=True, hint="one of the language codes")
    if default and codes and default not in codes:
        site.fail(("default_language",), f"{default!r} is not one of the languages ({', '.join(codes)})")
    named = site.raw("languages")
    titles = _titles(
        site,
        [code for code in named if re.match(sitespecs.LANGUAGE_CODE_PATTERN, str(code))]
        if isinstance(named, dict)
        else [],
    )
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
        site.missing(
            "languages", "map each language code to its name and locale, e.g. da: {name: Dansk, locale: da_DK}"
        )
        return []
    if not isinstance(raw, dict):
        site.fail(("languages",), "expected a mapping of language code to {name, locale}")
        return []
    languages = []
    for code in raw:
        if not re.match(sitespecs.LANGUAGE_CODE_PATTERN, code):
            site.fail(("languages", code), "a language code is two or three lower-case letters, e.g. da")
            continue
        entry = Fields(site.doc, ("languages", code), site.problems, sitespecs.LANGUAGE.names())
        name = entry.text("name", required=True, hint="the language's own name, e.g. Dansk")
        locale = entry.text("locale", required=True, hint="a locale such as da_DK")
        territory = None
        if locale:
            try:
                territory = locale_territory(locale)
            except (UnknownLocaleError, ValueError):
                entry.fail(
                    ("languages", code, "locale"),
                    f"{locale!r} is not a locale Babel knows; use e.g. da_DK, nb_NO, de_DE",
                )
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
            entry.fail(
                ("languages", code, "country"),
                f"{country!r} is not an ISO 3166-1 alpha-2 country code"
                + (f"; did you mean {close[0]}?" if close else " (DK, NO, DE, AT, CH, ...)"),
            )
            return None
        return country
    if locale is not None and not Locale.parse(locale).territory:
        example = territory or "DK"
        entry.fail(
            ("languages", code),
            f"the locale {locale!r} names no country; give the country its readers are in, e.g. "
            f"country: {example}, or a locale with one, e.g. {Locale.parse(locale).language}_{example}",
        )
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
    return {
        code: text
        for code in codes
        if (text := title.text(code, required=True, hint="the site's title in that language"))
    }
