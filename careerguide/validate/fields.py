"""Typed fields out of parsed YAML, each problem recorded as `path:line: key: what to do`."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from typing import Any

from careerguide.model.errors import ContentError
from careerguide.model.yamltext import KeyPath, YamlDoc

_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping"}


def describe(value: Any) -> str:
    """How an editor would name the type of a YAML value."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def dotted(path: KeyPath) -> str:
    """A path like ('salary', 0, 'median') written as `salary[1].median` (items counted from 1)."""
    out = ""
    for part in path:
        part = (
            part if isinstance(part, int) or part.isprintable() else repr(part)
        )  # a line break in a key stays on the message's line
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_AT_PATH: Any = object()
"""Fields' value when none is given: the one at its path in the document."""


class Fields:
    """One YAML mapping in a document, read field by field; problems go to a shared list."""

    def __init__(
        self,
        doc: YamlDoc,
        path: KeyPath,
        problems: list[ContentError],
        known: tuple[str, ...],
        value: Any = _AT_PATH,
        homes: Mapping[str, tuple[tuple[str, ...], str]] | None = None,
    ):
        """`homes`: for a key unknown here that belongs in sections of this mapping, those sections and where it
        belongs."""
        self.doc = doc
        self.path = path
        self.problems = problems
        self.strays: set[str] = set()
        """The sections whose keys were found here, dedented out of them."""
        if value is _AT_PATH:
            value = doc.value
            for part in path:
                value = value[part]
        self.ok = isinstance(value, dict)
        self.value: dict[str, Any] = value if self.ok else {}
        if not self.ok:
            self.fail(path, f"expected a mapping of {', '.join(known)}, got {describe(value)}")
        for key in self.value:
            if key in known:
                continue
            if homes and key in homes:
                sections, where = homes[key]
                self.strays.update(section for section in sections if section in self.value)
                self.fail(path + (key,), f"not a section of its own; it belongs {where}")
            else:
                self.fail(path + (key,), "unknown key" + suggestion(key, known))

    def fail(self, path: KeyPath, message: str, *, warning: bool = False) -> None:
        """Record a problem about the value at `path`."""
        name = dotted(path)
        text = f"{name}: {message}" if name else message
        self.problems.append(ContentError(self.doc.at(*path), text, warning=warning))

    def has(self, key: str) -> bool:
        return key in self.value

    def raw(self, key: str) -> Any:
        return self.value.get(key)

    def text(self, key: str, *, required: bool = False, max_length: int | None = None, hint: str = "") -> str | None:
        """A non-empty text field, stripped."""
        value = self.value.get(key)
        if value is None:
            if required or key in self.value:
                self.missing(key, hint, required=required)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(self.path + (key,), f"expected text, got {describe(value)}")
            return None
        value = value.strip()
        if not value:
            self.missing(key, hint, required=required)
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(self.path + (key,), f"{len(value)} characters; shorten it to at most {max_length}")
        return value

    def missing(self, key: str, hint: str = "", *, required: bool = True) -> None:
        """Record that a field is absent or empty."""
        if key in self.value:
            message = "is empty; " + (hint or "fill it in") if required else "is empty; fill it in or remove the key"
        else:
            message = "is missing" + (f"; {hint}" if hint else "")
        self.fail(self.path + (key,), message)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of non-empty texts."""
        items = []
        for index, value in self.items(key):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not value.strip():
                self.fail(self.path + (key, index), f"expected text, got {describe(value)}")
            else:
                items.append(value.strip())
        return tuple(items)

    def items(self, key: str) -> Iterator[tuple[int, Any]]:
        """The (index, value) pairs of a list field; an absent field is an empty list."""
        value = self.value.get(key)
        if value is None:
            if key in self.value and key not in self.strays:
                self.fail(self.path + (key,), "is empty; remove the key or give at least one item")
            return
        if not isinstance(value, list):
            self.fail(self.path + (key,), f"expected a list, got {describe(value)}")
            return
        if not value:
            self.fail(self.path + (key,), "is empty; remove the key or give at least one item")
        yield from enumerate(value)

    def each(self, key: str, known: tuple[str, ...]) -> Iterator[Fields]:
        """A list of mappings, each read as Fields."""
        for index, value in self.items(key):
            item = Fields(self.doc, self.path + (key, index), self.problems, known, value)
            if item.ok:
                yield item

    def sub(self, key: str, known: tuple[str, ...]) -> Fields | None:
        """A nested mapping, or None when absent or not a mapping."""
        if key not in self.value or (self.value[key] is None and key in self.strays):
            return None
        item = Fields(self.doc, self.path + (key,), self.problems, known, self.value[key])
        return item if item.ok else None

    def number(self, key: str, *, required: bool = False, whole: bool = False, minimum: float | None = None) -> Any:
        """A number (or whole number) field."""
        value = self.value.get(key)
        if value is None:
            if required or key in self.value:
                self.missing(key, required=required)
            return None
        kind = int if whole else (int, float)
        if (
            isinstance(value, bool)
            or not isinstance(value, kind)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            self.fail(
                self.path + (key,),
                f"expected {'a whole number' if whole else 'a number'}, got {describe(value)} {value!r}",
            )
            return None
        if minimum is not None and value < minimum:
            self.fail(self.path + (key,), f"must be at least {minimum:g}, got {value}")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.value.get(key, False)
        if not isinstance(value, bool):
            self.fail(self.path + (key,), f"expected true or false, got {describe(value)} {value!r}")
            return False
        return value


def suggestion(key: str, known: tuple[str, ...], listed: str = "allowed here") -> str:
    """`; did you mean duties?` for a key close to a known one, else the list of what is known (`; allowed here: …`)."""
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]}?"
    return f"; {listed}: {', '.join(known)}"
