"""The search index: built by Pagefind into the new folder before the swap, per language, from role pages only."""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from careerguide import search
from careerguide.cache import Cache
from careerguide.pipeline import build_site
from conftest import tree


def fragments(out) -> dict[str, dict]:
    """Every indexed page by its URL: what Pagefind stored of it (its text and meta)."""
    pages = {}
    for path in (out / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        page = json.loads(data[len(b"pagefind_dcd"):])
        pages[page["url"]] = page
    return pages


def test_build_indexes_each_language_separately_and_only_role_pages(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["da", "de", "no"]
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"da": 5, "de": 1, "no": 1}
    assert sorted(fragments(out)) == ["/da/aalborg/", "/da/kundeservicemedarbejder/", "/da/oesters/", "/da/teamleder/",
                                      "/da/zebra/", "/de/kundendienstmitarbeiter/", "/no/kundeservicemedarbeider/"]


def test_index_holds_title_summary_and_fact_box_not_links_to_other_languages(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    page = fragments(out)["/da/kundeservicemedarbejder/"]
    assert page["meta"]["title"] == "Kundeservicemedarbejder"
    text = page["content"]
    for fact in ("Hjælper kunder med spørgsmål og klager.", "Besvare opkald og e-mails", "Tålmodighed", "Gymnasial uddannelse",
                 "31.250", "Hverdage, cirka otte timer om dagen.", "Jobbet er let.", "Skal jeg have en uddannelse?"):
        assert fact in text, fact
    for other in ("Kundendienstmitarbeiter", "Kundeservicemedarbeider", "Læs på andre sprog", "Sammenlign med andre job"):
        assert other not in text, other


def test_no_search_builds_no_index(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out, "--no-search").code == 0
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()


def test_unchanged_site_keeps_its_index_and_a_changed_one_gets_a_new_one(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    before = (out / "pagefind" / "pagefind.js").stat().st_ino
    build_site(root, out, cache=Cache(root), search=True)
    assert (out / "pagefind" / "pagefind.js").stat().st_ino == before

    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text().replace("Hjælper kunder med spørgsmål og klager.", "Hjælper kunder med alt muligt."))
    build_site(root, out, cache=Cache(root), search=True)
    assert (out / "pagefind" / "pagefind.js").stat().st_ino != before
    assert "Hjælper kunder med alt muligt." in fragments(out)["/da/kundeservicemedarbejder/"]["content"]


def test_an_edit_pagefind_does_not_index_keeps_the_index(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    before = (out / "pagefind" / "pagefind.js").stat().st_ino
    article = root / "content/da/kundeservicemedarbejder.md"
    article.write_text(article.read_text() + "\nEn ny sætning i brødteksten.\n")  # the body is data-pagefind-ignore
    result = build_site(root, out, cache=Cache(root), search=True)
    assert result.rendered == 1 and "En ny sætning i brødteksten." in (out / "da/kundeservicemedarbejder/index.html").read_text()
    assert (out / "pagefind" / "pagefind.js").stat().st_ino == before


def test_what_pagefind_sees_of_a_page():
    page = b"""<html><head><title>T</title></head><body><article data-pagefind-body><h1>Title</h1>
<div class="body" data-pagefind-ignore><p>Body <b>text</b> &amp; more</p><div>inner</div><img src="a.png"></div>
<p>Facts</p></article></body></html>"""
    seen = search.searchable(page)
    assert "Title" in seen and "Facts" in seen and 'a.png' in seen
    assert "Body" not in seen and "inner" not in seen and "more" not in seen
    assert search.searchable(page.replace(b"Body", b"Other body")) == seen
    assert search.searchable(page.replace(b"Facts", b"Other facts")) != seen
    assert search.searchable(page.replace(b"<b>text</b>", b"<a href='x'>text</a><h2 id='new'>New</h2>")) == seen
    assert search.searchable(page.replace(b"<b>text</b>", b"<img src='b.png' alt='first image'>")) != seen  # Pagefind's meta image
    filtered = page.replace(b"<b>text</b>", b"<span data-pagefind-filter='x'>y</span>")  # a filter whose value is its text
    assert search.searchable(filtered) == filtered
    unbalanced = b"<div data-pagefind-ignore><p>never closed"
    assert search.searchable(unbalanced) == unbalanced


def test_a_previous_index_is_hard_linked_not_rebuilt(make_root, tmp_path, monkeypatch):
    root, old = make_root(), tmp_path / "old"
    build_site(root, old, search=True)
    new = tmp_path / "new"
    new.mkdir()
    monkeypatch.setattr(search, "PAGEFIND", [sys.executable, "-c", "raise SystemExit(3)"])
    search.build_index(new, previous=old)
    assert tree(new / "pagefind") == tree(old / "pagefind")
    assert (new / "pagefind" / "pagefind.js").stat().st_ino == (old / "pagefind" / "pagefind.js").stat().st_ino


def test_a_failed_index_leaves_the_previous_site(make_root, cli, tmp_path, monkeypatch):
    root, out = make_root(), tmp_path / "out"
    assert cli("build", "--root", root, "--out", out).code == 0
    before = tree(out)
    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text().replace("Hjælper kunder med spørgsmål og klager.", "Hjælper kunder med alt muligt."))
    monkeypatch.setattr(search, "PAGEFIND", [sys.executable, "-c", "import sys; sys.exit('pagefind: out of disk space')"])
    with pytest.raises(search.SearchFailed, match="out of disk space"):
        build_site(root, out, search=True)
    run = cli("build", "--root", root, "--out", out)
    assert run.code == 1
    assert run.err.strip() == f"error: search index: Pagefind failed: pagefind: out of disk space; build with --no-search to skip it; {out} is unchanged"
    assert tree(out) == before


def test_missing_pagefind_is_explained(make_root, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGEFIND", [sys.executable, "-m", "no_such_pagefind_module"])
    monkeypatch.setattr(search, "MISSING", "No module named no_such_pagefind_module")
    with pytest.raises(search.SearchFailed, match=r"Pagefind is not installed \(pip install 'pagefind\[bin\]'\)"):
        build_site(make_root(), tmp_path / "out", search=True)
