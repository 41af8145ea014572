"""The render and write stages over many pages: here, or spread over worker processes forked for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from careerguide import write
from careerguide.incremental.card_files import put_card
from careerguide.link import LinkTargets, RolePage, Site
from careerguide.load.plan import Outline
from careerguide.model.errors import ContentError
from careerguide.model.output import OutputFile
from careerguide.parallel import collector
from careerguide.parallel.forking import Workers, worker_count
from careerguide.render import Renderer
from careerguide.text.formatting import pickled_hyphenators, take_hyphenators

Span = tuple[int, int, int] | None
"""Where a role page shows its body: (start, length, the page's size) in bytes; None if it cannot be told."""
Written = tuple[str, list[ContentError] | None, Span, frozenset[str]]
"""A file written: its path, its problems (None for a site file), where its body is, and what it read (see
`render.reads`)."""
Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) while role pages are written."""


def start_workers(jobs: int | None, plan: Outline) -> Workers | None:
    """Render workers and the hyphenation helper for a site of `plan`'s size, or None when it renders here.

    A large site may render most of its pages: its workers start before it is loaded, while this process
    is small. Forked later, they would share its hundreds of megabytes of parsed YAML and checked site, and
    copy every page of it that changes. Unused, they are closed.
    """
    count = worker_count(jobs, plan.articles)
    return (
        Workers(count, start_renderer, render_pages, partial(pickled_hyphenators, plan.locales)) if count > 1 else None
    )


def render_and_write(
    renderer: Renderer,
    parts: list[Callable[[], list[OutputFile]]],
    pages: list[RolePage],
    temp: Path,
    jobs: int | None,
    progress: Progress | None,
    done: int,
    total: int,
    workers: Workers | None = None,
    previous: Path | None = None,
) -> Iterator[Written]:
    """Render and write site files (the given parts of them) and role pages, here or with worker processes
    (`workers`, if started already, else started here from this process).

    Yields what each file is (see `Written`): role pages with their problems, site files with None.
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
            yield from _write_part(part, temp)
        for page in pages:
            yield render_page(renderer, page, temp, previous)
            done += 1
            if progress and (done % 50 == 0 or done == total):
                progress(done, total)
        return
    if workers is not None:
        take_hyphenators(workers.preloaded())
    renderer.prepare()
    if workers is None:  # forked now, they share this process's dictionaries
        workers = Workers(jobs, start_renderer, render_pages)
    try:
        setup = (renderer.site.for_role_pages(), renderer.targets, temp, previous)
        results = workers.run(setup, _chunks(pages, len(workers)))
        # The site files list every role, and so read every page; this process renders them meanwhile.
        for part in parts:
            yield from _write_part(part, temp)
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
        yield pages[start : start + size]
        start += size


def _write_part(part: Callable[[], list[OutputFile]], temp: Path) -> list[Written]:
    """Render and write a part of the site files."""
    with collector.paused():  # a comparison of thousands of roles is a million short-lived objects
        files = part()
    for file in files:
        write.write_file(temp, file)
    return [(file.path, None, None, file.reads) for file in files]


def start_renderer(setup: tuple[Site, LinkTargets, Path, Path | None]) -> tuple[Renderer, Path, Path | None]:
    """Runs once in each worker: the renderer of the site it was sent (see `Site.for_role_pages`)."""
    site, targets, temp, previous = setup
    return Renderer(site, targets=targets), temp, previous


def render_pages(state: tuple[Renderer, Path, Path | None], pages: list[RolePage]) -> list[Written]:
    """Render and write some role pages in a worker; a template problem travels back as an exception."""
    renderer, temp, previous = state
    return [render_page(renderer, page, temp, previous) for page in pages]


def render_page(renderer: Renderer, page: RolePage, temp: Path, previous: Path | None = None) -> Written:
    """Render and write one role page and its card image."""
    card = renderer.role_card(page)  # once: the page names the image, which is then written
    file, problems = renderer.role_page(page, card)
    write.write_file(temp, file)
    put_card(*card, temp, previous)
    return file.path, problems, None if file.body is None else (*file.body, len(file.data)), file.reads
