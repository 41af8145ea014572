"""Hostile input is refused with a clear message or rendered as harmless text, and nothing is written outside the
output folder.

The fixtures are under tests/sites/hostile/: `markup` and `encoding` must build, each case under
`refused/` must fail with exactly the messages of its expected.txt. Inputs that cannot live in git
(symlinks, huge files, odd file names) are made by the tests here.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SITES, run_build_py, tree
from test_interrupted import settled

from careerguide.write.folder import MARKER

HOSTILE = SITES / "hostile"
REFUSED = sorted(p.name for p in (HOSTILE / "refused").iterdir() if p.is_dir())
PWNED = Path("/tmp/careerguide-pwned")


def overlay(make_root, *cases: str) -> Path:
    """The good site root with the files of hostile fixture folders copied over it."""
    root = make_root()
    for case in cases:
        shutil.copytree(HOSTILE / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def snapshot(folder: Path, skip: set[Path]) -> dict[str, object]:
    """Every entry below `folder`: files by content, links by target, folders by name; `skip` left out."""
    entries: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in sorted(dirnames + filenames):
            path = here / name
            if path in skip:
                continue
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                entries[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[rel] = "folder"
            else:
                entries[rel] = path.read_bytes()
    return entries


class Guarded:
    """Runs builds into tmp_path/out and proves that nothing outside it (but the root's cache) changed."""

    def __init__(self, tmp_path: Path, cli):
        self.tmp_path = tmp_path
        self.out = tmp_path / "out"
        self.cli = cli

    def build(self, root: Path, *args: str):
        skip = {self.out, root / ".cache"}
        before = snapshot(self.tmp_path, skip)
        run = self.cli("build", "--root", root, "--out", self.out, "--no-search", *args)
        assert settled(self.out) == []
        assert snapshot(self.tmp_path, skip) == before, "the build wrote outside its output folder"
        assert "Traceback" not in run.err
        return run


@pytest.fixture
def guarded(tmp_path, cli):
    return Guarded(tmp_path, cli)


# --- markup in every editor-controlled field ------------------------------------------------------

MARKDOWN_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "a",
    "img",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "s",
    "br",
    "hr",
}
"""Elements that Markdown makes; with the theme's own, the only ones a page may hold."""
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


class Elements(HTMLParser):
    """Every element with its attributes, the page's text, its <title> and the text of each script."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.titles: list[str] = []
        self._inside: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        elif tag == "title":
            self.titles.append("")
        self._inside = tag if tag in ("script", "title") else self._inside

    def handle_endtag(self, tag):
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data):
        self.text.append(data)
        if self._inside == "script":
            self.scripts[-1] = (self.scripts[-1][0], self.scripts[-1][1] + data)
        elif self._inside == "title":
            self.titles[-1] += data


def theme_tags(guarded: Guarded, make_root) -> set[str]:
    """The elements the theme itself puts in the pages of the good site."""
    out = guarded.tmp_path / "theme-out"
    assert guarded.cli("build", "--root", make_root(), "--out", out, "--no-search").code == 0
    tags = {tag for path in out.rglob("*.html") for tag, _ in Elements(path.read_text(encoding="utf-8")).elements}
    shutil.rmtree(out)
    return tags


def test_markup_in_every_editor_field_is_shown_as_text(make_root, guarded):
    allowed = theme_tags(guarded, make_root) | MARKDOWN_TAGS
    root = overlay(make_root, "markup")
    strict = guarded.build(root, "--strict")
    # the one problem: a role: link to a heading no page can have, which a strict build refuses
    assert strict.code == 1
    assert [line.split(": ", 2)[:2] for line in strict.problems] == [
        ["content/da/kundeservicemedarbejder.md:21", "role:customer-service-supervisor#%22"]
    ]
    run = guarded.build(root)
    assert run.code == 0, run.err
    pages = sorted(guarded.out.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page = Elements(path.read_text(encoding="utf-8"))
        where = path.relative_to(guarded.out).as_posix()
        for tag, attrs in page.elements:
            assert tag in allowed, f"{where}: an editor's <{tag}> became an element"
            assert not [name for name in attrs if name.startswith("on")], f"{where}: <{tag} {attrs}>"
            assert "http-equiv" not in attrs, f"{where}: <{tag} {attrs}>"
            for name in ("href", "src", "action", "formaction"):
                value = "".join((attrs.get(name) or "").split()).lower()
                assert not value.startswith(UNSAFE_SCHEMES), f"{where}: <{tag} {name}={attrs[name]!r}>"
        for attrs, text in page.scripts:
            assert attrs.get("type") == "application/ld+json" or ("src" in attrs and not text.strip()), (
                f"{where}: {attrs}"
            )
            if attrs.get("type") == "application/ld+json":
                json.loads(text)
        assert page.titles and page.titles[0].strip(), where

    role = Elements((guarded.out / "da/kundeservicemedarbejder/index.html").read_text(encoding="utf-8"))
    text = "".join(role.text)
    title = "Kunde</title><script>alert('title')</script>service \"&amp; {{ 7 * 7 }}"
    assert role.titles[0].startswith(title)
    graph = json.loads(next(t for a, t in role.scripts if a.get("type") == "application/ld+json"))["@graph"]
    assert graph[0]["name"] == title
    for marker in (
        "raw-block",
        "raw-inline",
        "comment",
        "heading",
        "link",
        "link-case",
        "link-entity",
        "image",
        "alt",
        "cell",
        "code block",
        "reference",
        "summary",
        "education",
        "education-link",
        "path",
        "path-mapping",
        "issuer",
        "salary-label",
        "salary-source",
        "salary-note",
        "outlook",
        "employment",
        "hours",
        "skill",
        "duty",
        "duty-img",
        "myth",
        "fact",
        "question",
        "answer",
        "source-title",
    ):
        assert f"('{marker}')" in text, f"the text with {marker!r} was dropped, not shown"
    assert "{% include 'base.html' %}" in text, "editor text went through the template engine"
    ET.parse(guarded.out / "sitemap.xml")


# --- BOM, Windows line ends, NFD text ---------------------------------------------------------------


def test_bom_crlf_and_nfd_text_build_as_nfc(make_root, guarded):
    root = overlay(make_root, "encoding")
    raw = (root / "content/da/aalborg.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and "A\u030a".encode() in raw

    run = guarded.build(root, "--strict")

    assert run.code == 0, run.err  # the description is 160 characters in NFC, more in NFD
    for path in guarded.out.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json"):
            text = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), path
            assert "\r" not in text and "\ufeff" not in text, path
    page = Elements((guarded.out / "da/aalborg/index.html").read_text(encoding="utf-8"))
    assert page.titles[0].startswith("Ålborgvejleder på Ærø – ")
    assert ("h2", {"id": "aarets-gaang"}) in page.elements
    index = (guarded.out / "da/index.html").read_text(encoding="utf-8")
    order = [index.index(title) for title in ("Zoneteknikker", "Østersfisker", "Ålborgvejleder på Ærø")]
    assert order == sorted(order), "Æ Ø Å sort after Z in Danish"
    page = Elements((guarded.out / "de/kundendienstmitarbeiter/index.html").read_text(encoding="utf-8"))
    assert page.titles[0].startswith("Kundendienstmitarbeiter für Beschwerden – ")
    assert ("h2", {"id": "uebersicht"}) in page.elements


# --- refused with exact messages --------------------------------------------------------------------


@pytest.mark.parametrize("case", REFUSED)
def test_hostile_input_is_refused_with_exact_messages(case, make_root, guarded):
    root = overlay(make_root, f"refused/{case}")
    guarded.out.mkdir()
    (guarded.out / MARKER).write_text("")  # a site the generator built
    (guarded.out / "sitemap.xml").write_text("previous site")
    before = tree(guarded.out)

    run = guarded.build(root, "--strict")

    expected = (HOSTILE / "refused" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert run.code == 1
    assert run.problems == expected
    assert tree(guarded.out) == before
    assert not PWNED.exists()


def test_python_tag_in_the_register_runs_nothing(make_root, guarded):
    root = make_root(
        {
            "data/roles.yaml": "customer-service-representative:\n"
            "  isco: !!python/object/apply:os.system ['touch /tmp/careerguide-pwned']\n"
        }
    )
    run = guarded.build(root)
    assert run.code == 1
    assert (
        "data/roles.yaml:2: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; remove the tag"
        in run.problems
    )
    assert not PWNED.exists()


def test_a_control_character_is_reported_on_its_line(make_root, guarded):
    root = make_root(
        {
            "data/da/customer-service-representative.yaml": "summary: Hjælper.\nduties: [a]\nskills: [b\x07]\n",
            "content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: Z\x00\ndescription: D\n---\n",
        }
    )
    run = guarded.build(root)
    assert run.problems == [
        "content/da/zebra.md:3: malformed YAML: the character U+0000 is not allowed; delete it",
        "data/da/customer-service-representative.yaml:3: malformed YAML: the character U+0007 is not allowed; delete "
        "it",
    ]


# --- sizes and depths ---------------------------------------------------------------------------------


def test_oversized_files_are_refused_unread(make_root, guarded):
    big = "x" * (3 * 1024 * 1024)
    files = {
        "content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: Z\ndescription: D\n---\n" + big,
        "data/da/customer-service-representative.yaml": "summary: " + big + "\n",
    }
    run = guarded.build(make_root(files))
    assert run.code == 1
    for path, text in files.items():
        assert f"{path}:1: file is {len(text)} bytes; the limit is 2097152" in run.problems


DEEP_YAML = {
    "flow sequences": "summary: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "flow mappings": "summary: " + "{a: " * 40_000 + "x" + "}" * 40_000 + "\n",
    "block mappings": "".join(" " * depth + "a:\n" for depth in range(1_500)),
    "a few hundred levels": "summary: " + "[" * 400 + "]" * 400 + "\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_YAML))
def test_deeply_nested_yaml_is_an_error_not_a_crash(name, make_root, tmp_path):
    # In a child process: a crash of the YAML library must fail this test, not end the test run.
    root = make_root({"data/da/customer-service-representative.yaml": DEEP_YAML[name]})
    done = run_build_py("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search")
    assert done.returncode == 1, f"exit code {done.returncode} (negative: killed by a signal)\n{done.stderr[-2000:]}"
    assert done.stderr.startswith("data/da/customer-service-representative.yaml:"), done.stderr[-2000:]
    assert "Traceback" not in done.stderr


def test_deeply_nested_markdown_builds(make_root, guarded):
    body = (
        "> " * 20_000 + "quote\n\n" + "".join("  " * depth + "- item\n" for depth in range(500)) + "*" * 50_000 + "\n"
    )
    root = make_root(
        {"content/da/zebra.md": "---\nrole: technical-support-representative\ntitle: Z\ndescription: D\n---\n" + body}
    )
    run = guarded.build(root)
    assert run.code == 0, run.err


# --- only regular files are read --------------------------------------------------------------------------

NOT_A_FILE = "not a file; remove it or replace it with a regular file"


def special_file(path: Path, kind: str, monkeypatch) -> None:
    """Put a named pipe, a socket or a folder at `path`, in place of whatever file was there."""
    if path.is_file():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        monkeypatch.chdir(path.parent)  # a socket's address is limited to about 100 characters
        server = socket.socket(socket.AF_UNIX)
        server.bind(path.name)
        server.close()
    else:
        path.mkdir()


SPECIAL_FILES = [
    ("content/da/kundeservicemedarbejder.md", "pipe", "is a named pipe"),
    ("content/da/x.md", "pipe", "is a named pipe"),
    ("data/da/customer-service-representative.yaml", "socket", "is a socket"),
    ("site.yaml", "pipe", "is a named pipe"),
    ("data/roles.yaml", "folder", "is a folder"),
    ("templates/role.html", "pipe", "is a named pipe"),
    ("templates/strings/da.yaml", "pipe", "is a named pipe"),
    ("templates/assets/extra.css", "pipe", "is a named pipe"),
]


@pytest.mark.parametrize("name, kind, what", SPECIAL_FILES, ids=[f"{name} {kind}" for name, kind, _ in SPECIAL_FILES])
def test_a_pipe_socket_or_folder_among_the_inputs_is_named_and_never_waited_on(
    name, kind, what, make_root, tmp_path, monkeypatch
):
    root = make_root()
    special_file(root / name, kind, monkeypatch)
    # In a child process with a timeout: reading a named pipe used to wait for a writer for ever.
    done = run_build_py("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search", timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"{name}:1: {what}, {NOT_A_FILE}" in done.stderr.splitlines(), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_pipe_in_the_cache_folder_is_not_waited_on(make_root, tmp_path):
    root = make_root()
    (root / ".cache/careerguide").mkdir(parents=True)
    for name in ("parsed-0.json", "files.json"):
        os.mkfifo(root / ".cache/careerguide" / name)
    done = run_build_py("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search", timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "da" / "index.html").is_file()


def test_a_file_swapped_for_a_pipe_after_its_check_is_refused_without_waiting(tmp_path):
    from careerguide.load.reader import NotAFile, read_regular

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile, match="is a named pipe, not a file"):
        read_regular(str(pipe))
    import careerguide.load.reader as reader

    with pytest.raises(NotAFile, match="is a named pipe"):
        reader._read(str(pipe), 10)  # what follows the check in Reader.bytes, should the file change in between


# --- ../ and odd characters in names ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..\\..\\evil", "..", "...", ".%2e%2fevil"])
def test_hidden_file_names_are_not_content(name, make_root, guarded):
    root = make_root()
    (root / "content/da" / f"{name}.md").write_text(
        "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n"
    )
    run = guarded.build(root)
    assert run.code == 0, run.err
    assert run.out.startswith("built 7 role pages (da 5, no 1, de 1)"), "a hidden file was read as an article"
    [warning] = run.problems  # named, so that an editor learns why the page is missing (see test_unread.py)
    assert warning.startswith(f"content/da/{name}.md:1: warning: not read: a name that starts with a dot is hidden; ")


@pytest.mark.parametrize(
    "name", ["evil..\\..\\x", "<script>alert(1)<", 'a"b', "CON", "kunde service", "ærø", "a..b", "%2e%2e"]
)
def test_odd_article_file_names_are_refused(name, make_root, guarded):
    root = make_root()
    (root / "content/da" / f"{name}.md").write_text(
        "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n"
    )
    run = guarded.build(root)
    assert run.code == 1
    assert run.problems[0].startswith(f"content/da/{name}.md:1: {name!r}: invalid slug in the file name"), run.problems


def test_control_characters_in_file_names_cannot_forge_lines(make_root, guarded):
    root = make_root()
    (root / "content/da/a\n::error::forged\x1b[2J.md").write_text("x")
    run = guarded.build(root)
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "content/da/a\\n::error::forged\\x1b[2J.md:1: 'a\\n::error::forged\\x1b[2J': invalid slug in the file name; "
        "use lower-case letters, digits and single hyphens (æ→ae, ø→oe, å→aa)",
        "content/da/a\\n::error::forged\\x1b[2J.md:1: no front matter: start the file with a line '---', the fields "
        "(role, title, description), and another '---'",
    ]


def test_a_fact_box_named_like_a_path_is_refused(make_root, guarded):
    root = make_root()
    (root / "data/da/%2e%2e%2fescape.yaml").write_text("summary: x\n")
    run = guarded.build(root)
    assert run.code == 1
    assert run.problems == [
        "data/da/%2e%2e%2fescape.yaml:1: '%2e%2e%2fescape' is not in the register; a fact box is named after its "
        "role id"
    ]


# --- symlinks -------------------------------------------------------------------------------------------

SECRET = "SECRET-7f3a9c"


def _outside(tmp_path: Path) -> Path:
    """A folder beside the site root holding files that must never be read into the site."""
    folder = tmp_path / "outside"
    (folder / "da").mkdir(parents=True, exist_ok=True)
    (folder / "secret.md").write_text(
        f"---\nrole: customer-service-supervisor\ntitle: {SECRET}\ndescription: {SECRET}\n---\n{SECRET}\n"
    )
    (folder / "secret.yaml").write_text(f"summary: {SECRET}\n")
    (folder / "id_rsa").write_text(SECRET)
    (folder / "role.html").write_text(SECRET)
    (folder / "da" / "secret.md").write_text((folder / "secret.md").read_text())
    (folder / "da" / "customer-service-supervisor.yaml").write_text(f"summary: {SECRET}\n")
    return folder


LINKS = {
    "an article": ("content/da/secret.md", "secret.md"),
    "a fact box": ("data/da/customer-service-supervisor.yaml", "secret.yaml"),
    "the register": ("data/roles.yaml", "secret.yaml"),
    "site.yaml": ("site.yaml", "secret.yaml"),
    "a language folder of content": ("content/sv", "da"),
    "a language folder of data": ("data/no", "da"),
    "the content folder": ("content", "."),
    "a template": ("templates/role.html", "role.html"),
    "the assets folder": ("templates/assets", "."),
    "the templates folder": ("templates", "."),
}


@pytest.mark.parametrize("what", sorted(LINKS))
def test_links_out_of_the_root_are_refused_and_never_published(what, make_root, guarded, tmp_path):
    outside = _outside(tmp_path)
    link, target = LINKS[what]
    root = make_root()
    path = root / link
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside / target, path)

    run = guarded.build(root)

    assert run.code == 1, f"{what}: built from a link out of the root"
    assert any(p.startswith(link + ":") and "outside the site root" in p for p in run.problems), run.problems
    assert SECRET not in run.err
    assert not guarded.out.exists()


def test_a_link_that_loops_is_refused(make_root, guarded):
    root = make_root()
    os.symlink("loop.md", root / "content/da/loop.md")
    run = guarded.build(root)
    assert run.code == 1
    assert run.problems == [
        "content/da/loop.md:1: this link leads in a circle; replace it with the file or folder it means"
    ]


def test_links_inside_the_root_are_followed(make_root, guarded):
    root = make_root()
    (root / "shared").mkdir()
    shutil.move(root / "content/da/zebra.md", root / "shared/zebra.md")
    os.symlink("../../shared/zebra.md", root / "content/da/zebra.md")
    run = guarded.build(root, "--strict")
    assert run.code == 0, run.err
    assert (guarded.out / "da/zebra/index.html").is_file()


# --- files beside the content that the build must not trust -------------------------------------------


class _Marker:
    """Unpickling this creates the marker file: proof that a pickle from the site root was loaded."""

    def __reduce__(self):
        return (os.system, (f"touch {PWNED}",))


def test_a_cache_committed_with_the_content_is_not_unpickled(make_root, tmp_path):
    root = make_root()
    cache = root / ".cache" / "careerguide"
    cache.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps({"version": "0", "entries": _Marker()})
    (cache / "parsed.pickle").write_bytes(payload)
    PWNED.unlink(missing_ok=True)
    try:
        done = run_build_py("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search")
        assert not PWNED.exists(), "a pickle committed under .cache/ ran code during the build"
        assert done.returncode == 0, done.stderr
    finally:
        PWNED.unlink(missing_ok=True)


def test_nothing_outside_the_output_folder_changes_on_a_good_build(make_root, guarded):
    root = make_root()
    assert guarded.build(root, "--strict").code == 0
    assert guarded.build(root, "--strict").code == 0  # the second build swaps the first one out
    assert sorted(p.name for p in guarded.tmp_path.iterdir()) == ["out", "root"]
    for path in guarded.out.rglob("*"):
        assert path.resolve().is_relative_to(guarded.out.resolve())
        assert not path.is_symlink()
    assert {p.name for p in guarded.out.iterdir()} >= {"index.html", "404.html", "sitemap.xml", "robots.txt"}
