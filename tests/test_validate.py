"""Validation: warnings versus errors, suggestions, and the frozen content it produces."""

import pytest

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
    root = make_root({
        "data/roles.yaml": "customer-service-representative:\n  isco: 4222\n",
        "data/no/customer-service-representative.yaml": "salary:\n  - {region: NO, currency: NOK, period: month, median: 41080, source: Test}\n",
    })
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
        "data/no/customer-service-supervisor.yaml:1: warning: fact box of 'customer-service-supervisor' has no article in 'no'; "
        "it is not published until content/no/<slug>.md names role: customer-service-supervisor"
    ]
    assert "1 warning(s)" in run.out


def test_all_problems_are_reported_at_once(make_root):
    root = make_root({
        "data/da/customer-service-representative.yaml": "dutys: [x]\nsalary:\n  - {region: XX, currency: DKK, period: month, median: 1, source: s}\n",
        "content/no/kundeservicemedarbeider.md": "---\nrole: nope\ntitle: T\ndescription: D\n---\n",
    })
    _, problems = validate(load_site(root))
    assert len([p for p in problems if not p.warning]) == 3


def test_draft_is_validated(make_root):
    root = make_root({"content/da/chef.md": "---\nrole: head-of-customer-service\ntitle: Chef\ndraft: true\n---\n"})
    _, problems = validate(load_site(root))
    assert [str(p) for p in problems] == ["content/da/chef.md:2: description: is missing; one sentence for search results, at most 160 characters"]


@pytest.mark.parametrize(("base_url", "problem"), [
    ("example.org/karriere", "is not an absolute http(s) URL"),
    ("ftp://example.org/", "is not an absolute http(s) URL"),
    ("https:///karriere/", "is not an absolute http(s) URL"),
    ("https://example.org:99999/", "is not an absolute http(s) URL"),
    ("https://example.org/karriere/?lang=da", "has a query or fragment; give the folder the site is published at"),
    ("https://example.org/karriere/#top", "has a query or fragment"),
    ("https://editor:secret@example.org/karriere/", "holds a user name or password, which every page would show"),
    ('https://x.org/"><script>alert(1)</script>', "holds a quote (\"), an angle bracket (>) and an angle bracket (<), which a URL cannot have; "
                                                 "give the address the site is published at, e.g. https://example.org/karriere/"),
    ("https://example.org/a\\b/", "holds a backslash (\\), which a URL cannot have"),
    ("https://example.org/{x}|^`/", "holds '{', '}', '|', '^' and a backquote (`), which a URL cannot have"),
    ("https://example.org/[x]/", "holds '[' and ']', which a URL cannot have"),
    ("https://example.org/min guide/", "holds a space, which a URL cannot have; write it encoded, as a browser's address bar copies it: "
                                       "https://example.org/min%20guide/"),
    ("https://bøger.dk/løn/", "holds a letter outside ASCII (ø), which a URL cannot have; write it encoded, as a browser's address bar "
                              "copies it: https://xn--bger-gra.dk/l%C3%B8n/"),
    ("https://example.org/100%/", "holds a % not followed by two hex digits, which a URL cannot have; write it encoded, as a browser's "
                                  "address bar copies it: https://example.org/100%25/"),
])
def test_base_url_is_the_folder_the_site_is_published_at(make_root, base_url, problem):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/karriere/", f"base_url: '{base_url}'"))
    content, problems = validate(load_site(root))
    assert content is None
    assert len(problems) == 1 and str(problems[0]).startswith(f"site.yaml:1: base_url: {base_url!r} ") and problem in str(problems[0])


def test_a_base_url_with_a_quote_or_a_tab_is_refused(make_root):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/karriere/", 'base_url: "https://example.org/it\'s/\\tx/"'))
    content, problems = validate(load_site(root))
    assert content is None
    assert [str(p) for p in problems] == ["site.yaml:1: base_url: \"https://example.org/it's/\\tx/\" holds a quote (') and '\\t', which a URL "
                                          "cannot have; give the address the site is published at, e.g. https://example.org/karriere/"]


def test_a_base_url_with_an_ipv6_address_and_percent_escapes_is_accepted(make_root):
    root = make_root()
    config = root / "site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/karriere/", "base_url: 'https://[2001:db8::1]:8443/l%C3%B8n/'"))
    content, problems = validate(load_site(root))
    assert content is not None and content.config.base_url == "https://[2001:db8::1]:8443/l%C3%B8n/"
