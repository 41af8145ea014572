"""What a shared link shows: Open Graph and Twitter card tags, and the card image each page names."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from babel import Locale

from careerguide.link import RolePage
from careerguide.model.content import Salary, SiteConfig
from careerguide.render.cards import HEIGHT, WIDTH, Card
from careerguide.text.formatting import locale_territory


@functools.cache
def og_locale(locale: str) -> str:
    """The Open Graph locale of a site locale, language_TERRITORY: da_DK, nb_NO, de_DE."""
    country = locale_territory(locale)
    language = Locale.parse(locale).language
    return f"{language}_{country}" if country else language


def country_figure(salaries: Sequence[Salary], country: str | None, headline: Callable[[Salary], str]) -> str | None:
    """The first salary of the page's own country in words, as the role page's quick facts word it (its kind of
    figure and its period, or that the source gives none), e.g. `31.250 kr. om måneden (median)`; None when the page
    has no figure of that country: a card shows no foreign figure."""
    salary = next((s for s in salaries if s.region == country), None)
    return headline(salary) if salary is not None else None


def site_card(config: SiteConfig, code: str, strings: dict[str, str]) -> Card:
    """The card of a language's pages other than role pages: the site, the language, the index heading."""
    return Card(
        strings.get("index_heading", "") or config.title.get(code, ""),
        config.title.get(code, ""),
        config.language(code).name,
    )


def role_card(page: RolePage, config: SiteConfig, headline: Callable[[Salary], str]) -> tuple[str, Card]:
    """Where a role page's card image goes below the output folder (beside the page), and what it shows."""
    lang = config.language(page.ref.lang)
    figure = country_figure(page.factbox.salary if page.factbox else (), lang.country, headline)
    card = Card(page.ref.title, config.title.get(lang.code, ""), lang.name, figure)
    return page.ref.path + card.file_name(), card


def social_context(
    config: SiteConfig, code: str, url: str, card: Card, card_path: str, kind: str = "website"
) -> dict[str, Any]:
    """What the theme's social.html shows of a page at `url`: og:type, og:locale, the image and its alt text.

    `locales` maps each hreflang a page may list (language code, or BCP 47 tag of its locale) to
    its Open Graph locale, so the template can name the page's other languages from its alternates.
    """
    locales: dict[str, str] = {}
    for language in config.languages:
        og = og_locale(language.locale)
        locales.update({language.code: og, language.locale.replace("_", "-"): og})
    return {
        "url": url,
        "type": kind,
        "locale": og_locale(config.language(code).locale),
        "locales": locales,
        "image": config.base_url + card_path,
        "image_width": WIDTH,
        "image_height": HEIGHT,
        "image_alt": card.alt(),
    }
