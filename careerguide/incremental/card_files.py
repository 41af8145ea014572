"""Role pages' card images in a build: drawn, or hard-linked from the last build when it has the same card."""

from __future__ import annotations

from pathlib import Path

from careerguide import write
from careerguide.link import RolePage
from careerguide.model.output import OutputFile
from careerguide.render import Renderer
from careerguide.render.cards import Card, draw


def put_card(path: str, card: Card, temp: Path, previous: Path | None) -> None:
    """Write a role page's card (at `path`, as `Renderer.role_card` gives it) into the temporary folder: linked from
    `previous` (the last output, when the build keeps a cache) if it holds the same card, else drawn. A card's file
    name is its key, the hash of what it shows, so a page whose article changed keeps its card unless its title or
    figure did."""
    if previous is None or not write.link_file(temp, path, previous / path):
        write.write_file(temp, OutputFile(path, draw(card)))


def tidy_live_folder(out: Path, renderer: Renderer, rerendered: list[RolePage], removed: list[str]) -> None:
    """In a live output folder, remove the pages that are gone (`removed`: their paths, e.g. `da/zebra/index.html`)
    and the cards that no page names any more: the old card of each re-rendered page whose card changed, and
    every card beside a removed page, so that its folder can go with it."""
    keep = {renderer.role_card(page)[0] for page in rerendered}
    folders = {page.ref.path for page in rerendered} | {path.rpartition("/")[0] + "/" for path in removed}
    for folder in folders:
        for card in (out / folder).glob("card-*.png"):
            if f"{folder}{card.name}" not in keep:
                card.unlink(missing_ok=True)
    for path in removed:
        write.remove_file(out, path)
