"""Salary charts drawn at build time (bars in SVG, words in HTML that wraps) on an axis fitted to their figures,
and the order of the career map's roles."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, TypeVar

LEFT, RIGHT = 2.0, 98.0
"""The plot spans 2 % to 98 % of the width, so a dot at either end is not cut off."""
BAR = 24
"""Height of a bar's strip in CSS px; the words around it are HTML and grow with the reader's text size."""
STEPS = 5
"""Most steps of an axis: six ticks, of which the two ends are always labelled."""
SOFT_FROM = 12
"""Words this long get soft hyphens in a chart's words, which share a phone's width with nothing but may be large."""


@dataclass(frozen=True, slots=True)
class RangeRow:
    """One bar of a salary chart; every row of one chart has the same currency and period."""

    label: str = ""
    """Drawn above the bar (may be empty, as on a role page where the caption names the group)."""
    low: float | None = None
    high: float | None = None
    inner_low: float | None = None
    """The 25th percentile: the inner band runs from here to `inner_high`."""
    inner_high: float | None = None
    mark: float | None = None
    """The median or mean (or a lone figure), drawn as a mark."""
    text: str = ""
    """The figures in words, drawn under the bar."""
    kind: str = ""
    """What low–high is: `typical` (drawn as an outline: the usual span, not every salary), `full` (a solid bar from
    lowest to highest), or `unstated` (the source does not say; a plain outline)."""
    mark_kind: str = ""
    """What the mark is: `median` (a dot), `mean` (a diamond), or the key of a lone figure (a dot)."""

    def values(self) -> list[float]:
        """Every figure the row draws."""
        return [v for v in (self.low, self.high, self.inner_low, self.inner_high, self.mark) if v is not None]


@dataclass(frozen=True, slots=True)
class MapNode:
    """A role in a career map: its name, the link to its page, and whether it is the page being read."""

    label: str
    href: str
    current: bool = False


def nice_range(smallest: float, largest: float) -> tuple[float, float, float]:
    """(bottom, top, step) of an axis that holds the figures, in at most five steps of 1, 2, 2.5 or 5 × 10ⁿ.

    The axis is fitted to the figures with a tenth of their spread to spare on each side, so a range fills most of
    the width instead of being squeezed against the right edge of an axis from zero; it starts at zero only where
    the figures come within a step of it. A lone figure gets a fifth of its value around it.
    """
    if largest <= 0:
        return 0.0, 1.0, 0.25
    smallest = max(0.0, smallest)
    spread = largest - smallest or largest * 0.2
    spare = spread * (0.1 if largest > smallest else 0.5)
    low, high = max(0.0, smallest - spare), largest + spare
    power = 10.0 ** math.floor(math.log10((high - low) / STEPS))
    step = next(
        f * power
        for f in (1, 2, 2.5, 5, 10, 20)
        if math.ceil(high / (f * power)) - math.floor(low / (f * power)) <= STEPS
    )
    bottom = math.floor(low / step) * step
    return (0.0 if bottom < step else bottom), step * math.ceil(high / step), step


Split = Callable[[str], list[str]]
"""Cuts a word into the pieces it may be hyphenated between."""
_LONG = re.compile(rf"[^\W\d_]{{{SOFT_FROM},}}")


def _soft(text: str, split: Split | None) -> str:
    """The text with soft hyphens in its long words where `split` allows, escaped for HTML."""
    if split is None:
        return escape(text)
    cut = split
    return escape(_LONG.sub(lambda word: "\u00ad".join(cut(word.group())), text))


def _pct(value: float, bottom: float, top: float) -> str:
    """A position on the axis as a percentage of the chart's width."""
    return f"{LEFT + (RIGHT - LEFT) * (value - bottom) / (top - bottom):.2f}".rstrip("0").rstrip(".") + "%"


def range_chart(
    rows: Sequence[RangeRow],
    *,
    chart_id: str,
    title: str,
    desc: str = "",
    number: Callable[[float], str] = str,
    split: Split | None = None,
) -> str:
    """Salary ranges and medians of some rows on one axis, each bar between its label and its figures in words.

    The chart is one image to assistive technology (`title` its name, `desc` its figures in words); on screen its
    words are HTML that wraps at any width and text size, and only the bars and ticks are drawn. `number` formats
    the axis, `split` hyphenates long words; `chart_id` must be unique on the page.
    """
    values = [v for row in rows for v in row.values()]
    bottom, top, step = nice_range(min(values, default=0.0), max(values, default=0.0))
    ticks = [bottom + step * i for i in range(int(round((top - bottom) / step)) + 1)]
    places = [_pct(tick, bottom, top) for tick in ticks]
    grid = "".join(f'<line class="chart-grid" x1="{x}" x2="{x}" y1="0" y2="{BAR}"/>' for x in places)
    described = f' aria-describedby="{chart_id}-d"' if desc else ""
    parts = [
        f'<div class="chart" role="img" aria-labelledby="{chart_id}-t"{described}>',
        f'<span id="{chart_id}-t" hidden>{escape(title)}</span>',
    ]
    if desc:
        parts.append(f'<span id="{chart_id}-d" hidden>{escape(desc)}</span>')
    for row in rows:
        parts.append('<span class="chart-row">')
        if row.label:
            parts.append(f'<span class="chart-label">{_soft(row.label, split)}</span>')
        parts.append(
            f'<svg class="chart-bar" width="100%" height="{BAR}" aria-hidden="true" focusable="false">'
            f"{grid}{_bar(row, bottom, top)}</svg>"
        )
        if row.text:
            parts.append(f'<span class="chart-value">{_soft(row.text, split)}</span>')
        parts.append("</span>")
    parts.append(_axis(ticks, bottom, top, number))
    parts.append("</div>")
    return "".join(parts)


def _bar(row: RangeRow, bottom: float, top: float) -> str:
    """A row's track, range, middle half and mark, in the middle of its strip."""
    middle = BAR // 2
    parts = [f'<rect class="chart-track" x="{LEFT:g}%" y="{middle - 5}" width="{RIGHT - LEFT:g}%" height="10" rx="5"/>']
    outer = "chart-range" + (f" chart-range-{row.kind}" if row.kind else "")
    for start, end, name in ((row.low, row.high, outer), (row.inner_low, row.inner_high, "chart-inner")):
        if start is not None and end is not None:
            width = f"{(RIGHT - LEFT) * (end - start) / (top - bottom):.2f}".rstrip("0").rstrip(".") + "%"
            x = _pct(start, bottom, top)
            parts.append(f'<rect class="{name}" x="{x}" y="{middle - 5}" width="{width}" height="10" rx="5"/>')
    mark = row.mark if row.mark is not None or len(row.values()) != 1 else row.values()[0]
    if mark is not None:
        parts.append(_mark(_pct(mark, bottom, top), middle, row.mark_kind))
    return "".join(parts)


def _axis(ticks: Sequence[float], bottom: float, top: float, number: Callable[[float], str]) -> str:
    """The axis's amounts under the bars: its two ends always, some ticks between them only where the chart is wide
    enough for them at the reader's text size (a container query in the theme's CSS), so amounts never meet."""
    labels = []
    for index, tick in enumerate(ticks):
        first, last = index == 0, index == len(ticks) - 1
        # Of five or six ticks every other one is named, none beside the last, so at most four amounts share a line.
        if len(ticks) > 4 and not first and not last and (index % 2 or index == len(ticks) - 2):
            continue
        anchor = "start" if first else "end" if last else "middle"
        kind = "chart-tick" if first or last else "chart-tick chart-tick-inner"
        x = _pct(tick, bottom, top)
        labels.append(f'<text class="{kind}" x="{x}" y="1.1em" text-anchor="{anchor}">{escape(number(tick))}</text>')
    opening = '<svg class="chart-axis" width="100%" height="1.5em" aria-hidden="true" focusable="false">'
    return opening + "".join(labels) + "</svg>"


def _mark(x: str, y: int, kind: str) -> str:
    """A median (or lone figure) as a dot, a mean as a diamond: two statistics a reader must tell apart without
    colour."""
    if kind == "mean":
        return (
            f'<svg class="chart-mark chart-mark-mean" x="{x}" y="{y - 7}" width="14" height="14" overflow="visible">'
            '<path d="M0 0L7 7L0 14L-7 7Z"/></svg>'
        )
    extra = f" chart-mark-{kind}" if kind else ""
    return f'<circle class="chart-mark{extra}" cx="{x}" cy="{y}" r="6"/>'


Item = TypeVar("Item")


def connected(items: Sequence[Item], edges: Iterable[tuple[Item, Item]]) -> list[list[Item]]:
    """The items joined by edges: each group in the items' order, the groups in the order of their first item."""
    parent = {item: item for item in items}

    def root(item: Item) -> Item:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[Item, list[Item]] = {}
    for item in items:
        groups.setdefault(root(item), []).append(item)
    return list(groups.values())


def ladder_order(ids: Sequence[str], edges: Sequence[tuple[str, str]], key: Callable[[str], Any]) -> list[str]:
    """Roles in career order: each ladder from its first step on, ladders one after another, roles on none last.

    Within a ladder a role comes after every role that leads to it; ties go by `key`.
    """
    known = set(ids)
    edges = [(a, b) for a, b in edges if a in known and b in known and a != b]
    linked = {role for edge in edges for role in edge}
    ladders = [group for group in connected(ids, edges) if len(group) > 1]
    ordered = [_topological(members, edges, key) for members in ladders]
    ordered.sort(key=lambda ladder: key(ladder[0]))
    return [role for ladder in ordered for role in ladder] + sorted((r for r in ids if r not in linked), key=key)


def _topological(members: list[str], edges: Sequence[tuple[str, str]], key: Callable[[str], Any]) -> list[str]:
    """Kahn's algorithm, smallest key first; a cycle is broken at its smallest remaining role."""
    inside = set(members)
    incoming = {role: 0 for role in members}
    after: dict[str, list[str]] = {role: [] for role in members}
    for a, b in edges:
        if a in inside and b in inside:
            incoming[b] += 1
            after[a].append(b)
    rank = {role: index for index, role in enumerate(sorted(members, key=key))}
    ready = [(rank[r], r) for r in members if incoming[r] == 0]
    heapq.heapify(ready)
    done: list[str] = []
    placed: set[str] = set()
    while len(done) < len(members):
        if not ready:
            role = min((r for r in members if r not in placed), key=rank.__getitem__)
            incoming[role] = 0
            ready.append((rank[role], role))
        _, role = heapq.heappop(ready)
        if role in placed:
            continue
        placed.add(role)
        done.append(role)
        for target in after[role]:
            incoming[target] -= 1
            if incoming[target] == 0 and target not in placed:
                heapq.heappush(ready, (rank[target], target))
    return done
