"""The built site as values: its output files, and where the search bundles live in it."""

from __future__ import annotations

from dataclasses import dataclass

FOLDER = "pagefind"
"""Where the search bundles live below the site's root (see `bundle`)."""


def bundle(code: str, number: int = 1) -> str:
    """The folder of a language's search bundle below the site's root: `pagefind/da/`, then `pagefind/da.2/` and so
    on."""
    return f"{FOLDER}/{code}/" if number == 1 else f"{FOLDER}/{code}.{number}/"


def bundle_list(code: str) -> str:
    """The file below the site's root that lists a language's bundles, e.g. `pagefind/da.json`.

    It holds {"bundles": ["da/", "da.2/", ...]}, relative to itself, the first the language's main bundle.
    """
    return f"{FOLDER}/{code}.json"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: its path below the output folder and its bytes."""

    path: str
    data: bytes
    body: tuple[int, int] | None = None
    """Where a role page shows its article's body: (start, length) in bytes, if exactly once and as it is."""
    reads: frozenset[str] = frozenset()
    """What producing it read, by name (see `render.reads`)."""
