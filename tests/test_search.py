"""The search index: built by Pagefind into the new folder before the swap, per language (in bundles of a
bounded number of pages), from role pages only."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys

import pytest
from conftest import tree

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.render import page_path
from careerguide.write import search


def fragments(out, lang: str = "") -> dict[str, dict]:
    """Every indexed page (of one language's bundles, or of all) by its URL: what Pagefind stored of it (its text and
    meta)."""
    bundles = [
        folder
        for folder in (out / "pagefind").iterdir()
        if folder.is_dir() and (not lang or folder.name.split(".")[0] == lang)
    ]
    return {page["url"]: page for folder in bundles for page in fragments_of(folder)}


def fragments_of(folder) -> list[dict]:
    """What Pagefind stored of each page in one bundle."""
    pages = []
    for path in sorted(folder.glob("fragment/*")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd") :]))
    return pages


def test_build_indexes_each_language_separately_and_only_role_pages(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    assert sorted(path.name for path in (out / "pagefind").iterdir()) == [
        "da",
        "da.json",
        "de",
        "de.json",
        "no",
        "no.json",
    ]
    assert json.loads((out / "pagefind/da.json").read_text()) == {"bundles": ["da/"]}
    for lang, tag, pages in (
        ("da", "da", 5),
        ("de", "de", 1),
        ("no", "nb", 1),
    ):  # Pagefind stems by <html lang>: bokmål for no
        entry = json.loads((out / "pagefind" / lang / "pagefind-entry.json").read_text())
        assert {code: info["page_count"] for code, info in entry["languages"].items()} == {tag: pages}
    assert sorted(fragments(out, "da")) == [
        "/da/aalborg/",
        "/da/kundeservicemedarbejder/",
        "/da/oesters/",
        "/da/teamleder/",
        "/da/zebra/",
    ]
    assert sorted(fragments(out, "de")) == ["/de/kundendienstmitarbeiter/"]
    assert sorted(fragments(out, "no")) == ["/no/kundeservicemedarbeider/"]
    assert 'data-bundle="../../pagefind/da/"' in (out / "da/kundeservicemedarbejder/index.html").read_text()
    assert (
        'data-bundle="../../pagefind/no/" data-bundles="../../pagefind/no.json"'
        in (out / "no/kundeservicemedarbeider/index.html").read_text()
    )


def test_index_holds_title_summary_and_fact_box_not_links_to_other_languages(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    page = fragments(out)["/da/kundeservicemedarbejder/"]
    assert page["meta"]["title"] == "Kundeservicemedarbejder"
    text = page["content"]
    for fact in (
        "Hjælper kunder med spørgsmål og klager.",
        "Besvare opkald og e-mails",
        "Tålmodighed",
        "Gymnasial uddannelse",
        "31.250",
        "Hverdage, cirka otte timer om dagen.",
        "Jobbet er let.",
        "Skal jeg have en uddannelse?",
    ):
        assert fact in text, fact
    for other in (
        "Kundendienstmitarbeiter",
        "Kundeservicemedarbeider",
        "Læs på andre sprog",
        "Sammenlign med andre job",
    ):
        assert other not in text, other


def test_no_search_builds_no_index_and_pages_without_a_search_box(make_root, cli, tmp_path):
    root, out = make_root(), tmp_path / "out"
    page = out / "da/kundeservicemedarbejder/index.html"
    assert cli("build", "--root", root, "--out", out, "--no-search").code == 0
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()
    assert (
        'id="search"' not in page.read_text() and "/search." not in page.read_text()
    )  # nothing that would load a missing index
    assert cli("build", "--root", root, "--out", out).code == 0  # the same folder from the cache, now with the index
    assert 'id="search"' in page.read_text() and "/search." in page.read_text() and (out / "pagefind/da.json").is_file()


def bundle_inodes(out) -> dict[str, int]:
    """Each language's bundle by its identity on disk: the same number after a build means it was kept, not rebuilt."""
    return {path.parent.name: path.stat().st_ino for path in sorted((out / "pagefind").glob("*/pagefind-entry.json"))}


def test_unchanged_site_keeps_its_index_and_a_change_rebuilds_only_its_language(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    before = bundle_inodes(out)
    build_site(root, out, cache=Cache(root), search=True)
    assert bundle_inodes(out) == before

    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text().replace("Hjælper kunder med spørgsmål og klager.", "Hjælper kunder med alt muligt."))
    build_site(root, out, cache=Cache(root), search=True)
    after = bundle_inodes(out)
    assert after["da"] != before["da"] and {lang: after[lang] for lang in ("de", "no")} == {
        lang: before[lang] for lang in ("de", "no")
    }
    assert "Hjælper kunder med alt muligt." in fragments(out, "da")["/da/kundeservicemedarbejder/"]["content"]


def test_a_removed_role_leaves_its_language_index_even_where_no_other_page_changes(make_root, tmp_path):
    no_lists = (
        "{% extends 'base.html' %}{% block main %}<h1>{{ site_title }}</h1>{% endblock "
        "%}"
    )  # no site file names the role
    root = make_root({f"templates/{name}.html": no_lists for name in ("index", "comparison", "career-map")})
    out = tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    assert "/da/zebra/" in fragments(out, "da")
    before = bundle_inodes(out)
    (root / "content/da/zebra.md").unlink()
    build_site(root, out, cache=Cache(root), search=True)
    assert "/da/zebra/" not in fragments(out, "da") and not (out / "da/zebra").exists()
    assert bundle_inodes(out)["no"] == before["no"]


def test_an_edit_pagefind_does_not_index_keeps_the_index(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    before = bundle_inodes(out)
    article = root / "content/da/kundeservicemedarbejder.md"
    article.write_text(article.read_text() + "\nEn ny sætning i brødteksten.\n")  # the body is data-pagefind-ignore
    result = build_site(root, out, cache=Cache(root), search=True)
    assert (
        result.rendered == 1
        and "En ny sætning i brødteksten." in (out / "da/kundeservicemedarbejder/index.html").read_text()
    )
    assert bundle_inodes(out) == before


def test_what_pagefind_sees_of_a_page():
    page = b"""<html><head><title>T</title></head><body><article data-pagefind-body><h1>Title</h1>
<div class="body" data-pagefind-ignore><p>Body <b>text</b> &amp; more</p><div>inner</div><img src="a.png"></div>
<p>Facts</p></article></body></html>"""
    seen = search.searchable(page)
    assert "Title" in seen and "Facts" in seen and "a.png" in seen
    assert "Body" not in seen and "inner" not in seen and "more" not in seen
    assert search.searchable(page.replace(b"Body", b"Other body")) == seen
    assert search.searchable(page.replace(b"Facts", b"Other facts")) != seen
    assert search.searchable(page.replace(b"<b>text</b>", b"<a href='x'>text</a><h2 id='new'>New</h2>")) == seen
    assert (
        search.searchable(page.replace(b"<b>text</b>", b"<img src='b.png' alt='first image'>")) != seen
    )  # Pagefind's meta image
    filtered = page.replace(
        b"<b>text</b>", b"<span data-pagefind-filter='x'>y</span>"
    )  # a filter whose value is its text
    assert search.searchable(filtered) == filtered
    unbalanced = b"<div data-pagefind-ignore><p>never closed"
    assert search.searchable(unbalanced) == unbalanced


def test_a_changed_span_is_judged_from_the_page_before_it_and_the_two_spans(monkeypatch):
    page = b"""<html><body><article data-pagefind-body><h1>Title</h1><div data-pagefind-ignore><div class="body">BODY</div>
</div><p>Facts</p></article></body></html>"""  # noqa: E501

    def same(body: bytes, in_page: bytes = page) -> bool:
        start = in_page.index(b"BODY")
        new = in_page.replace(b"BODY", body)
        return search.same_for_search(in_page, new, start, start + 4, start + len(body))

    def whole_page_compared(*_):
        raise AssertionError("compared whole pages")

    with monkeypatch.context() as patched:
        patched.setattr(search, "searchable", whole_page_compared)
        assert same(b"<p>New <em>text</em> &amp; <a href='x'>a link</a></p><h2 id='h'>Heading</h2><div>nested</div>")
    for body in (
        b"<img src='b.png'>",
        b"<span data-pagefind-filter='x'>y</span>",
        b"</div></div>Out",
        b"<div>never closed",
    ):
        assert not same(body), body  # Pagefind reads an image or filter in ignored markup; the rest leaves it
    visible = page.replace(b"<div data-pagefind-ignore>", b"<div>")
    assert not same(b"Other text", visible) and same(b"BODY", visible)


def test_a_previous_index_is_hard_linked_not_rebuilt(make_root, tmp_path, monkeypatch):
    root, old = make_root(), tmp_path / "old"
    pages = [page_path(page) for page in build_site(root, old, search=True).site.pages]
    new = tmp_path / "new"
    shutil.copytree(
        old, new, copy_function=os.link, ignore=lambda folder, names: ["pagefind"] if folder == str(old) else []
    )
    monkeypatch.setattr(search, "pagefind_command", lambda: [sys.executable, "-c", "raise SystemExit(3)"])
    search.build_index(new, [page for page in pages if not page.startswith("de/")], previous=old, previous_pages=pages)
    assert tree(new / "pagefind") == {
        path: data for path, data in tree(old / "pagefind").items() if not path.startswith("de")
    }
    assert bundle_inodes(new) == {lang: inode for lang, inode in bundle_inodes(old).items() if lang != "de"}

    shutil.rmtree(new / "pagefind")
    changed = new / "da/kundeservicemedarbejder/index.html"
    changed.unlink()  # a hard link to the old page until now
    changed.write_text(
        (old / "da/kundeservicemedarbejder/index.html").read_text().replace("Hjælper kunder", "Hjælper alle")
    )
    with pytest.raises(search.SearchFailed, match="exit code 3"):
        search.build_index(
            new,
            ["da/kundeservicemedarbejder/index.html"],
            previous=old,
            previous_pages=pages,
            rendered={"da/kundeservicemedarbejder/index.html"},
        )
    with pytest.raises(search.SearchFailed, match="exit code 3"):
        search.build_index(
            new,
            ["no/kundeservicemedarbeider/index.html"],
            previous=old,
            previous_pages=[page for page in pages if page.startswith("no/")][1:],
        )  # a page more than before


def test_a_large_language_is_indexed_in_bundles_its_search_box_merges(make_root, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_BUNDLE", 3)
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root), search=True)
    listed = json.loads((out / "pagefind/da.json").read_text())["bundles"]
    assert listed == ["da/", "da.2/"]  # five role pages: two bundles
    holding = {folder: sorted(page["url"] for page in fragments_of(out / "pagefind" / folder)) for folder in listed}
    assert sorted(url for urls in holding.values() for url in urls) == sorted(fragments(out, "da"))
    assert sorted(fragments(out, "da")) == [
        "/da/aalborg/",
        "/da/kundeservicemedarbejder/",
        "/da/oesters/",
        "/da/teamleder/",
        "/da/zebra/",
    ]
    assert json.loads((out / "pagefind/no.json").read_text()) == {"bundles": ["no/"]}
    assert (out / "pagefind/da/pagefind-ui.js").is_file()
    files = sorted(path.name for path in (out / "pagefind/da.2").iterdir() if path.is_file())
    assert (
        len(files) == 2 and files[0] == "pagefind-entry.json" and files[1].endswith(".pf_meta")
    )  # UI and script: the main bundle's
    again = tmp_path / "again"
    build_site(root, again, search=True)
    assert tree(again / "pagefind") == tree(out / "pagefind")  # the same bundles, byte for byte

    def rebuilt_after(change) -> set[str]:
        """The bundles that a build after this change makes again rather than keeps."""
        before = bundle_inodes(out)
        change()
        build_site(root, out, cache=Cache(root), search=True)
        after = bundle_inodes(out)
        return {folder + "/" for folder in after if after[folder] != before.get(folder)}

    box = root / "data/da/customer-service-representative.yaml"

    def edit():
        return box.write_text(
            box.read_text().replace("Hjælper kunder med spørgsmål og klager.", "Hjælper kunder med alt muligt.")
        )

    assert rebuilt_after(edit) == {folder for folder, urls in holding.items() if "/da/kundeservicemedarbejder/" in urls}
    assert "Hjælper kunder med alt muligt." in fragments(out, "da")["/da/kundeservicemedarbejder/"]["content"]
    assert rebuilt_after((root / "content/da/zebra.md").unlink) == {
        folder for folder, urls in holding.items() if "/da/zebra/" in urls
    }
    assert "/da/zebra/" not in fragments(out, "da")


def test_a_pagefind_configuration_where_the_build_starts_changes_nothing(make_root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("glob: nothing/*.html\noutput_subdir: elsewhere\n")
    out = tmp_path / "out"
    build_site(make_root(), out, search=True)
    assert sorted(fragments(out, "de")) == ["/de/kundendienstmitarbeiter/"] and not (out / "elsewhere").exists()


def test_a_glob_matches_exactly_the_pages_it_names():
    assert (
        search._glob(["da/a/index.html", "da/b/index.html", "da/index.html"])
        == "da/{a/index.html,b/index.html,index.html}"
    )
    assert search._glob(["da/x{y,z}/i.html", "da/a[1]/i.html"]) == r"da/{x\{y\,z\}/i.html,a\[1\]/i.html}"
    assert search._glob(["index.html", "da/index.html"]) == "{index.html,da/index.html}"


def test_a_failed_index_leaves_the_previous_site(make_root, cli, tmp_path, monkeypatch):
    root, out = make_root(), tmp_path / "out"
    assert cli("build", "--root", root, "--out", out).code == 0
    before = tree(out)
    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text().replace("Hjælper kunder med spørgsmål og klager.", "Hjælper kunder med alt muligt."))
    monkeypatch.setattr(
        search,
        "pagefind_command",
        lambda: [sys.executable, "-c", "import sys; sys.exit('pagefind: out of disk space')"],
    )
    with pytest.raises(search.SearchFailed, match="out of disk space"):
        build_site(root, out, search=True)
    run = cli("build", "--root", root, "--out", out)
    assert run.code == 1
    assert (
        run.err.strip()
        == "error: search index: Pagefind failed: pagefind: out of disk space; build with --no-search to skip it; "
        f"{out} is unchanged"
    )
    assert tree(out) == before


def test_pagefind_runs_as_the_binary_its_package_ships():
    command = search.pagefind_command()
    assert command is not None and len(command) == 1 and os.access(command[0], os.X_OK)


def test_missing_pagefind_is_explained(make_root, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "pagefind_command", lambda: None)
    with pytest.raises(search.SearchFailed, match=r"Pagefind is not installed \(pip install 'pagefind\[bin\]'\)"):
        build_site(make_root(), tmp_path / "out", search=True)
