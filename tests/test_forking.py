"""Worker processes: those started before their work is known get it pickled, and report failures."""

import os
import signal

import pytest

from careerguide.forking import WorkerFailed, Workers


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
