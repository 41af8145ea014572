"""The corpus generator: seeded, realistic, and valid under careerguide's --strict."""

from __future__ import annotations

import re
from pathlib import Path

import corpus
import yaml
from conftest import ROLES
from vocab import LANGS

from careerguide.commands.cli import main as careerguide

SECTIONS = {
    "summary",
    "education",
    "salary",
    "duties",
    "skills",
    "outlook",
    "employment",
    "hours",
    "myths",
    "faq",
    "sources",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_writes_the_same_files(small_corpus, tmp_path):
    corpus.write_all(ROLES, tmp_path)
    for name in ("careerguide", "hugo", "pelican", "mkdocs"):
        assert tree(tmp_path / name) == tree(small_corpus / name), name


def test_another_seed_writes_other_text(tmp_path):
    first = corpus.make_corpus(5, seed=1)
    second = corpus.make_corpus(5, seed=2)
    assert [a.body for a in first.articles] != [a.body for a in second.articles]


def test_builds_under_strict_with_no_warning(small_corpus, tmp_path, capsys):
    code = careerguide(
        ["build", "--root", str(small_corpus / "careerguide"), "--out", str(tmp_path / "site"), "--strict"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    assert f"built {ROLES * 3} role pages" in captured.out


def test_articles_are_4_to_8_kb_of_structured_markdown(small_corpus):
    articles = sorted((small_corpus / "careerguide" / "content").rglob("*.md"))
    assert len(articles) == ROLES * len(LANGS)
    for path in articles:
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        assert 4000 <= len(body.encode()) <= 8192, path
        assert len(re.findall(r"^## ", body, re.M)) == 7, path
        assert re.search(r"^- ", body, re.M) and re.search(r"^1\. ", body, re.M), path
        assert re.search(r"^\| --- \| ---: \| --- \|$", body, re.M), path
        assert re.search(r"\]\(role:[a-z0-9-]+\)", body), path


def test_fact_boxes_have_every_section(small_corpus):
    boxes = sorted((small_corpus / "careerguide" / "data").glob("*/*.yaml"))
    assert len(boxes) == ROLES * len(LANGS)
    for path in boxes:
        assert set(yaml.safe_load(path.read_text(encoding="utf-8"))) == SECTIONS, path


def test_roles_form_ladders_of_five():
    roles = corpus.make_roles(10)
    for ladder in (roles[:5], roles[5:]):
        assert [role.level for role in ladder] == [0, 1, 2, 3, 4]
        for lower, upper in zip(ladder, ladder[1:], strict=False):
            assert lower.next[0] == upper.id
        assert ladder[-1].next == ()
    assert roles[2].next == (roles[3].id, roles[8].id)
    assert all(role.related for role in roles)


def test_slugs_follow_the_contract():
    roles = corpus.make_roles(60)
    for role in roles:
        for lang in LANGS:
            assert role.slugs[lang] == corpus.slugify(role.titles[lang]) or role.slugs[lang].startswith(
                corpus.slugify(role.titles[lang]) + "-"
            )
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", role.slugs[lang])
    for lang in LANGS:
        assert len({role.slugs[lang] for role in roles}) == len(roles)
    assert corpus.slugify("Øverste bilinstruktør") == "oeverste-bilinstruktoer"
    assert corpus.slugify("Junior-Lebensmittelprüfer") == "junior-lebensmittelpruefer"
