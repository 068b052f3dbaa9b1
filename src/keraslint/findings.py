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

    @property
    def noqa_row(self) -> int:
        """The line a `# noqa` comment must stand on to suppress this finding."""
        return self.start.line

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.code)


@dataclass(frozen=True)
class FileError:
    """A file (or one rule on a file) that could not be linted; always exit code 2."""

    path: str
    message: str
    position: Optional[Position] = None
    kind: str = "error"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def location(self) -> str:
        if self.position is None:
            return self.path
        return f"{self.path}:{self.position.line}:{self.position.column}"
