"""Card text set from glyphs Pillow drew once per process: the pixels of Pillow's own lines at a fraction of the work.

Pillow draws a line by laying out and rasterizing every glyph of it, twice (once to measure), each time it
is asked. A title's letters are mostly ones the process has drawn before, so each character is drawn alone
once, by Pillow, and a line is put together from those images where Pillow puts them: its basic layout
sets each glyph at the pen position rounded to a whole pixel, the pen moving by the glyph's advance, with
no kerning in this font. Where two glyphs cover the same pixel, even faintly, Pillow blends them; such
lines are left to Pillow, so the result is always the pixels Pillow draws (tests/test_glyphs.py compares
them for every pair of letters at every title size, tests/test_cards.py for whole cards).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Ink:
    """What a character puts on the image when drawn alone, cropped to the pixels it covers."""

    pixels: Any
    """The pixels in the drawing's shade."""
    coverage: Any
    """How much of each pixel the glyph covers (0-255), which Pillow blends where glyphs meet."""
    left: int
    top: int
    """The offset from the pen position and from the line's top (Pillow's "la" anchor), in pixels."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """A character as Pillow draws it alone."""

    ink: Ink | None
    """None for a character that covers no pixel (a space)."""
    advance: int
    """How far the pen moves after it, in 64ths of a pixel, as FreeType gives it."""


def length(font: Any, text: str, shade: int) -> float:
    """The text's advance width in pixels, as `font.getlength` gives it with basic layout."""
    return sum(glyph(font, char, shade).advance for char in text) / 64


def draw_lines(
    size: tuple[int, int], origin: tuple[int, int], lines: Sequence[str], step: int, font: Any, shade: int
) -> Any:
    """An "L" image of `size` with `lines` in `shade`, `step` pixels apart, the first line's top left at
    `origin`: set from the process's glyphs, or drawn by Pillow where glyphs cover the same pixel."""
    from PIL import Image, ImageDraw

    image = Image.new("L", size, 0)
    if _set(image, origin, lines, step, font, shade):
        return image
    image = Image.new("L", size, 0)
    canvas = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        canvas.text((origin[0], origin[1] + number * step), line, font=font, fill=shade)
    return image


def _set(image: Any, origin: tuple[int, int], lines: Sequence[str], step: int, font: Any, shade: int) -> bool:
    """Paste each glyph's ink where Pillow would draw it; False (the image half set) if a line holds a character
    Pillow does not set as a glyph (a line break, a tab) or two glyphs cover the same pixel."""
    placed: list[tuple[Ink, Box]] = []
    above = None  # the lowest covered row of the lines so far
    for number, line in enumerate(lines):
        if not line.isprintable():
            return False
        top = origin[1] + number * step
        pen, right, lowest = 0, None, above
        for char in line:
            drawn = glyph(font, char, shade)
            ink = drawn.ink
            if ink is not None:
                x, y = origin[0] + _pixel(pen) + ink.left, top + ink.top
                box = (x, y, x + ink.pixels.width, y + ink.pixels.height)
                if (right is not None and x < right) or (above is not None and y < above):
                    if not _paste_beside(image, ink, box, placed):
                        return False
                else:
                    image.paste(ink.pixels, box[:2])
                placed.append((ink, box))
                right = box[2] if right is None else max(right, box[2])
                lowest = box[3] if lowest is None else max(lowest, box[3])
            pen += drawn.advance
        above = lowest
    return True


def _paste_beside(image: Any, ink: Ink, box: Box, placed: list[tuple[Ink, Box]]) -> bool:
    """Paste a glyph whose box meets earlier ones' boxes, keeping their ink; False if a pixel is covered by both."""
    from PIL import ImageChops

    for other, other_box in placed:
        left, top = max(box[0], other_box[0]), max(box[1], other_box[1])
        right, bottom = min(box[2], other_box[2]), min(box[3], other_box[3])
        if left < right and top < bottom:
            meet = (left, top, right, bottom)
            mine = ink.coverage.crop(_within(meet, box))
            theirs = other.coverage.crop(_within(meet, other_box))
            if ImageChops.darker(mine, theirs).getbbox() is not None:
                return False
    image.paste(ImageChops.lighter(image.crop(box), ink.pixels), box[:2])
    return True


def _within(area: Box, box: Box) -> Box:
    """`area`, a part of `box`, measured from the box's top left."""
    return (area[0] - box[0], area[1] - box[1], area[2] - box[0], area[3] - box[1])


def _pixel(position: int) -> int:
    """A position in 64ths of a pixel rounded to a whole pixel, as Pillow's PIXEL macro does."""
    return ((position + 32) & -64) >> 6


@functools.lru_cache(maxsize=1024)  # a few hundred characters at four sizes; the cap is for odd text
def glyph(font: Any, char: str, shade: int) -> Glyph:
    """The character drawn alone by Pillow in `font`, once per process for each shade."""
    from PIL import Image, ImageDraw

    advance = round(font.getlength(char) * 64)
    left, top, right, bottom = font.getbbox(char)
    if right <= left or bottom <= top:
        return Glyph(None, advance)
    coverage = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(coverage).text((-left, -top), char, font=font, fill=255)
    box = coverage.getbbox()
    if box is None:
        return Glyph(None, advance)
    pixels = Image.new("L", coverage.size, 0)
    ImageDraw.Draw(pixels).text((-left, -top), char, font=font, fill=shade)
    return Glyph(Ink(pixels.crop(box), coverage.crop(box), left + box[0], top + box[1]), advance)
