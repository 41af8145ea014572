"""The career map: layers by career level, an arrow per step in a lane of its own, and names that wrap as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from careerguide.build import make_site
from careerguide.render.careermap import Arrow, arrange, career_map, lanes, soft_hyphens
from careerguide.render.charts import MapNode


class Rows(HTMLParser):
    """The rows of a map: each row's link (href, aria-current, text), its classes, and the lines of its strip."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.group: dict[str, str | None] = {}
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and found.get("class") == "map":
            self.group = found
        elif tag == "li":
            self.rows.append(
                {"classes": (found.get("class") or "").split(), "lines": [], "text": "", "arrowheads": 0, "joints": 0}
            )
        elif tag == "line":
            self.rows[-1]["lines"].append(found)
        elif tag == "path" and found.get("class") == "map-arrowhead":
            self.rows[-1]["arrowheads"] += 1
        elif tag == "circle" and found.get("class") == "map-joint":
            self.rows[-1]["joints"] += 1
        elif tag == "svg" and found.get("class") == "map-lanes":
            self.rows[-1]["strip"] = found
        elif tag == "a":
            self.rows[-1].update(href=found.get("href"), current=found.get("aria-current"))
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        self._in_link = self._in_link and tag != "a"

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.rows[-1]["text"] += data


def rows_of(html: str) -> Rows:
    parser = Rows()
    parser.feed(html)
    return parser


def test_levels_follow_the_longest_way_up_and_ladders_stay_together():
    # 0 -> 1 -> 2, 0 -> 2 directly; 3 -> 4 a ladder of its own; 5 on no ladder
    order, level = arrange(6, [(0, 1), (1, 2), (0, 2), (3, 4)])
    assert level == [0, 1, 2, 0, 1, 0]
    assert order == [0, 1, 2, 3, 4, 5]


def test_roles_of_a_level_follow_the_roles_that_lead_to_them():
    # Two first steps of one ladder; the second's own next step comes first in ladder order, but is drawn last,
    # under the second, and the step both lead to between them.
    order, level = arrange(5, [(0, 3), (1, 2), (0, 4), (1, 4)])
    assert level == [0, 0, 1, 1, 1] and order == [0, 1, 3, 4, 2]


def test_a_cycle_does_not_lift_a_role_above_itself():
    order, level = arrange(3, [(0, 1), (1, 2), (2, 1)])
    assert level == [0, 1, 2] and sorted(order) == [0, 1, 2]


def test_every_arrow_has_a_lane_of_its_own_where_arrows_share_rows():
    arrows = lanes([(0, 1), (0, 2), (0, 3), (1, 3), (3, 4)])
    by_edge = {(a.start, a.end): a.lane for a in arrows}
    assert by_edge[(0, 1)] == 0 and by_edge[(3, 4)] == 0  # short arrows nearest the names; rows 3-4 are free again
    for first in arrows:
        for second in arrows:
            if first is not second and set(first.rows()) & set(second.rows()):
                assert first.lane != second.lane, (first, second)
    assert Arrow(3, 1, 0).rows() == range(1, 4)


def test_map_links_every_role_marks_the_current_one_and_draws_each_arrow_from_its_own_point():
    nodes = [
        MapNode("Kunde <service>", "../a/"),
        MapNode("Senior", "../d/"),
        MapNode("Teamleder", "../b/", current=True),
        MapNode("Chef", "../c/"),
    ]
    parsed = rows_of(career_map(nodes, [(0, 2), (2, 3), (0, 1), (1, 2)], chart_id="m", title="Karrierevej"))
    assert parsed.group == {"class": "map", "id": "m", "role": "group", "aria-label": "Karrierevej"}
    rows = parsed.rows
    assert [row["href"] for row in rows] == ["../a/", "../d/", "../b/", "../c/"]  # by level: 0, 1, 2, 3
    assert [row["current"] for row in rows] == [None, None, "page", None]
    assert rows[0]["text"] == "Kunde <service>"
    assert all("map-level" in row["classes"] for row in rows[1:]) and "map-level" not in rows[0]["classes"]
    assert all(row["strip"]["aria-hidden"] == "true" for row in rows)
    assert [row["arrowheads"] for row in rows] == [0, 1, 1, 1]  # Teamleder: two arrows in, one head where they meet
    assert rows[0]["joints"] == 2  # Kunde service's two arrows leave from two points, one on each lane
    lanes_at_the_top = {line["x1"] for line in rows[0]["lines"] if line["x1"] == line["x2"]}
    assert len(lanes_at_the_top) == 2
    # Lanes go on through a row they pass (top to bottom) and stop at the rows they join.
    assert any(line["y1"] == "0" and line["y2"] == "100%" for line in rows[1]["lines"])
    assert all(line["y1"] != "0" for line in rows[0]["lines"])


def test_long_names_get_a_soft_hyphen_at_their_syllables_not_only_at_their_joints():
    shown = soft_hyphens("Kundeservicemedarbejder i bank", "da_DK", frozenset({"kunde", "service", "medarbejder"}))
    assert shown.replace("\u00ad", "") == "Kundeservicemedarbejder i bank"
    pieces = shown.split()[0].split("\u00ad")
    assert pieces[:2] == ["Kunde", "ser"] and len(pieces) >= 4 and min(map(len, pieces)) >= 3


def test_career_map_page_draws_every_role_of_the_language_in_layers(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    html = files["da/karrierekort/index.html"]
    rows = rows_of(re.search(r'<div class="map".*?</ol></div>', html, re.S).group()).rows
    hrefs = [row["href"] for row in rows]
    assert set(hrefs) == {
        f"../../da/{slug}/" for slug in ("kundeservicemedarbejder", "teamleder", "oesters", "aalborg", "zebra")
    }  # chef is a draft
    assert hrefs.index("../../da/kundeservicemedarbejder/") < hrefs.index("../../da/teamleder/")
    assert not any(row["current"] for row in rows)
    assert 'hreflang="no" href="https://example.org/karriere/no/karrierekart/"' in html


def test_role_page_shows_its_neighbourhood_with_the_page_itself_marked(make_root):
    files = {f.path: f.data.decode() for f in make_site(make_root()).files if f.path.endswith(".html")}
    html = files["da/kundeservicemedarbejder/index.html"]
    career = html[html.index('<section aria-labelledby="career"') :]
    rows = rows_of(re.search(r'<div class="map".*?</ol></div>', career, re.S).group()).rows
    assert [row["current"] for row in rows][0] == "page" and rows[1]["href"] == "../../da/teamleder/"


def test_a_language_with_more_roles_than_a_map_can_show_gets_the_list_alone(make_root, monkeypatch):
    """Beyond MAP_DRAWN_UP_TO roles the arrows would cross hundreds of rows: the page lists the steps in words only."""
    from careerguide import render

    def page() -> str:
        return next(f.data.decode() for f in make_site(make_root()).files if f.path == "da/karrierekort/index.html")

    drawn = page()
    monkeypatch.setattr(render, "MAP_DRAWN_UP_TO", 2)
    listed = page()
    assert 'class="map"' in drawn and 'class="map"' not in listed
    assert "for mange job til at tegne kortet" in listed and "for mange job" not in drawn
    assert listed.count('class="ladder-list"') == 1 and re.findall(
        r'<ul class="ladder-list">.*?</ul>', drawn, re.S
    ) == (re.findall(r'<ul class="ladder-list">.*?</ul>', listed, re.S))
