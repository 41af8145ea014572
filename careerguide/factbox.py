"""A fact-box file checked against the schema of the content contract and turned into a FactBox."""

from __future__ import annotations

from functools import cache

from babel import Locale

from careerguide.errors import ContentError
from careerguide.fields import Fields
from careerguide.raw import RawFactBox
from careerguide.model import (
    FACT_BOX_SECTIONS, FIGURE_KEYS, Certification, Education, Employment, FactBox, Hours, Myth, Outlook, Question,
    Reference, Role, Salary,
)

PERIODS = ("hour", "month", "year")


@cache
def iso_languages() -> frozenset[str]:
    """ISO 639-1 codes (two letters) that CLDR names."""
    return frozenset(code for code in Locale("en").languages if len(code) == 2 and code.isalpha())


def read_fact_box(raw: RawFactBox, roles: dict[str, Role] | None, problems: list[ContentError], *, regions: frozenset[str],
                  is_currency) -> FactBox | None:
    """The FactBox of one file, or None when its problems leave nothing usable; its role is checked unless the register is unknown (None)."""
    doc = raw.doc
    if roles is not None and raw.role not in roles:
        problems.append(ContentError(doc.source, f"{raw.role!r} is not in data/roles.yaml; a fact box is named after its role id"))
        return None
    if doc.value is None:
        return FactBox(lang=raw.lang, role=raw.role, source=doc.source, digest=raw.digest)
    box = Fields(doc, (), problems, FACT_BOX_SECTIONS)
    if not box.ok:
        return None
    start = len(problems)
    checker = _Checker(regions, is_currency)
    result = FactBox(
        lang=raw.lang,
        role=raw.role,
        source=doc.source,
        digest=raw.digest,
        summary=box.text("summary"),
        education=_education(box),
        salary=tuple(checker.salary(item) for item in box.each("salary", SALARY_KEYS)),
        outlook=tuple(checker.outlook(item) for item in box.each("outlook", ("region", "change", "from", "to", "label", "source"))),
        employment=tuple(checker.employment(item) for item in box.each("employment", ("region", "count", "year", "label", "source"))),
        hours=_hours(box),
        skills=box.texts("skills"),
        duties=box.texts("duties"),
        myths=tuple(Myth(m.text("myth", required=True) or "", m.text("fact", required=True) or "") for m in box.each("myths", ("myth", "fact"))),
        faq=tuple(Question(q.text("question", required=True) or "", q.text("answer", required=True) or "") for q in box.each("faq", ("question", "answer"))),
        sources=tuple(checker.reference(item) for item in box.each("sources", SOURCE_KEYS)),
    )
    return result if len(problems) == start else None


SOURCE_KEYS = ("title", "url", "publisher", "year", "language")
SALARY_KEYS = ("region", "currency", "period", *FIGURE_KEYS, "label", "year", "source")


class _Checker:
    """Checks for the sections with figures: codes, periods, years and the order of figures."""

    def __init__(self, regions: frozenset[str], is_currency):
        self.regions = regions
        self.is_currency = is_currency

    def region(self, item: Fields) -> str:
        region = item.text("region", required=True, hint="an ISO 3166-1 code such as DK, NO, DE or US")
        if region and region not in self.regions:
            item.fail(item.path + ("region",), f"{region!r} is not an ISO 3166-1 alpha-2 country code (DK, NO, DE, US, ...)")
        return region or ""

    def year(self, item: Fields, key: str, *, required: bool) -> int:
        year = item.number(key, whole=True, required=required)
        if year is not None and not 1900 <= year <= 2100:
            item.fail(item.path + (key,), f"{year} is not a plausible year")
        return year or 0

    def salary(self, item: Fields) -> Salary:
        region = self.region(item)
        currency = item.text("currency", required=True, hint="an ISO 4217 code such as DKK, NOK, EUR or USD")
        if currency and not self.is_currency(currency):
            item.fail(item.path + ("currency",), f"{currency!r} is not an ISO 4217 currency code (DKK, NOK, EUR, USD, ...)")
        period = item.text("period", required=True, hint="hour, month or year")
        if period and period not in PERIODS:
            item.fail(item.path + ("period",), f"{period!r} is not a salary period; use hour, month or year")
        figures = tuple((key, value) for key in FIGURE_KEYS if (value := item.number(key, minimum=0)) is not None)
        if not figures and not any(item.has(key) for key in FIGURE_KEYS):
            item.fail(item.path, f"no figure; give at least one of {', '.join(FIGURE_KEYS)}")
        ordered = [(key, value) for key, value in figures if key != "mean"]
        for (low_key, low), (high_key, high) in zip(ordered, ordered[1:]):
            if low > high:
                item.fail(item.path + (high_key,), f"{high_key} ({high:g}) is below {low_key} ({low:g}); expected low <= p25 <= median <= p75 <= high")
        year = self.year(item, "year", required=False) if item.has("year") else None
        source = item.text("source", required=True, hint="name where the figure comes from")
        return Salary(region, currency or "", period or "", source or "", figures, item.text("label"), year)

    def reference(self, item: Fields) -> Reference:
        title = item.text("title", required=True, hint="the source's own title") or ""
        year = self.year(item, "year", required=False) if item.has("year") else None
        language = item.text("language")
        if language and language not in iso_languages():
            item.fail(item.path + ("language",), f"{language!r} is not an ISO 639-1 language code (da, nb, no, de, en, ...)")
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


def _education(box: Fields) -> Education | None:
    section = box.sub("education", ("required", "paths", "certifications"))
    if section is None:
        return None
    certifications = tuple(
        Certification(c.text("name", required=True) or "", c.text("issuer"), c.text("note"))
        for c in section.each("certifications", ("name", "issuer", "note"))
    )
    education = Education(section.text("required"), section.texts("paths"), certifications)
    if education == Education():
        section.fail(section.path, "is empty; give required, paths or certifications, or remove the section")
        return None
    return education


def _hours(box: Fields) -> Hours | None:
    section = box.sub("hours", ("text", "source"))
    if section is None:
        return None
    return Hours(section.text("text", required=True) or "", section.text("source", required=True, hint="name where this comes from") or "")


def _url(item: Fields) -> str | None:
    url = item.text("url")
    if url and not url.startswith(("https://", "http://")):
        item.fail(item.path + ("url",), f"{url!r}: a source link must start with https:// or http://")
        return None
    return url
