"""The build, stage by stage: load, validate, link, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from careerguide.errors import BuildFailed, ContentError, sort_problems
from careerguide.link import Site, link
from careerguide.load import load_site
from careerguide.render import OutputFile, render
from careerguide.validate import validate
from careerguide.write import check_output_folder, write_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made: the site, its files, and the warnings it printed."""

    site: Site
    files: tuple[OutputFile, ...]
    warnings: tuple[ContentError, ...]


def make_site(root: Path, *, strict: bool = False) -> BuildResult:
    """Read, check, link and render the site root; raises BuildFailed with every problem found."""
    raw = load_site(root)
    content, problems = validate(raw)
    if content is None or _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    site, link_problems = link(content)
    problems += link_problems
    if _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    files, render_problems = render(site)
    problems += render_problems
    if _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    return BuildResult(site, tuple(files), tuple(sort_problems(problems)))


def build_site(root: Path, out: Path, *, strict: bool = False) -> BuildResult:
    """Build the site root into `out`; on any problem `out` is left as it was."""
    check_output_folder(out, root)
    result = make_site(root, strict=strict)
    write_site(result.files, out)
    return result


def _errors(problems: list[ContentError], strict: bool) -> bool:
    return any(strict or not p.warning for p in problems)


def _final(problems: list[ContentError], strict: bool) -> list[ContentError]:
    """Problems as they are reported: under --strict every warning counts as an error."""
    return sort_problems([p.as_error() if strict else p for p in problems])
