"""Articles and fact boxes of a site root: read, split and parsed as they are read, or taken from an earlier build;
and read again when a later stage needs what the load did not keep."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from careerguide.load.reader import Parses, Reader, normalized, read_regular
from careerguide.load.unread import REGISTER_FOLDER, Holds, misplaced_message
from careerguide.model.errors import BuildFailed, ContentError, Source
from careerguide.model.raw import RawArticle, RawFactBox, content_hash
from careerguide.model.yamltext import YamlDoc
from careerguide.text.markup import might_lead_inside

Stamp = tuple[int, int, int, int] | None
"""A file's stamp as the reader took it (see `load.stamps`); None when it could not be taken."""
Item = TypeVar("Item", RawArticle, RawFactBox)

if TYPE_CHECKING:
    from careerguide.model.content import Article


@dataclass
class Unparsed:
    """A file read but its YAML not yet parsed: what `finish` needs to make it a RawArticle or RawFactBox."""

    lang: str
    path: Path
    source: Source
    stamp: tuple[int, int, int, int] | None
    yaml: str
    yaml_source: Source
    article: bool = False
    """Whether `yaml` is an article's front matter, not a whole fact box."""
    body_line: int = 0
    digest: str = ""
    """A hash of the whole file."""
    yaml_hash: str = ""
    """The `content_hash` of `yaml`: the parse cache's key."""
    links: bool = False
    """Whether an article's body or a fact box's text may link inside the site (see `markup.might_lead_inside`)."""

    def finish(self, reader: Reader, doc: YamlDoc | None) -> RawArticle | RawFactBox | None:
        """The loaded item for the parsed YAML, remembered for the next build when its YAML was fine."""
        name = self.path.name.rsplit(".", 1)[0]
        if not self.article:
            item: RawArticle | RawFactBox | None = (
                None if doc is None else RawFactBox(self.lang, name, doc, self.digest, self.links)
            )
        else:
            item = RawArticle(
                self.lang,
                name,
                self.source,
                doc,
                self.body_line,
                self.digest,
                self.yaml_hash,
                self.links,
            )
        if doc is not None:
            record = (
                [self.digest, self.yaml_hash, self.body_line, self.links] if self.article else [self.digest, self.links]
            )
            reader.remember(str(self.path), self.stamp, item, len(reader.problems), record)
        return item


@dataclass(frozen=True)
class _UnreadDoc(YamlDoc):
    """A document whose value an earlier build parsed, its file not read again: the text is read only
    when a problem needs the lines of its keys."""

    file: str = ""
    front: bool = False
    """Whether the document is an article's front matter rather than the whole file."""
    text_hash: str = ""

    @cached_property
    def lines(self) -> dict[tuple[str | int, ...], int]:
        try:
            text = normalized(read_regular(self.file).decode("utf-8"))
        except (OSError, UnicodeError):
            text = ""
        if self.front:
            lines = text.split("\n")
            end = _closing_fence(lines)
            text = _front_matter(lines, end) if end is not None else ""
        if content_hash(text) != self.text_hash:  # changed since it was loaded: none of its lines can be trusted
            return {(): self.source.line}
        return dict(YamlDoc(self.value, self.source, text).lines)


def _stored_article(reader: Reader, name: str, stamp: tuple[int, int, int, int] | None, lang: str) -> RawArticle | None:
    """The article an earlier build loaded from this file, if the file still has that stamp, without reading it."""
    record = reader.stored(name, stamp, 4)
    if record is None:
        return None
    digest, front_hash, body_line, links = record
    if not (
        isinstance(digest, str) and isinstance(front_hash, str) and type(body_line) is int and isinstance(links, bool)
    ):
        return None
    found, value = reader.cache.parsed_by_hash(front_hash) if reader.cache is not None else (False, None)
    if not found:
        return None
    path = Path(name)
    source = reader.source(path)
    front = _UnreadDoc(value, source.at(2), file=name, front=True, text_hash=front_hash)
    article = RawArticle(lang, path.name.removesuffix(".md"), source, front, body_line, digest, front_hash, links)
    reader.remember(name, stamp, article, len(reader.problems), record)
    return article


def _stored_factbox(reader: Reader, name: str, stamp: tuple[int, int, int, int] | None, lang: str) -> RawFactBox | None:
    """The fact box an earlier build loaded from this file, if the file still has that stamp, without reading it."""
    record = reader.stored(name, stamp, 2)
    if record is None or not isinstance(record[0], str) or not isinstance(record[1], bool):
        return None
    found, value = reader.cache.parsed_by_hash(record[0]) if reader.cache is not None else (False, None)
    if not found:
        return None
    path = Path(name)
    source = reader.source(path)
    box = RawFactBox(
        lang,
        path.name.removesuffix(".yaml"),
        _UnreadDoc(value, source, file=name, text_hash=record[0]),
        record[0],
        record[1],
    )
    reader.remember(name, stamp, box, len(reader.problems), record)
    return box


def required_yaml(reader: Reader, path: Path, missing: str) -> YamlDoc | None:
    """The YAML file at `path`, parsed, or as an earlier load in this process left it when it has not changed since;
    None when it is absent (a problem saying `missing`) or cannot be read or parsed."""
    if not os.path.lexists(path):  # anything else there, a folder or a pipe, is for the reader to name
        reader.problems.append(ContentError(reader.source(path), missing))
        return None
    stamp, known = reader.remembered(str(path))
    if isinstance(known, YamlDoc):
        return known
    before = len(reader.problems)
    doc = reader.yaml(path)
    reader.remember(str(path), stamp, doc, before)
    return doc


def language_folders(reader: Reader, folder: Path) -> list[tuple[str, Path, Source]]:
    """The language folders below content/ or data/ that stay inside the root (not data/roles/, the register's)."""
    if not folder.is_dir():
        reader.stamps[str(folder)] = ()
        return []
    if not reader.inside(folder):
        return []
    reader.stamp(str(folder), folder.stat())
    entries = [(p, p.is_dir()) for p in sorted(folder.iterdir())]
    for path, is_folder in entries:
        if (message := misplaced_message(path.name, is_folder, folder.name)) is not None:
            reader.problems.append(ContentError(reader.source(path), message, warning=True))
    folders = [
        p
        for p, is_folder in entries
        if is_folder and not p.name.startswith(".") and not (folder.name == "data" and p.name == REGISTER_FOLDER)
    ]
    return [(p.name, p, reader.source(p)) for p in folders if reader.inside(p)]


def read_articles(
    reader: Reader, content: Path, parses: Parses
) -> tuple[list[RawArticle | Unparsed], list[tuple[str, Source]]]:
    """Every article below content/<lang>/ and the language folders: an unchanged file as an earlier build took it,
    any other split, its front matter given to `parses`."""

    def holds(source: Source) -> Holds:
        return Holds(f"{source.path}/", ".md", "articles", "content")

    return _read_all(reader, content, parses, holds, ".md", RawArticle, _stored_article, _split_article)


def _split_article(
    reader: Reader, lang: str, path: Path, source: Source, stamp: tuple[int, int, int, int] | None, text: str
) -> RawArticle | Unparsed:
    """Separate the `---` fenced front matter from the body; line numbers stay those of the file."""
    slug = path.name.removesuffix(".md")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        reader.problems.append(
            ContentError(
                source,
                "no front matter: start the file with a line '---', the fields (role, title, description), and "
                "another '---'",
            )
        )
        return RawArticle(lang, slug, source, None, 1)
    end = _closing_fence(lines)
    if end is None:
        reader.problems.append(ContentError(source, "front matter is not closed: add a line '---' after the fields"))
        return RawArticle(lang, slug, source, None, 1)
    front = _front_matter(lines, end)
    body = "\n".join(lines[end + 1 :])
    return Unparsed(
        lang,
        path,
        source,
        stamp,
        front,
        source.at(2),
        True,
        end + 2,
        content_hash(text),
        content_hash(front),
        might_lead_inside(body),
    )


def _closing_fence(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened by the first line, if any."""
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def _front_matter(lines: list[str], end: int) -> str:
    """The YAML between the opening fence and the closing one at index `end`."""
    return "\n".join(lines[1:end]) + "\n"


def article_body(root: Path, article: Article) -> str:
    """An article's Markdown body, read again from its file: the load keeps only the file's hash, so that
    a large guide's bodies are not all held in memory while only some pages are rendered.

    Raises BuildFailed when the file no longer has the text that was loaded (it changed during the build).
    """
    path = root / "content" / article.lang / f"{article.slug}.md"
    reader = Reader(root, None)
    text = reader.text(path, article.source)
    if text is None or content_hash(text) != article.digest:
        raise BuildFailed(
            reader.problems
            or [ContentError(article.source, "the file changed while the site was being built; build again")]
        )
    return _body(text, article.body_line)


@dataclass(frozen=True)
class SourceFiles:
    """The files of one site root read again for a later stage (see `model.content.SourceFiles`); a value that
    render workers are sent, so that only this stage's code reads the disk."""

    root: Path

    def body(self, article: Article) -> str:
        return article_body(self.root, article)

    def text(self, path: str) -> str | None:
        try:
            return (self.root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None


def _body(text: str, body_line: int) -> str:
    """The part of an article's text from line `body_line` on."""
    parts = text.split("\n", body_line - 1)
    return parts[-1] if len(parts) == body_line else ""


@dataclass(frozen=True)
class ArticleText:
    """An article file read again on its own, for a rebuild that only puts its new body in its page (see `patch`)."""

    source: Source
    stamp: list[int]
    digest: str
    front_digest: str
    body_line: int
    body: str


def read_article(root: Path, path: str) -> ArticleText | None:
    """The article file at `path` below `root` in its parts; None if it cannot be read or its front matter
    is not closed (a full build then says why)."""
    reader = Reader(root, None)
    file = Path(path)
    source = reader.source(file)
    text = reader.text(file, source)
    split = None if text is None else _split_article(reader, file.parent.name, file, source, None, text)
    if text is None or not isinstance(split, Unparsed) or not split.article:
        return None
    return ArticleText(
        source,
        list(reader.stamps[path]),
        split.digest,
        split.yaml_hash,
        split.body_line,
        _body(text, split.body_line),
    )


def read_factboxes(
    reader: Reader, data: Path, parses: Parses
) -> tuple[list[RawFactBox | Unparsed], list[tuple[str, Source]]]:
    """Every fact box below data/<lang>/ and the language folders, as `read_articles` reads articles."""

    def holds(source: Source) -> Holds:
        return Holds(f"{source.path}/", ".yaml", "fact boxes", "data", misnamed=".yml")

    return _read_all(reader, data, parses, holds, ".yaml", RawFactBox, _stored_factbox, _whole_yaml)


def _whole_yaml(reader: Reader, lang: str, path: Path, source: Source, stamp: Stamp, text: str) -> Unparsed:
    """A fact box's file, whose whole text is its YAML."""
    digest = content_hash(text)
    return Unparsed(
        lang, path, source, stamp, text, source, digest=digest, yaml_hash=digest, links=might_lead_inside(text)
    )


def _read_all(
    reader: Reader,
    top: Path,
    parses: Parses,
    holds: Callable[[Source], Holds],
    suffix: str,
    kind: type[Item],
    stored: Callable[[Reader, str, Stamp, str], Item | None],
    split: Callable[[Reader, str, Path, Source, Stamp, str], Item | Unparsed],
) -> tuple[list[Item | Unparsed], list[tuple[str, Source]]]:
    """The files ending in `suffix` in each language folder of `top`: each the `kind` an earlier build took from it
    when it did not change, else read and `split`, its YAML given to `parses`."""
    found: list[Item | Unparsed] = []
    langs = []
    for lang, folder, folder_source in language_folders(reader, top):
        langs.append((lang, folder_source))
        for name in reader.names(folder, suffix, holds(folder_source)):
            stamp, known = reader.remembered(name)
            if not isinstance(known, kind):
                known = stored(reader, name, stamp, lang)
            if known is not None:
                found.append(known)
                continue
            path = Path(name)
            source = reader.source(path)
            text = reader.text(path, source)
            if text is not None:
                item = split(reader, lang, path, source, stamp, text)
                if isinstance(item, Unparsed):
                    parses.add(item.yaml, item.yaml_source, item.yaml_hash)
                found.append(item)
    return found, langs
