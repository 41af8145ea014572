"""The incremental layer's decisions, each in one place with its reason: nothing to do, a body patch, and which site
files stay."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from careerguide import write
from careerguide.incremental.cache import Cache
from careerguide.incremental.keys import Keys
from careerguide.incremental.manifest import BodySlot, LastBuild, Manifest, article_slot_key
from careerguide.incremental.patch import BodyPatch, patch_bodies
from careerguide.incremental.reuse import Previous, refreshed_output, since_last_build
from careerguide.link import LinkTargets, RolePage, Site
from careerguide.load.stamps import Stamps
from careerguide.model.errors import BuildFailed, ContentError, sort_problems
from careerguide.model.output import OutputFile
from careerguide.render import Renderer, page_path
from careerguide.result import BuildResult, failing, final, languages
from careerguide.write.targets import LiveFolder, SwappedFolder

Target = SwappedFolder | LiveFolder
"""Where a build is written (see `write.targets`)."""

SITE_FILES = "(site files)"
"""The manifest entry that stands for the general part of the site files (see `site_files_entry`)."""
SETTINGS = "(settings)"
"""The manifest entry for what every page depends on: generator, site.yaml and theme."""


def site_files_entry(part: str) -> str:
    """The manifest entry that stands for a part of the site files (see `render.GENERAL_PART`)."""
    return f"(site files {part})" if part else SITE_FILES


def is_page(entry: str) -> bool:
    """Whether a manifest entry names an output file, not a part of the site or its settings (those are in brackets)."""
    return not entry.startswith("(")


def already_built(
    site: Site,
    problems: list[ContentError],
    out: Path,
    last: Previous,
    targets: LinkTargets,
    cache: Cache | None,
    *,
    strict: bool,
    persist: bool = True,
) -> BuildResult:
    """The answer when the output folder already holds exactly this build: nothing is written."""
    problems += [problem for _, page_problems in last.pages.values() for problem in page_problems]
    if failing(problems, strict):
        raise BuildFailed(final(problems, strict))
    result = BuildResult(site, tuple(sort_problems(problems)), reused=len(site.pages), languages=languages(site))
    if cache is not None:  # the stamps changed (a file touched or saved unchanged): remember the new ones
        manifest = last.manifest
        cache.save(
            out,
            Manifest(
                last.pages,
                LastBuild(Stamps.of(cache.inputs), result.languages, result.warnings),
                manifest.slots,
                targets,
                output=manifest.output,
                readsets=manifest.readsets,
            ),
            persist=persist,
        )
    return result


def site_files_to_render(
    renderer: Renderer, keys: Keys, previous: Previous, target: Target
) -> tuple[set[str], list[Callable[[], list[OutputFile]]]]:
    """The parts of the site files kept from the previous output, because nothing they read changed and their files
    are as that build left them, and the pieces of the others, to render."""
    paths: dict[str, list[str]] = {}
    for part, path in renderer.site_file_paths():
        paths.setdefault(part, []).append(path)
    kept = {
        part
        for part in paths
        if keys.same(site_files_entry(part))
        and all(previous.reusable(path) and target.keep(path) for path in paths[part])
    }
    return kept, [piece for part, piece in renderer.site_file_parts() if part not in kept]


def unchanged(
    previous: Mapping[str, tuple[str, list[ContentError]]], keys: Keys, pages: list[str], parts: set[str]
) -> bool:
    """Whether the last build, whose output folder is as it left it, made exactly this one: the same role `pages` and
    site file `parts`, none of which read anything that changed since (then nothing is written at all)."""
    entries = [site_files_entry(part) for part in parts]
    return (
        set(previous) == {*pages, *entries, SETTINGS}
        and previous[SETTINGS][0] == keys.settings
        and all(keys.same(path, path) for path in pages)
        and all(keys.same(entry) for entry in entries)
    )


def apply_patch(out: Path, cache: Cache, last: LastBuild, patch: BodyPatch | None, *, strict: bool) -> BuildResult:
    """Bring `out` up to date without a build: nothing changed since the `last` one, or only the pages of `patch`."""
    problems = list(last.warnings) if patch is None else patch.problems
    if failing(problems, strict):
        raise BuildFailed(final(problems, strict))
    pages = sum(count for _, count in last.languages)
    if patch is None:
        write.remove_stale_temporaries(out)
        return BuildResult(None, last.warnings, reused=pages, languages=last.languages)
    write.replace_files(out, list(patch.files))
    warnings = tuple(sort_problems(problems))
    output = refreshed_output(cache.manifest(out), [file.path for file in patch.files])
    cache.save_patch(
        out,
        patch.pages,
        patch.slots,
        LastBuild(last.inputs.updated(patch.inputs), last.languages, warnings),
        patch.inputs,
        output,
    )
    return BuildResult(
        None, warnings, rendered=len(patch.files), reused=pages - len(patch.files), languages=last.languages
    )


def shortcut(
    root: Path,
    out: Path,
    cache: Cache | None,
    *,
    base_url: str | None,
    search: bool,
) -> tuple[tuple[LastBuild, BodyPatch | None] | None, bool]:
    """Whether the build can skip loading: ((the last build, the patch of the bodies that changed or None when nothing
    did), whether `out` is as the last build left it). A build for another address always loads."""
    if cache is None or base_url is not None or (since := since_last_build(cache, out, search)) is None:
        return None, False
    last, changed, intact = since
    patch = patch_bodies(root, out, cache.manifest(out), changed, search=search) if changed and intact else None
    return ((last, patch) if intact and (not changed or patch is not None) else None), intact


def reuse_pages(
    site: Site,
    keys: Keys,
    last: Previous,
    renderer: Renderer,
    target: Target,
) -> tuple[dict[str, tuple[str, list[ContentError]]], dict[str, BodySlot | str], list[RolePage]]:
    """Keep every role page (and its card) whose key is the last build's and whose file is intact.

    Returns the manifest entries of the pages kept, their body slots (see `Manifest.slots`) and the pages to render.
    """
    outcome: dict[str, tuple[str, list[ContentError]]] = {}
    slots: dict[str, BodySlot | str] = {}
    todo: list[RolePage] = []
    for page in site.pages:
        path = page_path(page)
        old = last.pages.get(path)
        if (
            old
            and keys.same(path, path)
            and _keep(path, last, target)
            and _keep(renderer.role_card(page)[0], last, target)
        ):
            outcome[path] = old
            article = article_slot_key(page.article.lang, page.article.slug)
            if article in last.manifest.slots:
                slots[article] = last.manifest.slots[article]
        else:
            todo.append(page)
    return outcome, slots, todo


def _keep(path: str, last: Previous, target: Target) -> bool:
    """Keep the last build's file at `path` in `target`, if it is as that build left it."""
    return last.reusable(path) and target.keep(path)
