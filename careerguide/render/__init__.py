"""Turn the linked Site into output files: HTML pages through Jinja, sitemap, robots, assets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from markupsafe import Markup

from careerguide.link import PageRef, RolePage, Site, body_html
from careerguide.model.content import Language, Salary
from careerguide.model.errors import ContentError
from careerguide.model.output import OutputFile
from careerguide.render.cards import Card
from careerguide.render.cards import draw as draw_card
from careerguide.render.careermap import career_map
from careerguide.render.charts import MapNode, ladder_order, range_chart
from careerguide.render.cms import admin_files
from careerguide.render.comparison import comparison_context
from careerguide.render.feeds import feed_link, feed_path
from careerguide.render.legend import legend
from careerguide.render.pages import GENERAL_PART, OVERVIEWS, PageRenderer, TemplateProblem
from careerguide.render.reads import body_of, link_of, page_of
from careerguide.render.schema import schema_files
from careerguide.render.sections import contents, place, shown
from careerguide.render.seo import Alternate, alternates, ordered_versions, robots, role_jsonld, sitemap
from careerguide.render.social import social_context
from careerguide.render.theme import BODY_MARK
from careerguide.text.collate import sort_key
from careerguide.text.wording import group_words
from careerguide.validate.sections import TOPICS

MAP_DRAWN_UP_TO = 150
"""The most roles of a language the career map draws: beyond that its arrows run past hundreds of rows each, the page
grows to megabytes and no reader follows them; the list under it says the same in words."""


class Renderer(PageRenderer):
    """Renders the pages of one site: the role pages, each language's overviews, and the site files."""

    def site_files(self) -> list[OutputFile]:
        """Every file that is not a role page: chooser, 404, language indexes, sitemap, robots, assets."""
        return [file for _, piece in self.site_file_parts() for file in piece()]

    def site_file_parts(self) -> list[tuple[str, Callable[[], list[OutputFile]]]]:
        """The files of `site_files` in independent pieces, each rendered when called, for spreading over
        processes; each with its part: GENERAL_PART, or the code of the language whose pages it lists."""

        def general() -> list[OutputFile]:
            overviews = [
                [(lang.code, self.overview_path(kind, lang.code)) for lang in self.config.languages]
                for kind in OVERVIEWS
            ]
            return [
                self.chooser(),
                self.not_found(),
                OutputFile("sitemap.xml", sitemap(self.pages_of(), self.config, overviews).encode()),
                OutputFile("robots.txt", robots(self.config.base_url).encode()),
                *(OutputFile(self.assets[name], data) for name, data in self.theme.assets.items()),
                *(OutputFile(path, data) for path, data in schema_files().items()),
                *(OutputFile(path, data) for path, data in admin_files(self.config).items()),
            ]

        pieces: list[tuple[str, Callable[[], list[OutputFile]]]] = [(GENERAL_PART, general)]
        for lang in self.config.languages:
            makers: tuple[Callable[[Language], OutputFile], ...] = (
                self.language_index,
                self.comparison,
                self.career_map,
                self.feed,
                lambda language: self.site_card_file(language.code),
            )
            pieces += [(lang.code, partial(_one_file, make, lang)) for make in makers]
        return [(part, partial(self._read_part, piece)) for part, piece in pieces]

    def _read_part(self, piece: Callable[[], list[OutputFile]]) -> list[OutputFile]:
        """A piece of the site files, each file with what the piece read (see `reads`)."""
        with self.reading() as names:
            files = piece()
        return [self.recorded(file, names) for file in files]

    def site_file_paths(self) -> list[tuple[str, str]]:
        """(part, path) of each file `site_files` writes, known without rendering (to reuse them from a previous
        build)."""
        general = [
            "index.html",
            "404.html",
            "sitemap.xml",
            "robots.txt",
            *(self.assets[name] for name in self.theme.assets),
            *schema_files(),
            *admin_files(self.config),
        ]
        paths = [(GENERAL_PART, path) for path in general]
        for lang in self.config.languages:
            own = [
                f"{lang.code}/index.html",
                *(self.overview_path(kind, lang.code) + "index.html" for kind in OVERVIEWS),
                feed_path(lang.code),
                self.site_card_file(lang.code, drawn=False).path,
            ]
            paths += [(lang.code, path) for path in own]
        return paths

    def chooser(self) -> OutputFile:
        lang = self.config.language(self.config.default_language)
        context = self._base_context(lang, 0, "", {})
        for option in context["switcher"]:
            option["current"] = False
        context["feeds"] = [
            feed_link(code, "", self.theme.strings[code])
            for code in (language.code for language in self.config.languages)
        ]
        context.update(
            title=self.config.title.get(lang.code, ""),
            description=self.theme.strings[lang.code].get("chooser_description", ""),
            alternates=self.index_alternates(),
        )
        return OutputFile("index.html", self._render("chooser.html", context, "index.html"))

    def index_alternates(self) -> tuple[Alternate, ...]:
        """The hreflang set of the language indexes and the root chooser, which is their x-default."""
        versions = [(language.code, f"{language.code}/") for language in self.config.languages]
        return alternates(self.config.base_url, versions)

    def not_found(self) -> OutputFile:
        lang = self.config.language(self.config.default_language)
        context = self._base_context(lang, None, "404.html", {})
        strings = self.theme.strings[lang.code]
        context.update(
            title=strings.get("not_found_title", ""),
            description=strings.get("not_found_text", ""),
            alternates=(),
            canonical=None,
            noindex=True,
        )
        return OutputFile("404.html", self._render("404.html", context, "404.html"))

    def language_index(self, lang: Language) -> OutputFile:
        path = f"{lang.code}/"
        context = self._base_context(lang, 1, path, {})
        roles = [
            {
                "ref": page.ref,
                "summary": page.factbox.summary if page.factbox and page.factbox.summary else page.article.description,
            }
            for page in self.pages_of(lang.code)
        ]
        context.update(
            title=self.theme.strings[lang.code].get("index_heading", ""),
            description=self.theme.strings[lang.code].get("index_description", ""),
            alternates=self.index_alternates(),
            roles=roles,
        )
        return OutputFile(
            f"{lang.code}/index.html", self._render("index.html", context, f"{lang.code}/index.html", every_role=True)
        )

    def role_page(self, page: RolePage, named: tuple[str, Card] | None = None) -> tuple[OutputFile, list[ContentError]]:
        """A role page, with what it read (see `reads`), and the problems found in its role: links. `named` is the
        page's `role_card`, when the caller has it already (it writes the image too)."""
        with self.reading() as names:
            file, problems = self._role_page(page, named)
        return self.recorded(file, names), problems

    def _role_page(self, page: RolePage, named: tuple[str, Card] | None) -> tuple[OutputFile, list[ContentError]]:
        article, path = page.article, page_path(page)
        self.reads.note(page_of(path))
        self.reads.note(body_of(path))
        body, problems, mentions = body_html(
            self.site.content.files.body(article), article.lang, article.body_line, article.source, self.targets
        )
        for role in mentions:
            self.reads.note(link_of(article.lang, role))
        lang = self.config.language(page.ref.lang)
        versions = ordered_versions(page, [language.code for language in self.config.languages])
        context = self._base_context(lang, 2, page.ref.path, {r.lang: r.path for r in page.translations})
        strings = self.theme.strings[lang.code]
        box = page.factbox
        placement, placing = place(body, article.sections)
        problems += placing
        body = placement.body
        quick_facts = self.quick_facts(page, strings)
        parts = shown(page, placement, quick_facts=bool(quick_facts))
        # A body shared out over the page is no longer one slot that a saved article can take the place of.
        slot = self.body_slot and not article.sections
        card_path, card = named or self.role_card(page)
        context.update(
            title=page.ref.title,
            description=page.article.description,
            alternates=alternates(self.config.base_url, versions),
            page=page,
            summary=box.summary if box and box.summary else page.article.description,
            body=Markup(BODY_MARK if slot else body),
            box=box,
            placed={topic: placement.placed.get(topic, "") for topic in TOPICS},
            shown=parts,
            contents=contents(
                parts, placement, strings, lang.locale, {"sources": len(box.sources) if box and box.sources else 0}
            ),
            quick_facts=quick_facts,
            salaries=[
                self.salary_block(s, page.ref, f"salary-chart-{i}") for i, s in enumerate(box.salary if box else (), 1)
            ],
            country=lang.country,
            group=lambda label, region, year=None: group_words(
                label, self.formats[lang.code].region(region), year, role=page.ref.title
            ),
            neighbourhood=self.neighbourhood(page, strings),
            compare=f"../../{self.overview_path('comparison', lang.code)}#{page.compare}" if page.compare else None,
            jsonld=Markup(role_jsonld(page, self.config.base_url, strings["all_roles"], self.words[lang.code])),
            social=social_context(
                self.config, lang.code, self.config.base_url + page.ref.path, card, card_path, "article"
            ),
        )
        data = self._render("role.html", context, page_path(page))
        if slot:
            mark = BODY_MARK.encode()
            head, found, tail = data.partition(mark)
            if found and mark not in tail:
                html = body.encode()
                return OutputFile(page_path(page), head + html + tail, (len(head), len(html))), problems
            context["body"] = Markup(body)  # the theme shows the body more than once or not at all
            data = self._render("role.html", context, page_path(page))
        return OutputFile(page_path(page), data), problems

    def quick_facts(self, page: RolePage, strings: dict[str, str]) -> list[dict[str, str]]:
        """The short facts at the top of a role page: education and the headline salary of the page's country."""
        box = page.factbox
        facts = []
        if box and box.education and box.education.required:
            facts.append({"label": strings["education_required"], "value": box.education.required, "note": ""})
        if box and (salary := self.words[page.ref.lang].quick_fact(box, role=page.ref.title)):
            facts.append(salary)
        return facts

    def salary_block(self, salary: Salary, ref: PageRef, chart_id: str) -> dict[str, Any]:
        """A salary figure set on a role page: its words and its bar."""
        lang = ref.lang
        strings, words = self.theme.strings[lang], self.words[lang]
        entry = words.entry(salary, role=ref.title)
        bar = words.row(salary)
        title = (
            f"{strings['salary']}: {entry['group']}, {words.fmt.currency(salary.currency)} "
            f"{words.period_phrase(salary)}"
        )
        # The figures stand in words beside the chart, so the bar carries none of its own.
        chart = range_chart(
            [replace(bar, text="")],
            chart_id=chart_id,
            title=title,
            desc=bar.text,
            number=self.formats[lang].number,
            split=self._splitter(lang),
        )
        return {**entry, "chart": Markup(chart), "legend": legend([bar], strings)}

    def neighbourhood(self, page: RolePage, strings: dict[str, str]) -> Markup | None:
        """A small career map of a role page: the roles that lead to it above, its next steps below."""
        if not page.leads_from and not page.next_steps:
            return None
        refs = [*page.leads_from, page.ref, *page.next_steps]
        nodes = [MapNode(ref.title, f"../../{ref.path}", ref == page.ref) for ref in refs]
        here = len(page.leads_from)
        edges = [(i, here) for i in range(here)] + [(here, here + 1 + i) for i in range(len(page.next_steps))]
        return Markup(
            career_map(
                nodes,
                edges,
                chart_id="career-map",
                title=f"{strings['career']}: {page.ref.title}",
                shy=self._shy(page.ref.lang),
            )
        )

    def _overview_context(self, kind: str, lang: Language) -> dict[str, Any]:
        """The context shared by a language's comparison and career-map pages."""
        path = self.overview_path(kind, lang.code)
        versions = [(language.code, self.overview_path(kind, language.code)) for language in self.config.languages]
        context = self._base_context(lang, 2, path, dict(versions))
        strings = self.theme.strings[lang.code]
        context.update(
            title=strings[kind + "_title"],
            description=strings[kind + "_description"],
            alternates=alternates(self.config.base_url, versions),
            path=path,
        )
        return context

    def comparison(self, lang: Language) -> OutputFile:
        """The salary comparison page of a language: like beside like only (see `comparison.comparison_context`)."""
        context = self._overview_context("comparison", lang)
        context.update(
            comparison_context(
                self.pages_of(lang.code),
                self.words[lang.code],
                self.theme.strings[lang.code],
                lang.code,
                self.formats[lang.code].number,
                self._splitter(lang.code),
            )
        )
        return OutputFile(
            context["path"] + "index.html",
            self._render("comparison.html", context, context["path"] + "index.html", every_role=True),
        )

    def career_map(self, lang: Language) -> OutputFile:
        """The career map of a language: every role with a page, its ladders drawn, and the same as a table."""
        pages = {page.ref.role: page for page in self.pages_of(lang.code)}
        edges = [(page.ref.role, ref.role) for page in pages.values() for ref in page.next_steps]
        order = ladder_order(list(pages), edges, key=lambda role: sort_key(pages[role].ref.title, lang.code))
        index = {role: i for i, role in enumerate(order)}
        nodes = [MapNode(pages[role].ref.title, f"../../{pages[role].ref.path}") for role in order]
        strings = self.theme.strings[lang.code]
        drawing = (
            career_map(
                nodes,
                [(index[a], index[b]) for a, b in edges],
                chart_id="career-map",
                title=strings["career_map_title"],
                shy=self._shy(lang.code),
            )
            if 0 < len(order) <= MAP_DRAWN_UP_TO
            else ""
        )
        context = self._overview_context("career_map", lang)
        linked = {role for edge in edges for role in edge}
        context.update(
            map=Markup(drawing),
            roles=[pages[role] for role in order],
            unlinked=[pages[role] for role in order if role not in linked],
        )
        return OutputFile(
            context["path"] + "index.html",
            self._render("career-map.html", context, context["path"] + "index.html", every_role=True),
        )


def page_path(page: RolePage) -> str:
    """Where a role page is written below the output folder."""
    return f"{page.ref.path}index.html"


def render(site: Site) -> tuple[list[OutputFile], list[ContentError]]:
    """Every output file of the site, in memory, and the problems rendering found."""
    renderer = Renderer(site)
    problems: list[ContentError] = []
    try:
        files = renderer.site_files()
        for page in site.pages:
            card_path, card = renderer.role_card(page)
            file, page_problems = renderer.role_page(page, (card_path, card))
            files += [file, OutputFile(card_path, draw_card(card))]
            problems += page_problems
    except TemplateProblem as problem:
        return [], [problem.error]
    return files, problems


def _one_file(make: Callable[[Language], OutputFile], lang: Language) -> list[OutputFile]:
    """A part of the site files that is one file of a language."""
    return [make(lang)]
