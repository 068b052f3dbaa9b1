"""A lint run over many files: settings per file, rule instances reused, results in order.

This is the seam where workers and the cache will go: `lint_file` is a pure function of the
file's bytes and its settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from keraslint.config import Settings, SettingsResolver
from keraslint.engine.discovery import Missing, discover
from keraslint.engine.runner import FileResult, lint_source
from keraslint.findings import FileError, Finding
from keraslint.rules import Rule, all_rules


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

    def sources(self) -> dict[str, bytes]:
        return {r.path: r.source for r in self.files if r.source is not None and r.findings}


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
               display: Optional[callable] = None) -> RunResult:
    run = RunResult()
    rules = RuleCache()
    display = display or str
    for item in discover(list(paths), resolver, force_exclude):
        if isinstance(item, Missing):
            run.errors.append(FileError(display(item.path), "No such file or directory",
                                        kind="missing"))
            continue
        try:
            source = item.read_bytes()
        except OSError as error:
            run.errors.append(FileError(display(item), f"cannot read file: {error.strerror}",
                                        kind="io-error"))
            continue
        settings = resolver.for_path(item)
        run.files.append(lint_source(source, display(item), rules.rules_for(settings, item)))
    return run


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
