"""The search index: Pagefind run over a built folder, or the previous index kept when no page changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
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
    """Whether every file at these paths has the same bytes in the new folder as in the previous output."""
    for path in paths:
        try:
            if (previous / path).read_bytes() != (new / path).read_bytes():
                return False
        except OSError:
            return False
    return True


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
        for source in sorted(old.rglob("*")):
            target = new / source.relative_to(old)
            if source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, target)
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True
