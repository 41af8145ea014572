"""One section per topic on a role page: article sections join the fact box's by front matter, and a table of contents
lists them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerguide.build import make_site
from careerguide.link import RESERVED_IDS
from careerguide.load import BUILTIN_THEME
from careerguide.render.theme import make_environment
from careerguide.validate.sections import HEADINGS, PAGE_ORDER, TOPICS

REPOSITORY = Path(__file__).resolve().parent.parent

ARTICLES = {
    "da": (
        "content/da/kundeservicemedarbejder.md",
        "customer-service-representative",
        "Kundeservicemedarbejder",
        "Vejen ind",
        "vejen-ind",
        "Lønnen følger",
        "loen-og-tillaeg",
        "Løn og tillæg",
    ),
    "no": (
        "content/no/kundeservicemedarbeider.md",
        "customer-service-representative",
        "Kundeservicemedarbeider",
        "Slik kommer du inn",
        "slik-kommer-du-inn",
        "Lønnen følger",
        "loenn-og-tillegg",
        "Lønn og tillegg",
    ),
    "de": (
        "content/de/kundendienstmitarbeiter.md",
        "customer-service-representative",
        "Kundendienstmitarbeiter",
        "Wie man hineinkommt",
        "wie-man-hineinkommt",
        "Die Bezahlung folgt",
        "gehalt-und-zulagen",
        "Gehalt und Zulagen",
    ),
}


def mapped_article(lang: str) -> tuple[str, str]:
    """(path, text) of an article whose route in and pay sections join the fact box's education and salary."""
    path, role, title, route, route_slug, pay, pay_slug, pay_title = ARTICLES[lang]
    text = (
        f"---\nrole: {role}\ntitle: {title}\ndescription: {title}.\nsections:\n  education: {route_slug}\n  salary: "
        f"{pay_slug}\n---\n"
        f"Eine Einleitung.\n\n## Ein eigener Abschnitt\n\nText, der bleibt.\n\n## {route}\n\nMan lernt im "
        "Betrieb.\n\n### Kurse\n\nKurze Kurse.\n\n"
        f"## {pay_title}\n\n{pay} dem Tarif.\n"
    )
    return path, text


def role_pages(root: Path) -> dict[str, str]:
    return {
        f.path: f.data.decode()
        for f in make_site(root).files
        if f.path.endswith("index.html") and f.path.count("/") == 2
    }


def outline(html: str) -> tuple[list[str], list[str]]:
    """(the table of contents' targets, the ids of the page's h2 headings after it), each in page order."""
    nav = re.search(
        r'<nav class="contents" aria-labelledby="contents"[^>]*>\n<h2 id="contents">[^<]+</h2>\n<ol>(.*?)</ol>\n</nav>',
        html,
        re.S,
    )
    assert nav, "no table of contents"
    links = re.findall(r'<li><a href="#([^"]+)">', nav[1])
    after = html[nav.end() :]
    return links, re.findall(r'<h2 id="([^"]+)"', after)


def section(html: str, topic: str) -> str:
    """The HTML of one fact-box section of a page."""
    found = re.search(rf'<section aria-labelledby="{topic}"[^>]*>(.*?)</section>', html, re.S)
    assert found, topic
    return found[1]


@pytest.mark.parametrize("lang", ["da", "no", "de"])
def test_a_mapped_article_section_stands_once_inside_its_topic_and_the_contents_list_every_section_in_order(
    make_root, lang
):
    path, text = mapped_article(lang)
    html = role_pages(make_root({path: text}))[f"{lang}/{path.split('/')[-1][:-3]}/index.html"]
    _, _, _, route, route_slug, pay, pay_slug, pay_title = ARTICLES[lang]
    links, headings = outline(html)
    assert links == headings
    assert "ein-eigener-abschnitt" in links and route_slug not in links and pay_slug not in links
    assert (
        links.index("quick-facts")
        < links.index("ein-eigener-abschnitt")
        < links.index("education")
        < links.index("salary")
    )
    education = section(html, "education")
    assert education.index(f'<div class="article-part" id="{route_slug}"') < education.index("Man lernt im Betrieb.")
    assert "<h3>Kurse</h3>" in education or '<h3 id="kurse">Kurse</h3>' in education
    assert f"{pay} dem Tarif." in section(html, "salary")
    for moved in ("Man lernt im Betrieb.", f"{pay} dem Tarif."):
        assert html.count(moved) == 1
    for heading in (route, pay_title):
        assert f">{heading}</h" not in html
    h2_texts = re.findall(r"<h2 [^>]*>(.*?)</h2>", html)
    assert len(h2_texts) == len(set(h2_texts))


@pytest.mark.parametrize("lang", ["da", "no", "de"])
def test_without_sections_the_article_keeps_its_place_and_the_contents_list_its_headings(make_root, lang):
    path, text = mapped_article(lang)
    text = re.sub(r"sections:\n(  .*\n)+", "", text)
    html = role_pages(make_root({path: text}))[f"{lang}/{path.split('/')[-1][:-3]}/index.html"]
    _, _, _, route, route_slug, pay, pay_slug, pay_title = ARTICLES[lang]
    links, headings = outline(html)
    assert links == headings
    body = re.search(r'<div class="article-body"[^>]*>(.*?)</div>', html, re.S)[1]
    assert f'<h2 id="{route_slug}">{route}</h2>' in body and f'<h2 id="{pay_slug}">{pay_title}</h2>' in body
    first_topic = next(link for link in links if link in TOPICS)
    assert (
        links.index("ein-eigener-abschnitt")
        < links.index(route_slug)
        < links.index(pay_slug)
        < links.index(first_topic)
    )


def test_a_topic_takes_a_list_of_article_sections_in_the_order_the_front_matter_names_them(make_root):
    path, text = mapped_article("da")
    text = text.replace(
        "  education: vejen-ind\n  salary: loen-og-tillaeg\n", "  education: [loen-og-tillaeg, vejen-ind]\n"
    )
    html = role_pages(make_root({path: text}))["da/kundeservicemedarbejder/index.html"]
    education = section(html, "education")
    assert (
        education.index('id="loen-og-tillaeg"')
        < education.index('id="vejen-ind"')
        < education.index("Man lernt im Betrieb.")
    )
    links, headings = outline(html)
    assert links == headings and "vejen-ind" not in links and "loen-og-tillaeg" not in links


def test_the_entry_requirement_stands_once_in_the_quick_facts(make_root):
    html = role_pages(make_root())["da/kundeservicemedarbejder/index.html"]
    required = re.search(r"<dt>Uddannelse</dt>\s*<dd>(.*?)</dd>", html)
    assert required, "the quick facts lost the entry requirement"
    shown = html[html.index('<article class="role"') :]  # the JSON-LD in the head says it for machines
    assert shown.count(required[1]) == 1
    assert required[1] not in section(html, "education")


def test_an_article_section_makes_its_topic_appear_where_the_fact_box_has_no_facts(make_root):
    path, text = mapped_article("da")
    text = text.replace("  salary: loen-og-tillaeg\n", "  hours: loen-og-tillaeg\n")
    html = role_pages(
        make_root({path: text, "data/da/customer-service-representative.yaml": "summary: Hjælper kunder.\n"})
    )["da/kundeservicemedarbejder/index.html"]
    links, headings = outline(html)
    assert (
        links == headings == ["quick-facts", "ein-eigener-abschnitt", "education", "hours", "career", "other-languages"]
    )
    assert "Lønnen følger dem Tarif." in section(html, "hours")


def heading_only_sections(html: str) -> list[str]:
    """The sections of a page that show their heading and nothing under it."""
    empty = []
    for match in re.finditer(r'<section aria-labelledby="([^"]+)"[^>]*>(.*?)</section>', html, re.S):
        under = re.sub(r"<h2[^>]*>.*?</h2>", "", match[2], flags=re.S)
        if not re.sub(r"<[^>]+>", "", under).strip():
            empty.append(match[1])
    return empty


@pytest.mark.parametrize(
    "body",
    ["## Veien inn\n\n## Natt\n\nTekst.\n", "## Veien inn\n", "## Veien inn\n\n  \n\n## Natt\n\nTekst.\n"],
    ids=["before-another", "at-the-end", "blank-lines"],
)
def test_an_article_section_with_nothing_under_its_heading_makes_no_empty_topic(make_root, body):
    """An education with only the entry requirement (which stands in the quick facts) and an article section of a
    heading
    alone: no "Utdanning og veien inn" over nothing, and the contents do not list it."""
    article = (
        "---\nrole: customer-service-representative\ntitle: Kundeservicemedarbeider\ndescription: Hva gjør en "
        "kundeservicemedarbeider?\n"
        "sections: {education: veien-inn}\n---\nTekst.\n\n" + body
    )
    html = role_pages(
        make_root(
            {
                "content/no/kundeservicemedarbeider.md": article,
                "data/no/customer-service-representative.yaml": "education:\n  required: Ingen krav.\n",
            }
        )
    )["no/kundeservicemedarbeider/index.html"]
    assert "Utdanning og veien inn" not in html and heading_only_sections(html) == []
    links, headings = outline(html)
    assert links == headings and "education" not in links


def test_no_page_of_the_guide_or_the_good_site_has_a_heading_over_nothing():
    for root in (REPOSITORY, Path(__file__).parent / "sites" / "good"):
        for path, html in role_pages(root).items():
            assert heading_only_sections(html) == [], path


def test_every_section_of_the_page_is_a_block_and_a_partial_a_theme_can_replace():
    env = make_environment(
        {
            "role.html": (BUILTIN_THEME / "role.html").read_text(encoding="utf-8"),
            "base.html": (BUILTIN_THEME / "base.html").read_text(encoding="utf-8"),
        }
    )
    blocks = set(env.get_template("role.html").blocks)
    assert {part.replace("-", "_") for part in PAGE_ORDER} <= blocks
    assert {"contents", "updated"} <= blocks
    partials = {path.name for path in BUILTIN_THEME.glob("role-*.html")}
    assert {f"role-{part}.html" for part in PAGE_ORDER if part != "article"} | {
        "role-contents.html",
        "role-updated.html",
    } == partials


def test_the_reserved_heading_ids_are_the_page_s_own():
    assert set(TOPICS) <= RESERVED_IDS and set(HEADINGS) <= RESERVED_IDS and "contents" in RESERVED_IDS


def test_the_guide_s_own_pages_have_one_heading_per_topic_a_complete_contents_and_stay_small():
    files = {f.path: f.data for f in make_site(REPOSITORY).files}
    css = sum(len(data) for path, data in files.items() if path.endswith(".css"))
    pages = {
        path: data.decode() for path, data in files.items() if path.endswith("index.html") and path.count("/") == 2
    }
    roles = {path: html for path, html in pages.items() if 'class="role"' in html}
    assert len(roles) >= 20
    for path, html in roles.items():
        links, headings = outline(html)
        assert links == headings, path
        texts = [re.sub(r"<[^>]+>|\u00ad", "", text) for text in re.findall(r"<h2 [^>]*>(.*?)</h2>", html, re.S)]
        assert len(texts) == len(set(texts)), path
        assert len(html.encode()) + css < 50_000, path
    mapped = roles["da/kundeservicemedarbejder/index.html"]
    for topic, article_id in (
        ("education", "saadan-kommer-du-ind"),
        ("outlook", "er-der-brug-for-folk"),
        ("career", "hvor-kan-det-foere-hen"),
    ):
        assert f'id="{article_id}"' in section(mapped, topic)


def test_a_contents_entry_reads_as_its_heading_also_in_the_singular(make_root):
    box = "summary: Hjælper kunder.\nsources:\n  - title: Lønstatistik\n"
    html = role_pages(make_root({"data/da/customer-service-representative.yaml": box}))[
        "da/kundeservicemedarbejder/index.html"
    ]
    assert '<li><a href="#sources">Kilde</a></li>' in html and '<h2 id="sources">Kilde</h2>' in html


def test_a_site_replaces_one_section_by_its_own_partial_and_keeps_the_rest(make_root):
    root = make_root(
        {
            "templates/role-salary.html": '{% if "salary" in shown %}<section aria-labelledby="salary"><h2 '
            'id="salary">Pay</h2></section>{% endif %}\n'
        }
    )
    html = role_pages(root)["da/kundeservicemedarbejder/index.html"]
    assert '<h2 id="salary">Pay</h2></section>' in html and "salary-chart-1" not in html
    assert '<h2 id="education">Uddannelse og vejen ind</h2>' in html
    links, headings = outline(html)
    assert links == headings
