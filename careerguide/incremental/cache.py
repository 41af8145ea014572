"""The build cache under <root>/.cache/careerguide: parsed files by content, rendered pages by their inputs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from careerguide.incremental.manifest import (
    BodySlot,
    LastBuild,
    Manifest,
    generator,
    read_manifest,
    write_manifest,
    write_patch,
    write_whole,
)
from careerguide.incremental.memo import CheckMemo, LinkMemo
from careerguide.link import RolePage
from careerguide.load.reader import read_regular
from careerguide.model.errors import ContentError
from careerguide.model.raw import content_hash

CACHE_FOLDER = Path(".cache") / "careerguide"
SHARDS = "0123456789abcdef"
"""The parsed YAML values are kept in a file per first digit of their hash, parsed-0.json to parsed-f.json: an edit
of one file rewrites one of them, not tens of megabytes (see docs/benchmarks.md, "One store")."""


class Cache:
    """Read at the start of a build, written after a successful one; a broken cache is ignored, never fatal."""

    def __init__(self, root: Path, *, keep_loaded: bool = True):
        self.folder = root / CACHE_FOLDER
        self.keep_loaded = keep_loaded
        """Keep what was loaded, validated and linked for the next build in this process (the preview
        server); a one-shot build does not, so that each stage's data is freed once the next has it."""
        self._parsed: dict[str, Any] | None = None
        self._shards: dict[str, frozenset[str]] = {}
        """Digit -> the hashes its file holds on disk, as last read or written."""
        self.parsed_used: dict[str, Any] = {}
        self._stored: dict[str, list[Any]] | None = None
        self.stored_used: dict[str, list[Any]] = {}
        """Path -> [stamp, what the load took from the file]: see `stored`."""
        self.manifests: dict[Path, Manifest] = {}
        """What this process already knows, so a long-running preview need not read the disk."""
        self.files: dict[str, tuple[tuple[int, ...], object]] = {}
        """Path -> (stamp, what loading made of it): files unchanged since the last build are not read."""
        self.checks = CheckMemo()
        """What validation made of each loaded file, for the next validation in this process."""
        self.links = LinkMemo()
        """The last site linked in this process, whose links a preview keeps while they stay the same."""
        self.page_values: dict[int, tuple[RolePage, str]] = {}
        """Each page of the last build in this process, with its value (see `keys.InputValues`)."""
        self.inputs: dict[str, tuple[int, ...]] = {}
        """The stamps of every file and folder the last load read (set by `load_site`)."""

    @property
    def parsed(self) -> dict[str, Any]:
        """YAML text hash -> value, from earlier builds; read when first needed, a build that changed nothing never
        does."""
        if self._parsed is None:
            self._parsed = self._read_parsed()
        return self._parsed

    def _read_parsed(self) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for digit in SHARDS:
            shard = self._read_entries(f"parsed-{digit}.json")
            self._shards[digit] = frozenset(shard)
            entries.update(shard)
        return entries

    def _write_parsed(self, entries: dict[str, Any]) -> None:
        """Write the shards of the parsed values whose hashes changed."""
        shards: dict[str, dict[str, Any]] = {digit: {} for digit in SHARDS}
        for key, value in entries.items():
            shards.setdefault(key[:1], {})[key] = value
        for digit, shard in shards.items():
            if self._shards.get(digit) != shard.keys():
                self._write_entries(f"parsed-{digit}.json", shard)
                self._shards[digit] = frozenset(shard)
        # The values in one file, as they were kept before the shards: tens of megabytes nothing reads any more.
        (self.folder / "parsed.json").unlink(missing_ok=True)

    def _read_entries(self, name: str) -> dict[str, Any]:
        # JSON, never pickle: a cache folder can arrive in a commit, and unpickling it would run its code.
        try:
            data = json.loads(read_regular(str(self.folder / name)))
        except (OSError, ValueError):
            return {}
        entries = data.get("entries") if isinstance(data, dict) and data.get("version") == generator() else None
        return entries if isinstance(entries, dict) else {}

    def stored(self, path: str) -> list[Any] | None:
        """[stamp, ...] of what an earlier build's load took from a file (its hash, and for an article
        the hash of its front matter, where its body starts and the roles it mentions), so that a new
        process need not read a file whose stamp did not change."""
        if self._stored is None:
            self._stored = self._read_entries("files.json")
        record = self._stored.get(path)
        return record if isinstance(record, list) and record else None

    def keep_stored(self, path: str, record: list[Any] | None = None) -> None:
        """Keep a file's record for the next build: the given one, or the one it had."""
        if record is None and self._stored is not None:
            record = self._stored.get(path)
        if record is not None:
            self.stored_used[path] = record

    def parsed_by_hash(self, key: str) -> tuple[bool, Any]:
        """(True, value) for the YAML text with this `content_hash` if an earlier build parsed it, else (False,
        None)."""
        if key in self.parsed:
            self.parsed_used[key] = self.parsed[key]
            return True, self.parsed[key]
        return False, None

    def remember_parsed(self, key: str, value: Any) -> None:
        """Keep the parsed value of the YAML text with this `content_hash` for the next build."""
        self.parsed_used[key] = value

    def manifest(self, out: Path) -> Manifest:
        """The record of the last build into `out`, read when first asked for."""
        if out not in self.manifests:
            self.manifests[out] = read_manifest(self._manifest_path(out))
        return self.manifests[out]

    def save(self, out: Path, manifest: Manifest, *, persist: bool = True) -> None:
        """Remember what this build wrote into `out`; on disk too unless `persist` is false."""
        if persist:
            try:
                self._make_folder()
                manifest = write_manifest(self._manifest_path(out), manifest)
            except OSError:
                pass  # a cache that cannot be written is only a slower next build
        self.manifests[out] = manifest

    def save_patch(
        self,
        out: Path,
        pages: dict[str, tuple[str, list[ContentError]]],
        slots: dict[str, BodySlot],
        build: LastBuild,
        changed: dict[str, Any],
        output: dict[str, list[Any]],
    ) -> None:
        """Remember what a patch of some pages changed in `out` (see `manifest.write_patch`)."""
        try:
            self.manifests[out] = write_patch(
                self._manifest_path(out), self.manifest(out), pages, slots, build, changed, output
            )
        except OSError:
            self.manifests.pop(out, None)

    def save_loaded(self, *, persist: bool = True) -> None:
        """Keep the YAML values and file records the last load used, and only those, for the next one.

        On disk too unless `persist` is false, and each file only when its entries changed: at
        15,000 pages the parsed values are tens of megabytes, and an edit of an article's body leaves
        them as they are. Without `keep_loaded` the values are then dropped from memory, and so are the file
        records once they are on disk (30,000 of them in a large guide), to be read again if needed.
        """
        used, same = self.parsed_used, self._parsed is not None and self._parsed.keys() == self.parsed_used.keys()
        self._parsed, self.parsed_used = used if self.keep_loaded else None, {}
        stored, same_stored = self.stored_used, self._stored == self.stored_used
        self._stored, self.stored_used = stored if self.keep_loaded or not persist else None, {}
        if not persist:
            return
        if not same:
            self._write_parsed(used)
        if not same_stored:
            self._write_entries("files.json", stored)

    def _write_entries(self, name: str, entries: dict[str, Any]) -> None:
        """Write what `_read_entries` reads back; a cache that cannot be written is only a slower next build."""
        try:
            self._make_folder()
            write_whole(self.folder / name, entries_json(entries))
        except OSError:
            pass

    def _make_folder(self) -> None:
        """Create the cache folder below the root, never the root itself (a root that is missing is a mistake)."""
        self.folder.parent.mkdir(exist_ok=True)
        self.folder.mkdir(exist_ok=True)

    def _manifest_path(self, out: Path) -> Path:
        return self.folder / f"pages-{content_hash(str(out.resolve()))}.json"


def entries_json(entries: dict[str, Any], batch: int = 1000) -> Iterator[bytes]:
    """`{"version": ..., "entries": entries}` as JSON, in pieces: at 15,000 pages it is tens of megabytes,
    and made at once (as text, then as bytes) it set the build's peak memory."""
    yield ('{"version": ' + json.dumps(generator()) + ', "entries": {').encode()
    items = list(entries.items())
    for start in range(0, len(items), batch):
        text = json.dumps(dict(items[start : start + batch]), ensure_ascii=False)[1:-1]
        yield ((", " if start else "") + text).encode()
    yield b"}}"
