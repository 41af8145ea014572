"""The parser's complaint about broken YAML retold in an editor's words: which line, what is wrong with it, what to
do."""

from __future__ import annotations

import re

_INDENT_PROBLEMS = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed",
    "expected <block end>",
)
_KEY = re.compile(r"(?:-\s+)*([^\s:#'\"\[{][^:#]*?):(?:\s|$)")
_ITEM = re.compile(r"-(?:\s|$)")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as the YAML parser counts them, so that its line numbers index this list."""
    # YAML 1.1, which libyaml follows, also ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
    return _LINE_BREAK.split(text)


def line_of(text: str, index: int) -> int:
    """The 1-based YAML line of the character at `index` of `text`."""
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def explain(text: str, problem: str, line: int, context_line: int | None, column: int) -> tuple[int, str] | None:
    """The line (1-based, in `text`) and message for a YAML syntax error the parser reported at `line` and
    `column` (1-based) with the words `problem`; None when the parser's own words are the best there is."""
    lines = yaml_lines(text)
    tab = _first_tab(lines, line, column)
    if tab is not None:
        at, col = tab
        return at, f"a tab at column {col}: YAML takes only spaces for indentation; replace the tab with spaces"
    if problem.startswith("could not find expected ':'") and context_line is not None and context_line <= len(lines):
        return context_line, _no_key(lines[context_line - 1]) + _odd_break(text, context_line)
    if not problem.startswith(_INDENT_PROBLEMS) or line > len(lines):
        return None
    current = lines[line - 1]
    indent = _indent(current)
    levels = _levels(lines, line - 1)
    if problem.startswith("mapping values") and (indent in levels or not levels):
        return line, _colon_in_value(current)
    if indent in levels or not levels:
        return None
    return line, _misaligned(current, indent, levels)


def _first_tab(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """The tab in the indentation of the line the parser stopped at, or the tab it stopped on (a tab
    elsewhere, inside a block of text, may be content)."""
    if line > len(lines):
        return None
    text = lines[line - 1]
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in lead:
        return line, lead.index("\t") + 1
    if text[column - 1 : column] == "\t":
        return line, column
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#") and stripped not in ("---", "...")


def _levels(lines: list[str], index: int) -> list[int]:
    """The indentations a line at `index` may line up with: those of the line above it and of each line
    further up that is less indented than everything after it (a list item also opens the column of its key)."""
    levels: list[int] = []
    lowest: int | None = None
    for text in reversed(lines[:index]):
        if not _content(text):
            continue
        indent = _indent(text)
        if lowest is not None and indent >= lowest:
            continue
        lowest = indent
        levels.append(indent)
        rest = text[indent:]
        if _ITEM.match(rest) and rest[1:].strip():  # `- key: value`: the key's column is a level of its own
            levels.append(indent + 1 + _indent(rest[1:]))
    return sorted(set(levels))


def _what(text: str) -> str:
    """How to name the line in a message: by its key, as a list item, or as a line."""
    stripped = text.strip()
    key = _KEY.match(stripped)
    if key and not _ITEM.match(stripped):
        return f"{key.group(1).strip()}:"
    return "this list item" if _ITEM.match(stripped) else "this line"


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _misaligned(text: str, indent: int, levels: list[int]) -> str:
    what = _what(text)
    if levels == [0]:
        return (
            f"{what} is indented by {_spaces(indent)}, but the keys above it are not indented; remove the "
            "spaces "
            "in front of it"
        )
    allowed = ", ".join(str(level) for level in levels[:-1]) + f" or {levels[-1]}"
    return (
        f"{what} is indented by {_spaces(indent)}, which lines it up with nothing above it (the keys and items there "
        "are "
        f"indented by {allowed}); indent it by as many spaces as the ones it belongs with"
    )


def _colon_in_value(text: str) -> str:
    key = _KEY.match(text.strip())
    name = key.group(1).strip() if key else "the key"
    value = text.strip()[key.end() :].strip() if key else text.strip()
    example = f'{name}: "{value}"' if key and value and '"' not in value else f'{name}: "..."'
    return (
        f"the value of {name} holds ': ', which YAML reads as the start of another key; put the value in "
        "quotes: "
        f"{example}"
    )


_ODD_BREAKS = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}


def _odd_break(text: str, line: int) -> str:
    """A note when the line starts after a line break most editors do not show as one."""
    breaks = _LINE_BREAK.findall(text)
    before = breaks[line - 2] if 2 <= line <= len(breaks) + 1 else ""
    if before not in _ODD_BREAKS:
        return ""
    return (
        f"; it follows an invisible {_ODD_BREAKS[before]}, which YAML reads as a line break (many editors do not): "
        "delete that character to join it to the text before it"
    )


def _no_key(text: str) -> str:
    return (
        "this line is neither `key: value` nor a list item; add its key and a colon, start it with '- ' if it "
        f"belongs to the list above, or join it to the line above: {text.strip()!r}"
    )
