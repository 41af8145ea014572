"""The rebuild after only articles' bodies changed: each of their pages is the page written last time
with the new body in the old one's place, so nothing else is loaded, checked or rendered.

A body shows only on its own page (other pages show an article's front matter, never its body),
so when every changed file is an article whose front matter is as the last build read it, the
rest of the site stays as it is. The theme must show the body as it is, once (see
`theme.body_shown_as_is`); the last build recorded where in each page it went (`manifest.BodySlot`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from careerguide import write
from careerguide.incremental.keys import key_parts, key_text, keyed, links_value
from careerguide.incremental.manifest import BodySlot, Manifest, article_slot_key
from careerguide.link import body_html
from careerguide.load.files import read_article
from careerguide.model.errors import ContentError
from careerguide.model.output import OutputFile
from careerguide.render.sections import headings
from careerguide.text.markup import might_lead_inside
from careerguide.write.search import same_for_search


@dataclass(frozen=True)
class BodyPatch:
    """The pages a body-only rebuild replaces, and what it changes in the manifest (see `manifest.write_patch`)."""

    files: tuple[OutputFile, ...]
    pages: dict[str, tuple[str, list[ContentError]]]
    """The patched pages' new manifest entries."""
    slots: dict[str, BodySlot]
    """The patched articles' new slots."""
    inputs: dict[str, list[int]]
    """The changed inputs' stamps now."""
    problems: list[ContentError]
    """The site's problems: the last build's, with the patched pages' own found again."""


def patch_bodies(
    root: Path, out: Path, manifest: Manifest, changed: dict[str, list[int]], *, search: bool
) -> BodyPatch | None:
    """The patch for `out` when the `changed` inputs (path -> stamp now) are article files whose front
    matter is as the last build into `out` read it, and the content folders they are in; None when
    anything else changed, and the whole site must be built."""
    targets, last = manifest.targets, manifest.build
    if targets is None or last is None:
        return None
    pages: dict[str, tuple[str, list[ContentError]]] = {}
    slots: dict[str, BodySlot] = {}
    inputs = dict(changed)
    files: list[OutputFile] = []
    before: list[ContentError] = []
    after: list[ContentError] = []
    content = str(root / "content")
    for path in sorted(changed):
        lang, key = _article_of(content, path)
        slot = manifest.slot(key) if key else None
        if slot is None:
            if os.path.dirname(path) != content or not _same_articles(path, last.inputs):
                return None
            continue
        article, old, entry = read_article(root, path), write.read_page(out, slot.page), manifest.pages.get(slot.page)
        if (
            article is None
            or article.front_digest != slot.front
            or old is None
            or len(old) != slot.size
            or entry is None
        ):
            return None
        html, problems, mentions = body_html(article.body, lang, article.body_line, article.source, targets)
        page_key = _patched_key(manifest, entry[0], slot.frame, article.digest, lang, mentions)
        if page_key is None:
            return None
        data = html.encode()
        old_body = old[slot.start : slot.start + slot.length].decode("utf-8", "replace")
        # Its links, and other pages' links to its headings, are checked by a whole build; the table of
        # contents outside the body lists the headings, so a body whose headings change is no patch either.
        if might_lead_inside(article.body) or headings(old_body) != headings(html):
            return None
        new = old[: slot.start] + data + old[slot.start + slot.length :]
        if search and not same_for_search(
            old, new, slot.start, slot.start + slot.length, slot.start + len(data)
        ):  # Pagefind must index it again
            return None
        inputs[path] = article.stamp  # as read, which may be later than when it was looked at
        before += entry[1]
        after += problems
        pages[slot.page] = (page_key, problems)
        slots[key] = slot._replace(length=len(data), size=len(new))
        if new != old:
            files.append(OutputFile(slot.page, new, (slot.start, len(data))))
    remaining = Counter(last.warnings)
    remaining.subtract(before)
    return BodyPatch(tuple(files), pages, slots, inputs, [*remaining.elements(), *after])


def _patched_key(
    manifest: Manifest, old: str, frame: str, body: str, lang: str, mentions: tuple[str, ...]
) -> str | None:
    """The key a whole build, which renders the page, finds for it (see `keys.key_of`): the read set of its `old` key,
    its `frame`, its new `body`'s hash and the links that body resolved; None if the old key's read set is unknown."""
    parts = key_parts(old)
    if parts is None or parts[0] not in manifest.readsets or manifest.targets is None:
        return None
    links = tuple(sorted(f"{lang}:{role}" for role in mentions))
    return key_text(parts[0], links, keyed(frame, body, links_value(manifest.targets, links)))


def _article_of(content: str, path: str) -> tuple[str, str]:
    """(language, `article_slot_key`) of the article file at `path` in the content folder `content`; ("", "") if it is
    none."""
    folder, name = os.path.split(path)
    if os.path.dirname(folder) != content or not name.endswith(".md"):
        return "", ""
    lang = os.path.basename(folder)
    return lang, article_slot_key(lang, name.removesuffix(".md"))


def _same_articles(folder: str, inputs: Mapping[str, list[int]]) -> bool:
    """Whether a content folder whose stamp changed holds the same article files as before (an editor
    that saves a file by writing a new one and renaming it changes its folder's stamp)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    now = {f"{folder}/{name}" for name in names if name.endswith(".md") and not name.startswith(".")}
    return now == {path for path in inputs if path.endswith(".md") and os.path.dirname(path) == folder}
