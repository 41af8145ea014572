"""Worker processes: those started before their work is known get it pickled, and report failures."""

import os
import signal
import threading

import pytest

from careerguide.parallel.forking import WorkerFailed, Workers, answer_aside


def _prepare(setup):
    return {"factor": setup}


def _multiply(state, task):
    if task == "boom":
        raise ValueError("a problem in the task")
    if task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return state["factor"] * task, os.getpid()


def test_every_task_is_done_once_with_the_setup_sent_after_the_fork():
    workers = Workers(2, _prepare, _multiply)
    try:
        results = list(workers.run(10, range(50)))
    finally:
        workers.close()
    assert sorted(value for value, _ in results) == [10 * n for n in range(50)]
    assert os.getpid() not in {pid for _, pid in results}


def test_an_exception_in_a_task_is_raised_here_and_the_workers_stop():
    workers = Workers(2, _prepare, _multiply)
    with pytest.raises(ValueError, match="a problem in the task"):
        list(workers.run(1, [1, 2, "boom", 3]))
    assert len(workers) == 0


def test_a_worker_that_dies_fails_the_run_instead_of_hanging():
    workers = Workers(1, _prepare, _multiply)
    with pytest.raises(WorkerFailed):
        list(workers.run(1, [1, "die", 2]))
    workers.close()  # closing twice is harmless


_LOADED = {}


def _preload():
    _LOADED["dictionary"] = "loaded once, before the workers were forked"
    return b"for the parent"


def _read_preloaded(state, task):
    return _LOADED.get("dictionary"), os.getppid()


def test_what_the_helper_preloads_the_workers_share_and_the_parent_is_sent():
    workers = Workers(2, _prepare, _read_preloaded, _preload)
    try:
        assert workers.preloaded() == b"for the parent"
        results = list(workers.run(None, range(4)))
    finally:
        workers.close()
    assert {loaded for loaded, _ in results} == {"loaded once, before the workers were forked"}
    assert "dictionary" not in _LOADED  # loaded in the helper, not here
    assert os.getpid() not in {parent for _, parent in results}  # the helper forked them
    for pid in workers._pids:  # none is left behind
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_workers_end_when_this_process_closes_their_pipes():
    workers = Workers(2, _prepare, _multiply)
    workers.preloaded()
    for connection in workers._connections:
        connection.close()
    workers._nursery.join(timeout=10)  # it waits for both workers, which see their pipe closed
    assert not workers._nursery.is_alive()
    workers._connections = []
    workers.close()


def test_closing_before_the_helper_is_done_stops_everything():
    workers = Workers(2, _prepare, _multiply, _slow_preload)
    workers.close()
    assert not workers._nursery.is_alive()


def _slow_preload():
    import time

    time.sleep(30)
    return b""


def test_a_question_answered_aside_is_answered_in_a_child_and_a_failure_is_a_no():
    asked_in = []

    def ask(answer):
        asked_in.append(os.getpid())
        return answer

    assert answer_aside(lambda: ask(True))() is True
    assert answer_aside(lambda: ask(False))() is False
    assert asked_in == []  # each was asked in a child
    assert answer_aside(lambda: 1 / 0)() is False


def test_with_threads_running_the_question_is_asked_here():
    asked_in, stop = [], threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        answer = answer_aside(lambda: asked_in.append(os.getpid()) or True)
        assert answer() is True and asked_in == [os.getpid()]
    finally:
        stop.set()
        thread.join()
