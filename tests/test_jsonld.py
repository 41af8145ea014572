"""The JSON-LD of role pages: an Occupation that says what its fact box holds, in schema.org's vocabulary."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO, SITES
from schemaorg import TYPINGS, vocabulary

from careerguide.build import make_site

PAGE = "da/kundeservicemedarbejder/index.html"

BOX = """\
summary: Hjælper kunder.
education:
  required: "Ingen *bestemt* uddannelse, se [Kontoruddannelsen](https://example.org/kontor)."
  certifications:
    - {name: Certified Customer Service Professional, issuer: National Customer Service Association, note: "Kræver *to* års erfaring.", region: US}
    - {name: Kursusbevis}
skills: ["Tålmodighed & `ro`", Empati]
duties: [Besvare opkald, "Behandle **klager**"]
sources: [{title: Kilde}]
"""  # noqa: E501


def graphs(files) -> dict[str, list[dict]]:
    """Every page's JSON-LD nodes, by its path."""
    found = {}
    for file in files:
        if file.path.endswith(".html"):
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', file.data.decode(), re.S)
            found[file.path] = [node for block in blocks for node in json.loads(block)["@graph"]]
    return found


def occupation(nodes: list[dict]) -> dict:
    return next(node for node in nodes if node["@type"] == "Occupation")


def test_the_occupation_carries_every_fact_of_the_box_as_plain_text(make_root):
    root = make_root({"data/da/customer-service-representative.yaml": BOX})
    found = occupation(graphs(make_site(root, strict=True).files)[PAGE])
    assert found["occupationalCategory"] == {"@type": "CategoryCode", "codeValue": "4222", "inCodeSet": "ISCO-08"}
    assert found["educationRequirements"] == "Ingen bestemt uddannelse, se Kontoruddannelsen."
    assert found["skills"] == ["Tålmodighed & ro", "Empati"]
    assert found["responsibilities"] == ["Besvare opkald", "Behandle klager"]
    assert found["qualifications"] == [
        {
            "@type": "EducationalOccupationalCredential",
            "name": "Certified Customer Service Professional",
            "description": "Udstedt af National Customer Service Association. Kræver to års erfaring.",
            "validIn": {"@type": "Country", "name": "USA", "identifier": "US"},
        },
        {"@type": "EducationalOccupationalCredential", "name": "Kursusbevis"},
    ]
    url = "https://example.org/karriere/da/kundeservicemedarbejder/"
    assert found["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": "Kundeservicemedarbejder",
        "inLanguage": "da",
        "lastReviewed": "2026-11-01",
    }


def test_a_page_without_a_date_or_a_code_says_neither(make_root):
    root = make_root(
        {
            "data/roles.yaml": (SITES / "good" / "data" / "roles.yaml").read_text().replace('  isco: "4222"\n', ""),
            "content/da/kundeservicemedarbejder.md": (SITES / "good" / "content" / "da" / "kundeservicemedarbejder.md")
            .read_text()
            .replace("updated: 2026-11-01\n", ""),
        }
    )
    found = occupation(graphs(make_site(root, strict=True).files)[PAGE])
    assert "occupationalCategory" not in found
    assert "lastReviewed" not in found["mainEntityOfPage"]


def test_a_german_page_never_says_the_job_is_located_in_norway(make_root):
    """A foreign figure is shown on the page, labelled; the Occupation's location and salary are the page's own
    country's."""
    box = """\
salary:
  - {region: "NO", currency: NOK, period: month, median: 38470, label: Tankstelle, year: 2022, source: SSB}
  - {region: DE, currency: EUR, period: hour, mean: 13.5, label: Tankstelle, year: 2024, source: Destatis}
sources: [{title: SSB}, {title: Destatis}]
"""
    root = make_root(
        {"data/de/customer-service-representative.yaml": box, "data/no/customer-service-representative.yaml": box}
    )
    nodes = graphs(make_site(root, strict=True).files)
    german = occupation(nodes["de/kundendienstmitarbeiter/index.html"])
    assert german["occupationLocation"] == [{"@type": "Country", "name": "Deutschland", "identifier": "DE"}]
    assert [amount["currency"] for amount in german["estimatedSalary"]] == ["EUR"]
    norwegian = occupation(nodes["no/kundeservicemedarbeider/index.html"])
    assert norwegian["occupationLocation"] == [{"@type": "Country", "name": "Norge", "identifier": "NO"}]
    assert [amount["currency"] for amount in norwegian["estimatedSalary"]] == ["NOK"]


def test_a_page_whose_figures_are_all_foreign_has_no_location_or_salary_in_jsonld(make_root):
    box = (
        'salary:\n  - {region: "NO", currency: NOK, period: month, median: 38470, year: 2022, source: '
        "SSB}\nsources: [{title: SSB}]\n"
    )
    root = make_root({"data/de/customer-service-representative.yaml": box})
    found = occupation(graphs(make_site(root, strict=True).files)["de/kundendienstmitarbeiter/index.html"])
    assert "occupationLocation" not in found and "estimatedSalary" not in found


@pytest.mark.parametrize("root", [REPO, SITES / "good"], ids=["repository", "good"])
def test_every_occupation_says_all_its_fact_box_holds(root):
    site = make_site(root, strict=True)
    nodes = graphs(site.files)
    pages = {page.ref.path + "index.html": page for page in site.site.pages}
    assert pages and set(pages) <= set(nodes)
    for path, page in pages.items():
        found, box = occupation(nodes[path]), page.factbox
        education = box.education if box else None
        expected = {
            "occupationalCategory": page.role.isco,
            "skills": box and box.skills,
            "responsibilities": box and box.duties,
            "educationRequirements": education and education.required,
            "qualifications": education and education.certifications,
        }
        assert {name for name, held in expected.items() if held} == {name for name in expected if name in found}, path
        assert found["mainEntityOfPage"].get("lastReviewed") == (
            page.article.updated and page.article.updated.isoformat()
        ), path


@pytest.mark.skipif(not TYPINGS.is_file(), reason="schema.org's vocabulary (schema-dts): npm install --prefix tests")
def test_every_fact_of_the_occupation_is_schema_org_vocabulary(make_root):
    root = make_root({"data/da/customer-service-representative.yaml": BOX})
    for path, nodes in graphs(make_site(root, strict=True).files).items():
        assert vocabulary().problems(nodes) == [], path
