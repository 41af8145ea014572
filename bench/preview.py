"""Time from saving an article to the reloaded page in a browser, with the live preview (`serve`).

    python bench/preview.py --roles 1000 --edits 10     # 3,000 pages; appends to bench/preview.json

A real browser (Chromium, through Playwright) shows a role page served by `python build.py serve`;
the script appends a sentence to that page's article, waits for livereload's reload of the page
and checks that it shows the sentence. The time reported is from the save to the reloaded page's
first paint, by the browser's own clock; also when the reload began, when its first byte came,
when the harness saw the page loaded, and the server's own rebuild time for the edit.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def corpus(roles: int) -> Path:
    """The careerguide site root of a generated corpus (made once, then reused)."""
    folder = HERE / "work" / f"roles-{roles}"
    if not (folder / "careerguide" / "site.yaml").is_file():
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), "--roles", str(roles), "--out", str(folder)], check=True
        )
    return folder / "careerguide"


def wait_up(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the preview at {url} did not come up")


PAINTED = """() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return [performance.timeOrigin, performance.timeOrigin + nav.responseStart,
            performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd)];
}"""
"""When the reload began, when the page's first byte arrived, and when it first painted: epoch ms, browser's clock."""


def measure(root: Path, edits: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_up(base)
        article = sorted((root / "content" / "da").glob("*.md"))[len(list((root / "content" / "da").glob("*.md"))) // 2]
        url = f"{base}da/{article.stem}/"
        original = article.read_text(encoding="utf-8")
        browser_ms, painted_ms, reload_ms, first_byte_ms, server_ms = [], [], [], [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function("() => typeof window.LiveReload === 'object'", timeout=10000)
            time.sleep(1.0)
            try:
                for edit in range(edits):
                    marker = f"Benchmark sentence {edit} {time.time_ns()}."
                    saved, saved_epoch_ms = time.perf_counter(), time.time() * 1000
                    # Waiting on the navigation event, not polling the page: polling every few ms loads the
                    # very renderer being measured.
                    with page.expect_navigation(wait_until="load", timeout=30000):
                        article.write_text(original + f"\n{marker}\n", encoding="utf-8")
                    if not page.evaluate(f"() => document.body.innerText.includes({json.dumps(marker)})"):
                        raise SystemExit("the reloaded page does not show the edit")
                    browser_ms.append((time.perf_counter() - saved) * 1000)
                    reloaded, first_byte, painted = page.evaluate(PAINTED)
                    reload_ms.append(reloaded - saved_epoch_ms)
                    first_byte_ms.append(first_byte - reloaded)
                    painted_ms.append(painted - saved_epoch_ms)
                    page.wait_for_function("() => typeof window.LiveReload === 'object'", timeout=10000)
                    time.sleep(1.0)  # let the reloaded page's livereload client connect again
            finally:
                article.write_text(original, encoding="utf-8")
                browser.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output = server.communicate(timeout=30)[0]
    for line in output.splitlines():
        if line.startswith("built in ") and " after " in line:
            server_ms.append(float(line.split()[2]) * 1000)
    pages = len(list(root.glob("content/*/*.md")))
    return {
        "pages": pages,
        "edits": edits,
        "save_to_painted_page_ms_median": round(statistics.median(painted_ms), 1),
        "save_to_painted_page_ms_all": [round(v, 1) for v in painted_ms],
        "save_to_reload_start_ms_median": round(statistics.median(reload_ms), 1),
        "reload_to_first_byte_ms_median": round(statistics.median(first_byte_ms), 1),
        "save_to_harness_sees_it_ms_median": round(statistics.median(browser_ms), 1),
        "server_rebuild_ms_median": round(statistics.median(server_ms), 1) if server_ms else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--roles", type=int, nargs="*", default=[1000], help="generated corpora to measure (roles x 3 languages)"
    )
    parser.add_argument("--own-site", action="store_true", help="also measure the repository's own site")
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    results = []
    if args.own_site:
        results.append({"site": "repository", **measure(REPO, args.edits)})
    for roles in args.roles:
        results.append({"site": f"generated, {roles} roles", **measure(corpus(roles), args.edits)})
    (HERE / "preview.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
