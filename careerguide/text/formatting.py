"""Numbers, money, percentages, dates and country names in the page's locale (Babel), and hyphenation (Pyphen)."""

from __future__ import annotations

import datetime
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyphen
from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from careerguide.text.joints import pieces


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

    def currency(self, code: str) -> str:
        """A currency as the locale writes it beside an amount: `kr.` for DKK in Danish, `kr` for NOK in bokmål, `€`."""
        return get_currency_symbol(code, locale=self.locale)

    def region(self, code: str) -> str:
        """A country's name in the locale's language, e.g. `USA` for US in Danish."""
        return _region(self.locale, code)

    def language(self, code: str) -> str:
        """A language's name in the locale's language, as a source is said to be written in it: Norwegian's two
        written forms by the names readers know, `norsk`/`Norwegisch` for bokmål and `nynorsk`/`Nynorsk` for
        nynorsk, never CLDR's `Norwegisch (Bokmål)`, which would stand in brackets inside brackets."""
        names = _locale(self.locale).languages
        if code == "nb":
            return names.get("no", code)
        name = names.get(code, code)
        if code == "nn":
            inner = re.search(r"\((.+)\)", name)
            return inner[1] if inner else name.removeprefix(names.get("no", "") + " ")
        return name


def language_tag(locale: str) -> str:
    """The BCP 47 tag of the language a locale's text is in, for `lang` attributes: `nb` for nb_NO, `de` for de_DE.

    The territory is left out: it says where the readers are, not which language the text is in.
    """
    parsed = _locale(locale)
    return "-".join(part for part in (parsed.language, parsed.script) if part)


# Babel parses the locale and its patterns on every call; a guide repeats the same figures on many pages.
@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


@cache
def locale_territory(locale: str) -> str | None:
    """The country of a locale, e.g. DK for da_DK, or for a bare language its likeliest (CLDR): `de` -> DE."""
    parsed = _locale(locale)
    if parsed.territory:
        return parsed.territory
    likely = get_global("likely_subtags").get(parsed.language)
    return Locale.parse(likely).territory if likely else None


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


LONG = 18
"""Words this long may not fit a line of a heading on a phone; shorter ones always do."""
LONG_WORD = re.compile(rf"\w{{{LONG},}}")


_HYPHENATORS: dict[str, pyphen.Pyphen | None] = {}


def hyphenator(locale: str) -> pyphen.Pyphen | None:
    """The hyphenation dictionary of a locale, or None if there is none."""
    if locale not in _HYPHENATORS:
        found = pyphen.language_fallback(locale)
        if found and (path := pyphen.LANGUAGES[found]) not in pyphen.hdcache:  # where Pyphen looks for a loaded one
            pyphen.hdcache[path] = _LazyDictionary(Path(path))
        _HYPHENATORS[locale] = pyphen.Pyphen(lang=locale, left=4, right=4) if found else None
    return _HYPHENATORS[locale]


class _LazyDictionary(pyphen.HyphDict):
    """A Pyphen dictionary that parses each pattern the first time a word needs it.

    Pyphen parses all patterns as it loads a dictionary: German's 66,000 take 0.5 s of every large
    build, and a site hyphenates only its long words, which need a few hundred of them.
    """

    def __init__(self, path: Path):  # not super().__init__: that is the eager load this replaces
        raw = path.read_bytes()
        encoding = raw[: raw.index(b"\n")].decode().strip()
        text = raw.decode("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding)
        entries = [
            line for line in map(str.strip, text.split("\n")[1:]) if line and not line.startswith(pyphen.ignored)
        ]
        if "^^" in text:
            entries = [pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), line) for line in entries]
        stems = (
            [line.split("/", 1)[0] if "/" in line and "=" in line else line for line in entries]
            if "/" in text
            else entries
        )
        keys = _DIGITS.sub("", "\n".join(stems)).split("\n")
        lines: dict[str, str | tuple[str, ...]] = dict(zip(keys, entries, strict=True))
        if len(lines) < len(keys):  # letters that several lines share: parsed in turn, as Pyphen does
            shared: dict[str, list[str]] = {key: [] for key, count in Counter(keys).items() if count > 1}
            for key, line in zip(keys, entries, strict=True):
                if key in shared:
                    shared[key].append(line)
            lines.update((key, tuple(group)) for key, group in shared.items())
        self.lines = lines
        """The lines of each pattern by its letters, as Pyphen keys them; a tuple where several lines have the same
        letters."""
        self.patterns = self  # Pyphen's `positions` looks each pattern up with `patterns.get`
        self.parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        self.cache: dict[str, Any] = {}
        self.maxlen = max(map(len, lines), default=0)

    def get(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        """The pattern of these letters as Pyphen's own dictionary holds it: (offset, values), or None."""
        if key in self.parsed:
            return self.parsed[key]
        found = self.lines.get(key)
        if found is None:  # most letters looked up have no pattern; remembering them all grew each worker by 15 MB
            return None
        parsed = [_pattern(line) for line in ((found,) if isinstance(found, str) else found)]
        self.parsed[key] = next((pattern for pattern in reversed(parsed) if pattern is not None), None)
        return self.parsed[key]


_DIGITS = re.compile(r"\d")


def _pattern(line: str) -> tuple[int, tuple[int, ...]] | None:
    """One line of a dictionary parsed as Pyphen does: the offset of its first point and its values, None if all are
    0."""
    if "/" in line and "=" in line:
        line, alternative = line.split("/", 1)
        factory = pyphen.AlternativeParser(line, alternative)
    else:
        factory = int
    values = [factory(digit or "0") for digit, _ in pyphen.parse(line)]
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def pickled_hyphenators(locales: tuple[str, ...]) -> bytes:
    """The hyphenation dictionaries of these locales, loaded here and pickled: a large build has its worker
    helper load them (see `forking.Workers`), so that the workers share them, and takes them over pickled."""
    return pickle.dumps({locale: hyphenator(locale) for locale in locales}, protocol=pickle.HIGHEST_PROTOCOL)


def take_hyphenators(pickled: bytes | None) -> None:
    """Use the dictionaries `pickled_hyphenators` gave, where none is loaded yet."""
    try:
        loaded = pickle.loads(pickled) if pickled else {}
    except pickle.UnpicklingError:
        loaded = {}
    for locale, dictionary in loaded.items():
        _HYPHENATORS.setdefault(locale, dictionary)


def break_points(word: str, locale: str, words: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """Where a long word may be hyphenated: at its compound joints where the listed `words` show them (see
    `joints.pieces`), inside a piece only if it is long itself; else the dictionary's points. No piece under three
    letters.

    A joint between two listed pieces always counts; one beside letters the list does not know only where the
    dictionary breaks too (in Kundendienst, `kunde` is listed but kunde-ndienst is no joint).
    """
    cut = pieces(word, words) if words else None
    if cut is None:
        return tuple(_dictionary_points(word, locale))
    dictionary = set(_dictionary_points(word, locale))
    joints = [end for (_, end, known), (_, _, after) in pairwise(cut) if (known and after) or end in dictionary]
    points: list[int] = []
    for start, end in zip([0, *joints], [*joints, len(word)], strict=True):
        if end - start >= LONG:
            points += [start + point for point in _dictionary_points(word[start:end], locale)]
        points.append(end)
    return tuple(points[:-1])


def _dictionary_points(word: str, locale: str) -> list[int]:
    """The hyphenation dictionary's points in a word, none leaving a piece under three letters."""
    dictionary = hyphenator(locale)
    if dictionary is None or len(word) < 6:
        return []
    kept: list[int] = []
    for point in dictionary.positions(word):
        if int(point) - (kept[-1] if kept else 0) >= 3:
            kept.append(int(point))
    return [p for i, p in enumerate(kept) if (kept[i + 1] if i + 1 < len(kept) else len(word)) - p >= 3]


@lru_cache(maxsize=4096)
def hyphenate(text: str, locale: str, words: frozenset[str] = frozenset()) -> str:
    """The text with soft hyphens in its long words, so a compound like Kundeservicemedarbejder breaks on a phone;
    at the joints the listed `words` show (kunde-service-medarbejder), else where the dictionary says."""

    def soften(match: re.Match[str]) -> str:
        word = match.group()
        for point in reversed(break_points(word, locale, words)):
            word = word[:point] + "\u00ad" + word[point:]
        return word

    return LONG_WORD.sub(soften, text)


def syllables(word: str, locale: str, words: frozenset[str] = frozenset()) -> list[str]:
    """A word cut at its break points, for text in pictures, which does not hyphenate by itself."""
    points = [0, *break_points(word, locale, words), len(word)]
    return [word[a:b] for a, b in pairwise(points)]
