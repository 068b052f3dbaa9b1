"""The parent side of the verifier: one child process per run, jobs in, verdicts out.

TensorFlow's import costs seconds, so one child (`python -m keraslint.verifier.child`) serves
every job of a run. Jobs go one at a time so that each has its own time limit (the import is
not counted: it has its own, `STARTUP_SECONDS`). Memory is watched by the child and from here
too. A job that
overruns, or a child that dies (memory watchdog, OOM killer, a crash in native code), turns
into an `inconclusive` verdict for that job only; the next job starts a new child, which pays
the import again. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import IO, Iterable, Optional, TextIO

from keraslint.verifier import sandbox
from keraslint.verifier.child import EXIT_MEMORY, resident_mb
from keraslint.verifier.protocol import Job, Verdict, inconclusive

STARTUP_SECONDS = 180.0  # importing TensorFlow cold on a slow CI disk can take a minute
STOP_SECONDS = 5.0
POLL_SECONDS = 0.05  # how often the parent samples the child's memory while it works


class StartupError(Exception):
    """The child could not import TensorFlow: no job of this run can be verified."""


@dataclass
class ChildInfo:
    """What a child reports once TensorFlow is imported (tests and the benchmark read it)."""

    pid: int
    import_seconds: float
    tensorflow_imports: int
    cwd: str
    rss_mb: float  # resident memory right after the import: the floor of any memory limit
    level: sandbox.Level = sandbox.Level(0, False)  # what confines the user's code there


@dataclass
class Runner:
    """Runs jobs in a child process; use as a context manager so the child is always ended."""

    progress: Optional[TextIO] = None  # where to report each job, if anywhere (stderr)
    env: Optional[dict] = None  # extra environment for the child
    startup_seconds: float = STARTUP_SECONDS
    children: list[ChildInfo] = field(default_factory=list)
    _child: Optional["_Child"] = field(default=None, repr=False)
    _home: Optional[tempfile.TemporaryDirectory] = field(default=None, repr=False)

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, jobs: Iterable[Job]) -> list[Verdict]:
        jobs = list(jobs)
        verdicts: list[Verdict] = []
        for number, job in enumerate(jobs, 1):
            self._report(f"verifying {job.code} at {job.path}:{job.line} ({number}/{len(jobs)})")
            try:
                verdict = self.run_one(job)
            except StartupError as error:
                reason = f"TensorFlow could not be started for verification: {error}"
                verdicts += [_tagged(inconclusive(reason), j) for j in jobs[number - 1:]]
                self._report(reason)
                break
            self._report(f"  {verdict.verdict} ({verdict.seconds:.2f} s)")
            verdicts.append(verdict)
        return verdicts

    def run_one(self, job: Job) -> Verdict:
        """One verdict for one job; raises StartupError only when no child can start."""
        child = self._ensure_child()
        level = self.children[-1].level
        refused = _refusal(job, level)
        if refused is not None:
            return _tagged(refused, job)
        started = time.perf_counter()
        child.send(job.to_json())
        message = child.receive(job.seconds, job.memory_mb)
        elapsed = time.perf_counter() - started
        if isinstance(message, dict):
            return _tagged(Verdict(**message), job)
        self._child = None
        if message in (_TIMEOUT, _MEMORY, _GARBLED):
            child.kill()
            reason = {_TIMEOUT: _timeout_reason(job),
                      _MEMORY: _memory_reason(job),
                      _GARBLED: "the verifier process wrote an unreadable reply"}[message]
            return _tagged(inconclusive(reason, elapsed), job)
        reason = _death(child.wait(), child, job)
        child.kill()  # whatever it left running goes with it
        return _tagged(inconclusive(reason, elapsed), job)

    @property
    def level(self) -> Optional[sandbox.Level]:
        """How the latest child confines user code (None before any child started)."""
        return self.children[-1].level if self.children else None

    def close(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None
        if self._home is not None:
            self._home.cleanup()
            self._home = None

    def _ensure_child(self) -> "_Child":
        if self._child is None:
            if self._home is None:
                self._home = tempfile.TemporaryDirectory(prefix="keraslint-verifier-")
            self._report("starting TensorFlow for verification...")
            child = _Child.start(self._home.name, self.env)
            self.children.append(child.handshake(self.startup_seconds))
            self._child = child
        return self._child

    def _report(self, text: str) -> None:
        if self.progress is not None:
            print(f"keraslint: {text}", file=self.progress, flush=True)


_TIMEOUT, _MEMORY, _EOF, _GARBLED = object(), object(), object(), object()


class _Child:
    """One child process and a thread that turns its protocol lines into a queue."""

    def __init__(self, process: subprocess.Popen, stderr: IO[bytes]) -> None:
        self.process = process
        self.pid = process.pid  # the Python child's own (host) ID, once it has said it
        self.stderr = stderr
        self.stderr_mark = 0
        self.lines: "queue.Queue[object]" = queue.Queue()
        threading.Thread(target=self._read, name="keraslint-verifier-reader", daemon=True).start()

    @classmethod
    def start(cls, home: str, env: Optional[dict]) -> "_Child":
        stderr = tempfile.TemporaryFile()  # a file, not a pipe: TF can log a lot; never blocks
        environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
        command = [sys.executable, "-m", "keraslint.verifier.child"]
        if not environment.get(sandbox.FAKE_NONE_ENV):
            command = sandbox.wrap(command)  # network and PID namespaces, where available
        process = subprocess.Popen(
            command, cwd=home, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=stderr, text=True, encoding="utf-8", bufsize=1,
            start_new_session=True,  # its own process group: ended whole, spared the user's ^C
        )
        return cls(process, stderr)

    def handshake(self, seconds: float) -> ChildInfo:
        message = self.receive(seconds)
        if isinstance(message, dict) and message.get("ready"):
            self.pid = message["pid"]
            return ChildInfo(message["pid"], message["import_seconds"],
                             message["tensorflow_imports"], message["cwd"], message["rss_mb"],
                             sandbox.Level(message.get("landlock", 0),
                                           bool(message.get("namespaces"))))
        if message is _TIMEOUT or message is _GARBLED:
            self.kill()
            raise StartupError(f"importing TensorFlow took more than {_number(seconds)} s"
                               if message is _TIMEOUT else "unreadable reply from the child")
        if isinstance(message, dict):
            self.stop()
            raise StartupError(message.get("error", "unknown error"))
        reason = _death(self.wait(), self, None)
        self.kill()
        raise StartupError(reason)

    def send(self, line: str) -> None:
        self.stderr_mark = os.fstat(self.stderr.fileno()).st_size  # this job's output starts here
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the child died; receive() sees the end of its output

    def receive(self, seconds: float, memory_mb: Optional[int] = None) -> object:
        """The next protocol message, or `_TIMEOUT`, `_MEMORY`, `_GARBLED`, `_EOF` (child died).

        Memory is also watched from here: the child's own watchdog thread needs the GIL, which
        one long C call (`b"x" * n`, a NumPy fill) can hold for seconds.
        """
        deadline = time.monotonic() + seconds
        while True:
            try:
                wait = min(POLL_SECONDS, max(0.0, deadline - time.monotonic()))
                line = self.lines.get(timeout=wait)
            except queue.Empty:
                if memory_mb is not None and resident_mb(self.pid) > memory_mb:
                    return _MEMORY
                if time.monotonic() >= deadline:
                    return _TIMEOUT
                continue
            return line if line is _EOF else _decode(line)

    def kill(self) -> None:
        """End the child and everything it started (its process group; with namespaces, its
        whole PID namespace goes with it)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.process.poll() is None:
            self.process.kill()
        self.wait()
        if not self.stderr.closed:
            self.stderr.close()

    def wait(self) -> int:
        """Reap the child; its stdout is closed by the reader thread, which owns it."""
        code = self.process.wait()
        try:
            self.process.stdin.close()
        except OSError:
            pass
        return code

    def stop(self) -> None:
        """End of run: closing stdin ends the child's job loop; kill it if it lingers."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        self.kill()  # also whatever the user's code left running

    def last_stderr_line(self) -> str:
        """The last line the child (or what it spawned) wrote to stderr during this job."""
        self.stderr.seek(self.stderr_mark)
        lines = [l for l in self.stderr.read().decode("utf-8", "replace").splitlines() if l.strip()]
        return lines[-1].strip() if lines else ""

    def _read(self) -> None:
        try:
            for line in self.process.stdout:
                if line.strip():
                    self.lines.put(line)
        except (OSError, ValueError):
            pass  # an unreadable stream ends like a dead child
        finally:
            self.process.stdout.close()
            self.lines.put(_EOF)


def _decode(line: str) -> object:
    """A protocol message; a garbled line means the channel is lost, as if the child died."""
    try:
        message = json.loads(line)
    except ValueError:
        return _GARBLED
    return message if isinstance(message, dict) else _GARBLED


def _death(code: int, child: _Child, job: Optional[Job]) -> str:
    """Why the child ended, in the words a user can act on."""
    if code == EXIT_MEMORY and job is not None:
        return _memory_reason(job)
    if code == -signal.SIGKILL:
        return "the verifier process was killed (SIGKILL; out of memory?)"
    if code < 0:
        return f"the verifier process died of signal {_signal_name(-code)}"
    detail = child.last_stderr_line()
    return (f"the verifier process exited unexpectedly (exit code {code})"
            + (f": {detail}" if detail else ""))


def _timeout_reason(job: Job) -> str:
    return (f"timed out after {_number(job.seconds)} s (raise --verify-timeout to give it "
            "longer)")


def _refusal(job: Job, level: sandbox.Level) -> Optional[Verdict]:
    """Without a kernel sandbox, a slice that names absolute paths is not run at all."""
    if level.enforced:
        return None
    paths = sandbox.absolute_paths(job.program)
    if not paths:
        return None
    shown = ", ".join(f"`{p}`" for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
    return inconclusive(f"not run: the slice names absolute paths ({shown}) and this system "
                        "offers no sandbox (Landlock) to keep the code from writing there")


def _memory_reason(job: Job) -> str:
    return f"exceeded the memory limit of {job.memory_mb} MB"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _tagged(verdict: Verdict, job: Job) -> Verdict:
    verdict.id = job.id
    return verdict


def _number(value: float) -> str:
    return f"{value:g}"
