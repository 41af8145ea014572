"""schema.org's vocabulary, read from the `schema-dts` typings (tests/package.json), to check JSON-LD against it.

The typings are generated from schema.org's own published vocabulary: one `interface <Type>Base extends <Parent>Base`
per type with the properties schema.org defines for it (its domainIncludes), a `<Type>Leaf` with its "@type", and
`type <Type> = <Type>Leaf | <Subtype> | ...` for the types that may stand where it is expected. Reading them gives, for
every type, the properties it or a supertype defines and, for every property, the types it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TYPINGS = Path(__file__).parent / "node_modules" / "schema-dts" / "dist" / "schema.d.ts"

_INTERFACE = re.compile(r"^(?:export )?interface (\w+)(?: extends ([^{]+))? \{$")
_PROPERTY = re.compile(r'^    "([^"@]+)"\?: SchemaValue<(.+), "[^"]+">;$')
_TYPE_NAME = re.compile(r'^    "@type": "([^"]+)";$')
_UNION = re.compile(r"^export type (\w+) = (.+);$")
TEXT_TYPES = {
    "Text",
    "URL",
    "Date",
    "DateTime",
    "Time",
    "Duration",
    "CssSelectorType",
    "XPathType",
    "PronounceableText",
}
NUMBER_TYPES = {"Number", "Integer", "Float"}


@dataclass(frozen=True)
class Vocabulary:
    """Every schema.org type with the properties it may carry, and every property with the types it accepts."""

    properties: dict[str, frozenset[str]]
    """Type name -> the properties defined for it or a supertype."""
    ranges: dict[tuple[str, str], frozenset[str]]
    """(type, property) -> the type names the property accepts there, subtypes included."""

    def problems(self, node: Any, where: str = "$") -> list[str]:
        """What in a JSON-LD value is not schema.org: an unknown @type, a property its type does not have, a value of a
        type the property does not accept; nested nodes and @graph are checked too."""
        found: list[str] = []
        if isinstance(node, list):
            for index, item in enumerate(node):
                found += self.problems(item, f"{where}[{index}]")
            return found
        if not isinstance(node, dict):
            return found
        if "@graph" in node:
            return self.problems(node["@graph"], f"{where}.@graph")
        kind = node.get("@type")
        if kind not in self.properties:
            return [f"{where}: @type {kind!r} is not a schema.org type"]
        for name, value in node.items():
            if name.startswith("@"):
                continue
            if name not in self.properties[kind]:
                found.append(f"{where}: {kind} has no property {name!r}")
                continue
            accepted = self.ranges[(kind, name)]
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                path = f"{where}.{name}" + (f"[{index}]" if isinstance(value, list) else "")
                if (problem := _value_problem(item, accepted)) is not None:
                    found.append(f"{path}: {problem}")
                found += self.problems(item, path)
        return found


def _value_problem(value: Any, accepted: frozenset[str]) -> str | None:
    """Why a value does not fit the types a property accepts, or None."""
    if isinstance(value, dict):
        kind = value.get("@type")
        return None if kind in accepted else f"a {kind} where {' | '.join(sorted(accepted))} is expected"
    if isinstance(value, bool):
        return None if "Boolean" in accepted else f"true/false where {' | '.join(sorted(accepted))} is expected"
    if isinstance(value, (int, float)):
        return None if accepted & NUMBER_TYPES else f"a number where {' | '.join(sorted(accepted))} is expected"
    if isinstance(value, str):
        # schema.org lets text stand for any thing (the typings' `| string`), but not for a number or true/false.
        return (
            None if accepted - NUMBER_TYPES - {"Boolean"} else f"text where {' | '.join(sorted(accepted))} is expected"
        )
    return f"{value!r} is no JSON-LD value"


@cache
def vocabulary(path: Path = TYPINGS) -> Vocabulary:
    """The vocabulary of the installed typings."""
    parents: dict[str, list[str]] = {}
    own: dict[str, dict[str, str]] = {}
    leaves: dict[str, str] = {}
    unions: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _INTERFACE.match(line):
            current = match.group(1)
            parents[current] = [p.strip() for p in (match.group(2) or "").split(",") if p.strip() and "<" not in p]
            own[current] = {}
        elif line == "}":
            current = None
        elif current and (match := _PROPERTY.match(line)):
            own[current][match.group(1)] = match.group(2)
        elif current and (match := _TYPE_NAME.match(line)):
            leaves[match.group(1)] = current
        elif match := _UNION.match(line):
            unions[match.group(1)] = [part.strip() for part in match.group(2).split("|")]

    def inherited(interface: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for parent in parents.get(interface, ()):
            found.update(inherited(parent))
        found.update(own.get(interface, {}))
        return found

    def expand(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if name in seen:
            return set()
        names = {name}
        for member in unions.get(name, ()):
            member = member.removesuffix("Leaf")
            if member != name and member not in ("string", "IdReference"):
                names |= expand(member, seen | {name})
        return names

    properties, ranges = {}, {}
    for kind, interface in leaves.items():
        props = inherited(interface)
        properties[kind] = frozenset(props)
        for name, value_types in props.items():
            accepted: set[str] = set()
            for part in value_types.split("|"):
                part = part.strip()
                if part != "IdReference":
                    accepted |= expand(part)
            ranges[(kind, name)] = frozenset(accepted)
    return Vocabulary(properties, ranges)
