"""What a build may take from the last build into its output folder, and only once the folder is known to
hold what that build left there (see `record`): the answer that nothing changed, a patch of articles'
bodies (see `patch`), or unchanged pages and search bundles to hard-link into the new folder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from careerguide.incremental.cache import Cache
from careerguide.incremental.manifest import LastBuild, Manifest
from careerguide.model.errors import ContentError
from careerguide.parallel.forking import answer_aside
from careerguide.write import search as search_index
from careerguide.write.record import OutputRecord


@dataclass(frozen=True)
class Previous:
    """The last build into an output folder, and what of the folder a new build may take from it."""

    manifest: Manifest
    pages: Mapping[str, tuple[str, list[ContentError]]]
    """The last build's entries (see `Manifest.pages`); none when nothing records what it left in the folder."""
    differing: frozenset[str]
    """The paths below the folder that are not as that build left them: edited, replaced or gone."""

    def reusable(self, path: str) -> bool:
        """Whether the file at this path below the folder is the one the last build wrote."""
        return path not in self.differing

    def index_reusable(self) -> bool:
        """Whether the search bundles can be taken whole: nothing below their folder differs, nothing was added."""
        prefix = search_index.FOLDER + "/"
        return bool(self.pages) and not any(
            path == search_index.FOLDER or path.startswith(prefix) for path in self.differing
        )


def previous_output(cache: Cache | None, out: Path, *, intact: bool = False) -> Previous:
    """What a build into `out` may take from the last one; `intact` when the folder was just found as it was left."""
    manifest = cache.manifest(out) if cache is not None and out.is_dir() else Manifest()
    record = _record_of(manifest, out)
    if record is None:
        return Previous(manifest, {}, frozenset())
    return Previous(manifest, manifest.pages, frozenset() if intact else frozenset(record.differing()))


def since_last_build(cache: Cache, out: Path, search: bool) -> tuple[LastBuild, dict[str, list[int]], bool] | None:
    """The last build into `out`, what of its input changed since, and whether the folder holds exactly what
    it left; None if there was none made the same way (with the search index or without)."""
    manifest = cache.manifest(out)
    last, record = manifest.build, _record_of(manifest, out)
    if last is None or not last.inputs or record is None or (out / search_index.FOLDER).is_dir() != search:
        return None
    # 15,000 pages and 30,000 input files in a large guide: another core looks at the one while this looks at the other
    intact = answer_aside(record.intact)
    try:
        changed = last.inputs.changed()
    finally:
        there = intact()
    return last, changed, there


def refreshed_output(manifest: Manifest, written: list[str]) -> dict[str, list[int | str]]:
    """The record's entries for the pages a patch replaced in the output folder (see `OutputRecord.refreshed`).

    None found, the next build finds those pages changed and renders them again: slower, never wrong.
    """
    return manifest.output.refreshed(written) if manifest.output is not None else {}


def _record_of(manifest: Manifest, out: Path) -> OutputRecord | None:
    """The manifest's record of the output folder, if it is the record of this one."""
    record = manifest.output
    return record if record is not None and record.folder == str(out) else None
