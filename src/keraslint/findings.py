"""The one result type every output format, the cache and the verifier share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column, as editors and Ruff report them."""

    line: int
    column: int


@dataclass
class Finding:
    code: str
    name: str
    message: str
    path: str
    start: Position
    end: Position
    fix: Optional[dict] = None
    verification: Optional[dict] = None
    cell: Optional[int] = None  # a notebook's cell (1-based, all cells counted); then `start`
    # and `end` are lines and columns in that cell, as Jupyter shows them

    @property
    def noqa_row(self) -> int:
        """The line a `# noqa` comment must stand on to suppress this finding (in its cell)."""
        return self.start.line

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.start, self.code)

    def location(self) -> str:
        """`path:row:col`, or `path:cell 3:row:col` in a notebook (Ruff's wording)."""
        return _location(self.path, self.cell, self.start)


@dataclass(frozen=True)
class FileError:
    """A file (or one rule on a file) that could not be linted; always exit code 2."""

    path: str
    message: str
    position: Optional[Position] = None
    kind: str = "error"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    cell: Optional[int] = None  # in a notebook: the cell `position` is in (None: the file's)

    def location(self) -> str:
        return _location(self.path, self.cell, self.position)


def _location(path: str, cell: Optional[int], position: Optional[Position]) -> str:
    parts = [path] + ([f"cell {cell}"] if cell is not None else [])
    if position is not None:
        parts += [str(position.line), str(position.column)]
    return ":".join(parts)
