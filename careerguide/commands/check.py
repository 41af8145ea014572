"""`check`: build into a temporary folder, then report broken links, translation coverage and stale salary figures."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from careerguide.build import build_site
from careerguide.link import RolePage, Site, role_reference
from careerguide.load import load_site
from careerguide.load.files import article_body
from careerguide.model.content import UNSTATED, Content, Salary, missing_sections
from careerguide.model.errors import ContentError, Source
from careerguide.model.yamltext import YamlDoc
from careerguide.render.crawl import BrokenLink, broken_links, page_url
from careerguide.text.markup import body_links, inline_links

BUILT_PAGE = "(built page) "
"""Prefix of a problem found in generated markup rather than in an editor's file."""


@dataclass(frozen=True, slots=True)
class PageStatus:
    """One role in one language: its article (if any), its fact box (if any) and the sections it lacks."""

    article: str | None
    """The article's path, e.g. `content/da/teamleder.md`; None when there is only a fact box."""
    slug: str | None
    draft: bool
    factbox: str | None
    missing: tuple[str, ...]
    """Fact-box sections the page lacks, in schema order (all of them when there is no fact box)."""


@dataclass(frozen=True, slots=True)
class RoleCoverage:
    """A role of the register and its version in each language of the site (None: no version)."""

    role: str
    pages: tuple[tuple[str, PageStatus | None], ...]
    no_page: tuple[tuple[str, str], ...] = ()
    """(language, why there is no page), from the register's `no_page`."""

    def unexplained(self) -> bool:
        """Whether the role lacks a published page in a language without the register saying why."""
        reasons = dict(self.no_page)
        return any((status is None or status.slug is None) and lang not in reasons for lang, status in self.pages)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` found; only broken links make it fail."""

    languages: tuple[str, ...]
    reference_year: int
    stale_after_years: int
    broken: tuple[ContentError, ...]
    warnings: tuple[ContentError, ...]
    """The build's own warnings."""
    coverage: tuple[RoleCoverage, ...]
    stale: tuple[ContentError, ...]
    undated: tuple[ContentError, ...]

    @property
    def ok(self) -> bool:
        """True when no link is broken."""
        return not self.broken


def check_site(root: Path, *, year: int, base_url: str | None = None) -> CheckReport:
    """Build the site root into a temporary folder and check it; raises BuildFailed when it does not build.

    `base_url` replaces site.yaml's, as `build --base-url` does."""
    with tempfile.TemporaryDirectory(prefix="careerguide-check-") as temp:
        out = Path(temp) / "site"
        result = build_site(root, out, base_url=base_url)
        assert result.site is not None  # a build without a cache always loads the site
        built = [path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()]
        links = broken_links(built, lambda path: (out / path).read_bytes(), result.site.content.config.base_url)
    docs = {(box.lang, box.role): box.doc for box in load_site(root).factboxes}
    content = result.site.content
    stale, undated = _salary_ages(content, docs, year)
    broken = tuple(_broken(links, result.site, docs))
    found = {(p.source, p.message) for p in broken}  # the build warns of the same links: each is named once, as broken
    return CheckReport(
        languages=tuple(lang.code for lang in content.config.languages),
        reference_year=year,
        stale_after_years=content.config.stale_after_years,
        broken=broken,
        warnings=tuple(p for p in result.warnings if (p.source, p.message) not in found),
        coverage=coverage(content),
        stale=tuple(stale),
        undated=tuple(undated),
    )


def coverage(content: Content) -> tuple[RoleCoverage, ...]:
    """Every role of the register with its article and fact box per language, roles sorted by id."""
    articles = {(a.lang, a.role): a for a in content.articles}
    rows = []
    for role in sorted(content.roles):
        cells = []
        for lang in content.config.languages:
            article, box = articles.get((lang.code, role)), content.factboxes.get((lang.code, role))
            status = None
            if article or box:
                status = PageStatus(
                    article=article.source.path if article else None,
                    slug=article.slug if article else None,
                    draft=bool(article and article.draft),
                    factbox=box.source.path if box else None,
                    missing=missing_sections(box),
                )
            cells.append((lang.code, status))
        rows.append(RoleCoverage(role, tuple(cells), content.roles[role].no_page))
    return tuple(rows)


def _salary_ages(
    content: Content, docs: dict[tuple[str, str], YamlDoc], year: int
) -> tuple[list[ContentError], list[ContentError]]:
    """Salary figures older than `stale_after_years` before `year`, and those without a year."""
    limit = content.config.stale_after_years
    stale, undated = [], []
    for key, box in content.factboxes.items():
        doc = docs.get(key)
        for index, salary in enumerate(box.salary):
            name = f"salary[{index + 1}] ({_describe(salary)})"
            if salary.year == UNSTATED:
                continue  # the editor says the source gives none
            if salary.year is None:
                source = doc.at("salary", index) if doc else box.source
                undated.append(
                    ContentError(source, f"{name}: no year; add the year the figure describes", warning=True)
                )
            elif isinstance(salary.year, int) and year - salary.year > limit:
                source = doc.at("salary", index, "year") if doc else box.source
                message = (
                    f"{name}: from {salary.year}, {year - salary.year} years old; figures are stale after {limit} years"
                )
                stale.append(ContentError(source, message, warning=True))
    return stale, undated


def _describe(salary: Salary) -> str:
    return ", ".join(part for part in (salary.region, salary.label) if part)


def _broken(links: list[BrokenLink], site: Site, docs: dict[tuple[str, str], YamlDoc]) -> list[ContentError]:
    """Broken links of the built pages, each named where an editor can fix it."""
    base_url = site.content.config.base_url
    role_pages = {page.ref.path + "index.html": page for page in site.pages}
    published = {(page.ref.lang, page.ref.role): page.ref.slug for page in site.pages}
    origins: dict[str, dict[str, list[tuple[Source, str]]]] = {}
    problems = []
    for link in links:
        page = role_pages.get(link.page)
        if page is not None and link.page not in origins:
            origins[link.page] = _origins(page, site.content.root, docs, published, page_url(base_url, link.page))
        found = origins.get(link.page, {}).get(link.target)
        source, href = found.pop(0) if found else (Source(BUILT_PAGE + link.page, link.line), link.href)
        problems.append(ContentError(source, f"{href}: {link.reason}"))
    return sorted(problems, key=lambda p: (p.source.path.startswith(BUILT_PAGE), p.source, p.message))


def _origins(
    page: RolePage, root: Path, docs: dict[tuple[str, str], YamlDoc], published: dict[tuple[str, str], str], url: str
) -> dict[str, list[tuple[Source, str]]]:
    """Target URL -> where an editor wrote a link to it on this page (file and line, and the link as written)."""
    found: dict[str, list[tuple[Source, str]]] = {}
    article = page.article
    for href, line, _ in body_links(article_body(root, article)):
        built = _built_href(href, article.lang, published)
        if built is not None:
            found.setdefault(urljoin(url, built), []).append((article.source.at(article.body_line + line), href))
    doc = docs.get((article.lang, article.role))
    if doc is not None:
        for path, text in _strings(doc.value, ()):
            for href in _inline_hrefs(text):
                found.setdefault(urljoin(url, href), []).append((doc.at(*path), href))
    return found


def _built_href(href: str, lang: str, published: dict[tuple[str, str], str]) -> str | None:
    """The href a body link has in the built page; None for a role: link that was left as text."""
    reference = role_reference(href)
    if reference is None:
        return href
    role, _, fragment = reference.partition("#")
    slug = published.get((lang, role))
    if slug is None:
        return None
    return f"../{slug}/" + (f"#{fragment}" if fragment else "")


def _strings(value: Any, path: tuple[str | int, ...]):
    """(path, text) for every text in a parsed YAML value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _inline_hrefs(text: str) -> list[str]:
    """The link targets of a text rendered as inline Markdown (or the text itself when it is a source URL)."""
    return ([text] if text.startswith(("http://", "https://")) else []) + inline_links(text)


def report_json(report: CheckReport) -> dict[str, Any]:
    """The report as plain data for `--json`."""

    def problem(p: ContentError) -> dict[str, Any]:
        return {"path": p.source.path, "line": p.source.line, "message": p.message}

    def status(s: PageStatus | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "article": s.article,
            "slug": s.slug,
            "draft": s.draft,
            "fact_box": s.factbox,
            "missing_sections": list(s.missing),
        }

    lacking = [(lang, s) for row in report.coverage for lang, s in row.pages if s and s.slug and s.missing]
    return {
        "ok": report.ok,
        "build_problems": {
            "broken_links": len(report.broken),
            "warnings": len(report.warnings),
            "fail_check": bool(report.broken),
            "fail_strict_build": bool(report.broken) or any(not p.acknowledged for p in report.warnings),
        },
        "editorial_notes": {
            "roles_lacking_pages": sum(1 for row in report.coverage if row.unexplained()),
            "pages_lacking_sections": len(lacking),
            "stale_figures": len(report.stale),
            "undated_figures": len(report.undated),
        },
        "languages": list(report.languages),
        "broken_links": [problem(p) for p in report.broken],
        "build_warnings": [{**problem(p), "acknowledged": p.acknowledged} for p in report.warnings],
        "coverage": [
            {"role": row.role, "pages": {lang: status(s) for lang, s in row.pages}, "no_page": dict(row.no_page)}
            for row in report.coverage
        ],
        "salary": {
            "reference_year": report.reference_year,
            "stale_after_years": report.stale_after_years,
            "stale": [problem(p) for p in report.stale],
            "undated": [problem(p) for p in report.undated],
        },
    }


_STYLES = {"heading": "1", "error": "31", "warning": "33", "dim": "2", "ok": "32"}


def report_text(report: CheckReport, *, colour: bool = False) -> str:
    """The report as tables for a terminal; ANSI colour only when `colour` is set."""

    def paint(text: str, style: str) -> str:
        return f"\033[{_STYLES[style]}m{text}\033[0m" if colour else text

    lines: list[str] = []

    def section(title: str, problems: tuple[ContentError, ...], style: str) -> None:
        if problems:
            lines.extend(
                [paint(f"{title} ({len(problems)})", "heading"), *(f"  {paint(str(p), style)}" for p in problems), ""]
            )

    lines.append(paint("Build problems: broken links fail check; build warnings fail build --strict", "heading"))
    if not report.broken and not report.warnings:
        lines.extend(["  " + paint("no broken links and no build warnings", "ok"), ""])
    section("Broken links", report.broken, "error")
    section("Build warnings", report.warnings, "warning")
    lines.append(paint("Editorial notes: what the guide still lacks; these fail neither check nor build", "heading"))
    lines.append("")
    lines.append(paint("Translations", "heading"))
    rows = [["role", *report.languages]]
    for row in report.coverage:
        rows.append([row.role, *(_cell(status) for _, status in row.pages)])
    lines.extend(_table(rows, paint))
    lines.append("")
    reasons = [[row.role, lang, why] for row in report.coverage for lang, why in row.no_page]
    if reasons:
        lines.append(paint("Roles without a page, and why (no_page in the register)", "heading"))
        lines.extend(_table([["role", "language", "why"], *reasons], paint))
        lines.append("")
    lacking = [
        [f"{lang}/{status.slug}", _missing(status)]
        for row in report.coverage
        for lang, status in row.pages
        if status and status.slug and status.missing
    ]
    lines.append(paint("Missing fact-box sections", "heading"))
    lines.extend(
        _table([["page", "missing"], *lacking], paint)
        if lacking
        else ["  " + paint("every page has every section", "ok")]
    )
    lines.append("")
    heading = f"Salary figures (in {report.reference_year}; stale after {report.stale_after_years} years)"
    lines.append(paint(heading, "heading"))
    figures = sorted(report.stale + report.undated, key=lambda p: (p.source, p.message))
    lines.extend(f"  {paint(f'{p.source}: note: {p.message}', 'warning')}" for p in figures)
    if not figures:
        lines.append("  " + paint("every figure has a year within the limit", "ok"))
    lines.append("")
    lines.append(paint(_summary(report), "ok" if report.ok else "error"))
    return "\n".join(lines)


def _cell(status: PageStatus | None) -> str:
    if status is None:
        return "–"
    if status.slug is None:
        return "(fact box only)"
    return status.slug + (" (draft)" if status.draft else "")


def _missing(status: PageStatus) -> str:
    if status.factbox is None:
        return "no fact box"
    return ", ".join(status.missing)


def _table(rows: list[list[str]], paint) -> list[str]:
    """Rows as left-aligned columns; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        if number == 0:
            cells = [paint(cell, "dim") for cell in cells]
        else:
            cells = [paint(cell, "dim") if cell.strip() == "–" else cell for cell in cells]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _summary(report: CheckReport) -> str:
    missing = sum(1 for row in report.coverage if row.unexplained())
    reasoned = sum(1 for row in report.coverage if row.no_page and not row.unexplained())
    explained = f" ({reasoned} more with a reason in the register, no_page)" if reasoned else ""
    lacking = sum(1 for row in report.coverage for _, status in row.pages if status and status.slug and status.missing)
    notes = (
        f"editorial notes: {missing} of {len(report.coverage)} roles lack a page in some language{explained}, "
        f"{lacking} page(s) lack "
        f"fact-box sections, {len(report.stale)} stale and {len(report.undated)} undated salary figure(s)"
    )
    failing = sum(1 for p in report.warnings if not p.acknowledged)  # a warning a note answers lets --strict pass
    warnings = f"{len(report.warnings)} build warning(s)" + (
        f" ({failing} failing build --strict)" if report.warnings else ""
    )
    if report.ok:
        return f"check passed: no broken links, {warnings}; {notes}"
    return f"check failed: {len(report.broken)} broken link(s), {warnings}; {notes}"
