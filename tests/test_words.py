"""The words around the facts: language tags, labels that never repeat themselves, plural forms,
pages for every language, search text and hyphenation at compound joints."""

from __future__ import annotations

import re

from careerguide.pipeline import make_site


def files(root) -> dict[str, str]:
    return {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith((".html", ".xml", ".txt"))}


def test_lang_follows_the_locale_while_folder_and_hreflang_keep_the_code(make_root):
    pages = files(make_root())
    no = pages["no/kundeservicemedarbeider/index.html"]
    assert no.startswith('<!doctype html>\n<html lang="nb">')
    assert pages["da/kundeservicemedarbejder/index.html"].startswith('<!doctype html>\n<html lang="da">')
    assert pages["de/kundendienstmitarbeiter/index.html"].startswith('<!doctype html>\n<html lang="de">')
    assert '<link rel="alternate" hreflang="no" href="https://example.org/karriere/no/kundeservicemedarbeider/">' in no
    assert '<a href="../../no/kundeservicemedarbeider/" hreflang="no" lang="nb">Norsk</a>' in pages["da/kundeservicemedarbejder/index.html"]
    assert '<li lang="nb"><a href="../../no/kundeservicemedarbeider/" hreflang="no">' in pages["da/kundeservicemedarbejder/index.html"]
    assert not re.search(r'\slang="no"', "".join(pages.values()))


def test_a_label_never_repeats_the_role_or_the_country():
    from careerguide.wording import group_words, names_role
    assert names_role("Kundeservicemedarbejdere", "Kundeservicemedarbejder")
    assert names_role("Kundendienstmitarbeiter/innen", "Kundendienstmitarbeiter/in")
    assert not names_role("Kundeservicemedarbejdere i kundecentre", "Kundeservicemedarbejder")
    assert not names_role("Kundecenter", "Kundeservicemedarbejder")
    assert group_words("Kundeservicemedarbejdere", "USA", 2016, role="Kundeservicemedarbejder") == "USA, 2016"
    assert group_words("USA", "USA", 2016) == "USA, 2016"
    assert group_words("Kundeservicemedarbeidere i USA", "USA", 2016, role="Kundeservicemedarbeider") == "Kundeservicemedarbeidere i USA, 2016"
    assert group_words("Kundendienstmitarbeiter/innen, Stundenlohn", "USA", None, role="Kundendienstmitarbeiter/in") == "Stundenlohn, USA"
    assert group_words("Kundecenter", "Danmark", 2024, role="Kundeservicemedarbejder") == "Kundecenter, Danmark, 2024"
    assert group_words(None, "USAs", 2024) == "USAs, 2024"  # a word that only contains the country's name is not it


def test_role_page_and_comparison_say_the_role_and_the_country_once(make_root):
    box = "tests/sites/good/data/da/customer-service-representative.yaml"
    from pathlib import Path
    text = (Path(__file__).parent.parent / box).read_text()
    text = text.replace("    year: 2016\n", "    year: 2016\n    label: Kundeservicemedarbejdere\n", 1)
    text = text.replace("{region: US, count: 2784500,", "{region: US, label: USA, count: 2784500,")
    pages = files(make_root({"data/da/customer-service-representative.yaml": text}))
    role, comparison = pages["da/kundeservicemedarbejder/index.html"], pages["da/loensammenligning/index.html"]
    assert "<figcaption>USA, 2016</figcaption>" in role
    assert "<li>USA: 2.784.500 beskæftigede i 2016" in role
    shown = re.sub(r"<script.*?</script>", "", role + comparison, flags=re.S).replace("\u00ad", "")  # JSON-LD aside
    assert "Kundeservicemedarbejdere" not in shown and "USA, USA" not in shown
    assert "Kundeservicemedarbejder</a> <span class=\"note\">(2016)</span>" in shown
