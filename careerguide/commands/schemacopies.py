"""The copies of the JSON Schemas in a site root's schema/ folder, which editors' YAML extensions read offline."""

from __future__ import annotations

import os
from pathlib import Path

from careerguide.render.schema import schema_files


def outdated_copies(root: Path) -> dict[str, str]:
    """The schema files below `root` that are missing or differ from the generated ones: path -> the text they should
    have."""
    outdated = {}
    for path, data in schema_files().items():
        try:
            current = (root / path).read_bytes()
        except OSError:
            current = None
        if current != data:
            outdated[path] = data.decode()
    return outdated


def write_copy(root: Path, path: str, text: str) -> None:
    """Replace the schema file at `path` below `root` in one step, so that an editor's extension never reads half a
    file."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
