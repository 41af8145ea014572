"""The output folder: only a folder the generator built is replaced, a build reuses only what is as it left
it, `--out` may be a symbolic link, and a failure to write is a one-line message that leaves the old site."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SITES, names_when_settled, tree

from careerguide import write
from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.write.folder import LEGACY_FILES, MARKER, failure
from careerguide.write.record import take


def build(root, out, **options):
    return build_site(root, out, cache=Cache(root, keep_loaded=False), **options)


def cold(root, tmp_path, name: str = "cold") -> dict[str, bytes]:
    """What a build without a cache writes for this root."""
    folder = tmp_path / name
    shutil.rmtree(folder, ignore_errors=True)
    build_site(root, folder, cache=None)
    return tree(folder)


def other_root(tmp_path):
    """A second site root, unlike the good one: another title, one article fewer, other text."""
    root = tmp_path / "other"
    shutil.copytree(SITES / "good", root, ignore=shutil.ignore_patterns("expected"))
    (root / "content/da/zebra.md").unlink()
    article = root / "content/da/teamleder.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Teamleder i kundeservice", "title: Holdleder"),
        encoding="utf-8",
    )
    return root


# The folder is ours or untouched


def test_a_folder_with_a_sitemap_is_not_taken_for_a_site_and_nothing_in_it_is_deleted(make_root, cli, tmp_path):
    out = tmp_path / "D"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    (out / "sitemap.xml").write_text("<x/>")
    run = cli("build", "--root", make_root(), "--out", out)
    assert run.code == 2
    assert run.err == (
        f"error: --out {out}: the folder is not empty and was not built by careerguide; "
        "choose an empty or new folder, or delete its contents yourself\n"
    )
    assert names_when_settled(tmp_path) == ["D", "root"]
    assert tree(out) == {"sitemap.xml": b"<x/>", "thesis.docx": b"precious"}


def test_an_empty_folder_is_built_into_and_marked_as_the_generators(make_root, cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert cli("build", "--root", make_root(), "--out", out, "--no-search").code == 0
    assert (out / MARKER).is_file() and (out / "da/index.html").is_file()
    assert names_when_settled(tmp_path) == ["out", "root"]


def test_a_site_built_before_the_marker_is_refused_once_with_what_to_do(make_root, cli, tmp_path):
    root, out = make_root(), tmp_path / "site"
    out.mkdir()
    for name in LEGACY_FILES:
        (out / name).write_text("from an earlier careerguide")
    run = cli("build", "--root", root, "--out", out, "--no-search")
    assert (
        run.code == 2
        and "if it holds a site built by an earlier careerguide, delete the folder (or its contents) once" in run.err
    )
    assert sorted(tree(out)) == sorted(LEGACY_FILES)
    shutil.rmtree(out)  # what the message asks for, once
    assert cli("build", "--root", root, "--out", out, "--no-search").code == 0
    assert cli("build", "--root", root, "--out", out, "--no-search").code == 0  # from now on it is known


def test_stray_folders_that_only_look_like_temporaries_are_left_alone(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    strays = [".out.tmp-notes", ".out.old-2024", f".out.tmp-x{write.DELETING_MARK}99999999"]
    for name in strays:
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine")
    build(root, out)
    build(root, out)  # it moves the first build aside, and has it deleted
    # the background remover itself, as it is started for each of them
    for name in strays:
        subprocess.run([sys.executable, "-c", write._DELETE, str(tmp_path / name)], check=True)
    deadline = time.monotonic() + 20
    while (ours := sorted({p.name for p in tmp_path.iterdir()} - set(strays))) != [
        "out",
        "root",
    ] and time.monotonic() < deadline:
        time.sleep(0.05)  # the first build's folder, being deleted
    assert ours == ["out", "root"]
    for name in strays:
        assert (tmp_path / name / "keep.txt").read_text() == "mine"


# Every answer is true


def test_a_root_built_in_between_is_not_taken_for_this_roots_last_build(make_root, tmp_path):
    a, b, out = make_root(), other_root(tmp_path), tmp_path / "out"
    build(a, out)
    build(b, out)
    assert tree(out) == cold(b, tmp_path)
    result = build(a, out)  # today's bug: "7 unchanged", and B's site stays
    assert tree(out) == cold(a, tmp_path)
    assert result.rendered == 7
    assert build(a, out).rendered == 0  # and then it is this root's again


def test_a_page_edited_by_hand_does_not_survive_the_next_build(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    page = out / "da/zebra/index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<title>", b"<TITLE>"))  # the same size, at once: within the clock tick of the build
    result = build(root, out)
    assert tree(out) == cold(root, tmp_path)
    assert (result.rendered, result.reused) == (1, 6)  # the page repaired, the rest still linked


def test_a_hand_edit_is_not_patched_into_when_only_an_articles_body_changes(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    page = out / "da/teamleder/index.html"
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML"))
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    build(root, out)
    assert tree(out) == cold(root, tmp_path)


def test_files_added_or_deleted_by_hand_are_set_right(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    (out / "da/zebra/index.html").unlink()
    (out / "da/extra.html").write_text("added")
    (out / "new").mkdir()
    (out / "new/index.html").write_text("added")
    build(root, out)
    assert tree(out) == cold(root, tmp_path)


def test_a_hand_edit_of_the_search_index_rebuilds_it(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out, search=True)
    entry = out / "pagefind/da/pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"page_count"', '"PAGE_COUNT"'))
    (out / "pagefind/de/stray.js").write_text("alert(1)")
    build(root, out, search=True)
    assert b"PAGE_COUNT" not in entry.read_bytes() and not (out / "pagefind/de/stray.js").exists()
    again = tmp_path / "again"
    build_site(root, again, search=True)
    assert tree(out) == tree(again)


def test_the_record_sees_a_same_size_rewrite_within_the_clock_tick(tmp_path):
    out = tmp_path / "out"
    (out / "da").mkdir(parents=True)
    (out / MARKER).write_text("")
    page = out / "da/index.html"
    page.write_bytes(b"<p>one</p>")
    record = take(out)
    assert record.intact()
    page.write_bytes(b"<p>two</p>")
    assert not record.intact() and record.differing() == {"da/index.html"}
    record = take(out)
    (out / "da/new.html").write_bytes(b"")
    assert record.differing() == {"da"}


def test_a_rewrite_that_keeps_the_time_the_record_saw_is_found_by_its_content(tmp_path):
    """A file system whose clock moves in ticks (or whole seconds) stamps a write within the tick of the
    record with the time the record saw; simulated here by setting that time again."""
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("")
    page = out / "index.html"
    page.write_bytes(b"<p>one</p>")
    tick = time.time_ns() + 3_600 * 10**9  # not older than the record: as if written in its tick
    os.utime(page, ns=(tick, tick))
    record = take(out)
    page.write_bytes(b"<p>two</p>")
    os.utime(page, ns=(tick, tick))
    assert os.stat(page).st_mtime_ns == tick and record.differing() == {"index.html"}


# --out that is a symbolic link


def test_out_as_a_symbolic_link_is_followed_and_kept(make_root, tmp_path):
    root, target, link = make_root(), tmp_path / "www" / "site", tmp_path / "out"
    target.parent.mkdir()
    link.symlink_to(target)  # dangling until the first build
    build(root, link)
    assert link.is_symlink() and os.readlink(link) == str(target) and (target / "da/index.html").is_file()
    article = root / "content/da/teamleder.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Teamleder i kundeservice", "title: Holdleder"),
        encoding="utf-8",
    )
    build(root, link)
    assert link.is_symlink() and "Holdleder" in (target / "da/teamleder/index.html").read_text(encoding="utf-8")
    assert tree(target) == cold(root, tmp_path)
    assert names_when_settled(tmp_path) == ["cold", "out", "root", "www"] and names_when_settled(target.parent) == [
        "site"
    ]


def test_out_as_a_symbolic_link_to_a_foreign_folder_is_refused(make_root, cli, tmp_path):
    target, link = tmp_path / "documents", tmp_path / "out"
    target.mkdir()
    (target / "thesis.docx").write_text("precious")
    link.symlink_to(target)
    run = cli("build", "--root", make_root(), "--out", link, "--no-search")
    assert (
        run.code == 2
        and f"--out {link} (which leads to {target}): the folder is not empty and was not built by careerguide"
        in run.err
    )
    assert link.is_symlink() and tree(target) == {"thesis.docx": b"precious"}


def test_out_as_a_symbolic_link_in_a_loop_is_refused(make_root, cli, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    run = cli("build", "--root", make_root(), "--out", tmp_path / "a", "--no-search")
    assert (
        run.code == 2
        and run.err
        == f"error: --out {tmp_path / 'a'}: a symbolic link that leads round in a loop; point --out at a folder\n"
    )


# A failure to write is a message


@pytest.fixture
def built(make_root, cli, tmp_path):
    """A root, its site built into `out`, and the site's files as they were."""
    root, out = make_root(), tmp_path / "out"
    assert cli("build", "--root", root, "--out", out, "--no-search").code == 0
    article = root / "content/da/teamleder.md"  # something to write: a changed title shows on several pages
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Teamleder i kundeservice", "title: Holdleder"),
        encoding="utf-8",
    )
    return root, out, tree(out)


@pytest.mark.parametrize("jobs", ["1", "2"])  # written here, or by worker processes whose error travels back
def test_a_full_disk_is_a_message_and_the_previous_site_stays(built, cli, tmp_path, monkeypatch, jobs):
    root, out, before = built
    real_write = os.write

    def full(descriptor, data):
        if "/.out.tmp-" in os.readlink(f"/proc/self/fd/{descriptor}") and "/da/" in os.readlink(
            f"/proc/self/fd/{descriptor}"
        ):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", full)
    run = cli("build", "--root", root, "--out", out, "--no-search", "--jobs", jobs, "--no-cache")
    monkeypatch.undo()
    assert run.code == 1
    assert run.err.startswith(f"error: no space left on the device while writing {out}/da/")
    assert run.err.endswith("/index.html; free some space and build again; the previous site is untouched\n")
    assert run.err.count("\n") == 1 and tree(out) == before
    assert names_when_settled(tmp_path) == ["out", "root"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A file system of 360 KB mounted at tmp_path/disk (it takes root); skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=360k", "tmpfs", str(disk)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("mounting a tmpfs needs root")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_real_full_disk_is_a_message_and_the_previous_site_stays(make_root, cli, tiny_disk):
    root, out = make_root(), tiny_disk / "out"
    assert cli("build", "--root", root, "--out", out, "--no-search").code == 0
    before = tree(out)
    free = os.statvfs(tiny_disk)
    (tiny_disk / "ballast").write_bytes(
        b"x" * (free.f_bavail * free.f_frsize - 16_384)
    )  # room for a few pages, not for the site
    run = cli("build", "--root", root, "--out", out, "--no-search", "--no-cache")  # every page written again
    assert run.code == 1, run.err
    assert run.err.startswith(f"error: no space left on the device while writing {out}") and run.err.count("\n") == 1
    assert run.err.endswith("; free some space and build again; the previous site is untouched\n")
    assert tree(out) == before
    assert names_when_settled(tiny_disk) == ["ballast", "out"]


def test_a_full_disk_while_indexing_is_a_message_and_the_previous_site_stays(make_root, cli, tiny_disk):
    root, out = make_root(), tiny_disk / "out"
    subprocess.run(["mount", "-o", "remount,size=8m", str(tiny_disk)], check=True)
    assert cli("build", "--root", root, "--out", out).code == 0
    before = tree(out)
    pages = sum(len(data) for path, data in before.items() if not path.startswith("pagefind/"))
    free = os.statvfs(tiny_disk)
    # room for the pages (in blocks of 4 KiB) and a little more, not for the index
    (tiny_disk / "ballast").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 2 * pages - 65_536))
    run = cli("build", "--root", root, "--out", out, "--no-cache")
    assert run.code == 1 and run.err.count("\n") == 1, run.err
    assert "no space left on the device while" in run.err and "free some space and build again" in run.err
    assert "Traceback" not in run.err and "JSONDecodeError" not in run.err
    assert tree(out) == before
    assert names_when_settled(tiny_disk) == ["ballast", "out"]


def test_an_empty_index_file_of_pagefind_on_a_full_disk_is_a_message(make_root, cli, tmp_path, monkeypatch):
    """Pagefind, short of space, can leave pagefind-entry.json empty and still exit 0."""
    from careerguide.write import search

    fake = tmp_path / "pagefind"
    fake.write_text(
        f"#!{sys.executable}\nimport json, pathlib\noptions = json.load(open('pagefind.json'))\n"
        "bundle = pathlib.Path(options['site'], options['output_subdir'])\nbundle.mkdir(parents=True, exist_ok=True)\n"
        "(bundle / 'pagefind-entry.json').write_bytes(b'')\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_command", lambda: [str(fake)])
    root, out = make_root(), tmp_path / "out"
    run = cli("build", "--root", root, "--out", out)
    assert run.code == 1
    assert run.err.startswith("error: search index: Pagefind left pagefind/da/pagefind-entry.json empty or unreadable")
    assert "JSONDecodeError" not in run.err and run.err.count("\n") == 1 and not out.exists()


def test_an_output_parent_without_write_permission_is_a_message(built, cli, tmp_path):
    root, out, before = built
    if subprocess.run(["chattr", "+i", str(tmp_path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        run = cli("build", "--root", root, "--out", out, "--no-search")
    finally:
        subprocess.run(["chattr", "-i", str(tmp_path)], check=True)
    assert run.code == 1
    assert run.err == (
        f"error: permission denied while writing {out}; build into a folder you may write to (--out), "
        f"or get write access to {tmp_path}; the previous site is untouched\n"
    )
    assert tree(out) == before


def test_a_permission_error_inside_the_new_folder_is_a_message(built, cli, tmp_path, monkeypatch):
    root, out, before = built
    real_open = os.open

    def refused(path, flags, *args, **kwargs):
        if "/.out.tmp-" in str(path) and str(path).endswith("index.html"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    run = cli("build", "--root", root, "--out", out, "--no-search", "--jobs", "1")
    monkeypatch.undo()
    assert run.code == 1 and run.err.startswith(f"error: permission denied while writing {out}/")
    assert tree(out) == before and names_when_settled(tmp_path) == ["out", "root"]


def test_a_failure_names_the_file_as_the_command_line_named_the_output_folder(tmp_path):
    out = tmp_path / "www" / "site"
    error = OSError(
        errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "www" / ".site.tmp-k2j4" / "da" / "a" / "index.html")
    )
    assert str(failure(error, out, Path("site"))) == (
        "no space left on the device while writing site/da/a/index.html; "
        "free some space and build again; the previous site is untouched"
    )
    assert str(failure(OSError(errno.EROFS, "Read-only file system"), out, Path("site"))) == (
        f"{tmp_path / 'www'} is on a read-only file system; build into a folder on a writable one (--out); the "
        "previous site is untouched"
    )


def test_an_output_folder_that_cannot_be_looked_into_is_refused(make_root, cli, tmp_path, monkeypatch):
    import careerguide.write.folder

    root, out = make_root(), tmp_path / "out"
    out.mkdir()

    def unreadable(folder):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))

    monkeypatch.setattr(careerguide.write.folder.os, "scandir", unreadable)
    run = cli("build", "--root", root, "--out", out, "--no-search")
    monkeypatch.undo()
    assert (
        run.code == 2
        and run.err
        == f"error: --out {out}: cannot be looked at (Permission denied); choose a folder you may write to\n"
    )


def test_out_below_a_file_is_refused(make_root, cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    run = cli("build", "--root", make_root(), "--out", tmp_path / "notes.txt" / "out", "--no-search")
    assert run.code == 2
    assert (
        run.err
        == f"error: --out {tmp_path / 'notes.txt' / 'out'}: {tmp_path / 'notes.txt'} is a file, not a folder; choose "
        "another --out\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_that_is_a_file_is_refused(make_root, cli, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    run = cli("build", "--root", make_root(), "--out", tmp_path / "notes.txt", "--no-search")
    assert (
        run.code == 2
        and run.err
        == f"error: --out {tmp_path / 'notes.txt'}: {tmp_path / 'notes.txt'} is a file, not a folder; choose another "
        "--out\n"
    )
