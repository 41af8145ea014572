"""Pictures: salary charts and career maps as SVG, and the pages that show them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from careerguide.render.charts import MapNode, RangeRow, career_map, ladder_order, nice_scale, range_chart, wrap
from careerguide.build import make_site
from careerguide.text.formatting import hyphenate, syllables

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The SVG as XML (inline SVG in HTML needs no namespace, so it is added for parsing)."""
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def percent(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


@pytest.mark.parametrize(("largest", "top", "step"), [
    (45000, 50000, 10000), (41430, 50000, 10000), (31250, 40000, 10000), (12.83, 15, 5), (452000, 500000, 100000), (1, 1, 0.2), (0, 1, 0.25),
])
def test_scale_starts_at_zero_and_ends_on_a_round_number(largest, top, step):
    assert nice_scale(largest) == (top, step)


def test_range_chart_is_an_accessible_image_with_the_figures_in_place():
    row = RangeRow("Kundeservice <script>", low=35000, high=45000, inner_low=37000, inner_high=42000, mark=41080, text="spænd 35.000–45.000 kr.")
    svg = parse(range_chart([row], chart_id="c", title="Løn & mere", desc="median 41.080 kr.", number=lambda v: f"{v:,.0f}"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c-t" and svg.get("aria-describedby") == "c-d"
    assert svg.find(f"{SVG}title").text == "Løn & mere" and svg.find(f"{SVG}title").get("id") == "c-t"
    assert svg.find(f"{SVG}desc").text == "median 41.080 kr."
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Kundeservice <script>" in texts and "spænd 35.000–45.000 kr." in texts
    assert ["0", "20,000", "40,000"] == [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    band = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart-range")
    # 35 000 of a 50 000 scale, drawn between 2 % and 98 % of the width
    assert percent(band.get("x")) == pytest.approx(2 + 96 * 35000 / 50000)
    assert percent(band.get("width")) == pytest.approx(96 * 10000 / 50000)
    dot = next(svg.iter(f"{SVG}circle"))
    assert percent(dot.get("cx")) == pytest.approx(2 + 96 * 41080 / 50000, abs=0.01)


def test_rows_of_one_chart_share_the_scale_and_a_lone_figure_is_a_dot():
    svg = parse(range_chart([RangeRow("A", mark=100), RangeRow("B", low=150)], chart_id="x", title="t"))
    dots = [percent(c.get("cx")) for c in svg.iter(f"{SVG}circle")]
    assert nice_scale(150)[0] == 150
    assert dots == [pytest.approx(2 + 96 * 100 / 150), pytest.approx(98)]
    assert not [r for r in svg.iter(f"{SVG}rect") if r.get("class") in ("chart-range", "chart-inner")]


def test_long_labels_wrap_and_long_words_are_hyphenated():
    assert wrap("Uddannelses- og udviklingsspecialist hos en stor virksomhed", 20) == ["Uddannelses- og", "udviklingsspecialist", "hos en stor", "virksomhed"]
    pieces = lambda word: syllables(word, "nb_NO")  # noqa: E731
    assert wrap("Informasjonsskrankemedarbeider", 20, pieces) == ["Informasjonsskranke-", "medarbeider"]
    assert hyphenate("Informasjonsskrankemedarbeider i kundeservice", "nb_NO") == "Infor\u00admasjons\u00adskranke\u00admed\u00adarbeider i kundeservice"
    assert hyphenate("Kundeservice", "da_DK") == "Kundeservice"  # short enough for any heading


def test_ladder_order_puts_each_step_after_what_leads_to_it():
    edges = [("rep", "senior"), ("senior", "lead"), ("rep", "lead"), ("lead", "head"), ("clerk", "desk")]
    order = ladder_order(["head", "lead", "rep", "senior", "alone", "desk", "clerk"], edges, key=lambda r: r)
    assert order == ["clerk", "desk", "rep", "senior", "lead", "head", "alone"]
    for a, b in edges:
        assert order.index(a) < order.index(b)


def test_ladder_order_survives_a_cycle():
    order = ladder_order(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")], key=lambda r: r)
    assert sorted(order) == ["a", "b", "c"] and order.index("b") < order.index("c")


def test_career_map_links_every_role_and_marks_the_current_one():
    nodes = [MapNode("Kunde <service>", "../a/"), MapNode("Teamleder", "../b/", current=True), MapNode("Chef", "../c/")]
    svg = parse(career_map(nodes, [(0, 1), (1, 2)], chart_id="m", title="Karrierevej"))
    assert svg.get("role") == "group" and svg.find(f"{SVG}title").text == "Karrierevej"
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["../a/", "../b/", "../c/"]
    assert [a.get("aria-current") for a in links] == [None, "page", None]
    assert "".join(links[0].itertext()) == "Kunde <service>"
    arcs = svg.find(f"{SVG}g")
    assert arcs.get("aria-hidden") == "true" and len(arcs.findall(f"{SVG}path")) == 2
    assert all(path.get("marker-end") == "url(#m-a)" for path in arcs.iter(f"{SVG}path"))


def test_role_page_shows_a_salary_bar_per_figure_set_with_the_figures_beside_it(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    html = files["da/kundeservicemedarbejder/index.html"]
    section = html[html.index('<section aria-labelledby="salary">'):]
    section = section[: section.index("</section>")]
    assert section.count('role="img"') == 2
    assert "<figcaption>Kundecenter, Danmark, 2024</figcaption>" in section
    assert "<li>median 31.250\u00a0kr. om måneden</li>" in section
    assert "loensammenligning" not in section  # no other Danish role has figures to compare with
    career = html[html.index('<section aria-labelledby="career"'):]
    assert 'aria-current="page"><rect class="map-target"' in career
    assert files["no/kundeservicemedarbeider/index.html"].count('class="chart"') == 1


def test_comparison_page_groups_by_region_currency_and_period_never_mixing_them(make_root):
    root = make_root({
        "data/da/customer-service-supervisor.yaml": "salary:\n"
        "  - {region: DK, currency: DKK, period: month, low: 38000, high: 46000, source: Test}\n"
        "  - {region: DK, currency: DKK, period: year, median: 500000, source: Test}\n",
    })
    files = {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith(".html")}
    html = files["da/loensammenligning/index.html"]
    groups = re.findall(r'<h2 id="([a-z-]+)">([^<]+)</h2>', html)
    assert groups == [("dk-dkk-month-median", "Medianløn: Danmark, kr. om måneden"), ("dk-dkk-month-range", "Lønspænd (kilden siger ikke hvilket): Danmark, kr. om måneden"),
                      ("dk-dkk-year-median", "Medianløn: Danmark, kr. om året"), ("us-usd-year-mean", "Gennemsnitsløn: USA, USD om året"),
                      ("us-usd-year-middle-half", "Midterste halvdel: USA, USD om året"), ("without-figures", "Job uden løntal")]
    month = html[html.index('id="dk-dkk-month-median"'):html.index('id="dk-dkk-year-median"')]
    assert "500.000" not in month and "US$" not in month
    assert re.findall(r'<a href="\.\./\.\./(da/[a-z]+/)">', month) == ["da/kundeservicemedarbejder/", "da/teamleder/"]
    assert files["de/gehaltsvergleich/index.html"].count('role="img"') == 2  # its mean and its usual span, each on a chart of its own


def test_career_map_page_draws_every_role_of_the_language(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    html = files["da/karrierekort/index.html"]
    svg = parse(re.search(r"<svg class=\"map\".*?</svg>", html, re.S).group())
    hrefs = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert set(hrefs) == {f"../../da/{slug}/" for slug in ("kundeservicemedarbejder", "teamleder", "oesters", "aalborg", "zebra")}  # chef is a draft
    assert hrefs.index("../../da/kundeservicemedarbejder/") < hrefs.index("../../da/teamleder/")
    assert not any(a.get("aria-current") for a in svg.iter(f"{SVG}a"))
    assert 'hreflang="no" href="https://example.org/karriere/no/karrierekart/"' in html


def test_a_title_with_hyphens_of_its_own_breaks_at_them_first():
    """"Customer-Experience-Ma-nager/-in" was the German editors' finding: a hyphenated title wraps at its hyphens."""
    split = lambda word: syllables(word, "de_DE")
    assert wrap("Customer-Experience-Manager/-in", 14, split) == ["Customer-", "Experience-", "Manager/-in"]
    assert wrap("Customer-Experience-Manager/-in", 20, split) == ["Customer-Experience-", "Manager/-in"]
