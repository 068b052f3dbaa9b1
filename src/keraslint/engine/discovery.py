"""Which files to lint: Python files and notebooks, directories recursed in sorted order,
excludes applied as Ruff does.

A file named explicitly on the command line is linted even if excluded (the user asked for
it), unless `--force-exclude` is given — which is what pre-commit needs, since it always
passes explicit paths. A named file is linted whatever its suffix (as Ruff does).

Links, as Ruff treats them: a symlinked file is linted under the link's own name; a dangling
or looping file link is yielded so that reading it reports the problem under that name;
symlinked directories met while walking are not followed (so directory loops cannot recurse).
In a walk only regular files are linted: a FIFO named `x.py` would block the read forever.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from keraslint.config import ConfigError, SettingsResolver
from keraslint.paths import resolved

# Jupyter notebooks are found by default, as Ruff >= 0.6 does; `extend-exclude = ["*.ipynb"]`
# leaves them out.
SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass(frozen=True)
class Problem:
    """A path that cannot be linted — missing, an unlistable directory, a broken config that
    governs it — reported (exit 2) while everything else is still linted."""

    path: Path
    message: str
    kind: str


def discover(paths: list[Path], resolver: SettingsResolver,
             force_exclude: bool) -> Iterator[Union[Path, Problem]]:
    seen: set[Path] = set()
    for path in paths:
        if not os.path.lexists(path):
            yield Problem(path, "No such file or directory", "missing")
            continue
        try:
            excluded = force_exclude and resolver.for_path(path).is_excluded(path)
        except ConfigError as error:
            yield _not_linted(path, error)
            continue
        if not path.is_dir():  # a file, or a dangling or looping link: reading it says which
            if not excluded and _first_time(path, seen):
                yield path
            continue
        if excluded and path != Path("."):
            continue
        for found in _walk(path, resolver):
            if isinstance(found, Problem) or _first_time(found, seen):
                yield found


def _not_linted(path: Path, error: ConfigError) -> Problem:
    return Problem(path, f"not linted: {error}", "config-error")


def _first_time(path: Path, seen: set[Path]) -> bool:
    key = resolved(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(directory: Path, resolver: SettingsResolver) -> Iterator[Union[Path, Problem]]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(directory, onerror=errors.append):
        yield from map(_unlistable, errors)
        errors.clear()
        base = Path(root)
        try:
            settings = resolver.for_path(base)
        except ConfigError as error:  # a broken config below the root: skip what it governs
            dirs[:] = []
            yield _not_linted(base, error)
            continue
        dirs[:] = sorted(d for d in dirs if not settings.is_excluded(base / d))
        for name in sorted(files):
            candidate = base / name
            if (name.endswith(SOURCE_SUFFIXES) and _lintable(candidate)
                    and not settings.is_excluded(candidate)):
                yield candidate
    yield from map(_unlistable, errors)


def _unlistable(error: OSError) -> Problem:
    return Problem(Path(error.filename), f"cannot read directory: {error.strerror or error}",
                   "io-error")


def _lintable(path: Path) -> bool:
    """A regular file, or a link that cannot be followed (reported when read)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True
