"""What loading gives: the files of a site root, parsed as far as YAML goes, not yet checked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from careerguide.model.content import SourceFiles
from careerguide.model.errors import ContentError, Source
from careerguide.model.yamltext import YamlDoc


def content_hash(data: bytes | str) -> str:
    """A short, stable hash of some content: a file's text, a cache key."""
    if isinstance(data, str):
        data = data.encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class RawArticle:
    """An article file: its front matter parsed; its Markdown body stays on disk until its page is rendered."""

    lang: str
    slug: str
    source: Source
    front: YamlDoc | None
    body_line: int
    """The file line where the body starts."""
    digest: str = ""
    """A hash of the whole file's text, which also tells whether it changed before its body was read."""
    front_digest: str = ""
    """A hash of the front matter's text: an edit that leaves it as it was changes only the article's own page."""
    links: bool = False
    """Whether the body may link to a page, file or heading of the site (see `markup.might_lead_inside`)."""


@dataclass(frozen=True)
class RawFactBox:
    """A fact-box file, parsed but not yet checked."""

    lang: str
    role: str
    doc: YamlDoc
    digest: str = ""
    """A hash of the whole file."""
    links: bool = False
    """Whether its texts may link to a page, file or heading of the site (see `markup.might_lead_inside`)."""


@dataclass(frozen=True)
class RoleFile:
    """A file of the register's folder form, data/roles/<role-id>.yaml: one role's entry, its id the file's name."""

    id: str
    source: Source
    doc: YamlDoc | None
    """None when the file could not be read or parsed (the reader's problem says why); the role is still registered."""


@dataclass(frozen=True)
class RawRegister:
    """The register of roles as loaded: data/roles.yaml (role ids mapped to their entries), the files of data/roles/
    (one role each, in the order of their names), or both."""

    table: YamlDoc | None
    files: tuple[RoleFile, ...] = ()

    @property
    def parts(self) -> tuple[object, ...]:
        """What the register was read from, each part the object the load gave (unchanged files keep theirs)."""
        return (self.table, *(file.doc for file in self.files))


@dataclass(frozen=True)
class RawSite:
    """What the disk holds, parsed as far as YAML goes; validation makes sense of it."""

    root: Path
    files: SourceFiles
    """The root's files, for what later stages read again (see `load.SourceFiles`)."""
    year: int | None
    """The year salary figures are aged against (SOURCE_DATE_EPOCH's or the clock's); None if SOURCE_DATE_EPOCH is
    wrong."""
    config: YamlDoc | None
    register: RawRegister | None
    """None when there is no register, or data/roles.yaml cannot be read (the problem says why)."""
    articles: tuple[RawArticle, ...]
    factboxes: tuple[RawFactBox, ...]
    templates: dict[str, str]
    strings: dict[str, tuple[YamlDoc, ...]]
    """Language -> UI string files, built-in first, the root's own last."""
    assets: dict[str, bytes]
    content_langs: tuple[tuple[str, Source], ...]
    """Every folder under content/ and data/ that should be a language code."""
    problems: tuple[ContentError, ...] = field(default=())
