"""What every page of a site shares when it renders: the Jinja environment, the words and formats of each
language, the context every template receives, and rendering within the sandbox's time limit."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from itertools import islice
from typing import Any

import jinja2
from markupsafe import Markup

from careerguide.link import LinkTargets, RolePage, Site
from careerguide.model.content import Language
from careerguide.model.errors import ContentError, Source
from careerguide.model.output import OutputFile
from careerguide.model.output import bundle as search_bundle
from careerguide.model.output import bundle_list as search_bundle_list
from careerguide.render import sandbox
from careerguide.render.cards import Card
from careerguide.render.cards import draw as draw_card
from careerguide.render.careermap import soft_hyphens
from careerguide.render.feeds import atom_feed, feed_link, feed_path
from careerguide.render.reads import EVERY_LANGUAGE, PAGES, ReadLog
from careerguide.render.salaries import SalaryWords
from careerguide.render.sandbox import RenderTimeout, SandboxedEnvironment, refusal, time_limit, without_end
from careerguide.render.social import role_card, site_card, social_context
from careerguide.render.theme import asset_names, body_shown_as_is, make_environment, template_source
from careerguide.text.formatting import LocaleFormat, hyphenate, hyphenator, language_tag, syllables
from careerguide.text.markup import render_inline

OVERVIEWS = ("comparison", "career_map")
"""The pages per language beside the role pages; each one's slug is the UI string `<kind>_slug`."""


GENERAL_PART = ""
"""The part of the site files that shows every language: chooser, 404, sitemap, robots and assets. Each
language's index, comparison and career map, which show only its pages, are that language's part."""


class TemplateProblem(Exception):
    """A template failed; carries the ContentError that names the template and line."""

    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error

    def __reduce__(self) -> tuple[type[TemplateProblem], tuple[ContentError]]:
        return TemplateProblem, (self.error,)  # it travels pickled from a worker process


class PageRenderer:
    """Renders templates for one site with one environment; the context every page shares is built here."""

    def __init__(self, site: Site, env: SandboxedEnvironment | None = None, targets: LinkTargets | None = None):
        self.site = site
        self.reads = ReadLog()
        """What the file being rendered reads (see `reads`)."""
        self.config = site.content.config
        self.theme = site.content.theme
        self.env = env or make_environment(self.theme.templates)
        self.assets = asset_names(self.theme.assets)
        self.formats = {lang.code: LocaleFormat(lang.locale) for lang in self.config.languages}
        self.words = {
            lang.code: SalaryWords(self.theme.strings[lang.code], self.formats[lang.code], lang.country)
            for lang in self.config.languages
        }
        self.joints = {
            lang.code: frozenset(self.theme.hyphenation.get(lang.code, ())) for lang in self.config.languages
        }
        # Each language's `lang` tag, looked up by the templates rather than called: Jinja's calls cost.
        self.tags = {lang.code: language_tag(lang.locale) for lang in self.config.languages}
        self.targets = targets or LinkTargets.of(site)
        self.body_slot = body_shown_as_is(self.env, "role.html")
        # Babel takes a while per amount, and each salary is shown on its role page and in the comparison.

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """Record what is read inside the block, templates included, into the set it yields."""
        self.env.read_log = self.reads  # the environment is shared by every renderer of the same templates
        with self.reads.recording() as names:
            yield names

    def recorded(self, file: OutputFile, names: set[str]) -> OutputFile:
        """The file, with what producing it read."""
        return replace(file, reads=frozenset(names))

    def pages_of(self, lang: str | None = None) -> tuple[RolePage, ...]:
        """The role pages of a language, or of the site when `lang` is None, recorded as read."""
        self.reads.note(PAGES + (lang or EVERY_LANGUAGE))
        return self.site.pages if lang is None else self.site.in_language(lang)

    def prepare(self) -> None:
        """Load what every page needs once (hyphenation dictionaries), so forked workers share it."""
        for lang in self.config.languages:
            hyphenator(lang.locale)

    def _render(self, template: str, context: dict[str, Any], page: str, *, every_role: bool = False) -> bytes:
        """The template rendered as UTF-8 for the page at `page`, within the time limit of one page
        (`sandbox.PAGE_SECONDS`);
        `every_role` for a page that lists every role of a language, which is encoded a batch of pieces at a time
        (at 5,000 roles a comparison is 14 MB of HTML in over a million small strings, which took eight times
        that much memory, all at once, to join)."""
        # A page that lists every role grows with the site: it gets the limit once per thousand role pages.
        seconds = sandbox.PAGE_SECONDS * max(1.0, len(self.site.pages) / 1000) if every_role else None
        try:
            with time_limit(seconds):
                compiled = self.env.get_template(template)
                if not every_role:
                    return compiled.render(context).encode()
                pieces, encoded = compiled.generate(context), io.BytesIO()
                while batch := list(islice(pieces, 4096)):
                    encoded.write("".join(batch).encode())
                # The buffer becomes the bytes without a copy: the batches joined at the end were the page twice.
                return encoded.getvalue()
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                ContentError(
                    Source(f"templates/{exc.name or template}", exc.lineno or 1), f"template syntax: {exc.message}"
                )
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(
                ContentError(Source(f"templates/{template}"), f"template {exc.name!r} not found")
            ) from None
        except RenderTimeout as exc:
            message = (
                f"rendering {page} took over {exc.seconds:g} s, the time limit of one page; look for a loop "
                "that runs far too often"
            )
            raise TemplateProblem(ContentError(template_source(exc, template), message)) from None
        except RecursionError as exc:
            raise TemplateProblem(ContentError(template_source(exc, template), without_end(exc))) from None
        except (
            jinja2.TemplateRuntimeError,
            TypeError,
            ValueError,
            LookupError,
            AttributeError,
            ArithmeticError,
        ) as exc:
            raise TemplateProblem(ContentError(template_source(exc, template), refusal(exc))) from None

    def overview_path(self, kind: str, code: str) -> str:
        """The folder of a language's comparison or career-map page, e.g. `da/loensammenligning/`."""
        return f"{code}/{self.theme.strings[code][kind + '_slug']}/"

    def _base_context(
        self, lang: Language, depth: int | None, path: str, switch_paths: dict[str, str]
    ) -> dict[str, Any]:
        """What every template gets; `depth` is the folder depth (None for absolute links, as in 404.html)."""
        prefix = self.config.base_url if depth is None else "../" * depth
        codes = [language.code for language in self.config.languages]
        strings = self.theme.strings[lang.code]
        return {
            "search": {
                "bundle": prefix + search_bundle(lang.code),
                "bundles": prefix + search_bundle_list(lang.code),
                "root": prefix or "./",
            }
            if self.config.search
            else None,
            "overviews": [
                {"title": strings[kind + "_title"], "path": self.overview_path(kind, lang.code)} for kind in OVERVIEWS
            ],
            "overview_path": {kind: self.overview_path(kind, lang.code) for kind in OVERVIEWS},
            "lang": lang,
            "lang_tag": self.tags[lang.code],
            "tags": self.tags,
            "t": self.theme.strings[lang.code],
            "fmt": self.formats[lang.code],
            "site_title": self.config.title.get(lang.code, ""),
            "home_path": f"{lang.code}/",
            "canonical": self.config.base_url + path,
            "feeds": [feed_link(lang.code, prefix, strings)],
            "social": social_context(
                self.config,
                lang.code,
                self.config.base_url + path,
                site_card(self.config, lang.code, strings),
                self.site_card_file(lang.code, drawn=False).path,
            ),
            "noindex": False,
            "prefix": prefix,
            "asset_paths": self.assets,
            "url": lambda target: prefix + target,
            "asset": lambda name: prefix + self.assets[name],
            "inline": lambda text: Markup(render_inline(text)),
            "shy": lambda text: hyphenate(text, lang.locale, self.joints[lang.code]),
            "hyphenation": self.joints[lang.code],
            "language_name": lambda code: self.config.language(code).name,
            "switcher": [
                {
                    "code": code,
                    "tag": self.tags[code],
                    "name": self.config.language(code).name,
                    "path": switch_paths.get(code, f"{code}/"),
                    "current": code == lang.code,
                }
                for code in codes
            ],
            "languages": self.every_language,
        }

    @cached_property
    def every_language(self) -> list[dict[str, Any]]:
        """Each language of the site with its title, index and overviews: the same on every page, so made once."""
        return [
            {
                "code": code,
                "tag": self.tags[code],
                "name": self.config.language(code).name,
                "title": self.config.title.get(code, ""),
                "path": f"{code}/",
                "t": self.theme.strings[code],
                "overviews": [
                    {"title": self.theme.strings[code][kind + "_title"], "path": self.overview_path(kind, code)}
                    for kind in OVERVIEWS
                ],
            }
            for code in (language.code for language in self.config.languages)
        ]

    def feed(self, lang: Language) -> OutputFile:
        """The Atom feed of a language's role pages (see `feeds`)."""
        return OutputFile(
            feed_path(lang.code),
            atom_feed(self.pages_of(lang.code), self.config, lang.code, self.theme.strings[lang.code]["feed_title"]),
        )

    def site_card_file(self, code: str, *, drawn: bool = True) -> OutputFile:
        """The card image of a language's pages other than role pages (no bytes unless `drawn`)."""
        card = site_card(self.config, code, self.theme.strings[code])
        return OutputFile(f"{code}/{card.file_name()}", draw_card(card) if drawn else b"")

    def role_card(self, page: RolePage) -> tuple[str, Card]:
        """Where a role page's card image goes below the output folder, and what it shows."""
        return role_card(page, self.config, self.words[page.ref.lang].headline)

    def _splitter(self, code: str) -> Callable[[str], list[str]]:
        locale, joints = self.config.language(code).locale, self.joints[code]
        return lambda word: syllables(word, locale, joints)

    def _shy(self, code: str) -> Callable[[str], str]:
        locale, joints = self.config.language(code).locale, self.joints[code]
        return lambda text: soft_hyphens(text, locale, joints)
