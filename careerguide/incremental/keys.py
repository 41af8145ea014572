"""A file's key: a hash of the values of what producing it read, as the render stage recorded it (see `render.reads`).

Nothing here lists what a page shows. The renderer records every template, page, body and link a file read; the
manifest keeps those names (as a read set shared by the files that read alike) and the key of their values then.
The next build looks up each file's read set, takes the values of the same names now and compares keys: a file is
kept only if everything it read is as it was. A template that starts reading another field of a page is no
exception: the page's value is the whole page but its body, and its body is a value of its own.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import fields

from careerguide.incremental.manifest import generator
from careerguide.link import LinkTargets, RolePage, Site
from careerguide.model.errors import ContentError
from careerguide.model.raw import content_hash
from careerguide.render import page_path
from careerguide.render.reads import BODY, EVERY_LANGUAGE, LINK, PAGE, PAGES, SELF, TEMPLATE

ABSENT = "-"
"""The value of a name that stands for nothing now (a page or template that is gone)."""


def settings_digest(site: Site) -> str:
    """What every file reads: the generator, site.yaml, and the theme's strings, assets and hyphenation."""
    content = site.content
    theme = content.theme
    return value_hash((generator(), content.config, theme.strings, theme.assets, theme.hyphenation))


class InputValues:
    """The value now of every name a file may have read, each computed when first asked for."""

    def __init__(self, site: Site, targets: LinkTargets):
        self.site = site
        self.targets = targets
        self.settings = settings_digest(site)
        self._pages = {page_path(page): page for page in site.pages}
        self._known: dict[str, str] = {}

    def value(self, name: str) -> str:
        """The value of `name` now (see `render.reads`)."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = self._value(name)
        return known

    def _value(self, name: str) -> str:
        if name.startswith(PAGE):
            page = self._pages.get(name[len(PAGE) :])
            return ABSENT if page is None else page_value(page)
        if name.startswith(BODY):
            page = self._pages.get(name[len(BODY) :])
            return ABSENT if page is None else page.article.digest or value_hash(page.article)
        if name.startswith(PAGES):
            lang = name[len(PAGES) :]
            pages = self.site.pages if lang == EVERY_LANGUAGE else self.site.in_language(lang)
            return content_hash("\0".join(self.value(PAGE + page_path(page)) for page in pages))
        if name.startswith(TEMPLATE):
            source = self.site.content.theme.templates.get(name[len(TEMPLATE) :])
            return ABSENT if source is None else content_hash(source)
        if name.startswith(LINK):
            lang, _, role = name[len(LINK) :].partition(":")
            return self.targets.resolution(lang, role)
        return ABSENT  # a name of another generator's making: never the value it had


def page_value(page: RolePage) -> str:
    """A hash of a role page but its body: its article's front matter and file, its fact box, register entry and
    links, whatever of them a template reads."""
    article = page.article
    front = (article.source.path, article.front_digest) if article.front_digest else value_hash(article)
    rest = [getattr(page, field.name) for field in fields(page) if field.name != "article"]
    # A fact box is what its file holds: hashing the file's text is quicker than hashing the value made of it.
    return value_hash([front, *(item.digest if getattr(item, "digest", "") else item for item in rest)])


def stored_names(names: Iterable[str], own: str | None) -> tuple[str, ...]:
    """The names as the manifest keeps them: sorted, the file's own role page (`own`) as SELF, so that role pages read
    alike share one read set."""
    if own is None:
        return tuple(sorted(names))
    return tuple(sorted(_as_self(name, own) for name in names))


def readset_id(names: tuple[str, ...]) -> str:
    """The short name of a read set in the manifest."""
    return content_hash("\n".join(names))[:16]


def key_of(values: InputValues, names: tuple[str, ...], own: str | None) -> str:
    """The key of a file that read `names` (stored names; `own` its role page's path): the read set's id and the
    hash of their values now."""
    return readset_id(names) + ":" + keyed(frame_of(values, names, own), *body_and_links(values, names, own))


def keyed(frame: str, body: str, links: str) -> str:
    """The hash part of a key, from a page's frame, its body's value and what its links resolve to."""
    return content_hash("\0".join((frame, body, links)))


def frame_of(values: InputValues, names: tuple[str, ...], own: str | None) -> str:
    """A hash of the values of what a file read besides its own body and links: all that a new body, whose front
    matter did not change, leaves as it was (see `patch`)."""
    pairs = [
        f"{name}={values.value(_resolved(name, own))}"
        for name in names
        if name != BODY + SELF and not name.startswith(LINK)
    ]
    return content_hash("\0".join([values.settings, *pairs]))


def body_and_links(values: InputValues, names: tuple[str, ...], own: str | None) -> tuple[str, str]:
    """The value of a file's own body (empty if it read none), and of the links it resolved."""
    body = values.value(BODY + own) if own is not None and BODY + SELF in names else ""
    return body, links_value({name: values.value(name) for name in names if name.startswith(LINK)})


def links_value(resolved: Mapping[str, str]) -> str:
    """One string of what each `link:` name resolved to."""
    return "\0".join(f"{name}={value}" for name, value in sorted(resolved.items()))


def value_hash(value: object) -> str:
    """A hash of plain data by its value: pickled without the memo, so shared objects count as copies."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes, however objects happen to be shared
    pickler.dump(value)
    return content_hash(buffer.getvalue())


def _as_self(name: str, own: str) -> str:
    for kind in (PAGE, BODY):
        if name == kind + own:
            return kind + SELF
    return name


def _resolved(name: str, own: str | None) -> str:
    if own is not None and name.endswith(SELF) and name in (PAGE + SELF, BODY + SELF):
        return name[: -len(SELF)] + own
    return name


class Keys:
    """The keys of the files of this build: for each entry of the last build's manifest, the key it would have now
    (the values now of what that file read then), and for each file rendered now, its key from what it read."""

    def __init__(
        self,
        values: InputValues,
        last: Mapping[str, tuple[str, list[ContentError]]],
        readsets: Mapping[str, tuple[str, ...]],
    ):
        self.values = values
        self.settings = values.settings
        self._last = last
        self._readsets = readsets
        self.used: dict[str, tuple[str, ...]] = {}
        """The read sets of the keys given out: the next manifest's."""

    def same(self, entry: str, own: str | None = None) -> bool:
        """Whether the last build's file (or part) `entry` read nothing that changed since (`own`: its role page's
        path); then its key stays, and so does its read set."""
        old = self._last.get(entry)
        if old is None:
            return False
        rsid, colon, _ = old[0].partition(":")
        names = self._readsets.get(rsid)
        if not colon or names is None or key_of(self.values, names, own) != old[0]:
            return False
        self.used[rsid] = names
        return True

    def of(self, names: Iterable[str], own: str | None = None) -> tuple[str, str]:
        """The key of a file rendered now that read `names`, and its frame (see `frame_of`)."""
        stored = stored_names(names, own)
        self.used[readset_id(stored)] = stored
        frame = frame_of(self.values, stored, own)
        return readset_id(stored) + ":" + keyed(frame, *body_and_links(self.values, stored, own)), frame
