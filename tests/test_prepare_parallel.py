"""The preparation's per-text work shared between forked worker processes (sermo_helpers.parallel):
results in order and equal to the serial path's, errors raised in the caller, the cores budget."""
import os
import time

import pandas as pd
import pytest

from sermo_helpers import parallel
from sermo_helpers.errors import AnalysisError
from sermo_helpers.parallel import CORES_VARIABLE, PROCESS_ROWS, core_budget, process_map

pytestmark = pytest.mark.skipif(not parallel.can_fork_workers(), reason="worker processes are forked on Linux only")


def test_results_come_back_in_input_order_from_other_processes():
    offset = 1000  # a closure: the forked workers inherit it, nothing of it is pickled

    def work(item):
        time.sleep(0.05)  # long enough for both workers to take items
        return item + offset, os.getpid()

    results = process_map(work, range(12), rows=PROCESS_ROWS, workers=2)
    assert [value for value, _ in results] == [item + 1000 for item in range(12)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == 2


def test_small_inputs_one_worker_and_one_item_stay_in_the_calling_process():
    here = os.getpid()
    assert process_map(lambda _: os.getpid(), range(4), rows=PROCESS_ROWS - 1, workers=2) == [here] * 4
    assert process_map(lambda _: os.getpid(), range(4), rows=PROCESS_ROWS, workers=1) == [here] * 4
    assert process_map(lambda _: os.getpid(), [0], rows=PROCESS_ROWS, workers=2) == [here]


def test_nested_calls_run_inside_the_worker():
    def outer(item):
        inner = process_map(lambda value: (value, os.getpid()), range(3), rows=PROCESS_ROWS, workers=2)
        return item, os.getpid(), inner

    for item, pid, inner in process_map(outer, range(4), rows=PROCESS_ROWS, workers=2):
        assert pid != os.getpid()
        assert inner == [(value, pid) for value in range(3)]  # no pool of its own: done where it runs


def test_the_callers_own_work_runs_while_the_workers_work_and_they_never_see_it():
    seen = []

    def work(item):
        time.sleep(1.0)
        return item, os.getpid(), list(seen), time.monotonic()  # seen: as it was when the workers were forked

    results = process_map(work, range(4), rows=PROCESS_ROWS, workers=2,
                          meanwhile=lambda: seen.append((os.getpid(), time.monotonic())))
    assert [item for item, _, _, _ in results] == [0, 1, 2, 3]
    assert all(copy == [] and pid != os.getpid() for _, pid, copy, _ in results)
    assert len(seen) == 1 and seen[0][0] == os.getpid()
    assert seen[0][1] < min(done for _, _, _, done in results)  # before the first item was done
    # without workers (too few rows) it runs after the items, in the calling process
    order = []
    assert process_map(lambda item: order.append(item) or item * 10, range(3), rows=PROCESS_ROWS - 1, workers=2,
                       meanwhile=lambda: order.append("meanwhile")) == [0, 10, 20]
    assert order == [0, 1, 2, "meanwhile"]


def test_one_worker_beside_the_callers_own_work(monkeypatch):
    monkeypatch.setenv(CORES_VARIABLE, "2")
    seen = []
    results = process_map(lambda item: (item, os.getpid(), time.monotonic()), range(3), rows=PROCESS_ROWS, workers=1,
                          meanwhile=lambda: seen.append(os.getpid()) or time.sleep(0.5))
    assert [item for item, _, _ in results] == [0, 1, 2] and seen == [os.getpid()]
    assert len({pid for _, pid, _ in results}) == 1 and results[0][1] != os.getpid()  # all three in one worker
    # one core: no worker, the items and then meanwhile here
    monkeypatch.setenv(CORES_VARIABLE, "1")
    order = []
    assert process_map(lambda item: order.append(os.getpid()) or item, range(2), rows=PROCESS_ROWS, workers=1,
                       meanwhile=lambda: order.append("meanwhile")) == [0, 1]
    assert order == [os.getpid(), os.getpid(), "meanwhile"]


def test_an_error_in_a_worker_is_raised_in_the_caller_with_its_fields():
    def work(item):
        if item == 5:
            raise AnalysisError("row 5 has no text", argument="text", expected="a text", found="nothing")
        return item

    with pytest.raises(AnalysisError, match="row 5 has no text") as caught:
        process_map(work, range(8), rows=PROCESS_ROWS, workers=2)
    assert (caught.value.argument, caught.value.expected, caught.value.found) == ("text", "a text", "nothing")
    assert process_map(lambda item: item * 2, range(3), rows=PROCESS_ROWS, workers=2) == [0, 2, 4]  # usable again


def test_a_killed_worker_ends_the_call_with_a_clear_error_not_a_wait():
    import signal
    import threading

    def work(item):
        if item == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return item

    outcome = {}

    def call():
        try:
            outcome["result"] = process_map(work, range(8), rows=PROCESS_ROWS, workers=2)
        except AnalysisError as error:
            outcome["error"] = error

    runner = threading.Thread(target=call, daemon=True)
    runner.start()
    runner.join(timeout=120)
    assert not runner.is_alive(), "process_map waited for a killed worker's result"
    assert "result" not in outcome
    assert "ended without its result" in str(outcome["error"]) and "SERMO_CORES=1" in str(outcome["error"])
    assert process_map(lambda item: item * 2, range(3), rows=PROCESS_ROWS, workers=2) == [0, 2, 4]  # usable again


def test_the_cores_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(CORES_VARIABLE, "3")
    assert core_budget() == 3
    for value in ("0", "many", "", "-2"):
        monkeypatch.setenv(CORES_VARIABLE, value)
        assert core_budget() == parallel.available_cores()
    monkeypatch.delenv(CORES_VARIABLE)
    assert core_budget() == parallel.available_cores()


def test_editions_rendered_at_once_share_the_cores(monkeypatch):
    from sermo_helpers.batch import cores_per_edition

    monkeypatch.setenv(CORES_VARIABLE, "8")
    assert [cores_per_edition(workers) for workers in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    monkeypatch.setenv(CORES_VARIABLE, "2")
    assert cores_per_edition(2) == 1  # two editions on two cores: each kernel scores in its own process


def _prepare_demo(monkeypatch, cores: int, *, small_pieces: bool):
    from sermo_helpers import privacy, workbook
    from sermo_helpers.config import load_client_config
    from sermo_helpers.listen import sentiment
    from sermo_helpers.loaders import load_client

    if small_pieces:  # the demo's 4,000 mentions in many pieces, shared between two workers
        monkeypatch.setattr(parallel, "PROCESS_ROWS", 0)
        monkeypatch.setattr(sentiment, "SCORE_CHUNK", 150)
        monkeypatch.setattr(workbook, "PREPARE_CHUNK", 450)  # a multiple of SCORE_CHUNK, as in the module
        monkeypatch.setattr(privacy, "TEXT_CHUNK", 400)
    monkeypatch.setenv(CORES_VARIABLE, str(cores))
    client = load_client_config("fjordvik")
    prepared = workbook.prepare(load_client(client), client)
    monkeypatch.undo()
    return prepared


def test_the_demo_prepared_in_pieces_by_two_workers_equals_the_serial_preparation(monkeypatch):
    serial = _prepare_demo(monkeypatch, 1, small_pieces=False)
    pieces = _prepare_demo(monkeypatch, 2, small_pieces=True)
    assert len(serial.mentions) > 4000
    pd.testing.assert_frame_equal(pieces.mentions, serial.mentions, check_exact=True)
    for name in ("posts", "channel_stats", "web_traffic"):
        pd.testing.assert_frame_equal(getattr(pieces, name), getattr(serial, name), check_exact=True)
    # the pieces really differ from one whole pass: critical texts, masked and pseudonymised texts
    assert serial.mentions["critical"].sum() > 50
    assert serial.mentions["text"].str.contains("Innbygger ", regex=False).sum() > 10  # pseudonyms in texts


@pytest.mark.slow
def test_a_generated_client_prepared_by_two_workers_equals_the_serial_preparation(monkeypatch, tmp_path):
    """250,000 generated mentions (benchmarks/scale.py's client): parallel and serial give the same frame."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("scale", Path(__file__).parents[1] / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    from sermo_helpers import workbook
    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client

    monkeypatch.setenv("SERMO_HOME", str(scale.project_root(tmp_path)))
    client = load_client_config(str(scale.write_client(tmp_path, 250_000)))
    loaded = load_client(client, use_cache=False)
    frames = {}
    for cores in (1, 2):
        monkeypatch.setenv(CORES_VARIABLE, str(cores))
        frames[cores] = workbook.prepare(loaded, client).mentions
    pd.testing.assert_frame_equal(frames[2], frames[1], check_exact=True)
    assert frames[1]["critical"].sum() > 1000


def test_protecting_the_text_columns_alone_gives_the_frame_protect_personal_data_gives():
    from dataclasses import replace

    from sermo_helpers import workbook
    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client
    from sermo_helpers.privacy import protect_personal_data

    client = load_client_config("fjordvik")
    data = workbook.restrict_to_period(load_client(client), client)
    data = replace(data, mentions=workbook.score_mentions(data.mentions, client=client))
    whole, narrow = protect_personal_data(data, client), workbook._protect(data, client)
    pd.testing.assert_frame_equal(narrow.mentions, whole.mentions, check_exact=True)
    pd.testing.assert_frame_equal(narrow.posts, whole.posts, check_exact=True)
    assert not narrow.mentions["author"].equals(data.mentions["author"])  # something was pseudonymised


def test_a_call_started_ahead_runs_in_another_process_with_one_core_and_returns_its_value(monkeypatch):
    monkeypatch.setenv(CORES_VARIABLE, "2")
    state = {"rows": 41}  # inherited by the forked process, nothing of it pickled

    def work():
        return state["rows"] + 1, os.getpid(), core_budget()

    pending = parallel.fork_call(work)
    state["rows"] = 0  # the process saw the state as it was when it was forked
    value, pid, cores = pending.result()
    assert (value, cores) == (42, 1) and pid != os.getpid()
    assert parallel.fork_call(lambda: os.getpid(), cores=2).result() != os.getpid()
    assert parallel.fork_call(lambda: core_budget(), cores=2).result() == 2


def test_a_call_started_ahead_raises_its_error_in_the_caller_and_a_killed_one_says_so(monkeypatch):
    import signal

    monkeypatch.setenv(CORES_VARIABLE, "2")

    def fails():
        raise ValueError("no column 'text' in the mentions")

    with pytest.raises(ValueError, match="no column 'text' in the mentions"):
        parallel.fork_call(fails).result()
    with pytest.raises(AnalysisError, match="ended without its result"):
        parallel.fork_call(lambda: os.kill(os.getpid(), signal.SIGKILL)).result()


def test_nothing_is_started_ahead_with_one_core_or_inside_a_process_map(monkeypatch):
    monkeypatch.setenv(CORES_VARIABLE, "1")
    assert parallel.fork_call(lambda: 1) is None
    monkeypatch.setenv(CORES_VARIABLE, "2")
    inside = process_map(lambda _: parallel.fork_call(lambda: 1) is None, range(2), rows=PROCESS_ROWS, workers=2)
    assert inside == [True, True]


def test_a_call_started_ahead_ends_once_its_value_is_written_and_a_discarded_one_is_killed(monkeypatch):
    """The forked process shares the caller's memory until it ends: it must not wait for the caller."""
    import time

    monkeypatch.setenv(CORES_VARIABLE, "2")

    def gone(pid: int) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.02)
        return False

    pending = parallel.fork_call(lambda: list(range(300_000)))  # more than a pipe holds
    assert gone(pending._pid)  # ended and reaped before anyone asked for its value
    assert pending.result() == list(range(300_000))
    slow = parallel.fork_call(lambda: time.sleep(60))
    slow.discard()
    assert gone(slow._pid)
    with pytest.raises(AnalysisError, match="ended without its result"):
        slow.result()
