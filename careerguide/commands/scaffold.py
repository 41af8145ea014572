"""`new`: plan an article and a fact box for a role in one language, then write them without overwriting anything."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError

from careerguide.commands.schemacopies import outdated_copies, write_copy
from careerguide.load import BUILTIN_THEME, load_site
from careerguide.model.content import FACT_BOX_SECTIONS, Content, Language, missing_sections
from careerguide.model.errors import BuildFailed, Source, sort_problems
from careerguide.model.raw import RawSite
from careerguide.model.specs import SLUG
from careerguide.model.yamltext import YamlProblem, parse_yaml
from careerguide.render.sandbox import SandboxedEnvironment
from careerguide.render.schema import modeline
from careerguide.text.markup import slugify
from careerguide.validate import DESCRIPTION_LIMIT, validate

SCAFFOLD = BUILTIN_THEME / "scaffold"
TEMPLATES = ("article.md.jinja", "factbox.yaml.jinja")
REGISTER = "data/roles.yaml"
REGISTER_FOLDER = "data/roles"
"""The register's folder form, a file per role: where `new` registers a role when the root has it."""
DESCRIPTION_KEY = "new_article_description"
"""UI string with the neutral description of a new article, e.g. `Jobbeskrivelse: {title}`."""


class ScaffoldRefused(Exception):
    """`new` will not go ahead; the message says why."""


@dataclass(frozen=True)
class SiteForNew:
    """What `new` needs to know about a site root."""

    raw: RawSite
    content: Content
    register_text: str
    """data/roles.yaml exactly as it is on disk, line ends included ("" when there is none)."""
    templates: dict[str, str]
    examples: dict[str, str] = field(default_factory=dict)
    """Language (`da`, `nb`, `de`, `en`) -> an example fact box written in it, every section filled in."""
    schemas: dict[str, str] = field(default_factory=dict)
    """The root's copies of the JSON Schemas that are missing or out of date -> the text they should have."""
    register_folder: bool = False
    """Whether the root keeps its register as a file per role in data/roles/, where a new role then goes."""


@dataclass(frozen=True)
class NewFile:
    """A file to create: its path below the site root and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class Plan:
    """Everything `new` will do, decided before anything is written."""

    files: tuple[NewFile, ...]
    register_text: str
    """The register the plan was made from; it is appended to only if it is still the same."""
    register_addition: str
    """Text to append to the register; empty when the role is registered already."""
    report: tuple[str, ...]
    """What the command line says once the plan is written."""
    schemas: tuple[NewFile, ...] = ()
    """Copies of the JSON Schemas the new fact box points editors' YAML extensions at, to write or bring up to date."""


def read_site(root: Path) -> SiteForNew:
    """Read what `new` needs from the site root; raises BuildFailed when site.yaml or the register are unusable."""
    raw = load_site(root)
    content, problems = validate(raw)
    needed = [
        p
        for p in problems
        if not p.warning and (p.source.path in ("site.yaml", REGISTER) or p.source.path.startswith(REGISTER_FOLDER))
    ]
    if content is None or needed:
        raise BuildFailed(sort_problems(needed or [p for p in problems if not p.warning]))
    folder = (root / REGISTER_FOLDER).is_dir()
    try:
        with open(root / REGISTER, encoding="utf-8", newline="") as register:
            register_text = register.read()
    except FileNotFoundError:
        register_text = ""
    templates = {name: (SCAFFOLD / name).read_text(encoding="utf-8") for name in TEMPLATES}
    examples = {path.stem: path.read_text(encoding="utf-8") for path in sorted((SCAFFOLD / "examples").glob("*.yaml"))}
    return SiteForNew(raw, content, register_text, templates, examples, outdated_copies(root), folder)


def plan_new(site: SiteForNew, role: str, lang: str, title: str | None) -> Plan:
    """The files and the register line for role `role` in language `lang`; raises ScaffoldRefused."""
    config = site.content.config
    codes = [language.code for language in config.languages]
    if not SLUG.match(role):
        raise ScaffoldRefused(
            f"{role!r} is not a role id; use lower-case letters, digits and single hyphens, e.g. "
            "customer-service-supervisor"
        )
    if lang not in codes:
        raise ScaffoldRefused(f"{lang!r} is not a language of site.yaml ({', '.join(codes)})")
    notes = []
    if title is None:
        title = role.replace("-", " ").capitalize()
        notes.append(
            f"note: no --title, so the title is {title!r} and the file name comes from the role id; give the title "
            f"in {english_name(config.language(lang))} to name the file after it"
        )
    title = title.strip()
    if not title or any(ch in title for ch in "\n\r\t\v\f"):
        raise ScaffoldRefused("--title must be one line of text")
    slug = slugify(title)
    if not slug:
        raise ScaffoldRefused(
            f"cannot make a file name from the title {title!r}; it needs letters a-z or digits after transliteration"
        )
    article_path, box_path = f"content/{lang}/{slug}.md", f"data/{lang}/{role}.yaml"
    for article in site.raw.articles:
        front = article.front.value if article.front and isinstance(article.front.value, dict) else {}
        if article.lang == lang and front.get("role") == role:
            raise ScaffoldRefused(f"{article.source.path} is already the {lang!r} article of {role}")
        if article.lang == lang and article.slug == slug:
            raise ScaffoldRefused(f"{article_path} exists (role {front.get('role')}); choose another --title")
    description = _description(site.content, lang, title)
    context = _context(site.content, role, lang, title, description, article_path, box_path)
    context["example"] = _example(site.examples, config.language(lang).locale)
    env = _environment(site.templates)
    files = [NewFile(article_path, env.get_template("article.md.jinja").render(context))]
    box_exists = any(box.lang == lang and box.role == role for box in site.raw.factboxes)
    if not box_exists:
        files.append(NewFile(box_path, modeline(box_path) + env.get_template("factbox.yaml.jinja").render(context)))
    role_file, addition = _registration(site, role)
    files += role_file
    report = [f"created {file.path}" for file in files]
    if box_exists:
        report.append(f"kept {box_path}: it exists")
    if addition:
        report.append(f"added {role} to {REGISTER}")
    close = difflib.get_close_matches(role, list(site.content.roles), n=1, cutoff=0.8)
    if close and (addition or role_file):
        undo = f"the line {role}: in {REGISTER}" if addition else role_file[0].path
        notes.append(f"note: {close[0]} is registered already; if you meant it, delete the new files and {undo}")
    schemas = tuple(NewFile(path, text) for path, text in sorted(site.schemas.items()))
    if schemas:
        names = [file.path for file in schemas]
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        report.append(f"wrote {listed}, which editors' YAML extensions read (docs/editors.md)")
    report += [*notes, f"next: write {article_path}, then remove its line draft: true to publish it"]
    return Plan(tuple(files), site.register_text, addition, tuple(report), schemas)


def _description(content: Content, lang: str, title: str) -> str:
    """A neutral description made from the title with the language's UI string; no facts invented."""
    pattern = content.theme.strings.get(lang, {}).get(DESCRIPTION_KEY)
    try:
        description = pattern.format(title=title) if pattern else title
    except (KeyError, IndexError, ValueError):
        raise ScaffoldRefused(
            f"templates/strings/{lang}.yaml: {DESCRIPTION_KEY}: {pattern!r} may use only {{title}}"
        ) from None
    if len(description) > DESCRIPTION_LIMIT:
        description = title
    if len(description) > DESCRIPTION_LIMIT:
        raise ScaffoldRefused(
            f"the title is {len(title)} characters; a description (made from it) may have at most {DESCRIPTION_LIMIT}"
        )
    return description


def english_name(language: Language) -> str:
    """A language's name as an English sentence says it ("in Danish"), from its locale; its own name when Babel has
    none."""
    try:
        return Locale.parse(language.locale).get_language_name("en") or language.name
    except (UnknownLocaleError, ValueError):
        return language.name


def _example(examples: dict[str, str], locale: str) -> str:
    """The example fact box in the language of `locale`, else the English one."""
    try:
        code = Locale.parse(locale).language
    except (UnknownLocaleError, ValueError):
        code = ""
    return examples.get(code, examples.get("en", ""))


def _context(
    content: Content, role: str, lang: str, title: str, description: str, article_path: str, box_path: str
) -> dict:
    """What the scaffold templates get: the new files' names and the role's versions in other languages."""
    name = {language.code: english_name(language) for language in content.config.languages}
    order = [language.code for language in content.config.languages if language.code != lang]
    others = [
        {"language": name[a.lang], "path": a.source.path, "title": " ".join(a.title.split())}
        for code in order
        for a in content.articles
        if a.lang == code and a.role == role
    ]
    versions = [(code, content.factboxes[(code, role)]) for code in order if (code, role) in content.factboxes]
    present = [(code, box, [s for s in FACT_BOX_SECTIONS if s not in missing_sections(box)]) for code, box in versions]
    best = max(present, key=lambda version: len(version[2]), default=None)
    if best and best[2]:
        checklist_from = {"language": name[best[0]], "path": best[1].source.path}
        checklist = best[2]
    else:
        checklist_from, checklist = None, list(FACT_BOX_SECTIONS)
    return {
        "role": role,
        "lang": lang,
        "language": name[lang],
        "title": title,
        "description": description,
        "article_path": article_path,
        "factbox_path": box_path,
        "others": others,
        "checklist_from": checklist_from,
        "checklist": checklist,
        "rest": [s for s in FACT_BOX_SECTIONS if s not in checklist],
    }


def _environment(templates: dict[str, str]) -> jinja2.Environment:
    env = SandboxedEnvironment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["commented"] = lambda text: "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())
    return env


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value: plain when it reads back unchanged, else double-quoted."""
    try:
        if parse_yaml(f"value: {text}\n", Source("(title)")).value == {"value": text}:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)


def _registration(site: SiteForNew, role: str) -> tuple[list[NewFile], str]:
    """How `role` gets registered: a file of its own in data/roles/ when the root keeps its register there, else a line
    appended to data/roles.yaml; nothing when it is registered already."""
    if role in site.content.roles:
        return [], ""
    if site.register_folder:
        path = f"{REGISTER_FOLDER}/{role}.yaml"
        return [NewFile(path, modeline(path, "role.json") + f"id: {role}\n")], ""
    return [], _register_addition(site, role)


def _register_addition(site: SiteForNew, role: str) -> str:
    """The text that registers `role` at the end of data/roles.yaml, keeping every line above it."""
    table = site.raw.register.table if site.raw.register else None
    before = table.value if table is not None else None
    text = site.register_text
    newline = "\r\n" if "\r\n" in text else "\n"
    separator = "" if text == "" or text.endswith(newline * 2) else newline if text.endswith(newline) else newline * 2
    addition = f"{separator}{role}:{newline}"
    try:
        after = parse_yaml((text + addition).replace("\r\n", "\n"), Source(REGISTER)).value
    except YamlProblem:
        after = None
    if not isinstance(after, dict) or list(after.items()) != [*(before or {}).items(), (role, None)]:
        raise ScaffoldRefused(
            f"{REGISTER}: cannot add {role} by appending a line (is the file in flow style?); add the line '{role}:' "
            "yourself and run new again"
        )
    return addition


def write_plan(root: Path, plan: Plan) -> tuple[str, ...]:
    """Create the plan's files (never overwriting one), then append to the register; on failure remove what was created.
    Last, the schema copies; what could not be written of them is returned as notes, for the new files are usable
    without."""
    created: list[Path] = []
    try:
        for file in plan.files:
            path = root / file.path
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="utf-8", newline="") as out:
                    created.append(path)
                    out.write(file.text)
            except FileExistsError:
                raise ScaffoldRefused(f"{file.path} exists; new never overwrites a file") from None
            except OSError as exc:
                raise ScaffoldRefused(f"cannot write {file.path}: {exc.strerror or exc}") from None
        if plan.register_addition:
            try:
                with open(root / REGISTER, "r+b") as register:
                    before = register.read()
                    if before.decode("utf-8", "replace") != plan.register_text:
                        raise ScaffoldRefused(f"{REGISTER} changed while new was running; run it again")
                    try:
                        register.write(plan.register_addition.encode("utf-8"))
                        register.flush()
                    except OSError:
                        register.truncate(len(before))
                        raise
            except OSError as exc:
                raise ScaffoldRefused(f"cannot add to {REGISTER}: {exc.strerror or exc}") from None
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    notes = []
    for file in plan.schemas:
        try:
            write_copy(root, file.path, file.text)
        except OSError as exc:
            notes.append(
                f"note: cannot write {file.path} ({exc.strerror or exc}); editors' YAML extensions will not find the "
                "schema"
            )
    return tuple(notes)
