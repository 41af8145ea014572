"""Stamps: the compact record of what a build read, and what changed since."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from careerguide.load.stamps import Stamps, stamp_of


@pytest.fixture
def tree(tmp_path):
    """Two folders of files, one path that was absent, and their stamps now."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for name in ("a/one.md", "a/two.md", "b/three.yaml"):
        (tmp_path / name).write_text(name)
    stamps = {
        str(tmp_path / name): list(stamp_of(os.stat(tmp_path / name)))
        for name in ("a", "a/one.md", "a/two.md", "b/three.yaml")
    }
    stamps[str(tmp_path / "b" / "missing.yaml")] = []
    return tmp_path, stamps


def test_stamps_read_as_the_mapping_they_were_made_from(tree):
    _, plain = tree
    stamps = Stamps.of(plain)
    assert dict(stamps) == plain
    assert len(stamps) == len(plain) and sorted(stamps) == sorted(plain)
    assert "/nowhere/else" not in stamps


def test_stamps_survive_json_as_they_are(tree):
    _, plain = tree
    stamps = Stamps.of(plain)
    again = Stamps.from_json(json.loads(json.dumps(stamps.to_json())))
    assert dict(again) == plain
    assert again.to_json() == stamps.to_json()


@pytest.mark.parametrize(
    "broken", [{"folders": [["/a", ["x"]]], "numbers": ""}, {"folders": [], "numbers": "!!"}, {"numbers": ""}, []]
)
def test_stamps_that_do_not_fit_are_refused(broken):
    with pytest.raises((ValueError, KeyError, TypeError)):
        Stamps.from_json(broken)


def test_nothing_changed_when_nothing_was_touched(tree):
    _, plain = tree
    assert Stamps.of(plain).changed() == {}


def test_changed_files_removed_files_and_files_that_appeared_are_found(tree):
    root, plain = tree
    (root / "a" / "one.md").write_text("a longer text than before")
    (root / "a" / "two.md").unlink()
    (root / "b" / "missing.yaml").write_text("now here")
    changed = Stamps.of(plain).changed()
    assert changed == {
        str(root / "a"): list(stamp_of(os.stat(root / "a"))),
        str(root / "a" / "one.md"): list(stamp_of(os.stat(root / "a" / "one.md"))),
        str(root / "a" / "two.md"): [],
        str(root / "b" / "missing.yaml"): list(stamp_of(os.stat(root / "b" / "missing.yaml"))),
    }


def test_a_folder_that_is_gone_takes_its_files_with_it(tree):
    root, plain = tree
    shutil.rmtree(root / "b")
    assert Stamps.of(plain).changed() == {str(root / "b" / "three.yaml"): []}  # the missing one is still missing


def test_updated_stamps_replace_and_add(tree):
    root, plain = tree
    stamps = Stamps.of(plain)
    one, new = str(root / "a" / "one.md"), str(root / "c" / "new.md")
    assert dict(stamps.updated({one: [1, 2, 3, 4]})) == {**plain, one: [1, 2, 3, 4]}
    assert dict(stamps.updated({new: [5, 6, 7, 8], one: []})) == {**plain, one: [], new: [5, 6, 7, 8]}
    assert dict(stamps) == plain  # the original is left as it was
