"""The search index: Pagefind bundles per language of a built folder, each kept from the last build when no page
changed what it indexes."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection, Iterable
from html.parser import HTMLParser
from pathlib import Path

from careerguide.model.output import FOLDER, bundle, bundle_list

PAGES_PER_BUNDLE = 600
"""A language with more role pages than this is indexed in several Pagefind bundles of about this many,
which its search box merges. Pagefind holds about 165 KB in memory for each page it indexes (0.9 GB
for 5,000 role pages at once); a bundle of 600 pages takes about 110 MB to build."""
TIMEOUT = 600
COMPARE_LIMIT = 200
"""Up to this many rendered pages of a bundle, each is compared with its previous version to see whether the bundle can
stay."""


class SearchFailed(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def build_index(
    site: Path,
    pages: Iterable[str],
    *,
    previous: Path | None = None,
    previous_pages: Iterable[str] = (),
    rendered: Collection[str] = (),
) -> None:
    """Index the role pages at these paths below the built folder `site`, in bundles per language (a path's first
    folder).

    Pagefind indexes only the elements marked data-pagefind-body, a bundle at a time, because it
    holds all it indexes in one run in memory (see `PAGES_PER_BUNDLE`, and `_in_bundles` for which
    page goes where). `previous` is the last output, `previous_pages` the role pages it had, and
    `rendered` the pages of `site` that are not hard links to its pages: a bundle of the same pages
    as before, whose few rendered ones show Pagefind what they did, is hard-linked from `previous`.
    """
    (site / FOLDER).mkdir(exist_ok=True)
    pagefind = _Pagefind()
    had = _by_language(previous_pages)
    for code, now in _by_language(pages).items():
        bundles, before = _in_bundles(now), _in_bundles(had.get(code, []))
        for number, group in enumerate(bundles, 1):
            folder = bundle(code, number)
            changed = [path for path in group if path in rendered]
            if (
                previous is not None
                and number <= len(before)
                and before[number - 1] == group
                and len(changed) <= COMPARE_LIMIT
                and _unchanged(changed, site, previous)
                and _link_previous(previous / folder, site / folder)
            ):
                continue
            pagefind.index(site, group, folder)
            if number > 1:
                _keep_index_only(site / folder)
        folders = [bundle(code, number).removeprefix(FOLDER + "/") for number in range(1, len(bundles) + 1)]
        (site / bundle_list(code)).write_text(json.dumps({"bundles": folders}), encoding="utf-8")


def _keep_index_only(folder: Path) -> None:
    """Delete from a language's further bundle what the search box takes from its main one alone:
    Pagefind's UI, script and WebAssembly, about 650 KB a bundle. Its index stays."""
    for path in folder.iterdir():
        if path.is_file() and path.name != "pagefind-entry.json" and not path.name.endswith(".pf_meta"):
            path.unlink()


def _by_language(pages: Iterable[str]) -> dict[str, list[str]]:
    """Page paths by their language (the first folder of each), sorted."""
    languages: dict[str, list[str]] = {}
    for page in sorted(pages):
        languages.setdefault(page.split("/", 1)[0], []).append(page)
    return languages


def _in_bundles(pages: list[str]) -> list[list[str]]:
    """The pages in as many bundles as PAGES_PER_BUNDLE asks for, each page in the one its path's hash picks.

    Spread so, every bundle holds a like share of every kind of role: the words of a family of roles
    (all the "bank" roles) are about as rare in each, so the scores that each bundle gives its pages
    compare when the search box merges them. And a page added or removed changes only its own
    bundle, until the number of bundles changes.
    """
    count = -(-len(pages) // PAGES_PER_BUNDLE)
    bundles: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        bundles[int.from_bytes(hashlib.blake2b(page.encode(), digest_size=8).digest(), "big") % count].append(page)
    return [group for group in bundles if group]  # one is left empty only in bundles of a few pages


def _unchanged(paths: Iterable[str], new: Path, previous: Path) -> bool:
    """Whether every page at these paths shows Pagefind what the page at the same path in the previous output did."""
    for path in paths:
        try:
            old_page, new_page = (previous / path).read_bytes(), (new / path).read_bytes()
        except OSError:
            return False
        if old_page != new_page and (not path.endswith(".html") or searchable(old_page) != searchable(new_page)):
            return False
    return True


def searchable(page: bytes) -> str | bytes:
    """The page as Pagefind indexes it: inside data-pagefind-ignore elements only images and data-pagefind-* markup.

    Pagefind leaves the text and headings of such elements out, but still takes a page's first
    image from them, and meta, filters and sort keys (whose values may be an element's text). A
    page with those inside an ignored element, or whose elements do not balance, is returned whole.
    """
    parser = _Searchable()
    parser.feed(page.decode("utf-8", errors="replace"))
    parser.close()
    return page if parser.ignoring or parser.read_inside else "".join(parser.kept)


def same_for_search(old: bytes, new: bytes, start: int, old_end: int, new_end: int) -> bool:
    """Whether two pages, alike but for old[start:old_end] and new[start:new_end], show Pagefind the same.

    When that span sits inside a data-pagefind-ignore element in both and holds nothing Pagefind
    reads there, its elements balanced, only the page before it and the two spans are parsed.
    """
    before = _Searchable()
    before.feed(old[:start].decode("utf-8", errors="replace"))
    if (
        before.ignoring
        and not before.rawdata
        and all(
            _hidden(span.decode("utf-8", errors="replace"), before.ignoring)
            for span in (old[start:old_end], new[start:new_end])
        )
    ):
        return True
    return searchable(old) == searchable(new)


def _hidden(span: str, ignoring: list[str]) -> bool:
    """Whether markup that follows a part of a page left open as `ignoring` leaves Pagefind nothing to read, and it
    open as it was."""
    parser = _Searchable()
    parser.ignoring = list(ignoring)
    parser.feed(span)
    return not parser.kept and not parser.read_inside and not parser.rawdata and parser.ignoring == ignoring


class _Searchable(HTMLParser):
    """Collects a page's markup and text, inside data-pagefind-ignore elements only what Pagefind still reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.kept: list[str] = []
        self.ignoring: list[str] = []
        """The name of the element being ignored, once per open element of that name inside it."""
        self.read_inside = False
        """Whether an ignored element holds something Pagefind reads all the same, besides images."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if (
            self.ignoring
            and tag == self.ignoring[0]
            or not self.ignoring
            and tag not in _VOID
            and any(name == "data-pagefind-ignore" for name, _ in attrs)
        ):
            self.ignoring.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.ignoring or tag == "img":
            self.kept.append(f"<{tag} {attrs!r}>")
        elif any(name.startswith("data-pagefind-") and name != "data-pagefind-ignore" for name, _ in attrs):
            self.read_inside = True

    def handle_endtag(self, tag: str) -> None:
        if self.ignoring and tag == self.ignoring[0]:
            self.ignoring.pop()
        if not self.ignoring:
            self.kept.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.ignoring:
            self.kept.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.handle_data(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.kept.append(f"<!{decl}>")


_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


def pagefind_command() -> list[str] | None:
    """Pagefind's binary as the `pagefind[bin]` package ships it (or PAGEFIND_BINARY_PATH names it); None if it has
    none.

    Run directly rather than as `python -m pagefind`, which starts Python first: 0.13 s per language.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return [str(found)] if found is not None else None


class _Pagefind:
    """Runs Pagefind's binary, found on first use."""

    def __init__(self) -> None:
        self.command: list[str] | None = None

    def index(self, site: Path, pages: list[str], folder: str) -> None:
        """Index these pages of `site` (paths below it) into the bundle `folder` below it."""
        if self.command is None:
            self.command = pagefind_command()
            if self.command is None:
                raise SearchFailed(
                    "search index: Pagefind is not installed (pip install 'pagefind[bin]'); build with --no-search "
                    "to skip it"
                )
        # The options go in a configuration file in a folder of its own: a bundle's list of pages
        # can be longer than a command line may be, and a pagefind.yml where the build was started
        # must not change what Pagefind does.
        options = {"site": str(site), "glob": _glob(pages), "output_subdir": folder, "silent": True}
        with tempfile.TemporaryDirectory(prefix="careerguide-pagefind-") as workdir:
            Path(workdir, "pagefind.json").write_text(json.dumps(options), encoding="utf-8")
            try:
                done = subprocess.run(
                    self.command, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SearchFailed(
                    f"search index: Pagefind did not run ({exc}); build with --no-search to skip it"
                ) from None
        entry = site / folder / "pagefind-entry.json"
        if done.returncode != 0 or not entry.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit code {done.returncode}"
            if _disk_full(site) or any(sign in reason for sign in _NO_SPACE):
                raise SearchFailed(
                    f"search index: no space left on the device while Pagefind wrote {folder}; free some space and "
                    "build again"
                )
            raise SearchFailed(f"search index: Pagefind failed: {reason}; build with --no-search to skip it")
        try:
            _sort_entry(entry)
        except (OSError, ValueError, AttributeError):  # an empty file, as Pagefind leaves one on a full disk
            if _disk_full(site):
                raise SearchFailed(
                    f"search index: no space left on the device while Pagefind wrote {folder}; free some space and "
                    "build again"
                ) from None
            raise SearchFailed(
                f"search index: Pagefind left {folder}pagefind-entry.json empty or unreadable; "
                "build again, or build with --no-search to skip it"
            ) from None


_NO_SPACE = ("No space left on device", "os error 28")
"""How Pagefind's messages tell that the disk is full."""
FULL_BELOW = 1 << 20
"""Free bytes below which a file system counts as full when Pagefind leaves a broken index."""


def _disk_full(site: Path) -> bool:
    """Whether the file system the site is written to has (next to) no space left."""
    try:
        found = os.statvfs(site)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < FULL_BELOW


def _glob(pages: list[str]) -> str:
    """A Pagefind glob (its `wax` syntax) that matches exactly these paths; Pagefind walks only their common folder."""
    common = posixpath.commonpath([posixpath.dirname(page) for page in pages])
    below = [page[len(common) + 1 :] if common else page for page in pages]
    return (_escaped(common) + "/" if common else "") + "{" + ",".join(map(_escaped, below)) + "}"


def _escaped(path: str) -> str:
    """A path with the characters that mean something in a glob taken literally."""
    return re.sub(r"([\\*?\[\]{}!,])", r"\\\1", path)


def _sort_entry(path: Path) -> None:
    """Pagefind lists its languages (a folder's pages may declare several) in hash-map order; sorted, the same site
    gives the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _link_previous(old: Path, new: Path) -> bool:
    """Hard-link every file of the previous index into the new site; False (and nothing left) if that fails."""
    if not (old / "pagefind-entry.json").is_file():
        return False
    try:
        shutil.copytree(old, new, copy_function=os.link)
    except (OSError, shutil.Error):
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True
