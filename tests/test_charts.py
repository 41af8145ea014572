"""Pictures: salary charts (bars in SVG, words in HTML), the career ladders' order, and the pages that show them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from careerguide.build import make_site
from careerguide.render.charts import RangeRow, ladder_order, nice_range, range_chart
from careerguide.render.legend import legend
from careerguide.text.formatting import hyphenate, syllables


def percent(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


@pytest.mark.parametrize(
    ("smallest", "largest", "axis"),
    [
        (35000, 45000, (30000, 50000, 5000)),  # a range fills half the width, not the right fifth of 0-50 000
        (37120, 54500, (35000, 60000, 5000)),
        (300000, 452000, (250000, 500000, 50000)),
        (41080, 41080, (36000, 46000, 2000)),  # a lone figure in the middle of a short axis
        (12.83, 12.83, (11, 15, 1)),
        (0, 100, (0, 125, 25)),  # figures near zero keep zero
        (20, 90, (0, 100, 20)),
        (0, 0, (0, 1, 0.25)),
    ],
)
def test_axis_is_fitted_to_the_figures_and_ends_on_round_numbers(smallest, largest, axis):
    bottom, top, step = nice_range(smallest, largest)
    assert (bottom, top, step) == pytest.approx(axis)
    assert bottom <= smallest and top >= largest and round((top - bottom) / step) <= 5


class Chart(HTMLParser):
    """A chart's parts: the root's attributes, the hidden name and description, labels, values, shapes and ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.hidden: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {
            "chart-label": [],
            "chart-value": [],
            "chart-tick": [],
            "chart-tick chart-tick-inner": [],
        }
        self.shapes: list[dict[str, str | None]] = []
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if not self.root:
            self.root = found
        elif tag == "span" and "hidden" in found:
            self._open = ("hidden", found["id"])
        elif found.get("class") in self.texts:
            self._open = ("text", found["class"])
            self.texts[found["class"]].append("")
        elif tag in ("rect", "circle", "path", "svg", "line"):
            self.shapes.append({"tag": tag, **found})

    def handle_endtag(self, tag):
        if tag in ("span", "text"):
            self._open = None

    def handle_data(self, data):
        if self._open and self._open[0] == "hidden":
            self.hidden[self._open[1]] = self.hidden.get(self._open[1], "") + data
        elif self._open:
            self.texts[self._open[1]][-1] += data


def chart_of(html: str) -> Chart:
    parsed = Chart()
    parsed.feed(html)
    return parsed


def test_range_chart_is_an_accessible_image_with_its_words_as_text_that_wraps():
    row = RangeRow(
        "Kundeservice <script>",
        low=35000,
        high=45000,
        inner_low=37000,
        inner_high=42000,
        mark=41080,
        text="spænd 35.000–45.000 kr.",
    )
    chart = chart_of(
        range_chart([row], chart_id="c", title="Løn & mere", desc="median 41.080 kr.", number=lambda v: f"{v:,.0f}")
    )
    assert chart.root == {"class": "chart", "role": "img", "aria-labelledby": "c-t", "aria-describedby": "c-d"}
    assert chart.hidden == {"c-t": "Løn & mere", "c-d": "median 41.080 kr."}
    assert chart.texts["chart-label"] == ["Kundeservice <script>"] and chart.texts["chart-value"] == [
        "spænd 35.000–45.000 kr."
    ]
    # The ends of the axis always named, the ticks between only where there is room (the theme's container query).
    assert chart.texts["chart-tick"] == ["30,000", "50,000"]
    assert chart.texts["chart-tick chart-tick-inner"] == ["40,000"]  # of five ticks, every other one
    grids = [s for s in chart.shapes if s.get("class") == "chart-grid"]
    assert len(grids) == 5
    band = next(s for s in chart.shapes if s.get("class") == "chart-range")
    # 35 000 on an axis from 30 000 to 50 000, drawn between 2 % and 98 % of the width
    assert percent(band["x"]) == pytest.approx(2 + 96 * 5000 / 20000)
    assert percent(band["width"]) == pytest.approx(96 * 10000 / 20000)
    dot = next(s for s in chart.shapes if s["tag"] == "circle")
    assert percent(dot["cx"]) == pytest.approx(2 + 96 * 11080 / 20000, abs=0.01)


def test_rows_of_one_chart_share_the_axis_and_a_lone_figure_is_a_dot():
    chart = chart_of(range_chart([RangeRow("A", mark=100), RangeRow("B", low=150)], chart_id="x", title="t"))
    bottom, top, _ = nice_range(100, 150)
    dots = [percent(s["cx"]) for s in chart.shapes if s["tag"] == "circle"]
    assert dots == [
        pytest.approx(2 + 96 * (100 - bottom) / (top - bottom)),
        pytest.approx(2 + 96 * (150 - bottom) / (top - bottom)),
    ]
    assert not [s for s in chart.shapes if s.get("class") in ("chart-range", "chart-inner")]
    grids = [s for s in chart.shapes if s.get("class") == "chart-grid"]
    assert len(grids) == 2 * len({g["x1"] for g in grids})  # each bar's strip draws the same ticks


def test_long_words_of_a_chart_get_soft_hyphens_and_running_text_only_in_its_long_compounds():
    pieces = lambda word: syllables(word, "nb_NO")  # noqa: E731
    chart = chart_of(
        range_chart([RangeRow("Informasjonsskrankemedarbeider i bank", mark=1)], chart_id="x", title="t", split=pieces)
    )
    assert chart.texts["chart-label"] == ["Infor\u00admasjons\u00adskranke\u00admed\u00adarbeider i bank"]
    assert (
        hyphenate("Informasjonsskrankemedarbeider i kundeservice", "nb_NO")
        == "Infor\u00admasjons\u00adskranke\u00admed\u00adarbeider i kundeservice"
    )
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


def test_role_page_shows_a_salary_bar_per_figure_set_with_the_figures_beside_it(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    html = files["da/kundeservicemedarbejder/index.html"]
    section = html[html.index('<section aria-labelledby="salary">') :]
    section = section[: section.index("</section>")]
    assert section.count('role="img"') == 2
    assert "<figcaption>Kundecenter, Danmark, 2024</figcaption>" in section
    assert "<li>median 31.250\u00a0kr. om måneden</li>" in section
    assert "loensammenligning" not in section  # no other Danish role has figures to compare with
    assert files["no/kundeservicemedarbeider/index.html"].count('class="chart"') == 1


def test_comparison_page_groups_by_region_currency_and_period_never_mixing_them(make_root):
    root = make_root(
        {
            "data/da/customer-service-supervisor.yaml": "salary:\n"
            "  - {region: DK, currency: DKK, period: month, low: 38000, high: 46000, source: Test}\n"
            "  - {region: DK, currency: DKK, period: year, median: 500000, source: Test}\n",
        }
    )
    files = {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith(".html")}
    html = files["da/loensammenligning/index.html"]
    groups = re.findall(r'<h2 id="([a-z-]+)">([^<]+)</h2>', html)
    assert groups == [
        ("dk-dkk-month-median", "Medianløn: Danmark, kr. om måneden"),
        ("dk-dkk-month-range", "Lønspænd (kilden siger ikke hvilket): Danmark, kr. om måneden"),
        ("dk-dkk-year-median", "Medianløn: Danmark, kr. om året"),
        ("us-usd-year-mean", "Gennemsnitsløn: USA, USD om året"),
        ("us-usd-year-middle-half", "Midterste halvdel: USA, USD om året"),
        ("without-figures", "Job uden løntal"),
    ]
    month = html[html.index('id="dk-dkk-month-median"') : html.index('id="dk-dkk-year-median"')]
    assert "500.000" not in month and "US$" not in month
    assert re.findall(r'<a href="\.\./\.\./(da/[a-z]+/)">', month) == ["da/kundeservicemedarbejder/", "da/teamleder/"]
    assert (
        files["de/gehaltsvergleich/index.html"].count('role="img"') == 2
    )  # its mean and its usual span, each on a chart of its own


def test_legend_names_each_mark_a_chart_draws_once_in_the_fact_model_s_words():
    strings = {
        f"legend_{key}": key for key in ("typical", "full", "range", "middle_half", "median", "mean", "low", "p75")
    }
    rows = [
        RangeRow(low=1, high=5, inner_low=2, inner_high=4, mark=3, kind="typical", mark_kind="median"),
        RangeRow(low=1, high=5, mark=3, kind="full", mark_kind="mean"),
        RangeRow(low=2, mark_kind="low"),
        RangeRow(low=1, high=2, kind="unstated"),
    ]
    found = legend(rows, strings)
    assert [item["text"] for item in found] == ["typical", "full", "range", "middle_half", "median", "mean", "low"]
    shapes = [re.search(r'class="([^"]+)"', item["symbol"][40:]).group(1) for item in found]
    assert shapes == [
        "chart-range chart-range-typical",
        "chart-range chart-range-full",
        "chart-range chart-range-unstated",
        "chart-inner",
        "chart-mark",
        "chart-mark chart-mark-mean",
        "chart-mark",
    ]
    assert all('aria-hidden="true"' in item["symbol"] for item in found)


def test_every_chart_of_a_role_page_has_its_legend_in_words(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    figures = re.findall(r'<figure class="salary">.*?</figure>', files["da/kundeservicemedarbejder/index.html"], re.S)
    legends = [
        re.search(r'<ul class="chart-legend" aria-label="Forklaring"[^>]*>(.*?)</ul>', f, re.S).group(1)
        for f in figures
    ]
    words = [re.findall(r"</svg> ([^<]+)</li>", found) for found in legends]
    assert words == [
        ["Prikken er medianen: halvdelen tjener mere, halvdelen mindre."],
        [
            "Den mørke bjælke er den midterste halvdel: en fjerdedel tjener mindre, en fjerdedel mere.",
            "Ruden er gennemsnittet.",
        ],
    ]


def test_a_comparison_group_of_more_roles_than_a_chart_can_show_gets_its_list_alone(make_root, monkeypatch):
    """Beyond CHART_DRAWN_UP_TO roles a chart is thousands of pixels tall and its text alternative reads every figure:
    the group keeps its heading and its list of every figure in words, and says why there is no picture."""
    from careerguide.render import comparison

    root = make_root(
        {
            "data/da/customer-service-supervisor.yaml": "salary:\n"
            "  - {region: DK, currency: DKK, period: month, median: 38000, source: Test}\n",
        }
    )

    def page() -> str:
        return next(f.data.decode() for f in make_site(root).files if f.path == "da/loensammenligning/index.html")

    def section(html: str, anchor: str) -> str:
        start = html.index(f'<section aria-labelledby="{anchor}">')
        return html[start : html.index("</section>", start)]

    drawn = page()
    monkeypatch.setattr(comparison, "CHART_DRAWN_UP_TO", 1)
    listed = page()
    two, one = section(listed, "dk-dkk-month-median"), section(listed, "us-usd-year-mean")
    assert 'role="img"' not in two and "chart-legend" not in two
    assert "for mange job i denne gruppe til at tegne et læseligt diagram" in two
    assert 'role="img"' in one and "for mange job" not in one and "for mange job" not in drawn
    list_of = re.compile(r'<ul class="salary-list">.*?</ul>\n</section>', re.S)
    assert list_of.findall(section(drawn, "dk-dkk-month-median") + "</section>") == list_of.findall(two + "</section>")
    assert "31.250" in two and "38.000" in two
