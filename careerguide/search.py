"""The search index: Pagefind run over a built folder, or the previous index kept when no page changed what it indexes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path


FOLDER = "pagefind"
"""Where the index lives below the site's root; the pages' search box loads it from there."""
PAGEFIND = [sys.executable, "-m", "pagefind"]
"""The Pagefind command line, as shipped by the `pagefind[bin]` package."""
MISSING = "No module named pagefind"
"""What Python says when the `pagefind` package is not installed."""
TIMEOUT = 600


class SearchFailed(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def unchanged(paths: Iterable[str], new: Path, previous: Path) -> bool:
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


def build_index(site: Path, previous: Path | None = None) -> None:
    """Write the search index of the built folder `site`, hard-linked from `previous` when that is given and has one.

    Pagefind indexes each `<html lang>` separately, and only the elements marked data-pagefind-body.
    """
    if previous is not None and _link_previous(previous / FOLDER, site / FOLDER):
        return
    try:
        done = subprocess.run([*PAGEFIND, "--site", str(site), "--output-subdir", FOLDER, "--silent"],
                              capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchFailed(f"search index: Pagefind did not run ({exc}); build with --no-search to skip it") from None
    if done.returncode != 0 or not (site / FOLDER / "pagefind-entry.json").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        if MISSING in done.stderr:
            reason = "Pagefind is not installed (pip install 'pagefind[bin]')"
        else:
            reason = f"Pagefind failed: {detail[-1] if detail else f'exit code {done.returncode}'}"
        raise SearchFailed(f"search index: {reason}; build with --no-search to skip it")
    _sort_entry(site / FOLDER / "pagefind-entry.json")


def _sort_entry(path: Path) -> None:
    """Pagefind lists its languages in hash-map order; sorted, the same site gives the same bytes."""
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
