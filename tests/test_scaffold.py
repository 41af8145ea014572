"""`new`: an article and a fact box from a template, the register appended to, nothing overwritten."""

from __future__ import annotations

import pytest
from conftest import SITES, run_build_py, tree

from careerguide.commands.scaffold import ScaffoldRefused, plan_new, read_site, write_plan
from careerguide.model.errors import Source
from careerguide.model.yamltext import parse_yaml

ALL_SECTIONS = [
    "summary",
    "education",
    "salary",
    "outlook",
    "employment",
    "hours",
    "skills",
    "duties",
    "myths",
    "faq",
    "sources",
]


def test_new_article_and_fact_box_build_strict_at_once(make_root, cli, tmp_path):
    root = make_root()
    run = cli(
        "new", "customer-service-supervisor", "--lang", "de", "--title", "Teamleiter im Kundenservice", "--root", root
    )
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "created content/de/teamleiter-im-kundenservice.md",
        "created data/de/customer-service-supervisor.yaml",
        "wrote schema/factbox.json, schema/front-matter.json, schema/role.json, schema/roles.json and "
        "schema/site.json, which editors' YAML extensions read (docs/editors.md)",
        "next: write content/de/teamleiter-im-kundenservice.md, then remove its line draft: true to publish it",
    ]
    article = (root / "content/de/teamleiter-im-kundenservice.md").read_text(encoding="utf-8")
    assert article.startswith("---\n# A new article: Teamleiter im Kundenservice, in German.")
    assert "# The Danish version: content/da/teamleder.md (Teamleder i kundeservice)\n" in article
    assert article.endswith(
        "role: customer-service-supervisor\n"
        "title: Teamleiter im Kundenservice\n"
        'description: "Berufsbild: Teamleiter im Kundenservice"   # for search results; at most 160 characters\n'
        "draft: true   # remove this line to publish the page (and to see it in the preview)\n"
        "---\n"
    )
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0
    assert not (
        tmp_path / "out" / "de" / "teamleiter-im-kundenservice"
    ).exists()  # a draft until the editor publishes it
    assert "teamleiter-im-kundenservice (draft)" in cli("check", "--root", root).out


def test_published_scaffold_builds_strict_with_its_neutral_description(make_root, cli, tmp_path):
    root = make_root()
    assert (
        cli(
            "new", "customer-service-supervisor", "--lang", "no", "--title", "Teamleder i kundeservice", "--root", root
        ).code
        == 0
    )
    path = root / "content/no/teamleder-i-kundeservice.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0
    page = (tmp_path / "out/no/teamleder-i-kundeservice/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Yrkesbeskrivelse: Teamleder i kundeservice">' in page


def test_fact_box_is_comments_only_with_the_other_versions_sections_as_a_checklist(make_root, cli):
    root = make_root(
        {
            "data/no/customer-service-supervisor.yaml": "summary: Leder et team.\nduties: [Lede]\n",
            "data/da/customer-service-supervisor.yaml": "summary: Leder et hold.\nduties: [Lede]\nfaq:\n  - "
            "{question: Hvad?, answer: Det.}\n",
            "content/no/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: Teamleder\ndescription: "
            "D\n---\n",
        }
    )
    assert cli("new", "customer-service-supervisor", "--lang", "de", "--title", "Teamleiter", "--root", root).code == 0
    text = (root / "data/de/customer-service-supervisor.yaml").read_text(encoding="utf-8")
    assert parse_yaml(text, Source("x")).value is None
    assert "# The Danish version, data/da/customer-service-supervisor.yaml, has these sections:\n" in text
    checklist = [line.split(":")[0].removeprefix("# [ ] ") for line in text.splitlines() if line.startswith("# [ ] ")]
    assert checklist == ["summary", "duties", "faq"]
    assert "# Also possible: education, salary, outlook, employment, hours, skills, myths, sources\n" in text
    article = (root / "content/de/teamleiter.md").read_text(encoding="utf-8")
    assert (
        "# The Danish version: content/da/teamleder.md (Teamleder i kundeservice)\n"
        "# The Norwegian Bokmål version: content/no/teamleder.md (Teamleder)\n"
    ) in article


EXAMPLE_START = "# An example of every section, in "


def uncommented_example(text: str) -> str:
    """The fact box's example with the "# " in front of each line removed, as an editor uncomments it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(EXAMPLE_START))
    body = lines[lines.index("#", start) + 1 :]
    return "".join(line.removeprefix("# ") + "\n" for line in body)


@pytest.mark.parametrize(
    ("lang", "language", "title", "words"),
    [
        ("da", "Danish", "Klagebehandler", "Hjælper kunder"),
        ("no", "Norwegian Bokmål", "Klagebehandler", "Hjelper kunder"),
        ("de", "German", "Beschwerdemanager", "Hilft Kundinnen"),
    ],
)
def test_the_fact_box_holds_every_section_as_a_commented_example_in_the_pages_language(
    make_root, cli, tmp_path, lang, language, title, words
):
    root = make_root()
    assert cli("new", "complaints-officer", "--lang", lang, "--title", title, "--root", root).code == 0
    box = root / f"data/{lang}/complaints-officer.yaml"
    text = box.read_text(encoding="utf-8")
    assert parse_yaml(text, Source("x")).value is None  # as written, comments only
    assert f"# The fact box of complaints-officer in {language}, shown with " in text
    assert f"{EXAMPLE_START}{language}, to copy from." in text
    example = parse_yaml(uncommented_example(text), Source("x")).value
    assert list(example) == ALL_SECTIONS
    assert example["summary"].startswith(words)
    assert {"range", "period", "year", "source", "note"} <= set(example["salary"][0])
    assert cli("build", "--root", root, "--out", tmp_path / "as-written", "--strict").code == 0
    box.write_text(uncommented_example(text), encoding="utf-8")  # every section uncommented: valid as it stands
    run = cli("build", "--root", root, "--out", tmp_path / "uncommented", "--strict")
    assert run.code == 0, run.err
    assert run.err == ""


def test_a_role_in_no_other_language_gets_every_section_and_is_appended_to_the_register(make_root, cli, tmp_path):
    root = make_root()
    register = (root / "data/roles.yaml").read_bytes()
    run = cli("new", "complaints-officer", "--lang", "da", "--title", "Klagebehandler på Ærø", "--root", root)
    assert run.code == 0, run.err
    assert run.out.splitlines()[:3] == [
        "created content/da/klagebehandler-paa-aeroe.md",
        "created data/da/complaints-officer.yaml",
        "added complaints-officer to data/roles.yaml",
    ]
    assert (root / "data/roles.yaml").read_bytes() == register + b"\ncomplaints-officer:\n"
    text = (root / "data/da/complaints-officer.yaml").read_text(encoding="utf-8")
    assert [
        line.split(":")[0].removeprefix("# [ ] ") for line in text.splitlines() if line.startswith("# [ ] ")
    ] == ALL_SECTIONS
    assert "Also possible" not in text
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0


def test_a_root_with_the_register_as_a_folder_gets_a_file_for_the_new_role(make_root, cli, tmp_path):
    root = make_root({"data/roles/customer-service-supervisor.yaml": "next: [head-of-customer-service]\n"})
    register = (root / "data/roles.yaml").read_text(encoding="utf-8")
    (root / "data/roles.yaml").write_text(
        register.replace("customer-service-supervisor:\n  next: [head-of-customer-service]\n", ""), encoding="utf-8"
    )
    before = (root / "data/roles.yaml").read_bytes()
    run = cli("new", "night-agent", "--lang", "da", "--title", "Natagent", "--root", root)
    assert run.code == 0, run.err
    assert run.out.splitlines()[:3] == [
        "created content/da/natagent.md",
        "created data/da/night-agent.yaml",
        "created data/roles/night-agent.yaml",
    ]
    assert (root / "data/roles.yaml").read_bytes() == before
    assert (root / "data/roles/night-agent.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/role.json\n# $schema: ../../schema/role.json\nid: night-agent\n"
    )
    assert (root / "schema/role.json").is_file()
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0
    again = cli("new", "customer-service-supervisor", "--lang", "no", "--title", "Teamleder", "--root", root)
    assert again.code == 0, again.err
    assert not any("roles" in line for line in again.out.splitlines())  # registered already, in its own file


def test_register_keeps_comments_and_line_ends(make_root, cli, tmp_path):
    text = (
        "# The register.\r\ncustomer-service-representative:   # the first\r\n  next: "
        "[customer-service-supervisor]\r\ncustomer-service-supervisor:\r\nhead-of-customer-service: "
        "{}\r\ntechnical-support-representative:\r\noesters-role:\r\naalborg-role:  # last, no line end"
    )
    root = make_root()
    (root / "data/roles.yaml").write_bytes(text.encode())
    assert cli("new", "night-agent", "--lang", "da", "--title", "Natagent", "--root", root).code == 0
    assert (root / "data/roles.yaml").read_bytes() == (text + "\r\n\r\nnight-agent:\r\n").encode()
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Kunderådgiver på Ærø", "kunderaadgiver-paa-aeroe"),
        ("Kundenbetreuer für Großkunden", "kundenbetreuer-fuer-grosskunden"),
        ("Øresundsløs Önskeliste", "oeresundsloes-oenskeliste"),
        ("Café-medarbejder (à la carte)", "cafe-medarbejder-a-la-carte"),
        ("C#: udvikler", "c-udvikler"),
    ],
)
def test_slug_comes_from_the_title(make_root, title, slug):
    plan = plan_new(read_site(make_root()), "new-role", "da", title)
    assert plan.files[0].path == f"content/da/{slug}.md"
    front = parse_yaml(plan.files[0].text.split("---\n")[1], Source("x")).value
    assert front["title"] == title


def test_without_title_the_role_id_names_title_and_file(make_root, cli, tmp_path):
    root = make_root()
    run = cli("new", "night-agent", "--lang", "da", "--root", root)
    assert run.code == 0
    assert run.out.splitlines()[0] == "created content/da/night-agent.md"
    assert "note: no --title, so the title is 'Night agent'" in run.out
    assert "title: Night agent\n" in (root / "content/da/night-agent.md").read_text(encoding="utf-8")
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0


def test_an_existing_fact_box_is_kept(make_root, cli, tmp_path):
    root = make_root({"data/no/customer-service-supervisor.yaml": "summary: Leder et team.\n"})
    run = cli("new", "customer-service-supervisor", "--lang", "no", "--title", "Teamleder", "--root", root)
    assert run.code == 0
    assert run.out.splitlines()[:2] == [
        "created content/no/teamleder.md",
        "kept data/no/customer-service-supervisor.yaml: it exists",
    ]
    assert (root / "data/no/customer-service-supervisor.yaml").read_text() == "summary: Leder et team.\n"
    assert cli("build", "--root", root, "--out", tmp_path / "out", "--strict").code == 0


def test_close_role_id_gets_a_note(make_root, cli):
    run = cli("new", "customer-service-supervisr", "--lang", "no", "--title", "Teamleder", "--root", make_root())
    assert "note: customer-service-supervisor is registered already" in run.out


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["customer-service-representative", "--lang", "da", "--title", "Anden titel"],
            "error: content/da/kundeservicemedarbejder.md is already the 'da' article of "
            "customer-service-representative; nothing was written",
        ),
        (
            ["night-agent", "--lang", "da", "--title", "Teamleder"],
            "error: content/da/teamleder.md exists (role customer-service-supervisor); choose another --title; "
            "nothing was written",
        ),
        (
            ["night-agent", "--lang", "sv", "--title", "Nattagent"],
            "error: 'sv' is not a language of site.yaml (da, no, de); nothing was written",
        ),
        (
            ["Night_Agent", "--lang", "da", "--title", "Natagent"],
            "error: 'Night_Agent' is not a role id; use lower-case letters, digits and single hyphens, e.g. "
            "customer-service-supervisor; nothing was written",
        ),
        (
            ["night-agent", "--lang", "da", "--title", "???"],
            "error: cannot make a file name from the title '???'; it needs letters a-z or digits after "
            "transliteration; nothing was written",
        ),
        (
            ["night-agent", "--lang", "da", "--title", "x" * 161],
            "error: the title is 161 characters; a description (made from it) may have at most 160; nothing was "
            "written",
        ),
    ],
)
def test_refusals_write_nothing(make_root, cli, args, message):
    root = make_root()
    before = tree(root)
    run = cli("new", *args, "--root", root)
    assert run.code == 1
    assert run.err.splitlines() == [message]
    assert tree(root) == before


def test_register_in_flow_style_is_not_rewritten(make_root, cli):
    root = make_root(
        {
            "data/roles.yaml": "{customer-service-representative: {}, customer-service-supervisor: {}, "
            "head-of-customer-service: {},"
            " technical-support-representative: {}, oesters-role: {}, aalborg-role: {}}"
        }
    )
    before = tree(root)
    run = cli("new", "night-agent", "--lang", "da", "--title", "Natagent", "--root", root)
    assert run.code == 1
    assert "data/roles.yaml: cannot add night-agent by appending a line" in run.err
    assert tree(root) == before


def test_broken_site_root_is_reported_not_scaffolded(tmp_path, cli):
    run = cli("new", "night-agent", "--lang", "da", "--root", tmp_path)
    assert run.code == 1
    assert run.err.splitlines() == [
        f"site.yaml:1: site.yaml is missing: {tmp_path} is not a guide's folder; run the command in the folder that "
        "holds site.yaml, "
        "content/ and data/, or pass that folder with --root",
        "new: the site root cannot be read; nothing was written",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_after_planning_is_not_overwritten_and_nothing_is_left_behind(make_root):
    root = make_root()
    plan = plan_new(read_site(root), "night-agent", "da", "Natagent")
    (root / "data/da/night-agent.yaml").write_text("summary: Skrevet imens.\n")
    before = tree(root)
    with pytest.raises(ScaffoldRefused, match="data/da/night-agent.yaml exists; new never overwrites a file"):
        write_plan(root, plan)
    assert tree(root) == before


def test_a_register_changed_after_planning_is_left_alone(make_root):
    root = make_root()
    plan = plan_new(read_site(root), "night-agent", "da", "Natagent")
    with open(root / "data/roles.yaml", "a") as register:
        register.write("day-agent:\n")
    before = tree(root)
    with pytest.raises(ScaffoldRefused, match="data/roles.yaml changed while new was running"):
        write_plan(root, plan)
    assert tree(root) == before


def test_plan_is_pure(make_root):
    root = make_root()
    before = tree(root)
    site = read_site(root)
    assert plan_new(site, "night-agent", "da", "Natagent") == plan_new(site, "night-agent", "da", "Natagent")
    assert tree(root) == before


def test_build_py_new_in_the_current_folder(make_root):
    root = make_root()
    done = run_build_py("new", "night-agent", "--lang", "no", "--title", "Nattagent", cwd=root)
    assert done.returncode == 0, done.stderr
    assert (root / "content/no/nattagent.md").is_file()
    assert run_build_py("build", "--strict", cwd=root).returncode == 0
    assert (SITES / "good" / "data" / "roles.yaml").read_text() in (root / "data/roles.yaml").read_text()
