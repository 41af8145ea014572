"""Salary entries in the page's words: what kind of figure each is, its period, year, country and note, and its chart
row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from careerguide.model.content import STATISTICS, UNSTATED, FactBox, Salary
from careerguide.render.charts import RangeRow
from careerguide.text.formatting import LocaleFormat
from careerguide.text.wording import group_words


@dataclass(frozen=True)
class SalaryWords:
    """Salary figures worded for one page: its UI strings, its locale and the country its readers are in."""

    strings: Mapping[str, str]
    fmt: LocaleFormat
    country: str

    def money(self, salary: Salary, amount: float) -> str:
        """An amount in the salary's currency."""
        return self.fmt.money(amount, salary.currency)

    def period(self, salary: Salary) -> str:
        """`pr. måned`, or that the source gives no period."""
        return self.strings["per_" + salary.period] if salary.stated_period else self.strings["period_unstated"]

    def period_phrase(self, salary: Salary) -> str:
        """The period as it follows an amount or a currency: `pr. måned`, or `(periode ikke oplyst af kilden)`."""
        return self.period(salary) if salary.stated_period else f"({self.period(salary)})"

    def year(self, salary: Salary) -> str:
        """The year the figures describe, or that it is not given."""
        return str(salary.known_year) if salary.known_year else self.strings["year_unstated"]

    def country_name(self, salary: Salary) -> str | None:
        """The country's name where it is not the page's own."""
        return self.fmt.region(salary.region) if salary.region != self.country else None

    def group(self, salary: Salary, role: str = "") -> str:
        """What the figures cover: the group, the country if foreign, the year; nothing that repeats the `role`'s title
        or the country (see `wording.group_words`)."""
        return group_words(salary.label, self.country_name(salary), self.year(salary), role=role)

    def heading(self, salary: Salary, role: str = "") -> str:
        """The group as a heading that stands alone: like `group`, but naming the page's own country too, so a figure
        without label and year reads `Danmark, år ikke oplyst` rather than a bare `år ikke oplyst`."""
        return group_words(salary.label, self.fmt.region(salary.region), self.year(salary), role=role)

    def _with_period(self, salary: Salary, text: str) -> str:
        return f"{text} {self.period_phrase(salary)}"

    def range_text(self, salary: Salary) -> str | None:
        """low–high in the words of its kind: the usual span, lowest to highest, or (kind not given) only the span."""
        low, high = salary.figure("low"), salary.figure("high")
        if low is None or high is None:
            return None
        pattern = self.strings["range_" + (salary.range or UNSTATED)]
        return pattern.format(low=self.money(salary, low), high=self.money(salary, high))

    def figures(self, salary: Salary) -> list[dict[str, str]]:
        """Every figure of an entry as a phrase with its period: the range first, then each statistic by its name."""
        lines = []
        if (span := self.range_text(salary)) is not None:
            lines.append(
                {
                    "key": "range",
                    "label": self.strings["range_kind_" + (salary.range or UNSTATED)],
                    "value": span,
                    "text": self._with_period(salary, span),
                }
            )
        for key, amount in salary.figures:
            if key in STATISTICS or (key in ("low", "high") and span is None):
                value = self.money(salary, amount)
                lines.append(
                    {
                        "key": key,
                        "label": self.strings[key],
                        "value": value,
                        "text": self._with_period(salary, f"{self.strings[key]} {value}"),
                    }
                )
        return lines

    def headline(self, salary: Salary) -> str:
        """The one figure a reader wants first: the median, else the mean, else the range, else the first there is."""
        by_key = {line["key"]: line["text"] for line in self.figures(salary)}
        for key in ("median", "mean", "range"):
            if key in by_key:
                return by_key[key]
        low, high = salary.figure("p25"), salary.figure("p75")
        if low is not None and high is not None:
            span = f"{self.strings['middle_half']} {self.money(salary, low)}–{self.money(salary, high)}"
            return self._with_period(salary, span)
        return next(iter(by_key.values()))

    def row(self, salary: Salary, label: str = "") -> RangeRow:
        """The entry as a chart row: its range drawn as its kind, the middle half, the median or mean as its own
        mark."""
        given = dict(salary.figures)
        both = "low" in given and "high" in given
        middle = "p25" in given and "p75" in given
        mark_key = next((key for key in ("median", "mean") if key in given), None)
        if mark_key is None and not both and not middle:
            mark_key = salary.figures[0][0]  # a lone figure is a dot
        return RangeRow(
            label=label,
            low=given["low"] if both else None,
            high=given["high"] if both else None,
            inner_low=given["p25"] if middle else None,
            inner_high=given["p75"] if middle else None,
            mark=given[mark_key] if mark_key else None,
            text="; ".join(line["text"] for line in self.figures(salary)),
            kind=(salary.range or UNSTATED) if both else "",
            mark_kind=mark_key or "",
        )

    def entry(self, salary: Salary, role: str = "") -> dict[str, Any]:
        """An entry for a template: its heading (the group it covers, always with its country), its figures, its year,
        its note and its source."""
        return {
            "group": self.heading(salary, role),
            "figures": self.figures(salary),
            "year": self.year(salary),
            "country": self.country_name(salary),
            "note": salary.note,
            "source": salary.source,
            "period": self.period(salary),
        }

    def quick_fact(self, box: FactBox, role: str = "") -> dict[str, str]:
        """The salary of the quick-facts box: the first figure of the page's country; where there is none, a plain
        sentence saying so and the most recent figure of another country, labelled with its country and year; a fact
        box without any salary says plainly that its sources have no figure of the page's country. The figure's note
        stands with it in the salary section below, once."""
        none_local = self.strings["salary_none_local"].format(country=self.fmt.region(self.country))
        source = self.strings.get("source_in_note") or self.strings["source"]
        if not box.salary:
            return {"label": self.strings["salary"], "value": none_local, "note": ""}
        own = [salary for salary in box.salary if salary.region == self.country]
        if own:
            salary = own[0]
            details = group_words(salary.label, None, self.year(salary), role=role)
            return {
                "label": self.strings["salary"],
                "value": self.headline(salary),
                "note": f"({details}; {source}: {salary.source})",
            }
        latest = max(enumerate(box.salary), key=lambda item: (item[1].known_year or 0, -item[0]))[1]
        details = group_words(latest.label, self.fmt.region(latest.region), self.year(latest), role=role)
        elsewhere = self.strings["salary_elsewhere"].format(figure=self.headline(latest))
        return {
            "label": self.strings["salary"],
            "value": none_local,
            "note": f"{elsewhere} ({details}; {source}: {latest.source})",
        }


def headline_value(salary: Salary) -> float:
    """One number to sort salaries by: the median or mean, else the middle of its range, else its first figure."""
    for key in ("median", "mean"):
        if (value := salary.figure(key)) is not None:
            return value
    for low_key, high_key in (("low", "high"), ("p25", "p75")):
        low, high = salary.figure(low_key), salary.figure(high_key)
        if low is not None and high is not None:
            return (low + high) / 2
    return salary.figures[0][1]
