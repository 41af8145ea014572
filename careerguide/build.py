"""The build, stage by stage: load, validate, link, render, write (with a cache and worker processes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from careerguide.parallel import collector

from careerguide.write import folder

from careerguide.write import record

from careerguide import write
from careerguide.write import search as search_index
from careerguide.incremental.card_files import changed_card, link_card, put_card, tidy_cards
from careerguide.incremental.cache import Cache, page_frame, page_key, site_digest, site_file_keys
from careerguide.model.errors import BuildFailed, ContentError, sort_problems
from careerguide.parallel.parsing import ParseStream
from careerguide.parallel.forking import Workers, worker_count
from careerguide.text.formatting import pickled_hyphenators, take_hyphenators
from careerguide.link import LinkTargets, RolePage, Site, link
from careerguide.render.linkcheck import broken_links
from careerguide.load import load_site, outline
from careerguide.incremental.manifest import BodySlot, LastBuild, Manifest, article_slot_key
from careerguide.model.raw import RawSite
from careerguide.incremental.patch import BodyPatch, patch_bodies
from careerguide.model.output import OutputFile
from careerguide.render import Renderer, TemplateProblem, page_path, render
from careerguide.incremental.reuse import Previous, previous_output, refreshed_output, since_last_build
from careerguide.load.stamps import Stamps
from careerguide.validate import validate

Span = tuple[int, int, int] | None
"""Where a role page shows its body: (start, length, the page's size) in bytes; None if it cannot be told."""
Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) while role pages are written."""


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


def checked_site(root: Path, *, strict: bool = False, cache: Cache | None = None, base_url: str | None = None,
                 search: bool = False, jobs: int | None = 1, changed: frozenset[str] | None = None) -> tuple[Site, list[ContentError]]:
    """Load, validate and link the site root; raises BuildFailed with every problem found.

    `base_url` replaces the one of site.yaml, as the preview server does with its own address;
    `search` says whether the build writes the search index; `changed` is what a file watcher saw
    change (see `load_site`).
    """
    with collector.paused():
        return _checked(_load(root, cache, jobs, changed=changed, persist=False), strict=strict, cache=cache, base_url=base_url, search=search)


def _load(root: Path, cache: Cache | None, jobs: int | None, *, changed: frozenset[str] | None = None, persist: bool,
          loaded: Callable[[], None] | None = None) -> RawSite:
    """`load_site`, after which the cache keeps the parsed YAML values for the next load (see `Cache.save_loaded`);
    `loaded` is called in between."""
    raw = load_site(root, cache, ParseStream(jobs), changed=changed)
    if loaded is not None:
        loaded()
    if cache is not None:
        cache.save_loaded(persist=persist)
    return raw


def _checked(raw: RawSite, *, strict: bool, cache: Cache | None, base_url: str | None, search: bool) -> tuple[Site, list[ContentError]]:
    """Validate and link what was loaded (see `checked_site`)."""
    kept = cache if cache is not None and cache.keep_loaded else None
    content, problems = validate(raw, kept.checked if kept else None)
    if content is None or _errors(problems, strict=False):
        raise BuildFailed(_final(problems, strict))
    if base_url is not None or search:
        content = replace(content, config=replace(content.config, base_url=base_url or content.config.base_url, search=search))
    site = link(content, kept.linked if kept else None)
    if kept is not None:
        kept.linked = site
    problems = problems + broken_links(site)
    if _errors(problems, strict):  # with the links' problems, so that --strict names them all at once
        raise BuildFailed(_final(problems, strict))
    return site, problems


def make_site(root: Path, *, strict: bool = False) -> BuildResult:
    """Build the whole site in memory, without cache or output folder (for tests and `check`)."""
    site, problems = checked_site(root, strict=strict)
    files, render_problems = render(site)
    problems += render_problems
    if _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    return BuildResult(site, tuple(sort_problems(problems)), tuple(files), rendered=len(site.pages), languages=_languages(site))


def build_site(root: Path, out: Path, *, strict: bool = False, jobs: int | None = None, cache: Cache | None = None,
               progress: Progress | None = None, base_url: str | None = None, search: bool = False) -> BuildResult:
    """Build the site root into `out`; on any problem `out` is left exactly as it was.

    With a `cache`, files parsed before are not parsed again and pages whose inputs did not
    change are hard-linked from the previous output instead of rendered; when nothing but
    articles' bodies changed, their pages in `out` are patched instead (see `patch`). With
    `search`, the Pagefind index is built into the new folder before it is swapped in. Nothing of `out` is
    reused unless it is as the last build with this cache left it (see `reuse`).
    """
    given, out = out, folder.output_folder(out, root)  # where a symbolic link leads: the site is swapped in there
    root = root.absolute()  # the cache's stamps name files by absolute path (see `stamps.Stamps`)
    intact = False
    if cache is not None and base_url is None and (since := since_last_build(cache, out, search)) is not None:
        last, changed, intact = since
        patch = patch_bodies(root, out, cache.manifest(out), changed, search=search) if changed and intact else None
        if intact and (not changed or patch is not None):
            with folder.writing(out, given):
                return _patch(out, cache, last, patch, strict=strict)
    # A large site may render most of its pages: its render workers and the hyphenation helper start
    # now, while this process is small. Forked later, they would share its hundreds of megabytes of
    # parsed YAML and checked site, and copy every page of it that changes. Unused, they are closed.
    plan = outline(root)
    count = worker_count(jobs, plan.articles)
    workers = Workers(count, _start_renderer, _render_pages, partial(pickled_hyphenators, plan.locales)) if count > 1 else None
    try:
        with collector.paused():
            # Once the files are parsed, a core is free while this process saves and checks them.
            raw = _load(root, cache, jobs, persist=True, loaded=workers.release if workers is not None else None)
            checked = _checked(raw, strict=strict, cache=cache, base_url=base_url, search=search)
            del raw  # at 15,000 pages its parsed YAML is hundreds of megabytes
        with collector.frozen(), folder.writing(out, given):  # the checked site lasts until the end
            return _build(*checked, out, strict=strict, jobs=jobs, cache=cache, progress=progress, search=search, workers=workers,
                          last=previous_output(cache, out, intact=intact))
    finally:
        if workers is not None:
            workers.close()


def _build(site: Site, problems: list[ContentError], out: Path, *, strict: bool, jobs: int | None, cache: Cache | None,
           progress: Progress | None, search: bool, workers: Workers | None, last: Previous) -> BuildResult:
    """`build_site` from the checked site; `workers` were started for rendering before it was loaded."""
    digest = site_digest(site)
    renderer = Renderer(site)
    keys = {page_path(page): page_key(page, digest, renderer.targets) for page in site.pages}
    manifest, previous = last.manifest, last.pages
    write.remove_stale_temporaries(out)  # also when nothing changed and nothing is written
    site_keys = site_file_keys(site, digest)
    if previous and not last.differing and _unchanged(previous, keys, site_keys, digest) and (out / search_index.FOLDER).is_dir() == search:
        return _already_built(site, problems, out, last, renderer.targets, cache, strict=strict)
    temp = write.begin(out, site.content.config.base_url)
    try:
        outcome: dict[str, tuple[str, list[ContentError]]] = {}
        slots: dict[str, BodySlot | str] = {}  # see Manifest.slots
        todo: list[RolePage] = []
        for page in site.pages:
            path = page_path(page)
            old = previous.get(path)
            if (old and old[0] == keys[path] and last.reusable(path) and write.link_file(temp, path, out / path)
                    and link_card(renderer, page, temp, out, last.reusable)):
                outcome[path] = old
                article = article_slot_key(page.article.lang, page.article.slug)
                if article in manifest.slots:
                    slots[article] = manifest.slots[article]
            else:
                todo.append(page)
        reused = len(outcome)
        parts = _site_files_to_render(renderer, site_keys, last, temp, out)
        pages = {page_path(page): page for page in todo}
        for path, page_problems, body in _render_all(renderer, parts, todo, temp, jobs, progress, done=reused, total=len(site.pages), workers=workers,
                                                     previous=out if last.pages and not last.differing else None):
            if page_problems is None:  # a site file
                continue
            outcome[path] = (keys[path], page_problems)
            if body is not None and pages[path].article.front_digest:
                page = pages[path]
                slots[article_slot_key(page.article.lang, page.article.slug)] = BodySlot(path, page_frame(page, digest), page.article.front_digest, *body)
        if cache is not None:
            outcome[SETTINGS] = (digest, [])
            outcome.update((_site_files_entry(part), (key, [])) for part, key in site_keys.items())
        for _, page_problems in outcome.values():
            problems += page_problems
        if _errors(problems, strict):
            raise BuildFailed(_final(problems, strict))
        if search:
            search_index.build_index(temp, keys, previous=out if last.index_reusable() else None,
                                     previous_pages=[path for path in previous if _is_page(path) and last.reusable(path)], rendered=pages)
        write.commit(temp, out)
    except TemplateProblem as problem:
        write.abort(temp)
        raise BuildFailed([problem.error]) from None
    except BaseException:
        write.abort(temp)
        raise
    result = BuildResult(site, tuple(sort_problems(problems)), rendered=len(todo), reused=reused, languages=_languages(site))
    if cache is not None:
        cache.save(out, Manifest(outcome, LastBuild(Stamps.of(cache.inputs), result.languages, result.warnings), slots, renderer.targets,
                                 output=record.take(out)))
    return result


def _already_built(site: Site, problems: list[ContentError], out: Path, last: Previous, targets: LinkTargets, cache: Cache | None,
                   *, strict: bool) -> BuildResult:
    """The answer when the output folder already holds exactly this build: nothing is written."""
    problems += [problem for _, page_problems in last.pages.values() for problem in page_problems]
    if _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    result = BuildResult(site, tuple(sort_problems(problems)), reused=len(site.pages), languages=_languages(site))
    if cache is not None:  # the stamps changed (a file touched or saved unchanged): remember the new ones
        manifest = last.manifest
        cache.save(out, Manifest(last.pages, LastBuild(Stamps.of(cache.inputs), result.languages, result.warnings), manifest.slots,
                                 targets, output=manifest.output))
    return result


SITE_FILES = "(site files)"
"""The manifest entry that stands for the general part of the site files (see `_site_files_entry`)."""
SETTINGS = "(settings)"
"""The manifest entry for what every page depends on: generator, site.yaml and theme."""


def _site_files_entry(part: str) -> str:
    """The manifest entry that stands for a part of the site files (see `render.GENERAL_PART`)."""
    return f"(site files {part})" if part else SITE_FILES


def _is_page(entry: str) -> bool:
    """Whether a manifest entry names an output file, not a part of the site or its settings (those are in brackets)."""
    return not entry.startswith("(")


def _site_files_to_render(renderer: Renderer, keys: dict[str, str], previous: Previous,
                          temp: Path, out: Path) -> list[Callable[[], list[OutputFile]]]:
    """The pieces of the site files that must be rendered: a part whose key did not change is hard-linked from the previous output."""
    paths: dict[str, list[str]] = {}
    for part, path in renderer.site_file_paths():
        paths.setdefault(part, []).append(path)
    linked = {part for part, key in keys.items()
              if previous.pages.get(_site_files_entry(part), ("",))[0] == key
              and all(previous.reusable(path) and write.link_file(temp, path, out / path) for path in paths.get(part, ()))}
    return [piece for part, piece in renderer.site_file_parts() if part not in linked]


def refresh_site(root: Path, out: Path, cache: Cache, *, base_url: str | None = None,
                 changed: frozenset[str] | None = None) -> BuildResult:
    """Bring a live output folder up to date in place, writing only what changed (for the preview server).

    Everything is checked and rendered before the first file is touched, so on a problem the
    folder keeps the last good site. `changed`: the paths a file watcher saw change since the last
    refresh with this cache; None has every input file looked at.
    """
    site, problems = checked_site(root, cache=cache, base_url=base_url, changed=changed)
    digest = site_digest(site)
    previous = cache.manifest(out).pages
    if previous.get(SETTINGS, ("",))[0] != digest or not out.is_dir():
        return build_site(root, out, cache=cache, base_url=base_url)
    renderer = Renderer(site)
    outcome: dict[str, tuple[str, list[ContentError]]] = {}
    changed: list[OutputFile] = []
    rerendered: list[RolePage] = []
    try:
        site_keys = site_file_keys(site, digest)
        changed.extend(file for part, piece in renderer.site_file_parts()
                       if previous.get(_site_files_entry(part), ("",))[0] != site_keys[part] for file in piece())
        outcome.update((_site_files_entry(part), (key, [])) for part, key in site_keys.items())
        outcome[SETTINGS] = (digest, [])
        for page in site.pages:
            path, key = page_path(page), page_key(page, digest, renderer.targets)
            old = previous.get(path)
            if old and old[0] == key:
                outcome[path] = old
            else:
                file, page_problems = renderer.role_page(page)
                changed += [file, *changed_card(renderer, page, out)]
                rerendered.append(page)
                outcome[path] = (key, page_problems)
    except TemplateProblem as problem:
        raise BuildFailed([problem.error]) from None
    for _, page_problems in outcome.values():
        problems += page_problems
    if _errors(problems, False):
        raise BuildFailed(_final(problems, False))
    for file in changed:
        write.replace_file(out, file)
    tidy_cards(out, renderer, rerendered, [path for path in previous.keys() - outcome.keys() if _is_page(path)])
    for path in previous.keys() - outcome.keys():
        if _is_page(path):
            write.remove_file(out, path)
    cache.save(out, Manifest(outcome), persist=False)
    rendered = sum(1 for file in changed if file.path in outcome)
    return BuildResult(site, tuple(sort_problems(problems)), rendered=rendered, reused=len(site.pages) - rendered)


def _patch(out: Path, cache: Cache, last: LastBuild, patch: BodyPatch | None, *, strict: bool) -> BuildResult:
    """Bring `out` up to date without a build: nothing changed since the `last` one, or only the pages of `patch`."""
    problems = list(last.warnings) if patch is None else patch.problems
    if _errors(problems, strict):
        raise BuildFailed(_final(problems, strict))
    pages = sum(count for _, count in last.languages)
    if patch is None:
        write.remove_stale_temporaries(out)
        return BuildResult(None, last.warnings, reused=pages, languages=last.languages)
    write.replace_files(out, list(patch.files))
    warnings = tuple(sort_problems(problems))
    output = refreshed_output(cache.manifest(out), [file.path for file in patch.files])
    cache.save_patch(out, patch.pages, patch.slots, LastBuild(last.inputs.updated(patch.inputs), last.languages, warnings), patch.inputs, output)
    return BuildResult(None, warnings, rendered=len(patch.files), reused=pages - len(patch.files), languages=last.languages)


def _languages(site: Site) -> tuple[tuple[str, int], ...]:
    counts = Counter(page.ref.lang for page in site.pages)
    return tuple((lang.code, counts[lang.code]) for lang in site.content.config.languages)


def _unchanged(previous: Mapping[str, tuple[str, list[ContentError]]], keys: dict[str, str], site_keys: dict[str, str], digest: str) -> bool:
    """Whether the last build, whose output folder is as it left it, made exactly this one (then nothing is written at all)."""
    expected = {**keys, SETTINGS: digest, **{_site_files_entry(part): key for part, key in site_keys.items()}}
    return {path: entry[0] for path, entry in previous.items()} == expected


def _render_all(renderer: Renderer, parts: list[Callable[[], list[OutputFile]]], pages: list[RolePage], temp: Path,
                jobs: int | None, progress: Progress | None, done: int, total: int,
                workers: Workers | None = None, previous: Path | None = None) -> Iterator[tuple[str, list[ContentError] | None, Span]]:
    """Render and write site files (the given parts of them) and role pages, here or with worker processes
    (`workers`, if started already, else started here from this process).

    Yields (path, problems, where its body is) for each role page and (path, None, None) for each site file.
    `previous` is the last output, which unchanged card images are linked from (see `card_files`).
    """
    jobs = worker_count(jobs, len(pages))
    parallel = jobs > 1 and len(pages) >= 2
    if progress:
        progress(done, total)
    if not parallel:  # a few pages here load only the hyphenation dictionaries they need
        if workers is not None:
            workers.close()
        for part in parts:
            yield from ((path, None, None) for path in _write_part(part, temp))
        for page in pages:
            yield _render_page(renderer, page, temp, previous)
            done += 1
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        return
    if workers is not None:
        take_hyphenators(workers.preloaded())
    renderer.prepare()
    if workers is None:  # forked now, they share this process's dictionaries
        workers = Workers(jobs, _start_renderer, _render_pages)
    try:
        setup = (renderer.site.for_role_pages(), renderer.targets, temp, previous)
        results = workers.run(setup, _chunks(pages, len(workers)))
        # The site files list every role, and so read every page; this process renders them meanwhile.
        for part in parts:
            yield from ((path, None, None) for path in _write_part(part, temp))
        for chunk_results in results:
            done += len(chunk_results)
            yield from chunk_results
            if progress:
                progress(done, total)
    finally:
        workers.close()


def _chunks(pages: list[RolePage], workers: int) -> Iterator[list[RolePage]]:
    """The pages in chunks of up to 200, smaller towards the end, so that the workers finish together."""
    start = 0
    while start < len(pages):
        size = max(16, min(200, (len(pages) - start) // (workers * 4)))
        yield pages[start:start + size]
        start += size


def _write_part(part: Callable[[], list[OutputFile]], temp: Path) -> list[str]:
    """Render and write a part of the site files; the paths written."""
    with collector.paused():  # a comparison of thousands of roles is a million short-lived objects
        files = part()
    for file in files:
        write.write_file(temp, file)
    return [file.path for file in files]


def _start_renderer(setup: tuple[Site, LinkTargets, Path, Path | None]) -> tuple[Renderer, Path, Path | None]:
    """Runs once in each worker: the renderer of the site it was sent (see `Site.for_role_pages`)."""
    site, targets, temp, previous = setup
    return Renderer(site, targets=targets), temp, previous


def _render_pages(state: tuple[Renderer, Path, Path | None], pages: list[RolePage]) -> list[tuple[str, list[ContentError], Span]]:
    """Render and write some role pages in a worker; a template problem travels back as an exception."""
    renderer, temp, previous = state
    return [_render_page(renderer, page, temp, previous) for page in pages]


def _render_page(renderer: Renderer, page: RolePage, temp: Path, previous: Path | None = None) -> tuple[str, list[ContentError], Span]:
    """Render and write one role page and its card image: its path, its problems and where its body is."""
    file, problems = renderer.role_page(page)
    write.write_file(temp, file)
    put_card(renderer, page, temp, previous)
    return file.path, problems, None if file.body is None else (*file.body, len(file.data))


def _errors(problems: list[ContentError], strict: bool) -> bool:
    return any(not p.warning or (strict and not p.acknowledged) for p in problems)


def _final(problems: list[ContentError], strict: bool) -> list[ContentError]:
    """Problems as they are reported: under --strict every warning the editor did not acknowledge counts as an error."""
    return sort_problems([p.as_error() if strict else p for p in problems])
