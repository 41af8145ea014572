"""The repository's own content: every figure in data/ comes from a seed, and every role is covered."""

from __future__ import annotations

import re

import pytest

from careerguide.load import load_site
from careerguide.validate import validate
from conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def seed_numbers() -> set[float]:
    """Every number the seeds write, read both as 1.234,5 and as 1,234.5."""
    numbers: set[float] = set()
    for seed in SEEDS.glob("*.txt"):
        for match in NUMBER.findall(seed.read_text(encoding="utf-8")):
            plain = match.replace(" ", "").replace("\u00a0", "")
            for thousands, decimal in ((".", ","), (",", ".")):
                candidate = plain.replace(thousands, "").replace(decimal, ".")
                try:
                    numbers.add(float(candidate))
                except ValueError:
                    pass
    return numbers


def fact_box_figures():
    content, problems = validate(load_site(REPO))
    assert content is not None, problems
    for (lang, role), box in content.factboxes.items():
        where = f"data/{lang}/{role}.yaml"
        for salary in box.salary:
            for key, value in salary.figures:
                yield where, f"salary {key}", value
            # A year the seed does not give is said where it comes from, in the note shown with the figure.
            if salary.known_year and str(salary.known_year) not in (salary.note or ""):
                yield where, "salary year", salary.known_year
        for outlook in box.outlook:
            yield where, "outlook change", outlook.change
            yield where, "outlook from", outlook.start
            yield where, "outlook to", outlook.end
        for employment in box.employment:
            yield where, "employment count", employment.count
            yield where, "employment year", employment.year


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not beside this checkout")
def test_every_figure_in_data_is_in_a_seed():
    numbers = seed_numbers()
    missing = [f"{where}: {what} {value}" for where, what, value in fact_box_figures() if float(value) not in numbers]
    assert missing == []


def test_every_figure_names_its_source():
    content, _ = validate(load_site(REPO))
    for box in content.factboxes.values():
        for item in (*box.salary, *box.outlook, *box.employment):
            assert item.source.strip()


REQUIRED = {
    "da": ["customer-service-representative", "customer-service-supervisor", "head-of-customer-service",
           "senior-customer-service-representative", "customer-experience-manager", "customer-success-manager",
           "training-specialist", "quality-assurance-analyst"],
    "no": ["customer-service-representative", "customer-service-supervisor", "head-of-customer-service",
           "customer-consultant", "customer-adviser", "bank-customer-adviser", "information-desk-clerk",
           "service-station-attendant"],
    "de": ["customer-service-representative", "customer-service-supervisor", "head-of-customer-service"],
}


@pytest.mark.parametrize("lang", sorted(REQUIRED))
def test_every_planned_role_has_a_page_and_fact_box(lang):
    content, _ = validate(load_site(REPO))
    published = {a.role for a in content.articles if a.lang == lang and not a.draft}
    assert set(REQUIRED[lang]) <= published
    assert set(REQUIRED[lang]) <= {role for (box_lang, role) in content.factboxes if box_lang == lang}


def test_norwegian_seed_faq_is_on_the_norwegian_page():
    content, _ = validate(load_site(REPO))
    assert len(content.factboxes[("no", "customer-service-representative")].faq) >= 12
