"""Read a site root from disk: site.yaml, the register, articles, fact boxes and the theme."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from careerguide.load.files import SourceFiles, Unparsed, read_articles, read_factboxes, required_yaml
from careerguide.load.reader import LoadMemo, Reader
from careerguide.load.register import load_register
from careerguide.model.errors import ContentError, Source
from careerguide.model.raw import RawArticle, RawFactBox, RawRegister, RawSite
from careerguide.model.yamltext import ParseInOrder, TextStream, YamlDoc


def _builtin_theme() -> Path:
    """The built-in theme's folder: templates/ beside the package in a checkout, or the copy an installed package
    carries."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "templates"
    if (checkout / "base.html").is_file():
        return checkout
    return package / "builtin_theme"


BUILTIN_THEME = _builtin_theme()


def reference_year(source_date_epoch: str | None, today: datetime.date) -> int:
    """The year salary figures are aged against: SOURCE_DATE_EPOCH's (for reproducible runs) or today's."""
    if source_date_epoch is None or not source_date_epoch.strip():
        return today.year
    try:
        return datetime.datetime.fromtimestamp(int(source_date_epoch), datetime.UTC).year
    except (ValueError, OverflowError, OSError):
        raise ValueError(
            f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds since 1970-01-01"
        ) from None


def load_site(
    root: Path,
    cache: LoadMemo | None = None,
    stream: TextStream | None = None,
    *,
    changed: frozenset[str] | None = None,
) -> RawSite:
    """Read every input file of the site root at `root` (and the built-in theme).

    The YAML of articles and fact boxes is given to `stream` as the files are read (the parallel layer's stream
    parses it in worker processes meanwhile; by default it is parsed here, in order). `changed` is what a file
    watcher saw change in the root since the last load with this cache: every other file and folder the cache
    knows is taken as it was, without a look at the disk (None: look at each one).
    """
    root = root.absolute()  # the stamps it leaves in `cache` name files by absolute path
    reader = Reader(root, cache, changed)
    config, register = _settings(reader, root)
    parses = reader.parses(stream or ParseInOrder())
    try:
        articles, content_langs = read_articles(reader, root / "content", parses)
        factboxes, data_langs = read_factboxes(reader, root / "data", parses)
        docs = iter(parses.docs())
    finally:
        parses.close()
    unparsed = [item for item in (*articles, *factboxes) if isinstance(item, Unparsed)]
    parsed = {id(item): item.finish(reader, next(docs)) for item in unparsed}
    templates, strings, assets = _load_theme(reader, root)
    if cache is not None:
        cache.inputs = reader.stamps
    year = _year(reader)
    return RawSite(
        root=root,
        files=SourceFiles(root),
        year=year,
        config=config,
        register=register,
        articles=tuple(
            article for article in (parsed.get(id(item), item) for item in articles) if isinstance(article, RawArticle)
        ),
        factboxes=tuple(
            box for box in (parsed.get(id(item), item) for item in factboxes) if isinstance(box, RawFactBox)
        ),
        templates=templates,
        strings=strings,
        assets=assets,
        content_langs=tuple(content_langs + data_langs),
        problems=tuple(reader.problems),
    )


def _settings(reader: Reader, root: Path) -> tuple[YamlDoc | None, RawRegister | None]:
    """site.yaml and the register, each parsed, or None with the reader's problem saying why."""
    if not any((root / name).exists() for name in ("site.yaml", "content", "data")):
        # Not a guide at all, most often a command run from another folder: one problem, saying where to run it.
        reader.problems.append(
            ContentError(
                reader.source(root / "site.yaml"),
                f"site.yaml is missing: {root} is not a guide's folder; run "
                "the command in the folder that holds site.yaml, content/ and data/, or pass that folder with --root",
            )
        )
        return None, None
    config = required_yaml(
        reader, root / "site.yaml", "site.yaml is missing: a site root needs its settings (see the content contract)"
    )
    return config, load_register(reader, root / "data")


def _year(reader: Reader) -> int | None:
    """The year salary figures are aged against (see `reference_year`); None, and a problem, if SOURCE_DATE_EPOCH is
    not a time."""
    try:
        return reference_year(os.environ.get("SOURCE_DATE_EPOCH"), datetime.date.today())
    except ValueError as exc:
        reader.problems.append(
            ContentError(Source("SOURCE_DATE_EPOCH"), f"{exc}; salary statistics are aged against its year")
        )
        return None


def _load_theme(reader: Reader, root: Path) -> tuple[dict[str, str], dict[str, tuple[YamlDoc, ...]], dict[str, bytes]]:
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
            if not path.is_dir():
                data = reader.bytes(path, reader.source(path, label), label)
                if data is not None:
                    assets[path.name] = data
    return templates, {lang: tuple(docs) for lang, docs in strings.items()}, assets
