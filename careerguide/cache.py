"""The build cache under <root>/.cache/careerguide: parsed files by content, rendered pages by their inputs."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from pathlib import Path
from typing import Any

from careerguide import __version__
from careerguide.errors import ContentError, Source
from careerguide.link import PageRef, RolePage, Site, mentioned_roles
from careerguide.model import Article, FactBox

CACHE_FOLDER = Path(".cache") / "careerguide"


def content_hash(data: bytes | str) -> str:
    """A short, stable hash of some content."""
    if isinstance(data, str):
        data = data.encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Cache:
    """Read at the start of a build, written after a successful one; a broken cache is ignored, never fatal."""

    def __init__(self, root: Path):
        self.folder = root / CACHE_FOLDER
        self.parsed: dict[str, Any] = self._read_parsed()
        self.parsed_used: dict[str, Any] = {}
        self.manifests: dict[Path, dict[str, tuple[str, list[ContentError]]]] = {}
        """What this process already knows, so a long-running preview need not read the disk."""
        self.files: dict[str, tuple[tuple[int, int, int], object]] = {}
        """Path -> (stamp, what loading made of it): files unchanged since the last build are not read."""
        self.checked: dict[tuple, tuple[object, object, list[ContentError]]] = {}
        """What validation made of a loaded file, keyed by the loaded object, kept for this process."""
        self.linked: Site | None = None
        """The last site linked in this process, whose links a preview keeps while they stay the same."""

    def _read_parsed(self) -> dict[str, Any]:
        # JSON, never pickle: a cache folder can arrive in a commit, and unpickling it would run its code.
        try:
            data = json.loads((self.folder / "parsed.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data.get("entries", {}) if isinstance(data, dict) and data.get("version") == __version__ else {}

    def parsed_value(self, text: str) -> tuple[bool, Any]:
        """(True, value) for YAML text parsed in an earlier build, else (False, None)."""
        key = content_hash(text)
        if key in self.parsed:
            self.parsed_used[key] = self.parsed[key]
            return True, self.parsed[key]
        return False, None

    def remember_parsed(self, text: str, value: Any) -> None:
        """Keep a parsed value for the next build."""
        self.parsed_used[content_hash(text)] = value

    def pages(self, out: Path) -> dict[str, tuple[str, list[ContentError]]]:
        """Output path -> (input key, problems) of the role pages last written to `out`."""
        if out in self.manifests:
            return self.manifests[out]
        try:
            data = json.loads((self.folder / self._manifest_name(out)).read_text(encoding="utf-8"))
            if data.get("version") != __version__:
                return {}
            return {
                path: (key, [ContentError(Source(p, line), message, warning) for p, line, message, warning in problems])
                for path, (key, problems) in data["pages"].items()
            }
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def save(self, out: Path, pages: dict[str, tuple[str, list[ContentError]]], *, persist: bool = True) -> None:
        """Remember what this build parsed and rendered; on disk too unless `persist` is false."""
        self.manifests[out] = pages
        self.parsed, self.parsed_used = self.parsed_used, {}
        if not persist:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            manifest = {
                "version": __version__,
                "pages": {
                    path: [key, [[p.source.path, p.source.line, p.message, p.warning] for p in problems]]
                    for path, (key, problems) in sorted(pages.items())
                },
            }
            _replace(self.folder / self._manifest_name(out), json.dumps(manifest).encode())
            _replace(self.folder / "parsed.json", json.dumps({"version": __version__, "entries": self.parsed}, ensure_ascii=False).encode())
        except OSError:
            pass

    @staticmethod
    def _manifest_name(out: Path) -> str:
        return f"pages-{content_hash(str(out.resolve()))}.json"


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def site_digest(site: Site) -> str:
    """What every page depends on: the generator version, the settings and the theme."""
    content = site.content
    return _value_hash((__version__, content.config, content.theme))


def page_key(page: RolePage, site: Site, digest: str) -> str:
    """A hash of every input a role page shows: its files, its links, the site's settings and theme."""
    known = _PAGE_KEYS.get(id(page))
    if known is not None and known[0] is page and known[1] is site.refs and known[2] == digest:
        return known[3]
    lang = page.ref.lang
    mentions = [(role_id, role_id in site.content.roles, _ref(site.refs.get((lang, role_id)))) for role_id in mentioned_roles(page.article)]
    links = [[_ref(ref) for ref in refs] for refs in (page.translations, page.next_steps, page.leads_from, page.related)]
    box = page.factbox
    key = content_hash("\0".join((digest, _file_hash(page.article), _file_hash(box) if box else "-", _object_hash(page.role), repr((links, mentions)))))
    _remember(_PAGE_KEYS, page, (page, site.refs, digest, key))
    return key


def site_files_key(site: Site, digest: str) -> str:
    """A hash of what the pages other than role pages show: everything but the articles' bodies."""
    parts = [digest, _object_hash(site.content.roles)]
    for p in site.pages:
        known = _SITE_PARTS.get(id(p))
        if known is None or known[0] is not p:
            a = p.article
            links = [[_ref(ref) for ref in refs] for refs in (p.translations, p.next_steps, p.leads_from, p.related)]
            head = (a.lang, a.slug, a.role, a.title, a.description, a.updated, a.draft)
            known = (p, "\0".join([_ref(p.ref), repr(head), _file_hash(p.factbox) if p.factbox else "-", repr(links)]))
            _remember(_SITE_PARTS, p, known)
        parts.append(known[1])
    return content_hash("\0".join(parts))


_PAGE_KEYS: dict[int, tuple[RolePage, object, str, str]] = {}
"""Role page object -> (the page, the refs it was linked with, the settings digest, its key): a preview,
which keeps the page objects of unchanged files, hashes only what changed."""
_SITE_PARTS: dict[int, tuple[RolePage, str]] = {}
"""Role page object -> (the page, what of it the site files show)."""


def _remember(memo: dict[int, Any], item: object, value: Any) -> None:
    """Keep a value by the identity of `item` (kept alive by the memo, so its id is not reused meanwhile)."""
    if len(memo) > 200_000:
        memo.clear()
    memo[id(item)] = value


def _file_hash(item: Article | FactBox) -> str:
    """What an article or fact box was made from: the hash of its file, or of its value where it has none (in tests)."""
    return item.digest or _object_hash(item)


def _ref(ref: PageRef | None) -> str:
    return "" if ref is None else f"{ref.lang}/{ref.slug}/{ref.role}/{ref.title}"


_HASHES: dict[int, tuple[object, str]] = {}
"""Hashes of loaded objects by identity: a preview hashes each unchanged role once."""


def _object_hash(item: object) -> str:
    """The value hash of an object, remembered while that very object lives."""
    known = _HASHES.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    result = _value_hash(item)
    _remember(_HASHES, item, (item, result))
    return result


def _value_hash(value: object) -> str:
    """A hash of plain data by its value: pickled without the memo, so shared objects count as copies."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes, however objects happen to be shared
    pickler.dump(value)
    return content_hash(buffer.getvalue())
