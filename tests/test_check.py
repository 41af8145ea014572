"""`check`: broken links and anchors fail it; translations, fact-box sections and salary ages are reported."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import REPO, SITES, run_build_py, tree

from careerguide.load import reference_year
from careerguide.render.crawl import broken_links

YEAR_2024 = "1704067200"  # 2024-01-01T00:00:00Z


@pytest.fixture
def epoch(monkeypatch):
    """Age salary figures against 2024, whatever today's date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", YEAR_2024)


def test_check_fails_on_a_broken_anchor_a_missing_page_and_a_missing_file(make_root, cli, epoch):
    run = cli("check", "--root", make_root(base="check-links"))
    assert run.code == 1
    assert run.out.splitlines()[2:8] == [
        "  content/da/kundeservicemedarbejder.md:10: role:customer-service-supervisor#no-such-heading: "
        "da/teamleder/ has no heading or anchor with the id 'no-such-heading'",
        "  content/da/kundeservicemedarbejder.md:11: ../nope/: no such page in the built site",
        "  content/da/kundeservicemedarbejder.md:12: ../../assets/logo.png: no such file in the built site",
        "  content/da/kundeservicemedarbejder.md:13: #nowhere: da/kundeservicemedarbejder/ has no heading or anchor "
        "with the id 'nowhere'",
        "  content/da/kundeservicemedarbejder.md:14: ../../../elsewhere/: leads outside the site, which is "
        "https://example.org/guide/",
        "  data/da/customer-service-representative.yaml:23: ../findes-ikke/: no such page in the built site",
    ]


def test_check_report_matches_the_expected_text(make_root, cli, epoch):
    run = cli("check", "--root", make_root(base="check-links"))
    assert run.out == (SITES / "check-links" / "expected.txt").read_text(encoding="utf-8")
    assert "\033[" not in run.out  # captured output is not a terminal: no colour


def test_json_report_says_the_same_as_the_text(make_root, cli, epoch):
    root = make_root(base="check-links")
    text = cli("check", "--root", root).out
    run = cli("check", "--root", root, "--json")
    assert run.code == 1
    report = json.loads(run.out)
    assert report["ok"] is False
    assert [f"{p['path']}:{p['line']}: {p['message']}" for p in report["broken_links"]] == [
        line.strip() for line in text.splitlines()[2:8]
    ]
    assert report["build_problems"] == {"broken_links": 6, "warnings": 3, "fail_check": True, "fail_strict_build": True}
    assert report["editorial_notes"] == {
        "roles_lacking_pages": 1,
        "pages_lacking_sections": 4,
        "stale_figures": 1,
        "undated_figures": 1,
    }
    assert [w["path"] for w in report["build_warnings"]] == ["data/da/customer-service-representative.yaml"] * 2 + [
        "data/de/head-of-customer-service.yaml"
    ]
    assert report["coverage"][1] == {
        "role": "customer-service-supervisor",
        "pages": {
            "da": {
                "article": "content/da/teamleder.md",
                "slug": "teamleder",
                "draft": False,
                "fact_box": None,
                "missing_sections": [
                    "summary",
                    "education",
                    "salary",
                    "outlook",
                    "employment",
                    "hours",
                    "skills",
                    "duties",
                    "myths",
                    "faq",
                    "sources",
                ],
            },
            "de": {
                "article": "content/de/teamleiter.md",
                "slug": "teamleiter",
                "draft": True,
                "fact_box": None,
                "missing_sections": [
                    "summary",
                    "education",
                    "salary",
                    "outlook",
                    "employment",
                    "hours",
                    "skills",
                    "duties",
                    "myths",
                    "faq",
                    "sources",
                ],
            },
        },
        "no_page": {},
    }
    assert report["coverage"][2]["pages"]["da"] is None
    assert report["coverage"][2]["pages"]["de"]["article"] is None
    assert report["salary"] == {
        "reference_year": 2024,
        "stale_after_years": 4,
        "stale": [
            {
                "path": "data/da/customer-service-representative.yaml",
                "line": 14,
                "message": "salary[2] (US, Alle): from 2016, 8 years old; figures are stale after 4 years",
            }
        ],
        "undated": [
            {
                "path": "data/da/customer-service-representative.yaml",
                "line": 16,
                "message": "salary[3] (DK): no year; add the year the figure describes",
            }
        ],
    }


def test_good_site_passes_and_reports_coverage(make_root, cli, epoch):
    root = make_root()
    before = tree(root)
    run = cli("check", "--root", root)
    assert run.code == 0, run.out
    assert "Broken links" not in run.out
    assert (
        "  head-of-customer-service          chef (draft)             –                        –"
        in run.out.splitlines()
    )
    assert "  da/teamleder                no fact box" in run.out.splitlines()
    assert run.out.splitlines()[-1].startswith(
        "check passed: no broken links, 1 build warning(s) (0 failing build --strict); editorial "
        "notes: 5 of 6 roles lack a page in some language"
    )
    assert tree(root) == before  # nothing written into the site root, no site/ folder


def test_stale_after_years_comes_from_site_yaml_and_defaults_to_five(make_root, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609459200")  # 2021: the 2016 figure is five years old, not older
    assert json.loads(cli("check", "--root", make_root(), "--json").out)["salary"]["stale"] == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")  # 2022: six years old
    stale = json.loads(cli("check", "--root", make_root(), "--json").out)["salary"]["stale"]
    assert [(s["path"], s["line"]) for s in stale] == [("data/da/customer-service-representative.yaml", 21)]
    root = make_root({"site.yaml": (SITES / "good" / "site.yaml").read_text() + "stale_after_years: 10\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030: fourteen years old, limit ten
    report = json.loads(cli("check", "--root", root, "--json").out)
    assert report["salary"]["stale_after_years"] == 10
    assert [s["message"] for s in report["salary"]["stale"]] == [
        "salary[2] (US): from 2016, 14 years old; figures are stale after 10 years"
    ]


def test_build_warnings_are_reported_without_failing(make_root, cli, epoch):
    root = make_root(
        {
            "content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: Zoneteknikker\n"
            "description: D\n---\nSe [chefen](role:head-of-customer-service).\n"
        }
    )
    run = cli("check", "--root", root)
    assert run.code == 0
    assert (
        "  content/da/zebra.md:6: warning: role:head-of-customer-service: the role has no page in 'da' yet; "
        "the text stays unlinked"
    ) in run.out.splitlines()


def test_a_broken_link_from_a_template_names_the_built_page(make_root, cli, epoch):
    root = make_root(
        {
            "templates/404.html": '{% extends "base.html" %}\n{% block main %}\n<a href="{{ url(\'nope/\') '
            '}}">x</a>\n{% endblock %}\n'
        }
    )
    run = cli("check", "--root", root, "--json")
    assert run.code == 1
    [broken] = json.loads(run.out)["broken_links"]
    assert broken["path"] == "(built page) 404.html"
    assert broken["message"] == "https://example.org/karriere/nope/: no such page in the built site"
    assert broken["line"] > 1


def test_site_that_does_not_build_fails_check_with_its_problems(make_root, cli, epoch):
    root = make_root({"data/da/customer-service-representative.yaml": "dutys: [x]\n"})
    run = cli("check", "--root", root)
    assert run.code == 1
    assert run.err.splitlines() == [
        "data/da/customer-service-representative.yaml:1: dutys: unknown key; did you mean duties?",
        "check failed: the site does not build",
    ]
    report = json.loads(cli("check", "--root", root, "--json").out)
    assert report == {
        "ok": False,
        "build_problems": [
            {
                "path": "data/da/customer-service-representative.yaml",
                "line": 1,
                "message": "dutys: unknown key; did you mean duties?",
                "warning": False,
            }
        ],
    }


def test_reference_year_is_today_unless_source_date_epoch_says_otherwise(cli, make_root, monkeypatch):
    assert reference_year(None, datetime.date(2031, 5, 1)) == 2031
    assert reference_year("", datetime.date(2031, 5, 1)) == 2031
    assert reference_year(YEAR_2024, datetime.date(2031, 5, 1)) == 2024
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='soon' is not a whole number"):
        reference_year("soon", datetime.date(2031, 5, 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    run = cli("check", "--root", make_root())
    assert run.code == 2
    assert run.err == "error: SOURCE_DATE_EPOCH='soon' is not a whole number of seconds since 1970-01-01\n"


def test_colour_only_on_request(make_root, epoch):
    from careerguide.commands.check import check_site, report_text

    report = check_site(make_root(base="check-links"), year=2024)
    assert "\033[31m" in report_text(report, colour=True)
    assert "\033[" not in report_text(report, colour=False)


def test_repository_site_has_no_broken_links():
    done = run_build_py("check", "--json", cwd=REPO)
    report = json.loads(done.stdout)
    assert report["broken_links"] == [], report["broken_links"]
    assert done.returncode == 0
    assert {row["role"] for row in report["coverage"]} >= {"customer-service-representative"}


def _pages(pages: dict[str, str], base_url: str = "https://example.org/g/"):
    files = {**{path: text.encode() for path, text in pages.items()}, "assets/a.png": b""}
    return [(b.page, b.href, b.reason) for b in broken_links(files, files.__getitem__, base_url)]


def test_crawler_follows_links_as_a_browser_would():
    page = (
        '<a href="#top">t</a><a href="#%C3%A5">encoded</a><h2 id="å">x</h2>'
        '<a href="../b">folder without slash</a><img srcset="../assets/a.png 1x, ../assets/b.png 2x">'
        '<a href="https://example.org/g/a/#missing">absolute</a><a href="https://other.example/x">other site</a>'
        '<a href="role:x">unresolved</a><a href="mailto:a@b.c">mail</a><a name="old">named</a><a href="#old">n</a>'
    )
    assert _pages({"a/index.html": page, "b/index.html": ""}) == [
        ("a/index.html", "../assets/b.png", "no such file in the built site"),
        ("a/index.html", "https://example.org/g/a/#missing", "a/ has no heading or anchor with the id 'missing'"),
        (
            "a/index.html",
            "role:x",
            "a role: link outside the article text is not resolved; write the page's path instead",
        ),
    ]


def test_a_role_link_left_in_a_fact_box_is_broken(make_root, cli, epoch):
    root = make_root(
        {
            "data/da/customer-service-representative.yaml": "duties: ['Hjælpe "
            "[teamlederen](role:customer-service-supervisor)']\n"
        }
    )
    report = json.loads(cli("check", "--root", root, "--json").out)
    assert [(p["path"], p["line"]) for p in report["broken_links"]] == [
        ("data/da/customer-service-representative.yaml", 1)
    ]


def test_coverage_names_the_reason_a_role_has_no_page(make_root, cli, epoch):
    register = (
        (SITES / "good" / "data" / "roles.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "head-of-customer-service: {}",
            "head-of-customer-service:\n  no_page: {de: Keine deutsche Quelle beschreibt die Rolle.}",
        )
    )
    root = make_root({"data/roles.yaml": register})
    text = cli("check", "--root", root).out
    assert "Roles without a page, and why (no_page in the register)" in text
    assert "head-of-customer-service  de        Keine deutsche Quelle beschreibt die Rolle." in text
    report = json.loads(cli("check", "--root", root, "--json").out)
    row = next(row for row in report["coverage"] if row["role"] == "head-of-customer-service")
    assert row["no_page"] == {"de": "Keine deutsche Quelle beschreibt die Rolle."}


def test_figures_that_disagree_are_build_warnings_of_check_marked_when_a_note_answers_them(make_root, cli):
    box = """\
salary:
  - {region: DK, currency: DKK, period: year, range: typical, low: 300000, high: 360000, source: Kilde}
  - {region: DK, currency: DKK, period: month, median: 40000, year: 2020, source: Kilde, note: Kilderne er uenige.}
  - {region: DK, currency: DKK, period: month, range: full, low: 20000, mean: 45000, high: 40000, year: 2020, source: Kilde}
sources: [{title: Kilde}]
"""  # noqa: E501
    run = cli("check", "--root", make_root({"data/da/customer-service-representative.yaml": box}), "--json")
    assert run.code == 0
    warnings = [
        (w["line"], w["acknowledged"], w["message"].split(":")[0]) for w in json.loads(run.out)["build_warnings"]
    ]
    assert warnings == [(3, True, "salary[2].median"), (4, False, "salary[3].low"), (4, False, "salary[3].mean")]


def test_old_figures_are_editorial_notes_not_warnings_and_the_summary_keeps_them_apart(make_root, cli, monkeypatch):
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", "1640995200"
    )  # 2022: the 2016 figure is six years old, and its note answers it
    run = cli("check", "--root", make_root())
    lines = run.out.splitlines()
    assert run.code == 0
    assert lines[0] == "Build problems: broken links fail check; build warnings fail build --strict"
    assert "Editorial notes: what the guide still lacks; these fail neither check nor build" in lines
    assert (
        "  data/da/customer-service-representative.yaml:21: note: salary[2] (US): from 2016, 6 years old; figures "
        "are stale "
        "after 5 years"
    ) in lines
    assert not [
        line
        for line in lines[
            lines.index("Editorial notes: what the guide still lacks; these fail neither check nor build") :
        ]
        if ": warning: " in line
    ]
    assert lines[-1].startswith(
        "check passed: no broken links, 1 build warning(s) (0 failing build --strict); editorial notes: "
    )
    assert lines[-1].endswith(", 1 stale and 0 undated salary figure(s)")
    report = json.loads(cli("check", "--root", make_root(), "--json").out)
    assert report["build_problems"] == {
        "broken_links": 0,
        "warnings": 1,
        "fail_check": False,
        "fail_strict_build": False,
    }
    assert report["editorial_notes"]["stale_figures"] == 1
