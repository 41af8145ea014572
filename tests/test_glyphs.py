"""Card text set from glyphs drawn once: the same pixels as Pillow drawing the whole lines, whichever way it is set."""

import random

import pytest
from PIL import Image, ImageDraw

from careerguide.render import glyphs
from careerguide.render.cards import TITLE_SIZES, _font

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄÖÜÉé0123456789-–/.,:()'&"
SHADE = 15


def by_pillow(size, origin, lines, step, font):
    image = Image.new("L", size, 0)
    canvas = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        canvas.text((origin[0], origin[1] + number * step), line, font=font, fill=SHADE)
    return image.tobytes()


def set_from_glyphs(size, origin, lines, step, font):
    """Whether the lines could be set from glyphs, and the image draw_lines gives."""
    could = glyphs._set(Image.new("L", size, 0), origin, lines, step, font, SHADE)
    return could, glyphs.draw_lines(size, origin, lines, step, font, SHADE).tobytes()


@pytest.mark.parametrize("size", TITLE_SIZES)
def test_every_pair_of_letters_looks_as_pillow_draws_it(size):
    font = _font("Bold", size)
    for first in LETTERS:
        line = " ".join(first + second for second in LETTERS)
        area = (int(font.getlength(line)) + 40, 2 * size)
        _, image = set_from_glyphs(area, (10, size // 2), [line], size, font)
        assert image == by_pillow(area, (10, size // 2), [line], size, font), first


def test_glyphs_whose_boxes_meet_are_set_and_glyphs_that_share_a_pixel_are_left_to_pillow():
    font = _font("Bold", TITLE_SIZES[0])
    area, origin = (400, 160), (10, 38)
    for pair, set_here in (("rj", True), ("Tj", True), ("ky", False), ("ÅÅ", False)):
        could, image = set_from_glyphs(area, origin, [pair], 91, font)
        assert could is set_here, pair
        assert image == by_pillow(area, origin, [pair], 91, font), pair
    ink = [glyphs.glyph(font, char, SHADE).ink for char in "rj"]
    assert ink[0] is not None and ink[1] is not None
    left = glyphs._pixel(glyphs.glyph(font, "r", SHADE).advance) + ink[1].left
    assert left < ink[0].left + ink[0].pixels.width  # "rj" is set although the boxes meet


def test_lines_close_enough_to_touch_look_as_pillow_draws_them():
    chance = random.Random(24)
    words = ["gjpqy", "ÅÄÖÜ", "Jæger", "fjord", "Øst", "Größe", "Sachbearbeiter/-in", "ky", "É", "Tj"]
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        for step in (round(size * 1.2), size, size * 3 // 4):
            lines = [" ".join(chance.choice(words) for _ in range(3)) for _ in range(3)]
            area = (1200, 3 * step + size)
            assert set_from_glyphs(area, (80, size // 2), lines, step, font)[1] == by_pillow(
                area, (80, size // 2), lines, step, font
            ), (size, step, lines)


def test_a_line_break_or_a_tab_is_left_to_pillow_and_a_combining_accent_looks_as_pillow_draws_it():
    font = _font("Bold", TITLE_SIZES[-1])
    for line in ("Kunde\nservice", "Kunde\tservice", "Cafe\u0301", "A\u030a"):
        area = (800, 200)
        could, image = set_from_glyphs(area, (10, 20), [line], 55, font)
        assert image == by_pillow(area, (10, 20), [line], 55, font), line
        assert could is False or line.isprintable(), line


def test_the_length_of_a_text_is_the_one_pillow_measures():
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        for text in ("Kundeservicemedarbejder", "Größe Übung", "Ærø Øst – å", ""):
            assert glyphs.length(font, text, SHADE) == font.getlength(text)


def test_a_line_is_the_same_whatever_the_process_drew_before():
    font = _font("Bold", TITLE_SIZES[0])
    area, lines = (1200, 167), ["Kundeservicemedarbejder"]
    first = glyphs.draw_lines(area, (80, 38), lines, 91, font, SHADE).tobytes()
    glyphs.glyph.cache_clear()
    assert glyphs.draw_lines(area, (80, 38), lines, 91, font, SHADE).tobytes() == first
