"""What a fact box and an article's front matter may hold, key by key: read by the validator and by the JSON Schemas."""

from __future__ import annotations

import re
from dataclasses import dataclass

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A slug, a role id or a heading's slug: lower-case letters and digits, words joined by single hyphens."""
SLUG = re.compile(SLUG_PATTERN)
DESCRIPTION_LIMIT = 160
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""The years a figure, a projection or a source may have."""
UNSTATED = "unstated"
PERIODS = ("hour", "month", "year")
"""The periods a salary can be stated for; `unstated` besides says the source names none."""
RANGES = ("typical", "full")
"""What `low`–`high` is: the usual span a source names, or lowest to highest."""
FIGURE_KEYS = ("low", "p25", "median", "mean", "p75", "high")
STATISTICS = ("p25", "median", "mean", "p75")
"""Figures computed from a population, which describe one year."""


@dataclass(frozen=True)
class Key:
    """One key of a mapping: the kind of value it holds, whether it must be there, and what to tell an editor about it.

    Kinds: `text` (a non-empty text; a number is read as text), `texts` (a list of them), `number`, `whole`,
    `year`, `year-or-unstated`, `flag`, `date`, `choice` (one of `choices`), `code` (an ISO code from the list
    named by `codes`), `slug`, `url`, `map` (a mapping of the keys in `of`), `entries` (a list of such mappings),
    `routes` (a list of texts or mappings of `of`) and `topics` (each topic a heading's slug or a list of them).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    codes: str = ""
    """`region` (ISO 3166-1 alpha-2), `currency` (ISO 4217) or `language` (ISO 639-1)."""
    minimum: float | None = None
    max_length: int | None = None
    of: Shape | None = None
    examples: tuple[object, ...] = ()


@dataclass(frozen=True)
class Shape:
    """A mapping an editor writes: its keys in the order the format lists them, and the rules between them."""

    title: str
    description: str
    keys: tuple[Key, ...]
    any_of: tuple[str, ...] = ()
    """At least one of these keys must be given."""
    together: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(key, the keys it needs beside it): `range` needs `low` and `high`."""
    implies: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    """(keys, keys they need): both `low` and `high` need `range`, under --strict."""
    needed_by_any: tuple[tuple[tuple[str, ...], str], ...] = ()
    """(keys, key): any one of the keys needs the key, under --strict (a statistic needs its `year`)."""
    not_empty: bool = False
    """An empty mapping is an error (`education: {}`)."""

    def names(self) -> tuple[str, ...]:
        """The keys allowed in this mapping, in the order the format lists them."""
        return tuple(key.name for key in self.keys)

    def key(self, name: str) -> Key:
        """The definition of one key."""
        return next(key for key in self.keys if key.name == name)


def _region(required: bool, what: str) -> Key:
    return Key(
        "region",
        "code",
        f"The country {what}, as an ISO 3166-1 alpha-2 code (DK, NO, DE, US).",
        required=required,
        codes="region",
        examples=("DK", "NO"),
    )


def _source(what: str) -> Key:
    return Key(
        "source",
        "text",
        f"Where {what} comes from: the title of an entry under sources.",
        required=True,
        examples=("Lønstatistik",),
    )


SOURCE = Shape(
    "Source",
    "A source the facts rest on.",
    (
        Key("title", "text", "The source's own title, as it is written.", required=True, examples=("Lønnsstatistikk",)),
        Key(
            "url",
            "url",
            "Where to read it: an address starting with https:// or http://.",
            examples=("https://www.ssb.no/",),
        ),
        Key("publisher", "text", "Who publishes it.", examples=("Statistisk sentralbyrå",)),
        Key("year", "year", "The year it was published."),
        Key(
            "language",
            "code",
            "The language it is written in, as an ISO 639-1 code (da, nb, de, en); shown when it is not "
            "the page's language.",
            codes="language",
            examples=("nb",),
        ),
    ),
)

SALARY = Shape(
    "Salary figures",
    "One set of figures from one source, for one group, country, currency, period and year: say exactly what the "
    "source says.",
    (
        _region(True, "the figures are from"),
        Key(
            "currency",
            "code",
            "The currency, as an ISO 4217 code (DKK, NOK, EUR, USD).",
            required=True,
            codes="currency",
            examples=("DKK",),
        ),
        Key(
            "period",
            "choice",
            "What the figures are paid per, as the source states it; unstated when it names none.",
            required=True,
            choices=(*PERIODS, UNSTATED),
        ),
        Key(
            "range",
            "choice",
            "What low–high is: typical (the usual span the source names) or full (lowest to highest).",
            choices=RANGES,
        ),
        Key("low", "number", "The low end of the span; give range too.", minimum=0),
        Key("p25", "number", "The 25th percentile: a quarter earn less.", minimum=0),
        Key("median", "number", "The median: half earn less, half more.", minimum=0),
        Key("mean", "number", "The mean (average).", minimum=0),
        Key("p75", "number", "The 75th percentile: a quarter earn more.", minimum=0),
        Key("high", "number", "The high end of the span; give range too.", minimum=0),
        Key("label", "text", "The group the figures cover.", examples=("Startløn", "Kundecenter")),
        Key(
            "year",
            "year-or-unstated",
            "The year the figures describe, or unstated when the source gives none; expected for "
            "a statistic (p25, median, mean, p75).",
            examples=(2024, UNSTATED),
        ),
        _source("the figure"),
        Key(
            "note",
            "text",
            "Shown with the figures (inline Markdown): what a group covers, that sources disagree, why an "
            "old figure stays.",
        ),
    ),
    any_of=FIGURE_KEYS,
    together=(("range", ("low", "high")),),
    implies=((("low", "high"), ("range",)),),
    needed_by_any=((STATISTICS, "year"),),
)

OUTLOOK = Shape(
    "Outlook",
    "A projection of how many jobs there will be.",
    (
        _region(True, "the projection is for"),
        Key("change", "number", "The change in the number of jobs, in percent.", required=True, examples=(4, -2.5)),
        Key("from", "year", "The first year of the projection.", required=True),
        Key("to", "year", "The last year of the projection, after from.", required=True),
        Key("label", "text", "The group the projection covers."),
        _source("the projection"),
    ),
)

EMPLOYMENT = Shape(
    "Employment",
    "How many people do the work.",
    (
        _region(True, "the count is for"),
        Key("count", "whole", "How many people do the work.", required=True, minimum=0, examples=(25000,)),
        Key("year", "year", "The year counted.", required=True),
        Key("label", "text", "The group the count covers."),
        _source("the count"),
    ),
)

MYTH = Shape(
    "Myth",
    "A common belief, and what is true instead.",
    (
        Key("myth", "text", "What people often believe.", required=True),
        Key("fact", "text", "What is true instead (inline Markdown).", required=True),
    ),
)

QUESTION = Shape(
    "Question",
    "A question readers ask, with its answer.",
    (
        Key("question", "text", "The question, as a reader would ask it.", required=True),
        Key("answer", "text", "The answer (inline Markdown).", required=True),
    ),
)

ROUTE = Shape(
    "Route in of one country",
    "A route in that only one country has.",
    (
        Key("text", "text", "The route in, in a sentence.", required=True),
        _region(False, "the route is in"),
    ),
)

CERTIFICATION = Shape(
    "Certification",
    "A certification that helps.",
    (
        Key("name", "text", "The certification's name.", required=True),
        Key("issuer", "text", "Who issues it."),
        Key("note", "text", "What a reader should know about it."),
        _region(False, "it is issued in"),
    ),
)

EDUCATION = Shape(
    "Education and the way in",
    "The entry requirement, the routes in and the certifications.",
    (
        Key("required", "text", "The typical entry requirement, in a sentence; shown in the quick facts."),
        Key("paths", "routes", "The routes in: each a text, or {text, region} for a route of one country.", of=ROUTE),
        Key("certifications", "entries", "Certifications that help.", of=CERTIFICATION),
    ),
    not_empty=True,
)

HOURS = Shape(
    "Working hours",
    "When the work is done.",
    (
        Key("text", "text", "The working hours, in a sentence or two.", required=True),
        _source("this"),
    ),
)

FACT_BOX = Shape(
    "Fact box",
    "The facts of one role in one language (data/<lang>/<role-id>.yaml). Every section is optional: add one only when "
    "you have facts with a source for it.",
    (
        Key("summary", "text", "One or two sentences about the role."),
        Key("education", "map", "The entry requirement, the routes in and the certifications.", of=EDUCATION),
        Key(
            "salary", "entries", "Salary figures, each with its country, currency, period, year and source.", of=SALARY
        ),
        Key("outlook", "entries", "Projections of how many jobs there will be.", of=OUTLOOK),
        Key("employment", "entries", "How many people do the work.", of=EMPLOYMENT),
        Key("hours", "map", "The working hours.", of=HOURS),
        Key("skills", "texts", "The skills the work takes.", examples=(["Tålmodighed", "Klar kommunikation"],)),
        Key("duties", "texts", "What the work consists of day to day.", examples=(["Besvare opkald og mails"],)),
        Key("myths", "entries", "Common beliefs about the role, and what is true instead.", of=MYTH),
        Key("faq", "entries", "Questions readers ask, with answers.", of=QUESTION),
        Key(
            "sources",
            "entries",
            "Every source the facts rest on; a salary's source names one of them by its title.",
            of=SOURCE,
        ),
        Key(
            "role",
            "slug",
            "The role's id, the same as the file's name (data/<lang>/<role-id>.yaml); optional: the web editor "
            "writes it, and names the file after it.",
            examples=("customer-service-representative",),
        ),
    ),
)

FACT_BOX_SECTIONS = tuple(name for name in FACT_BOX.names() if name != "role")
"""The keys of a fact box that are sections of its page: all but `role`, which only repeats the file's name."""

TOPICS = (
    "duties",
    "skills",
    "education",
    "salary",
    "outlook",
    "employment",
    "hours",
    "myths",
    "faq",
    "career",
    "sources",
)
"""The fact box's sections that an article section may join (front matter `sections:`), in page order."""

FRONT_MATTER = Shape(
    "Article front matter",
    "The fields between the two --- lines at the top of an article (content/<lang>/<slug>.md).",
    (
        Key(
            "role",
            "slug",
            "The role's id in the register (data/roles.yaml or data/roles/<role-id>.yaml).",
            required=True,
            examples=("customer-service-representative",),
        ),
        Key(
            "title", "text", "The role's title in this language.", required=True, examples=("Kundeservicemedarbejder",)
        ),
        Key(
            "description",
            "text",
            f"One sentence for search results, at most {DESCRIPTION_LIMIT} characters.",
            required=True,
            max_length=DESCRIPTION_LIMIT,
        ),
        Key("updated", "date", "When the article was last revised, as an ISO date.", examples=("2026-11-01",)),
        Key("draft", "flag", "true while the article is not ready: it is checked but not published."),
        Key(
            "sections",
            "topics",
            "The article's ## sections that cover a fact-box topic, by the heading's slug as its address "
            "shows it (## Vejen ind → vejen-ind), or a list of them.",
            choices=TOPICS,
            examples=({"education": "vejen-ind", "salary": "loen"},),
        ),
    ),
)
