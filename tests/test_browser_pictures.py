"""The career map and the salary charts in Chromium at 320 px, with text at 100 % and at 200 % (WCAG 1.4.4 and 1.4.10):
nothing cut, nothing overlapping, every chart with its legend in words.

Uses the site, server and browser of tests/test_browser.py (and skips where it skips). Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import re

import pytest
from test_browser import ARTIFACTS, Built, Watched, browser, built, watched  # noqa: F401  (fixtures)

WIDTH = 320
"""The width WCAG's reflow criterion uses, in CSS px."""
LARGE_TEXT = "html { font-size: 200% !important; }"
"""Text at twice its size, as WCAG's resize-text criterion means: the page's own rem and em grow with it."""
PICTURES = ".map, .chart, .chart-legend, figure.salary"

PROBLEMS = """(selector) => {
  const problems = [];
  const name = el => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') || '').replace(/ /g, '.')}`;
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
  const page = document.documentElement.clientWidth;
  const pictures = Array.from(document.querySelectorAll(selector)).filter(shown);
  // Every box of a picture keeps its content: nothing wider than its container, nothing past the screen's edge.
  for (const picture of pictures) {
    for (const el of [picture, ...picture.querySelectorAll('*')]) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.right > page + 0.5) problems.push(`${name(el)} reaches past the screen: ${r.left.toFixed(1)}-${r.right.toFixed(1)} of ${page}`);
      if (!(el instanceof SVGElement) && getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} overflows: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    // Text drawn in SVG stays inside its drawing.
    for (const text of picture.querySelectorAll('text')) {
      if (!shown(text)) continue;
      const svg = text.ownerSVGElement.getBoundingClientRect();
      if (!inside(text.getBoundingClientRect(), svg)) problems.push(`"${text.textContent}" is cut by its drawing`);
    }
  }
  // No two pieces of text overlap: each text node's line boxes, and each SVG text, against every other's.
  const pieces = [];
  for (const picture of pictures) {
    const walker = document.createTreeWalker(picture, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim() || !shown(node.parentElement) || node.parentElement.closest('[hidden]')) continue;
      if (node.parentElement.closest('svg') && !node.parentElement.closest('text')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) pieces.push([node, r]);
    }
  }
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j < pieces.length; j++) {
      const [a, ra] = pieces[i], [b, rb] = pieces[j];
      if (a === b) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 1 && y > 1) problems.push(`"${a.data.trim()}" overlaps "${b.data.trim()}"`);
    }
  // A map's lanes run the whole height of their row, so its arrows stay joined however the names wrap.
  for (const strip of document.querySelectorAll('.map-lanes')) {
    const row = strip.parentElement.getBoundingClientRect(), r = strip.getBoundingClientRect();
    if (Math.abs(row.height - r.height) > 0.5) problems.push(`a map row is ${row.height} px tall and its lanes ${r.height} px`);
  }
  return [...new Set(problems)];
}"""  # noqa: E501

LEGENDS = """() => Array.from(document.querySelectorAll('.chart')).map(chart => {
  const holder = chart.closest('figure, section');
  const items = holder ? Array.from(holder.querySelectorAll('.chart-legend li')) : [];
  return items.filter(li => li.querySelector('svg.legend-symbol') && li.textContent.trim().length > 10).map(li => li.textContent.trim());
})"""  # noqa: E501


def _chart_page(built: Built, lang: str) -> str:
    """The path of the language's role page with the most salary charts."""
    pages = [page for page in built.site.pages if page.ref.lang == lang]
    return max(
        pages, key=lambda p: ((built.out / p.ref.path / "index.html").read_text().count('class="chart"'), p.ref.path)
    ).ref.path


def _pages(built: Built, lang: str) -> dict[str, str]:
    return {
        "map": built.path("career_map", lang),
        "comparison": built.path("comparison", lang),
        "role": _chart_page(built, lang),
    }


@pytest.mark.parametrize(("width", "text"), [(WIDTH, "100"), (WIDTH, "200"), (1280, "100")])
@pytest.mark.parametrize("lang", ["da", "no", "de"])
def test_map_and_charts_fit_320_px_without_cutting_or_overlapping_and_every_chart_has_a_legend(
    built, watched, lang, width, text
):
    reader = watched(viewport={"width": width, "height": 800})
    found = {}
    for kind, path in _pages(built, lang).items():
        reader.open(built.url + path)
        if text == "200":
            reader.page.add_style_tag(content=LARGE_TEXT)
        page = reader.page
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == (
            32 if text == "200" else 16
        )
        assert page.locator(".map" if kind == "map" else ".chart").count() > 0, f"{path} draws no {kind}"
        if problems := page.evaluate(PROBLEMS, PICTURES):
            found[path] = problems
        if kind != "map":
            legends = page.evaluate(LEGENDS)
            assert legends and all(legends), f"{path}: a chart without a legend in words: {legends}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator(".map" if kind == "map" else ".chart-box").first.screenshot(
            path=str(ARTIFACTS / f"picture-{kind}-{lang}-{width}-{text}.png")
        )
    assert found == {}
    assert reader.problems == []


def test_the_map_draws_an_arrow_per_step_and_each_leaves_from_a_point_of_its_own(built, watched):
    reader = watched(viewport={"width": WIDTH, "height": 800})
    reader.open(built.url + built.path("career_map", "da"))
    steps = sum(len(page.next_steps) for page in built.site.pages if page.ref.lang == "da")
    page = reader.page
    assert page.locator(".map-joint").count() == steps
    joints = page.locator(".map-joint").evaluate_all(
        "dots => dots.map(d => { const r = d.getBoundingClientRect(); return "
        "`${Math.round(r.x)},${Math.round(r.y)}`; })"
    )
    assert len(set(joints)) == steps
    heads = page.locator(".map-arrowhead").count()
    assert heads == sum(1 for page in built.site.pages if page.ref.lang == "da" and page.leads_from)
    # Roles come in career levels: every step up is drawn below the role it leads from.
    order = page.locator(".map-node").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    index = {re.sub(r"^(\.\./)+", "", href): i for i, href in enumerate(order)}
    for role in (p for p in built.site.pages if p.ref.lang == "da"):
        for step in role.next_steps:
            assert index[role.ref.path] < index[step.path], (role.ref.path, step.path)
    assert reader.problems == []
