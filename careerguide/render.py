"""Turn the linked Site into output files: HTML pages through Jinja, sitemap, robots, assets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from careerguide.errors import ContentError, Source
from careerguide.formatting import LocaleFormat
from careerguide.link import RolePage, Site, parse_body
from careerguide.markup import parser, render_inline
from careerguide.model import Language, Salary
from careerguide.seo import alternates, robots, role_jsonld, sitemap


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: its path below the output folder and its bytes."""

    path: str
    data: bytes


class TemplateProblem(Exception):
    """A template failed; carries the ContentError that names the template and line."""

    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error


def asset_names(assets: dict[str, bytes]) -> dict[str, str]:
    """Each asset's published path, with a content hash in its name so it can be cached forever."""
    names = {}
    for name, data in assets.items():
        path = PurePosixPath(name)
        names[name] = f"assets/{path.stem}.{hashlib.sha256(data).hexdigest()[:10]}{path.suffix}"
    return names


def make_environment(templates: dict[str, str]) -> jinja2.Environment:
    """One Jinja environment for the whole build: autoescaping, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Renderer:
    """Renders the pages of one site with one environment; every page's context is built here."""

    def __init__(self, site: Site, env: jinja2.Environment | None = None):
        self.site = site
        self.config = site.content.config
        self.theme = site.content.theme
        self.env = env or make_environment(self.theme.templates)
        self.assets = asset_names(self.theme.assets)
        self.formats = {lang.code: LocaleFormat(lang.locale) for lang in self.config.languages}

    def site_files(self) -> list[OutputFile]:
        """Every file that is not a role page: chooser, 404, language indexes, sitemap, robots, assets."""
        files = [self.chooser(), self.not_found()]
        files.extend(self.language_index(lang) for lang in self.config.languages)
        files.append(OutputFile("sitemap.xml", sitemap(self.site).encode()))
        files.append(OutputFile("robots.txt", robots(self.config.base_url).encode()))
        files.extend(OutputFile(self.assets[name], data) for name, data in self.theme.assets.items())
        return files

    def _render(self, template: str, context: dict[str, Any]) -> bytes:
        try:
            return self.env.get_template(template).render(context).encode()
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(ContentError(Source(f"templates/{exc.name or template}", exc.lineno or 1), f"template syntax: {exc.message}")) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateProblem(ContentError(Source(f"templates/{template}"), f"template {exc.name!r} not found")) from None
        except (jinja2.UndefinedError, TypeError, ValueError, KeyError, AttributeError) as exc:
            raise TemplateProblem(ContentError(_template_source(exc, template), f"template error: {exc}")) from None

    def _base_context(self, lang: Language, depth: int | None, path: str, switch_paths: dict[str, str]) -> dict[str, Any]:
        """What every template gets; `depth` is the folder depth (None for absolute links, as in 404.html)."""
        prefix = self.config.base_url if depth is None else "../" * depth
        codes = [language.code for language in self.config.languages]
        return {
            "lang": lang,
            "t": self.theme.strings[lang.code],
            "fmt": self.formats[lang.code],
            "site_title": self.config.title.get(lang.code, ""),
            "home_path": f"{lang.code}/",
            "canonical": self.config.base_url + path,
            "url": lambda target: prefix + target,
            "asset": lambda name: prefix + self.assets[name],
            "inline": lambda text: Markup(render_inline(text)),
            "language_name": lambda code: self.config.language(code).name,
            "switcher": [
                {"code": code, "name": self.config.language(code).name, "path": switch_paths.get(code, f"{code}/"), "current": code == lang.code}
                for code in codes
            ],
            "languages": [
                {"code": code, "name": self.config.language(code).name, "title": self.config.title.get(code, ""), "path": f"{code}/"}
                for code in codes
            ],
        }

    def chooser(self) -> OutputFile:
        lang = self.config.language(self.config.default_language)
        context = self._base_context(lang, 0, "", {})
        for option in context["switcher"]:
            option["current"] = False
        context.update(
            title=self.config.title.get(lang.code, ""),
            description=self.theme.strings[lang.code].get("chooser_description", ""),
            alternates=alternates(self.config.base_url, [(lang.code, "")]),
        )
        return OutputFile("index.html", self._render("chooser.html", context))

    def not_found(self) -> OutputFile:
        lang = self.config.language(self.config.default_language)
        context = self._base_context(lang, None, "404.html", {})
        strings = self.theme.strings[lang.code]
        context.update(
            title=strings.get("not_found_title", ""),
            description=strings.get("not_found_text", ""),
            alternates=(),
        )
        return OutputFile("404.html", self._render("404.html", context))

    def language_index(self, lang: Language) -> OutputFile:
        path = f"{lang.code}/"
        versions = [(language.code, f"{language.code}/") for language in self.config.languages]
        context = self._base_context(lang, 1, path, {})
        roles = [
            {"ref": page.ref, "summary": page.factbox.summary if page.factbox and page.factbox.summary else page.article.description}
            for page in self.site.in_language(lang.code)
        ]
        context.update(
            title=self.theme.strings[lang.code].get("index_heading", ""),
            description=self.theme.strings[lang.code].get("index_description", ""),
            alternates=alternates(self.config.base_url, versions),
            roles=roles,
        )
        return OutputFile(f"{lang.code}/index.html", self._render("index.html", context))

    def role_page(self, page: RolePage) -> tuple[OutputFile, list[ContentError]]:
        """A role page and the problems found in its role: links."""
        tokens, problems = parse_body(page.article, self.site)
        lang = self.config.language(page.ref.lang)
        order = [language.code for language in self.config.languages]
        versions = sorted([(page.ref.lang, page.ref.path), *((r.lang, r.path) for r in page.translations)], key=lambda v: order.index(v[0]))
        context = self._base_context(lang, 2, page.ref.path, {r.lang: r.path for r in page.translations})
        strings = self.theme.strings[lang.code]
        box = page.factbox
        context.update(
            title=page.ref.title,
            description=page.article.description,
            alternates=alternates(self.config.base_url, versions),
            page=page,
            summary=box.summary if box and box.summary else page.article.description,
            body=Markup(parser().renderer.render(tokens, parser().options, {})),
            quick_facts=self.quick_facts(page, strings),
            salaries=[self.salary_row(s, lang.code) for s in (box.salary if box else ())],
            jsonld=Markup(role_jsonld(page, self.config.base_url, strings["all_roles"])),
        )
        return OutputFile(page_path(page), self._render("role.html", context)), problems

    def quick_facts(self, page: RolePage, strings: dict[str, str]) -> list[dict[str, str]]:
        """The short facts at the top of a role page: education and the first salary's headline figure."""
        box = page.factbox
        facts = []
        if box and box.education and box.education.required:
            facts.append({"label": strings["education_required"], "value": box.education.required, "note": ""})
        if box and box.salary:
            salary = box.salary[0]
            fmt = self.formats[page.ref.lang]
            key, amounts = _headline_figure(salary)
            value = "–".join(fmt.money(amount, salary.currency) for amount in amounts)
            details = [strings[key], salary.label, fmt.region(salary.region), str(salary.year) if salary.year else None]
            note = ", ".join(part for part in details if part) + f"; {strings['source']}: {salary.source}"
            facts.append({"label": strings["salary"], "value": f"{value} {strings['per_' + salary.period]}", "note": f"({note})"})
        return facts

    def salary_row(self, salary: Salary, lang: str) -> dict[str, Any]:
        """One row of the salary table: the group it covers, every figure formatted, the source."""
        strings = self.theme.strings[lang]
        fmt = self.formats[lang]
        group = ", ".join(part for part in (salary.label, fmt.region(salary.region), str(salary.year) if salary.year else None) if part)
        period = strings["per_" + salary.period]
        figures = [{"label": strings[key], "value": f"{fmt.money(amount, salary.currency)} {period}"} for key, amount in salary.figures]
        return {"group": group, "figures": figures, "source": salary.source}


def _headline_figure(salary: Salary) -> tuple[str, tuple[float, ...]]:
    """The figure a reader wants first: the median, else the mean, else a range, else what there is."""
    for key in ("median", "mean"):
        if (value := salary.figure(key)) is not None:
            return key, (value,)
    for low_key, high_key in (("low", "high"), ("p25", "p75")):
        low, high = salary.figure(low_key), salary.figure(high_key)
        if low is not None and high is not None:
            return "range", (low, high)
    key, value = salary.figures[0]
    return key, (value,)


def _template_source(exc: Exception, template: str) -> Source:
    """The template file and line where a render error happened, read from the traceback."""
    found = Source(f"templates/{template}")
    tb = exc.__traceback__
    while tb is not None:
        template_obj = tb.tb_frame.f_globals.get("__jinja_template__")
        if template_obj is not None:
            found = Source(f"templates/{template_obj.name}", template_obj.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return found


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
            file, page_problems = renderer.role_page(page)
            files.append(file)
            problems += page_problems
    except TemplateProblem as problem:
        return [], [problem.error]
    return files, problems
