"""The JSON-LD of role pages: an Occupation that says what its fact box holds, in schema.org's vocabulary."""

from __future__ import annotations

import json
import re

import pytest

from careerguide.build import make_site
from conftest import REPO, SITES
from schemaorg import TYPINGS, vocabulary

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
"""


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
        {"@type": "EducationalOccupationalCredential", "name": "Certified Customer Service Professional",
         "description": "Udstedt af National Customer Service Association. Kræver to års erfaring.",
         "validIn": {"@type": "Country", "name": "USA", "identifier": "US"}},
        {"@type": "EducationalOccupationalCredential", "name": "Kursusbevis"},
    ]
    url = "https://example.org/karriere/da/kundeservicemedarbejder/"
    assert found["mainEntityOfPage"] == {"@type": "WebPage", "@id": url, "url": url, "name": "Kundeservicemedarbejder",
                                         "inLanguage": "da", "lastReviewed": "2026-11-01"}


def test_a_page_without_a_date_or_a_code_says_neither(make_root):
    root = make_root({"data/roles.yaml": (SITES / "good" / "data" / "roles.yaml").read_text().replace('  isco: "4222"\n', ""),
                      "content/da/kundeservicemedarbejder.md": (SITES / "good" / "content" / "da" / "kundeservicemedarbejder.md")
                      .read_text().replace("updated: 2026-11-01\n", "")})
    found = occupation(graphs(make_site(root, strict=True).files)[PAGE])
    assert "occupationalCategory" not in found
    assert "lastReviewed" not in found["mainEntityOfPage"]


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
            "occupationalCategory": page.role.isco, "skills": box and box.skills, "responsibilities": box and box.duties,
            "educationRequirements": education and education.required, "qualifications": education and education.certifications,
        }
        assert {name for name, held in expected.items() if held} == {name for name in expected if name in found}, path
        assert found["mainEntityOfPage"].get("lastReviewed") == (page.article.updated and page.article.updated.isoformat()), path


@pytest.mark.skipif(not TYPINGS.is_file(), reason="schema.org's vocabulary (schema-dts): npm install --prefix tests")
def test_every_fact_of_the_occupation_is_schema_org_vocabulary(make_root):
    root = make_root({"data/da/customer-service-representative.yaml": BOX})
    for path, nodes in graphs(make_site(root, strict=True).files).items():
        assert vocabulary().problems(nodes) == [], path
