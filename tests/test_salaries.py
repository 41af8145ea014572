"""Salary figures on role pages, in every language: each kind worded and drawn as what it is, in its country and
year."""

from __future__ import annotations

import html as markup
import json
import re

import pytest
from conftest import SITES, tree
from schemaorg import TYPINGS, vocabulary

from careerguide.build import build_site, make_site
from careerguide.incremental.cache import Cache

PAGES = {
    "da": "da/kundeservicemedarbejder/index.html",
    "no": "no/kundeservicemedarbeider/index.html",
    "de": "de/kundendienstmitarbeiter/index.html",
}
LOCAL = {"da": ("DK", "DKK"), "no": ("NO", "NOK"), "de": ("DE", "EUR")}


def fact_box(lang: str) -> str:
    """One entry of each kind in the page's own country, and one from the United States."""
    region, currency = LOCAL[lang]
    own = f'region: "{region}", currency: {currency}'
    return f"""\
salary:
  - {{{own}, period: month, range: typical, low: 28000, high: 36000, label: Typisk, year: 2024, source: Kilde}}
  - {{{own}, period: month, range: full, low: 25000, high: 40000, label: Alle, year: 2024, source: Kilde}}
  - {{{own}, period: month, median: 31250, label: Median, year: 2023, source: Kilde, note: "Kilden *selv* siger det."}}
  - {{{own}, period: month, p25: 28000, mean: 31900, p75: 35000, label: Fordeling, year: 2024, source: Kilde}}
  - {{{own}, period: unstated, median: 30000, label: Uden periode, year: unstated, source: Kilde}}
  - {{region: US, currency: USD, period: year, mean: 32300, label: USA-tal, year: 2016, source: Kilde}}
sources: [{{title: Kilde}}]
"""


FOREIGN_ONLY = """\
salary:
  - {region: US, currency: USD, period: hour, mean: 14.36, label: Ældre, year: 2008, source: Kilde, note: Gamle tal.}
  - {region: US, currency: USD, period: year, mean: 32300, label: Nyere, year: 2016, source: Kilde}
  - {region: US, currency: USD, period: hour, range: typical, low: 7.25, high: 27.2, year: unstated, source: Kilde}
sources: [{title: Kilde}]
"""


def built(make_root, box) -> dict[str, str]:
    root = make_root({f"data/{lang}/customer-service-representative.yaml": box(lang) for lang in PAGES})
    return {f.path: f.data.decode() for f in make_site(root, strict=True).files if f.path.endswith(".html")}


@pytest.fixture
def pages(make_root):
    return built(make_root, fact_box)


def text(html: str, section: str) -> str:
    """The words of a section of a page, charts left out, soft hyphens removed, white space made single."""
    found = re.search(rf'<section[^>]*aria-labelledby="{section}".*?</section>', html, re.S).group(0)
    words = markup.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'<div class="chart-box".*?</div>', " ", found, flags=re.S)))
    return " ".join(words.replace("\u00ad", "").replace("\u00a0", " ").split())


def figures(html: str) -> list[str]:
    """Each salary figure set of a role page: its caption and its figures, in words."""
    section = re.search(r'<section aria-labelledby="salary">.*?</section>', html, re.S).group(0)
    pictures = (
        r'<div class="chart-box".*?</div>|<ul '
        r'class="chart-legend".*?</ul>'
    )  # the charts and their legends, tested on their own
    return [
        " ".join(
            markup.unescape(re.sub(r"<[^>]+>", " ", re.sub(pictures, " ", f, flags=re.S)))
            .replace("\u00a0", " ")
            .split()
        )
        for f in re.findall(r'<figure class="salary">.*?</figure>', section, re.S)
    ]


EXPECTED = {
    "da": [
        "Typisk, Danmark, 2024 typisk mellem 28.000 kr. og 36.000 kr. om måneden Kilde: Kilde",
        "Alle, Danmark, 2024 fra laveste 25.000 kr. til højeste 40.000 kr. om måneden Kilde: Kilde",
        "Median, Danmark, 2023 median 31.250 kr. om måneden Kilden selv siger det. Kilde: Kilde",
        "Fordeling, Danmark, 2024 25 % tjener under 28.000 kr. om måneden gennemsnit 31.900 kr. om måneden 75 % "
        "tjener under 35.000 kr. om måneden Kilde: Kilde",
        "Uden periode, Danmark, år ikke oplyst median 30.000 kr. (periode ikke oplyst af kilden) Kilde: Kilde",
        "USA-tal, 2016 gennemsnit 32.300 USD om året Kilde: Kilde",
    ],
    "no": [
        "Typisk, Norge, 2024 vanligvis mellom 28 000 kr og 36 000 kr per måned Kilde: Kilde",
        "Alle, Norge, 2024 fra laveste 25 000 kr til høyeste 40 000 kr per måned Kilde: Kilde",
        "Median, Norge, 2023 median 31 250 kr per måned Kilden selv siger det. Kilde: Kilde",
        "Fordeling, Norge, 2024 25 % tjener under 28 000 kr per måned gjennomsnitt 31 900 kr per måned 75 % tjener "
        "under 35 000 kr per måned Kilde: Kilde",
        "Uden periode, Norge, år ikke oppgitt median 30 000 kr (perioden er ikke oppgitt i kilden) Kilde: Kilde",
        "USA-tal, 2016 gjennomsnitt 32 300 USD per år Kilde: Kilde",
    ],
    "de": [
        "Typisk, Deutschland, 2024 üblicherweise zwischen 28.000 € und 36.000 € pro Monat Quelle: Kilde",
        "Alle, Deutschland, 2024 von 25.000 € bis 40.000 € (niedrigster bis höchster Wert) pro Monat Quelle: Kilde",
        "Median, Deutschland, 2023 Median 31.250 € pro Monat Kilden selv siger det. Quelle: Kilde",
        "Fordeling, Deutschland, 2024 25 % verdienen weniger als 28.000 € pro Monat Durchschnitt 31.900 € pro Monat "
        "75 % verdienen weniger als 35.000 € pro Monat Quelle: Kilde",
        "Uden periode, Deutschland, Erhebungsjahr nicht angegeben Median 30.000 € (Zeitraum von der Quelle nicht "
        "angegeben) Quelle: Kilde",
        "USA-tal, Vereinigte Staaten, 2016 Durchschnitt 32.300 $ pro Jahr Quelle: Kilde",
    ],
}


@pytest.mark.parametrize("lang", PAGES)
def test_each_kind_of_figure_is_worded_as_what_it_is_with_its_year_country_and_note(pages, lang):
    assert figures(pages[PAGES[lang]]) == EXPECTED[lang]


@pytest.mark.parametrize("lang", PAGES)
def test_typical_and_full_ranges_medians_and_means_are_drawn_apart(pages, lang):
    charts = re.findall(r'<figure class="salary">.*?</figure>', pages[PAGES[lang]], re.S)
    typical, full, median, distribution, unstated, foreign = charts
    assert 'class="chart-range chart-range-typical"' in typical and "chart-range-full" not in typical
    assert 'class="chart-range chart-range-full"' in full and "chart-range-typical" not in full
    assert 'class="chart-mark chart-mark-median"' in median
    assert 'class="chart-mark chart-mark-mean"' in distribution and 'class="chart-inner"' in distribution
    assert (
        '<span id="salary-chart-5-t" hidden>' in unstated
        and "("
        + {
            "da": "periode ikke oplyst af kilden",
            "no": "perioden er ikke oppgitt i kilden",
            "de": "Zeitraum von der Quelle nicht angegeben",
        }[lang]
        + ")</span>"
        in unstated
    )
    assert 'class="chart-mark chart-mark-mean"' in foreign


QUICK = {
    "da": "Løn typisk mellem 28.000 kr. og 36.000 kr. om måneden (Typisk, 2024; kilde: Kilde)",
    "no": "Lønn vanligvis mellom 28 000 kr og 36 000 kr per måned (Typisk, 2024; kilde: Kilde)",
    "de": "Gehalt üblicherweise zwischen 28.000 € und 36.000 € pro Monat (Typisk, 2024; Quelle: Kilde)",
}
NO_LOCAL = {
    "da": "Løn Vores kilder har ingen løntal fra Danmark. Nyeste tal fra et andet land: gennemsnit 32.300 USD om året "
    "(Nyere, USA, 2016; kilde: Kilde)",
    "no": "Lønn Kildene våre har ingen lønnstall fra Norge. Nyeste tall fra et annet land: gjennomsnitt 32 300 USD "
    "per år "
    "(Nyere, USA, 2016; kilde: Kilde)",
    "de": "Gehalt Unsere Quellen enthalten keine Gehaltsstatistik für Deutschland. Neueste Angabe aus einem anderen "
    "Land: "
    "Durchschnitt 32.300 $ pro Jahr (Nyere, Vereinigte Staaten, 2016; Quelle: Kilde)",
}


@pytest.mark.parametrize("lang", PAGES)
def test_quick_facts_show_the_first_figure_of_the_pages_own_country(pages, make_root, lang):
    assert text(pages[PAGES[lang]], "quick-facts").endswith(QUICK[lang])
    moved = built(
        make_root,
        lambda code: fact_box(code).replace("salary:\n", "salary:\n" + fact_box(code).splitlines()[6] + "\n", 1),
    )
    assert "(USA-tal," not in text(moved[PAGES[lang]], "quick-facts")  # a foreign figure put first does not lead


@pytest.mark.parametrize("lang", PAGES)
def test_without_a_local_figure_quick_facts_say_so_and_label_the_latest_foreign_one(make_root, lang):
    pages = built(make_root, lambda _: FOREIGN_ONLY)
    assert text(pages[PAGES[lang]], "quick-facts").endswith(NO_LOCAL[lang])


@pytest.mark.parametrize("lang", PAGES)
def test_a_figures_heading_names_its_country_on_every_page(make_root, lang):
    """A chart's heading stands alone, so it names the country on the country's own page too: never a bare year."""
    box = (
        'salary:\n  - {region: "NO", currency: NOK, period: month, median: 41080, year: 2022, source: '
        "SSB}\nsources: [{title: SSB}]\n"
    )
    caption = re.search(r"<figcaption>(.*?)</figcaption>", built(make_root, lambda _: box)[PAGES[lang]]).group(1)
    assert caption == {"da": "Norge, 2022", "no": "Norge, 2022", "de": "Norwegen, 2022"}[lang]


@pytest.mark.parametrize("lang", PAGES)
def test_an_own_country_figure_without_label_or_year_is_headed_by_its_country(make_root, lang):
    region, currency = LOCAL[lang]
    box = (
        "salary:\n  - "
        f'{{region: "{region}", currency: {currency}, period: month, range: typical, low: 21000, high: 27000, '
        "year: unstated, source: S}\nsources: [{title: S}]\n"
    )
    caption = re.search(r"<figcaption>(.*?)</figcaption>", built(make_root, lambda _: box)[PAGES[lang]]).group(1)
    assert (
        caption
        == {
            "da": "Danmark, år ikke oplyst",
            "no": "Norge, år ikke oppgitt",
            "de": "Deutschland, Erhebungsjahr nicht angegeben",
        }[lang]
    )


def test_a_label_that_names_the_country_is_not_followed_by_it_again(make_root):
    box = (
        'salary:\n  - {region: DK, currency: DKK, period: month, median: 30000, label: "Kundecenter, Danmark", '
        "year: 2024, source: S}\nsources: [{title: S}]\n"
    )
    assert "<figcaption>Kundecenter, Danmark, 2024</figcaption>" in built(make_root, lambda _: box)[PAGES["da"]]


def test_education_routes_and_certifications_of_another_country_are_labelled(make_root):
    box = """\
education:
  paths: [Oplæring på jobbet, {text: Fagbrev, region: "NO"}, {text: Lærlingeuddannelse, region: DK}]
  certifications: [{name: CCSP, region: US}]
"""
    pages = {
        lang: text(html, "education")
        for lang, html in ((lang, built(make_root, lambda _: box)[path]) for lang, path in PAGES.items())
    }
    assert "Oplæring på jobbet Fagbrev (Norge) Lærlingeuddannelse Certificering CCSP (USA)" in pages["da"]
    assert (
        "Oplæring på jobbet Fagbrev Lærlingeuddannelse (Danmark) Sertifisering eller autorisasjon CCSP (USA)"
        in pages["no"]
    )
    assert "Fagbrev (Norwegen) Lærlingeuddannelse (Dänemark) Zertifikat CCSP (Vereinigte Staaten)" in pages["de"]


def salaries_jsonld(html: str) -> tuple[list[dict], list[dict]]:
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))["@graph"]
    return graph[0]["estimatedSalary"], graph[0]["occupationLocation"]


@pytest.mark.parametrize("lang", PAGES)
def test_jsonld_says_each_kind_as_schema_org_does(pages, lang):
    amounts, locations = salaries_jsonld(pages[PAGES[lang]])
    typical, full, median, mean, percentiles, unstated = amounts  # the US figure stays on the page, not here
    assert typical["@type"] == full["@type"] == "MonetaryAmount"
    assert typical["value"] == {"@type": "QuantitativeValue", "minValue": 28000, "maxValue": 36000, "unitText": "MONTH"}
    assert full["value"] == {"@type": "QuantitativeValue", "minValue": 25000, "maxValue": 40000, "unitText": "MONTH"}
    assert typical["description"] != full["description"]  # the usual span and lowest to highest, in the page's words
    assert median == {
        "@type": "MonetaryAmountDistribution",
        "name": "Median, 2023",
        "currency": LOCAL[lang][1],
        "duration": "P1M",
        "median": 31250,
    }
    assert mean["value"] == {"@type": "QuantitativeValue", "value": 31900, "unitText": "MONTH"}
    assert (percentiles["percentile25"], percentiles["percentile75"], percentiles["duration"]) == (28000, 35000, "P1M")
    assert (
        unstated["@type"] == "MonetaryAmountDistribution" and "duration" not in unstated and unstated["median"] == 30000
    )
    assert all(amount["currency"] == LOCAL[lang][1] for amount in amounts)
    assert locations == [
        {
            "@type": "Country",
            "name": {"da": "Danmark", "no": "Norge", "de": "Deutschland"}[lang],
            "identifier": LOCAL[lang][0],
        }
    ]


@pytest.mark.parametrize("lang", PAGES)
def test_a_page_with_only_foreign_figures_names_no_location_or_salary_in_jsonld(make_root, lang):
    graph = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>',
            built(make_root, lambda _: FOREIGN_ONLY)[PAGES[lang]],
            re.S,
        ).group(1)
    )["@graph"]
    assert "occupationLocation" not in graph[0] and "estimatedSalary" not in graph[0]


def test_an_unstated_period_is_left_out_of_a_range_too(make_root):
    box = (
        'salary:\n  - {region: "NO", currency: NOK, period: unstated, range: typical, low: 35000, high: 40000, '
        "year: unstated, source: S}\nsources: [{title: S}]\n"
    )
    amounts, _ = salaries_jsonld(built(make_root, lambda _: box)[PAGES["no"]])
    assert amounts == [
        {
            "@type": "MonetaryAmount",
            "name": "år ikke oppgitt",
            "description": "vanlig spenn",
            "currency": "NOK",
            "value": {"@type": "QuantitativeValue", "minValue": 35000, "maxValue": 40000},
        }
    ]


needs_vocabulary = pytest.mark.skipif(
    not TYPINGS.is_file(), reason="schema.org's vocabulary (schema-dts): npm install --prefix tests"
)


@needs_vocabulary
@pytest.mark.parametrize("box", [fact_box, lambda _: FOREIGN_ONLY], ids=["every-kind", "foreign-only"])
def test_every_pages_jsonld_is_schema_org_vocabulary(make_root, box):
    for path, html in built(make_root, box).items():
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert vocabulary().problems(json.loads(block)) == [], path


@needs_vocabulary
def test_the_vocabulary_check_finds_what_schema_org_does_not_define():
    wrong = {
        "@type": "Occupation",
        "name": "x",
        "estimatedSalary": [
            {"@type": "MonetaryAmountDistribution", "currency": "NOK", "minValue": 1, "median": 2},
            {"@type": "MonetaryAmount", "currency": "NOK", "value": {"@type": "QuantitativeValue", "median": 3}},
            {"@type": "Salary", "value": 4},
        ],
        "occupationLocation": {"@type": "Country", "name": "Norge"},
        "countryOfOrigin": "NO",
    }
    assert vocabulary().problems(wrong) == [
        "$.estimatedSalary[0]: MonetaryAmountDistribution has no property 'minValue'",
        "$.estimatedSalary[1].value: QuantitativeValue has no property 'median'",
        "$.estimatedSalary[2]: a Salary where Float | Integer | MonetaryAmount | MonetaryAmountDistribution | Number "
        "| `${number}` | number is expected",
        "$.estimatedSalary[2]: @type 'Salary' is not a schema.org type",
        "$: Occupation has no property 'countryOfOrigin'",
    ]
    assert (
        vocabulary().problems({"@type": "Occupation", "occupationLocation": {"@type": "Country", "name": "Norge"}})
        == []
    )
    assert vocabulary().problems(
        {"@type": "Occupation", "occupationLocation": {"@type": "Person", "name": "Norge"}}
    ) == [
        "$.occupationLocation: a Person where AdministrativeArea | City | Country | SchoolDistrict | State is expected"
    ]


@needs_vocabulary
def test_the_repository_and_good_sites_jsonld_is_schema_org_vocabulary():
    for root in (SITES.parent.parent, SITES / "good"):
        for file in make_site(root, strict=True).files:
            if file.path.endswith(".html"):
                for block in re.findall(
                    r'<script type="application/ld\+json">(.*?)</script>', file.data.decode(), re.S
                ):
                    assert vocabulary().problems(json.loads(block)) == [], f"{root.name}/{file.path}"


def test_the_cached_build_follows_a_change_of_country_or_note_as_a_cold_one_does(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root))
    page = out / PAGES["da"]
    assert "<figcaption>Kundecenter, Danmark, 2024</figcaption>" in page.read_text()
    assert "Vores kilder har ingen løntal" not in page.read_text()
    (root / "site.yaml").write_text(
        (SITES / "good" / "site.yaml").read_text().replace("locale: da_DK}", "locale: da_DK, country: NO}")
    )
    assert build_site(root, out, cache=Cache(root)).rendered == 7  # every page shows which country is foreign
    assert "Vores kilder har ingen løntal fra Norge" in page.read_text()
    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(
        box.read_text().replace("note: De nyeste amerikanske tal i vores kilder.", "note: Tallene er *gamle*.")
    )
    assert build_site(root, out, cache=Cache(root)).rendered == 1
    assert "<em>gamle</em>" in page.read_text()
    build_site(root, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")
