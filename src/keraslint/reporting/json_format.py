"""A JSON array with Ruff's field names, so tools that read Ruff's JSON read ours.

As in Ruff, `cell` is the notebook cell (1-based, every cell counted) and `location`,
`end_location` and `noqa_row` are rows in that cell; `cell` is null in a Python file.
"""

from __future__ import annotations

import json
from pathlib import Path

from keraslint.reporting import Report
from keraslint.rules.base import DOCS_URL


def render(report: Report) -> str:
    return json.dumps([as_dict(f, report.cwd) for f in report.findings], indent=2) + "\n"


def as_dict(finding, cwd: Path) -> dict:
    item = {
        "cell": finding.cell,
        "code": finding.code,
        "end_location": {"column": finding.end.column, "row": finding.end.line},
        "filename": str(_absolute(finding.path, cwd)),
        "fix": finding.fix,
        "location": {"column": finding.start.column, "row": finding.start.line},
        "message": finding.message,
        "name": finding.name,
        "noqa_row": finding.noqa_row,
        "url": DOCS_URL.format(code=finding.code),
    }
    if finding.verification is not None:
        item["verification"] = finding.verification
    return item


def _absolute(path: str, cwd: Path) -> Path:
    return Path(path) if path == "-" or Path(path).is_absolute() else cwd / path
