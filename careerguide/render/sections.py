"""A role page's parts: an article's body shared out over the fact box's topics, which parts show, and the table of
contents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from careerguide.link import RolePage
from careerguide.model.errors import ContentError, Source
from careerguide.validate.fields import suggestion
from careerguide.validate.sections import HEADINGS, PAGE_ORDER
from careerguide.validate.uistrings import plural


@dataclass(frozen=True, slots=True)
class Placement:
    """An article's body shared out over a role page."""

    body: str
    """The HTML that stays in the article's own place: its introduction and the sections no topic claims."""
    placed: dict[str, Markup] = field(default_factory=dict)
    """Topic -> the article sections it takes in, without their headings, each wrapped in an element with its heading's
    id."""
    headings: tuple[tuple[str, str], ...] = ()
    """(id, text) of each h2 that stays in the body, in order."""


_H2 = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>\n?', re.S)


def place(body: str, sections: tuple[tuple[str, str, Source], ...]) -> tuple[Placement, list[ContentError]]:
    """Share out `body` (an article's HTML) by `sections`, (topic, heading slug, where the front matter names it) each:
    each named h2 section, from its heading to the next h2, moves out of the body into its topic."""
    starts = list(_H2.finditer(body))
    parts = {
        match[1]: (match, starts[i + 1].start() if i + 1 < len(starts) else len(body)) for i, match in enumerate(starts)
    }
    problems: list[ContentError] = []
    moved: dict[str, str] = {}  # heading id -> the topic it joins, in the order the front matter names them
    for topic, slug, where in sections:
        found = slug if slug in parts else (f"{slug}-text" if f"{slug}-text" in parts else None)
        if found is None:
            known = tuple(parts)
            message = (
                f"the article has no ## heading with the slug {slug!r}" + suggestion(slug, known, "its ## headings are")
                if known
                else "the article has no ## heading to place here; add one to the body or remove the key"
            )
            problems.append(ContentError(where, f"sections.{topic}: {message}"))
        elif found in moved:
            problems.append(
                ContentError(
                    where,
                    f"sections.{topic}: the heading {slug!r} already joins {moved[found]}; name each heading once",
                )
            )
        else:
            moved[found] = topic
    if not moved:
        return Placement(body, {}, _headings(starts)), problems
    pieces: dict[str, list[str]] = {}
    kept, position = [], 0
    for match in starts:
        if match[1] in moved:
            end = parts[match[1]][1]
            kept.append(body[position : match.start()])
            pieces[match[1]] = [
                f'<div class="article-part" id="{match[1]}" data-pagefind-ignore>\n',
                body[match.end() : end].strip("\n"),
                "\n</div>\n",
            ]
            position = end
    kept.append(body[position:])
    joined: dict[str, str] = {}
    for heading, topic in moved.items():
        joined[topic] = joined.get(topic, "") + "".join(pieces[heading])
    return Placement(
        "".join(kept),
        {topic: Markup(html) for topic, html in joined.items()},
        _headings([m for m in starts if m[1] not in moved]),
    ), problems


def _headings(matches: list[re.Match[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((match[1], Markup(match[2]).striptags()) for match in matches)


def headings(body: str) -> tuple[tuple[str, str], ...]:
    """(id, text) of each h2 of an article's HTML: what the table of contents shows of a body that stays whole."""
    return _headings(list(_H2.finditer(body)))


def shown(page: RolePage, placement: Placement, *, quick_facts: bool) -> tuple[str, ...]:
    """The parts of PAGE_ORDER a role page shows: those with facts or an article section with text placed in them. The
    education
    section shows the routes in and certifications; the entry requirement stands once, in the quick facts."""
    box = page.factbox
    education = box.education if box else None
    has = {
        "quick-facts": quick_facts,
        "article": True,
        "education": bool(education and (education.paths or education.certifications)),
        "salary": bool(box and box.salary),
        "career": bool(page.next_steps or page.leads_from or page.related),
        "other-languages": bool(page.translations),
    }
    for topic in ("duties", "skills", "outlook", "employment", "hours", "myths", "faq", "sources"):
        has[topic] = bool(box and getattr(box, topic))
    written = {topic for topic, html in placement.placed.items() if says_something(html)}
    return tuple(part for part in PAGE_ORDER if has[part] or part in written)


_SHOWN_WITHOUT_TEXT = re.compile(r"<(?:img|hr|table)\b")


def says_something(html: str) -> bool:
    """Whether HTML shows a reader anything: text, or a picture, rule or table; an article section that is only its
    heading does not, so its topic's heading is not shown over nothing."""
    return bool(Markup(html).striptags().strip()) or _SHOWN_WITHOUT_TEXT.search(html) is not None


def contents(
    parts: tuple[str, ...], placement: Placement, strings: dict[str, str], locale: str, counts: dict[str, int]
) -> list[dict[str, str]]:
    """The table of contents: (`id`, `title`) of every section on the page, in page order, each title as its heading
    reads (a plural heading in the form for `counts` of its part, as the template chooses it)."""
    entries = []
    for part in parts:
        if part == "article":
            entries += [{"id": slug, "title": text} for slug, text in placement.headings]
        else:
            entries.append({"id": part, "title": plural(strings[HEADINGS[part]], counts.get(part, 0), locale)})
    return entries
