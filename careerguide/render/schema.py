"""JSON Schemas (draft 2020-12) of a fact box, an article's front matter, site.yaml and the register, generated from
the definitions in `specs` and `sitespecs`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from babel.numbers import list_currencies

from careerguide.model import sitespecs, specs
from careerguide.model.specs import Key, Shape
from careerguide.validate.factbox import iso_languages
from careerguide.validate.settings import iso_regions

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schema"
"""Where the schemas are: below the built site's address, and below a site root for editors working offline."""
SCHEMAS = {
    "factbox.json": specs.FACT_BOX,
    "front-matter.json": specs.FRONT_MATTER,
    "site.json": sitespecs.SITE,
    "roles.json": sitespecs.ROLE,
    "role.json": sitespecs.ROLE_FILE,
}
"""File name -> the mapping it describes (for roles.json, each entry of the register data/roles.yaml; for role.json, a
file of the register's folder form, data/roles/<role-id>.yaml)."""
_TEXT = {"type": ["string", "number"], "pattern": r"\S"}
"""A text that is not only spaces; a number is read as text (`label: 2024`)."""


@cache
def iso_codes(kind: str) -> tuple[str, ...]:
    """The ISO codes the validator accepts for `region`, `currency` or `language`."""
    sources: dict[str, Callable[[], Iterable[str]]] = {
        "region": iso_regions,
        "currency": list_currencies,
        "language": iso_languages,
    }
    found = sources[kind]()
    return tuple(sorted(found))


def _year() -> dict[str, Any]:
    return {"type": "integer", "minimum": specs.FIRST_YEAR, "maximum": specs.LAST_YEAR}


def _definitions() -> dict[str, dict[str, Any]]:
    """What several keys share, written once in a schema: the lists of ISO codes and a heading's slug."""
    named = {
        "region": "An ISO 3166-1 alpha-2 country code.",
        "currency": "An ISO 4217 currency code.",
        "language": "An ISO 639-1 language code.",
    }
    found: dict[str, dict[str, Any]] = {
        kind: {"description": what, "type": "string", "enum": list(iso_codes(kind))} for kind, what in named.items()
    }
    found["heading"] = {
        "description": "The slug of one of the article's ## headings, as its address shows it: "
        "## Vejen ind → vejen-ind.",
        "type": "string",
        "pattern": specs.SLUG_PATTERN,
    }
    return found


def _value(key: Key) -> dict[str, Any]:
    """The schema of one key's value, without its description."""
    kind = key.kind
    if kind == "text":
        return dict(_TEXT, **({"maxLength": key.max_length} if key.max_length else {}))
    if kind == "texts":
        return {"type": "array", "minItems": 1, "items": dict(_TEXT)}
    if kind in ("number", "whole"):
        schema: dict[str, Any] = {"type": "number" if kind == "number" else "integer"}
        return schema | ({"minimum": key.minimum} if key.minimum is not None else {})
    if kind == "year":
        return _year()
    if kind == "year-or-unstated":
        return {"anyOf": [_year(), {"type": "string", "pattern": r"^\s*[0-9]{4}\s*$"}, {"const": specs.UNSTATED}]}
    if kind == "flag":
        return {"type": "boolean"}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind == "choice":
        return {"enum": list(key.choices)}
    if kind == "code":
        return {"$ref": f"#/$defs/{key.codes}"}
    if kind == "slug":
        return {"type": "string", "pattern": specs.SLUG_PATTERN}
    if kind == "url":
        return {"type": "string", "pattern": "^https?://"}
    if kind == "map":
        return shape_schema(key.of)
    if kind == "entries":
        return {"type": "array", "minItems": 1, "items": shape_schema(key.of)}
    if kind == "routes":
        return {
            "type": "array",
            "minItems": 1,
            "items": {"anyOf": [dict(_TEXT, description="A route in."), shape_schema(key.of)]},
        }
    if kind == "topics":
        return _topics(key.choices)
    return _site_value(key)


def _site_value(key: Key) -> dict[str, Any]:
    """The schema of a value of site.yaml or the register."""
    kind = key.kind
    code = {"type": "string", "pattern": sitespecs.LANGUAGE_CODE_PATTERN}
    if kind == "repo":
        return {"type": "string", "pattern": sitespecs.REPO_PATTERN}
    if kind == "base-url":
        return {"type": "string", "pattern": sitespecs.BASE_URL_PATTERN}
    if kind == "localized":
        return {"anyOf": [dict(_TEXT), {"type": "object", "propertyNames": code, "additionalProperties": dict(_TEXT)}]}
    if kind == "by-language":
        return {
            "type": "object",
            "minProperties": 1,
            "propertyNames": code,
            "additionalProperties": shape_schema(key.of),
        }
    if kind == "reasons":
        return {"type": "object", "minProperties": 1, "propertyNames": code, "additionalProperties": dict(_TEXT)}
    if kind == "slugs":
        return {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": specs.SLUG_PATTERN}}
    if kind == "isco":
        return {
            "anyOf": [{"type": "string", "pattern": r"^\d{1,4}$"}, {"type": "integer", "minimum": 0, "maximum": 9999}]
        }
    raise ValueError(f"{key.name}: no schema for the kind {kind!r}")


def _topics(topics: tuple[str, ...]) -> dict[str, Any]:
    """Front matter `sections`: each topic one heading's slug or a list of them."""
    heading = {"$ref": "#/$defs/heading"}
    one = {"anyOf": [heading, {"type": "array", "minItems": 1, "items": heading}]}
    return {"type": "object", "properties": {topic: dict(one) for topic in topics}, "additionalProperties": False}


def key_schema(key: Key) -> dict[str, Any]:
    """One key's schema: its description and examples, then what its value may be."""
    schema: dict[str, Any] = {"description": key.description}
    if key.examples:
        schema["examples"] = list(key.examples)
    return schema | _value(key)


def shape_schema(shape: Shape | None) -> dict[str, Any]:
    """A mapping's schema: its keys, those it needs, and the rules between them, with no other key allowed."""
    if shape is None:
        raise ValueError("a map or a list of entries needs the shape of its mappings")
    schema: dict[str, Any] = {
        "title": shape.title,
        "description": shape.description,
        "type": "object",
        "properties": {key.name: key_schema(key) for key in shape.keys},
        "additionalProperties": False,
    }
    required = [key.name for key in shape.keys if key.required]
    if required:
        schema["required"] = required
    if shape.not_empty:
        schema["minProperties"] = 1
    if shape.any_of:
        schema["anyOf"] = [{"required": [name]} for name in shape.any_of]
    needs = {key: list(others) for key, others in shape.together}
    for keys, needed in shape.needed_by_any:
        for key in keys:
            needs[key] = needs.get(key, []) + [needed]
    if needs:
        schema["dependentRequired"] = needs
        # Editors' YAML servers that read only draft-07 know this rule by its old name; 2020-12 ignores the old one.
        schema["dependencies"] = needs
    if shape.implies:
        schema["allOf"] = [
            {"if": {"required": list(keys)}, "then": {"required": list(then)}} for keys, then in shape.implies
        ]
    return schema


def document_schema(name: str) -> dict[str, Any]:
    """The whole schema of the file `name` of SCHEMAS."""
    schema = shape_schema(SCHEMAS[name])
    if SCHEMAS[name] in (specs.FACT_BOX, sitespecs.ROLE_FILE):
        schema["type"] = ["object", "null"]  # an empty file is valid: every key is optional
    if SCHEMAS[name] is sitespecs.ROLE:
        schema = {
            "title": "Register of roles",
            "description": "Every role id (data/roles.yaml), once for all languages, with "
            "its career steps up and similar roles; a role with nothing to say has an empty entry. A role may "
            "instead have a file of its own, data/roles/<role-id>.yaml (role.json).",
            "type": ["object", "null"],
            "propertyNames": {"pattern": specs.SLUG_PATTERN},
            "additionalProperties": {"anyOf": [{"type": "null"}, schema]},
        }
    text = json.dumps(schema)
    used = {name: definition for name, definition in _definitions().items() if f'"#/$defs/{name}"' in text}
    return {"$schema": DRAFT, **schema, "$defs": used}


def schema_files() -> dict[str, bytes]:
    """Path below a site (`schema/factbox.json`) -> the schema as UTF-8 JSON, the same on every run."""
    return {f"{FOLDER}/{name}": (_dumps(document_schema(name)) + "\n").encode() for name in SCHEMAS}


_SCALARS = re.compile(
    r"\[\n\s*((?:(?:\"(?:[^\"\\]|\\.)*\"|-?[0-9.]+|true|false|null),\n\s*)*(?:\"(?:[^\"\\]|\\.)*\"|-?[0-9.]+|true|false|null))\n\s*\]"
)


def _dumps(schema: dict[str, Any]) -> str:
    """Indented JSON with each list of plain values on one line: the code lists would take a line per code, and every
    built site carries these files (a small disk holds a small site)."""
    return _SCALARS.sub(
        lambda found: "[" + re.sub(r",\n\s*", ", ", found[1]) + "]", json.dumps(schema, ensure_ascii=False, indent=2)
    )


def modeline(path: str, name: str = "factbox.json") -> str:
    """The first lines of the YAML file at `path` (below a site root) that point editors at the copy of its schema in
    the
    root's schema/ folder, by a path relative to the file, so that it works offline and in any clone: one line for
    Red Hat's YAML language server (VS Code, Neovim), one for JetBrains IDEs."""
    relative = f"{'../' * path.count('/')}{FOLDER}/{name}"
    return f"# yaml-language-server: $schema={relative}\n# $schema: {relative}\n"
