"""The corpus as a Hugo multilingual site whose templates read the fact boxes from data/."""

from __future__ import annotations

import shutil
from pathlib import Path

from files import BASE_URL, BUILTIN_THEME, LANGUAGES, SITE_TITLES, dump_yaml, ui_strings, write_text
from vocab import LANGS

THEME = Path(__file__).resolve().parent / "themes" / "hugo"


def _config() -> str:
    lines = [
        f'baseURL = "{BASE_URL}"',
        'defaultContentLanguage = "da"',
        "defaultContentLanguageInSubdir = true",
        'disableKinds = ["taxonomy", "term", "rss", "section"]',
        "enableRobotsTXT = true",
        "",
        "[markup.goldmark.renderer]",
        "unsafe = false",
        "",
        "# careerguide's Markdown dialect: CommonMark with tables and strikethrough, nothing else.",
        "[markup.goldmark.extensions]",
        "definitionList = false",
        "footnote = false",
        "linkify = false",
        "strikethrough = true",
        "table = true",
        "taskList = false",
        "typographer = false",
    ]
    for weight, lang in enumerate(LANGS, 1):
        name, locale = LANGUAGES[lang]
        lines += [
            "",
            f"[languages.{lang}]",
            f'contentDir = "content/{lang}"',
            f'label = "{name}"',
            f'locale = "{locale.replace("_", "-")}"',
            f'title = "{SITE_TITLES[lang]}"',
            f"weight = {weight}",
        ]
    return "\n".join(lines) + "\n"


def write(corpus, root: Path) -> None:
    """Write the Hugo site: config, content per language (file named by role id), data, i18n, layouts."""
    write_text(root / "hugo.toml", _config())
    register = {
        role.id: {"isco": role.isco, "next": list(role.next), "related": list(role.related)} for role in corpus.roles
    }
    write_text(root / "data" / "roles.yaml", dump_yaml(register))
    for article in corpus.articles:
        front = dump_yaml(
            {"title": article.title, "description": article.description, "slug": article.slug, "role": article.role}
        )
        write_text(
            root / "content" / article.lang / f"{article.role}.md",
            f"---\n{front}lastmod: {article.updated.isoformat()}\n---\n{article.body}",
        )
    for (lang, role_id), box in corpus.factboxes.items():
        write_text(root / "data" / lang / f"{role_id}.yaml", dump_yaml(box))
    for lang in LANGS:
        write_text(root / "i18n" / f"{lang}.yaml", dump_yaml(ui_strings(lang)))
    shutil.copytree(THEME / "layouts", root / "layouts")
    (root / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(BUILTIN_THEME / "assets" / "style.css", root / "assets" / "style.css")
