"""Role-page data for the Pelican and MkDocs benchmark sites: the work careerguide's link and render stages do.

Copied into each generated site (Pelican: plugins/, MkDocs: beside hooks.py). It reads the
register and the fact boxes, computes the roles that lead to each role, formats figures by
locale with Babel, renders inline Markdown, and builds the JSON-LD of a role page.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import markdown
import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

FIGURES = ("low", "p25", "median", "mean", "p75", "high")
SCHEMA = {
    "low": "minValue",
    "p25": "percentile25",
    "median": "median",
    "p75": "percentile75",
    "high": "maxValue",
    "mean": "value",
}
DURATIONS = {"hour": "PT1H", "month": "P1M", "year": "P1Y"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path):
    """A YAML file's data."""
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


class Format:
    """Locale formatting of one language, as careerguide's formatting module does it."""

    def __init__(self, locale: str):
        self.locale = locale
        self.babel = Locale.parse(locale)
        self._whole = (
            self.babel.currency_formats["standard"]
            .pattern.split(";")[0]
            .replace("#,##0.00", "#,##0")
            .replace("0.00", "0")
        )

    def money(self, amount: float, currency: str) -> str:
        if float(amount).is_integer():
            return format_currency(int(amount), currency, format=self._whole, locale=self.locale, currency_digits=False)
        return format_currency(amount, currency, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def plural(self, text: str | dict, count: float) -> str:
        """The form of a UI string for `count`, where the string has plural forms ({one: ..., other: ...})."""
        if not isinstance(text, dict):
            return text
        return text.get(self.babel.plural_form(count), text["other"])

    def percent(self, value: float) -> str:
        text = format_percent(value / 100, locale=self.locale)
        return "+" + text if value > 0 else text

    def date(self, value: datetime.date) -> str:
        return format_date(value, "long", locale=self.locale)

    def region(self, code: str) -> str:
        return self.babel.territories.get(code, code)


class Guide:
    """The site-wide data: settings, UI strings, the register and the reverse of its career steps."""

    def __init__(self, root: Path):
        self.root = root
        settings = load_yaml(root / "site.yaml")
        self.base_url = settings["base_url"]
        self.titles = settings["title"]
        self.languages = {code: lang["name"] for code, lang in settings["languages"].items()}
        self.formats = {code: Format(lang["locale"]) for code, lang in settings["languages"].items()}
        self.strings = {code: load_yaml(root / "strings" / f"{code}.yaml") for code in self.languages}
        self.register = load_yaml(root / "data" / "roles.yaml")
        self.leads_from: dict[str, list[str]] = {}
        self.related_back: dict[str, list[str]] = {}
        for role_id, role in self.register.items():
            for target in (role or {}).get("next") or ():
                self.leads_from.setdefault(target, []).append(role_id)
            for target in (role or {}).get("related") or ():
                self.related_back.setdefault(target, []).append(role_id)
        self._markdown = markdown.Markdown()
        self._boxes: dict[tuple[str, str], dict] = {}

    def inline(self, text: str) -> str:
        """Inline Markdown to HTML without the paragraph around it."""
        self._markdown.reset()
        html = self._markdown.convert(text)
        return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html

    def box(self, lang: str, role_id: str) -> dict:
        """The fact box of a role in a language, or an empty one; each file is read once."""
        key = (lang, role_id)
        if key not in self._boxes:
            path = self.root / "data" / lang / f"{role_id}.yaml"
            self._boxes[key] = (load_yaml(path) or {}) if path.is_file() else {}
        return self._boxes[key]

    def common(self, lang: str, title: str, description: str, url: str, versions: list[tuple[str, str]]) -> dict:
        """What every page's base template needs; `versions` are (language, url) of the page's translations."""
        strings = self.strings[lang]
        by_lang = dict(versions)
        return {
            "lang": lang,
            "t": strings,
            "site_title": self.titles[lang],
            "title": title,
            "description": description,
            "canonical": self.base_url + url.lstrip("/"),
            "alternates": [
                (code, self.base_url + by_lang[code].lstrip("/")) for code in self.languages if code in by_lang
            ]
            + [("x-default", self.base_url)],
            "switcher": [
                {"code": code, "name": name, "url": by_lang.get(code, f"/{code}/"), "current": code == lang}
                for code, name in self.languages.items()
            ],
            "home_url": f"/{lang}/",
            "languages": [
                {"code": code, "name": name, "title": self.titles[code], "url": f"/{code}/"}
                for code, name in self.languages.items()
            ],
        }

    def role_view(
        self,
        lang: str,
        role_id: str,
        title: str,
        description: str,
        url: str,
        updated,
        pages: dict,
        translations: list[dict],
    ) -> dict:
        """Everything a role page shows besides its article: `pages` maps role id to {title, url} in `lang`."""
        box = self.box(lang, role_id)
        role = self.register.get(role_id) or {}
        strings, fmt = self.strings[lang], self.formats[lang]
        view = self.common(lang, title, description, url, [(lang, url)] + [(t["lang"], t["url"]) for t in translations])
        links = lambda ids: [pages[i] for i in dict.fromkeys(ids) if i in pages]  # noqa: E731
        summary = box.get("summary") or description
        view.update(
            box=box,
            summary=summary,
            quick_facts=self.quick_facts(box, strings, fmt),
            salaries=[self.salary_row(s, strings, fmt) for s in box.get("salary", ())],
            outlook=[self._outlook(o, strings, fmt) for o in box.get("outlook", ())],
            employment=[self._employment(e, strings, fmt) for e in box.get("employment", ())],
            next_steps=links(role.get("next") or ()),
            leads_from=links(self.leads_from.get(role_id, ())),
            related=links([*(role.get("related") or ()), *self.related_back.get(role_id, ())]),
            translations=[dict(t, name=self.languages[t["lang"]]) for t in translations],
            updated=updated,
            updated_text=fmt.date(updated) if updated else "",
            jsonld=self.jsonld(lang, role, box, title, summary, view["canonical"]),
        )
        education = box.get("education") or {}
        counts = {
            "sources": box.get("sources"),
            "education_paths": education.get("paths"),
            "certifications": education.get("certifications"),
            "next_steps": view["next_steps"],
            "leads_from": view["leads_from"],
            "related": view["related"],
        }
        # The headings of lists have a form for one item and one for more, as careerguide's `plural` filter picks.
        view["t"] = {**strings, **{key: fmt.plural(strings[key], len(items or ())) for key, items in counts.items()}}
        return view

    def quick_facts(self, box: dict, strings: dict, fmt: Format) -> list[dict]:
        """Education and the first salary's headline figure."""
        facts = []
        required = (box.get("education") or {}).get("required")
        if required:
            facts.append({"label": strings["education_required"], "value": required, "note": ""})
        if box.get("salary"):
            salary = box["salary"][0]
            key, amounts = _headline(salary)
            value = "–".join(fmt.money(a, salary["currency"]) for a in amounts)
            details = [
                strings[key],
                salary.get("label"),
                fmt.region(salary["region"]),
                str(salary["year"]) if salary.get("year") else None,
            ]
            note = ", ".join(p for p in details if p) + f"; {strings['source']}: {salary['source']}"
            facts.append(
                {
                    "label": strings["salary"],
                    "value": f"{value} {strings['per_' + salary['period']]}",
                    "note": f"({note})",
                }
            )
        return facts

    def salary_row(self, salary: dict, strings: dict, fmt: Format) -> dict:
        """One row of the salary table."""
        group = ", ".join(
            p
            for p in (
                salary.get("label"),
                fmt.region(salary["region"]),
                str(salary["year"]) if salary.get("year") else None,
            )
            if p
        )
        period = strings["per_" + salary["period"]]
        figures = [
            {"label": strings[k], "value": f"{fmt.money(salary[k], salary['currency'])} {period}"}
            for k in FIGURES
            if k in salary
        ]
        return {"group": group, "figures": figures, "source": salary["source"]}

    def _outlook(self, item: dict, strings: dict, fmt: Format) -> dict:
        text = strings["outlook_change"].format(change=fmt.percent(item["change"]), start=item["from"], end=item["to"])
        return {
            "label": item.get("label"),
            "region": fmt.region(item["region"]),
            "text": text,
            "source": item["source"],
        }

    def _employment(self, item: dict, strings: dict, fmt: Format) -> dict:
        text = fmt.plural(strings["employment_count"], item["count"]).format(
            count=fmt.number(item["count"]), year=item["year"]
        )
        return {
            "label": item.get("label"),
            "region": fmt.region(item["region"]),
            "text": text,
            "source": item["source"],
        }

    def jsonld(self, lang: str, role: dict, box: dict, title: str, summary: str, url: str) -> str:
        """Occupation, FAQPage and BreadcrumbList as careerguide emits them."""
        occupation = {
            "@type": "Occupation",
            "@id": url + "#occupation",
            "name": title,
            "description": summary,
            "url": url,
        }
        if role.get("isco"):
            occupation["occupationalCategory"] = {
                "@type": "CategoryCode",
                "codeValue": role["isco"],
                "inCodeSet": "ISCO-08",
            }
        if (box.get("education") or {}).get("required"):
            occupation["educationRequirements"] = box["education"]["required"]
        for key, name in (("duties", "responsibilities"), ("skills", "skills")):
            if box.get(key):
                occupation[name] = list(box[key])
        if box.get("salary"):
            occupation["estimatedSalary"] = [
                {
                    "@type": "MonetaryAmountDistribution",
                    "name": ", ".join(str(p) for p in (s.get("label"), s["region"], s.get("year")) if p),
                    "currency": s["currency"],
                    "duration": DURATIONS[s["period"]],
                    **{SCHEMA[k]: s[k] for k in FIGURES if k in s},
                }
                for s in box["salary"]
            ]
        graph = [occupation]
        if box.get("faq"):
            questions = [
                {
                    "@type": "Question",
                    "name": q["question"],
                    "acceptedAnswer": {"@type": "Answer", "text": self.inline(q["answer"])},
                }
                for q in box["faq"]
            ]
            graph.append({"@type": "FAQPage", "@id": url + "#faq", "mainEntity": questions})
        crumbs = [
            {
                "@type": "ListItem",
                "position": 1,
                "name": self.strings[lang]["all_roles"],
                "item": f"{self.base_url}{lang}/",
            },
            {"@type": "ListItem", "position": 2, "name": title, "item": url},
        ]
        graph.append({"@type": "BreadcrumbList", "itemListElement": crumbs})
        text = json.dumps(
            {"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, separators=(",", ":")
        )
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _headline(salary: dict) -> tuple[str, tuple[float, ...]]:
    for key in ("median", "mean"):
        if key in salary:
            return key, (salary[key],)
    for low, high in (("low", "high"), ("p25", "p75")):
        if low in salary and high in salary:
            return "range", (salary[low], salary[high])
    key = next(k for k in FIGURES if k in salary)
    return key, (salary[key],)
