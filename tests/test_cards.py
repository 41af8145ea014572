"""Card images: the PNG assembled from shared and separately deflated bands shows exactly what Pillow draws."""

import io
import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from careerguide.render import pngbands
from careerguide.render.cards import (
    FIGURE_TOP,
    MARGIN,
    TITLE_SIZES,
    TITLE_TOP,
    Card,
    _fit,
    _font,
    _palette,
    _title_lines,
    draw,
)

CARDS = [
    Card("Kundeservicemedarbejder", "Karriereguiden", "Dansk", "median 31.250\u00a0kr. om måneden"),
    Card("Kundendienstmitarbeiter", "Berufsratgeber", "Deutsch"),
    Card(
        "Ærø Øst Åbenrå ÄÖÜß äöü gjpqy", "Yrkesguiden", "Norsk bokmål", "ÅÄÖ gjpqy 1.234.567 kr. per år (gjennomsnitt)"
    ),
    Card(
        "Uddannelses- og udviklingsspecialist i den offentlige sektor og i private virksomheder",
        "Karriereguiden",
        "Dansk",
        "spænd 30.000-40.000 kr. om måneden",
    ),
    Card(" ".join(["Kundendienstmitarbeiterin"] * 12), "Berufsratgeber", "Deutsch", "Median " + "9" * 80),
    Card(
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellerinnenausbildungsleiterin",
        "Berufsratgeber",
        "Deutsch",
    ),
    Card("Å", "Karriereguiden", "Dansk"),
]


def pillow_card(card: Card) -> bytes:
    """The card drawn on one whole canvas and saved by Pillow's own PNG writer: what the bands must show."""
    image = Image.new("L", (1200, 630), 0)
    canvas = ImageDraw.Draw(image)
    bold = _font("Bold", 40)
    canvas.text((MARGIN, 80), card.site, font=bold, fill=15)
    canvas.text((MARGIN + bold.getlength(card.site + "  "), 80), card.language, font=_font("Regular", 40), fill=11)
    canvas.rectangle((0, 614, 1200, 630), fill=8)
    size, lines = _title_lines(card.title)
    y = TITLE_TOP
    for line in lines:
        canvas.text((MARGIN, y), line, font=_font("Bold", size), fill=15)
        y += round(size * 1.2)
    if card.figure:
        font = _font("Regular", 44)
        canvas.text((MARGIN, max(y + 30, FIGURE_TOP)), _fit(card.figure, font), font=font, fill=14)
    palette = image.convert("P")
    palette.putpalette(_palette())
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", bits=4)
    return buffer.getvalue()


def decoded(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(data))
    image.load()  # reads every chunk and checks the zlib stream, its adler32 included
    return image.mode, image.size, image.convert("RGB").tobytes()


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.title[:20])
def test_a_card_has_the_pixels_of_the_same_card_drawn_and_saved_by_pillow_alone(card):
    assert decoded(draw(card)) == decoded(pillow_card(card))


def test_cards_of_random_titles_and_figures_have_the_pixels_pillow_draws():
    chance = random.Random(24)
    words = [
        "Kundeservice",
        "Ærø",
        "Øst",
        "år",
        "Größe",
        "Übung",
        "ß",
        "Jæger",
        "gjpqy",
        "Å",
        "Leiterin",
        "9",
        "—",
        "É",
        "Sachbearbeiter/-in",
        "i",
        "og",
        "Donaudampfschifffahrtsgesellschaft",
    ]
    sites = [("Karriereguiden", "Dansk"), ("Yrkesguiden", "Norsk bokmål"), ("Berufsratgeber", "Deutsch")]
    for _ in range(25):
        title = " ".join(chance.choice(words) for _ in range(chance.randrange(1, 9)))
        figure = chance.choice(
            [None, f"median {chance.randrange(10**6):,} kr. om måneden", "Spanne 2.900–4.100 € im Monat"]
        )
        card = Card(title, *chance.choice(sites), figure)
        assert decoded(draw(card)) == decoded(pillow_card(card)), card


def test_the_cards_cover_every_title_size_and_a_title_of_three_lines_at_the_largest():
    sizes = {_title_lines(card.title)[0] for card in CARDS}
    assert {TITLE_SIZES[0], TITLE_SIZES[-1]} <= sizes and len(sizes) >= 3
    three = Card(
        "Kundeservicemedarbejder og teamleder med ansvar for kundeservice i hele Norden",
        "Karriereguiden",
        "Dansk",
        "median 31.250\u00a0kr. om måneden",
    )
    size, lines = _title_lines(three.title)
    assert (size, len(lines)) == (TITLE_SIZES[0], 3)
    assert decoded(draw(three)) == decoded(pillow_card(three))  # the lowest figure a card has


def test_every_chunk_of_a_card_has_its_crc_and_the_stream_its_adler32():
    data = draw(CARDS[0])
    assert data.startswith(pngbands.SIGNATURE)
    offset, kinds = 8, []
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        assert int.from_bytes(data[offset + 8 + length : offset + 12 + length], "big") == zlib.crc32(kind + body)
        kinds.append(kind)
        if kind == b"IDAT":
            rows = zlib.decompress(body)  # checks the header and the adler32 over all rows
            assert len(rows) == 630 * 601 and rows[::601] == bytes(630)  # every row led by the filter None
        offset += 12 + length
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]


def test_a_card_is_the_same_bytes_drawn_again_and_drawn_in_a_fresh_process():
    card = Card("Lagermedarbejder", "Karriereguiden", "Dansk", "median 29.000\u00a0kr. om måneden")
    first = draw(card)
    assert draw(card) == first  # its shared rows now from the process's store
    code = (
        "import sys; from careerguide.render.cards import Card, draw; sys.stdout.buffer.write(draw(Card("
        "'Lagermedarbejder', 'Karriereguiden', 'Dansk', 'median 29.000\\u00a0kr. om måneden')))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env).stdout == first


def test_adler32_combine_gives_the_checksum_of_the_joined_bytes():
    chance = random.Random(24)
    for _ in range(200):
        first = bytes(chance.randrange(256) for _ in range(chance.randrange(0, 300)))
        second = bytes(chance.choice((0, 255, chance.randrange(256))) for _ in range(chance.randrange(0, 70000)))
        combined = pngbands.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
        assert combined == zlib.adler32(first + second)


def test_bands_deflated_apart_join_into_the_image_of_all_their_rows():
    chance = random.Random(7)
    image = Image.new("L", (37, 50))
    image.putdata([chance.choice((0, 0, 0, 3, 15)) for _ in range(37 * 50)])
    bands = [
        pngbands.deflate(pngbands.scanlines(image.crop((0, top, 37, end)), 4), end - top)
        for top, end in ((0, 11), (11, 11), (11, 40), (40, 50))
    ]
    data = pngbands.png(37, 4, list(range(48)), bands)
    decoded_image = Image.open(io.BytesIO(data))
    assert (decoded_image.mode, decoded_image.size) == ("P", (37, 50))
    assert decoded_image.tobytes() == image.tobytes()
