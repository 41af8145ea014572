"""The build pipeline: identical output cold, from the cache, and with any number of worker processes."""

import pytest
from conftest import tree

from careerguide.build import build_site, refresh_site
from careerguide.incremental.cache import Cache
from careerguide.load import BUILTIN_THEME
from careerguide.model.errors import BuildFailed
from careerguide.parallel import forking


@pytest.fixture
def many_pages(make_root, monkeypatch):
    """The good site with worker processes used even for its few pages."""
    monkeypatch.setattr(forking, "PARALLEL_FROM", 2)
    return make_root()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_output_is_identical_with_any_number_of_workers(many_pages, tmp_path, jobs):
    reference = build_site(many_pages, tmp_path / "ref", jobs=1, cache=None)
    result = build_site(many_pages, tmp_path / "out", jobs=jobs, cache=None)
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")
    assert result.rendered == len(reference.site.pages)


def test_rebuild_reuses_unchanged_pages_and_gives_the_same_bytes(many_pages, tmp_path):
    out = tmp_path / "out"
    cold = build_site(many_pages, out, cache=Cache(many_pages))
    assert (cold.rendered, cold.reused) == (7, 0)
    first = tree(out)
    again = build_site(many_pages, out, cache=Cache(many_pages))
    assert (again.rendered, again.reused) == (0, 7)
    assert tree(out) == first
    build_site(many_pages, tmp_path / "nocache", cache=None)
    assert tree(tmp_path / "nocache") == first


def test_a_changed_article_rerenders_itself_and_the_pages_that_show_it(many_pages, tmp_path):
    out = tmp_path / "out"
    build_site(many_pages, out, cache=Cache(many_pages))
    article = many_pages / "content/da/teamleder.md"
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    result = build_site(many_pages, out, cache=Cache(many_pages))
    # the page itself and the representative's page, whose career path names it
    assert (result.rendered, result.reused) == (2, 5)
    assert "Holdleder" in (out / "da/kundeservicemedarbejder/index.html").read_text()
    build_site(many_pages, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")


def test_an_edit_inside_an_article_body_reuses_the_site_files(many_pages, tmp_path):
    out = tmp_path / "out"
    build_site(many_pages, out, cache=Cache(many_pages))
    index = (out / "da/index.html").stat().st_ino
    article = many_pages / "content/da/teamleder.md"
    article.write_text(article.read_text() + "\nEn ny sætning.\n")
    assert build_site(many_pages, out, cache=Cache(many_pages)).rendered == 1
    assert (out / "da/index.html").stat().st_ino == index  # linked from the previous output, not written again
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    build_site(many_pages, out, cache=Cache(many_pages))
    assert (out / "da/index.html").stat().st_ino != index and "Holdleder" in (out / "da/index.html").read_text()
    build_site(many_pages, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")


@pytest.mark.parametrize("refresh", [False, True])
def test_an_edit_in_one_language_renders_only_that_language_s_site_files(many_pages, tmp_path, refresh):
    out, cache = tmp_path / "out", Cache(many_pages)
    build_site(many_pages, out, cache=cache)
    lists = [
        "da/index.html",
        "da/loensammenligning/index.html",
        "no/index.html",
        "no/karrierekart/index.html",
        "de/index.html",
    ]
    before = {path: (out / path).stat().st_ino for path in lists}
    article = many_pages / "content/da/teamleder.md"
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    refresh_site(many_pages, out, cache) if refresh else build_site(many_pages, out, cache=Cache(many_pages))
    after = {path: (out / path).stat().st_ino for path in lists}
    assert [path for path in lists if after[path] != before[path]] == lists[:2]  # written again: only the Danish ones
    assert "Holdleder" in (out / "da/index.html").read_text()
    build_site(many_pages, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")


def test_a_template_change_rerenders_every_page(many_pages, tmp_path):
    out = tmp_path / "out"
    build_site(many_pages, out, cache=Cache(many_pages))
    (many_pages / "templates").mkdir()
    (many_pages / "templates/strings").mkdir()
    (many_pages / "templates/strings/da.yaml").write_text("all_roles: Alle stillinger\n")
    assert build_site(many_pages, out, cache=Cache(many_pages)).rendered == 7


def test_a_build_with_no_file_changed_loads_nothing_and_notices_every_kind_of_change(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    first = build_site(root, out, cache=Cache(root))
    built = tree(out)
    again = build_site(root, out, cache=Cache(root))
    assert again.site is None and again.languages == first.languages and again.reused == 7 and tree(out) == built

    def rebuilt() -> bool:
        return build_site(root, out, cache=Cache(root)).site is not None

    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    assert rebuilt() and not rebuilt()
    holdleder = tree(out)
    (root / "content/da/ny-rolle.md").write_text(
        "---\nrole: customer-service-supervisor\ntitle: N\ndescription: D\n---\n"
    )
    with pytest.raises(BuildFailed):  # a second article of the same role: noticed, so it fails
        build_site(root, out, cache=Cache(root))
    (root / "content/da/ny-rolle.md").unlink()  # the same files as the last good build: its output stays
    assert not rebuilt() and tree(out) == holdleder
    (root / "templates").mkdir()  # a folder that was absent when the last build looked for it
    assert rebuilt() and not rebuilt()
    (out / "da/teamleder/index.html").unlink()  # the output lost a page
    assert rebuilt() and (out / "da/teamleder/index.html").is_file()
    build_site(root, tmp_path / "cold", cache=None)
    assert tree(out) == tree(tmp_path / "cold")


def test_warnings_of_reused_pages_are_still_reported(make_root, tmp_path):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: "
            "D\n---\n[chef](role:head-of-customer-service)\n"
        }
    )
    first = build_site(root, tmp_path / "out", cache=Cache(root))
    second = build_site(root, tmp_path / "out", cache=Cache(root))
    assert second.reused == 7
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings] != []
    with pytest.raises(BuildFailed):
        build_site(root, tmp_path / "out", strict=True, cache=Cache(root))


def test_a_broken_cache_is_ignored(many_pages, tmp_path):
    out = tmp_path / "out"
    build_site(many_pages, out, cache=Cache(many_pages))
    for file in (many_pages / ".cache/careerguide").iterdir():
        file.write_bytes(b"\x80garbage")
    result = build_site(many_pages, out, cache=Cache(many_pages))
    assert result.rendered == 7


def test_a_cache_left_by_another_generator_is_ignored(many_pages, tmp_path, monkeypatch):
    """A library upgrade (Babel's brings new CLDR data) or an edit of the code may change every page."""
    import babel

    from careerguide.incremental.manifest import generator

    out = tmp_path / "out"
    build_site(many_pages, out, cache=Cache(many_pages))
    assert build_site(many_pages, out, cache=Cache(many_pages)).rendered == 0
    before = generator()
    monkeypatch.setattr(babel, "__version__", "99.0")
    generator.cache_clear()
    try:
        assert generator() != before
        assert build_site(many_pages, out, cache=Cache(many_pages)).rendered == 7
    finally:
        monkeypatch.undo()
        generator.cache_clear()
    assert generator() == before


def test_refresh_writes_only_what_changed_and_keeps_the_site_on_errors(make_root, tmp_path):
    root = make_root()
    out = tmp_path / "out"
    cache = Cache(root)
    refresh_site(root, out, cache)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}

    article = root / "content/da/zebra.md"
    article.write_text(article.read_text() + "\nNy sætning.\n")
    result = refresh_site(root, out, cache)
    assert (result.rendered, result.reused) == (1, 6)
    touched = {p for p, stamp in before.items() if p.stat().st_mtime_ns != stamp}
    assert touched == {out / "da/zebra/index.html"}

    (root / "data/da/customer-service-representative.yaml").write_text("dutys: [x]\n")
    with pytest.raises(BuildFailed):
        refresh_site(root, out, cache)
    assert "Ny sætning." in (out / "da/zebra/index.html").read_text()

    (root / "data/da/customer-service-representative.yaml").write_text("summary: Hjælper kunder.\n")
    article.unlink()
    refresh_site(root, out, cache)
    assert not (out / "da/zebra").exists()
    assert "Zoneteknikker" not in (out / "da/index.html").read_text()
    cold = tmp_path / "cold"
    build_site(root, cold)
    assert tree(out) == tree(cold)


def test_the_parsed_yaml_is_rewritten_only_when_it_changed(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    legacy = root / ".cache/careerguide/parsed.json"  # the values in one file, as an older version kept them
    legacy.parent.mkdir(parents=True)
    legacy.write_text('{"version": "old", "entries": {}}', encoding="utf-8")
    build_site(root, out, cache=Cache(root))
    assert not legacy.exists()
    shards = sorted((root / ".cache/careerguide").glob("parsed-*.json"))
    assert 1 < len(shards) <= 16  # an empty shard is not written
    first = {shard.name: shard.stat().st_ino for shard in shards}
    article = root / "content/da/zebra.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8"
    )  # the front matter stays
    build_site(root, out, cache=Cache(root))
    assert {shard.name: shard.stat().st_ino for shard in shards} == first
    box = root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text(encoding="utf-8").replace("Hjælper kunder", "Hjælper gerne kunder"), encoding="utf-8")
    build_site(root, out, cache=Cache(root))
    rewritten = [shard for shard in shards if shard.stat().st_ino != first[shard.name]]
    # The old value's shard and the new one's (one file, when both hashes start alike): not the other fourteen.
    assert 1 <= len(rewritten) <= 2
    assert any("Hjælper gerne kunder" in shard.read_text(encoding="utf-8") for shard in rewritten)


def test_a_one_shot_cache_keeps_nothing_loaded_yet_serves_the_next_build(make_root, tmp_path, monkeypatch):
    root, out = make_root(), tmp_path / "out"
    cache = Cache(root, keep_loaded=False)
    build_site(root, out, cache=cache)
    assert len(cache.checks) == 0 and cache.links.last is None and cache.parsed_used == {}
    assert cache.files and all("/*" in path for path in cache.files)  # folder listings only
    article = root / "content/da/zebra.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")

    def no_parsing(*args, **kwargs):
        raise AssertionError("a file whose YAML was parsed before is parsed again")

    monkeypatch.setattr("careerguide.parallel.parsing.ParseStream.add", no_parsing)
    assert build_site(root, out, cache=Cache(root, keep_loaded=False)).rendered == 1


def test_a_new_process_reads_only_the_files_that_changed_yet_names_lines_in_the_others(
    make_root, tmp_path, monkeypatch
):
    from careerguide.load import reader

    root = make_root(
        {
            "content/da/aalborg.md": "---\ntitle: Ålborgvejleder\ndescription: En rolle.\nrole: "
            "aalborg-role\n---\nTekst.\n"
        }
    )
    out = tmp_path / "out"
    build_site(root, out, cache=Cache(root, keep_loaded=False))
    zebra = root / "content/da/zebra.md"
    zebra.write_text(zebra.read_text(encoding="utf-8").replace("description: ", "description: Ny. "), encoding="utf-8")
    read: list[str] = []
    original = reader.Reader.bytes

    def counted(self, path, *args, **kwargs):
        if path.is_relative_to(root / "content") or path.is_relative_to(root / "data" / "da"):
            read.append(path.relative_to(root).as_posix())
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(reader.Reader, "bytes", counted)
    assert build_site(root, out, cache=Cache(root, keep_loaded=False)).rendered == 1
    # looked at for an edit of its body alone, loaded, then its body read for its page
    assert read == ["content/da/zebra.md"] * 3

    roles = root / "data/roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("aalborg-role", "aalborg-rolle"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(root, out, cache=Cache(root, keep_loaded=False))
    assert any(
        str(p).startswith("content/da/aalborg.md:4: role: 'aalborg-role' is not in the register")
        for p in failed.value.problems
    )


def test_file_records_of_the_wrong_shape_are_ignored(make_root, tmp_path):
    import json

    root, out = make_root(), tmp_path / "out"
    build_site(root, out, cache=Cache(root, keep_loaded=False))
    records = root / ".cache/careerguide/files.json"
    data = json.loads(records.read_text(encoding="utf-8"))
    assert any(
        len(record) == 5 for record in data["entries"].values()
    )  # articles: stamp, hash, front matter hash, body line, links
    data["entries"] = {
        path: [record[0], *([7, None, "x", {}, 0][: len(record) - 1])] for path, record in data["entries"].items()
    }
    records.write_text(json.dumps(data), encoding="utf-8")
    (root / "content/da/zebra.md").write_text(
        "---\nrole: technical-support-representative\ntitle: Zoneteknikker\ndescription: Z.\n---\nNy tekst.\n",
        encoding="utf-8",
    )
    build_site(root, out, cache=Cache(root, keep_loaded=False))
    cold = tmp_path / "cold"
    build_site(root, cold)
    assert tree(out) == tree(cold)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_edited_while_its_page_renders_fails_the_build_and_keeps_the_site(
    many_pages, tmp_path, monkeypatch, jobs
):
    from careerguide.load import files as load

    out = tmp_path / "out"
    build_site(many_pages, out, jobs=1)
    before = tree(out)
    original = load.article_body

    def edited_meanwhile(root, article):
        path = root / "content" / article.lang / f"{article.slug}.md"
        path.write_text(path.read_text(encoding="utf-8") + "Ændret undervejs.\n", encoding="utf-8")
        return original(root, article)

    monkeypatch.setattr(load, "article_body", edited_meanwhile)
    with pytest.raises(BuildFailed) as failed:
        build_site(many_pages, out, jobs=jobs)
    assert str(failed.value.problems[0]).endswith(": the file changed while the site was being built; build again")
    assert tree(out) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_error_names_the_template_line_and_keeps_the_site(many_pages, tmp_path, jobs):
    out = tmp_path / "out"
    build_site(many_pages, out, jobs=1)
    before = tree(out)
    lines = (BUILTIN_THEME / "role.html").read_text(encoding="utf-8").split("\n")
    lines.insert(2, "{{ page.no_such_field.deeper }}")  # on line 3, in a worker process when jobs > 1
    (many_pages / "templates").mkdir()
    (many_pages / "templates/role.html").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(many_pages, out, jobs=jobs, cache=None)
    assert str(failed.value.problems[0]).startswith("templates/role.html:3: template error:")
    assert tree(out) == before


@pytest.mark.parametrize("entries", [{}, {"a": 1}, {f"k{n}": {"x": [n, "æø"], "y": None} for n in range(2500)}])
def test_cache_entries_written_in_pieces_are_the_json_of_them_whole(entries):
    import json

    from careerguide.incremental.cache import entries_json
    from careerguide.incremental.manifest import generator

    assert (
        b"".join(entries_json(entries, batch=1000))
        == json.dumps({"version": generator(), "entries": entries}, ensure_ascii=False).encode()
    )
