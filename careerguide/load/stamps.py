"""The stamps of every file and folder a build read, kept compact, and which of them changed since."""

from __future__ import annotations

import base64
import os
import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

ABSENT = (-1, -1, -1, -1)
"""How a path that was looked for and not there is stored (its stamp is empty): no file has a size of -1."""


def stamp_of(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells that a file changed, as make would: modification and change times, size, inode."""
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


class Stamps(Mapping[str, list[int]]):
    """Path -> stamp ([] for a path that was absent), grouped by folder, the numbers in one array.

    A rebuild of a large guide starts by checking 30,000 of them. Kept as dictionaries of lists, reading
    them took a third of that rebuild's time; as one array they are read at once. Each folder is opened
    once, and its files are looked at by name (see `changed`), which spares the kernel the whole path.
    """

    def __init__(self, folders: Sequence[tuple[str, Sequence[str]]], numbers: array):
        self._folders = folders
        self._numbers = numbers
        self._folder_starts: dict[str, tuple[int, int]] | None = None
        """Folder -> (its place among the folders, the place of its first path among all)."""
        self._names: dict[str, dict[str, int]] = {}

    @classmethod
    def of(cls, stamps: Mapping[str, Sequence[int]]) -> Stamps:
        """Stamps from a mapping of path -> stamp."""
        if isinstance(stamps, Stamps):
            return stamps
        folders: dict[str, list[str]] = {}
        numbers = array("q")
        for path in sorted(stamps, key=_split):
            folder, name = _split(path)
            folders.setdefault(folder, []).append(name)
            numbers.extend(stamps[path] or ABSENT)
        return cls(list(folders.items()), numbers)

    def __len__(self) -> int:
        return len(self._numbers) // 4

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable([f"{folder}/{name}" for name in names] for folder, names in self._folders)

    def __getitem__(self, path: str) -> list[int]:
        i = self._position(path) * 4
        stamp = self._numbers[i : i + 4].tolist()
        return [] if tuple(stamp) == ABSENT else stamp

    def _position(self, path: str) -> int:
        """Where the path is among all of them; KeyError if it is not."""
        if self._folder_starts is None:
            self._folder_starts, start = {}, 0
            for place, (folder, names) in enumerate(self._folders):
                self._folder_starts[folder] = (place, start)
                start += len(names)
        folder, name = _split(path)
        place, start = self._folder_starts[folder]
        if folder not in self._names:  # only the folders a few changed paths are in
            self._names[folder] = {known: i for i, known in enumerate(self._folders[place][1])}
        return start + self._names[folder][name]

    def updated(self, changed: Mapping[str, Sequence[int]]) -> Stamps:
        """These stamps with the `changed` ones put in."""
        if not changed:
            return self
        if any(path not in self for path in changed):
            return Stamps.of({**self, **changed})
        numbers = array("q", self._numbers)
        for path, stamp in changed.items():
            i = self._position(path) * 4
            numbers[i : i + 4] = array("q", stamp or ABSENT)
        return Stamps(self._folders, numbers)

    def changed(self) -> dict[str, list[int]]:
        """The paths whose stamp is not the one the disk has now, with the one it has ([] if gone)."""
        changed: dict[str, list[int]] = {}
        numbers, stat, i = self._numbers.tolist(), os.stat, 0  # a list's items are read faster than an array's
        for folder, names in self._folders:
            try:
                descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                changed.update((f"{folder}/{name}", []) for n, name in enumerate(names) if numbers[i + 4 * n + 2] != -1)
                i += 4 * len(names)
                continue
            try:
                for name in names:
                    try:
                        now = stat(name, dir_fd=descriptor)
                    except OSError:
                        if numbers[i + 2] != -1:
                            changed[f"{folder}/{name}"] = []
                    else:
                        if (
                            now.st_mtime_ns != numbers[i]
                            or now.st_ctime_ns != numbers[i + 1]
                            or now.st_size != numbers[i + 2]
                            or now.st_ino != numbers[i + 3]
                        ):
                            changed[f"{folder}/{name}"] = list(stamp_of(now))
                    i += 4
            finally:
                os.close(descriptor)
        return changed

    def to_json(self) -> dict[str, Any]:
        """The stamps as JSON can hold them: the names by folder, the numbers as base64 of little-endian int64."""
        numbers = self._numbers
        if sys.byteorder == "big":
            numbers = array("q", numbers)
            numbers.byteswap()
        return {
            "folders": [[folder, list(names)] for folder, names in self._folders],
            "numbers": base64.b64encode(numbers.tobytes()).decode(),
        }

    @classmethod
    def from_json(cls, data: Any) -> Stamps:
        """The stamps `to_json` gave; ValueError, KeyError or TypeError if `data` is not that."""
        numbers = array("q", base64.b64decode(data["numbers"], validate=True))
        if sys.byteorder == "big":
            numbers.byteswap()
        folders = [(folder, names) for folder, names in data["folders"]]
        if sum(len(names) for _, names in folders) * 4 != len(numbers):
            raise ValueError("stamps and names do not match")
        return cls(folders, numbers)


def _split(path: str) -> tuple[str, str]:
    """(folder, name) of an absolute path."""
    folder, _, name = path.rpartition("/")
    return folder, name
