"""The collector paused while a stage makes long-lived objects, and kept off them while they are used."""

import gc
import weakref

from careerguide.parallel import collector
from careerguide.parallel.forking import forking


def test_paused_turns_the_collector_off_inside_and_back_on_after():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause does not end the outer one
    assert gc.isenabled()


def test_frozen_objects_are_handed_back_after_and_a_fork_inside_keeps_them_frozen():
    assert gc.get_freeze_count() == 0
    with collector.frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with forking():
            pass
        assert gc.get_freeze_count() >= frozen  # forking inside does not unfreeze the build's objects
    assert gc.get_freeze_count() == 0


def test_garbage_made_while_paused_is_collected_after():
    class Node:
        pass

    with collector.paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        made_inside = [[] for _ in range(10_000)]  # would have set off a collection, were it not paused
        assert gone() is not None
    del made_inside
    made_after = [[] for _ in range(10_000)]  # the collector's own schedule runs again, and finds the cycle
    assert gone() is None and made_after
