"""What a long-running process (the preview) keeps of one build's stages for the next: each file's check by the very
object loaded for it, and the linked site, so that saving one file validates and links that file alone."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from careerguide.link import Site, link, link_again, link_inputs
from careerguide.model.content import Content
from careerguide.model.errors import ContentError

T = TypeVar("T")


class CheckMemo:
    """A `validate.FileCheck` that repeats a file's remembered result and problems while its loaded object is the same
    (the load keeps the objects of unchanged files) and what the check also read (`depends`) is too."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], tuple[object, Any, list[ContentError]]] = {}
        self._used: set[tuple[int, int]] = set()
        self._depends: tuple[object, int] = ((), hash(()))
        """The last `depends` and its hash: one validation passes every file the same, a tuple of every role id."""

    def __call__(
        self,
        problems: list[ContentError],
        item: object,
        depends: Hashable,
        check: Callable[..., T],
        *args: Any,
        **kwargs: Any,
    ) -> T:
        # The entry holds `item`, so its id is not another object's meanwhile; a tuple stands for files read together.
        if depends is not self._depends[0]:
            self._depends = (depends, hash(depends))
        key = (hash(tuple(map(id, item)) if isinstance(item, tuple) else id(item)), self._depends[1])
        known = self._known.get(key)
        self._used.add(key)
        if known is not None and _same(known[0], item):
            problems.extend(known[2])
            return known[1]
        start = len(problems)
        result = check(*args, problems, **kwargs)
        self._known[key] = (item, result, problems[start:])
        return result

    def __len__(self) -> int:
        """How many files' checks are remembered."""
        return len(self._known)

    def forget_unused(self) -> None:
        """Drop what belongs to files the last validation did not check (gone or changed), and start afresh."""
        for key in self._known.keys() - self._used:
            del self._known[key]
        self._used = set()


def _same(known: object, item: object) -> bool:
    """Whether a remembered item is this one: the same object, or a tuple of the same objects."""
    if isinstance(known, tuple) and isinstance(item, tuple):
        return len(known) == len(item) and all(a is b for a, b in zip(known, item, strict=True))
    return known is item


class LinkMemo:
    """The last site linked in this process: content whose `link.link_inputs` did not change keeps its links."""

    def __init__(self) -> None:
        self._last: tuple[tuple[object, ...], Site] | None = None

    @property
    def last(self) -> Site | None:
        """The site linked last, if any."""
        return self._last[1] if self._last is not None else None

    def __call__(self, content: Content) -> Site:
        """The linked site of `content`, as `link.link` makes it."""
        inputs = link_inputs(content)
        site = (
            link_again(self._last[1], content) if self._last is not None and self._last[0] == inputs else link(content)
        )
        self._last = (inputs, site)
        return site
