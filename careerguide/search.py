"""The search index: a Pagefind bundle per language of a built folder, or a language's previous one kept when no page changed what it indexes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Collection, Iterable
from html.parser import HTMLParser
from pathlib import Path


FOLDER = "pagefind"
"""Where the search bundles live below the site's root, one folder per language (see `bundle`)."""
TIMEOUT = 600
COMPARE_LIMIT = 200
"""Up to this many rendered pages of a language, each is compared with its previous version to see whether its bundle can stay."""


class SearchFailed(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def bundles_to_keep(languages: Iterable[str], rendered: list[str], pages: Iterable[str], previous_pages: Iterable[str],
                    new: Path, previous: Path) -> set[str]:
    """The languages whose bundle in `previous` still holds for `new`: the same pages as before, and the few
    `rendered` again show Pagefind what they did (much quicker to compare than to index a language again)."""
    kept, now, before = set(), set(pages), set(previous_pages)
    for code in languages:
        below = code + "/"
        paths = [path for path in rendered if path.startswith(below)]
        same_pages = {path for path in now if path.startswith(below)} == {path for path in before if path.startswith(below)}
        if same_pages and len(paths) <= COMPARE_LIMIT and _unchanged(paths, new, previous):
            kept.add(code)
    return kept


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
    if before.ignoring and not before.rawdata and all(
            _hidden(span.decode("utf-8", errors="replace"), before.ignoring) for span in (old[start:old_end], new[start:new_end])):
        return True
    return searchable(old) == searchable(new)


def _hidden(span: str, ignoring: list[str]) -> bool:
    """Whether markup that follows a part of a page left open as `ignoring` leaves Pagefind nothing to read, and it open as it was."""
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
        if self.ignoring and tag == self.ignoring[0]:
            self.ignoring.append(tag)
        elif not self.ignoring and tag not in _VOID and any(name == "data-pagefind-ignore" for name, _ in attrs):
            self.ignoring.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.ignoring:
            self.kept.append(f"<{tag} {attrs!r}>")
        elif tag == "img":
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


_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def bundle(code: str) -> str:
    """The folder of a language's search bundle below the site's root, e.g. `pagefind/da/`."""
    return f"{FOLDER}/{code}/"


def build_index(site: Path, languages: Iterable[str], previous: Path | None = None, keep: Collection[str] = ()) -> None:
    """Write a search bundle per language into the built folder `site`, from the pages below that language's folder.

    Pagefind indexes only the elements marked data-pagefind-body. One run per language, one after
    the other, because Pagefind holds all it indexes in one run in memory: 1.8 GB for 15,000 pages
    at once, 0.9 GB for a third of them. The bundles of languages in `keep` are hard-linked from
    `previous` where it has them.
    """
    (site / FOLDER).mkdir(exist_ok=True)
    pagefind: list[str] | None = None
    for code in languages:
        if code in keep and previous is not None and _link_previous(previous / bundle(code), site / bundle(code)):
            continue
        pagefind = pagefind or pagefind_command()
        if pagefind is None:
            raise SearchFailed("search index: Pagefind is not installed (pip install 'pagefind[bin]'); build with --no-search to skip it")
        _run_pagefind(pagefind, site, code)


def pagefind_command() -> list[str] | None:
    """Pagefind's binary as the `pagefind[bin]` package ships it (or PAGEFIND_BINARY_PATH names it); None if it has none.

    Run directly rather than as `python -m pagefind`, which starts Python first: 0.13 s per language.
    """
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return [str(found)] if found is not None else None


def _run_pagefind(pagefind: list[str], site: Path, code: str) -> None:
    """Index the pages below `site/<code>/` into that language's bundle."""
    command = [*pagefind, "--site", str(site), "--glob", f"{code}/**/*.html", "--output-subdir", bundle(code), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchFailed(f"search index: Pagefind did not run ({exc}); build with --no-search to skip it") from None
    entry = site / bundle(code) / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit code {done.returncode}"
        raise SearchFailed(f"search index: Pagefind failed: {reason}; build with --no-search to skip it")
    _sort_entry(entry)


def _sort_entry(path: Path) -> None:
    """Pagefind lists its languages (a folder's pages may declare several) in hash-map order; sorted, the same site gives the same bytes."""
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
