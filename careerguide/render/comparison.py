"""The salary comparison of one language: like beside like only, a chart per country, currency, period and kind
of figure with its legend in words, the figures of an unstated period in lists of their own, and the roles
without figures."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, overload

from markupsafe import Markup

from careerguide.link import RolePage
from careerguide.link.grouping import KINDS, PERIOD_ORDER, Group, groups, kinds
from careerguide.model.content import Salary
from careerguide.render.charts import range_chart
from careerguide.render.legend import legend
from careerguide.render.salaries import SalaryWords, headline_value
from careerguide.text.collate import sort_key
from careerguide.text.wording import group_words

CHART_DRAWN_UP_TO = 150
"""The most roles a comparison chart draws. Beyond that the picture is thousands of pixels tall, its text alternative
reads every figure as one description, and the page grows by megabytes; the list under it says the same in words."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One role's figures of one kind in one group: the entry cut down to what the group shows."""

    page: RolePage
    salary: Salary
    """The entry with only the figures of the group's kind (all of them in a list of an unstated period)."""


def collect(pages: Sequence[RolePage]) -> dict[Group, list[Entry]]:
    """Every role's figures by the group they stand in."""
    found: dict[Group, list[Entry]] = {}
    for page in pages:
        for salary in page.factbox.salary if page.factbox else ():
            shown = dict(kinds(salary))
            for group in groups(salary):
                keys = shown.get(group.kind) if group.charted else None
                cut = (
                    salary
                    if keys is None
                    else replace(salary, figures=tuple(f for f in salary.figures if f[0] in keys))
                )
                found.setdefault(group, []).append(Entry(page, cut))
    return found


def comparison_context(
    pages: Sequence[RolePage],
    words: SalaryWords,
    strings: Mapping[str, str],
    lang: str,
    number: Callable[[float], str],
    split: Callable[[str], list[str]],
) -> dict[str, Any]:
    """What comparison.html shows: `contents` (each group's anchor and heading), `groups` (charts), `unstated`
    (lists of figures without a period), `without` (roles with no figures), each group with its heading, anchor
    and rows."""
    found = collect(pages)

    def order(group: Group) -> tuple[object, ...]:
        return (
            group.region != words.country,
            sort_key(words.fmt.region(group.region), lang),
            group.currency,
            PERIOD_ORDER.index(group.period),
            KINDS.index(group.kind) if group.kind else -1,
        )

    charts, lists = [], []
    for group in sorted(found, key=order):
        entries = sorted(
            found[group], key=lambda entry: (-headline_value(entry.salary), sort_key(entry.page.ref.title, lang))
        )
        if group.charted:
            charts.append(Planned(group, entries, chart_heading(group, entries[0].salary, words, strings)))
        else:
            heading = strings["comparison_group"].format(
                region=words.fmt.region(group.region),
                currency=words.fmt.currency(group.currency),
                period=words.period_phrase(entries[0].salary),
            )
            lists.append(Planned(group, entries, heading))

    def rows(planned: Planned) -> list[dict[str, Any]]:
        return [_row(entry, words) for entry in planned.entries]

    def chart(planned: Planned) -> dict[str, Any]:
        return _chart(planned, rows(planned), words, strings, number, split)

    def listed(planned: Planned) -> dict[str, Any]:
        return {"id": planned.group.anchor, "heading": planned.heading, "rows": rows(planned)}

    without = [page.ref for page in pages if not (page.factbox and page.factbox.salary)]
    contents = [{"id": planned.group.anchor, "heading": planned.heading} for planned in charts + lists]
    return {
        "contents": contents,
        "groups": Sections(charts, chart),
        "unstated": Sections(lists, listed),
        "without": without,
    }


@dataclass(frozen=True, slots=True)
class Planned:
    """A group of the comparison as planned: its figures in order and its heading, its rows not yet in words."""

    group: Group
    entries: list[Entry]
    heading: str


class Sections(Sequence[dict[str, Any]]):
    """The comparison's groups, each put into words only when the template comes to it and let go after: at 5,000
    roles the rows and charts of every group at once were 50 MB, the page itself 24 MB."""

    def __init__(self, planned: list[Planned], made: Callable[[Planned], dict[str, Any]]) -> None:
        self._planned, self._made = planned, made

    def __len__(self) -> int:
        return len(self._planned)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._made(planned) for planned in self._planned[index]]
        return self._made(self._planned[index])

    def __add__(self, other: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """A theme's `groups + unstated`, as when both were lists (every group in words at once)."""
        return [*self, *other]

    def __radd__(self, other: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return [*other, *self]


def _row(entry: Entry, words: SalaryWords) -> dict[str, Any]:
    """A role's figures in words: which group of people and year, every figure, the note and the source."""
    ref, salary = entry.page.ref, entry.salary
    detail = group_words(salary.label, None, words.year(salary), role=ref.title)
    what = group_words(salary.label, None, None, role=ref.title)
    return {**words.entry(salary), "ref": ref, "detail": detail, "what": what, "label": f"{ref.title} ({detail})"}


def _chart(
    planned: Planned,
    rows: list[dict[str, Any]],
    words: SalaryWords,
    strings: Mapping[str, str],
    number: Callable[[float], str],
    split: Callable[[str], list[str]],
) -> dict[str, Any]:
    """One chart of a kind of figure, its legend in words with the shapes it draws, and its rows in words; a group of
    more than CHART_DRAWN_UP_TO roles has its rows only (`chart` None, `legend` empty)."""
    group = {
        "id": planned.group.anchor,
        "heading": planned.heading,
        "rows": rows,
        "note": shared(rows, "note"),
        "source": shared(rows, "source"),
    }
    if len(rows) > CHART_DRAWN_UP_TO:
        return {**group, "chart": None, "legend": []}
    bars = [words.row(entry.salary, row["label"]) for entry, row in zip(planned.entries, rows, strict=True)]
    # The list under the chart gives every figure in words; the picture keeps them only in its text alternative.
    chart = range_chart(
        [replace(bar, text="") for bar in bars],
        chart_id=f"{planned.group.anchor}-chart",
        title=planned.heading,
        desc="; ".join(f"{b.label}: {b.text}" for b in bars),
        number=number,
        split=split,
    )
    return {**group, "chart": Markup(chart), "legend": legend(bars, strings)}


def shared(rows: Sequence[Mapping[str, Any]], key: str) -> str | None:
    """The note or source every row of a chart has alike, said once under the list rather than on each row; None
    when there is one row only or the rows differ."""
    values = {row[key] for row in rows}
    return values.pop() if len(rows) > 1 and len(values) == 1 else None


def chart_heading(group: Group, salary: Salary, words: SalaryWords, strings: Mapping[str, str]) -> str:
    """A chart's heading: its kind, country, currency and period. A period may name the kind in words of its own
    (`comparison_kind_mean_hour`: an hourly mean is a "Stundenlohn", not a "Durchschnittsgehalt … pro Stunde"), and
    then its heading (`comparison_chart_hour`) leaves out the period the kind already says."""
    fields = {
        "region": words.fmt.region(group.region),
        "currency": words.fmt.currency(group.currency),
        "period": words.period_phrase(salary),
    }
    own_kind = strings.get(f"comparison_kind_{group.kind}_{group.period}")
    own_chart = strings.get(f"comparison_chart_{group.period}")
    if own_kind and own_chart:
        return own_chart.format(kind=own_kind, **fields)
    return strings["comparison_chart"].format(kind=strings["comparison_kind_" + group.kind], **fields)
