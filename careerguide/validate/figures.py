"""Salary figures of one fact box checked against each other and for their age, as warnings an editor can answer with a
note."""

from __future__ import annotations

from dataclasses import dataclass

from careerguide.model.content import STATISTICS, Salary
from careerguide.model.errors import ContentError
from careerguide.model.yamltext import YamlDoc
from careerguide.validate.fields import dotted

TOLERANCE = 0.10
"""How far a monthly figure ×12 may lie outside a yearly range before the two are said to disagree."""
CHECK = "check the figures against the source, or say in a note why they differ"
RANGE_WORDS = {"typical": "usual yearly range", "full": "yearly range from lowest to highest", None: "yearly range"}


@dataclass(frozen=True, slots=True)
class AgeLimit:
    """The year statistics are aged against and how many years they stay current (site.yaml's stale_after_years)."""

    year: int
    stale_after: int


def cross_check(doc: YamlDoc, salaries: tuple[Salary, ...], ages: AgeLimit | None) -> list[ContentError]:
    """Warnings about figures that disagree or are old; each one acknowledged when its entry has a note."""
    problems: list[ContentError] = []

    def warn(index: int, key: str | None, message: str, *, noted: bool, fix: str = CHECK) -> None:
        path = ("salary", index) + ((key,) if key else ())
        suffix = " (acknowledged by its note)" if noted else f"; {fix}"
        problems.append(
            ContentError(doc.at(*path), f"{dotted(path)}: {message}{suffix}", warning=True, acknowledged=noted)
        )

    for index, salary in enumerate(salaries):
        for key, message in _outside_own_range(salary):
            warn(index, key, message, noted=bool(salary.note))
        if ages is not None and (age := _age(salary, ages)):
            warn(index, "year", age, noted=bool(salary.note), fix="give newer figures, or say in a note why these stay")
        for other_index, other in enumerate(salaries):
            if found := _month_against_year(salary, other):
                key, message = found
                warn(index, key, f"{message} of salary[{other_index + 1}]", noted=bool(salary.note or other.note))
    return problems


def _outside_own_range(salary: Salary) -> list[tuple[str, str]]:
    """A median or mean outside the entry's own low–high."""
    low, high = salary.figure("low"), salary.figure("high")
    if low is None or high is None:
        return []
    return [
        (key, f"{key} {amount(value)} lies outside this entry's own low–high ({amount(low)}–{amount(high)})")
        for key in ("median", "mean")
        if (value := salary.figure(key)) is not None and not low <= value <= high
    ]


def _age(salary: Salary, ages: AgeLimit) -> str | None:
    """How old a statistic is, when older than the limit."""
    year = salary.known_year
    if year is None or not any(key in STATISTICS for key, _ in salary.figures) or ages.year - year <= ages.stale_after:
        return None
    return (
        f"{year} is {ages.year - year} years before {ages.year}; statistics are stale after {ages.stale_after} years "
        "(stale_after_years in site.yaml)"
    )


def _month_against_year(month: Salary, year: Salary) -> tuple[str, str] | None:
    """The first monthly figure whose ×12 lies more than TOLERANCE outside a yearly range of the same region and
    currency."""
    if (month.period, year.period) != ("month", "year") or (month.region, month.currency) != (
        year.region,
        year.currency,
    ):
        return None
    low, high = year.figure("low"), year.figure("high")
    if low is None or high is None:
        return None
    for key, value in month.figures:
        yearly = value * 12
        if yearly > high * (1 + TOLERANCE) or yearly < low * (1 - TOLERANCE):
            side = "above" if yearly > high else "below"
            return key, (
                f"{key} {amount(value)} a month ×12 is {amount(yearly)}, more than {TOLERANCE:.0%} {side} the "
                f"{RANGE_WORDS[year.range]} {amount(low)}–{amount(high)}"
            )
    return None


def amount(value: float) -> str:
    """An amount in a message: whole amounts without decimals, thousands apart (41 080)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{int(value):,}"
    return text.replace(",", " ")
