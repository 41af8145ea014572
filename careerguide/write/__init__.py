"""Write the output files into a temporary folder beside the output, then swap it in whole."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from careerguide.model.output import OutputFile
from careerguide.write.folder import MARKER, is_marked, marker_bytes

TEMP_MARK = ".tmp-"
OLD_MARK = ".old-"
DELETING_MARK = ".deleting-"
"""Ends the name of a folder being deleted, with the deleting process's id after it."""
_DELETE = f"""
import os, shutil, stat, sys
folder, marker = sys.argv[1], {MARKER!r}
claimed = folder.split({DELETING_MARK!r})[0] + {DELETING_MARK!r} + str(os.getpid())
try:
    os.rename(folder, claimed)
except OSError:
    sys.exit()
try:
    names = os.listdir(claimed)
    marked = not names or stat.S_ISREG(os.lstat(os.path.join(claimed, marker)).st_mode)
    ours = stat.S_ISDIR(os.lstat(claimed).st_mode) and marked
except OSError:
    ours = False
if not ours:
    os.rename(claimed, folder)
    sys.exit()
for name in names:  # the marker last: a deletion killed halfway leaves a folder still known as ours
    if name != marker:
        path = os.path.join(claimed, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
for last in (lambda: os.unlink(os.path.join(claimed, marker)), lambda: os.rmdir(claimed)):
    try:
        last()
    except OSError:
        pass
"""


def remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary folders that a killed build left beside the output: only those that hold the
    marker (see `folder.MARKER`), or nothing, so that a folder of someone else's that happens to have
    such a name stays."""
    parent = out.parent
    if not parent.is_dir():
        return
    for prefix in (f".{out.name}{TEMP_MARK}", f".{out.name}{OLD_MARK}"):
        for stray in parent.glob(prefix + "*"):
            if not _being_deleted(stray.name) and _ours(stray):
                remove_later(stray)


def _ours(folder: Path) -> bool:
    """Whether a folder (not a link to one) holds the marker, or is empty."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    if is_marked(folder):
        return True
    try:
        return not any(folder.iterdir())
    except OSError:
        return False


def remove_later(folder: Path) -> None:
    """Delete a folder that is already out of the way, in a background process.

    Deleting thousands of page folders can take seconds (file systems mounted with `discard`
    trim on every delete); nobody should wait for that. The process first renames the folder
    to end in DELETING_MARK and its id, so that builds meanwhile leave it alone; a folder of a
    killed deletion is found again by `remove_stale_temporaries`.
    """
    if not folder.exists():
        return
    subprocess.Popen(
        [sys.executable, "-c", _DELETE, str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _being_deleted(name: str) -> bool:
    """Whether a folder's name says that a process still alive is deleting it."""
    _, mark, pid = name.rpartition(DELETING_MARK)
    if not mark or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def begin(out: Path, site: str = "") -> Path:
    """A fresh temporary folder beside `out` to build into, marked as the generator's own from the start
    (for the site at the address `site`); stale ones of killed builds are removed."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}{TEMP_MARK}", dir=out.parent))
    try:
        write_file(temp, OutputFile(MARKER, marker_bytes(site)))
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return temp


def write_file(temp: Path, file: OutputFile) -> None:
    """Write one output file into the temporary folder."""
    target = temp / file.path
    _make_parent(target)
    # os.open rather than open(): Python's file object asks the kernel three more things (fstat, isatty,
    # the position) for each of thousands of pages.
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:  # a link to the previous output's file, which must stay as it is: a new file instead
        os.unlink(target)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(file.data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:  # os.write names no file, and a full disk must be reported with one
        raise OSError(error.errno, error.strerror, str(target)) from None
    finally:
        os.close(descriptor)


def link_file(temp: Path, path: str, previous: Path) -> bool:
    """Hard-link an unchanged file of the previous output into the temporary folder; False if that fails."""
    target = temp / path
    _make_parent(target)
    try:
        os.link(previous, target)
    except OSError:
        return False
    return True


def _make_parent(target: Path) -> None:
    """Make the folder a file goes in: one system call when its own parent exists, as it mostly does."""
    try:
        os.mkdir(target.parent)
    except FileExistsError:
        pass
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)


def commit(temp: Path, out: Path) -> None:
    """Swap the finished temporary folder in for `out`."""
    os.chmod(temp, 0o755)
    _swap(temp, out.absolute())


def abort(temp: Path) -> None:
    """Throw away an unfinished temporary folder."""
    remove_later(temp)


def replace_file(out: Path, file: OutputFile) -> None:
    """Update one file of a live output folder; a reader sees the old file or the new, never half of one."""
    target = out / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}")
    temp.write_bytes(file.data)
    os.replace(temp, target)


def replace_files(out: Path, files: list[OutputFile]) -> None:
    """Update some pages of a live output folder, written beside it first: a reader sees each page old or new,
    never half of one, and a build killed meanwhile leaves only a temporary folder that the next one removes."""
    temp = begin(out)
    try:
        for file in files:
            write_file(temp, file)
        for file in files:
            os.replace(temp / file.path, out / file.path)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def read_page(out: Path, path: str) -> bytes | None:
    """A file of the output folder as it is, or None if it cannot be read."""
    try:
        return (out / path).read_bytes()
    except OSError:
        return None


def remove_file(out: Path, path: str) -> None:
    """Remove a file that is no longer part of the site, and its folder if that is left empty."""
    target = out / path
    target.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty: other files of the site are still there
        target.parent.rmdir()


def _exchange(new: Path, out: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE); False where the system cannot.

    With two renames, a build killed between them would leave no site at all.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(out), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(out))


AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is; the old folder is moved aside first and removed after."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        remove_later(new)  # it now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD_MARK}", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    remove_later(old)
