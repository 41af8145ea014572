"""What the last build into an output folder wrote and read: each page's key and problems, where each
role page shows its article's body, what role: links resolved to, every input's stamp, and every
output file's (see `record`).

Kept as JSON under the cache folder, one file per output folder. A rebuild that only patched some
pages (see `patch`) writes what it changed to a small file beside it instead of rewriting the
whole manifest, which at 15,000 pages is megabytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import uuid
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from careerguide import __version__
from careerguide.link import LinkTargets
from careerguide.load.reader import read_regular
from careerguide.load.stamps import Stamps
from careerguide.model.errors import ContentError, Source
from careerguide.parallel import collector
from careerguide.write.record import OutputRecord

FORMAT = 9
"""The layout of the manifest's JSON; one of another layout is not read."""
SHAPING_LIBRARIES = ("babel", "jinja2", "markdown_it", "markdown_it_pyrs", "pyphen", "yaml", "PIL")
"""The libraries whose version changes what a page looks like (Babel's, for one, brings new CLDR data)."""
PATCHES_LIMIT = 2000
"""Patched entries kept beside a manifest before it is written again whole."""


class BodySlot(NamedTuple):
    """Where a role page shows its article's body, so that a new body can take the old one's place
    without the page being rendered again (see `patch`)."""

    page: str
    """The page's path below the output folder."""
    frame: str
    """The page's `keys.frame_of`: what it read besides its body and links."""
    front: str
    """The content hash of the article's front matter."""
    start: int
    """Where the body's HTML starts in the page, in bytes."""
    length: int
    size: int
    """The page's size in bytes: a page that is not the one written is never patched."""

    def text(self) -> str:
        """The slot as the manifest stores it: one string, which JSON reads several times faster than a list."""
        return "\t".join(map(str, self))

    @classmethod
    def from_text(cls, text: str) -> BodySlot:
        page, frame, front, start, length, size = text.split("\t")
        return cls(page, frame, front, int(start), int(length), int(size))


@dataclass(frozen=True)
class LastBuild:
    """What a successful build read and reported, so that the next one can tell what changed without loading."""

    inputs: Stamps
    """Every file and folder it read -> its stamp."""
    languages: tuple[tuple[str, int], ...]
    """(language code, role pages) in the order of site.yaml."""
    warnings: tuple[ContentError, ...]


@dataclass(frozen=True)
class Manifest:
    """The record of the last build into one output folder."""

    pages: Mapping[str, tuple[str, list[ContentError]]] = field(default_factory=dict)
    """Output path -> (key, problems) of each role page, and of the entries that stand for the other files (see
    `keys`)."""
    build: LastBuild | None = None
    slots: Mapping[str, BodySlot | str] = field(default_factory=dict)
    """`article_slot_key` -> where the article's page shows its body: a BodySlot, or the text it was
    read from."""
    targets: LinkTargets | None = None
    """What the role: links of the build resolved against."""
    output: OutputRecord | None = None
    """What the build left in the output folder; nothing of the folder is reused without it."""
    serial: str = ""
    """Names this manifest as written whole; the patches beside it apply only to the manifest they name."""
    patched: dict[str, Any] = field(default_factory=dict)
    """The entries patched since it was written whole, as stored beside it."""
    readsets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Read set id -> the names the files of that read set read (see `keys.stored_names`)."""

    def slot(self, article: str) -> BodySlot | None:
        """Where the page of the article with this `article_slot_key` shows its body, if that was recorded."""
        found = self.slots.get(article)
        return BodySlot.from_text(found) if isinstance(found, str) else found


def article_slot_key(lang: str, slug: str) -> str:
    """How `Manifest.slots` names an article: its path below the content folder, so that the record
    holds wherever the site root is (a moved checkout, a CI cache restored elsewhere)."""
    return f"{lang}/{slug}.md"


@functools.cache
def generator() -> str:
    """What makes the output: a hash of this package's code, its version and the versions of the libraries
    that shape a page. The cache records it, and ignores whatever another generator left, so that neither
    an upgrade nor an edit of the code reuses a page or a parsed file it would now make differently."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for name in SHAPING_LIBRARIES:
        digest.update(f"\0{name} {getattr(importlib.import_module(name), '__version__', '')}".encode())
    package = Path(__file__).resolve().parents[1]
    for code in sorted(package.rglob("*.py")):  # every subpackage: code moved between them changes the output too
        digest.update(f"\0{code.relative_to(package).as_posix()}\0".encode() + code.read_bytes())
    return digest.hexdigest()


V = TypeVar("V")


class _Table(Mapping[str, V]):
    """One of the manifest's large tables as stored, a line per entry: `key<TAB>value`.

    A patch looks up one or two entries of 15,000, found in the text as they are asked for; a build
    that asks for more, or for them all, has the lines split once (each search reads the text, and
    15,000 of them took 7 s). A line that does not parse stands for no entry.
    """

    SEARCHES = 16
    """Lookups made by searching the text; the next one splits it."""

    def __init__(self, text: str, parse: Callable[[str], V | None]):
        self._text = text
        self._parse = parse
        self._all: dict[str, V] | None = None
        self._searched = 0

    @classmethod
    def text_of(cls, entries: Iterable[tuple[str, str]]) -> str:
        """The stored text of these (key, value) pairs, sorted by key."""
        return "\n".join(f"{key}\t{value}" for key, value in sorted(entries))

    def _entries(self) -> dict[str, V]:
        if self._all is None:
            parse, self._all = self._parse, {}
            for line in self._text.split("\n") if self._text else ():
                key, tab, value = line.partition("\t")
                if tab and (parsed := parse(value)) is not None:
                    self._all[key] = parsed
        return self._all

    def __getitem__(self, key: str) -> V:
        self._searched += 1
        if self._all is not None or self._searched > self.SEARCHES:
            return self._entries()[key]
        text, needle = self._text, f"{key}\t"
        if text.startswith(needle):
            start = 0
        elif "\n" in key or "\t" in key or (start := text.find(f"\n{needle}") + 1) == 0:
            raise KeyError(key)
        end = text.find("\n", start)
        parsed = self._parse(text[start + len(needle) : None if end < 0 else end])
        if parsed is None:
            raise KeyError(key)
        return parsed

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())


def _page_entry(value: str) -> tuple[str, list[ContentError]] | None:
    """A page's (key, problems) from its line in the table."""
    key, _, problems = value.partition("\t")
    try:
        return key, _problems(json.loads(problems)) if problems else []
    except (ValueError, TypeError):
        return None


def _names(value: str) -> tuple[str, ...]:
    """A read set's names from its line in the table."""
    return tuple(value.split("\t"))


def _page_line(entry: tuple[str, list[ContentError]]) -> str:
    key, problems = entry
    return f"{key}\t{json.dumps(_plain(problems), ensure_ascii=False)}" if problems else key


def _layered(new: Mapping[str, V], old: Mapping[str, V]) -> ChainMap[str, V]:
    """`new` over `old`, without copying `old` (which a patch leaves as it was read)."""
    return ChainMap(dict(new), *(old.maps if isinstance(old, ChainMap) else [old]))


def read_manifest(path: Path) -> Manifest:
    """The manifest at `path`, patches applied; an empty one if it is missing, broken or of another version."""
    # Reading makes tens of thousands of objects in a large guide (the stamps' names, the link targets), and
    # collections among them find nothing.
    with collector.paused():
        return _read_manifest(path)


def _read_manifest(path: Path) -> Manifest:
    try:
        data = json.loads(read_regular(str(path)))
        if data.get("version") != generator() or data.get("format") != FORMAT:
            return Manifest()
        if not all(isinstance(data[table], str) for table in ("pages", "bodies", "readsets")):
            raise TypeError("a manifest of another layout")
        patched = _read_patches(_patches_path(path), data.get("serial"))
        patched_pages = {
            page: (key, _problems(problems) if problems else [])
            for page, (key, problems) in patched.get("pages", {}).items()
        }
        pages = _layered(patched_pages, _Table(data["pages"], _page_entry))
        build = data.get("build")
        last = None
        if build:
            inputs = Stamps.from_json(build["inputs"]).updated(patched.get("inputs", {}))
            warnings = patched.get("warnings", build["warnings"])
            last = LastBuild(
                inputs, tuple((code, count) for code, count in build["languages"]), tuple(_problems(warnings))
            )
        slots = _layered(patched.get("bodies", {}), _Table(data["bodies"], str))
        readsets = _Table(data["readsets"], _names)
        targets = data.get("targets")
        output = (
            OutputRecord.from_json(data["output"]).applied(patched.get("output", {})) if data.get("output") else None
        )
        return Manifest(
            pages=pages,
            readsets=readsets,
            build=last,
            slots=slots,
            targets=LinkTargets(frozenset(targets["roles"]), targets["slugs"]) if targets else None,
            serial=data.get("serial", ""),
            patched=patched,
            output=output,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def write_manifest(path: Path, manifest: Manifest) -> Manifest:
    """Write the manifest whole, under a new serial (the patches beside the old one no longer apply); returns it as
    written."""
    manifest = replace(manifest, serial=uuid.uuid4().hex, patched={})
    data: dict[str, Any] = {
        "version": generator(),
        "format": FORMAT,
        "serial": manifest.serial,
        "pages": _Table.text_of((page, _page_line(entry)) for page, entry in manifest.pages.items()),
        "bodies": _Table.text_of((article, _slot_text(slot)) for article, slot in manifest.slots.items()),
        "readsets": _Table.text_of((name, "\t".join(names)) for name, names in manifest.readsets.items()),
    }
    if manifest.build is not None:
        build = manifest.build
        data["build"] = {
            "inputs": build.inputs.to_json(),
            "languages": build.languages,
            "warnings": _plain(build.warnings),
        }
    if manifest.targets is not None:
        data["targets"] = {"roles": sorted(manifest.targets.roles), "slugs": manifest.targets.slugs}
    if manifest.output is not None:
        data["output"] = manifest.output.to_json()
    write_whole(path, json.dumps(data, ensure_ascii=False).encode())
    _patches_path(path).unlink(missing_ok=True)
    return manifest


def write_patch(
    path: Path,
    manifest: Manifest,
    pages: dict[str, tuple[str, list[ContentError]]],
    slots: dict[str, BodySlot],
    build: LastBuild,
    changed: dict[str, Any],
    output: dict[str, list[Any]],
) -> Manifest:
    """Record that a patch changed these `pages` and `slots`, the `changed` inputs' stamps, the `output`
    entries it replaced (see `OutputRecord.applied`) and the build's warnings, beside the manifest at
    `path`; returns the manifest as it now reads."""
    patched = {
        "base": manifest.serial,
        "pages": {
            **manifest.patched.get("pages", {}),
            **{page: [key, _plain(problems)] for page, (key, problems) in pages.items()},
        },
        "bodies": {
            **manifest.patched.get("bodies", {}),
            **{article: _slot_text(slot) for article, slot in slots.items()},
        },
        "inputs": {**manifest.patched.get("inputs", {}), **changed},
        "output": {**manifest.patched.get("output", {}), **output},
        "warnings": _plain(build.warnings),
    }
    record = manifest.output.applied(output) if manifest.output is not None else None
    updated = replace(
        manifest,
        pages=_layered(pages, manifest.pages),
        slots=_layered(slots, manifest.slots),
        build=build,
        patched=patched,
        output=record,
    )
    if not manifest.serial or len(patched["pages"]) + len(patched["inputs"]) > PATCHES_LIMIT:
        return write_manifest(path, updated)
    write_whole(_patches_path(path), json.dumps({"version": generator(), **patched}, ensure_ascii=False).encode())
    return updated


def _slot_text(slot: BodySlot | str) -> str:
    return slot if isinstance(slot, str) else slot.text()


def _read_patches(path: Path, serial: Any) -> dict[str, Any]:
    try:
        data = json.loads(read_regular(str(path)))
    except (OSError, ValueError):
        return {}
    return (
        data
        if isinstance(data, dict) and data.get("version") == generator() and serial and data.get("base") == serial
        else {}
    )


def _patches_path(path: Path) -> Path:
    return path.with_name(path.stem + ".patches.json")


def _problems(rows: list[list[Any]]) -> list[ContentError]:
    return [
        ContentError(
            Source(path, line), message, warning, bool(rest and rest[0]), str(rest[1]) if len(rest) > 1 else ""
        )
        for path, line, message, warning, *rest in rows
    ]


def _plain(problems: Any) -> list[list[Any]]:
    return [[p.source.path, p.source.line, p.message, p.warning, p.acknowledged, p.strict] for p in problems]


def write_whole(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a file whole, given at once or in pieces: a reader sees the old one or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with temp.open("wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
        os.replace(temp, path)
    except BaseException:  # a full disk leaves no half-written file behind
        temp.unlink(missing_ok=True)
        raise
