"""Files in the folders of articles and fact boxes that the build does not read: named in a warning that says
why and what to do, except the leftovers an open editor makes, which must not fail a `--strict` build."""

from __future__ import annotations

import os

import pytest

from careerguide.incremental.cache import Cache
from careerguide.load import load_site

ARTICLE = "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\nTekst.\n"
LEFTOVERS = [
    ".kunde.md.swp",
    ".kunde.md.swo",
    "kunde.md~",
    "#kunde.md#",
    "4913",
    ".kunde.md.tmp",
    "kunde.md.orig",
    "kunde.md.bak",
    ".~lock.kunde.md#",
    "kunde.md___jb_tmp___",
    ".kunde.md.kate-swp",
    ".DS_Store",
    "Thumbs.db",
    ".gitkeep",
    "sedYRLcOA",
]


def test_an_open_editors_leftovers_pass_a_strict_build_in_silence(make_root, cli, tmp_path):
    root = make_root()
    for folder in ("content/da", "data/da"):
        for name in LEFTOVERS:
            (root / folder / name).write_text(ARTICLE)
        os.symlink("editor@host.4242:1701000000", root / folder / ".#kunde.md")  # Emacs's lock: a dangling link
    (root / "content/da/.obsidian").mkdir()
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out.startswith("built 7 role pages (da 5, no 1, de 1) into ")


def test_a_hidden_article_or_fact_box_is_named_and_fails_a_strict_build(make_root, cli, tmp_path):
    root = make_root(
        {
            "content/da/..kunde.md": ARTICLE,
            "content/da/.kunde.md": ARTICLE,
            "content/no/...md": ARTICLE,
            "data/da/.customer-service-supervisor.yaml": "summary: S.\n",
        }
    )
    expected = [
        "content/da/..kunde.md:1: warning: not read: a name that starts with a dot is hidden; rename it to kunde.md "
        "to publish it, or delete it",
        "content/da/.kunde.md:1: warning: not read: a name that starts with a dot is hidden; rename it to kunde.md "
        "to publish it, or delete it",
        "content/no/...md:1: warning: not read: a name that starts with a dot is hidden; give it a name that does "
        "not start with a dot to publish it, or delete it",
        "data/da/.customer-service-supervisor.yaml:1: warning: not read: a name that starts with a dot is hidden; "
        "rename it to customer-service-supervisor.yaml to publish it, or delete it",
    ]
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 0, run.err
    assert run.err.splitlines() == expected
    assert run.out.startswith("built 7 role pages (da 5, no 1, de 1) into ")

    strict = cli("build", "--root", root, "--out", tmp_path / "strict", "--strict", "--no-search")
    assert strict.code == 1
    assert strict.problems == [line.replace(": warning: ", ": ") for line in expected]
    assert not (tmp_path / "strict").exists()


def test_other_files_and_folders_are_named_with_what_to_do(make_root):
    root = make_root(
        {
            "content/da/kunde.txt": ARTICLE,
            "content/da/kunde.MD": ARTICLE,
            "content/kunde.md": ARTICLE,
            "content/da/billeder/logo.svg": "<svg/>",
            "data/da/noter.docx": "x",
            "data/da/chef.yml": "summary: S.\n",
            "data/roles.yml": "x: {}\n",
        }
    )
    assert [str(p) for p in sorted(load_site(root).problems, key=str)] == [
        "content/da/billeder:1: warning: not read: content/da/ holds articles, not folders; move the files in this "
        "one up into content/da/, or the folder out of content/",
        "content/da/kunde.MD:1: warning: not read: only .md files in content/da/ are articles; rename it to end in "
        ".md, or move it out of content/",
        "content/da/kunde.txt:1: warning: not read: only .md files in content/da/ are articles; rename it to end in "
        ".md, or move it out of content/",
        "content/kunde.md:1: warning: not read: articles go in a folder per language, content/<lang>/; move it into "
        "one",
        "data/da/chef.yml:1: fact boxes end in .yaml; rename the file",
        "data/da/noter.docx:1: warning: not read: only .yaml files in data/da/ are fact boxes; rename it to end in "
        ".yaml, or move it out of data/",
        "data/roles.yml:1: warning: not read: data/ holds the register (roles.yaml, or a file per role in "
        "data/roles/) and a folder of fact boxes per language, data/<lang>/; move it into one, or out of data/",
    ]


@pytest.mark.parametrize("name", ["..\\..\\evil", "..", "...", ".%2e%2fevil"])
def test_the_warning_is_given_again_when_the_folder_is_taken_from_the_cache(name, make_root):
    # The preview takes a folder's listing from its cache while the watcher reports no change in it.
    root = make_root({f"content/da/{name}.md": ARTICLE})
    cache = Cache(root)
    first = [str(p) for p in load_site(root, cache).problems]
    assert len(first) == 1 and first[0].startswith(
        f"content/da/{name}.md:1: warning: not read: a name that starts with a dot is hidden"
    )
    again = load_site(root, cache, changed=frozenset())
    assert [str(p) for p in again.problems] == first
