"""The corpus as a Pelican site and as a MkDocs project, both with Jinja themes doing careerguide's page work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from files import BASE_URL, BUILTIN_THEME, LANGUAGES, SITE_TITLES, dump_yaml, ui_strings, write_text
from vocab import LANGS

THEMES = Path(__file__).resolve().parent / "themes"
ROLE_LINK = re.compile(r"\]\(role:([a-z0-9-]+)\)")

PELICAN_CONF = """# Pelican settings of the benchmark site; see docs/benchmarks.md.
AUTHOR = "careerguide benchmark"
SITENAME = {sitename!r}
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["factbox"]
ARTICLE_PATHS = []
PAGE_PATHS = {langs!r}
PAGE_TRANSLATION_ID = "role"
PAGE_URL = PAGE_LANG_URL = "{{lang}}/{{slug}}/"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
TEMPLATE_PAGES = {template_pages!r}
STATIC_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
MARKDOWN = {{"extension_configs": {{"markdown.extensions.tables": {{}}, "markdown.extensions.toc": {{}}}}, "output_format": "html5"}}
JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}}
"""  # noqa: E501

MKDOCS_YML = """# MkDocs project of the benchmark site: one project, a folder per language; see docs/benchmarks.md.
site_name: {sitename}
site_url: {base_url}
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: null
  custom_dir: theme
  static_templates: [404.html]
plugins: []
hooks: [hooks.py]
markdown_extensions: [tables, toc]
"""


def _shared(corpus, root: Path) -> None:
    """What the Jinja sites read besides their content: settings, UI strings, register, fact boxes."""
    site = {
        "base_url": BASE_URL,
        "title": SITE_TITLES,
        "languages": {c: {"name": n, "locale": loc} for c, (n, loc) in LANGUAGES.items()},
    }
    write_text(root / "site.yaml", dump_yaml(site))
    for lang in LANGS:
        write_text(root / "strings" / f"{lang}.yaml", dump_yaml(ui_strings(lang)))
    register = {
        role.id: {"isco": role.isco, "next": list(role.next), "related": list(role.related)} for role in corpus.roles
    }
    write_text(root / "data" / "roles.yaml", dump_yaml(register))
    for (lang, role_id), box in corpus.factboxes.items():
        write_text(root / "data" / lang / f"{role_id}.yaml", dump_yaml(box))


def _links(body: str, corpus, lang: str, pattern: str) -> str:
    """role: links in the tool's own syntax; `pattern` gets the target's slug."""
    return ROLE_LINK.sub(lambda m: "](" + pattern.format(slug=corpus.role(m.group(1)).slugs[lang]) + ")", body)


def write_pelican(corpus, root: Path) -> None:
    """A Pelican site: pages per language joined as translations by their Role metadata, a plugin, a theme."""
    _shared(corpus, root)
    template_pages = {f"_pages/index-{lang}.html": f"{lang}/index.html" for lang in LANGS}
    template_pages.update(
        {"_pages/404.html": "404.html", "_pages/sitemap.xml": "sitemap.xml", "_pages/robots.txt": "robots.txt"}
    )
    write_text(
        root / "pelicanconf.py",
        PELICAN_CONF.format(sitename=SITE_TITLES["da"], langs=list(LANGS), template_pages=template_pages),
    )
    for article in corpus.articles:
        meta = [
            f"Title: {article.title}",
            f"Slug: {article.slug}",
            f"Lang: {article.lang}",
            f"Role: {article.role}",
            f"Description: {article.description}",
            f"Date: {article.updated.isoformat()}",
            f"Modified: {article.updated.isoformat()}",
        ]
        body = _links(article.body, corpus, article.lang, "{{filename}}{slug}.md")
        write_text(root / "content" / article.lang / f"{article.slug}.md", "\n".join(meta) + "\n\n" + body)
    pages = THEMES / "pelican" / "pages"
    for lang in LANGS:
        text = (pages / "langindex.html").read_text(encoding="utf-8").replace("LANG_OF_INDEX", repr(lang))
        write_text(root / "content" / "_pages" / f"index-{lang}.html", text)
    for name in ("404.html", "sitemap.xml", "robots.txt"):
        shutil.copy(pages / name, root / "content" / "_pages" / name)
    shutil.copytree(THEMES / "jinja" / "templates", root / "theme" / "templates")
    shutil.copy(THEMES / "pelican" / "templates" / "page.html", root / "theme" / "templates")
    shutil.copy(THEMES / "pelican" / "templates" / "index.html", root / "theme" / "templates")
    (root / "theme" / "static" / "css").mkdir(parents=True)
    shutil.copy(BUILTIN_THEME / "assets" / "style.css", root / "theme" / "static" / "css" / "style.css")
    (root / "plugins" / "factbox").mkdir(parents=True)
    shutil.copy(THEMES / "pelican" / "factbox.py", root / "plugins" / "factbox" / "__init__.py")
    shutil.copy(THEMES / "jinja" / "roleview.py", root / "plugins" / "factbox")


def write_mkdocs(corpus, root: Path) -> None:
    """One MkDocs project with a docs folder per language, a hook and a theme."""
    _shared(corpus, root)
    write_text(root / "mkdocs.yml", MKDOCS_YML.format(sitename=SITE_TITLES["da"], base_url=BASE_URL))
    write_text(
        root / "docs" / "index.md",
        dump_yaml({"title": SITE_TITLES["da"], "template": "chooser-page.html"}).join(["---\n", "---\n"]),
    )
    for lang in LANGS:
        front = dump_yaml({"title": SITE_TITLES[lang], "template": "langindex-page.html"})
        write_text(root / "docs" / lang / "index.md", f"---\n{front}---\n")
    for article in corpus.articles:
        front = dump_yaml({"title": article.title, "description": article.description, "role": article.role})
        body = _links(article.body, corpus, article.lang, "{slug}.md")
        write_text(
            root / "docs" / article.lang / f"{article.slug}.md",
            f"---\n{front}updated: {article.updated.isoformat()}\n---\n{body}",
        )
    shutil.copytree(THEMES / "jinja" / "templates", root / "theme")
    for name in ("main.html", "chooser-page.html", "langindex-page.html", "404.html"):
        shutil.copy(THEMES / "mkdocs" / name, root / "theme")
    (root / "theme" / "css").mkdir()
    shutil.copy(BUILTIN_THEME / "assets" / "style.css", root / "theme" / "css" / "style.css")
    shutil.copy(THEMES / "mkdocs" / "hooks.py", root)
    shutil.copy(THEMES / "jinja" / "roleview.py", root)
