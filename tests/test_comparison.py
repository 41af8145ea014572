"""The salary comparison: like beside like only (a chart per country, currency, period and kind of figure),
a legend in words, the year on every row, notes, lists for an unstated period, roles without figures,
and the link from a role page only where the comparison shows another role beside it."""

from __future__ import annotations

import re

import pytest

from careerguide.build import make_site
from careerguide.link.grouping import Group, groups, kinds, shared_anchors
from careerguide.model.content import Salary


def salary(period="month", region="DK", currency="DKK", range=None, year=2024, **figures) -> Salary:
    return Salary(region, currency, period, "Kilde", tuple(figures.items()), year=year, range=range)


def test_an_entry_stands_in_one_group_per_kind_of_figure():
    both = salary(median=31000, p25=27000, p75=36000, mean=32000, low=25000, high=40000, range="typical")
    assert kinds(both) == [("median", ("median", "p25", "p75")), ("mean", ("mean",)), ("typical", ("low", "high"))]
    assert [g.anchor for g in groups(both)] == ["dk-dkk-month-median", "dk-dkk-month-mean", "dk-dkk-month-typical"]
    assert kinds(salary(low=1, high=2, range="full")) == [("full", ("low", "high"))]
    assert kinds(salary(low=1, high=2)) == [("range", ("low", "high"))]  # the source does not say which span
    assert kinds(salary(p25=1, p75=2, mean=3)) == [("mean", ("mean",)), ("middle_half", ("p25", "p75"))]
    assert kinds(salary(low=1, p75=2)) == [("low", ("low",)), ("p75", ("p75",))]
    assert groups(salary(period="unstated", median=1, low=1, high=2)) == [
        Group("DK", "DKK", "unstated")
    ]  # one list, no axis


def test_the_link_goes_to_the_first_group_with_another_role():
    a = ("a", (salary(median=30000), salary(period="year", low=1, high=2, range="typical")))
    b = ("b", (salary(mean=31000), salary(period="year", low=3, high=4, range="typical")))
    c = ("c", (salary(median=29000, region="US", currency="USD"),))
    d = ("d", ())
    assert shared_anchors([a, b, c, d]) == {
        "a": "dk-dkk-year-typical",
        "b": "dk-dkk-year-typical",
        "c": None,
        "d": None,
    }
    e = ("e", (salary(median=1, region="US", currency="USD", year=2016),))
    assert shared_anchors([c, e])["c"] == "us-usd-month-median"


def files(root) -> dict[str, str]:
    return {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith(".html")}


DA_LEADER = """salary:
  - {region: DK, currency: DKK, period: month, median: 38000, year: 2023, source: Testkilde}
  - {region: DK, currency: DKK, period: month, mean: 39000, year: 2023, source: Testkilde}
  - {region: DK, currency: DKK, period: month, range: typical, low: 30000, high: 45000, year: unstated, source: Testkilde,
     note: Kilden dækker kun *København*.}
  - {region: DK, currency: DKK, period: unstated, median: 400000, year: 2022, source: Testkilde}
sources:
  - {title: Testkilde}
"""  # noqa: E501
NO_LEADER = (
    "---\nrole: customer-service-supervisor\ntitle: Teamleder\ndescription: Leder et team.\n---\nTekst.\n",
    "salary:\n  - {region: NO, currency: NOK, period: year, median: 520000, year: 2023, source: "
    "Testkilde}\nsources:\n  - {title: Testkilde}\n",
)
DE_LEADER = (
    "---\nrole: customer-service-supervisor\ntitle: Teamleiter\ndescription: Führt ein Team.\n---\nText.\n",
    "salary:\n  - {region: US, currency: USD, period: hour, mean: 19.5, year: 2016, source: Testquelle}\nsources:\n  "
    "- {title: Testquelle}\n",
)


@pytest.fixture
def site(make_root):
    return files(
        make_root(
            {
                "data/da/customer-service-supervisor.yaml": DA_LEADER,
                "content/no/teamleder.md": NO_LEADER[0],
                "data/no/customer-service-supervisor.yaml": NO_LEADER[1],
                "content/de/teamleiter.md": DE_LEADER[0],
                "data/de/customer-service-supervisor.yaml": DE_LEADER[1],
            }
        )
    )


def sections(page: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) for m in re.finditer(r'<section aria-labelledby="([^"]+)">(.*?)</section>', page, re.S)
    }


def test_one_chart_per_country_currency_period_and_kind_own_country_first(site):
    page = site["da/loensammenligning/index.html"]
    found = sections(page)
    assert list(found) == [
        "dk-dkk-month-median",
        "dk-dkk-month-mean",
        "dk-dkk-month-typical",
        "us-usd-year-mean",
        "us-usd-year-middle-half",
        "dk-dkk-unstated",
        "without-figures",
    ]
    assert '<h2 id="dk-dkk-month-median">Medianløn: Danmark, kr. om måneden</h2>' in page
    found = {
        key: re.sub(r'<svg class="chart-axis".*?</svg>', "", body, flags=re.S) for key, body in found.items()
    }  # an axis's amounts are no figures
    median = found["dk-dkk-month-median"]
    assert "Teamleder i kundeservice" in median and "Kunde" in median  # two roles side by side
    assert "39.000" not in median and "30.000" not in median  # the same roles' mean and span are not on this axis
    assert "38.000" not in found["dk-dkk-month-mean"] and "39.000" in found["dk-dkk-month-mean"]


def test_a_legend_in_words_and_shapes_tells_the_kinds_apart(site):
    found = sections(site["da/loensammenligning/index.html"])

    def legend(key):
        return re.search(r'<ul class="chart-legend" aria-label="Forklaring">(.*?)</ul>', found[key], re.S).group(1)

    assert "Prikken er medianen" in legend("dk-dkk-month-median") and "<circle" in legend("dk-dkk-month-median")
    assert "Ruden er gennemsnittet." in legend("dk-dkk-month-mean") and "chart-mark-mean" in legend("dk-dkk-month-mean")
    assert "Den stiplede ramme er det spænd, kilden angiver som det almindelige for jobbet" in legend(
        "dk-dkk-month-typical"
    ) and "chart-range-typical" in legend("dk-dkk-month-typical")
    assert "Den mørke bjælke er den midterste halvdel" in legend("us-usd-year-middle-half")
    for key, text in (("dk-dkk-month-median", "Ruden"), ("dk-dkk-month-mean", "Prikken er medianen")):
        assert text not in legend(key)
    no = sections(site["no/loennssammenligning/index.html"])["no-nok-year-median"]
    assert (
        "Medianlønn: Norge, kr per år" in no and "Prikken er medianen: halvparten tjener mer, halvparten mindre." in no
    )
    de = site["de/gehaltsvergleich/index.html"]
    assert "Durchschnittlicher Stundenlohn: Vereinigte Staaten, in $" in de and "Die Raute ist der Durchschnitt." in de
    assert (
        "Übliche Spanne des Stundenlohns: Vereinigte Staaten, in $" in de
        and "Der gestrichelte Rahmen ist die übliche Spanne" in de
    )


HOURLY = """salary:
  - {region: DK, currency: DKK, period: hour, mean: 190, year: 2023, source: Testkilde}
  - {region: DK, currency: DKK, period: hour, median: 180, year: 2023, source: Testkilde}
  - {region: DK, currency: DKK, period: hour, range: full, low: 150, high: 260, year: 2023, source: Testkilde}
  - {region: DK, currency: DKK, period: month, mean: 39000, year: 2023, source: Testkilde}
sources:
  - {title: Testkilde}
"""


@pytest.mark.parametrize(
    "lang, page, expected",
    [
        (
            "da",
            "da/loensammenligning/index.html",
            [
                "Timeløn (median): Danmark, i kr.",
                "Gennemsnitlig timeløn: Danmark, i kr.",
                "Laveste til højeste timeløn: Danmark, i kr.",
                "Gennemsnitsløn: Danmark, kr. om måneden",
            ],
        ),
        (
            "no",
            "no/loennssammenligning/index.html",
            [
                "Timelønn (median): Danmark, i DKK",
                "Gjennomsnittlig timelønn: Danmark, i DKK",
                "Laveste til høyeste timelønn: Danmark, i DKK",
                "Gjennomsnittslønn: Danmark, DKK per måned",
            ],
        ),
        (
            "de",
            "de/gehaltsvergleich/index.html",
            [
                "Stundenlohn (Median): Dänemark, in DKK",
                "Durchschnittlicher Stundenlohn: Dänemark, in DKK",
                "Niedrigster bis höchster Stundenlohn: Dänemark, in DKK",
                "Durchschnittsgehalt: Dänemark, DKK pro Monat",
            ],
        ),
    ],
)
def test_an_hourly_figure_is_headed_as_an_hourly_wage(make_root, lang, page, expected):
    """An hourly mean is a "Stundenlohn", not a "Durchschnittsgehalt … pro Stunde"; monthly and yearly headings keep
    their period."""
    built = files(make_root({f"data/{lang}/customer-service-representative.yaml": HOURLY}))[page]
    assert re.findall(r'<h2 id="dk-dkk-[^"]+">([^<]+)</h2>', built) == expected
    assert "pro Stunde</h2>" not in built and "i timen</h2>" not in built and "per time</h2>" not in built


def test_every_row_has_its_year_and_its_note(site):
    found = sections(site["da/loensammenligning/index.html"])
    assert (
        '<span class="note">(2023)</span>' in found["dk-dkk-month-median"]
        and "(Kundecenter, 2024)" in found["dk-dkk-month-median"]
    )
    typical = found["dk-dkk-month-typical"]
    assert re.search(r'<span class="note">\(år ikke oplyst\)</span>', typical)
    assert "Kilden dækker kun <em>København</em>." in typical
    assert "De nyeste amerikanske tal i vores kilder." in found["us-usd-year-mean"]


def test_an_unstated_period_is_never_on_an_axis_but_in_a_list_that_says_so(site):
    page = site["da/loensammenligning/index.html"]
    unstated = sections(page)["dk-dkk-unstated"]
    assert (
        "periode ikke oplyst af kilden" in unstated
        and "Kilden oplyser ikke, om disse tal gælder pr. time, måned eller år." in unstated
    )
    assert "<svg" not in unstated and "<table>" in unstated and "400.000" in unstated and "<td>2022</td>" in unstated
    charts = "".join(body for key, body in sections(page).items() if key != "dk-dkk-unstated")
    assert "400.000" not in charts


def test_roles_without_figures_are_listed_as_such(site):
    without = sections(site["da/loensammenligning/index.html"])["without-figures"]
    assert "Job uden løntal" in without and "For disse job har vores kilder endnu ingen løntal:" in without
    assert [title for title in re.findall(r'<a href="[^"]+">([^<]+)</a>', without)] == [
        "Zoneteknikker",
        "Østersfisker",
        "Ålborgvejleder",
    ]
    assert "Teamleder" not in without


@pytest.mark.parametrize(
    "lang, page, link",
    [
        ("da", "da/kundeservicemedarbejder/index.html", "../../da/loensammenligning/#dk-dkk-month-median"),
        ("no", "no/kundeservicemedarbeider/index.html", "../../no/loennssammenligning/#no-nok-year-median"),
        ("de", "de/kundendienstmitarbeiter/index.html", "../../de/gehaltsvergleich/#us-usd-hour-mean"),
    ],
)
def test_a_role_page_links_to_the_comparison_only_where_another_role_stands_beside_it(
    make_root, site, lang, page, link
):
    words = {
        "da": "Sammenlign med andre job",
        "no": "Sammenlign med andre yrker",
        "de": "Mit anderen Berufen vergleichen",
    }[lang]
    assert f'<a href="{link}">{words}</a>' in site[page]
    alone = files(make_root())  # the good site: no other role of the language has figures
    assert (
        words not in alone[page]
        and "loensammenligning/#" not in alone[page]
        and "#" + link.split("#")[1] not in alone[page]
    )


def test_the_link_rule_is_in_the_cache_key(make_root, tmp_path):
    from careerguide.build import build_site
    from careerguide.incremental.cache import Cache

    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root))
    page = out / "no/kundeservicemedarbeider/index.html"
    assert "Sammenlign med andre yrker" not in page.read_text()
    (root / "content/no/teamleder.md").write_text(NO_LEADER[0])
    (root / "data/no/customer-service-supervisor.yaml").write_text(NO_LEADER[1])
    build_site(root, out, cache=Cache(root))
    cached = page.read_text()
    assert "Sammenlign med andre yrker" in cached
    cold = tmp_path / "cold"
    build_site(root, cold)
    assert (cold / "no/kundeservicemedarbeider/index.html").read_text() == cached


def test_relinking_after_a_fact_box_edit_updates_the_comparison_link(make_root):
    from careerguide.build import checked_site
    from careerguide.incremental.cache import Cache

    root = make_root(
        {
            "content/no/teamleder.md": NO_LEADER[0],
            "data/no/customer-service-supervisor.yaml": NO_LEADER[1].replace("median:", "mean:"),
        }
    )
    cache = Cache(root)
    first, _ = checked_site(root, cache=cache)

    def no_page(site):
        return next(p for p in site.pages if p.ref.path == "no/kundeservicemedarbeider/")

    assert no_page(first).compare is None  # a mean beside a median is no comparison
    (root / "data/no/customer-service-supervisor.yaml").write_text(NO_LEADER[1])
    again, _ = checked_site(root, cache=cache)
    assert again.refs is first.refs  # the links were kept: only the fact box changed
    assert no_page(again).compare == "no-nok-year-median"


def test_a_lone_figure_has_a_chart_and_a_legend_of_its_own(make_root):
    box = (
        "salary:\n  - {region: DK, currency: DKK, period: month, low: 26000, year: 2024, source: "
        "Testkilde}\nsources:\n  - {title: Testkilde}\n"
    )
    found = sections(
        files(make_root({"data/da/customer-service-supervisor.yaml": box}))["da/loensammenligning/index.html"]
    )
    assert "Laveste løn: Danmark, kr. om måneden" in found["dk-dkk-month-low"]
    assert (
        "Prikken er den laveste løn, kilden nævner." in found["dk-dkk-month-low"]
        and "26.000" not in found["dk-dkk-month-median"]
    )


def test_each_figure_note_and_source_is_shown_once_and_the_chart_keeps_its_text_alternative(make_root):
    box = (
        "salary:\n  - {region: DK, currency: DKK, period: month, median: 38120, year: 2023, source: Fælles kilde, "
        "note: Samme *note*.}\n"
        "sources:\n  - {title: Fælles kilde}\n"
    )
    rep = box.replace("38120", "31270")
    page = files(
        make_root(
            {"data/da/customer-service-supervisor.yaml": box, "data/da/customer-service-representative.yaml": rep}
        )
    )
    median = sections(page["da/loensammenligning/index.html"])["dk-dkk-month-median"]
    assert 'class="chart-value"' not in median  # the chart draws the marks; the words stand once, in the list
    alternative = re.search(r'<(desc|span) id="dk-dkk-month-median-chart-d"[^>]*>(.*?)</\1>', median, re.S)
    assert (
        "median 38.120\xa0kr. om måneden" in alternative[2] and "median 31.270\xa0kr. om måneden" in alternative[2]
    )  # what a screen reader hears
    shown = median.replace(alternative[0], "")
    assert shown.count("38.120") == 1 and shown.count("31.270") == 1
    assert shown.count("Samme <em>note</em>.") == 1 and shown.count("Kilde: Fælles kilde") == 1


def test_rows_with_different_sources_or_notes_keep_each_their_own(make_root):
    box = (
        "salary:\n  - {region: DK, currency: DKK, period: month, median: 38000, year: 2023, source: Kilde A, "
        "note: "
        "Kun én by.}\nsources:\n  - {title: Kilde A}\n"
    )
    rep = (
        "salary:\n  - {region: DK, currency: DKK, period: month, median: 31250, year: 2023, source: Kilde "
        "B}\nsources:\n  - {title: Kilde B}\n"
    )
    page = files(
        make_root(
            {"data/da/customer-service-supervisor.yaml": box, "data/da/customer-service-representative.yaml": rep}
        )
    )
    median = sections(page["da/loensammenligning/index.html"])["dk-dkk-month-median"]
    assert re.findall(r'<span class="note">Kilde: ([^<]+)</span>', median) == ["Kilde A", "Kilde B"]
    assert median.count("Kun én by.") == 1
