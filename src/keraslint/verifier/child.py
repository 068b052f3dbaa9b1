"""The verifier's child process: imports TensorFlow once, then runs one job per input line.

Started by `runner.py` as `python -m keraslint.verifier.child`. Protocol: after the import it
writes one `ready` line, then for each `Job` line read from stdin exactly one `Verdict` line.
Protocol lines go to a private duplicate of the original stdout; file descriptor 1 itself is
pointed at /dev/null so that neither the user's prints nor TensorFlow's C++ code can corrupt
the channel. Everything here that imports TensorFlow does so inside functions: this module is
importable (for its constants) by the parent without pulling TensorFlow in.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import importlib.abc
import importlib.util
import io
import json
import math
import os
import re
import sys
import tempfile
import threading
import time
import traceback
import warnings
from typing import Any, Callable, Optional, TextIO

from keraslint.verifier import sandbox
from keraslint.verifier.protocol import VERDICTS, Job, Verdict, inconclusive

# Exit status the memory watchdog uses; the parent reports it as "exceeded the memory limit".
EXIT_MEMORY = 86
# Test hook: "module:function" replacing `experiments.run_experiment` (tests only).
EXPERIMENT_ENV = "KERASLINT_VERIFIER_EXPERIMENT"
SLICE_FILENAME = "<keraslint-slice>"
WATCHDOG_INTERVAL = 0.02  # seconds between RSS samples
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TF_KERAS = "tf_keras"  # legacy Keras 2; aliased to Keras 3 where it is not installed
TF_KERAS_NOTE = ("[tf_keras is not installed here: the slice ran with Keras 3, what tf.keras "
                 "resolves to since TF 2.16, in its place]")


def main() -> None:
    protocol = _claim_stdout()
    jobs, sys.stdin = sys.stdin, io.StringIO()  # a program calling input() must not eat jobs
    # Inside the parent's temporary directory, so a killed child's files go when the run ends.
    home = os.getcwd()
    workdir = tempfile.TemporaryDirectory(prefix="keraslint-verify-", dir=home)
    os.chdir(workdir.name)
    _quiet_environment(workdir.name)
    started = time.perf_counter()
    try:
        # Before TensorFlow and any user code: from here on, nothing writes outside `home`.
        landlock = 0 if os.environ.get(sandbox.FAKE_NONE_ENV) else sandbox.confine(home)
        keras = _import_tensorflow()
        experiment = _experiment()
    except BaseException as error:  # noqa: BLE001 - report any import failure to the parent
        _send(protocol, json.dumps({"ready": False, "error": f"{type(error).__name__}: {error}"}))
        return
    _freeze_heap()
    watchdog = MemoryWatchdog()
    watchdog.start()
    _send(protocol, json.dumps({
        "ready": True, "pid": host_pid(), "cwd": os.getcwd(), "tensorflow_imports": _TF_IMPORTS,
        "landlock": landlock, "namespaces": sandbox.in_namespaces(),
        "import_seconds": round(time.perf_counter() - started, 3),
        "rss_mb": round(resident_mb(), 1),
    }))
    _serve(jobs, protocol, keras, experiment, watchdog, workdir.name)
    os.chdir(os.path.dirname(workdir.name))
    workdir.cleanup()


def _serve(jobs: TextIO, protocol: TextIO, keras: Any, experiment: Callable,
           watchdog: "MemoryWatchdog", root: str) -> None:
    """One verdict line per job line, until the parent closes stdin."""
    for line in jobs:
        if not line.strip():
            continue
        job = Job.from_json(line)
        watchdog.limit_mb = job.memory_mb
        verdict = run_job(job, keras, experiment, root)
        watchdog.limit_mb = None
        _send(protocol, verdict.to_json())


def _claim_stdout() -> TextIO:
    """Keep the real stdout for protocol lines only; anything else writing to fd 1 is dropped."""
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return protocol


def _send(protocol: TextIO, line: str) -> None:
    protocol.write(line + "\n")
    protocol.flush()


def host_pid() -> int:
    """This process's ID as the parent sees it: inside the sandbox's PID namespace getpid() is
    1, but /proc is the host's, so /proc/self names the host's ID."""
    try:
        return int(os.readlink("/proc/self"))
    except (OSError, ValueError):
        return os.getpid()


def _quiet_environment(workdir: str) -> None:
    """TF reads these at import time; Keras writes its config and caches under KERAS_HOME.
    Every other place a library writes by default (home, caches, temporary files) is pointed
    into the work directory, where the sandbox allows writing."""
    for name in ("HOME", "TMPDIR", "TEMP", "TMP", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
                 "MPLCONFIGDIR"):
        os.environ[name] = workdir
    tempfile.tempdir = workdir
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN banner, reproducible numbers
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ["KERAS_HOME"] = os.path.join(workdir, ".keras")
    os.environ.setdefault("MPLBACKEND", "Agg")
    # NumPy's OpenBLAS threads spin while waiting; next to TensorFlow's pools on 2 cores a
    # 64x512 SVD then took 0.35 s instead of 2 ms. The experiments' matrices are small.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import logging

    for name in ("tensorflow", "keras", "absl", "h5py"):
        logging.getLogger(name).setLevel(logging.ERROR)


_TF_IMPORTS = 0


def _import_tensorflow() -> Any:
    global _TF_IMPORTS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
        try:
            import absl.logging

            absl.logging.set_verbosity(absl.logging.ERROR)
        except ImportError:
            pass
        import keras

        keras.utils.disable_interactive_logging()  # no progress bars from fit/evaluate
    _TF_IMPORTS += 1
    _alias_tf_keras()
    _plain_pages()
    return keras


def _plain_pages() -> None:
    """NumPy asks for transparent huge pages on large arrays; with the kernel's `defrag=madvise`
    a fault may then stall on compaction (0.1 s or 1 s for the same 190 MB, at random):
    ordinary pages cost the same every time."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            return
    _set_madvise_hugepage(False)


class _TfKerasAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`import tf_keras` (legacy Keras 2) where it is not installed: Keras 3's modules under
    that name, as `tf.keras` itself resolves since TF 2.16. The verdict says so."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name == TF_KERAS or name.startswith(TF_KERAS + "."):
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec: Any) -> Any:
        return importlib.import_module("keras" + spec.name[len(TF_KERAS):])

    def exec_module(self, module: Any) -> None:
        pass


def _alias_tf_keras() -> None:
    if importlib.util.find_spec(TF_KERAS) is None:
        sys.meta_path.append(_TfKerasAlias())


def _tf_keras_aliased(program: str) -> bool:
    """Did this job's program import tf_keras while the alias stands in for it?"""
    return bool(re.search(rf"^\s*(?:import|from)\s+{TF_KERAS}\b", program, re.MULTILINE)) \
        and any(isinstance(finder, _TfKerasAlias) for finder in sys.meta_path)


def _freeze_heap() -> None:
    """Move TensorFlow's objects out of the collector's reach: `clear_session()` runs a full
    `gc.collect()` per job, which otherwise walks them all (0.2 s a job; ~0 frozen)."""
    import gc

    gc.collect()
    gc.freeze()


def _experiment() -> Callable[[str, dict, dict], Verdict]:
    hook = os.environ.get(EXPERIMENT_ENV)
    if hook:
        module, _, name = hook.partition(":")
        return getattr(importlib.import_module(module), name or "run_experiment")
    from keraslint.verifier.experiments import run_experiment

    return run_experiment


def run_job(job: Job, keras: Any, experiment: Callable, root: str) -> Verdict:
    """Run the slice in a fresh namespace and directory, then the rule's experiment."""
    started = time.perf_counter()
    captured = io.StringIO()
    with tempfile.TemporaryDirectory(dir=root) as jobdir, _inside(jobdir), \
            _redirected(captured), warnings.catch_warnings():
        warnings.simplefilter("always")  # a warning seen by an earlier job must show again
        verdict = _execute(job, keras, experiment)
    if _tf_keras_aliased(job.program):
        verdict.evidence = f"{verdict.evidence} {TF_KERAS_NOTE}"
    verdict.seconds = time.perf_counter() - started
    verdict.id = job.id
    return verdict


def _execute(job: Job, keras: Any, experiment: Callable) -> Verdict:
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)  # after clear_session, which resets Keras' seed generator
    namespace: dict[str, Any] = {"__name__": "__keraslint_slice__", "__builtins__": builtins}
    try:
        # dont_inherit: the user's code runs without this module's `from __future__ import
        # annotations` (postponed annotations break tf.experimental.ExtensionType fields).
        exec(compile(job.program, SLICE_FILENAME, "exec", dont_inherit=True),  # noqa: S102
             namespace)
    except BaseException as error:  # noqa: BLE001 - the user's code may raise anything
        claimed = _claimed_error(job, error)
        if claimed is not None:
            return claimed
        return inconclusive(f"the sliced program raised {_describe(error, job.program)}")
    facts = {**(job.facts or {}), "finding_message": job.message}  # loading.MESSAGE_KEY
    try:
        verdict = experiment(job.code, namespace, facts)
    except BaseException as error:  # noqa: BLE001
        return inconclusive(f"the {job.code} experiment failed: {type(error).__name__}: "
                            f"{_message(error)}")
    if not isinstance(verdict, Verdict):
        return inconclusive(f"the {job.code} experiment returned {type(verdict).__name__}, "
                            "not a Verdict")
    return _plain(verdict, job.code)


def _claimed_error(job: Job, error: BaseException) -> Optional[Verdict]:
    """The slice raised the very error the finding predicts (`facts["confirming_error"]`, a
    pattern over "Type: message"): the program's own construction confirms it."""
    pattern = (job.facts or {}).get("confirming_error")
    text = " ".join(str(error).split())
    match = re.search(pattern, text) if pattern else None
    if match is None:
        return None
    start = max(text.rfind(". ", 0, match.start()) + 2, text.rfind("\x1b[1m", 0, match.start()) + 4,
                0)
    end = text.find(".", match.end())
    sentence = text[start: end + 1 if end >= 0 else len(text)].strip()
    line = _slice_line(error)
    lines = job.program.splitlines()
    where = (f" (line {line} of the slice: `{lines[line - 1].strip()}`)"
             if line is not None and 1 <= line <= len(lines) else "")
    return Verdict(VERDICTS[0], f"running the program up to the model raised "
                   f"{type(error).__name__}: \"{sentence}\"{where}, as the finding says",
                   {"raised": 1.0})


def _plain(verdict: Verdict, code: str) -> Verdict:
    """Plain JSON: an experiment may hand back NumPy or tensor scalars, and NaN (a measured
    NaN loss) is not JSON, so non-finite numbers become null (the evidence text says NaN)."""
    if verdict.verdict not in VERDICTS:
        return inconclusive(f"the {code} experiment returned the verdict {verdict.verdict!r}")
    try:
        measurements = {str(k): _finite(float(v)) for k, v in (verdict.measurements or {}).items()}
    except (TypeError, ValueError) as error:
        return inconclusive(f"the {code} experiment returned a non-numeric measurement: {error}")
    return Verdict(verdict.verdict, str(verdict.evidence), measurements, verdict.seconds)


def _finite(value: float) -> Optional[float]:
    return value if math.isfinite(value) else None


def _describe(error: BaseException, program: str) -> str:
    """`ValueError: msg (line 7 of the slice: `model.fit(x)`)`: where in the slice it failed."""
    text = f"{type(error).__name__}: {_message(error)}"
    line = _slice_line(error)
    if line is None:
        return text
    lines = program.splitlines()
    source = lines[line - 1].strip() if 1 <= line <= len(lines) else ""
    return f"{text} (line {line} of the slice: `{source}`)"


def _slice_line(error: BaseException) -> Optional[int]:
    if isinstance(error, SyntaxError) and error.filename == SLICE_FILENAME:
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SLICE_FILENAME]
    return frames[-1].lineno if frames else None


def _message(error: BaseException, limit: int = 300) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@contextlib.contextmanager
def _inside(directory: str):
    """The job's directory is its working and its temporary directory (`tempfile` files too)."""
    previous, previous_temp = os.getcwd(), tempfile.tempdir
    os.chdir(directory)
    tempfile.tempdir = directory
    try:
        yield
    finally:
        os.chdir(previous)
        tempfile.tempdir = previous_temp


@contextlib.contextmanager
def _redirected(buffer: io.StringIO):
    """The user's prints and warnings land in a buffer, never on the protocol channel."""
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        yield


class MemoryWatchdog(threading.Thread):
    """Ends the process when its resident memory exceeds the current job's limit.

    A thread sampling /proc/self/statm, not RLIMIT_AS: TensorFlow reserves far more address
    space than it touches, so an address-space limit breaks its import. It also ends the
    process when the parent is gone (its end of our stdin closed while a job runs): a killed
    run must not leave the user's code looping here.
    """

    def __init__(self) -> None:
        super().__init__(name="keraslint-memory-watchdog", daemon=True)
        self.limit_mb: Optional[int] = None

    def run(self) -> None:
        import select

        parent = select.poll() if hasattr(select, "poll") else None
        if parent is not None:
            parent.register(0, select.POLLHUP)
        while True:
            limit = self.limit_mb
            if limit is not None and resident_mb() > limit:
                os._exit(EXIT_MEMORY)
            if limit is not None and parent is not None and _hung_up(parent.poll(0)):
                os._exit(0)
            time.sleep(WATCHDOG_INTERVAL)


def _hung_up(events: list) -> bool:
    """The writer of our stdin closed it, and no job is waiting to be read."""
    import select

    return any(mask & select.POLLHUP and not mask & select.POLLIN for _, mask in events)


def resident_mb(pid: object = "self") -> float:
    """Resident memory of a process in MB; 0 where /proc is missing (no limit enforced)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


if __name__ == "__main__":
    main()
