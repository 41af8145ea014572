"""Validation: warnings versus errors, suggestions, and the frozen content it produces."""

import pytest
from conftest import SITES

from careerguide.load import load_site
from careerguide.validate import validate


def test_good_site_validates_into_content(make_root):
    content, problems = validate(load_site(make_root()))
    assert problems == []
    assert content.config.base_url == "https://example.org/karriere/"
    assert [lang.code for lang in content.config.languages] == ["da", "no", "de"]
    assert content.roles["customer-service-representative"].isco == "4222"
    box = content.factboxes[("da", "customer-service-representative")]
    assert [s.figures for s in box.salary][0] == (("median", 31250),)
    assert box.education.certifications[0].issuer == "National Customer Service Association"


def test_unquoted_isco_and_yaml12_region(make_root):
    root = make_root(
        {
            "data/roles.yaml": "customer-service-representative:\n  isco: 4222\n",
            "data/no/customer-service-representative.yaml": "salary:\n  - {region: NO, currency: NOK, period: month, "
            "median: 41080, source: Test}\n",
        }
    )
    for name in ("teamleder", "chef", "oesters", "aalborg", "zebra"):
        (root / f"content/da/{name}.md").unlink()
    content, problems = validate(load_site(root))
    assert content.roles["customer-service-representative"].isco == "4222"
    assert content.factboxes[("no", "customer-service-representative")].salary[0].region == "NO"


def test_fact_box_without_article_is_a_warning_and_builds(make_root, cli, tmp_path):
    root = make_root({"data/no/customer-service-supervisor.yaml": "summary: Leder et team.\n"})
    run = cli("build", "--root", root, "--out", tmp_path / "out")
    assert run.code == 0
    assert run.err.splitlines() == [
        "data/no/customer-service-supervisor.yaml:1: warning: fact box of 'customer-service-supervisor' has no "
        "article in 'no'; "
        "it is not published until content/no/<slug>.md names role: customer-service-supervisor"
    ]
    assert "1 warning(s)" in run.out


def test_all_problems_are_reported_at_once(make_root):
    root = make_root(
        {
            "data/da/customer-service-representative.yaml": "dutys: [x]\nsalary:\n  - {region: XX, currency: DKK, "
            "period: month, median: 1, source: s}\n",
            "content/no/kundeservicemedarbeider.md": "---\nrole: nope\ntitle: T\ndescription: D\n---\n",
        }
    )
    _, problems = validate(load_site(root))
    assert len([p for p in problems if not p.warning]) == 3


def test_draft_is_validated(make_root):
    root = make_root({"content/da/chef.md": "---\nrole: head-of-customer-service\ntitle: Chef\ndraft: true\n---\n"})
    _, problems = validate(load_site(root))
    assert [str(p) for p in problems] == [
        "content/da/chef.md:2: description: is missing; one sentence for search results, at most 160 characters"
    ]


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("example.org/karriere", "is not an absolute http(s) URL"),
        ("ftp://example.org/", "is not an absolute http(s) URL"),
        ("https:///karriere/", "is not an absolute http(s) URL"),
        ("https://example.org:99999/", "is not an absolute http(s) URL"),
        ("https://example.org/karriere/?lang=da", "has a query or fragment; give the folder the site is published at"),
        ("https://example.org/karriere/#top", "has a query or fragment"),
        ("https://editor:secret@example.org/karriere/", "holds a user name or password, which every page would show"),
        (
            'https://x.org/"><script>alert(1)</script>',
            'holds a quote ("), an angle bracket (>) and an angle bracket (<), which a URL cannot have; '
            "give the address the site is published at, e.g. https://example.org/karriere/",
        ),
        ("https://example.org/a\\b/", "holds a backslash (\\), which a URL cannot have"),
        ("https://example.org/{x}|^`/", "holds '{', '}', '|', '^' and a backquote (`), which a URL cannot have"),
        ("https://example.org/[x]/", "holds '[' and ']', which a URL cannot have"),
        (
            "https://example.org/min guide/",
            "holds a space, which a URL cannot have; write it encoded, as a browser's address bar copies it: "
            "https://example.org/min%20guide/",
        ),
        (
            "https://bøger.dk/løn/",
            "holds a letter outside ASCII (ø), which a URL cannot have; write it encoded, as a browser's address bar "
            "copies it: https://xn--bger-gra.dk/l%C3%B8n/",
        ),
        (
            "https://example.org/100%/",
            "holds a % not followed by two hex digits, which a URL cannot have; write it encoded, as a browser's "
            "address bar copies it: https://example.org/100%25/",
        ),
    ],
)
def test_base_url_is_the_folder_the_site_is_published_at(make_root, base_url, problem):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/karriere/", f"base_url: '{base_url}'"))
    content, problems = validate(load_site(root))
    assert content is None
    assert (
        len(problems) == 1
        and str(problems[0]).startswith(f"site.yaml:1: base_url: {base_url!r} ")
        and problem in str(problems[0])
    )


def test_a_language_is_in_the_country_of_its_locale_unless_site_yaml_names_another(make_root):
    content, _ = validate(load_site(make_root()))
    assert [(lang.code, lang.country) for lang in content.config.languages] == [
        ("da", "DK"),
        ("no", "NO"),
        ("de", "DE"),
    ]
    site = (SITES / "good" / "site.yaml").read_text().replace("locale: de_DE}", "locale: de_DE, country: AT}")
    content, problems = validate(load_site(make_root({"site.yaml": site})))
    assert problems == []
    assert content.config.language("de").country == "AT"


def test_salary_entries_say_what_kind_of_figure_they_are(make_root):
    root = make_root(
        {
            "data/da/customer-service-representative.yaml": """\
salary:
  - {region: "NO", currency: NOK, period: year, range: typical, low: 350000, high: 500000, year: unstated, source: Seed}
  - {region: "NO", currency: NOK, period: unstated, range: full, low: 35000, high: 40000, source: Seed, note: Startløn.}
  - {region: "NO", currency: NOK, period: month, median: 41080, mean: 43140, year: 2022, source: SSB}
education:
  paths: [Oplæring på jobbet, {text: Fagbrev, region: "NO"}]
  certifications: [{name: CCSP, region: US}]
sources: [{title: Seed}, {title: SSB}]
"""
        }
    )
    content, problems = validate(load_site(root))
    assert problems == []
    typical, unstated, statistics = content.factboxes[("da", "customer-service-representative")].salary
    assert (typical.range, typical.year, typical.known_year, typical.stated_period) == (
        "typical",
        "unstated",
        None,
        True,
    )
    assert (unstated.range, unstated.period, unstated.stated_period, unstated.year, unstated.note) == (
        "full",
        "unstated",
        False,
        None,
        "Startløn.",
    )
    assert (statistics.range, statistics.known_year, statistics.figures) == (
        None,
        2022,
        (("median", 41080), ("mean", 43140)),
    )
    education = content.factboxes[("da", "customer-service-representative")].education
    assert [(p.text, p.region) for p in education.paths] == [("Oplæring på jobbet", None), ("Fagbrev", "NO")]
    assert education.certifications[0].region == "US"


def test_a_range_without_its_kind_builds_with_a_warning_but_not_under_strict(make_root, cli, tmp_path):
    root = make_root(
        {
            "data/de/customer-service-representative.yaml": (
                "salary:\n  - {region: US, currency: USD, period: hour, low: 7.25, high: 27.2, source: "
                "Testquelle}\nsources: [{title: Testquelle}]\n"
            )
        }
    )
    message = (
        "data/de/customer-service-representative.yaml:2: {}salary[1]: low and high without range: is this the usual "
        "span "
        "the source names (range: typical) or lowest to highest (range: full)? Add the one the source says"
    )
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert (run.code, run.err.splitlines()) == (0, [message.format("warning: ")])
    run = cli("build", "--root", root, "--out", tmp_path / "strict", "--no-search", "--strict")
    assert (run.code, run.problems) == (1, [message.format("")])


def test_a_disagreement_acknowledged_by_a_note_stays_a_warning_under_strict(make_root, cli, tmp_path):
    box = """\
salary:
  - {region: DK, currency: DKK, period: year, range: full, low: 300000, high: 400000, source: Testkilde}
  - {region: DK, currency: DKK, period: month, median: 40000, year: 2020, source: Testkilde, note: Kilderne er uenige.}
sources: [{title: Testkilde}]
"""
    root = make_root({"data/da/customer-service-representative.yaml": box})
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search", "--strict")
    assert run.code == 0
    assert run.err.splitlines() == [
        "data/da/customer-service-representative.yaml:3: warning: salary[2].median: median 40 000 a month ×12 is 480 "
        "000, more "
        "than 10% above the yearly range from lowest to highest 300 000–400 000 of salary[1] (acknowledged by its note)"
    ]
    run = cli(
        "build", "--root", root, "--out", tmp_path / "out", "--no-search", "--strict"
    )  # nothing changed: the last warnings again
    assert run.code == 0 and "acknowledged by its note" in run.err


def test_statistics_age_against_source_date_epoch(make_root, monkeypatch):
    root = make_root()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1640995200")  # 2022: the good site's US figures of 2016 are six years old
    _, problems = validate(load_site(root))
    assert [(str(p), p.acknowledged) for p in problems] == [
        (
            "data/da/customer-service-representative.yaml:21: warning: salary[2].year: 2016 is 6 years before 2022; "
            "statistics are "
            "stale after 5 years (stale_after_years in site.yaml) (acknowledged by its note)",
            True,
        )
    ]
    _, problems = validate(load_site(root), year=2021)
    assert problems == []


def test_a_source_date_epoch_that_is_no_time_fails_the_build_with_what_it_is(make_root, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    run = cli("build", "--root", make_root(), "--out", tmp_path / "out", "--no-search")
    assert (run.code, run.problems) == (
        1,
        [
            "SOURCE_DATE_EPOCH:1: SOURCE_DATE_EPOCH='soon' is not a whole number of seconds since "
            "1970-01-01; salary statistics are aged against its year"
        ],
    )


def test_a_base_url_with_a_quote_or_a_tab_is_refused(make_root):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(
        config.read_text().replace(
            "base_url: https://example.org/karriere/", 'base_url: "https://example.org/it\'s/\\tx/"'
        )
    )
    content, problems = validate(load_site(root))
    assert content is None
    assert [str(p) for p in problems] == [
        "site.yaml:1: base_url: \"https://example.org/it's/\\tx/\" holds a quote (') and '\\t', which a URL "
        "cannot have; give the address the site is published at, e.g. https://example.org/karriere/"
    ]


def test_a_base_url_with_an_ipv6_address_and_percent_escapes_is_accepted(make_root):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(
        config.read_text().replace(
            "base_url: https://example.org/karriere/", "base_url: 'https://[2001:db8::1]:8443/l%C3%B8n/'"
        )
    )
    content, problems = validate(load_site(root))
    assert content is not None and content.config.base_url == "https://[2001:db8::1]:8443/l%C3%B8n/"
