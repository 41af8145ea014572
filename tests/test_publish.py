"""Publishing: the CI workflows, the site served under a path prefix, cacheable assets and reproducible bytes.

The workflows are validated against GitHub's workflow schema, not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import REPO, tree

from careerguide.model.errors import Source
from careerguide.model.yamltext import parse_yaml

WORKFLOWS = REPO / ".github" / "workflows"


# --- the workflows ----------------------------------------------------------------------------------


def workflow(name: str) -> dict:
    """A workflow file read by YAML 1.2 rules (so `on:` stays a key)."""
    return parse_yaml((WORKFLOWS / name).read_text(encoding="utf-8"), Source(name)).value


def steps(flow: dict) -> list[dict]:
    return [step for job in flow["jobs"].values() for step in job["steps"]]


def validate_workflows(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflows_match_githubs_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [p.name for p in files] == ["publish.yml", "pull-request.yml"]
    done = validate_workflows(*files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "publish.yml"
    broken.write_text((WORKFLOWS / "publish.yml").read_text().replace("runs-on:", "runs_on:", 1))
    done = validate_workflows(broken)
    assert done.returncode == 1
    assert "'runs-on' is a required property" in done.stdout


def _index(commands: list[str], pattern: str) -> int:
    return next(i for i, command in enumerate(commands) if re.search(pattern, command))


def test_publish_tests_builds_and_checks_before_it_deploys():
    flow = workflow("publish.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    commands = [step.get("run") or step["uses"] for step in build["steps"]]
    order = [
        _index(commands, pattern)
        for pattern in (
            r"^\.ci/run$",
            r"build\.py build .*--strict",
            r"build\.py check --base-url \"\$PAGES_URL\"$",
            r"^actions/upload-pages-artifact@",
        )
    ]
    assert order == sorted(order)
    assert 'pip install -e ".[test]" && pytest' in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    built = re.search(r'build\.py build --out "\$RUNNER_TEMP/(\w+)"', commands[order[1]])
    assert built and "--no-cache" in commands[order[1]]
    assert commands[order[1]].endswith('--base-url "$PAGES_URL"')  # the address Pages reports, not site.yaml's
    pages = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/configure-pages@"))
    assert build["steps"][order[1]]["env"]["PAGES_URL"] == "${{{{ steps.{}.outputs.base_url }}}}".format(pages["id"])
    assert build["steps"][order[3]]["with"]["path"] == "${{ runner.temp }}/" + built.group(1)
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_pull_requests_are_built_and_checked_but_never_deployed():
    flow = workflow("pull-request.yml")
    assert list(flow["on"]) == ["pull_request"]
    assert flow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    commands = [step.get("run") or step["uses"] for step in steps(flow)]
    order = [
        _index(commands, pattern)
        for pattern in (r"^\.ci/run$", r"build\.py build .*--strict --no-cache", r"build\.py check$")
    ]
    assert order == sorted(order)
    assert not [c for c in commands if "pages" in c or "deploy" in c]


@pytest.mark.parametrize("name", ["publish.yml", "pull-request.yml"])
def test_workflows_use_official_actions_and_keep_expressions_out_of_scripts(name):
    for step in steps(workflow(name)):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]
        else:
            assert "${{" not in step["run"], f"{name}: pass values to scripts through env:, not ${{{{ }}}}"
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in (WORKFLOWS / name).read_text()


# --- served under a path prefix ------------------------------------------------------------------------

PREFIX = "/repo/"


def _handler(out: Path) -> type[SimpleHTTPRequestHandler]:
    """Serves `out` below /repo/ as GitHub Pages serves a project site: 404.html for anything else."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith(PREFIX):
                return str(out / ".outside-the-prefix")
            return super().translate_path("/" + path[len(PREFIX) :])

        def list_directory(self, path):
            self.send_error(404)

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (out / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


class Links(HTMLParser):
    """The URLs a page points at (links, scripts, images, the search bundle) and its ids."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name):
                self.urls.append(a[name])
        if a.get("data-bundle"):
            self.urls += [
                a["data-bundle"] + "pagefind-ui.js",
                a["data-bundle"] + "pagefind-ui.css",
                a["data-bundle"] + "pagefind-entry.json",
            ]
        if a.get("data-bundles"):
            self.urls.append(a["data-bundles"])


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def crawl_over_http(base: str, missing: str) -> dict[str, Links]:
    """Every page reachable from the base URL, the sitemap and a missing URL; fails on any broken link."""
    origin = urlsplit(base).netloc
    seen, pages, anchors = set(), {}, []
    todo = [base, base + "sitemap.xml", base + "robots.txt", missing]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = fetch(url)
        assert status == (404 if url == missing else 200), f"{url}: HTTP {status}"
        found: list[str] = []
        if kind == "text/html":
            pages[url] = Links(body.decode("utf-8"))
            found = [urljoin(url, href) for href in pages[url].urls]
        elif url.endswith("sitemap.xml"):
            found = [e.text or e.get("href") for e in ET.fromstring(body).iter() if e.tag.endswith(("loc", "link"))]
        elif url.endswith("robots.txt"):
            found = re.findall(r"^Sitemap: (\S+)$", body.decode(), re.M)
        for target in found:
            if urlsplit(target).netloc != origin:
                continue
            target, fragment = urldefrag(target)
            assert target.startswith(base), f"{url} links out of the site's path: {target}"
            todo.append(target)
            if fragment:
                anchors.append((url, target, fragment))
    for url, target, fragment in anchors:
        assert fragment in pages[target].ids, f"{url}: no #{fragment} in {target}"
    return pages


def _served_root(kind: str, make_root, tmp_path: Path, base: str) -> Path:
    if kind == "good":
        root = make_root()
    else:
        root = tmp_path / "repository"
        for name in ("content", "data"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
    config = root / "site.yaml"
    config.write_text(
        re.sub(r"(?m)^base_url: .*$", f"base_url: {base}", config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("kind", ["good", "repository"])
def test_a_site_served_under_a_path_prefix_has_no_broken_link(kind, make_root, tmp_path, cli):
    out = tmp_path / "out"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(out))
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    root = _served_root(kind, make_root, tmp_path, base)
    run = cli("build", "--root", root, "--out", out, "--strict")
    assert run.code == 0, run.err
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        pages = crawl_over_http(base, missing=base + "da/no-such-page/deeper/")
    finally:
        server.shutdown()
        server.server_close()
    published = {base + p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html")}
    assert published - {base + "404.html"} <= set(pages), "pages that no link or sitemap entry reaches"
    assert all(page.urls for page in pages.values())


# --- reproducible bytes ------------------------------------------------------------------------------------

FAKE_CLOCK = """
import datetime, sys, time
fake = float(sys.argv.pop(1))
class Date(datetime.date):
    @classmethod
    def today(cls): return datetime.date.fromtimestamp(fake)
class DateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None): return datetime.datetime.fromtimestamp(fake, tz)
    @classmethod
    def today(cls): return datetime.datetime.fromtimestamp(fake)
    @classmethod
    def utcnow(cls): return datetime.datetime.utcfromtimestamp(fake)
datetime.date, datetime.datetime = Date, DateTime
localtime, gmtime = time.localtime, time.gmtime
time.time, time.time_ns = (lambda: fake), (lambda: int(fake * 1e9))
time.localtime = lambda secs=None: localtime(fake if secs is None else secs)
time.gmtime = lambda secs=None: gmtime(fake if secs is None else secs)
sys.path.insert(0, sys.argv.pop(1))
from careerguide.commands.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_two_checkouts_build_the_same_bytes_whatever_the_clock(tmp_path):
    """Different folders, clocks, time zones, locales, hash seeds and file times; the same bytes."""
    outputs = []
    for index, (clock, epoch, zone) in enumerate([(3e7, "0", "UTC"), (2.9e9, "2000000000", "Pacific/Kiritimati")]):
        root = tmp_path / f"checkout-{index}" / ("deeper/" * index) / "guide"
        for name in ("content", "data"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        for path in root.rglob("*"):
            os.utime(path, (clock, clock))
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": epoch,
            "TZ": zone,
            "LC_ALL": ["C.UTF-8", "da_DK.UTF-8"][index],
            "PYTHONHASHSEED": str(index + 1),
        }
        out = tmp_path / f"out-{index}"
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                FAKE_CLOCK,
                str(clock),
                str(REPO),
                "build",
                "--root",
                str(root),
                "--out",
                str(out),
                "--strict",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(tree(out))
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert [path for path in outputs[0] if outputs[0][path] != outputs[1][path]] == []


def test_hashed_assets_can_be_cached_forever(make_root, cli, tmp_path):
    """docs/hosting.md gives assets/ a year-long cache: every file there must be named by its content."""
    out = tmp_path / "out"
    assert cli("build", "--root", make_root(), "--out", out).code == 0
    assets = sorted((out / "assets").iterdir())
    assert assets
    for path in assets:
        assert re.fullmatch(r"[\w-]+\.[0-9a-f]{10}\.\w+", path.name), path.name
    first = {p.name for p in assets}
    root = make_root({"templates/assets/style.css": "body { color: red; }\n"})
    assert cli("build", "--root", root, "--out", out).code == 0
    changed = {p.name for p in (out / "assets").iterdir()}
    assert len(changed - first) == 1 and next(iter(changed - first)).startswith("style.")
    hosting = (REPO / "docs" / "hosting.md").read_text(encoding="utf-8")
    assert "/assets/*" in hosting and "immutable" in hosting
