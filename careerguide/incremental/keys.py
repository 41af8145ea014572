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
from typing import NamedTuple

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

    def __init__(self, site: Site, targets: LinkTargets, earlier: Mapping[int, tuple[RolePage, str]] | None = None):
        self.site = site
        self.targets = targets
        self.settings = settings_digest(site)
        self._pages = {page_path(page): page for page in site.pages}
        self._known: dict[str, str] = {}
        self._plans: dict[tuple[str, ...], _Plan] = {}
        self._earlier = earlier or {}
        self.page_values: dict[int, tuple[RolePage, str]] = {}
        """Each page's value by the page object, for the next build of a process that keeps its pages (the preview):
        given as `earlier`, an unchanged page is not hashed again."""

    def plan(self, names: tuple[str, ...]) -> _Plan:
        """What of a read set is the same for every file that read it, worked out once per build."""
        plan = self._plans.get(names)
        if plan is None:
            shared = [f"{name}={self.value(name)}" for name in names if name not in _OWN]
            plan = self._plans[names] = _Plan(
                readset_id(names),
                content_hash("\0".join([self.settings, *shared])),
                PAGE + SELF in names,
                BODY + SELF in names,
            )
        return plan

    def value(self, name: str) -> str:
        """The value of `name` now (see `render.reads`)."""
        known = self._known.get(name)
        if known is None:
            known = self._known[name] = self._value(name)
        return known

    def _value(self, name: str) -> str:
        if name.startswith(PAGE):
            page = self._pages.get(name[len(PAGE) :])
            return ABSENT if page is None else self._page_value(page)
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
        return ABSENT  # a name of another generator's making: never the value it had

    def _page_value(self, page: RolePage) -> str:
        earlier = self._earlier.get(id(page))  # the entry holds the page, so its id is not another object's
        value = earlier[1] if earlier is not None and earlier[0] is page else page_value(page)
        self.page_values[id(page)] = (page, value)
        return value


class _Plan(NamedTuple):
    """A read set, worked out for a build (see `InputValues.plan`)."""

    readset: str
    """Its id in the manifest."""
    shared: str
    """The hash of the settings and of the values of every name it holds but the file's own page and body."""
    own_page: bool
    own_body: bool


_OWN = (PAGE + SELF, BODY + SELF)


def page_value(page: RolePage) -> str:
    """A hash of a role page but its body: its article's front matter and file, its fact box, register entry and
    links, whatever of them a template reads."""
    article = page.article
    front = (article.source.path, article.front_digest) if article.front_digest else value_hash(article)
    rest = [getattr(page, field.name) for field in fields(page) if field.name != "article"]
    # A fact box is what its file holds: hashing the file's text is quicker than hashing the value made of it.
    return value_hash([front, *(item.digest if getattr(item, "digest", "") else item for item in rest)])


def stored_names(names: Iterable[str], own: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names as the manifest keeps them: (the read set, the links), each sorted, the file's own role page (`own`)
    as SELF. Role pages read alike share the read set; what their bodies link to is their own and stays in the key."""
    every = sorted(names) if own is None else sorted(_as_self(name, own) for name in names)
    return tuple(n for n in every if not n.startswith(LINK)), tuple(n[len(LINK) :] for n in every if n.startswith(LINK))


def readset_id(names: tuple[str, ...]) -> str:
    """The short name of a read set in the manifest."""
    return content_hash("\n".join(names))[:16]


def key_text(readset: str, links: tuple[str, ...], digest: str) -> str:
    """A key as the manifest keeps it: `<read set>:<links>:<hash>`, each link `<lang>:<role>`, joined by commas."""
    return f"{readset}:{','.join(links)}:{digest}"


def key_parts(key: str) -> tuple[str, tuple[str, ...], str] | None:
    """The read set, links and hash of a key (see `key_text`); None for a key of another making."""
    readset, first, rest = key.partition(":")
    links, last, digest = rest.rpartition(":")
    if not (first and last):
        return None
    return readset, tuple(links.split(",")) if links else (), digest


def key_of(values: InputValues, names: tuple[str, ...], links: tuple[str, ...], own: str | None) -> tuple[str, str]:
    """The key of a file that read the read set `names` and resolved `links` (as stored; `own` its role page's path),
    from the values now, and its frame (see `frame_of`)."""
    plan = values.plan(names)
    frame = frame_of(values, names, own)
    body = values.value(BODY + own) if own is not None and plan.own_body else ""
    return key_text(plan.readset, links, keyed(frame, body, links_value(values.targets, links))), frame


def keyed(frame: str, body: str, links: str) -> str:
    """The hash part of a key, from a page's frame, its body's value and what its links resolve to."""
    return content_hash("\0".join((frame, body, links)))


def frame_of(values: InputValues, names: tuple[str, ...], own: str | None) -> str:
    """A hash of the values of what a file read besides its own body and links: all that a new body, whose front
    matter did not change, leaves as it was (see `patch`)."""
    plan = values.plan(names)
    page = values.value(PAGE + own) if own is not None and plan.own_page else ""
    return content_hash(plan.shared + "\0" + page)


def links_value(targets: LinkTargets, links: tuple[str, ...]) -> str:
    """One string of what each link (`<lang>:<role>`) resolves to now."""
    return "\0".join(f"{link}={targets.resolution(*link.split(':', 1))}" for link in links)


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
        parts = key_parts(old[0])
        names = self._readsets.get(parts[0]) if parts is not None else None
        if parts is None or names is None or key_of(self.values, names, parts[1], own)[0] != old[0]:
            return False
        self.used[parts[0]] = names
        return True

    def of(self, names: Iterable[str], own: str | None = None) -> tuple[str, str]:
        """The key of a file rendered now that read `names`, and its frame (see `frame_of`)."""
        stored, links = stored_names(names, own)
        self.used[self.values.plan(stored).readset] = stored
        return key_of(self.values, stored, links, own)
