"""Writing: a temporary folder swapped in whole, never a half-written or misplaced site."""

import os
import subprocess

import pytest
from conftest import names_when_settled, tree

from careerguide.model.output import OutputFile
from careerguide.write import begin, commit, link_file, write_file
from careerguide.write.folder import MARKER, OutputRefused, marker_bytes, output_folder
from careerguide.write.targets import SwappedFolder

MARKED = {MARKER: marker_bytes()}
"""What every folder the generator writes holds besides the site."""


def write_site(files, out):
    """Write the files as a build does: into a new folder beside `out`, swapped in whole, or nothing on a failure."""
    target = SwappedFolder(out, "")
    try:
        for file in files:
            write_file(target.folder, file)
        target.finish()
    except BaseException:
        target.abort()
        raise


def test_swap_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "site"
    write_site([OutputFile("a.html", b"1"), OutputFile("sitemap.xml", b"s")], out)
    write_site([OutputFile("b/index.html", b"2"), OutputFile("sitemap.xml", b"s")], out)
    assert tree(out) == {**MARKED, "b/index.html": b"2", "sitemap.xml": b"s"}
    assert names_when_settled(tmp_path) == ["site"]


def test_failure_while_writing_leaves_previous_output(tmp_path):
    out = tmp_path / "site"
    write_site([OutputFile("index.html", b"old"), OutputFile("sitemap.xml", b"s")], out)

    def files():
        yield OutputFile("index.html", b"new")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(files(), out)
    assert tree(out) == {**MARKED, "index.html": b"old", "sitemap.xml": b"s"}
    assert names_when_settled(tmp_path) == ["site"]


def test_stray_temporary_folders_of_a_killed_build_are_removed(tmp_path):
    out = tmp_path / "site"
    (tmp_path / ".site.tmp-abc123").mkdir()
    (tmp_path / ".site.tmp-abc123" / MARKER).write_bytes(b"")  # a build killed while it wrote the marker
    (tmp_path / ".site.tmp-abc123" / "half.html").write_bytes(b"x")
    (tmp_path / ".site.old-def456").mkdir()  # one killed before it moved the old site there
    write_site([OutputFile("sitemap.xml", b"s")], out)
    assert names_when_settled(tmp_path) == ["site"]


def test_a_folder_being_deleted_is_left_to_its_deleter_until_that_dies(tmp_path, monkeypatch):
    from careerguide import write

    finished = subprocess.Popen(["true"])
    finished.wait()
    out = tmp_path / "site"
    deleting = tmp_path / f".site.old-abc{write.DELETING_MARK}{os.getpid()}"  # this process: alive
    abandoned = tmp_path / f".site.tmp-def{write.DELETING_MARK}{finished.pid}"
    for folder in (deleting, abandoned):
        folder.mkdir()
    started: list[str] = []
    monkeypatch.setattr(write, "remove_later", lambda folder: started.append(folder.name))
    write.remove_stale_temporaries(out)
    assert started == [abandoned.name]


def test_unchanged_files_can_be_hard_linked(tmp_path):
    previous = tmp_path / "prev.html"
    previous.write_bytes(b"same")
    temp = begin(tmp_path / "site")
    assert link_file(temp, "da/index.html", previous)
    commit(temp, tmp_path / "site")
    assert (tmp_path / "site" / "da" / "index.html").stat().st_ino == previous.stat().st_ino


def test_a_file_written_over_a_link_leaves_the_linked_file_as_it_was(tmp_path):
    previous = tmp_path / "prev.html"
    previous.write_bytes(b"the live site's page")
    temp = begin(tmp_path / "site")
    assert link_file(temp, "da/index.html", previous)
    write_file(temp, OutputFile("da/index.html", b"new"))
    assert previous.read_bytes() == b"the live site's page" and (temp / "da/index.html").read_bytes() == b"new"


@pytest.mark.parametrize("where", [".", "content/x", "data"])
def test_output_inside_the_sources_is_refused(tmp_path, where):
    root = tmp_path / "root"
    (root / "content" / "x").mkdir(parents=True)
    (root / "data").mkdir()
    with pytest.raises(OutputRefused):
        output_folder(root / where, root)


def test_a_foreign_folder_is_never_replaced(tmp_path, make_root, cli):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    run = cli("build", "--root", make_root(), "--out", out)
    assert run.code == 2
    assert "was not built by careerguide" in run.err
    assert (out / "thesis.txt").read_text() == "precious"
