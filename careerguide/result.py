"""What a build gives back: the site it made, its warnings, and the rule by which warnings fail it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from careerguide.link import Site
from careerguide.model.errors import ContentError, sort_problems
from careerguide.model.output import OutputFile


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made: the site, the warnings, and how many pages were rendered or reused."""

    site: Site | None
    """None when the build saw from the files' stamps that nothing changed, or only articles' bodies
    (see `patch`), and loaded nothing else."""
    warnings: tuple[ContentError, ...]
    files: tuple[OutputFile, ...] = ()
    """Every output file; only for builds kept in memory (`make_site`)."""
    rendered: int = 0
    reused: int = 0
    languages: tuple[tuple[str, int], ...] = ()
    """(language code, role pages) in the order of site.yaml."""


def failing(problems: list[ContentError], strict: bool) -> bool:
    """Whether these problems stop the build: any error, and under --strict any warning the editor did not
    acknowledge."""
    return any(not p.warning or (strict and not p.acknowledged) for p in problems)


def final(problems: list[ContentError], strict: bool) -> list[ContentError]:
    """Problems as they are reported: under --strict every warning the editor did not acknowledge counts as an error."""
    return sort_problems([p.as_error() if strict else p for p in problems])


def languages(site: Site) -> tuple[tuple[str, int], ...]:
    """(language code, role pages) in the order of site.yaml."""
    counts = Counter(page.ref.lang for page in site.pages)
    return tuple((lang.code, counts[lang.code]) for lang in site.content.config.languages)
