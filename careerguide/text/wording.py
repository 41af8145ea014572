"""The words that name a figure's group: label, country and year, without saying the role or the country twice."""

from __future__ import annotations

import re

_INFLECTION = re.compile(r"(?:[^\W\d_]{1,3}|/[^\W\d_]+)")
"""What an inflected form adds to a title: an ending (`-e`, `-er`, `-ne`) or a German form with a slash (`/innen`)."""


def names_role(part: str, role: str) -> bool:
    """Whether a piece of a label is only the role's own title, perhaps inflected: `Kundeservicemedarbejdere`
    names the role `Kundeservicemedarbejder`, `Kundendienstmitarbeiter/innen` the role `Kundendienstmitarbeiter`."""
    part, role = part.strip().casefold(), role.strip().casefold()
    if not role or not part.startswith(role):
        return False
    return part == role or _INFLECTION.fullmatch(part[len(role) :]) is not None


def _names_country(part: str, country: str) -> bool:
    name, text = country.casefold(), part.casefold()
    return name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def group_parts(label: str | None, country: str | None, year: object = None, *, role: str = "") -> list[str]:
    """The parts that tell a figure's group apart, in order: the label's pieces (those that only repeat the role
    left out), the country unless a piece of the label already names it, and the year."""
    if not label:  # most figures: nothing to leave out
        return [part for part in (country, None if year is None or year == "" else str(year)) if part]
    parts: list[str] = []
    for piece in label.split(","):
        piece = piece.strip()
        if piece and not names_role(piece, role) and piece.casefold() not in {p.casefold() for p in parts}:
            parts.append(piece)
    if country and not any(_names_country(part, country) for part in parts):
        parts.append(country)
    if year is not None and year != "":
        parts.append(str(year))
    return parts


def group_words(label: str | None, country: str | None, year: object = None, *, role: str = "") -> str:
    """`group_parts` joined by commas, e.g. `Kundecenter, Danmark, 2024`."""
    return ", ".join(group_parts(label, country, year, role=role))
