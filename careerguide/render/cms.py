"""The web editor at /admin/ (Decap CMS): its configuration generated from `specs`, the definitions the build validates
with."""

from __future__ import annotations

import html
import re
from typing import Any

import yaml
from babel import Locale

from careerguide.model import sitespecs, specs
from careerguide.model.content import Language, SiteConfig
from careerguide.model.specs import Key, Shape
from careerguide.render.cmshints import hint
from careerguide.render.cmswords import DECAP_LOCALES, asks, label
from careerguide.render.schema import iso_codes

DECAP_VERSION = "3.16.3"
DECAP_SCRIPT = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
DECAP_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
"""The Subresource Integrity hash of DECAP_SCRIPT, from the npm package of that version: a changed file is not run."""
FOLDER = "admin"
LONG_TEXTS = frozenset({"summary", "required", "note", "fact", "answer", "description", "text", "notes"})
"""Keys whose texts run to a sentence or more: a text area rather than one line."""


def decap_config(config: SiteConfig, backend: dict[str, Any]) -> dict[str, Any]:
    """The Decap configuration of a site: per language a collection of articles and one of fact boxes, and the register
    as a file per role; every field with the widget, the required flag, the pattern and the allowed values its
    definition gives."""
    collections = []
    for language in config.languages:
        collections += [_articles(language), _fact_boxes(language)]
    collections.append(_roles(config))
    return {
        "backend": backend,
        "locale": DECAP_LOCALES.get(Locale.parse(config.language(config.default_language).locale).language, "en"),
        "media_folder": "media",  # Decap asks for one; no field of the guide takes a file
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }


def _articles(language: Language) -> dict[str, Any]:
    code = language.code
    body = {"label": label(code, "body"), "name": "body", "widget": "markdown"}
    return {
        "name": f"articles-{code}",
        "label": f"{label(code, 'articles')} ({language.name})",
        "label_singular": label(code, "article"),
        "folder": f"content/{code}",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "identifier_field": "title",
        "slug": "{{slug}}",
        "fields": [*(_field(key, code) for key in specs.FRONT_MATTER.keys), body],
    }


def _fact_boxes(language: Language) -> dict[str, Any]:
    code = language.code
    role = dict(_field(specs.FACT_BOX.key("role"), code), required=True)  # the form names the file after it
    return {
        "name": f"factboxes-{code}",
        "label": f"{label(code, 'factboxes')} ({language.name})",
        "label_singular": label(code, "factbox"),
        "folder": f"data/{code}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "role",
        "slug": "{{slug}}",
        "fields": [role, *(_field(key, code) for key in specs.FACT_BOX.keys if key.name != "role")],
    }


def _roles(config: SiteConfig) -> dict[str, Any]:
    """The register's folder form, data/roles/<role-id>.yaml, labelled in the site's default language: the register is
    the same for every language."""
    lang = config.default_language
    identity = dict(_field(sitespecs.ROLE_FILE.key("id"), lang), required=True)  # the form names the file after it
    fields = [identity]
    for key in sitespecs.ROLE.keys:
        if key.kind == "reasons":  # a text per language of the site, each labelled with the language's own name
            reasons = [
                {"label": language.name, "name": language.code, "widget": "text", "required": False}
                for language in config.languages
            ]
            fields.append(_about(key, lang) | {"widget": "object", "collapsed": True, "fields": reasons})
        else:
            fields.append(_field(key, lang))
    return {
        "name": "roles",
        "label": label(lang, "roles"),
        "label_singular": label(lang, "roleentry"),
        "folder": f"data/{sitespecs.REGISTER_FOLDER}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "id",
        "slug": "{{slug}}",
        "summary": "{{filename}}",  # a file written by hand may leave out its id
        "fields": fields,
    }


def _field(key: Key, lang: str) -> dict[str, Any]:
    """One key as a Decap field: its label and the note under it in `lang`, and its widget."""
    return _about(key, lang) | _widget(key, lang)


def _about(key: Key, lang: str) -> dict[str, Any]:
    """What a field says of its key: the label and the note under it in `lang`, and whether it must be filled in."""
    return {
        "label": label(lang, key.name),
        "name": key.name,
        "required": key.required,
        "hint": hint(lang, key.name, key.description),
    }


def _widget(key: Key, lang: str) -> dict[str, Any]:
    kind = key.kind
    if kind == "text":
        widget: dict[str, Any] = {"widget": "text" if key.name in LONG_TEXTS else "string"}
        if key.max_length:
            widget["pattern"] = [f"^[\\s\\S]{{0,{key.max_length}}}$", asks(lang, "!length", n=key.max_length)]
        return widget
    if kind == "texts":
        return {"widget": "list", "field": {"label": label(lang, key.name), "name": key.name, "widget": "string"}}
    if kind in ("number", "whole", "year"):
        widget = {"widget": "number", "value_type": "float" if kind == "number" else "int"}
        if kind == "year":
            return widget | {"min": specs.FIRST_YEAR, "max": specs.LAST_YEAR}
        return widget | ({"min": key.minimum} if key.minimum is not None else {})
    if kind == "year-or-unstated":
        return {"widget": "string", "pattern": [f"^([0-9]{{4}}|{specs.UNSTATED})$", asks(lang, "!year")]}
    if kind == "flag":
        return {"widget": "boolean", "default": False}
    if kind == "date":
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if kind == "choice":
        # A select offers only its options, but a file written by hand may hold another word: the pattern refuses it.
        words = ", ".join(f"{label(lang, f'={word}')} ({word})" for word in key.choices)
        return {
            "widget": "select",
            "options": [{"label": label(lang, f"={word}"), "value": word} for word in key.choices],
            "pattern": [_one_of(key.choices), asks(lang, "!choice", words=words)],
        }
    if kind == "code":
        codes = iso_codes(key.codes)
        return {"widget": "select", "options": list(codes), "pattern": [_one_of(codes), asks(lang, "!code")]}
    if kind == "isco":
        return {"widget": "string", "pattern": [r"^[0-9]{1,4}$", asks(lang, "!isco")]}
    if kind == "slugs":
        item = {"label": label(lang, key.name), "name": key.name, "widget": "string"}
        return {"widget": "list", "field": item | {"pattern": [specs.SLUG_PATTERN, asks(lang, "!slug")]}}
    if kind == "slug":
        return {"widget": "string", "pattern": [specs.SLUG_PATTERN, asks(lang, "!slug")]}
    if kind == "url":
        return {"widget": "string", "pattern": ["^https?://", asks(lang, "!url")]}
    if kind in ("map", "entries", "routes"):
        return _nested(key, lang)
    if kind == "topics":
        heading = {"widget": "string", "required": False, "pattern": [specs.SLUG_PATTERN, asks(lang, "!heading")]}
        return {
            "widget": "object",
            "collapsed": True,
            "fields": [{"label": label(lang, topic), "name": topic, **heading} for topic in key.choices],
        }
    raise ValueError(f"{key.name}: no widget for the kind {kind!r}")


def _one_of(words: tuple[str, ...]) -> str:
    """A pattern that matches exactly one of `words`."""
    return "^(" + "|".join(re.escape(word) for word in words) + ")$"


def _nested(key: Key, lang: str) -> dict[str, Any]:
    """A section of mappings: one (`education`), a list of them (`salary`), or routes in, each {text, region}."""
    shape: Shape | None = key.of
    if shape is None:
        raise ValueError(f"{key.name}: a section of mappings needs their shape")
    fields = [_field(inner, lang) for inner in shape.keys]
    if key.kind == "map":
        if (
            not key.required
        ):  # Decap checks an optional object's fields even when it is left empty; the build checks them
            fields = [dict(field, required=False) for field in fields]
        return {"widget": "object", "collapsed": True, "fields": fields}
    return {"widget": "list", "collapsed": True, "fields": fields}


def config_text(config: dict[str, Any]) -> str:
    """The configuration as Decap's config.yml, the same text on every run."""
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def admin_page(title: str, extra: str = "") -> str:
    """The page at /admin/ that loads the pinned Decap script, which reads config.yml beside it."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{extra}"
        f'<script src="{DECAP_SCRIPT}" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous"></script>\n'
        "</body>\n</html>\n"
    )


def admin_files(config: SiteConfig) -> dict[str, bytes]:
    """The web editor's files in the built site (admin/index.html, admin/config.yml) when site.yaml names its
    repository."""
    if config.editor is None:
        return {}
    repo, branch, auth = config.editor
    backend = {"name": "github", "repo": repo, "branch": branch} | ({"base_url": auth} if auth else {})
    title = f"{config.title.get(config.default_language, '')} · Decap CMS".strip(" ·")
    return {
        f"{FOLDER}/index.html": admin_page(title).encode(),
        f"{FOLDER}/config.yml": config_text(decap_config(config, backend)).encode(),
    }
