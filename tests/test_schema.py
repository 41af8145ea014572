"""The JSON Schemas and the validator agree: on every fixture, good and bad, and on every key removed or mistyped."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from babel.numbers import is_currency
from conftest import REPO, SITES

from careerguide.load import load_site
from careerguide.model import specs
from careerguide.model.errors import Source
from careerguide.model.raw import RawFactBox
from careerguide.model.yamltext import parse_yaml
from careerguide.render.schema import document_schema, schema_files
from careerguide.validate import validate
from careerguide.validate.factbox import read_fact_box
from careerguide.validate.fields import dotted
from careerguide.validate.settings import iso_regions

CHECKERS = {
    kind: jsonschema.Draft202012Validator(document_schema(f"{kind}.json"), format_checker=jsonschema.FormatChecker())
    for kind in ("factbox", "front-matter", "site", "roles", "role")
}

EXPRESSIBLE = re.compile(
    "|".join(
        [
            r": unknown key",
            r": not a section of its own",
            r": is missing",
            r": is empty",
            r": expected ",
            r"is not a salary period",
            r"is not a kind of range",
            r"is not an ISO 3166-1",
            r"is not an ISO 4217",
            r"is not an ISO 639-1",
            r"is not a plausible year",
            r"is not a year;",
            r": must be at least",
            r"characters; shorten",
            r": no figure;",
            r"range says what low–high is",
            r"low and high without range",
            r"without year;",
            r"a source link must start with",
            r"is not a heading's slug",
            r"is not an ISO date",
            r"is not an absolute http\(s\) URL",
            r"has a query or fragment",
            r"which a URL cannot have",
            r"invalid role id",
            r"is not an ISCO-08 code",
            r"a language code is two or three",
            r"expected language codes with the reason",
            r"the register maps role ids",
            r"expected a mapping of language code",
            r"expected text or a mapping of language code",
        ]
    )
)
"""The validator's messages about what a schema can say: keys, types, required keys, allowed words, codes, patterns and
bounds. The rest (a role not in the register, a source not listed, figures out of order or disagreeing, YAML syntax,
headings the body lacks) needs more than one file or more than one value, and a schema cannot say it."""

ACROSS_FILES = re.compile(r"^title\.[a-z]+: is missing")
"""A title for each language of `languages`: the schema cannot tie one key's keys to another's."""

GOOD_ROOTS = [REPO, SITES / "good", SITES / "check-links"]
BAD_CASES = sorted(p.name for p in (SITES / "bad").iterdir() if p.is_dir())


def documents(root: Path):
    """(path, kind, value) of site.yaml, the register (data/roles.yaml and each file of data/roles/), every fact box
    and every front matter of a site root that parsed as YAML."""
    raw = load_site(root)
    if raw.config is not None:
        yield "site.yaml", "site", raw.config.value
    if raw.register is not None:
        if raw.register.table is not None:
            yield "data/roles.yaml", "roles", raw.register.table.value
        for file in raw.register.files:
            if file.doc is not None:
                yield file.source.path, "role", file.doc.value
    for box in raw.factboxes:
        yield box.doc.source.path, "factbox", box.doc.value
    for article in raw.articles:
        if article.front is not None:
            yield article.source.path, "front-matter", article.front.value


def schema_errors(kind: str, value) -> list[str]:
    """Each error as `where: what`, `where` written as the validator writes it (`salary[1].period`)."""
    return [f"{dotted(tuple(error.absolute_path))}: {error.message}" for error in CHECKERS[kind].iter_errors(value)]


def expressible(messages: list[str]) -> list[str]:
    return [message for message in messages if EXPRESSIBLE.search(message) and not ACROSS_FILES.search(message)]


def covered(message: str, refused: list[str]) -> bool:
    """Whether the schema refused the value the validator's message is about, or the mapping or list holding it."""
    where = message.split(": ", 1)[0] if ": " in message else ""
    places = [error.split(": ", 1)[0] for error in refused]
    return any(place == "" or where == place or where.startswith((place + ".", place + "[")) for place in places)


def test_schemas_are_valid_draft_2020_12_with_descriptions():
    for path, data in schema_files().items():
        schema = json.loads(data)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path
        assert schema["title"] and schema["description"], path
    box = document_schema("factbox.json")
    salary = box["properties"]["salary"]["items"]
    assert salary["properties"]["period"]["enum"] == ["hour", "month", "year", "unstated"]
    assert salary["required"] == ["region", "currency", "period", "source"]
    assert all(prop["description"] for prop in salary["properties"].values())
    assert "NOK" in box["$defs"]["currency"]["enum"] and "NO" in box["$defs"]["region"]["enum"]
    front = document_schema("front-matter.json")
    assert front["properties"]["role"]["pattern"] == specs.SLUG_PATTERN
    assert front["properties"]["description"]["maxLength"] == 160


def test_schema_files_are_the_same_on_every_run():
    assert schema_files() == schema_files()


def test_the_committed_copy_is_the_generated_schema():
    """schema/ at the repository root is what an editor's YAML extension reads offline; `new` refreshes it."""
    for path, data in schema_files().items():
        assert (REPO / path).read_bytes() == data, f"{path} is out of date; run python build.py schema"


@pytest.mark.parametrize("root", GOOD_ROOTS, ids=lambda root: root.name or "repo")
def test_every_good_file_passes_both(root):
    raw = load_site(root)
    _, problems = validate(raw, year=2026)
    assert [p for p in problems if not p.warning] == []
    warned = {
        p.source.path for p in problems if expressible([p.message])
    }  # check-links keeps a year-less median, a warning
    seen = 0
    for path, kind, value in documents(root):
        assert bool(schema_errors(kind, value)) == (path in warned), path
        seen += 1
    assert seen >= 6


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_fixtures_the_validator_refuses_for_a_schema_reason_the_schema_refuses_too(case, make_root):
    root = make_root()
    shutil.copytree(SITES / "bad" / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    overlaid = {str(p.relative_to(SITES / "bad" / case)) for p in (SITES / "bad" / case).rglob("*") if p.is_file()}
    raw = load_site(root)
    _, problems = validate(raw, year=2021)
    problems = [*raw.problems, *problems]
    for path, kind, value in documents(root):
        if path not in overlaid:
            continue
        said = [p.message for p in problems if p.source.path == path]
        refused = schema_errors(kind, value)
        for message in expressible(said):
            assert covered(message, refused), f"{path}: the validator says {message!r}, the schema only {refused}"
        if refused:
            assert said, f"{path}: the schema says {refused}, the validator accepts the file"


def _good_box() -> dict:
    doc = parse_yaml(
        (REPO / "templates/scaffold/examples/da.yaml").read_text(encoding="utf-8"), Source("data/da/x.yaml")
    )
    return doc.value


def _validator_says(value) -> list[str]:
    text = json.dumps(value, ensure_ascii=False)  # JSON is YAML: the validator reads the same value the schema sees
    doc = parse_yaml(text, Source("data/da/x.yaml"))
    problems: list = []
    read_fact_box(RawFactBox("da", "x", doc), None, problems, regions=iso_regions(), is_currency=is_currency)
    return [p.message for p in problems]


def _mutations(value, path=()):
    """(where, what, mutated document) for each key of the example fact box: removed, emptied, made true, misspelt."""
    if isinstance(value, list):
        for index, item in enumerate(value[:1]):
            yield from _mutations(item, path + (index,))
        return
    if not isinstance(value, dict):
        return
    for key in value:
        for what, change in (("removed", None), ("null", "null"), ("true", True), ("blank", " "), ("typo", "typo")):
            yield path + (key,), what, change
        yield from _mutations(value[key], path + (key,))


def _apply(document: dict, where: tuple, what: str, change) -> dict:
    mutated = copy.deepcopy(document)
    parent = mutated
    for part in where[:-1]:
        parent = parent[part]
    key = where[-1]
    if what == "removed":
        del parent[key]
    elif what == "typo":
        parent[key + "x"] = parent.pop(key)
    elif what == "null":
        parent[key] = None
    else:
        parent[key] = change
    return mutated


def test_every_key_removed_emptied_or_mistyped_gets_the_same_verdict_from_both():
    """The definitions the validator reads and the schema is generated from cannot drift apart: each change to a good
    fact box is refused by both or by neither."""
    document = _good_box()
    assert _validator_says(document) == [] and schema_errors("factbox", document) == []
    disagreements = []
    for where, what, change in _mutations(document):
        mutated = _apply(document, where, what, change)
        said = expressible(_validator_says(mutated))
        refused = schema_errors("factbox", mutated)
        # `any`: a mistyped low also gets the validator's follow-on message that range lacks its low
        if bool(said) != bool(refused) or (said and not any(covered(message, refused) for message in said)):
            disagreements.append((where, what, said, refused))
    assert disagreements == []


def test_a_required_key_in_the_definitions_is_one_the_validator_asks_for():
    document = _good_box()
    for name, shape in (
        ("salary", specs.SALARY),
        ("outlook", specs.OUTLOOK),
        ("employment", specs.EMPLOYMENT),
        ("myths", specs.MYTH),
        ("faq", specs.QUESTION),
        ("sources", specs.SOURCE),
    ):
        for key in shape.keys:
            if key.name not in document[name][0]:
                continue
            mutated = _apply(document, (name, 0, key.name), "removed", None)
            missing = [m for m in _validator_says(mutated) if m.startswith(f"{name}[1].{key.name}: is missing")]
            assert bool(missing) == key.required, (name, key.name)


@pytest.mark.parametrize("example", sorted((REPO / "templates/scaffold/examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_examples_new_offers_pass_both(example):
    value = parse_yaml(example.read_text(encoding="utf-8"), Source("data/da/x.yaml")).value
    assert schema_errors("factbox", value) == []
    assert _validator_says(value) == []


def test_new_points_the_fact_box_at_a_copy_of_its_schema_that_works_offline(make_root, cli):
    root = make_root()
    run = cli("new", "night-agent", "--lang", "da", "--title", "Natagent", "--root", root)
    assert run.code == 0, run.err
    box = root / "data/da/night-agent.yaml"
    first, second = box.read_text(encoding="utf-8").splitlines()[:2]
    assert first == "# yaml-language-server: $schema=../../schema/factbox.json"
    assert second == "# $schema: ../../schema/factbox.json"
    target = (box.parent / first.split("$schema=")[1]).resolve()
    assert target == (root / "schema/factbox.json").resolve()
    assert target.read_bytes() == schema_files()["schema/factbox.json"]
    assert (root / "schema/front-matter.json").read_bytes() == schema_files()["schema/front-matter.json"]
    assert parse_yaml(box.read_text(encoding="utf-8"), Source("x")).value is None  # comments only: valid for both


def test_new_brings_an_outdated_copy_up_to_date_and_leaves_a_current_one_alone(make_root, cli):
    root = make_root()
    (root / "schema").mkdir()
    for path, data in schema_files().items():
        (root / path).write_bytes(data)
    (root / "schema/factbox.json").write_text("{}\n", encoding="utf-8")
    run = cli("new", "night-agent", "--lang", "da", "--title", "Natagent", "--root", root)
    assert "wrote schema/factbox.json, which editors' YAML extensions read (docs/editors.md)" in run.out.splitlines()
    assert (root / "schema/factbox.json").read_bytes() == schema_files()["schema/factbox.json"]
    again = cli("new", "night-agent", "--lang", "no", "--title", "Nattagent", "--root", root)
    assert again.code == 0, again.err
    assert not any(line.startswith("wrote schema/") for line in again.out.splitlines())
    assert sorted(p.name for p in (root / "schema").iterdir()) == [
        "factbox.json",
        "front-matter.json",
        "role.json",
        "roles.json",
        "site.json",
    ]


def test_the_schema_command_writes_what_is_missing_or_outdated_and_nothing_else(make_root, cli):
    root = make_root()
    first = cli("schema", "--root", root)
    assert first.code == 0, first.err
    assert first.out.splitlines() == [f"wrote {path}" for path in schema_files()]
    (root / "schema/site.json").write_text("{}", encoding="utf-8")
    assert cli("schema", "--root", root).out.splitlines() == ["wrote schema/site.json"]
    assert cli("schema", "--root", root).out.splitlines() == ["the schemas in schema/ are up to date"]
    assert {f"schema/{p.name}": p.read_bytes() for p in (root / "schema").iterdir()} == schema_files()
    assert (
        cli("build", "--root", root, "--out", root.parent / "out", "--strict", "--no-search").code == 0
    )  # schema/ is no content
