"""Reading a site root: encodings, line ends, front matter and files that must not be read."""

import os

import pytest

from careerguide.build import checked_site
from careerguide.load import load_site
from careerguide.load.files import article_body
from careerguide.model.errors import BuildFailed
from careerguide.model.raw import content_hash


def test_bom_and_windows_line_ends_are_accepted(make_root):
    text = (
        "\ufeff---\r\nrole: customer-service-representative\r\ntitle: Kundeservicemedarbejder\r\ndescription: "
        "Beskrivelse.\r\n---\r\nFørste linje.\r\n"
    )
    root = make_root({"content/da/kundeservicemedarbejder.md": None})
    (root / "content/da/kundeservicemedarbejder.md").write_bytes(text.encode("utf-8"))
    raw = load_site(root)
    article = next(a for a in raw.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    assert raw.problems == ()
    assert article.front.value["title"] == "Kundeservicemedarbejder"
    assert article.body_line == 6
    site, _ = checked_site(root)
    assert (
        article_body(root, next(a for a in site.content.articles if a.slug == article.slug and a.lang == "da"))
        == "Første linje.\n"
    )


def test_front_matter_lines_are_those_of_the_file(make_root):
    root = make_root()
    raw = load_site(root)
    article = next(a for a in raw.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    assert article.front.at("title").line == 3
    assert article.body_line == 7


def test_unclosed_front_matter(make_root):
    root = make_root({"content/da/kundeservicemedarbejder.md": "---\nrole: x\ntitle: y\n"})
    problems = [str(p) for p in load_site(root).problems]
    assert problems == [
        "content/da/kundeservicemedarbejder.md:1: front matter is not closed: add a line '---' after the fields"
    ]


def test_symlink_out_of_the_root_is_not_read(make_root, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("summary: secret\n")
    root = make_root()
    os.symlink(secret, root / "data/da/customer-service-supervisor.yaml")
    problems = [str(p) for p in load_site(root).problems]
    assert problems == [
        "data/da/customer-service-supervisor.yaml:1: this file links to a place outside the site root; copy it in "
        "instead"
    ]


def test_root_templates_replace_builtin_ones_by_name(make_root):
    root = make_root({"templates/404.html": "{% extends 'base.html' %}{% block main %}Own 404{% endblock %}"})
    raw = load_site(root)
    assert "Own 404" in raw.templates["404.html"]
    assert "role-header" in raw.templates["role.html"]


def test_what_a_watcher_did_not_report_is_taken_from_the_cache(make_root):
    from careerguide.incremental.cache import Cache

    root = make_root()
    cache = Cache(root)
    load_site(root, cache)
    article = root / "content/da/kundeservicemedarbejder.md"
    article.write_text(article.read_text(encoding="utf-8") + "Ny linje.\n", encoding="utf-8")
    new = root / "content/da/ny-rolle.md"
    new.write_text(
        "---\nrole: customer-service-supervisor\ntitle: Ny\ndescription: Ny.\n---\nTekst.\n", encoding="utf-8"
    )

    def digest(raw, slug="kundeservicemedarbejder"):
        return next((a.digest for a in raw.articles if a.slug == slug and a.lang == "da"), None)

    unreported = load_site(root, cache, changed=frozenset())
    assert (
        digest(unreported) != content_hash(article.read_text(encoding="utf-8"))
        and digest(unreported, "ny-rolle") is None
    )
    reported = load_site(root, cache, changed=frozenset({str(article), str(new)}))
    assert digest(reported) == content_hash(article.read_text(encoding="utf-8")) and digest(
        reported, "ny-rolle"
    ) == content_hash(new.read_text(encoding="utf-8"))
    assert cache.inputs[str(article)][2] == article.stat().st_size  # the stamp of the new text, for the next build
    new.unlink()
    assert digest(load_site(root, cache, changed=frozenset({str(new)})), "ny-rolle") is None
    assert digest(load_site(root, cache, changed=None)) == digest(reported)


def test_a_body_is_read_when_its_page_is_rendered_and_must_be_the_text_that_was_loaded(make_root):
    root = make_root()
    site, _ = checked_site(root)
    article = next(a for a in site.content.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    path = root / "content/da/kundeservicemedarbejder.md"
    text = path.read_text(encoding="utf-8")
    assert article_body(root, article) == text.split("---\n", 2)[2]
    path.write_text(text + "Skrevet under bygningen.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        article_body(root, article)
    assert [str(p) for p in failed.value.problems] == [
        "content/da/kundeservicemedarbejder.md:1: the file changed while the site was being built; build again"
    ]


def test_an_article_with_no_body_after_its_front_matter(make_root):
    root = make_root(
        {
            "content/da/kundeservicemedarbejder.md": "---\nrole: customer-service-representative\ntitle: "
            "K\ndescription: D.\n---"
        }
    )
    site, _ = checked_site(root)
    article = next(a for a in site.content.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    assert article_body(root, article) == ""
