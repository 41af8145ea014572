"""A fact-box file checked against the schema of the content contract and turned into a FactBox."""

from __future__ import annotations

import difflib
import re
from functools import cache
from itertools import pairwise

from babel import Locale

from careerguide.model import specs
from careerguide.model.content import (
    FACT_BOX_SECTIONS,
    FIGURE_KEYS,
    PERIODS,
    RANGES,
    STATISTICS,
    UNSTATED,
    Certification,
    Education,
    EducationPath,
    Employment,
    FactBox,
    Hours,
    Myth,
    Outlook,
    Question,
    Reference,
    Role,
    Salary,
)
from careerguide.model.errors import ContentError
from careerguide.model.raw import RawFactBox
from careerguide.validate.fields import Fields, describe
from careerguide.validate.figures import AgeLimit, cross_check


@cache
def iso_languages() -> frozenset[str]:
    """ISO 639-1 codes (two letters) that CLDR names."""
    return frozenset(
        code for code in Locale("en").languages if isinstance(code, str) and len(code) == 2 and code.isalpha()
    )


def read_fact_box(
    raw: RawFactBox,
    roles: dict[str, Role] | None,
    problems: list[ContentError],
    *,
    regions: frozenset[str],
    is_currency,
    ages: AgeLimit | None = None,
) -> FactBox | None:
    """The FactBox of one file, or None when its problems leave nothing usable; its role is checked unless the register
    is unknown (None).

    Its salary figures are also checked against each other and, with `ages`, for their age (see `figures`).
    """
    doc = raw.doc
    if roles is not None and raw.role not in roles:
        problems.append(
            ContentError(doc.source, f"{raw.role!r} is not in the register; a fact box is named after its role id")
        )
        return None
    if doc.value is None:
        return FactBox(lang=raw.lang, role=raw.role, source=doc.source, digest=raw.digest, links=raw.links)
    box = Fields(doc, (), problems, specs.FACT_BOX.names(), homes=section_homes())
    if not box.ok:
        return None
    named = box.text("role")
    if named is not None and named != raw.role:
        box.fail(
            ("role",),
            f"{named!r}, but the file is named after {raw.role!r}; a fact box's role is its file's name: "
            "correct one of them, or remove role",
        )
    start = len(problems)
    checker = _Checker(regions, is_currency)
    listed = [(r.text("title", required=True) or "", r) for r in box.each("sources", SOURCE_KEYS)]
    sources = tuple(title for title, _ in listed)
    result = FactBox(
        lang=raw.lang,
        role=raw.role,
        source=doc.source,
        digest=raw.digest,
        links=raw.links,
        summary=box.text("summary"),
        education=_education(box, checker),
        salary=tuple(checker.salary(item, sources) for item in box.each("salary", SALARY_KEYS)),
        outlook=tuple(checker.outlook(item) for item in box.each("outlook", OUTLOOK_KEYS)),
        employment=tuple(checker.employment(item) for item in box.each("employment", EMPLOYMENT_KEYS)),
        hours=_hours(box),
        skills=box.texts("skills"),
        duties=box.texts("duties"),
        myths=_myths(box),
        faq=_questions(box),
        sources=tuple(checker.reference(r) for _, r in listed),
    )
    if any(not problem.warning for problem in problems[start:]):
        return None
    problems += cross_check(doc, result.salary, ages)  # only warnings: figures that disagree are still shown
    return result


def _myths(box: Fields) -> tuple[Myth, ...]:
    """The myths of a fact box, each with the fact that answers it."""
    return tuple(
        Myth(m.text("myth", required=True) or "", m.text("fact", required=True) or "")
        for m in box.each("myths", MYTH_KEYS)
    )


def _questions(box: Fields) -> tuple[Question, ...]:
    """The questions of a fact box's FAQ with their answers."""
    return tuple(
        Question(q.text("question", required=True) or "", q.text("answer", required=True) or "")
        for q in box.each("faq", FAQ_KEYS)
    )


SOURCE_KEYS = specs.SOURCE.names()
SALARY_KEYS = specs.SALARY.names()
OUTLOOK_KEYS = specs.OUTLOOK.names()
EMPLOYMENT_KEYS = specs.EMPLOYMENT.names()
MYTH_KEYS = specs.MYTH.names()
FAQ_KEYS = specs.QUESTION.names()
EDUCATION_KEYS = specs.EDUCATION.names()
CERTIFICATION_KEYS = specs.CERTIFICATION.names()
HOURS_KEYS = specs.HOURS.names()
SECTION_KEYS = {"education": EDUCATION_KEYS, "hours": HOURS_KEYS}
"""The sections that are one mapping, and their keys."""
ENTRY_KEYS = {
    "salary": SALARY_KEYS,
    "outlook": OUTLOOK_KEYS,
    "employment": EMPLOYMENT_KEYS,
    "myths": MYTH_KEYS,
    "faq": FAQ_KEYS,
    "sources": SOURCE_KEYS,
}
"""The sections that are a list of mappings, and the keys of each entry."""


@cache
def section_homes() -> dict[str, tuple[tuple[str, ...], str]]:
    """For each key of a section (not itself a section), the sections it belongs in and how to say so:
    a key dedented out of its section is pointed back there instead of to a section of similar spelling."""
    homes: dict[str, tuple[tuple[str, ...], str]] = {}
    keys = {key for group in (*SECTION_KEYS.values(), *ENTRY_KEYS.values()) for key in group} - set(FACT_BOX_SECTIONS)
    for key in sorted(keys):
        maps = [name for name, group in SECTION_KEYS.items() if key in group]
        lists = [name for name, group in ENTRY_KEYS.items() if key in group]
        parts = ([f"under {_either(maps)}"] if maps else []) + (
            [f"in an entry under {_either(lists)}"] if lists else []
        )
        how = (
            f"indent it below the line {maps[0]}:" if maps and not lists else "indent it with the keys it belongs with"
        )
        homes[key] = (tuple(maps + lists), f"{', or '.join(parts)}; {how}")
    return homes


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class _Checker:
    """Checks for the sections with figures: codes, periods, years and the order of figures."""

    def __init__(self, regions: frozenset[str], is_currency):
        self.regions = regions
        self.is_currency = is_currency

    def region(self, item: Fields, *, required: bool = True) -> str:
        region = item.text("region", required=required, hint="an ISO 3166-1 code such as DK, NO, DE or US")
        if region and region not in self.regions:
            item.fail(
                item.path + ("region",), f"{region!r} is not an ISO 3166-1 alpha-2 country code (DK, NO, DE, US, ...)"
            )
            return ""
        return region or ""

    def year(self, item: Fields, key: str, *, required: bool) -> int:
        year = item.number(key, whole=True, required=required)
        if year is not None and not specs.FIRST_YEAR <= year <= specs.LAST_YEAR:
            item.fail(item.path + (key,), f"{year} is not a plausible year")
        return year or 0

    def salary(self, item: Fields, sources: tuple[str, ...]) -> Salary:
        region = self.region(item)
        currency = item.text("currency", required=True, hint="an ISO 4217 code such as DKK, NOK, EUR or USD")
        if currency and not self.is_currency(currency):
            item.fail(
                item.path + ("currency",), f"{currency!r} is not an ISO 4217 currency code (DKK, NOK, EUR, USD, ...)"
            )
        period = self.choice(
            item,
            "period",
            (*PERIODS, UNSTATED),
            "a salary period",
            "hour, month, year, or unstated when the source gives none",
            required=True,
        )
        figures = _figures(item)
        kind = self.range(item, dict(figures))
        year = self.salary_year(item, figures)
        source = item.text("source", required=True, hint="name where the figure comes from")
        if source and source not in sources:
            item.fail(item.path + ("source",), _unlisted(source, sources), warning=True)
        return Salary(
            region,
            currency or "",
            period or "",
            source or "",
            figures,
            item.text("label"),
            year,
            kind,
            item.text("note"),
        )

    @staticmethod
    def choice(
        item: Fields, key: str, allowed: tuple[str, ...], what: str, hint: str, *, required: bool = False
    ) -> str | None:
        """A text that must be one of `allowed`; a near miss gets a did-you-mean."""
        value = item.text(key, required=required, hint=hint)
        if value is not None and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
            item.fail(
                item.path + (key,),
                f"{value!r} is not {what}; use {hint}" + (f"; did you mean {close[0]}?" if close else ""),
            )
            return None
        return value

    def range(self, item: Fields, given: dict[str, float]) -> str | None:
        """`typical` or `full` for the span low–high; asked for when missing, refused without both figures."""
        hint = "typical (the usual span the source names) or full (lowest to highest)"
        kind = self.choice(item, "range", RANGES, "a kind of range", hint)
        both = "low" in given and "high" in given
        if item.has("range") and not both and (item.has("low") == item.has("high")):
            item.fail(item.path + ("range",), "range says what low–high is; give both low and high, or remove range")
        elif item.has("range") and not both:
            missing = "high" if item.has("low") else "low"
            item.fail(
                item.path + ("range",),
                f"range says what low–high is, but {missing} is missing; add {missing} or remove range",
            )
        elif both and not item.has("range"):
            item.fail(
                item.path,
                "low and high without range: is this the usual span the source names (range: typical) or lowest "
                "to highest (range: full)? Add the one the source says",
                warning=True,
            )
        return kind if both else None

    def salary_year(self, item: Fields, figures: tuple[tuple[str, float], ...]) -> int | str | None:
        """The year the figures describe, or `unstated`; a statistic is expected to have one."""
        if item.raw("year") == UNSTATED:
            return UNSTATED
        quoted = item.raw("year")
        if isinstance(quoted, str) and re.fullmatch(r"[0-9]{4}", quoted.strip()):  # a form's text field writes '2024'
            year = int(quoted)
            if not specs.FIRST_YEAR <= year <= specs.LAST_YEAR:
                item.fail(item.path + ("year",), f"{year} is not a plausible year")
                return None
            return year
        if isinstance(item.raw("year"), str):
            item.fail(
                item.path + ("year",),
                f"{item.raw('year')!r} is not a year; write it as 2022, or unstated when the source gives none",
            )
            return None
        if item.has("year"):
            return self.year(item, "year", required=True) or None
        statistics = [key for key, _ in figures if key in STATISTICS]
        if statistics:
            item.fail(
                item.path,
                f"{' and '.join(statistics)} without year; add the year the source gives, or year: unstated if it "
                "gives none",
                warning=True,
            )
        return None

    def reference(self, item: Fields) -> Reference:
        title = item.text("title") or ""  # read_fact_box has already asked for a missing title
        year = self.year(item, "year", required=False) if item.has("year") else None
        language = item.text("language")
        if language and language not in iso_languages():
            item.fail(
                item.path + ("language",), f"{language!r} is not an ISO 639-1 language code (da, nb, no, de, en, ...)"
            )
            language = None
        return Reference(title, _url(item), item.text("publisher"), year, language)

    def outlook(self, item: Fields) -> Outlook:
        region = self.region(item)
        change = item.number("change", required=True)
        start = self.year(item, "from", required=True)
        end = self.year(item, "to", required=True)
        if start and end and end <= start:
            item.fail(item.path + ("to",), f"to ({end}) must come after from ({start})")
        source = item.text("source", required=True, hint="name where the projection comes from")
        return Outlook(region, change or 0, start, end, source or "", item.text("label"))

    def employment(self, item: Fields) -> Employment:
        region = self.region(item)
        count = item.number("count", required=True, whole=True, minimum=0)
        year = self.year(item, "year", required=True)
        source = item.text("source", required=True, hint="name where the count comes from")
        return Employment(region, count or 0, year, source or "", item.text("label"))


def _figures(item: Fields) -> tuple[tuple[str, float], ...]:
    """The figures of a salary entry in FIGURE_KEYS order; at least one, and low <= p25 <= median <= p75 <= high."""
    figures = tuple((key, value) for key in FIGURE_KEYS if (value := item.number(key, minimum=0)) is not None)
    if not figures and not any(item.has(key) for key in FIGURE_KEYS):
        item.fail(item.path, f"no figure; give at least one of {', '.join(FIGURE_KEYS)}")
    ordered = [(key, value) for key, value in figures if key != "mean"]
    for (low_key, low), (high_key, high) in pairwise(ordered):
        if low > high:
            item.fail(
                item.path + (high_key,),
                f"{high_key} ({high:g}) is below {low_key} ({low:g}); expected low <= p25 <= median <= p75 <= high",
            )
    return figures


def _unlisted(source: str, titles: tuple[str, ...]) -> str:
    """What to do about a salary's source that is not the title of an entry under sources."""
    close = difflib.get_close_matches(source, titles, n=1, cutoff=0.6)
    if close:
        return f"{source!r} is not the title of an entry under sources; did you mean {close[0]!r}?"
    return (
        f"{source!r} is not the title of an entry under sources; add it there (with its url where it has one) "
        "or "
        "name a listed one"
    )


def _education(box: Fields, checker: _Checker) -> Education | None:
    section = box.sub("education", EDUCATION_KEYS)
    if section is None:
        return None
    certifications = tuple(
        Certification(
            c.text("name", required=True) or "",
            c.text("issuer"),
            c.text("note"),
            checker.region(c, required=False) or None,
        )
        for c in section.each("certifications", CERTIFICATION_KEYS)
    )
    education = Education(section.text("required"), _paths(section, checker), certifications)
    if education == Education():
        section.fail(section.path, "is empty; give required, paths or certifications, or remove the section")
        return None
    return education


def _paths(section: Fields, checker: _Checker) -> tuple[EducationPath, ...]:
    """The routes in: each a text, or {text, region} for a route of one country."""
    paths = []
    for index, value in section.items("paths"):
        if isinstance(value, dict):
            item = Fields(section.doc, section.path + ("paths", index), section.problems, specs.ROUTE.names(), value)
            text = item.text("text", required=True, hint="the route in, in a sentence")
            if text:
                paths.append(EducationPath(text, checker.region(item, required=False) or None))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            paths.append(EducationPath(str(value).strip()))
        else:
            section.fail(
                section.path + ("paths", index), f"expected text or a mapping of text and region, got {describe(value)}"
            )
    return tuple(paths)


def _hours(box: Fields) -> Hours | None:
    section = box.sub("hours", HOURS_KEYS)
    if section is None:
        return None
    return Hours(
        section.text("text", required=True) or "",
        section.text("source", required=True, hint="name where this comes from") or "",
    )


def _url(item: Fields) -> str | None:
    url = item.text("url")
    if url and not url.startswith(("https://", "http://")):
        item.fail(item.path + ("url",), f"{url!r}: a source link must start with https:// or http://")
        return None
    return url
