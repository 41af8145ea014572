"""What search engines read: hreflang alternates, JSON-LD, sitemap.xml and robots.txt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from careerguide.link import RolePage
from careerguide.model.content import UNSTATED, Certification, Salary, SiteConfig
from careerguide.render.salaries import SalaryWords
from careerguide.text.formatting import language_tag
from careerguide.text.markup import render_inline

DURATIONS = {"hour": "PT1H", "month": "P1M", "year": "P1Y"}
"""A stated period as an ISO 8601 duration (a distribution's `duration`); an unstated one is left out."""
UNITS = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}
"""A stated period as the unit of a QuantitativeValue (`unitText`); an unstated one is left out."""
ISCO_08 = "ISCO-08"
"""The code set of a role's `isco` (the ILO's International Standard Classification of Occupations, 2008)."""
DISTRIBUTION = {"p25": "percentile25", "median": "median", "p75": "percentile75"}


@dataclass(frozen=True, slots=True)
class Alternate:
    """One `<link rel="alternate" hreflang>`: a language code (or x-default) and an absolute URL."""

    hreflang: str
    url: str


def alternates(base_url: str, versions: Sequence[tuple[str, str]]) -> tuple[Alternate, ...]:
    """The hreflang set of a page that exists in these (language, path) versions, the same on each of them,
    and `x-default`, which the content contract points at the root chooser on every page.

    The chooser lists the language indexes back, so their set is reciprocal, x-default included; a role page's
    x-default is not named back by the chooser, which can list only one page per language.
    """
    links = [Alternate(lang, base_url + path) for lang, path in versions]
    return tuple(links) + (Alternate("x-default", base_url),)


def ordered_versions(page: RolePage, codes: Sequence[str]) -> list[tuple[str, str]]:
    """The (language, path) versions of a role page, in the site's order of languages."""
    refs = sorted((page.ref, *page.translations), key=lambda ref: codes.index(ref.lang))
    return [(ref.lang, ref.path) for ref in refs]


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no editor text can close it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def role_jsonld(page: RolePage, base_url: str, index_title: str, words: SalaryWords | None = None) -> str:
    """Occupation, FAQPage (where there is a FAQ) and BreadcrumbList of a role page, as one @graph."""
    url = base_url + page.ref.path
    box = page.factbox
    occupation = occupation_node(page, url, words)
    graph: list[dict[str, object]] = [occupation]
    if box and box.faq:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": url + "#faq",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": q.question,
                        "acceptedAnswer": {"@type": "Answer", "text": render_inline(q.answer)},
                    }
                    for q in box.faq
                ],
            }
        )
    graph.append(
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": index_title, "item": base_url + f"{page.ref.lang}/"},
                {"@type": "ListItem", "position": 2, "name": page.ref.title, "item": url},
            ],
        }
    )
    return script_json({"@context": "https://schema.org", "@graph": graph})


def occupation_node(page: RolePage, url: str, words: SalaryWords | None) -> dict[str, object]:
    """The Occupation of a role page: what its fact box says, in schema.org's words, and the page it is the subject
    of."""
    box = page.factbox
    occupation: dict[str, object] = {
        "@type": "Occupation",
        "@id": url + "#occupation",
        "name": page.ref.title,
        "description": box.summary if box and box.summary else page.article.description,
        "url": url,
    }
    if page.role.isco:
        occupation["occupationalCategory"] = {
            "@type": "CategoryCode",
            "codeValue": page.role.isco,
            "inCodeSet": ISCO_08,
        }
    if box and box.education and box.education.required:
        occupation["educationRequirements"] = plain(box.education.required)
    if box and box.education and box.education.certifications and words is not None:
        occupation["qualifications"] = [credential(c, words) for c in box.education.certifications]
    if box and box.duties:
        occupation["responsibilities"] = [plain(duty) for duty in box.duties]
    if box and box.skills:
        occupation["skills"] = [plain(skill) for skill in box.skills]
    # Search engines read occupationLocation as where the job is done: a figure of another country stays on the page,
    # labelled, but must not make a German page say the occupation is located in Norway.
    own = [salary for salary in box.salary if salary.region == words.country] if box and words is not None else []
    if own and words is not None:
        occupation["estimatedSalary"] = [
            amount for salary in own for amount in salary_amounts(salary, words, role=page.ref.title)
        ]
        occupation["occupationLocation"] = [country(words.country, words)]
    webpage: dict[str, object] = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": page.ref.title,
        "inLanguage": language_tag(words.fmt.locale) if words else page.ref.lang,
    }
    if page.article.updated:
        webpage["lastReviewed"] = page.article.updated.isoformat()
    occupation["mainEntityOfPage"] = webpage
    return occupation


def credential(certification: Certification, words: SalaryWords) -> dict[str, object]:
    """A certification of the fact box as an EducationalOccupationalCredential, described as the page says it.

    The issuer is written to follow the page's "issued by" (in German with its article, "den Industrie- und
    Handelskammern"), so it stays in the description rather than becoming an Organization's name.
    """
    node: dict[str, object] = {"@type": "EducationalOccupationalCredential", "name": certification.name}
    said = [
        f"{words.strings['issued_by']} {certification.issuer}" if certification.issuer else "",
        plain(certification.note or ""),
    ]
    if description := ". ".join(part for part in said if part):
        node["description"] = description[:1].upper() + description[1:]
    if certification.region:
        node["validIn"] = country(certification.region, words)
    return node


def country(code: str, words: SalaryWords) -> dict[str, object]:
    """A country (ISO 3166-1 code) named in the page's language."""
    return {"@type": "Country", "name": words.fmt.region(code), "identifier": code}


def plain(text: str) -> str:
    """Inline Markdown as the plain text a reader sees: JSON-LD values are text, not markup."""
    return Markup(render_inline(text)).striptags()


def salary_amounts(salary: Salary, words: SalaryWords, role: str = "") -> list[dict[str, object]]:
    """One salary entry as schema.org says it: a range a MonetaryAmount of a QuantitativeValue from minValue to
    maxValue,
    a mean one of a QuantitativeValue of that value, the median and percentiles a MonetaryAmountDistribution; each
    named by what it covers and described in the page's words, and without a period where the source gives none."""
    given = dict(salary.figures)
    name = words.group(salary, role)  # without the role's own title, which the Occupation names
    amounts: list[dict[str, object]] = []

    def amount(value: dict[str, Any], description: str) -> dict[str, object]:
        if salary.stated_period:
            value["unitText"] = UNITS[salary.period]
        return {
            "@type": "MonetaryAmount",
            "name": name,
            "description": description,
            "currency": salary.currency,
            "value": {"@type": "QuantitativeValue", **value},
        }

    if "low" in given or "high" in given:
        bounds = {key: given[figure] for figure, key in (("low", "minValue"), ("high", "maxValue")) if figure in given}
        span = words.range_text(salary)
        described = (
            words.strings["range_kind_" + (salary.range or UNSTATED)]
            if span
            else words.strings["low" if "low" in given else "high"]
        )
        amounts.append(amount(bounds, described))
    if "mean" in given:
        amounts.append(amount({"value": given["mean"]}, words.strings["mean"]))
    statistics = {DISTRIBUTION[key]: value for key, value in salary.figures if key in DISTRIBUTION}
    if statistics:
        distribution: dict[str, object] = {
            "@type": "MonetaryAmountDistribution",
            "name": name,
            "currency": salary.currency,
        }
        if salary.stated_period:
            distribution["duration"] = DURATIONS[salary.period]
        amounts.append({**distribution, **statistics})
    return amounts


def sitemap(pages: Sequence[RolePage], config: SiteConfig, overviews: Sequence[Sequence[tuple[str, str]]] = ()) -> str:
    """sitemap.xml with every page (the role `pages` and the others) and, as xhtml:link, the same alternates its HTML
    names.

    `overviews` are the pages beside the role pages, each as its (language, path) versions.
    """
    base = config.base_url
    codes = [lang.code for lang in config.languages]
    index_links = alternates(base, [(code, f"{code}/") for code in codes])
    entries: list[tuple[str, tuple[Alternate, ...]]] = [
        ("", index_links),
        *((f"{code}/", index_links) for code in codes),
    ]
    for versions in overviews:
        entries.extend((path, alternates(base, versions)) for _, path in versions)
    for page in pages:
        entries.append((page.ref.path, alternates(base, ordered_versions(page, codes))))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    updated = {p.ref.path: p.article.updated.isoformat() for p in pages if p.article.updated}
    for path, links in entries:
        lines.append(f"<url><loc>{_xml(base + path)}</loc>")
        if path in updated:
            lines.append(f"<lastmod>{updated[path]}</lastmod>")
        lines.extend(
            f'<xhtml:link rel="alternate" hreflang="{escape(a.hreflang)}" href="{escape(a.url)}"/>' for a in links
        )
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(base_url: str) -> str:
    """robots.txt that allows everything and names the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"
