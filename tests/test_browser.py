"""The repository's own site in a real browser: reading, switching language, searching, accessibility, valid HTML.

Playwright drives Debian's Chromium (/usr/bin/chromium) against the built site served on 127.0.0.1;
axe-core (bundled by axe-playwright-python) checks WCAG 2.2 AA, the Nu Html Checker (tests/node_modules,
installed by `npm install --omit=dev` in tests/) checks the HTML. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO

from careerguide.build import build_site
from careerguide.link import Site
from careerguide.write import search

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VNU = REPO / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "tests" / "artifacts"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (360, 1280)
BUDGET = 50_000
"""A role page's HTML plus its CSS, uncompressed, in bytes."""
SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Built:
    """The repository's site, built with its search index and served on this machine."""

    url: str
    out: Path
    site: Site

    def path(self, kind: str, lang: str) -> str:
        """The path of a language's comparison or career-map page, from its UI strings."""
        return f"{lang}/{self.site.content.theme.strings[lang][kind + '_slug']}/"

    def role(self, lang: str, role: str = "customer-service-representative") -> str:
        return self.site.refs[(lang, role)].path

    def pages(self) -> list[str]:
        """Every HTML page of the built site by its path below the root."""
        paths = sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*.html"))
        return [p.removesuffix("index.html") for p in paths]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _served(out: Path) -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 for the folder `out` (built once the address is known); its root URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[Built]:
    """The site built with search into a folder that a tiny HTTP server on 127.0.0.1 serves."""
    out = tmp_path_factory.mktemp("browser") / "site"
    with _served(out) as url:
        result = build_site(REPO, out, strict=True, base_url=url, search=True)
        yield Built(url, out, result.site)


@pytest.fixture(scope="module")
def built_in_bundles(tmp_path_factory) -> Iterator[Built]:
    """The same site with each language's search index in bundles of two pages, as a large language's is."""
    out = tmp_path_factory.mktemp("bundles") / "site"
    with _served(out) as url:
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr(search, "PAGES_PER_BUNDLE", 2)
            result = build_site(REPO, out, strict=True, base_url=url, search=True)
        yield Built(url, out, result.site)


def _missing_browser() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing; install Debian's chromium package (.ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed; pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, without any network of its own."""
    if reason := _missing_browser():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors, failed requests and requests to other hosts are recorded."""

    def __init__(self, browser, origin: str, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda message: self.problems.append(f"console: {message.text}") if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        self.page.on(
            "response",
            lambda response: (
                self.problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None
            ),
        )
        self.page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((origin, "data:"))
                else self.problems.append(f"third party: {request.url}")
            ),
        )

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, built):
    pages: list[Watched] = []

    def make(**options) -> Watched:
        page = Watched(browser, built.url, **options)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


def _text(locator) -> str:
    return locator.inner_text().replace(SOFT_HYPHEN, "").strip()


def test_reader_chooses_norwegian_opens_a_role_and_switches_to_german(built, watched):
    reader = watched(viewport={"width": 360, "height": 800})
    page = reader.page
    reader.open(built.url)
    page.locator("main a[hreflang=no]").click()
    page.wait_for_url(built.url + "no/")
    norwegian = built.site.refs[("no", "customer-service-representative")]
    page.locator(f'.role-list a[href$="/{norwegian.slug}/"]').click()
    page.wait_for_url(built.url + norwegian.path)
    assert _text(page.locator("h1")) == norwegian.title
    page.locator("nav.languages a[hreflang=de]").click()
    german = built.site.refs[("de", "customer-service-representative")]
    page.wait_for_url(built.url + german.path)
    assert _text(page.locator("h1")) == german.title
    assert page.locator("html").get_attribute("lang") == "de"
    assert reader.problems == []


def test_switcher_leads_to_the_language_index_where_the_role_has_no_page(built, watched):
    untranslated = next(p for p in built.site.in_language("no") if not any(t.lang == "de" for t in p.translations))
    reader = watched()
    reader.open(built.url + untranslated.ref.path)
    reader.page.locator("nav.languages a[hreflang=de]").click()
    reader.page.wait_for_url(built.url + "de/")
    assert reader.problems == []


def _search(reader: Watched, words: str) -> list[str]:
    """Type into the search box and return the result links, best first.

    The first time, the words go into the plain field that stands in for Pagefind's until its UI has loaded.
    """
    reader.page.locator("#search input").fill(words)
    reader.page.locator(".pagefind-ui__message", has_text=words).wait_for()
    reader.page.locator(".pagefind-ui__result-link").first.wait_for()
    reader.page.wait_for_load_state("networkidle")
    return reader.page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")


def _distinct_words(built: Built, lang: str) -> Iterator[tuple[str, str]]:
    """Role pages of `lang`, each with a word of its title that no other role's title has, in any language."""
    titles = {page.ref.path: page.ref.title.lower().split() for page in built.site.pages}
    for page in built.site.in_language(lang):
        for word in titles[page.ref.path]:
            if len(word) > 5 and not any(word in words for path, words in titles.items() if path != page.ref.path):
                yield page.ref.path, word
                break


def _distinct_word(built: Built, lang: str) -> tuple[str, str]:
    """A role page of `lang` and a word of its title that no other role's title has, in any language."""
    found = next(_distinct_words(built, lang), None)
    assert found, f"no role title in {lang} has a word of its own"
    return found


def test_search_finds_the_danish_role_first_and_nothing_from_other_languages(built, watched):
    reader = watched(viewport={"width": 360, "height": 800})
    reader.open(built.url + "da/")
    path, word = _distinct_word(built, "da")
    assert _search(reader, word)[0] == built.url + path
    everywhere = "kundeservice"  # in role pages of every language
    assert all(any(everywhere in p.ref.title.lower() for p in built.site.in_language(lang)) for lang in ("da", "no"))
    danish = _search(reader, everywhere)
    assert len(danish) > 1
    assert all(link.startswith(built.url + "da/") for link in danish), danish
    reader.open(built.url + built.role("no"))
    norwegian = _search(reader, everywhere)
    assert norwegian and all(link.startswith(built.url + "no/") for link in norwegian), norwegian
    assert reader.problems == []


def test_search_merges_the_bundles_of_a_large_language(built_in_bundles, browser):
    built = built_in_bundles
    bundles = json.loads((built.out / search.bundle_list("da")).read_text())["bundles"]
    reader = Watched(browser, built.url, viewport={"width": 360, "height": 800})
    reader.open(built.url + "da/")
    found = {path: built.url + path in _search(reader, word) for path, word in _distinct_words(built, "da")}
    assert len(bundles) > 2 and len(found) > 2
    assert all(found.values()), found  # in bundles this small each ranks its pages its own way: found, not first
    danish = _search(reader, "kundeservice")
    assert len(danish) > 1 and all(link.startswith(built.url + "da/") for link in danish), danish
    assert reader.problems == []
    reader.close()


def test_without_javascript_there_is_no_search_box_and_the_page_reads_as_it_is(built, watched):
    reader = watched(java_script_enabled=False)
    reader.open(built.url + built.role("da"))
    assert reader.page.locator("#search").is_hidden()
    assert reader.page.locator("h1").is_visible()
    assert reader.page.locator("section[aria-labelledby=salary] svg").first.is_visible()


def _axe_pages(built: Built) -> list[str]:
    langs = [lang.code for lang in built.site.content.config.languages]
    return [
        "",
        *(f"{lang}/" for lang in langs),
        *(built.role(lang) for lang in langs),
        *(built.path(kind, lang) for lang in langs for kind in ("comparison", "career_map")),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_wcag_22_aa_violations(built, watched, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for scheme in ("light", "dark"):
        reader = watched(viewport={"width": width, "height": 900}, color_scheme=scheme)
        for path in _axe_pages(built):
            reader.open(built.url + path)
            results = axe.run(reader.page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
            if results.violations_count:
                found[f"{path or '/'} at {width} px, {scheme}"] = results.generate_report()
        reader.open(built.url + "da/")
        _search(reader, "kundeservice")
        results = axe.run(reader.page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        if results.violations_count:
            found[f"search results at {width} px, {scheme}"] = results.generate_report()
    assert not found, "\n\n".join(f"{where}:\n{report}" for where, report in found.items())


def test_every_page_loads_without_console_errors_failed_or_third_party_requests(built, watched):
    reader = watched(viewport={"width": 1280, "height": 900})
    problems = {}
    for path in built.pages():
        reader.open(built.url + path)
        if reader.problems:
            problems[path] = reader.problems[:]
            reader.problems.clear()
    assert problems == {}


def test_nu_html_checker_finds_no_errors_on_any_page(built):
    if not VNU.is_file():
        pytest.skip(f"{VNU.relative_to(REPO)} is missing; run `npm install --omit=dev` in tests/ (.ci/run does)")
    if shutil.which("java") is None:
        pytest.skip("java is not installed; the Nu Html Checker needs it")
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(built.out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
    assert len(built.pages()) > 20


def test_phone_layout_has_no_sideways_scrolling_and_headings_fit(built, watched):
    reader = watched(viewport={"width": 360, "height": 800})
    overflowing = []
    for path in built.pages():
        reader.open(built.url + path)
        wide = reader.page.evaluate("document.documentElement.scrollWidth")
        heading = reader.page.evaluate(
            "(() => { const h = document.querySelector('h1'); return h ? h.scrollWidth - h.clientWidth : 0; })()"
        )
        if wide > 360 or heading > 0:
            overflowing.append((path, wide, heading))
    assert overflowing == []


def test_screenshots_at_phone_and_desktop_width(built, watched):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    longest = max(built.site.in_language("no"), key=lambda p: max(len(word) for word in p.ref.title.split()))
    shots = {
        "role-da": built.role("da"),
        "role-no-longest-word": longest.ref.path,
        "comparison-no": built.path("comparison", "no"),
        "career-map-da": built.path("career_map", "da"),
        "index-de": "de/",
    }
    for width in WIDTHS:
        for scheme in ("light", "dark"):
            reader = watched(viewport={"width": width, "height": 900}, color_scheme=scheme)
            for name, path in shots.items():
                if name != "role-da" and scheme == "dark":
                    continue
                reader.open(built.url + path)
                target = ARTIFACTS / f"{name}-{width}-{scheme}.png"
                reader.page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000
            assert reader.problems == []


def test_dark_mode_and_print_styles_apply(built, watched):
    dark = watched(color_scheme="dark")
    dark.open(built.url + built.role("da"))
    background = dark.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 24, 29)"
    printed = watched()
    printed.open(built.url + built.role("da"))
    printed.page.emulate_media(media="print")
    hidden = printed.page.evaluate(
        "['.site-header nav', '#search', '.site-footer', '.breadcrumbs']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 4


def test_largest_role_page_with_its_css_stays_under_the_budget(built):
    sizes = {}
    for page in built.site.pages:
        html = (built.out / page.ref.path / "index.html").read_bytes()
        css = re.search(rb'<link rel="stylesheet" href="((?:\.\./)*)(assets/style\.[0-9a-f]+\.css)"', html)
        assert css, page.ref.path
        sizes[page.ref.path] = len(html) + (built.out / css.group(2).decode()).stat().st_size
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < BUDGET, f"{largest}: {sizes[largest]} bytes of HTML and CSS"
