"""Locale formatting with Babel, hyphenation with Pyphen, and alphabetical order per language."""

from pathlib import Path

import pyphen
import pytest

from careerguide.text import formatting
from careerguide.text.collate import sort_key
from careerguide.text.formatting import LocaleFormat
from careerguide.text.markup import slugify

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "expected"),
    [
        ("da_DK", 31250, "DKK", f"31.250{NBSP}kr."),
        ("nb_NO", 452000, "NOK", f"452{NBSP}000{NBSP}kr"),
        ("de_DE", 12.83, "USD", f"12,83{NBSP}$"),
        ("da_DK", 14.36, "USD", f"14,36{NBSP}USD"),
    ],
)
def test_money(locale, amount, currency, expected):
    assert LocaleFormat(locale).money(amount, currency) == expected


def test_numbers_percent_regions_dates():
    import datetime

    assert LocaleFormat("da_DK").number(2784500) == "2.784.500"
    assert LocaleFormat("da_DK").percent(8, signed=True) == f"+8{NBSP}%"
    assert LocaleFormat("de_DE").region("US") == "Vereinigte Staaten"
    assert LocaleFormat("nb_NO").date(datetime.date(2026, 11, 1)) == "1. november 2026"


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("da", ["Ærø", "Zebra", "Åben", "Øl", "abe", "Bæk"], ["abe", "Bæk", "Zebra", "Ærø", "Øl", "Åben"]),
        ("no", ["Åsen", "Ørn", "Ære", "Zulu", "Alf"], ["Alf", "Zulu", "Ære", "Ørn", "Åsen"]),
        ("da", ["Aalborg", "Ålborg", "Zoo"], ["Zoo", "Ålborg", "Aalborg"]),
        (
            "de",
            ["Zug", "Ärger", "Arzt", "Öl", "Ober", "Straße", "Strand"],
            ["Ärger", "Arzt", "Ober", "Öl", "Strand", "Straße", "Zug"],
        ),
    ],
)
def test_alphabetical_order(lang, words, expected):
    assert sorted(words, key=lambda w: sort_key(w, lang)) == expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Servicemedarbeider på bensinstasjon", "servicemedarbeider-paa-bensinstasjon"),
        ("Kundeoplevelseschef (Ærø)", "kundeoplevelseschef-aeroe"),
        ("Straßenbahnführer", "strassenbahnfuehrer"),
        ("Café crème", "cafe-creme"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_dictionaries_loaded_elsewhere_hyphenate_as_those_loaded_here(monkeypatch):
    word = "Kundendienstmitarbeiterinnen"
    here = formatting.break_points(word, "de_DE")
    pickled = formatting.pickled_hyphenators(("de_DE", "xx_XX"))
    monkeypatch.setattr(formatting, "_HYPHENATORS", {})
    formatting.take_hyphenators(pickled)
    assert set(formatting._HYPHENATORS) == {"de_DE", "xx_XX"} and formatting._HYPHENATORS["xx_XX"] is None
    assert formatting.break_points(word, "de_DE") == here and here

    monkeypatch.setattr(formatting, "_HYPHENATORS", {})
    formatting.take_hyphenators(None)  # the helper failed: loaded here when asked for
    assert formatting._HYPHENATORS == {}
    assert formatting.break_points(word, "de_DE") == here


@pytest.mark.parametrize("locale", ["da_DK", "nb_NO", "de_DE"])
def test_lazy_dictionary_holds_every_pattern_as_pyphen_does(locale):
    path = Path(pyphen.LANGUAGES[pyphen.language_fallback(locale)])
    lazy, eager = formatting._LazyDictionary(path), pyphen.HyphDict(path)
    assert {key: lazy.get(key) for key in eager.patterns} == eager.patterns
    assert [key for key in lazy.lines if key not in eager.patterns and lazy.get(key) is not None] == []
    assert lazy.maxlen == eager.maxlen
    for word in (
        "Kundendienstmitarbeiterinnen",
        "informasjonsskrankemedarbeider",
        "kundeservicemedarbejder",
        "Straßenbahnführerin",
    ):
        assert lazy.positions(word) == eager.positions(word)


def test_lazy_dictionary_reads_what_pyphen_reads(tmp_path):
    path = tmp_path / "hyph_xx.dic"
    path.write_bytes(
        "\n".join(
            [
                "UTF-8",
                "LEFTHYPHENMIN 2",
                "% a comment",
                "# another",
                "",
                "1ba",
                "a1b",
                "a0b",  # the same letters again, all zero: Pyphen keeps the first
                "c1d",
                "c2d",  # the same letters, both with points: the last one counts
                "^^e6s1t",  # a character written as hex
                "1ff/f=f,1,2",
                ".schif1fahrt/ff=f,5,2",  # nonstandard hyphenation
                "  e1f  ",
                "x0y",
            ]
        ).encode()
    )
    lazy, eager = formatting._LazyDictionary(path), pyphen.HyphDict(path)
    assert {key: lazy.get(key) for key in eager.patterns} == eager.patterns
    assert lazy.get("xy") is None and lazy.get("zz") is None and lazy.get("LEFTHYPHENMIN") is None
    for word in ("abacdcd", "æstæst", "schiffahrt", "effeff"):
        assert lazy.positions(word) == eager.positions(word)
        assert [point.data for point in lazy.positions(word)] == [point.data for point in eager.positions(word)]


def test_norwegian_written_forms_are_named_as_readers_know_them_without_brackets():
    names = {
        locale: [LocaleFormat(locale).language(code) for code in ("nb", "nn", "en")]
        for locale in ("da_DK", "nb_NO", "de_DE")
    }
    assert names == {
        "da_DK": ["norsk", "nynorsk", "engelsk"],
        "nb_NO": ["norsk", "nynorsk", "engelsk"],
        "de_DE": ["Norwegisch", "Nynorsk", "Englisch"],
    }
