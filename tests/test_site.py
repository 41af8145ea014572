"""Walk built sites as a crawler would: links, assets, lang, canonical, hreflang, JSON-LD, sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from conftest import REPO

from careerguide.render.seo import Alternate, alternates


class PageParser(HTMLParser):
    """Collects what the checks need from one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.canonical = None
        self.description = None
        self.alternates: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def crawl(out: Path, base_url: str) -> dict[str, PageParser]:
    """Every HTML page by its URL, each checked for broken internal links and anchors."""
    pages = {}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        url = base_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = PageParser()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[url] = parser
    base = urlparse(base_url)
    for url, page in pages.items():
        for href in page.links:
            target = urlparse(urljoin(url, href))
            if target.scheme in ("http", "https") and target.netloc != base.netloc:
                continue
            assert target.path.startswith(base.path), (url, href)
            local = out / target.path[len(base.path) :]
            if target.path.endswith("/"):
                local = local / "index.html"
            assert local.is_file(), f"{url}: broken link {href}"
            if target.fragment and local.suffix == ".html":
                anchor_page = pages[urljoin(base_url, target.path[len(base.path) :])]
                assert target.fragment in anchor_page.ids, f"{url}: broken anchor {href}"
    return pages


def check_pages(out: Path, base_url: str, languages: dict[str, str]):
    """`languages` maps each page's <html lang> (the locale's language, `nb`) to the site's code for it (`no`, as in
    hreflang)."""
    pages = crawl(out, base_url)
    for url, page in pages.items():
        assert page.lang in languages, url
        assert page.description, url
        assert page.canonical == (None if url.endswith("404.html") else url), url
        for block in page.jsonld:
            json.loads(block)
    return pages


def sitemap_alternates(out: Path) -> dict[str, dict[str, str]]:
    """Every URL of sitemap.xml with its xhtml:link alternates, hreflang -> URL."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    found = {}
    for entry in ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns):
        links = [(link.get("hreflang"), link.get("href")) for link in entry.findall("x:link", ns)]
        assert len(dict(links)) == len(links), f"{entry.find('s:loc', ns).text}: an hreflang given twice"
        found[entry.find("s:loc", ns).text] = dict(links)
    return found


def hreflang_problems(html: dict[str, dict[str, str]], sitemap: dict[str, dict[str, str]], base_url: str) -> list[str]:
    """What a search engine would not accept in the alternates of the pages (URL -> hreflang -> URL) and the
    sitemap: a relative or dangling target, a page missing from its own set, a language alternate whose target
    does not name the same set back, an x-default other than the root chooser (the content contract's), the
    chooser's own set not reciprocal, x-default included, a URL whose HTML and sitemap disagree."""
    problems = []
    for url, links in html.items():
        if links and url not in links.values():
            problems.append(f"{url}: not among its own alternates")
        if links and links.get("x-default") != base_url:
            problems.append(f"{url}: x-default -> {links.get('x-default')}, not the root chooser {base_url}")
        for hreflang, target in links.items():
            if not target.startswith(base_url):
                problems.append(f"{url}: {hreflang} -> {target} is not absolute on the site")
            elif target not in html:
                problems.append(f"{url}: {hreflang} -> {target} is no page")
            elif (hreflang != "x-default" or _is_chooser_or_index(url, base_url)) and html[target] != links:
                problems.append(f"{url}: {hreflang} -> {target}, which does not name the same alternates back")
    for url in sorted(set(html) | set(sitemap)):
        if url not in sitemap and not url.endswith("404.html"):
            problems.append(f"{url}: not in the sitemap")
        elif url in sitemap and sitemap[url] != html.get(url):
            problems.append(f"{url}: the sitemap's alternates {sitemap[url]} are not the HTML's {html.get(url)}")
    return problems


def _is_chooser_or_index(url: str, base_url: str) -> bool:
    """The root chooser and the language indexes (`<base>da/`): the set whose x-default must be reciprocal."""
    return url[len(base_url) :].count("/") <= 1


def check_sitemap(out: Path, base_url: str, pages):
    sitemap = sitemap_alternates(out)
    assert hreflang_problems({url: page.alternates for url, page in pages.items()}, sitemap, base_url) == []
    assert set(sitemap) == {url for url in pages if not url.endswith("404.html")}
    assert (out / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"


def check_not_found(out: Path):
    """404.html is served at any URL: no search engine may index it, and it names no URL of its own."""
    text = (out / "404.html").read_text(encoding="utf-8")
    page = PageParser()
    page.feed(text)
    assert '<meta name="robots" content="noindex">' in text
    assert page.canonical is None and page.alternates == {}


def test_the_hreflang_check_finds_what_search_engines_ignore():
    base = "https://x.org/"
    indexes = {"da": base + "da/", "no": base + "no/", "x-default": base}
    old_root = {"da": base, "x-default": base}
    html = {base: old_root, base + "da/": indexes, base + "no/": indexes}
    sitemap = {base: {}, base + "da/": indexes, base + "no/": dict(indexes, de="/de/")}
    assert hreflang_problems(html, sitemap, base) == [
        f"{base}da/: x-default -> {base}, which does not name the same alternates back",
        f"{base}no/: x-default -> {base}, which does not name the same alternates back",
        f"{base}: the sitemap's alternates {{}} are not the HTML's {old_root}",
        f"{base}no/: the sitemap's alternates {dict(indexes, de='/de/')} are not the HTML's {indexes}",
    ]
    html[base + "de/"] = {"de": "de/"}
    assert hreflang_problems(html, {}, base)[2:5] == [
        f"{base}de/: not among its own alternates",
        f"{base}de/: x-default -> None, not the root chooser {base}",
        f"{base}de/: de -> de/ is not absolute on the site",
    ]


def test_x_default_is_the_root_chooser_on_every_page():
    base = "https://x.org/"
    assert alternates(base, [("da", "da/a/"), ("no", "no/a/")])[-1] == Alternate("x-default", base)
    assert alternates(base, [("de", "de/a/")]) == (Alternate("de", base + "de/a/"), Alternate("x-default", base))


def test_good_site_under_a_base_path(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out, "--strict").code == 0
    pages = check_pages(out, "https://example.org/karriere/", {"da": "da", "nb": "no", "de": "de"})
    check_sitemap(out, "https://example.org/karriere/", pages)
    check_not_found(out)
    role = pages["https://example.org/karriere/da/kundeservicemedarbejder/"]
    assert role.alternates == {
        "da": "https://example.org/karriere/da/kundeservicemedarbejder/",
        "no": "https://example.org/karriere/no/kundeservicemedarbeider/",
        "de": "https://example.org/karriere/de/kundendienstmitarbeiter/",
        "x-default": "https://example.org/karriere/",  # the root chooser, as the content contract says
    }
    assert pages["https://example.org/karriere/no/kundeservicemedarbeider/"].alternates == role.alternates
    root = {code: f"https://example.org/karriere/{code}/" for code in ("da", "no", "de")} | {
        "x-default": "https://example.org/karriere/"
    }
    assert pages["https://example.org/karriere/"].alternates == root  # the chooser names no language of its own
    assert pages["https://example.org/karriere/de/"].alternates == root
    only_da = pages["https://example.org/karriere/da/teamleder/"]
    assert only_da.alternates == {
        "da": "https://example.org/karriere/da/teamleder/",
        "x-default": "https://example.org/karriere/",
    }
    assert len(only_da.jsonld) == 1


def test_repository_site_builds_strict_with_every_language(tmp_path, cli):
    out = tmp_path / "out"
    run = cli("build", "--root", REPO, "--out", out, "--strict")
    assert run.code == 0, run.err
    assert all(line.endswith("(acknowledged by its note)") for line in run.err.splitlines()), (
        run.err
    )  # old statistics, kept on purpose
    pages = check_pages(out, "https://careerguide.example.org/", {"da": "da", "nb": "no", "de": "de"})
    check_sitemap(out, "https://careerguide.example.org/", pages)
    check_not_found(out)
    for lang in ("da", "no", "de"):
        roles = [url for url in pages if re.match(rf"https://careerguide.example.org/{lang}/[a-z0-9-]+/$", url)]
        assert roles, lang
