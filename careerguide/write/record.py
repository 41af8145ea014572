"""What a build left in its output folder, entry by entry, and whether the folder still holds exactly that.

A build that reuses the last one's output (it answers that nothing changed, patches a page's body in
place, or hard-links unchanged pages into the new folder) first compares every file and folder with
this record: one `stat` each. Where another root was built into the folder since, or a page was
edited, deleted or added by hand, what differs is not reused.

The modification time tells a change only when the change comes after the clock the file system
stamps with has moved on: that clock moves every few milliseconds (in whole seconds on some file
systems), and a page rewritten within the same tick as the build keeps its time. So an entry whose
time is not older than the record's is "racy", as Git calls its like, and its content is recorded too.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerguide.write.folder import MARKER

HERE = "."
"""How the record names the output folder itself."""


@dataclass(frozen=True)
class OutputRecord:
    """Every file and folder below an output folder, and the folder itself, as the last build left them."""

    folder: str
    """The output folder's absolute path."""
    paths: tuple[str, ...]
    """Each entry's path below the folder (`HERE` for the folder itself)."""
    numbers: array
    """Three numbers per entry, in the order of `paths`: modification time (ns), size and inode."""
    racy: Mapping[str, str] = field(default_factory=dict)
    """Path -> `_fingerprint` of each entry as new as the record (see the module's text)."""

    def differing(self) -> set[str]:
        """The paths whose entry is no longer as recorded (changed, replaced or gone)."""
        return set(self._differing())

    def intact(self) -> bool:
        """Whether the folder holds exactly what was recorded, and nothing else."""
        return next(self._differing(), None) is None

    def _differing(self) -> Iterator[str]:
        try:
            descriptor = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            yield from self.paths
            return
        try:
            numbers, lstat = self.numbers.tolist(), os.lstat  # a list's items are read faster than an array's
            for i, path in enumerate(self.paths):
                # named from the folder, each is found sooner than by its whole path
                try:
                    now = lstat(path, dir_fd=descriptor)
                except OSError:
                    yield path
                    continue
                if (
                    (
                        now.st_mtime_ns != numbers[3 * i]
                        or now.st_size != numbers[3 * i + 1]
                        or now.st_ino != numbers[3 * i + 2]
                    )
                    or path in self.racy
                    and _fingerprint(descriptor, path, stat.S_ISDIR(now.st_mode)) != self.racy[path]
                ):
                    yield path
        finally:
            os.close(descriptor)

    def refreshed(self, written: Iterable[str]) -> dict[str, list[Any]]:
        """The entries to change after these files (paths below the folder) were replaced in place: each,
        the folders they are in, and the marker, as `applied` takes them; none if they cannot be read."""
        paths = {MARKER, *written}
        paths.update([os.path.dirname(path) or HERE for path in paths])
        fresh = _take(self.folder, sorted(paths))
        if fresh is None:
            return {}
        triples = zip(fresh.paths, _triples(fresh.numbers), strict=False)
        return {path: [*triple, fresh.racy.get(path, "")] for path, triple in triples}

    def applied(self, changes: Mapping[str, list[Any]]) -> OutputRecord:
        """The record with these entries (path -> [time, size, inode, fingerprint or ""]) put in."""
        if not changes:
            return self
        racy = {path: mark for path, mark in self.racy.items() if path not in changes}
        racy.update((path, change[3]) for path, change in changes.items() if change[3])
        places = {path: i for i, path in enumerate(self.paths)}
        if any(path not in places for path in changes):
            entries = dict(zip(self.paths, _triples(self.numbers), strict=False))
            entries.update((path, tuple(change[:3])) for path, change in changes.items())
            return _record(self.folder, entries, racy)
        numbers = array("q", self.numbers)
        for path, change in changes.items():
            numbers[3 * places[path] : 3 * places[path] + 3] = array("q", change[:3])
        return OutputRecord(self.folder, self.paths, numbers, racy)

    def to_json(self) -> dict[str, Any]:
        """The record as JSON holds it: the paths one a line, the numbers as base64 of little-endian int64."""
        numbers = self.numbers
        if sys.byteorder == "big":
            numbers = array("q", numbers)
            numbers.byteswap()
        return {
            "folder": self.folder,
            "paths": "\n".join(self.paths),
            "numbers": base64.b64encode(numbers.tobytes()).decode(),
            "racy": dict(self.racy),
        }

    @classmethod
    def from_json(cls, data: Any) -> OutputRecord:
        """The record `to_json` gave; ValueError, KeyError or TypeError if `data` is not that."""
        numbers = array("q", base64.b64decode(data["numbers"], validate=True))
        if sys.byteorder == "big":
            numbers.byteswap()
        paths = tuple(data["paths"].split("\n"))
        racy = data["racy"]
        if len(paths) * 3 != len(numbers) or not isinstance(data["folder"], str) or not isinstance(racy, dict):
            raise ValueError("an output record whose paths and numbers do not match")
        return cls(data["folder"], paths, numbers, racy)


def take(out: Path) -> OutputRecord | None:
    """The record of everything in the output folder `out` (absolute) now; None if it cannot be read whole."""
    return _take(str(out), None)


def _take(folder: str, only: list[str] | None) -> OutputRecord | None:
    """The record of the whole folder, or of `only` these paths below it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        # Touched, the marker's time is the record's, in the file system's own clock and granularity.
        os.utime(MARKER, dir_fd=descriptor, follow_symlinks=False)
        since = os.lstat(MARKER, dir_fd=descriptor).st_mtime_ns
        entries: dict[str, tuple[int, int, int]] = {}
        racy: dict[str, str] = {}
        found = [(path, os.lstat(path, dir_fd=descriptor)) for path in only] if only is not None else _walk(descriptor)
        for path, now in found:
            entries[path] = (now.st_mtime_ns, now.st_size, now.st_ino)
            if now.st_mtime_ns >= since:
                racy[path] = _fingerprint(descriptor, path, stat.S_ISDIR(now.st_mode))
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return _record(folder, entries, racy)


def _walk(descriptor: int) -> Iterator[tuple[str, os.stat_result]]:
    """(path, lstat) of the folder open as `descriptor` and of everything below it."""
    yield HERE, os.lstat(HERE, dir_fd=descriptor)
    folders = [""]
    while folders:
        below = folders.pop()
        inner = os.open(below or HERE, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=descriptor)
        try:
            with os.scandir(inner) as entries:
                for entry in entries:
                    path = f"{below}/{entry.name}" if below else entry.name
                    now = entry.stat(follow_symlinks=False)
                    yield path, now
                    if stat.S_ISDIR(now.st_mode):
                        folders.append(path)
        finally:
            os.close(inner)


def _fingerprint(descriptor: int, path: str, folder: bool) -> str:
    """A hash of a file's bytes, or of the names in a folder."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        if folder:
            inner = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=descriptor)
            try:
                digest.update("\0".join(sorted(os.listdir(inner))).encode("utf-8", "surrogateescape"))
            finally:
                os.close(inner)
            return "d" + digest.hexdigest()
        file = os.open(
            path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=descriptor
        )  # a pipe put there must not hang the check
        try:
            while chunk := os.read(file, 1 << 20):
                digest.update(chunk)
        finally:
            os.close(file)
    except OSError:
        return ""
    return "f" + digest.hexdigest()


def _triples(numbers: array) -> Iterator[tuple[int, int, int]]:
    values = numbers.tolist()
    return zip(values[0::3], values[1::3], values[2::3], strict=False)


def _record(folder: str, entries: Mapping[str, tuple[int, int, int]], racy: Mapping[str, str]) -> OutputRecord:
    """The record of these entries, in the order found (a folder's entries are looked at together)."""
    return OutputRecord(
        folder, tuple(entries), array("q", [number for triple in entries.values() for number in triple]), racy
    )
