"""Live preview: build, serve the output with livereload, and rebuild what a saved file affects."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import ioloop, web
from tornado.routing import AnyMatches, Rule
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from careerguide.build import refresh_site
from careerguide.commands.cmsserve import AdminHandler, LocalBackend
from careerguide.commands.hosts import Application, Misdirected, OwnHost, preview_url, where_to_open
from careerguide.incremental.cache import Cache
from careerguide.load.unread import is_leftover
from careerguide.model.errors import BuildFailed, ContentError

WATCHED = ("content", "data", "templates", "site.yaml")
SETTLE_SECONDS = 0.02
"""How long to wait after a file is changed but not yet closed, for the rest of an editor's save."""


@dataclass(frozen=True)
class Rebuilt:
    """The outcome of one (re)build in the preview: its problems, how long it took, what it rendered."""

    problems: tuple[ContentError, ...]
    failed: bool
    seconds: float
    rendered: int = 0
    reused: int = 0


class Preview:
    """The preview's state: where it builds, the cache it keeps in memory, and the last build's problems."""

    def __init__(self, root: Path, out: Path, base_url: str):
        self.root = root
        self.out = out
        self.base_url = base_url
        self.cache = Cache(root)
        self.last = Rebuilt((), failed=True, seconds=0.0)
        self.finished = False
        """Whether the last build ran to its end, so that the cache holds all it loaded."""

    def rebuild(self, changed: frozenset[str] | None = None) -> Rebuilt:
        """Build again, looking only at the `changed` paths (None: at every file); on failure the last good site
        stays."""
        started = time.perf_counter()
        watched, self.finished = changed if self.finished else None, False
        try:
            result = refresh_site(self.root, self.out, self.cache, base_url=self.base_url, changed=watched)
            self.last = Rebuilt(result.warnings, False, time.perf_counter() - started, result.rendered, result.reused)
        except BuildFailed as failed:
            self.last = Rebuilt(tuple(failed.problems), True, time.perf_counter() - started)
        self.finished = True
        return self.last

    def error_page(self) -> str:
        """The page shown at every URL while the content has errors."""
        items = "\n".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in self.last.problems)
        return (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Build failed</title>\n"
            "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
            "code{white-space:pre-wrap}li{margin:.5rem 0}</style>\n</head>\n<body>\n"
            f"<h1>The site does not build</h1>\n<p>Fix these problems and save; this page reloads by itself.</p>\n"
            f'<ol class="problems">\n{items}\n</ol>\n</body>\n</html>\n'
        )


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl+C, `kill` and a closed terminal: each stops the preview as Ctrl+C does, and it cleans up after itself."""
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PreviewFailed(Exception):
    """The preview cannot be served; the message says why and what to do."""


class _LiveReload(LiveReloadHandler):
    """livereload's websocket, open only to pages of the preview itself: a page of another site must not learn
    when files are saved."""

    def check_origin(self, origin: str) -> bool:
        # Tornado asks only about origins that do not match the Host; the Host was checked (`OwnHost`).
        return origin.lower() == f"http://{self.request.headers.get('Host', '').lower()}"


class _PreviewHandler(StaticFileHandler):
    """Serves the output folder, the error page while the content is broken, and 404.html for what is missing."""

    def initialize(self, path: str, default_filename: str | None = None, preview: Preview | None = None) -> None:
        super().initialize(path, default_filename)
        self.preview = preview

    def prepare(self) -> None:
        # A path no file can have is the client's mistake (400), not the server's (500): a NUL byte (the
        # file system refuses it) or a broken %-escape. Tornado itself answers 400 to escapes of invalid UTF-8.
        if any("\0" in arg for arg in self.path_args) or _BAD_ESCAPE.search(self.request.path):
            raise web.HTTPError(400, "the address has a NUL byte or a broken %-escape")

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.preview is not None and self.preview.last.failed:
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(self.preview.error_page())
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        # Assets carry a hash of their content in their names, so a reload need not fetch them again.
        self.set_header(
            "Cache-Control", "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-store"
        )

    def write_error(self, status_code: int, **kwargs: object) -> None:
        page = Path(self.root) / "404.html"
        if status_code == 404 and page.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())
            return
        super().write_error(status_code, **kwargs)


class _EventWatcher(Watcher):
    """livereload's watcher driven by file-system events (watchdog) instead of polling every 0.8 s.

    It watches from the moment it is made, so nothing saved while the first build runs is missed.
    """

    def __init__(self, paths: list[Path], on_change: Callable[[list[str], bool], None]):
        super().__init__()
        self.paths = paths
        self.on_change = on_change
        """Called with the changed paths, and whether they are all there is (False after a folder changed)."""
        self.changed: set[str] = set()
        self.folder_changed = False
        self.lock = threading.Lock()
        self.schedule: Callable[[float], None] | None = None
        self.observer = Observer()
        self.scheduled: set[Path] = set()
        for path in paths:
            self.watch(str(path))  # registered so livereload does not fall back to watching the current folder
        self._schedule_folders()
        self.observer.daemon = True
        self.observer.start()

    def _schedule_folders(self) -> None:
        """Watch every watched folder that exists (one made later is added when it appears)."""
        for path in self.paths:
            folder, recursive = (path, True) if path.is_dir() else (path.parent, False)
            if folder not in self.scheduled and folder.is_dir():
                self.observer.schedule(_Forward(self), str(folder), recursive=recursive)
                self.scheduled.add(folder)

    def heard(self, event: FileSystemEvent) -> None:
        """Note a file-system event and have the changes examined: at once when a file is complete."""
        if event.event_type in ("opened", "closed_no_write") or event.is_directory and event.event_type == "modified":
            return
        # An editor's swap, backup or temporary file changes nothing the build reads: it neither rebuilds nor
        # shows in the log; a temporary file renamed over an article is heard as the article.
        paths = [
            str(path)
            for path in (event.src_path, event.dest_path)
            if path and (event.is_directory or not is_leftover(os.path.basename(str(path))))
        ]
        if not paths:
            return
        with self.lock:
            self.changed.update(paths)
            self.folder_changed |= event.is_directory
            schedule = self.schedule
        # An editor's save is several events (truncate, write, close, or write and rename): build once
        # the file is closed or renamed into place, else after a moment for the rest of the save.
        if schedule is not None:
            schedule(0 if event.event_type in ("closed", "moved") else SETTLE_SECONDS)

    def start(self, callback: Callable[[], None]) -> bool:
        loop = ioloop.IOLoop.current()
        with self.lock:
            self.schedule = lambda delay: loop.add_callback(loop.call_later, delay, callback)
            pending = bool(self.changed)
        if pending:
            self.schedule(0)
        return True

    def examine(self) -> tuple[str | None, float | None]:
        with self.lock:
            changed, self.changed = sorted(self.changed), set()
            complete, self.folder_changed = not self.folder_changed, False
        if not complete:
            self._schedule_folders()
        watched = [str(p) for p in self.paths]
        relevant = [c for c in changed if any(c == w or c.startswith(w + "/") for w in watched)]
        if not relevant:
            return None, None
        self.on_change(relevant, complete)
        return relevant[0], None


class _Forward(FileSystemEventHandler):
    def __init__(self, watcher: _EventWatcher):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.watcher.heard(event)


class _PreviewServer(Server):
    def __init__(self, preview: Preview, watcher: Watcher):
        super().__init__(watcher=watcher)
        self.preview = preview

    def application(
        self, port: int, host: str, liveport: int | None = None, debug: bool | None = None, live_css: bool = True
    ) -> None:
        """livereload's application, serving only requests for this server's own host (see `OwnHost`), its
        websocket only to the preview's own pages, and without livereload's /forcereload, which nothing uses."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class Injector(LiveScriptInjector):
            script = _live_script(port)

        preview = self.preview
        handlers = [
            (r"/livereload", _LiveReload),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/api/v1", LocalBackend, {"root": preview.root}),
            (
                r"/admin/(.*)",
                AdminHandler,
                {
                    "root": preview.root,
                    "url": preview.base_url,
                    "status": lambda: (preview.last.failed, preview.last.problems),
                },
            ),
            (
                r"/(.*)",
                _PreviewHandler,
                {"path": str(self.preview.out), "default_filename": "index.html", "preview": self.preview},
            ),
        ]
        rules = [
            Rule(OwnHost(host, port), handlers),
            Rule(AnyMatches(), Misdirected, {"where": where_to_open(host, port)}),
        ]
        try:
            Application(rules, transforms=[Injector]).listen(port, address=host)
        except OSError as exc:
            raise PreviewFailed(
                f"cannot listen at {host} port {port}: {exc.strerror or exc}; "
                "stop what uses it, or choose another --port or --host"
            ) from None


def _live_script(port: int) -> bytes:
    """livereload's script for the pages: it loads livereload.js from the host the page came from."""
    return (
        '<script type="text/javascript">(function(){var s=document.createElement("script");'
        f'var port={port};s.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
        "document.head.appendChild(s);})();</script>"
    ).encode()


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    report: Callable[[Rebuilt, list[str]], None] = lambda rebuilt, changed: None,
) -> None:
    """Serve a live preview of the site root until Ctrl+C, SIGTERM or SIGHUP; `report` hears of every build."""
    root = root.resolve()
    with _stopped_by_signals():
        out = Path(tempfile.mkdtemp(prefix="careerguide-preview-")) / "site"
        watcher: _EventWatcher | None = None
        try:
            preview = Preview(root, out, preview_url(host, port))

            def on_change(changed: list[str], complete: bool) -> None:
                rebuilt = preview.rebuild(frozenset(changed) if complete else None)
                report(
                    rebuilt, [str(Path(c).relative_to(root)) if Path(c).is_relative_to(root) else c for c in changed]
                )

            watcher = _EventWatcher([root / name for name in WATCHED], on_change)
            report(preview.rebuild(), [])
            LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # livereload waits 3 s between reloads; a preview should not
            _PreviewServer(preview, watcher).serve(host=host, port=port, root=str(out), restart_delay=0)
        except KeyboardInterrupt:
            pass  # how a preview is stopped; livereload catches it while serving, this is before
        finally:
            with _ignoring(STOP_SIGNALS):  # a second Ctrl+C must not leave the folder half removed
                if watcher is not None:
                    watcher.observer.stop()
                shutil.rmtree(out.parent, ignore_errors=True)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as SIGINT does, so that the preview removes its folder.

    A signal the preview was started to ignore (SIGHUP under nohup, SIGINT in a background job) stays
    ignored; off the main thread, where Python cannot set handlers, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: _handler(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, signal.default_int_handler)
    _IN_FORKED_CHILDREN.update((number, previous[number]) for number in STOP_SIGNALS if number != signal.SIGINT)
    try:
        yield
    finally:
        _IN_FORKED_CHILDREN.clear()
        for number, handler in previous.items():
            signal.signal(number, handler)


_IN_FORKED_CHILDREN: dict[signal.Signals, Any] = {}
"""While the preview turns SIGTERM and SIGHUP into KeyboardInterrupt: what they were before, for the processes
it forks (render workers are stopped with SIGTERM, and must end of it as they do outside the preview)."""


def _restore_in_child() -> None:
    for number, handler in _IN_FORKED_CHILDREN.items():
        signal.signal(number, handler)


os.register_at_fork(after_in_child=_restore_in_child)


def _handler(number: signal.Signals) -> Any:
    """The signal's handler now; SIG_DFL for one set outside Python."""
    handler = signal.getsignal(number)
    return signal.SIG_DFL if handler is None else handler


@contextmanager
def _ignoring(numbers: tuple[signal.Signals, ...]) -> Iterator[None]:
    """Hold these signals off for a moment (on the main thread; elsewhere they reach the main thread anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: _handler(number) for number in numbers}
    for number in numbers:
        signal.signal(number, signal.SIG_IGN)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
