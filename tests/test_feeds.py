"""The Atom feed of each language: valid RFC 4287, newest first, dated by the content, linked from every page."""

import re
from urllib.parse import urljoin

import feedparser
from lxml import etree

from careerguide.build import make_site

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/karriere/"


def outputs(root):
    return {f.path: f.data for f in make_site(root).files}


def dated_root(make_root):
    """The good site with a second dated Danish article, newer than the first, and undated ones."""
    return make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: Teamleder\n"
            "description: Leder et team & <holdet>.\nupdated: 2026-11-20\n---\nTekst.\n",
        }
    )


def test_feed_parses_as_atom_with_every_role_page_newest_first(make_root):
    files = outputs(dated_root(make_root))
    parsed = feedparser.parse(files["da/feed.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == BASE + "da/feed.xml"
    assert parsed.feed.updated == "2026-11-20T00:00:00Z"  # the newest entry's, never the clock
    links = [entry.link for entry in parsed.entries]
    assert links[:2] == [BASE + "da/teamleder/", BASE + "da/kundeservicemedarbejder/"]
    # the undated pages follow in the language's alphabetical order, dated like the oldest dated page
    assert [entry.title for entry in parsed.entries[2:]] == ["Zoneteknikker", "Østersfisker", "Ålborgvejleder"]
    assert all(entry.updated == "2026-11-01T00:00:00Z" for entry in parsed.entries[2:])
    role_pages = sorted(
        path
        for path in files
        if path.startswith("da/")
        and path.count("/") == 2
        and path.endswith("/index.html")
        and not path.startswith(("da/loensammenligning/", "da/karrierekort/"))
    )
    assert sorted(link.removeprefix(BASE) + "index.html" for link in links) == role_pages
    first = parsed.entries[0]
    assert first.title == "Teamleder" and first.summary == "Leder et team & <holdet>."
    assert first.id == first.link


def test_feed_has_what_rfc_4287_requires(make_root):
    for code in ("da", "no", "de"):
        feed = etree.fromstring(outputs(dated_root(make_root))[f"{code}/feed.xml"])
        assert feed.tag == ATOM + "feed"
        for name in ("id", "title", "updated"):
            assert len(feed.findall(ATOM + name)) == 1, name
        assert feed.find(f"{ATOM}author/{ATOM}name").text  # no entry has its own author
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE}{code}/feed.xml"
        entries = feed.findall(ATOM + "entry")
        assert entries
        for entry in entries:
            for name in ("id", "title", "updated", "summary"):
                assert len(entry.findall(ATOM + name)) == 1, name
            assert entry.find(f"{ATOM}link[@rel='alternate']") is not None  # required without atom:content
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.find(ATOM + "updated").text)
        ids = [entry.find(ATOM + "id").text for entry in entries]
        assert len(set(ids)) == len(ids)


def test_two_builds_give_the_same_feed_bytes(make_root):
    root = dated_root(make_root)
    first, second = outputs(root), outputs(root)
    for code in ("da", "no", "de"):
        assert first[f"{code}/feed.xml"] == second[f"{code}/feed.xml"]


def test_feed_without_any_date_uses_a_fixed_day(make_root):
    root = make_root(
        {
            "content/da/kundeservicemedarbejder.md": "---\nrole: customer-service-representative\ntitle: "
            "Kundeservicemedarbejder\n"
            "description: Uden dato.\n---\nTekst.\n"
        }
    )
    parsed = feedparser.parse(outputs(root)["da/feed.xml"])
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_every_page_links_its_languages_feed(make_root):
    files = outputs(make_root())
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) > 10
    for path in pages:
        html = files[path].decode()
        # no hreflang on a feed's link: search engines would take it for a language version of the page
        feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        if path == "index.html":  # the language chooser offers each language's feed
            assert feeds == ["da/feed.xml", "no/feed.xml", "de/feed.xml"]
            continue
        lang = {"da": "da", "nb": "no", "de": "de"}[
            re.search(r'<html lang="(\w+)"', html).group(1)
        ]  # <html lang> is bokmål's nb
        assert [urljoin(BASE + path, href) for href in feeds] == [f"{BASE}{lang}/feed.xml"], path


def test_no_article_can_take_the_feeds_address(make_root, cli, tmp_path):
    root = make_root(
        {"content/da/feed.xml.md": "---\nrole: customer-service-supervisor\ntitle: Feed\ndescription: x\n---\nTekst.\n"}
    )
    run = cli("build", "--root", root, "--out", tmp_path / "out")
    assert run.code != 0
    assert any("content/da/feed.xml.md" in line and "invalid slug" in line for line in run.problems)
