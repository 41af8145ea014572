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

HINTS: dict[str, dict[str, str]] = {
    "da": {
        "summary": "En eller to sætninger om rollen.", "education": "Kravet for at komme ind, vejene ind og certificeringerne.",
        "required": "Det typiske krav for at komme ind, i en sætning; vises under Kort fortalt.",
        "paths": "Vejene ind; angiv et land ved en vej, der kun findes i ét land.",
        "text": "Teksten, i en sætning eller to.", "region": "Landet som ISO-kode (DK, NO, DE, US).",
        "certifications": "Certificeringer, der hjælper.", "name": "Certificeringens navn.", "issuer": "Hvem udsteder den.",
        "note": "Vises sammen med tallene eller teksten: hvad en gruppe dækker, at kilder er uenige, hvorfor et gammelt tal står.",
        "salary": "Løntal, hvert med land, valuta, periode, år og kilde.", "currency": "Valutaen som ISO-kode (DKK, NOK, EUR, USD).",
        "period": "Hvad tallene gælder for, som kilden siger det; 'ikke oplyst', når den ikke siger det.",
        "range": "Hvad lav–høj er: det typiske spænd, kilden nævner, eller fra laveste til højeste.",
        "low": "Den lave ende af spændet; angiv også slags spænd.", "p25": "25 %-fraktilen: en fjerdedel tjener mindre.",
        "median": "Medianen: halvdelen tjener mindre, halvdelen mere.", "mean": "Gennemsnittet.",
        "p75": "75 %-fraktilen: en fjerdedel tjener mere.", "high": "Den høje ende af spændet; angiv også slags spænd.",
        "label": "Den gruppe, tallene dækker.",
        "year": "Året, fx 2024; for løn 'unstated', når kilden ikke nævner et år (forventes for median, gennemsnit og fraktiler).",
        "source": "Hvor det kommer fra: titlen på en kilde under Kilder.", "outlook": "Fremskrivninger af, hvor mange job der bliver.",
        "change": "Ændringen i antallet af job, i procent.", "from": "Fremskrivningens første år.",
        "to": "Fremskrivningens sidste år, efter fra-året.", "employment": "Hvor mange der har jobbet.",
        "count": "Hvor mange der har jobbet.", "hours": "Arbejdstiden.", "skills": "De kompetencer, arbejdet kræver.",
        "duties": "Hvad arbejdet består af i hverdagen.", "myths": "Udbredte forestillinger om rollen, og hvad der er rigtigt.",
        "myth": "Hvad folk ofte tror.", "fact": "Hvad der er rigtigt.", "faq": "Spørgsmål, læserne stiller, med svar.",
        "question": "Spørgsmålet, som en læser ville stille det.", "answer": "Svaret.",
        "sources": "Alle kilder, faktaene bygger på; et løntal nævner sin kilde ved dens titel.",
        "title": "Titlen, som den er skrevet.", "url": "Adressen, der begynder med https:// eller http://.",
        "publisher": "Hvem udgiver den.", "language": "Sproget, kilden er skrevet på, som ISO-kode (da, nb, de, en).",
        "role": "Rollens id i data/roles.yaml; faktaboksens fil får samme navn.",
        "description": "Én sætning til søgeresultater, højst 160 tegn.", "updated": "Hvornår artiklen sidst blev revideret.",
        "draft": "Slået til, mens artiklen ikke er klar: den bliver tjekket, men ikke udgivet.",
        "sections": "Artiklens ##-afsnit, der handler om et af faktaboksens emner, ved overskriftens slug (## Vejen ind → vejen-ind).",
    },
    "no": {
        "summary": "En eller to setninger om rollen.", "education": "Kravet for å komme inn, veiene inn og sertifiseringene.",
        "required": "Det vanlige kravet for å komme inn, i en setning; vises under Kort fortalt.",
        "paths": "Veiene inn; oppgi et land for en vei som bare finnes i ett land.",
        "text": "Teksten, i en setning eller to.", "region": "Landet som ISO-kode (DK, NO, DE, US).",
        "certifications": "Sertifiseringer som hjelper.", "name": "Sertifiseringens navn.", "issuer": "Hvem som utsteder den.",
        "note": "Vises sammen med tallene eller teksten: hva en gruppe dekker, at kilder er uenige, hvorfor et gammelt tall står.",
        "salary": "Lønnstall, hvert med land, valuta, periode, år og kilde.", "currency": "Valutaen som ISO-kode (DKK, NOK, EUR, USD).",
        "period": "Hva tallene gjelder for, slik kilden sier det; «ikke oppgitt» når den ikke sier det.",
        "range": "Hva lav–høy er: det vanlige spennet kilden nevner, eller fra laveste til høyeste.",
        "low": "Den lave enden av spennet; oppgi også slags spenn.", "p25": "25-persentilen: en firedel tjener mindre.",
        "median": "Medianen: halvparten tjener mindre, halvparten mer.", "mean": "Gjennomsnittet.",
        "p75": "75-persentilen: en firedel tjener mer.", "high": "Den høye enden av spennet; oppgi også slags spenn.",
        "label": "Gruppen tallene dekker.",
        "year": "Året, f.eks. 2024; for lønn «unstated» når kilden ikke nevner et år (ventes for median, gjennomsnitt og persentiler).",
        "source": "Hvor det kommer fra: tittelen på en kilde under Kilder.", "outlook": "Framskrivninger av hvor mange jobber det blir.",
        "change": "Endringen i antall jobber, i prosent.", "from": "Framskrivningens første år.",
        "to": "Framskrivningens siste år, etter fra-året.", "employment": "Hvor mange som har jobben.",
        "count": "Hvor mange som har jobben.", "hours": "Arbeidstiden.", "skills": "Ferdighetene arbeidet krever.",
        "duties": "Hva arbeidet består av i hverdagen.", "myths": "Utbredte forestillinger om rollen, og hva som er riktig.",
        "myth": "Hva folk ofte tror.", "fact": "Hva som er riktig.", "faq": "Spørsmål leserne stiller, med svar.",
        "question": "Spørsmålet, slik en leser ville stilt det.", "answer": "Svaret.",
        "sources": "Alle kildene faktaene bygger på; et lønnstall nevner kilden sin ved tittelen.",
        "title": "Tittelen, slik den er skrevet.", "url": "Adressen, som begynner med https:// eller http://.",
        "publisher": "Hvem som utgir den.", "language": "Språket kilden er skrevet på, som ISO-kode (da, nb, de, en).",
        "role": "Rollens id i data/roles.yaml; faktaboksens fil får samme navn.",
        "description": "Én setning til søkeresultater, høyst 160 tegn.", "updated": "Når artikkelen sist ble revidert.",
        "draft": "Slått på mens artikkelen ikke er klar: den blir sjekket, men ikke publisert.",
        "sections": "Artikkelens ##-avsnitt som handler om et av faktaboksens emner, ved overskriftens slug (## Veien inn → veien-inn).",
    },
    "de": {
        "summary": "Ein oder zwei Sätze über den Beruf.", "education": "Die Voraussetzung, die Wege in den Beruf und die Zertifikate.",
        "required": "Die übliche Voraussetzung für den Einstieg, in einem Satz; steht unter „Kurz gesagt“.",
        "paths": "Die Wege in den Beruf; ein Land angeben, wenn es einen Weg nur in einem Land gibt.",
        "text": "Der Text, in ein oder zwei Sätzen.", "region": "Das Land als ISO-Code (DK, NO, DE, US).",
        "certifications": "Zertifikate, die helfen.", "name": "Der Name des Zertifikats.", "issuer": "Wer es ausstellt.",
        "note": "Steht bei den Zahlen oder dem Text: was eine Gruppe umfasst, dass Quellen sich widersprechen, warum eine alte Zahl bleibt.",
        "salary": "Gehaltszahlen, jede mit Land, Währung, Zeitraum, Jahr und Quelle.",
        "currency": "Die Währung als ISO-Code (DKK, NOK, EUR, USD).",
        "period": "Wofür die Zahlen gelten, wie die Quelle es sagt; „nicht angegeben“, wenn sie es nicht sagt.",
        "range": "Was niedrig–hoch ist: die übliche Spanne, die die Quelle nennt, oder vom niedrigsten bis zum höchsten Wert.",
        "low": "Das untere Ende der Spanne; auch die Art der Spanne angeben.", "p25": "Das 25-%-Perzentil: ein Viertel verdient weniger.",
        "median": "Der Median: die Hälfte verdient weniger, die Hälfte mehr.", "mean": "Der Mittelwert.",
        "p75": "Das 75-%-Perzentil: ein Viertel verdient mehr.", "high": "Das obere Ende der Spanne; auch die Art der Spanne angeben.",
        "label": "Die Gruppe, für die die Zahlen gelten.",
        "year": "Das Jahr, z. B. 2024; beim Gehalt „unstated“, wenn die Quelle kein Jahr nennt (erwartet bei Median, Mittelwert und Perzentilen).",
        "source": "Woher es stammt: der Titel einer Quelle unter Quellen.", "outlook": "Prognosen, wie viele Stellen es geben wird.",
        "change": "Die Veränderung der Zahl der Stellen, in Prozent.", "from": "Das erste Jahr der Prognose.",
        "to": "Das letzte Jahr der Prognose, nach dem ersten.", "employment": "Wie viele den Beruf ausüben.",
        "count": "Wie viele den Beruf ausüben.", "hours": "Die Arbeitszeiten.", "skills": "Die Fähigkeiten, die die Arbeit verlangt.",
        "duties": "Woraus die Arbeit im Alltag besteht.", "myths": "Verbreitete Annahmen über den Beruf, und was stimmt.",
        "myth": "Was viele glauben.", "fact": "Was stimmt.", "faq": "Fragen, die Leser stellen, mit Antworten.",
        "question": "Die Frage, wie ein Leser sie stellen würde.", "answer": "Die Antwort.",
        "sources": "Alle Quellen, auf denen die Fakten beruhen; eine Gehaltszahl nennt ihre Quelle mit deren Titel.",
        "title": "Der Titel, wie er geschrieben ist.", "url": "Die Adresse, beginnend mit https:// oder http://.",
        "publisher": "Wer sie herausgibt.", "language": "Die Sprache der Quelle als ISO-Code (da, nb, de, en).",
        "role": "Die ID des Berufs in data/roles.yaml; die Datei der Faktenbox bekommt denselben Namen.",
        "description": "Ein Satz für Suchergebnisse, höchstens 160 Zeichen.", "updated": "Wann der Artikel zuletzt überarbeitet wurde.",
        "draft": "Eingeschaltet, solange der Artikel nicht fertig ist: er wird geprüft, aber nicht veröffentlicht.",
        "sections": "Die ##-Abschnitte des Artikels zu einem Thema der Faktenbox, mit dem Slug der Überschrift (## Der Einstieg → der-einstieg).",
    },
}
"""Language code -> key -> the note under its field in the web editor; a language without them gets the English of specs."""


def hint(lang: str, key: str, english: str) -> str:
    """The note under a field in `lang`, else its English description."""
    return HINTS.get(lang, {}).get(key, english)
