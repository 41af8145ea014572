"""A chart's legend in words: each shape the chart draws, small, beside what it is in the fact model's terms
(a typical or a full range, the middle half, a median or a mean), so a reader need not guess from colour or form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from careerguide.render.charts import RangeRow

SYMBOLS = {
    "dot": '<circle class="chart-mark" cx="9" cy="8" r="6"/>',
    "diamond": '<path class="chart-mark chart-mark-mean" d="M9 1L16 8L9 15L2 8Z"/>',
    "typical": '<rect class="chart-range chart-range-typical" x="1" y="3" width="30" height="10" rx="5"/>',
    "full": '<rect class="chart-range chart-range-full" x="1" y="3" width="30" height="10" rx="5"/>',
    "range": '<rect class="chart-range chart-range-unstated" x="1" y="3" width="30" height="10" rx="5"/>',
    "band": '<rect class="chart-inner" x="1" y="3" width="30" height="10" rx="5"/>',
}
"""The shapes a chart draws, small: a reader tells the kinds apart by shape and by word, not by colour."""
RANGES = {"typical": "typical", "full": "full", "unstated": "range"}
"""A row's kind of range -> its shape and the key of its words (`legend_<key>`)."""


def symbol(shape: str) -> Markup:
    """A shape of the chart as a small picture for the legend, hidden from screen readers, which read the words."""
    opening = '<svg class="legend-symbol" width="32" height="16" aria-hidden="true" focusable="false">'
    return Markup(opening + SYMBOLS[shape] + "</svg>")


def legend(rows: Sequence[RangeRow], strings: Mapping[str, str]) -> list[dict[str, str]]:
    """Every kind of mark the rows draw, once, in the order range, middle half, mark: {"symbol", "text"} each."""
    found: dict[str, str] = {}  # shape -> key of its words, in the order first drawn
    for row in rows:
        if row.kind:
            found.setdefault(RANGES.get(row.kind, "range"), RANGES.get(row.kind, "range"))
    if any(row.inner_low is not None and row.inner_high is not None for row in rows):
        found["band"] = "middle_half"
    for row in rows:
        if row.mark is not None or len(row.values()) == 1:
            kind = row.mark_kind or "median"
            found.setdefault(f"{'diamond' if kind == 'mean' else 'dot'}:{kind}", kind)
    return [
        {"symbol": symbol(shape.partition(":")[0]), "text": strings["legend_" + key]} for shape, key in found.items()
    ]
