"""The output folder: known as the generator's own by the marker it writes, followed where `--out` is a
symbolic link, and what goes wrong while writing into it told in one line that says what to do."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".careerguide-site.json"
"""The file by which the generator knows a folder as its own: every folder it builds, or moves aside, holds it.

Only a folder that holds it (or an empty one) is ever replaced or deleted. It holds nothing secret (the
generator's name and the site's address), so a host that serves it publishes nothing new."""
LEGACY_FILES = ("index.html", "404.html", "robots.txt", "sitemap.xml")
"""What every site built by careerguide has: an unmarked folder with all of them is likely a build of a
version from before the marker."""


class OutputRefused(Exception):
    """The output folder cannot be replaced safely; the message says why and what to do instead."""


class OutputFailed(Exception):
    """Writing the new site failed (a full disk, no permission); the message says what to do."""


def marker_bytes(site: str = "") -> bytes:
    """The marker's content: which generator built the folder, and for which site (its base_url), once known."""
    data = {
        "generator": "careerguide",
        "site": site,
        "note": "Built by careerguide. A build into this folder replaces everything in it.",
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def is_marked(folder: Path) -> bool:
    """Whether a folder holds the marker as a regular file of its own (not a link to one elsewhere)."""
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def output_folder(out: Path, root: Path) -> Path:
    """The absolute folder a build writes to: `out`, or the folder it leads to when it is a symbolic link.

    Refused (OutputRefused) when building there could lose anything: a folder that is neither empty nor
    marked, the site root or its sources, a path through a file.
    """
    try:
        target = out.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop of links
        raise OutputRefused(
            f"--out {out}: a symbolic link that leads round in a loop; point --out at a folder"
        ) from None
    resolved_root = root.resolve()
    if target == resolved_root or resolved_root.is_relative_to(target):
        raise OutputRefused(f"--out {out}: the output folder would contain the site root; choose another --out")
    for source in ("content", "data", "templates"):
        if target.is_relative_to(resolved_root / source):
            raise OutputRefused(f"--out {out}: the output folder is inside {source}/; choose another --out")
    try:
        _check_parents(out, target)
        if target.exists() and not target.is_dir():
            raise OutputRefused(f"--out {out}: {_shown(out, target)} is a file, not a folder; choose another --out")
        if target.is_dir() and not is_marked(target) and _not_empty(target):
            raise OutputRefused(_foreign(out, target))
    except OSError as error:  # a folder on the way that this user may not look into
        raise OutputRefused(
            f"--out {out}: cannot be looked at ({error.strerror or error}); choose a folder you may write to"
        ) from None
    return target


def _check_parents(out: Path, target: Path) -> None:
    """Refuse a path on which a file stands where a folder must be (`--out notes.txt/site`)."""
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputRefused(f"--out {out}: {parent} is a file, not a folder; choose another --out")
            return


def _not_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is not None


def _foreign(out: Path, target: Path) -> str:
    """The refusal of a folder that is not empty and was not built by careerguide, with the way on."""
    where = f"--out {_shown(out, target)}"
    if all((target / name).is_file() for name in LEGACY_FILES):
        return (
            f"{where}: the folder has no {MARKER}, the mark careerguide now leaves in every folder it builds; "
            "if it holds a site built by an earlier careerguide, delete the folder (or its contents) once and build "
            "again; "
            f"otherwise choose an empty or new folder"
        )
    return (
        f"{where}: the folder is not empty and was not built by careerguide; "
        f"choose an empty or new folder, or delete its contents yourself"
    )


def _shown(out: Path, target: Path) -> str:
    return str(out) if target == out.absolute() else f"{out} (which leads to {target})"


@contextmanager
def writing(out: Path, given: Path | None = None) -> Iterator[None]:
    """Failures to write the site into a new folder beside `out` (a full disk, a folder without permission)
    raised as OutputFailed, whose message says what to do; paths in it are shown below `given`, the
    output folder as the command line named it."""
    try:
        yield
    except OSError as error:
        raise failure(error, out, given) from None


def failure(error: OSError, out: Path, given: Path | None = None) -> OutputFailed:
    """A failure to write the site into a new folder beside `out`, in one line that says what to do."""
    where = in_site(error.filename, out, given) if error.filename else str(given or out)
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = "no space left on the device" if code == errno.ENOSPC else "the disk quota is used up"
        return OutputFailed(
            f"{what} while writing {where}; free some space and build again; the previous site is untouched"
        )
    if code in (errno.EACCES, errno.EPERM):
        return OutputFailed(
            f"permission denied while writing {where}; build into a folder you may write to "
            f"(--out), or get write access to {out.parent}; the previous site is untouched"
        )
    if code == errno.EROFS:
        return OutputFailed(
            f"{out.parent} is on a read-only file system; build into a folder on a writable one (--out); "
            f"the previous site is untouched"
        )
    reason = error.strerror or str(error)
    return OutputFailed(f"could not write {where}: {reason}; the previous site is untouched")


def in_site(filename: str | bytes, out: Path, given: Path | None = None) -> str:
    """Where a file being written into a temporary folder beside `out` will be once the folder takes `out`'s
    place, below `given` (the name the command line used for `out`) when there is one."""
    path = Path(os.fsdecode(filename))
    try:
        below = path.relative_to(out.parent)
    except ValueError:
        return str(path)
    first, *rest = below.parts or ("",)
    if first.startswith(f".{out.name}."):
        return str((given or out).joinpath(*rest))
    return str(path)
