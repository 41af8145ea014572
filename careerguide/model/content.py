"""The site as frozen data: what validation produces and every later stage reads."""

from __future__ import annotations

import copyreg
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from careerguide.model import specs
from careerguide.model.errors import ContentError, Source


@dataclass(frozen=True, slots=True)
class Language:
    """A language of the site: its code (`da`), its own name (`Dansk`) and its Babel locale."""

    code: str
    name: str
    locale: str
    country: str = ""
    """The ISO 3166-1 code of the country its readers are in: site.yaml's `country`, else the territory of its
    locale."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings from site.yaml."""

    base_url: str
    """Absolute URL of the site's root, always ending in `/`."""
    default_language: str
    title: dict[str, str]
    languages: tuple[Language, ...]
    stale_after_years: int = 5
    """Salary figures older than this are reported by `check`."""
    search: bool = False
    """Whether the build writes the search index, and so whether pages have a search box (not from site.yaml)."""
    editor: tuple[str, str, str | None] | None = None
    """site.yaml's `editor`: the GitHub repository (owner/name) and branch the web editor at /admin/ saves to, and the
    address of the service that signs editors in (None: Netlify's); None for no editor."""

    def language(self, code: str) -> Language:
        """The language with this code."""
        return next(lang for lang in self.languages if lang.code == code)


@dataclass(frozen=True, slots=True)
class Role:
    """A role of the register (data/roles.yaml, or its own file in data/roles/)."""

    id: str
    source: Source
    isco: str | None = None
    next: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    no_page: tuple[tuple[str, str], ...] = ()
    """(language code, why the role has no page in that language), for `check`'s coverage view."""


@dataclass(frozen=True, slots=True)
class Certification:
    name: str
    issuer: str | None = None
    note: str | None = None
    region: str | None = None
    """The country it belongs to (ISO 3166-1), where it is not every country's."""


@dataclass(frozen=True, slots=True)
class EducationPath:
    """A route into the work, in inline Markdown, and the country it belongs to where it is not every country's."""

    text: str
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Education:
    required: str | None = None
    paths: tuple[EducationPath, ...] = ()
    certifications: tuple[Certification, ...] = ()


# Defined in specs, which the validator and the JSON Schemas both read; named here for the stages that use them.
FIGURE_KEYS, STATISTICS, PERIODS, UNSTATED, RANGES = (
    specs.FIGURE_KEYS,
    specs.STATISTICS,
    specs.PERIODS,
    specs.UNSTATED,
    specs.RANGES,
)


@dataclass(frozen=True, slots=True)
class Salary:
    """One salary figure set: a group, a region, a currency, a period, and who says so."""

    region: str
    currency: str
    period: str
    """`hour`, `month`, `year`, or `unstated` when the source gives none."""
    source: str
    """The title of an entry under the fact box's `sources`."""
    figures: tuple[tuple[str, float], ...]
    """(key, amount) pairs in FIGURE_KEYS order, only the keys given."""
    label: str | None = None
    year: int | str | None = None
    """The year the figures describe, `unstated` when the source gives none, None when the editor did not say."""
    range: str | None = None
    """With low/high: `typical` or `full` (RANGES); None when not given."""
    note: str | None = None
    """Inline Markdown shown with the figures."""

    def figure(self, key: str) -> float | None:
        """The amount for `low`, `median`, ... or None."""
        return dict(self.figures).get(key)

    @property
    def stated_period(self) -> bool:
        """Whether the source gives the period, so that the figures may be converted and drawn with others."""
        return self.period in PERIODS

    @property
    def known_year(self) -> int | None:
        """The year as a number, None when unstated or not given."""
        return self.year if isinstance(self.year, int) else None


@dataclass(frozen=True, slots=True)
class Outlook:
    """A projected change in the number of jobs, in percent over a span of years."""

    region: str
    change: float
    start: int
    end: int
    source: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Employment:
    """How many people did the work in a region and year."""

    region: str
    count: int
    year: int
    source: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Hours:
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Myth:
    myth: str
    fact: str


@dataclass(frozen=True, slots=True)
class Question:
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A source a fact box cites: its own title, and where known its address, publisher, year and language."""

    title: str
    url: str | None = None
    publisher: str | None = None
    year: int | None = None
    language: str | None = None
    """ISO 639-1 code of the language the source is written in."""


@dataclass(frozen=True, slots=True)
class FactBox:
    """The facts of one role in one language, from data/<lang>/<role-id>.yaml."""

    lang: str
    role: str
    source: Source
    summary: str | None = None
    education: Education | None = None
    salary: tuple[Salary, ...] = ()
    outlook: tuple[Outlook, ...] = ()
    employment: tuple[Employment, ...] = ()
    hours: Hours | None = None
    skills: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    myths: tuple[Myth, ...] = ()
    faq: tuple[Question, ...] = ()
    sources: tuple[Reference, ...] = ()
    digest: str = ""
    """A hash of the file's text: what the build cache keys the fact box by."""
    links: bool = False
    """Whether its texts may link to a page, file or heading of the site (see `linkcheck`)."""


FACT_BOX_SECTIONS = specs.FACT_BOX_SECTIONS


def missing_sections(box: FactBox | None) -> tuple[str, ...]:
    """The fact-box sections a role page lacks, in schema order."""
    if box is None:
        return FACT_BOX_SECTIONS
    return tuple(name for name in FACT_BOX_SECTIONS if not getattr(box, name))


FROM_BODY = {"from_body": True}
"""The metadata of an Article field that changes with the body alone (see `body_fields`)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article, content/<lang>/<slug>.md: its front matter; the Markdown body is read when its page is rendered."""

    lang: str
    slug: str
    role: str
    title: str
    description: str
    body_line: int
    """The file line where the body starts, so Markdown problems name the right line."""
    source: Source
    updated: datetime.date | None = None
    draft: bool = False
    digest: str = field(default="", metadata=FROM_BODY)
    """A hash of the file's text, which also tells whether it changed before its body was read."""
    front_digest: str = ""
    """A hash of the front matter's text (see `patch`)."""
    links: bool = field(default=False, metadata=FROM_BODY)
    """Whether the body may link to a page, file or heading of the site (see `linkcheck`)."""
    sections: tuple[tuple[str, str, Source], ...] = ()
    """Front matter `sections`: (fact-box topic, the slug of the body's h2 that joins it, where the map names it)."""


def body_fields() -> frozenset[str]:
    """The Article fields that change with its body alone: a page that shows one cannot take a new body in place."""
    return frozenset(f.name for f in fields(Article) if FROM_BODY.items() <= f.metadata.items())


@dataclass(frozen=True, slots=True)
class Theme:
    """Templates and UI strings: the built-in theme with the site root's own files on top."""

    templates: dict[str, str] = field(default_factory=dict)
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Language -> key -> text (a `uistrings.Plural` where it has plural forms)."""
    assets: dict[str, bytes] = field(default_factory=dict)
    hyphenation: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Language -> the words its UI strings list with their break points (`hyphenation`), e.g.
    kvalitets-sikrings-analytiker."""


class SourceFiles(Protocol):
    """What the later stages may ask of the site root's files: a large guide's article bodies are not all held in
    memory, so a page's body is read again when the page is rendered, and a fact box's text when a link in it is
    broken."""

    def body(self, article: Article) -> str:
        """The article's Markdown body; BuildFailed if its file changed since it was loaded."""

    def text(self, path: str) -> str | None:
        """The text of the file at `path` below the root; None if it cannot be read."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything validated: the input of the link stage."""

    config: SiteConfig
    roles: dict[str, Role]
    articles: tuple[Article, ...]
    factboxes: dict[tuple[str, str], FactBox]
    """(lang, role id) -> fact box."""
    theme: Theme
    root: Path
    """The site root the content was loaded from."""
    files: SourceFiles
    """The site root's files, read again where the load kept only their hash (the load stage's `SourceFiles`)."""


def pickled_by_fields(*classes: type) -> None:
    """Pickle these frozen dataclasses as their class and field values, made again by calling the class.

    Render workers are sent every page pickled; dataclasses' own way looks up the fields of each
    object as it is pickled and again as it is loaded, which made that several times slower.
    """
    for cls in classes:
        copyreg.pickle(cls, _reducer(cls, [f.name for f in fields(cls)]))


def _reducer(cls: type, names: list[str]) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """`copyreg`'s function for one class: the class and its field values, read with one `attrgetter`."""
    if len(names) > 1:
        getter = attrgetter(*names)
        return lambda obj: (cls, getter(obj))
    name = names[0]
    return lambda obj: (cls, (getattr(obj, name),))


pickled_by_fields(
    Source,
    ContentError,
    Language,
    SiteConfig,
    Role,
    Certification,
    EducationPath,
    Education,
    Salary,
    Outlook,
    Employment,
    Hours,
    Myth,
    Question,
    Reference,
    FactBox,
    Article,
)
