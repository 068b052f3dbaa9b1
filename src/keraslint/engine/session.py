"""A lint run over many files: settings per file, rule instances reused, results in order.

With workers, files go to a supervised `WorkerPool`: a worker that crashes or overruns costs
only the file it held. Without (few files, `-j 1`, stdin), files are linted in this process,
where `lint_source` guards itself. This is the seam where the cache will go: `_lint_task` is
a pure function of the file's bytes and its settings.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from keraslint.config import ConfigError, Settings, SettingsResolver
from keraslint.engine.discovery import Problem, discover
from keraslint.engine.isolation import Failure, WorkerPool, file_timeout
from keraslint.engine.runner import FileResult, failure_error, lint_source
from keraslint.findings import FileError, Finding
from keraslint.rules import Rule, all_rules
from keraslint.source import Source, UnreadableSource
from keraslint.source import read as read_source


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)  # errors outside any file (missing paths)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    @property
    def all_errors(self) -> list[FileError]:
        return self.errors + [e for r in self.files for e in r.errors]

    def sources(self) -> dict[str, Source]:
        """The sources reporters and the verifier need: those of files with findings, and of
        notebooks with an error in a cell (to locate it in the file)."""
        return {r.path: r.source for r in self.files if r.source is not None and _shown(r)}


class RuleCache:
    """One set of rule instances per distinct (codes, options) selection."""

    def __init__(self) -> None:
        self._cache: dict[tuple, list[Rule]] = {}

    def rules_for(self, settings: Settings, path: Path) -> list[Rule]:
        codes = settings.codes_for(path)
        key = (codes, settings.options)
        if key not in self._cache:
            options = settings.option_values()
            self._cache[key] = [cls(options) for code, cls in all_rules().items() if code in codes]
        return self._cache[key]


def lint_paths(paths: Iterable[Path], resolver: SettingsResolver, *, force_exclude: bool = False,
               display: Optional[callable] = None, jobs: Optional[int] = None) -> RunResult:
    """Lint every discovered file; with `jobs` > 1, files are spread over worker processes.

    Results come back in discovery order whatever the number of workers, so the output is
    the same with 1 or N jobs.
    """
    run = RunResult()
    display = display or str
    tasks: list[tuple[Path, str, Settings]] = []
    for item in discover(list(paths), resolver, force_exclude):
        if isinstance(item, Problem):
            run.errors.append(FileError(display(item.path), item.message, kind=item.kind))
            continue
        try:
            tasks.append((item, display(item), resolver.for_path(item)))
        except ConfigError as error:
            run.errors.append(FileError(display(item), f"not linted: {error}", kind="config-error"))
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(tasks) >= _MIN_FILES_PER_POOL:
        outcomes = WorkerPool(_lint_task, jobs, seconds=_task_seconds).map(tasks)
        run.files.extend(_failed(task, outcome) if isinstance(outcome, Failure) else outcome
                         for task, outcome in zip(tasks, outcomes))
    else:
        run.files.extend(map(_lint_task, tasks))
    return run


_MIN_FILES_PER_POOL = 16  # below this, starting workers costs more than it saves
_WORKER_RULES = RuleCache()  # one per process: rule instances are reused across files


def _lint_task(task: tuple[Path, str, Settings]) -> FileResult:
    path, shown, settings = task
    try:
        source = path.read_bytes()
    except OSError as error:
        return FileResult(shown, errors=[FileError(shown, _read_error(path, error),
                                                   kind="io-error")])
    result = lint_source(source, shown, _WORKER_RULES.rules_for(settings, path))
    if not _shown(result):
        result.source = None  # only findings need their source (code frames, fingerprints)
    return result


def _task_seconds(task: tuple[Path, str, Settings]) -> float:
    """The CPU-time limit for a file, which grows with its size."""
    try:
        size = task[0].stat().st_size
    except OSError:
        size = 0
    return file_timeout(size)


def _read_error(path: Path, error: OSError) -> str:
    """Named as Ruff names them, with the link's target when a symlink is the cause."""
    reason = error.strerror or str(error)
    if path.is_symlink() and error.errno in (errno.ENOENT, errno.ELOOP):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        kind = "dangling" if error.errno == errno.ENOENT else "looping"
        return f"cannot read file: {reason} ({kind} symbolic link to {target})"
    return f"cannot read file: {reason}"


def _shown(result: FileResult) -> bool:
    return bool(result.findings) or any(e.cell is not None for e in result.errors)


def _failed(task: tuple[Path, str, Settings], failure: Failure) -> FileResult:
    """The file a worker died on or overran: its error, located (in its cell, in a notebook)
    when the source tells where."""
    path, shown, _ = task
    try:
        source = read_source(path.read_bytes(), shown)
    except (OSError, UnreadableSource):
        return FileResult(shown, errors=[failure_error(shown, failure, None)])
    error = source.place_error(failure_error(shown, failure, source.program))
    return FileResult(shown, errors=[error], source=source if error.cell is not None else None)


def lint_stdin(source: bytes, filename: Optional[Path], resolver: SettingsResolver, *,
               force_exclude: bool = False, display: Optional[callable] = None) -> RunResult:
    run = RunResult()
    path = filename or Path("-")
    settings = resolver.for_path(path if filename else Path.cwd())
    if force_exclude and filename is not None and settings.is_excluded(path):
        return run
    shown = (display or str)(path) if filename else "-"
    run.files.append(lint_source(source, shown, RuleCache().rules_for(settings, path)))
    return run
