"""A role page's table of contents in Chromium, without JavaScript: every entry jumps to its section, on a phone too.

Uses the site, server and browser of tests/test_browser.py (and skips where it skips).
"""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, Built, Watched, browser, built, watched  # noqa: F401  (fixtures)

PHONE = 360


@pytest.mark.parametrize("lang", ["da", "no", "de"])
def test_every_contents_entry_jumps_to_its_section_without_javascript(built, watched, lang):
    reader = watched(viewport={"width": PHONE, "height": 740}, java_script_enabled=False)
    reader.open(built.url + built.role(lang))
    page = reader.page
    targets = page.locator("nav.contents a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(targets) >= 8
    for index, target in enumerate(targets):
        page.locator("nav.contents a").nth(index).click()
        assert page.evaluate("location.hash") == target
        top = page.locator(target).evaluate("el => el.getBoundingClientRect().top")
        assert -1 <= top < 740 / 2, target  # the section starts near the top of the screen (to a pixel's rounding)
        page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"contents-{lang}-{PHONE}.png"))
    assert reader.problems == []


def test_the_contents_are_left_out_of_print(built, watched):
    reader = watched()
    reader.open(built.url + built.role("da"))
    reader.page.emulate_media(media="print")
    assert reader.page.locator("nav.contents").is_hidden()
    reader.page.emulate_media(media="screen")
    assert reader.page.locator("nav.contents").is_visible()
