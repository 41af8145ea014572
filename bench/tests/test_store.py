"""The store benchmark does the same work on every store: SQLite reads back what today's files hold, and each
operation leaves every store in the same state."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(small_corpus, tmp_path_factory) -> tuple[Path, Path, Path]:
    """The small corpus built once with the cache on: (root, output folder, a work folder)."""
    work = tmp_path_factory.mktemp("store")
    root = work / "root"
    shutil.copytree(small_corpus / "careerguide", root)
    out = work / "out"
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--out", str(out), "--no-search"]
    subprocess.run(command, check=True, capture_output=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    return root, out, work


def test_every_sqlite_store_reads_back_what_the_files_hold(built):
    root, out, work = built
    # pristine_stores checks each SQLite store against today's files (store.check_same) as it writes it
    stores = store.pristine_stores(store.Plan.of(root, out), work, list(store.VARIANTS))
    assert set(stores) == set(store.VARIANTS)
    assert (stores["sqlite-wal"] / store.DB_NAME).is_file()
    assert not (stores["json"] / store.CACHE_FOLDER / "pages-x.json").exists()


@pytest.mark.parametrize("variant", store.VARIANTS)
def test_each_operation_leaves_the_store_as_the_build_would(built, variant):
    root, out, work = built
    plan = store.Plan.of(root, out)
    pristine = store.pristine_stores(plan, work / variant, [variant])[variant]
    scratch = work / f"scratch-{variant}"
    for operation, after in (("nochange", "old/old/old"), ("patch", "old/old/old"), ("factbox", "new/new/new")):
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(pristine, scratch)
        assert store.store_state(variant, plan, scratch) == "old/old/old"
        figures = store._run_child(work, variant, operation, scratch, trace=False)
        assert figures["wall"] > 0 and figures["bytes"] > 0
        assert store.store_state(variant, plan, scratch) == after, operation


def test_a_body_patch_is_read_back_by_the_next_build(built):
    """The patch operation records the new slot, page key and the article's stamp where the next build reads them."""
    root, out, work = built
    plan = store.Plan.of(root, out)
    stores = store.pristine_stores(plan, work / "patch", ["json", "sqlite-wal"])
    read = {}
    for variant, pristine in stores.items():
        scratch = work / f"patched-{variant}"
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(pristine, scratch)
        store._run_child(work, variant, "patch", scratch, trace=False)
        if variant == "json":
            manifest = store.json_cache(variant, scratch).manifest(out)
            slot = manifest.slot(plan.article)
            assert manifest.build is not None and slot is not None
            read[variant] = (slot, manifest.pages[slot.page], manifest.build.inputs[plan.article_path])
        else:
            db = store.SqliteStore(scratch / store.DB_NAME, variant)
            slot = db.slot(plan.out, plan.article)
            found = db.last_build(plan.out)
            assert slot is not None and found is not None
            read[variant] = (slot, db.page(plan.out, slot.page), found[0].inputs[plan.article_path])
            db.close()
    before = store.Loaded.of(plan).manifest
    assert read["json"] == read["sqlite-wal"]
    assert read["json"][0] != before.slots[plan.article]


def test_the_kill_check_finds_each_store_before_or_after_the_save(built, tmp_path):
    root, out, _ = built
    args = argparse.Namespace(tries=3, variants=["json", "sqlite-wal"])
    outcomes = store.kill_check(root, out, tmp_path, args)
    assert set(outcomes) == {"json", "sqlite-wal"}
    assert sum(outcomes["sqlite-wal"].values()) == 3
    assert set(outcomes["sqlite-wal"]) <= {"old/old/old", "new/new/new"}
