"""Paths as the user named them: a symlink keeps its own name, and a link loop never raises.

`Path.resolve()` follows a file's own symlink (a dangling `a.py -> gone.py` would be shown as
`gone.py`) and raises `RuntimeError` (Python < 3.13) or `OSError` on a loop. Discovery,
configuration and reporting all need "where is this, relative to the project" without either
surprise, so they ask here.
"""

from __future__ import annotations

import os
from pathlib import Path


def resolved(path: Path) -> Path:
    """`path.resolve()`, or the normalised absolute path where a symlink loop stops it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def located(path: Path) -> Path:
    """The absolute path with its directories resolved but its own name kept (a link stays a
    link): the same file gets the same answer whichever way its directory was reached."""
    if path.name in ("", ".", ".."):
        return resolved(path)
    return resolved(path.parent) / path.name


def display(path: Path, cwd: Path) -> str:
    """As Ruff shows paths: relative to the working directory when inside it, else as given."""
    try:
        return located(path).relative_to(resolved(cwd)).as_posix()
    except ValueError:
        return path.as_posix()
