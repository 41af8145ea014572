"""Reading a site root: encodings, line ends, front matter and files that must not be read."""

import os

from careerguide.load import load_site


def test_bom_and_windows_line_ends_are_accepted(make_root):
    text = "\ufeff---\r\nrole: customer-service-representative\r\ntitle: Kundeservicemedarbejder\r\ndescription: Beskrivelse.\r\n---\r\nFørste linje.\r\n"
    root = make_root({"content/da/kundeservicemedarbejder.md": None})
    (root / "content/da/kundeservicemedarbejder.md").write_bytes(text.encode("utf-8"))
    raw = load_site(root)
    article = next(a for a in raw.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    assert raw.problems == ()
    assert article.front.value["title"] == "Kundeservicemedarbejder"
    assert article.body == "Første linje.\n"
    assert article.body_line == 6


def test_front_matter_lines_are_those_of_the_file(make_root):
    root = make_root()
    raw = load_site(root)
    article = next(a for a in raw.articles if a.slug == "kundeservicemedarbejder" and a.lang == "da")
    assert article.front.at("title").line == 3
    assert article.body_line == 7


def test_unclosed_front_matter(make_root):
    root = make_root({"content/da/kundeservicemedarbejder.md": "---\nrole: x\ntitle: y\n"})
    problems = [str(p) for p in load_site(root).problems]
    assert problems == ["content/da/kundeservicemedarbejder.md:1: front matter is not closed: add a line '---' after the fields"]


def test_symlink_out_of_the_root_is_not_read(make_root, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("summary: secret\n")
    root = make_root()
    os.symlink(secret, root / "data/da/customer-service-supervisor.yaml")
    problems = [str(p) for p in load_site(root).problems]
    assert problems == ["data/da/customer-service-supervisor.yaml:1: this file links to a place outside the site root; copy it in instead"]


def test_root_templates_replace_builtin_ones_by_name(make_root):
    root = make_root({"templates/404.html": "{% extends 'base.html' %}{% block main %}Own 404{% endblock %}"})
    raw = load_site(root)
    assert "Own 404" in raw.templates["404.html"]
    assert "role-header" in raw.templates["role.html"]
