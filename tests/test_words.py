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
