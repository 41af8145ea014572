"""The build: plan, load, validate, link, render and write, with the incremental and parallel layers around the stages.

`build_site` is the whole pipeline; read it first. Each stage is a package that takes values and returns values
(`load` reads and `write` writes); the cache (`incremental`) and the worker processes (`parallel`) wrap them here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from careerguide import write
from careerguide.incremental.cache import Cache
from careerguide.incremental.card_files import tidy_live_folder
from careerguide.incremental.decisions import (
    SETTINGS,
    already_built,
    apply_patch,
    is_page,
    reuse_pages,
    shortcut,
    site_files_entry,
    site_files_to_render,
    unchanged,
)
from careerguide.incremental.keys import InputValues, Keys
from careerguide.incremental.manifest import BodySlot, LastBuild, Manifest, article_slot_key
from careerguide.incremental.reuse import Previous, previous_output
from careerguide.link import RolePage, Site, link
from careerguide.load import load_site
from careerguide.load.plan import outline
from careerguide.load.stamps import Stamps
from careerguide.model.errors import BuildFailed, ContentError, sort_problems
from careerguide.model.raw import RawSite
from careerguide.parallel import collector
from careerguide.parallel.forking import Workers
from careerguide.parallel.parsing import ParseStream
from careerguide.parallel.rendering import Progress, Written, render_and_write, start_workers
from careerguide.render import Renderer, TemplateProblem, page_path, render
from careerguide.render.linkcheck import broken_links
from careerguide.result import BuildResult, failing, final, languages
from careerguide.validate import each_file, validate
from careerguide.write import folder, record
from careerguide.write import search as search_index
from careerguide.write.targets import LiveFolder, SwappedFolder


def build_site(
    root: Path,
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    cache: Cache | None = None,
    progress: Progress | None = None,
    base_url: str | None = None,
    search: bool = False,
    live: bool = False,
    changed: frozenset[str] | None = None,
) -> BuildResult:
    """Build the site root into `out`; on any problem `out` is left exactly as it was.

    With a `cache`, files parsed before are not parsed again and pages whose inputs did not change are
    kept from the previous output; when nothing but articles' bodies changed, their pages in `out` are
    patched instead (see `incremental.decisions`). With `search`, the Pagefind index is built into the new
    folder before it is swapped in. `live` (the preview) updates the served folder `out` in place, file by
    file, and `changed` names the files a watcher saw change since the last build with this cache.
    """
    given, out = out, folder.output_folder(out, root)  # where a symbolic link leads: the site is swapped in there
    root = root.absolute()  # the cache's stamps name files by absolute path (see `load.stamps`)
    skip, intact = shortcut(root, out, cache, base_url=base_url, search=search) if not live else (None, False)
    if skip is not None and cache is not None:
        with folder.writing(out, given):
            return apply_patch(out, cache, *skip, strict=strict)
    workers = start_workers(jobs, outline(root))  # forked now, while this process is small (see `parallel.rendering`)
    try:
        with collector.paused():
            raw = _load(
                root, cache, jobs, changed=changed, persist=not live, loaded=workers.release if workers else None
            )
            site, problems = _checked(raw, strict=strict, cache=cache, base_url=base_url, search=search)
            del raw  # at 15,000 pages its parsed YAML is hundreds of megabytes
        with collector.frozen(), folder.writing(out, given):  # the checked site lasts until the end
            last = previous_output(cache, out, intact=intact)
            return _render_and_write(
                site,
                problems,
                out,
                last,
                cache=cache,
                strict=strict,
                jobs=jobs,
                progress=progress,
                search=search,
                workers=workers,
                live=live,
            )
    finally:
        if workers is not None:
            workers.close()


def refresh_site(
    root: Path, out: Path, cache: Cache, *, base_url: str | None = None, changed: frozenset[str] | None = None
) -> BuildResult:
    """The preview's build: `build_site` into the folder it serves, in place and in this process."""
    return build_site(root, out, cache=cache, base_url=base_url, jobs=1, live=True, changed=changed)


def make_site(root: Path, *, strict: bool = False) -> BuildResult:
    """Build the whole site in memory, without cache or output folder (for tests and `check`)."""
    site, problems = checked_site(root, strict=strict)
    files, render_problems = render(site)
    problems += render_problems
    if failing(problems, strict):
        raise BuildFailed(final(problems, strict))
    return BuildResult(
        site, tuple(sort_problems(problems)), tuple(files), rendered=len(site.pages), languages=languages(site)
    )


def checked_site(
    root: Path,
    *,
    strict: bool = False,
    cache: Cache | None = None,
    base_url: str | None = None,
    search: bool = False,
    jobs: int | None = 1,
    changed: frozenset[str] | None = None,
) -> tuple[Site, list[ContentError]]:
    """Load, validate and link the site root; raises BuildFailed with every problem found.

    `base_url` replaces the one of site.yaml, as the preview server does with its own address;
    `search` says whether the build writes the search index; `changed` is what a file watcher saw
    change (see `load_site`).
    """
    with collector.paused():
        return _checked(
            _load(root, cache, jobs, changed=changed, persist=False),
            strict=strict,
            cache=cache,
            base_url=base_url,
            search=search,
        )


def _load(
    root: Path,
    cache: Cache | None,
    jobs: int | None,
    *,
    changed: frozenset[str] | None = None,
    persist: bool,
    loaded: Callable[[], None] | None = None,
) -> RawSite:
    """The load stage, its YAML parsed by worker processes; then the cache keeps the parsed values for the next load
    (see `Cache.save_loaded`). `loaded` is called in between."""
    raw = load_site(root, cache, ParseStream(jobs), changed=changed)  # the stream is closed by the load
    if loaded is not None:
        loaded()
    if cache is not None:
        cache.save_loaded(persist=persist)
    return raw


def _checked(
    raw: RawSite, *, strict: bool, cache: Cache | None, base_url: str | None, search: bool
) -> tuple[Site, list[ContentError]]:
    """The validate and link stages, and the check of every link against the pages the build will make."""
    kept = cache if cache is not None and cache.keep_loaded else None  # a process that builds again and again
    content, problems = validate(raw, each=kept.checks if kept else each_file)
    if kept is not None:
        kept.checks.forget_unused()
    if content is None or failing(problems, False):
        raise BuildFailed(final(problems, strict))
    if base_url is not None or search:
        content = replace(
            content, config=replace(content.config, base_url=base_url or content.config.base_url, search=search)
        )
    site = kept.links(content) if kept else link(content)
    problems = problems + broken_links(site)
    if failing(problems, strict):  # with the links' problems, so that --strict names them all at once
        raise BuildFailed(final(problems, strict))
    return site, problems


def _render_and_write(
    site: Site,
    problems: list[ContentError],
    out: Path,
    last: Previous,
    *,
    cache: Cache | None,
    strict: bool,
    jobs: int | None,
    progress: Progress | None,
    search: bool,
    workers: Workers | None,
    live: bool,
) -> BuildResult:
    """The render and write stages, reusing what the last build made: into a new folder swapped in whole or, `live`
    when the settings are the last build's, into the served folder in place (see `write.targets`)."""
    renderer = Renderer(site)
    earlier = cache.page_values if cache is not None and cache.keep_loaded else None
    keys = Keys(InputValues(site, renderer.targets, earlier), last.pages, last.manifest.readsets)
    write.remove_stale_temporaries(out)  # also when nothing changed and nothing is written
    if (
        last.pages
        and not last.differing
        and unchanged(last.pages, keys, [page_path(page) for page in site.pages], _parts(renderer))
        and (out / search_index.FOLDER).is_dir() == search
    ):
        return already_built(site, problems, out, last, renderer.targets, cache, strict=strict, persist=not live)
    # New settings change every page, and the search index is made over a whole folder: both get a new folder.
    in_place = live and not search and last.pages.get(SETTINGS, ("",))[0] == keys.settings
    target = (LiveFolder if in_place else SwappedFolder)(out, site.content.config.base_url)
    try:
        parallel = (jobs, progress, workers)
        outcome, slots, todo = _render_into(
            target, site, renderer, keys, last, out, parallel, remember=cache is not None
        )
        reused = len(site.pages) - len(todo)
        rendered = {page_path(page): page for page in todo}
        problems = problems + [problem for _, page_problems in outcome.values() for problem in page_problems]
        if failing(problems, strict):
            raise BuildFailed(final(problems, strict))
        if search:
            _index(target.folder, [page_path(page) for page in site.pages], last, rendered, out)
        target.finish()
    except TemplateProblem as problem:
        target.abort()
        raise BuildFailed([problem.error]) from None
    except BaseException:
        target.abort()
        raise
    if in_place:
        tidy_live_folder(out, renderer, todo, [path for path in last.pages if is_page(path) and path not in outcome])
    result = BuildResult(
        site, tuple(sort_problems(problems)), rendered=len(todo), reused=reused, languages=languages(site)
    )
    if cache is not None:
        _remember(cache, out, result, Manifest(outcome, None, slots, renderer.targets, readsets=keys.used), keys, live)
    return result


def _remember(cache: Cache, out: Path, result: BuildResult, manifest: Manifest, keys: Keys, live: bool) -> None:
    """Keep what this build read and wrote into `out` for the next one: on disk, unless it is the preview's."""
    if cache.keep_loaded:
        cache.page_values = keys.values.page_values
    inputs = LastBuild(Stamps.of(cache.inputs), result.languages, result.warnings)
    cache.save(out, replace(manifest, build=inputs, output=record.take(out)), persist=not live)


def _render_into(
    target: SwappedFolder | LiveFolder,
    site: Site,
    renderer: Renderer,
    keys: Keys,
    last: Previous,
    out: Path,
    parallel: tuple[int | None, Progress | None, Workers | None],
    *,
    remember: bool,
) -> tuple[dict[str, tuple[str, list[ContentError]]], dict[str, BodySlot | str], list[RolePage]]:
    """Keep what the last build made and may stay, render and write the rest into `target`: the manifest's entries,
    the articles' body slots and the role pages rendered. `parallel` is (jobs, progress, workers started already)."""
    jobs, progress, workers = parallel
    outcome, slots, todo = reuse_pages(site, keys, last, renderer, target)
    kept, parts = site_files_to_render(renderer, keys, last, target)
    rendered = {page_path(page): page for page in todo}
    previous = out if last.pages and not last.differing else None
    total = len(site.pages)
    pages = render_and_write(
        renderer,
        parts,
        todo,
        target.folder,
        jobs,
        progress,
        done=len(outcome),
        total=total,
        workers=workers,
        previous=previous,
    )
    site_reads = _record_pages(pages, rendered, keys, outcome, slots)
    if remember:
        outcome[SETTINGS] = (keys.settings, [])
        outcome.update((site_files_entry(part), last.pages[site_files_entry(part)]) for part in kept)
        by_part = dict((path, part) for part, path in renderer.site_file_paths())
        for part in {by_part[path] for path in site_reads} - kept:
            read = {name for path, names in site_reads.items() if by_part[path] == part for name in names}
            outcome[site_files_entry(part)] = (keys.of(read)[0], [])
    return outcome, slots, todo


def _index(folder: Path, pages: list[str], last: Previous, rendered: dict[str, RolePage], out: Path) -> None:
    """The search index of the new folder, its bundles kept from the last output where no page of them changed."""
    kept = [path for path in last.pages if is_page(path) and last.reusable(path)]
    index_from = out if last.index_reusable() else None
    search_index.build_index(folder, pages, previous=index_from, previous_pages=kept, rendered=rendered)


def _parts(renderer: Renderer) -> set[str]:
    """The parts of the site files (see `Renderer.site_file_parts`)."""
    return {part for part, _ in renderer.site_file_paths()}


def _record_pages(
    pages: Iterator[Written],
    rendered: dict[str, RolePage],
    keys: Keys,
    outcome: dict[str, tuple[str, list[ContentError]]],
    slots: dict[str, BodySlot | str],
) -> dict[str, frozenset[str]]:
    """Note each rendered role page's key (from what it read) and problems, and where its article's body stands in it
    (see `patch`); returns what each site file read."""
    site_files: dict[str, frozenset[str]] = {}
    for path, page_problems, body, read in pages:
        if page_problems is None:
            site_files[path] = read
            continue
        key, frame = keys.of(read, path)
        outcome[path] = (key, page_problems)
        page = rendered[path]
        if body is not None and page.article.front_digest:
            slot = BodySlot(path, frame, page.article.front_digest, *body)
            slots[article_slot_key(page.article.lang, page.article.slug)] = slot
    return site_files
