"""The load stage's access to files below a site root: stamps, size limits, links that leave the root,
UTF-8 and line ends, and what earlier builds took from files that did not change."""

from __future__ import annotations

import os
import unicodedata
from functools import cached_property
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISLNK, S_ISREG, S_ISSOCK
from typing import Any, Protocol

from careerguide.load.stamps import stamp_of
from careerguide.load.unread import Holds, unread_problem
from careerguide.model.errors import ContentError, Source
from careerguide.model.raw import content_hash
from careerguide.model.yamltext import ParseInOrder, TextStream, YamlDoc


class LoadMemo(Protocol):
    """What the load stage may remember between builds, so that a file that did not change is not parsed again.
    The incremental layer's cache is one (see `incremental.cache.Cache`); the stage knows only this much of it."""

    keep_loaded: bool
    files: dict[str, Any]
    """Path -> (stamp, what was taken from the file) for files read in this process before."""
    inputs: dict[str, tuple[int, ...]]
    """Every file and folder the last load read, with its stamp."""

    def stored(self, path: str) -> list[Any] | None:
        """What a build in another process took from this file: [stamp, *record], or None."""

    def keep_stored(self, path: str, record: list[Any] | None = None) -> None:
        """Keep (or renew) what was taken from this file for the next build."""

    def parsed_by_hash(self, key: str) -> tuple[bool, Any]:
        """(found, value) of a YAML text parsed before, by its content hash."""

    def remember_parsed(self, key: str, value: Any) -> None:
        """Remember the value a YAML text parsed to, by its content hash."""


MAX_FILE_BYTES = 2 * 1024 * 1024
_KINDS = (
    (S_ISDIR, "a folder"),
    (S_ISFIFO, "a named pipe"),
    (S_ISSOCK, "a socket"),
    (S_ISCHR, "a character device"),
    (S_ISBLK, "a block device"),
)
# Opening a named pipe for reading waits for a writer, forever; O_NONBLOCK makes it return at once (and does
# nothing to a regular file), so that a pipe put in place between the check and the open cannot hang a build.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def kind_of(mode: int) -> str | None:
    """What a path is when it is not a regular file ("a named pipe"), from its `st_mode`; None for a regular file."""
    if S_ISREG(mode):
        return None
    return next((name for is_kind, name in _KINDS if is_kind(mode)), "not a regular file")


class NotAFile(OSError):
    """A named pipe, socket, device or folder where the build reads a file."""

    def __init__(self, kind: str):
        super().__init__(f"is {kind}, not a file; remove it or replace it with a regular file")
        self.kind = kind
        self.message = str(self)


def read_regular(name: str) -> bytes:
    """The bytes of the regular file at `name`, opened without blocking; NotAFile for anything else
    (a pipe would block the read for ever, a device might never end)."""
    kind = kind_of(os.stat(name).st_mode)
    if kind is not None:
        raise NotAFile(kind)
    return _read(name, -1)


class Reader:
    """Reads files below one root, turning every failure into a ContentError."""

    def __init__(self, root: Path, cache: LoadMemo | None, changed: frozenset[str] | None = None):
        self.root = root
        self.cache = cache
        self.changed = changed
        self.changed_folders = {os.path.dirname(path) for path in changed or ()}
        self.inside_prefix = str(root) + "/"
        self.problems: list[ContentError] = []
        self.stamps: dict[str, tuple[int, ...]] = {}
        """Every file read and folder listed -> its stamp (() for one looked for and absent),
        so that the next build can tell that nothing changed."""

    @cached_property
    def resolved_root(self) -> Path:
        """The root with its links resolved; only asked for when a link must be checked, which a build
        that reads each rendered page's body again should not pay for per page."""
        return self.root.resolve()

    def stamp(self, path: str, stat: os.stat_result) -> tuple[int, int, int, int]:
        """Record and return the stamp of a file or folder this build depends on."""
        self.stamps[path] = found = stamp_of(stat)
        return found

    def source(self, path: Path, base: Path | None = None) -> Source:
        """The path an editor sees: relative to the root, or marked as the built-in theme's."""
        if base is not None:
            return Source("(built-in theme) " + path.relative_to(base).as_posix())
        name = str(path)
        if name.startswith(self.inside_prefix):  # as every file of the root is named: no Path arithmetic
            rel = name[len(self.inside_prefix) :]
        else:
            try:
                rel = path.relative_to(self.root).as_posix()
            except ValueError:
                rel = path.as_posix()
        if not rel.isprintable():  # a line break or terminal escape in a file name would forge output lines
            rel = "".join(c if c.isprintable() else repr(c)[1:-1] for c in rel)
        return Source(rel)

    def inside(self, path: Path) -> bool:
        """Whether a path, following links, stays inside the site root; records a problem if not."""
        try:
            if path.resolve().is_relative_to(self.resolved_root):
                return True
        except (OSError, RuntimeError):  # RuntimeError: links that lead back to themselves
            self.problems.append(
                ContentError(
                    self.source(path), "this link leads in a circle; replace it with the file or folder it means"
                )
            )
            return False
        self.problems.append(
            ContentError(self.source(path), "this file links to a place outside the site root; copy it in instead")
        )
        return False

    def text(self, path: Path, source: Source, *, base: Path | None = None) -> str | None:
        """The file's text as UTF-8 with `\n` line ends, or None after recording why not."""
        data = self.bytes(path, source, base)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(ContentError(source.at(line), "invalid UTF-8; save the file as UTF-8"))
            return None
        return normalized(text)

    def bytes(self, path: Path, source: Source, base: Path | None = None) -> bytes | None:
        """The file's bytes, refusing links that lead outside the root and oversized files."""
        name = str(path)
        try:
            link = os.lstat(name) if base is None else None
        except OSError:
            link = None
        if link is not None and S_ISLNK(link.st_mode) and not self.inside(path):
            return None
        try:
            # A file that is not a link has the stamp lstat gave; one system call less for each of thousands.
            stat = link if link is not None and not S_ISLNK(link.st_mode) else os.stat(name)
            size = self.stamp(name, stat)[2]
            if (kind := kind_of(stat.st_mode)) is not None:
                raise NotAFile(kind)
            if size > MAX_FILE_BYTES:
                self.problems.append(ContentError(source, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"))
                return None
            return _read(name, size)
        except NotAFile as exc:
            self.problems.append(ContentError(source, exc.message))
            return None
        except OSError as exc:
            self.problems.append(ContentError(source, f"cannot read the file: {exc.strerror or exc}"))
            return None

    def parse(self, text: str, source: Source) -> YamlDoc | None:
        """Parse YAML text, from the cache when this exact text was parsed before."""
        parses = self.parses(ParseInOrder())
        parses.add(text, source, content_hash(text))
        return parses.docs()[0]

    def parses(self, stream: TextStream) -> Parses:
        """Texts to parse as they are read, each given with its `content_hash`, by `stream`; see `Parses`."""
        return Parses(self, stream)

    def yaml(self, path: Path, *, base: Path | None = None) -> YamlDoc | None:
        source = self.source(path, base)
        text = self.text(path, source, base=base)
        return None if text is None else self.parse(text, source)

    def remembered(self, path: str) -> tuple[tuple[int, int, int, int] | None, object | None]:
        """The file's stamp (mtime, ctime, size, inode) and what was made of it when it last had that stamp."""
        if self.cache is None:
            return None, None
        known = self.cache.files.get(path)
        if known is not None and self.trusted(path):
            self.stamps[path] = known[0]
            self.cache.keep_stored(path)
            return known
        try:
            stat = os.stat(path)
        except OSError:
            return None, None
        stamp = self.stamp(path, stat)
        if known and known[0] == stamp:
            self.cache.keep_stored(path)
            return stamp, known[1]
        return stamp, None

    def stored(self, path: str, stamp: tuple[int, int, int, int] | None, size: int) -> list[Any] | None:
        """What an earlier build took from this file (see `Cache.stored`), if the file still has that stamp
        and the record has `size` entries after it; None otherwise, and then the file is read."""
        if self.cache is None or stamp is None:
            return None
        record = self.cache.stored(path)
        return record[1:] if record is not None and len(record) == size + 1 and record[0] == list(stamp) else None

    def trusted(self, path: str) -> bool:
        """Whether a file watcher vouches that this file or folder in the root is as the last load left it."""
        return (
            self.changed is not None
            and path.startswith(self.inside_prefix)
            and path not in self.changed
            and path not in self.changed_folders
        )

    def remember(
        self,
        path: str,
        stamp: tuple[int, int, int, int] | None,
        item: object,
        problems_before: int,
        record: list[Any] | None = None,
    ) -> None:
        """Keep what a file gave, if it gave no problems, for a later build in this process, and its
        `record` (see `Cache.stored`) for a later build in any process."""
        if self.cache is None or stamp is None or len(self.problems) != problems_before:
            return
        if self.cache.keep_loaded:
            self.cache.files[path] = (stamp, item)
        if record is not None:
            self.cache.keep_stored(path, [list(stamp), *record])

    def files(self, folder: Path, suffix: str) -> list[Path]:
        """Files with this suffix directly in `folder`, sorted; hidden files are skipped."""
        return [Path(path) for path in self.names(folder, suffix)]

    def names(self, folder: Path, suffix: str, holds: Holds | None = None) -> list[str]:
        """`files` as plain strings, which a preview checks by the thousand on every save; with `holds`, what
        else the folder holds is reported as `unread.unread_problem` says."""
        base = str(folder)
        key = f"{base}/*{suffix}"
        known = self.cache.files.get(key) if self.cache is not None else None
        if known is not None and self.trusted(base):
            self.stamps[base] = known[0]
            names, unread = known[1]
            self.problems.extend(unread)
            return names
        try:
            stamp = self.stamp(base, os.stat(base))
        except OSError:
            self.stamps[base] = ()
            return []
        if not folder.is_dir():
            return []
        names, unread = self._listing(base, suffix, holds)
        self.problems.extend(unread)
        if self.cache is not None:
            self.cache.files[key] = (stamp, (names, unread))
        return names

    def _listing(self, base: str, suffix: str, holds: Holds | None) -> tuple[list[str], list[ContentError]]:
        """The paths of the folder's files with this suffix, and the problems of what else it holds."""
        names: list[str] = []
        unread: list[ContentError] = []
        for name in sorted(os.listdir(base)):
            path = f"{base}/{name}"
            if name.endswith(suffix) and not name.startswith("."):
                names.append(path)
            elif holds is not None and (problem := unread_problem(name, os.path.isdir(path), holds)) is not None:
                unread.append(ContentError(self.source(Path(path)), problem[0], warning=problem[1]))
        return names, unread


def _read(name: str, size: int) -> bytes:
    """A file's bytes, `size` as its stamp says (it may have changed since; -1 when not known). os.read rather
    than open(): Python's file object asks the kernel three more things (fstat, isatty, the position) for
    each file; the one fstat here makes sure that what was opened is still a regular file."""
    descriptor = os.open(name, _OPEN_FLAGS)
    try:
        if (kind := kind_of(os.fstat(descriptor).st_mode)) is not None:
            raise NotAFile(kind)
        data = os.read(descriptor, size + 1) if size >= 0 else b""
        if 0 <= len(data) <= size:
            return data
        chunks = [data]
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def normalized(text: str) -> str:
    """A file's text as the build reads it: no byte-order mark, `\n` line ends, NFC."""
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


class Parses:
    """YAML texts parsed while the files are still being read (by a `yamltext.TextStream`), except the
    ones the cache has parsed before; their problems go to the reader's."""

    def __init__(self, reader: Reader, stream: TextStream):
        self.reader = reader
        self.stream = stream
        self.items: list[tuple[str, YamlDoc | None]] = []
        """(content hash, the cached document or None for one being parsed) of each text, in order."""

    def add(self, text: str, source: Source, key: str) -> None:
        cache = self.reader.cache
        hit, value = cache.parsed_by_hash(key) if cache is not None else (False, None)
        self.items.append((key, YamlDoc(value, source, text) if hit else None))
        if not hit:
            self.stream.add(text, source)

    def docs(self) -> list[YamlDoc | None]:
        """Each text's document, None for one with a problem."""
        try:
            parsed = iter(self.stream.finish())
        finally:
            self.stream.close()
        docs: list[YamlDoc | None] = []
        for key, doc in self.items:
            if doc is None:
                found = next(parsed)
                if isinstance(found, ContentError):
                    self.reader.problems.append(found)
                else:
                    doc = found
                    if self.reader.cache is not None:
                        self.reader.cache.remember_parsed(key, found.value)
            docs.append(doc)
        return docs

    def close(self) -> None:
        """Stop the parse workers, if the reading failed before `docs`."""
        self.stream.close()
