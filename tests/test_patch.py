"""The rebuild after only articles' bodies changed: their pages patched, byte for byte what a full build writes."""

import os
from pathlib import Path

import pytest
from conftest import REPO, tree

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.model.errors import BuildFailed
from careerguide.render.theme import body_shown_as_is, make_environment

ARTICLE = "content/da/teamleder.md"


def build(root, out, **options):
    return build_site(root, out, cache=Cache(root, keep_loaded=False), **options)


def edit(root, old, new, name=ARTICLE):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(root, text, name=ARTICLE):
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def same_as_cold(root, out, tmp_path) -> bool:
    """Whether `out` holds what a build without a cache writes."""
    build_site(root, tmp_path / "cold", cache=None)
    return tree(out) == tree(tmp_path / "cold")


def test_a_body_edit_patches_only_its_page_into_the_bytes_a_full_build_writes(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    zebra = (out / "da/zebra/index.html").stat().st_ino
    append(root, "\nSe også [medarbejderen](role:customer-service-representative).\n")
    result = build(root, out)
    assert result.site is None and (result.rendered, result.reused) == (1, 6)
    assert (out / "da/zebra/index.html").stat().st_ino == zebra  # not written again
    assert '<a href="../kundeservicemedarbejder/">medarbejderen</a>' in (out / "da/teamleder/index.html").read_text(
        encoding="utf-8"
    )
    assert same_as_cold(root, out, tmp_path)

    append(root, "Og en sætning mere.\n")  # a second patch starts from the first one's record
    assert build(root, out).rendered == 1
    edit(root, "title: Teamleder i kundeservice", "title: Holdleder")  # front matter: the pages that show it
    result = build(root, out)
    assert result.site is not None and result.rendered == 2
    assert same_as_cold(root, out, tmp_path)


def test_a_new_heading_is_no_patch_because_the_table_of_contents_lists_it(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    append(root, "\n## Et nyt afsnit\n\nMere tekst.\n")
    result = build(root, out)
    assert result.site is not None
    assert '<a href="#et-nyt-afsnit">Et nyt afsnit</a>' in (out / "da/teamleder/index.html").read_text(encoding="utf-8")
    assert same_as_cold(root, out, tmp_path)


def test_a_file_saved_unchanged_writes_nothing(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    page = (out / "da/teamleder/index.html").stat().st_ino
    append(root, "")
    result = build(root, out)
    assert result.site is None and result.rendered == 0 and (out / "da/teamleder/index.html").stat().st_ino == page


def test_a_root_named_relative_to_the_working_folder_is_patched_too(make_root, tmp_path, monkeypatch):
    """`python build.py` in the root names it "."; the stamps of its top-level files must still be found again."""
    monkeypatch.chdir(make_root())
    root, out = Path("."), tmp_path / "out"
    build(root, out)
    assert Cache(root).manifest(out).build.inputs.changed() == {}
    result = build(root, out)
    assert result.site is None and result.rendered == 0
    append(root, "\nEn ny sætning.\n")
    result = build(root, out)
    assert result.site is None and result.rendered == 1


def test_a_moved_root_is_patched_after_one_build_that_finds_every_page_unchanged(make_root, tmp_path):
    """A checkout moved, or a CI cache restored at another path: the record of where bodies sit still holds."""
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    moved = root.rename(tmp_path / "moved")
    result = build(moved, out)
    assert result.site is not None and result.rendered == 0  # every stamp is new; no page is
    append(moved, "\nEn ny sætning.\n")
    result = build(moved, out)
    assert result.site is None and result.rendered == 1
    assert same_as_cold(moved, out, tmp_path)


def test_a_save_by_renaming_is_patched_but_a_removed_article_builds_the_site(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    article = root / ARTICLE
    saved = article.with_name(".teamleder.md.tmp")
    saved.write_text(article.read_text(encoding="utf-8") + "\nGemt som en ny fil.\n", encoding="utf-8")
    os.replace(saved, article)  # a new inode, and the folder's stamp changes
    assert build(root, out).rendered == 1
    (root / "content/da/noter.txt").write_text("not an article\n")
    assert build(root, out).site is None
    (root / "content/da/zebra.md").unlink()
    result = build(root, out)
    assert result.site is not None and not (out / "da/zebra").exists()
    assert same_as_cold(root, out, tmp_path)


def test_link_problems_of_a_patched_body_name_their_line_as_a_full_build_does(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out, strict=True)
    before = tree(out)
    append(root, "\nFørst en linje.\nSe [noget](role:no-such-role).\n")
    with pytest.raises(BuildFailed) as patched:
        build(root, out)
    with pytest.raises(BuildFailed) as full:
        build_site(root, tmp_path / "cold", cache=None)
    line = len((root / ARTICLE).read_text(encoding="utf-8").splitlines())
    assert (
        [str(p) for p in patched.value.problems]
        == [str(p) for p in full.value.problems]
        == [f"{ARTICLE}:{line}: role:no-such-role: no such role in the register; check the id"]
    )
    assert tree(out) == before

    edit(root, "role:no-such-role", "role:head-of-customer-service")  # its Danish article is a draft: a warning
    with pytest.raises(BuildFailed):
        build(root, out, strict=True)
    assert tree(out) == before
    warned = build(root, out)
    assert [str(p) for p in warned.warnings] == [
        f"{ARTICLE}:{line}: warning: role:head-of-customer-service: the role has no page in 'da' yet; the text stays "
        "unlinked"
    ]
    with pytest.raises(BuildFailed):  # nothing changed, but --strict does not let the remembered warning pass
        build(root, out, strict=True)
    edit(root, "Se [noget](role:head-of-customer-service).\n", "")
    assert build(root, out, strict=True).warnings == ()
    assert same_as_cold(root, out, tmp_path)


def role_template(edit_from: str, edit_to: str) -> str:
    text = (REPO / "templates/role.html").read_text(encoding="utf-8")
    assert edit_from in text
    return text.replace(edit_from, edit_to)


def test_a_theme_that_does_more_than_show_the_body_gets_a_full_build(make_root, tmp_path):
    root = make_root(
        {"templates/role.html": role_template("{{ body }}", "{{ body }}<p>{{ body|striptags|wordcount }}</p>")}
    )
    out = tmp_path / "out"
    build(root, out)
    append(root, "\nTo ord.\n")
    assert build(root, out).site is not None
    assert same_as_cold(root, out, tmp_path)


def test_a_body_that_search_indexes_gets_a_new_index(make_root, tmp_path):
    root = make_root(
        {
            "templates/role.html": role_template(
                '<div class="article-body" data-pagefind-ignore>', '<div class="article-body">'
            )
        }
    )
    out = tmp_path / "out"
    build(root, out, search=True)
    index = (out / "pagefind/da/pagefind.js").stat().st_ino
    append(root, "\nEt søgbart ord: blæksprutte.\n")
    assert build(root, out, search=True).site is not None
    assert (out / "pagefind/da/pagefind.js").stat().st_ino != index


@pytest.mark.parametrize(
    "templates, plain",
    [
        ({"role.html": "<main>{{ body }}</main>"}, True),
        ({"role.html": "{% for x in [1, 2] %}{{ body }}{% endfor %}"}, True),  # shown twice: found when rendering
        (
            {
                "role.html": "{% extends 'base.html' %}{% block main %}{{ body }}{% endblock %}",
                "base.html": "<main>{% block main %}{% endblock %}</main>",
            },
            True,
        ),
        ({"role.html": "{% if body %}{{ body }}{% endif %}"}, False),
        ({"role.html": "{{ body|upper }}"}, False),
        ({"role.html": "{% filter upper %}{{ body }}{% endfilter %}"}, False),
        ({"role.html": "{% set body = 'x' %}{{ body }}"}, False),
        ({"role.html": "{% macro show(body) %}{{ body }}{% endmacro %}{{ show('x') }}"}, False),
        ({"role.html": "{% include 'part.html' %}", "part.html": "{{ body|length }}"}, False),
        ({"role.html": "{% include page.template %}"}, False),
        ({"role.html": "{{ body"}, False),
        ({"role.html": "{{ body }}<!-- {{ page.article.digest }} -->"}, False),  # changes with the body alone
        ({"role.html": "{{ body }}{{ page.article['digest']|length }}"}, False),
        ({"role.html": "{{ body }}{{ page.article.links }}"}, False),  # marked in the model as from the body
        ({"role.html": "{{ body }}{{ page.article.front_digest }}"}, True),  # a patch keeps the front matter
        ({"role.html": "{{ body }}{{ page.article.title }}"}, True),
    ],
)
def test_which_templates_show_the_body_as_it_is(templates, plain):
    assert body_shown_as_is(make_environment(templates), "role.html") is plain


def test_patches_are_kept_beside_the_manifest_until_a_full_build_writes_it_again(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    folder = root / ".cache/careerguide"
    manifest = next(path for path in folder.glob("pages-*.json") if not path.name.endswith(".patches.json"))
    patches = manifest.with_name(manifest.stem + ".patches.json")
    written = manifest.read_bytes()
    append(root, "\nFørste rettelse.\n")
    assert build(root, out).rendered == 1 and manifest.read_bytes() == written and patches.is_file()
    append(root, "Anden rettelse.\n")
    assert build(root, out).rendered == 1  # a new process finds the first patch beside the manifest
    stale = patches.read_bytes()
    edit(root, "title: Teamleder i kundeservice", "title: Holdleder")
    assert build(root, out).site is not None and manifest.read_bytes() != written and not patches.exists()
    patches.write_bytes(stale)  # as a build killed between writing the manifest and removing them would leave it
    result = build(root, out)
    assert result.site is None and result.rendered == 0  # they belong to the old manifest: ignored
    assert same_as_cold(root, out, tmp_path)
