"""Social cards: Open Graph and Twitter tags on every kind of page, and the card images they name."""

import io
import re
from html import unescape

import pytest
from conftest import tree
from PIL import Image

from careerguide.build import build_site, make_site, refresh_site
from careerguide.incremental.cache import Cache
from careerguide.model.content import Salary
from careerguide.parallel import forking
from careerguide.render.social import country_figure, og_locale

BASE = "https://example.org/karriere/"
REQUIRED = (
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:locale",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
)
KINDS = {  # one page of every kind, and what it is
    "index.html": "website",
    "404.html": "website",
    "da/index.html": "website",
    "da/loensammenligning/index.html": "website",
    "da/karrierekort/index.html": "website",
    "de/gehaltsvergleich/index.html": "website",
    "da/kundeservicemedarbejder/index.html": "article",
    "de/kundendienstmitarbeiter/index.html": "article",
    "da/zebra/index.html": "article",
}
STRINGS = {"median": "median", "range": "spænd", "mean": "gennemsnit", "per_month": "pr. måned", "per_year": "pr. år"}


def tags(html):
    """Open Graph and Twitter tags of a page: property or name -> list of contents."""
    found = {}
    for key, value in re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">', html):
        found.setdefault(key, []).append(unescape(value))
    return found


def test_every_kind_of_page_has_open_graph_and_twitter_tags(make_root):
    files = {f.path: f.data for f in make_site(make_root()).files}
    for path, kind in KINDS.items():
        html = files[path].decode()
        found = tags(html)
        for key in REQUIRED:
            assert len(found.get(key, [])) == 1, (path, key)
        assert found["og:type"] == [kind], path
        assert found["twitter:card"] == ["summary_large_image"]
        assert (found["og:image:width"], found["og:image:height"]) == (["1200"], ["630"])
        assert found["og:title"][0] and found["og:description"][0] and found["og:image:alt"][0]
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        assert found["og:locale"] == [{"da": "da_DK", "no": "nb_NO", "de": "de_DE"}[lang]], path
        image = found["og:image"][0]
        assert image.startswith(BASE) and image.removeprefix(BASE) in files, path  # the card named is in the build
    role = tags(files["da/kundeservicemedarbejder/index.html"].decode())
    assert role["og:url"] == [BASE + "da/kundeservicemedarbejder/"]
    assert role["og:locale:alternate"] == ["nb_NO", "de_DE"]  # the languages the role is written in
    assert "og:locale:alternate" not in tags(files["da/zebra/index.html"].decode())  # Danish only
    assert tags(files["de/gehaltsvergleich/index.html"].decode())["og:locale:alternate"] == ["da_DK", "nb_NO"]
    assert re.fullmatch(BASE + r"da/kundeservicemedarbejder/card-[0-9a-f]{16}\.png", role["og:image"][0])
    others = {
        tags(files[path].decode())["og:image"][0]
        for path in ("da/index.html", "da/loensammenligning/index.html", "da/karrierekort/index.html")
    }
    assert len(others) == 1 and re.fullmatch(BASE + r"da/card-[0-9a-f]{16}\.png", others.pop())  # the language's card


def test_the_card_shows_the_figure_of_the_pages_own_country_only(make_root):
    files = {f.path: f.data for f in make_site(make_root()).files}
    alt = {path: tags(files[path].decode())["og:image:alt"][0] for path in KINDS if KINDS[path] == "article"}
    assert (
        alt["da/kundeservicemedarbejder/index.html"]
        == "Kundeservicemedarbejder. median 31.250\u00a0kr. om måneden. Karriereguiden · Dansk"
    )
    # the German page has only a US figure: a card of the German guide shows none rather than a foreign one
    assert alt["de/kundendienstmitarbeiter/index.html"] == "Kundendienstmitarbeiter. Berufsratgeber · Deutsch"


def test_country_figure_is_the_first_figure_of_the_page_s_own_country_in_the_quick_facts_words():
    def headline(salary):
        return f"{salary.region} {salary.period}"

    dk = Salary("DK", "DKK", "month", "S", (("p25", 30000.0), ("p75", 40000.0)))
    us = Salary("US", "USD", "year", "S", (("median", 50000.0),))
    assert country_figure([us, dk], "DK", headline) == "DK month"
    assert country_figure([us], "DK", headline) is None  # a card shows no foreign figure


def test_open_graph_locales_come_from_the_languages_locales():
    assert [og_locale(locale) for locale in ("da_DK", "nb_NO", "de_DE", "de", "nb")] == [
        "da_DK",
        "nb_NO",
        "de_DE",
        "de_DE",
        "nb_NO",
    ]


def test_cards_are_1200_by_630_png_and_byte_identical_across_builds(make_root, tmp_path):
    root = make_root()
    build_site(root, tmp_path / "one", cache=None)
    build_site(root, tmp_path / "two", cache=None)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    cards = [path for path in one if path.endswith(".png")]
    assert len(cards) == 7 + 3  # a card per role page and one per language
    for path in cards:
        assert one[path][:8] == b"\x89PNG\r\n\x1a\n"
        image = Image.open(io.BytesIO(one[path]))
        assert (image.format, image.size) == ("PNG", (1200, 630))
        assert one[path] == two[path], path


def test_titles_with_every_special_letter_draw_differently(make_root):
    """The font has æ ø å ä ö ü ß: a letter it lacked would be drawn as the same empty box."""
    from careerguide.render.cards import Card, draw

    plain = draw(Card("Titel", "Site", "Dansk"))
    drawn = {letter: draw(Card(f"Titel {letter}", "Site", "Dansk")) for letter in "æøåäöüß"}
    assert len(set(drawn.values())) == len(drawn) and plain not in drawn.values()


@pytest.fixture
def many_pages(make_root, monkeypatch):
    monkeypatch.setattr(forking, "PARALLEL_FROM", 2)
    return make_root()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_whose_card_is_unchanged_keeps_its_image_and_a_cached_build_equals_a_cold_one(
    many_pages, tmp_path, jobs
):
    out = tmp_path / "out"
    build_site(many_pages, out, jobs=jobs, cache=Cache(many_pages))
    card = next((out / "da/teamleder").glob("card-*.png"))
    inode = card.stat().st_ino
    article = many_pages / "content/da/teamleder.md"
    # a new description re-renders the page (the whole site is built), but the card does not show it
    article.write_text(article.read_text().replace("description: ", "description: Ny. "))
    assert build_site(many_pages, out, jobs=jobs, cache=Cache(many_pages)).rendered >= 1
    assert card.stat().st_ino == inode  # linked from the previous output, not drawn again
    build_site(many_pages, tmp_path / "cold", jobs=jobs, cache=None)
    assert tree(out) == tree(tmp_path / "cold")
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    build_site(many_pages, out, jobs=jobs, cache=Cache(many_pages))
    assert (
        not card.exists() and len(list((out / "da/teamleder").glob("card-*.png"))) == 1
    )  # a new card at a new address
    build_site(many_pages, tmp_path / "cold2", jobs=jobs, cache=None)
    assert tree(out) == tree(tmp_path / "cold2")


def test_a_live_folder_keeps_only_the_cards_its_pages_name(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    cache = Cache(root)
    build_site(root, out, cache=cache)
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    (root / "content/da/zebra.md").unlink()
    refresh_site(root, out, cache)
    build_site(root, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")


def test_a_title_too_long_for_the_card_is_wrapped_smaller_or_cut_with_an_ellipsis():
    from careerguide.render.cards import MARGIN, TITLE_LINES, TITLE_SIZES, WIDTH, _font, _title_lines

    size, lines = _title_lines("Uddannelses- og udviklingsspecialist i den offentlige sektor og i private virksomheder")
    assert size < TITLE_SIZES[0] and 1 < len(lines) <= TITLE_LINES
    size, lines = _title_lines("Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellerinnenausbildungsleiterin")
    assert size == TITLE_SIZES[-1] and lines[0].endswith("…")
    for size, lines in (_title_lines(" ".join(["Kundendienstmitarbeiterin"] * 12)),):
        assert len(lines) == TITLE_LINES and lines[-1].endswith("…")
        assert all(_font("Bold", size).getlength(line) <= WIDTH - 2 * MARGIN for line in lines)


def test_an_edit_of_an_article_body_alone_leaves_the_card_as_it_was(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root))
    card = next((out / "da/teamleder").glob("card-*.png"))
    inode = card.stat().st_ino
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text() + "\nEn ny sætning.\n")
    result = build_site(root, out, cache=Cache(root))
    assert result.rendered == 1 and "En ny sætning." in (out / "da/teamleder/index.html").read_text()
    assert card.stat().st_ino == inode
    build_site(root, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")
