"""UI strings of a theme: each a text, or plural forms chosen for a count by Babel's CLDR rules, and the words
a language hyphenates at their joints."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale

from careerguide.model.errors import ContentError
from careerguide.model.yamltext import YamlDoc
from careerguide.validate.fields import suggestion

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; `other` is every language's."""
HYPHENATION = "hyphenation"
"""The UI string that lists words written with their break points, e.g. `kvalitets-sikrings-analytiker`."""
_ENTRY = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})*")


class Plural(str):
    """A UI string with plural forms. As text it is its `other` form (so `{{ t.key }}` shows that);
    `form` gives the form of one CLDR category."""

    forms: tuple[tuple[str, str], ...]

    def __new__(cls, forms: dict[str, str]) -> Plural:
        text = super().__new__(cls, forms["other"])
        object.__setattr__(text, "forms", tuple(sorted(forms.items(), key=lambda item: CATEGORIES.index(item[0]))))
        return text

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a UI string cannot be changed")

    def __reduce__(self) -> tuple[type[Plural], tuple[dict[str, str]]]:
        return Plural, (dict(self.forms),)

    def form(self, category: str) -> str:
        """The form for a CLDR plural category, or the `other` form where it has none."""
        forms = dict(self.forms)
        return forms[category] if category in forms else self.forms[-1][1]


@cache
def _plural_rule(locale: str) -> Any:
    return Locale.parse(locale).plural_form


def plural(text: str, count: float, locale: str) -> str:
    """The form of a UI string for `count` things, by the locale's plural rule; a plain text is the same for every
    count."""
    return text.form(_plural_rule(locale)(count)) if isinstance(text, Plural) else str(text)


def categories(locale: str) -> tuple[str, ...]:
    """The plural categories a locale's language tells apart, e.g. ("one", "other") for Danish."""
    used = _plural_rule(locale).tags | {"other"}
    return tuple(category for category in CATEGORIES if category in used)


def merge_strings(
    docs: Iterable[YamlDoc], locale: str, problems: list[ContentError]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """One language's UI strings from its files, later ones replacing earlier ones key by key, and the words of
    its `hyphenation` lists, which add to the earlier ones instead (a word listed again takes its new break points)."""
    merged: dict[str, str] = {}
    words: dict[str, str] = {}
    for doc in docs:
        if not isinstance(doc.value, dict):
            problems.append(ContentError(doc.source, "UI strings are a mapping of key to text"))
            continue
        for key, value in doc.value.items():
            if key == HYPHENATION:
                words.update(_hyphenation(doc, value, problems))
            elif isinstance(value, str):
                merged[key] = value
            elif isinstance(value, dict):
                if (forms := _plural_forms(doc, key, value, locale, problems)) is not None:
                    merged[key] = forms
            else:
                problems.append(
                    ContentError(
                        doc.at(key),
                        f"{key}: expected text, or plural forms such as {{one: …, other: …}}; got {value!r}",
                    )
                )
    return merged, tuple(entry for _, entry in sorted(words.items()))


def _plural_forms(
    doc: YamlDoc, key: str, value: dict[Any, Any], locale: str, problems: list[ContentError]
) -> Plural | None:
    """A mapping of plural categories to texts; every category the language tells apart must be there."""
    needed, start = categories(locale), len(problems)
    language = Locale.parse(locale).get_language_name("en")
    for category, text in value.items():
        if category not in needed:
            hint = (
                suggestion(str(category), needed)
                if category not in CATEGORIES
                else f"; its forms are {' and '.join(needed)}"
            )
            problems.append(
                ContentError(doc.at(key, category), f"{key}: {language} has no plural form {category!r}{hint}")
            )
        elif not isinstance(text, str):
            problems.append(ContentError(doc.at(key, category), f"{key}: {category}: expected text, got {text!r}"))
    missing = [category for category in needed if category not in value]
    if missing and len(problems) == start:
        example = ", ".join(f"{category}: …" for category in needed)
        problems.append(
            ContentError(
                doc.at(key),
                f"{key}: the plural form {' and '.join(missing)} is missing; {language} needs {{{example}}}",
            )
        )
    return Plural(dict(value)) if len(problems) == start else None


def _hyphenation(doc: YamlDoc, value: Any, problems: list[ContentError]) -> dict[str, str]:
    """The entries of one file's `hyphenation` list by their word in lower case."""
    if not isinstance(value, list):
        problems.append(
            ContentError(
                doc.at(HYPHENATION),
                f"{HYPHENATION}: expected a list of words with their break points, "
                "e.g. [kvalitets-sikrings-analytiker]",
            )
        )
        return {}
    words = {}
    for index, entry in enumerate(value):
        if isinstance(entry, str) and _ENTRY.fullmatch(entry.strip()):
            words[entry.strip().replace("-", "").lower()] = entry.strip().lower()
        else:
            problems.append(
                ContentError(
                    doc.at(HYPHENATION, index),
                    f"{HYPHENATION}: {entry!r} is not a word with its break points; write it in letters "
                    "with a hyphen at each place it may break, every piece at least two letters, e.g. "
                    "kvalitets-sikrings-analytiker",
                )
            )
    return words
