"""Social card images: a 1200x630 PNG per role page and per language, the text drawn by Pillow in a packaged font."""

from __future__ import annotations

import functools
import hashlib
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from careerguide.render import glyphs, pngbands

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TITLE_SIZES = (76, 64, 54, 46)
"""The title's font sizes, largest first: the first at which it fits in TITLE_LINES lines is taken."""
TITLE_LINES = 3
TITLE_TOP = 190
FIGURE_TOP = 420
"""Where the figure goes below a short title; below a long one it keeps its distance from the title."""
FIGURE_SIZE = 44
BITS = 4
LEVELS = 1 << BITS
"""The card is drawn in 16 shades between BACKGROUND and FOREGROUND, a 4-bit palette: a quarter of the
bytes of a grey image to compress."""
TITLE_SHADE = LEVELS - 1
BACKGROUND = (18, 53, 91)
FOREGROUND = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class Card:
    """What a card shows, and nothing else: its key is made from these fields alone."""

    title: str
    site: str
    language: str
    figure: str | None = None
    """The headline salary figure of the page's own country, in words, or None."""

    def key(self) -> str:
        """A hash of everything the image shows and how it is drawn (this module's code, Pillow, the fonts)."""
        text = "\0".join((_drawing_digest(), self.title, self.site, self.language, self.figure or ""))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def file_name(self) -> str:
        """The image's file name, e.g. `card-0123456789abcdef.png`: a new drawing gets a new address, so
        that sites which keep a shared link's preview pick up the change."""
        return f"card-{self.key()}.png"

    def alt(self) -> str:
        """The image's text alternative: what it shows, in the order it shows it."""
        return ". ".join(part for part in (self.title, self.figure, f"{self.site} · {self.language}") if part)


def draw(card: Card) -> bytes:
    """The card as PNG bytes: the site and language at the top, the title large, the salary figure below it."""
    size, lines = _title_lines(card.title)
    parts = [_title_band(tuple(lines), size)]
    if card.figure:
        parts.append(_figure_band(card.figure, max(TITLE_TOP + len(lines) * round(size * 1.2) + 30, FIGURE_TOP)))
    bands: list[pngbands.Band] = []
    row = 0
    for top, band in parts:
        bands += [_frame_rows(card.site, card.language, row, top), band]
        row = top + band.rows
    bands.append(_frame_rows(card.site, card.language, row, HEIGHT))
    return pngbands.png(WIDTH, BITS, _palette(), bands)


def _title_band(lines: tuple[str, ...], size: int) -> tuple[int, pngbands.Band]:
    """The rows the title covers, drawn into an image only as tall as they are: the first row, and the band."""
    step = round(size * 1.2)
    top = TITLE_TOP - size // 2  # room above the first line for accents higher than the font's ascender
    image = glyphs.draw_lines(
        (WIDTH, len(lines) * step + size), (MARGIN, TITLE_TOP - top), lines, step, _font("Bold", size), TITLE_SHADE
    )
    return _inked(image, top)


@functools.lru_cache(maxsize=1024)
def _figure_band(figure: str, y: int) -> tuple[int, pngbands.Band]:
    """The rows of the salary figure at `y`, drawn once per process: roles of a language often share a figure."""
    from PIL import Image, ImageDraw

    font = _font("Regular", FIGURE_SIZE)
    image = Image.new("L", (WIDTH, 2 * FIGURE_SIZE), 0)
    ImageDraw.Draw(image).text((MARGIN, FIGURE_SIZE // 2), _fit(figure, font), font=font, fill=LEVELS - 2)
    return _inked(image, y - FIGURE_SIZE // 2)


def _inked(image: Any, top: int) -> tuple[int, pngbands.Band]:
    """The rows of `image`, placed at row `top` of the card, that are not all background: the first, and the band."""
    box = image.getbbox()
    if box is None:
        return top, pngbands.deflate(b"", 0)
    _, first, _, end = box
    return top + first, pngbands.deflate(pngbands.scanlines(image.crop((0, first, WIDTH, end)), BITS), end - first)


@functools.lru_cache(maxsize=1024)
def _frame_rows(site: str, language: str, start: int, end: int) -> pngbands.Band:
    """Rows `start` to `end` of what every card of a site and language shows, deflated once per process."""
    stride = 1 + WIDTH * BITS // 8
    return pngbands.deflate(_frame(site, language)[start * stride : end * stride], end - start)


@functools.cache
def _frame(site: str, language: str) -> bytes:
    """The scanlines of a card with no title and no figure: the site's name and the language at the top, a bar
    at the bottom. Nothing of it lies where a title or figure is drawn, whose rows take the place of its rows."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    canvas = ImageDraw.Draw(image)
    bold = _font("Bold", 40)
    canvas.text((MARGIN, 80), site, font=bold, fill=LEVELS - 1)
    canvas.text((MARGIN + bold.getlength(site + "  "), 80), language, font=_font("Regular", 40), fill=LEVELS - 5)
    canvas.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=LEVELS // 2)
    return pngbands.scanlines(image, BITS)


def _title_lines(title: str) -> tuple[int, list[str]]:
    """The title wrapped at spaces in the largest size at which it fits; a word too long even at the
    smallest size is cut with an ellipsis (a card is a preview; the page has the whole title)."""
    width = WIDTH - 2 * MARGIN
    if _title_length(_font("Bold", TITLE_SIZES[0]), title) <= width:  # most titles: one line at the largest size
        return TITLE_SIZES[0], [title]
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        lines = _wrap(title, font, width)
        if len(lines) <= TITLE_LINES and all(_title_length(font, line) <= width for line in lines):
            return size, lines
    font = _font("Bold", TITLE_SIZES[-1])
    lines = _wrap(title, font, width)
    kept = [_fit(line, font) for line in lines[:TITLE_LINES]]
    if len(lines) > TITLE_LINES:
        kept[-1] = _fit(kept[-1].rstrip("…") + " …", font)
    return TITLE_SIZES[-1], kept


def _wrap(text: str, font: Any, width: int) -> list[str]:
    """Words put on lines greedily, each line as long as fits."""
    lines: list[str] = []
    for word in text.split():
        if lines and _title_length(font, f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _title_length(font: Any, text: str) -> float:
    """The title text's width in pixels, from the glyphs the title is drawn with (as `font.getlength` gives it)."""
    return glyphs.length(font, text, TITLE_SHADE)


def _fit(text: str, font: Any) -> str:
    """The text cut to the card's width, with an ellipsis where it was cut."""
    width = WIDTH - 2 * MARGIN
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@functools.cache
def _palette() -> list[int]:
    return [
        round(low + (high - low) * level / (LEVELS - 1))
        for level in range(LEVELS)
        for low, high in zip(BACKGROUND, FOREGROUND, strict=True)
    ]


@functools.cache
def _font(style: str, size: int) -> Any:
    """Roboto from the font-roboto package (it has æ ø å ä ö ü ß), never a font of the machine, so that
    every machine draws the same card. Basic layout: Latin text needs no shaping engine, and it is the
    same with or without one installed."""
    from PIL import ImageFont

    with resources.as_file(resources.files("font_roboto") / "files" / f"Roboto-{style}.ttf") as path:
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _drawing_digest() -> str:
    """A hash of how cards are drawn: this module's, the glyph setter's and the PNG writer's code, Pillow's and zlib's
    versions and the font files. A card of the last build is linked by its file name, so any change here must change
    every name."""
    import PIL  # imported when a card is drawn or keyed, not by every build that only checks what changed

    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8)
    digest.update(Path(glyphs.__file__).read_bytes())
    digest.update(Path(pngbands.__file__).read_bytes())
    digest.update(f"{PIL.__version__} {zlib.ZLIB_RUNTIME_VERSION}".encode())
    for style in ("Bold", "Regular"):
        digest.update((resources.files("font_roboto") / "files" / f"Roboto-{style}.ttf").read_bytes())
    return digest.hexdigest()
