"""Where compound words break: at the joints of the words a language lists with their break points
(the UI string `hyphenation`, e.g. `kvalitets-sikrings-analytiker`), found again in the compounds they make."""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate, pairwise

FINDABLE = 4
"""A listed piece at least this long is looked for in other words too (`medarbejder` in `servicemedarbejder`)."""
SHORTEST = 3
"""No piece is left shorter: an ending (`-e`, `-ne`) stays with the piece before it."""
ENDING = 5
"""Letters this few left over at the end of a word are its ending (`-erne`, `-innen`), not a piece of its own:
German hyphenates `Mitarbeite-rinnen`, never `Mitarbeiter-innen`."""


@lru_cache(maxsize=64)
def _lexicon(words: frozenset[str]) -> tuple[dict[str, tuple[int, ...]], frozenset[str], int]:
    """The listed words by their letters with their break points, the pieces to look for, and the longest piece."""
    exact: dict[str, tuple[int, ...]] = {}
    pieces: set[str] = set()
    for entry in words:
        parts = entry.split("-")
        exact["".join(parts)] = tuple(accumulate(len(part) for part in parts[:-1]))
        pieces.update(part for part in parts if len(part) >= FINDABLE)
    return exact, frozenset(pieces), max(map(len, pieces), default=0)


def pieces(word: str, words: frozenset[str]) -> list[tuple[int, int, bool]] | None:
    """A word cut at its joints as (start, end, known) pieces, or None when no listed word or piece is in it.

    A listed word is cut where its entry says. Another word is cut into the listed pieces it is made of,
    with the fewest letters left over, then in the fewest pieces; letters left over make pieces of their own.
    """
    exact, known, longest = _lexicon(words)
    letters = word.lower()  # not casefold(), which writes ß as ss
    if len(letters) != len(word):  # a letter whose lower case is longer (İ): positions would not match
        return None
    if letters in exact:
        points = [0, *exact[letters], len(word)]
        return [(a, b, True) for a, b in pairwise(points)]
    if not any(piece in letters for piece in known):  # most words: no listed piece at all, so no joint to find
        return None
    # best[i]: (letters left over, pieces, where the last piece starts, whether it is known) for word[:i]
    best: list[tuple[int, int, int, bool] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0, 0, True)
    for end in range(1, len(word) + 1):
        options = []
        for start in range(max(0, end - longest), end - FINDABLE + 1):
            before = best[start]
            if before is not None and letters[start:end] in known:
                options.append((before[0], before[1] + 1, start, True))
        before = best[end - 1]
        if before is not None:  # one letter left over: it joins a run of such letters, or starts one
            joins = not before[3] and end - 1 > 0
            start = before[2] if joins else end - 1
            options.append((before[0] + 1, before[1] + (0 if joins else 1), start, False))
        best[end] = min(options, key=lambda option: option[:2])
    final = best[len(word)]
    if final is None or final[0] == len(word):
        return None
    cuts: list[tuple[int, int, bool]] = []
    end = len(word)
    while end > 0:
        _, _, start, is_known = best[end]  # type: ignore[misc]
        cuts.append((start, end, is_known))
        end = start
    return _merged(cuts[::-1])


def _merged(cuts: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Pieces shorter than SHORTEST joined to the piece before them (or, at the start, after them), and so is
    an ending: at most ENDING letters left over at the end."""
    merged: list[tuple[int, int, bool]] = []
    for index, (start, end, is_known) in enumerate(cuts):
        ending = index == len(cuts) - 1 and not is_known and end - start <= ENDING
        if merged and (ending or end - start < SHORTEST or merged[-1][1] - merged[-1][0] < SHORTEST):
            merged[-1] = (merged[-1][0], end, merged[-1][2] or is_known)
        else:
            merged.append((start, end, is_known))
    return merged
