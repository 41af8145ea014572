"""MkDocs hooks of the benchmark site: fact boxes, career links and language indexes for the theme."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from roleview import Guide

_state: dict = {}


def on_config(config):
    """Read the site-wide data once per build."""
    _state.clear()
    _state["guide"] = Guide(Path(config.config_file_path).resolve().parent)
    return config


def on_env(env, config, files):
    """Autoescape like the other sites, and the `inline` filter for fact-box text."""
    guide = _state["guide"]
    env.autoescape = True
    env.filters["inline"] = lambda text: Markup(guide.inline(text))
    return env


def _lang(page) -> str:
    return page.file.src_uri.split("/")[0]


def _targets(files) -> dict:
    """Role id -> {title, url} per language, and role id -> [pages], from every page read so far (all of them)."""
    if "targets" not in _state:
        targets, by_role = {}, {}
        for file in files.documentation_pages():
            page = file.page
            role = page.meta.get("role")
            if role:
                entry = {"lang": _lang(page), "title": page.title, "url": "/" + page.url}
                targets.setdefault(entry["lang"], {})[role] = entry
                by_role.setdefault(role, []).append(entry)
        _state["targets"], _state["by_role"] = targets, by_role
    return _state["targets"]


def on_page_context(context, page, config, nav):
    """The view of a role page, a language index or the chooser, as `r`."""
    guide: Guide = _state["guide"]
    targets = _targets(_state["files"])
    order = list(guide.languages)
    role = page.meta.get("role")
    if role:
        lang = _lang(page)
        translations = sorted(
            (t for t in _state["by_role"][role] if t["lang"] != lang), key=lambda t: order.index(t["lang"])
        )
        context["r"] = guide.role_view(
            lang,
            role,
            page.title,
            page.meta.get("description", ""),
            "/" + page.url,
            page.meta.get("updated"),
            targets[lang],
            translations,
        )
    elif page.is_homepage:
        default = order[0]
        context["r"] = guide.common(
            default, guide.titles[default], guide.strings[default]["chooser_description"], "/", []
        )
    else:
        lang = _lang(page)
        view = guide.common(
            lang,
            guide.strings[lang]["index_heading"],
            guide.strings[lang]["index_description"],
            f"/{lang}/",
            [(c, f"/{c}/") for c in order],
        )
        boxes = {rid: guide.box(lang, rid).get("summary") for rid in targets.get(lang, {})}
        view["roles"] = sorted(
            ({"title": t["title"], "url": t["url"], "summary": boxes[rid]} for rid, t in targets.get(lang, {}).items()),
            key=lambda entry: entry["title"].casefold(),
        )
        context["r"] = view
    return context


def on_files(files, config):
    """Keep the file collection: page titles are known only after every page is read."""
    _state["files"] = files
    return files


def on_template_context(context, template_name, config):
    """The 404 page's view."""
    guide: Guide = _state["guide"]
    default = list(guide.languages)[0]
    context["r"] = guide.common(
        default, guide.strings[default]["not_found_title"], guide.strings[default]["not_found_text"], "/404.html", []
    )
    return context
