"""Every page of the site in Chromium at 320 px, with text at 100 % and at 200 % (WCAG 1.4.10 Reflow, 1.4.4 Resize
text):
the page never scrolls sideways, no text reaches past the screen or is cut by its box, and no two pieces of text
overlap.
A table may be wider than the screen only inside its own scrolling box.

Uses the site, server and browser of tests/test_browser.py (and skips where it skips). Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, Built, browser, built, watched  # noqa: F401  (fixtures)
from test_browser_pictures import LARGE_TEXT, WIDTH

LANGUAGES = ("da", "no", "de")
SHARED = "every language"
"""The pages for readers of every language: the language chooser and the 404 page."""

PROBLEMS = """(width) => {
  const problems = [];
  const name = el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : ''}`;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${scrollWidth} px wide at ${width} px`);
  // The visually hidden pattern (a box of 1 px that hides what overflows it) is not something a reader sees.
  const hiddenOnPurpose = el => { const r = el.getBoundingClientRect(); return r.width <= 1 && r.height <= 1 && getComputedStyle(el).overflow !== 'visible'; };
  // checkVisibility() also leaves out the answers of a closed <details>, which are kept but not laid out.
  const seen = el => {
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    for (let e = el; e; e = e.parentElement) if (hiddenOnPurpose(e)) return false;
    return true;
  };
  const pieces = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.replace(/\\u00ad/g, '').trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, noscript, template') || !seen(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 0.5 || r.height < 0.5) continue;
      pieces.push([text, r]);
      // The nearest box that clips this text decides: a table's scrolling box may hold it, any other box cuts it.
      let clipper = null;
      for (let e = parent; e && e !== document.body; e = e.parentElement) {
        if (getComputedStyle(e).overflowX !== 'visible') { clipper = e; break; }
      }
      const quoted = `"${text.slice(0, 40)}" in ${name(parent)}`;
      if (clipper && /^(auto|scroll)$/.test(getComputedStyle(clipper).overflowX)) {
        const box = clipper.getBoundingClientRect();
        if (!clipper.querySelector('table')) problems.push(`${quoted} scrolls inside ${name(clipper)}, which holds no table`);
        if (box.left < -1 || box.right > width + 1) problems.push(`${name(clipper)} reaches past the screen: ${box.left.toFixed(1)}-${box.right.toFixed(1)}`);
        continue;
      }
      if (clipper) {
        const box = clipper.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`${quoted} is cut by ${name(clipper)}`);
      }
      if (r.left < -1 || r.right > width + 1) problems.push(`${quoted} reaches past the screen: ${r.left.toFixed(1)}-${r.right.toFixed(1)} of ${width}`);
    }
  }
  // No two pieces of text overlap (pieces of one node share a line box at most at its edges).
  for (let i = 0; i < pieces.length; i++)
    for (let j = i + 1; j < pieces.length; j++) {
      const [a, ra] = pieces[i], [b, rb] = pieces[j];
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 1 && y > 1) problems.push(`"${a.slice(0, 40)}" overlaps "${b.slice(0, 40)}"`);
    }
  return [...new Set(problems)];
}"""  # noqa: E501


def _pages(built: Built, group: str) -> list[str]:
    """The paths of a language's pages (its index, every role page, the comparison, the career map), or of the shared
    ones."""
    pages = built.pages()
    if group == SHARED:
        return [path for path in pages if path.split("/")[0] not in LANGUAGES]
    return [path for path in pages if path.startswith(group + "/")]


def test_every_kind_of_page_is_checked(built):
    kinds = {path for group in (SHARED, *LANGUAGES) for path in _pages(built, group)}
    assert "" in kinds and "404.html" in kinds
    for lang in LANGUAGES:
        assert {f"{lang}/", built.path("comparison", lang), built.path("career_map", lang), built.role(lang)} <= kinds
        assert {page.ref.path for page in built.site.pages if page.ref.lang == lang} <= kinds


@pytest.mark.parametrize("text", ["100", "200"])
@pytest.mark.parametrize("group", [SHARED, *LANGUAGES])
def test_no_page_scrolls_sideways_or_cuts_text_at_320_px(built, watched, group, text):
    reader = watched(viewport={"width": WIDTH, "height": 800})
    page = reader.page
    found = {}
    for path in _pages(built, group):
        reader.open(built.url + path)
        if text == "200":
            page.add_style_tag(content=LARGE_TEXT)
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == (
            32 if text == "200" else 16
        )
        assert page.evaluate("window.innerWidth") == WIDTH
        if problems := page.evaluate(PROBLEMS, WIDTH):
            found[path or "/"] = problems
    if group == "da":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        reader.open(built.url + built.role("da"))
        if text == "200":
            page.add_style_tag(content=LARGE_TEXT)
        page.screenshot(path=str(ARTIFACTS / f"reflow-role-da-{WIDTH}-{text}.png"), full_page=True)
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)
    assert reader.problems == []


@pytest.mark.parametrize(("width", "text"), [(WIDTH, "100"), (WIDTH, "200"), (1280, "100")])
def test_myths_stand_above_their_facts_where_two_columns_do_not_fit_and_stay_a_table_for_screen_readers(
    built, watched, width, text
):
    reader = watched(viewport={"width": width, "height": 800})
    page = reader.page
    reader.open(built.url + built.role("da"))
    if text == "200":
        page.add_style_tag(content=LARGE_TEXT)
    myths = page.locator("section[aria-labelledby=myths]")
    rows = myths.locator("tbody tr").count()
    assert rows >= 2
    assert myths.get_by_role("columnheader").count() == 2
    cells = myths.get_by_role("cell")
    assert cells.count() == 2 * rows
    # The cells' names are their own text: the words naming them when stacked are not read twice.
    first = cells.first.evaluate("td => td.textContent.trim()")
    assert myths.get_by_role("cell", name=first, exact=True).count() == 1
    boxes = cells.evaluate_all(
        "tds => tds.map(td => { const r = td.getBoundingClientRect(); return [r.left, r.right, r.top]; })"
    )
    stacked = width == WIDTH
    myth, fact = boxes[0], boxes[1]
    assert (fact[2] > myth[2]) == stacked, boxes[:2]
    assert all(right <= width + 1 for _, right, _ in boxes)
    if stacked:
        labels = cells.evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
        assert all(label.startswith('"') and label.endswith('/ ""') for label in labels), labels
        strings = built.site.content.theme.strings["da"]
        assert [page.locator(".myths td").nth(i).get_attribute("data-label") for i in (0, 1)] == [
            strings["myth"],
            strings["fact"],
        ]
    assert reader.problems == []
