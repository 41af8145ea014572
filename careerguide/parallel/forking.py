"""Worker processes forked from this one: some find their input in its memory, others are sent it pickled."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext
from typing import Any

from careerguide.parallel import collector

PARALLEL_FROM = 300
"""Below this many items (files to parse, pages to render), starting workers costs more than it saves."""


def worker_count(jobs: int | None, items: int) -> int:
    """`jobs` when given; else one process per core, up to four, for PARALLEL_FROM items or more, and one below."""
    return jobs or (min(os.cpu_count() or 1, 4) if items >= PARALLEL_FROM else 1)


@contextmanager
def forking(*, collect: bool = True) -> Iterator[ForkContext]:
    """The fork context, with this process's objects frozen meanwhile: the children's collectors leave them
    alone, and so do not copy the memory they share with this process (`collect` first frees the garbage)."""
    with collector.frozen(collect=collect):
        yield multiprocessing.get_context("fork")


def answer_aside(question: Callable[[], bool]) -> Callable[[], bool]:
    """Start answering a yes-or-no `question` in a forked child, on another core, while this process goes
    on; the function returned waits for the answer, and must be called. Where this process runs threads
    (a child would inherit the locks they hold) or cannot fork, the question is asked when that is called.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return question
    try:
        pid = os.fork()
    except OSError:
        return question
    if pid == 0:  # the child: answer by exit status, and never return into the parent's code
        status = 1
        try:
            status = 0 if question() else 1
        finally:
            os._exit(status)

    def answer() -> bool:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    return answer


class WorkerFailed(Exception):
    """A worker process stopped without answering (killed, or out of memory)."""


class Workers:
    """Worker processes forked before their work is known, then sent it pickled: a setup once, then tasks.

    A worker forked from a process that holds a large site copies most of that memory page by page, as
    the reference counts of the objects it reads change; one forked while this process is still small
    holds only what it is sent. `prepare(setup)` runs once in each worker and makes the state that
    `serve(state, task)` gets with each task; both are module-level functions, known before the fork.

    The workers are forked by a helper process that first runs `preload()`: what that loads into the
    helper's memory the workers share, and the bytes it returns reach this process (`preloaded`).
    The helper starts on it when `release` is called (or the work or its bytes are asked for), so
    that a build can keep its cores for itself until one is free.
    """

    def __init__(
        self,
        count: int,
        prepare: Callable[[Any], Any],
        serve: Callable[[Any, Any], Any],
        preload: Callable[[], bytes] | None = None,
    ):
        with forking(collect=False) as context:
            pairs = [context.Pipe() for _ in range(count)]
            self._news, news = context.Pipe()
            ends = ([here for here, _ in pairs] + [self._news], [there for _, there in pairs], news)
            self._nursery = context.Process(target=_nurse, args=(*ends, preload, prepare, serve), daemon=True)
            self._nursery.start()
        news.close()
        for _, there in pairs:
            there.close()
        self._connections = [here for here, _ in pairs]
        self._pids: list[int] | None = None
        self._preloaded: bytes | None = None
        self._feeder: threading.Thread | None = None
        self._released = False

    def __len__(self) -> int:
        return len(self._connections)

    def release(self) -> None:
        """Let the helper preload and fork the workers now."""
        if not self._released:
            self._released = True
            with suppress(OSError):  # the helper is gone: `preloaded` and `run` say so
                self._news.send_bytes(b"go")

    def preloaded(self) -> bytes | None:
        """The bytes `preload` returned, once the helper has them; None if there is no `preload` or it failed."""
        self.release()
        if self._pids is None:
            try:
                self._preloaded, self._pids = pickle.loads(self._news.recv_bytes())
            except (EOFError, OSError):
                self._pids = []
        return self._preloaded

    def run(self, setup: Any, tasks: Iterable[Any]) -> Iterator[Any]:
        """Start the work at once; the iterator gives each task's result in the order they are done.

        Tasks go to whichever worker is free, sent from a thread, so this process can do other work
        before it reads the results. Call it once. An exception raised by `serve` is raised by the
        iterator, and the remaining tasks are dropped.
        """
        self.release()
        results: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._feeder = threading.Thread(
            target=self._feed, args=(pickle.dumps(setup, pickle.HIGHEST_PROTOCOL), iter(tasks), results), daemon=True
        )
        self._feeder.start()
        return self._results(results)

    def _results(self, results: queue.SimpleQueue[tuple[str, Any]]) -> Iterator[Any]:
        while True:
            kind, value = results.get()
            if kind == "end":
                break
            if kind == "failed":
                self.close()
                raise value
            yield value

    def _feed(self, setup: bytes, tasks: Iterator[Any], results: queue.SimpleQueue[tuple[str, Any]]) -> None:
        """Keep every worker busy with one task at a time; put each reply in `results`, then ("end", None)."""

        def next_blob() -> bytes | None:
            task = next(tasks, None)
            return None if task is None else pickle.dumps(task, pickle.HIGHEST_PROTOCOL)

        busy: list[Connection] = []
        try:
            for connection in self._connections:  # all of them first: pickling a task takes a while
                connection.send_bytes(setup)
            upcoming = next_blob()
            for connection in self._connections:
                if upcoming is not None:
                    connection.send_bytes(upcoming)
                    busy.append(connection)
                    upcoming = next_blob()
            while busy:
                for connection in wait(busy):  # type: ignore[assignment]  # waiting on Connections gives Connections
                    try:
                        kind, value = pickle.loads(connection.recv_bytes())
                    except EOFError:
                        kind, value = (
                            "failed",
                            WorkerFailed(
                                "a worker process stopped before it finished its task (killed, or out of memory)"
                            ),
                        )
                    results.put((kind, value))
                    if kind == "failed":
                        return
                    if upcoming is not None:
                        connection.send_bytes(upcoming)
                        upcoming = next_blob()
                    else:
                        busy.remove(connection)
        except BaseException as exc:  # a task that cannot be pickled, or a closed pipe: the build stops with it
            results.put(("failed", exc))
            return
        results.put(("end", None))

    def close(self) -> None:
        """Stop the workers (they are idle or their work is dropped) and the helper that forked them."""
        if self._nursery.is_alive():
            if self._pids is None and self._news.poll():
                self.preloaded()
            for pid in self._pids or ():  # while the helper lives, it has not reaped them: the pids are theirs
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            if self._pids is None:  # still preloading: no worker yet
                self._nursery.terminate()
            self._nursery.join(timeout=5)  # it reaps the workers and ends
            if self._nursery.is_alive():
                self._nursery.terminate()
        self._nursery.join()
        if self._feeder is not None:  # it ends when the workers do; its pipes are closed only after
            self._feeder.join()
        for connection in self._connections:
            connection.close()
        self._connections = []
        if not self._news.closed:
            self._news.close()


def _nurse(
    parents: list[Connection],
    ends: list[Connection],
    news: Connection,
    preload: Callable[[], bytes] | None,
    prepare: Callable[[Any], Any],
    serve: Callable[[Any, Any], Any],
) -> None:
    """The helper of Workers: preload, fork the workers, tell the parent, and wait for them to end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it stops the workers
    for connection in parents:  # the parent's ends: only when it alone holds them does a worker see it close them
        connection.close()
    try:
        news.recv_bytes()  # the parent's release
    except EOFError:  # closed before it needed any worker
        return
    try:  # before the fork, so that the workers share what it loads as it is
        loaded = preload() if preload is not None else None
    except Exception:  # noqa: BLE001 - then the parent and the workers load what they need themselves
        loaded = None
    pids = []
    for end in ends:
        pid = os.fork()
        if pid == 0:
            for other in (*ends, news):
                if other is not end:
                    other.close()
            try:
                _work(end, prepare, serve)
            finally:
                os._exit(0)
        pids.append(pid)
    for end in ends:
        end.close()
    news.send_bytes(pickle.dumps((loaded, pids), pickle.HIGHEST_PROTOCOL))
    news.close()
    for pid in pids:
        os.waitpid(pid, 0)


def _work(connection: Connection, prepare: Callable[[Any], Any], serve: Callable[[Any, Any], Any]) -> None:
    """A worker's life: the setup, then one task after another until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle; it stops the workers
    try:
        try:
            state, broken = prepare(pickle.loads(connection.recv_bytes())), None
        except Exception as exc:  # noqa: BLE001 - each task answers with it
            state, broken = None, exc
        gc.freeze()  # the state lasts as long as the worker: collections need not look at it again
        while True:
            message = connection.recv_bytes()
            with collector.paused():  # loading makes many objects at once, which set off collections that find nothing
                task = pickle.loads(message)
            try:
                reply = ("failed", broken) if broken is not None else ("done", serve(state, task))
            except Exception as exc:  # noqa: BLE001 - it travels to the parent, which raises it
                reply = ("failed", exc)
            connection.send_bytes(pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
    except (EOFError, OSError):
        return
