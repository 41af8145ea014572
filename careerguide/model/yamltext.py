"""YAML text to plain values by YAML 1.2 rules, remembering the line of every value."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import yaml

from careerguide.model.errors import ContentError, Source
from careerguide.model.yamlhints import explain, line_of, yaml_lines

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2 booleans: `no`, `on`, `yes` stay text; no timestamps."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_RESOLVERS = {
    first: tuple(resolvers) for first, resolvers in _Yaml12Loader.yaml_implicit_resolvers.items() if resolvers
}
assert None not in _RESOLVERS and not _Yaml12Loader.yaml_path_resolvers  # what `_resolve` leaves out


def _resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """PyYAML's `resolve` for a loader without path or wildcard resolvers: libyaml asks it for every scalar,
    and most of a guide's text starts with a letter no implicit type can start with."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _RESOLVERS.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return (
        yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
        if kind is yaml.SequenceNode
        else yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
    )


_Yaml12Loader.resolve = _resolve

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document: its value, its file, and (on demand) the line of every key and item."""

    value: Any
    source: Source
    text: str = field(default="", repr=False)
    """The YAML text, kept so that line numbers can be recovered when a problem needs them."""

    @cached_property
    def lines(self) -> Mapping[KeyPath, int]:
        """KeyPath -> file line of every key and item, from a second, line-tracking parse."""
        if not self.text:
            return {(): self.source.line}
        return _parse_with_lines(self.text, self.source)[1]

    def at(self, *path: str | int) -> Source:
        """The source line of the value at `path`, or of its nearest parent that has one."""
        lines = self.lines
        for end in range(len(path), -1, -1):
            line = lines.get(tuple(path[:end]))
            if line is not None:
                return self.source.at(line)
        return self.source


class YamlProblem(Exception):
    """Raised by `parse_yaml` with a ContentError that says where and what."""

    def __init__(self, error: ContentError):
        super().__init__(str(error))
        self.error = error


MAX_FLOW_DEPTH = 100
_FLOW = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> bool:
    """Whether `[` and `{` nest deeper than libyaml survives: it recurses in C, and slows down quadratically."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return False
    depth = 0
    for match in _FLOW.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            return True
    return False


def parse_yaml(text: str, source: Source, texts: dict[str, str] | None = None) -> YamlDoc:
    """Parse one YAML document; `source.line` is the file line where the text starts.

    Documents parsed with the same `texts` share one object for each text they repeat (a source,
    a currency, a skill): across a large guide's fact boxes that is most of their strings.

    The fast path turns libyaml's nodes straight into values; anything unusual (an alias, a
    tag, a duplicate key, an error) and any later request for a line number take the careful
    path, which parses again and knows the line of every key and item.
    """
    if _too_deep(text):
        raise YamlProblem(ContentError(source, f"brackets nested more than {MAX_FLOW_DEPTH} deep; flatten the YAML"))
    try:
        loader = _Yaml12Loader(text)
        try:
            node = loader.get_single_node()
            value = None if node is None else _FastValues(loader, {} if texts is None else texts).value(node)
        finally:
            loader.dispose()
    except (yaml.YAMLError, _Unusual, RecursionError, ValueError):  # ValueError: a number too long for int()
        value, lines = _parse_with_lines(text, source)
        doc = YamlDoc(value, source, text)
        doc.__dict__["lines"] = lines
        return doc
    return YamlDoc(value, source, text)


class TextStream(Protocol):
    """YAML texts given one at a time and parsed, perhaps while the caller reads the next ones; `finish` gives
    each document or problem in the order added, `close` stops whatever helps it, also when the caller fails."""

    def add(self, text: str, source: Source) -> None:
        """Take one more text to parse."""

    def finish(self) -> list[YamlDoc | ContentError]:
        """Each text's document, or its problem, in the order they were added."""

    def close(self) -> None:
        """Stop; safe to call twice."""


class ParseInOrder:
    """A TextStream that parses each text in this process when `finish` is called."""

    def __init__(self) -> None:
        self.items: list[tuple[str, Source]] = []

    def add(self, text: str, source: Source) -> None:
        self.items.append((text, source))

    def finish(self) -> list[YamlDoc | ContentError]:
        texts: dict[str, str] = {}
        return [parse_or_problem(item, texts) for item in self.items]

    def close(self) -> None:
        self.items = []


def parse_or_problem(item: tuple[str, Source], texts: dict[str, str]) -> YamlDoc | ContentError:
    """`parse_yaml` of (text, source), or its problem; `texts` shares equal strings between documents."""
    try:
        return parse_yaml(*item, texts)
    except YamlProblem as problem:
        return problem.error


class _Unusual(Exception):
    """The fast path met something only the careful path may accept or explain."""


class _FastValues:
    """Values from composed nodes without PyYAML's general constructor: plain data only."""

    def __init__(self, loader: Any, texts: dict[str, str]):
        self.loader = loader
        self.texts = texts
        self.containers: set[int] = set()

    def value(self, node: yaml.Node) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                return self.texts.setdefault(node.value, node.value)
            if node.tag not in _PLAIN_TAGS:
                raise _Unusual
            return self.loader.construct_object(node)
        if id(node) in self.containers:
            raise _Unusual
        self.containers.add(id(node))
        if kind is yaml.SequenceNode and node.tag == "tag:yaml.org,2002:seq":
            return [self.value(item) for item in node.value]
        if kind is yaml.MappingNode and node.tag == "tag:yaml.org,2002:map":
            result: dict[str, Any] = {}
            for key, item in node.value:
                if type(key) is not yaml.ScalarNode or key.tag != _STR or key.value in result:
                    raise _Unusual
                result[sys.intern(key.value)] = self.value(item)  # one copy of each key name across thousands of files
            return result
        raise _Unusual


def _parse_with_lines(text: str, source: Source) -> tuple[Any, dict[KeyPath, int]]:
    """The value and the line of every key and item, or YamlProblem saying where and why not."""
    offset = source.line - 1
    try:
        loader = _Yaml12Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (
            min(mark.line + 1, len(yaml_lines(text))) + offset if mark else source.line
        )  # libyaml puts an unended last line's end one line on
        what = exc.problem or exc.context or "malformed YAML"
        told = explain(
            text,
            what,
            line - offset,
            exc.context_mark.line + 1 if exc.context_mark else None,
            mark.column + 1 if mark else 1,
        )
        if told is not None:
            raise YamlProblem(ContentError(source.at(told[0] + offset), told[1])) from None
        raise YamlProblem(
            ContentError(source.at(line), f"malformed YAML: {what}; check the indentation and quoting")
        ) from None
    except yaml.reader.ReaderError as exc:
        line = line_of(text, max(text.find(chr(exc.character)), 0)) + offset
        raise YamlProblem(
            ContentError(
                source.at(line), f"malformed YAML: the character U+{exc.character:04X} is not allowed; delete it"
            )
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(ContentError(source, f"malformed YAML: {exc}")) from None
    except RecursionError:
        raise YamlProblem(ContentError(source, "the YAML is nested too deeply; flatten it")) from None
    if node is None:
        return None, {(): source.line}
    builder = _Builder(loader, source, offset, len(yaml_lines(text)))
    try:
        value = builder.build(node, ())
    except RecursionError:
        raise YamlProblem(ContentError(source, "the YAML is nested too deeply; flatten it")) from None
    return value, builder.lines


def _digits(number: str) -> int:
    """How many digits a YAML integer has, as Python's limit on turning text into int counts them."""
    return sum(character.isdigit() for character in number)


class _Builder:
    """Turns a composed node tree into plain values, refusing aliases and non-standard tags."""

    def __init__(self, loader: Any, source: Source, offset: int, last_line: int):
        self.loader = loader
        self.source = source
        self.offset = offset
        self.last_line = last_line
        self.lines: dict[KeyPath, int] = {}
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> YamlProblem:
        return YamlProblem(ContentError(self.source.at(self.line(node.start_mark)), message))

    def line(self, mark: Any) -> int:
        """The file line of a mark; libyaml puts the end of an unended last line one line on."""
        return min(mark.line + 1, self.last_line) + self.offset

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "YAML anchors and aliases (&name, *name) are not supported; write the value out")
        self.seen.add(id(node))
        self.lines.setdefault(path, self.line(node.start_mark))
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, f"unsupported YAML tag {node.tag!r}; remove the tag")
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a key must be plain text")
                key = self.build(key_node, path + ("\0key",))
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise self.fail(key_node, f"a key must be text, not {key!r}")
                key = sys.intern(str(key))
                if key in result:
                    raise self.fail(key_node, f"{key}: duplicate key; keep one")
                self.lines[path + (key,)] = self.line(key_node.start_mark)
                result[key] = self.build(value_node, path + (key,))
            self.lines.pop(path + ("\0key",), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            if node.tag == _INT and (digits := _digits(node.value)) > (limit := sys.get_int_max_str_digits()) > 0:
                raise self.fail(
                    node,
                    f"this number has {digits} digits, more than the {limit} a number may have; "
                    "shorten it, or put it in quotes to keep it as text",
                ) from None
            raise self.fail(node, f"cannot read this value: {exc}") from None
