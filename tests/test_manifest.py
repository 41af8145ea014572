"""The manifest: what the last build into a folder wrote and read, stored so that a patch reads little of it."""

from array import array

import pytest

from careerguide.incremental.manifest import (
    BodySlot,
    LastBuild,
    Manifest,
    _page_entry,
    _Table,
    read_manifest,
    write_manifest,
    write_patch,
)
from careerguide.link import LinkTargets
from careerguide.load.stamps import Stamps
from careerguide.model.errors import ContentError, Source
from careerguide.write.record import OutputRecord

WARNING = ContentError(Source("content/da/a.md", 3), 'a link\tto "nowhere"\nat all', True)


def test_a_table_finds_each_entry_in_its_text_as_splitting_it_would():
    entries = {"da/a": "1", "da/ab": "2", "da/b": "3\tthree", "no/a": "4"}
    text = _Table.text_of(entries.items())
    for key, value in entries.items():
        assert _Table(text, str)[key] == value
    for missing in ("da", "da/a\t1", "a", "no/ab", "", "da/a\nda/ab"):
        with pytest.raises(KeyError):
            _Table(text, str)[missing]
    assert dict(_Table(text, str)) == entries
    assert dict(_Table("", str)) == {} and "da/a" not in _Table("", str)


def test_a_table_asked_for_many_entries_is_split_once():
    entries = {f"da/{n}/index.html": f"key{n}" for n in range(100)}
    table = _Table(_Table.text_of(entries.items()), str)
    for key in list(entries)[: _Table.SEARCHES]:
        assert table[key] == entries[key]
    assert table._all is None  # each found by searching the text
    assert table["da/99/index.html"] == "key99" and table._all == entries
    assert all(table[key] == value for key, value in entries.items())


def test_a_line_that_does_not_parse_stands_for_no_entry():
    text = (
        "da/a/index.html\tkey1\nno tab here\nda/b/index.html\tkey2\t[not json\nda/c/index.html\tkey3\t"
        + '[["p", 1, "m", true]]'
    )
    table = _Table(text, _page_entry)
    assert "da/b/index.html" not in table and "no tab here" not in table
    assert table["da/c/index.html"] == ("key3", [ContentError(Source("p", 1), "m", True)])
    assert dict(table) == {
        "da/a/index.html": ("key1", []),
        "da/c/index.html": ("key3", [ContentError(Source("p", 1), "m", True)]),
    }


def test_a_manifest_and_its_patches_read_back_as_written(tmp_path):
    path = tmp_path / "pages.json"
    slot = BodySlot("da/a/index.html", "frame", "front", 10, 20, 300)
    manifest = Manifest(
        pages={"da/a/index.html": ("k1", [WARNING]), "da/b/index.html": ("k2", []), "(settings)": ("s", [])},
        build=LastBuild(Stamps.of({str(tmp_path / "content/da/a.md"): [1, 2, 3, 4]}), (("da", 2),), (WARNING,)),
        slots={"da/a.md": slot},
        readsets={"r1": ("body:@", "page:@", "template:role.html")},
        targets=LinkTargets(frozenset({"role-a"}), {"role-a": {"da": "a"}}),
        output=OutputRecord(
            "/site", (".", "da/a/index.html", "da/b/index.html"), array("q", range(9)), {"da/b/index.html": "fhash"}
        ),
    )
    written = write_manifest(path, manifest)
    read = read_manifest(path)
    assert dict(read.pages) == manifest.pages and read.slot("da/a.md") == slot and read.slot("da/b.md") is None
    assert read.build == manifest.build and read.targets == manifest.targets and read.serial == written.serial
    assert read.output == manifest.output and dict(read.readsets) == manifest.readsets

    new_slot = slot._replace(length=25, size=305)
    build = LastBuild(manifest.build.inputs, manifest.build.languages, ())
    updated = write_patch(
        path,
        read,
        {"da/a/index.html": ("k1b", [])},
        {"da/a.md": new_slot},
        build,
        {},
        {"da/a/index.html": [30, 31, 32, "fnew"], "da/b/index.html": [60, 61, 62, ""]},
    )
    again = read_manifest(path)
    for seen in (updated, again):
        assert dict(seen.pages) == {**manifest.pages, "da/a/index.html": ("k1b", [])}
        assert seen.slot("da/a.md") == new_slot and seen.build.warnings == ()
        assert dict(seen.readsets) == manifest.readsets
        assert seen.output.paths == manifest.output.paths and seen.output.numbers.tolist() == [
            0,
            1,
            2,
            30,
            31,
            32,
            60,
            61,
            62,
        ]
        assert seen.output.racy == {"da/a/index.html": "fnew"}  # the page written again is no longer the one hashed
