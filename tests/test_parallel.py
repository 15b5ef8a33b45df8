import threading
import time

import pytest

from sermo_helpers.parallel import PARALLEL_ROWS, thread_map


def test_results_come_back_in_input_order_from_the_pool():
    names = []

    def work(item):
        names.append(threading.current_thread().name)
        time.sleep(0.01)  # long enough for the pool's thread to take items too
        return item * item

    assert thread_map(work, range(20), rows=PARALLEL_ROWS) == [n * n for n in range(20)]
    assert any(name.startswith("sermo-columns") for name in names)
    assert threading.current_thread().name in names  # the caller works too


def test_small_inputs_stay_in_the_calling_thread():
    names = thread_map(lambda _: threading.current_thread().name, range(3), rows=PARALLEL_ROWS - 1)
    assert names == [threading.current_thread().name] * 3


def test_nested_calls_run_in_the_worker_instead_of_waiting_on_the_pool():
    def outer(item):  # every worker waits on inner work: on a shared pool this would deadlock
        return sum(thread_map(lambda inner: inner + item, range(4), rows=PARALLEL_ROWS))

    done = []
    worker = threading.Thread(target=lambda: done.append(thread_map(outer, range(8), rows=PARALLEL_ROWS)))
    worker.start()
    worker.join(timeout=20)
    assert done == [[6 + 4 * n for n in range(8)]]


def test_an_exception_reaches_the_caller():
    def work(item):
        if item == 3:
            raise ValueError("row 3")
        return item

    with pytest.raises(ValueError, match="row 3"):
        thread_map(work, range(6), rows=PARALLEL_ROWS)


def _in_child(queue):
    queue.put(thread_map(lambda item: item + 1, range(6), rows=PARALLEL_ROWS))


def test_a_forked_worker_gets_its_own_pool():
    import multiprocessing

    thread_map(lambda item: item, range(4), rows=PARALLEL_ROWS)  # the parent's pool exists
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_in_child, args=(queue,))
    child.start()
    try:
        assert queue.get(timeout=30) == [1, 2, 3, 4, 5, 6]  # the parent's threads do not exist here
    finally:
        child.join(timeout=30)
    assert child.exitcode == 0
