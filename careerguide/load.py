"""Read a site root from disk: site.yaml, the register, articles, fact boxes and the theme."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from functools import cached_property
from typing import TYPE_CHECKING, Any

from careerguide.errors import BuildFailed, ContentError, Source
from careerguide.markup import role_mentions
from careerguide.raw import RawArticle, RawFactBox, RawSite, content_hash
from careerguide.yamltext import YamlDoc, YamlProblem, parse_many, parse_yaml

if TYPE_CHECKING:
    from careerguide.cache import Cache
    from careerguide.model import Article


BUILTIN_THEME = Path(__file__).resolve().parent.parent / "templates"
MAX_FILE_BYTES = 2 * 1024 * 1024


class _Reader:
    """Reads files below one root, turning every failure into a ContentError."""

    def __init__(self, root: Path, cache: Cache | None, changed: frozenset[str] | None = None):
        self.root = root
        self.resolved_root = root.resolve()
        self.cache = cache
        self.changed = changed
        self.changed_folders = {os.path.dirname(path) for path in changed or ()}
        self.inside_prefix = str(root) + "/"
        self.problems: list[ContentError] = []
        self.stamps: dict[str, tuple[int, ...]] = {}
        """Every file read and folder listed -> its stamp (() for one looked for and absent),
        so that the next build can tell that nothing changed."""

    def stamp(self, path: str, stat: os.stat_result) -> tuple[int, int, int, int]:
        """Record and return the stamp of a file or folder this build depends on."""
        self.stamps[path] = found = _stamp_of(stat)
        return found

    def source(self, path: Path, base: Path | None = None) -> Source:
        """The path an editor sees: relative to the root, or marked as the built-in theme's."""
        if base is not None:
            return Source("(built-in theme) " + path.relative_to(base).as_posix())
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            rel = path.as_posix()
        if not rel.isprintable():  # a line break or terminal escape in a file name would forge output lines
            rel = "".join(c if c.isprintable() else repr(c)[1:-1] for c in rel)
        return Source(rel)

    def inside(self, path: Path) -> bool:
        """Whether a path, following links, stays inside the site root; records a problem if not."""
        try:
            if path.resolve().is_relative_to(self.resolved_root):
                return True
        except (OSError, RuntimeError):  # RuntimeError: links that lead back to themselves
            self.problems.append(ContentError(self.source(path), "this link leads in a circle; replace it with the file or folder it means"))
            return False
        self.problems.append(ContentError(self.source(path), "this file links to a place outside the site root; copy it in instead"))
        return False

    def text(self, path: Path, source: Source, *, base: Path | None = None) -> str | None:
        """The file's text as UTF-8 with `\n` line ends, or None after recording why not."""
        data = self.bytes(path, source, base)
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(ContentError(source.at(line), "invalid UTF-8; save the file as UTF-8"))
            return None
        return _normalized(text)

    def bytes(self, path: Path, source: Source, base: Path | None = None) -> bytes | None:
        """The file's bytes, refusing links that lead outside the root and oversized files."""
        if base is None and path.is_symlink() and not self.inside(path):
            return None
        try:
            size = self.stamp(str(path), path.stat())[2]
            if size > MAX_FILE_BYTES:
                self.problems.append(ContentError(source, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"))
                return None
            return path.read_bytes()
        except OSError as exc:
            self.problems.append(ContentError(source, f"cannot read the file: {exc.strerror or exc}"))
            return None

    def parse(self, text: str, source: Source) -> YamlDoc | None:
        """Parse YAML text, from the cache when this exact text was parsed before."""
        if self.cache is not None:
            hit, value = self.cache.parsed_value(text)
            if hit:
                return YamlDoc(value, source, text)
        try:
            doc = parse_yaml(text, source)
        except YamlProblem as problem:
            self.problems.append(problem.error)
            return None
        if self.cache is not None:
            self.cache.remember_parsed(text, doc.value)
        return doc

    def parse_many(self, items: list[tuple[str, Source]], jobs: int | None) -> list[YamlDoc | None]:
        """`parse` of many texts at once, the ones not in the cache spread over `jobs` processes."""
        docs: list[YamlDoc | None] = []
        todo: list[int] = []
        for text, source in items:
            hit, value = self.cache.parsed_value(text) if self.cache is not None else (False, None)
            docs.append(YamlDoc(value, source, text) if hit else None)
            if not hit:
                todo.append(len(docs) - 1)
        for index, parsed in zip(todo, parse_many([items[index] for index in todo], jobs)):
            if isinstance(parsed, ContentError):
                self.problems.append(parsed)
                continue
            docs[index] = parsed
            if self.cache is not None:
                self.cache.remember_parsed(parsed.text, parsed.value)
        return docs

    def yaml(self, path: Path, *, base: Path | None = None) -> YamlDoc | None:
        source = self.source(path, base)
        text = self.text(path, source, base=base)
        return None if text is None else self.parse(text, source)

    def remembered(self, path: str) -> tuple[tuple[int, int, int, int] | None, object | None]:
        """The file's stamp (mtime, ctime, size, inode) and what was made of it when it last had that stamp."""
        if self.cache is None:
            return None, None
        known = self.cache.files.get(path)
        if known is not None and self.trusted(path):
            self.stamps[path] = known[0]
            self.cache.keep_stored(path)
            return known  # type: ignore[return-value]
        try:
            stat = os.stat(path)
        except OSError:
            return None, None
        stamp = self.stamp(path, stat)
        if known and known[0] == stamp:
            self.cache.keep_stored(path)
            return stamp, known[1]
        return stamp, None

    def stored(self, path: str, stamp: tuple[int, int, int, int] | None, size: int) -> list[Any] | None:
        """What an earlier build took from this file (see `Cache.stored`), if the file still has that stamp
        and the record has `size` entries after it; None otherwise, and then the file is read."""
        record = self.cache.stored(path) if self.cache is not None and stamp is not None else None
        return record[1:] if record is not None and len(record) == size + 1 and record[0] == list(stamp) else None

    def trusted(self, path: str) -> bool:
        """Whether a file watcher vouches that this file or folder in the root is as the last load left it."""
        return (self.changed is not None and path.startswith(self.inside_prefix) and path not in self.changed
                and path not in self.changed_folders)

    def remember(self, path: str, stamp: tuple[int, int, int, int] | None, item: object, problems_before: int,
                 record: list[Any] | None = None) -> None:
        """Keep what a file gave, if it gave no problems, for a later build in this process, and its
        `record` (see `Cache.stored`) for a later build in any process."""
        if self.cache is None or stamp is None or len(self.problems) != problems_before:
            return
        if self.cache.keep_loaded:
            self.cache.files[path] = (stamp, item)
        if record is not None:
            self.cache.keep_stored(path, [list(stamp), *record])

    def files(self, folder: Path, suffix: str) -> list[Path]:
        """Files with this suffix directly in `folder`, sorted; hidden files are skipped."""
        return [Path(path) for path in self.names(folder, suffix)]

    def names(self, folder: Path, suffix: str) -> list[str]:
        """`files` as plain strings, which a preview checks by the thousand on every save."""
        base = str(folder)
        known = self.cache.files.get(f"{base}/*{suffix}") if self.cache is not None else None
        if known is not None and self.trusted(base):
            self.stamps[base] = known[0]
            return known[1]  # type: ignore[return-value]
        try:
            stamp = self.stamp(base, os.stat(base))
        except OSError:
            self.stamps[base] = ()
            return []
        if not folder.is_dir():
            return []
        names = [f"{base}/{name}" for name in sorted(os.listdir(base)) if name.endswith(suffix) and not name.startswith(".")]
        if self.cache is not None:
            self.cache.files[f"{base}/*{suffix}"] = (stamp, names)
        return names


def load_site(root: Path, cache: Cache | None = None, jobs: int | None = 1, *, changed: frozenset[str] | None = None) -> RawSite:
    """Read every input file of the site root at `root` (and the built-in theme).

    The YAML of articles and fact boxes is parsed in one batch, over `jobs` processes (None: as many
    as suit the number of files). `changed` is what a file watcher saw change in the root since the
    last load with this cache: every other file and folder the cache knows is taken as it was,
    without a look at the disk (None: look at each one).
    """
    reader = _Reader(root, cache, changed)
    config = _required_yaml(reader, root / "site.yaml", "site.yaml is missing: a site root needs its settings (see the content contract)")
    register = _required_yaml(reader, root / "data" / "roles.yaml", "data/roles.yaml is missing: the register of roles")
    articles, content_langs = _read_articles(reader, root / "content")
    factboxes, data_langs = _read_factboxes(reader, root / "data")
    unparsed = [item for item in (*articles, *factboxes) if isinstance(item, _Unparsed)]
    docs = iter(reader.parse_many([(item.yaml, item.yaml_source) for item in unparsed], jobs))
    parsed = {id(item): item.finish(reader, next(docs)) for item in unparsed}
    templates, strings, assets = _load_theme(reader, root)
    if cache is not None:
        cache.inputs = reader.stamps
    return RawSite(
        root=root,
        config=config,
        register=register,
        articles=tuple(parsed.get(id(item), item) for item in articles),
        factboxes=tuple(box for box in (parsed.get(id(item), item) for item in factboxes) if box is not None),
        templates=templates,
        strings=strings,
        assets=assets,
        content_langs=tuple(content_langs + data_langs),
        problems=tuple(reader.problems),
    )


@dataclass
class _Unparsed:
    """A file read but its YAML not yet parsed: what `finish` needs to make it a RawArticle or RawFactBox."""

    lang: str
    path: Path
    source: Source
    stamp: tuple[int, int, int, int] | None
    yaml: str
    yaml_source: Source
    mentions: tuple[str, ...] | None = None
    """The role ids an article's body mentions; None for a fact box."""
    body_line: int = 0
    digest: str = ""

    def finish(self, reader: _Reader, doc: YamlDoc | None) -> RawArticle | RawFactBox | None:
        """The loaded item for the parsed YAML, remembered for the next build when its YAML was fine."""
        name = self.path.name.rsplit(".", 1)[0]
        if self.mentions is None:
            item: RawArticle | RawFactBox | None = None if doc is None else RawFactBox(self.lang, name, doc, self.digest)
        else:
            item = RawArticle(self.lang, name, self.source, doc, self.body_line, self.digest, self.mentions)
        if doc is not None:
            record = [self.digest] if self.mentions is None else [self.digest, content_hash(self.yaml), self.body_line, list(self.mentions)]
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
            text = _normalized(Path(self.file).read_bytes().decode("utf-8"))
        except (OSError, UnicodeError):
            text = ""
        if self.front:
            lines = text.split("\n")
            end = _closing_fence(lines)
            text = "\n".join(lines[1:end]) + "\n" if end is not None else ""
        if content_hash(text) != self.text_hash:  # changed since it was loaded: none of its lines can be trusted
            return {(): self.source.line}
        return dict(YamlDoc(self.value, self.source, text).lines)


def _stored_article(reader: _Reader, name: str, stamp: tuple[int, int, int, int] | None, lang: str) -> RawArticle | None:
    """The article an earlier build loaded from this file, if the file still has that stamp, without reading it."""
    record = reader.stored(name, stamp, 4)
    if record is None:
        return None
    digest, front_hash, body_line, mentions = record
    if not (isinstance(digest, str) and isinstance(front_hash, str) and type(body_line) is int
            and isinstance(mentions, list) and all(isinstance(role, str) for role in mentions)):
        return None
    found, value = reader.cache.parsed_by_hash(front_hash) if reader.cache is not None else (False, None)
    if not found:
        return None
    path = Path(name)
    source = reader.source(path)
    front = _UnreadDoc(value, source.at(2), file=name, front=True, text_hash=front_hash)
    article = RawArticle(lang, path.name.removesuffix(".md"), source, front, body_line, digest, tuple(mentions))
    reader.remember(name, stamp, article, len(reader.problems), record)
    return article


def _stored_factbox(reader: _Reader, name: str, stamp: tuple[int, int, int, int] | None, lang: str) -> RawFactBox | None:
    """The fact box an earlier build loaded from this file, if the file still has that stamp, without reading it."""
    record = reader.stored(name, stamp, 1)
    if record is None or not isinstance(record[0], str):
        return None
    found, value = reader.cache.parsed_by_hash(record[0]) if reader.cache is not None else (False, None)
    if not found:
        return None
    path = Path(name)
    source = reader.source(path)
    box = RawFactBox(lang, path.name.removesuffix(".yaml"), _UnreadDoc(value, source, file=name, text_hash=record[0]), record[0])
    reader.remember(name, stamp, box, len(reader.problems), record)
    return box


def _normalized(text: str) -> str:
    """A file's text as the build reads it: no byte-order mark, `\n` line ends, NFC."""
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))


def _stamp_of(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells that a file changed, as make would: modification and change times, size, inode."""
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def unchanged_inputs(stamps: dict[str, list[int]]) -> bool:
    """Whether every file and folder a build depended on still has its stamp: nothing added, removed or edited."""
    for path, stamp in stamps.items():
        try:
            stat = os.stat(path)
        except OSError:
            if stamp:
                return False
            continue
        if list(_stamp_of(stat)) != list(stamp):
            return False
    return bool(stamps)


def _required_yaml(reader: _Reader, path: Path, missing: str) -> YamlDoc | None:
    if not path.is_file():
        reader.problems.append(ContentError(reader.source(path), missing))
        return None
    stamp, known = reader.remembered(str(path))
    if isinstance(known, YamlDoc):
        return known
    before = len(reader.problems)
    doc = reader.yaml(path)
    reader.remember(str(path), stamp, doc, before)
    return doc


def _language_folders(reader: _Reader, folder: Path) -> list[tuple[str, Path, Source]]:
    """The language folders below content/ or data/ that stay inside the root."""
    if not folder.is_dir():
        reader.stamps[str(folder)] = ()
        return []
    if not reader.inside(folder):
        return []
    reader.stamp(str(folder), folder.stat())
    folders = [p for p in sorted(folder.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    return [(p.name, p, reader.source(p)) for p in folders if reader.inside(p)]


def _read_articles(reader: _Reader, content: Path) -> tuple[list[RawArticle | _Unparsed], list[tuple[str, Source]]]:
    articles: list[RawArticle | _Unparsed] = []
    langs = []
    for lang, folder, source in _language_folders(reader, content):
        langs.append((lang, source))
        for name in reader.names(folder, ".md"):
            stamp, known = reader.remembered(name)
            if not isinstance(known, RawArticle):
                known = _stored_article(reader, name, stamp, lang)
            if known is not None:
                articles.append(known)
                continue
            path = Path(name)
            source = reader.source(path)
            text = reader.text(path, source)
            if text is not None:
                articles.append(_split_article(reader, lang, path, source, stamp, text))
    return articles, langs


def _split_article(reader: _Reader, lang: str, path: Path, source: Source, stamp: tuple[int, int, int, int] | None,
                   text: str) -> RawArticle | _Unparsed:
    """Separate the `---` fenced front matter from the body; line numbers stay those of the file."""
    slug = path.name.removesuffix(".md")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        reader.problems.append(ContentError(source, "no front matter: start the file with a line '---', the fields (role, title, description), and another '---'"))
        return RawArticle(lang, slug, source, None, 1)
    end = _closing_fence(lines)
    if end is None:
        reader.problems.append(ContentError(source, "front matter is not closed: add a line '---' after the fields"))
        return RawArticle(lang, slug, source, None, 1)
    front = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :])
    return _Unparsed(lang, path, source, stamp, front, source.at(2), role_mentions(body), end + 2, content_hash(text))


def _closing_fence(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter opened by the first line, if any."""
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


def article_body(root: Path, article: Article) -> str:
    """An article's Markdown body, read again from its file: the load keeps only the file's hash, so that
    a large guide's bodies are not all held in memory while only some pages are rendered.

    Raises BuildFailed when the file no longer has the text that was loaded (it changed during the build).
    """
    path = root / "content" / article.lang / f"{article.slug}.md"
    reader = _Reader(root, None)
    text = reader.text(path, article.source)
    if text is None or content_hash(text) != article.digest:
        raise BuildFailed(reader.problems or [ContentError(article.source, "the file changed while the site was being built; build again")])
    parts = text.split("\n", article.body_line - 1)
    return parts[-1] if len(parts) == article.body_line else ""


def _read_factboxes(reader: _Reader, data: Path) -> tuple[list[RawFactBox | _Unparsed], list[tuple[str, Source]]]:
    boxes: list[RawFactBox | _Unparsed] = []
    langs = []
    for lang, folder, source in _language_folders(reader, data):
        langs.append((lang, source))
        for name in reader.names(folder, ".yaml"):
            stamp, known = reader.remembered(name)
            if not isinstance(known, RawFactBox):
                known = _stored_factbox(reader, name, stamp, lang)
            if known is not None:
                boxes.append(known)
                continue
            path = Path(name)
            source = reader.source(path)
            text = reader.text(path, source)
            if text is not None:
                boxes.append(_Unparsed(lang, path, source, stamp, text, source, digest=content_hash(text)))
        for path in reader.files(folder, ".yml"):
            reader.problems.append(ContentError(reader.source(path), "fact boxes end in .yaml; rename the file"))
    return boxes, langs


def _load_theme(reader: _Reader, root: Path) -> tuple[dict[str, str], dict[str, tuple[YamlDoc, ...]], dict[str, bytes]]:
    """Built-in templates, UI strings and assets, with the root's own files replacing them by name."""
    templates: dict[str, str] = {}
    strings: dict[str, list[YamlDoc]] = {}
    assets: dict[str, bytes] = {}
    bases = [BUILTIN_THEME]
    if (root / "templates").resolve() != BUILTIN_THEME:
        bases.append(root / "templates")
    for base in bases:
        builtin = base == BUILTIN_THEME
        label = base if builtin else None
        if not builtin and not all(reader.inside(folder) for folder in (base, base / "strings", base / "assets")):
            continue
        for path in reader.files(base, ".html"):
            text = reader.text(path, reader.source(path, label), base=label)
            if text is not None:
                templates[path.name] = text
        for path in reader.files(base / "strings", ".yaml"):
            doc = reader.yaml(path, base=label)
            if doc is not None:
                strings.setdefault(path.stem, []).append(doc)
        for path in reader.files(base / "assets", ""):
            if path.is_file():
                data = reader.bytes(path, reader.source(path, label), label)
                if data is not None:
                    assets[path.name] = data
    return templates, {lang: tuple(docs) for lang, docs in strings.items()}, assets
