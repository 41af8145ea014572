"""The web editor end to end: the preview's /admin/ in Chromium adds a Danish role through Decap's forms.

Decap's script comes from tests/node_modules (npm install --omit=dev in tests/); the page's request for the pinned
CDN address is answered from there, and every other request that leaves the preview is refused.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_browser import browser  # noqa: F401 (a fixture)
from test_serve import fetch, start_preview, stop, wait_for, wait_until_up

from careerguide.model.errors import Source
from careerguide.model.yamltext import parse_yaml
from careerguide.render.cms import DECAP_SCRIPT

DIST = REPO / "tests/node_modules/decap-cms/dist"
PREFIX = DECAP_SCRIPT.rsplit("/", 1)[0] + "/"
ROLE = "it-support-agent"
FORTNIGHT = "data/da/head-of-customer-service.yaml"
FORTNIGHT_BOX = """role: head-of-customer-service
summary: Leder kundeservice.
salary:
  - {region: DK, currency: DKK, period: fortnight, median: 30000, year: 2024, source: Lønstatistik}
sources:
  - title: Lønstatistik
"""
"""A fact box written by hand, as a Git user might, with a period the definitions do not allow."""


@pytest.fixture
def editor(make_root, tmp_path, browser):  # noqa: F811
    if not (DIST / "decap-cms.js").is_file():
        pytest.skip("Decap CMS is missing; run `npm install --omit=dev` in tests/ (.ci/run does)")
    preview = start_preview(make_root(), tmp_path / "tmp")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        wait_until_up(preview)
        page = context.new_page()
        page.route(lambda url: not url.startswith(preview.base), lambda route: _offline(route))
        page.goto(preview.base + "admin/")
        page.get_by_role("button", name="Log ind").click()  # Decap in the default language, Danish
        page.get_by_text("Artikler (Dansk)").first.wait_for()
        yield preview, page
    finally:
        context.close()
        stop(preview)


def _offline(route) -> None:
    """Decap's files from the npm package instead of the CDN; nothing else leaves the machine."""
    url = route.request.url
    name = url[len(PREFIX) :].split("?")[0] if url.startswith(PREFIX) else ""
    if name and "/" not in name and (DIST / name).is_file():
        route.fulfill(
            body=(DIST / name).read_bytes(),
            content_type="application/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        )
    else:
        route.abort()


def _shot(page, name: str) -> None:
    """A picture of the editor for docs/editors.md, taken only when CMS_SCREENSHOTS names the folder to put it in."""
    folder = os.environ.get("CMS_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def _label(label: str) -> re.Pattern:
    """A field's label as Decap shows it: an optional field's with "(kan udelades)" after it."""
    return re.compile(f"^{re.escape(label)}( \\(kan udelades\\))?$")


def _fill(page, label: str, text: str, nth: int = 0) -> None:
    page.get_by_label(_label(label)).nth(nth).fill(text)


def _choose(page, label: str, option: str, nth: int = 0) -> None:
    """A select: focus it by its label, type the option's text and take the first match."""
    page.get_by_label(_label(label)).nth(nth).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def _add(page, section: str) -> None:
    """An entry more in a list section; Decap may still be drawing the form when the first click comes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.get_by_role("button", name=f"Tilføj {section}").click()
        try:
            page.get_by_text(f"1 {section}", exact=True).wait_for(timeout=3000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no entry was added to {section}")


def _publish(page) -> None:
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    page.wait_for_url(re.compile("/entries/"))  # Decap goes on to the saved entry; leave only after it has


def test_a_danish_role_added_in_the_browser_builds_and_shows_in_the_preview(editor, cli, tmp_path):
    preview, page = editor
    root = preview.root
    register = (root / "data/roles.yaml").read_bytes()
    page.goto(preview.base + "admin/#/collections/roles/new")
    _fill(page, "Rollens id (filens navn)", ROLE)
    _fill(page, "ISCO-08-kode", "4222")
    _add(page, "beslægtede roller (rolle-id'er)")
    _fill(page, "Beslægtede roller (rolle-id'er)", "customer-service-representative")
    _fill(page, "Noter om kilderne (vises ikke for læserne)", "ISCO-08 4222 efter ESCO's side om enhedsgruppen.")
    _shot(page, "editor-register.png")
    _publish(page)
    role_file = root / f"data/roles/{ROLE}.yaml"
    wait_for(role_file.is_file, 20)
    assert parse_yaml(role_file.read_text(encoding="utf-8"), Source("role")).value == {
        "id": ROLE,
        "isco": "4222",
        "related": ["customer-service-representative"],
        "notes": "ISCO-08 4222 efter ESCO's side om enhedsgruppen.",
    }
    assert (root / "data/roles.yaml").read_bytes() == register
    page.goto(preview.base + "admin/#/collections/roles")
    page.get_by_text(ROLE, exact=True).first.wait_for()  # the register's collection lists the role by its file

    page.goto(preview.base + "admin/#/collections/articles-da/new")
    _fill(page, "Rolle (id i registret)", ROLE)
    _fill(page, "Titel", "Teknisk supporter")
    _fill(page, "Beskrivelse til søgeresultater", "Hvad laver en teknisk supporter?")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("En teknisk supporter hjælper kunder med it.")
    _publish(page)
    article = root / "content/da/teknisk-supporter.md"
    wait_for(article.is_file, 20)

    page.goto(preview.base + "admin/#/collections/factboxes-da/new")
    _fill(page, "Rolle (id i registret)", ROLE)
    _fill(page, "Resumé", "Hjælper kunder med tekniske spørgsmål.")
    _add(page, "kilder")
    _fill(page, "Titel", "Lønstatistik")
    _add(page, "løn")
    _choose(page, "Land (ISO-kode)", "DK")
    _choose(page, "Valuta", "DKK")
    _choose(page, "Periode", "pr. måned")
    _choose(page, "Slags spænd", "typisk spænd")
    _fill(page, "Lav", "28000")
    _fill(page, "Høj", "34000")
    _fill(page, "År", "2024")
    _fill(page, "Kilde (titel under Kilder)", "Lønstatistik")
    _publish(page)
    box = root / f"data/da/{ROLE}.yaml"
    wait_for(box.is_file, 20)

    front = article.read_text(encoding="utf-8").split("---")[1]
    assert yaml.safe_load(front).items() >= {"role": ROLE, "title": "Teknisk supporter"}.items()
    value = parse_yaml(box.read_text(encoding="utf-8"), Source("box")).value
    assert value["role"] == ROLE
    assert value["salary"] == [
        {
            "region": "DK",
            "currency": "DKK",
            "period": "month",
            "range": "typical",
            "low": 28000,
            "high": 34000,
            "year": "2024",
            "source": "Lønstatistik",
        }
    ]
    assert value["sources"] == [{"title": "Lønstatistik"}]
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err
    wait_for(lambda: fetch(preview.base + "da/teknisk-supporter/")[0] == 200, 20)
    assert "Teknisk supporter" in fetch(preview.base + "da/teknisk-supporter/")[2]


def test_the_form_refuses_what_the_build_would_refuse(editor):
    preview, page = editor
    page.goto(preview.base + "admin/#/collections/factboxes-da/new")
    _fill(page, "Rolle (id i registret)", "Technical Support")
    _add(page, "løn")
    _fill(page, "År", "last year")
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    assert page.get_by_text("små bogstaver, tal og enkelte bindestreger").first.is_visible()
    assert page.get_by_text("et årstal som 2024, eller unstated").first.is_visible()
    assert page.get_by_text("Kilde (titel under Kilder) er påkrævet.").first.is_visible()
    assert not list((preview.root / "data/da").glob(f"{ROLE}*"))


def test_a_period_written_by_hand_outside_the_definitions_is_refused_by_the_form(editor):
    """The select offers only the allowed periods; a file written outside the editor may still hold another one, and
    saving it with that period (after another change) is refused with the periods the form allows."""
    preview, page = editor
    (preview.root / FORTNIGHT).write_text(FORTNIGHT_BOX, encoding="utf-8")
    page.goto(preview.base + "admin/#/collections/factboxes-da/entries/head-of-customer-service")
    page.get_by_text("Leder kundeservice.").first.wait_for()
    _fill(page, "Resumé", "Leder kundeservice i hverdagen.")  # an editor's change; the period stays as written
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    message = (
        "Periode matchede ikke: vælg en af pr. time (hour), pr. måned (month), pr. år (year), ikke oplyst af kilden "
        "(unstated)."
    )
    page.get_by_text(message).first.wait_for(state="attached", timeout=5000)
    entry = page.get_by_text("DK", exact=True).first.locator("xpath=ancestor::div[.//button][1]")
    entry.locator("button").first.click()  # the salary entry, collapsed, opened to show its fields
    page.get_by_text(message).first.wait_for(timeout=5000)
    if os.environ.get("CMS_SCREENSHOTS"):
        page.get_by_role("button", name="Hide").click()  # the preview's problems, which would cover the field
        page.get_by_text(message).first.evaluate("element => element.scrollIntoView({block: 'center'})")
        _shot(page, "editor-period-refused.png")
    assert page.get_by_text("Rolle (id i registret) er påkrævet.").count() == 0  # the period alone is refused
    assert (preview.root / FORTNIGHT).read_text(encoding="utf-8") == FORTNIGHT_BOX
