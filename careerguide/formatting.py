"""Numbers, money, percentages, dates and country names in the page's locale, by Babel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

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
        text = format_percent(value / 100, format="#,##0.# %" if not float(value).is_integer() else None, locale=self.locale)
        return ("+" + text) if signed and value > 0 else text

    def date(self, value: datetime.date) -> str:
        """A date written out, e.g. `1. november 2026`."""
        return format_date(value, "long", locale=self.locale)

    def region(self, code: str) -> str:
        """A country's name in the locale's language, e.g. `USA` for US in Danish."""
        return Locale.parse(self.locale).territories.get(code, code)

    def language(self, code: str) -> str:
        """A language's name in the locale's language."""
        return Locale.parse(self.locale).languages.get(code, code)


# Babel parses the locale's patterns on every call; a guide repeats the same figures on many pages.
@lru_cache(maxsize=65536)
def _money(locale: str, amount: float, currency: str) -> str:
    if float(amount).is_integer():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace("#,##0.00", "#,##0").replace("0.00", "0")
        return format_currency(int(amount), currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


@lru_cache(maxsize=65536)
def _number(locale: str, value: float) -> str:
    return format_decimal(value, locale=locale)
