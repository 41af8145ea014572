"""The register of roles in either form: data/roles.yaml, a file per role in data/roles/, or both at once."""

from __future__ import annotations

from conftest import REPO, SITES, tree

from careerguide.load import load_site
from careerguide.model.errors import Source
from careerguide.model.yamltext import parse_yaml
from careerguide.validate import validate

REGISTER = (SITES / "good/data/roles.yaml").read_text(encoding="utf-8")
TWO_WAYS_UP = REGISTER.replace(
    "technical-support-representative:\n", "technical-support-representative:\n  next: [customer-service-supervisor]\n"
)
"""The good site's register with a second role leading to the supervisor, so that its page lists two roles that lead
to it."""


def _entries(text: str) -> dict[str, str]:
    """Each role's entry in data/roles.yaml as the text of a file of its own."""
    value = parse_yaml(text, Source("data/roles.yaml")).value
    out = {}
    for role, entry in value.items():
        lines = [f"id: {role}"]
        for key, item in (entry or {}).items():
            lines.append(f"{key}: [{', '.join(item)}]" if isinstance(item, list) else f'{key}: "{item}"')
        out[f"data/roles/{role}.yaml"] = "\n".join(lines) + "\n"
    return out


def _build(make_root, cli, tmp_path, files: dict[str, str | None], name: str) -> dict[str, bytes]:
    root = make_root(files)
    run = cli("build", "--root", root, "--out", tmp_path / name, "--strict", "--no-search")
    assert run.code == 0, run.err
    return tree(tmp_path / name)


def test_a_register_of_one_file_per_role_builds_the_same_site_as_data_roles_yaml(make_root, cli, tmp_path):
    table = _build(make_root, cli, tmp_path, {"data/roles.yaml": TWO_WAYS_UP}, "table")
    folder = _build(make_root, cli, tmp_path, {"data/roles.yaml": None, **_entries(TWO_WAYS_UP)}, "folder")
    assert folder == table


def test_the_order_roles_are_registered_in_changes_nothing_on_the_pages(make_root, cli, tmp_path):
    entries = TWO_WAYS_UP.split("\n")
    blocks, current = [], []
    for line in entries:
        if line and not line.startswith(" ") and current:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    reversed_register = "\n".join(line for block in reversed(blocks) for line in block if line) + "\n"
    assert reversed_register.startswith("aalborg-role:")
    forwards = _build(make_root, cli, tmp_path, {"data/roles.yaml": TWO_WAYS_UP}, "forwards")
    backwards = _build(make_root, cli, tmp_path, {"data/roles.yaml": reversed_register}, "backwards")
    assert backwards == forwards
    page = forwards["da/teamleder/index.html"].decode()
    assert page.index("da/kundeservicemedarbejder/") < page.index("da/zebra/")  # the ids' order, whatever the file's


def test_both_forms_at_once_register_every_role_of_both(make_root, cli, tmp_path):
    kept, moved = REGISTER.split("oesters-role:")
    root = make_root({"data/roles.yaml": kept, **_entries("oesters-role:" + moved)})
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err
    assert (tmp_path / "out/da/oesters/index.html").is_file()


def test_a_role_registered_in_both_forms_is_an_error_naming_both_places(make_root, cli, tmp_path):
    root = make_root({"data/roles/head-of-customer-service.yaml": "id: head-of-customer-service\n"})
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 1
    assert run.problems == [
        "data/roles/head-of-customer-service.yaml:1: 'head-of-customer-service' is registered twice: here and at "
        "data/roles.yaml:7; keep one of the two"
    ]


def test_a_root_with_neither_form_is_told_both(make_root, cli, tmp_path):
    root = make_root({"data/roles.yaml": None})
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 1
    assert run.problems == [
        "data/roles.yaml:1: data/roles.yaml is missing: the register of roles; write it (each role id with its "
        "entry), or a file per role in data/roles/ (data/roles/<role-id>.yaml)"
    ]


def test_an_empty_folder_is_an_empty_register(make_root, cli, tmp_path):
    root = make_root({"data/roles.yaml": None})
    (root / "data/roles").mkdir()
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--no-search")
    assert run.code == 1
    assert "content/da/kundeservicemedarbejder.md:2: role: 'customer-service-representative' is not in" in run.err
    assert "is missing" not in run.err


def test_the_editors_notes_are_checked_but_never_shown(make_root, cli, tmp_path):
    note = "ESCO's page of ISCO-08 unit group 4222 describes the work"
    files = _entries(REGISTER)
    files["data/roles/customer-service-representative.yaml"] += f"notes: {note}\n"
    built = _build(make_root, cli, tmp_path, {"data/roles.yaml": None, **files}, "out")
    assert not any(note.encode() in data for data in built.values())
    files["data/roles/customer-service-representative.yaml"] = "notes: [the ESCO page]\n"
    root = make_root({"data/roles.yaml": None, **files})
    run = cli("build", "--root", root, "--out", tmp_path / "bad", "--no-search")
    assert run.code == 1
    assert run.problems[0].startswith("data/roles/customer-service-representative.yaml:")


def test_every_role_of_this_guide_has_a_file_the_web_editor_can_edit():
    raw = load_site(REPO)
    content, _ = validate(raw)
    assert raw.register is not None and raw.register.table is None  # no data/roles.yaml beside the folder
    assert [file.id for file in raw.register.files] == list(content.roles)
    notes = {file.id: (file.doc.value or {}).get("notes", "") for file in raw.register.files if file.doc}
    assert "http://data.europa.eu/esco/isco/C4222" in notes["customer-service-representative"]  # why 4222
    assert "Computerwoche 2008" in notes["customer-service-supervisor"]  # why supervisor -> head
