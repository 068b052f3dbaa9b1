"""Lint work where a crash, a runaway or a memory blow-up costs one file, never the run.

A `WorkerPool` runs one task at a time per worker process and watches each: a worker that
dies (SIGSEGV in LibCST's native parser, an abort when its memory limit is hit) or that
overruns the per-file time limit is ended and replaced, and only the file it was working on
gets a `Failure`; every other file is linted and reported. `concurrent.futures` cannot do
this: one dead worker breaks the whole pool (`BrokenProcessPool`), losing every result.

The time limit is CPU time, enforced by the kernel (RLIMIT_CPU per task in a worker, an
ITIMER_PROF timer in-process): a loaded machine — CI shared by several jobs — makes a file
slower in wall time, not a timeout; and native code (LibCST's parser) is stopped too. It grows
with the file: 60 s plus 60 s per MiB (linear analysis takes ~30 s of CPU per MB), so only
a runaway hits it; `KERASLINT_FILE_TIMEOUT` fixes it instead. A wall-clock backstop (4x the
limit plus 30 s) ends a worker that makes no progress at all (blocked reading a FIFO).

Workers are forked where the platform allows it (a fork costs ~10 ms here, a fresh
interpreter importing LibCST ~150 ms); they ignore Ctrl-C, which the parent handles by ending
them. Each worker's address space is limited to its share of physical memory, so that one
huge or hostile file cannot push the machine into swap or the OOM killer.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Generic, Optional, Sequence, TypeVar, Union

T = TypeVar("T")
R = TypeVar("R")

TIMEOUT_ENV = "KERASLINT_FILE_TIMEOUT"
DEFAULT_TIMEOUT = 60.0  # CPU seconds per file, plus PER_MIB per MiB; ordinary files take < 1
PER_MIB = 60.0
_WALL_FACTOR, _WALL_SLACK = 4.0, 30.0  # the backstop for a worker that uses no CPU at all
_MIN_MEMORY = 2 << 30  # never limit a worker below 2 GiB of address space
_STOP_SECONDS = 1.0
_inside_worker = False  # set in worker processes: work there is isolated already


@dataclass(frozen=True)
class Failure:
    """Why a task produced no result: `crash`, `timeout`, `memory` or `error`."""

    kind: str
    detail: str


def inside_worker() -> bool:
    return _inside_worker


def file_timeout(size: int = 0) -> float:
    """The CPU-time limit for a file of `size` bytes: `KERASLINT_FILE_TIMEOUT` seconds, else
    60 s plus 60 s per MiB."""
    default = DEFAULT_TIMEOUT + PER_MIB * size / 2**20
    value = os.environ.get(TIMEOUT_ENV, "")
    try:
        seconds = float(value) if value else default
    except ValueError:
        return default
    return seconds if seconds > 0 else default


def memory_limit(workers: int) -> Optional[int]:
    """Bytes of address space per worker: an equal share of physical memory, with one share
    left for everything else; None where the platform cannot tell or cannot limit."""
    try:
        import resource  # noqa: F401 - POSIX only

        physical = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, ValueError, OSError, AttributeError):
        return None
    return max(_MIN_MEMORY, physical // (workers + 1))


class WorkerPool(Generic[T, R]):
    """`map` tasks over `jobs` supervised worker processes; results in task order."""

    def __init__(self, work: Callable[[T], R], jobs: int,
                 seconds: Union[None, float, Callable[[T], float]] = None,
                 memory_bytes: Optional[int] = None) -> None:
        """`seconds`: the CPU-time limit per task, or a function of the task (None: the
        default for a file of unknown size)."""
        self.work = work
        self.jobs = max(1, jobs)
        self.seconds = seconds if seconds is not None else file_timeout()
        self.memory_bytes = memory_bytes if memory_bytes is not None else memory_limit(self.jobs)
        self._context = _context()

    def map(self, tasks: Sequence[T]) -> list[Union[R, Failure]]:
        results: list[Union[R, Failure, None]] = [None] * len(tasks)
        pending = deque(range(len(tasks)))
        workers: list[_Worker] = []
        try:
            while pending or any(w.busy for w in workers):
                while pending and len(workers) < min(self.jobs, len(tasks)):
                    self._start(workers)
                for worker in workers:
                    if not worker.busy and pending:
                        index = pending.popleft()
                        worker.give(index, tasks[index], self._seconds(tasks[index]))
                self._collect(workers, results)
        finally:
            for worker in workers:
                worker.stop()
        return results  # type: ignore[return-value]

    def _collect(self, workers: list["_Worker"], results: list) -> None:
        """Wait for a result, a death or the nearest deadline; a worker that died or overran
        is ended and dropped (`map` starts another if files remain)."""
        busy = [w for w in workers if w.busy]
        deadline = min(w.deadline for w in busy)
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=max(0.0, deadline - time.monotonic())))
        for worker in busy:
            if worker.conn in ready:
                try:
                    index, value = worker.conn.recv()
                except (EOFError, OSError):
                    pass  # it died: its pipe closed
                else:
                    results[index] = value
                    worker.index = None
                    continue
            elif worker.process.sentinel not in ready and time.monotonic() < worker.deadline:
                continue
            results[worker.index] = worker.failure(self.memory_bytes)
            worker.stop()
            workers.remove(worker)

    def _seconds(self, task: T) -> float:
        return self.seconds(task) if callable(self.seconds) else self.seconds

    def _start(self, workers: list["_Worker"]) -> None:
        """Start a worker and add it to `workers`, with Ctrl-C held off meanwhile: a worker
        started but not yet in the list would escape the cleanup and keep the run waiting."""
        there, here = self._context.Pipe(duplex=True)
        # Not a daemon: a worker may start its own isolated child (a file CPython rejects gets a
        # short LibCST try). Workers never outlive the run: `map` ends them, and one whose
        # parent died reads the end of its pipe and exits.
        process = self._context.Process(target=_serve,
                                        args=(there, here, self.work, self.memory_bytes),
                                        daemon=False, name="keraslint-worker")
        with _interrupts_held():
            process.start()
            there.close()
            workers.append(_Worker(process, here))


class _Worker:
    def __init__(self, process, conn) -> None:
        self.process = process
        self.conn = conn
        self.index: Optional[int] = None
        self.seconds = 0.0
        self.deadline = float("inf")

    @property
    def busy(self) -> bool:
        return self.index is not None

    def give(self, index: int, task, seconds: float) -> None:
        self.index, self.seconds = index, seconds
        self.deadline = time.monotonic() + _WALL_FACTOR * seconds + _WALL_SLACK
        try:
            self.conn.send((index, task, seconds))
        except (BrokenPipeError, OSError):
            pass  # it died before the task arrived: the sentinel tells

    def failure(self, memory_bytes: Optional[int]) -> Failure:
        # Its pipe closes a moment before it can be reaped: wait for the exit code a little.
        self.process.join(0 if time.monotonic() >= self.deadline else _STOP_SECONDS)
        if self.process.is_alive():  # no CPU used, no answer: blocked; ended by stop()
            wall = _WALL_FACTOR * self.seconds + _WALL_SLACK
            return Failure("timeout", f"made no progress in {wall:g} s (blocked reading it?)")
        code = self.process.exitcode
        if code == -getattr(signal, "SIGXCPU", -1):
            return Failure("timeout", timeout_message(self.seconds))
        if code == -signal.SIGABRT and memory_bytes:
            return Failure("memory", f"ran out of memory (the limit per file is "
                                     f"{memory_bytes / 2**30:.1f} GiB)")
        if code is not None and code < 0:
            return Failure("crash", f"the parser crashed (signal {_signal_name(-code)})")
        return Failure("crash", f"the worker process exited unexpectedly (exit code {code})")

    def stop(self) -> None:
        """An idle worker is asked to leave; a busy one (overrun, interrupted) is killed."""
        if self.process.is_alive() and not self.busy:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self.process.join(_STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _serve(conn, parent_end, work: Callable, memory_bytes: Optional[int]) -> None:
    """A worker: one task in, one `(index, result or Failure)` out, until told to stop (or
    until the parent is gone: with the parent's end closed here, its death reads as EOF)."""
    global _inside_worker
    _inside_worker = True
    if _context().get_start_method() == "fork":
        parent_end.close()  # inherited by the fork; held open, the worker would outlive a killed run
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork
    faulthandler.disable()  # a crash is reported by the parent, in one line, not as a dump
    _limit("RLIMIT_CORE", 0)  # a crash or an overrun is reported, not dumped to disk
    if memory_bytes:
        _limit("RLIMIT_AS", memory_bytes)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, task, seconds = message
        _cpu_limit(seconds)
        try:
            value = work(task)
        except MemoryError:
            value = Failure("memory", "ran out of memory")
        except Exception as error:  # noqa: BLE001 - becomes that file's error
            value = Failure("error", f"{type(error).__name__}: {error}")
        try:
            conn.send((index, value))
        except (BrokenPipeError, OSError):
            return


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the run's process dies, even mid-task
    (SIGKILL of the run, an OOM kill): no orphan keeps a core busy."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def _interrupts_held():
    """Ctrl-C is delivered after the block, not inside it (and a forked child starts with it
    held until it ignores it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _limit(name: str, value: int) -> None:
    try:
        import resource

        resource.setrlimit(getattr(resource, name), (value, value))
    except (ImportError, AttributeError, ValueError, OSError):
        pass


def _cpu_limit(seconds: float) -> None:
    """The kernel sends SIGXCPU, which ends the worker, once this task has used `seconds` of
    CPU time (RLIMIT_CPU counts the whole process: the limit is set from what it used so far)."""
    try:
        import math
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    except (ImportError, ValueError, OSError):
        pass


class Overtime(BaseException):
    """The in-process time limit ran out. A BaseException, so that a rule's own
    `except Exception` (rule-crash isolation) cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise `Overtime` in this process once it has used `seconds` more CPU time, at the next
    Python instruction.

    Native code (LibCST's parser) is not interrupted — the screening keeps in-process files
    to those it parses quickly — but all of the analysis and the rules are. Only in the main
    thread of a POSIX process (ITIMER_PROF); elsewhere a no-op.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGPROF, _overtime)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _overtime(signum, frame) -> None:
    raise Overtime()


def timeout_message(seconds: float) -> str:
    return (f"took more than {seconds:g} s of CPU time, the limit for this file (set "
            f"{TIMEOUT_ENV} to change it)")


def run_isolated(work: Callable[[T], R], task: T, seconds: Optional[float] = None) -> Union[R, Failure]:
    """One task in one supervised worker: for the rare file the in-process path declines."""
    return WorkerPool(work, 1, seconds).map([task])[0]


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)
