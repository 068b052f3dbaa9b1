"""The supervised worker pool and the screening, below the CLI: a task that segfaults, hangs,
raises or exhausts memory costs that task alone; results keep the tasks' order."""

from __future__ import annotations

import ctypes
import os
import time

import pytest

from keraslint.engine import isolation
from keraslint.engine.isolation import Failure, WorkerPool
from keraslint.engine.screening import MAX_DEPTH, screen


def _work(task):
    if task == "segfault":
        ctypes.string_at(0)
    if task == "hang":
        while True:
            pass
    if task == "sleep":
        time.sleep(60)
    if task == "raise":
        raise ValueError("bad task")
    if task == "exit":
        os._exit(7)
    if task == "memory":
        hoard = []
        while True:
            hoard.append(bytearray(2**26))
    return (task, os.getpid(), isolation.inside_worker())


def test_each_failure_costs_its_task_only_and_order_is_kept():
    tasks = ["a", "segfault", "b", "hang", "c", "raise", "exit", "d"]
    outcomes = WorkerPool(_work, 2, seconds=2).map(tasks)
    assert [o[0] for o in outcomes if not isinstance(o, Failure)] == ["a", "b", "c", "d"]
    failures = {t: o for t, o in zip(tasks, outcomes) if isinstance(o, Failure)}
    assert failures["segfault"] == Failure("crash", "the parser crashed (signal SIGSEGV)")
    assert failures["hang"] == Failure("timeout", "took more than 2 s of CPU time, the limit "
                                       "for this file (set KERASLINT_FILE_TIMEOUT to change it)")
    assert failures["raise"] == Failure("error", "ValueError: bad task")
    assert failures["exit"].detail == "the worker process exited unexpectedly (exit code 7)"
    assert all(o[2] for o in outcomes if not isinstance(o, Failure))  # ran in workers


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the memory limit is POSIX's RLIMIT_AS")
def test_memory_blow_up_is_stopped_at_the_limit():
    outcome, = WorkerPool(_work, 1, seconds=30, memory_bytes=2 << 30).map(["memory"])
    assert outcome.kind == "memory"


def test_a_blocked_worker_is_ended_by_the_wall_clock_backstop(monkeypatch):
    monkeypatch.setattr(isolation, "_WALL_SLACK", 0.0)
    outcome, = WorkerPool(_work, 1, seconds=0.5).map(["sleep"])
    assert outcome == Failure("timeout", "made no progress in 2 s (blocked reading it?)")


def test_file_time_limit_grows_with_size(monkeypatch):
    monkeypatch.delenv(isolation.TIMEOUT_ENV, raising=False)
    assert isolation.file_timeout(0) == 60 and isolation.file_timeout(5 * 2**20) == 360


def test_in_process_time_limit_interrupts_python_code():
    with pytest.raises(isolation.Overtime):
        with isolation.time_limit(0.2):
            while True:
                pass


def test_file_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(isolation.TIMEOUT_ENV, "2.5")
    assert isolation.file_timeout() == 2.5
    monkeypatch.setenv(isolation.TIMEOUT_ENV, "soon")
    assert isolation.file_timeout() == isolation.DEFAULT_TIMEOUT


@pytest.mark.parametrize("source, risky", [
    (b"x = " + b"(" * 150 + b"1" + b")" * 150 + b"\n", True),
    (b"x = '" + b"(" * 500 + b"'  # " + b"[" * 500 + b"\n", False),  # strings and comments
    (b"x = a" + b".b" * 2500 + b"\n", True),  # a 5 KB statement: an attribute chain
    (b"x = [\n" + b"    1,\n" * 300 + b"]\n", False),  # long but plain
    (b"x = " + b"-" * 3000 + b"1\n", True),  # a long unary chain: slow to parse
    (b"def f():\n    return 1\n" * 2000, False),
])
def test_screening(source, risky):
    assert (screen(source).risk() is not None) is risky


def test_screening_locates_the_deepest_line():
    found = screen(b"import keras\n\nx = " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
    assert found.depth == MAX_DEPTH + 1 and found.depth_line == 3
    assert str(found.risk()) == f"brackets nested {MAX_DEPTH + 1} deep (line 3)"
