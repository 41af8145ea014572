"""The one error type: a problem in the content, with the file and line an editor can click."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Where something came from: a path relative to the site root and a 1-based line."""

    path: str
    line: int = 1

    def at(self, line: int) -> Source:
        """The same file at another line."""
        return Source(self.path, line)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class ContentError:
    """A problem in the site's input, collected rather than raised; a warning unless `--strict` makes it an error."""

    source: Source
    message: str
    warning: bool = False
    acknowledged: bool = False
    """A warning the editor has answered in the content (a salary's `note`): it is reported, and `--strict` lets it
    pass."""
    strict: str = ""
    """The message under `--strict`, for a warning whose words say what happens without it ("the text stays
    unlinked")."""

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.source}: {kind}{self.message}"

    def as_error(self) -> ContentError:
        """The same problem, counted as an error; an acknowledged warning stays one."""
        if self.acknowledged or not self.warning:
            return self
        return ContentError(self.source, self.strict or self.message, warning=False)


class BuildFailed(Exception):
    """Raised by the pipeline with every problem found; the command line prints them all."""

    def __init__(self, problems: list[ContentError]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def sort_problems(problems: list[ContentError]) -> list[ContentError]:
    """Problems in file and line order, so the output reads like the content tree."""
    return sorted(problems, key=lambda p: (p.source.path, p.source.line, p.message))
