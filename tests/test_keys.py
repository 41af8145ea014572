"""Page keys from what rendering read: a change reaches exactly the files that read it, with no list kept by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import tree

from careerguide.build import build_site
from careerguide.incremental.cache import Cache
from careerguide.link import link
from careerguide.load import load_site
from careerguide.render import Renderer
from careerguide.validate import validate

FAQ_WITH_EXTRA = """{% if page.ref.role == "customer-service-supervisor" %}{% include "extra.html" %}{% endif %}
{% if "faq" in shown %}<section aria-labelledby="faq"><h2 id="faq">{{ t.faq }}</h2></section>{% endif %}
"""


def build(root: Path, out: Path):
    return build_site(root, out, cache=Cache(root, keep_loaded=False))


def inodes(folder: Path) -> dict[str, int]:
    """Each file's inode: a file kept from the last build is a hard link to it, one written again is new."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def written_again(before: dict[str, int], out: Path) -> set[str]:
    return {path for path, inode in inodes(out).items() if before.get(path) != inode}


def test_a_role_page_records_its_templates_page_body_and_links(make_root):
    root = make_root()
    raw = load_site(root)
    content, _ = validate(raw)
    renderer = Renderer(link(content))
    page = next(p for p in renderer.site.pages if p.ref.slug == "kundeservicemedarbejder")
    file, _ = renderer.role_page(page)
    path = file.path
    assert {f"page:{path}", f"body:{path}", "template:role.html", "template:base.html", "template:role-faq.html"} <= (
        file.reads
    )
    assert "link:da:customer-service-supervisor" in file.reads  # the body's role: link
    assert not any(name.startswith("pages:") for name in file.reads)  # a role page lists no other page
    index = next(f for _, piece in renderer.site_file_parts() for f in piece() if f.path == "da/index.html")
    assert "pages:da" in index.reads and "template:index.html" in index.reads
    assert not any(name.startswith(("page:", "body:")) for name in index.reads)


def test_a_template_only_the_chooser_reads_renders_no_role_page_again(make_root, tmp_path):
    root, out = make_root({"templates/chooser.html": "{% extends 'base.html' %}"}), tmp_path / "out"
    build(root, out)
    before = inodes(out)
    (root / "templates/chooser.html").write_text("{% extends 'base.html' %}{# changed #}", encoding="utf-8")
    result = build(root, out)
    again = written_again(before, out)
    # The chooser is rendered with the other files every language shares (404, sitemap, assets); nothing of a
    # language's own folder is.
    assert result.rendered == 0 and "index.html" in again
    assert not [path for path in again if path.split("/")[0] in ("da", "no", "de")]
    assert tree(out) == tree(_cold(root, tmp_path))


def test_a_partial_included_on_one_page_reaches_that_page_alone(make_root, tmp_path):
    files = {"templates/role-faq.html": FAQ_WITH_EXTRA, "templates/extra.html": "<p>Ekstra</p>"}
    root, out = make_root(files), tmp_path / "out"
    build(root, out)
    before = inodes(out)
    (root / "templates/extra.html").write_text("<p>Mere</p>", encoding="utf-8")
    result = build(root, out)
    again = {path for path in written_again(before, out) if path.endswith("index.html")}
    assert again == {"da/teamleder/index.html"} and result.rendered == 1
    assert b"<p>Mere</p>" in (out / "da/teamleder/index.html").read_bytes()
    assert tree(out) == tree(_cold(root, tmp_path))


def test_a_template_that_reads_a_new_field_is_kept_current_without_a_list(make_root, tmp_path):
    # The register's `isco` is shown by no built-in template; a theme that starts to show it needs no change in the
    # generator for the page to follow the register.
    files = {"templates/role-updated.html": "<p class='isco'>{{ page.role.isco or 'none' }}</p>"}
    root, out = make_root(files), tmp_path / "out"
    build(root, out)
    register = root / "data/roles.yaml"
    text = register.read_text(encoding="utf-8")
    assert "customer-service-supervisor:\n" in text
    register.write_text(
        text.replace("customer-service-supervisor:\n", "customer-service-supervisor:\n  isco: '5151'\n")
    )
    before = inodes(out)
    result = build(root, out)
    assert b"<p class='isco'>5151</p>" in (out / "da/teamleder/index.html").read_bytes()
    assert "da/teamleder/index.html" in written_again(before, out) and result.rendered >= 1
    assert "da/kundeservicemedarbejder/index.html" not in written_again(before, out)
    assert tree(out) == tree(_cold(root, tmp_path))


def test_a_page_whose_read_set_is_gone_from_the_record_is_rendered_again(make_root, tmp_path):
    root, out = make_root(), tmp_path / "out"
    build(root, out)
    manifest = next(p for p in (root / ".cache/careerguide").glob("pages-*.json") if "patches" not in p.name)
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["readsets"]
    data["readsets"] = ""  # what each page read is no longer known
    manifest.write_text(json.dumps(data), encoding="utf-8")
    article = root / "content/da/zebra.md"
    os.utime(article, ns=(article.stat().st_atime_ns, article.stat().st_mtime_ns + 10**9))  # loaded, not changed
    result = build(root, out)
    assert result.rendered == len(result.site.pages)
    assert tree(out) == tree(_cold(root, tmp_path))


def _cold(root: Path, tmp_path: Path) -> Path:
    cold = tmp_path / "cold"
    build_site(root, cold, cache=None)
    return cold
