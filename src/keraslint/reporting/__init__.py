"""Output formats. Each module renders the same findings and rule metadata one way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from keraslint.findings import FileError, Finding, Position
from keraslint.source import Source


@dataclass
class Report:
    """What every format renders: findings, errors, and the sources for code frames."""

    findings: list[Finding]
    errors: list[FileError]
    sources: dict[str, Source] = field(default_factory=dict)
    cwd: Path = field(default_factory=Path.cwd)

    def lines(self, path: str, cell: Optional[int]) -> list[str]:
        """The lines a user sees around a position: a notebook cell's, or the file's."""
        source = self.sources.get(path)
        return source.lines(cell) if source is not None else []

    def in_file(self, path: str, cell: Optional[int], position: Position) -> Optional[Position]:
        """A position in the file as stored, for formats whose readers open the file itself
        (SARIF, GitHub): a notebook cell's position is where the JSON file writes it."""
        if cell is None:
            return position
        source = self.sources.get(path)
        return source.file_position(cell, position) if source is not None else None


def formatters() -> dict[str, Callable[[Report], str]]:
    from keraslint.reporting import concise, full, github, json_format, sarif

    return {
        "full": full.render,
        "concise": concise.render,
        "json": json_format.render,
        "sarif": sarif.render,
        "github": github.render,
    }


FORMATS = ("full", "concise", "json", "sarif", "github")
