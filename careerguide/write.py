"""Write the output files into a temporary folder beside the output, then swap it in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from careerguide.render import OutputFile

TEMP_MARK = ".tmp-"
OLD_MARK = ".old-"


class OutputRefused(Exception):
    """The output folder cannot be replaced safely; the message says why."""


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse an output folder that holds the site's sources or something this tool did not build."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputRefused(f"{out}: the output folder would contain the site root; choose another --out")
    for source in ("content", "data", "templates"):
        if out.is_relative_to(root / source):
            raise OutputRefused(f"{out}: the output folder is inside {source}/; choose another --out")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "sitemap.xml").is_file():
        raise OutputRefused(f"{out}: not empty and not a site built by this tool; empty it or choose another --out")


def remove_stale_temporaries(out: Path) -> None:
    """Delete temporary folders that a killed build left beside the output."""
    parent = out.parent
    if not parent.is_dir():
        return
    for prefix in (f".{out.name}{TEMP_MARK}", f".{out.name}{OLD_MARK}"):
        for stray in parent.glob(prefix + "*"):
            shutil.rmtree(stray, ignore_errors=True)


def write_site(files: Iterable[OutputFile], out: Path, *, link_from: dict[str, Path] | None = None) -> int:
    """Write every file into a fresh folder beside `out` and swap it in; returns the number of files.

    `link_from` maps output paths to unchanged files of the previous output, which are hard-linked
    instead of written again.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}{TEMP_MARK}", dir=out.parent))
    count = 0
    try:
        for file in files:
            target = temp / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = (link_from or {}).get(file.path)
            if previous is not None:
                try:
                    os.link(previous, target)
                    count += 1
                    continue
                except OSError:
                    pass
            target.write_bytes(file.data)
            count += 1
        os.chmod(temp, 0o755)
        _swap(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return count


def _swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is; the old folder is moved aside first and removed after."""
    if not out.exists():
        os.rename(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD_MARK}", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
