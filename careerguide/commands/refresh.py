"""The preview's build: a live output folder brought up to date in place, writing only what changed."""

from __future__ import annotations

from pathlib import Path

from careerguide import write
from careerguide.build import build_site, checked_site
from careerguide.incremental.cache import Cache, page_key, site_digest, site_file_keys
from careerguide.incremental.card_files import changed_card, tidy_cards
from careerguide.incremental.decisions import SETTINGS, is_page, site_files_entry
from careerguide.incremental.manifest import Manifest
from careerguide.link import RolePage
from careerguide.model.errors import BuildFailed, ContentError, sort_problems
from careerguide.model.output import OutputFile
from careerguide.render import Renderer, TemplateProblem, page_path
from careerguide.result import BuildResult, failing, final


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
                       if previous.get(site_files_entry(part), ("",))[0] != site_keys[part] for file in piece())
        outcome.update((site_files_entry(part), (key, [])) for part, key in site_keys.items())
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
    if failing(problems, False):
        raise BuildFailed(final(problems, False))
    for file in changed:
        write.replace_file(out, file)
    tidy_cards(out, renderer, rerendered, [path for path in previous.keys() - outcome.keys() if is_page(path)])
    for path in previous.keys() - outcome.keys():
        if is_page(path):
            write.remove_file(out, path)
    cache.save(out, Manifest(outcome), persist=False)
    rendered = sum(1 for file in changed if file.path in outcome)
    return BuildResult(site, tuple(sort_problems(problems)), rendered=rendered, reused=len(site.pages) - rendered)
