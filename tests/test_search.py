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
    (root / "content/da/zebra.md").write_text((root / "content/da/zebra.md").read_text() + "\nNy tekst.\n")
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
