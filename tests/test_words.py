"""The words around the facts: language tags, labels that never repeat themselves, plural forms,
pages for every language, search text and hyphenation at compound joints."""

from __future__ import annotations

import re

from careerguide.build import make_site


def files(root) -> dict[str, str]:
    return {f.path: f.data.decode() for f in make_site(root).files if f.path.endswith((".html", ".xml", ".txt"))}


def test_lang_follows_the_locale_while_folder_and_hreflang_keep_the_code(make_root):
    pages = files(make_root())
    no = pages["no/kundeservicemedarbeider/index.html"]
    assert no.startswith('<!doctype html>\n<html lang="nb">')
    assert pages["da/kundeservicemedarbejder/index.html"].startswith('<!doctype html>\n<html lang="da">')
    assert pages["de/kundendienstmitarbeiter/index.html"].startswith('<!doctype html>\n<html lang="de">')
    assert '<link rel="alternate" hreflang="no" href="https://example.org/karriere/no/kundeservicemedarbeider/">' in no
    assert (
        '<a href="../../no/kundeservicemedarbeider/" hreflang="no" lang="nb">Norsk</a>'
        in pages["da/kundeservicemedarbejder/index.html"]
    )
    assert (
        '<li lang="nb"><a href="../../no/kundeservicemedarbeider/" hreflang="no">'
        in pages["da/kundeservicemedarbejder/index.html"]
    )
    assert not re.search(r'\slang="no"', "".join(pages.values()))
    assert (
        '<meta property="og:locale" content="nb_NO">\n<meta property="og:locale:alternate" content="da_DK">\n'
        '<meta property="og:locale:alternate" content="de_DE">' in no
    )
    assert '<meta property="og:locale" content="de_DE">' in pages["de/kundendienstmitarbeiter/index.html"]
    assert '<meta property="og:locale:alternate"' not in pages["da/teamleder/index.html"]  # only in Danish


def test_a_label_never_repeats_the_role_or_the_country():
    from careerguide.text.wording import group_words, names_role

    assert names_role("Kundeservicemedarbejdere", "Kundeservicemedarbejder")
    assert names_role("Kundendienstmitarbeiter/innen", "Kundendienstmitarbeiter/in")
    assert not names_role("Kundeservicemedarbejdere i kundecentre", "Kundeservicemedarbejder")
    assert not names_role("Kundecenter", "Kundeservicemedarbejder")
    assert group_words("Kundeservicemedarbejdere", "USA", 2016, role="Kundeservicemedarbejder") == "USA, 2016"
    assert group_words("USA", "USA", 2016) == "USA, 2016"
    assert (
        group_words("Kundeservicemedarbeidere i USA", "USA", 2016, role="Kundeservicemedarbeider")
        == "Kundeservicemedarbeidere i USA, 2016"
    )
    assert (
        group_words("Kundendienstmitarbeiter/innen, Stundenlohn", "USA", None, role="Kundendienstmitarbeiter/in")
        == "Stundenlohn, USA"
    )
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
    assert 'Kundeservicemedarbejder</a> <span class="note">(2016)</span>' in shown


def test_plural_forms_follow_babels_rule_for_the_count():
    from careerguide.validate.uistrings import Plural, categories, plural

    steps = Plural({"one": "Nächster Schritt", "other": "Nächste Schritte"})
    assert (plural(steps, 1, "de_DE"), plural(steps, 2, "de_DE"), plural(steps, 0, "de_DE")) == (
        "Nächster Schritt",
        "Nächste Schritte",
        "Nächste Schritte",
    )
    assert str(steps) == "Nächste Schritte" and plural("Neste steg", 1, "nb_NO") == "Neste steg"
    polish = Plural({"one": "krok", "few": "kroki", "many": "kroków", "other": "kroku"})
    assert [plural(polish, n, "pl_PL") for n in (1, 3, 5, 22)] == ["krok", "kroki", "kroków", "kroki"]
    assert categories("da_DK") == categories("nb_NO") == categories("de_DE") == ("one", "other")
    import pickle

    assert pickle.loads(pickle.dumps(steps)).forms == steps.forms


DE_SUPERVISOR = (
    "---\nrole: customer-service-supervisor\ntitle: Teamleiter im Kundendienst\ndescription: Führt ein "
    "Team.\n---\nText.\n"
)
DE_OESTERS = "---\nrole: oesters-role\ntitle: Austernzüchter\ndescription: Züchtet Austern.\n---\nText.\n"
DA_SUPERVISOR = "---\nrole: customer-service-supervisor\ntitle: Teamleder\ndescription: Leder et team.\n---\nText.\n"


def test_headings_before_one_item_are_singular_in_every_language(make_root):
    pages = files(make_root({"content/de/teamleiter.md": DE_SUPERVISOR}))
    de = pages["de/kundendienstmitarbeiter/index.html"]
    assert "<h3>Nächster Schritt</h3>" in de and "Nächste Schritte" not in de
    assert "<h3>Beruf, der hierher führt</h3>" in pages["de/teamleiter/index.html"]
    assert '<span class="note">Nächster Schritt:</span>' in pages["de/karrierekarte/index.html"]
    pages = files(make_root({"content/de/teamleiter.md": DE_SUPERVISOR, "content/de/austernzuechter.md": DE_OESTERS}))
    assert "<h3>Nächste Schritte</h3>" in pages["de/kundendienstmitarbeiter/index.html"]
    da = pages["da/kundeservicemedarbejder/index.html"]
    assert '<h2 id="sources">Kilder</h2>' in da and "<h3>Certificering</h3>" in da and "<h3>Veje ind i faget</h3>" in da
    assert "<h3>Job, der fører hertil</h3>" in pages["da/teamleder/index.html"]


def test_a_site_may_keep_one_text_for_every_count(make_root):
    pages = files(
        make_root({"content/de/teamleiter.md": DE_SUPERVISOR, "templates/strings/de.yaml": "next_steps: Weiter\n"})
    )
    assert "<h3>Weiter</h3>" in pages["de/kundendienstmitarbeiter/index.html"]


def test_career_map_text_says_what_the_map_shows(make_root):
    page = files(make_root())["da/karrierekort/index.html"]
    lead = re.search(r'<p class="lead">(.*?)</p>', page).group(1)
    assert (
        "de job, der fører til et job, står over det" in lead
        and "Pilene i venstre side går fra et job til hvert af dets næste skridt" in lead
    )
    listed = re.findall(
        r'<li><a href="../../da/([a-z-]+)/">', page.split('<ul class="ladder-list">')[1].split("</ul>")[0]
    )
    assert listed.index("kundeservicemedarbejder") < listed.index("teamleder")  # the ladder, top down
    assert listed[-2:] == ["zebra", "aalborg"] and "står til sidst uden pile" in lead  # on no ladder: last, and said so
    alone = {f"content/da/{name}.md": None for name in ("aalborg", "zebra", "oesters")}
    pages = files(make_root(alone))
    assert "til sidst" not in pages["da/karrierekort/index.html"]  # every role is on a ladder: nothing comes last
    assert (
        "Berufe, die weder zu einem anderen Beruf führen noch von einem kommen, stehen ohne Pfeile am Ende."
        in pages["de/karrierekarte/index.html"]
    )


def test_404_and_chooser_speak_every_language_default_first(make_root):
    pages = files(make_root())
    for page, key in ((pages["404.html"], "not_found"), (pages["index.html"], "chooser")):
        tags = re.findall(
            r'<(?:span|div|li|nav) [^>]*?lang="([a-z-]+)"', page.split('<main id="main" class="wrap">')[1]
        )
        assert tags[:3] == ["da", "nb", "de"], key  # the default language first, each in its own lang element
    not_found = pages["404.html"]
    assert (
        '<h1><span lang="da">Siden findes ikke</span><span aria-hidden="true"> · </span><span lang="nb">Fant ikke '
        "siden</span>" in not_found
    )
    for tag, text, link in (
        (
            "da",
            "Alle jobbeskrivelser på dansk finder du her:",
            '<a href="https://example.org/karriere/da/" hreflang="da">Alle job</a>',
        ),
        (
            "nb",
            "Alle yrkesbeskrivelser på norsk finner du her:",
            '<a href="https://example.org/karriere/no/" hreflang="no">Alle yrker</a>',
        ),
        (
            "de",
            "Alle Berufsbilder auf Deutsch finden Sie hier:",
            '<a href="https://example.org/karriere/de/" hreflang="de">Alle Berufe</a>',
        ),
    ):
        block = re.search(rf'<div class="not-found" lang="{tag}">(.*?)</div>', not_found, re.S).group(1)
        assert text in block and link in block
        footer = re.search(rf'<nav aria-label="[^"]+" lang="{tag}">(.*?)</nav>', not_found, re.S).group(1)
        assert link.replace("<a ", "<a ", 1).split(">")[0] in footer
    chooser = pages["index.html"]
    assert '<span lang="de">Sprache wählen</span></h1>' in chooser
    assert (
        '<li lang="nb"><a href="no/" hreflang="no"><span class="chooser-name">Norsk</span> <span '
        'class="chooser-title">Karriereguiden</span> '
        '<span class="chooser-text">Yrkesbeskrivelser på norsk: utdanning, lønn, arbeidsoppgaver og '
        "karriereveier.</span></a></li>" in chooser
    )
    assert "Velg språk" in chooser and "Vælg sprog</a>" not in chooser  # the footer too speaks every language


def test_search_text_keeps_labels_apart_from_values_and_has_no_soft_hyphens(make_root, cli, tmp_path):
    from test_search import fragments

    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    indexed = fragments(out)
    page = indexed["/da/kundeservicemedarbejder/"]["content"]
    assert (
        "Uddannelse Ingen bestemt uddannelse." in page
        and "Løn median 31.250 kr. om måneden" in page
        and "Myte Fakta" in page
    )
    assert page.startswith("Kundeservicemedarbejder. ")  # the heading's words whole, once
    assert all("\u00ad" not in fragment["content"] for fragment in indexed.values())
    html = (out / "da/kundeservicemedarbejder/index.html").read_text()
    assert "<span data-pagefind-ignore>Kunde\u00ad" in html  # readers still get the word hyphenated
    assert re.search(r"<span hidden>Kundeservicemedarbejder</span></h1>", html)


def test_compounds_break_at_their_joints_in_every_language(make_root):
    from careerguide.text.formatting import hyphenate

    words = make_site(make_root()).site.content.theme.hyphenation  # the built-in theme's lists
    cases = [
        ("da", "da_DK", "Kvalitetssikringsanalytiker", "Kvalitets-sikrings-analytiker"),
        ("da", "da_DK", "Kvalitetssikringsanalytikeren", "Kvalitets-sikrings-analytikeren"),
        ("da", "da_DK", "Kundeservicemedarbejderne", "Kunde-service-medarbejderne"),
        ("no", "nb_NO", "Informasjonsskrankemedarbeider", "Informasjons-skranke-medarbeider"),
        ("no", "nb_NO", "Informasjonsskrankemedarbeidere", "Informasjons-skranke-medarbeidere"),
        ("de", "de_DE", "Kundendienstmitarbeiter", "Kunden-dienst-mitarbeiter"),
        ("de", "de_DE", "Kundendienstmitarbeiterinnen", "Kunden-dienst-mitarbeiterinnen"),
    ]
    for lang, locale, word, expected in cases:
        assert hyphenate(word, locale, frozenset(words[lang])).replace("\u00ad", "-") == expected
    assert (
        hyphenate("Kvalitetssikringsanalytiker", "da_DK").replace("\u00ad", "-") != "Kvalitets-sikrings-analytiker"
    )  # Pyphen alone


def test_a_joint_beside_unlisted_letters_needs_the_dictionary_to_agree():
    from careerguide.text.formatting import hyphenate

    words = frozenset({"kunde-service", "service-chef", "assistent"})
    assert (
        hyphenate("Kundendienstmitarbeiter", "da_DK", words).replace("\u00ad", "-").startswith("Kunden-")
    )  # not Kunde-ndienst
    assert (
        hyphenate("Kundeservicechefassistent", "da_DK", words).replace("\u00ad", "-") == "Kunde-service-chef-assistent"
    )


def test_an_editor_extends_the_list_and_headings_use_it(make_root):
    from careerguide.model.errors import Source
    from careerguide.model.yamltext import YamlDoc
    from careerguide.validate.uistrings import merge_strings

    problems: list = []
    _, merged = merge_strings(
        [
            YamlDoc({"hyphenation": ["kunde-service", "team-leder"]}, Source("a.yaml")),
            YamlDoc({"hyphenation": ["kundeservice", "zone-tekniker"]}, Source("b.yaml")),
        ],
        "da_DK",
        problems,
    )
    assert (
        merged == ("kundeservice", "team-leder", "zone-tekniker") and not problems
    )  # added to; a word again: the later one
    pages = files(make_root({"templates/strings/de.yaml": "hyphenation: [kundendienst-mitarbeiter]\n"}))
    heading = re.search(
        r"<h1 [^>]*><span data-pagefind-ignore>(.*?)</span>", pages["de/kundendienstmitarbeiter/index.html"]
    ).group(1)
    assert heading == "Kundendienst\u00admitarbeiter"
    da = re.search(
        r"<h1 [^>]*><span data-pagefind-ignore>(.*?)</span>", pages["da/kundeservicemedarbejder/index.html"]
    ).group(1)
    assert da == "Kunde\u00adservice\u00admedarbejder"  # the built-in Danish list still applies


def test_jsonld_names_a_figure_without_repeating_the_role(make_root):
    import json
    from pathlib import Path

    box = (Path(__file__).parent / "sites/good/data/da/customer-service-representative.yaml").read_text()
    box = box.replace("    label: Kundecenter\n", "    label: Kundeservicemedarbejdere, kundecenter\n")
    html = files(make_root({"data/da/customer-service-representative.yaml": box}))[
        "da/kundeservicemedarbejder/index.html"
    ]
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))["@graph"]
    names = [amount["name"] for amount in graph[0]["estimatedSalary"]]
    assert names[0] == "kundecenter, 2024" and not any("Kundeservicemedarbejdere" in name for name in names)


def test_a_word_with_sharp_s_keeps_its_joints():
    from careerguide.model.errors import Source
    from careerguide.model.yamltext import YamlDoc
    from careerguide.text.formatting import hyphenate
    from careerguide.validate.uistrings import merge_strings

    _, words = merge_strings([YamlDoc({"hyphenation": ["Straßen-bahn-fahrer"]}, Source("de.yaml"))], "de_DE", [])
    assert words == ("straßen-bahn-fahrer",)
    assert (
        hyphenate("Straßenbahnfahrerinnen", "de_DE", frozenset(words)).replace("\u00ad", "-")
        == "Straßen-bahn-fahrerinnen"
    )


def test_a_count_of_one_person_is_singular(make_root):
    from pathlib import Path

    box = (Path(__file__).parent / "sites/good/data/da/customer-service-representative.yaml").read_text()
    pages = files(
        make_root({"data/da/customer-service-representative.yaml": box.replace("count: 2784500", "count: 1")})
    )
    assert "USA: 1 beskæftiget i 2016" in pages["da/kundeservicemedarbejder/index.html"]
    assert "USA: 2.784.500 beskæftigede i 2016" in files(make_root())["da/kundeservicemedarbejder/index.html"]


def test_jsonld_in_language_is_the_locales_language(make_root):
    import json

    pages = files(make_root())
    for path, tag in (("no/kundeservicemedarbeider/index.html", "nb"), ("da/kundeservicemedarbejder/index.html", "da")):
        graph = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', pages[path], re.S).group(1)
        )["@graph"]
        assert graph[0]["mainEntityOfPage"]["inLanguage"] == tag
