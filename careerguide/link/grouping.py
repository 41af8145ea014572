"""Which salary figures may stand side by side: groups of one country, currency, period and kind of figure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from careerguide.model.content import PERIODS, UNSTATED, Salary

KINDS = ("median", "mean", "typical", "full", "range", "middle_half", "low", "high", "p25", "p75")
"""Kinds of figure, each drawn on charts of its own: a median beside a mean, or a usual span beside lowest to
highest, would say they measure the same. `range` is low–high whose source does not say which span it is."""
PERIOD_ORDER = (*PERIODS, UNSTATED)


@dataclass(frozen=True, slots=True)
class Group:
    """Where a figure stands on the comparison page: one chart per country, currency, stated period and kind;
    figures whose period the source does not give in one list per country and currency, of every kind."""

    region: str
    currency: str
    period: str
    kind: str = ""
    """One of KINDS; empty for the list of an unstated period."""

    @property
    def anchor(self) -> str:
        """The group's id on the comparison page, e.g. `dk-dkk-month-median` or `us-usd-unstated`."""
        return (
            "-".join(part for part in (self.region, self.currency, self.period, self.kind) if part)
            .lower()
            .replace("_", "-")
        )

    @property
    def charted(self) -> bool:
        """Whether the group is drawn on an axis: only figures of a stated period are."""
        return self.period != UNSTATED


def kinds(salary: Salary) -> list[tuple[str, tuple[str, ...]]]:
    """The kinds of figure an entry holds, in KINDS order, each with the keys of the figures it shows:
    a median keeps its 25th and 75th percentiles (the middle half around it), low–high is its range's kind."""
    given = {key for key, _ in salary.figures}
    found: dict[str, tuple[str, ...]] = {}
    middle = {"p25", "p75"} <= given
    if "median" in given:
        found["median"] = ("median", "p25", "p75") if middle else ("median",)
    if "mean" in given:
        found["mean"] = ("mean",)
    if {"low", "high"} <= given:
        found[salary.range or "range"] = ("low", "high")
    else:
        found.update((key, (key,)) for key in ("low", "high") if key in given)
    if middle and "median" not in given:
        found["middle_half"] = ("p25", "p75")
    elif not middle:
        found.update((key, (key,)) for key in ("p25", "p75") if key in given)
    return [(kind, found[kind]) for kind in KINDS if kind in found]


def groups(salary: Salary) -> list[Group]:
    """Every group an entry stands in."""
    if salary.period == UNSTATED:
        return [Group(salary.region, salary.currency, UNSTATED)]
    return [Group(salary.region, salary.currency, salary.period, kind) for kind, _ in kinds(salary)]


def shared_anchors(entries: Iterable[tuple[str, tuple[Salary, ...]]]) -> dict[str, str | None]:
    """Role id -> the anchor of the first group where its figures stand beside another role's, or None where
    no group shows another role: `entries` are each role's salaries, in one language."""
    roles: dict[Group, set[str]] = {}
    listed = list(entries)
    for role, salaries in listed:
        for salary in salaries:
            for group in groups(salary):
                roles.setdefault(group, set()).add(role)
    found: dict[str, str | None] = {}
    for role, salaries in listed:
        found[role] = next(
            (group.anchor for salary in salaries for group in groups(salary) if len(roles[group]) > 1), None
        )
    return found
