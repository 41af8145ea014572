"""The web editor's configuration is generated from specs; the preview's local backend writes only where it may."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import urllib.error
import urllib.request

import pytest
import yaml
from conftest import REPO, SITES
from test_serve import start_preview, stop, wait_for, wait_until_up

from careerguide.load import load_site
from careerguide.model import sitespecs, specs
from careerguide.render import cms
from careerguide.validate import validate


@pytest.fixture(scope="module")
def config():
    content, _ = validate(load_site(SITES / "good"))
    return content.config


def _collection(decap: dict, name: str) -> dict:
    return next(c for c in decap["collections"] if c["name"] == name)


def _field(fields: list[dict], name: str) -> dict:
    return next(f for f in fields if f["name"] == name)


def test_each_language_gets_its_articles_and_fact_boxes_labelled_in_its_language(config):
    decap = cms.decap_config(config, {"name": "github", "repo": "a/b", "branch": "main"})
    assert [c["name"] for c in decap["collections"]] == [
        "articles-da",
        "factboxes-da",
        "articles-no",
        "factboxes-no",
        "articles-de",
        "factboxes-de",
        "roles",
    ]
    assert decap["locale"] == "da"
    boxes = {lang: _collection(decap, f"factboxes-{lang}") for lang in ("da", "no", "de")}
    assert [_field(boxes[lang]["fields"], "salary")["label"] for lang in boxes] == ["Løn", "Lønn", "Gehalt"]
    assert boxes["de"]["folder"] == "data/de" and boxes["de"]["identifier_field"] == "role"
    articles = _collection(decap, "articles-no")
    assert (articles["folder"], articles["extension"], articles["format"]) == ("content/no", "md", "frontmatter")
    assert [f["name"] for f in articles["fields"]] == [*specs.FRONT_MATTER.names(), "body"]


def test_every_definition_becomes_a_field_with_what_the_build_requires(config):
    decap = cms.decap_config(config, {"name": "github", "repo": "a/b", "branch": "main"})
    fields = _collection(decap, "factboxes-da")["fields"]
    assert [f["name"] for f in fields] == ["role", *specs.FACT_BOX_SECTIONS]
    salary = {f["name"]: f for f in _field(fields, "salary")["fields"]}
    assert list(salary) == list(specs.SALARY.names())
    assert [name for name, f in salary.items() if f["required"]] == ["region", "currency", "period", "source"]
    assert [o["value"] for o in salary["period"]["options"]] == ["hour", "month", "year", "unstated"]
    assert [o["label"] for o in salary["period"]["options"]] == [
        "pr. time",
        "pr. måned",
        "pr. år",
        "ikke oplyst af kilden",
    ]
    assert "DK" in salary["region"]["options"] and "DKK" in salary["currency"]["options"]
    assert salary["low"]["widget"] == "number" and salary["low"]["min"] == 0
    assert salary["year"]["pattern"] == ["^([0-9]{4}|unstated)$", "et årstal som 2024, eller unstated"]
    front = _collection(decap, "articles-de")["fields"]
    assert _field(front, "role")["pattern"] == [
        specs.SLUG_PATTERN,
        "Kleinbuchstaben, Ziffern und einzelne Bindestriche",
    ]
    assert _field(front, "description")["pattern"][0] == "^[\\s\\S]{0,160}$"


def test_the_register_is_a_folder_collection_of_one_file_per_role_labelled_in_the_default_language(config):
    decap = cms.decap_config(config, {"name": "github", "repo": "a/b", "branch": "main"})
    roles = _collection(decap, "roles")
    assert (roles["folder"], roles["extension"], roles["format"], roles["create"]) == (
        "data/roles",
        "yaml",
        "yaml",
        True,
    )
    assert (roles["identifier_field"], roles["slug"], roles["label"]) == ("id", "{{slug}}", "Roller (registret)")
    fields = {f["name"]: f for f in roles["fields"]}
    assert list(fields) == list(sitespecs.ROLE_FILE.names())
    assert fields["id"]["required"] and fields["id"]["pattern"][0] == specs.SLUG_PATTERN
    assert not any(f["required"] for name, f in fields.items() if name != "id")
    assert fields["isco"]["pattern"] == ["^[0-9]{1,4}$", "en til fire cifre, fx 4222"]
    assert fields["next"]["widget"] == "list" and fields["next"]["field"]["pattern"][0] == specs.SLUG_PATTERN
    assert [(f["name"], f["label"]) for f in fields["no_page"]["fields"]] == [
        ("da", "Dansk"),
        ("no", "Norsk"),
        ("de", "Deutsch"),
    ]
    assert fields["notes"]["widget"] == "text" and "vises aldrig" in fields["notes"]["hint"]


def test_a_key_added_to_the_register_s_definitions_shows_in_its_form(config, monkeypatch):
    extra = sitespecs.Key("esco", "url", "The role's page in ESCO.")
    monkeypatch.setattr(sitespecs, "ROLE", dataclasses.replace(sitespecs.ROLE, keys=(*sitespecs.ROLE.keys, extra)))
    fields = _collection(cms.decap_config(config, {"name": "proxy"}), "roles")["fields"]
    assert _field(fields, "esco") == {
        "label": "esco",
        "name": "esco",
        "required": False,
        "hint": "The role's page in ESCO.",
        "widget": "string",
        "pattern": ["^https?://", "en adresse, der begynder med https:// eller http://"],
    }


def test_a_select_refuses_a_value_outside_its_options_with_the_allowed_ones(config):
    """A fact box written by hand may say `period: fortnight`; the select shows nothing chosen, and the pattern keeps
    the form from saving it."""
    import re

    decap = cms.decap_config(config, {"name": "github", "repo": "a/b", "branch": "main"})
    salary = {f["name"]: f for f in _field(_collection(decap, "factboxes-da")["fields"], "salary")["fields"]}
    pattern, message = salary["period"]["pattern"]
    assert [
        word for word in ("hour", "month", "year", "unstated", "fortnight", "monthly") if re.search(pattern, word)
    ] == [
        "hour",
        "month",
        "year",
        "unstated",
    ]
    assert message == "vælg en af pr. time (hour), pr. måned (month), pr. år (year), ikke oplyst af kilden (unstated)"
    region, _ = salary["region"]["pattern"]
    assert re.search(region, "DK") and not re.search(region, "XX") and not re.search(region, "DKK")


def test_a_change_to_the_definitions_shows_in_the_form(config, monkeypatch):
    """Nothing of the form is written by hand: another period, another required key, a new key reach it by
    themselves."""
    period = dataclasses.replace(specs.SALARY.key("period"), choices=(*specs.SALARY.key("period").choices, "week"))
    label = dataclasses.replace(specs.SALARY.key("label"), required=True)
    keys = tuple(period if k.name == "period" else label if k.name == "label" else k for k in specs.SALARY.keys)
    salary = dataclasses.replace(specs.SALARY, keys=(*keys, specs.Key("employer", "text", "Who pays it.")))
    box = dataclasses.replace(
        specs.FACT_BOX,
        keys=tuple(dataclasses.replace(k, of=salary) if k.name == "salary" else k for k in specs.FACT_BOX.keys),
    )
    monkeypatch.setattr(specs, "FACT_BOX", box)
    fields = {
        f["name"]: f
        for f in _field(_collection(cms.decap_config(config, {"name": "proxy"}), "factboxes-da")["fields"], "salary")[
            "fields"
        ]
    }
    assert [o["value"] for o in fields["period"]["options"]][-1] == "week"
    assert fields["label"]["required"] is True
    assert fields["employer"] == {
        "label": "employer",
        "name": "employer",
        "required": False,
        "hint": "Who pays it.",
        "widget": "string",
    }
    assert fields["period"]["hint"].startswith("Hvad tallene gælder for")


def test_the_built_site_has_the_editor_only_when_site_yaml_names_its_repository(make_root, cli, tmp_path):
    root = make_root()
    assert cli("build", "--root", root, "--out", tmp_path / "plain", "--no-search").code == 0
    assert not (tmp_path / "plain/admin").exists()
    with open(root / "site.yaml", "a", encoding="utf-8") as site:
        site.write("editor: {repo: karriereguiden/guide, branch: trunk, auth_url: 'https://auth.example.org'}\n")
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search").code == 0
    page = (tmp_path / "out/admin/index.html").read_text(encoding="utf-8")
    assert f'<script src="{cms.DECAP_SCRIPT}" integrity="{cms.DECAP_INTEGRITY}" crossorigin="anonymous">' in page
    assert "@3.16.3/" in cms.DECAP_SCRIPT
    decap = yaml.safe_load((tmp_path / "out/admin/config.yml").read_text(encoding="utf-8"))
    assert decap["backend"] == {
        "name": "github",
        "repo": "karriereguiden/guide",
        "branch": "trunk",
        "base_url": "https://auth.example.org",
    }


def test_an_editor_repository_that_is_no_owner_and_name_is_an_error(make_root, cli, tmp_path):
    root = make_root()
    with open(root / "site.yaml", "a", encoding="utf-8") as site:
        site.write("editor: {repo: https://github.com/karriereguiden/guide}\n")
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 1
    assert any(
        line.endswith(
            "editor.repo: 'https://github.com/karriereguiden/guide' is not a GitHub repository; write it as "
            "owner/name, e.g. karriereguiden/guide"
        )
        for line in run.problems
    ), run.problems


def test_the_pinned_script_is_the_npm_package_the_hash_names():
    script = REPO / "tests/node_modules/decap-cms/dist/decap-cms.js"
    if not script.is_file():
        pytest.skip("Decap CMS is missing; run `npm install --omit=dev` in tests/ (.ci/run does)")
    assert json.loads((script.parent.parent / "package.json").read_text())["version"] == cms.DECAP_VERSION
    digest = base64.b64encode(hashlib.sha384(script.read_bytes()).digest()).decode()
    assert f"sha384-{digest}" == cms.DECAP_INTEGRITY


@pytest.fixture
def preview(make_root, tmp_path):
    running = start_preview(make_root(), tmp_path / "tmp")
    try:
        wait_until_up(running)
        yield running
    finally:
        stop(running)


def _post(preview, body, origin: str | None = None, kind: str = "application/json") -> tuple[int, dict]:
    headers = {"Content-Type": kind} | ({"Origin": origin} if origin else {})
    request = urllib.request.Request(preview.base + "api/v1", json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text.startswith(b"{") else {}


def test_the_local_backend_reads_and_writes_only_content_and_data(preview, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (preview.root / "content/da/link.md").symlink_to(outside)
    for path in (
        "../secret.md",
        "/etc/passwd",
        "site.yaml",
        "templates/role.html",
        "content/../site.yaml",
        "content/da/link.md",
    ):
        status, answer = _post(preview, {"action": "getEntry", "params": {"path": path}})
        assert status == 422 and "outside" in answer["error"], path
    status, _ = _post(
        preview, {"action": "persistEntry", "params": {"entry": {"path": "site.yaml", "raw": "x"}, "assets": []}}
    )
    assert status == 422 and (preview.root / "site.yaml").read_text() != "x"
    assert _post(preview, {"action": "info"}, origin="http://evil.example")[0] == 403
    assert _post(preview, {"action": "info"}, kind="text/plain")[0] == 415
    status, entries = _post(
        preview, {"action": "entriesByFolder", "params": {"folder": "data/da", "extension": "yaml", "depth": 1}}
    )
    assert status == 200 and "data/da/customer-service-representative.yaml" in [e["file"]["path"] for e in entries]


def test_a_save_that_breaks_the_build_shows_its_problem_under_the_editor(preview):
    box = "data/da/customer-service-representative.yaml"
    text = (preview.root / box).read_text(encoding="utf-8")
    status, _ = _post(
        preview,
        {
            "action": "persistEntry",
            "params": {
                "entry": {"path": box, "raw": text.replace("period: month", "period: fortnight", 1)},
                "assets": [],
            },
        },
    )
    assert status == 200

    def failed():
        with urllib.request.urlopen(preview.base + "admin/status.json", timeout=5) as answer:
            status = json.loads(answer.read())
        return status if status["failed"] else None

    problems = wait_for(failed, 20)["problems"]
    assert any(p.startswith(f"{box}:") and "'fortnight' is not a salary period" in p for p in problems), problems


def test_every_key_has_its_label_and_note_in_each_language_the_theme_speaks():
    """A key added to specs without its words in Danish, Norwegian and German fails here, not in an editor's form."""
    from careerguide.render.cmshints import HINTS
    from careerguide.render.cmswords import LABELS

    names = set()

    def walk(shape):
        for key in shape.keys:
            names.add(key.name)
            if key.of is not None:
                walk(key.of)

    walk(specs.FACT_BOX)
    walk(specs.FRONT_MATTER)
    walk(sitespecs.ROLE_FILE)
    for lang in ("da", "no", "de"):
        assert names - set(LABELS[lang]) == set(), lang
        assert names - set(HINTS[lang]) == set(), lang


def test_a_renamed_entry_moves_its_file_and_stays_inside(preview):
    old, new = "content/da/zebra.md", "content/da/zebra-2.md"
    text = (preview.root / old).read_text(encoding="utf-8")
    params = {"entry": {"path": old, "newPath": new, "raw": text}, "assets": []}
    assert _post(preview, {"action": "persistEntry", "params": params})[0] == 200
    assert not (preview.root / old).exists() and (preview.root / new).read_text(encoding="utf-8") == text
    params = {"entry": {"path": new, "newPath": "templates/zebra.md", "raw": text}, "assets": []}
    assert _post(preview, {"action": "persistEntry", "params": params})[0] == 422
    assert (preview.root / new).is_file() and not (preview.root / "templates/zebra.md").exists()
