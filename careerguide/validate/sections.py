"""The sections of a role page: the fact box's topics are its skeleton, an article's sections join them by a
front-matter map."""

from __future__ import annotations

from typing import Any

from careerguide.model import specs
from careerguide.model.errors import Source
from careerguide.text.markup import slugify
from careerguide.validate.fields import Fields, describe

TOPICS = specs.TOPICS
"""The fact box's sections that an article section may join (front matter `sections:`), in page order."""

PAGE_ORDER = ("quick-facts", "article", *TOPICS[:-1], "other-languages", "sources")
"""Every part of a role page in the order the page shows them; `article` is what stays of the article's body."""

HEADINGS = {
    "quick-facts": "quick_facts",
    "duties": "duties",
    "skills": "skills",
    "education": "education",
    "salary": "salary_heading",
    "outlook": "outlook",
    "employment": "employment",
    "hours": "hours",
    "myths": "myths",
    "faq": "faq",
    "career": "career",
    "other-languages": "other_languages",
    "sources": "sources",
}
"""The UI string that heads each section of the page."""

RESERVED_IDS = frozenset({"main", "contents", *HEADINGS})
"""Ids of the role page's own elements; a body heading with the same slug gets `-text` appended."""


def read_sections(front: Fields) -> tuple[tuple[str, str, Source], ...]:
    """Front matter `sections`: which of the body's ## headings join which fact-box section (see `place`), each
    topic one heading's slug or a list of them."""
    mapping = front.sub("sections", TOPICS)
    if mapping is None:
        return ()
    found: list[tuple[str, str, Source]] = []
    named: list[tuple[Any, tuple[str | int, ...]]]
    for topic in mapping.value:
        if topic not in TOPICS:
            continue
        if isinstance(mapping.raw(topic), list):
            named = [(value, ("sections", topic, index)) for index, value in mapping.items(topic)]
        else:
            named = [(mapping.text(topic, required=True, hint=_SLUG_HINT), ("sections", topic))]
        for slug, path in named:
            if isinstance(slug, str) and slug and slugify(slug) == slug:
                found.append((topic, slug, front.doc.at(*path)))
            elif isinstance(slug, str) and slug.strip():
                mapping.fail(
                    path, f"{slug!r} is not a heading's slug; write it as its address shows it: {slugify(slug)!r}"
                )
            elif len(path) == 3:
                mapping.fail(path, f"expected a heading's slug, got {describe(slug)}; {_SLUG_HINT}")
    return tuple(found)


_SLUG_HINT = "the slug of one of the article's ## headings, as in its address: ## Vejen ind → vejen-ind"
