"""Locale formatting with Babel and alphabetical order per language."""

import pytest

from careerguide.collate import sort_key
from careerguide.formatting import LocaleFormat
from careerguide.markup import slugify

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
        ("de", ["Zug", "Ärger", "Arzt", "Öl", "Ober", "Straße", "Strand"], ["Ärger", "Arzt", "Ober", "Öl", "Strand", "Straße", "Zug"]),
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
    from careerguide import formatting

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
