"""Pelican plugin of the benchmark site: fact boxes, career links and language indexes for the theme."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from pelican import signals

from .roleview import Guide

_guides: dict[str, Guide] = {}


def _guide(settings) -> Guide:
    root = str(Path(settings["PATH"]).resolve().parent)
    if root not in _guides:
        _guides[root] = Guide(Path(root))
    return _guides[root]


def add_filters(generator) -> None:
    """The theme's `inline` filter: inline Markdown in fact-box text."""
    guide = _guide(generator.settings)
    generator.env.filters["inline"] = lambda text: Markup(guide.inline(text))


def attach_views(generator) -> None:
    """Give every role page its view and put the language indexes, chooser and 404 into the context."""
    guide = _guide(generator.settings)
    pages = generator.pages + generator.translations
    order = list(guide.languages)
    targets: dict[str, dict[str, dict]] = {lang: {} for lang in order}
    for page in pages:
        targets[page.lang][page.role] = {"title": page.title, "url": "/" + page.url}
    for page in pages:
        translations = [
            {"lang": t.lang, "title": t.title, "url": "/" + t.url}
            for t in sorted(page.translations, key=lambda t: order.index(t.lang))
        ]
        page.view = guide.role_view(
            page.lang,
            page.role,
            page.title,
            page.description,
            "/" + page.url,
            page.modified.date(),
            targets[page.lang],
            translations,
        )
    indexes = {}
    for lang in order:
        view = guide.common(
            lang,
            guide.strings[lang]["index_heading"],
            guide.strings[lang]["index_description"],
            f"/{lang}/",
            [(code, f"/{code}/") for code in order],
        )
        view["roles"] = sorted(
            (
                {"title": page.title, "url": "/" + page.url, "summary": page.view["summary"]}
                for page in pages
                if page.lang == lang
            ),
            key=lambda role: role["title"].casefold(),
        )
        indexes[lang] = view
    default = generator.settings["DEFAULT_LANG"]
    generator.context["lang_index"] = indexes
    generator.context["role_pages"] = pages
    generator.context["chooser_view"] = guide.common(
        default, guide.titles[default], guide.strings[default]["chooser_description"], "/", []
    )
    generator.context["notfound_view"] = guide.common(
        default, guide.strings[default]["not_found_title"], guide.strings[default]["not_found_text"], "/404.html", []
    )


def register() -> None:
    """Pelican's entry point."""
    signals.generator_init.connect(add_filters)
    signals.page_generator_finalized.connect(attach_views)
