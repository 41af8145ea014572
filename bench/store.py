"""One store for the build cache (issue 23): today's JSON files against one SQLite file, on the cache a real build left.

    python bench/store.py --roles 1000 5000 --runs 5          # corpus and cold build under bench/work/store-N first
    python bench/store.py --site ROOT OUT --runs 5            # a root built into OUT with the cache on
    python bench/store.py --site ROOT OUT --json results.json && python bench/store.py tables results.json
    python bench/store.py kill ROOT OUT --tries 30            # kill the fact box save and look at what is left

Each measurement is a fresh process (as every build is) that times one operation of the build on the
store with the clock and with CPU time, and reports its peak RSS; a second, untimed process per
variant and operation traces the Python heap (tracemalloc) for the operation's own peak. The
variants alternate inside every round and the store is copied back to what the cold build left
before each run, so every run starts from the same files. Timings are printed and written as JSON;
nothing here passes or fails a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from careerguide.incremental.cache import CACHE_FOLDER, Cache  # noqa: E402
from careerguide.incremental.manifest import (  # noqa: E402
    BodySlot,
    LastBuild,
    Manifest,
    generator,
    read_manifest,
    write_patch,
)
from careerguide.link import LinkTargets  # noqa: E402
from careerguide.load.stamps import Stamps  # noqa: E402
from careerguide.model.errors import ContentError, Source  # noqa: E402
from careerguide.model.raw import content_hash  # noqa: E402
from careerguide.write.folder import MARKER  # noqa: E402
from careerguide.write.record import HERE as OUT_HERE  # noqa: E402
from careerguide.write.record import OutputRecord  # noqa: E402

VARIANTS = ("json", "sqlite-wal", "sqlite-wal-nosync", "sqlite-rollback", "sqlite-wal-rows", "json-shards")
"""Today's files; SQLite in WAL mode (synchronous=NORMAL: fsync at each checkpoint), the same with synchronous=OFF
(no fsync, as today's files are written), and with a rollback journal (synchronous=FULL, SQLite's default: fsync at
each commit), the stamps and the output record each one JSON value as today; and WAL with them as a row per path.
Last, the parsed values in 16 files by the first digit of the hash, as the cache keeps them since `2a94aa7`."""
OPERATIONS = ("cold", "nochange", "patch", "factbox")
DB_NAME = "store.sqlite"


# --- the plan: what the operations touch, taken once from the real cache ---------------------------------------


@dataclass(frozen=True)
class Plan:
    """What every run of an operation works on, the same for every variant: the real cache's paths and keys."""

    root: str
    out: str
    files: list[str]
    """Every path files.json has a record of, in its order (the order the load asks for them)."""
    parsed: list[str]
    """Every key of parsed.json."""
    pages: list[str]
    """Every output path the manifest has an entry for."""
    articles: list[str]
    """Every `article_slot_key` the manifest has a body slot for."""
    article: str
    """The article whose body one edit changes: its slot key."""
    article_path: str
    factbox_path: str
    """The fact box one edit changes (a comment appended)."""

    @classmethod
    def of(cls, root: Path, out: Path) -> Plan:
        folder = root / CACHE_FOLDER
        files = list(_entries(folder / "files.json"))
        parsed = list(parsed_entries(folder))
        manifest = read_manifest(manifest_path(folder, out))
        if manifest.build is None:
            raise SystemExit(f"no manifest of a build into {out} under {folder}: build it with the cache on first")
        pages, articles = list(manifest.pages), list(manifest.slots)
        article = sorted(articles)[len(articles) // 2]
        boxes = sorted(path for path in files if path.endswith(".yaml") and "/data/" in path)
        return cls(
            str(root),
            str(out),
            files,
            parsed,
            pages,
            articles,
            article,
            f"{root}/content/{article}",
            boxes[len(boxes) // 2],
        )


def _entries(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_bytes())
    if data.get("version") != generator():
        raise SystemExit(f"{path} was written by another generator: build the root again with this code")
    return data["entries"]


def manifest_path(folder: Path, out: Path) -> Path:
    """Where `Cache` keeps the manifest of builds into `out` (see `Cache._manifest_path`)."""
    return folder / f"pages-{content_hash(str(out.resolve()))}.json"


def edited_stamp(stamp: list[int]) -> list[int]:
    """The stamp of a file saved again, a few bytes longer."""
    mtime, ctime, size, inode = stamp
    return [mtime + 1_000_000_000, ctime + 1_000_000_000, size + 40, inode]


def refreshed_entries(out: str, page: str) -> dict[str, list[Any]]:
    """What `OutputRecord.refreshed` gives after a patch replaced `page`, without touching the output's marker."""
    paths = {MARKER, page, os.path.dirname(page) or OUT_HERE, OUT_HERE}
    entries = {}
    for path in sorted(paths):
        now = os.lstat(os.path.join(out, path))
        entries[path] = [now.st_mtime_ns + 1, now.st_size + 40, now.st_ino, ""]
    return entries


# --- the data a cold build has in memory when it saves -------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """Everything a build hands the store: parsed values, file records and the manifest, as the build holds them."""

    parsed: dict[str, Any]
    files: dict[str, list[Any]]
    manifest: Manifest

    @classmethod
    def of(cls, plan: Plan) -> Loaded:
        folder = Path(plan.root) / CACHE_FOLDER
        manifest = read_manifest(manifest_path(folder, Path(plan.out)))
        # As the build made them: dictionaries of tuples and BodySlots, not the tables read back lazily.
        pages = dict(manifest.pages.items())
        slots = {key: manifest.slot(key) for key in manifest.slots}
        manifest = Manifest(pages, manifest.build, slots, manifest.targets, manifest.output)  # type: ignore[arg-type]
        return cls(parsed_entries(folder), _entries(folder / "files.json"), manifest)


# --- today's files, and parsed.json in shards -----------------------------------------------------------------------


class OneFileCache(Cache):
    """The cache as it was before the parsed values were sharded: parsed.json, written whole when its keys change."""

    def _read_parsed(self) -> dict[str, Any]:
        return self._read_entries("parsed.json")

    def _write_parsed(self, entries: dict[str, Any]) -> None:
        self._write_entries("parsed.json", entries)


def parsed_entries(folder: Path) -> dict[str, Any]:
    """Every parsed value a cache folder holds, in one file or in shards."""
    entries: dict[str, Any] = {}
    for path in sorted(folder.glob("parsed*.json")):
        entries.update(_entries(path))
    return entries


def json_cache(variant: str, root: Path) -> Cache:
    """The cache of a build in `root` with parsed.json whole (`json`, as before `2a94aa7`) or in shards (as now)."""
    return Cache(root, keep_loaded=False) if variant == "json-shards" else OneFileCache(root, keep_loaded=False)


# --- SQLite ----------------------------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parsed (hash TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS builds (
    out TEXT PRIMARY KEY, languages TEXT NOT NULL, warnings TEXT NOT NULL, targets TEXT,
    inputs TEXT, output TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (
    out TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL, problems TEXT, PRIMARY KEY (out, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS slots (
    out TEXT NOT NULL, article TEXT NOT NULL, page TEXT NOT NULL, frame TEXT NOT NULL, front TEXT NOT NULL,
    start INTEGER NOT NULL, length INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (out, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inputs (
    out TEXT NOT NULL, folder TEXT NOT NULL, name TEXT NOT NULL,
    mtime INTEGER NOT NULL, ctime INTEGER NOT NULL, size INTEGER NOT NULL, inode INTEGER NOT NULL,
    PRIMARY KEY (out, folder, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
    out TEXT NOT NULL, seq INTEGER NOT NULL, path TEXT NOT NULL,
    mtime INTEGER NOT NULL, size INTEGER NOT NULL, inode INTEGER NOT NULL, racy TEXT,
    PRIMARY KEY (out, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS outputs_path ON outputs (out, path);
"""


class SqliteStore:
    """The whole cache in one SQLite file: the sketch the measurements run, one transaction per build."""

    def __init__(self, path: Path, variant: str):
        self.rows = variant.endswith("-rows")
        self.db = sqlite3.connect(path, isolation_level=None)
        if variant.startswith("sqlite-wal"):
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=" + ("OFF" if variant.endswith("-nosync") else "NORMAL"))
        else:
            self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=10000")

    def close(self) -> None:
        self.db.close()

    def create(self) -> None:
        """The tables, and the generator that fills them (`executescript` commits first: call it outside a build's
        transaction)."""
        self.db.executescript(SCHEMA)

    def current(self) -> bool:
        """Whether the store was written by this generator (else it is emptied, as today a file is ignored)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()
        return row is not None and row[0] == generator()

    # reading

    def last_build(self, out: str) -> tuple[LastBuild, OutputRecord] | None:
        """What the no-change answer needs: every input's stamp and the output record."""
        row = self.db.execute("SELECT languages, warnings, inputs, output FROM builds WHERE out = ?", (out,)).fetchone()
        if row is None:
            return None
        languages, warnings, inputs, output = row
        if self.rows:
            stamps, record = self._stamps_rows(out), self._output_rows(out)
        else:
            stamps, record = Stamps.from_json(json.loads(inputs)), OutputRecord.from_json(json.loads(output))
        last = LastBuild(stamps, tuple((code, count) for code, count in json.loads(languages)), _problems(warnings))
        return last, record

    def _stamps_rows(self, out: str) -> Stamps:
        cursor = self.db.execute(
            "SELECT folder, name, mtime, ctime, size, inode FROM inputs WHERE out = ? ORDER BY folder, name", (out,)
        )
        folders: list[tuple[str, list[str]]] = []
        numbers = array("q")
        for folder, rows in groupby(cursor, key=lambda row: row[0]):
            names = []
            for _, name, *stamp in rows:
                names.append(name)
                numbers.extend(stamp)
            folders.append((folder, names))
        return Stamps(folders, numbers)

    def _output_rows(self, out: str) -> OutputRecord:
        paths, numbers, racy = [], array("q"), {}
        for path, mtime, size, inode, mark in self.db.execute(
            "SELECT path, mtime, size, inode, racy FROM outputs WHERE out = ? ORDER BY seq", (out,)
        ):
            paths.append(path)
            numbers.extend((mtime, size, inode))
            if mark:
                racy[path] = mark
        return OutputRecord(out, tuple(paths), numbers, racy)

    def targets(self, out: str) -> LinkTargets | None:
        row = self.db.execute("SELECT targets FROM builds WHERE out = ?", (out,)).fetchone()
        if row is None or row[0] is None:
            return None
        data = json.loads(row[0])
        return LinkTargets(frozenset(data["roles"]), data["slugs"])

    def page(self, out: str, path: str) -> tuple[str, list[ContentError]] | None:
        row = self.db.execute("SELECT key, problems FROM pages WHERE out = ? AND path = ?", (out, path)).fetchone()
        return None if row is None else (row[0], _problems(row[1]) if row[1] else [])

    def slot(self, out: str, article: str) -> BodySlot | None:
        row = self.db.execute(
            "SELECT page, frame, front, start, length, size FROM slots WHERE out = ? AND article = ?", (out, article)
        ).fetchone()
        return None if row is None else BodySlot(*row)

    def pages(self, out: str) -> dict[str, tuple[str, list[ContentError]]]:
        return {
            path: (key, _problems(problems) if problems else [])
            for path, key, problems in self.db.execute("SELECT path, key, problems FROM pages WHERE out = ?", (out,))
        }

    def slots(self, out: str) -> dict[str, BodySlot]:
        query = "SELECT article, page, frame, front, start, length, size FROM slots WHERE out = ?"
        return {article: BodySlot(*rest) for article, *rest in self.db.execute(query, (out,))}

    def parsed(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self.db.execute("SELECT hash, value FROM parsed")}

    def files(self) -> dict[str, list[Any]]:
        return {path: json.loads(record) for path, record in self.db.execute("SELECT path, record FROM files")}

    # writing: each build's changes in one transaction

    def write_all(self, loaded: Loaded, out: str) -> None:
        """The cold build's save: every table filled in one transaction."""
        self.create()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('generator', ?)", (generator(),))
        self.db.executemany("INSERT INTO parsed VALUES (?, ?)", ((k, _json(v)) for k, v in loaded.parsed.items()))
        self.db.executemany("INSERT INTO files VALUES (?, ?)", ((k, _json(v)) for k, v in loaded.files.items()))
        manifest = loaded.manifest
        self._put_pages(out, manifest.pages.items())
        self._put_slots(out, manifest.slots.items())  # type: ignore[arg-type]
        self._put_build(out, manifest)
        self.db.execute("COMMIT")

    def _put_pages(self, out: str, entries: Iterable[tuple[str, tuple[str, list[ContentError]]]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
            ((out, path, key, _json(_plain(problems)) if problems else None) for path, (key, problems) in entries),
        )

    def _put_slots(self, out: str, entries: Iterable[tuple[str, BodySlot]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO slots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((out, article, *slot) for article, slot in entries),
        )

    def _put_build(self, out: str, manifest: Manifest) -> None:
        build, targets, record = manifest.build, manifest.targets, manifest.output
        assert build is not None and targets is not None and record is not None
        inputs = output = None
        if self.rows:
            self._put_stamp_rows(out, build.inputs)
            self._put_output_rows(out, record)
        else:
            inputs, output = _json(build.inputs.to_json()), _json(record.to_json())
        self.db.execute(
            "INSERT OR REPLACE INTO builds VALUES (?, ?, ?, ?, ?, ?)",
            (
                out,
                _json(build.languages),
                _json(_plain(build.warnings)),
                _json({"roles": sorted(targets.roles), "slugs": targets.slugs}),
                inputs,
                output,
            ),
        )

    def _put_stamp_rows(self, out: str, stamps: Stamps) -> None:
        self.db.execute("DELETE FROM inputs WHERE out = ?", (out,))
        numbers = stamps._numbers.tolist()
        rows, i = [], 0
        for folder, names in stamps._folders:
            for name in names:
                rows.append((out, folder, name, *numbers[i : i + 4]))
                i += 4
        self.db.executemany("INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _put_output_rows(self, out: str, record: OutputRecord) -> None:
        self.db.execute("DELETE FROM outputs WHERE out = ?", (out,))
        numbers = record.numbers.tolist()
        self.db.executemany(
            "INSERT INTO outputs VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((out, i, path, *numbers[3 * i : 3 * i + 3], record.racy.get(path)) for i, path in enumerate(record.paths)),
        )

    def write_patch(
        self, out: str, last: LastBuild, record: OutputRecord, page: str, entry: tuple[str, list[ContentError]],
        article: str, slot: BodySlot, changed: dict[str, list[int]], output: dict[str, list[Any]],
    ) -> None:  # fmt: skip
        """A body patch's save: one page entry, one slot, the changed stamps and output entries, the warnings."""
        self.db.execute("BEGIN IMMEDIATE")
        self._put_pages(out, [(page, entry)])
        self._put_slots(out, [(article, slot)])
        if self.rows:
            for path, stamp in changed.items():
                folder, _, name = path.rpartition("/")
                self.db.execute(
                    "UPDATE inputs SET mtime = ?, ctime = ?, size = ?, inode = ?"
                    " WHERE out = ? AND folder = ? AND name = ?",
                    (*stamp, out, folder, name),
                )
            for path, (mtime, size, inode, mark) in output.items():
                self.db.execute(
                    "UPDATE outputs SET mtime = ?, size = ?, inode = ?, racy = ? WHERE out = ? AND path = ?",
                    (mtime, size, inode, mark or None, out, path),
                )
            self.db.execute("UPDATE builds SET warnings = ? WHERE out = ?", (_json(_plain(last.warnings)), out))
        else:
            self.db.execute(
                "UPDATE builds SET warnings = ?, inputs = ?, output = ? WHERE out = ?",
                (
                    _json(_plain(last.warnings)),
                    _json(last.inputs.updated(changed).to_json()),
                    _json(record.applied(output).to_json()),
                    out,
                ),
            )
        self.db.execute("COMMIT")

    def write_changes(
        self,
        out: str,
        parsed: tuple[dict[str, Any], dict[str, Any]],
        files: tuple[dict[str, list[Any]], dict[str, list[Any]]],
        pages: tuple[dict[str, tuple[str, list[ContentError]]], dict[str, tuple[str, list[ContentError]]]],
        slots: tuple[dict[str, BodySlot], dict[str, BodySlot]],
        manifest: Manifest,
    ) -> None:
        """A whole build's save, each table given as (as read, as now): only what differs is written."""
        self.db.execute("BEGIN IMMEDIATE")
        for table, key, (old, new) in (("parsed", "hash", parsed), ("files", "path", files)):
            self.db.executemany(f"DELETE FROM {table} WHERE {key} = ?", ((k,) for k in old.keys() - new.keys()))
            self.db.executemany(
                f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                ((k, _json(v)) for k, v in new.items() if k not in old or (table == "files" and old[k] != v)),
            )
        for table, key, (old_rows, new_rows) in (("pages", "path", pages), ("slots", "article", slots)):
            self.db.executemany(
                f"DELETE FROM {table} WHERE out = ? AND {key} = ?",
                ((out, k) for k in old_rows.keys() - new_rows.keys()),
            )
        self._put_pages(out, ((k, v) for k, v in pages[1].items() if pages[0].get(k) != v))
        self._put_slots(out, ((k, v) for k, v in slots[1].items() if slots[0].get(k) != v))
        self._put_build(out, manifest)
        self.db.execute("COMMIT")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _plain(problems: Iterable[ContentError]) -> list[list[Any]]:
    return [[p.source.path, p.source.line, p.message, p.warning, p.acknowledged, p.strict] for p in problems]


def _problems(text: str) -> tuple[ContentError, ...]:
    return tuple(
        ContentError(
            Source(path, line), message, warning, bool(rest and rest[0]), str(rest[1]) if len(rest) > 1 else ""
        )
        for path, line, message, warning, *rest in json.loads(text)
    )


# --- the operations, each on one variant -----------------------------------------------------------------------------


def op_cold(variant: str, plan: Plan, scratch: Path) -> Callable[[], None]:
    """1) After a cold build: write everything."""
    loaded = Loaded.of(plan)
    out = Path(plan.out)

    def json_files() -> None:
        cache = json_cache(variant, scratch)
        cache.parsed_used, cache.stored_used = dict(loaded.parsed), dict(loaded.files)
        cache.save_loaded(persist=True)
        cache.save(out, loaded.manifest)

    def sqlite() -> None:
        store = SqliteStore(scratch / DB_NAME, variant)
        store.write_all(loaded, plan.out)
        store.close()

    return json_files if variant.startswith("json") else sqlite


def op_nochange(variant: str, plan: Plan, scratch: Path) -> Callable[[], None]:
    """2) The no-change build's store part: every input's stamp and the output record, read."""
    out = Path(plan.out)

    def json_files() -> None:
        manifest = json_cache(variant, scratch).manifest(out)
        assert manifest.build is not None and manifest.output is not None and manifest.build.inputs

    def sqlite() -> None:
        store = SqliteStore(scratch / DB_NAME, variant)
        assert store.current()
        found = store.last_build(plan.out)
        assert found is not None and found[0].inputs
        store.close()

    return json_files if variant.startswith("json") else sqlite


def op_patch(variant: str, plan: Plan, scratch: Path) -> Callable[[], None]:
    """3) One article's body changed: the no-change read, one slot and one page entry looked up, the patch saved."""
    out = Path(plan.out)

    def new_entry(slot: BodySlot, entry: tuple[str, list[ContentError]]) -> tuple[str, list[ContentError]]:
        return content_hash(entry[0]), entry[1]

    def json_files() -> None:
        cache = json_cache(variant, scratch)
        manifest = cache.manifest(out)
        last, slot = manifest.build, manifest.slot(plan.article)
        assert last is not None and slot is not None and manifest.targets is not None
        entry = manifest.pages.get(slot.page)
        assert entry is not None
        changed = {plan.article_path: edited_stamp(last.inputs[plan.article_path])}
        output = refreshed_entries(plan.out, slot.page)
        new_slot = slot._replace(length=slot.length + 40, size=slot.size + 40)
        build = LastBuild(last.inputs.updated(changed), last.languages, last.warnings)
        path = manifest_path(cache.folder, out)
        write_patch(
            path, manifest, {slot.page: new_entry(slot, entry)}, {plan.article: new_slot}, build, changed, output
        )

    def sqlite() -> None:
        store = SqliteStore(scratch / DB_NAME, variant)
        assert store.current()
        found = store.last_build(plan.out)
        assert found is not None
        last, record = found
        slot = store.slot(plan.out, plan.article)
        assert slot is not None and store.targets(plan.out) is not None
        entry = store.page(plan.out, slot.page)
        assert entry is not None
        changed = {plan.article_path: edited_stamp(last.inputs[plan.article_path])}
        output = refreshed_entries(plan.out, slot.page)
        new_slot = slot._replace(length=slot.length + 40, size=slot.size + 40)
        store.write_patch(
            plan.out, last, record, slot.page, new_entry(slot, entry), plan.article, new_slot, changed, output
        )
        store.close()

    return json_files if variant.startswith("json") else sqlite


def factbox_change(plan: Plan, files: dict[str, list[Any]], parsed: dict[str, Any]) -> tuple[str, str, Any]:
    """The fact box edit as the load sees it: (its old parsed key, its new one, its value)."""
    old_key = files[plan.factbox_path][1]
    return old_key, content_hash(old_key + "# edited"), parsed[old_key]


def op_factbox(variant: str, plan: Plan, scratch: Path) -> Callable[[], None]:
    """4) One fact box changed: every file record and parsed value read and used, every page entry and slot read,
    all of it written back (the fact box's value under its new key, new keys for its page and the site files)."""
    out = Path(plan.out)
    changed_page = next(path for path in plan.pages if path.startswith("da/") and path.endswith("/index.html"))
    site_entries = [path for path in plan.pages if path.startswith("(site files")]

    def outcome(pages: dict[str, tuple[str, list[ContentError]]]) -> dict[str, tuple[str, list[ContentError]]]:
        for path in [changed_page, *site_entries]:
            pages[path] = (content_hash(pages[path][0]), pages[path][1])
        return pages

    def json_files() -> None:
        cache = json_cache(variant, scratch)
        manifest = cache.manifest(out)  # the shortcut looks first, and finds a fact box changed
        assert manifest.build is not None and manifest.output is not None
        manifest.build.inputs[plan.factbox_path]
        for path in plan.files:
            record = cache.stored(path)
            assert record is not None
            if path == plan.factbox_path:
                record = [edited_stamp(record[0]), *record[1:]]
            cache.keep_stored(path, record)
        old_key, new_key, value = factbox_change(plan, cache._stored or {}, cache.parsed)
        for key in plan.parsed:
            if key != old_key:
                assert cache.parsed_by_hash(key)[0]
        cache.remember_parsed(new_key, value)
        cache.save_loaded(persist=True)
        pages = outcome({path: manifest.pages[path] for path in plan.pages})
        slots = {article: manifest.slots[article] for article in plan.articles if article in manifest.slots}
        cache.save(out, replace(manifest, pages=pages, slots=slots))

    def sqlite() -> None:
        store = SqliteStore(scratch / DB_NAME, variant)
        assert store.current()
        found = store.last_build(plan.out)
        assert found is not None
        last, record = found
        files_before = store.files()
        files = dict(files_before)
        files[plan.factbox_path] = [edited_stamp(files[plan.factbox_path][0]), *files[plan.factbox_path][1:]]
        parsed_before = store.parsed()
        old_key, new_key, value = factbox_change(plan, files_before, parsed_before)
        parsed = {key: parsed_before[key] for key in plan.parsed if key != old_key}
        parsed[new_key] = value
        pages_before, slots_before = store.pages(plan.out), store.slots(plan.out)
        targets = store.targets(plan.out)
        manifest = Manifest(outcome(dict(pages_before)), last, slots_before, targets, record)
        store.write_changes(
            plan.out,
            (parsed_before, parsed),
            (files_before, files),
            (pages_before, dict(manifest.pages)),
            (slots_before, slots_before),
            manifest,
        )
        store.close()

    return json_files if variant.startswith("json") else sqlite


OPS = {"cold": op_cold, "nochange": op_nochange, "patch": op_patch, "factbox": op_factbox}


def child(args: argparse.Namespace) -> None:
    """One run in this process: set up untimed, run the operation timed (or traced), print the figures as JSON."""
    plan = Plan(**json.loads(Path(args.plan).read_text()))
    scratch = Path(args.scratch)
    run = OPS[args.operation](args.variant, plan, scratch)
    before_rss = _rss_mb()
    if args.ready:  # the kill check waits for this line, then kills the process while it writes
        print("ready", flush=True)
    if args.trace:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        run()
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        print(json.dumps({"traced_mb": peak / 1e6}))
        return
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    stats = {
        "wall": wall,
        "cpu": cpu,
        "maxrss_mb": _peak_rss_mb(),
        "rss_before_mb": before_rss,
        "bytes": _store_bytes(scratch),
    }
    if args.operation == "nochange":  # the rest of the no-change answer, the same for every variant: the stat walks
        stats["decide"] = wall + _stat_walks(args.variant, plan, scratch)
    print(json.dumps(stats))


def _stat_walks(variant: str, plan: Plan, scratch: Path) -> float:
    if variant.startswith("json"):
        manifest = json_cache(variant, scratch).manifest(Path(plan.out))
        assert manifest.build is not None and manifest.output is not None
        stamps, record = manifest.build.inputs, manifest.output
    else:
        found = SqliteStore(scratch / DB_NAME, variant).last_build(plan.out)
        assert found is not None
        stamps, record = found[0].inputs, found[1]
    start = time.perf_counter()
    assert not stamps.changed() and record.intact()
    return time.perf_counter() - start


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not carried over from the process that started it)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _store_bytes(scratch: Path) -> int:
    return sum(path.stat().st_size for path in scratch.rglob("*") if path.is_file())


# --- a kill in the middle of the save -------------------------------------------------------------------------------


def kill_check(root: Path, out: Path, work: Path, args: argparse.Namespace) -> dict[str, dict[str, int]]:
    """Start the fact box save of each variant `tries` times and kill it (SIGKILL) at moments spread over how long it
    takes; count what each kill left: per part of the store, the state before the save, after it, or nothing."""
    work.mkdir(parents=True, exist_ok=True)
    plan = Plan.of(root, out)
    stores = pristine_stores(plan, work, args.variants)
    scratch, outcomes = work / "scratch", {}
    for variant in args.variants:
        took = statistics.median(_timed_save(work, variant, stores[variant], scratch) for _ in range(3))
        counts: dict[str, int] = {}
        for attempt in range(args.tries):
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.copytree(stores[variant], scratch)
            command = [sys.executable, __file__, "child", variant, "factbox", "--plan", str(work / "plan.json")]
            command += ["--scratch", str(scratch), "--ready"]
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) as process:
                assert process.stdout is not None and process.stdout.readline() == b"ready\n"
                time.sleep(took * (attempt + 0.5) / args.tries)
                process.kill()
            state = store_state(variant, plan, scratch)
            counts[state] = counts.get(state, 0) + 1
        outcomes[variant] = counts
    shutil.rmtree(scratch, ignore_errors=True)
    return outcomes


def _timed_save(work: Path, variant: str, pristine: Path, scratch: Path) -> float:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(pristine, scratch)
    return _run_child(work, variant, "factbox", scratch, trace=False)["wall"]


def store_state(variant: str, plan: Plan, scratch: Path) -> str:
    """What a killed fact box save left, part by part (parsed values, file records, manifest): "old" as before the
    save, "new" as after it, "none" where the part reads as empty (the next build then starts that part cold)."""
    files, parsed = {}, {}
    pristine = Path(plan.root) / CACHE_FOLDER
    old_key = _entries(pristine / "files.json")[plan.factbox_path][1]
    new_key = content_hash(old_key + "# edited")
    old_page = read_manifest(manifest_path(pristine, Path(plan.out))).pages
    page = next(path for path in plan.pages if path.startswith("da/") and path.endswith("/index.html"))
    if variant.startswith("json"):
        cache = json_cache(variant, scratch)
        parsed, record, entry = cache.parsed, cache.stored(plan.factbox_path), cache.manifest(Path(plan.out)).pages
        files = {plan.factbox_path: record} if record else {}
        pages = dict(entry) if entry else {}
    else:
        store = SqliteStore(scratch / DB_NAME, variant)
        if store.db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "corrupt"
        parsed, files, pages = store.parsed(), store.files(), store.pages(plan.out)
        store.close()
    parts = [
        "none" if not parsed else "new" if new_key in parsed and old_key not in parsed else "old",
        "none"
        if not files
        else "new"
        if files[plan.factbox_path][0] != _entries(pristine / "files.json")[plan.factbox_path][0]
        else "old",  # fmt: skip
        "none" if not pages else "old" if pages[page][0] == old_page[page][0] else "new",
    ]
    return "/".join(parts)


# --- the rounds ------------------------------------------------------------------------------------------------------


def prepare_corpus(roles: int, work: Path) -> tuple[Path, Path]:
    """A corpus of `roles` roles built once with the cache on (bench/corpus.py, then build.py)."""
    folder = work / f"store-{roles}"
    root, out = folder / "careerguide", folder / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if not (root / "site.yaml").is_file():
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), "--roles", str(roles), "--out", str(folder)], check=True, env=env
        )
    if not out.is_dir() or not (root / CACHE_FOLDER).is_dir():
        build = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", str(out)]
        subprocess.run([*build, "--no-search"], check=True, env=env)
    return root, out


def pristine_stores(plan: Plan, work: Path, variants: list[str]) -> dict[str, Path]:
    """Each variant's store as the cold build leaves it: today's files copied, SQLite written by the cold save; and
    the plan, in `work`, for the runs."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "plan.json").write_text(json.dumps(plan.__dict__))
    stores = {}
    for variant in variants:
        folder = work / f"pristine-{variant}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if variant.startswith("json"):
            shutil.copytree(Path(plan.root) / CACHE_FOLDER, folder / CACHE_FOLDER)
            for shard in (folder / CACHE_FOLDER).glob("parsed*.json"):
                shard.unlink()
            cache = json_cache(variant, folder)
            cache._write_parsed(parsed_entries(Path(plan.root) / CACHE_FOLDER))
        else:
            _run_child(work, variant, "cold", folder, trace=False)
            check_same(plan, folder, variant)
        stores[variant] = folder
    return stores


def check_same(plan: Plan, folder: Path, variant: str) -> None:
    """That the SQLite store reads back exactly what today's files hold, so that both variants do the same work."""
    loaded = Loaded.of(plan)
    store = SqliteStore(folder / DB_NAME, variant)
    found = store.last_build(plan.out)
    manifest = loaded.manifest
    assert found is not None and manifest.build is not None and manifest.output is not None
    last, record = found
    assert dict(last.inputs.items()) == dict(manifest.build.inputs.items()) and last.inputs._folders == [
        (folder, list(names)) for folder, names in manifest.build.inputs._folders
    ]
    assert (last.languages, last.warnings) == (manifest.build.languages, manifest.build.warnings)
    assert (record.folder, record.paths, record.numbers, dict(record.racy)) == (
        manifest.output.folder,
        manifest.output.paths,
        manifest.output.numbers,
        dict(manifest.output.racy),
    )
    assert store.targets(plan.out) == manifest.targets
    assert store.pages(plan.out) == dict(manifest.pages) and store.slots(plan.out) == dict(manifest.slots)
    assert store.parsed() == loaded.parsed and store.files() == loaded.files
    store.close()


def _run_child(work: Path, variant: str, operation: str, scratch: Path, *, trace: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "child", variant, operation, "--plan", str(work / "plan.json")]
    command += ["--scratch", str(scratch), *(["--trace"] if trace else [])]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(root: Path, out: Path, work: Path, runs: int, variants: list[str], operations: list[str]) -> dict:
    """Every operation on every variant, `runs` times, the variants' order rotating round by round."""
    work.mkdir(parents=True, exist_ok=True)
    plan = Plan.of(root, out)
    stores = pristine_stores(plan, work, variants)
    samples: dict[str, dict[str, list[dict[str, float]]]] = {op: {v: [] for v in variants} for op in operations}
    loads = []
    scratch = work / "scratch"
    for round_ in range(runs):
        loads.append(os.getloadavg()[0])
        for operation in operations:
            order = variants[round_ % len(variants) :] + variants[: round_ % len(variants)]
            for variant in order:
                shutil.rmtree(scratch, ignore_errors=True)
                if operation == "cold":
                    scratch.mkdir()
                else:
                    shutil.copytree(stores[variant], scratch)
                samples[operation][variant].append(_run_child(work, variant, operation, scratch, trace=False))
        print(f"round {round_ + 1}/{runs} done, load average {loads[-1]:.2f}", file=sys.stderr, flush=True)
    traced = {op: {} for op in operations}
    for operation in operations:
        for variant in variants:
            shutil.rmtree(scratch, ignore_errors=True)
            if operation == "cold":
                scratch.mkdir()
            else:
                shutil.copytree(stores[variant], scratch)
            traced[operation][variant] = _run_child(work, variant, operation, scratch, trace=True)["traced_mb"]
    shutil.rmtree(scratch, ignore_errors=True)
    loads.append(os.getloadavg()[0])
    return {
        "pages": len([p for p in plan.pages if not p.startswith("(")]),
        "runs": runs,
        "load": [min(loads), max(loads)],
        "sizes": {v: _store_bytes(stores[v]) for v in variants},
        "results": {op: {v: summary(samples[op][v], traced[op][v]) for v in variants} for op in operations},
    }


def summary(samples: list[dict[str, float]], traced_mb: float) -> dict[str, float]:
    """Medians of the runs (the peak RSS: the largest), and the operation's traced Python heap."""
    result = {key: statistics.median(s[key] for s in samples) for key in ("wall", "cpu", "bytes")}
    result["wall_best"] = min(s["wall"] for s in samples)
    result["maxrss_mb"] = max(s["maxrss_mb"] for s in samples)
    result["rss_before_mb"] = statistics.median(s["rss_before_mb"] for s in samples)
    result["rss_added_mb"] = max(s["maxrss_mb"] - s["rss_before_mb"] for s in samples)
    result["traced_mb"] = traced_mb
    if "decide" in samples[0]:
        result["decide"] = statistics.median(s["decide"] for s in samples)
    return result


def table(result: dict) -> str:
    """A Markdown table of one size's results."""
    lines = [
        "| operation | store | wall, median | wall, best | CPU, median | RSS added | Python heap, op | store size |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for operation, by_variant in result["results"].items():
        for variant, r in by_variant.items():
            decide = f" ({r['decide'] * 1000:.0f} ms with the stat walks)" if "decide" in r else ""
            lines.append(
                f"| {operation} | {variant} | {r['wall'] * 1000:.1f} ms{decide} | {r['wall_best'] * 1000:.1f} ms "
                f"| {r['cpu'] * 1000:.1f} ms | {r['rss_added_mb']:.0f} MB | {r['traced_mb']:.1f} MB "
                f"| {r['bytes'] / 1e6:.1f} MB |"
            )
    return "\n".join(lines)


NAMES = {
    "json": "today's files",
    "json-shards": "today's files, parsed.json in 16 shards",
    "sqlite-wal": "SQLite, WAL, synchronous=NORMAL",
    "sqlite-wal-nosync": "SQLite, WAL, synchronous=OFF",
    "sqlite-rollback": "SQLite, rollback journal, synchronous=FULL",
    "sqlite-wal-rows": "SQLite, WAL, stamps and output record a row per path",
}
HEADINGS = {"cold": "1) cold save", "nochange": "2) no change", "patch": "3) one body", "factbox": "4) one fact box"}


def pivot(result: dict) -> str:
    """The tables docs/benchmarks.md shows for one size: CPU and wall time by store and operation, then memory and
    size."""
    operations = list(result["results"])
    variants = list(result["results"][operations[0]])
    lines = [
        "| store | " + " | ".join(HEADINGS[op] for op in operations) + " |",
        "|---|" + "---:|" * len(operations),
    ]
    for variant in variants:
        cells = []
        for op in operations:
            r = result["results"][op][variant]
            cells.append(f"{r['cpu'] * 1000:.0f} ms ({r['wall'] * 1000:.0f} ms)")
        lines.append(f"| {NAMES.get(variant, variant)} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| store | " + " | ".join(f"{HEADINGS[op]}: heap" for op in operations) + " | 4): RSS added | size on disk |",
        "|---|" + "---:|" * (len(operations) + 2),
    ]
    for variant in variants:
        by_op = {op: result["results"][op][variant] for op in operations}
        cells = [f"{by_op[op]['traced_mb']:.0f} MB" for op in operations]
        factbox = by_op.get("factbox")
        cells.append(f"{factbox['rss_added_mb']:.0f} MB" if factbox else "")
        cells.append(f"{result['sizes'][variant] / 1e6:.1f} MB")
        lines.append(f"| {NAMES.get(variant, variant)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    one = sub.add_parser("child", help="one run in this process (used by the rounds)")
    one.add_argument("variant", choices=VARIANTS)
    one.add_argument("operation", choices=OPERATIONS)
    one.add_argument("--plan", required=True)
    one.add_argument("--scratch", required=True)
    one.add_argument("--trace", action="store_true")
    one.add_argument("--ready", action="store_true")
    tables = sub.add_parser("tables", help="print the tables of docs/benchmarks.md from a --json results file")
    tables.add_argument("results", type=Path)
    kill = sub.add_parser("kill", help="kill the fact box save at spread-out moments and look at what is left")
    kill.add_argument("root", type=Path)
    kill.add_argument("out", type=Path)
    kill.add_argument("--tries", type=int, default=40)
    kill.add_argument("--variants", nargs="+", choices=VARIANTS, default=["json", "sqlite-wal", "sqlite-rollback"])
    parser.add_argument("--roles", type=int, nargs="*", default=[], help="corpus sizes in roles (x3 pages)")
    parser.add_argument("--site", nargs=2, action="append", default=[], metavar=("ROOT", "OUT"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--operations", nargs="+", choices=OPERATIONS, default=list(OPERATIONS))
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    if args.command == "child":
        child(args)
        return 0
    if args.command == "tables":
        report = json.loads(args.results.read_text())
        for result in report["sizes"]:
            print(f"{result['pages']:,} pages, {result['runs']} runs, load average {result['load'][0]:.1f}–"
                  f"{result['load'][1]:.1f}, CPU time median (wall time median):\n\n{pivot(result)}\n")  # fmt: skip
        return 0
    if args.command == "kill":
        kills = kill_check(args.root.absolute(), args.out.absolute(), args.work.absolute() / "store-kill", args)
        print(json.dumps(kills, indent=1))
        if args.json:
            args.json.write_text(json.dumps(kills, indent=1))
        return 0
    sites = [(Path(root).absolute(), Path(out).absolute()) for root, out in args.site]
    sites += [prepare_corpus(roles, args.work.absolute()) for roles in args.roles]
    if not sites:
        parser.error("give --roles or --site")
    report: dict[str, Any] = {
        "measured": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        "sizes": [],
    }
    for root, out in sites:
        result = measure(root, out, args.work.absolute() / f"store-runs-{root.parent.name}", args.runs,
                         args.variants, args.operations)  # fmt: skip
        report["sizes"].append(result)
        print(f"\n{result['pages']:,} pages, {args.runs} runs, load average {result['load'][0]:.2f}–"
              f"{result['load'][1]:.2f}\n\n{table(result)}\n", flush=True)  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
