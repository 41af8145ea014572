"""The Jinja side of a theme: one environment per set of templates, asset names, where a template
failed, and whether the role page shows its body as it is."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePosixPath

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from careerguide.model.content import body_fields
from careerguide.model.errors import Source
from careerguide.render.sandbox import SandboxedEnvironment
from careerguide.text.formatting import hyphenate
from careerguide.text.markup import render_inline
from careerguide.validate.uistrings import plural

BODY_MARK = "\ue000careerguide:article-body\ue001"
"""Stands in for a role page's body while the page is rendered, to find where the body goes."""


def asset_names(assets: dict[str, bytes]) -> dict[str, str]:
    """Each asset's published path, with a content hash in its name so it can be cached forever."""
    names = {}
    for name, data in assets.items():
        path = PurePosixPath(name)
        names[name] = f"assets/{path.stem}.{hashlib.sha256(data).hexdigest()[:10]}{path.suffix}"
    return names


def make_environment(templates: dict[str, str]) -> SandboxedEnvironment:
    """One Jinja environment for the whole build: sandboxed (see `sandbox`), autoescaping, strict about undefined names.

    The same templates give the same environment, so a preview or a test run compiles them once.
    """
    return _environment(tuple(sorted(templates.items())))


@lru_cache(maxsize=8)
def _environment(templates: tuple[tuple[str, str], ...]) -> SandboxedEnvironment:
    sources = dict(templates)

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        # The file name is what Jinja puts in the frames of a traceback, where `template_source` finds it.
        return (sources[name], f"templates/{name}", lambda: True) if name in sources else None

    env = SandboxedEnvironment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


# The page's own helpers as filters, `{{ path | url }}`: Jinja calls a filter directly, but a function
# from the context through a wrapper that looks at it first, which took a tenth of a role page's time.
# The context keeps the functions (`url(path)`) for a site's own templates.
@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return context["prefix"] + target


@jinja2.pass_context
def _asset(context: jinja2.runtime.Context, name: str) -> str:
    return context["prefix"] + context["asset_paths"][name]


@jinja2.pass_context
def _shy(context: jinja2.runtime.Context, text: str) -> str:
    return hyphenate(text, context["lang"].locale, context.get("hyphenation", frozenset()))


@jinja2.pass_context
def _shy_indexed(context: jinja2.runtime.Context, text: str) -> Markup:
    # Pagefind would index the soft hyphens inside the words ("Kunde\u00adservice"): it gets the whole
    # words from a copy that only it reads (hidden), and leaves out the hyphenated one that readers see.
    hyphenated = hyphenate(text, context["lang"].locale, context.get("hyphenation", frozenset()))
    if hyphenated == text:
        return Markup.escape(text)
    return Markup("<span data-pagefind-ignore>{}</span><span hidden>{}</span>").format(hyphenated, text)


def _inline(text: str) -> Markup:
    return Markup(render_inline(text))


@jinja2.pass_context
def _plural(context: jinja2.runtime.Context, text: str, count: float) -> str:
    return plural(text, count, context["lang"].locale)


FILTERS = {"url": _url, "asset": _asset, "shy": _shy, "shy_indexed": _shy_indexed, "inline": _inline, "plural": _plural}
"""Filters of every theme: a folder path made relative to the page, an asset's published path,
soft hyphens in long words (`shy_indexed` inside what the search index reads: it indexes the words
whole), inline Markdown, the form of a UI string for a count (`t.key | plural(n)`)."""


def template_source(exc: Exception, template: str) -> Source:
    """The template file and line where a render error happened, read from the traceback."""
    found = Source(f"templates/{template}")
    tb = exc.__traceback__
    while tb is not None:  # Jinja has rewritten the template's frames to show its file name and line
        if tb.tb_frame.f_code.co_filename.startswith("templates/"):
            found = Source(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


_PLAIN_PARENTS = (nodes.Template, nodes.Output, nodes.Block, nodes.If, nodes.For, nodes.Scope, nodes.With)
BODY_FIELDS = body_fields()
"""The fields of an Article that change with its body alone (marked so in the model); a template that reads one
cannot be patched."""


@lru_cache(maxsize=8)
def body_shown_as_is(env: jinja2.Environment, template: str) -> bool:
    """Whether a template, and every template it extends, includes or imports, uses `body` only as a
    plain `{{ body }}` and reads none of the BODY_FIELDS: then a new body can take the old one's
    place in a page without rendering it."""
    todo, seen = [template], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            tree = env.parse(env.loader.get_source(env, name)[0]) if env.loader else None
        except jinja2.TemplateError:
            return False
        if tree is None or not _body_plain(tree, ()):
            return False
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:  # a name computed while rendering
                return False
            todo.append(referenced)
    return True


def _body_plain(node: nodes.Node, ancestors: tuple[nodes.Node, ...]) -> bool:
    if isinstance(node, nodes.Name) and node.name == "body":
        return (
            bool(ancestors)
            and isinstance(ancestors[-1], nodes.Output)
            and all(isinstance(a, _PLAIN_PARENTS) for a in ancestors)
        )
    if isinstance(node, nodes.Getattr) and node.attr in BODY_FIELDS:
        return False
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and node.arg.value in BODY_FIELDS:
        return False
    return all(_body_plain(child, (*ancestors, node)) for child in node.iter_child_nodes())
