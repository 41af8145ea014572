"""The rebuild after only articles' bodies changed: each of their pages is the page written last time
with the new body in the old one's place, so nothing else is loaded, checked or rendered.

A body shows only on its own page (other pages show an article's front matter, never its body),
so when every changed file is an article whose front matter is as the last build read it, the
rest of the site stays as it is. The theme must show the body as it is, once (see
`theme.body_shown_as_is`); the last build recorded where in each page it went (`BodySlot`).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from careerguide import write
from careerguide.cache import BodySlot, Cache, LastBuild, article_key
from careerguide.errors import ContentError
from careerguide.link import body_html
from careerguide.load import read_article
from careerguide.render import OutputFile
from careerguide.search import searchable


@dataclass(frozen=True)
class BodyPatch:
    """The pages a body-only rebuild replaces, and what the cache is to remember of the build it makes."""

    files: tuple[OutputFile, ...]
    pages: dict[str, tuple[str, list[ContentError]]]
    """The manifest's entries (see `Cache.pages`), the patched pages' updated."""
    slots: dict[str, BodySlot]
    inputs: dict[str, list[int]]
    """Every input's stamp, the changed ones' as they are now."""
    problems: list[ContentError]
    """The site's problems: the last build's, with the patched pages' own found again."""


def patch_bodies(root: Path, out: Path, cache: Cache, last: LastBuild, changed: dict[str, list[int]], *,
                 search: bool) -> BodyPatch | None:
    """The patch for `out` when the `changed` inputs (path -> stamp now) are article files whose front
    matter is as the last build read it, and the content folders they are in; None when anything else
    changed, and the whole site must be built."""
    slots, targets = cache.body_slots(out), cache.link_targets(out)
    if not slots or targets is None:
        return None
    page_of = {slot.article: page for page, slot in slots.items()}
    pages, new_slots, inputs = dict(cache.pages(out)), dict(slots), dict(last.inputs)
    files: list[OutputFile] = []
    before: list[ContentError] = []
    after: list[ContentError] = []
    for path, stamp in sorted(changed.items()):
        page = page_of.get(path)
        if page is None:
            if os.path.dirname(path) != str(root / "content") or not _same_articles(path, last.inputs):
                return None
            inputs[path] = stamp
            continue
        slot, article = slots[page], read_article(root, path)
        old = write.read_page(out, page)
        if article is None or article.front_digest != slot.front or old is None or len(old) != slot.size:
            return None
        lang = Path(path).parent.name
        html, problems = body_html(article.body, lang, article.body_line, article.source, targets)
        data = html.encode()
        new = old[: slot.start] + data + old[slot.start + slot.length :]
        if search and searchable(new) != searchable(old):  # Pagefind must index the page again
            return None
        inputs[path] = article.stamp
        before += pages[page][1]
        after += problems
        pages[page] = (article_key(slot.frame, article.digest, targets.mentions_key(article.mentions, lang)), problems)
        new_slots[page] = replace(slot, length=len(data), size=len(new))
        if new != old:
            files.append(OutputFile(page, new, (slot.start, len(data))))
    remaining = Counter(last.warnings)
    remaining.subtract(before)
    return BodyPatch(tuple(files), pages, new_slots, inputs, [*remaining.elements(), *after])


def _same_articles(folder: str, inputs: dict[str, list[int]]) -> bool:
    """Whether a content folder whose stamp changed holds the same article files as before (an editor
    that saves a file by writing a new one and renaming it changes its folder's stamp)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    now = {f"{folder}/{name}" for name in names if name.endswith(".md") and not name.startswith(".")}
    return now == {path for path in inputs if path.endswith(".md") and os.path.dirname(path) == folder}
