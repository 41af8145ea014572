"""The web editor's labels in the languages it edits: each key of `specs` and each allowed word, as an editor says it."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "da": {
        "!slug": "små bogstaver, tal og enkelte bindestreger", "!heading": "en overskrifts slug, fx vejen-ind",
        "!year": "et årstal som 2024, eller unstated", "!url": "en adresse, der begynder med https:// eller http://",
        "!length": "højst {n} tegn",
        "articles": "Artikler", "article": "Artikel", "factboxes": "Faktabokse", "factbox": "Faktaboks",
        "role": "Rolle (id i data/roles.yaml)", "title": "Titel", "description": "Beskrivelse til søgeresultater",
        "updated": "Opdateret", "draft": "Kladde", "sections": "Afsnit, der hører til et emne", "body": "Tekst",
        "summary": "Resumé", "education": "Uddannelse og vejen ind", "required": "Krav for at komme ind", "paths": "Veje ind",
        "text": "Tekst", "region": "Land (ISO-kode)", "certifications": "Certificeringer", "name": "Navn", "issuer": "Udsteder",
        "note": "Note", "salary": "Løn", "currency": "Valuta", "period": "Periode", "range": "Slags spænd", "low": "Lav",
        "p25": "25 %-fraktil", "median": "Median", "mean": "Gennemsnit", "p75": "75 %-fraktil", "high": "Høj",
        "label": "Gruppe", "year": "År", "source": "Kilde (titel under Kilder)", "outlook": "Fremtidsudsigter",
        "change": "Ændring i procent", "from": "Fra år", "to": "Til år", "employment": "Beskæftigelse", "count": "Antal",
        "hours": "Arbejdstid", "skills": "Kompetencer", "duties": "Arbejdsopgaver", "myths": "Myter", "myth": "Myte",
        "fact": "Fakta", "faq": "Ofte stillede spørgsmål", "question": "Spørgsmål", "answer": "Svar", "sources": "Kilder",
        "url": "Adresse (https://…)", "publisher": "Udgiver", "language": "Sprog (ISO-kode)", "career": "Karriere",
        "=hour": "pr. time", "=month": "pr. måned", "=year": "pr. år", "=unstated": "ikke oplyst af kilden", "=typical": "typisk spænd",
        "=full": "fra laveste til højeste",
    },
    "no": {
        "!slug": "små bokstaver, tall og enkle bindestreker", "!heading": "en overskrifts slug, f.eks. veien-inn",
        "!year": "et årstall som 2024, eller unstated", "!url": "en adresse som begynner med https:// eller http://",
        "!length": "høyst {n} tegn",
        "articles": "Artikler", "article": "Artikkel", "factboxes": "Faktabokser", "factbox": "Faktaboks",
        "role": "Rolle (id i data/roles.yaml)", "title": "Tittel", "description": "Beskrivelse til søkeresultater",
        "updated": "Oppdatert", "draft": "Utkast", "sections": "Avsnitt som hører til et emne", "body": "Tekst",
        "summary": "Sammendrag", "education": "Utdanning og veien inn", "required": "Krav for å komme inn", "paths": "Veier inn",
        "text": "Tekst", "region": "Land (ISO-kode)", "certifications": "Sertifiseringer", "name": "Navn", "issuer": "Utsteder",
        "note": "Merknad", "salary": "Lønn", "currency": "Valuta", "period": "Periode", "range": "Slags spenn", "low": "Lav",
        "p25": "25-persentil", "median": "Median", "mean": "Gjennomsnitt", "p75": "75-persentil", "high": "Høy",
        "label": "Gruppe", "year": "År", "source": "Kilde (tittel under Kilder)", "outlook": "Framtidsutsikter",
        "change": "Endring i prosent", "from": "Fra år", "to": "Til år", "employment": "Sysselsetting", "count": "Antall",
        "hours": "Arbeidstid", "skills": "Ferdigheter", "duties": "Arbeidsoppgaver", "myths": "Myter", "myth": "Myte",
        "fact": "Fakta", "faq": "Ofte stilte spørsmål", "question": "Spørsmål", "answer": "Svar", "sources": "Kilder",
        "url": "Adresse (https://…)", "publisher": "Utgiver", "language": "Språk (ISO-kode)", "career": "Karriere",
        "=hour": "per time", "=month": "per måned", "=year": "per år", "=unstated": "ikke oppgitt av kilden", "=typical": "vanlig spenn",
        "=full": "fra laveste til høyeste",
    },
    "de": {
        "!slug": "Kleinbuchstaben, Ziffern und einzelne Bindestriche", "!heading": "der Slug einer Überschrift, z. B. der-einstieg",
        "!year": "eine Jahreszahl wie 2024, oder unstated", "!url": "eine Adresse, die mit https:// oder http:// beginnt",
        "!length": "höchstens {n} Zeichen",
        "articles": "Artikel", "article": "Artikel", "factboxes": "Faktenboxen", "factbox": "Faktenbox",
        "role": "Rolle (ID in data/roles.yaml)", "title": "Titel", "description": "Beschreibung für Suchergebnisse",
        "updated": "Aktualisiert", "draft": "Entwurf", "sections": "Abschnitte zu einem Thema", "body": "Text",
        "summary": "Zusammenfassung", "education": "Ausbildung und Einstieg", "required": "Voraussetzung für den Einstieg",
        "paths": "Wege in den Beruf", "text": "Text", "region": "Land (ISO-Code)", "certifications": "Zertifikate",
        "name": "Name", "issuer": "Aussteller", "note": "Anmerkung", "salary": "Gehalt", "currency": "Währung",
        "period": "Zeitraum", "range": "Art der Spanne", "low": "Niedrig", "p25": "25-%-Perzentil", "median": "Median",
        "mean": "Mittelwert", "p75": "75-%-Perzentil", "high": "Hoch", "label": "Gruppe", "year": "Jahr",
        "source": "Quelle (Titel unter Quellen)", "outlook": "Aussichten", "change": "Veränderung in Prozent", "from": "Von Jahr",
        "to": "Bis Jahr", "employment": "Beschäftigung", "count": "Anzahl", "hours": "Arbeitszeiten", "skills": "Fähigkeiten",
        "duties": "Aufgaben", "myths": "Irrtümer", "myth": "Irrtum", "fact": "Tatsache", "faq": "Häufige Fragen",
        "question": "Frage", "answer": "Antwort", "sources": "Quellen", "url": "Adresse (https://…)", "publisher": "Herausgeber",
        "language": "Sprache (ISO-Code)", "career": "Karriere", "=hour": "pro Stunde", "=month": "pro Monat", "=year": "pro Jahr",
        "=unstated": "von der Quelle nicht angegeben", "=typical": "übliche Spanne", "=full": "vom niedrigsten bis zum höchsten",
    },
}
"""Language code -> key (`salary`), allowed word (`=month`) or what a pattern asks for (`!slug`) -> its text in that language."""


def label(lang: str, word: str) -> str:
    """The label of a key or an allowed word in the language `lang`, else the word itself."""
    return LABELS.get(lang, {}).get(word, word)


ENGLISH = {"!slug": "lower-case letters, digits and single hyphens", "!heading": "a heading's slug, e.g. the-way-in",
           "!year": "a year such as 2024, or unstated", "!url": "an address starting with https:// or http://",
           "!length": "at most {n} characters"}
"""What the patterns ask for, for a language without its own words."""
DECAP_LOCALES = {"da": "da", "nb": "nb_no", "no": "nb_no", "nn": "nn_no", "de": "de", "sv": "sv", "en": "en"}
"""The language of a locale (`nb` of nb_NO) -> the name of Decap's own interface translation."""


def asks(lang: str, pattern: str, **values: object) -> str:
    """What a pattern asks for (`!slug`), as the form says it when a value does not match."""
    return LABELS.get(lang, {}).get(pattern, ENGLISH[pattern]).format(**values)
