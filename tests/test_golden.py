"""Whole-site golden output and byte-identical rebuilds.

After an intended change to the output, run `python tests/regenerate_golden.py` and review the diff.
"""

import os
import shutil
import subprocess
import sys

from conftest import REPO, SITES, tree


def test_good_site_matches_golden_output(make_root, cli, tmp_path):
    out = tmp_path / "out"
    assert (
        cli("build", "--root", make_root(), "--out", out, "--strict", "--no-search").code == 0
    )  # the index is test_search's
    actual, expected = tree(out), tree(SITES / "good" / "expected")
    assert sorted(actual) == sorted(expected)
    for path in expected:
        if path.endswith(".png"):  # card images: compared as bytes
            assert actual[path] == expected[path], path
        else:
            assert actual[path].decode() == expected[path].decode(), path


def test_same_input_gives_byte_identical_output_from_any_folder_and_hash_seed(tmp_path):
    outputs = []
    for index, seed in enumerate(("1", "2")):
        root = tmp_path / f"checkout{index}" / "guide"
        shutil.copytree(SITES / "good", root, ignore=shutil.ignore_patterns("expected"))
        out = tmp_path / f"out{index}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
