"""What producing an output file read, by name: recorded as it renders, so that the build's incremental layer can
tell, without a list kept by hand, which files a change reaches (see `incremental.keys`).

Every file reads the site's settings (site.yaml, the UI strings, the assets, the generator's code); beyond them a
file reads, by name:

- `template:<name>`: a template it was rendered from, extended, included or imported;
- `page:<path>`: a role page's front matter, fact box, register entry and links, never its body;
- `body:<path>`: a role page's article body;
- `pages:<lang>`: what `page:` names of every role page of a language (`pages:*`: of every language);
- `link:<lang>:<role>`: what a body's `role:` link to that role resolves to in that language.

`SELF` stands for the path of the file's own role page, so that most role pages read the same names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

TEMPLATE, PAGE, BODY, PAGES, LINK = "template:", "page:", "body:", "pages:", "link:"
SELF = "@"
EVERY_LANGUAGE = "*"


class ReadLog:
    """The names read while one output file is produced; a renderer records into it, nothing else does."""

    def __init__(self) -> None:
        self._open: set[str] | None = None

    def note(self, name: str) -> None:
        """Record that the file being produced read `name` (nothing happens outside `recording`)."""
        if self._open is not None:
            self._open.add(name)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Collect what is read inside the block into the set it yields; a block inside another adds to both."""
        outer = self._open
        names: set[str] = set()
        self._open = names
        try:
            yield names
        finally:
            self._open = outer
            if outer is not None:
                outer |= names


def page_of(path: str) -> str:
    """The name of a role page's front matter, fact box and links, by its path below the output folder."""
    return PAGE + path


def body_of(path: str) -> str:
    """The name of a role page's article body, by the page's path below the output folder."""
    return BODY + path


def link_of(lang: str, role: str) -> str:
    """The name of what a `role:` link to `role` resolves to on a page in `lang`."""
    return f"{LINK}{lang}:{role}"
