"""The live preview, driven as an editor uses it: a real server in a subprocess, real files saved."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def wait_for(condition, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError("timed out")


@dataclass
class Preview:
    """A preview server started as an editor starts it, with its own temporary folder `tmp`."""

    root: Path
    port: int
    process: subprocess.Popen
    tmp: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def start_preview(root: Path, tmp: Path) -> Preview:
    tmp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    return Preview(root, port, process, tmp)


def wait_until_up(preview: Preview) -> None:
    def up():
        try:
            return fetch(preview.base)[0] == 200
        except OSError:
            return False

    wait_for(up, 20)


def stop(preview: Preview) -> None:
    if preview.process.poll() is None:
        os.killpg(preview.process.pid, signal.SIGINT)
    try:
        preview.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(preview.process.pid, signal.SIGKILL)
        preview.process.wait(timeout=10)


@pytest.fixture
def running(make_root, tmp_path):
    preview = start_preview(make_root(), tmp_path / "tmp")
    try:
        wait_until_up(preview)
        yield preview
    finally:
        stop(preview)


@pytest.fixture
def server(running):
    return running.root, running.base


def raw_get(port: int, path: str, host: str | None = None, headers: str = "") -> str:
    """The status line and headers of a GET sent as bytes, so that nothing on the way tidies the request."""
    host = f"127.0.0.1:{port}" if host is None else host
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{headers}\r\n".encode())
        reply = b""
        while b"\r\n\r\n" not in reply and (chunk := sock.recv(4096)):
            reply += chunk
    return reply.decode(errors="replace")


def test_edit_break_and_fix_while_serving(server):
    root, base = server
    page = base + "da/teamleder/"
    status, content_type, body = fetch(page)
    assert (status, content_type) == (200, "text/html")
    assert "livereload.js" in body
    assert "Teamleder i kundeservice" in body

    article = root / "content/da/teamleder.md"
    saved = time.monotonic()
    article.write_text(article.read_text(encoding="utf-8") + "\nEn helt ny sætning om holdet.\n", encoding="utf-8")
    wait_for(lambda: "En helt ny sætning om holdet." in fetch(page)[2], 10)
    assert time.monotonic() - saved < 2.0

    box = root / "data/da/customer-service-representative.yaml"
    good = box.read_text(encoding="utf-8")
    box.write_text(good.replace("duties:", "dutys:"), encoding="utf-8")
    status, _, body = wait_for(lambda: (r := fetch(page))[0] == 500 and r, 10)
    assert "data/da/customer-service-representative.yaml:30: dutys: unknown key; did you mean duties?" in body
    assert "livereload.js" in body
    assert fetch(base + "no/")[0] == 500

    box.write_text(good, encoding="utf-8")
    status, _, body = wait_for(lambda: (r := fetch(page))[0] == 200 and r, 10)
    assert "En helt ny sætning om holdet." in body


def test_content_types_404_and_no_escape_from_the_output(server):
    _, base = server
    _, _, index = fetch(base + "da/")
    css = index.split('href="../assets/')[1].split('"')[0]
    assert fetch(base + "assets/" + css)[1] == "text/css"
    # hashed assets may be cached across reloads; pages never are, or a reload would show the old text
    assert "immutable" in urllib.request.urlopen(base + "assets/" + css, timeout=5).headers["Cache-Control"]
    assert urllib.request.urlopen(base + "da/", timeout=5).headers["Cache-Control"] == "no-store"
    assert fetch(base + "sitemap.xml")[1] in ("application/xml", "text/xml")
    status, _, body = fetch(base + "no/such/page/")
    assert status == 404 and "Siden findes ikke" in body
    for path in (
        "../../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "assets/..%2f..%2f..%2fetc/passwd",
    ):
        reply = raw_get(int(base.rsplit(":", 1)[1].strip("/")), f"/{path}")
        assert reply.split()[1] in ("400", "403", "404"), (path, reply)
        assert "root:" not in reply


def test_listens_on_loopback_only_by_default(server):
    _, base = server
    port = int(base.rsplit(":", 1)[1].strip("/"))
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("ss is not available to list listening sockets")
    addresses = [line.split()[3] for line in out.stdout.splitlines()]
    assert addresses and all(a.startswith("127.0.0.1:") for a in addresses)


def test_saves_by_rename_and_new_files_are_seen(server):
    root, base = server
    article = root / "content/da/teamleder.md"
    # editors that save safely write a temporary file and rename it over the article
    temporary = root / "content/da/.teamleder.md.tmp"
    temporary.write_text(article.read_text(encoding="utf-8") + "\nGemt ved omdøbning.\n", encoding="utf-8")
    os.replace(temporary, article)
    wait_for(lambda: "Gemt ved omdøbning." in fetch(base + "da/teamleder/")[2], 10)

    zebra = root / "content/da/zebra.md"
    zebra.rename(root / "content/da/zebra-ny.md")
    wait_for(lambda: fetch(base + "da/zebra-ny/")[0] == 200, 10)
    assert fetch(base + "da/zebra/")[0] == 404


INVALID_PATHS = ["/da/%00", "/%00", "/da/a%00b/", "/da/%zz/", "/da/%", "/da/%ff/", "/da/%c3%28/", "/%ed%a0%80"]


def test_invalid_paths_answer_400_not_500(running):
    for path in INVALID_PATHS:
        assert raw_get(running.port, path).split()[1] == "400", path
    # also while the content is broken, when every page is the list of problems (answered with 500)
    box = running.root / "data/da/customer-service-representative.yaml"
    box.write_text(box.read_text(encoding="utf-8").replace("duties:", "dutys:"), encoding="utf-8")
    wait_for(lambda: fetch(running.base + "da/")[0] == 500, 10)
    for path in INVALID_PATHS:
        assert raw_get(running.port, path).split()[1] == "400", path
    stop(running)
    assert "Traceback" not in running.process.stdout.read()


def test_only_its_own_host_is_served(running):
    port = running.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}"):
        assert raw_get(port, "/da/", host).split()[1] == "200", host
    # a DNS-rebinding page sends its own name; other ports and names are no address of this server either
    for host in (
        f"evil.example:{port}",
        f"127.0.0.1.evil.example:{port}",
        "127.0.0.1",
        "localhost",
        f"127.0.0.1:{port + 1}",
        f"[::1]:{port}",
        "",
    ):
        for path in ("/da/", "/livereload.js", "/livereload", "/no/such/page/"):
            reply = raw_get(port, path, host)
            assert reply.split()[1] == "421", (host, path, reply)
    # a port of more digits than Python turns into an int: tornado would log a traceback and hang up
    assert raw_get(port, "/da/", "127.0.0.1:" + "9" * 5000).split()[1] == "400"
    assert raw_get(port, "/da/", f"{'a' * 250}.example:{port}").split()[1] == "400"
    request = urllib.request.Request(running.base + "da/", headers={"Host": f"evil.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 421
    assert refused.value.read().decode() == (
        f"This preview answers only at http://127.0.0.1:{port}/ or http://localhost:{port}/; open it there.\n"
    )
    stop(running)
    assert "Traceback" not in running.process.stdout.read()


WEBSOCKET = (
    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
    "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)


def test_the_live_reload_websocket_is_open_only_to_the_previews_own_pages(running):
    port = running.port

    def status(origin: str | None, host: str | None = None, more: str = "") -> str:
        headers = WEBSOCKET + (f"Origin: {origin}\r\n" if origin else "") + more
        return raw_get(port, "/livereload", host, headers).split()[1]

    assert status(f"http://127.0.0.1:{port}") == "101"
    assert status(f"http://localhost:{port}", f"localhost:{port}") == "101"
    assert status(None) == "101"  # not a browser, so no page of another site
    assert status("http://evil.example") == "403"
    assert status(f"http://evil.example:{port}") == "403"
    assert status(f"http://localhost:{port}") == "403"  # another origin than the page's host
    assert status("null") == "403"
    assert status("http://evil.example", more="Sec-Fetch-Site: cross-site\r\n") == "403"


@pytest.mark.parametrize(
    ("number", "when"),
    [(signal.SIGTERM, "serving"), (signal.SIGINT, "serving"), (signal.SIGHUP, "serving"), (signal.SIGTERM, "starting")],
)
def test_a_stop_signal_removes_the_temporary_folder(number, when, make_root, tmp_path):
    preview = start_preview(make_root(), tmp_path / "tmp")
    try:
        if when == "serving":
            wait_until_up(preview)
        else:  # during the first build, before the server listens
            wait_for(lambda: list(preview.tmp.iterdir()), 20)
        assert [p.name.startswith("careerguide-preview-") for p in preview.tmp.iterdir()] == [True]
        preview.process.send_signal(number)  # to the server alone, as `kill` sends it
        assert preview.process.wait(timeout=10) == 0
    finally:
        stop(preview)
    assert list(preview.tmp.iterdir()) == []
    output = preview.process.stdout.read()
    assert output.rstrip().endswith("preview stopped; its temporary folder is removed"), output
    assert "Traceback" not in output


def _host_served(listening: str, port: int, host: str | None) -> bool:
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    from careerguide.commands.hosts import OwnHost as _OwnHost

    headers = HTTPHeaders() if host is None else HTTPHeaders({"Host": host})
    return (
        _OwnHost(listening, port).match(
            HTTPServerRequest(
                start_line=RequestStartLine("GET", "/", "HTTP/1.1" if host else "HTTP/1.0"), headers=headers
            )
        )
        is not None
    )


@pytest.mark.parametrize(
    ("listening", "port", "host", "served"),
    [
        ("127.0.0.1", 8000, "127.0.0.1:8000", True),
        ("127.0.0.1", 8000, "localhost:8000", True),
        ("127.0.0.1", 8000, "192.168.1.20:8000", False),
        ("127.0.0.1", 8000, None, False),  # HTTP/1.0 may leave Host out; no browser does
        ("127.0.0.1", 80, "localhost", True),  # a browser leaves out port 80
        ("127.0.0.1", 80, "127.0.0.1:80", True),
        ("::1", 8000, "[::1]:8000", True),
        ("::1", 8000, "::1:8000", False),
        ("localhost", 8000, "localhost:8000", True),
        ("localhost", 8000, "127.0.0.1:8000", False),
        # on every address it is reached at any of them, which no page can rebind; never at a name but localhost
        ("0.0.0.0", 8000, "192.168.1.20:8000", True),
        ("0.0.0.0", 8000, "[fe80::1]:8000", True),
        ("0.0.0.0", 8000, "192.168.1.20:8001", False),
        ("0.0.0.0", 8000, "laptop.local:8000", False),
        ("0.0.0.0", 8000, "192.168.1.20.nip.io:8000", False),
        ("::", 8000, "10.0.0.5:8000", True),
    ],
)
def test_which_host_names_the_preview(listening, port, host, served):
    assert _host_served(listening, port, host) is served


def test_a_port_in_use_is_a_message_and_leaves_nothing_behind(make_root, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        (tmp_path / "tmp").mkdir()
        done = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "serve", "--root", str(make_root()), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"error: cannot listen at 127.0.0.1 port {port}: Address already in use; "
        "stop what uses it, or choose another --port or --host"
    )
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_processes_forked_while_previewing_end_of_sigterm_as_elsewhere():
    # The preview turns SIGTERM into KeyboardInterrupt for itself only: render workers are stopped with SIGTERM.
    from careerguide.commands.serve import _stopped_by_signals

    before = signal.getsignal(signal.SIGTERM)
    with _stopped_by_signals():
        assert signal.getsignal(signal.SIGTERM) is signal.default_int_handler
        pid = os.fork()
        if pid == 0:
            os._exit(0 if signal.getsignal(signal.SIGTERM) is before else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_ipv6_address_is_written_in_brackets():
    from careerguide.commands.serve import preview_url

    assert preview_url("::1", 8000) == "http://[::1]:8000/"
    assert preview_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"


EDITORS_TEMPORARIES = [
    ".kundeservicemedarbejder.md.swp",
    "kundeservicemedarbejder.md~",
    "sedYRLcOA",
    ".#kundeservicemedarbejder.md",
    "4913",
]


def test_editors_temporary_files_neither_rebuild_nor_show_in_the_log(tmp_path):
    from watchdog.events import FileCreatedEvent, FileModifiedEvent, FileMovedEvent

    from careerguide.commands.serve import _EventWatcher

    folder = tmp_path / "content" / "da"
    folder.mkdir(parents=True)
    heard: list[list[str]] = []
    watcher = _EventWatcher([tmp_path / "content"], lambda changed, complete: heard.append(changed))
    try:
        for name in EDITORS_TEMPORARIES:
            watcher.heard(FileCreatedEvent(str(folder / name)))
            watcher.heard(FileModifiedEvent(str(folder / name)))
        assert watcher.examine() == (None, None)
        assert heard == []
        # sed -i and safe-saving editors rename their temporary file over the article: that is the article's change
        watcher.heard(FileMovedEvent(str(folder / "sedYRLcOA"), str(folder / "kundeservicemedarbejder.md")))
        watcher.examine()
        assert heard == [[str(folder / "kundeservicemedarbejder.md")]]
    finally:
        watcher.observer.stop()
