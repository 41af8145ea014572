"""What the build leaves unread in the folders of articles and fact boxes, and what an editor is told about it.

Editors' leftovers (swap, backup, lock and safe-save files) and other hidden files are passed over in
silence: an editor with an article open always has some, and a warning for each would fail every
`--strict` build made meanwhile. Everything else a build does not read is named in a warning that says
why and what to do: a file with another ending, a folder where files belong, and above all a hidden
file that would be an article or a fact box without its leading dot (`..kunde.md`), whose page would
otherwise vanish without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from careerguide.model.sitespecs import REGISTER_FOLDER

LEFTOVER = re.compile(
    r"""
      .*~                               # backups of Emacs, Vim, gedit, Kate: kunde.md~
    | \#.*\#                            # Emacs's auto-save files: #kunde.md#
    | \.\#.*                            # Emacs's lock files: .#kunde.md
    | \.~lock\..*\#                     # LibreOffice's lock files
    | .*\.(sw[a-p]|kate-swp)            # swap files of Vim and nano (.kunde.md.swp) and Kate
    | .*\.(tmp|bak|orig|rej)            # safe-save temporaries, backups, the rests of merges and patches
    | .*___jb_(tmp|old)___              # JetBrains editors' safe-write files
    | \d+                               # Vim's test of whether it may write the folder: 4913
    | sed[A-Za-z0-9]{6}                 # sed -i's temporary copy, renamed over the file when done: sedYRLcOA
    | \.goutputstream-.*                # gedit's safe-save files
    | \.ds_store | thumbs\.db | desktop\.ini | \.directory   # file managers' notes
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Holds:
    """A folder of editors' files: `label` as editors see it (`content/da/`), the `suffix` of the files the
    build reads there, what they are (`articles`), and the top folder they belong below (`content`)."""

    label: str
    suffix: str
    noun: str
    top: str
    misnamed: str = ""
    """An ending that can only mean `suffix` (`.yml` for `.yaml`): an error, as it always was, not a warning."""


def is_leftover(name: str) -> bool:
    """Whether a name is one an editor, a file manager or a merge leaves behind, never one an editor chose."""
    return LEFTOVER.fullmatch(name) is not None


def unread_problem(name: str, is_folder: bool, holds: Holds) -> tuple[str, bool] | None:
    """Why the build does not read this entry of the folder and what to do, and whether that is only a
    warning; None to pass it over in silence (what the build reads, editors' leftovers, other hidden files)."""
    if not is_folder and holds.misnamed and name.endswith(holds.misnamed) and not name.startswith("."):
        return f"{holds.noun} end in {holds.suffix}; rename the file", False
    message = _unread_message(name, is_folder, holds)
    return None if message is None else (message, True)


def _unread_message(name: str, is_folder: bool, holds: Holds) -> str | None:
    if is_leftover(name):
        return None
    if name.startswith("."):
        visible = name.lstrip(".")
        if is_folder or not name.endswith(holds.suffix):
            return None  # hidden on purpose: .gitkeep, .obsidian/
        to = (
            f"rename it to {visible}"
            if len(visible) > len(holds.suffix)
            else "give it a name that does not start with a dot"
        )
        return f"not read: a name that starts with a dot is hidden; {to} to publish it, or delete it"
    if is_folder:
        return (
            f"not read: {holds.label} holds {holds.noun}, not folders; move the files in this one up into "
            f"{holds.label}, or the folder out of {holds.top}/"
        )
    if name.endswith(holds.suffix):
        return None
    return (
        f"not read: only {holds.suffix} files in {holds.label} are {holds.noun}; rename it to end in "
        f"{holds.suffix}, or move it out of {holds.top}/"
    )


def misplaced_message(name: str, is_folder: bool, top: str) -> str | None:
    """Why a file directly in content/ or data/ is not read, or None for what belongs there or is passed over."""
    if is_folder or name.startswith(".") or is_leftover(name) or (top, name) == ("data", "roles.yaml"):
        return None
    if top == "content":
        return "not read: articles go in a folder per language, content/<lang>/; move it into one"
    return (
        f"not read: data/ holds the register (roles.yaml, or a file per role in data/{REGISTER_FOLDER}/) and a "
        "folder of fact boxes per language, data/<lang>/; move it into one, or out of data/"
    )
