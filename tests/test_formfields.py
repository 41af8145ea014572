"""What a web editor's form writes is read as an editor would mean it: a fact box naming its role, a year in quotes."""

from __future__ import annotations

from conftest import SITES

BOX = "data/da/customer-service-representative.yaml"


def _box_with(make_root, first: str, replace: tuple[str, str] | None = None):
    text = (SITES / "good" / BOX).read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return make_root({BOX: first + text})


def test_a_fact_box_may_name_its_role_as_its_file_does(make_root, cli, tmp_path):
    root = _box_with(make_root, "role: customer-service-representative\n")
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err


def test_a_fact_box_naming_another_role_than_its_file_is_an_error(make_root, cli, tmp_path):
    root = _box_with(make_root, "role: customer-service-supervisor\n")
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 1
    assert run.problems == [
        f"{BOX}:1: role: 'customer-service-supervisor', but the file is named after "
        "'customer-service-representative'; a fact box's role is its file's name: correct one of them, or remove role"
    ]


def test_a_salary_year_in_quotes_is_the_year(make_root, cli, tmp_path):
    text = (SITES / "good" / BOX).read_text(encoding="utf-8")
    year = next(line for line in text.splitlines() if line.strip().startswith("year: 20"))
    root = _box_with(make_root, "", (year, year.replace("year: ", "year: '") + "'"))
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 0, run.err
    root = _box_with(make_root, "", (year, year.split("year:")[0] + "year: '1850'"))
    run = cli("build", "--root", root, "--out", tmp_path / "out", "--strict", "--no-search")
    assert run.code == 1 and any("year: 1850 is not a plausible year" in line for line in run.problems), run.problems
