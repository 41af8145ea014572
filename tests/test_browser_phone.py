"""Readers on phones, in Chromium: a printed role page, search that loads only when used, and targets a finger can hit.

Uses the site, server and browser of tests/test_browser.py (and skips where it skips). Printed pages are read
back with pypdf; the PDFs go to tests/artifacts/.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from test_browser import ARTIFACTS, Built, Watched, browser, built, watched  # noqa: F401  (fixtures)

FIRST_LOAD = 60_000
"""Bytes a role page's first load may transfer before compression: HTML, CSS, scripts, images."""
TARGET = 44
"""Least width and height of a stand-alone link or control, in CSS px (WCAG 2.5.5)."""
SMALLEST_TEXT = 14
"""Least font size in the search box, in CSS px."""
NARROW = (320, 360)


def _squeezed(text: str) -> str:
    """Text without white space, hyphens or soft hyphens, and ligatures (ﬁ) as letters, so a PDF's line breaks do not
    matter."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", unicodedata.normalize("NFKC", text))


def _printed(reader: Watched, name: str) -> str:
    """The page printed to PDF by Chromium, as the text a reader of the paper sees."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads printed pages back; pip install -e '.[test]'")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.pdf"
    reader.page.pdf(path=str(target), format="A4")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(target).pages)


@pytest.mark.parametrize("scripts", [True, False], ids=["with-javascript", "without-javascript"])
def test_printed_role_page_has_every_faq_answer_the_sources_addresses_and_no_navigation(built, watched, scripts):
    reader = watched(java_script_enabled=scripts)
    reader.open(built.url + built.role("no"))  # the page with the most FAQ answers
    page = reader.page
    answers = page.locator("details > :not(summary)").evaluate_all("nodes => nodes.map(n => n.textContent)")
    sources = page.locator("[aria-labelledby=sources] a[href^=http]").evaluate_all("links => links.map(a => a.href)")
    main = page.locator("main").text_content()
    navigation = page.locator(".skip, .site-header nav a, .site-footer a, .breadcrumbs a").evaluate_all(
        "links => links.map(a => a.textContent.trim())"
    )
    assert len(answers) >= 3 and sources and navigation
    assert page.locator("details[open]").count() == 0
    text = _squeezed(_printed(reader, f"role-no-printed-{'js' if scripts else 'nojs'}"))
    assert [a for a in answers if _squeezed(a) not in text] == []
    assert [url for url in sources if _squeezed(url) not in text] == []
    only_in_navigation = [name for name in navigation if _squeezed(name) not in _squeezed(main)]
    assert only_in_navigation, navigation
    assert [name for name in only_in_navigation if _squeezed(name) in text] == []
    assert page.locator("details[open]").count() == 0, "printing left FAQ answers open on screen"
    assert reader.problems == []


def test_printing_opens_the_faq_and_closes_it_again_where_details_content_is_unsupported(built, watched):
    reader = watched()
    reader.open(built.url + built.role("da"))
    page = reader.page
    closed = page.locator("details:not([open])").count()
    page.locator("details").first.evaluate("item => { item.open = true; }")  # one the reader opened stays open
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details:not([open])").count() == closed - 1
    assert page.locator("details").first.get_attribute("open") is not None


def test_role_page_loads_no_search_ui_and_at_most_60_kb_until_the_reader_searches(built, watched):
    reader = watched(viewport={"width": 360, "height": 800})
    page = reader.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    largest = max(built.site.pages, key=lambda p: (built.out / p.ref.path / "index.html").stat().st_size)
    reader.open(built.url + largest.ref.path)
    files = [built.out / (url.removeprefix(built.url) or ".") for url in requested]
    sizes = {f.relative_to(built.out).as_posix(): (f / "index.html" if f.is_dir() else f).stat().st_size for f in files}
    assert not [path for path in sizes if "pagefind" in path and not path.endswith(".json")], sizes
    assert sum(sizes.values()) <= FIRST_LOAD, sizes  # served uncompressed, so a file's size is what is transferred
    assert page.locator("#search input").is_visible()
    page.locator("#search input").focus()
    page.locator(".pagefind-ui__search-input").wait_for()
    assert any(url.endswith("pagefind-ui.js") for url in requested) and any(
        url.endswith("pagefind-ui.css") for url in requested
    )
    assert reader.problems == []


def test_what_the_reader_types_before_the_search_ui_has_loaded_is_kept_and_searched(built, watched):
    reader = watched(viewport={"width": 360, "height": 800})
    page = reader.page
    held = []
    page.route(
        "**/pagefind-ui.js", lambda route: held.append(route)
    )  # the script arrives only once the reader has typed
    reader.open(built.url + built.role("da"))
    with page.expect_request(lambda request: request.url.endswith("/pagefind-ui.js")):
        page.locator("#search input").click()
    page.keyboard.type("kundeservi")
    assert held and page.locator(".pagefind-ui__search-input").count() == 0
    assert page.locator("#search input").input_value() == "kundeservi"
    held[0].continue_()
    page.locator(".pagefind-ui__message", has_text="kundeservi").wait_for()
    page.keyboard.type("ce")  # typing goes on in Pagefind's field
    page.locator(".pagefind-ui__message", has_text="kundeservice").wait_for()
    page.locator(".pagefind-ui__result-link").first.wait_for()
    field = page.locator(".pagefind-ui__search-input")
    assert field.input_value() == "kundeservice"
    assert field.evaluate("input => input === document.activeElement")
    links = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    assert links and all(link.startswith(built.url + "da/") for link in links), links
    assert reader.problems == []


SMALL_TARGETS = """() => {
  // Links and controls a reader can see, with the box they can be hit in; links in a line of running text are exempt.
  const seen = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && s.visibility !== 'hidden'; };
  const block = el => { let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
  // In running text: its block, between line breaks (<br>), has words outside links beside it.
  const inText = el => {
    if (el.closest('svg')) return false;
    const walker = document.createTreeWalker(block(el), NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let words = false, mine = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeName === 'BR') { if (mine) break; words = false; continue; }
      if (node === el) mine = true;
      if (node.nodeType === 3 && !node.parentElement.closest('a') && /[\\p{L}\\p{N}]/u.test(node.data)) words = true;
    }
    return words;
  };
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, textarea')) {
    if (!seen(el) || (el.matches('a') && inText(el))) continue;
    const r = el.getBoundingClientRect();
    if (r.width < %(target)d - 0.01 || r.height < %(target)d - 0.01)
      small.push(`${el.outerHTML.slice(0, 90)}: ${r.width.toFixed(1)} x ${r.height.toFixed(1)}`);
  }
  return small;
}""" % {"target": TARGET}  # noqa: UP031  (the JavaScript is full of braces)


def _target_pages(built: Built) -> list[str]:
    return [
        "",
        "da/",
        built.role("da"),
        built.role("no"),
        built.path("comparison", "no"),
        built.path("career_map", "da"),
        built.path("career_map", "no"),
        "404.html",
    ]


@pytest.mark.parametrize("width", NARROW)
def test_stand_alone_links_and_controls_are_at_least_44_px_square(built, watched, width):
    reader = watched(viewport={"width": width, "height": 800})
    small = {}
    for path in _target_pages(built):
        reader.open(built.url + path)
        reader.page.locator("details").evaluate_all("items => items.forEach(item => { item.open = true; })")
        if found := reader.page.evaluate(SMALL_TARGETS):
            small[path or "/"] = found
    reader.open(built.url + "da/")
    reader.page.locator("#search input").fill("kundeservice")
    reader.page.locator(".pagefind-ui__result-link").first.wait_for()
    reader.page.wait_for_load_state("networkidle")
    if found := reader.page.evaluate(SMALL_TARGETS):
        small["search results"] = found
    assert small == {}
    assert reader.problems == []


SMALL_TEXT = """() => Array.from(document.querySelectorAll('#search *'))
  .filter(el => el.getClientRects().length && (el.matches('input, button')
                || Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim())))
  .map(el => [el.className || el.tagName, parseFloat(getComputedStyle(el).fontSize)])
  .filter(([, size]) => size < %(smallest)d)""" % {"smallest": SMALLEST_TEXT}  # noqa: UP031  (as above)


@pytest.mark.parametrize("width", NARROW)
def test_no_text_in_the_search_box_is_under_14_px(built, watched, width):
    reader = watched(viewport={"width": width, "height": 800})
    reader.open(built.url + built.role("da"))
    assert reader.page.evaluate(SMALL_TEXT) == []  # the plain field before Pagefind's UI has loaded
    reader.page.locator("#search input").fill("kundeservice")
    reader.page.locator(".pagefind-ui__result-link").first.wait_for()
    reader.page.wait_for_load_state("networkidle")
    assert reader.page.locator(".pagefind-ui__search-clear").is_visible()
    assert reader.page.evaluate(SMALL_TEXT) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reader.page.screenshot(path=str(ARTIFACTS / f"search-results-da-{width}.png"), full_page=True)
    assert reader.problems == []


PLACEHOLDER_ROOM = """input => {
  const style = getComputedStyle(input, '::placeholder'), box = getComputedStyle(input);
  const text = document.createElement('canvas').getContext('2d');
  text.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return input.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight) - text.measureText(input.placeholder).width;
}"""  # noqa: E501


@pytest.mark.parametrize("lang", ["da", "no", "de"])
def test_the_search_box_placeholder_fits_at_320_px_before_and_after_pagefind_loads(built, watched, lang):
    reader = watched(viewport={"width": 320, "height": 800})
    reader.open(built.url + f"{lang}/")
    field = reader.page.locator("#search input")
    assert field.evaluate(PLACEHOLDER_ROOM) >= 0
    field.focus()
    reader.page.locator(".pagefind-ui__search-input").wait_for()
    assert field.evaluate(PLACEHOLDER_ROOM) >= 0
    assert reader.problems == []
