"""Pictures drawn at build time as inline SVG: salary ranges on a shared scale; the order of the career map's roles."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

LEFT, RIGHT = 2.0, 98.0
"""The plot spans 2 % to 98 % of the width, so a dot at either end is not cut off."""
LABEL_CHARS = 40
"""Characters per line of a chart label; at 14 px that fits a 360 px phone."""


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


def nice_scale(largest: float) -> tuple[float, float]:
    """(top, step) of an axis from zero that holds `largest`, in at most five steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if largest <= 0:
        return 1.0, 0.25
    power = 10.0 ** math.floor(math.log10(largest / 5))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if math.ceil(largest / (f * power)) <= 5)  # 10 always fits
    return step * math.ceil(largest / step), step


Split = Callable[[str], list[str]]
"""Cuts a word into the pieces it may be hyphenated between."""


def wrap(text: str, width: int, split: Split | None = None) -> list[str]:
    """Words of `text` in lines of at most `width` characters; a longer word is hyphenated where `split` allows."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        elif len(word) <= width or split is None:
            lines.append(word)
        else:
            line = ""
            for part in _HYPHENATED.split(word):  # a word's own hyphens first: Customer-Experience-Manager
                if line and len(line) + len(part) > width:
                    lines.append(line)
                    line = ""
                if len(line) + len(part) <= width or split is None:
                    line += part
                    continue
                for piece in split(part):
                    if line and len(line) + len(piece) + 1 > width:
                        lines.append(line + "-")
                        line = ""
                    line += piece
            lines.append(line)
    return lines


_HYPHENATED = re.compile(r"(?<=[^\W\d_]-)")
"""Where a word may break after a hyphen of its own: after a letter's hyphen, not in `/-in`."""


def _pct(value: float, top: float, offset: float = LEFT) -> str:
    """A position (or, with offset 0, a width) on the scale as a percentage of the chart's width."""
    return f"{offset + (RIGHT - LEFT) * value / top:.2f}".rstrip("0").rstrip(".") + "%"


def _heading(chart_id: str, title: str, desc: str, role: str, kind: str, height: int) -> str:
    """The opening <svg> tag with its accessible name (<title>) and description (<desc>)."""
    described = f' aria-describedby="{chart_id}-d"' if desc else ""
    parts = [f'<svg class="{kind}" width="100%" height="{height}" role="{role}" aria-labelledby="{chart_id}-t"{described}>',
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    if desc:
        parts.append(f'<desc id="{chart_id}-d">{escape(desc)}</desc>')
    return "".join(parts)


def range_chart(rows: Sequence[RangeRow], *, chart_id: str, title: str, desc: str = "",
                number: Callable[[float], str] = str, split: Split | None = None) -> str:
    """Salary ranges and medians of some rows on one scale from zero, with the scale's amounts under them.

    `number` formats the amounts of the scale, `split` hyphenates long words; `chart_id` must be unique on the page.
    """
    top, step = nice_scale(max((v for row in rows for v in row.values()), default=0.0))
    body: list[str] = []
    y = 4
    first_bar: int | None = None
    for index, row in enumerate(rows):
        y += 12 if index else 0
        for line in wrap(row.label, LABEL_CHARS, split):
            y += 18
            body.append(f'<text class="chart-label" x="0" y="{y}">{escape(line)}</text>')
        middle = y + 16
        first_bar = middle - 9 if first_bar is None else first_bar
        body.append(f'<rect class="chart-track" x="{LEFT:g}%" y="{middle - 5}" width="{RIGHT - LEFT:g}%" height="10" rx="5"/>')
        outer = "chart-range" + (f" chart-range-{row.kind}" if row.kind else "")
        for start, end, name in ((row.low, row.high, outer), (row.inner_low, row.inner_high, "chart-inner")):
            if start is not None and end is not None:
                width = _pct(end - start, top, offset=0.0)
                body.append(f'<rect class="{name}" x="{_pct(start, top)}" y="{middle - 5}" width="{width}" height="10" rx="5"/>')
        mark = row.mark if row.mark is not None or len(row.values()) != 1 else row.values()[0]
        if mark is not None:
            body.append(_mark(_pct(mark, top), middle, row.mark_kind))
        y = middle + 10
        for line in wrap(row.text, LABEL_CHARS + 4, split):
            y += 17
            body.append(f'<text class="chart-value" x="0" y="{y}">{escape(line)}</text>')
        y += 8
    ticks = [step * i for i in range(int(round(top / step)) + 1)]
    grid = [f'<line class="chart-grid" x1="{_pct(t, top)}" x2="{_pct(t, top)}" y1="{first_bar or y}" y2="{y + 2}"/>' for t in ticks]
    labels = []
    # Every tick is drawn, but beyond four only every other one is labelled, so labels never meet on a phone.
    for index, tick in enumerate(ticks[:: 2 if len(ticks) > 4 else 1]):
        anchor = "start" if index == 0 else "end" if tick == top else "middle"
        labels.append(f'<text class="chart-tick" x="{_pct(tick, top)}" y="{y + 16}" text-anchor="{anchor}">{escape(number(tick))}</text>')
    height = y + 22
    return _heading(chart_id, title, desc, "img", "chart", height) + "".join(grid + body + labels) + "</svg>"


def _mark(x: str, y: int, kind: str) -> str:
    """A median (or lone figure) as a dot, a mean as a diamond: two statistics a reader must tell apart without colour."""
    if kind == "mean":
        return (f'<svg class="chart-mark chart-mark-mean" x="{x}" y="{y - 7}" width="14" height="14" overflow="visible">'
                '<path d="M0 0L7 7L0 14L-7 7Z"/></svg>')
    extra = f" chart-mark-{kind}" if kind else ""
    return f'<circle class="chart-mark{extra}" cx="{x}" cy="{y}" r="6"/>'


def ladder_order(ids: Sequence[str], edges: Sequence[tuple[str, str]], key: Callable[[str], object]) -> list[str]:
    """Roles in career order: each ladder from its first step on, ladders one after another, roles on none last.

    Within a ladder a role comes after every role that leads to it; ties go by `key`.
    """
    known = set(ids)
    edges = [(a, b) for a, b in edges if a in known and b in known and a != b]
    group = {role: role for role in ids}

    def find(role: str) -> str:
        while group[role] != role:
            group[role] = group[group[role]]
            role = group[role]
        return role

    for a, b in edges:
        group[find(a)] = find(b)
    linked = {role for edge in edges for role in edge}
    ladders: dict[str, list[str]] = {}
    for role in ids:
        if role in linked:
            ladders.setdefault(find(role), []).append(role)
    ordered = [_topological(members, edges, key) for members in ladders.values()]
    ordered.sort(key=lambda ladder: key(ladder[0]))
    return [role for ladder in ordered for role in ladder] + sorted((r for r in ids if r not in linked), key=key)


def _topological(members: list[str], edges: Sequence[tuple[str, str]], key: Callable[[str], object]) -> list[str]:
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

