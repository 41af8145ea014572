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


@pytest.fixture
def server(make_root):
    root = make_root()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"

    def up():
        try:
            return fetch(base)[0] == 200
        except OSError:
            return False

    try:
        wait_for(up, 20)
        yield root, base
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


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
    for path in ("../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "assets/..%2f..%2f..%2fetc/passwd"):
        with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1].strip("/")))) as sock:
            sock.sendall(f"GET /{path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
            reply = sock.recv(200).decode(errors="replace")
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
