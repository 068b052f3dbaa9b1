"""Which files to lint: Python files and notebooks, directories recursed in sorted order,
excludes applied as Ruff does.

A file named explicitly on the command line is linted even if excluded (the user asked for
it), unless `--force-exclude` is given — which is what pre-commit needs, since it always
passes explicit paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from keraslint.config import SettingsResolver

# Jupyter notebooks are found by default, as Ruff >= 0.6 does; `extend-exclude = ["*.ipynb"]`
# leaves them out.
SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@dataclass(frozen=True)
class Missing:
    path: Path


def discover(paths: list[Path], resolver: SettingsResolver, force_exclude: bool) -> Iterator[Union[Path, Missing]]:
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            yield Missing(path)
            continue
        if path.is_file():
            if force_exclude and resolver.for_path(path).is_excluded(path):
                continue
            if path.resolve() not in seen:
                seen.add(path.resolve())
                yield path
            continue
        if force_exclude and resolver.for_path(path).is_excluded(path) and path != Path("."):
            continue
        for found in _walk(path, resolver):
            if found.resolve() not in seen:
                seen.add(found.resolve())
                yield found


def _walk(directory: Path, resolver: SettingsResolver) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        base = Path(root)
        settings = resolver.for_path(base)
        dirs[:] = sorted(d for d in dirs if not settings.is_excluded(base / d))
        for name in sorted(files):
            candidate = base / name
            if name.endswith(SOURCE_SUFFIXES) and not settings.is_excluded(candidate):
                yield candidate
