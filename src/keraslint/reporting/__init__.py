"""Output formats. Each module renders the same findings and rule metadata one way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from keraslint.findings import FileError, Finding


@dataclass
class Report:
    """What every format renders: findings, errors, and the sources for code frames."""

    findings: list[Finding]
    errors: list[FileError]
    sources: dict[str, bytes] = field(default_factory=dict)
    cwd: Path = field(default_factory=Path.cwd)


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
