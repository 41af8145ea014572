"""Rendering: escaping of every editor-controlled text, JSON-LD, quick facts, themes."""

import json
import re

from conftest import SITES

from careerguide.build import make_site


def files(root):
    return {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith((".html", ".xml", ".txt"))}


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_raw_html_and_javascript_links_are_harmless(make_root):
    html = files(make_root())["da/kundeservicemedarbejder/index.html"]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_jsonld_cannot_be_closed_by_editor_text(make_root):
    html = files(make_root())["da/kundeservicemedarbejder/index.html"]
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</" not in script
    graph = jsonld(html)[0]["@graph"]
    faq = next(item for item in graph if item["@type"] == "FAQPage")
    assert "</script>" in faq["mainEntity"][0]["acceptedAnswer"]["text"].replace("&lt;", "<").replace("&gt;", ">")


def test_jsonld_occupation_with_salary_faq_and_breadcrumbs(make_root):
    pages = files(make_root())
    graph = jsonld(pages["da/kundeservicemedarbejder/index.html"])[0]["@graph"]
    occupation = graph[0]
    assert occupation["@type"] == "Occupation"
    assert occupation["occupationalCategory"]["codeValue"] == "4222"
    assert occupation["educationRequirements"] == "Ingen bestemt uddannelse."
    assert occupation["responsibilities"] == ["Besvare opkald og e-mails", "Behandle klager"]
    # the US mean and percentiles stand on the page, labelled, but are not the Danish occupation's salary
    [median] = occupation["estimatedSalary"]
    assert median == {
        "@type": "MonetaryAmountDistribution",
        "name": "Kundecenter, 2024",
        "currency": "DKK",
        "duration": "P1M",
        "median": 31250,
    }
    assert occupation["occupationLocation"] == [{"@type": "Country", "name": "Danmark", "identifier": "DK"}]
    assert [item["@type"] for item in graph] == ["Occupation", "FAQPage", "BreadcrumbList"]
    crumbs = graph[2]["itemListElement"]
    assert crumbs[1]["item"] == "https://example.org/karriere/da/kundeservicemedarbejder/"
    no_graph = jsonld(pages["no/kundeservicemedarbeider/index.html"])[0]["@graph"]
    assert [item["@type"] for item in no_graph] == ["Occupation", "BreadcrumbList"]


def test_quick_facts_and_salary_formatting_by_locale(make_root):
    pages = files(make_root())
    da = pages["da/kundeservicemedarbejder/index.html"]
    assert "<dd>median 31.250\u00a0kr. om måneden" in da
    assert "(Kundecenter, 2024; kilde: Testkilde)" in da
    no = pages["no/kundeservicemedarbeider/index.html"]
    assert "452\u00a0000\u00a0kr per år" in no
    de = pages["de/kundendienstmitarbeiter/index.html"]
    assert "12,83\u00a0$ pro Stunde" in de
    assert "üblicherweise zwischen 7,25\u00a0$ und 27,20\u00a0$ pro Stunde" in de


def test_role_page_sections(make_root):
    html = files(make_root())["da/kundeservicemedarbejder/index.html"]
    for heading in (
        "Kort fortalt",
        "Arbejdsopgaver",
        "Uddannelse og vejen ind",
        "Certificering",
        "Løn",
        "Fremtidsudsigter",
        "Antal beskæftigede",
        "Arbejdstid",
        "Myter og fakta",
        "Ofte stillede spørgsmål",
        "Karrierevej",
        "Næste skridt",
        "Beslægtet job",
        "Læs på andre sprog",
        "Kilder",
    ):
        assert f">{heading}</h" in html, heading
    assert "<details>\n<summary>Skal jeg have en uddannelse?</summary>" in html
    assert '<td data-label="Fakta">Det kræver <em>tålmodighed</em>.</td>' in html
    assert "+8\u00a0% i perioden 2019–2029" in html
    assert "2.784.500 beskæftigede i 2016" in html


def test_a_section_without_facts_is_left_out(make_root):
    html = files(make_root({"data/no/customer-service-representative.yaml": "summary: Hjelper kunder.\n"}))[
        "no/kundeservicemedarbeider/index.html"
    ]
    for section in ('id="duties"', 'id="faq"', 'id="myths"', 'id="education"', 'id="sources"', 'id="salary"'):
        assert section not in html
    # the quick facts still say plainly that no figure of the page's country exists
    assert "<div><dt>Lønn</dt> <dd>Kildene våre har ingen lønnstall fra Norge.</dd></div>" in html


def test_root_strings_and_templates_override_builtin(make_root):
    root = make_root(
        {
            "templates/strings/da.yaml": "all_roles: Alle stillinger\n",
            "templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>Væk</h1>{% endblock %}\n",
        }
    )
    pages = files(root)
    assert "Alle stillinger" in pages["da/index.html"]
    assert "Ofte stillede spørgsmål" in pages["da/kundeservicemedarbejder/index.html"]
    assert "<h1>Væk</h1>" in pages["404.html"]


def test_404_links_are_absolute(make_root):
    html = files(make_root())["404.html"]
    hrefs = [h for h in re.findall(r'href="([^"]+)"', html) if not h.startswith("#")]
    assert hrefs and all(h.startswith("https://example.org/karriere/") for h in hrefs)


def test_site_file_paths_are_the_paths_each_part_of_the_site_files_writes(make_root):
    from careerguide.build import checked_site
    from careerguide.render import GENERAL_PART, Renderer

    renderer = Renderer(checked_site(make_root())[0])
    written = sorted((part, file.path) for part, piece in renderer.site_file_parts() for file in piece())
    assert sorted(renderer.site_file_paths()) == written
    assert {part for part, _ in written} == {GENERAL_PART, "da", "no", "de"}
    assert all(path.startswith(f"{part}/") for part, path in written if part != GENERAL_PART)


def test_templates_read_dicts_as_jinja_does_keys_methods_and_missing_names():
    import jinja2
    import pytest

    from careerguide.render.theme import make_environment

    class Row(dict):
        label = "attribute first"

    env = make_environment(
        {
            "t.html": "{{ row.label }}|{{ row.items() | list | length }}|{{ sub.label }}|{{ row.get('label') }}",
            "missing.html": "{{ row.nothing }}",
        }
    )
    row = {"label": "key", "items": "shadowed"}
    assert env.get_template("t.html").render(row=row, sub=Row(label="key")) == "key|2|attribute first|key"
    with pytest.raises(jinja2.UndefinedError, match="nothing"):
        env.get_template("missing.html").render(row=row)


def test_sources_show_publisher_year_and_a_foreign_language(make_root):
    box = "data/da/customer-service-representative.yaml"
    text = (
        (SITES / "good" / box)
        .read_text(encoding="utf-8")
        .replace(
            "  - {title: Testkilde}",
            "  - {title: Testkilde, publisher: Statistisk sentralbyrå, year: 2023, language: nb, url: "
            "'https://www.ssb.no/'}\n"
            "  - {title: Dansk kilde, publisher: Danmarks Statistik, language: da}",
        )
    )
    html = files(make_root({box: text}))["da/kundeservicemedarbejder/index.html"]
    assert (
        '<li><cite lang="nb"><a href="https://www.ssb.no/">Testkilde</a></cite>, Statistisk sentralbyrå, 2023 '
        "(på norsk)</li>"
    ) in html
    assert "<li><cite>Dansk kilde</cite>, Danmarks Statistik</li>" in html
