"""`build` finds the broken internal links and anchors of articles and fact boxes that `check` finds, without a
crawl."""

from __future__ import annotations

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.model.errors import BuildFailed

YEAR_2024 = "1704067200"
STRICT = "; a link that leads nowhere is an error under --strict: correct it or remove it"
BROKEN = [
    "content/da/kundeservicemedarbejder.md:10: role:customer-service-supervisor#no-such-heading: "
    "da/teamleder/ has no heading or anchor with the id 'no-such-heading'",
    "content/da/kundeservicemedarbejder.md:11: ../nope/: no such page in the built site",
    "content/da/kundeservicemedarbejder.md:12: ../../assets/logo.png: no such file in the built site",
    "content/da/kundeservicemedarbejder.md:13: #nowhere: da/kundeservicemedarbejder/ has no heading or anchor with "
    "the id 'nowhere'",
    "content/da/kundeservicemedarbejder.md:14: ../../../elsewhere/: leads outside the site, which is "
    "https://example.org/guide/",
    "data/da/customer-service-representative.yaml:23: ../findes-ikke/: no such page in the built site",
]


def test_strict_build_fails_on_the_links_check_finds_each_at_its_line(make_root, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", YEAR_2024)
    root = make_root(base="check-links")
    checked = cli("check", "--root", root)
    assert [line.strip() for line in checked.out.splitlines()[2:8]] == BROKEN

    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 1
    assert [line for line in run.problems if "leads nowhere" in line] == [line + STRICT for line in BROKEN]
    assert not (tmp_path / "out").exists()


def test_without_strict_a_broken_link_is_a_warning_and_check_names_it_once(make_root, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", YEAR_2024)
    root = make_root(base="check-links")
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 0
    warned = [line for line in run.err.splitlines() if ": warning: " in line]
    assert [
        line.replace("warning: ", "", 1)
        for line in warned
        if "built site" in line or "anchor" in line or "outside" in line
    ] == BROKEN
    checked = cli("check", "--root", root).out
    assert checked.count("../nope/") == 1  # under Broken links, not again under Build warnings


def test_links_that_work_pass_a_strict_build(make_root, cli, tmp_path):
    body = (
        "[teamlederen](role:customer-service-supervisor), [en overskrift](#hverdagen), [alle job](../), "
        "[forsiden](../../),\n"
        "[toppen](#top), [sammenligning](../loensammenligning/), [hovedindhold](#main), [ude](https://example.com/),\n"
        "[teamleder](../teamleder/)\n\n## Hverdagen\n"
    )
    root = make_root(
        {
            "content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: Zoneteknikker\ndescription: "
            "Z.\n---\n" + body
        }
    )
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err


def test_a_cached_build_after_a_body_edit_still_finds_a_new_broken_link(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root, keep_loaded=False))
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nSe [intet](../findes-ikke/).\n", encoding="utf-8")
    try:
        build_site(root, out, strict=True, cache=Cache(root, keep_loaded=False))
    except BuildFailed as failed:
        assert [str(p) for p in failed.problems] == [
            f"content/da/teamleder.md:8: ../findes-ikke/: no such page in the built site{STRICT}"
        ]
    else:
        raise AssertionError("the broken link passed")


def test_removing_a_heading_another_page_links_to_is_found_by_the_next_cached_build(make_root, tmp_path):
    root, out = (
        make_root(
            {
                "content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: "
                "Zoneteknikker\ndescription: Z.\n---\n"
                "Se [hverdagen](role:customer-service-representative#hverdagen).\n"
            }
        ),
        tmp_path / "out",
    )
    build_site(root, out, strict=True, cache=Cache(root, keep_loaded=False))
    article = root / "content/da/kundeservicemedarbejder.md"
    article.write_text(article.read_text(encoding="utf-8").replace("## Hverdagen", "## Arbejdsdagen"), encoding="utf-8")
    try:
        build_site(root, out, strict=True, cache=Cache(root, keep_loaded=False))
    except BuildFailed as failed:
        assert [str(p) for p in failed.problems] == [
            "content/da/zebra.md:6: role:customer-service-representative#hverdagen: da/kundeservicemedarbejder/ has "
            "no heading or "
            f"anchor with the id 'hverdagen'{STRICT}"
        ]
    else:
        raise AssertionError("the link to the removed heading passed")
