"""Compare rasterizers for the social card images: Pillow (what careerguide uses), resvg and CairoSVG.

    python bench/cards.py --cards 200

Each draws the same card (1200x630, the title, the site and language, a salary figure) the given
number of times with different titles and figures (careerguide keeps a figure's drawn rows for
the next card that shows it, which a build's roles often share: this is the case with none to
share); prints the CPU time per card, the PNG's size, and whether two renderings of one card
give the same bytes. resvg and CairoSVG render an SVG of the same
layout. resvg is given the packaged font file; CairoSVG finds fonts only through fontconfig,
that is among the build machine's fonts, which careerguide must not depend on.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
import time
from html import escape
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from careerguide.render.cards import Card, draw  # noqa: E402


def figure(number: int) -> str:
    """A salary figure as a Danish role page words it, a different one for each number."""
    return f"{31250 + 50 * number:,} kr. pr. måned (median)".replace(",", ".")


def svg(card: Card) -> str:
    """The card's layout as SVG, for the SVG rasterizers."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" '
        'fill="#12355b"/>'
        f'<text x="80" y="118" font-family="Roboto" font-weight="bold" font-size="40" fill="#fff">{escape(card.site)}'
        f'<tspan font-weight="normal" fill="#b8c2ce"> {escape(card.language)}</tspan></text>'
        '<text x="80" y="265" font-family="Roboto" font-weight="bold" font-size="76" '
        f'fill="#fff">{escape(card.title)}</text>'
        f'<text x="80" y="460" font-family="Roboto" font-size="44" fill="#eef">{escape(card.figure or "")}</text>'
        f'<rect y="614" width="1200" height="16" fill="#8899ad"/></svg>'
    )


def rasterizers() -> dict[str, object]:
    fonts = [str(resources.files("font_roboto") / "files" / f"Roboto-{style}.ttf") for style in ("Bold", "Regular")]
    found: dict[str, object] = {"pillow": draw}
    try:
        import resvg_py

        found["resvg"] = lambda card: bytes(
            resvg_py.svg_to_bytes(svg_string=svg(card), font_files=fonts, skip_system_fonts=True)
        )
    except ImportError:
        pass
    try:
        import cairosvg

        found["cairosvg"] = lambda card: cairosvg.svg2png(bytestring=svg(card).encode())
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    count = parser.parse_args().cards
    cards = [Card(f"Øverste logistikkoordinator {i}", "Karriereguiden", "Dansk", figure(i)) for i in range(count)]
    print("| rasterizer | version | ms per card | PNG size | same bytes twice |")
    print("|---|---|---:|---:|---|")
    for name, render in rasterizers().items():
        render(cards[0])  # warm-up: fonts loaded, caches filled
        start = time.process_time()  # CPU time: the machine the builds run on is often shared
        outputs = [render(card) for card in cards]
        elapsed = (time.process_time() - start) / count * 1000
        same = all(render(card) == data for card, data in zip(cards[:20], outputs, strict=False))
        package = {"pillow": "pillow", "resvg": "resvg-py", "cairosvg": "cairosvg"}[name]
        print(
            f"| {name} | {importlib.metadata.version(package)} | {elapsed:.2f} | {len(outputs[0]) // 1024} KB | "
            f"{'yes' if same else 'no'} |"
        )


if __name__ == "__main__":
    main()
