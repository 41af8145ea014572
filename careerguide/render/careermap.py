"""The career map as HTML that reflows: roles in layers by career level, each a link, its arrows in lanes beside it.

Each role is a row of the list: its name, a link that wraps like any text at any width and text size, and on its
left a strip of SVG as tall as the row. Every arrow runs down a lane of its own, leaves its role from the role's
lower side and enters the next step from its upper side, so who leads where can be followed with a finger. The
vertical positions are in `em`, so the dots stay on the first line of the name when the reader enlarges text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from careerguide.render.charts import MapNode, connected
from careerguide.text.formatting import break_points, hyphenator

LANE = 12
"""Pixels between two lanes."""
NODE_GAP = 22
"""Pixels from the lane nearest the names to a role's dot."""
DOT_RIGHT = 12
"""Pixels from a role's dot to the start of its name."""
LEVEL_PAD = 0.75
"""Extra space above the first role of a career level, in em (the CSS gives its `.map-node` the same padding)."""
FIRST_LINE = 1.375
"""Middle of a name's first line below the top of its row, in em: half of its 2.75 em (44 px) target."""
SLANT = 0.3
"""How far above and below a dot's middle the arrows enter and leave it, in em."""


SHORT = 7
"""Words shorter than this are never hyphenated in a map; longer ones may break at any syllable."""
_WORD = re.compile(rf"\w{{{SHORT},}}")


def soft_hyphens(text: str, locale: str, joints: frozenset[str] = frozenset()) -> str:
    """The text with a soft hyphen at every syllable of its longer words, not only in compounds as in running text:
    beside the lanes, at 320 px and 200 % text, a name's column holds about seven letters."""
    dictionary = hyphenator(locale)

    def soften(match: re.Match[str]) -> str:
        word = match.group()
        points = set(break_points(word, locale, joints))
        if dictionary is not None:
            points |= {p for p in dictionary.positions(word) if 3 <= p <= len(word) - 3}
        kept: list[int] = []
        for point in sorted(points):  # no piece under three letters: "medar-bejder", not "me-dar-bej-der"
            if point - (kept[-1] if kept else 0) >= 3 and len(word) - point >= 3:
                kept.append(point)
        for point in reversed(kept):
            word = word[:point] + "\u00ad" + word[point:]
        return word

    return _WORD.sub(soften, text)


@dataclass(frozen=True, slots=True)
class Arrow:
    """One step up a ladder drawn in the map: from row `start` to row `end` in lane `lane` (0 is nearest the names)."""

    start: int
    end: int
    lane: int

    def rows(self) -> range:
        """The rows the arrow's lane passes through or ends in."""
        return range(min(self.start, self.end), max(self.start, self.end) + 1)


def arrange(count: int, edges: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """(the nodes in the order of rows, the career level of each node), for `count` nodes in ladder order.

    A ladder's first steps are level 0; a role is one level above the highest role that leads to it (edges that go
    back up the order, from a broken cycle, do not count). Ladders keep their order and stay together; within a level,
    roles follow the mean row of the roles that lead to them, so arrows cross as little as they can.
    """
    level = [0] * count
    for a, b in sorted((a, b) for a, b in edges if a < b):
        level[b] = max(level[b], level[a] + 1)
    ladders = connected(range(count), edges)
    before: dict[int, list[int]] = {b: [] for b in range(count)}
    for a, b in edges:
        if a < b:
            before[b].append(a)
    row: dict[int, int] = {}
    order: list[int] = []
    for members in ladders:
        for depth in sorted({level[n] for n in members}):
            layer = [n for n in members if level[n] == depth]
            layer.sort(key=lambda n: (_mean(row[a] for a in before[n] if a in row), n))
            for n in layer:
                row[n] = len(order)
                order.append(n)
    return order, level


def _mean(values: Iterable[int]) -> float:
    """The mean of some rows, or -1 when there are none, so a role that nothing leads to comes first."""
    found = list(values)
    return sum(found) / len(found) if found else -1.0


def lanes(edges: Sequence[tuple[int, int]]) -> list[Arrow]:
    """Each edge (between rows) in the lane nearest the names that no other arrow uses over the same rows.

    Short arrows go first, so they lie inside the long ones and an arrow crosses few others on its way to its dot.
    """
    taken: list[int] = []  # each lane's rows in use, as the bits of an integer
    arrows = []
    for start, end in sorted(edges, key=lambda e: (abs(e[1] - e[0]), min(e), max(e))):
        rows = (1 << (max(start, end) + 1)) - (1 << min(start, end))
        lane = next((i for i, used in enumerate(taken) if not used & rows), len(taken))
        if lane == len(taken):
            taken.append(0)
        taken[lane] |= rows
        arrows.append(Arrow(start, end, lane))
    return sorted(arrows, key=lambda arrow: (arrow.lane, arrow.start))


def career_map(
    nodes: Sequence[MapNode],
    edges: Sequence[tuple[int, int]],
    *,
    chart_id: str,
    title: str,
    shy: Callable[[str], str] = str,
) -> str:
    """The map as an ordered list of links in layers by career level, with an arrow from every role to each step up.

    `edges` are (from, to) indexes into `nodes`, which come in ladder order (`charts.ladder_order`); `shy` puts soft
    hyphens into a name so that a long compound breaks between syllables on a phone.
    """
    order, level = arrange(len(nodes), edges)
    row_of = {node: row for row, node in enumerate(order)}
    arrows = lanes([(row_of[a], row_of[b]) for a, b in edges if a != b])
    width = NODE_GAP + LANE * max((arrow.lane for arrow in arrows), default=-1) + LANE + DOT_RIGHT + 6
    parts = [
        f'<div class="map" id="{escape(chart_id)}" role="group" aria-label="{escape(title)}">',
        '<ol class="map-rows">',
    ]
    passing: dict[int, list[Arrow]] = {}
    for arrow in arrows:
        for row in arrow.rows():
            passing.setdefault(row, []).append(arrow)
    for row, node_index in enumerate(order):
        node = nodes[node_index]
        starts = row > 0 and level[node_index] != level[order[row - 1]]
        top = LEVEL_PAD if starts else 0.0
        classes = "map-row map-level" if starts else "map-row"
        current = ' class="map-node map-current" aria-current="page"' if node.current else ' class="map-node"'
        parts.append(
            f'<li class="{classes}">{_strip(row, passing.get(row, ()), width, top, node.current)}'
            f'<a href="{escape(node.href)}"{current}>{escape(shy(node.label))}</a></li>'
        )
    parts.append("</ol></div>")
    return "".join(parts)


def _em(value: float) -> str:
    """A length in em, as short as it can be written."""
    return f"{value:.3f}".rstrip("0").rstrip(".") + "em"


def _strip(row: int, arrows: Sequence[Arrow], width: int, top: float, current: bool) -> str:
    """The SVG beside one row: the lanes passing it (`arrows`), the arrows leaving and entering its role, its dot."""
    dot = width - DOT_RIGHT
    middle = top + FIRST_LINE
    enter, leave = _em(middle - SLANT), _em(middle + SLANT)
    parts = [f'<svg class="map-lanes" width="{width}" aria-hidden="true" focusable="false">']
    leaving, entering = [], []
    for arrow in arrows:
        x = dot - NODE_GAP - LANE * arrow.lane
        here = leave if arrow.start == row else enter if arrow.end == row else None
        upper = row == min(arrow.start, arrow.end)
        lower = row == max(arrow.start, arrow.end)
        y1 = here if upper and here else "0"
        y2 = here if lower and here else "100%"
        parts.append(f'<line x1="{x}" x2="{x}" y1="{y1}" y2="{y2}"/>')
        if arrow.start == row:
            leaving.append(x)
        elif arrow.end == row:
            entering.append(x)
    radius = 8 if current else 6
    if leaving:
        parts.append(f'<line x1="{min(leaving)}" x2="{dot}" y1="{leave}" y2="{leave}"/>')
        parts.extend(f'<circle class="map-joint" cx="{x}" cy="{leave}" r="2.5"/>' for x in leaving)
    if entering:
        parts.append(f'<line x1="{min(entering)}" x2="{dot - radius - 2}" y1="{enter}" y2="{enter}"/>')
        parts.append(
            f'<svg x="{dot - radius - 1}" y="{enter}" overflow="visible">'
            '<path class="map-arrowhead" d="M-8 -4.5L0 0L-8 4.5z"/></svg>'
        )
    kind = "map-dot map-dot-current" if current else "map-dot"
    parts.append(f'<circle class="{kind}" cx="{dot}" cy="{_em(middle)}" r="{radius}"/></svg>')
    return "".join(parts)
