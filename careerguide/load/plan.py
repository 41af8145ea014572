"""The plan: a quick look at a site root before it is loaded, so that its worker processes can start first."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from careerguide.load.reader import read_regular


@dataclass(frozen=True)
class Outline:
    """What a build plans with before it loads anything: the locales site.yaml names and how many articles there are."""

    locales: tuple[str, ...]
    articles: int


def outline(root: Path) -> Outline:
    """A quick look at the site root, without checking anything (the load that follows does, and says
    what is wrong): the locales site.yaml declares, none if it cannot be read, and the number of article files."""
    try:
        config = yaml.load(read_regular(str(root / "site.yaml")), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, ValueError):  # ValueError: a number too long for int()
        config = None
    languages = config.get("languages") if isinstance(config, dict) else None
    specs = languages.values() if isinstance(languages, dict) else ()
    locales = sorted(
        {spec["locale"] for spec in specs if isinstance(spec, dict) and isinstance(spec.get("locale"), str)}
    )
    articles = 0
    try:
        with os.scandir(root / "content") as folders:
            for folder in folders:
                if folder.is_dir() and not folder.name.startswith("."):
                    with os.scandir(folder.path) as files:
                        articles += sum(1 for file in files if file.name.endswith(".md"))
    except OSError:
        pass
    return Outline(tuple(locales), articles)
