"""The repository's own content: every figure comes from a seed or a linked source, no page copies a seed, every role
is covered."""

from __future__ import annotations

import contextlib
import re
from functools import cache

import lxml.html
import pytest
from conftest import REPO

from careerguide.build import make_site
from careerguide.load import load_site
from careerguide.validate import validate

SEEDS = REPO.parent / "shared" / "seeds"
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
RUN = 10
"""The length of a run of words that counts as copied: issue 21 allows no run of ten words from a seed."""

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not beside this checkout"
)


def seed_numbers() -> set[float]:
    """Every number the seeds write, read both as 1.234,5 and as 1,234.5."""
    numbers: set[float] = set()
    for seed in SEEDS.glob("*.txt"):
        for match in NUMBER.findall(seed.read_text(encoding="utf-8")):
            plain = match.replace(" ", "").replace("\u00a0", "")
            for thousands, decimal in ((".", ","), (",", ".")):
                candidate = plain.replace(thousands, "").replace(decimal, ".")
                with contextlib.suppress(ValueError):
                    numbers.add(float(candidate))
    return numbers


@cache
def content():
    """The repository's validated content (it must validate for these tests to mean anything)."""
    result, problems = validate(load_site(REPO))
    assert result is not None, problems
    return result


def figures_with_sources():
    """(where, what, value, source title, fact box) for every number a fact box states about pay, jobs or outlook."""
    for (lang, role), box in content().factboxes.items():
        where = f"data/{lang}/{role}.yaml"
        for salary in box.salary:
            for key, value in salary.figures:
                yield where, f"salary {key}", value, salary.source, box
            if salary.known_year:
                yield where, "salary year", salary.known_year, salary.source, box
        for outlook in box.outlook:
            yield where, "outlook change", outlook.change, outlook.source, box
            yield where, "outlook from", outlook.start, outlook.source, box
            yield where, "outlook to", outlook.end, outlook.source, box
        for employment in box.employment:
            yield where, "employment count", employment.count, employment.source, box
            yield where, "employment year", employment.year, employment.source, box


def linked(box, title: str) -> bool:
    """Whether the fact box lists a source of this title with a link a reader can follow."""
    return any(reference.title == title and reference.url for reference in box.sources)


@needs_seeds
def test_every_figure_is_in_a_seed_or_has_a_linked_source():
    numbers = seed_numbers()
    missing = [
        f"{where}: {what} {value} ({source!r})"
        for where, what, value, source, box in figures_with_sources()
        if float(value) not in numbers and not linked(box, source)
    ]
    assert missing == []


def test_every_source_a_fact_names_is_listed_under_sources():
    unlisted = []
    for (lang, role), box in content().factboxes.items():
        titles = {reference.title for reference in box.sources}
        named = [item.source for item in (*box.salary, *box.outlook, *box.employment)]
        if box.hours:
            named.append(box.hours.source)
        unlisted += [f"data/{lang}/{role}.yaml: {source!r}" for source in named if source not in titles]
    assert unlisted == []


def test_every_figure_names_its_source():
    for box in content().factboxes.values():
        for item in (*box.salary, *box.outlook, *box.employment):
            assert item.source.strip()


def words(text: str) -> list[str]:
    """The words of a text in lower case, soft hyphens removed, so that layout does not hide a copied run."""
    return WORD.findall(text.replace("\u00ad", "").casefold())


def runs(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN consecutive words."""
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    """Every ten-word run of the seeds, less those inside a source title a fact box cites (a citation is not a copy)."""
    seeds = set().union(*(runs(seed.read_text(encoding="utf-8")) for seed in SEEDS.glob("*.txt")))
    titles = {reference.title for box in content().factboxes.values() for reference in box.sources}
    return frozenset(seeds - set().union(*(runs(title) for title in titles)))


def test_a_copied_run_is_found_through_case_layout_and_soft_hyphens():
    sentence = "Dette er en helt almindelig sætning på ti ord her"
    copied = "<p>Indledning. DETTE er en helt al\u00admindelig sætning på ti ord her.</p>"
    assert runs(sentence) & runs(lxml.html.fromstring(copied).text_content())
    assert not runs(sentence) & runs("Dette er en helt anden sætning på ti ord her")


@needs_seeds
def test_no_built_page_copies_ten_words_from_a_seed(cli, tmp_path):
    out = tmp_path / "site"
    run = cli("build", "--root", REPO, "--out", out, "--no-search", "--no-cache")
    assert run.code == 0, run.err
    copied = []
    for page in sorted(out.glob("*/**/index.html")):
        text = lxml.html.parse(str(page)).getroot().text_content()
        copied += [f"{page.relative_to(out)}: {' '.join(found)}" for found in sorted(runs(text) & seed_runs())]
    assert copied == []


REQUIRED = {
    "da": [
        "customer-service-representative",
        "customer-service-supervisor",
        "head-of-customer-service",
        "senior-customer-service-representative",
        "customer-experience-manager",
        "customer-success-manager",
        "training-specialist",
        "quality-assurance-analyst",
    ],
    "no": [
        "customer-service-representative",
        "customer-service-supervisor",
        "head-of-customer-service",
        "customer-consultant",
        "bank-customer-adviser",
        "information-desk-clerk",
        "service-station-attendant",
    ],
    "de": ["customer-service-representative", "customer-service-supervisor", "head-of-customer-service"],
}


@pytest.mark.parametrize("lang", sorted(REQUIRED))
def test_every_planned_role_has_a_page_and_fact_box(lang):
    published = {a.role for a in content().articles if a.lang == lang and not a.draft}
    assert set(REQUIRED[lang]) <= published
    assert set(REQUIRED[lang]) <= {role for (box_lang, role) in content().factboxes if box_lang == lang}


def test_every_role_has_a_page_in_every_language_or_a_reason_why_not():
    """Issue 21: where the register has a role, each language has its page, or the register says why it has none."""
    published = {(a.lang, a.role) for a in content().articles if not a.draft}
    for role in content().roles.values():
        reasons = dict(role.no_page)
        for lang in ("da", "no", "de"):
            assert ((lang, role.id) in published) != (lang in reasons), f"{role.id} in {lang}"


def test_the_norwegian_customer_adviser_is_held_back_for_want_of_a_source():
    reasons = dict(content().roles["customer-adviser"].no_page)
    assert "Yrkesportalen names the title only in a table of working hours" in reasons["no"]
    assert (
        not (REPO / "content/no/kunderaadgiver.md").exists() and not (REPO / "data/no/customer-adviser.yaml").exists()
    )


def test_the_register_names_only_the_career_steps_a_source_gives():
    """The Norwegian seed names kundekonsulent in one table row only: a related role, no step. No source puts the
    customer
    experience manager between team leader and head of customer service; the German source's ladder runs from team
    leader
    to the head of a customer centre."""
    roles = content().roles
    representative = roles["customer-service-representative"]
    assert "customer-consultant" not in representative.next and "customer-consultant" in representative.related
    assert roles["customer-consultant"].next == ()
    assert roles["customer-service-supervisor"].next == ("head-of-customer-service",)
    assert "customer-experience-manager" in roles["customer-service-supervisor"].related
    assert roles["customer-experience-manager"].next == ()
    assert not [role.id for role in roles.values() if "customer-experience-manager" in role.next]


NO_LOCAL_PAY = {
    "da": "Vores kilder har ingen løntal fra Danmark.",
    "no": "Kildene våre har ingen lønnstall fra Norge.",
    "de": "Unsere Quellen enthalten keine Gehaltsstatistik für Deutschland.",
}


def test_every_role_page_shows_pay_of_its_country_or_says_plainly_there_is_none():
    """Issue 21: the quick facts of every role page give a figure of the page's own country, or say there is none."""
    site = make_site(REPO)
    country = {"da": "DK", "no": "NO", "de": "DE"}
    for page in site.site.pages:
        html = next(f.data.decode() for f in site.files if f.path == page.ref.path + "index.html")
        facts = " ".join(lxml.html.fromstring(html).xpath('//*[@id="quick-facts"]/..')[0].text_content().split())
        own = any(salary.region == country[page.ref.lang] for salary in (page.factbox.salary if page.factbox else ()))
        assert own or NO_LOCAL_PAY[page.ref.lang] in facts, f"{page.ref.path}: {facts}"
        if own:
            assert NO_LOCAL_PAY[page.ref.lang] not in facts, page.ref.path


def test_norwegian_seed_faq_is_on_the_norwegian_page():
    assert len(content().factboxes[("no", "customer-service-representative")].faq) >= 12
