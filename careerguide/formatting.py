"""Numbers, money, percentages, dates and country names in the page's locale (Babel), and hyphenation (Pyphen)."""

from __future__ import annotations

import datetime
import pickle
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent


@dataclass(frozen=True)
class LocaleFormat:
    """Formatting for one locale, e.g. `da_DK`: 31.250 kr. / 452 000 kr / 12,83 $."""

    locale: str

    def money(self, amount: float, currency: str) -> str:
        """An amount with its currency; whole amounts without decimals."""
        return _money(self.locale, amount, currency)

    def number(self, value: float) -> str:
        """A number with the locale's grouping and decimal signs."""
        return _number(self.locale, value)

    def percent(self, value: float, *, signed: bool = False) -> str:
        """A percentage given in percent (8 -> `8 %`), with a plus sign if asked."""
        text = _percent(self.locale, value)
        return ("+" + text) if signed and value > 0 else text

    def date(self, value: datetime.date) -> str:
        """A date written out, e.g. `1. november 2026`."""
        return _date(self.locale, value)

    def region(self, code: str) -> str:
        """A country's name in the locale's language, e.g. `USA` for US in Danish."""
        return _region(self.locale, code)

    def language(self, code: str) -> str:
        """A language's name in the locale's language."""
        return _locale(self.locale).languages.get(code, code)


# Babel parses the locale and its patterns on every call; a guide repeats the same figures on many pages.
@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


@lru_cache(maxsize=4096)
def _region(locale: str, code: str) -> str:
    return _locale(locale).territories.get(code, code)


@lru_cache(maxsize=65536)
def _percent(locale: str, value: float) -> str:
    return format_percent(value / 100, format="#,##0.# %" if not float(value).is_integer() else None, locale=locale)


@lru_cache(maxsize=65536)
def _date(locale: str, value: datetime.date) -> str:
    return format_date(value, "long", locale=locale)


@lru_cache(maxsize=65536)
def _money(locale: str, amount: float, currency: str) -> str:
    if float(amount).is_integer():
        pattern = _locale(locale).currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace("#,##0.00", "#,##0").replace("0.00", "0")
        return format_currency(int(amount), currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


@lru_cache(maxsize=65536)
def _number(locale: str, value: float) -> str:
    return format_decimal(value, locale=locale)


LONG_WORD = re.compile(r"\w{18,}")
"""Words this long may not fit a line of a heading on a phone; shorter ones always do."""


_HYPHENATORS: dict[str, pyphen.Pyphen | None] = {}


def hyphenator(locale: str) -> pyphen.Pyphen | None:
    """The hyphenation dictionary of a locale (loading German's takes about 0.8 s), or None if there is none."""
    if locale not in _HYPHENATORS:
        _HYPHENATORS[locale] = pyphen.Pyphen(lang=locale, left=4, right=4) if pyphen.language_fallback(locale) else None
    return _HYPHENATORS[locale]


def pickled_hyphenators(locales: tuple[str, ...]) -> bytes:
    """The hyphenation dictionaries of these locales, loaded here and pickled: loading German's takes
    about 0.8 s, so a large build has a helper process do it while this one checks the site (see
    `forking.Workers`), and takes them over pickled (50 ms)."""
    return pickle.dumps({locale: hyphenator(locale) for locale in locales}, protocol=pickle.HIGHEST_PROTOCOL)


def take_hyphenators(pickled: bytes | None) -> None:
    """Use the dictionaries `pickled_hyphenators` gave, where none is loaded yet."""
    try:
        loaded = pickle.loads(pickled) if pickled else {}
    except pickle.UnpicklingError:
        loaded = {}
    for locale, dictionary in loaded.items():
        _HYPHENATORS.setdefault(locale, dictionary)


def break_points(word: str, locale: str) -> list[int]:
    """Where a long word may be hyphenated: the dictionary's points, none leaving a piece under three letters."""
    dictionary = hyphenator(locale)
    if dictionary is None or len(word) < 6:
        return []
    kept: list[int] = []
    for point in dictionary.positions(word):
        if int(point) - (kept[-1] if kept else 0) >= 3:
            kept.append(int(point))
    return [p for i, p in enumerate(kept) if (kept[i + 1] if i + 1 < len(kept) else len(word)) - p >= 3]


@lru_cache(maxsize=4096)
def hyphenate(text: str, locale: str) -> str:
    """The text with soft hyphens in its long words, so a compound like Kundeservicemedarbejder breaks on a phone."""
    def soften(match: re.Match[str]) -> str:
        word = match.group()
        for point in reversed(break_points(word, locale)):
            word = word[:point] + "\u00ad" + word[point:]
        return word
    return LONG_WORD.sub(soften, text)


def syllables(word: str, locale: str) -> list[str]:
    """A word cut at its break points, for text in pictures, which does not hyphenate by itself."""
    points = [0, *break_points(word, locale), len(word)]
    return [word[a:b] for a, b in zip(points, points[1:])]
