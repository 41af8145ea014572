"""Where the write stage puts a build: a new folder swapped in whole, or a live folder updated file by file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from careerguide.write import abort, begin, commit, link_file


class SwappedFolder:
    """A new folder beside `out`, filled and then swapped in for it: a reader sees the old site or the new, whole.
    What did not change is hard-linked from the old folder."""

    def __init__(self, out: Path, base_url: str):
        self.out = out
        self.folder = begin(out, base_url)
        """Where the stage writes."""

    def keep(self, path: str) -> bool:
        """Keep the last build's file at `path`; False if it cannot be kept (then it is made again)."""
        return link_file(self.folder, path, self.out / path)

    def finish(self) -> None:
        """Put the build in place; files of the last build that it does not make go with the old folder."""
        commit(self.folder, self.out)

    def abort(self) -> None:
        """Throw away what was written; `out` is as it was."""
        abort(self.folder)


class LiveFolder:
    """A folder being served (the preview): what changed is written beside it first, and put in place file by file
    once everything is rendered, so that a problem leaves the last good site and a reader never sees half a file."""

    def __init__(self, out: Path, base_url: str):
        self.out = out
        self.folder = begin(out, base_url)

    def keep(self, path: str) -> bool:
        return (self.out / path).is_file()

    def finish(self) -> None:
        """Put each new file in place; files of the last build that it does not make are the caller's to remove."""
        for folder, _, names in sorted(os.walk(self.folder)):
            for name in sorted(names):
                source = Path(folder, name)
                target = self.out / source.relative_to(self.folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        abort(self.folder)
